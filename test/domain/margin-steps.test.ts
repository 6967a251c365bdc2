/**
 * The margin engine's steps one by one (app/domain/margin-steps.ts), on one small
 * order worked out by hand. Amounts in minor units (1 USD = 100).
 *
 * The order (USD, sales tax added, to the US):
 * - mug: 2 × 12.00 − 2.00 discount = 22.00 kept (2200), 350 g a unit (700 g);
 * - tea: 3 × 5.00 = 15.00 kept (1500), 100 g a unit (300 g);
 * - shipping charged 7.50 (750);
 * - paid 40.00 through shopify_payments (no fee reported) + 4.50 with a gift card.
 * Settings: packaging weight 150 g; carrier "US < 1 kg" 6.10, "US 1-2 kg" 8.40,
 * else 12.00; packaging 0.80 a parcel; labour 1.50 an order + 0.25 an item;
 * shopify_payments 2.9 % + 0.30; provisions returns 2 %, fraud 0.5 %, spoilage 1 %.
 */
import { describe, expect, it } from "vitest";

import { computeOrderMargin, type MarginContext } from "../../app/domain/index";
import { flagsFor } from "../../app/domain/margin-flags";
import {
  costOfGoodsOf,
  fixedCostsOf,
  labourOf,
  lineBases,
  lineSharesOf,
  orderTotalsOf,
  lineMarginsOf,
  packagingOf,
  parcelOf,
  paymentFeesOf,
  provisionsOf,
  revenueOf,
  shipmentOf,
  shippingPaidOf,
  withoutDiscountsMargin,
} from "../../app/domain/margin-steps";
import { percentRate } from "../../app/domain/money";
import { order, settings, unitCosts, type OrderSpec } from "./helpers";

const spec: OrderSpec = {
  currency: "USD",
  taxesIncluded: false,
  country: "US",
  lines: [
    { id: "mug", name: "Stoneware mug", quantity: 2, price: "12.00", discounts: ["2.00"], grams: 350 },
    { id: "tea", name: "Loose tea", quantity: 3, price: "5.00", grams: 100 },
  ],
  shipping: [{ title: "Standard", price: "7.50" }],
  transactions: [
    { gateway: "shopify_payments", amount: "40.00" },
    { gateway: "gift_card", amount: "4.50" },
  ],
};
const o = order(spec);
const s = settings(
  {
    shipping: {
      packagingWeightGrams: 150,
      rules: [
        { name: "US < 1 kg", countries: ["US"], minWeightGrams: 0, maxWeightGrams: 1000, cost: "6.10" },
        { name: "US 1-2 kg", countries: ["US"], minWeightGrams: 1000, maxWeightGrams: 2000, cost: "8.40" },
      ],
      defaultCost: "12.00",
    },
    packaging: { perParcel: "0.80" },
    labour: { perOrder: "1.50", perItem: "0.25" },
    paymentFees: { gateways: [{ gateway: "shopify_payments", percent: 2.9, fixed: "0.30" }], default: { percent: 2, fixed: "0.25" } },
    provisions: { returnsPercent: 2, fraudPercent: 0.5, spoilagePercent: 1 },
    thresholds: { thinMarginPercent: 10, shippingHeavyPercent: 25 },
  },
  "USD",
);
const parcel = parcelOf(o, s.shipping.packagingWeightGrams, null);
const bases = lineBases(o.lines, parcel);
const revenue = revenueOf(o, parcel.gift, bases);

describe("parcel", () => {
  it("weighs the shipped lines and the packaging", () => {
    // 2 × 350 + 3 × 100 = 1000 g of goods + 150 g of packaging = 1150 g; 2 + 3 = 5 items.
    expect(parcel.hasParcel).toBe(true);
    expect(parcel.lineGrams).toEqual([700, 300]);
    expect(parcel.weightGrams).toBe(1150);
    expect(parcel.weight).toEqual({ source: "order", lineIds: [] });
    expect(parcel.itemsShipped).toBe(5);
  });

  it("estimates a line the order did not weigh with its catalog weight", () => {
    // tea unweighed on the order, 120 g in the catalog: 700 + 3 × 120 + 150 = 1210 g.
    const unweighed = order({ ...spec, lines: [spec.lines[0]!, { ...spec.lines[1]!, grams: null }] });
    const p = parcelOf(unweighed, 150, new Map([["gid://shopify/ProductVariant/tea", 120]]));
    expect(p.weightGrams).toBe(1210);
    expect(p.weight).toEqual({ source: "estimated", lineIds: ["gid://shopify/LineItem/tea"] });
    // Not in the catalog either: weight unknown.
    expect(parcelOf(unweighed, 150, null)).toMatchObject({ weightGrams: null, weight: { source: "unknown" } });
  });

  it("sees a point-of-sale sale without a shipping line as taken away", () => {
    const p = parcelOf(order({ ...spec, sourceName: "pos", shipping: [] }), 150, null);
    expect([p.takenAway, p.hasParcel]).toEqual([true, false]);
  });
});

