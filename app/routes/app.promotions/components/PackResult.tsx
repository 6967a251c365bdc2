import { Badge, BlockStack, DataTable, Text } from "@shopify/polaris";

import { countryName, formatWeight, type MoneyFormat } from "~/components/format";
import type { PromotionsView } from "~/services/promotions.server";

/** The simulated pack in a sentence, then step by step beside the same units at list price. */
export function PackResult(props: { pack: NonNullable<PromotionsView["pack"]>; locale: string; money: MoneyFormat; pct: (basisPoints: number) => string }) {
  const { pack, locale, money, pct } = props;
  const stepRows = [
    ["Net revenue (merchandise + shipping charged)", pack.reference.netRevenue, pack.offer.netRevenue],
    ["Cost of goods", -pack.reference.costs.costOfGoods, -pack.offer.costs.costOfGoods],
    ["Shipping paid", -pack.reference.costs.shipping, -pack.offer.costs.shipping],
    ["Packaging", -pack.reference.costs.packaging, -pack.offer.costs.packaging],
    ["Labour", -pack.reference.costs.labour, -pack.offer.costs.labour],
    ["Payment fees", -pack.reference.costs.paymentFees, -pack.offer.costs.paymentFees],
    ["Provisions", -pack.reference.costs.provisions, -pack.offer.costs.provisions],
    ["Net margin", pack.reference.netMargin, pack.offer.netMargin],
    ["Net margin per unit", pack.reference.netMarginPerUnit, pack.offer.netMarginPerUnit],
  ] as const;
  return (
    <BlockStack gap="200">
      <Text as="p">
        <strong>{pack.title}</strong>, {pack.offer.label}: net margin <strong>{money(pack.offer.netMargin)}</strong> for the pack (
        {pack.offer.marginPct.kind === "percent" ? pct(pack.offer.marginPct.basisPoints) : "no margin %"}), against {money(pack.reference.netMargin)} for{" "}
        {pack.reference.units} at list price. One parcel to {pack.country ? countryName(pack.country, locale) : "an unknown country"}
        {pack.offer.parcelWeightGrams !== null ? ` of ${formatWeight(pack.offer.parcelWeightGrams, locale)}` : " (weight unknown)"}, shipping rule:{" "}
        {pack.offer.shippingRule ?? "default cost"}.
      </Text>
      {pack.offer.netMargin < 0 ? <Badge tone="critical">This offer loses money</Badge> : null}
      <DataTable
        columnContentTypes={["text", "numeric", "numeric"]}
        headings={["", `${pack.reference.units} at list price`, pack.offer.label]}
        rows={stepRows.map(([label, a, b]) => [label, money(a), money(b)])}
      />
    </BlockStack>
  );
}
