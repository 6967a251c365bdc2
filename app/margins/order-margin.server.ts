/**
 * The margins of the orders sync just wrote, one order at a time, ahead of the
 * month-wide recompute (recompute.server.ts), so a webhook's order shows its margin
 * within a second or two instead of after a rewrite of its whole month.
 *
 * An order's margin depends on the rest of its month only through its fixed-cost
 * share: the month's tally (counted orders, items, net revenue) and the weight of
 * the orders before it in (processedAt, id) order. Both are sums over stored
 * order facts (`Order.items`, `Order.netRevenue`), one indexed aggregate each, so
 * one order's row here is the row the month-wide run writes for it with the month
 * as it stands (test/margins/order-margin.test.ts compares them). What this leaves
 * to the month-wide run, which still follows: the other orders' shares (a new order
 * moves each by a fraction of the month's fixed costs) and the product-day sums.
 *
 * Orders taken: those in the pending `sync` ranges (a webhook marks its order's
 * processedAt; backfill ranges wider than MAX_RANGE_DAYS are left to the month-wide
 * run) whose margin is missing or older than their stored copy
 * (`OrderMargin.computedAt < Order.syncedAt`), at most MAX_ORDERS a run. The ranges stay
 * marked: the month-wide run clears them.
 */
import type { PrismaClient } from "@prisma/client";

import { countsForFixedCosts, fixedCostShare, fixedCostWeight, monthPlan, type MonthTally } from "~/domain/fixed-costs";
import { basketSubtotal, zoneOf } from "~/domain/free-shipping";
import { computeOrderMargin, fixedCostFacts, mainGateway, marginContextFor, type OrderMargin } from "~/domain/margin";
import type { CostSettings } from "~/domain/settings";
import { firstDayOfMonth, localDate, monthKey, nextMonth, startOfLocalDate } from "~/domain/time";
import type { NormalisedOrder } from "~/domain/types";
import { dayRuns, rebuildShopDays } from "~/store/day-summary.server";
import { pendingDirty, type DirtyRange } from "~/store/dirty.server";
import { isoOf, readOrderBatch, type RowReader } from "~/store/row-reader.server";
import { Instant, type SqlDb, type SqlValue, type Upsert } from "~/store/sql.server";
import { flagBits, loadMarginSources, marginSourceScope, monthTally, type MarginSources } from "./recompute.server";

export interface OrderMarginDeps {
  db: PrismaClient;
  sql: SqlDb;
  reader: RowReader;
  now?: () => Date;
}

/** More changed orders than this in one run: the month-wide recompute is as quick. */
export const MAX_ORDERS = 200;
/** A sync range wider than this is a backfill's or reconcile's: the month-wide run's. */
export const MAX_RANGE_DAYS = 31;
const DAY_MS = 86_400_000;

/** The OrderMargin columns as recompute.server.ts writes them (ORDER_MARGIN_COLUMNS there). */
const COLUMNS = [
  "shop", "orderId", "orderName", "processedAt", "localDate", "currency", "cancelled", "test", "countryCode", "gateway", "items", "netRevenue",
  "costOfGoods", "shipping", "packaging", "labour", "paymentFees", "fixedCosts", "provisions", "totalCosts", "netMargin", "marginBp",
  "withoutDiscounts", "flags", "shippingSource", "feesEstimated", "missingCostLines", "basket", "shippingRevenue", "shippingZone", "computedAt",
] as const;
/** As the month-wide run: the key, processedAt and the page's filters (sync's) are not updated. */
const UPSERT: Upsert = { key: ["shop", "orderId"], update: COLUMNS.filter((c) => !["shop", "orderId", "processedAt", "gateway", "countryCode"].includes(c)) };

/** The narrow sync ranges, merged where they overlap. */
function syncRanges(ranges: readonly DirtyRange[]): { since: Date; until: Date }[] {
  const narrow = ranges
    .filter((r): r is DirtyRange & { until: Date } => r.reason === "sync" && r.until !== null && r.until.getTime() - r.since.getTime() <= MAX_RANGE_DAYS * DAY_MS)
    .map((r) => ({ since: r.since, until: r.until }))
    .sort((a, b) => a.since.getTime() - b.since.getTime());
  const merged: { since: Date; until: Date }[] = [];
  for (const r of narrow) {
    const last = merged.at(-1);
    if (last && r.since.getTime() <= last.until.getTime()) {
      if (r.until.getTime() > last.until.getTime()) last.until = r.until;
    } else merged.push({ ...r });
  }
  return merged;
}

