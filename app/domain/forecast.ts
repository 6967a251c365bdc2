/**
 * Sales forecast per ISO week (issue 20, item 1): net revenue (minor units) and units for the
 * next 26 weeks from the shop's complete weeks of history, with prediction intervals, and the
 * backtest that compares the method with a naive baseline.
 *
 * Method (app/DECISIONS.md 2026-12-08, "Sales forecast"), chosen per series by the history there is:
 * - ≥ 60 complete weeks (a year + 8): **seasonal naive with growth**. The forecast for week h
 *   ahead is the same ISO week a year earlier × the year-on-year growth of the last k weeks,
 *   k = min(13, n − 52): f(h) = r × y[n − 1 + h − 52], r = Σ y[n−k … n−1] / Σ y[n−k−52 … n−53]
 *   (beyond 52 weeks ahead, r is applied once more per year). The year-ago week carries the yearly
 *   season (Black Friday, Christmas, summer); r carries the trend. When the year-ago window sold
 *   nothing (r undefined), the series falls back to Holt.
 * - 8 … 59 weeks: **Holt's linear trend** (double exponential smoothing, no season: less than a
 *   year cannot show one). Level l₀ = y₀, trend b₀ = (y_m − y₀)/m with m = min(4, n − 1);
 *   lₜ = α yₜ + (1 − α)(lₜ₋₁ + bₜ₋₁), bₜ = β (lₜ − lₜ₋₁) + (1 − β) bₜ₋₁; f(h) = l + h b.
 *   α and β are picked on a 0.1 … 0.9 grid by the smallest sum of squared one-step errors.
 * - < 8 weeks: the **average** of the weeks there are, labelled rough with the reason.
 * Forecasts below 0 are shown as 0 (a shop does not un-sell).
 *
 * Prediction interval (80 % by default, z = 1.2816): f(h) ± z σ √h, where σ is the root mean
 * square of the method's one-step-ahead in-sample errors (each week forecast from the weeks
 * before it only). √h widens the band as a random walk's error grows: conservative for the
 * seasonal method, whose errors do not all add up. The low end is clamped at 0. For the rough
 * average, σ is the weeks' standard deviation (or the one week's own value).
 *
 * Weeks are ISO weeks (Monday–Sunday) of the shop's local dates (payables.ts's isoWeekStart and
 * isoWeekKey); only complete weeks count, so a partial first or current week does not read as a
 * drop in sales. Rounding: the series are computed in floats and rounded once to whole minor units
 * and whole units in the result (Math.round).
 */
import { isoWeekKey, isoWeekStart } from "./payables";
import { addDays, localDate } from "./time";

export const FORECAST_WEEKS = 26;
/** Fewer complete weeks than this: the forecast is rough (the rule). */
export const MIN_WEEKS = 8;
export const SEASON_WEEKS = 52;
/** Weeks compared year on year for the growth ratio, at most. */
export const GROWTH_WINDOW = 13;
/** History needed for the seasonal method: a year + 8 weeks (growth on ≥ 8 weeks, ≥ 4 one-step errors). */
export const SEASONAL_MIN_WEEKS = SEASON_WEEKS + 8;
/** The weeks the backtest holds out. */
export const HOLDOUT_WEEKS = 13;
/** z of a two-sided 80 % normal interval. */
export const Z_80 = 1.2816;

export type ForecastMethod = "seasonal-naive-growth" | "holt-linear" | "average";
export const FORECAST_METHOD_LABELS: Readonly<Record<ForecastMethod, string>> = {
  "seasonal-naive-growth": "Same week last year × this year's growth",
  "holt-linear": "Recent trend (less than a year of history: no yearly season yet)",
  average: "Average of the weeks there are",
};

// ---------------------------------------------------------------------------
// Daily and weekly totals
// ---------------------------------------------------------------------------

export interface DayTotal {
  /** Shop-local date YYYY-MM-DD. */
  readonly day: string;
  /** Net revenue in minor units. */
  readonly netRevenue: number;
  readonly units: number;
}

export interface WeekTotal {
  /** The Monday starting the ISO week (shop-local). */
  readonly weekStart: string;
  /** "2026-W53". */
  readonly week: string;
  readonly netRevenue: number;
  readonly units: number;
}

