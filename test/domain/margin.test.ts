/**
 * Acceptance cases of the margin engine. Every expected number is worked out by
 * hand in the comments (amounts in minor units: 1 EUR = 100, 1 JPY = 1).
 */
import { describe, expect, it } from "vitest";
import {
  appendVersion,
  computeOrderMargin,
  defaultCostSettings,
  defaultSettingsHistory,
  marginContextFor,
  matchShippingRule,
  shippingCostsFromRecords,
  orderMarginToJson,
  waterfall,
  type MarginContext,
  type OrderMargin,
} from "../../app/domain/index";
import { order, settings, unitCosts, type OrderSpec } from "./helpers";

function sumLines(m: OrderMargin, pick: (l: OrderMargin["lines"][number]) => number): number {
  return m.lines.filter((l) => l.included).reduce((s, l) => s + pick(l), 0);
}

function expectLinesAddUp(m: OrderMargin): void {
  expect(sumLines(m, (l) => l.netMargin)).toBe(m.netMargin);
  expect(sumLines(m, (l) => l.netRevenue)).toBe(m.netRevenue);
  expect(sumLines(m, (l) => l.totalCosts)).toBe(m.totalCosts);
  expect(m.netRevenue - m.totalCosts).toBe(m.netMargin);
}

describe("EU order: tax included, discount, shipping charged below cost, PayPal", () => {
  // France, 20 % VAT included in prices.
  const eu = order({
    currency: "EUR",
    taxesIncluded: true,
    country: "FR",
    lines: [
      // 2 × 24.00 incl. VAT = 48.00 gross; 10 % code discount 4.80 → 43.20; VAT in it 43.20 × 0.2/1.2 = 7.20
      { id: "tote", name: "Linen tote", quantity: 2, price: "24.00", discounts: ["4.80"], taxes: [{ rate: 0.2, amount: "7.20" }], grams: 300 },
      // 1 × 18.00 gross; discount 1.80 → 16.20; VAT 16.20 × 0.2/1.2 = 2.70
      { id: "candle", name: "Beeswax candle", quantity: 1, price: "18.00", discounts: ["1.80"], taxes: [{ rate: 0.2, amount: "2.70" }], grams: 400 },
    ],
    // Customer pays 6.00 incl. VAT for shipping: 6.00 − 1.00 VAT = 5.00 of revenue.
    shipping: [{ title: "Colissimo", code: "colissimo-home", price: "6.00", tax: { rate: 0.2, amount: "1.00" } }],
    // Paid: 43.20 + 16.20 + 6.00 = 65.40 through PayPal (no fee reported by Shopify).
    transactions: [{ gateway: "paypal", amount: "65.40" }],
  });
  const s = settings(
    {
      shipping: {
        packagingWeightGrams: 100,
        rules: [
          { name: "FR Colissimo < 1 kg", countries: ["FR"], minWeightGrams: 0, maxWeightGrams: 1000, services: ["Colissimo"], cost: "6.55" },
          { name: "FR Colissimo 1-2 kg", countries: ["FR"], minWeightGrams: 1000, maxWeightGrams: 2000, services: ["Colissimo"], cost: "7.90" },
        ],
        defaultCost: "15.00",
      },
      packaging: { perParcel: "0.70" },
      labour: { perOrder: "1.50", perItem: "0.20" },
      paymentFees: { gateways: [{ gateway: "PayPal", percent: 3.4, fixed: "0.35" }], default: { percent: 1.4, fixed: "0.25" } },
      provisions: { returnsPercent: 2, fraudPercent: 0.5, spoilagePercent: 1 },
    },
    "EUR",
  );
  const ctx: MarginContext = {
    settings: s,
    unitCost: unitCosts({ tote: 900, candle: 550 }),
    fixedCosts: { amount: 125, month: "2026-11", method: "orders" },
    actualShippingCost: null,
  };
  const m = computeOrderMargin(eu, ctx);

  it("takes VAT out with the tax lines", () => {
    // tote: 43.20 − 7.20 = 36.00; candle: 16.20 − 2.70 = 13.50
    expect(eu.lines.map((l) => l.netRevenueBeforeTax)).toEqual([3600, 1350]);
    // discounts before tax: 4.80 / 1.2 = 4.00; 1.80 / 1.2 = 1.50
    expect(eu.lines.map((l) => l.discountBeforeTax)).toEqual([400, 150]);
    // shipping 6.00 − 1.00 = 5.00
    expect(eu.shippingLines[0]!.chargedBeforeTax).toBe(500);
  });

  it("computes the waterfall", () => {
    // Net revenue = 36.00 + 13.50 + 5.00 = 54.50
    expect(m.netRevenue).toBe(5450);
    // Cost of goods = 2 × 9.00 + 1 × 5.50 = 23.50
    expect(m.steps.costOfGoods.amount).toBe(2350);
    // Parcel = 2 × 300 g + 400 g + 100 g packaging = 1 100 g → rule "1-2 kg": 7.90 (customer paid 5.00: −2.90)
    expect(m.steps.shipping).toMatchObject({ amount: 790, source: "rule", rule: "FR Colissimo 1-2 kg", ruleIndex: 1, parcelWeightGrams: 1100 });
    // Packaging 0.70 per parcel
    expect(m.steps.packaging.amount).toBe(70);
    // Labour 1.50 + 3 items × 0.20 = 2.10
    expect(m.steps.labour).toEqual({ amount: 210, items: 3 });
    // PayPal: 65.40 × 3.4 % = 2.2236 → 2.22 (half-even on 222.36 cents) + 0.35 = 2.57
    expect(m.steps.paymentFees).toMatchObject({ amount: 257, actual: 0, estimated: 257 });
    expect(m.steps.paymentFees.transactions[0]).toMatchObject({ source: "estimated", rule: "PayPal", fee: 257 });
    // Fixed costs: the 1.25 share passed in
    expect(m.steps.fixedCosts).toMatchObject({ amount: 125, allocated: true, month: "2026-11" });
    // Provisions on 54.50: returns 2 % = 1.09; fraud 0.5 % = 0.2725 → 0.27;
    // spoilage 1 % = 0.545 → 54.5 cents, a tie: half-even gives 54 → 0.54
    expect(m.steps.provisions).toEqual({ amount: 190, returns: 109, fraud: 27, spoilage: 54 });
    // Total = 23.50 + 7.90 + 0.70 + 2.10 + 2.57 + 1.25 + 1.90 = 39.92
    expect(m.totalCosts).toBe(3992);
    // Net margin = 54.50 − 39.92 = 14.58; 14.58 / 54.50 = 26.752 % → 26.75 %
    expect(m.netMargin).toBe(1458);
    expect(m.marginPct).toEqual({ kind: "percent", value: 26.75, basisPoints: 2675 });
    expect(m.flags).toEqual([]);
    // No stock carrying given: its step is 0 (1648 twice, before provisions).
    expect(waterfall(m).map((w) => w.running)).toEqual([5450, 3100, 2310, 2240, 2030, 1773, 1648, 1648, 1458, 1458]);
  });

  it("splits every cost over the lines and they add up to the order", () => {
    const [tote, candle] = m.lines;
    // Weights 600 g : 400 g = 3 : 2. Shipping revenue 5.00 → 3.00 / 2.00.
    expect(tote!.revenue).toEqual({ merchandise: 3600, shipping: 300 });
    expect(candle!.revenue).toEqual({ merchandise: 1350, shipping: 200 });
    // Line revenue 39.00 / 15.50.
    // shipping 7.90 → 4.74 / 3.16; packaging 0.70 → 0.42 / 0.28; labour 2.10 by items 2:1 → 1.40 / 0.70
    // fees 2.57 by revenue 3900:1550 → 183.908 / 73.092 → floors 183 + 73 = 256, the 1 left goes to .908 → 184 / 73
    // fixed 1.25 → 89.450 / 35.550 → 89 + 35 = 124, the 1 left goes to .550 → 89 / 36
    // returns 1.09 → 78.000 / 31.000; fraud 0.27 → 19.321 / 7.679 → 19 / 8; spoilage 0.54 → 38.642 / 15.358 → 39 / 15
    expect(tote!.costs).toEqual({
      costOfGoods: 1800, shipping: 474, packaging: 42, labour: 140, paymentFees: 184, fixedCosts: 89, stockCarrying: 0,
      provisions: { returns: 78, fraud: 19, spoilage: 39 },
    });
    expect(candle!.costs).toEqual({
      costOfGoods: 550, shipping: 316, packaging: 28, labour: 70, paymentFees: 73, fixedCosts: 36, stockCarrying: 0,
      provisions: { returns: 31, fraud: 8, spoilage: 15 },
    });
    // tote: 39.00 − (18.00 + 4.74 + 0.42 + 1.40 + 1.84 + 0.89 + 0.78 + 0.19 + 0.39 = 28.65) = 10.35
    // candle: 15.50 − (5.50 + 3.16 + 0.28 + 0.70 + 0.73 + 0.36 + 0.31 + 0.08 + 0.15 = 11.27) = 4.23
    expect(tote!.netMargin).toBe(1035);
    expect(candle!.netMargin).toBe(423);
    // 10.35 + 4.23 = 14.58 = the order's margin
    expectLinesAddUp(m);
    // candle: 4.23 / 15.50 = 27.29 %
    expect(candle!.marginPct).toEqual({ kind: "percent", value: 27.29, basisPoints: 2729 });
  });

  it("says what the order would earn without its discounts", () => {
    // Discounts before tax 4.00 + 1.50 = 5.50 → revenue 60.00.
    // Fees scale: 2.57 × 5.50 / 54.50 = 0.2594 → 0.26; provisions on 5.50: 0.11 + 0.0275→0.03 + 0.055→0.06 = 0.20
    // 14.58 + 5.50 − 0.26 − 0.20 = 19.62
    expect(m.withoutDiscounts).toEqual({ netRevenue: 6000, netMargin: 1962 });
  });
});

