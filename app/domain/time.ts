/**
 * Calendar helpers in the shop's time zone, with the JavaScript built-in Intl only
 * (no tz library, no clock). Instants are ISO 8601 strings with an offset
 * ("2026-11-03T09:15:00Z"); dates are shop-local "YYYY-MM-DD"; months "YYYY-MM".
 */

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for an ISO 8601 instant with an explicit offset that Date can read. */
export function isInstant(value: unknown): value is string {
  return typeof value === "string" && INSTANT.test(value) && Number.isFinite(Date.parse(value));
}

/** True for a real calendar date "YYYY-MM-DD". */
export function isLocalDate(value: unknown): value is string {
  if (typeof value !== "string") return false;
  const m = DATE.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const probe = new Date(Date.UTC(y, mo - 1, d));
  return probe.getUTCFullYear() === y && probe.getUTCMonth() === mo - 1 && probe.getUTCDate() === d;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" });
    formatters.set(timeZone, f);
  }
  return f;
}

/** True when Intl knows the IANA time zone ("Europe/Paris", "UTC"). */
export function isTimeZone(value: unknown): value is string {
  if (typeof value !== "string" || value === "") return false;
  try {
    formatterFor(value);
    return true;
  } catch {
    return false;
  }
}

const QUARTER_HOUR_MS = 15 * 60 * 1000;
const MAX_CACHED = 200_000;
const dateCache = new Map<string, Map<number, string>>();

/**
 * The shop-local calendar date of an instant: localDate("2026-10-31T23:30:00Z", "Europe/Paris") = "2026-11-01".
 *
 * Memoised per UTC quarter hour: UTC offsets (and their changes) are whole quarter
 * hours in every zone in use today, so all instants of one quarter hour share a
 * local date. Intl formatting is the costly part when a job resolves millions of orders.
 */
/** The last instant resolved, and its date. */
const last = { instant: "", timeZone: "", date: "" };
/**
 * The last local day resolved: quarter hours [from, to) all fall on `date`. The
 * local date never goes back as time goes on, so the end of a day is found by a
 * binary search over its quarter hours (≈ 7 formats a day instead of 96), and jobs
 * that resolve instants in time order format a handful of times per day.
 */
const lastDay = { timeZone: "", from: Number.NaN, to: Number.NaN, date: "" };
/** A local day lasts at most 25 hours (a DST change), 100 quarter hours. */
const DAY_SPAN = 30 * 4;

export function localDate(instant: string, timeZone: string): string {
  // The same instant again (an order's settings, unit costs, row and product day).
  if (instant === last.instant && timeZone === last.timeZone) return last.date;
  const ms = Date.parse(instant);
  if (!Number.isFinite(ms)) throw new RangeError(`invalid instant ${JSON.stringify(instant)}`);
  const bucket = Math.floor(ms / QUARTER_HOUR_MS);
  // Jobs resolve instants in time order: most calls fall in the day resolved last.
  if (timeZone !== lastDay.timeZone || !(bucket >= lastDay.from && bucket < lastDay.to)) {
    const date = cachedLocalDate(bucket, timeZone);
    let lo = bucket;
    let hi = bucket + DAY_SPAN;
    while (hi - lo > 1) {
      const mid = lo + Math.floor((hi - lo) / 2);
      if (cachedLocalDate(mid, timeZone) === date) lo = mid;
      else hi = mid;
    }
    lastDay.timeZone = timeZone;
    lastDay.from = bucket;
    lastDay.to = hi;
    lastDay.date = date;
  }
  last.instant = instant;
  last.timeZone = timeZone;
  last.date = lastDay.date;
  return lastDay.date;
}

function cachedLocalDate(bucket: number, timeZone: string): string {
  let cache = dateCache.get(timeZone);
  if (!cache) {
    cache = new Map();
    dateCache.set(timeZone, cache);
  }
  const hit = cache.get(bucket);
  if (hit !== undefined) return hit;
  const parts = formatterFor(timeZone).formatToParts(new Date(bucket * QUARTER_HOUR_MS));
  const get = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? "";
  const date = `${get("year").padStart(4, "0")}-${get("month")}-${get("day")}`;
  if (cache.size >= MAX_CACHED) cache.clear();
  cache.set(bucket, date);
  return date;
}

/** The shop-local month "YYYY-MM" of an instant (the key fixed costs are allocated by). */
export function monthKey(instant: string, timeZone: string): string {
  return localDate(instant, timeZone).slice(0, 7);
}

/** First local date of a month key: "2026-11" → "2026-11-01". */
export function firstDayOfMonth(month: string): string {
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) throw new RangeError(`invalid month key ${JSON.stringify(month)}`);
  return `${month}-01`;
}

/**
 * The first instant of a shop-local date, as an ISO string:
 * startOfLocalDate("2026-11-01", "Europe/Paris") = "2026-10-31T23:00:00.000Z".
 * Walks quarter hours from UTC−14 h (offsets are whole quarter hours), so it is
 * exact across DST changes.
 */
export function startOfLocalDate(date: string, timeZone: string): string {
  if (!isLocalDate(date)) throw new RangeError(`invalid local date ${JSON.stringify(date)}`);
  let t = Date.parse(`${date}T00:00:00Z`) - 14 * 3600_000;
  const end = t + 29 * 3600_000;
  for (; t <= end; t += QUARTER_HOUR_MS) {
    if (localDate(new Date(t).toISOString(), timeZone) >= date) return new Date(t).toISOString();
  }
  throw new RangeError(`no instant starts ${date} in ${timeZone}`);
}

/** The month after a month key: "2026-12" → "2027-01". */
export function nextMonth(month: string): string {
  firstDayOfMonth(month);
  const y = Number(month.slice(0, 4));
  const m = Number(month.slice(5, 7));
  return m === 12 ? `${String(y + 1).padStart(4, "0")}-01` : `${month.slice(0, 4)}-${String(m + 1).padStart(2, "0")}`;
}

/** A local date `days` later (earlier when negative): YYYY-MM-DD arithmetic, no time zone involved. */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** A local date `months` later (earlier when negative), as Date.setUTCMonth does it (31 Jan + 1 month = 3 Mar). */
export function addMonths(date: string, months: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + months);
  return d.toISOString().slice(0, 10);
}

/** The date ranges a page offers. */
export const RANGE_PRESETS = ["30d", "90d", "12m", "all", "custom"] as const;
export type RangePreset = (typeof RANGE_PRESETS)[number];

/** A page's date range as shop-local dates, `to` exclusive (`from`/`to` are read only for "custom", both inclusive). */
export function resolveRange(p: { range: RangePreset; from: string | null; to: string | null }, today: string): { from: string; to: string } {
  const tomorrow = addDays(today, 1);
  switch (p.range) {
    case "30d":
      return { from: addDays(tomorrow, -30), to: tomorrow };
    case "90d":
      return { from: addDays(tomorrow, -90), to: tomorrow };
    case "12m": {
      const from = new Date(`${tomorrow}T00:00:00Z`);
      from.setUTCFullYear(from.getUTCFullYear() - 1);
      return { from: from.toISOString().slice(0, 10), to: tomorrow };
    }
    case "all":
      return { from: "1970-01-01", to: tomorrow };
    case "custom":
      return { from: p.from!, to: addDays(p.to!, 1) };
  }
}