/** Ids and processedAt of the changed orders in the ranges, or null when more than MAX_ORDERS. */
async function changedOrders(reader: RowReader, shop: string, ranges: readonly { since: Date; until: Date }[]): Promise<{ id: string; processedAt: string }[] | null> {
  const found = new Map<string, string>();
  for (const r of ranges) {
    const rows = await reader.rows(
      `SELECT o."id", o."processedAt" FROM "Order" o
         LEFT JOIN "OrderMargin" m ON m."shop" = o."shop" AND m."orderId" = o."id"
        WHERE o."shop" = ? AND o."processedAt" >= ? AND o."processedAt" <= ? AND (m."orderId" IS NULL OR m."computedAt" < o."syncedAt")
        LIMIT ?`,
      [shop, new Instant(r.since.toISOString()), new Instant(r.until.toISOString()), MAX_ORDERS + 1],
    );
    for (const [id, processedAt] of rows) found.set(String(id), isoOf(processedAt));
    if (found.size > MAX_ORDERS) return null;
  }
  return [...found].map(([id, processedAt]) => ({ id, processedAt }));
}

/** A month's bounds in UTC instants (shop-local midnight to midnight), as the month-wide run takes them. */
function monthBounds(month: string, timeZone: string): { from: string; to: string } {
  return { from: startOfLocalDate(firstDayOfMonth(month), timeZone), to: startOfLocalDate(firstDayOfMonth(nextMonth(month)), timeZone) };
}

/**
 * The counted orders of the month before `order` in the month-wide run's order
 * ((processedAt, id); ids compared as bytes, COLLATE "C" on PostgreSQL), and their
 * fixed-cost weight by each method: the order's place in the cumulative rounding.
 */
async function positionInMonth(reader: RowReader, shop: string, from: string, order: NormalisedOrder): Promise<MonthTally> {
  const id = reader.provider === "postgresql" ? `"id" COLLATE "C"` : `"id"`;
  const at = new Instant(order.processedAt);
  const rows = await reader.rows(
    `SELECT COUNT(*),
            COALESCE(SUM(CASE WHEN "items" > 0 THEN "items" ELSE 0 END), 0),
            COALESCE(SUM(CASE WHEN "netRevenue" > 0 THEN "netRevenue" ELSE 0 END), 0)
       FROM "Order" WHERE "shop" = ? AND "processedAt" >= ? AND ("processedAt" < ? OR ("processedAt" = ? AND ${id} < ?))
        AND "cancelled" = ? AND "test" = ? AND "giftCardOnly" = ?`,
    [shop, new Instant(from), at, at, order.id, false, false, false],
  );
  const r = rows[0]!;
  return { orders: Number(r[0]), items: Number(r[1]), revenue: Number(r[2]) };
}

function weightOf(t: MonthTally, method: "orders" | "items" | "revenue"): number {
  return method === "orders" ? t.orders : method === "items" ? t.items : t.revenue;
}

/** One order's margin with its month as it stands (MonthMargins.next in recompute.server.ts, for one order). */
async function marginOf(
  deps: OrderMarginDeps,
  shop: string,
  order: NormalisedOrder,
  sources: MarginSources,
  tallies: Map<string, Promise<MonthTally>>,
): Promise<{ margin: OrderMargin; items: number; settings: CostSettings }> {
  const month = monthKey(order.processedAt, sources.timeZone);
  const range = monthBounds(month, sources.timeZone);
  const plan = monthPlan(sources.settings, month);
  const facts = fixedCostFacts(order);
  let fixedCosts = null;
  if (countsForFixedCosts(order) && plan.total > 0) {
    if (!tallies.has(month)) tallies.set(month, monthTally(deps.reader, shop, range.from, range.to));
    const tally = await tallies.get(month)!;
    const before = await positionInMonth(deps.reader, shop, range.from, order);
    const share = fixedCostShare(plan, tally, { weightBefore: weightOf(before, plan.method), weight: fixedCostWeight(facts, plan.method), indexInMonth: before.orders });
    fixedCosts = { amount: share.amount, month, method: share.methodUsed };
  }
  const ctx = marginContextFor(order, {
    settings: sources.settings,
    unitCosts: sources.unitCosts,
    fixedCosts,
    shippingCosts: sources.shippingCosts,
    catalogWeights: sources.catalogWeights,
    lineFlags: false,
  });
  return { margin: computeOrderMargin(order, ctx), items: facts.items, settings: ctx.settings };
}