describe("US order: tax on top, Shopify Payments fees", () => {
  const us = order({
    currency: "USD",
    taxesIncluded: false,
    country: "US",
    // 3 × 15.00 = 45.00 before tax; NY sales tax 8.875 % = 3.99 on top
    lines: [{ id: "mug", name: "Ceramic mug", quantity: 3, price: "15.00", taxes: [{ rate: 0.08875, amount: "3.99" }], grams: 350 }],
    shipping: [{ title: "Standard", code: "STD", price: "7.99" }],
    // Paid 45.00 + 7.99 + 3.99 = 56.98; Shopify reports the actual fee: 1.72
    transactions: [{ gateway: "shopify_payments", amount: "56.98", fees: ["1.72"] }],
  });
  const s = settings(
    {
      shipping: { rules: [{ name: "US Standard", countries: ["US"], services: ["std"], cost: "8.40" }], defaultCost: "12.00" },
      packaging: { perParcel: "0.60" },
      labour: { perOrder: "1.00" },
      paymentFees: { gateways: [{ gateway: "shopify_payments", percent: 2.9, fixed: "0.30" }] },
      provisions: { returnsPercent: 3 },
    },
    "USD",
  );
  const ctx: MarginContext = { settings: s, unitCost: unitCosts({ mug: 650 }), fixedCosts: { amount: 80 }, actualShippingCost: null };

  it("uses Shopify's actual fee and keeps tax out of revenue", () => {
    const m = computeOrderMargin(us, ctx);
    // Net revenue = 45.00 + 7.99 = 52.99 (the 3.99 tax is not revenue)
    expect(m.netRevenue).toBe(5299);
    expect(us.lines[0]!.tax).toBe(399);
    // COGS 3 × 6.50 = 19.50; shipping rule matched on the code "STD" (case-insensitive): 8.40
    expect(m.steps.costOfGoods.amount).toBe(1950);
    expect(m.steps.shipping).toMatchObject({ amount: 840, source: "rule", rule: "US Standard" });
    // Fees: actual 1.72 wins over the estimate (2.9 % × 56.98 + 0.30 = 1.95)
    expect(m.steps.paymentFees).toMatchObject({ amount: 172, actual: 172, estimated: 0 });
    expect(m.steps.paymentFees.transactions[0]).toMatchObject({ source: "actual", rule: null });
    // Returns 3 % × 52.99 = 1.5897 → 1.59
    expect(m.steps.provisions.returns).toBe(159);
    // Total = 19.50 + 8.40 + 0.60 + 1.00 + 1.72 + 0.80 + 1.59 = 33.61; margin = 52.99 − 33.61 = 19.38
    expect(m.totalCosts).toBe(3361);
    expect(m.netMargin).toBe(1938);
    // 19.38 / 52.99 = 36.573 % → 36.57 %
    expect(m.marginPct).toMatchObject({ kind: "percent", value: 36.57 });
    expectLinesAddUp(m);
  });

  it("estimates the fee from the gateway settings when Shopify reports none", () => {
    const noFees = { ...us, transactions: us.transactions.map((t) => ({ ...t, feesActual: null })) };
    const m = computeOrderMargin(noFees, ctx);
    // 56.98 × 2.9 % = 1.65242 → 1.65, + 0.30 = 1.95
    expect(m.steps.paymentFees).toMatchObject({ amount: 195, actual: 0, estimated: 195 });
  });
});

