/**
 * Stored margins: recomputes the margins of a shop's orders, month by month, from
 * the order copy (sync) and the merchant's costs, with the engine in app/domain.
 *
 * Month by month because fixed costs are spread over a shop-local month: a
 * month's shares depend on all its orders and nothing else. For each month:
 * 1. one aggregate query tallies its counted orders, items and net revenue
 *    (`Order.items`, `Order.netRevenue`, stored by sync);
 * 2. its orders are read in (processedAt, id) order in batches
 *    (order-reader.server.ts), each gets its fixed-cost share (cumulative
 *    rounding, domain/fixed-costs.ts) and its margin (domain/margin.ts);
 * 3. the `OrderMargin` rows of every 20,000 orders are written in one transaction
 *    (in place: ON CONFLICT DO UPDATE), queued so the next orders are computed meanwhile;
 *    triggers move their `OrderMarginRank` entries (the orders page's net-margin
 *    order), or, for a run over most of a large shop, the shop's entries are
 *    rebuilt once at the end (rankRebuildWanted);
 * 4. at the end of the month its `ProductDayMargin` rows (per product and day)
 *    and `VariantDayMargin` rows (per variant and day) are replaced in one transaction, and rows of orders no longer in the month
 *    are removed.
 * Readers see the previous numbers of a month until its new ones are written;
 * nothing is ever half-written within a batch.
 *
 * Which months: those the `MarginDirty` ranges touch (sync, settings saves, cost
 * overrides, shipping imports), or every month with orders. The job runs in the
 * background (app/margins/jobs.server.ts, "recompute", one per shop at a time) and
 * yields to the event loop between batches, so the app keeps answering. In a
 * large run, months are shared with a second thread (compute-thread.server.ts),
 * each thread taking the next month when it is free.
 */
import type { PrismaClient } from "@prisma/client";

import { countsForFixedCosts, fixedCostShare, fixedCostWeight, monthPlan, type MonthPlan, type MonthTally } from "~/domain/fixed-costs";
import { FLAG_CODES, computeOrderMargin, fixedCostFacts, mainGateway, marginContextFor, type CatalogWeights, type OrderMargin } from "~/domain/margin";
import { basketSubtotal, zoneOf } from "~/domain/free-shipping";
import { ProductDayRollup, type ProductTotals } from "~/domain/products";
import type { CostSettings, SettingsHistory } from "~/domain/settings";
import type { ShippingCostImport } from "~/domain/shipping-import";
import { firstDayOfMonth, localDate, monthKey, nextMonth, startOfLocalDate } from "~/domain/time";
import type { NormalisedOrder } from "~/domain/types";
import type { UnitCostHistory } from "~/domain/unit-costs";
import { logger } from "~/logger.server";
import { loadSettingsHistory, shopFacts } from "~/store/cost-settings.server";
import { loadShippingCostImport } from "~/store/shipping-costs.server";
import { loadUnitCostHistory } from "~/store/unit-costs.server";
import {
  Instant,
  SQLITE_CACHE_KIB,
  SQLITE_WAL_AUTOCHECKPOINT,
  SqliteWorkerDb,
  type PairCollection,
  type SqlDb,
  type SqlValue,
  type Upsert,
} from "~/store/sql.server";
import type { ComputeThread } from "./compute-thread.server";
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
  /**
   * Orders per write transaction (default WRITE_BATCH). Larger than a read batch:
   * each commit writes every page the transaction dirtied to the WAL.
   */
  writeBatchSize?: number;
  /**
   * How OrderMarginRank follows the rewritten margins: "auto" (default) picks
   * (rankRebuildWanted), "rows" leaves it to the triggers, "rebuild" pauses them
   * and rebuilds the shop's entries at the end.
   */
  rankMode?: "auto" | "rows" | "rebuild";
  /** "auto" rebuilds for shops with at least this many orders (default RANK_REBUILD_MIN_ORDERS). */
  rankRebuildMinOrders?: number;
  /**
   * A second thread that computes every other month of a run (compute-thread.server.ts),
   * used for runs of two months or more in shops of at least `computeThreadMinOrders`
   * orders (default COMPUTE_THREAD_MIN_ORDERS). Without it, the main thread computes all.
   */
  compute?: ComputeThread | null;
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
  /**
   * Products the catalog knows with a single variant: their variant rows would
   * repeat the product's, so none are written (the products page offers variant
   * rows for the others only). Optional: without it every product gets them.
   */
  singleVariantProducts?: ReadonlySet<string>;
  /**
   * Each variant's weight in the catalog today (whole grams > 0): the engine's
   * estimate for a line whose order recorded no weight. Optional: without it such
   * a line's weight is unknown.
   */
  catalogWeights?: CatalogWeights;
}

