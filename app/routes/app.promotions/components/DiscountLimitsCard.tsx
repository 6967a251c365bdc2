import { Link as RemixLink } from "@remix-run/react";
import { BlockStack, Box, Card, DataTable, Text } from "@shopify/polaris";

import { formatPercent, type MoneyFormat } from "~/components/format";
import type { PromotionsView } from "~/services/promotions.server";

/** Each product's deepest discount before it loses money, and before it falls under the thin-margin target. */
export function DiscountLimitsCard(props: { view: Pick<PromotionsView, "products" | "thinPercent">; locale: string; money: MoneyFormat; pct: (basisPoints: number) => string }) {
  const { view, locale, money, pct } = props;
  const limit = (m: PromotionsView["products"][number]["zero"]) => (m.kind === "max" ? pct(m.basisPoints) : "Don't discount");
  return (
    <Card padding="0">
      <Box padding="400">
        <BlockStack gap="100">
          <Text as="h2" variant="headingMd">
            Deepest discount per product
          </Text>
          <Text as="p" tone="subdued">
            From each product&apos;s last 12 months (list price and cost per unit sold, its shipping, packaging and labour per unit). Payment fees and provisions shrink with
            the price. Best sellers first.
          </Text>
        </BlockStack>
      </Box>
      <DataTable
        columnContentTypes={["text", "numeric", "numeric", "numeric", "numeric", "numeric", "numeric", "numeric"]}
        headings={["Product", "Units", "List price", "Unit price (after discounts)", "Unit cost", "Margin per unit", "Max discount (break-even)", `Max discount (${formatPercent(view.thinPercent, locale)} margin)`]}
        rows={view.products.map((p) => [
          <RemixLink key={p.productId} to={`/app/products/${p.productId.split("/").pop()}`}>
            {p.title}
          </RemixLink>,
          p.units.toLocaleString(locale),
          money(p.price),
          money(p.unitPrice),
          money(p.unitCost),
          money(p.marginPerUnit),
          limit(p.zero),
          limit(p.thin),
        ])}
      />
    </Card>
  );
}
