/**
 * Stock health (issue 18, item 3): velocity excluding days out of stock, cover, classes,
 * turnover and DIO, cash tied up, margin lost to stock-outs. Every expected number is
 * worked out by hand in the comments (money in minor units: 100 = €1.00).
 */
import { describe, expect, it } from "vitest";
import {
  DEFAULT_STOCK_HEALTH_OPTIONS,
  daysBetween,
  daysOfCover,
  lastSaleDate,
  marginLostToStockOuts,
  productStockHealth,
  salesVelocity,
  stockCash,
  stockDays,
  stockHealthOptionErrors,
  stockTurnover,
  variantStockHealth,
  type StockSnapshot,
  type VariantStockInput,
} from "../../app/domain/index";

// The last complete day. The 28-day window is 10 Nov – 7 Dec 2026 (10..30 Nov = 21 days + 1..7 Dec = 7 days).
const AS_OF = "2026-12-07";

const sales = (entries: Record<string, number>) => new Map(Object.entries(entries));

describe("sales velocity", () => {
  // 20 on hand on 1 Nov; sold 5 (12 Nov), 10 (15 Nov), 5 (20 Nov: sold out that day);
  // nothing on hand 21–24 Nov; 30 received on 25 Nov; sold 3 (26 Nov) and 6 (1 Dec).
  const snapshots: StockSnapshot[] = [
    { date: "2026-11-01", onHand: 20 },
    { date: "2026-11-12", onHand: 15 },
    { date: "2026-11-15", onHand: 5 },
    { date: "2026-11-20", onHand: 0 },
    { date: "2026-11-25", onHand: 30 },
    { date: "2026-11-26", onHand: 27 },
    { date: "2026-12-01", onHand: 21 },
  ];
  const unitsSoldByDay = sales({ "2026-11-12": 5, "2026-11-15": 10, "2026-11-20": 5, "2026-11-26": 3, "2026-12-01": 6 });

  it("leaves out the days the variant ended with nothing on hand and sold nothing", () => {
    const v = salesVelocity({ unitsSoldByDay, snapshots }, AS_OF, 28);
    // Out of stock: 21, 22, 23, 24 Nov (ended at 0, no sale) = 4 days. 20 Nov sold 5: in stock.
    // In stock: 28 − 4 = 24 days. Units: 5 + 10 + 5 + 3 + 6 = 29.
    expect(v).toMatchObject({ windowDays: 28, from: "2026-11-10", to: AS_OF, unitsSold: 29, inStockDays: 24, outOfStockDays: 4, notYetStockedDays: 0, unknownStockDays: 0 });
    // 29 / 24 = 1.2083… a day (not 29 / 28 = 1.0357…).
    expect(v.unitsPerDay).toBeCloseTo(29 / 24, 12);
    // 21 on hand: floor(21 × 24 / 29) = floor(504 / 29) = floor(17.38) = 17 days.
    expect(daysOfCover(21, v)).toBe(17);
    expect(daysOfCover(0, v)).toBe(0);
  });

  it("reads out-of-stock days given directly, and never counts a day with a sale as out", () => {
    // Same sales; out of stock given as 20 (has a sale: stays in), 21, 22 Nov → 2 days out.
    const v = salesVelocity({ unitsSoldByDay, outOfStockDays: new Set(["2026-11-20", "2026-11-21", "2026-11-22"]) }, AS_OF, 28);
    // 28 − 2 = 26 in stock, 29 units.
    expect(v).toMatchObject({ unitsSold: 29, inStockDays: 26, outOfStockDays: 2, unknownStockDays: 0 });
  });

  it("counts days before the first snapshot (before install) as in stock, and says how many", () => {
    // Installed on 20 Nov: 10..19 Nov (10 days) have no snapshot.
    const v = salesVelocity({ unitsSoldByDay, snapshots: snapshots.slice(3) }, AS_OF, 28);
    // Out: 21–24 Nov = 4; in stock 24, of which 10 unknown. Units still 29.
    expect(v).toMatchObject({ unitsSold: 29, inStockDays: 24, outOfStockDays: 4, unknownStockDays: 10 });
  });

  it("leaves out the days before the variant was first stocked", () => {
    // First stocked on 25 Nov: 10..24 Nov = 15 days before it, of which 12, 15 and 20 Nov had a sale
    // (a day with a sale always counts): 15 − 3 = 12 days not counted. 21–24 Nov fall among them,
    // so no day is out of stock. In stock: 28 − 12 = 16 (12, 15, 20 Nov and 25 Nov – 7 Dec = 13). Units 29.
    const v = salesVelocity({ unitsSoldByDay, snapshots, firstStockedOn: "2026-11-25" }, AS_OF, 28);
    expect(v).toMatchObject({ notYetStockedDays: 12, outOfStockDays: 0, inStockDays: 16, unitsSold: 29 });
  });

  it("accepts snapshots in any order", () => {
    const a = salesVelocity({ unitsSoldByDay, snapshots }, AS_OF, 28);
    const b = salesVelocity({ unitsSoldByDay, snapshots: [...snapshots].reverse() }, AS_OF, 28);
    expect(b).toEqual(a);
  });

  it("finds the last sale date", () => {
    // 1 Dec is the latest date with units > 0; a day of 0 (or a refund, −1) is not a sale.
    expect(lastSaleDate(new Map([...unitsSoldByDay, ["2026-12-03", 0], ["2026-12-04", -1]]))).toBe("2026-12-01");
    expect(lastSaleDate(new Map())).toBeNull();
  });

  it("has no velocity and no cover without a sale", () => {
    const v = salesVelocity({ unitsSoldByDay: new Map(), snapshots: [{ date: "2026-01-01", onHand: 5 }] }, AS_OF, 28);
    expect(v).toMatchObject({ unitsSold: 0, inStockDays: 28, unitsPerDay: 0 });
    expect(daysOfCover(5, v)).toBeNull();
  });
});

