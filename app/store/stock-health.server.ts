/**
 * The stored stock health (issue 18, performance): StockHealthVariant, one row per stocked,
 * tracked variant, and StockHealthSummary, the shop's totals, both written whole by the
 * refresh (app/margins/stock-health.server.ts) in one transaction and read by the Stock page,
 * its CSV, Home and the product page. Filtering, sorting and paging are SQL; `detail` keeps
 * the row as computed (JSON), for the few rows a page shows.
 *
 * Every read and write is scoped to one shop. Amounts are minor units of the summary's currency.
 */
import { Prisma, type PrismaClient } from "@prisma/client";

import { addDays, localDate } from "~/domain/time";

import { shopFacts } from "./cost-settings.server";
import type { SqlDb, SqlValue } from "./sql.server";

type Db = PrismaClient;

/**
 * The refresh's job (registered in app/margins/jobs.server.ts, queued there and by the sync
 * jobs, which may not import app/margins), and how long a queued run waits so that a burst of
 * syncs and recomputes costs one run (≈ 4 s of CPU at 50,000 variants).
 */
export const STOCK_HEALTH_JOB = "stock-health";
export const STOCK_HEALTH_AFTER_MS = 2_000;

/** Queues a shop's refresh: one waiting per shop (the queue's stately rule absorbs the rest of a burst). */
export async function queueStockHealth(queue: { enqueue(name: string, data: { shop: string }, opts: { singletonKey: string; delayMs: number }): Promise<unknown> }, shop: string): Promise<void> {
  await queue.enqueue(STOCK_HEALTH_JOB, { shop }, { singletonKey: shop, delayMs: STOCK_HEALTH_AFTER_MS });
}

export interface StoredStockVariant {
  variantId: string;
  productId: string;
  productTitle: string;
  variantTitle: string | null;
  sku: string | null;
  stockClass: string;
  abc: string;
  onHand: number;
  unitCost: number | null;
  valueAtCost: number | null;
  valueAtPrice: number | null;
  unitsPerDayShort: number | null;
  unitsPerDayLong: number | null;
  daysOfCover: number | null;
  lastSaleOn: string | null;
  daysWithoutSale: number | null;
  cashExcess: number | null;
  cashDead: number | null;
  lostMargin: number;
  /** JSON: the row as computed. */
  detail: string;
}

export interface StoredStockSummary {
  asOf: string;
  refreshedAt: Date;
  currency: string;
  stockValue: number;
  excessValue: number;
  deadValue: number;
  lostMargin: number;
  variants: number;
  /** JSON: options, cash per class, untracked, deleted items, history start. */
  detail: string;
}

/** Rows per INSERT: 24 columns × 400 stays under SQLite's 32,766 bound parameters. */
const WRITE_CHUNK = 400;

const big = (n: number | null): bigint | null => (n === null ? null : BigInt(n));
const num = (n: bigint | null): number | null => (n === null ? null : Number(n));

const VARIANT_COLUMNS = [
  "shop", "variantId", "productId", "productTitle", "variantTitle", "sku", "productKey", "variantKey", "searchText", "stockClass", "abc", "onHand", "unitCost",
  "valueAtCost", "valueAtPrice", "unitsPerDayShort", "unitsPerDayLong", "daysOfCover", "lastSaleOn", "daysWithoutSale", "cashExcess", "cashDead", "lostMargin", "detail",
] as const;
const SUMMARY_COLUMNS = ["shop", "asOf", "refreshedAt", "currency", "stockValue", "excessValue", "deadValue", "lostMargin", "variants", "detail"] as const;

function variantValues(shop: string, r: StoredStockVariant): SqlValue[] {
  return [
    shop,
    r.variantId,
    r.productId,
    r.productTitle,
    r.variantTitle,
    r.sku,
    r.productTitle.toLowerCase(),
    (r.variantTitle ?? "").toLowerCase(),
    // Newline-separated: a search (one line) matches inside one of them, as on the page.
    [r.productTitle, r.variantTitle ?? "", r.sku ?? ""].join("\n").toLowerCase(),
    r.stockClass,
    r.abc,
    r.onHand,
    r.unitCost,
    r.valueAtCost,
    r.valueAtPrice,
    r.unitsPerDayShort,
    r.unitsPerDayLong,
    r.daysOfCover,
    r.lastSaleOn,
    r.daysWithoutSale,
    r.cashExcess,
    r.cashDead,
    r.lostMargin,
    r.detail,
  ];
}

