/**
 * Stored margins: recomputes the margins of a shop's orders from the stored orders
 * and the merchant's costs, with the engine in app/domain.
 *
 * Month by month, because fixed costs are spread over a shop-local month: a
 * month's shares depend on all its orders and nothing else. recomputeMargins picks
 * the months (the `MarginDirty` ranges, or all) and shares them with the compute
 * thread (MonthLanes); recomputeMonth reads a month's orders in batches, writes
 * their `OrderMargin` rows in place, then replaces the month's product-day rows
 * and its shop-day rows (`ShopDayMargin`, Home's).
 * Readers see a month's previous numbers until its new ones are written. The steps
 * and the reasons for them: app/margins/README.md.
 */
import type { PrismaClient } from "@prisma/client";

import { countsForFixedCosts, fixedCostShare, fixedCostWeight, monthPlan, type MonthPlan, type MonthTally } from "~/domain/fixed-costs";
import { FLAG_CODES, computeOrderMargin, fixedCostFacts, mainGateway, marginContextFor, type CatalogWeights, type OrderMargin } from "~/domain/margin";
import { basketSubtotal, zoneOf } from "~/domain/free-shipping";
import { ProductDayRollup, type ProductTotals } from "~/domain/products";
import type { CostSettings, SettingsHistory } from "~/domain/settings";
import { orderKeys, type ShippingCostImport } from "~/domain/shipping-import";
import { firstDayOfMonth, localDate, monthKey, nextMonth, startOfLocalDate } from "~/domain/time";
import type { NormalisedOrder } from "~/domain/types";
import type { UnitCostHistory } from "~/domain/unit-costs";
import { logger } from "~/logger.server";
import { loadSettingsHistory, shopFacts } from "~/store/cost-settings.server";
import { loadShippingCostImport } from "~/store/shipping-costs.server";
import { loadUnitCostHistory } from "~/store/unit-costs.server";
import {
  Instant,
  SQLITE_WAL_AUTOCHECKPOINT,
  SqliteWorkerDb,
  type PairCollection,
  type SqlDb,
  type SqlValue,
  type Upsert,
} from "~/store/sql.server";
import { loadMonthCarrying, withUnsoldCarrying, type MonthCarrying } from "./carrying.server";
import type { ComputeThread } from "./compute-thread.server";
import { rebuildShopDays } from "~/store/day-summary.server";
import { clearDirty, pendingDirty, type DirtyRange } from "~/store/dirty.server";
import { isoOf, readOrderBatch, type OrderCursor, type RowReader } from "~/store/row-reader.server";

export interface RecomputeDeps {
  db: PrismaClient;
  /** Writes (sync's connection: on SQLite its writer thread). */
  sql: SqlDb;
  /** Reads of orders (openRowReader). */
  reader: RowReader;
  now?: () => Date;
  /** Orders per read batch (default READ_BATCH). */
  batchSize?: number;
  /** Orders per write transaction (default WRITE_BATCH). */
  writeBatchSize?: number;
  /** OrderMarginRank: "auto" (default) decides (rankRebuildWanted), "rows" leaves it to the triggers, "rebuild" rebuilds it at the end. */
  rankMode?: "auto" | "rows" | "rebuild";
  /** "auto" rebuilds for shops with at least this many orders (default RANK_REBUILD_MIN_ORDERS). */
  rankRebuildMinOrders?: number;
  /** A second thread that shares a run's months (takeComputeThread); without it, this thread computes all. */
  compute?: ComputeThread | null;
  /** Default COMPUTE_THREAD_MIN_ORDERS. */
  computeThreadMinOrders?: number;
}

/** What recomputing one month needs (the compute thread has these too). */
export type MonthDeps = Pick<RecomputeDeps, "sql" | "reader" | "batchSize" | "writeBatchSize" | "now"> & {
  /** Where the writer thread collects each margin's (netMargin, orderId) for the rank rebuild. */
  collect?: PairCollection;
};

export interface RecomputeResult {
  months: string[];
  orders: number;
  productDays: number;
  ms: number;
  /** Months the compute thread computed (0 when the main thread computed all). */
  monthsOnThread: number;
}

/** What the engine needs besides the orders, loaded once per run. */
export interface MarginSources {
  currency: string;
  timeZone: string;
  settings: SettingsHistory;
  unitCosts: UnitCostHistory;
  shippingCosts: ShippingCostImport | null;
  /** Products the catalog knows with a single variant: no variant rows (they would repeat the product's). */
  singleVariantProducts?: ReadonlySet<string>;
  /** Each variant's catalog weight today (whole grams > 0): the estimate for a line whose order recorded none. */
  catalogWeights?: CatalogWeights;
}

/**
 * The shop's variants' catalog weights (`Variant.weightGrams`), one query per run.
 * 0 is left out: Shopify shows a weight nobody entered as 0 (a live capture in
 * airhorns/shopify-draft-proxy's conformance fixtures).
 */
async function loadCatalogWeights(db: PrismaClient, shop: string, variantIds?: readonly string[]): Promise<CatalogWeights> {
  const rows = await db.variant.findMany({ where: { shop, weightGrams: { gt: 0 }, ...(variantIds ? { id: { in: [...variantIds] } } : {}) }, select: { id: true, weightGrams: true } });
  const weights = new Map<string, number>();
  for (const r of rows) {
    // Whole grams, as order lines carry them (sync already rounds).
    const grams = Math.round(r.weightGrams!);
    if (grams > 0) weights.set(r.id, grams);
  }
  return weights;
}

