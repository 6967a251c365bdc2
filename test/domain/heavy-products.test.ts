/**
 * Heavy products and the surcharge that brings them to break-even. Expected numbers
 * worked out by hand (minor units: 100 = 1.00 EUR).
 */
import { describe, expect, it } from "vitest";
import { ZERO_COSTS, breakEvenSurcharge, heavyProducts, type ProductMargin } from "../../app/domain/index";
import { settings } from "./helpers";

// Default gateway 1.4 % + 0.25; provisions: returns 2 %.
const s = settings({ paymentFees: { default: { percent: 1.4, fixed: "0.25" } }, provisions: { returnsPercent: 2 } }, "EUR");

function product(id: string, units: number, netMargin: number, shipping: number, shippingCharged = 0): ProductMargin {
  return {
    productId: `gid://shopify/Product/${id}`,
    title: id,
    currency: "EUR",
    orders: units,
    lines: units,
    units,
    netRevenue: 0,
    revenue: { merchandise: 0, shipping: shippingCharged },
    discounts: 0,
    costs: { ...ZERO_COSTS, shipping },
    totalCosts: shipping,
    netMargin,
    marginPct: { kind: "undefined", reason: "test" },
    withoutDiscounts: { netMargin },
    missingCost: { lines: 0, units: 0, netRevenue: 0 },
    estimatedCostLines: 0,
    flags: [],
  };
}

describe("heavy products", () => {
  const list = heavyProducts(
    [
      product("tote", 10, 500, 1000), // earns: not listed
      product("candle", 2, -200, 100), // loses 2.00, of which shipping 1.00: loses even before shipping
      product("pot", 4, -1000, 4000, 800), // cast-iron pot: 40.00 carrier vs 30.00 margin before shipping
      product("ebook", 5, -300, 0), // loses, but ships nothing: not a shipping problem
    ],
    s,
  );

  it("lists products whose carrier cost exceeds their margin before shipping, biggest loss first", () => {
    expect(list.map((p) => p.title)).toEqual(["pot", "candle"]);
    // pot: margin before shipping −10.00 + 40.00 = 30.00 < 40.00; 10.00 per unit of carrier cost.
    expect(list[0]).toMatchObject({ units: 4, shippingPaid: 4000, shippingCharged: 800, marginBeforeShipping: 3000, netMargin: -1000, shippingPaidPerUnit: 1000, lossBeforeShipping: false });
    // candle: −2.00 + 1.00 = −1.00 before shipping: a price problem too.
    expect(list[1]).toMatchObject({ marginBeforeShipping: -100, lossBeforeShipping: true });
  });

  it("gives the surcharge per unit that brings each to break-even", () => {
    // pot: loss 10.00 over 4 units. s = 2.59 → S = 10.36; fee 1.4 % = 14.504 → 15; returns 2 % = 20.72 → 21;
    //   gain 1036 − 36 = 1000 ≥ 1000 ✓. s = 2.58 → S = 10.32; fee 14.448 → 14; returns 20.64 → 21; gain 997 ✗.
    expect(list[0]!.surchargePerUnit).toBe(259);
    // candle: loss 2.00 over 2 units. s = 1.04 → S = 2.08; fee 2.912 → 3; returns 4.16 → 4; gain 201 ✓.
    //   s = 1.03 → S = 2.06; fee 2.884 → 3; returns 4.12 → 4; gain 199 ✗.
    expect(list[1]!.surchargePerUnit).toBe(104);
  });

  it("charges fees on the tax-inclusive surcharge", () => {
    // 20 % VAT. s = 2.59: S = 1036, paid 1036 + 207.2 → 207 = 1243; fee 17.402 → 17; returns 21; gain 998 ✗.
    // s = 2.60: S = 1040, paid 1040 + 208 = 1248; fee 17.472 → 17; returns 20.8 → 21; gain 1002 ✓.
    expect(breakEvenSurcharge(1000, 4, s, { num: 1, den: 5 })).toBe(260);
  });

  it("needs no surcharge without a loss, and none can help when fees and provisions take everything", () => {
    expect(breakEvenSurcharge(0, 3, s)).toBe(0);
    const greedy = settings({ paymentFees: { default: { percent: 50, fixed: "0" } }, provisions: { returnsPercent: 50 } }, "EUR");
    expect(breakEvenSurcharge(100, 1, greedy)).toBeNull();
  });
});
