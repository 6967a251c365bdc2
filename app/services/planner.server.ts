/**
 * The free-shipping planner page's data: the last N months of the shop's orders
 * replayed over candidate thresholds (domain/free-shipping.ts), from the facts the
 * recompute stores beside each order's margin (`OrderMargin.basket`,
 * `shippingRevenue`, `shippingZone`), so a replay reads one narrow row per order
 * and runs no engine.
 *
 * Also: the break-even and recommended thresholds (whole shop and per zone), the
 * uplift assumption's typical item, the products whose shipping costs more
 * than their margin (domain/heavy-products.ts), and, when the page read the shop's
 * shipping rates and discounts (services/delivery-rates.server.ts), the threshold
 * customers get today per zone from either source and the shipping price they pay.
 */
import type { PrismaClient } from "@prisma/client";

import {
  CAUTIOUS_UPLIFT_SHARE,
  breakEvenThresholds,
  freeShippingToday,
  itemCandidates,
  marginIfFree,
  recommendedThreshold,
  replayThresholds,
  todayForCountries,
  typicalItem,
  type BreakEvenResult,
  type FreeShippingOffer,
  type ShippingZone,
  type ZoneToday,
  type ReplayOptions,
  type ReplayOrder,
  type ThresholdResult,
  type ThresholdScenario,
  type TypicalItem,
} from "~/domain/free-shipping";
import { heavyProducts, type HeavyProduct } from "~/domain/heavy-products";
import { applyRate, currencyExponent, mulDiv, sumMinor, type Rate } from "~/domain/money";
import type { CostSettings } from "~/domain/settings";
import { addDays, addMonths, localDate, startOfLocalDate } from "~/domain/time";
import type { Issue } from "~/domain/validation";
import type { RowReader } from "~/store/row-reader.server";
import { productMargins } from "~/margins/product-report.server";
import { loadSettingsHistory, settingsToday, shopFacts } from "~/store/cost-settings.server";
import { shopDaysVersion } from "~/store/day-summary.server";
import { Instant } from "~/store/sql.server";

export const PLANNER_MONTHS = [3, 6, 12] as const;
export type PlannerMonths = (typeof PLANNER_MONTHS)[number];

export interface PlannerParams {
  /** Months of history replayed (default 12). */
  months: PlannerMonths;
  /** Share of the orders just below a threshold whose customer adds an item (whole %, default 10: cautious). */
  upliftPercent: number;
}

export const DEFAULT_UPLIFT_PERCENT = Math.round((CAUTIOUS_UPLIFT_SHARE.num * 100) / CAUTIOUS_UPLIFT_SHARE.den);

export function parsePlannerParams(search: URLSearchParams): { ok: true; params: PlannerParams } | { ok: false; errors: Issue[] } {
  const errors: Issue[] = [];
  const monthsText = search.get("months");
  let months: PlannerMonths = 12;
  if (monthsText !== null && monthsText !== "") {
    const m = Number(monthsText);
    if ((PLANNER_MONTHS as readonly number[]).includes(m)) months = m as PlannerMonths;
    else errors.push({ path: "months", message: `expected one of ${PLANNER_MONTHS.join(", ")}` });
  }
  const upliftText = search.get("uplift");
  let upliftPercent = DEFAULT_UPLIFT_PERCENT;
  if (upliftText !== null && upliftText !== "") {
    const u = Number(upliftText);
    if (Number.isInteger(u) && u >= 0 && u <= 100) upliftPercent = u;
    else errors.push({ path: "uplift", message: "expected a whole percentage from 0 to 100" });
  }
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, params: { months, upliftPercent } };
}

/** One point of the curve: the margin change at threshold T, with and without uplift. */
export interface CurvePoint {
  threshold: number;
  qualifyingShareBp: number;
  netMarginChange: number;
  netMarginChangeWithUplift: number;
  shippingRevenueLost: number;
  newLossMakers: number;
}

export interface ZoneSummary {
  zone: string;
  orders: number;
  breakEven: BreakEvenResult;
  recommended: number | null;
  /** Free shipping today and the shipping price in the delivery zones of this zone's countries (null: not read, or no zone ships there). */
  today: ReturnType<typeof todayForCountries>;
}

