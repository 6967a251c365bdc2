/**
 * Carrying cost (issue 18, item 4, the math): storage and capital per product and month,
 * spread over the units sold, summing exactly. Every expected number worked out by hand
 * (money in minor units: 100 = €1.00).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  daysInMonth,
  monthCarryingCost,
  monthlyStorageTotal,
  spreadOverUnitsSold,
  stockDays,
  variantStockHealth,
  type CarryingCostSettings,
} from "../../app/domain/index";

// The seed's rates: storage €10.00 per m² a month, a loan at 6 % APR.
const SEED: CarryingCostSettings = {
  storage: { kind: "perArea", perSquareMetre: 1000, squareMetres: 20 },
  spread: "value",
  capitalAnnualPercent: 6,
};

describe("the acceptance case: dead stock worth €4,000 at cost", () => {
  // December 2026 (31 days). The coat: 40 units at €100.00 = €4,000.00 all month, no sale for
  // 120 days. The mugs: 600 units at €10.00 = €6,000.00 all month.
  const coatSnapshots = [{ date: "2026-08-09", onHand: 40, valueAtCost: 400_000 }];
  const mugSnapshots = [{ date: "2026-06-01", onHand: 600, valueAtCost: 600_000 }];
  const coat = stockDays(coatSnapshots, "2026-12-01", "2027-01-01");
  const mug = stockDays(mugSnapshots, "2026-12-01", "2027-01-01");

  it("measures the month's stock in unit-days and value-days", () => {
    expect(daysInMonth("2026-12")).toBe(31);
    // 40 × 31 = 1,240 unit-days; 400,000 × 31 = 12,400,000 value-days. Mugs: 600 × 31 = 18,600; 600,000 × 31 = 18,600,000.
    expect(coat).toMatchObject({ days: 31, knownDays: 31, unitDays: 1240, valueDays: 12_400_000 });
    expect(mug).toMatchObject({ unitDays: 18_600, valueDays: 18_600_000 });
  });

  it("is dead stock, and costs €100.00 a month to keep: €80.00 of storage and €20.00 of capital", () => {
    const health = variantStockHealth(
      {
        variantId: "coat",
        currency: "EUR",
        onHand: 40,
        unitCost: 10_000,
        unitPrice: 25_000,
        lastSaleOn: "2026-08-09",
        firstStockedOn: "2026-03-01",
        unitsSoldByDay: new Map([["2026-08-09", 2]]),
        snapshots: coatSnapshots,
      },
      "2026-12-07",
    );
    expect(health.stockClass).toBe("dead");
    expect(health.reason).toBe("No sale for 120 days, 40 units on hand.");
    expect(health.valueAtCost).toBe(400_000);

    const m = monthCarryingCost("2026-12", "EUR", SEED, [
      { id: "coat", unitDays: coat.unitDays, valueDays: coat.valueDays },
      { id: "mug", unitDays: mug.unitDays, valueDays: mug.valueDays },
    ]);
    // Storage: €10.00 × 20 m² = €200.00 (20,000), spread by value: coat 12,400,000 / 31,000,000 = 40 % → 8,000; mugs 12,000.
    // Capital: Σ value-days 31,000,000 × 6 % / (12 × 31) = 31,000,000 × 6 / 37,200 = 5,000 (€50.00, i.e. €10,000 × 6 % / 12);
    //   coat 40 % → 2,000 (€20.00 = €4,000 × 6 % / 12); mugs 3,000.
    expect(m).toMatchObject({ days: 31, storageTotal: 20_000, capitalTotal: 5_000, unallocatedStorage: 0, spreadUsed: "value", spreadNote: null });
    expect(m.items).toEqual([
      { id: "coat", storage: 8_000, capital: 2_000, total: 10_000 },
      { id: "mug", storage: 12_000, capital: 3_000, total: 15_000 },
    ]);
    // It sold nothing in December: the whole €100.00 is a loss.
    const spread = spreadOverUnitsSold(m.items[0]!.total, [], "2026-12", "EUR");
    expect(spread).toEqual({ shares: [], unsoldLoss: 10_000, reason: "Sold nothing in Dec 2026: its €100.00 of stock carrying cost is a loss." });
  });

  it("spread by units instead, the coat's storage is €12.50", () => {
    // 20,000 × 1,240 / (1,240 + 18,600) = 24,800,000 / 19,840 = 1,250; mugs 18,750.
    const m = monthCarryingCost("2026-12", "EUR", { ...SEED, spread: "units" }, [
      { id: "coat", unitDays: coat.unitDays, valueDays: coat.valueDays },
      { id: "mug", unitDays: mug.unitDays, valueDays: mug.valueDays },
    ]);
    expect(m.items.map((i) => i.storage)).toEqual([1_250, 18_750]);
  });
});

describe("storage", () => {
  it("prices area with decimals, rounded once", () => {
    // €10.00 × 25.5 m² = €255.00; €9.99 × 12.25 m² = 999 × 12.25 = 12,237.75 → 12,238 (half-even).
    expect(monthlyStorageTotal({ kind: "perArea", perSquareMetre: 1000, squareMetres: "25.5" })).toBe(25_500);
    expect(monthlyStorageTotal({ kind: "perArea", perSquareMetre: 999, squareMetres: 12.25 })).toBe(12_238);
    expect(monthlyStorageTotal({ kind: "monthly", amount: 45_000 })).toBe(45_000);
    expect(monthlyStorageTotal({ kind: "none" })).toBe(0);
  });

  it("splits a monthly amount exactly by largest remainder", () => {
    // €100.00 over three equal stocks: 3,333.33… each; floors 3 × 3,333 = 9,999; the 1 left goes to the first (ties to the lower index).
    const m = monthCarryingCost("2026-12", "EUR", { storage: { kind: "monthly", amount: 10_000 }, spread: "units", capitalAnnualPercent: 0 }, [
      { id: "a", unitDays: 31, valueDays: 0 },
      { id: "b", unitDays: 31, valueDays: 0 },
      { id: "c", unitDays: 31, valueDays: 0 },
    ]);
    expect(m.items.map((i) => i.storage)).toEqual([3_334, 3_333, 3_333]);
    expect(m.capitalTotal).toBe(0);
  });

  it("charges per unit a month by the average on hand", () => {
    // €0.50 a unit a month (50). a: 100 unit-days / 31 days: 50 × 100 / 31 = 161.29… → 161.
    // b: 10 units all month, 310 unit-days: 50 × 310 / 31 = 500. Total 661.
    const m = monthCarryingCost("2026-12", "EUR", { storage: { kind: "perUnit", perUnitPerMonth: 50 }, spread: "value", capitalAnnualPercent: 0 }, [
      { id: "a", unitDays: 100, valueDays: 0 },
      { id: "b", unitDays: 310, valueDays: 0 },
    ]);
    expect(m.items.map((i) => i.storage)).toEqual([161, 500]);
    expect(m).toMatchObject({ storageTotal: 661, spreadUsed: null });
  });

  it("spreads by volume, or by units when a product has no size", () => {
    const settings: CarryingCostSettings = { storage: { kind: "monthly", amount: 10_001 }, spread: "volume", capitalAnnualPercent: 0 };
    // a: 10 units all month × 1,000 cm³ = 310 × 1,000 = 310,000; b: 20 units × 500 cm³ = 620 × 500 = 310,000.
    // 10,001 / 2 = 5,000.5 each: floors 5,000 + 5,000, the 1 left to the first.
    const byVolume = monthCarryingCost("2026-12", "EUR", settings, [
      { id: "a", unitDays: 310, valueDays: 0, unitVolumeCm3: 1000 },
      { id: "b", unitDays: 620, valueDays: 0, unitVolumeCm3: 500 },
    ]);
    expect(byVolume.items.map((i) => i.storage)).toEqual([5_001, 5_000]);
    expect(byVolume.spreadUsed).toBe("volume");
    // b has no size: by units 310 : 620. 10,001 × 310 / 930 = 3,333.67, × 620 / 930 = 6,667.33;
    // floors 3,333 + 6,667 = 10,000, the 1 left to the larger remainder (a's .67): 3,334 + 6,667.
    const byUnits = monthCarryingCost("2026-12", "EUR", settings, [
      { id: "a", unitDays: 310, valueDays: 0, unitVolumeCm3: 1000 },
      { id: "b", unitDays: 620, valueDays: 0, unitVolumeCm3: null },
    ]);
    expect(byUnits.items.map((i) => i.storage)).toEqual([3_334, 6_667]);
    expect(byUnits.spreadUsed).toBe("units");
    expect(byUnits.spreadNote).toBe("1 product has no size, so storage is spread by units in Dec 2026.");
  });

  it("spreads nothing when nothing was in stock", () => {
    const m = monthCarryingCost("2026-12", "EUR", { storage: { kind: "monthly", amount: 20_000 }, spread: "units", capitalAnnualPercent: 6 }, [{ id: "a", unitDays: 0, valueDays: 0 }]);
    expect(m).toMatchObject({ unallocatedStorage: 20_000, capitalTotal: 0 });
    expect(m.items).toEqual([{ id: "a", storage: 0, capital: 0, total: 0 }]);
    expect(m.spreadNote).toBe("Nothing was in stock in Dec 2026: €200.00 of storage is not spread over products.");
  });
});

describe("capital", () => {
  it("rounds the month's total once, then splits it exactly by value-days", () => {
    // November (30 days), 7.5 % APR. x: €1,234.56 all month = 123,456 × 30 = 3,703,680 value-days;
    // y: €789.01 for 15 days = 78,901 × 15 = 1,183,515. Σ 4,887,195.
    // Total: 4,887,195 × 7.5 % / (12 × 30) = 366,539.625 / 360 = 1,018.17 → 1,018.
    // x: 1,018 × 3,703,680 / 4,887,195 = 771.47; y: 246.53 → floors 771 + 246 = 1,017; the 1 left to y (.53 > .47).
    // (Rounding each on its own would give 771.6 → 772 and 246.57 → 247 = 1,019, a cent more than the total.)
    const m = monthCarryingCost("2026-11", "EUR", { storage: { kind: "none" }, spread: "value", capitalAnnualPercent: 7.5 }, [
      { id: "x", unitDays: 300, valueDays: 3_703_680 },
      { id: "y", unitDays: 15, valueDays: 1_183_515 },
    ]);
    expect(m.capitalTotal).toBe(1_018);
    expect(m.items.map((i) => i.capital)).toEqual([771, 247]);
  });
});

describe("spread over the units sold", () => {
  it("gives each order line its share, adding up exactly", () => {
    // €100.00 over lines of 1, 2 and 3 units: 1,666.67 / 3,333.33 / 5,000; floors 1,666 + 3,333 + 5,000 = 9,999;
    // the 1 left to the largest remainder (.67): 1,667.
    expect(spreadOverUnitsSold(10_000, [1, 2, 3], "2026-12", "EUR")).toEqual({ shares: [1_667, 3_333, 5_000], unsoldLoss: 0, reason: null });
    // €10.01 over three single units: 333.67 each; floors 999, the 2 left to the first two (ties to the earlier line).
    expect(spreadOverUnitsSold(1_001, [1, 1, 1], "2026-12", "EUR").shares).toEqual([334, 334, 333]);
  });

  it("always adds up to the product's cost (property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000 }), fc.array(fc.integer({ min: 0, max: 50 }), { minLength: 1, maxLength: 40 }), (cost, units) => {
        const r = spreadOverUnitsSold(cost, units, "2026-12", "EUR");
        const sum = r.shares.reduce((a, b) => a + b, 0);
        expect(sum + r.unsoldLoss).toBe(cost);
      }),
    );
  });

  it("and the products' storage and capital add up to the month's totals (property)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ unitDays: fc.integer({ min: 0, max: 100_000 }), valueDays: fc.integer({ min: 0, max: 1_000_000_000 }) }), { minLength: 1, maxLength: 30 }),
        fc.integer({ min: 0, max: 1_000_000 }),
        (stock, storage) => {
          const items = stock.map((s, i) => ({ id: String(i), ...s }));
          const m = monthCarryingCost("2027-02", "EUR", { storage: { kind: "monthly", amount: storage }, spread: "value", capitalAnnualPercent: 9.25 }, items);
          expect(m.items.reduce((a, i) => a + i.storage, 0) + m.unallocatedStorage).toBe(storage);
          expect(m.items.reduce((a, i) => a + i.capital, 0)).toBe(m.capitalTotal);
        },
      ),
    );
  });
});
