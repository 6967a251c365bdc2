import type { MoneyFormat } from "~/components/format";
import { WaterfallCard } from "~/components/WaterfallCard";
import type { ProductMargin } from "~/domain/products";

/** The product's cost steps, per unit and over the range. */
export function ProductWaterfall({ product: p, money }: { product: ProductMargin; money: MoneyFormat }) {
  const perUnit = (n: number) => (p.units > 0 ? money(Math.round(n / p.units)) : "—");
  const steps: [string, number][] = [
    // Shipping charged is in net revenue; the unit price (ProfitabilityCard, Promotions, planner) leaves it out.
    ["Net revenue (with shipping charged)", p.netRevenue],
    ["Cost of goods", -p.costs.costOfGoods],
    ["Shipping", -p.costs.shipping],
    ["Packaging", -p.costs.packaging],
    ["Labour", -p.costs.labour],
    ["Payment fees", -p.costs.paymentFees],
    ["Fixed costs", -p.costs.fixedCosts],
    ["Stock carrying", -p.costs.stockCarrying],
    ["Provisions", -(p.costs.provisions.returns + p.costs.provisions.fraud + p.costs.provisions.spoilage)],
    ["Net margin", p.netMargin],
  ];
  return <WaterfallCard columns={["Per unit", "In the range"]} rows={steps.map(([label, amount]) => [label, perUnit(amount), money(amount)] as const)} />;
}