/**
 * The shop's variants' catalog weights (`Variant.weightGrams`, which sync reads from
 * `InventoryItem.measurement.weight`), one query per run. 0 is left out: Shopify shows a
 * weight nobody entered as 0 (live capture, airhorns/shopify-draft-proxy fixtures/conformance/
 * harry-test-heelo.myshopify.com/2025-01/products/inventory-item-update-parity.json).
 */
async function loadCatalogWeights(db: PrismaClient, shop: string): Promise<CatalogWeights> {
  const rows = await db.variant.findMany({ where: { shop, weightGrams: { gt: 0 } }, select: { id: true, weightGrams: true } });
  const weights = new Map<string, number>();
  for (const r of rows) {
    // Whole grams, as order lines carry them (sync already rounds).
    const grams = Math.round(r.weightGrams!);
    if (grams > 0) weights.set(r.id, grams);
  }
  return weights;
}

export async function loadMarginSources(db: PrismaClient, shop: string): Promise<MarginSources> {
  const facts = await shopFacts(db, shop);
  const [settings, unitCosts, shippingCosts, variantCounts, catalogWeights] = await Promise.all([
    loadSettingsHistory(db, shop, facts),
    loadUnitCostHistory(db, shop, facts),
    loadShippingCostImport(db, shop, facts.currency),
    db.variant.groupBy({ by: ["productId"], where: { shop }, _count: { _all: true } }),
    loadCatalogWeights(db, shop),
  ]);
  const singleVariantProducts = new Set(variantCounts.filter((v) => v._count._all === 1).map((v) => v.productId));
  return { currency: facts.currency, timeZone: facts.timeZone, settings, unitCosts, shippingCosts, singleVariantProducts, catalogWeights };
}

const ORDER_MARGIN_COLUMNS = [
  "shop", "orderId", "orderName", "processedAt", "localDate", "currency", "cancelled", "test", "countryCode", "gateway", "items", "netRevenue",
  "costOfGoods", "shipping", "packaging", "labour", "paymentFees", "fixedCosts", "provisions", "totalCosts", "netMargin", "marginBp",
  "withoutDiscounts", "flags", "shippingSource", "feesEstimated", "missingCostLines", "basket", "shippingRevenue", "shippingZone", "computedAt",
] as const;

/** The sums of a product-day or variant-day row (ProductTotals), after its keys. */
const DAY_TOTAL_COLUMNS = [
  "title", "currency", "orders", "lines", "units", "merchandise", "shippingRevenue", "discounts", "costOfGoods", "shipping", "packaging", "labour",
  "paymentFees", "fixedCosts", "returns", "fraud", "spoilage", "netMargin", "withoutDiscounts", "missingLines", "missingUnits", "missingRevenue",
  "estimatedLines",
] as const;
const PRODUCT_DAY_COLUMNS = ["shop", "day", "productId", ...DAY_TOTAL_COLUMNS] as const;
const VARIANT_DAY_COLUMNS = ["shop", "day", "productId", "variantId", ...DAY_TOTAL_COLUMNS] as const;

