import { Text } from "@shopify/polaris";

import { formatWeight, gatewayName, isTestGateway, type MoneyFormat } from "~/components/format";
import { WaterfallCard } from "~/components/WaterfallCard";
import type { OrderMargin, WaterfallStep } from "~/domain/margin";

const STEP_LABELS: Record<string, string> = {
  netRevenue: "Net revenue",
  costOfGoods: "Cost of goods",
  shipping: "Shipping paid to carriers",
  packaging: "Packaging",
  labour: "Pick-and-pack labour",
  paymentFees: "Payment fees",
  fixedCosts: "Fixed costs (share of the month)",
  stockCarrying: "Stock carrying (share of the month)",
  provisions: "Provisions (returns, fraud, spoilage)",
  netMargin: "Net margin",
};

/** Where the carrier cost came from, in words. */
function shippingSource(shipping: OrderMargin["steps"]["shipping"]): string {
  return shipping.source === "import"
    ? "actual cost from your shipping-cost import"
    : shipping.source === "rule"
      ? `shipping rule "${shipping.rule}"`
      : shipping.source === "default"
        ? "default shipping cost (no rule matched)"
        : shipping.source === "not-shipped"
          ? "none (nothing was shipped)"
          : "no parcel (nothing to ship)";
}

/** The order's cost steps with the running total, then where shipping, payment fees and fixed costs came from. */
export function OrderWaterfall(props: { margin: Pick<OrderMargin, "steps">; steps: readonly WaterfallStep[]; parcelWeightNote: string | null; money: MoneyFormat; locale: string }) {
  const { money, parcelWeightNote } = props;
  const { shipping, paymentFees, fixedCosts } = props.margin.steps;
  // Gateways by their admin names; Shopify's test gateway is not a way customers pay.
  const gateways = [...new Set(paymentFees.transactions.filter((t) => t.gateway !== null && !isTestGateway(t.gateway)).map((t) => gatewayName(t.gateway)))];
  const stepRows = props.steps.map((s) => [STEP_LABELS[s.step] ?? s.step, money(s.amount), money(s.running)] as const);
  return (
    <WaterfallCard columns={["Amount", "Running total"]} rows={stepRows}>
      <Text as="p" tone="subdued">
        Shipping: {shippingSource(shipping)}
        {shipping.parcelWeightGrams !== null && shipping.source !== "not-shipped" ? `, parcel ${formatWeight(shipping.parcelWeightGrams, props.locale)}${shipping.weight?.source === "estimated" ? " (estimated)" : ""}` : ""}. Payment fees:{" "}
        {money(paymentFees.actual)} actual (Shopify Payments), {money(paymentFees.estimated)} estimated from your gateway settings
        {gateways.length > 0 ? `; paid through ${gateways.join(", ")}` : ""}.
        {fixedCosts.allocated ? "" : " No fixed costs allocated to this order."}
      </Text>
      {parcelWeightNote ? (
        // An estimate is information; an unknown weight is worth fixing in Shopify.
        <Text as="p" tone={shipping.weight?.source === "estimated" ? "subdued" : "caution"}>
          {parcelWeightNote}
        </Text>
      ) : null}
    </WaterfallCard>
  );
}
