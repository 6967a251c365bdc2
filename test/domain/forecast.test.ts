import { describe, expect, it } from "vitest";

import { accuracy, backtest, dailyTotals, forecastSales, forecastSeries, weeklyTotals, Z_80, type WeekTotal } from "~/domain/forecast";
import { addDays } from "~/domain/time";

/** Weekly rows from a series, the first week starting Monday 2025-01-06 (units = revenue / 100). */
const weeksOf = (y: readonly number[], first = "2025-01-06"): WeekTotal[] =>
  y.map((v, i) => ({ weekStart: addDays(first, 7 * i), week: "", netRevenue: v, units: v / 100 }));

describe("forecastSeries", () => {
  it("forecasts a flat series flat, with no width when it never moved", () => {
    // Holt (10 weeks): l₀ = 1000, b₀ = (y₄ − y₀)/4 = 0; every one-step forecast is 1000, every error 0 → σ = 0.
    const holt = forecastSeries(Array<number>(10).fill(1000), 26);
    expect(holt.method).toBe("holt-linear");
    expect(holt.point).toEqual(Array<number>(26).fill(1000));
    expect(holt.low).toEqual(holt.point);
    expect(holt.high).toEqual(holt.point);
    // Seasonal (70 weeks): r = (13 × 1000) / (13 × 1000) = 1; f(h) = 1 × 1000.
    const seasonal = forecastSeries(Array<number>(70).fill(1000), 26);
    expect(seasonal.method).toBe("seasonal-naive-growth");
    expect(seasonal.params).toEqual({ growth: 1, growthWeeks: 13 });
    expect(seasonal.point).toEqual(Array<number>(26).fill(1000));
  });

  it("follows a linear trend (Holt, worked by hand)", () => {
    // y = 100, 110, …, 190 (10 weeks). l₀ = 100, b₀ = (140 − 100)/4 = 10. At t = 1 the forecast is
    // 100 + 10 = 110 = y₁: error 0, lₜ = α·110 + (1 − α)·110 = 110, bₜ = β·10 + (1 − β)·10 = 10; and so
    // on for every α, β. After y₉ = 190: l = 190, b = 10 → f(1) = 200, f(2) = 210, f(26) = 190 + 26·10 = 450.
    const y = Array.from({ length: 10 }, (_, i) => 100 + 10 * i);
    const f = forecastSeries(y, 26);
    expect(f.method).toBe("holt-linear");
    expect(f.point[0]).toBeCloseTo(200, 9);
    expect(f.point[1]).toBeCloseTo(210, 9);
    expect(f.point[25]).toBeCloseTo(450, 9);
    expect(f.sigma).toBe(0);
  });

  it("reproduces a known yearly pattern, scaled by the year-on-year growth", () => {
    // p(w), w = week of the year 0 … 51: 1000, with 2000 in weeks 46–49 (Black Friday to Christmas) and 1200 in 26–29.
    const p = (w: number) => (w >= 46 && w <= 49 ? 2000 : w >= 26 && w <= 29 ? 1200 : 1000);
    const flat = Array.from({ length: 104 }, (_, t) => p(t % 52));
    // Two identical years: r = 1, f(h) = y[103 + h − 52] = p((h − 1) % 52) → the next year's weeks 0 … 25.
    const same = forecastSeries(flat, 52);
    expect(same.method).toBe("seasonal-naive-growth");
    expect(same.point).toEqual(Array.from({ length: 52 }, (_, i) => p(i)));
    expect(same.sigma).toBe(0);
    const sales = forecastSales(weeksOf(flat), "2027-01-04");
    expect(sales.seasonal).toBe(true);
    expect(sales.weeks[0]!.netRevenue).toEqual({ forecast: 1000, low: 1000, high: 1000 });
    // Year 2 = 1.1 × year 1: r = Σ last 13 / Σ same 13 a year before = 1.1 → f(h) = 1.1 × 1.1 p(h − 1) = 1.21 p(h − 1).
    const grown = flat.map((v, t) => (t >= 52 ? 1.1 * v : v));
    const g = forecastSeries(grown, 52);
    expect(g.params.growth).toBeCloseTo(1.1, 12);
    g.point.forEach((v, i) => expect(v).toBeCloseTo(1.21 * p(i), 6));
    // Weeks 46–49 of the next year (h = 47 … 50): 1.21 × 2000 = 2420.
    expect(g.point[46]).toBeCloseTo(2420, 6);
  });

  it("falls back to Holt when the year-ago weeks sold nothing (growth undefined)", () => {
    // 70 weeks: nothing for 20 weeks, then 500 a week. The growth window k = min(13, 70 − 52) = 13 compares weeks 57–69
    // with weeks 5–17, which sold 0 → no ratio → Holt on the whole series.
    const y = Array.from({ length: 70 }, (_, t) => (t < 20 ? 0 : 500));
    const f = forecastSeries(y, 4);
    expect(f.method).toBe("holt-linear");
    const sales = forecastSales(weeksOf(y), "2026-05-11", { weeks: 4 });
    expect(sales.seasonal).toBe(false);
    expect(sales.rough).toBe(false);
  });

  it("widens the interval with the horizon (z σ √h) and holds the truth on a noiseless series", () => {
    // Rough average of 100, 200, 300: mean 200, sd = √((100² + 0 + 100²)/2) = 100.
    // h = 1: 200 ± 1.2816 × 100 = [71.84, 328.16]; h = 4: ± 1.2816 × 100 × 2 = 256.32 → [0 (clamped), 456.32].
    const f = forecastSeries([100, 200, 300], 4);
    expect(f.sigma).toBeCloseTo(100, 9);
    expect(f.low[0]).toBeCloseTo(71.84, 9);
    expect(f.high[0]).toBeCloseTo(328.16, 9);
    expect(f.low[3]).toBe(0);
    expect(f.high[3]).toBeCloseTo(456.32, 9);
    // The half-width above the forecast is z σ √h: 128.16, 181.24, 221.98, 256.32.
    f.high.forEach((h, i) => expect(h - f.point[i]!).toBeCloseTo(Z_80 * 100 * Math.sqrt(i + 1), 9));
    // A noisy trend (Holt): the band widens week after week.
    const noisy = forecastSeries([100, 130, 110, 150, 135, 170, 150, 190, 175, 210, 190, 230], 26);
    for (let i = 1; i < 26; i++) expect(noisy.high[i]! - noisy.point[i]!).toBeGreaterThan(noisy.high[i - 1]! - noisy.point[i - 1]!);
    // Noiseless: a linear trend's next 26 weeks (200 … 450) lie inside [low, high].
    const line = forecastSeries(Array.from({ length: 10 }, (_, i) => 100 + 10 * i), 26);
    for (let h = 1; h <= 26; h++) {
      const truth = 190 + 10 * h;
      expect(line.low[h - 1]!).toBeLessThanOrEqual(truth + 1e-9);
      expect(line.high[h - 1]!).toBeGreaterThanOrEqual(truth - 1e-9);
    }
  });
});