/** Orders (their instant, net revenue and units) → totals per shop-local day, in day order. */
export function dailyTotals(orders: Iterable<{ readonly processedAt: string; readonly netRevenue: number; readonly units: number }>, timeZone: string): DayTotal[] {
  const byDay = new Map<string, { netRevenue: number; units: number }>();
  for (const o of orders) {
    const day = localDate(o.processedAt, timeZone);
    const t = byDay.get(day);
    if (t) {
      t.netRevenue += o.netRevenue;
      t.units += o.units;
    } else byDay.set(day, { netRevenue: o.netRevenue, units: o.units });
  }
  return [...byDay.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([day, t]) => ({ day, ...t }));
}

/**
 * Daily totals → one row per complete ISO week inside [firstDay, lastDay] (the shop's first day of
 * history and its last finished day), weeks without a sale as 0. Days outside are ignored.
 */
export function weeklyTotals(days: Iterable<DayTotal>, range: { readonly firstDay: string; readonly lastDay: string }): WeekTotal[] {
  const startMonday = isoWeekStart(range.firstDay);
  const first = startMonday === range.firstDay ? startMonday : addDays(startMonday, 7);
  const lastSunday = addDays(isoWeekStart(addDays(range.lastDay, 1)), -1); // lastDay itself when it is a Sunday
  const weeks = new Map<string, { netRevenue: number; units: number }>();
  for (let monday = first; addDays(monday, 6) <= lastSunday; monday = addDays(monday, 7)) weeks.set(monday, { netRevenue: 0, units: 0 });
  for (const d of days) {
    const t = weeks.get(isoWeekStart(d.day));
    if (!t) continue;
    t.netRevenue += d.netRevenue;
    t.units += d.units;
  }
  return [...weeks.entries()].map(([weekStart, t]) => ({ weekStart, week: isoWeekKey(weekStart), ...t }));
}

// ---------------------------------------------------------------------------
// One series
// ---------------------------------------------------------------------------

export interface SeriesForecast {
  readonly method: ForecastMethod;
  /** Point forecasts for h = 1 … horizon (floats, ≥ 0). */
  readonly point: readonly number[];
  readonly low: readonly number[];
  readonly high: readonly number[];
  /** RMS of the one-step-ahead in-sample errors (the interval's σ). */
  readonly sigma: number;
  /** Seasonal: the growth ratio r and its window k; Holt: α and β. */
  readonly params: Readonly<Record<string, number>>;
}

const sum = (xs: readonly number[], from: number, to: number): number => {
  let s = 0;
  for (let i = from; i < to; i++) s += xs[i]!;
  return s;
};
const rms = (errors: readonly number[]): number => (errors.length === 0 ? 0 : Math.sqrt(errors.reduce((s, e) => s + e * e, 0) / errors.length));

/** The growth ratio for a forecast made after y[0 … t−1], or null (too short, or nothing sold a year before). */
function growthAt(y: readonly number[], t: number): { r: number; k: number } | null {
  const k = Math.min(GROWTH_WINDOW, t - SEASON_WEEKS);
  if (k < 1) return null;
  const before = sum(y, t - k - SEASON_WEEKS, t - SEASON_WEEKS);
  if (before <= 0) return null;
  return { r: sum(y, t - k, t) / before, k };
}

function seasonal(y: readonly number[], horizon: number): { point: number[]; sigma: number; params: Record<string, number> } | null {
  const n = y.length;
  const g = growthAt(y, n);
  if (!g) return null;
  const point: number[] = [];
  for (let h = 1; h <= horizon; h++) {
    const years = Math.ceil(h / SEASON_WEEKS);
    point.push(g.r ** years * y[n - 1 + h - SEASON_WEEKS * years]!);
  }
  // One-step errors where the growth window has ≥ 4 weeks (t ≥ 56).
  const errors: number[] = [];
  for (let t = SEASON_WEEKS + 4; t < n; t++) {
    const gt = growthAt(y, t);
    if (gt) errors.push(y[t]! - gt.r * y[t - SEASON_WEEKS]!);
  }
  return { point, sigma: rms(errors), params: { growth: g.r, growthWeeks: g.k } };
}

const GRID = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9];

/** Holt's run over y with α, β: the final level and trend, and the one-step errors for t = 1 … n−1. */
function holtRun(y: readonly number[], alpha: number, beta: number): { level: number; trend: number; errors: number[] } {
  const m = Math.min(4, y.length - 1);
  let level = y[0]!;
  let trend = (y[m]! - y[0]!) / m;
  const errors: number[] = [];
  for (let t = 1; t < y.length; t++) {
    const f = level + trend;
    errors.push(y[t]! - f);
    const next = alpha * y[t]! + (1 - alpha) * f;
    trend = beta * (next - level) + (1 - beta) * trend;
    level = next;
  }
  return { level, trend, errors };
}