/** What some orders' margins read: their variants, products and shipping-import keys. */
export interface MarginSourceScope {
  variantIds: string[];
  productIds: string[];
  orderKeys: string[];
}

/** Past this many ids a scope is not worth it (and would near SQLite's bound-parameter limit): the whole shop's sources. */
const SCOPE_MAX_IDS = 500;

/**
 * The scope of these orders' margins, or undefined (load everything) when they
 * name too many variants. An order page or a webhook's few orders then read their
 * own variants' costs, not the whole catalog's (50,000 variants' cost histories
 * made one order's page take over a second, bench:pages).
 */
export function marginSourceScope(orders: readonly NormalisedOrder[]): MarginSourceScope | undefined {
  const variantIds = new Set<string>();
  const productIds = new Set<string>();
  const keys = new Set<string>();
  for (const o of orders) {
    for (const l of o.lines) {
      if (l.variantId !== null) variantIds.add(l.variantId);
      if (l.productId !== null) productIds.add(l.productId);
    }
    for (const k of orderKeys(o)) keys.add(k);
  }
  // An order has up to three keys (id:, num:, name:).
  if (variantIds.size > SCOPE_MAX_IDS || productIds.size > SCOPE_MAX_IDS || keys.size > 3 * SCOPE_MAX_IDS) return undefined;
  return { variantIds: [...variantIds], productIds: [...productIds], orderKeys: [...keys] };
}

/** The shop's margin sources; with a scope, only what those orders need (marginSourceScope). */
export async function loadMarginSources(db: PrismaClient, shop: string, scope?: MarginSourceScope): Promise<MarginSources> {
  const facts = await shopFacts(db, shop);
  const [settings, unitCosts, shippingCosts, variantCounts, catalogWeights] = await Promise.all([
    loadSettingsHistory(db, shop, facts),
    loadUnitCostHistory(db, shop, facts, scope?.variantIds),
    loadShippingCostImport(db, shop, facts.currency, scope?.orderKeys),
    db.variant.groupBy({ by: ["productId"], where: { shop, ...(scope ? { productId: { in: scope.productIds } } : {}) }, _count: { _all: true } }),
    loadCatalogWeights(db, shop, scope?.variantIds),
  ]);
  const singleVariantProducts = new Set(variantCounts.filter((v) => v._count._all === 1).map((v) => v.productId));
  return { currency: facts.currency, timeZone: facts.timeZone, settings, unitCosts, shippingCosts, singleVariantProducts, catalogWeights };
}

const ORDER_MARGIN_COLUMNS = [
  "shop", "orderId", "orderName", "processedAt", "localDate", "currency", "cancelled", "test", "countryCode", "gateway", "items", "netRevenue",
  "costOfGoods", "shipping", "packaging", "labour", "paymentFees", "fixedCosts", "stockCarrying", "provisions", "totalCosts", "netMargin", "marginBp",
  "withoutDiscounts", "flags", "shippingSource", "feesEstimated", "missingCostLines", "basket", "shippingRevenue", "shippingZone", "computedAt",
] as const;

/** The sums of a product-day or variant-day row (ProductTotals), after its keys. */
const DAY_TOTAL_COLUMNS = [
  "title", "currency", "orders", "lines", "units", "merchandise", "shippingRevenue", "discounts", "costOfGoods", "shipping", "packaging", "labour",
  "paymentFees", "fixedCosts", "stockCarrying", "returns", "fraud", "spoilage", "netMargin", "withoutDiscounts", "missingLines", "missingUnits",
  "missingRevenue", "estimatedLines",
] as const;
const PRODUCT_DAY_COLUMNS = ["shop", "day", "productId", ...DAY_TOTAL_COLUMNS] as const;
const VARIANT_DAY_COLUMNS = ["shop", "day", "productId", "variantId", ...DAY_TOTAL_COLUMNS] as const;

/** A ProductTotals as the values of DAY_TOTAL_COLUMNS. */
function dayTotalValues(t: ProductTotals, currency: string): SqlValue[] {
  const c = t.costs;
  return [
    t.title, currency, t.orders, t.lines, t.units, t.merchandise, t.shipping, t.discounts, c.costOfGoods, c.shipping, c.packaging, c.labour,
    c.paymentFees, c.fixedCosts, c.stockCarrying, c.provisions.returns, c.provisions.fraud, c.provisions.spoilage, t.netMargin, t.withoutDiscounts, t.missingLines,
    t.missingUnits, t.missingRevenue, t.estimatedLines,
  ];
}

/** Bit i set = FLAG_CODES[i] raised. */
export function flagBits(m: Pick<OrderMargin, "flags">): number {
  let bits = 0;
  for (const f of m.flags) bits |= 1 << FLAG_CODES.indexOf(f.code);
  return bits;
}

/** The planner's facts of an order (domain/free-shipping.ts), stored beside its margin. */
function plannerFacts(order: NormalisedOrder, m: OrderMargin, settings: CostSettings): { basket: number; shippingRevenue: number; zone: string } {
  return {
    basket: basketSubtotal(order),
    shippingRevenue: m.revenue.shippingCharged - m.revenue.shippingRefunded,
    zone: zoneOf(m, order, settings),
  };
}