describe("revenue", () => {
  it("adds each line's share of shipping, by weight, to its merchandise", () => {
    // Shipping 750 split 700 g : 300 g → 525 : 225.
    // mug 2200 + 525 = 2725; tea 1500 + 225 = 1725; order 4450.
    expect([revenue.shippingCharged, revenue.shippingRefunded]).toEqual([750, 0]);
    expect(revenue.shippingShares).toEqual([525, 225]);
    expect(revenue.lineRevenue).toEqual([2725, 1725]);
    expect(revenue.orderRevenue).toBe(4450);
  });
});

describe("cost of goods", () => {
  it("multiplies the units kept by the unit cost in force", () => {
    // mug 2 × 5.00 = 1000; tea 3 × 1.80 = 540.
    const c = costOfGoodsOf(o, unitCosts({ mug: 500, tea: 180 }), { mode: "exclude" }, "half-even");
    expect(c.amounts).toEqual([1000, 540]);
    expect(c.included).toEqual([true, true]);
    expect(c.status.map((x) => x.status)).toEqual(["known", "known"]);
  });

  it("leaves an unknown cost out, or estimates it as a % of the list price", () => {
    // tea unknown. Excluded: 0 and not included. At 40 % of its price: 3 × 500 × 40 % = 600.
    const excluded = costOfGoodsOf(o, unitCosts({ mug: 500 }), { mode: "exclude" }, "half-even");
    expect(excluded.amounts).toEqual([1000, 0]);
    expect(excluded.included).toEqual([true, false]);
    const estimated = costOfGoodsOf(o, unitCosts({ mug: 500 }), { mode: "percentOfPrice", percent: 40 }, "half-even");
    expect(estimated.amounts).toEqual([1000, 600]);
    expect(estimated.status[1]).toMatchObject({ status: "estimated", percentOfPrice: 40 });
  });
});

describe("shipping paid", () => {
  it("prices the parcel with the first rule that matches its weight band", () => {
    // 1150 g: not under 1 kg, so "US 1-2 kg" (index 1): 8.40.
    const shipment = shipmentOf(o, parcel, null);
    expect(shipment).toEqual({ parcels: 1, notShipped: false, note: null });
    expect(shippingPaidOf(o, s.shipping, parcel, shipment, null)).toEqual({ source: "rule", amount: 840, rule: "US 1-2 kg", ruleIndex: 1, unknownDestination: null });
  });

  it("takes an imported cost as it is", () => {
    expect(shippingPaidOf(o, s.shipping, parcel, shipmentOf(o, parcel, 655), 655)).toMatchObject({ source: "import", amount: 655 });
  });

  it("charges nothing for an order cancelled before anything left, and per parcel for one stopped after two left", () => {
    const cancelled = order({ ...spec, cancelled: true, fulfilment: { status: "UNFULFILLED", fulfillments: [] } });
    const none = shipmentOf(cancelled, parcel, null);
    expect([none.parcels, none.notShipped]).toEqual([0, true]);
    expect(shippingPaidOf(cancelled, s.shipping, parcel, none, null)).toMatchObject({ source: "not-shipped", amount: 0 });
    // Two parcels left: 2 × 8.40 = 16.80.
    const two = order({ ...spec, cancelled: true, fulfilment: { status: "PARTIALLY_FULFILLED", fulfillments: ["SUCCESS", "SUCCESS"] } });
    const left = shipmentOf(two, parcel, null);
    expect(left.parcels).toBe(2);
    expect(shippingPaidOf(two, s.shipping, parcel, left, null)).toMatchObject({ source: "rule", amount: 1680 });
  });

  it("prices a hidden destination as the merchant's country for unknown destinations", () => {
    // No country, none assumed: the US rules cannot match → default 12.00, said so.
    const hidden = order({ ...spec, country: null });
    const shipment = shipmentOf(hidden, parcel, null);
    expect(shippingPaidOf(hidden, s.shipping, parcel, shipment, null)).toMatchObject({ source: "default", amount: 1200, unknownDestination: { assumedCountry: null } });
    // Assumed US: the 1-2 kg rule again, 8.40.
    const assumeUs = { ...s.shipping, unknownDestinationCountry: "US" };
    expect(shippingPaidOf(hidden, assumeUs, parcel, shipment, null)).toMatchObject({ source: "rule", amount: 840, unknownDestination: { assumedCountry: "US" } });
  });
});

