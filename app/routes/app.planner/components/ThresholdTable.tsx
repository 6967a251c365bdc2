import { BlockStack, Card, DataTable, Text } from "@shopify/polaris";

import type { MoneyFormat } from "~/components/format";
import type { PlannerView } from "~/services/planner.server";

/** The replay at the recommended threshold and at the one on the store, with the basis it compares against. */
export function ThresholdTable(props: {
  view: Pick<PlannerView, "atRecommended" | "atCurrent" | "curve" | "pricesIncludeTax" | "typicalItem">;
  upliftPercent: number;
  money: MoneyFormat;
  pct: (basisPoints: number) => string;
}) {
  const { view, upliftPercent, money, pct } = props;
  const rec = view.atRecommended;
  const cur = view.atCurrent;
  const basis = view.pricesIncludeTax ? "tax included, shipping excluded, after discounts" : "before tax, shipping excluded, after discounts";
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          What changes at each threshold
        </Text>
        <DataTable
          columnContentTypes={["text", "numeric", "numeric", "numeric", "numeric", "numeric"]}
          headings={["Threshold", "Orders qualifying", "Shipping revenue given up", "Net margin change", "With uplift", "Per order"]}
          rows={[
            ...(rec ? [[`${money(rec.threshold)} (recommended)`, pct(rec.withoutUplift.qualifyingShareBp), money(rec.withoutUplift.shippingRevenueLost), money(rec.withoutUplift.netMarginChange), money(rec.withUplift.netMarginChange), money(rec.withoutUplift.netMarginChangePerOrder)]] : []),
            ...(cur && cur.threshold !== rec?.threshold ? [[`${money(cur.threshold)} (on your store)`, pct(cur.withoutUplift.qualifyingShareBp), money(cur.withoutUplift.shippingRevenueLost), money(cur.withoutUplift.netMarginChange), money(cur.withUplift.netMarginChange), money(cur.withoutUplift.netMarginChangePerOrder)]] : []),
          ]}
        />
        {rec && rec.newLossMakers.length > 0 ? (
          <Text as="p" tone="subdued">
            At {money(rec.threshold)}, {view.curve.find((p) => p.threshold === rec.threshold)?.newLossMakers ?? rec.newLossMakers.length} profitable orders would have lost money, for example{" "}
            {rec.newLossMakers.slice(0, 5).join(", ")}.
          </Text>
        ) : null}
        <Text as="p" tone="subdued">
          Basket value: the cart subtotal, {basis}. NetMargin assumes Shopify compares both a discount&apos;s minimum order value and a shipping rate&apos;s
          minimum order price with this amount: Shopify&apos;s documentation does not say whether discounts and taxes count, so check one order near your threshold.{" "}
          {view.typicalItem
            ? `Uplift: ${pct(upliftPercent * 100)} of the orders short of the threshold by at most ${money(view.typicalItem.basketPrice)} add one “${view.typicalItem.title}”, your typical item by margin (${money(view.typicalItem.marginalMargin)} more margin each).`
            : "Uplift: no item sold in the period, so it is left out."}
        </Text>
      </BlockStack>
    </Card>
  );
}
