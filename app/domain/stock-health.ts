/**
 * Stock health per variant (issue 18, item 3): sales velocity excluding days out of
 * stock, days of cover, stock turnover and days inventory outstanding, last sale,
 * stock value at cost and at price, the stock classes with their reasons, the cash
 * the stock ties up and the margin lost while out of stock.
 *
 * Conventions (README "Stock health"):
 * - Dates are shop-local "YYYY-MM-DD"; "today" comes in as `asOf` (the last day counted,
 *   usually yesterday, the last complete day). A trailing window of N days is the N days
 *   ending on `asOf`, both ends included.
 * - Stock comes as sparse snapshots (one row per variant per day when something
 *   changed): `onHand` at the END of `date`, kept until the next snapshot. Days before
 *   the first snapshot are unknown (Shopify keeps no inventory history before install):
 *   they count as in stock, and are counted apart (`unknownStockDays`).
 * - A day is OUT OF STOCK when the variant ended it with nothing on hand (≤ 0) and sold
 *   nothing that day. A day with a sale always counts as in stock (it sold out during the
 *   day, or was restocked and sold). Callers with their own list of out-of-stock days
 *   pass `outOfStockDays` instead of snapshots.
 * - Velocity is kept exact as units / in-stock days; cover and class thresholds compare
 *   integers (onHand × days vs threshold × units), never floats. `unitsPerDay` is a float
 *   for sorting and display only.
 * - Money: integer minor units of `currency`; a value is onHand × unit amount (exact); a
 *   lost margin is rounded once (default half-even).
 *
 * Pure module: no clock, no I/O.
 */
import { mulDiv, type CurrencyCode, type RoundingMode } from "./money";
import { formatDate, formatMoney } from "./format";
import { addDays } from "./time";

// ---------------------------------------------------------------------------
// Days
// ---------------------------------------------------------------------------

const DAY_MS = 86_400_000;

/** Whole days from `from` to `to` (shop-local dates): daysBetween("2026-12-01", "2026-12-31") = 30. */
export function daysBetween(from: string, to: string): number {
  const a = Date.parse(`${from}T00:00:00Z`);
  const b = Date.parse(`${to}T00:00:00Z`);
  if (!Number.isFinite(a) || !Number.isFinite(b)) throw new RangeError(`invalid dates ${from} / ${to}`);
  return Math.round((b - a) / DAY_MS);
}

/** A change of stock recorded for a day: quantities at the end of `date`, in force until the next snapshot. */
export interface StockSnapshot {
  readonly date: string;
  readonly onHand: number;
  /** Value at cost at the end of the day (minor units; on hand × unit cost in force); needed for turnover and carrying cost. */
  readonly valueAtCost?: number | null;
}

function sortedSnapshots(snapshots: readonly StockSnapshot[]): readonly StockSnapshot[] {
  for (let i = 1; i < snapshots.length; i++) {
    if (snapshots[i - 1]!.date > snapshots[i]!.date) return [...snapshots].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  }
  return snapshots;
}

/**
 * Calls `visit(date, snapshot in force or null)` for every day of [from, to) (to
 * exclusive), walking the sorted snapshots once. Null: before the first snapshot.
 */
export function forEachStockDay(snapshots: readonly StockSnapshot[], from: string, to: string, visit: (date: string, s: StockSnapshot | null) => void): void {
  const list = sortedSnapshots(snapshots);
  const dates = datesOf(from, to);
  let k = -1;
  for (const date of dates) {
    while (k + 1 < list.length && list[k + 1]!.date <= date) k++;
    visit(date, k >= 0 ? list[k]! : null);
  }
}

/** The dates of [from, to), kept for the few ranges in use (every variant shares the same windows). */
const dateLists = new Map<string, readonly string[]>();
function datesOf(from: string, to: string): readonly string[] {
  const key = `${from}|${to}`;
  let dates = dateLists.get(key);
  if (!dates) {
    const list: string[] = [];
    for (let date = from; date < to; date = addDays(date, 1)) list.push(date);
    dates = list;
    if (dateLists.size >= 32) dateLists.clear();
    dateLists.set(key, dates);
  }
  return dates;
}