/**
 * Replaces the shop's stored stock health: the old rows go, the new ones and the summary are
 * written, all in one transaction. Through `sql` (the bulk writer, better-sqlite3 prepared
 * statements: 50,000 rows in about a second where Prisma's createMany took 14 s,
 * test/bench/README.md) when given, else through Prisma.
 */
export async function writeStockHealth(db: Db, shop: string, summary: StoredStockSummary, rows: readonly StoredStockVariant[], sql?: SqlDb): Promise<void> {
  const summaryRow: SqlValue[] = [shop, summary.asOf, summary.refreshedAt, summary.currency, summary.stockValue, summary.excessValue, summary.deadValue, summary.lostMargin, summary.variants, summary.detail];
  if (sql) {
    await sql.transaction(async (tx) => {
      await tx.execute(`DELETE FROM "StockHealthVariant" WHERE "shop" = ?`, [shop]);
      if (rows.length > 0) await tx.insertMany("StockHealthVariant", VARIANT_COLUMNS, rows.map((r) => variantValues(shop, r)));
      await tx.insertMany("StockHealthSummary", SUMMARY_COLUMNS, [summaryRow], { key: ["shop"], update: SUMMARY_COLUMNS.slice(1) });
    });
    return;
  }
  await db.$transaction(
    async (tx) => {
      await tx.stockHealthVariant.deleteMany({ where: { shop } });
      for (let i = 0; i < rows.length; i += WRITE_CHUNK) {
        await tx.stockHealthVariant.createMany({
          data: rows.slice(i, i + WRITE_CHUNK).map((r) => {
            const v = variantValues(shop, r);
            return Object.fromEntries(VARIANT_COLUMNS.map((c, k) => [c, c === "valueAtCost" || c === "valueAtPrice" || c === "cashExcess" || c === "cashDead" ? big(v[k] as number | null) : v[k]])) as Prisma.StockHealthVariantCreateManyInput;
          }),
        });
      }
      const data = {
        asOf: summary.asOf,
        refreshedAt: summary.refreshedAt,
        currency: summary.currency,
        stockValue: BigInt(summary.stockValue),
        excessValue: BigInt(summary.excessValue),
        deadValue: BigInt(summary.deadValue),
        lostMargin: BigInt(summary.lostMargin),
        variants: summary.variants,
        detail: summary.detail,
      };
      await tx.stockHealthSummary.upsert({ where: { shop }, create: { shop, ...data }, update: data });
    },
    // 50,000 rows take seconds through Prisma; the default 5 s would cut a loaded machine's write short.
    { maxWait: 30_000, timeout: 300_000 },
  );
}

/** The shop's summary, or null before the first refresh. */
/** Whether the shop's stock health has been worked out once (a stored summary), without reading it. */
export async function hasStockHealth(db: Db, shop: string): Promise<boolean> {
  return (await db.stockHealthSummary.findUnique({ where: { shop }, select: { shop: true } })) !== null;
}

export async function readStockHealthSummary(db: Db, shop: string): Promise<StoredStockSummary | null> {
  const r = await db.stockHealthSummary.findUnique({ where: { shop } });
  if (!r) return null;
  return {
    asOf: r.asOf,
    refreshedAt: r.refreshedAt,
    currency: r.currency,
    stockValue: Number(r.stockValue),
    excessValue: Number(r.excessValue),
    deadValue: Number(r.deadValue),
    lostMargin: Number(r.lostMargin),
    variants: r.variants,
    detail: r.detail,
  };
}

type Row = Prisma.StockHealthVariantGetPayload<object>;

function stored(r: Row): StoredStockVariant {
  return {
    variantId: r.variantId,
    productId: r.productId,
    productTitle: r.productTitle,
    variantTitle: r.variantTitle,
    sku: r.sku,
    stockClass: r.stockClass,
    abc: r.abc,
    onHand: r.onHand,
    unitCost: r.unitCost,
    valueAtCost: num(r.valueAtCost),
    valueAtPrice: num(r.valueAtPrice),
    unitsPerDayShort: r.unitsPerDayShort,
    unitsPerDayLong: r.unitsPerDayLong,
    daysOfCover: r.daysOfCover,
    lastSaleOn: r.lastSaleOn,
    daysWithoutSale: r.daysWithoutSale,
    cashExcess: num(r.cashExcess),
    cashDead: num(r.cashDead),
    lostMargin: r.lostMargin,
    detail: r.detail,
  };
}