/** What the page read from Shopify: the shipping zones with their rates, and the free-shipping discounts in force. */
export interface ShippingToday {
  zones: readonly ShippingZone[];
  offers: readonly FreeShippingOffer[];
}

/** What a row of the threshold table is to the merchant. */
export type CandidateRole = "recommended" | "today" | "break-even";

/** A row of the threshold table: one candidate threshold and its effect over a year. */
export interface CandidateRow {
  threshold: number;
  roles: CandidateRole[];
  qualifyingShareBp: number;
  /** Shipping customers would no longer pay (you pay it), per year. */
  shippingPaidPerYear: number;
  /** Net margin change per year, without and with the basket uplift. */
  netMarginChangePerYear: number;
  withUpliftPerYear: number;
  /** Profitable orders of the period that would have lost money. */
  newLossMakers: number;
}

/** An amount over `months` months as a yearly amount (× 12 / months, half-even). */
export function perYear(amount: number, months: number): number {
  return mulDiv(amount, 12, months);
}

/**
 * The thresholds the table compares (several, never only one): five around the
 * recommended one (else today's, else the break-even), 10 currency units apart
 * (40, 50, 60, 70, 80 around 60.00), with today's and the break-even added;
 * ascending, above 0.
 */
export function tableThresholds(
  anchors: { recommended: number | null; current: number | null; breakEven: number | null },
  currency: string,
): number[] {
  const unit = 10 * 10 ** currencyExponent(currency);
  const anchor = anchors.recommended ?? anchors.current ?? anchors.breakEven;
  const set = new Set<number>();
  if (anchor !== null) for (const k of [-2, -1, 0, 1, 2]) set.add(anchor + k * unit);
  if (anchors.current !== null) set.add(anchors.current);
  if (anchors.breakEven !== null) set.add(anchors.breakEven);
  return [...set].filter((t) => t > 0).sort((a, b) => a - b);
}

export interface PlannerView {
  currency: string;
  pricesIncludeTax: boolean;
  /** Effective tax rate of recent order lines (basis points), used to put item prices on the threshold basis. */
  taxRateBp: number;
  period: { from: string; to: string; months: PlannerMonths };
  orders: number;
  /** Σ net margin of the period's orders today. */
  baseline: number;
  /** Candidate thresholds, ascending, with the current and the recommended one among them. */
  curve: CurvePoint[];
  step: number;
  breakEven: BreakEvenResult;
  /** The thin-margin target the recommendation keeps (settings, %). */
  thinPercent: number;
  recommended: number | null;
  /** Full replay at the recommended and at the current threshold (null when there is none). */
  atRecommended: ThresholdResult | null;
  atCurrent: ThresholdResult | null;
  current: number | null;
  /** The threshold table's rows (several candidates with their yearly effect). */
  candidates: CandidateRow[];
  upliftPercent: number;
  typicalItem: TypicalItem | null;
  zones: ZoneSummary[];
  /** Per delivery zone: the threshold customers get today (rate or discount) and the shipping price; null when the rates were not read. */
  today: ZoneToday[] | null;
  heavy: HeavyProduct[];
  /** Milliseconds spent reading and replaying (shown to the merchant on large shops; the benchmark prints it). */
  replayMs: number;
}

/** Candidate thresholds: multiples of `step` up to the 95th percentile basket (at most 60 points), plus `extra`. */
export function candidateThresholds(baskets: readonly number[], baseStep: number, extra: readonly (number | null)[]): { step: number; thresholds: number[] } {
  const positive = baskets.filter((b) => b > 0).sort((a, b) => a - b);
  return thresholdsUpTo(topBasket(positive), baseStep, extra);
}

/** The 95th percentile of the positive baskets, ascending (null: none). */
function topBasket(positive: ArrayLike<number>): number | null {
  return positive.length === 0 ? null : positive[Math.min(positive.length - 1, Math.floor(positive.length * 0.95))]!;
}

