/**
 * "Fix these first" (issue 17, item 1): each item's cause and its one action. Expected
 * numbers worked out by hand in the comments (minor units: 100 = €1.00).
 */
import { describe, expect, it } from "vitest";

import { breakEvenDiscountBp, fixTheseFirst, gatewayFix, missingCostsFix, productFix, shippingOrdersFix, stockFixes, variablePercentOf, type StockFixInput } from "../../app/domain/fix-actions";
import { ZERO_COSTS, type CostAmounts, type ProductMargin } from "../../app/domain/index";
import { settings } from "./helpers";

// Default gateway 1.4 % + €0.25; provisions: returns 2 %. Fees and provisions: 3.4 % of revenue.
const s = settings({ paymentFees: { default: { percent: 1.4, fixed: "0.25" } }, provisions: { returnsPercent: 2 } }, "EUR");

function product(over: {
  id: string;
  units: number;
  merchandise: number;
  shippingCharged?: number;
  discounts?: number;
  costs: Partial<CostAmounts>;
  withoutDiscounts?: number;
  missingUnits?: number;
}): ProductMargin {
  const costs = { ...ZERO_COSTS, ...over.costs };
  const totalCosts = costs.costOfGoods + costs.shipping + costs.packaging + costs.labour + costs.paymentFees + costs.fixedCosts + costs.provisions.returns + costs.provisions.fraud + costs.provisions.spoilage;
  const netRevenue = over.merchandise + (over.shippingCharged ?? 0);
  const netMargin = netRevenue - totalCosts;
  return {
    productId: `gid://shopify/Product/${over.id}`,
    title: over.id,
    currency: "EUR",
    orders: over.units,
    lines: over.units,
    units: over.units,
    netRevenue,
    revenue: { merchandise: over.merchandise, shipping: over.shippingCharged ?? 0 },
    discounts: over.discounts ?? 0,
    costs,
    totalCosts,
    netMargin,
    marginPct: { kind: "undefined", reason: "test" },
    withoutDiscounts: { netMargin: over.withoutDiscounts ?? netMargin },
    missingCost: { lines: over.missingUnits ?? 0, units: over.missingUnits ?? 0, netRevenue: 0 },
    estimatedCostLines: 0,
    flags: [],
  };
}

const provisions = (returns: number) => ({ returns, fraud: 0, spoilage: 0 });

// Costs 19,000 + 500 + 500 + 300 + 400 = 20,700 against 20,000: loses €7.00; unpaid shipping €5.00 < €7.00.
const underpriced = product({ id: "Vase", units: 10, merchandise: 20_000, costs: { costOfGoods: 19_000, shipping: 500, packaging: 500, paymentFees: 300, provisions: provisions(400) } });
// Loses €18.00 with €84.00 of discounts on a €1,000.00 list price; would earn €52.20 without them.
const discounted = product({ id: "Scarf", units: 40, merchandise: 91_600, discounts: 8_400, withoutDiscounts: 5_220, costs: { costOfGoods: 93_400 } });
// Shipped free (€0 charged), shipping €30.00, loses €5.00: 10,000 − (6,000 + 3,000 + 1,500).
const freeShipped = product({ id: "Pot", units: 5, merchandise: 10_000, costs: { costOfGoods: 6_000, shipping: 3_000, packaging: 1_500 } });
// Charged €8.00 of €40.00 shipping; loses €10.00: 6,000 + 800 − (3,000 + 4,000 + 800).
const heavy = product({ id: "Planter", units: 4, merchandise: 6_000, shippingCharged: 800, costs: { costOfGoods: 3_000, shipping: 4_000, paymentFees: 800 } });