function orderMarginRow(
  shop: string,
  m: OrderMargin,
  timeZone: string,
  countryCode: string | null,
  gateway: string | null,
  items: number,
  planner: { basket: number; shippingRevenue: number; zone: string },
  computedAt: Instant,
): SqlValue[] {
  const c = m.costs;
  return [
    shop, m.orderId, m.orderName, new Instant(m.processedAt), localDate(m.processedAt, timeZone), m.currency, m.cancelled, m.test, countryCode,
    gateway, items, m.netRevenue, c.costOfGoods, c.shipping, c.packaging, c.labour, c.paymentFees, c.fixedCosts, c.stockCarrying,
    c.provisions.returns + c.provisions.fraud + c.provisions.spoilage, m.totalCosts, m.netMargin,
    m.marginPct.kind === "percent" ? m.marginPct.basisPoints : null, m.withoutDiscounts.netMargin, flagBits(m), m.steps.shipping.source,
    m.steps.paymentFees.estimated > 0 || m.steps.paymentFees.transactions.some((t) => t.source === "estimated"), m.steps.costOfGoods.missingLines,
    planner.basket, planner.shippingRevenue, planner.zone, computedAt,
  ];
}

/**
 * Orders per write transaction. A commit writes every page it dirtied to the WAL,
 * so larger transactions write shared pages fewer times; but a transaction holds
 * SQLite's write lock (what a page's Prisma write waits for) and its rows in memory.
 */
export const WRITE_BATCH = 20_000;

/**
 * Orders read and computed between two yields to the event loop. A batch is alive
 * while it is computed, and every young-generation collection copies what is
 * alive; much smaller batches pay a query per few orders instead.
 */
export const READ_BATCH = 250;

/**
 * The writer's SQLite settings during a run: more WAL pages between checkpoints,
 * since each checkpoint copies the pages written since the last one into the
 * database file again. The page cache stays at the writer's 32 MB: the 128 MB it
 * borrowed before was ≈ 100 MB of the full recompute's peak RSS for no time
 * measurable on this machine (test/bench/README.md, bench:margin).
 */
const RECOMPUTE_WAL_AUTOCHECKPOINT = 50_000;

/**
 * OrderMargin rows are written in place: on SQLite an UPDATE by (shop, orderId),
 * the INSERT only for an order without a row; on PostgreSQL INSERT … ON CONFLICT
 * DO UPDATE (sql.server.ts). The key, processedAt (Shopify's OrderInput cannot
 * change it) and the orders page's filters gateway and countryCode (sync updates
 * them when it stores a changed order) are not updated, so their indexes are left alone.
 */
const ORDER_FACT_COLUMNS: readonly string[] = ["shop", "orderId", "processedAt", "gateway", "countryCode"];
const ORDER_MARGIN_UPSERT: Upsert = {
  key: ["shop", "orderId"],
  update: ORDER_MARGIN_COLUMNS.filter((c) => !ORDER_FACT_COLUMNS.includes(c)),
};

/**
 * The recompute's write transactions, committed in the order queued, at most
 * `depth` waiting, so the next batch is computed while the last is written. A
 * failed write fails the next `push` or `drain`; nothing queued after it runs.
 */
export class WriteQueue {
  private readonly pending: Promise<void>[] = [];

  constructor(
    private readonly sql: SqlDb,
    private readonly depth = 2,
  ) {}

  async push(fn: (tx: SqlDb) => Promise<void>): Promise<void> {
    while (this.pending.length >= this.depth) await this.pending.shift();
    const previous = this.pending.at(-1) ?? Promise.resolve();
    const next = previous.then(() => this.sql.transaction(fn));
    // Raised by the `await` in push or drain, not as an unhandled rejection.
    next.catch(() => undefined);
    this.pending.push(next);
  }

  async drain(): Promise<void> {
    while (this.pending.length > 0) await this.pending.shift();
  }

  /** Waits for what is queued to commit or fail, raising nothing (after another error). */
  async settle(): Promise<void> {
    await Promise.allSettled(this.pending.splice(0));
  }
}

/** Smaller shops keep OrderMarginRank row by row (the triggers): a rebuild reads and sorts all of a shop's margins. */
export const RANK_REBUILD_MIN_ORDERS = 50_000;

/**
 * Whether this run rebuilds the shop's OrderMarginRank at the end (inserted in
 * index order) instead of the triggers moving each entry to a random place: when
 * a previous rebuild did not finish (the shop is still paused), or when a shop of
 * at least RANK_REBUILD_MIN_ORDERS orders has a third of its months or more
 * recomputed. Months rather than orders, and a count that stops at the threshold:
 * the reader runs on this thread, and a full count would block it.
 */
async function rankRebuildWanted(deps: RecomputeDeps, shop: string, months: number, monthsWithOrders: number): Promise<boolean> {
  if (deps.rankMode === "rows") return false;
  if (deps.rankMode === "rebuild") return true;
  const paused = await deps.reader.rows(`SELECT 1 FROM "MarginRankPaused" WHERE "shop" = ?`, [shop]);
  if (paused.length > 0) return true;
  if (months * 3 < monthsWithOrders) return false;
  return shopHasOrders(deps.reader, shop, deps.rankRebuildMinOrders ?? RANK_REBUILD_MIN_ORDERS);
}