/** Stock over a period [from, to): Σ daily on hand and Σ daily value at cost over the days whose stock is known. */
export interface StockDays {
  readonly days: number;
  /** Days with a snapshot in force (on or after the first one). */
  readonly knownDays: number;
  /** Σ max(0, on hand) over the known days: the average on hand × known days. */
  readonly unitDays: number;
  /** Σ max(0, value at cost) over the known days (minor units × days); days without a value count 0 and in `daysWithoutValue`. */
  readonly valueDays: number;
  readonly daysWithoutValue: number;
}

export function stockDays(snapshots: readonly StockSnapshot[], from: string, to: string): StockDays {
  let days = 0;
  let knownDays = 0;
  let unitDays = 0;
  let valueDays = 0;
  let daysWithoutValue = 0;
  forEachStockDay(snapshots, from, to, (_date, s) => {
    days++;
    if (s === null) return;
    knownDays++;
    unitDays += Math.max(0, s.onHand);
    if (s.valueAtCost === undefined || s.valueAtCost === null) daysWithoutValue++;
    else valueDays += Math.max(0, s.valueAtCost);
  });
  return { days, knownDays, unitDays, valueDays, daysWithoutValue };
}

// ---------------------------------------------------------------------------
// Sales velocity
// ---------------------------------------------------------------------------

export interface SalesHistory {
  /** Units sold (kept) per shop-local date; a date absent sold nothing. */
  readonly unitsSoldByDay: ReadonlyMap<string, number>;
  /** End-of-day on-hand snapshots (sparse), to find the days out of stock… */
  readonly snapshots?: readonly StockSnapshot[];
  /** …or the days out of stock given directly (used instead of the snapshots when present). */
  readonly outOfStockDays?: ReadonlySet<string>;
  /** First date the variant had stock (README: "first stocked"); days before it are not counted. Null: unknown. */
  readonly firstStockedOn?: string | null;
}

export interface Velocity {
  readonly windowDays: number;
  /** First and last day of the window, both included. */
  readonly from: string;
  readonly to: string;
  /** Units sold on the window's in-stock days (= all units sold in the window: a day with a sale is in stock). */
  readonly unitsSold: number;
  readonly inStockDays: number;
  readonly outOfStockDays: number;
  /** Days before the variant was first stocked: not counted. */
  readonly notYetStockedDays: number;
  /** In-stock days whose stock is unknown (before the first snapshot), counted as in stock. */
  readonly unknownStockDays: number;
  /** unitsSold / inStockDays as a float, for sorting and display; null without an in-stock day. */
  readonly unitsPerDay: number | null;
}

/** Units per day over the `windowDays` days ending on `asOf`, leaving out days out of stock and days before it was first stocked. */
export function salesVelocity(history: SalesHistory, asOf: string, windowDays: number): Velocity {
  if (!Number.isSafeInteger(windowDays) || windowDays < 1) throw new RangeError(`window must be a whole number of days ≥ 1, got ${windowDays}`);
  const from = addDays(asOf, 1 - windowDays);
  const end = addDays(asOf, 1);
  let unitsSold = 0;
  let inStockDays = 0;
  let outOfStockDays = 0;
  let notYetStockedDays = 0;
  let unknownStockDays = 0;
  const first = history.firstStockedOn ?? null;
  const given = history.outOfStockDays;
  forEachStockDay(given ? [] : (history.snapshots ?? []), from, end, (date, s) => {
    const sold = history.unitsSoldByDay.get(date) ?? 0;
    if (sold <= 0) {
      if (first !== null && date < first) {
        notYetStockedDays++;
        return;
      }
      const out = given ? given.has(date) : s !== null && s.onHand <= 0;
      if (out) {
        outOfStockDays++;
        return;
      }
    }
    inStockDays++;
    unitsSold += Math.max(0, sold);
    if (!given && s === null) unknownStockDays++;
  });
  return {
    windowDays,
    from,
    to: asOf,
    unitsSold,
    inStockDays,
    outOfStockDays,
    notYetStockedDays,
    unknownStockDays,
    unitsPerDay: inStockDays > 0 ? unitsSold / inStockDays : null,
  };
}

/** The last date the variant came back in stock after being out (a snapshot > 0 after one ≤ 0); null when never. */
export function lastRestockDate(snapshots: readonly StockSnapshot[]): string | null {
  const list = sortedSnapshots(snapshots);
  for (let i = list.length - 1; i > 0; i--) if (list[i]!.onHand > 0 && list[i - 1]!.onHand <= 0) return list[i]!.date;
  return null;
}