describe("productFix", () => {
  it("asks for the price at which the margin reaches 0", () => {
    expect(variablePercentOf(s)).toBeCloseTo(3.4, 10);
    // Price rise x per unit keeps x·(1 − 3.4 %): 10·x·0.966 ≥ 700 → x ≥ 72.46 → 73 (72: 695.52 < 700).
    // Today 20,000 / 10 = 2,000 a unit → €20.73. Costs per unit 20,700 / 10 = €20.70.
    const fix = productFix(underpriced, s, "EUR")!;
    expect(fix.action).toEqual({ kind: "raise-price", from: 2_000, to: 2_073 });
    expect(fix.actionText).toBe("Raise the price to €20.73");
    expect(fix.amount).toBe(700);
    expect(fix.cause).toBe("Sold at €20.00 a unit, it costs €20.70 a unit to buy, ship and sell.");
  });

  it("gives the deepest average discount that keeps the margin at 0", () => {
    // Discounts cost 5,220 − (−1,800) = 7,020 for 8,400 given. Break-even discount d = 8,400 · 5,220 / 7,020 = 6,246.15
    // of a 91,600 + 8,400 = 100,000 list price: 6.246 % → 6.2 % (rounded down). Average today 8,400 / 100,000 = 8.4 %.
    expect(breakEvenDiscountBp(discounted)).toBe(620);
    const fix = productFix(discounted, s, "EUR")!;
    expect(fix.action).toEqual({ kind: "limit-discounts", maxBp: 620 });
    expect(fix.actionText).toBe("Stop discounts deeper than 6.2%");
    expect(fix.amount).toBe(1_800);
    expect(fix.cause).toBe("Discounts (€84.00, 8.4% of the price on average): without them it would earn €52.20.");
  });

  it("excludes from free shipping a product whose customers paid no shipping, when shipping alone makes the loss", () => {
    // Unpaid shipping €30.00 ≥ the €5.00 loss; €0 charged.
    const fix = productFix(freeShipped, s, "EUR")!;
    expect(fix.action).toEqual({ kind: "exclude-free-shipping" });
    expect(fix.actionText).toBe("Exclude from free shipping");
    expect(fix.cause).toBe("Shipping it costs €30.00 and its customers paid none of it.");
  });

  it("adds the per-unit surcharge that covers the loss when customers pay part of the shipping", () => {
    // Loss €10.00 over 4 units. s = 2.59 → S = 10.36; fee 1.4 % = 14.504 → 15; returns 2 % = 20.72 → 21;
    //   gain 1,036 − 36 = 1,000 ≥ 1,000. s = 2.58 → S = 10.32; fee 14.448 → 14; returns 20.64 → 21; gain 997 < 1,000.
    const fix = productFix(heavy, s, "EUR")!;
    expect(fix.action).toEqual({ kind: "product-surcharge", perUnit: 259 });
    expect(fix.actionText).toBe("Add a €2.59 shipping surcharge");
    expect(fix.cause).toBe("Shipping it costs €40.00; its customers paid €8.00 of it.");
  });

  it("takes the larger lever when discounts and shipping each end the loss alone", () => {
    // Loses 10,000 − (8,000 + 2,500) = €5.00; unpaid shipping €25.00; discounts cost 1,000 − (−500) = €15.00 < €25.00 → shipping.
    const both = product({ id: "Lamp", units: 5, merchandise: 10_000, discounts: 1_200, withoutDiscounts: 1_000, costs: { costOfGoods: 8_000, shipping: 2_500 } });
    expect(productFix(both, s, "EUR")!.action.kind).toBe("exclude-free-shipping");
  });

  it("leaves out earners and products without any unit cost", () => {
    expect(productFix(product({ id: "Mug", units: 3, merchandise: 3_000, costs: { costOfGoods: 1_000 } }), s, "EUR")).toBeNull();
    // 0 units with a cost, 4 without: its −€9.00 is shipping alone, not a loss.
    const noCost = product({ id: "Can", units: 0, merchandise: 0, missingUnits: 4, costs: { shipping: 900 } });
    expect(noCost.netMargin).toBe(-900);
    expect(productFix(noCost, s, "EUR")).toBeNull();
  });
});