describe("partial refund", () => {
  const spec = (shippingRefund: { subtotal: string; tax: string }[] = []): OrderSpec => ({
    currency: "EUR",
    taxesIncluded: true,
    country: "FR",
    // 3 × 12.00 incl. VAT = 36.00, VAT 6.00; one pair refunded: 12.00 of which 2.00 VAT
    lines: [{ id: "socks", name: "Wool socks", quantity: 3, currentQuantity: 2, price: "12.00", taxes: [{ rate: 0.2, amount: "6.00" }], grams: 100 }],
    shipping: [{ title: "Colissimo", price: "4.80", tax: { rate: 0.2, amount: "0.80" } }],
    transactions: [
      { gateway: "shopify_payments", amount: "40.80", fees: ["1.10"] },
      { gateway: "shopify_payments", kind: "REFUND", amount: "12.00" },
    ],
    refunds: [{ lines: [{ lineId: "socks", quantity: 1, subtotal: "12.00", tax: "2.00" }], shipping: shippingRefund }],
  });
  const s = settings(
    { shipping: { defaultCost: "5.20" }, packaging: { perParcel: "0.50" }, labour: { perItem: "0.30" }, provisions: { returnsPercent: 5 } },
    "EUR",
  );
  const ctx: MarginContext = { settings: s, unitCost: unitCosts({ socks: 400 }), fixedCosts: null, actualShippingCost: null };

  it("counts only the kept units as revenue and cost of goods, the shipped parcel in full", () => {
    const o = order(spec());
    const m = computeOrderMargin(o, ctx);
    // kept: 36.00 − 12.00 = 24.00 gross, 6.00 − 2.00 = 4.00 VAT → 20.00; shipping 4.80 − 0.80 = 4.00
    expect(o.lines[0]!.netRevenueBeforeTax).toBe(2000);
    expect(m.netRevenue).toBe(2400);
    // COGS on the 2 kept pairs: 2 × 4.00 = 8.00
    expect(m.steps.costOfGoods.amount).toBe(800);
    // The parcel left with 3 pairs: default shipping 5.20, packaging 0.50, labour 3 × 0.30 = 0.90
    expect(m.steps.shipping).toMatchObject({ amount: 520, source: "default" });
    expect(m.steps.labour).toEqual({ amount: 90, items: 3 });
    // Fees: 1.10 on the sale; the refund carries no fee
    expect(m.steps.paymentFees.amount).toBe(110);
    // Returns provision 5 % × 24.00 = 1.20; no fixed costs allocated → 0
    expect(m.steps.provisions.returns).toBe(120);
    expect(m.steps.fixedCosts).toEqual({ amount: 0, allocated: false, month: null, method: null });
    // Total = 8.00 + 5.20 + 0.50 + 0.90 + 1.10 + 1.20 = 16.90; margin = 24.00 − 16.90 = 7.10; 7.10 / 24.00 = 29.58 %
    expect(m.totalCosts).toBe(1690);
    expect(m.netMargin).toBe(710);
    expect(m.marginPct).toMatchObject({ value: 29.58 });
    expect(m.lines[0]).toMatchObject({ units: 2, unitsShipped: 3 });
    expect(m.flags).toEqual([]);
  });

  it("removes refunded shipping from revenue", () => {
    const o = order(spec([{ subtotal: "4.80", tax: "0.80" }]));
    const m = computeOrderMargin(o, ctx);
    // Shipping refunded 4.80 − 0.80 = 4.00 → revenue 20.00 + 4.00 − 4.00 = 20.00
    expect(m.revenue).toMatchObject({ shippingCharged: 400, shippingRefunded: 400, shipping: 0 });
    expect(m.netRevenue).toBe(2000);
    // Returns 5 % × 20.00 = 1.00; total = 8.00 + 5.20 + 0.50 + 0.90 + 1.10 + 1.00 = 16.70; margin 3.30 (16.5 %)
    expect(m.netMargin).toBe(330);
    expect(m.marginPct).toMatchObject({ value: 16.5 });
    // Shipping paid 5.20 / 20.00 = 26 % > 25 %
    expect(m.flags.map((f) => f.code)).toEqual(["SHIPPING_HEAVY"]);
    expect(m.flags[0]!.reason).toBe("Shipping paid (€5.20) is 26.0% of net revenue (€20.00), above the 25.0% threshold.");
  });
});