/** The last date with a unit sold in a daily sales map; null when none. */
export function lastSaleDate(unitsSoldByDay: ReadonlyMap<string, number>): string | null {
  let last: string | null = null;
  for (const [date, sold] of unitsSoldByDay) if (sold > 0 && (last === null || date > last)) last = date;
  return last;
}

/**
 * Days the stock on hand lasts at this velocity, rounded DOWN to whole days (it lasts
 * at least that long): floor(onHand × inStockDays / unitsSold). 0 when nothing is on
 * hand; null when the velocity is 0 or unknown (the stock never runs out at this pace).
 */
export function daysOfCover(onHand: number, v: Velocity): number | null {
  if (onHand <= 0) return 0;
  if (v.unitsSold <= 0 || v.inStockDays <= 0) return null;
  return Math.floor((onHand * v.inStockDays) / v.unitsSold);
}

/** onHand lasts fewer than `days` days at velocity v (exact; false when the velocity is 0). */
function coverBelow(onHand: number, v: Velocity, days: number): boolean {
  if (v.unitsSold <= 0 || v.inStockDays <= 0) return false;
  return onHand * v.inStockDays < days * v.unitsSold;
}

/** onHand lasts more than `days` days at velocity v (exact; true when the velocity is 0 and something is on hand). */
function coverAbove(onHand: number, v: Velocity, days: number): boolean {
  if (onHand <= 0) return false;
  if (v.unitsSold <= 0 || v.inStockDays <= 0) return true;
  return onHand * v.inStockDays > days * v.unitsSold;
}

/** Units that last `days` days at velocity v, rounded up: ceil(days × unitsSold / inStockDays); 0 when the velocity is 0. */
export function unitsForCover(v: Velocity, days: number): number {
  if (v.unitsSold <= 0 || v.inStockDays <= 0) return 0;
  return Math.ceil((days * v.unitsSold) / v.inStockDays);
}

// ---------------------------------------------------------------------------
// Turnover and days inventory outstanding
// ---------------------------------------------------------------------------

export interface StockTurnover {
  /** Days of the period whose stock value is known (the basis: days before install are left out). */
  readonly days: number;
  /** Cost of goods sold on those days (minor units). */
  readonly costOfGoods: number;
  /** Average stock value at cost over those days, rounded half-even to the minor unit. */
  readonly averageValue: number;
  /** Cost of goods / average stock value over the period, rounded to 0.01; null when the average is 0. */
  readonly turnover: number | null;
  /** The same scaled to 365 days, rounded to 0.01; null when the average is 0. */
  readonly annualTurnover: number | null;
  /** Days inventory outstanding = days / turnover = Σ daily value / cost of goods, rounded half-up to whole days; null when nothing sold. */
  readonly daysInventoryOutstanding: number | null;
}

const round2 = (x: number) => Math.round(x * 100) / 100;

/**
 * Turnover and DIO from totals: `valueDays` = Σ daily stock value at cost over `days`
 * days, `costOfGoods` of the same days. For a product, add its variants' totals.
 */
export function turnoverFromTotals(costOfGoods: number, valueDays: number, days: number): StockTurnover {
  const averageValue = days > 0 ? mulDiv(valueDays, 1, days, "half-even") : 0;
  const hasStock = valueDays > 0 && days > 0;
  return {
    days,
    costOfGoods,
    averageValue,
    turnover: hasStock ? round2((costOfGoods * days) / valueDays) : null,
    annualTurnover: hasStock ? round2((costOfGoods * 365) / valueDays) : null,
    daysInventoryOutstanding: costOfGoods > 0 && hasStock ? Math.round(valueDays / costOfGoods) : null,
  };
}

/**
 * Turnover and DIO of a variant over [from, to) from its snapshots (value at cost) and
 * its cost of goods per day. Only days with a known stock value count, for both the
 * average and the cost of goods, so a period reaching before install is cut to it.
 */
export function stockTurnover(snapshots: readonly StockSnapshot[], costOfGoodsByDay: ReadonlyMap<string, number>, from: string, to: string): StockTurnover {
  let days = 0;
  let valueDays = 0;
  let costOfGoods = 0;
  forEachStockDay(snapshots, from, to, (date, s) => {
    if (s === null || s.valueAtCost === undefined || s.valueAtCost === null) return;
    days++;
    valueDays += Math.max(0, s.valueAtCost);
    costOfGoods += costOfGoodsByDay.get(date) ?? 0;
  });
  return turnoverFromTotals(costOfGoods, valueDays, days);
}