describe("stock classes", () => {
  // Sold one unit every day of the 90 days before AS_OF (10 Sep – 7 Dec), stock known since 1 Jan.
  const daily = (perDay: number) => {
    const m = new Map<string, number>();
    for (let d = 0; d < 90; d++) {
      const date = new Date(Date.UTC(2026, 11, 7 - d)).toISOString().slice(0, 10);
      m.set(date, perDay);
    }
    return m;
  };
  const base = (over: Partial<VariantStockInput>): VariantStockInput => ({
    variantId: "gid://shopify/ProductVariant/1",
    currency: "EUR",
    onHand: 10,
    unitCost: 1000,
    unitPrice: 2500,
    lastSaleOn: AS_OF,
    firstStockedOn: "2026-01-01",
    unitsSoldByDay: daily(1),
    snapshots: [{ date: "2026-01-01", onHand: 500 }],
    ...over,
  });

  it("dead stock: stock on hand and no sale for 120 days (the acceptance case)", () => {
    // Last sale 120 days before 7 Dec: 7 Dec − 7 = 30 Nov, − 30 = 31 Oct, − 31 = 30 Sep, − 30 = 31 Aug, − 22 = 9 Aug.
    expect(daysBetween("2026-08-09", AS_OF)).toBe(120);
    // 40 coats at €100.00 = €4,000.00 at cost, €250.00 each before tax = €10,000.00 at price.
    const h = variantStockHealth(
      base({ onHand: 40, unitCost: 10_000, unitPrice: 25_000, lastSaleOn: "2026-08-09", unitsSoldByDay: sales({ "2026-08-09": 2 }), snapshots: [{ date: "2026-03-01", onHand: 42 }, { date: "2026-08-09", onHand: 40 }] }),
      AS_OF,
    );
    expect(h.stockClass).toBe("dead");
    expect(h.reason).toBe("No sale for 120 days, 40 units on hand.");
    expect(h).toMatchObject({ valueAtCost: 400_000, valueAtPrice: 1_000_000, daysWithoutSale: 120, daysOfCover: null, excessUnits: 40, excessValue: 400_000 });
    // No sale in 28 days: cover uses the 90-day window, which has none either.
    expect(h.velocity.used).toBe("long");
    // With dead stock after 150 days it is overstock instead (no sale in its 90 days in stock).
    const later = variantStockHealth(base({ onHand: 40, lastSaleOn: "2026-08-09", unitsSoldByDay: sales({ "2026-08-09": 2 }) }), AS_OF, { deadAfterDays: 150 });
    expect(later.stockClass).toBe("overstock");
    expect(later.reason).toBe("40 units on hand and no sale in the last 90 days in stock: more than the 90-day target.");
  });

  it("dead stock never sold counts from the day it was first stocked", () => {
    // First stocked 1 Jun: to 1 Jul 30 days, + 31 (Jul) + 31 (Aug) + 30 (Sep) + 31 (Oct) + 30 (Nov) = 183 to 1 Dec, + 6 = 189.
    expect(daysBetween("2026-06-01", AS_OF)).toBe(189);
    const h = variantStockHealth(base({ onHand: 3, lastSaleOn: null, firstStockedOn: "2026-06-01", unitsSoldByDay: new Map() }), AS_OF);
    expect(h.stockClass).toBe("dead");
    expect(h.reason).toBe("No sale since it was stocked 189 days ago, 3 units on hand.");
  });

  it("counts days without a sale from a restock after a stock-out", () => {
    // Last sale 9 Aug (120 days), out of stock from 10 Aug, 12 received on 19 Oct (49 days ago): not dead yet.
    const snapshots = [{ date: "2026-08-09", onHand: 0 }, { date: "2026-10-19", onHand: 12 }];
    const h = variantStockHealth(base({ onHand: 12, lastSaleOn: "2026-08-09", unitsSoldByDay: sales({ "2026-08-09": 3 }), snapshots }), AS_OF);
    expect(h.daysWithoutSale).toBe(49);
    expect(h.stockClass).toBe("overstock");
    // Dead after 40 days: "since it was restocked".
    const d = variantStockHealth(base({ onHand: 12, lastSaleOn: "2026-08-09", unitsSoldByDay: sales({ "2026-08-09": 3 }), snapshots }), AS_OF, { deadAfterDays: 40 });
    expect(d.reason).toBe("No sale since it was restocked 49 days ago, 12 units on hand.");
  });

  it("at risk: cover below the supplier's lead time plus safety days", () => {
    // 1 a day over 28 days in stock; 10 on hand: 10 × 28 = 280 < (14 + 7) × 28 = 588 → at risk; cover floor(280 / 28) = 10.
    const h = variantStockHealth(base({}), AS_OF);
    expect(h.stockClass).toBe("at-risk");
    expect(h.daysOfCover).toBe(10);
    expect(h.reason).toBe("10 units on hand last about 10 days (sold 28 in the last 28 days in stock): less than the supplier's 14 days plus 7 days of safety.");
    // The variant's own supplier lead time of 2 days: 2 + 7 = 9 ≤ 10 → healthy.
    const own = variantStockHealth(base({ leadTimeDays: 2 }), AS_OF);
    expect(own.stockClass).toBe("healthy");
    expect(own.reason).toBe("10 units on hand, about 10 days of cover (sold 28 in the last 28 days in stock).");
    // Exactly at the limit is not below it: safety 0, lead 10 → 280 < 280 is false → healthy.
    expect(variantStockHealth(base({}), AS_OF, { leadTimeDays: 10, safetyDays: 0 }).stockClass).toBe("healthy");
  });

  it("overstock: cover above the target, with the units and value above it", () => {
    // 2 a day; 200 on hand at €5.00: 200 × 28 = 5,600 > 90 × 56 = 5,040 → overstock; cover floor(5,600 / 56) = 100.
    const h = variantStockHealth(base({ onHand: 200, unitCost: 500, unitsSoldByDay: daily(2) }), AS_OF);
    expect(h.stockClass).toBe("overstock");
    expect(h.reason).toBe("200 units on hand, about 100 days of cover (sold 56 in the last 28 days in stock): more than the 90-day target.");
    // 90 days need ceil(90 × 56 / 28) = 180 units: 20 above, 20 × 5.00 = €100.00.
    expect(h).toMatchObject({ daysOfCover: 100, excessUnits: 20, excessValue: 10_000, valueAtCost: 100_000 });
    // Target 120 days: 200 × 28 = 5,600 > 120 × 56 = 6,720? No → healthy, nothing above (240 needed).
    const relaxed = variantStockHealth(base({ onHand: 200, unitCost: 500, unitsSoldByDay: daily(2) }), AS_OF, { targetCoverDays: 120 });
    expect(relaxed).toMatchObject({ stockClass: "healthy", excessUnits: 0, excessValue: 0 });
  });

  it("uses the 90-day window when the 28-day one has no sale", () => {
    // 9 units on 19 Oct (49 days ago), none since: 28 days sold nothing → 90 days: 9 in 90 days in stock.
    // 30 on hand: 30 × 90 = 2,700 > 90 × 9 = 810 → overstock; cover floor(2,700 / 9) = 300. Last sale 49 days ago: not dead.
    const h = variantStockHealth(base({ onHand: 30, lastSaleOn: "2026-10-19", unitsSoldByDay: sales({ "2026-10-19": 9 }) }), AS_OF);
    expect(h.velocity.used).toBe("long");
    expect(h).toMatchObject({ stockClass: "overstock", daysOfCover: 300, daysWithoutSale: 49 });
    expect(h.reason).toBe("30 units on hand, about 300 days of cover (sold 9 in the last 90 days in stock): more than the 90-day target.");
  });

  it("new: first stocked fewer than 30 days ago", () => {
    // First stocked 27 Nov: 10 days before 7 Dec. No sale: not at risk (it never runs out at this pace).
    const h = variantStockHealth(base({ onHand: 50, lastSaleOn: null, firstStockedOn: "2026-11-27", unitsSoldByDay: new Map(), snapshots: [{ date: "2026-11-27", onHand: 50 }] }), AS_OF);
    expect(h.stockClass).toBe("new");
    expect(h.reason).toBe("First stocked on 27 Nov 2026, 10 days ago: too early to judge.");
    // Too early to call any of it excess, though it has not sold yet.
    expect(h).toMatchObject({ valueAtCost: 50_000, excessUnits: 0, excessValue: 0 });
    // The 28-day window counts only 27 Nov – 7 Dec: 11 days in stock, 17 before it.
    expect(h.velocity.short).toMatchObject({ inStockDays: 11, notYetStockedDays: 17 });
    // newForDays 5: 10 ≥ 5, no longer new; no sale in 11 days in stock → overstock.
    expect(variantStockHealth(base({ onHand: 50, lastSaleOn: null, firstStockedOn: "2026-11-27", unitsSoldByDay: new Map() }), AS_OF, { newForDays: 5 }).stockClass).toBe("overstock");
  });

  it("out of stock, with the days it was out", () => {
    // 14 on hand on 1 Nov; 7 sold on 15 Nov, 7 on 1 Dec (sold out); out 2–7 Dec = 6 days; 22 in stock.
    const h = variantStockHealth(
      base({ onHand: 0, lastSaleOn: "2026-12-01", unitsSoldByDay: sales({ "2026-11-15": 7, "2026-12-01": 7 }), snapshots: [{ date: "2026-11-01", onHand: 14 }, { date: "2026-11-15", onHand: 7 }, { date: "2026-12-01", onHand: 0 }] }),
      AS_OF,
    );
    expect(h.stockClass).toBe("out-of-stock");
    expect(h.reason).toBe("Nothing on hand, out of stock 6 of the last 28 days; it sold 14 in the last 22 days in stock.");
    expect(h).toMatchObject({ valueAtCost: 0, valueAtPrice: 0, daysOfCover: 0, excessUnits: 0 });
    // Out since 1 Nov with no sale: all 28 days out, no day in stock.
    const gone = variantStockHealth(base({ onHand: 0, lastSaleOn: "2026-10-31", unitsSoldByDay: new Map(), snapshots: [{ date: "2026-10-31", onHand: 0 }] }), AS_OF);
    expect(gone.reason).toBe("Nothing on hand, out of stock all of the last 28 days.");
    // One unit at 1 a day: 1 × 28 < 21 × 28 → at risk, "lasts".
    expect(variantStockHealth(base({ onHand: 1 }), AS_OF).reason).toBe("1 unit on hand lasts about 1 day (sold 28 in the last 28 days in stock): less than the supplier's 14 days plus 7 days of safety.");
  });

  it("rejects bad thresholds, naming the field", () => {
    expect(stockHealthOptionErrors({ targetCoverDays: -1, shortWindowDays: 0, leadTimeDays: 2.5 })).toEqual([
      "targetCoverDays: enter a whole number of days from 0 to 3650",
      "shortWindowDays: a window is at least 1 day",
      "leadTimeDays: enter a whole number of days from 0 to 3650",
    ]);
    expect(stockHealthOptionErrors(DEFAULT_STOCK_HEALTH_OPTIONS)).toEqual([]);
    expect(() => variantStockHealth(base({}), AS_OF, { deadAfterDays: -5 })).toThrow(/deadAfterDays/);
  });
});