/** A ProductTotals as the values of DAY_TOTAL_COLUMNS. */
function dayTotalValues(t: ProductTotals, currency: string): SqlValue[] {
  const c = t.costs;
  return [
    t.title, currency, t.orders, t.lines, t.units, t.merchandise, t.shipping, t.discounts, c.costOfGoods, c.shipping, c.packaging, c.labour,
    c.paymentFees, c.fixedCosts, c.provisions.returns, c.provisions.fraud, c.provisions.spoilage, t.netMargin, t.withoutDiscounts, t.missingLines,
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
    gateway, items, m.netRevenue, c.costOfGoods, c.shipping, c.packaging, c.labour, c.paymentFees, c.fixedCosts,
    c.provisions.returns + c.provisions.fraud + c.provisions.spoilage, m.totalCosts, m.netMargin,
    m.marginPct.kind === "percent" ? m.marginPct.basisPoints : null, m.withoutDiscounts.netMargin, flagBits(m), m.steps.shipping.source,
    m.steps.paymentFees.estimated > 0 || m.steps.paymentFees.transactions.some((t) => t.source === "estimated"), m.steps.costOfGoods.missingLines,
    planner.basket, planner.shippingRevenue, planner.zone, computedAt,
  ];
}

/**
 * SQLite settings of the writer while a recompute runs, given back at the end
 * (sql.server.ts): orders per write transaction, page cache (KiB, `cache_size =
 * -N`) and WAL pages between checkpoints; a checkpoint copies the pages written
 * since the last into the database file again, so fewer checkpoints copy each
 * page fewer times. Measured when OrderMargin still had a net-margin index (whose
 * entries every transaction dirtied all over), rewriting 300,000 rows of the
 * 1M-order store (µs a row, commits and the final checkpoint included): 10,000
 * rows, 32 MB cache, checkpoint every 10,000 pages 38.8; 20,000 rows, 128 MB
 * 27.8–31.7; the same with a checkpoint every 50,000 pages 22.2. Without that
 * index (OrderMarginRank), 5.7–7.1 µs a row. Larger transactions were tried too:
 * at 50,000 rows the recompute peaked at 1.0 GB RSS, and a transaction holds
 * SQLite's write lock while it runs (what a Prisma write from a page waits for).
 */
export const WRITE_BATCH = 20_000;

/**
 * Orders read and computed between two yields to the event loop. A batch's orders
 * and rows are alive while it is computed, and every young-generation collection
 * copies what is alive: 1M orders took 31.9–36.5 s in batches of 1,000, 31.2 s of
 * 250 and 500, 36.0 s of 100 (a query per 100 orders).
 */
export const READ_BATCH = 250;
const RECOMPUTE_CACHE_KIB = 128 * 1024;
const RECOMPUTE_WAL_AUTOCHECKPOINT = 50_000;

/**
 * OrderMargin rows are written in place (ON CONFLICT (shop, orderId) DO UPDATE),
 * and only the columns that depend on more than the order itself are updated, so
 * SQLite leaves the indexes over the others alone: the key; processedAt, which
 * never changes for an order (Shopify's OrderInput cannot set it); and the
 * orders page's filter columns gateway and countryCode, which sync updates on
 * the row when it stores a changed order (order-store.server.ts). Rewriting
 * 300,000 rows of the 1M-order store: 23.5 µs a row with them, 19.2 without.
 */
const ORDER_FACT_COLUMNS: readonly string[] = ["shop", "orderId", "processedAt", "gateway", "countryCode"];
const ORDER_MARGIN_UPSERT: Upsert = {
  key: ["shop", "orderId"],
  update: ORDER_MARGIN_COLUMNS.filter((c) => !ORDER_FACT_COLUMNS.includes(c)),
};