describe("missing unit cost", () => {
  const o = order({
    currency: "USD",
    taxesIncluded: false,
    lines: [
      { id: "notebook", name: "Notebook", quantity: 1, price: "10.00", grams: 200 },
      // 2 × 7.50 = 15.00 − 1.50 discount = 13.50; cost unknown
      { id: "pens", name: "Pen set", quantity: 2, price: "7.50", discounts: ["1.50"], grams: 100 },
    ],
  });
  const base = { shipping: { defaultCost: "4.00" } };
  const costs = unitCosts({ notebook: 400 });

  it("exclude: leaves the line out of the totals and flags it", () => {
    const m = computeOrderMargin(o, { settings: settings(base, "USD"), unitCost: costs, fixedCosts: null, actualShippingCost: null });
    // Shipping 4.00 split by weight 200 g : 2 × 100 g = 1 : 1 → 2.00 each; the pens' half is left out
    expect(m.steps.shipping).toMatchObject({ amount: 200, orderAmount: 400 });
    // Totals = notebook only: 10.00 − 4.00 − 2.00 = 4.00 (40 %)
    expect(m.netRevenue).toBe(1000);
    expect(m.netMargin).toBe(400);
    expect(m.marginPct).toMatchObject({ value: 40 });
    expect(m.excluded).toEqual({ lineIds: ["gid://shopify/LineItem/pens"], netRevenue: 1350, totalCosts: 200 });
    expect(m.steps.costOfGoods).toEqual({ amount: 400, knownLines: 1, estimatedLines: 0, missingLines: 1 });
    expect(m.flags).toEqual([
      { code: "MISSING_COST", reason: "Unit cost unknown for 1 line: left out of the margin totals until a cost is entered." },
    ]);
    const pens = m.lines[1]!;
    expect(pens.included).toBe(false);
    expect(pens.costOfGoodsStatus).toEqual({ status: "missing", reason: "no unit cost known for this variant" });
    expect(pens.flags.map((f) => f.code)).toContain("MISSING_COST");
    expectLinesAddUp(m);
  });

  it("without line flags (the recompute's context): the same margin, the lines' flags empty", () => {
    const ctx: MarginContext = { settings: settings(base, "USD"), unitCost: costs, fixedCosts: null, actualShippingCost: null };
    const full = computeOrderMargin(o, ctx);
    const lean = computeOrderMargin(o, { ...ctx, lineFlags: false });
    expect(full.lines[1]!.flags.map((f) => f.code)).toContain("MISSING_COST");
    expect(lean.lines.map((l) => l.flags)).toEqual([[], []]);
    expect(lean.flags.map((f) => [f.code, f.reason])).toEqual(full.flags.map((f) => [f.code, f.reason]));
    expect({ ...lean, flags: [], lines: lean.lines.map((l) => ({ ...l, flags: [] })) }).toEqual({ ...full, flags: [], lines: full.lines.map((l) => ({ ...l, flags: [] })) });
  });

  it("percentOfPrice: estimates the cost from the list price and still flags it", () => {
    const s = settings({ ...base, costOfGoods: { missingCost: { mode: "percentOfPrice", percent: 40 } } }, "USD");
    const m = computeOrderMargin(o, { settings: s, unitCost: costs, fixedCosts: null, actualShippingCost: null });
    // pens: 40 % × (2 × 7.50 list price) = 6.00
    expect(m.lines[1]!.costs.costOfGoods).toBe(600);
    expect(m.lines[1]!.costOfGoodsStatus).toMatchObject({ status: "estimated", percentOfPrice: 40 });
    // Revenue 10.00 + 13.50 = 23.50; costs 4.00 + 6.00 + 4.00 = 14.00; margin 9.50; 9.50 / 23.50 = 40.43 %
    expect(m.netRevenue).toBe(2350);
    expect(m.netMargin).toBe(950);
    expect(m.marginPct).toMatchObject({ value: 40.43 });
    expect(m.excluded).toBeNull();
    expect(m.flags).toEqual([
      { code: "MISSING_COST", reason: "Unit cost unknown for 1 line: estimated at 40.0% of the price; enter the real cost." },
    ]);
    expectLinesAddUp(m);
  });

  it("an order whose every line lacks a cost has no margin percentage", () => {
    const m = computeOrderMargin(o, { settings: settings(base, "USD"), unitCost: unitCosts({}), fixedCosts: null, actualShippingCost: null });
    expect(m.netRevenue).toBe(0);
    expect(m.netMargin).toBe(0);
    expect(m.marginPct.kind).toBe("undefined");
  });
});

