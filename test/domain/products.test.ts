import { describe, expect, it } from "vitest";
import {
  ProductAggregator,
  aggregateProducts,
  computeOrderMargin,
  type MarginContext,
  type OrderMargin,
} from "../../app/domain/index";
import { order, settings, unitCosts, type OrderSpec } from "./helpers";

// Digital products (nothing ships) and no fees, so every number is easy to follow.
const s = settings({ provisions: { returnsPercent: 10 } }, "EUR");
const ctx: MarginContext = { settings: s, unitCost: unitCosts({ mug: 500, poster: 1800 }), fixedCosts: null, actualShippingCost: null };

function margin(id: string, processedAt: string, lines: OrderSpec["lines"], extra: Partial<OrderSpec> = {}): OrderMargin {
  return computeOrderMargin(
    order({ id: `gid://shopify/Order/${id}`, name: `#${id}`, processedAt, currency: "EUR", taxesIncluded: false, lines, ...extra }),
    ctx,
  );
}

const mug = (quantity: number, price: string) => ({ id: "mug", name: "Mug", quantity, price, requiresShipping: false });
const poster = (quantity: number, price: string) => ({ id: "poster", name: "Poster", quantity, price, requiresShipping: false });
const sticker = { id: "sticker", name: "Sticker", quantity: 1, price: "2.00", requiresShipping: false };

const margins = [
  // #1: mug 2 × 10.00 → 20.00 − 10.00 COGS − 2.00 provision = 8.00; poster 1 × 20.00 → 20.00 − 18.00 − 2.00 = 0.00
  margin("1", "2026-11-02T10:00:00Z", [mug(2, "10.00"), poster(1, "20.00")]),
  // #2: poster 1 × 19.00 → 19.00 − 18.00 − 1.90 = −0.90; sticker (no cost) left out
  margin("2", "2026-11-05T10:00:00Z", [poster(1, "19.00"), sticker]),
  // #3 cancelled, #4 test: excluded by default
  margin("3", "2026-11-06T10:00:00Z", [mug(5, "10.00")], { cancelled: true }),
  margin("4", "2026-11-07T10:00:00Z", [mug(5, "10.00")], { test: true }),
  // #5 outside the period
  margin("5", "2026-12-01T10:00:00Z", [mug(1, "10.00")]),
];
const period = { from: "2026-11-01T00:00:00Z", to: "2026-12-01T00:00:00Z" };

describe("per-product results over a period", () => {
  const results = aggregateProducts(margins, { period, thresholds: s.thresholds });

  it("adds up lines per product, loss-makers first", () => {
    expect(results.map((p) => p.title)).toEqual(["Poster", "Sticker", "Mug"]);
    const [posterP, stickerP, mugP] = results;
    // Poster: 20.00 + 19.00 = 39.00 revenue; COGS 2 × 18.00 = 36.00; provisions 2.00 + 1.90 = 3.90; margin −0.90
    expect(posterP).toMatchObject({ productId: "gid://shopify/Product/poster", orders: 2, units: 2, netRevenue: 3900, netMargin: -90 });
    expect(posterP!.costs).toMatchObject({ costOfGoods: 3600, provisions: { returns: 390, fraud: 0, spoilage: 0 } });
    // −0.90 / 39.00 = −2.31 %
    expect(posterP!.marginPct).toMatchObject({ kind: "percent", value: -2.31 });
    expect(posterP!.flags.map((f) => f.code)).toEqual(["LOSS"]);
    // Sticker: its only line has no cost: left out, counted apart, flagged
    expect(stickerP).toMatchObject({ lines: 0, units: 0, netRevenue: 0, missingCost: { lines: 1, units: 1, netRevenue: 200 } });
    expect(stickerP!.marginPct.kind).toBe("undefined");
    expect(stickerP!.flags.map((f) => f.code)).toEqual(["MISSING_COST"]);
    // Mug: only order #1 counts (cancelled, test and December orders excluded): 8.00 on 20.00 = 40 %
    expect(mugP).toMatchObject({ orders: 1, units: 2, netRevenue: 2000, netMargin: 800, marginPct: { value: 40 } });
  });

  it("products add up to the orders of the period", () => {
    const counted = margins.filter((m) => !m.cancelled && !m.test && m.processedAt < period.to);
    const sum = (f: (x: { netMargin: number; netRevenue: number }) => number, xs: { netMargin: number; netRevenue: number }[]) => xs.reduce((a, x) => a + f(x), 0);
    expect(sum((x) => x.netMargin, results)).toBe(sum((x) => x.netMargin, counted));
    expect(sum((x) => x.netRevenue, results)).toBe(sum((x) => x.netRevenue, counted));
  });

  it("can include cancelled and test orders on request, and streams", () => {
    const agg = new ProductAggregator({ period, thresholds: s.thresholds, includeCancelled: true, includeTest: true });
    expect(margins.map((m) => agg.add(m))).toEqual([true, true, true, true, false]);
    expect(agg.results().find((p) => p.title === "Mug")).toMatchObject({ orders: 3, units: 12 });
  });

  it("refuses to mix currencies", () => {
    const usd = computeOrderMargin(order({ currency: "USD", taxesIncluded: false, processedAt: "2026-11-02T10:00:00Z", lines: [mug(1, "1.00")] }), ctx);
    expect(() => aggregateProducts([margins[0]!, usd], { period, thresholds: s.thresholds })).toThrow(/USD/);
  });
});

describe("profitability targets", () => {
  it("finds the price rise and the unit-cost cut that reach 0 and the thin target, by hand", async () => {
    const { profitabilityTargets } = await import("../../app/domain/products");
    const costs = { costOfGoods: 4000, shipping: 0, packaging: 0, labour: 0, paymentFees: 0, fixedCosts: 0, stockCarrying: 0, provisions: { returns: 0, fraud: 0, spoilage: 0 } };
    // 10 units sold 100.00 in all, net margin −20.00. Fees and provisions: 5 % of revenue.
    const p = { units: 10, merchandise: 10_000, shipping: 0, netMargin: -2000, costs };
    // To 0: each unit's rise keeps 95 %: 2000 / (10 × 0.95) = 210.53 → 2.11 per unit; a cost cut: 2000 / 10 = 2.00 per unit.
    expect(profitabilityTargets(p, { variablePercent: 5, targetPercent: 0 })).toEqual({ priceIncreasePerUnit: 211, unitCostDecrease: 200, currentPricePerUnit: 1000, currentCostPerUnit: 400 });
    // To 10 %: (0.10 × 10000 + 2000) / (10 × (1 − 0.05 − 0.10)) = 3000 / 8.5 = 352.94 → 3.53; cost: 3000 / 10 = 3.00.
    expect(profitabilityTargets(p, { variablePercent: 5, targetPercent: 10 })).toMatchObject({ priceIncreasePerUnit: 353, unitCostDecrease: 300 });
    // Already above the target: nothing to change. No units kept: nothing to say.
    expect(profitabilityTargets({ ...p, netMargin: 3000 }, { variablePercent: 5, targetPercent: 10 })).toMatchObject({ priceIncreasePerUnit: 0, unitCostDecrease: 0 });
    expect(profitabilityTargets({ ...p, units: 0 }, { variablePercent: 5, targetPercent: 10 })).toBeNull();
  });
});