describe("packaging and labour", () => {
  it("costs packaging per parcel and labour per order + per item shipped", () => {
    // Packaging 1 × 0.80 = 80; labour 1.50 + 5 × 0.25 = 2.75 (275). No parcel: nothing.
    expect(packagingOf(s.packaging, 1)).toBe(80);
    expect(labourOf(s.labour, 1, parcel.itemsShipped)).toBe(275);
    expect([packagingOf(s.packaging, 0), labourOf(s.labour, 0, 5)]).toEqual([0, 0]);
    // Two parcels that left: 2 × 0.80 = 1.60; labour stays per order.
    expect(packagingOf(s.packaging, 2)).toBe(160);
  });
});

describe("payment fees", () => {
  it("estimates the gateway's % + fixed per sale; a gift card has no fee", () => {
    // 40.00 × 2.9 % = 1.16 + 0.30 = 1.46 (146); gift card 0.
    const fees = paymentFeesOf(o.transactions, s, "half-even");
    expect([fees.actual, fees.estimated, fees.total]).toEqual([0, 146, 146]);
    expect(fees.transactions.map((t) => [t.fee, t.rule])).toEqual([
      [146, "shopify_payments"],
      [0, "gift_card (no fee)"],
    ]);
  });

  it("takes Shopify's actual fees when reported", () => {
    // Reported 1.31 on the sale: that, not the estimate.
    const actual = order({ ...spec, transactions: [{ gateway: "shopify_payments", amount: "44.50", fees: ["1.31"] }] });
    expect(paymentFeesOf(actual.transactions, s, "half-even")).toMatchObject({ actual: 131, estimated: 0, total: 131 });
  });
});

describe("fixed costs", () => {
  it("takes the order's share as given, and says when none was allocated", () => {
    expect(fixedCostsOf({ amount: 210, month: "2026-11", method: "orders" })).toEqual({ amount: 210, allocated: true, month: "2026-11", method: "orders" });
    expect(fixedCostsOf(null)).toEqual({ amount: 0, allocated: false, month: null, method: null });
  });
});

describe("provisions", () => {
  it("applies each rate once to the order's net revenue, rounding half-even", () => {
    // 4450 × 2 % = 89; × 0.5 % = 22.25 → 22; × 1 % = 44.5 → 44 (half-even).
    expect(provisionsOf(revenue.orderRevenue, s.provisions, "half-even")).toMatchObject({ returns: 89, fraud: 22, spoilage: 44 });
    // Half-up: 22.25 → 22, 44.5 → 45.
    expect(provisionsOf(revenue.orderRevenue, s.provisions, "half-up")).toMatchObject({ returns: 89, fraud: 22, spoilage: 45 });
    // Negative revenue: nothing to provision.
    expect(provisionsOf(-500, s.provisions, "half-even")).toMatchObject({ returns: 0, fraud: 0, spoilage: 0 });
  });
});