describe("zero-revenue order", () => {
  // A free sample: 20.00 incl. VAT, discounted 100 %; free shipping; nothing paid.
  const o = order({
    currency: "EUR",
    taxesIncluded: true,
    lines: [{ id: "sample", name: "Sample box", quantity: 1, price: "20.00", discounts: ["20.00"], taxes: [{ rate: 0.2, amount: "0.00" }], grams: 250 }],
    shipping: [{ title: "Free shipping", price: "0.00" }],
  });
  const s = settings(
    { shipping: { defaultCost: "4.50" }, packaging: { perParcel: "0.50" }, labour: { perOrder: "1.00" }, provisions: { returnsPercent: 2 } },
    "EUR",
  );
  const m = computeOrderMargin(o, { settings: s, unitCost: unitCosts({ sample: 600 }), fixedCosts: null, actualShippingCost: null });

  it("has costs, a loss, and no margin percentage (no division by zero)", () => {
    expect(m.netRevenue).toBe(0);
    // 6.00 + 4.50 + 0.50 + 1.00 + provisions 2 % × 0 = 12.00
    expect(m.totalCosts).toBe(1200);
    expect(m.netMargin).toBe(-1200);
    expect(m.marginPct).toEqual({ kind: "undefined", reason: "net revenue is 0, so there is no margin percentage" });
    expect(m.lines[0]!.marginPct.kind).toBe("undefined");
    expect(JSON.stringify(m)).not.toMatch(/NaN|Infinity/);
  });

  it("flags LOSS, SHIPPING_HEAVY and DISCOUNT_DRIVEN", () => {
    // Discount before tax: 20.00 / 1.2 = 16.666… → 16.67. Without it: revenue 16.67,
    // provisions + 2 % × 16.67 = 0.3334 → 0.33, fees unchanged (no revenue to scale from):
    // −12.00 + 16.67 − 0.33 = 4.34 > 0 → DISCOUNT_DRIVEN
    expect(m.withoutDiscounts).toEqual({ netRevenue: 1667, netMargin: 434 });
    expect(m.flags).toEqual([
      { code: "LOSS", reason: "This order loses €12.00: its costs (€12.00) exceed its net revenue (€0.00)." },
      { code: "SHIPPING_HEAVY", reason: "Shipping costs €4.50 with no net revenue to pay for it." },
      { code: "DISCOUNT_DRIVEN", reason: "Without its discounts (€16.67) it would earn €4.34; with them it loses €12.00." },
    ]);
  });
});