function holt(y: readonly number[], horizon: number): { point: number[]; sigma: number; params: Record<string, number> } {
  let best: { alpha: number; beta: number; run: ReturnType<typeof holtRun>; sse: number } | null = null;
  for (const alpha of GRID) {
    for (const beta of GRID) {
      const run = holtRun(y, alpha, beta);
      const sse = run.errors.reduce((s, e) => s + e * e, 0);
      if (!best || sse < best.sse) best = { alpha, beta, run, sse };
    }
  }
  const { run, alpha, beta } = best!;
  const point = Array.from({ length: horizon }, (_, i) => run.level + (i + 1) * run.trend);
  return { point, sigma: rms(run.errors), params: { alpha, beta } };
}

function average(y: readonly number[], horizon: number): { point: number[]; sigma: number; params: Record<string, number> } {
  if (y.length === 0) return { point: Array<number>(horizon).fill(0), sigma: 0, params: {} };
  const mean = sum(y, 0, y.length) / y.length;
  const sd = y.length >= 2 ? Math.sqrt(y.reduce((s, v) => s + (v - mean) ** 2, 0) / (y.length - 1)) : Math.abs(mean);
  return { point: Array<number>(horizon).fill(mean), sigma: sd, params: { weeks: y.length } };
}

/** Forecast one weekly series h = 1 … horizon ahead (see the file's header for the method and interval). */
export function forecastSeries(y: readonly number[], horizon: number = FORECAST_WEEKS, z: number = Z_80): SeriesForecast {
  let method: ForecastMethod;
  let fit: { point: number[]; sigma: number; params: Record<string, number> };
  const s = y.length >= SEASONAL_MIN_WEEKS ? seasonal(y, horizon) : null;
  if (s) {
    method = "seasonal-naive-growth";
    fit = s;
  } else if (y.length >= MIN_WEEKS) {
    method = "holt-linear";
    fit = holt(y, horizon);
  } else {
    method = "average";
    fit = average(y, horizon);
  }
  const point = fit.point.map((v) => Math.max(0, v));
  const half = point.map((_, i) => z * fit.sigma * Math.sqrt(i + 1));
  return {
    method,
    point,
    low: point.map((v, i) => Math.max(0, v - half[i]!)),
    high: point.map((v, i) => v + half[i]!),
    sigma: fit.sigma,
    params: fit.params,
  };
}

// ---------------------------------------------------------------------------
// The shop's forecast
// ---------------------------------------------------------------------------

export interface ForecastValue {
  readonly forecast: number;
  /** The prediction interval's ends (80 % unless another z was given). */
  readonly low: number;
  readonly high: number;
}

export interface ForecastWeek {
  readonly weekStart: string;
  readonly week: string;
  /** Minor units of the shop's currency, rounded once. */
  readonly netRevenue: ForecastValue;
  readonly units: ForecastValue;
}

export interface SalesForecast {
  /** Fewer than 8 complete weeks: a rough forecast; `roughReason` says why in plain words. */
  readonly rough: boolean;
  readonly roughReason: string | null;
  readonly historyWeeks: number;
  /** True when a year of history lets the forecast follow the yearly season. */
  readonly seasonal: boolean;
  readonly method: { readonly netRevenue: ForecastMethod; readonly units: ForecastMethod };
  readonly weeks: readonly ForecastWeek[];
}

function roughReasonOf(n: number): string | null {
  if (n >= MIN_WEEKS) return null;
  if (n === 0) return `There is no complete week of sales yet, so there is nothing to forecast from. The forecast becomes reliable after ${MIN_WEEKS} weeks of sales.`;
  return `Only ${n} complete week${n === 1 ? "" : "s"} of sales so far: the forecast repeats ${n === 1 ? "that week" : "their average"}, with no trend or season. It becomes reliable after ${MIN_WEEKS} weeks of sales.`;
}

/**
 * The next `weeks` ISO weeks from the complete weeks of history (oldest first, consecutive; see
 * weeklyTotals). `firstWeekStart` is the Monday of the first week forecast (the current week when
 * it is not complete yet).
 */
