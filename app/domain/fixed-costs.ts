/**
 * Fixed costs (hosting, apps, terminal fee, storage…) spread over the orders of
 * each shop-local month, exactly: the per-order shares of a month sum to the
 * month's total to the minor unit.
 *
 * Built to stream over millions of orders in two passes with O(months) memory:
 *
 * 1. `tallyMonths` (or `MonthTallies.add` batch by batch): per month, the number of
 *    counted orders, items and revenue. Order of input does not matter.
 * 2. `allocateFixedCosts` walks the month's orders in (processedAt, id) order and
 *    gives each the *cumulative-rounding* share
 *
 *        share_i = floor(T × C_i / W) − floor(T × C_(i−1) / W)
 *
 *    where T is the month's total, W the month's total weight and C_i the weight of
 *    the month's orders up to and including order i. The sum telescopes to exactly
 *    T, each share is within one minor unit of T × w_i / W, and the formula needs
 *    only (T, W, C_(i−1), w_i): a database can compute it set-based with
 *    `SUM(weight) OVER (PARTITION BY month ORDER BY processed_at, id)`.
 *
 * Which costs: the settings version in force on the month's first local day
 * (items and allocation method), so a mid-month settings change applies to fixed
 * costs from the next month. When the month's total weight is 0 (revenue method in
 * a month of free orders, items method with no items) the order count is used.
 */
import { type FixedCostMethod, type SettingsHistory, versionInForceOn } from "./settings";
import { firstDayOfMonth, monthKey } from "./time";
import { type NormalisedOrder } from "./types";

export interface FixedCostOrderFacts {
  readonly id: string;
  readonly processedAt: string;
  /** Units kept (Σ currentQuantity). */
  readonly items: number;
  /** Net revenue before tax in minor units (margin.ts `orderNetRevenue`); negative counts as 0. */
  readonly netRevenue: number;
}

/**
 * Orders that carry fixed costs: not cancelled, not test, and not made only of gift
 * cards (left out of margin totals, margin.ts; sync stores the fact as
 * `Order.giftCardOnly` so the month's tally leaves them out too).
 */
export function countsForFixedCosts(order: Pick<NormalisedOrder, "cancelled" | "test"> & { readonly lines?: NormalisedOrder["lines"] }): boolean {
  if (order.cancelled || order.test) return false;
  const lines = order.lines;
  if (lines === undefined || lines.length === 0) return true;
  for (const l of lines) if (l.isGiftCard !== true) return true;
  return false;
}

export function fixedCostWeight(facts: Pick<FixedCostOrderFacts, "items" | "netRevenue">, method: FixedCostMethod): number {
  switch (method) {
    case "orders":
      return 1;
    case "items":
      return Math.max(0, facts.items);
    case "revenue":
      return Math.max(0, facts.netRevenue);
  }
}

export interface MonthTally {
  orders: number;
  items: number;
  revenue: number;
}

/** Pass 1 accumulator; feed it orders in any order and in as many batches as needed. */
export class MonthTallies {
  readonly byMonth = new Map<string, MonthTally>();
  constructor(readonly timeZone: string) {}

  add(facts: FixedCostOrderFacts): void {
    const key = monthKey(facts.processedAt, this.timeZone);
    let t = this.byMonth.get(key);
    if (!t) {
      t = { orders: 0, items: 0, revenue: 0 };
      this.byMonth.set(key, t);
    }
    t.orders += 1;
    t.items += fixedCostWeight(facts, "items");
    t.revenue += fixedCostWeight(facts, "revenue");
  }

  addAll(orders: Iterable<FixedCostOrderFacts>): this {
    for (const o of orders) this.add(o);
    return this;
  }
}

export function tallyMonths(orders: Iterable<FixedCostOrderFacts>, timeZone: string): Map<string, MonthTally> {
  return new MonthTallies(timeZone).addAll(orders).byMonth;
}

/** A month's fixed costs: which settings version, what total, spread how. */
export interface MonthPlan {
  readonly month: string;
  /** Σ monthly amounts of the version in force on the month's first day. */
  readonly total: number;
  readonly method: FixedCostMethod;
  /** Index of that settings version. */
  readonly versionIndex: number;
  readonly items: readonly { readonly name: string; readonly monthlyAmount: number }[];
}