/** Whether the shop has at least `min` orders, counted no further than that. */
async function shopHasOrders(reader: RowReader, shop: string, min: number): Promise<boolean> {
  if (min <= 0) return true;
  const rows = await reader.rows(`SELECT COUNT(*) FROM (SELECT 1 FROM "Order" WHERE "shop" = ? LIMIT ?) AS "o"`, [shop, min]);
  return Number(rows[0]![0]) >= min;
}

/** Smaller shops compute alone: the thread's start (once per process) and the copy of the sources would cost more. */
export const COMPUTE_THREAD_MIN_ORDERS = 20_000;

/** Stops the OrderMarginRank triggers for a shop's rows (MarginRankPaused) until rebuildRankOf. */
async function pauseRank(sql: SqlDb, shop: string, now: Date): Promise<void> {
  await sql.execute(`INSERT INTO "MarginRankPaused" ("shop", "since") VALUES (?, ?) ON CONFLICT ("shop") DO NOTHING`, [shop, now]);
}

/**
 * Replaces a shop's OrderMarginRank entries from its stored margins, in index
 * order, and resumes the triggers: one transaction, so pages see the old order or the new.
 */
async function rebuildRankOf(sql: SqlDb, shop: string): Promise<void> {
  await sql.transaction(async (tx) => {
    await tx.execute(`DELETE FROM "OrderMarginRank" WHERE "shop" = ?`, [shop]);
    await tx.execute(
      `INSERT INTO "OrderMarginRank" ("shop", "netMargin", "orderId")
       SELECT "shop", "netMargin", "orderId" FROM "OrderMargin" WHERE "shop" = ? ORDER BY "netMargin", "orderId"`,
      [shop],
    );
    await tx.execute(`DELETE FROM "MarginRankPaused" WHERE "shop" = ?`, [shop]);
  });
}

/** The writer's collection of a shop's (netMargin, orderId) pairs during a run (rebuildRankFromPairs). */
function rankCollection(shop: string): PairCollection {
  return { name: `OrderMarginRank:${shop}`, key: ORDER_MARGIN_COLUMNS.indexOf("netMargin"), id: ORDER_MARGIN_COLUMNS.indexOf("orderId") };
}

/**
 * The same rebuild from the pairs the writer collected as the run's rows arrived
 * (sorted there, without reading the margins back). Should a margin have escaped
 * the run (the counts differ), the rebuild from the margins runs after all.
 */
async function rebuildRankFromPairs(sql: SqliteWorkerDb, shop: string): Promise<void> {
  await sql.insertCollected({
    name: rankCollection(shop).name,
    table: "OrderMarginRank",
    columns: ["shop", "netMargin", "orderId"],
    prefix: [shop],
    before: [{ sql: `DELETE FROM "OrderMarginRank" WHERE "shop" = ?`, params: [shop] }],
    after: [{ sql: `DELETE FROM "MarginRankPaused" WHERE "shop" = ?`, params: [shop] }],
  });
  const [c] = await sql.query<{ entries: unknown; margins: unknown }>(
    `SELECT (SELECT COUNT(*) FROM "OrderMarginRank" WHERE "shop" = ?) AS "entries", (SELECT COUNT(*) FROM "OrderMargin" WHERE "shop" = ?) AS "margins"`,
    [shop, shop],
  );
  if (Number(c!.entries) !== Number(c!.margins)) {
    logger.warn("loss-makers order rebuilt from the stored margins: the run's pairs did not cover them", { shop, entries: Number(c!.entries), margins: Number(c!.margins) });
    await rebuildRankOf(sql, shop);
  }
}

/** Local months from `first` to `last` inclusive. */
function monthsBetween(first: string, last: string): string[] {
  const out: string[] = [];
  for (let m = first; m <= last; m = nextMonth(m)) out.push(m);
  return out;
}

/** The shop's first and last processedAt, or null without orders. */
async function orderSpan(sql: SqlDb, shop: string): Promise<{ first: string; last: string } | null> {
  const rows = await sql.query<{ first: unknown; last: unknown }>(`SELECT MIN("processedAt") AS "first", MAX("processedAt") AS "last" FROM "Order" WHERE "shop" = ?`, [shop]);
  const r = rows[0];
  if (!r || r.first === null || r.first === undefined) return null;
  return { first: isoOf(r.first), last: isoOf(r.last) };
}

/** The months that dirty ranges touch, clamped to the months that have orders. */
export function monthsOfRanges(ranges: readonly DirtyRange[], span: { first: string; last: string }, timeZone: string): string[] {
  const firstMonth = monthKey(span.first, timeZone);
  const lastMonth = monthKey(span.last, timeZone);
  const set = new Set<string>();
  for (const r of ranges) {
    const from = monthKey(r.since.toISOString(), timeZone);
    const to = r.until === null ? lastMonth : monthKey(r.until.toISOString(), timeZone);
    const a = from < firstMonth ? firstMonth : from;
    const b = to > lastMonth ? lastMonth : to;
    for (const m of a <= b ? monthsBetween(a, b) : []) set.add(m);
  }
  return [...set].sort();
}

