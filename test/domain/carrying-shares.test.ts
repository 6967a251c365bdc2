/**
 * CarryingShares (issue 18, item 4): a product's monthly carrying cost shared over its
 * order lines as they stream in, and the engine's "Stock carrying" step. Worked by hand
 * (cents).
 */
import { describe, expect, it } from "vitest";

import { CarryingShares, monthCarryingCost, spreadOverUnitsSold } from "../../app/domain/carrying-cost";
import { orderMarginToJson } from "../../app/domain/breakdown-json";
import { computeOrderMargin, waterfall } from "../../app/domain/margin";
import { defaultCostSettings } from "../../app/domain/settings";
import { unitCosts } from "./helpers";
import type { NormalisedOrder } from "../../app/domain/types";

const line = (productId: string | null, currentQuantity: number, isGiftCard = false) => ({ productId, currentQuantity, isGiftCard });

describe("CarryingShares", () => {
  it("shares 100.00 over 3 units by cumulative rounding: 33.33, 33.34, 33.33, adding up exactly", () => {
    const s = new CarryingShares("2026-12", new Map([["P", { total: 10_000, unitsSold: 3 }]]));
    // 10,000 × 1/3 = 3,333.33 → 3,333; × 2/3 = 6,666.67 → 6,667 (− 3,333 = 3,334); × 3/3 = 10,000 (− 6,667 = 3,333).
    const shares = [s.sharesFor([line("P", 1)]), s.sharesFor([line("P", 1)]), s.sharesFor([line("P", 1)])];
    expect(shares).toEqual([[3333], [3334], [3333]]);
    // Largest remainder over the whole list (spreadOverUnitsSold) gives the extra cent to the first line instead: the same total.
    expect(spreadOverUnitsSold(10_000, [1, 1, 1], "2026-12", "EUR").shares).toEqual([3334, 3333, 3333]);
  });

  it("gives gift cards, lines without a product, products without a cost and returned-in-full lines nothing", () => {
    const s = new CarryingShares("2026-12", new Map([["P", { total: 900, unitsSold: 3 }]]));
    // Order lines: P × 2, a gift card, a custom item, Q (no cost), P fully refunded (0 kept).
    expect(s.sharesFor([line("P", 2), line("P", 1, true), line(null, 4), line("Q", 5), line("P", 0)])).toEqual([600, 0, 0, 0, 0]);
    expect(s.sharesFor([line("Q", 1)])).toBeNull();
  });

  it("books what the lines did not carry on the product: all of it when it sold nothing, an excluded line's share, units beyond the tally", () => {
    const s = new CarryingShares(
      "2026-12",
      new Map([
        ["COAT", { total: 10_000, unitsSold: 0 }],
        ["MUG", { total: 1500, unitsSold: 4 }],
      ]),
    );
    // MUG: 2 units → 1,500 × 2/4 = 750, carried; 1 unit → 1,125 − 750 = 375, on an excluded line (not carried);
    // 1 unit → 375, carried; 2 more units than the tally counted (an order changed meanwhile): nothing more.
    for (const [units, included] of [[2, true], [1, false], [1, true], [2, true]] as const) {
      const [share] = s.sharesFor([line("MUG", units)]) ?? [0];
      if (included) s.carried("MUG", share!);
    }
    // COAT: 10,000 unsold; MUG: 1,500 − 750 − 375 = 375 (the excluded line's share).
    expect(s.rest()).toEqual([
      { productId: "COAT", amount: 10_000 },
      { productId: "MUG", amount: 375 },
    ]);
  });

  it("picks up after the units shared before (the order page's one order)", () => {
    // 7 mugs in the month, 3 before this order of 4: 15,000 − round(15,000 × 3 / 7 = 6,428.57) = 8,571.
    const s = new CarryingShares("2026-12", new Map([["MUG", { total: 15_000, unitsSold: 7 }]]), "half-even", new Map([["MUG", 3]]));
    expect(s.sharesFor([line("MUG", 4)])).toEqual([8571]);
  });
});

describe("monthCarryingCost over part of a month", () => {
  it("counts a monthly bill for the days with stock history: 200.00 × 11 / 30 = 73.33", () => {
    const m = monthCarryingCost("2026-11", "EUR", { storage: { kind: "monthly", amount: 20_000 }, spread: "units", capitalAnnualPercent: 0 }, [{ id: "P", unitDays: 110, valueDays: 0 }], "half-even", 11);
    expect(m.storageTotal).toBe(7333);
    expect(m.items).toEqual([{ id: "P", storage: 7333, capital: 0, total: 7333 }]);
  });
});

describe("the engine's Stock carrying step", () => {
  const order: NormalisedOrder = {
    id: "gid://shopify/Order/1",
    name: "#1",
    processedAt: "2026-12-05T10:00:00Z",
    currency: "EUR",
    taxesIncluded: false,
    cancelled: false,
    test: false,
    sourceName: "web",
    shippingCountryCode: "FR",
    lines: [
      { id: "L1", productId: "MUG", variantId: "V1", sku: null, title: "Mug", quantity: 3, currentQuantity: 3, netRevenueBeforeTax: 6000, discountBeforeTax: 0, tax: 0, unitPriceBeforeTax: 2000, unitWeightGrams: null, requiresShipping: false },
      { id: "L2", productId: null, variantId: null, sku: null, title: "Gift card", quantity: 1, currentQuantity: 1, netRevenueBeforeTax: 5000, discountBeforeTax: 0, tax: 0, unitPriceBeforeTax: 5000, unitWeightGrams: null, requiresShipping: false, isGiftCard: true },
    ],
    shippingLines: [],
    transactions: [],
    refunds: { lineItemsBeforeTax: 0, shippingBeforeTax: 0 },
  };
  const unitCost = unitCosts({ V1: 1000 });

  it("is a step after fixed costs; the mug line carries its share, the gift card none; the order's margin is the lines'", () => {
    const m = computeOrderMargin(order, { settings: defaultCostSettings(), unitCost, fixedCosts: null, actualShippingCost: null, stockCarrying: { month: "2026-12", byLine: [6429, 999] } });
    // Mug: 60.00 − 30.00 − 64.29 = −34.29; the gift card is kept apart (and its 9.99 ignored).
    expect(m.lines[0]!.costs.stockCarrying).toBe(6429);
    expect(m.lines[1]!.costs.stockCarrying).toBe(0);
    expect(m.steps.stockCarrying).toEqual({ amount: 6429, month: "2026-12" });
    expect(m.netMargin).toBe(-3429);
    expect(waterfall(m).map((w) => [w.step, w.amount])).toEqual([
      ["netRevenue", 6000],
      ["costOfGoods", -3000],
      ["shipping", -0],
      ["packaging", -0],
      ["labour", -0],
      ["paymentFees", -0],
      ["fixedCosts", -0],
      ["stockCarrying", -6429],
      ["provisions", -0],
      ["netMargin", -3429],
    ]);
    // The command line's JSON (`npm run margin`) names the step and its month, on the order and its line.
    const json = orderMarginToJson(m);
    expect(json.steps.stockCarrying).toEqual({ amount: "64.29", month: "2026-12" });
    expect(json.lines[0]!.costs.stockCarrying).toBe("64.29");
    expect(json.lines[1]!.costs.stockCarrying).toBe("0.00");
  });
});