describe("lines and totals", () => {
  const costOfGoods = costOfGoodsOf(o, unitCosts({ mug: 500, tea: 180 }), { mode: "exclude" }, "half-even");
  const provisions = provisionsOf(revenue.orderRevenue, s.provisions, "half-even");
  const shares = lineSharesOf({ shipping: 840, packaging: 80, labour: 275, paymentFees: 146, fixedCosts: 210, provisions }, bases, revenue);

  it("splits each order-level cost over the lines, exactly", () => {
    // Carrier 840 and packaging 80 by weight 7 : 3 → 588 : 252 and 56 : 24.
    // Labour 275 by items shipped 2 : 3 → 110 : 165.
    // Fees 146 by revenue 2725 : 1725 → 89.41 : 56.59 → 89 : 56, the leftover unit to the larger remainder → 89 : 57.
    // Fixed 210 → 128.60 : 81.40 → 128 : 81 + 1 → 129 : 81.
    expect(shares.shipping).toEqual([588, 252]);
    expect(shares.packaging).toEqual([56, 24]);
    expect(shares.labour).toEqual([110, 165]);
    expect(shares.paymentFees).toEqual([89, 57]);
    expect(shares.fixedCosts).toEqual([129, 81]);
  });

  it("adds the included lines back up to the order", () => {
    const lines = lineMarginsOf({ order: o, gift: null, revenue, costOfGoods, shares, stockCarrying: null, provisionRates: provisions.rates, thresholds: s.thresholds, lineFlags: true, mode: "half-even" });
    const t = orderTotalsOf(lines);
    // Costs: goods 1540 + carrier 840 + packaging 80 + labour 275 + fees 146 + fixed 210 + provisions (89 + 22 + 44) 155 = 3246.
    // Net margin 4450 − 3246 = 1204.
    expect(t.netRevenue).toBe(4450);
    expect(lines.reduce((a, l) => a + l.totalCosts, 0)).toBe(3246);
    expect(t.netMargin).toBe(1204);
    expect([t.includedLines, t.knownLines, t.excluded, t.giftCards]).toEqual([2, 2, null, null]);
  });

  it("composes into computeOrderMargin", () => {
    const ctx: MarginContext = { settings: s, unitCost: unitCosts({ mug: 500, tea: 180 }), fixedCosts: { amount: 210 }, actualShippingCost: null };
    const m = computeOrderMargin(o, ctx);
    // 1204 / 4450 = 27.0561… % → 2706 basis points.
    expect([m.netRevenue, m.totalCosts, m.netMargin]).toEqual([4450, 3246, 1204]);
    expect(m.marginPct).toEqual({ kind: "percent", value: 27.06, basisPoints: 2706 });
    expect(m.steps.shipping).toMatchObject({ amount: 840, orderAmount: 840, rule: "US 1-2 kg", parcelWeightGrams: 1150 });
  });
});

describe("flags", () => {
  const thresholds = { thinMarginPercent: 10, shippingHeavyPercent: 25 };
  const facts = {
    subject: "order" as const,
    currency: "USD",
    netRevenue: 4000,
    netMargin: 300,
    totalCosts: 3700,
    shippingCost: 1100,
    discount: 0,
    withoutDiscountsMargin: 300,
    missingLines: 0,
    estimatedLines: 0,
    missingPercentOfPrice: null,
    thresholds,
  };

  it("raises THIN under the threshold and SHIPPING_HEAVY above it", () => {
    // 300 / 4000 = 7.5 % < 10 % → THIN; 1100 / 4000 = 27.5 % > 25 % → SHIPPING_HEAVY.
    const flags = flagsFor(facts);
    expect(flags.map((f) => f.code)).toEqual(["THIN", "SHIPPING_HEAVY"]);
    expect(flags[0]!.reason).toBe("This order keeps only $3.00 (7.5% of net revenue), under the 10.0% threshold.");
    expect(flags[1]!.reason).toBe("Shipping paid ($11.00) is 27.5% of net revenue ($40.00), above the 25.0% threshold.");
    // 400 / 4000 = exactly 10 %: not under. 1000 / 4000 = exactly 25 %: not above.
    expect(flagsFor({ ...facts, netMargin: 400, shippingCost: 1000 })).toEqual([]);
  });

  it("raises LOSS, and DISCOUNT_DRIVEN when the discounts made it one", () => {
    // Loses 1.00; without its 5.00 discount it would earn 3.70 (worked out below).
    const flags = flagsFor({ ...facts, netMargin: -100, totalCosts: 4100, shippingCost: 0, discount: 500, withoutDiscountsMargin: 370 });
    expect(flags.map((f) => f.code)).toEqual(["LOSS", "DISCOUNT_DRIVEN"]);
    expect(flags[0]!.reason).toBe("This order loses $1.00: its costs ($41.00) exceed its net revenue ($40.00).");
  });

  it("works out the margin without discounts", () => {
    // Margin −100 on revenue 2000 with fees 60; discount 500 added back:
    // fees grow 60 × 500 / 2000 = 15; provisions 2 % and 1 % of 500 = 10 + 5 = 15.
    // −100 + 500 − 15 − 15 = 370.
    expect(withoutDiscountsMargin(-100, 2000, 60, 500, [percentRate(2), percentRate(1)], "half-even")).toBe(370);
    // No discount: the margin as it is.
    expect(withoutDiscountsMargin(-100, 2000, 60, 0, [percentRate(2)], "half-even")).toBe(-100);
  });
});