export function monthPlan(history: SettingsHistory, month: string): MonthPlan {
  const { index, version } = versionInForceOn(history, firstDayOfMonth(month));
  const items = version.settings.fixedCosts.items;
  let total = 0;
  for (const i of items) total += i.monthlyAmount;
  return { month, total, method: version.settings.fixedCosts.allocation, versionIndex: index, items };
}

function weightOfTally(t: MonthTally, method: FixedCostMethod): number {
  return method === "orders" ? t.orders : method === "items" ? t.items : t.revenue;
}

/** floor(T × c / w) exactly (bigint when the product leaves the safe range). */
function floorMulDiv(t: number, c: number, w: number): number {
  const p = t * c;
  if (Number.isSafeInteger(p)) {
    let q = Math.floor(p / w);
    const r = p - q * w;
    if (r < 0) q -= 1;
    else if (r >= w) q += 1;
    return q;
  }
  return Number((BigInt(t) * BigInt(c)) / BigInt(w));
}

/**
 * The deterministic per-order share (pass 2 formula). `weightBefore` is the total
 * weight of the month's earlier orders in (processedAt, id) order; `indexInMonth`
 * their count (used when the month's weight is 0 and shares fall back to order count).
 */
export function fixedCostShare(
  plan: Pick<MonthPlan, "total" | "method">,
  tally: MonthTally,
  position: { readonly weightBefore: number; readonly weight: number; readonly indexInMonth: number },
): { amount: number; methodUsed: FixedCostMethod } {
  if (plan.total < 0 || !Number.isSafeInteger(plan.total)) throw new RangeError(`invalid fixed-cost total ${plan.total}`);
  const W = weightOfTally(tally, plan.method);
  if (W > 0) {
    const before = floorMulDiv(plan.total, position.weightBefore, W);
    const upTo = floorMulDiv(plan.total, position.weightBefore + position.weight, W);
    return { amount: upTo - before, methodUsed: plan.method };
  }
  if (tally.orders <= 0) throw new RangeError("fixed-cost share asked for a month without orders");
  const before = floorMulDiv(plan.total, position.indexInMonth, tally.orders);
  const upTo = floorMulDiv(plan.total, position.indexInMonth + 1, tally.orders);
  return { amount: upTo - before, methodUsed: "orders" };
}

/** What the margin engine receives for one order. */
export interface FixedCostAllocation {
  readonly orderId: string;
  readonly month: string;
  readonly amount: number;
  /** The method asked for, or "orders" when the month's weight was 0. */
  readonly method: FixedCostMethod;
  readonly monthTotal: number;
  readonly monthOrders: number;
}

/**
 * Pass 2: streams allocations for orders given in (processedAt, id) order within
 * each month (months may interleave). Memory: one running weight per month.
 * Throws on out-of-order input (a caller bug that would make results depend on
 * the read order) and on months missing from `tallies`.
 */
export function* allocateFixedCosts(
  orders: Iterable<FixedCostOrderFacts>,
  tallies: ReadonlyMap<string, MonthTally>,
  planFor: (month: string) => Pick<MonthPlan, "total" | "method">,
  timeZone: string,
): Generator<FixedCostAllocation> {
  const running = new Map<string, { weight: number; index: number; last: { at: number; id: string }; plan: Pick<MonthPlan, "total" | "method"> }>();
  for (const o of orders) {
    const month = monthKey(o.processedAt, timeZone);
    const tally = tallies.get(month);
    if (!tally) throw new RangeError(`month ${month} was not tallied (order ${o.id})`);
    const at = Date.parse(o.processedAt);
    let r = running.get(month);
    if (!r) {
      r = { weight: 0, index: 0, last: { at: -Infinity, id: "" }, plan: planFor(month) };
      running.set(month, r);
    } else if (at < r.last.at || (at === r.last.at && o.id <= r.last.id)) {
      throw new RangeError(`orders must come in (processedAt, id) order: ${o.id} after ${r.last.id}`);
    }
    const weight = fixedCostWeight(o, r.plan.method);
    const share = fixedCostShare(r.plan, tally, { weightBefore: r.weight, weight, indexInMonth: r.index });
    r.weight += weight;
    r.index += 1;
    r.last = { at, id: o.id };
    yield { orderId: o.id, month, amount: share.amount, method: share.methodUsed, monthTotal: r.plan.total, monthOrders: tally.orders };
  }
}