describe("forecastSales", () => {
  it("labels fewer than 8 weeks rough, says why in words, and repeats their average", () => {
    const f = forecastSales(weeksOf([100, 200, 300]), "2025-01-27");
    expect(f.rough).toBe(true);
    expect(f.roughReason).toBe("Only 3 complete weeks of sales so far: the forecast repeats their average, with no trend or season. It becomes reliable after 8 weeks of sales.");
    expect(f.method.netRevenue).toBe("average");
    expect(f.weeks).toHaveLength(26);
    // Rounded once: [71.84, 328.16] → 72 … 328.
    expect(f.weeks[0]!.netRevenue).toEqual({ forecast: 200, low: 72, high: 328 });
    expect(f.weeks[0]!.weekStart).toBe("2025-01-27");

    const none = forecastSales([], "2025-01-27");
    expect(none.rough).toBe(true);
    expect(none.roughReason).toContain("no complete week of sales yet");
    expect(none.weeks[25]!.netRevenue).toEqual({ forecast: 0, low: 0, high: 0 });

    const eight = forecastSales(weeksOf(Array<number>(8).fill(500)), "2025-03-03");
    expect(eight.rough).toBe(false);
    expect(eight.roughReason).toBeNull();
    expect(eight.seasonal).toBe(false);
  });

  it("names the weeks across the year boundary (2026 has an ISO week 53)", () => {
    // Wednesday 23 Dec 2026 is in W52 (Mon 21 Dec); then W53 (Mon 28 Dec – Sun 3 Jan 2027); then 2027-W01.
    const f = forecastSales(weeksOf(Array<number>(10).fill(100), "2026-10-12"), "2026-12-23", { weeks: 3 });
    expect(f.weeks.map((w) => [w.weekStart, w.week])).toEqual([
      ["2026-12-21", "2026-W52"],
      ["2026-12-28", "2026-W53"],
      ["2027-01-04", "2027-W01"],
    ]);
    expect(f.weeks[1]!.units).toEqual({ forecast: 1, low: 1, high: 1 });
  });
});