// ---------------------------------------------------------------------------
// Classes
// ---------------------------------------------------------------------------

export const STOCK_CLASSES = ["out-of-stock", "at-risk", "new", "dead", "overstock", "healthy"] as const;
export type StockClass = (typeof STOCK_CLASSES)[number];

export const STOCK_CLASS_LABELS: Readonly<Record<StockClass, string>> = {
  "out-of-stock": "Out of stock",
  "at-risk": "At risk",
  new: "New",
  dead: "Dead stock",
  overstock: "Overstock",
  healthy: "Healthy",
};

/** Editable thresholds, in days (whole numbers). */
export interface StockHealthOptions {
  /** Short trailing window for velocity (default 28). */
  readonly shortWindowDays: number;
  /** Long trailing window (default 90), used for cover when the short one has no sale or too few days in stock. */
  readonly longWindowDays: number;
  /** Fewest in-stock days for the short window to be trusted (default 7). */
  readonly minInStockDays: number;
  /** Supplier lead time (default 14; a variant's own supplier value wins). */
  readonly leadTimeDays: number;
  /** Safety days on top of the lead time (default 7). */
  readonly safetyDays: number;
  /** Target cover: above it the stock is overstock (default 90). */
  readonly targetCoverDays: number;
  /** Stock on hand and no sale for this many days: dead stock (default 90). */
  readonly deadAfterDays: number;
  /** First stocked fewer than this many days ago: new (default 30). */
  readonly newForDays: number;
}

export const DEFAULT_STOCK_HEALTH_OPTIONS: StockHealthOptions = Object.freeze({
  shortWindowDays: 28,
  longWindowDays: 90,
  minInStockDays: 7,
  leadTimeDays: 14,
  safetyDays: 7,
  targetCoverDays: 90,
  deadAfterDays: 90,
  newForDays: 30,
});

/** Problems with options, each naming its field (empty when valid). */
export function stockHealthOptionErrors(o: Partial<StockHealthOptions>): string[] {
  const errors: string[] = [];
  for (const [key, value] of Object.entries(o)) {
    if (!(key in DEFAULT_STOCK_HEALTH_OPTIONS)) errors.push(`${key}: unknown setting`);
    else if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 0 || value > 3650) errors.push(`${key}: enter a whole number of days from 0 to 3650`);
    else if ((key === "shortWindowDays" || key === "longWindowDays") && value < 1) errors.push(`${key}: a window is at least 1 day`);
  }
  return errors;
}

export interface VariantStockInput extends SalesHistory {
  readonly variantId: string;
  readonly currency: CurrencyCode;
  /** On hand now (end of `asOf`), all locations. */
  readonly onHand: number;
  /** Unit cost in force (minor units), null when unknown. */
  readonly unitCost: number | null;
  /** Unit price before tax (minor units), null when unknown. */
  readonly unitPrice: number | null;
  /** Last date a unit was sold (whole history, not only the windows); null: never. */
  readonly lastSaleOn: string | null;
  /** The supplier's lead time for this variant, when known (else options.leadTimeDays). */
  readonly leadTimeDays?: number | null;
}

export interface VariantStockHealth {
  readonly variantId: string;
  readonly currency: CurrencyCode;
  readonly onHand: number;
  /** max(0, onHand) × unit cost; null when the cost is unknown. */
  readonly valueAtCost: number | null;
  /** max(0, onHand) × unit price before tax; null when the price is unknown. */
  readonly valueAtPrice: number | null;
  readonly velocity: { readonly short: Velocity; readonly long: Velocity; readonly used: "short" | "long" };
  /** Whole days of cover at the velocity used (rounded down); null: no sale in the window (never runs out at this pace). */
  readonly daysOfCover: number | null;
  readonly lastSaleOn: string | null;
  /** Days since the last sale, or since first stocked or last restocked after a stock-out when later; null when none is known. */
  readonly daysWithoutSale: number | null;
  readonly stockClass: StockClass;
  /** The class in plain words ("No sale for 120 days, 40 units on hand."). */
  readonly reason: string;
  /** Units above the target cover (all of them for dead stock or no sales; none for new stock). */
  readonly excessUnits: number;
  /** excessUnits × unit cost; null when the cost is unknown. */
  readonly excessValue: number | null;
}

function units(n: number): string {
  return `${n} unit${n === 1 ? "" : "s"}`;
}