/**
 * The recompute's write transactions, committed in the order they were queued,
 * at most `depth` waiting: the next batch is computed while the previous one is
 * written, and a month's last writes overlap the next month's reads. A failed
 * write fails the next `push` or `drain`, and nothing queued after it runs.
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

/**
 * Shops with fewer orders keep their OrderMarginRank entries row by row (the
 * triggers): a full rebuild reads and sorts all of a shop's margins, and below
 * this the difference is a few seconds at most either way.
 */
export const RANK_REBUILD_MIN_ORDERS = 50_000;

/**
 * Whether this run rebuilds the shop's OrderMarginRank at the end instead of the
 * triggers updating it row by row: when a previous rebuild did not finish (the
 * shop is still paused), or when a shop of at least RANK_REBUILD_MIN_ORDERS
 * orders has at least a third of its months recomputed. On the 1M-order store the
 * triggers cost 21–26 µs a row rewritten (the entry deleted and inserted again in
 * random places), the rebuild ≈ 3 µs an order of the shop (delete, sort, insert
 * in order). Months rather than orders, and a count that
 * stops at the threshold: the reader runs on this thread, and counting a million
 * orders blocked it for 100 ms.
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

/**
 * Runs of two months or more in shops of at least this many orders share their
 * months with the compute thread; below, the thread's start (≈ 0.5 s, once per
 * process) and the copy of the sources would cost more than they save.
 */
export const COMPUTE_THREAD_MIN_ORDERS = 20_000;

/** Stops the OrderMarginRank triggers for a shop's rows (MarginRankPaused) until rebuildRankOf. */
async function pauseRank(sql: SqlDb, shop: string, now: Date): Promise<void> {
  await sql.execute(`INSERT INTO "MarginRankPaused" ("shop", "since") VALUES (?, ?) ON CONFLICT ("shop") DO NOTHING`, [shop, now]);
}

/**
 * Replaces a shop's OrderMarginRank entries with its stored margins, inserted in
 * index order, and lets the triggers take over again: one transaction, so the
 * orders page sees the old order or the new one. From SQLite's sorter, 2.7–3.7 s
 * for 1M entries (SELECT … ORDER BY: ≈ 1.5 s of it the sort).
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
 * The same rebuild from the pairs the writer thread collected as this run's rows
 * arrived (a run over every month writes every margin of the shop): sorted there
 * in a typed array, without reading the margins back or SQLite's sorter. 1M
 * entries: 1.85–2.0 s at the end of a run (≈ 1.3 s alone). Then the entries are counted against the margins; should a
 * margin have escaped the run (the counts differ), the rebuild from the margins
 * runs after all.
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
 * Counted orders, items and net revenue of [from, to): the fixed-cost tally of a
 * month (sync stores the two sums per order). From the recompute's reader (on
 * SQLite, this thread) or from the writer's connection (SQLite: its thread).
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

/** A month's bounds in UTC instants (shop-local midnight to midnight). */
function monthBounds(month: string, timeZone: string): { from: string; to: string } {
  return { from: startOfLocalDate(firstDayOfMonth(month), timeZone), to: startOfLocalDate(firstDayOfMonth(nextMonth(month)), timeZone) };
}

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * The margins of one month's orders, fed in (processedAt, id) order: each counted
 * order gets its fixed-cost share by cumulative rounding over the month
 * (domain/fixed-costs.ts), then its margin (domain/margin.ts). Shared by the
 * recompute and the settings preview (preview.server.ts).
 */
export class MonthMargins {
  private weightBefore = 0;
  private indexInMonth = 0;
  private readonly plan: MonthPlan;

  constructor(
    private readonly month: string,
    private readonly tally: MonthTally,
    private readonly sources: Pick<MarginSources, "settings" | "unitCosts" | "shippingCosts" | "catalogWeights">,
  ) {
    this.plan = monthPlan(sources.settings, month);
  }