describe("cash tied up", () => {
  const v = (over: Partial<VariantStockInput>): VariantStockInput => ({
    variantId: "v",
    currency: "EUR",
    onHand: 0,
    unitCost: 1000,
    unitPrice: null,
    lastSaleOn: AS_OF,
    firstStockedOn: "2026-01-01",
    unitsSoldByDay: new Map(),
    ...over,
  });
  it("adds stock value, value above the target cover and dead stock value", () => {
    const everyDay = (n: number) => new Map(Array.from({ length: 28 }, (_, d) => [new Date(Date.UTC(2026, 11, 7 - d)).toISOString().slice(0, 10), n] as const));
    const rows = [
      // Dead: 40 × €100.00 = €4,000.00, all of it excess.
      variantStockHealth(v({ variantId: "coat", onHand: 40, unitCost: 10_000, lastSaleOn: "2026-08-09" }), AS_OF),
      // Overstock: 200 × €5.00 = €1,000.00; 2 a day, 180 units cover 90 days: 20 × €5.00 = €100.00 excess.
      variantStockHealth(v({ variantId: "mug", onHand: 200, unitCost: 500, unitsSoldByDay: everyDay(2) }), AS_OF),
      // At risk: 10 × €10.00 = €100.00, nothing above the target.
      variantStockHealth(v({ variantId: "tee", onHand: 10, unitsSoldByDay: everyDay(1) }), AS_OF),
      // No unit cost, 5 on hand: left out of the amounts and counted.
      variantStockHealth(v({ variantId: "cap", onHand: 5, unitCost: null, unitsSoldByDay: everyDay(1) }), AS_OF),
    ];
    expect(rows.map((r) => r.stockClass)).toEqual(["dead", "overstock", "at-risk", "at-risk"]);
    const cash = stockCash(rows, "EUR");
    // Stock 400,000 + 100,000 + 10,000 = 510,000 (€5,100.00); excess 400,000 + 10,000 = 410,000; dead 400,000.
    expect(cash).toMatchObject({ unitsOnHand: 255, stockValue: 510_000, excessValue: 410_000, deadValue: 400_000, variantsWithoutCost: 1 });
    expect(cash.byClass["at-risk"]).toEqual({ variants: 2, value: 10_000 });
    expect(cash.byClass.dead).toEqual({ variants: 1, value: 400_000 });
  });

  it("estimates the net margin lost while out of stock", () => {
    // Sold 14 in 22 days in stock, out 6 days; the product made €30.00 net over 10 units (€3.00 a unit).
    const vel = salesVelocity(
      { unitsSoldByDay: sales({ "2026-11-15": 7, "2026-12-01": 7 }), snapshots: [{ date: "2026-11-01", onHand: 14 }, { date: "2026-11-15", onHand: 7 }, { date: "2026-12-01", onHand: 0 }] },
      AS_OF,
      28,
    );
    const lost = marginLostToStockOuts(vel, { netMargin: 3000, units: 10, currency: "EUR" });
    // 14 / 22 × 6 = 84 / 22 = 3.818… units; × 300 = 3000 × 84 / 220 = 252,000 / 220 = 1,145.45… → 1,145 (€11.45).
    expect(lost.lostMargin).toBe(1145);
    expect(lost.lostUnits).toBeCloseTo(84 / 22, 12);
    expect(lost.reason).toBe("Out of stock for 6 days: about 3.8 units not sold (it sold 14 in the last 22 days in stock), €11.45 of net margin lost.");
    // A loss-maker loses no margin by running out.
    expect(marginLostToStockOuts(vel, { netMargin: -500, units: 10, currency: "EUR" }).lostMargin).toBe(0);
    // Given days out: 11 → 3000 × 14 × 11 / 220 = 462,000 / 220 = 2,100 exactly.
    expect(marginLostToStockOuts(vel, { netMargin: 3000, units: 10, currency: "EUR" }, 11).lostMargin).toBe(2100);
  });
});