/**
 * Counted orders, items and net revenue of [from, to): a month's fixed-cost tally
 * (sync stores both sums per order), from the reader or the writer's connection.
 */
export async function monthTally(source: RowReader | SqlDb, shop: string, from: string, to: string): Promise<MonthTally> {
  const sql = `SELECT COUNT(*) AS "orders",
            COALESCE(SUM(CASE WHEN "items" > 0 THEN "items" ELSE 0 END), 0) AS "items",
            COALESCE(SUM(CASE WHEN "netRevenue" > 0 THEN "netRevenue" ELSE 0 END), 0) AS "revenue"
       FROM "Order" WHERE "shop" = ? AND "processedAt" >= ? AND "processedAt" < ? AND "cancelled" = ? AND "test" = ? AND "giftCardOnly" = ?`;
  // The orders countsForFixedCosts counts (domain/fixed-costs.ts).
  const params = [shop, new Instant(from), new Instant(to), false, false, false];
  if ("rows" in source) {
    const r = (await source.rows(sql, params))[0]!;
    return { orders: Number(r[0]), items: Number(r[1]), revenue: Number(r[2]) };
  }
  const r = (await source.query<{ orders: unknown; items: unknown; revenue: unknown }>(sql, params))[0]!;
  return { orders: Number(r.orders), items: Number(r.items), revenue: Number(r.revenue) };
}

/** A range of processedAt (a month's bounds): UTC instants, `to` exclusive. */
type InstantRange = { from: string; to: string };

/** A month's bounds in UTC instants (shop-local midnight to midnight). */
function monthBounds(month: string, timeZone: string): InstantRange {
  return { from: startOfLocalDate(firstDayOfMonth(month), timeZone), to: startOfLocalDate(firstDayOfMonth(nextMonth(month)), timeZone) };
}

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * The margins of one month's orders, fed in (processedAt, id) order: each counted
 * order's fixed-cost share by cumulative rounding (domain/fixed-costs.ts), then its
 * margin. Shared with the settings preview (preview.server.ts).
 */
export class MonthMargins {
  private weightBefore = 0;
  private indexInMonth = 0;
  private readonly plan: MonthPlan;

  constructor(
    private readonly month: string,
    private readonly tally: MonthTally,
    private readonly sources: Pick<MarginSources, "settings" | "unitCosts" | "shippingCosts" | "catalogWeights">,
    /** The month's stock carrying cost per product (carrying.server.ts), shared over the counted orders' lines; null: none. */
    private readonly carrying: MonthCarrying | null = null,
  ) {
    this.plan = monthPlan(sources.settings, month);
  }

  next(order: NormalisedOrder): { margin: OrderMargin; items: number; settings: CostSettings } {
    let fixedCosts = null;
    const facts = fixedCostFacts(order);
    const counted = countsForFixedCosts(order);
    const byLine = counted && this.carrying ? this.carrying.shares.sharesFor(order.lines) : null;
    if (counted && this.plan.total > 0) {
      const weight = fixedCostWeight(facts, this.plan.method);
      const share = fixedCostShare(this.plan, this.tally, { weightBefore: this.weightBefore, weight, indexInMonth: this.indexInMonth });
      this.weightBefore += weight;
      this.indexInMonth += 1;
      fixedCosts = { amount: share.amount, month: this.month, method: share.methodUsed };
    }
    const ctx = marginContextFor(order, {
      settings: this.sources.settings,
      unitCosts: this.sources.unitCosts,
      fixedCosts,
      shippingCosts: this.sources.shippingCosts,
      catalogWeights: this.sources.catalogWeights,
      // Stored are the order's flags and the lines' sums (product flags come from sums).
      lineFlags: false,
      stockCarrying: byLine ? { month: this.month, byLine } : null,
    });
    const margin = computeOrderMargin(order, ctx);
    // What reached the product's margin (an excluded line's share did not: it stays the product's own).
    if (byLine) for (const l of margin.lines) if (l.included && l.productId !== null) this.carrying!.shares.carried(l.productId, l.costs.stockCarrying);
    return { margin, items: facts.items, settings: ctx.settings };
  }
}

/** What a month wrote: its orders' margins and its product-day rows. */
export interface MonthCounts {
  orders: number;
  productDays: number;
}

/** Recomputes one shop-local month: its orders' stored margins, then its product days. */
export async function recomputeMonth(
  deps: MonthDeps,
  shop: string,
  month: string,
  sources: MarginSources,
  queue?: WriteQueue,
  /** The month's fixed-cost tally when the caller has it (recomputeMargins asks for it ahead). */
  tally?: Promise<MonthTally>,
): Promise<MonthCounts> {
  // Without a queue of the caller's, the month is written and committed before returning.
  const writes = queue ?? new WriteQueue(deps.sql);
  const computedAt = (deps.now ?? (() => new Date()))();
  // One Instant for every row of the month: converted for the database once.
  const computedAtValue = new Instant(computedAt.toISOString());
  const range = monthBounds(month, sources.timeZone);
  const carrying = await loadMonthCarrying(deps.reader, shop, month, sources, localDate(computedAt.toISOString(), sources.timeZone));
  const margins = new MonthMargins(month, await (tally ?? monthTally(deps.reader, shop, range.from, range.to)), sources, carrying);
  // Queries on this thread (the tally, Prisma's SQLite) never left it: let pages in.
  await yieldToEventLoop();
  const rollup = new ProductDayRollup(sources.timeZone);
  const marginRow = (order: NormalisedOrder): SqlValue[] => {
    const { margin: m, items, settings } = margins.next(order);
    const row = orderMarginRow(shop, m, sources.timeZone, order.shippingCountryCode, mainGateway(order), items, plannerFacts(order, m, settings), computedAtValue);
    rollup.add(m);
    return row;
  };
  const orders = await writeMonthMargins(deps, shop, range, writes, marginRow);
  const days = dayRows(shop, rollup, sources, carrying);
  await writes.push((tx) => replaceMonthDays(tx, shop, month, range, days, orders, computedAt, sources.timeZone));
  if (!queue) await writes.drain();
  return { orders, productDays: days.products.length };
}