function thresholdsUpTo(topOrNull: number | null, baseStep: number, extra: readonly (number | null)[]): { step: number; thresholds: number[] } {
  const top = topOrNull ?? baseStep * 10;
  let step = baseStep;
  while (Math.ceil(top / step) > 60) step *= 2;
  const set = new Set<number>();
  for (let t = step; t <= Math.ceil(top / step) * step; t += step) set.add(t);
  for (const e of extra) if (e !== null && e > 0) set.add(e);
  return { step, thresholds: [...set].sort((a, b) => a - b) };
}

/** The threshold every default-profile zone ships free from today (rate or discount), or null when they differ or one never ships free. */
export function uniformThreshold(today: readonly ZoneToday[] | null): number | null {
  if (today === null) return null;
  const zones = today.some((z) => z.defaultProfile) ? today.filter((z) => z.defaultProfile) : today;
  const values = new Set(zones.map((z) => z.threshold));
  const [only] = [...values];
  return values.size === 1 && only !== undefined ? only : null;
}

/** A replay result with the count of its new loss-makers (named later, for the few shown: `lossMakerExamples`). */
export type CountedResult = Omit<ThresholdResult, "newLossMakers"> & { newLossMakerCount: number };

/**
 * The domain's `replayThresholds` (domain/free-shipping.ts) over many thresholds at once,
 * with the same results (test/services/planner.test.ts compares them), but the new
 * loss-makers counted, not named. The orders are sorted by basket once and summed
 * cumulatively, so a threshold costs two binary searches instead of a pass over every
 * order: a 12-month replay of a large shop is hundreds of thousands of orders times
 * 60-odd thresholds (issue 17, item 7). Every sum is of whole minor units, exact in a
 * double as in the domain's running sums; `free` is each order's `marginIfFree`.
 */
export function replayMany(orders: readonly ReplayOrder[], free: readonly number[], thresholds: readonly number[], options: ReplayOptions): CountedResult[] {
  return replaySorted(sortReplay(orders, free), thresholds, options);
}

/** Replay facts sorted by basket, with cumulative sums: at[k] = Σ of the k smallest baskets' values. */
export interface SortedReplay {
  readonly n: number;
  readonly basket: Float64Array;
  readonly margin: Float64Array;
  readonly freeMargin: Float64Array;
  readonly lostShipping: Float64Array;
  readonly newLoss: Float64Array;
  /** Σ net margin today (the domain's checked sum). */
  readonly baseline: number;
}

export function sortReplay(orders: readonly ReplayOrder[], free: readonly number[]): SortedReplay {
  const n = orders.length;
  const order = basketOrder(orders);
  const basket = new Float64Array(n);
  const margin = new Float64Array(n + 1);
  const freeMargin = new Float64Array(n + 1);
  const lostShipping = new Float64Array(n + 1);
  const newLoss = new Float64Array(n + 1);
  for (let k = 0; k < n; k++) {
    const i = order[k]!;
    const o = orders[i]!;
    const f = free[i]!;
    basket[k] = o.basket;
    margin[k + 1] = margin[k]! + o.netMargin;
    freeMargin[k + 1] = freeMargin[k]! + f;
    lostShipping[k + 1] = lostShipping[k]! + Math.max(0, o.shippingRevenue);
    newLoss[k + 1] = newLoss[k]! + (o.netMargin >= 0 && f < 0 ? 1 : 0);
  }
  return { n, basket, margin, freeMargin, lostShipping, newLoss, baseline: sumMinor(orders.map((o) => o.netMargin)) };
}