describe("turnover and days inventory outstanding", () => {
  // €100.00 of stock 1–15 Nov, €200.00 from 16 Nov (30-day November).
  const snapshots: StockSnapshot[] = [
    { date: "2026-11-01", onHand: 10, valueAtCost: 10_000 },
    { date: "2026-11-16", onHand: 20, valueAtCost: 20_000 },
  ];
  const cogs = new Map([
    ["2026-10-25", 5000], // before install: not counted
    ["2026-11-10", 6000],
    ["2026-11-20", 3000],
  ]);

  it("divides the period's cost of goods by the average stock value at cost", () => {
    const t = stockTurnover(snapshots, cogs, "2026-11-01", "2026-12-01");
    // Σ daily value = 15 × 10,000 + 15 × 20,000 = 450,000; average 450,000 / 30 = 15,000 (€150.00).
    // COGS 6,000 + 3,000 = 9,000. Turnover 9,000 / 15,000 = 0.6; a year: 0.6 × 365 / 30 = 7.3.
    // DIO = 30 / 0.6 = 450,000 / 9,000 = 50 days.
    expect(t).toEqual({ days: 30, costOfGoods: 9000, averageValue: 15_000, turnover: 0.6, annualTurnover: 7.3, daysInventoryOutstanding: 50 });
    expect(stockDays(snapshots, "2026-11-01", "2026-12-01")).toEqual({ days: 30, knownDays: 30, unitDays: 450, valueDays: 450_000, daysWithoutValue: 0 });
  });

  it("cuts a period reaching before install to the days with known stock", () => {
    // From 22 Oct: the 10 days before 1 Nov have no snapshot, and their cost of goods (5,000) is left out.
    expect(stockTurnover(snapshots, cogs, "2026-10-22", "2026-12-01")).toMatchObject({ days: 30, costOfGoods: 9000, turnover: 0.6, daysInventoryOutstanding: 50 });
  });

  it("has no turnover without stock, and no DIO without sales", () => {
    expect(stockTurnover(snapshots, new Map(), "2026-11-01", "2026-12-01")).toMatchObject({ turnover: 0, daysInventoryOutstanding: null });
    expect(stockTurnover([], cogs, "2026-11-01", "2026-12-01")).toMatchObject({ days: 0, turnover: null, daysInventoryOutstanding: null });
  });
});

