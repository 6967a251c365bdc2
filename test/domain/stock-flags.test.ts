/**
 * Stock flags (issue 18, item 6): DEAD_STOCK, OVERSTOCK and STOCKOUT_RISK with their reasons,
 * from variants' stock health computed by the domain (stock-health.ts) on hand-made histories.
 * Money in minor units (100 = €1.00); every number worked out in the comments.
 */
import { describe, expect, it } from "vitest";

import { DEFAULT_STOCK_HEALTH_OPTIONS, variantStockHealth, type VariantStockInput } from "../../app/domain/stock-health";
import { STOCK_FLAG_LABELS, stockFlags, stockFlagTooltip, type StockFlagVariant } from "../../app/domain/stock-flags";

// The last complete day: the 28-day window is 10 Nov – 7 Dec 2026, the 90-day one 9 Sep – 7 Dec.
const AS_OF = "2026-12-07";
const O = DEFAULT_STOCK_HEALTH_OPTIONS;

function variant(title: string | null, input: Partial<VariantStockInput> & Pick<VariantStockInput, "onHand">): StockFlagVariant {
  const full: VariantStockInput = { variantId: `gid://shopify/ProductVariant/${title ?? 1}`, currency: "EUR", unitCost: 500, unitPrice: 1200, lastSaleOn: null, unitsSoldByDay: new Map(), ...input };
  return { variantTitle: title, health: variantStockHealth(full, AS_OF) };
}

// 120 days before 7 Dec 2026: 7 Dec − 7 = 30 Nov, − 30 = 31 Oct, − 31 = 30 Sep, − 30 = 31 Aug, − 22 = 9 Aug (7 + 30 + 31 + 30 + 22 = 120).
const dead = (title: string | null, onHand: number, unitCost: number | null) =>
  variant(title, { onHand, unitCost, lastSaleOn: "2026-08-09", unitsSoldByDay: new Map([["2026-08-09", 2]]) });

// 28 units sold on 7 Dec, nothing recorded about stock before (no snapshot: every day counts as in stock):
// short window 28 units / 28 days = 1 a day; cover = floor(onHand × 28 / 28) = onHand days.
const selling = (title: string | null, onHand: number) => variant(title, { onHand, lastSaleOn: AS_OF, unitsSoldByDay: new Map([[AS_OF, 28]]) });