describe("order patterns", () => {
  it("gives the per-order surcharge covering the orders that lose money on shipping alone", () => {
    // Same arithmetic as the planter: €10.00 over 4 orders → €2.59.
    const fix = shippingOrdersFix({ orders: 4, loss: 1_000, unpaidShipping: 3_200 }, s, "EUR")!;
    expect(fix.action).toEqual({ kind: "order-surcharge", perOrder: 259 });
    expect(fix.actionText).toBe("Add a €2.59 shipping surcharge to such orders");
    expect(fix.cause).toBe("4 orders lose money on shipping alone: carriers cost €32.00 more than customers paid.");
    expect(shippingOrdersFix({ orders: 0, loss: 0, unpaidShipping: 0 }, s, "EUR")).toBeNull();
  });

  it("names the gateway whose fees cost the most above the cheapest paid one", () => {
    const fix = gatewayFix(
      [
        { gateway: "shopify_payments", orders: 100, netRevenue: 500_000, paymentFees: 9_500 }, // 1.9 %
        { gateway: "paypal", orders: 40, netRevenue: 200_000, paymentFees: 7_800 }, // 3.9 %
        { gateway: "manual", orders: 20, netRevenue: 100_000, paymentFees: 1_000 }, // 1 %, but a manual payment: not an alternative
        { gateway: "bogus", orders: 50, netRevenue: 100_000, paymentFees: 100 }, // Shopify's test gateway
        { gateway: "stripe", orders: 5, netRevenue: 10_000, paymentFees: 100 }, // 1 %, but only 5 orders
      ],
      "EUR",
    )!;
    // PayPal at Shopify Payments' rate: 200,000 × 9,500 / 500,000 = 3,800; extra 7,800 − 3,800 = €40.00.
    expect(fix.amount).toBe(4_000);
    expect(fix.subject).toEqual({ kind: "gateway", gateway: "paypal", orders: 40 });
    expect(fix.actionText).toBe("Offer Shopify Payments first: €40.00 less in fees");
    expect(fix.cause).toBe("PayPal fees take 3.9% of its orders' net revenue (€78.00); Shopify Payments takes 1.9%.");
  });

  it("says nothing about gateways when only one charges fees", () => {
    expect(gatewayFix([{ gateway: "shopify_payments", orders: 100, netRevenue: 500_000, paymentFees: 9_500 }, { gateway: "manual", orders: 20, netRevenue: 100_000, paymentFees: 0 }], "EUR")).toBeNull();
  });
});

describe("missing costs", () => {
  it("asks for the unit costs of the variants, without calling it a loss", () => {
    const a = product({ id: "Can", units: 0, merchandise: 0, missingUnits: 3, costs: { shipping: 900 } });
    const b = product({ id: "Rake", units: 0, merchandise: 0, missingUnits: 2, costs: { shipping: 400 } });
    const fix = missingCostsFix([a, b, underpriced], 4)!;
    expect(fix.amount).toBeNull();
    expect(fix.subject).toMatchObject({ kind: "missing-costs", products: 2, title: "2 products without a unit cost" });
    expect(fix.actionText).toBe("Enter the unit cost of 4 variants");
    expect(fix.cause).toBe("The 5 units sold have no unit cost, so their margin is unknown.");
    expect(missingCostsFix([a], 1)!.subject).toMatchObject({ productId: "gid://shopify/Product/Can", title: "Can" });
    expect(missingCostsFix([a], 1)!.actionText).toBe("Enter the unit cost of 1 variant");
  });
});

describe("fixTheseFirst", () => {
  it("ranks products and order patterns by what they cost, then the missing costs", () => {
    const noCost = product({ id: "Can", units: 0, merchandise: 0, missingUnits: 3, costs: { shipping: 900 } });
    const list = fixTheseFirst(
      {
        products: [underpriced, discounted, freeShipped, heavy, noCost],
        missingCostVariants: 2,
        shippingOrders: { orders: 4, loss: 1_000, unpaidShipping: 3_200 },
        gateways: [
          { gateway: "shopify_payments", orders: 100, netRevenue: 500_000, paymentFees: 9_500 },
          { gateway: "paypal", orders: 40, netRevenue: 200_000, paymentFees: 7_800 },
        ],
      },
      s,
      "EUR",
      { limit: 4 },
    );
    // Gateway €40.00, Scarf €18.00, Planter €10.00, shipping orders €10.00 (the product first: stable sort), then Vase €7.00 and Pot €5.00 cut.
    expect(list.map((f) => (f.subject.kind === "product" || f.subject.kind === "missing-costs" ? f.subject.title : f.subject.kind))).toEqual([
      "gateway",
      "Scarf",
      "Planter",
      "shipping-orders",
      "Can",
    ]);
    // Missing costs are not ranked by an amount: they come last whatever the limit.
    expect(list.at(-1)!.amount).toBeNull();
  });
});