describe("a product's stock from its variants", () => {
  const v = (variantId: string, over: Partial<VariantStockInput>): VariantStockInput => ({
    variantId,
    currency: "EUR",
    onHand: 0,
    unitCost: 1000,
    unitPrice: 2000,
    lastSaleOn: "2026-12-01",
    firstStockedOn: "2026-01-01",
    unitsSoldByDay: new Map(),
    ...over,
  });
  const everyDay = (n: number) => new Map(Array.from({ length: 28 }, (_, d) => [new Date(Date.UTC(2026, 11, 7 - d)).toISOString().slice(0, 10), n] as const));

  it("adds the variants and takes the most urgent class", () => {
    const rows = [
      // S: out of stock. M: 100 at 1 a day, cover 100 > 90 → overstock (10 above: 10 × €10.00). L: 40 at 1 a day → healthy.
      variantStockHealth(v("S", { onHand: 0, unitsSoldByDay: everyDay(1) }), AS_OF),
      variantStockHealth(v("M", { onHand: 100, unitsSoldByDay: everyDay(1), lastSaleOn: AS_OF }), AS_OF),
      variantStockHealth(v("L", { onHand: 40, unitsSoldByDay: everyDay(1), lastSaleOn: "2026-12-06" }), AS_OF),
    ];
    expect(rows.map((r) => r.stockClass)).toEqual(["out-of-stock", "overstock", "healthy"]);
    const p = productStockHealth("tee", rows, "EUR");
    // On hand 0 + 100 + 40 = 140; at cost 140 × 1,000 = 140,000; at price 140 × 2,000 = 280,000; 3 a day; excess 10,000.
    expect(p).toMatchObject({ variants: 3, onHand: 140, valueAtCost: 140_000, valueAtPrice: 280_000, excessValue: 10_000, unitsPerDay: 3, lastSaleOn: AS_OF, stockClass: "at-risk" });
    expect(p.reason).toBe("1 of 3 variants out of stock.");
    // Without S: M overstocked, L healthy → overstock.
    const q = productStockHealth("tee", rows.slice(1), "EUR");
    expect(q).toMatchObject({ stockClass: "overstock", reason: "1 of 2 variants overstocked." });
  });

  it("is dead only when every variant with stock is dead", () => {
    const dead = (id: string, onHand: number) => variantStockHealth(v(id, { onHand, lastSaleOn: "2026-08-09" }), AS_OF);
    const p = productStockHealth("coat", [dead("S", 15), dead("M", 25), variantStockHealth(v("L", { onHand: 0 }), AS_OF)], "EUR");
    expect(p).toMatchObject({ stockClass: "at-risk", reason: "1 of 3 variants out of stock." });
    const q = productStockHealth("coat", [dead("S", 15), dead("M", 25)], "EUR");
    expect(q).toMatchObject({ stockClass: "dead", reason: "No variant sold for a long time, 40 units on hand.", valueAtCost: 40_000 });
  });
});