describe("JPY (zero-decimal currency)", () => {
  const o = order({
    currency: "JPY",
    taxesIncluded: true,
    country: "JP",
    // 2 × ¥1,650 incl. 10 % consumption tax = ¥3,300, of which tax ¥300 → ¥3,000
    lines: [{ id: "matcha", name: "Matcha tin", quantity: 2, price: "1650.0", taxes: [{ rate: 0.1, amount: "300" }], grams: 160 }],
    // shipping ¥550 incl. ¥50 tax → ¥500
    shipping: [{ title: "Yamato", price: "550", tax: { rate: 0.1, amount: "50" } }],
    transactions: [{ gateway: "komoju", amount: "3850" }],
  });
  const s = settings(
    {
      shipping: { rules: [{ name: "JP Yamato", countries: ["JP"], cost: "800" }] },
      packaging: { perParcel: "60" },
      paymentFees: { default: { percent: 1, fixed: "40" } },
      provisions: { returnsPercent: 1.5 },
    },
    "JPY",
  );
  const ctx: MarginContext = { settings: s, unitCost: unitCosts({ matcha: 700 }), fixedCosts: null, actualShippingCost: null };

  it("works in whole yen with half-even rounding", () => {
    const m = computeOrderMargin(o, ctx);
    // Revenue ¥3,000 + ¥500 = ¥3,500
    expect(m.netRevenue).toBe(3500);
    // Fee: 1 % × ¥3,850 = ¥38.5, a tie → ¥38 (even) + ¥40 = ¥78
    expect(m.steps.paymentFees.amount).toBe(78);
    // Returns: 1.5 % × ¥3,500 = ¥52.5, a tie → ¥52
    expect(m.steps.provisions.returns).toBe(52);
    // ¥1,400 + ¥800 + ¥60 + ¥78 + ¥52 = ¥2,390; margin ¥3,500 − ¥2,390 = ¥1,110 (31.71 %)
    expect(m.totalCosts).toBe(2390);
    expect(m.netMargin).toBe(1110);
    expect(m.marginPct).toMatchObject({ value: 31.71 });
    const json = orderMarginToJson(m);
    expect(json.netRevenue).toBe("3500");
    expect(json.netMargin).toBe("1110");
  });

  it("takes the rounding mode as an argument", () => {
    const m = computeOrderMargin(o, { ...ctx, rounding: "half-up" });
    // half-up: fee ¥38.5 → ¥39 (+ ¥40 = ¥79), returns ¥52.5 → ¥53; margin ¥3,500 − ¥2,392 = ¥1,108
    expect(m.steps.paymentFees.amount).toBe(79);
    expect(m.steps.provisions.returns).toBe(53);
    expect(m.netMargin).toBe(1108);
  });
});