describe("weekly buckets", () => {
  it("buckets days into ISO weeks across 2026-W53, complete weeks only", () => {
    const days = [
      { day: "2026-12-27", netRevenue: 1000, units: 1 }, // Sunday → W52
      { day: "2026-12-28", netRevenue: 2000, units: 2 }, // Monday → W53
      { day: "2027-01-01", netRevenue: 3000, units: 3 }, // Friday → still 2026-W53 (its Thursday is 31 Dec)
      { day: "2027-01-03", netRevenue: 4000, units: 4 }, // Sunday → W53
      { day: "2027-01-04", netRevenue: 5000, units: 5 }, // Monday → 2027-W01
    ];
    expect(weeklyTotals(days, { firstDay: "2026-12-14", lastDay: "2027-01-10" })).toEqual([
      { weekStart: "2026-12-14", week: "2026-W51", netRevenue: 0, units: 0 },
      { weekStart: "2026-12-21", week: "2026-W52", netRevenue: 1000, units: 1 },
      { weekStart: "2026-12-28", week: "2026-W53", netRevenue: 9000, units: 9 }, // 2000 + 3000 + 4000
      { weekStart: "2027-01-04", week: "2027-W01", netRevenue: 5000, units: 5 },
    ]);
    // History from Wednesday 23 Dec to Wednesday 6 Jan: W52 and 2027-W01 are partial → only W53.
    expect(weeklyTotals(days, { firstDay: "2026-12-23", lastDay: "2027-01-06" }).map((w) => w.week)).toEqual(["2026-W53"]);
    // Ending on a Sunday keeps that week.
    expect(weeklyTotals(days, { firstDay: "2026-12-28", lastDay: "2027-01-03" }).map((w) => w.netRevenue)).toEqual([9000]);
  });

  it("puts an order in the shop's local day, not UTC's", () => {
    const orders = [
      { processedAt: "2026-12-27T23:30:00Z", netRevenue: 700, units: 1 }, // Paris (UTC+1): Mon 28 Dec 00:30 → W53 (UTC: Sunday, W52)
      { processedAt: "2027-01-04T05:00:00Z", netRevenue: 300, units: 2 }, // Paris: Mon 4 Jan 06:00 → 2027-W01
    ];
    const paris = weeklyTotals(dailyTotals(orders, "Europe/Paris"), { firstDay: "2026-12-21", lastDay: "2027-01-10" });
    expect(paris.map((w) => [w.week, w.netRevenue])).toEqual([
      ["2026-W52", 0],
      ["2026-W53", 700],
      ["2027-W01", 300],
    ]);
    const la = weeklyTotals(dailyTotals(orders, "America/Los_Angeles"), { firstDay: "2026-12-21", lastDay: "2027-01-10" });
    // Los Angeles (UTC−8): 27 Dec 15:30, a Sunday → W52; 3 Jan 21:00, a Sunday → W53.
    expect(la.map((w) => [w.week, w.netRevenue, w.units])).toEqual([
      ["2026-W52", 700, 1],
      ["2026-W53", 300, 2],
      ["2027-W01", 0, 0],
    ]);
    expect(dailyTotals(orders, "UTC").map((d) => d.day)).toEqual(["2026-12-27", "2027-01-04"]);
  });
});

