import { Link as RemixLink } from "@remix-run/react";
import { BlockStack, Card, DataTable, Text } from "@shopify/polaris";

import { legacyId } from "~/components/admin-links";
import { COST_MISSING_LABEL, formatPercent, type MoneyFormat } from "~/components/format";
import type { OrderMargin } from "~/domain/margin";

/** The result per line, with the order's totals; gift cards listed but kept apart. */
export function OrderLinesCard(props: {
  margin: Pick<OrderMargin, "lines" | "netRevenue" | "costs" | "totalCosts" | "netMargin">;
  /** The order's margin %, formatted. */
  pct: string;
  /** When the stored margin was computed, formatted; null when none is stored. */
  storedAt: string | null;
  money: MoneyFormat;
  locale: string;
}) {
  const { margin: m, pct, storedAt, money, locale } = props;
  const lineRows = m.lines.map((l) =>
    l.costOfGoodsStatus.status === "gift-card"
      ? [`${l.title} (gift card, kept apart)`, String(l.units), money(l.netRevenue), "—", "—", "—", "—"]
      : [
          // Each line leads to its product's page in NetMargin (issue 17, item 4); a custom item has none.
          legacyId(l.productId) ? (
            <RemixLink key={l.lineId} to={`/app/products/${legacyId(l.productId)}`}>
              {l.title}
            </RemixLink>
          ) : (
            l.title
          ),
          String(l.units),
          money(l.netRevenue),
          l.costOfGoodsStatus.status === "missing" ? COST_MISSING_LABEL : money(l.costs.costOfGoods),
          money(l.totalCosts - l.costs.costOfGoods),
          money(l.netMargin),
          l.marginPct.kind === "percent" ? formatPercent(l.marginPct.value, locale) : "—",
        ],
  );
  return (
    <Card>
      <BlockStack gap="200">
        <Text as="h2" variant="headingMd">
          Per line
        </Text>
        <DataTable
          columnContentTypes={["text", "numeric", "numeric", "numeric", "numeric", "numeric", "numeric"]}
          headings={["Line", "Units kept", "Net revenue", "Cost of goods", "Other costs", "Net margin", "Margin %"]}
          rows={lineRows}
          totals={["", "", money(m.netRevenue), money(m.costs.costOfGoods), money(m.totalCosts - m.costs.costOfGoods), money(m.netMargin), pct]}
          showTotalsInFooter
        />
        <Text as="p" tone="subdued">
          Line margins add up exactly to the order&apos;s.{storedAt ? ` Stored margin computed ${storedAt}.` : ""}
        </Text>
      </BlockStack>
    </Card>
  );
}