export function replaySorted(s: SortedReplay, thresholds: readonly number[], options: Omit<ReplayOptions, "settings">): CountedResult[] {
  const mode = options.rounding ?? "half-even";
  const { n, basket, margin, freeMargin, lostShipping, newLoss, baseline } = s;
  const u = options.uplift;
  const share = u?.share ?? { num: 0, den: 1 };
  return thresholds.map((t) => {
    // Orders from k on have a basket ≥ t; those from j to k are just below (within the typical item).
    const k = firstAtLeast(basket, t);
    const j = u === null ? k : firstAtLeast(basket, t - u.item.basketPrice);
    const qualifying = n - k;
    const lost = lostShipping[n]! - lostShipping[k]!;
    const total = margin[k]! + (freeMargin[n]! - freeMargin[k]!);
    const justBelow = k - j;
    const upliftGain = freeMargin[k]! - freeMargin[j]! - (margin[k]! - margin[j]!) + (u === null ? 0 : justBelow * u.item.marginalMargin);
    const upliftLost = lostShipping[k]! - lostShipping[j]!;
    const scenario = (q: number, l: number, m: number): ThresholdScenario => ({
      qualifyingOrders: q,
      qualifyingShareBp: n === 0 ? 0 : Math.round((q * 10_000) / n),
      shippingRevenueLost: l,
      netMargin: m,
      netMarginChange: m - baseline,
      netMarginChangePerOrder: n === 0 ? 0 : mulDiv(m - baseline, 1, n, mode),
    });
    const adding = (justBelow * share.num) / share.den;
    const withU = scenario(qualifying + adding, lost + applyRate(upliftLost, share, mode), total + applyRate(upliftGain, share, mode));
    return {
      threshold: t,
      orders: n,
      baseline: { netMargin: baseline },
      withoutUplift: scenario(qualifying, lost, total),
      withUplift: { ...withU, ordersJustBelow: justBelow, ordersAddingItem: adding },
      newLossMakerCount: newLoss[n]! - newLoss[k]!,
    };
  });
}

/** The orders' indexes by ascending basket: one numeric sort of basket × n + index when that is exact, else a compared sort. */
function basketOrder(orders: readonly ReplayOrder[]): Uint32Array {
  const n = orders.length;
  const out = new Uint32Array(n);
  let min = 0;
  let max = 0;
  for (const o of orders) {
    if (o.basket < min) min = o.basket;
    if (o.basket > max) max = o.basket;
  }
  if (Number.isSafeInteger((max - min + 1) * (n + 1))) {
    const keys = new Float64Array(n);
    for (let i = 0; i < n; i++) keys[i] = (orders[i]!.basket - min) * n + i;
    keys.sort();
    for (let i = 0; i < n; i++) out[i] = keys[i]! % n;
    return out;
  }
  for (let i = 0; i < n; i++) out[i] = i;
  return out.sort((a, b) => orders[a]!.basket - orders[b]!.basket);
}