describe("accuracy and backtest", () => {
  it("works out MAPE and bias by hand on 3 weeks", () => {
    // actual 100, 200, 50; forecast 110, 180, 70 → APE 10/100 = 10 %, 20/200 = 10 %, 20/50 = 40 % → MAPE 20 %.
    // bias = (360 − 350)/350 = 2.857 % (forecast too high).
    const a = accuracy([100, 200, 50], [110, 180, 70]);
    expect(a.mape).toBeCloseTo(20, 9);
    expect(a.bias).toBeCloseTo(100 / 35, 9);
    // A week that sold nothing has no percentage error: MAPE over the two others (10 %, 10 %); bias (110 + 180 + 5 − 300)/300.
    const z = accuracy([100, 200, 0], [110, 180, 5]);
    expect(z.mape).toBeCloseTo(10, 9);
    expect(z.bias).toBeCloseTo((-5 / 300) * 100, 9);
    expect(accuracy([0, 0], [1, 2])).toEqual({ mape: null, bias: null });
  });

  it("backtests against the last 4 weeks' mean when there is no year of history", () => {
    // y = 100 … 210 (12 weeks), hold out 3: training 100 … 180 → Holt exact: 190, 200, 210 → MAPE 0, bias 0.
    // Baseline: (150 + 160 + 170 + 180)/4 = 165 → APE 25/190, 35/200, 45/210 → MAPE = (13.158 + 17.5 + 21.429)/3 = 17.362 %;
    // bias = (3 × 165 − 600)/600 = −17.5 %.
    const b = backtest(Array.from({ length: 12 }, (_, i) => 100 + 10 * i), 3);
    expect(b.method).toBe("holt-linear");
    expect(b.baseline).toBe("last-4-weeks-mean");
    expect(b.baselineForecast).toEqual([165, 165, 165]);
    expect(b.methodAccuracy.mape).toBeCloseTo(0, 9);
    expect(b.methodAccuracy.bias).toBeCloseTo(0, 9);
    expect(b.baselineAccuracy.mape).toBeCloseTo(((25 / 190 + 35 / 200 + 45 / 210) / 3) * 100, 9);
    expect(b.baselineAccuracy.bias).toBeCloseTo(-17.5, 9);
    // σ = 0 (exact fit): the interval is the forecast itself, and holds all 3 weeks.
    expect(b.coverage).toBe(100);
  });

  it("backtests against the same week last year with ≥ 52 + 13 weeks, and the method beats it on a growing shop", () => {
    // 78 weeks, season p(w), growing 1 % a week: y_t = p(t mod 52) × 1.01^t. Baseline y_{t−52} misses 52 weeks of growth
    // (1.01⁵² ≈ 1.68: every week ≈ 40 % low); the method's r = 1.01⁵² exactly, so it is exact.
    const p = (w: number) => (w >= 46 && w <= 49 ? 2000 : 1000 + 10 * (w % 7));
    const y = Array.from({ length: 78 }, (_, t) => p(t % 52) * 1.01 ** t);
    const b = backtest(y);
    expect(b.trainingWeeks).toBe(65);
    expect(b.method).toBe("seasonal-naive-growth");
    expect(b.baseline).toBe("same-week-last-year");
    expect(b.baselineForecast[0]).toBe(y[13]);
    expect(b.methodAccuracy.mape!).toBeCloseTo(0, 9);
    expect(b.baselineAccuracy.bias!).toBeCloseTo((1 / 1.01 ** 52 - 1) * 100, 6);
    expect(b.methodAccuracy.mape!).toBeLessThan(b.baselineAccuracy.mape!);
  });
});