function days(n: number): string {
  return `${n} day${n === 1 ? "" : "s"}`;
}

/** "sold 42 in the last 28 days in stock" — the velocity in words, exact. */
function paceWords(v: Velocity): string {
  return `sold ${v.unitsSold} in the last ${days(v.inStockDays)} in stock`;
}

/** Stock health of one variant on `asOf`: velocity, cover, values, class and reason. */
export function variantStockHealth(input: VariantStockInput, asOf: string, options: Partial<StockHealthOptions> = {}): VariantStockHealth {
  const o: StockHealthOptions = { ...DEFAULT_STOCK_HEALTH_OPTIONS, ...options };
  const errors = stockHealthOptionErrors(options);
  if (errors.length > 0) throw new RangeError(`invalid stock health options: ${errors.join("; ")}`);
  const short = salesVelocity(input, asOf, o.shortWindowDays);
  const long = salesVelocity(input, asOf, o.longWindowDays);
  const used = short.unitsSold > 0 && short.inStockDays >= o.minInStockDays ? "short" : "long";
  const v = used === "short" ? short : long;
  const onHand = input.onHand;
  const held = Math.max(0, onHand);
  const cover = daysOfCover(onHand, v);
  const lead = input.leadTimeDays ?? o.leadTimeDays;
  const first = input.firstStockedOn ?? null;
  // Counted from the last sale, or from when it was (re)stocked if later: stock back after a
  // stock-out has had only the days since to sell.
  const restocked = lastRestockDate(input.snapshots ?? []);
  let since = input.lastSaleOn;
  for (const d of [first, restocked]) if (d !== null && (since === null || d > since)) since = d;
  const daysWithoutSale = since === null ? null : Math.max(0, daysBetween(since, asOf));
  const stockedFor = first === null ? null : daysBetween(first, asOf);

  let stockClass: StockClass;
  let reason: string;
  const coverWords = cover === null ? "" : `, about ${days(cover)} of cover (${paceWords(v)})`;
  if (onHand <= 0) {
    stockClass = "out-of-stock";
    const outWords =
      short.outOfStockDays === 0
        ? ""
        : short.outOfStockDays === short.windowDays
          ? `, out of stock all of the last ${days(o.shortWindowDays)}`
          : `, out of stock ${short.outOfStockDays} of the last ${days(o.shortWindowDays)}`;
    reason = v.unitsSold > 0 ? `Nothing on hand${outWords}; it ${paceWords(v)}.` : `Nothing on hand${outWords}.`;
  } else if (coverBelow(onHand, v, lead + o.safetyDays)) {
    stockClass = "at-risk";
    reason = `${units(onHand)} on hand ${onHand === 1 ? "lasts" : "last"} about ${days(cover ?? 0)} (${paceWords(v)}): less than the supplier's ${days(lead)} plus ${days(o.safetyDays)} of safety.`;
  } else if (stockedFor !== null && stockedFor < o.newForDays) {
    stockClass = "new";
    reason = `First stocked on ${formatDate(first!)}, ${days(stockedFor)} ago: too early to judge.`;
  } else if (daysWithoutSale !== null && daysWithoutSale >= o.deadAfterDays) {
    stockClass = "dead";
    reason =
      since === restocked && since !== input.lastSaleOn
        ? `No sale since it was restocked ${days(daysWithoutSale)} ago, ${units(onHand)} on hand.`
        : since !== input.lastSaleOn
        ? `No sale since it was stocked ${days(daysWithoutSale)} ago, ${units(onHand)} on hand.`
        : `No sale for ${days(daysWithoutSale)}, ${units(onHand)} on hand.`;
  } else if (coverAbove(onHand, v, o.targetCoverDays)) {
    stockClass = "overstock";
    reason =
      cover === null
        ? `${units(onHand)} on hand and no sale in the last ${days(v.inStockDays)} in stock: more than the ${o.targetCoverDays}-day target.`
        : `${units(onHand)} on hand${coverWords}: more than the ${o.targetCoverDays}-day target.`;
  } else {
    stockClass = "healthy";
    reason = `${units(onHand)} on hand${coverWords}.`;
  }

  // New stock is too early to judge: none of it counts as excess yet.
  const excessUnits = stockClass === "dead" ? held : stockClass === "new" ? 0 : Math.max(0, held - unitsForCover(v, o.targetCoverDays));
  return {
    variantId: input.variantId,
    currency: input.currency,
    onHand,
    valueAtCost: input.unitCost === null ? null : held * input.unitCost,
    valueAtPrice: input.unitPrice === null ? null : held * input.unitPrice,
    velocity: { short, long, used },
    daysOfCover: cover,
    lastSaleOn: input.lastSaleOn,
    daysWithoutSale,
    stockClass,
    reason,
    excessUnits,
    excessValue: input.unitCost === null ? null : excessUnits * input.unitCost,
  };
}