/** The first position whose value is ≥ t in ascending `sorted` (its length when none). */
function firstAtLeast(sorted: Float64Array, t: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

const COUNTED = `"shop" = ? AND "processedAt" >= ? AND "processedAt" < ? AND "cancelled" = ? AND "test" = ?`;
/** The replay facts of an order, in the order `replayRow` reads them. */
const REPLAY_FACTS = `"basket", "shippingRevenue", "netRevenue", "netMargin", "paymentFees", "shippingZone"`;

/** A raw row starting with REPLAY_FACTS, as the domain's ReplayOrder. */
function replayRow(r: unknown[], orderName: string, orderId: string): ReplayOrder {
  const zone = r[5];
  return {
    orderId,
    orderName,
    basket: Number(r[0]),
    shippingRevenue: Number(r[1]),
    netRevenue: Number(r[2]),
    netMargin: Number(r[3]),
    paymentFees: Number(r[4]),
    zone: zone === "" || zone === null || zone === undefined ? "unknown" : String(zone),
  };
}

const counted = (shop: string, from: Date, to: Date) => [shop, new Instant(from.toISOString()), new Instant(to.toISOString()), false, false];

/**
 * Replay facts of the counted orders (not cancelled, not test) processed in
 * [from, to), read as raw rows without their names (a 12-month replay of a
 * large shop reads hundreds of thousands; names are fetched for the few
 * examples shown, `lossMakerExamples`). orderId and orderName are "".
 */
export async function replayOrders(reader: RowReader, shop: string, from: Date, to: Date): Promise<ReplayOrder[]> {
  const rows = await reader.rows(`SELECT ${REPLAY_FACTS} FROM "OrderMargin" WHERE ${COUNTED}`, counted(shop, from, to));
  return rows.map((r) => replayRow(r, "", ""));
}

/**
 * Up to `limit` of the latest orders at or above `threshold` that are profitable
 * today and would lose money with free shipping (names). Candidates are those
 * whose margin is below the shipping they paid (the savings on fees and
 * provisions only make the margin with free shipping higher); each is then
 * checked exactly with the domain's `marginIfFree`.
 */
export async function lossMakerExamples(
  reader: RowReader,
  shop: string,
  range: { from: Date; to: Date },
  threshold: number,
  settings: Pick<CostSettings, "provisions">,
  limit = 20,
): Promise<string[]> {
  const rows = await reader.rows(
    `SELECT ${REPLAY_FACTS}, "orderName", "orderId" FROM "OrderMargin"
      WHERE ${COUNTED} AND "basket" >= ? AND "netMargin" >= 0 AND "netMargin" < "shippingRevenue" ORDER BY "processedAt" DESC LIMIT ?`,
    [...counted(shop, range.from, range.to), threshold, 2000],
  );
  const out: string[] = [];
  for (const r of rows) {
    const o = replayRow(r, String(r[6]), String(r[7]));
    if (marginIfFree(o, settings) < 0) out.push(o.orderName);
    if (out.length >= limit) break;
  }
  return out;
}

/**
 * Effective tax rate of the latest 2,000 orders' kept lines (Σ tax / Σ net before
 * tax), in basis points, and whether their prices include tax (majority of orders).
 */
export async function recentTaxFacts(db: PrismaClient, shop: string, before: Date): Promise<{ rateBp: number; pricesIncludeTax: boolean }> {
  const orders = await db.order.findMany({
    where: { shop, processedAt: { lt: before } },
    select: { id: true, taxesIncluded: true },
    orderBy: { processedAt: "desc" },
    take: 2000,
  });
  if (orders.length === 0) return { rateBp: 0, pricesIncludeTax: false };
  // In chunks: Prisma's SQLite driver binds at most 999 parameters a statement.
  let tax = 0;
  let net = 0;
  for (let i = 0; i < orders.length; i += 500) {
    const ids = orders.slice(i, i + 500).map((o) => o.id);
    const sums = await db.orderLine.aggregate({ where: { shop, orderId: { in: ids } }, _sum: { tax: true, netRevenueBeforeTax: true } });
    tax += sums._sum.tax ?? 0;
    net += sums._sum.netRevenueBeforeTax ?? 0;
  }
  const included = orders.filter((o) => o.taxesIncluded).length;
  return { rateBp: net > 0 ? Math.round((tax * 10_000) / net) : 0, pricesIncludeTax: included * 2 > orders.length };
}

/** A period's replay facts worked out once: sorted and summed, the break-even of the shop and of each zone, the top basket. */
interface PreparedReplay {
  sorted: SortedReplay;
  breakEven: BreakEvenResult;
  zones: { zone: string; orders: number; breakEven: BreakEvenResult }[];
  top: number | null;
}

/**
 * The last prepared replays, by shop (at most PREPARED_SHOPS): a 12-month replay of a large
 * shop reads and sorts hundreds of thousands of orders (issue 17, item 7: 2.8 s at 1M
 * orders), and its answer stays the same until the stored margins of the period or the
 * settings it uses change. The key holds both: the period's day rows' version
 * (`shopDaysVersion`: every write of those margins rebuilds their days), the provisions
 * and the thin-margin target. About 40 bytes an order (five arrays of doubles).
 */
const prepared = new Map<string, { key: string; value: Promise<PreparedReplay> }>();
const PREPARED_SHOPS = 2;

async function preparedReplay(
  db: PrismaClient,
  reader: RowReader,
  shop: string,
  days: { from: string; to: string },
  range: { from: Date; to: Date },
  settings: CostSettings,
  baseStep: number,
): Promise<PreparedReplay> {
  const version = await shopDaysVersion(db, shop, days.from, days.to);
  const key = JSON.stringify([days, settings.provisions, settings.thresholds.thinMarginPercent, baseStep, version]);
  const hit = prepared.get(shop);
  if (hit && hit.key === key) return hit.value;
  const value = replayOrders(reader, shop, range.from, range.to).then((orders) => prepareReplay(orders, settings, baseStep));
  prepared.delete(shop);
  prepared.set(shop, { key, value });
  for (const old of prepared.keys()) if (prepared.size > PREPARED_SHOPS) prepared.delete(old);
  // A failed preparation is not kept.
  value.catch(() => {
    if (prepared.get(shop)?.value === value) prepared.delete(shop);
  });
  return value;
}

/** Forgets the prepared replays: benchmarks that time the read and the replay themselves (bench:margin, home-planner.ts). */
export function forgetPreparedReplays(): void {
  prepared.clear();
}

function prepareReplay(orders: readonly ReplayOrder[], settings: CostSettings, baseStep: number): PreparedReplay {
  const sorted = sortReplay(
    orders,
    orders.map((o) => marginIfFree(o, settings)),
  );
  const zones = new Map<string, ReplayOrder[]>();
  for (const o of orders) {
    const list = zones.get(o.zone);
    if (list) list.push(o);
    else zones.set(o.zone, [o]);
  }
  let firstPositive = 0;
  while (firstPositive < sorted.n && sorted.basket[firstPositive]! <= 0) firstPositive++;
  return {
    sorted,
    breakEven: breakEvenThresholds(orders, settings, { bandWidth: baseStep }),
    zones: [...zones].map(([zone, list]) => ({ zone, orders: list.length, breakEven: breakEvenThresholds(list, settings, { bandWidth: baseStep }) })),
    top: topBasket(sorted.basket.subarray(firstPositive)),
  };
}

export async function plannerView(
  db: PrismaClient,
  reader: RowReader,
  shop: string,
  params: PlannerParams,
  opts: { now?: Date; current?: number | null; shipping?: ShippingToday | null } = {},
): Promise<PlannerView> {
  const now = opts.now ?? new Date();
  const facts = await shopFacts(db, shop);
  const settings: CostSettings = settingsToday(await loadSettingsHistory(db, shop, facts), now);
  const today = localDate(now.toISOString(), facts.timeZone);
  // The last N months up to and including today: [today − N months + 1 day, tomorrow).
  const to = addDays(today, 1);
  const from = addDays(addMonths(today, -params.months), 1);
  const started = performance.now();
  const range = { from: new Date(startOfLocalDate(from, facts.timeZone)), to: new Date(startOfLocalDate(to, facts.timeZone)) };
  const baseStep = 5 * 10 ** currencyExponent(facts.currency);
  const [prepared, tax, products] = await Promise.all([
    preparedReplay(db, reader, shop, { from, to }, range, settings, baseStep),
    recentTaxFacts(db, shop, now),
    productMargins(db, shop, { from, to }, settings, facts.currency),
  ]);
  const taxRate: Rate = { num: tax.rateBp, den: 10_000 };
  const item = typicalItem(itemCandidates(products, settings, { rate: taxRate, pricesIncludeTax: tax.pricesIncludeTax }));
  const uplift = item === null || params.upliftPercent === 0 ? null : { share: { num: params.upliftPercent, den: 100 }, item };
  const breakEven = prepared.breakEven;
  const recommended = recommendedThreshold(breakEven, 10 ** currencyExponent(facts.currency));
  const shippingToday = opts.shipping ? freeShippingToday(opts.shipping.zones, opts.shipping.offers) : null;
  // Without a NetMargin discount, the threshold customers get today when every zone of the default profile shares it.
  const current = opts.current ?? uniformThreshold(shippingToday);
  const zeroThreshold = breakEven.zero.kind === "threshold" ? breakEven.zero.threshold : null;
  const tableAt = tableThresholds({ recommended, current, breakEven: zeroThreshold }, facts.currency);
  const { step, thresholds } = thresholdsUpTo(prepared.top, baseStep, [current, recommended, ...tableAt]);
  const results = replaySorted(prepared.sorted, thresholds, { uplift });
  const byThreshold = new Map(results.map((r) => [r.threshold, r]));
  const zoneSummaries = prepared.zones
    .map(({ zone, orders, breakEven: be }) => {
      // Planner zones are country lists ("DE,AT") or "unknown".
      const countries = zone === "unknown" ? [] : zone.split(",");
      return {
        zone,
        orders,
        breakEven: be,
        recommended: recommendedThreshold(be, 10 ** currencyExponent(facts.currency)),
        today: shippingToday === null ? null : todayForCountries(countries, shippingToday),
      };
    })
    .sort((a, b) => b.orders - a.orders || (a.zone < b.zone ? -1 : 1));
  /** A replay result with up to 20 of its new loss-makers named (the count is in the curve). */
  const named = async (r: CountedResult | null): Promise<ThresholdResult | null> => {
    if (r === null) return null;
    const { newLossMakerCount, ...rest } = r;
    return { ...rest, newLossMakers: newLossMakerCount === 0 ? [] : await lossMakerExamples(reader, shop, range, r.threshold, settings) };
  };
  const replayMs = performance.now() - started;
  return {
    currency: facts.currency,
    pricesIncludeTax: tax.pricesIncludeTax,
    taxRateBp: tax.rateBp,
    period: { from, to, months: params.months },
    orders: prepared.sorted.n,
    baseline: prepared.sorted.baseline,
    curve: results.map((r) => ({
      threshold: r.threshold,
      qualifyingShareBp: r.withoutUplift.qualifyingShareBp,
      netMarginChange: r.withoutUplift.netMarginChange,
      netMarginChangeWithUplift: r.withUplift.netMarginChange,
      shippingRevenueLost: r.withoutUplift.shippingRevenueLost,
      newLossMakers: r.newLossMakerCount,
    })),
    step,
    breakEven,
    thinPercent: settings.thresholds.thinMarginPercent,
    recommended,
    atRecommended: recommended === null ? null : await named(byThreshold.get(recommended) ?? null),
    atCurrent: current === null ? null : await named(byThreshold.get(current) ?? null),
    current,
    candidates: tableAt.flatMap((t) => {
      const r = byThreshold.get(t);
      if (!r) return [];
      const roles: CandidateRole[] = [];
      if (t === recommended) roles.push("recommended");
      if (t === current) roles.push("today");
      if (t === zeroThreshold) roles.push("break-even");
      return [
        {
          threshold: t,
          roles,
          qualifyingShareBp: r.withoutUplift.qualifyingShareBp,
          shippingPaidPerYear: perYear(r.withoutUplift.shippingRevenueLost, params.months),
          netMarginChangePerYear: perYear(r.withoutUplift.netMarginChange, params.months),
          withUpliftPerYear: perYear(r.withUplift.netMarginChange, params.months),
          newLossMakers: r.newLossMakerCount,
        },
      ];
    }),
    upliftPercent: params.upliftPercent,
    typicalItem: item,
    zones: zoneSummaries,
    today: shippingToday,
    heavy: heavyProducts(products, settings, { taxRate }).slice(0, 25),
    replayMs,
  };
}

/** What free shipping from one threshold would have cost over the last 12 months (the Apply confirmation). */
export interface YearlyCost {
  threshold: number;
  currency: string;
  months: 12;
  orders: number;
  /** Orders at or above the threshold. */
  qualifyingOrders: number;
  /** Shipping those customers paid, that you would pay instead. */
  shippingPaid: number;
  /** Net margin change (shipping given up, less the fees and provisions on it), no uplift. */
  netMarginChange: number;
}

/**
 * The last 12 months of orders replayed at `threshold` alone (no uplift: the cautious
 * figure the Apply confirmation states), from the same stored facts as the page.
 */
export async function yearlyCostAt(db: PrismaClient, reader: RowReader, shop: string, threshold: number, opts: { now?: Date } = {}): Promise<YearlyCost> {
  const now = opts.now ?? new Date();
  const facts = await shopFacts(db, shop);
  const settings: CostSettings = settingsToday(await loadSettingsHistory(db, shop, facts), now);
  const today = localDate(now.toISOString(), facts.timeZone);
  const from = addDays(addMonths(today, -12), 1);
  const to = addDays(today, 1);
  const orders = await replayOrders(reader, shop, new Date(startOfLocalDate(from, facts.timeZone)), new Date(startOfLocalDate(to, facts.timeZone)));
  const [r] = replayThresholds(orders, [threshold], { settings, uplift: null });
  return {
    threshold,
    currency: facts.currency,
    months: 12,
    orders: orders.length,
    qualifyingOrders: r?.withoutUplift.qualifyingOrders ?? 0,
    shippingPaid: r?.withoutUplift.shippingRevenueLost ?? 0,
    netMarginChange: r?.withoutUplift.netMarginChange ?? 0,
  };
}