export type StoredStockSort = "cashExcess" | "valueAtCost" | "daysOfCover" | "onHand" | "lastSaleOn" | "title";

export interface StoredStockQuery {
  stockClass: string | null;
  /** Matched inside the product title, variant title or SKU, whatever the case; "" for all. */
  search: string;
  sort: StoredStockSort;
  direction: "asc" | "desc";
  offset: number;
  /** Null: every matching row (the CSV). */
  limit: number | null;
}

function where(shop: string, q: Pick<StoredStockQuery, "stockClass" | "search">): Prisma.StockHealthVariantWhereInput {
  return {
    shop,
    ...(q.stockClass === null ? {} : { stockClass: q.stockClass }),
    ...(q.search === "" ? {} : { searchText: { contains: q.search.toLowerCase() } }),
  };
}

/** Unknown values last whatever the direction, then by title (product, variant) and variant id, as the page always sorted. */
function orderBy(q: Pick<StoredStockQuery, "sort" | "direction">): Prisma.StockHealthVariantOrderByWithRelationInput[] {
  const byTitle: Prisma.StockHealthVariantOrderByWithRelationInput[] = [{ productKey: "asc" }, { variantKey: "asc" }, { variantId: "asc" }];
  switch (q.sort) {
    case "title":
      return [{ productKey: q.direction }, { variantKey: q.direction }, { variantId: "asc" }];
    case "onHand":
      return [{ onHand: q.direction }, ...byTitle];
    default:
      return [{ [q.sort]: { sort: q.direction, nulls: "last" } }, ...byTitle];
  }
}

/** The rows of the tab and search, sorted, from `offset`; and how many match. */
export async function readStockHealthPage(db: Db, shop: string, q: StoredStockQuery): Promise<{ total: number; rows: StoredStockVariant[] }> {
  const w = where(shop, q);
  const [total, rows] = await Promise.all([
    db.stockHealthVariant.count({ where: w }),
    db.stockHealthVariant.findMany({ where: w, orderBy: orderBy(q), skip: q.offset, ...(q.limit === null ? {} : { take: q.limit }) }),
  ]);
  return { total, rows: rows.map(stored) };
}

/**
 * The products whose variants of `stockClass` tie up the most cash (Σ `column`, unknown last,
 * then by product id), at most `limit`: Home's stock items (dead stock by its value, overstock
 * by the value above target). One grouped read of that class's rows.
 */
export async function readTopStockProducts(db: Db, shop: string, stockClass: string, column: "cashDead" | "cashExcess", limit: number): Promise<string[]> {
  const sum = Prisma.raw(`SUM("${column}")`);
  const rows = await db.$queryRaw<{ productId: string }[]>(Prisma.sql`
    SELECT "productId" AS "productId" FROM "StockHealthVariant" WHERE "shop" = ${shop} AND "stockClass" = ${stockClass}
    GROUP BY "productId" ORDER BY CASE WHEN ${sum} IS NULL THEN 1 ELSE 0 END, ${sum} DESC, "productId" LIMIT ${limit}`);
  return rows.map((r) => r.productId);
}

/** The stored rows of some products (a product's page), or of the products with a variant in one of `classes` (Home's stock fixes). */
export async function readStockHealthOfProducts(db: Db, shop: string, which: { productIds: readonly string[] } | { withClassIn: readonly string[] }): Promise<StoredStockVariant[]> {
  const ids =
    "productIds" in which
      ? [...new Set(which.productIds)]
      : (await db.stockHealthVariant.findMany({ where: { shop, stockClass: { in: [...which.withClassIn] } }, select: { productId: true }, distinct: ["productId"] })).map((r) => r.productId);
  const out: StoredStockVariant[] = [];
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await db.stockHealthVariant.findMany({ where: { shop, productId: { in: ids.slice(i, i + 500) } }, orderBy: [{ productId: "asc" }, { variantId: "asc" }] });
    out.push(...rows.map(stored));
  }
  return out;
}

/** Whether the stored stock health is missing or counts up to a day before the shop's yesterday (a new day moves its windows). */
export async function stockHealthOutOfDate(db: Db, shop: string, now: Date = new Date()): Promise<boolean> {
  const [summary, facts] = await Promise.all([db.stockHealthSummary.findUnique({ where: { shop }, select: { asOf: true } }), shopFacts(db, shop)]);
  return summary === null || summary.asOf < addDays(localDate(now.toISOString(), facts.timeZone), -1);
}