describe("stock flags", () => {
  it("a product with no sale for 120 days and €4,000 of stock is dead stock, the whole value on the shelf", () => {
    // 40 units × €100.00 = €4,000.00 at cost; last sale 9 Aug 2026, 120 days before 7 Dec ≥ 90: dead.
    const v = dead(null, 40, 10_000);
    expect(v.health).toMatchObject({ stockClass: "dead", daysWithoutSale: 120, valueAtCost: 400_000, reason: "No sale for 120 days, 40 units on hand." });
    expect(stockFlags([v], O, "EUR")).toEqual([
      { code: "DEAD_STOCK", reason: "40 units on hand and no sale for 120 days: €4,000.00 at cost sits on the shelf.", value: 400_000, units: 40 },
    ]);
  });

  it("overstock: the units and value above the target cover", () => {
    // 300 on hand at 1 a day: cover 300 days > 90: overstock. Target: ceil(90 × 28 / 28) = 90 units;
    // above it 300 − 90 = 210 units × €5.00 = €1,050.00.
    const v = selling(null, 300);
    expect(v.health).toMatchObject({ stockClass: "overstock", daysOfCover: 300, excessUnits: 210, excessValue: 105_000 });
    expect(stockFlags([v], O, "EUR")).toEqual([
      { code: "OVERSTOCK", reason: "300 units on hand, about 300 days of cover at the current pace: 210 units (€1,050.00 at cost) more than 90 days of sales need.", value: 105_000, units: 210 },
    ]);
  });

  it("stock-out risk: cover shorter than lead time plus safety, or out of stock while selling", () => {
    // 10 on hand at 1 a day: 10 days of cover < 14 + 7 = 21: at risk.
    const atRisk = selling(null, 10);
    expect(atRisk.health).toMatchObject({ stockClass: "at-risk", daysOfCover: 10 });
    expect(stockFlags([atRisk], O, "EUR")).toEqual([
      { code: "STOCKOUT_RISK", reason: "10 units on hand, about 10 days of cover at the current pace: it runs out before a reorder arrives.", value: null, units: 10 },
    ]);
    // Sold 28 on 1 Oct and ended that day with nothing: the 90-day window (9 Sep – 7 Dec) has
    // 9–30 Sep unknown (22 days, in stock) + 1 Oct (a sale: in stock) = 23 days in stock; 2 Oct – 7 Dec out.
    const out = variant(null, { onHand: 0, lastSaleOn: "2026-10-01", unitsSoldByDay: new Map([["2026-10-01", 28]]), snapshots: [{ date: "2026-10-01", onHand: 0 }] });
    expect(out.health.stockClass).toBe("out-of-stock");
    expect(out.health.velocity.long).toMatchObject({ unitsSold: 28, inStockDays: 23, outOfStockDays: 67 });
    expect(stockFlags([out], O, "EUR")).toEqual([
      { code: "STOCKOUT_RISK", reason: "Out of stock while it was selling (28 sold in the last 23 days in stock, last on 1 Oct 2026): every day out is a lost sale.", value: null, units: 0 },
    ]);
    // Out of stock and no sale in 90 days: nothing to lose, no flag.
    const gone = variant(null, { onHand: 0, lastSaleOn: "2026-06-01" });
    expect(gone.health.stockClass).toBe("out-of-stock");
    expect(stockFlags([gone], O, "EUR")).toEqual([]);
  });

  it("a product of several variants: the part concerned by name, amounts summed, each flag once", () => {
    // Blue: 40 × €100.00 = €4,000.00 dead; Red: 5 × €20.00 = €100.00 dead; Green: 300 on hand, overstock
    // (210 × €5.00 = €1,050.00 above target); Yellow: 10 on hand, at risk; Black: healthy (60 days of cover).
    const variants = [dead("Blue", 40, 10_000), dead("Red", 5, 2_000), selling("Green", 300), selling("Yellow", 10), selling("Black", 60)];
    expect(variants.map((v) => v.health.stockClass)).toEqual(["dead", "dead", "overstock", "at-risk", "healthy"]);
    expect(stockFlags(variants, O, "EUR")).toEqual([
      // 40 + 5 = 45 units, 400,000 + 10,000 = 410,000 = €4,100.00.
      { code: "DEAD_STOCK", reason: "2 of 5 variants (Blue and Red): 45 units on hand and no sale for 90 days or more: €4,100.00 at cost sits on the shelf.", value: 410_000, units: 45 },
      { code: "OVERSTOCK", reason: "1 of 5 variants (Green): 210 units (€1,050.00 at cost) more than 90 days of sales need.", value: 105_000, units: 210 },
      { code: "STOCKOUT_RISK", reason: "1 of 5 variants (Yellow): 1 running out before a reorder arrives.", value: null, units: 10 },
    ]);
  });

  it("says which part of the value is known when a dead variant has no unit cost, and names at most two variants", () => {
    // Blue €4,000.00 known; Red and White without a cost: left out of the amount, and said.
    const variants = [dead("Blue", 40, 10_000), dead("Red", 5, null), dead("White", 1, null)];
    const [flag] = stockFlags(variants, O, "EUR");
    expect(flag).toEqual({
      code: "DEAD_STOCK",
      reason: "3 of 3 variants (Blue, Red and 1 more): 46 units on hand and no sale for 90 days or more: €4,000.00 at cost for those with a unit cost sits on the shelf.",
      value: 400_000,
      units: 46,
    });
    // None with a cost: no amount.
    expect(stockFlags([dead(null, 3, null)], O, "EUR")[0]).toMatchObject({ code: "DEAD_STOCK", value: null });
  });

  it("healthy and new stock raise no flag; labels and tooltips in words with the shop's thresholds", () => {
    expect(stockFlags([selling(null, 60)], O, "EUR")).toEqual([]);
    expect(stockFlags([], O, "EUR")).toEqual([]);
    expect(STOCK_FLAG_LABELS).toEqual({ DEAD_STOCK: "Dead stock", OVERSTOCK: "Overstock", STOCKOUT_RISK: "Stock-out risk" });
    expect(stockFlagTooltip("DEAD_STOCK", O)).toBe("Stock on hand and no sale for 90 days or more.");
    expect(stockFlagTooltip("OVERSTOCK", O)).toBe("More stock than 90 days of sales need.");
    expect(stockFlagTooltip("STOCKOUT_RISK", O)).toBe("Runs out before a reorder arrives (14 days of lead time plus 7 of safety), or is out of stock and was selling.");
  });
});
