import { BlockStack, Card, Text } from "@shopify/polaris";

import type { MoneyFormat } from "~/components/format";
import type { CandidateRole, PlannerView } from "~/services/planner.server";

import { PlannerTable } from "./PlannerTable";

const ROLE_WORDS: Readonly<Record<CandidateRole, string>> = {
  recommended: "recommended",
  today: "on your store today",
  "break-even": "break-even",
};

/**
 * Several candidate thresholds (around the recommended one, with today's and the
 * break-even) and what each changes over a year, then the basis the replay compares
 * against and the uplift's typical add-on item.
 */
export function ThresholdTable(props: {
  view: Pick<PlannerView, "atRecommended" | "curve" | "pricesIncludeTax" | "typicalItem" | "candidates">;
  upliftPercent: number;
  months: number;
  locale: string;
  money: MoneyFormat;
  pct: (basisPoints: number) => string;
}) {
  const { view, upliftPercent, months, locale, money, pct } = props;
  const rec = view.atRecommended;
  const basis = view.pricesIncludeTax ? "tax included, shipping excluded, after discounts" : "before tax, shipping excluded, after discounts";
  return (
    <Card>
      <BlockStack gap="300">
        <BlockStack gap="100">
          <Text as="h2" variant="headingMd">
            What each threshold would change in a year
          </Text>
          <Text as="p" tone="subdued">
            {months === 12 ? "Your last 12 months of orders" : `Your last ${months} months of orders, scaled to a year`}, replayed with free shipping from each amount.
          </Text>
        </BlockStack>
        <PlannerTable
          label="Thresholds"
          columnContentTypes={["text", "numeric", "numeric", "numeric", "numeric", "numeric"]}
          headings={["Free shipping from", "Orders qualifying", "Shipping you pay a year", "Net margin a year", "With uplift", "Orders turning to a loss"]}
          rows={view.candidates.map((c) => [
            `${money(c.threshold)}${c.roles.length > 0 ? ` (${c.roles.map((r) => ROLE_WORDS[r]).join(", ")})` : ""}`,
            pct(c.qualifyingShareBp),
            money(c.shippingPaidPerYear),
            money(c.netMarginChangePerYear),
            money(c.withUpliftPerYear),
            c.newLossMakers.toLocaleString(locale),
          ])}
        />
        {rec && rec.newLossMakers.length > 0 ? (
          <Text as="p" tone="subdued">
            At {money(rec.threshold)}, {view.curve.find((p) => p.threshold === rec.threshold)?.newLossMakers ?? rec.newLossMakers.length} profitable orders would have lost money,
            for example {rec.newLossMakers.slice(0, 5).join(", ")}.
          </Text>
        ) : null}
        <Text as="p" tone="subdued">
          Basket value: the cart subtotal, {basis}. NetMargin assumes Shopify compares both a discount&apos;s minimum order value and a shipping rate&apos;s minimum order price
          with this amount: Shopify&apos;s documentation does not say whether discounts and taxes count, so check one order near your threshold.{" "}
          {view.typicalItem
            ? `Uplift: ${pct(upliftPercent * 100)} of the orders short of the threshold by at most ${money(view.typicalItem.basketPrice)} add one “${
                view.typicalItem.title
              }”, your typical item by margin among the products that make money (${money(view.typicalItem.marginalMargin)} more margin each).`
            : "Uplift: no product that makes money sold in the period, so it is left out."}
        </Text>
      </BlockStack>
    </Card>
  );
}
