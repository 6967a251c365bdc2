import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  MonthTallies,
  allocateFixedCosts,
  appendVersion,
  defaultCostSettings,
  fixedCostShare,
  monthPlan,
  tallyMonths,
  type FixedCostMethod,
  type FixedCostOrderFacts,
  type SettingsHistory,
} from "../../app/domain/index";

const TZ = "Europe/Paris";

// Hosting 28.99 + Apps 71.00 = 99.99 a month.
const withFixed = (items: { name: string; monthlyAmount: number }[], allocation: FixedCostMethod) => ({
  ...defaultCostSettings(),
  fixedCosts: { allocation, items },
});
const history = (allocation: FixedCostMethod): SettingsHistory => ({
  currency: "EUR",
  timeZone: TZ,
  versions: [
    {
      effectiveFrom: null,
      savedAt: null,
      note: null,
      settings: withFixed(
        [
          { name: "Hosting", monthlyAmount: 2899 },
          { name: "Apps", monthlyAmount: 7100 },
        ],
        allocation,
      ),
    },
  ],
});

// November in Paris (UTC+1): the first order is 00:30 on 1 November local time; the
// last one is 00:30 on 1 December local time, so it belongs to December.
const orders: FixedCostOrderFacts[] = [
  { id: "o1", processedAt: "2026-10-31T23:30:00Z", items: 1, netRevenue: 2000 },
  { id: "o2", processedAt: "2026-11-10T10:00:00Z", items: 2, netRevenue: 5000 },
  { id: "o3", processedAt: "2026-11-20T10:00:00Z", items: 3, netRevenue: 3000 },
  { id: "o4", processedAt: "2026-11-30T23:30:00Z", items: 1, netRevenue: 1000 },
];

function allocateWith(method: FixedCostMethod, h = history(method)) {
  const tallies = tallyMonths(orders, TZ);
  return [...allocateFixedCosts(orders, tallies, (m) => monthPlan(h, m), TZ)];
}

describe("fixed-cost allocation over a month", () => {
  it("groups orders by the shop's local month", () => {
    expect([...tallyMonths(orders, TZ)]).toEqual([
      ["2026-11", { orders: 3, items: 6, revenue: 10000 }],
      ["2026-12", { orders: 1, items: 1, revenue: 1000 }],
    ]);
  });

  it("by order count (default)", () => {
    // 99.99 over 3 orders, cumulative rounding: floor(9999 × 1/3) = 3333, floor(9999 × 2/3) = 6666, 9999
    // → 33.33, 33.33, 33.33; December's single order carries its month's 99.99
    expect(allocateWith("orders").map((a) => [a.orderId, a.month, a.amount])).toEqual([
      ["o1", "2026-11", 3333],
      ["o2", "2026-11", 3333],
      ["o3", "2026-11", 3333],
      ["o4", "2026-12", 9999],
    ]);
  });

  it("by item count", () => {
    // 6 items: cumulative 1, 3, 6 → floor(9999/6) = 1666 (1666.5), floor(9999 × 3/6) = 4999 (4999.5), 9999
    // → 16.66, 49.99 − 16.66 = 33.33, 99.99 − 49.99 = 50.00
    expect(allocateWith("items").map((a) => a.amount)).toEqual([1666, 3333, 5000, 9999]);
  });

  it("by revenue share", () => {
    // revenue 20.00 + 50.00 + 30.00 = 100.00: cumulative 2000, 7000, 10000
    // floor(9999 × 0.2) = 1999 (1999.8), floor(9999 × 0.7) = 6999 (6999.3), 9999
    // → 19.99, 50.00, 30.00
    expect(allocateWith("revenue").map((a) => a.amount)).toEqual([1999, 5000, 3000, 9999]);
  });

  it("uses the settings in force on the month's first day", () => {
    // A version saved for 15 November on leaves November alone and applies from December: 50.00
    const h = appendVersion(history("orders"), {
      effectiveFrom: "2026-11-15",
      savedAt: null,
      note: null,
      settings: withFixed([{ name: "Hosting", monthlyAmount: 5000 }], "orders"),
    });
    expect(allocateWith("orders", h).map((a) => a.amount)).toEqual([3333, 3333, 3333, 5000]);
    expect(monthPlan(h, "2026-11")).toMatchObject({ total: 9999, versionIndex: 0 });
    expect(monthPlan(h, "2026-12")).toMatchObject({ total: 5000, versionIndex: 1 });
  });

  it("falls back to order count when the month's weight is 0", () => {
    const tally = { orders: 2, items: 0, revenue: 0 };
    // 1.01 over 2 free orders: floor(101/2) = 50, then 101 − 50 = 51
    expect(fixedCostShare({ total: 101, method: "revenue" }, tally, { weightBefore: 0, weight: 0, indexInMonth: 0 })).toEqual({ amount: 50, methodUsed: "orders" });
    expect(fixedCostShare({ total: 101, method: "revenue" }, tally, { weightBefore: 0, weight: 0, indexInMonth: 1 })).toEqual({ amount: 51, methodUsed: "orders" });
  });

  it("refuses orders out of (processedAt, id) order", () => {
    const shuffled = [orders[1]!, orders[0]!];
    expect(() => [...allocateFixedCosts(shuffled, tallyMonths(shuffled, TZ), () => ({ total: 100, method: "orders" }), TZ)]).toThrow(/order/);
  });

  it("sums exactly to each month's total, never negative, tallied in any batches (property)", () => {
    const order = fc.record({
      at: fc.integer({ min: Date.UTC(2026, 0, 1), max: Date.UTC(2026, 11, 31) }),
      items: fc.integer({ min: 0, max: 20 }),
      netRevenue: fc.integer({ min: -500, max: 10_000_000 }),
    });
    fc.assert(
      fc.property(
        fc.array(order, { minLength: 1, maxLength: 60 }),
        fc.integer({ min: 0, max: 100_000_000 }),
        fc.constantFrom<FixedCostMethod>("orders", "items", "revenue"),
        (raw, total, method) => {
          const facts = raw
            .map((o, i) => ({ id: `o${String(i).padStart(3, "0")}`, processedAt: new Date(o.at).toISOString(), items: o.items, netRevenue: o.netRevenue }))
            .sort((a, b) => a.processedAt.localeCompare(b.processedAt) || a.id.localeCompare(b.id));
          // pass 1 in two batches, in reverse order
          const tallies = new MonthTallies(TZ);
          const half = Math.floor(facts.length / 2);
          tallies.addAll([...facts].reverse().slice(0, half));
          tallies.addAll([...facts].reverse().slice(half));
          const out = [...allocateFixedCosts(facts, tallies.byMonth, () => ({ total, method }), TZ)];
          const byMonth = new Map<string, number>();
          for (const a of out) {
            expect(a.amount).toBeGreaterThanOrEqual(0);
            byMonth.set(a.month, (byMonth.get(a.month) ?? 0) + a.amount);
          }
          for (const sum of byMonth.values()) expect(sum).toBe(total);
        },
      ),
    );
  });
});