describe("flags", () => {
  const s = settings({}, "USD");
  const digital = (price: string, discounts: string[] = []) =>
    order({ currency: "USD", taxesIncluded: false, lines: [{ id: "ebook", name: "E-book", quantity: 1, price, discounts, requiresShipping: false }] });

  it("THIN under the threshold", () => {
    // 100.00 − 95.00 = 5.00 → 5 % < 10 %
    const m = computeOrderMargin(digital("100.00"), { settings: s, unitCost: unitCosts({ ebook: 9500 }), fixedCosts: null, actualShippingCost: null });
    expect(m.flags).toEqual([{ code: "THIN", reason: "This order keeps only $5.00 (5.0% of net revenue), under the 10.0% threshold." }]);
    // nothing ships: no shipping, packaging or labour
    expect(m.steps.shipping.source).toBe("no-parcel");
    expect(m.totalCosts).toBe(9500);
  });

  it("DISCOUNT_DRIVEN when the discount turns a profit into a loss", () => {
    // 100.00 − 20.00 = 80.00 revenue − 85.00 cost = −5.00; without the discount +15.00
    const m = computeOrderMargin(digital("100.00", ["20.00"]), { settings: s, unitCost: unitCosts({ ebook: 8500 }), fixedCosts: null, actualShippingCost: null });
    expect(m.netMargin).toBe(-500);
    expect(m.withoutDiscounts.netMargin).toBe(1500);
    expect(m.flags.map((f) => f.code)).toEqual(["LOSS", "DISCOUNT_DRIVEN"]);
  });
});