/**
 * The month's orders as OrderMargin rows (`marginRow`), staged a batch at a time
 * (on SQLite, posted to the writer thread) and queued as one upsert every
 * `writeBatchSize` rows. Returns the orders read.
 */
async function writeMonthMargins(deps: MonthDeps, shop: string, range: InstantRange, writes: WriteQueue, marginRow: (order: NormalisedOrder) => SqlValue[]): Promise<number> {
  const writeBatchSize = deps.writeBatchSize ?? WRITE_BATCH;
  let stage = deps.sql.stage(deps.collect);
  const flush = async () => {
    if (stage.size === 0) return;
    const rows = stage;
    stage = deps.sql.stage(deps.collect);
    await writes.push((tx) => tx.insertMany("OrderMargin", ORDER_MARGIN_COLUMNS, rows, ORDER_MARGIN_UPSERT));
  };
  let orders = 0;
  try {
    for await (const batch of orderBatches(deps.reader, shop, range, deps.batchSize ?? READ_BATCH)) {
      stage.add(batch.map(marginRow));
      if (stage.size >= writeBatchSize) await flush();
      orders += batch.length;
      await yieldToEventLoop();
    }
    await flush();
  } catch (error) {
    stage.discard();
    throw error;
  }
  return orders;
}

/**
 * The orders of `range` in (processedAt, id) order, `size` at a time. PostgreSQL
 * fetches the next batch meanwhile; SQLite reads on this thread, where reading
 * ahead would only keep a second batch alive across garbage collections.
 */
async function* orderBatches(reader: RowReader, shop: string, range: InstantRange, size: number): AsyncGenerator<NormalisedOrder[]> {
  const read = (cursor: OrderCursor | null) => readOrderBatch(reader, shop, range, cursor, size);
  const prefetch = reader.provider === "postgresql";
  let cursor: OrderCursor | null = null;
  let ahead: Promise<NormalisedOrder[]> | null = prefetch ? read(null) : null;
  for (let more = true; more; ) {
    const batch: NormalisedOrder[] = await (ahead ?? read(cursor));
    if (batch.length === 0) return;
    const last = batch[batch.length - 1]!;
    cursor = { processedAt: last.processedAt, id: last.id };
    more = batch.length === size;
    ahead = prefetch && more ? read(cursor) : null;
    yield batch;
  }
}

type DayRows = { products: SqlValue[][]; variants: SqlValue[][] };

/** The month's ProductDayMargin and VariantDayMargin rows (none of the latter for single-variant products). */
function dayRows(shop: string, rollup: ProductDayRollup, sources: MarginSources, carrying: MonthCarrying | null): DayRows {
  const single = sources.singleVariantProducts;
  const products: SqlValue[][] = withUnsoldCarrying(rollup.rows(), carrying).map(({ day, totals }) => [shop, day, totals.productId ?? "", ...dayTotalValues(totals, sources.currency)]);
  const variants: SqlValue[][] = rollup
    .variantRows()
    .filter(({ totals }) => !(single && totals.productId !== null && single.has(totals.productId)))
    .map(({ day, variantId, totals }) => [shop, day, totals.productId ?? "", variantId ?? "", ...dayTotalValues(totals, sources.currency)]);
  return { products, variants };
}

/**
 * The month's last transaction: its day rows replaced, the margins of orders that
 * left the month (or the shop's copy) removed: older than this run's `computedAt`,
 * which every order still in the month (`written`) has; then the month's shop-day
 * rows (Home's, store/day-summary.server.ts) rebuilt from its margins as they now are.
 */
async function replaceMonthDays(tx: SqlDb, shop: string, month: string, range: InstantRange, days: DayRows, written: number, computedAt: Date, timeZone: string): Promise<void> {
  const firstDay = firstDayOfMonth(month);
  const nextFirstDay = firstDayOfMonth(nextMonth(month));
  await tx.execute(`DELETE FROM "ProductDayMargin" WHERE "shop" = ? AND "day" >= ? AND "day" < ?`, [shop, firstDay, nextFirstDay]);
  await tx.insertMany("ProductDayMargin", PRODUCT_DAY_COLUMNS, days.products);
  await tx.execute(`DELETE FROM "VariantDayMargin" WHERE "shop" = ? AND "day" >= ? AND "day" < ?`, [shop, firstDay, nextFirstDay]);
  await tx.insertMany("VariantDayMargin", VARIANT_DAY_COLUMNS, days.variants);
  // Counted on the (shop, processedAt) index first: the DELETE reads every margin row
  // of the month, and usually there is nothing to delete.
  const inMonth = await tx.query<{ n: unknown }>(`SELECT COUNT(*) AS "n" FROM "OrderMargin" WHERE "shop" = ? AND "processedAt" >= ? AND "processedAt" < ?`, [
    shop,
    new Instant(range.from),
    new Instant(range.to),
  ]);
  if (Number(inMonth[0]!.n) !== written) {
    await tx.execute(`DELETE FROM "OrderMargin" WHERE "shop" = ? AND "processedAt" >= ? AND "processedAt" < ? AND "computedAt" < ?`, [
      shop,
      new Instant(range.from),
      new Instant(range.to),
      computedAt,
    ]);
  }
  await rebuildShopDays(tx, shop, firstDay, nextFirstDay, timeZone, computedAt);
}

