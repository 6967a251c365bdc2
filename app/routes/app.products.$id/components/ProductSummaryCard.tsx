import { Badge, BlockStack, Card, InlineStack, Text, Tooltip } from "@shopify/polaris";

import { FLAG_LABELS, FLAG_TONE, flagTooltip } from "~/components/flags";
import { COST_MISSING_LABEL, costMissingTooltip, formatPercent, type FlagThresholds, type MoneyFormat } from "~/components/format";
import type { ProductMargin } from "~/domain/products";

/** The product's net margin over the range, what it was earned on, and its flags with their reasons. */
export function ProductSummaryCard({
  product: p,
  costMissing,
  money,
  locale,
  thresholds,
}: {
  product: ProductMargin;
  /** No unit sold has a cost: "Cost missing" replaces the flags, which would blame shipping alone. */
  costMissing: { units: number; variants: number } | null;
  money: MoneyFormat;
  locale: string;
  thresholds: FlagThresholds;
}) {
  return (
    <Card>
      <BlockStack gap="200">
        {costMissing ? (
          // No unit sold has a cost: the margin is unknown, not the loss its shipping alone would show (issue 17, item 5).
          <InlineStack gap="300" blockAlign="center">
            <Text as="h2" variant="headingLg">
              {COST_MISSING_LABEL}
            </Text>
            <Text as="span" tone="subdued">
              {`${unitsSold(costMissing.units, locale)} in ${ordersCount(p.orders, locale)}, margin unknown`}
            </Text>
          </InlineStack>
        ) : (
          <InlineStack gap="300" blockAlign="center">
            <Text as="h2" variant="headingLg" tone={p.netMargin < 0 ? "critical" : undefined}>
              {money(p.netMargin)}
            </Text>
            <Text as="span" tone="subdued">
              net margin on {unitsSold(p.units, locale)} in {ordersCount(p.orders, locale)}
              {p.marginPct.kind === "percent" ? `, ${formatPercent(p.marginPct.value, locale)} of net revenue` : ""}
              {p.missingCost.units > 0 ? ` (${p.missingCost.units.toLocaleString(locale)} more without a unit cost left out)` : ""}
            </Text>
          </InlineStack>
        )}
        {costMissing && (
          <Text as="p">
            <Tooltip content={costMissingTooltip(costMissing.variants)}>
              <Badge tone="attention">{COST_MISSING_LABEL}</Badge>
            </Tooltip>{" "}
            {`${costMissing.units === 1 ? "The unit sold has" : `The ${costMissing.units.toLocaleString(locale)} units sold have`} no unit cost, so the margin cannot be known yet. ${costMissingTooltip(costMissing.variants)}`}
          </Text>
        )}
        {(costMissing ? [] : p.flags).map((f) => (
          <Text as="p" key={f.code}>
            <Tooltip content={flagTooltip(f.code, thresholds, locale)}>
              <Badge tone={FLAG_TONE[f.code]}>{FLAG_LABELS[f.code]}</Badge>
            </Tooltip>{" "}
            {f.reason}
          </Text>
        ))}
      </BlockStack>
    </Card>
  );
}

/** "1 unit sold", "80 units sold": one wording for units on every line of the page. */
export function unitsSold(units: number, locale = "en"): string {
  return units === 1 ? "1 unit sold" : `${units.toLocaleString(locale)} units sold`;
}

function ordersCount(orders: number, locale: string): string {
  return orders === 1 ? "1 order" : `${orders.toLocaleString(locale)} orders`;
}