// ---------------------------------------------------------------------------
// Cash tied up and margin lost to stock-outs
// ---------------------------------------------------------------------------

export interface StockCash {
  readonly currency: CurrencyCode;
  readonly unitsOnHand: number;
  /** Σ value at cost of the variants whose cost is known. */
  readonly stockValue: number;
  /** Σ value at cost above the target cover (dead stock included in full): the cash that sits in stock not sold within the target. */
  readonly excessValue: number;
  /** Σ value at cost of dead stock. */
  readonly deadValue: number;
  /** Variants with stock on hand and no unit cost: left out of the amounts (enter their cost). */
  readonly variantsWithoutCost: number;
  readonly byClass: Readonly<Record<StockClass, { readonly variants: number; readonly value: number }>>;
}

/** The cash a set of variants ties up (a product's, a supplier's, the shop's). */
export function stockCash(rows: readonly VariantStockHealth[], currency: CurrencyCode): StockCash {
  const byClass = Object.fromEntries(STOCK_CLASSES.map((c) => [c, { variants: 0, value: 0 }])) as Record<StockClass, { variants: number; value: number }>;
  let unitsOnHand = 0;
  let stockValue = 0;
  let excessValue = 0;
  let deadValue = 0;
  let variantsWithoutCost = 0;
  for (const r of rows) {
    if (r.currency !== currency) throw new RangeError(`currency mismatch: ${currency} vs ${r.currency}`);
    unitsOnHand += Math.max(0, r.onHand);
    const c = byClass[r.stockClass];
    c.variants++;
    if (r.valueAtCost === null) {
      if (r.onHand > 0) variantsWithoutCost++;
      continue;
    }
    c.value += r.valueAtCost;
    stockValue += r.valueAtCost;
    excessValue += r.excessValue ?? 0;
    if (r.stockClass === "dead") deadValue += r.valueAtCost;
  }
  return { currency, unitsOnHand, stockValue, excessValue, deadValue, variantsWithoutCost, byClass };
}

export interface LostMargin {
  /** Units not sold while out of stock: velocity × days out (float, for display). */
  readonly lostUnits: number;
  /** Net margin lost, minor units, rounded once; 0 when the product makes no margin per unit. */
  readonly lostMargin: number;
  readonly reason: string;
}

/**
 * Estimated net margin lost while out of stock: velocity × days out × net margin per
 * unit = unitsSold / inStockDays × daysOut × netMargin / unitsOfMargin, rounded once
 * (default half-even). `margin` is the product's net margin over its units sold in a
 * period (products.ts); a loss-maker loses no margin when it runs out (0).
 */
export function marginLostToStockOuts(
  v: Velocity,
  margin: { readonly netMargin: number; readonly units: number; readonly currency: CurrencyCode },
  daysOut: number = v.outOfStockDays,
  mode: RoundingMode = "half-even",
): LostMargin {
  if (daysOut <= 0) return { lostUnits: 0, lostMargin: 0, reason: "It was not out of stock." };
  if (v.unitsSold <= 0 || v.inStockDays <= 0) return { lostUnits: 0, lostMargin: 0, reason: `Out of stock for ${days(daysOut)}, but it sold nothing while in stock.` };
  const lostUnits = (v.unitsSold * daysOut) / v.inStockDays;
  const shown = Math.round(lostUnits * 10) / 10;
  if (margin.units <= 0 || margin.netMargin <= 0) {
    return { lostUnits, lostMargin: 0, reason: `Out of stock for ${days(daysOut)}: about ${shown} units not sold, but it makes no net margin per unit.` };
  }
  // One rounding: netMargin × (unitsSold × daysOut) / (inStockDays × units).
  const lostMargin = mulDiv(margin.netMargin, v.unitsSold * daysOut, v.inStockDays * margin.units, mode);
  return {
    lostUnits,
    lostMargin,
    reason: `Out of stock for ${days(daysOut)}: about ${shown} units not sold (it ${paceWords(v)}), ${formatMoney(lostMargin, margin.currency)} of net margin lost.`,
  };
}