describe("shipping cost sources", () => {
  const o = order({
    currency: "EUR",
    taxesIncluded: false,
    country: "DE",
    lines: [
      { id: "a", name: "A", quantity: 1, price: "10.00", grams: 500 },
      { id: "b", name: "B", quantity: 1, price: "30.00", grams: null },
    ],
    shipping: [{ title: "DHL Paket", code: "dhl", price: "4.90" }],
  });
  const s = settings(
    {
      shipping: {
        rules: [
          { name: "DE < 2 kg", countries: ["DE"], maxWeightGrams: 2000, cost: "4.10" },
          { name: "DE DHL any weight", countries: ["DE"], services: ["DHL"], cost: "5.00" },
        ],
        defaultCost: "9.00",
      },
    },
    "EUR",
  );
  const ctx: MarginContext = { settings: s, unitCost: unitCosts({ a: 100, b: 100 }), fixedCosts: null, actualShippingCost: null };

  it("skips weight-banded rules when a weight is missing, and splits by revenue instead of weight", () => {
    const m = computeOrderMargin(o, ctx);
    // B has no weight: "DE < 2 kg" cannot be decided, the next rule matches on the code "dhl"
    expect(m.steps.shipping).toMatchObject({ source: "rule", rule: "DE DHL any weight", amount: 500, parcelWeightGrams: null });
    // split by merchandise revenue 10 : 30 → 1.25 / 3.75
    expect(m.lines.map((l) => l.costs.shipping)).toEqual([125, 375]);
  });

  it("an imported actual cost overrides the rules", () => {
    const m = computeOrderMargin(o, { ...ctx, actualShippingCost: 612 });
    expect(m.steps.shipping).toMatchObject({ source: "import", amount: 612, rule: null });
  });

  it("first match wins; unknown country only matches zone-less rules", () => {
    const rules = s.shipping.rules;
    const lines = [{ title: "DHL Paket", code: "dhl" }];
    expect(matchShippingRule(rules, { countryCode: "DE", weightGrams: 800, shippingLines: lines })).toMatchObject({ kind: "rule", index: 0 });
    expect(matchShippingRule(rules, { countryCode: "DE", weightGrams: 2000, shippingLines: lines })).toMatchObject({ kind: "rule", index: 1 });
    expect(matchShippingRule(rules, { countryCode: null, weightGrams: 800, shippingLines: lines })).toEqual({ kind: "default" });
  });
});

describe("marginContextFor", () => {
  it("resolves the settings in force, unit costs and imported shipping cost for an order", () => {
    let h = defaultSettingsHistory("EUR", "Europe/Paris");
    h = appendVersion(h, { effectiveFrom: "2026-11-01", savedAt: null, note: null, settings: { ...defaultCostSettings(), packaging: { perParcel: 70 } } });
    const o = order({ name: "#1001", processedAt: "2026-10-31T23:30:00Z", currency: "EUR", taxesIncluded: false, lines: [{ id: "a", name: "A", quantity: 1, price: "10.00", grams: 100 }] });
    const csv = shippingCostsFromRecords([{ line: 1, cells: ["#1001", "5.10"] }], ",", "EUR");
    if (!csv.ok) throw new Error("csv");
    const unitCostsHistory = { currency: "EUR", timeZone: "Europe/Paris", variants: new Map([["gid://shopify/ProductVariant/a", { shopify: [], overrides: [{ effectiveFrom: null, cost: 400 }] }]]) };
    const ctx = marginContextFor(o, { settings: h, unitCosts: unitCostsHistory, shippingCosts: csv.value });
    // 23:30 UTC on 31 October is 1 November in Paris: the November version applies
    expect(ctx.settings.packaging.perParcel).toBe(70);
    expect(ctx.actualShippingCost).toBe(510);
    const m = computeOrderMargin(o, ctx);
    // 10.00 − 4.00 − 5.10 − 0.70 = 0.20
    expect(m.netMargin).toBe(20);
    expect(() => marginContextFor({ ...o, currency: "USD" }, { settings: h, unitCosts: unitCostsHistory })).toThrow(/EUR/);
  });
});