export function forecastSales(history: readonly WeekTotal[], firstWeekStart: string, opts: { weeks?: number; z?: number } = {}): SalesForecast {
  const horizon = opts.weeks ?? FORECAST_WEEKS;
  const z = opts.z ?? Z_80;
  const revenue = forecastSeries(history.map((w) => w.netRevenue), horizon, z);
  const units = forecastSeries(history.map((w) => w.units), horizon, z);
  const value = (s: SeriesForecast, i: number): ForecastValue => ({ forecast: Math.round(s.point[i]!), low: Math.round(s.low[i]!), high: Math.round(s.high[i]!) });
  const weeks: ForecastWeek[] = [];
  for (let i = 0; i < horizon; i++) {
    const weekStart = addDays(isoWeekStart(firstWeekStart), 7 * i);
    weeks.push({ weekStart, week: isoWeekKey(weekStart), netRevenue: value(revenue, i), units: value(units, i) });
  }
  const reason = roughReasonOf(history.length);
  return {
    rough: reason !== null,
    roughReason: reason,
    historyWeeks: history.length,
    seasonal: revenue.method === "seasonal-naive-growth",
    method: { netRevenue: revenue.method, units: units.method },
    weeks,
  };
}

// ---------------------------------------------------------------------------
// Backtest
// ---------------------------------------------------------------------------

export interface Accuracy {
  /** Mean absolute percentage error over the weeks that sold something, in %; null when none did. */
  readonly mape: number | null;
  /** (Σ forecast − Σ actual) / Σ actual, in %: positive = forecast too high; null when Σ actual is 0. */
  readonly bias: number | null;
}

export function accuracy(actual: readonly number[], forecast: readonly number[]): Accuracy {
  let ape = 0;
  let counted = 0;
  let sa = 0;
  let sf = 0;
  actual.forEach((a, i) => {
    const f = forecast[i]!;
    sa += a;
    sf += f;
    if (a !== 0) {
      ape += Math.abs(f - a) / Math.abs(a);
      counted++;
    }
  });
  return { mape: counted === 0 ? null : (100 * ape) / counted, bias: sa === 0 ? null : (100 * (sf - sa)) / sa };
}

export type BaselineMethod = "same-week-last-year" | "last-4-weeks-mean";
export const BASELINE_LABELS: Readonly<Record<BaselineMethod, string>> = {
  "same-week-last-year": "Same week last year",
  "last-4-weeks-mean": "Mean of the last 4 weeks",
};

export interface Backtest {
  readonly holdout: number;
  readonly trainingWeeks: number;
  readonly method: ForecastMethod;
  readonly baseline: BaselineMethod;
  readonly actual: readonly number[];
  readonly methodForecast: readonly number[];
  readonly baselineForecast: readonly number[];
  readonly methodAccuracy: Accuracy;
  readonly baselineAccuracy: Accuracy;
  /** Share of the held-out weeks inside the method's interval, in % (80 % expected when the interval is honest). */
  readonly coverage: number | null;
}

/**
 * Forecast the last `holdout` weeks of y from the weeks before them, with the method and with the
 * naive baseline: the same week a year earlier when y has ≥ 52 + holdout weeks, else the mean of the
 * 4 weeks before the holdout (fewer when there are fewer).
 */
export function backtest(y: readonly number[], holdout: number = HOLDOUT_WEEKS): Backtest {
  const n = y.length;
  const training = y.slice(0, Math.max(0, n - holdout));
  const actual = y.slice(training.length);
  const method = forecastSeries(training, actual.length);
  let baseline: BaselineMethod;
  let baselineForecast: number[];
  if (n >= SEASON_WEEKS + holdout) {
    baseline = "same-week-last-year";
    baselineForecast = actual.map((_, i) => y[training.length + i - SEASON_WEEKS]!);
  } else {
    baseline = "last-4-weeks-mean";
    const last = training.slice(-4);
    const mean = last.length === 0 ? 0 : sum(last, 0, last.length) / last.length;
    baselineForecast = actual.map(() => mean);
  }
  return {
    holdout: actual.length,
    trainingWeeks: training.length,
    method: method.method,
    baseline,
    actual,
    methodForecast: method.point,
    baselineForecast,
    methodAccuracy: accuracy(actual, method.point),
    baselineAccuracy: accuracy(actual, baselineForecast),
    coverage: actual.length === 0 ? null : (100 * actual.filter((a, i) => a >= method.low[i]! && a <= method.high[i]!).length) / actual.length,
  };
}