// ---------------------------------------------------------------------------
// A product: its variants rolled up
// ---------------------------------------------------------------------------

export interface ProductStockHealth {
  readonly productId: string;
  readonly currency: CurrencyCode;
  readonly variants: number;
  readonly onHand: number;
  /** Σ variants' value at cost; null when a variant with stock has no cost (the known part is in `knownValueAtCost`). */
  readonly valueAtCost: number | null;
  readonly knownValueAtCost: number;
  readonly valueAtPrice: number | null;
  readonly excessValue: number;
  /** Σ variants' units per day at the velocity each used (display). */
  readonly unitsPerDay: number;
  readonly lastSaleOn: string | null;
  readonly stockClass: StockClass;
  readonly reason: string;
  readonly classCounts: Readonly<Record<StockClass, number>>;
}

/**
 * A product's stock from its variants' health. Its class, the most urgent first:
 * every variant out of stock → out of stock; some out of stock or at risk → at risk;
 * every variant with stock new → new; every variant with stock dead → dead; some dead or
 * overstocked → overstock; else healthy. A product of one variant takes its reason.
 */
export function productStockHealth(productId: string, rows: readonly VariantStockHealth[], currency: CurrencyCode): ProductStockHealth {
  const counts = Object.fromEntries(STOCK_CLASSES.map((c) => [c, 0])) as Record<StockClass, number>;
  let onHand = 0;
  let known = 0;
  let price = 0;
  let costMissing = false;
  let priceMissing = false;
  let excessValue = 0;
  let unitsPerDay = 0;
  let lastSaleOn: string | null = null;
  for (const r of rows) {
    if (r.currency !== currency) throw new RangeError(`currency mismatch: ${currency} vs ${r.currency}`);
    counts[r.stockClass]++;
    onHand += Math.max(0, r.onHand);
    if (r.valueAtCost === null) costMissing ||= r.onHand > 0;
    else known += r.valueAtCost;
    if (r.valueAtPrice === null) priceMissing ||= r.onHand > 0;
    else price += r.valueAtPrice;
    excessValue += r.excessValue ?? 0;
    const used = r.velocity.used === "short" ? r.velocity.short : r.velocity.long;
    unitsPerDay += used.unitsPerDay ?? 0;
    if (r.lastSaleOn !== null && (lastSaleOn === null || r.lastSaleOn > lastSaleOn)) lastSaleOn = r.lastSaleOn;
  }
  const n = rows.length;
  const stocked = n - counts["out-of-stock"];
  const of = (k: number, what: string) => `${k} of ${n} variants ${what}`;
  let stockClass: StockClass;
  let reason: string;
  if (n === 1) {
    stockClass = rows[0]!.stockClass;
    reason = rows[0]!.reason;
  } else if (stocked === 0) {
    stockClass = "out-of-stock";
    reason = n === 0 ? "No variant." : `Every variant is out of stock.`;
  } else if (counts["out-of-stock"] + counts["at-risk"] > 0) {
    stockClass = "at-risk";
    const parts = [counts["out-of-stock"] > 0 ? of(counts["out-of-stock"], "out of stock") : null, counts["at-risk"] > 0 ? of(counts["at-risk"], "running out") : null];
    reason = `${parts.filter((p) => p !== null).join(", ")}.`;
  } else if (counts.new === stocked) {
    stockClass = "new";
    reason = "Every variant was first stocked recently: too early to judge.";
  } else if (counts.dead === stocked) {
    stockClass = "dead";
    reason = `No variant sold for a long time, ${units(onHand)} on hand.`;
  } else if (counts.dead + counts.overstock > 0) {
    stockClass = "overstock";
    const parts = [counts.dead > 0 ? of(counts.dead, "not selling") : null, counts.overstock > 0 ? of(counts.overstock, "overstocked") : null];
    reason = `${parts.filter((p) => p !== null).join(", ")}.`;
  } else {
    stockClass = "healthy";
    reason = `${units(onHand)} on hand across ${n} variants, none running out or overstocked.`;
  }
  return {
    productId,
    currency,
    variants: n,
    onHand,
    valueAtCost: costMissing ? null : known,
    knownValueAtCost: known,
    valueAtPrice: priceMissing ? null : price,
    excessValue,
    unitsPerDay,
    lastSaleOn,
    stockClass,
    reason,
    classCounts: counts,
  };
}