/**
 * Recomputes what is pending for a shop (`MarginDirty`), or everything with
 * `{ all: true }`. Ranges marked while it runs stay for the next run.
 */
export async function recomputeMargins(deps: RecomputeDeps, shop: string, opts: { all?: boolean } = {}): Promise<RecomputeResult> {
  const started = Date.now();
  const pending = await pendingDirty(deps.db, shop);
  if (!opts.all && !pending) return { months: [], orders: 0, productDays: 0, ms: Date.now() - started, monthsOnThread: 0 };
  await yieldToEventLoop();
  const sources = await loadMarginSources(deps.db, shop);
  await yieldToEventLoop();
  const { months, allMonths } = await monthsToRecompute(deps.sql, shop, sources.timeZone, opts.all ? null : pending!.ranges);
  const rank = await prepareRank(deps, shop, months.length, allMonths.length);
  if (deps.sql.provider === "sqlite") await useRecomputeSettings(deps.sql);
  const thread = await takeComputeThread(deps, shop, months.length);
  const { orders, productDays, monthsOnThread } = await writeMonths({ deps, shop, sources, months, rank }, thread);
  // Only the ranges read at the start (ids up to maxId): later marks stay.
  if (pending) await clearDirty(deps.db, shop, pending.maxId);
  const result = { months, orders, productDays, ms: Date.now() - started, monthsOnThread };
  logger.info("margins recomputed", { shop, months: months.length, orders, productDays, ms: result.ms, monthsOnThread });
  return result;
}

/** The months a run recomputes (every month with orders when `ranges` is null), and every month with orders. */
async function monthsToRecompute(sql: SqlDb, shop: string, timeZone: string, ranges: readonly DirtyRange[] | null): Promise<{ months: string[]; allMonths: string[] }> {
  const span = await orderSpan(sql, shop);
  if (span === null) return { months: [], allMonths: [] };
  const allMonths = monthsOfRanges([{ since: new Date(0), until: null, reason: "manual" }], span, timeZone);
  return { months: ranges ? monthsOfRanges(ranges, span, timeZone) : allMonths, allMonths };
}

/** How a run keeps OrderMarginRank in step; `collected` when the writer thread collects the run's pairs. */
interface RankPlan {
  rebuild: boolean;
  collected: { writer: SqliteWorkerDb; pairs: PairCollection } | null;
}

/**
 * A rebuild (rankRebuildWanted) pauses the shop's triggers; after a run over every
 * month on SQLite's writer thread, it uses the pairs the writer collects meanwhile.
 */
async function prepareRank(deps: RecomputeDeps, shop: string, months: number, monthsWithOrders: number): Promise<RankPlan> {
  const rebuild = await rankRebuildWanted(deps, shop, months, monthsWithOrders);
  if (rebuild) await pauseRank(deps.sql, shop, (deps.now ?? (() => new Date()))());
  const writer = deps.sql instanceof SqliteWorkerDb ? deps.sql : null;
  const collected = rebuild && writer && months === monthsWithOrders ? { writer, pairs: rankCollection(shop) } : null;
  if (collected) await collected.writer.startCollection(collected.pairs.name);
  return { rebuild, collected };
}

/** Once the run's margins are committed: the rebuild the plan asked for. */
async function rebuildRank(sql: SqlDb, shop: string, plan: RankPlan): Promise<void> {
  if (plan.collected) await rebuildRankFromPairs(plan.collected.writer, shop);
  else if (plan.rebuild) await rebuildRankOf(sql, shop);
}

/** The writer's SQLite settings for a run, until restoreWriterSettings. */
async function useRecomputeSettings(sql: SqlDb): Promise<void> {
  await sql.execute(`PRAGMA wal_autocheckpoint = ${RECOMPUTE_WAL_AUTOCHECKPOINT}`);
  // The rank rebuild sorts a shop's margins: in memory, not in a temporary file.
  await sql.execute(`PRAGMA temp_store = MEMORY`);
}

async function restoreWriterSettings(sql: SqlDb): Promise<void> {
  // Checkpointed here, on the writer thread, not by the next commit (maybe Prisma's, on the main thread).
  await sql.query("PRAGMA wal_checkpoint(PASSIVE)");
  await sql.execute(`PRAGMA wal_autocheckpoint = ${SQLITE_WAL_AUTOCHECKPOINT}`);
  await sql.execute(`PRAGMA temp_store = DEFAULT`);
}