describe("stock that ties up cash (issue 18, item 6)", () => {
  // Flags as stock-flags.ts writes them (its own tests work them out); here only the list.
  const stock: StockFixInput[] = [
    { productId: "gid://shopify/Product/1", title: "Vase", flags: [{ code: "DEAD_STOCK", reason: "40 units on hand and no sale for 120 days: €4,000.00 at cost sits on the shelf.", value: 400_000, units: 40 }] },
    {
      productId: "gid://shopify/Product/2",
      title: "Scarf",
      flags: [
        { code: "OVERSTOCK", reason: "1 of 2 variants (Blue): 210 units (€1,050.00 at cost) more than 90 days of sales need.", value: 105_000, units: 210 },
        { code: "STOCKOUT_RISK", reason: "1 of 2 variants (Red): 1 running out before a reorder arrives.", value: null, units: 10 },
      ],
    },
    { productId: "gid://shopify/Product/3", title: "Mug", flags: [{ code: "DEAD_STOCK", reason: "1 unit on hand and no sale for 95 days: …", value: null, units: 1 }] },
    { productId: "gid://shopify/Product/4", title: "Tote", flags: [{ code: "OVERSTOCK", reason: "…", value: 105_000, units: 30 }] },
    { productId: "gid://shopify/Product/5", title: "Cap", flags: [{ code: "DEAD_STOCK", reason: "…", value: 105_000, units: 7 }] },
  ];

  it("dead stock and overstock, the most cash first, with one action each; a stock-out risk is not an item", () => {
    const items = stockFixes(stock, "EUR", "en", 10);
    // €4,000.00 Vase; then three at €1,050.00: Cap (dead before overstock), Scarf, Tote (stable); Mug (no value) last.
    expect(items.map((f) => [f.subject.kind === "stock" ? `${f.subject.title} ${f.subject.flag}` : f.subject.kind, f.actionText])).toEqual([
      ["Vase DEAD_STOCK", "Free €4,000.00: sell off or return the 40 units"],
      ["Cap DEAD_STOCK", "Free €1,050.00: sell off or return the 7 units"],
      ["Scarf OVERSTOCK", "Skip reorders until 210 units have sold"],
      ["Tote OVERSTOCK", "Skip reorders until 30 units have sold"],
      ["Mug DEAD_STOCK", "Sell off or return the 1 unit"],
    ]);
    // Cash tied up is not a loss over the period: no amount; the flag's reason is the cause.
    expect(items[0]).toMatchObject({ amount: null, cause: "40 units on hand and no sale for 120 days: €4,000.00 at cost sits on the shelf.", action: { kind: "clear-dead-stock", units: 40, value: 400_000 } });
    expect(items[2]!.action).toEqual({ kind: "trim-overstock", units: 210, value: 105_000 });
    // Three at most by default.
    expect(stockFixes(stock, "EUR").map((f) => f.subject.kind === "stock" && f.subject.title)).toEqual(["Vase", "Cap", "Scarf"]);
    // The largest of each kind is always shown: with 2 places, Vase (dead, €4,000.00) and Scarf (overstock,
    // €1,050.00, before Tote at the same value), not Cap (dead, €1,050.00, placed before Scarf by cash alone).
    expect(stockFixes(stock, "EUR", "en", 2).map((f) => f.subject.kind === "stock" && f.subject.title)).toEqual(["Vase", "Scarf"]);
    // Overstock worth far more than the dead stock does not push the dead stock out.
    const big: StockFixInput[] = [
      { productId: "gid://shopify/Product/6", title: "Rug", flags: [{ code: "OVERSTOCK", reason: "…", value: 900_000, units: 90 }] },
      { productId: "gid://shopify/Product/7", title: "Lamp", flags: [{ code: "OVERSTOCK", reason: "…", value: 800_000, units: 80 }] },
      { productId: "gid://shopify/Product/8", title: "Stool", flags: [{ code: "OVERSTOCK", reason: "…", value: 700_000, units: 70 }] },
      { productId: "gid://shopify/Product/3", title: "Mug", flags: [{ code: "DEAD_STOCK", reason: "…", value: 1_000, units: 1 }] },
    ];
    expect(stockFixes(big, "EUR").map((f) => f.subject.kind === "stock" && f.subject.title)).toEqual(["Rug", "Lamp", "Mug"]);
  });

  it("follow the losses and come before the missing costs in Home's list", () => {
    const noCost = product({ id: "Can", units: 0, merchandise: 0, missingUnits: 3, costs: { shipping: 900 } });
    const list = fixTheseFirst({ products: [underpriced, noCost], missingCostVariants: 2, shippingOrders: { orders: 0, loss: 0, unpaidShipping: 0 }, gateways: [], stock: stock.slice(0, 2) }, s, "EUR");
    expect(list.map((f) => [f.subject.kind, f.action.kind])).toEqual([
      ["product", "raise-price"],
      ["stock", "clear-dead-stock"],
      ["stock", "trim-overstock"],
      ["missing-costs", "enter-costs"],
    ]);
  });
});