/** The OrderMargin row of one order (orderMarginRow and plannerFacts in recompute.server.ts). */
function row(shop: string, order: NormalisedOrder, r: { margin: OrderMargin; items: number; settings: CostSettings }, timeZone: string, computedAt: Instant): SqlValue[] {
  const m = r.margin;
  const c = m.costs;
  return [
    shop, m.orderId, m.orderName, new Instant(m.processedAt), localDate(m.processedAt, timeZone), m.currency, m.cancelled, m.test, order.shippingCountryCode,
    mainGateway(order), r.items, m.netRevenue, c.costOfGoods, c.shipping, c.packaging, c.labour, c.paymentFees, c.fixedCosts,
    c.provisions.returns + c.provisions.fraud + c.provisions.spoilage, m.totalCosts, m.netMargin,
    m.marginPct.kind === "percent" ? m.marginPct.basisPoints : null, m.withoutDiscounts.netMargin, flagBits(m), m.steps.shipping.source,
    m.steps.paymentFees.estimated > 0 || m.steps.paymentFees.transactions.some((t) => t.source === "estimated"), m.steps.costOfGoods.missingLines,
    basketSubtotal(order), m.revenue.shippingCharged - m.revenue.shippingRefunded, zoneOf(m, order, r.settings), computedAt,
  ];
}

/** Reads one stored order (the orders processed at its instant, then by id). */
async function readOrder(reader: RowReader, shop: string, o: { id: string; processedAt: string }): Promise<NormalisedOrder | null> {
  const to = new Date(Date.parse(o.processedAt) + 1).toISOString();
  const batch = await readOrderBatch(reader, shop, { from: o.processedAt, to }, null, MAX_ORDERS + 1);
  return batch.find((x) => x.id === o.id) ?? null;
}

/**
 * Writes the margins of the shop's orders changed by sync since their margin
 * (see the header); returns how many, or null when there were too many for this
 * path (the month-wide run does them).
 */
export async function refreshChangedOrderMargins(deps: OrderMarginDeps, shop: string): Promise<{ orders: number } | null> {
  const pending = await pendingDirty(deps.db, shop);
  if (!pending) return { orders: 0 };
  const ranges = syncRanges(pending.ranges);
  if (ranges.length === 0) return { orders: 0 };
  // Before anything is read: a row is at least as new as its computedAt says.
  const computedAt = new Instant((deps.now ?? (() => new Date()))().toISOString());
  const changed = await changedOrders(deps.reader, shop, ranges);
  if (changed === null) return null;
  if (changed.length === 0) return { orders: 0 };
  const orders: NormalisedOrder[] = [];
  for (const c of changed) {
    const order = await readOrder(deps.reader, shop, c);
    if (order) orders.push(order); // else removed since: the month-wide run drops its margin
  }
  // These orders' variants' costs only, not the whole catalog's.
  const sources = await loadMarginSources(deps.db, shop, marginSourceScope(orders));
  const tallies = new Map<string, Promise<MonthTally>>();
  const rows: SqlValue[][] = [];
  for (const order of orders) rows.push(row(shop, order, await marginOf(deps, shop, order, sources, tallies), sources.timeZone, computedAt));
  // With their days' shop-day rows (Home's), rebuilt from the margins just written.
  const localDay = COLUMNS.indexOf("localDate");
  const days = dayRuns(rows.map((r) => String(r[localDay])));
  if (rows.length > 0) {
    await deps.sql.transaction(async (tx) => {
      await tx.insertMany("OrderMargin", COLUMNS, rows, UPSERT);
      for (const d of days) await rebuildShopDays(tx, shop, d.fromDay, d.toDay, sources.timeZone, new Date(computedAt.iso));
    });
  }
  return { orders: rows.length };
}