/** The compute thread, for two months or more of a large enough shop, unless another shop's run holds it. */
async function takeComputeThread(deps: RecomputeDeps, shop: string, months: number): Promise<ComputeThread | null> {
  const compute = deps.compute;
  if (!compute || months < 2) return null;
  if (!(await shopHasOrders(deps.reader, shop, deps.computeThreadMinOrders ?? COMPUTE_THREAD_MIN_ORDERS))) return null;
  return compute.acquire() ? compute : null;
}

interface MonthsRun {
  deps: RecomputeDeps;
  shop: string;
  sources: MarginSources;
  months: string[];
  rank: RankPlan;
}

/**
 * Computes and writes the run's months, then the rank. On a failure, what is
 * queued commits (or fails) before the error is raised.
 */
async function writeMonths(run: MonthsRun, thread: ComputeThread | null): Promise<MonthCounts & { monthsOnThread: number }> {
  const { deps, shop, rank } = run;
  const writes = new WriteQueue(deps.sql);
  try {
    const counts = await computeMonths(run, writes, thread);
    await writes.drain();
    await rebuildRank(deps.sql, shop, rank);
    return counts;
  } catch (error) {
    await writes.settle();
    // Nothing to wait for on a thread that did not start (settle asks only a running one).
    if (thread) await thread.settle();
    throw error;
  } finally {
    thread?.release();
    if (rank.collected) await rank.collected.writer.dropCollection(rank.collected.pairs.name).catch(() => undefined);
    if (deps.sql.provider === "sqlite") await restoreWriterSettings(deps.sql);
  }
}

/**
 * Every month of the run, on this thread alone or shared with the compute thread
 * (if it starts). This thread's writes are left in `writes`; the thread's are committed.
 */
async function computeMonths(run: MonthsRun, writes: WriteQueue, thread: ComputeThread | null): Promise<MonthCounts & { monthsOnThread: number }> {
  const { deps, shop, sources } = run;
  const collect = run.rank.collected?.pairs;
  // Tallies from the writer's connection: on SQLite the reader would block this thread.
  const lanes = new MonthLanes(run.months, (month) => {
    const { from, to } = monthBounds(month, sources.timeZone);
    return monthTally(deps.sql, shop, from, to);
  });
  const monthDeps: MonthDeps = { ...deps, collect };
  const onMain: ComputeMonth = (month, tally) => recomputeMonth(monthDeps, shop, month, sources, writes, tally);
  let monthsOnThread = 0;
  if (thread && (await beginOnThread(thread, shop, sources, deps, collect))) {
    const onThread: ComputeMonth = async (month, tally) => {
      const r = await thread.month(month, await tally, (deps.now ?? (() => new Date()))());
      monthsOnThread += 1;
      return r;
    };
    // Both lanes start in the same turn: this thread takes the first month, the compute thread the second.
    const [a, b] = await Promise.allSettled([lanes.run(onMain), lanes.run(onThread)]);
    if (a.status === "rejected") throw a.reason;
    if (b.status === "rejected") throw b.reason;
    await thread.drain();
  } else {
    await lanes.run(onMain);
  }
  return { orders: lanes.orders, productDays: lanes.productDays, monthsOnThread };
}

/** Gives the thread the run's sources (starting it the first time); false, logged, when it cannot start. */
async function beginOnThread(thread: ComputeThread, shop: string, sources: MarginSources, deps: RecomputeDeps, collect?: PairCollection): Promise<boolean> {
  try {
    await thread.begin(shop, sources, { batchSize: deps.batchSize, writeBatchSize: deps.writeBatchSize, collect });
    return true;
  } catch (error) {
    logger.warn("margin compute thread did not start: the main thread computes every month", { shop, error: String(error) });
    return false;
  }
}

/** Computes one month, given its tally (asked for ahead). */
export type ComputeMonth = (month: string, tally: Promise<MonthTally>) => Promise<MonthCounts>;

/**
 * A run's months, in calendar order, to whichever lane (thread) is free, and the
 * sums of what they wrote. A month's tally is asked for when the month before it is
 * taken, so it is ready in time. A failure stops every lane from taking more.
 */
export class MonthLanes {
  orders = 0;
  productDays = 0;
  private next = 0;
  private failed = false;
  private readonly tallies = new Map<number, Promise<MonthTally>>();

  constructor(
    private readonly months: readonly string[],
    private readonly tallyOf: (month: string) => Promise<MonthTally>,
  ) {}

  /** One lane: computes the next month until none is left (or a lane failed). */
  async run(compute: ComputeMonth): Promise<void> {
    while (!this.failed && this.next < this.months.length) {
      const i = this.next++;
      const tally = this.tallyAt(i);
      if (this.next < this.months.length) this.tallyAt(this.next);
      try {
        const r = await compute(this.months[i]!, tally);
        this.orders += r.orders;
        this.productDays += r.productDays;
      } catch (error) {
        this.failed = true;
        throw error;
      } finally {
        this.tallies.delete(i);
      }
      await yieldToEventLoop();
    }
  }

  private tallyAt(i: number): Promise<MonthTally> {
    let t = this.tallies.get(i);
    if (!t) {
      t = this.tallyOf(this.months[i]!);
      t.catch(() => undefined); // raised where awaited
      this.tallies.set(i, t);
    }
    return t;
  }
}