  next(order: NormalisedOrder): { margin: OrderMargin; items: number; settings: CostSettings } {
    let fixedCosts = null;
    const facts = fixedCostFacts(order);
    if (countsForFixedCosts(order) && this.plan.total > 0) {
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
    });
    return { margin: computeOrderMargin(order, ctx), items: facts.items, settings: ctx.settings };
  }
}

/**
 * Recomputes one shop-local month: every order processed in it gets its stored
 * margin, and the month's product days are rebuilt. Returns orders and product
 * days written.
 */
export async function recomputeMonth(
  deps: MonthDeps,
  shop: string,
  month: string,
  sources: MarginSources,
  queue?: WriteQueue,
  /** The month's fixed-cost tally when the caller has it (recomputeMargins asks for it ahead). */
  tally?: Promise<MonthTally>,
): Promise<{ orders: number; productDays: number }> {
  // Without a queue of the caller's, the month is written and committed before returning.
  const writes = queue ?? new WriteQueue(deps.sql);
  const batchSize = deps.batchSize ?? READ_BATCH;
  const writeBatchSize = deps.writeBatchSize ?? WRITE_BATCH;
  const computedAt = (deps.now ?? (() => new Date()))();
  // One Instant for every row of the month: converted for the database once.
  const computedAtValue = new Instant(computedAt.toISOString());
  const { from, to } = monthBounds(month, sources.timeZone);
  const margins = new MonthMargins(month, await (tally ?? monthTally(deps.reader, shop, from, to)), sources);
  // Queries on the calling thread (the tally, Prisma's SQLite) resolve without leaving
  // it: let pages in between.
  await yieldToEventLoop();
  const rollup = new ProductDayRollup(sources.timeZone);
  let orders = 0;
  const read = (cursor: OrderCursor | null) => readOrderBatch(deps.reader, shop, { from, to }, cursor, batchSize);
  // PostgreSQL: the next batch is fetched while this one is computed. SQLite reads on
  // this thread, where reading ahead would only keep a second batch alive across
  // garbage collections. Each batch's rows are staged at once (on SQLite, posted to
  // the writer thread) and written by the queue.
  const prefetch = deps.reader.provider === "postgresql";
  let cursor: OrderCursor | null = null;
  let ahead: Promise<NormalisedOrder[]> | null = prefetch ? read(null) : null;
  let stage = deps.sql.stage(deps.collect);
  const flush = async () => {
    if (stage.size === 0) return;
    const rows = stage;
    stage = deps.sql.stage(deps.collect);
    await writes.push((tx) => tx.insertMany("OrderMargin", ORDER_MARGIN_COLUMNS, rows, ORDER_MARGIN_UPSERT));
  };
  try {
    for (let more = true; more; ) {
      const batch: NormalisedOrder[] = await (ahead ?? read(cursor));
      if (batch.length === 0) break;
      const last = batch[batch.length - 1]!;
      cursor = { processedAt: last.processedAt, id: last.id };
      more = batch.length === batchSize;
      ahead = prefetch && more ? read(cursor) : null;
      const rows: SqlValue[][] = [];
      for (const order of batch) {
        const { margin: m, items, settings } = margins.next(order);
        rows.push(orderMarginRow(shop, m, sources.timeZone, order.shippingCountryCode, mainGateway(order), items, plannerFacts(order, m, settings), computedAtValue));
        rollup.add(m);
      }
      stage.add(rows);
      if (stage.size >= writeBatchSize) await flush();
      orders += batch.length;
      await yieldToEventLoop();
    }
    await flush();
  } catch (error) {
    stage.discard();
    throw error;
  }
  const dayRows: SqlValue[][] = rollup.rows().map(({ day, totals }) => [shop, day, totals.productId ?? "", ...dayTotalValues(totals, sources.currency)]);
  const single = sources.singleVariantProducts;
  const variantRows: SqlValue[][] = rollup
    .variantRows()
    .filter(({ totals }) => !(single && totals.productId !== null && single.has(totals.productId)))
    .map(({ day, variantId, totals }) => [shop, day, totals.productId ?? "", variantId ?? "", ...dayTotalValues(totals, sources.currency)]);
  const firstDay = firstDayOfMonth(month);
  const nextFirstDay = firstDayOfMonth(nextMonth(month));
  await writes.push(async (tx) => {
    await tx.execute(`DELETE FROM "ProductDayMargin" WHERE "shop" = ? AND "day" >= ? AND "day" < ?`, [shop, firstDay, nextFirstDay]);
    await tx.insertMany("ProductDayMargin", PRODUCT_DAY_COLUMNS, dayRows);
    await tx.execute(`DELETE FROM "VariantDayMargin" WHERE "shop" = ? AND "day" >= ? AND "day" < ?`, [shop, firstDay, nextFirstDay]);
    await tx.insertMany("VariantDayMargin", VARIANT_DAY_COLUMNS, variantRows);
    // Orders that left the month (or the shop's copy) since the last run: every
    // order still in it was written above with this run's computedAt. Counted first
    // on the (shop, processedAt) index: when the month holds just the orders written
    // above, there is nothing to delete, and the DELETE, which reads every margin row
    // of the month, is skipped (on the 1M-order store, ≈ 55,000 rows a month).
    const inMonth = await tx.query<{ n: unknown }>(`SELECT COUNT(*) AS "n" FROM "OrderMargin" WHERE "shop" = ? AND "processedAt" >= ? AND "processedAt" < ?`, [
      shop,
      new Instant(from),
      new Instant(to),
    ]);
    if (Number(inMonth[0]!.n) === orders) return;
    await tx.execute(`DELETE FROM "OrderMargin" WHERE "shop" = ? AND "processedAt" >= ? AND "processedAt" < ? AND "computedAt" < ?`, [
      shop,
      new Instant(from),
      new Instant(to),
      computedAt,
    ]);
  });
  if (!queue) await writes.drain();
  return { orders, productDays: dayRows.length };
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
  const span = await orderSpan(deps.sql, shop);
  const allMonths = span === null ? [] : monthsOfRanges([{ since: new Date(0), until: null, reason: "manual" }], span, sources.timeZone);
  const months = span === null ? [] : opts.all ? allMonths : monthsOfRanges(pending!.ranges, span, sources.timeZone);
  let orders = 0;
  let productDays = 0;
  const writes = new WriteQueue(deps.sql);
  const sqlite = deps.sql.provider === "sqlite";
  const rebuildRank = await rankRebuildWanted(deps, shop, months.length, allMonths.length);
  if (rebuildRank) await pauseRank(deps.sql, shop, (deps.now ?? (() => new Date()))());
  // A rebuild after a run over every month, on SQLite's writer thread: from the pairs
  // the writer collects as the rows arrive.
  const writer = deps.sql instanceof SqliteWorkerDb ? deps.sql : null;
  const collect = rebuildRank && writer && months.length === allMonths.length ? rankCollection(shop) : undefined;
  if (collect) await writer!.startCollection(collect.name);
  const monthDeps: MonthDeps = { ...deps, collect };
  if (sqlite) {
    await deps.sql.execute(`PRAGMA cache_size = -${RECOMPUTE_CACHE_KIB}`);
    await deps.sql.execute(`PRAGMA wal_autocheckpoint = ${RECOMPUTE_WAL_AUTOCHECKPOINT}`);
    // The rank rebuild sorts a shop's margins: in memory, not in a temporary file
    // (1M entries: 5.3 → 3.3 s). Given back to the default (a file) at the end.
    await deps.sql.execute(`PRAGMA temp_store = MEMORY`);
  }
  const thread =
    deps.compute && months.length >= 2 && (await shopHasOrders(deps.reader, shop, deps.computeThreadMinOrders ?? COMPUTE_THREAD_MIN_ORDERS)) && deps.compute.acquire()
      ? deps.compute
      : null;
  let monthsOnThread = 0;
  try {
    // Each month's tally is asked of the writer's connection a month ahead: on SQLite
    // it aggregates ≈ 50,000 order rows, which on the reader (this thread) blocked the
    // event loop up to ≈ 100 ms, and the writer thread has time to spare.
    const tallies = new Map<number, Promise<MonthTally>>();
    const tallyAt = (i: number) => {
      let t = tallies.get(i);
      if (!t) {
        const { from, to } = monthBounds(months[i]!, sources.timeZone);
        t = monthTally(deps.sql, shop, from, to);
        t.catch(() => undefined); // raised where awaited
        tallies.set(i, t);
      }
      return t;
    };
    // Months are taken in order by whichever thread is free: the main thread, and the
    // compute thread when there is one. A failure stops both from taking more.
    let next = 0;
    let failed = false;
    const lane = async (compute: (month: string, tally: Promise<MonthTally>) => Promise<{ orders: number; productDays: number }>) => {
      while (!failed && next < months.length) {
        const i = next++;
        const tally = tallyAt(i);
        if (next < months.length) tallyAt(next);
        try {
          const r = await compute(months[i]!, tally);
          orders += r.orders;
          productDays += r.productDays;
        } catch (error) {
          failed = true;
          throw error;
        } finally {
          tallies.delete(i);
        }
        await yieldToEventLoop();
      }
    };
    const onMain = (month: string, tally: Promise<MonthTally>) => recomputeMonth(monthDeps, shop, month, sources, writes, tally);
    // The thread gets the run's sources first (and starts, the first time); a thread
    // that cannot start leaves every month to this one. Both lanes then start in the
    // same turn: this thread takes the first month, the compute thread the second.
    let shared = false;
    if (thread) {
      try {
        await thread.begin(shop, sources, { batchSize: deps.batchSize, writeBatchSize: deps.writeBatchSize, collect });
        shared = true;
      } catch (error) {
        logger.warn("margin compute thread did not start: the main thread computes every month", { shop, error: String(error) });
      }
    }
    if (thread && shared) {
      const mainLane = lane(onMain);
      const threadLane = lane(async (month, tally) => {
        const r = await thread.month(month, await tally, (deps.now ?? (() => new Date()))());
        monthsOnThread += 1;
        return r;
      });
      const [a, b] = await Promise.allSettled([mainLane, threadLane]);
      if (a.status === "rejected") throw a.reason;
      if (b.status === "rejected") throw b.reason;
      await thread.drain();
    } else {
      await lane(onMain);
    }
    await writes.drain();
    if (collect) await rebuildRankFromPairs(writer!, shop);
    else if (rebuildRank) await rebuildRankOf(deps.sql, shop);
  } catch (error) {
    // Months already queued are committed (or fail) before the error is raised.
    await writes.settle();
    // Nothing to wait for on a thread that did not start (settle asks only a running one).
    if (thread) await thread.settle();
    throw error;
  } finally {
    thread?.release();
    if (collect) await writer!.dropCollection(collect.name).catch(() => undefined);
    if (sqlite) {
      // The WAL is checkpointed here, on the writer thread, rather than by the next
      // commit, which could be a Prisma write on the main thread.
      await deps.sql.query("PRAGMA wal_checkpoint(PASSIVE)");
      await deps.sql.execute(`PRAGMA wal_autocheckpoint = ${SQLITE_WAL_AUTOCHECKPOINT}`);
      await deps.sql.execute(`PRAGMA cache_size = -${SQLITE_CACHE_KIB}`);
      await deps.sql.execute(`PRAGMA temp_store = DEFAULT`);
    }
  }
  if (pending) await clearDirty(deps.db, shop, pending.maxId);
  const result = { months, orders, productDays, ms: Date.now() - started, monthsOnThread };
  logger.info("margins recomputed", { shop, months: months.length, orders, productDays, ms: result.ms, monthsOnThread });
  return result;
}
