/**
 * Stock health for the Stock page, its CSV, Home and a product's page (issue 18, items 3
 * and 6), read from the stored summary (app/store/stock-health.server.ts) that
 * `refreshStockHealth` (app/margins/stock-health.server.ts, where the computation and how
 * the stored facts feed the domain are described) writes after each sync, margin recompute,
 * stock snapshot and stock-health settings change. At 50,000 variants the computation takes
 * seconds (app/DECISIONS.md 2026-12-07); a page reads one page of stored rows, filtered,
 * sorted and paged in SQL.
 *
 * - Before the first refresh the views say so (`pending`): the numbers are being worked out.
 * - A location filter is computed on request (on hand at that location, the shop's velocity):
 *   storing every location's health would multiply the rows by the locations for a filter
 *   seldom used.
 * - A product's page before the first refresh computes that product on request.
 */
import type { PrismaClient } from "@prisma/client";

import { STOCK_FIX_LIMIT } from "~/domain/fix-actions";
import { formatDecimal } from "~/domain/money";
import { type AbcRow } from "~/domain/stock-abc";
import { STOCK_CLASSES, STOCK_CLASS_LABELS, stockCash, type StockCash, type StockClass, type StockHealthOptions } from "~/domain/stock-health";
import { addDays, localDate } from "~/domain/time";
import { choicePicker, type Issue } from "~/domain/validation";
import {
  byCashThenTitle,
  compareTitles,
  computeStockHealth,
  groupProducts,
  stockHealthOptionsFor,
  type StockHealthDetail,
  type StockOverviewOptions,
  type StockProductRow,
  type StockSummaryDetail,
  type StockVariantRow,
} from "~/margins/stock-health.server";
import { shopFacts } from "~/store/cost-settings.server";
import { hasStockHealth, readStockHealthOfProducts, readStockHealthPage, readStockHealthSummary, readTopStockProducts, type StoredStockSort, type StoredStockSummary, type StoredStockVariant } from "~/store/stock-health.server";
import {
  hasInventory,
  readOnHandByLocation,
  readStockCatalog,
  readStockLocations,
  readStockValueByDay,
  readUnknownStockItems,
  type OnHandAtLocation,
  type StockLocation,
  type StockValueDay,
} from "~/store/stock-read.server";

import { csvStream, csvText, type CsvColumn } from "./csv.server";

export { refreshStockHealth, stockHealthOptionsFor } from "~/margins/stock-health.server";
export type { StockOverviewOptions, StockProductRow, StockVariantRow } from "~/margins/stock-health.server";

type Db = PrismaClient;

export interface StockOverview {
  currency: string;
  timeZone: string;
  asOf: string;
  options: StockHealthOptions;
  location: string | null;
  /** An inventory import has run (locations are stored). */
  inventorySynced: boolean;
  /** The stock health is being worked out (no stored summary yet): nothing to show yet. */
  pending: boolean;
  /** When the stored summary was worked out (ISO); null when computed on request or pending. */
  refreshedAt: string | null;
  /** The shop's first stock snapshot: history starts there (Shopify keeps none); null before the first. */
  historyStarts: string | null;
  locations: StockLocation[];
  /** Stocked, tracked variants, most cash above target first. */
  variants: StockVariantRow[];
  products: StockProductRow[];
  cash: StockCash;
  /** "€X of cash sits in stock you will not sell within N days": the excess value and N (the target cover). */
  headline: { amount: number; days: number };
  lostMargin: number;
  /** Variants Shopify does not track quantities for (left out). */
  untracked: number;
  /** Stock at active locations of items no longer in the catalog (deleted in Shopify). */
  deletedItems: { items: number; onHand: number };
}


// ---------------------------------------------------------------------------
// Reading the stored summary

/** A stored row as the pages use it. */
function variantOf(r: StoredStockVariant): StockVariantRow {
  return (JSON.parse(r.detail) as StockHealthDetail).row;
}

function summaryDetail(s: StoredStockSummary): StockSummaryDetail {
  return JSON.parse(s.detail) as StockSummaryDetail;
}

function emptyCash(currency: string): StockCash {
  return stockCash([], currency);
}

/**
 * The shop's stock health: every stocked, tracked variant and its product, the cash they
 * tie up and the headline ("€X of cash sits in stock you will not sell within N days",
 * X = the value above the target cover, dead stock in full; N = the target cover). Read from
 * the stored summary; a location (or a day other than the stored one) is computed on request.
 */
export async function stockOverview(db: Db, shop: string, opts: StockOverviewOptions = {}): Promise<StockOverview> {
  if (opts.location || opts.asOf) return computedOverview(db, shop, opts);
  const [summary, inventorySynced] = await Promise.all([readStockHealthSummary(db, shop), hasInventory(db, shop)]);
  if (!summary) return pendingOverview(db, shop, inventorySynced, await readStockLocations(db, shop), opts.now);
  const d = summaryDetail(summary);
  const locations = d.locations;
  const stored = await readStockHealthPage(db, shop, { stockClass: null, search: "", sort: "cashExcess", direction: "desc", offset: 0, limit: null });
  const abc = new Map<string, AbcRow>();
  const variants = stored.rows.map((r) => {
    const detail = JSON.parse(r.detail) as StockHealthDetail;
    abc.set(r.productId, detail.abc);
    return detail.row;
  });
  variants.sort(byCashThenTitle);
  return {
    currency: summary.currency,
    timeZone: d.timeZone,
    asOf: summary.asOf,
    options: d.options,
    location: null,
    inventorySynced,
    pending: false,
    refreshedAt: summary.refreshedAt.toISOString(),
    historyStarts: d.historyStarts,
    locations,
    variants,
    products: groupProducts(variants, abc, summary.currency),
    cash: d.cash,
    headline: { amount: d.cash.excessValue, days: d.options.targetCoverDays },
    lostMargin: summary.lostMargin,
    untracked: d.untracked,
    deletedItems: d.deletedItems,
  };
}

/** Before the first refresh: nothing listed, and said to be under way (not an empty success). */
async function pendingOverview(db: Db, shop: string, inventorySynced: boolean, locations: StockLocation[], now: Date = new Date()): Promise<StockOverview> {
  const facts = await shopFacts(db, shop);
  const options = await stockHealthOptionsFor(db, shop, now);
  return {
    currency: facts.currency,
    timeZone: facts.timeZone,
    asOf: addDays(localDate(now.toISOString(), facts.timeZone), -1),
    options,
    location: null,
    inventorySynced,
    pending: true,
    refreshedAt: null,
    historyStarts: null,
    locations,
    variants: [],
    products: [],
    cash: emptyCash(facts.currency),
    headline: { amount: 0, days: options.targetCoverDays },
    lostMargin: 0,
    untracked: 0,
    deletedItems: { items: 0, onHand: 0 },
  };
}

/** Worked out on request: one location's stock (or another day), with the shop's sales. */
async function computedOverview(db: Db, shop: string, opts: StockOverviewOptions): Promise<StockOverview> {
  const [computed, inventorySynced, locations, deletedItems] = await Promise.all([computeStockHealth(db, shop, opts), hasInventory(db, shop), readStockLocations(db, shop), readUnknownStockItems(db, shop)]);
  const { ctx, variants, products } = computed;
  const cash = stockCash(variants.map((r) => r.health), ctx.currency);
  return {
    currency: ctx.currency,
    timeZone: ctx.timeZone,
    asOf: ctx.asOf,
    options: ctx.options,
    location: opts.location ?? null,
    inventorySynced,
    pending: false,
    refreshedAt: null,
    historyStarts: computed.historyStarts,
    locations,
    variants,
    products,
    cash,
    headline: { amount: cash.excessValue, days: ctx.options.targetCoverDays },
    lostMargin: variants.reduce((n, r) => n + r.lostMargin, 0),
    untracked: computed.untracked,
    deletedItems,
  };
}

/**
 * Where Home's stock items stand: "ready" once the stock health was worked out, "computing"
 * between the first stock import and the first refresh (the `stock-health` job queued by the
 * import), "waiting-for-stock" before any stock import.
 */
export async function stockHealthState(db: Db, shop: string): Promise<"ready" | "computing" | "waiting-for-stock"> {
  if (await hasStockHealth(db, shop)) return "ready";
  return (await hasInventory(db, shop)) ? "computing" : "waiting-for-stock";
}

/**
 * For Home's stock items (dead stock and overstock, the most cash first, at most `limit` shown):
 * the stored products whose dead stock, and those whose overstock, tie up the most cash (`limit`
 * of each), with all their variants for their flags; null before the first refresh.
 */
export async function flaggedStockProducts(db: Db, shop: string, limit = STOCK_FIX_LIMIT): Promise<{ currency: string; options: StockHealthOptions; products: StockProductRow[] } | null> {
  const summary = await readStockHealthSummary(db, shop);
  if (!summary) return null;
  const [dead, over] = await Promise.all([readTopStockProducts(db, shop, "dead", "cashDead", limit), readTopStockProducts(db, shop, "overstock", "cashExcess", limit)]);
  const rows = await readStockHealthOfProducts(db, shop, { productIds: [...dead, ...over] });
  const abc = new Map<string, AbcRow>();
  const variants = rows.map((r) => {
    const detail = JSON.parse(r.detail) as StockHealthDetail;
    abc.set(r.productId, detail.abc);
    return detail.row;
  });
  variants.sort(byCashThenTitle);
  return { currency: summary.currency, options: summaryDetail(summary).options, products: groupProducts(variants, abc, summary.currency) };
}

export interface ProductStock {
  currency: string;
  asOf: string;
  options: StockHealthOptions;
  inventorySynced: boolean;
  historyStarts: string | null;
  /** Null when the product has no stocked, tracked variant (or is not in the catalog). */
  product: StockProductRow | null;
  /** Its variants' quantities per location (inactive locations flagged). */
  locations: OnHandAtLocation[];
  /** Its variants Shopify does not track. */
  untracked: number;
}

/**
 * One product's stock health (the product page's stock section): its variants, the roll-up,
 * per location. From the stored rows; computed on request before the first refresh (one
 * product) or for another day than the stored one.
 */
export async function stockForProduct(db: Db, shop: string, productId: string, asOf?: string, opts: { now?: Date } = {}): Promise<ProductStock> {
  const summary = await readStockHealthSummary(db, shop);
  if (!summary || (asOf !== undefined && asOf !== summary.asOf)) return computedProduct(db, shop, productId, asOf, opts);
  const d = summaryDetail(summary);
  const [rows, catalog, inventorySynced] = await Promise.all([readStockHealthOfProducts(db, shop, { productIds: [productId] }), readStockCatalog(db, shop, productId), hasInventory(db, shop)]);
  const details = rows.map((r) => JSON.parse(r.detail) as StockHealthDetail);
  const variants = details.map((x) => x.row).sort(byCashThenTitle);
  const product = groupProducts(variants, new Map(details.map((x) => [x.row.productId, x.abc])), summary.currency)[0] ?? null;
  return {
    currency: summary.currency,
    asOf: summary.asOf,
    options: d.options,
    inventorySynced,
    historyStarts: d.historyStarts,
    product,
    locations: await readOnHandByLocation(db, shop, variants.map((v) => v.variantId)),
    untracked: catalog.filter((v) => v.tracked === false).length,
  };
}

async function computedProduct(db: Db, shop: string, productId: string, asOf: string | undefined, opts: { now?: Date }): Promise<ProductStock> {
  const computed = await computeStockHealth(db, shop, { productId, ...(asOf ? { asOf } : {}), ...opts });
  const [inventorySynced, locations] = await Promise.all([hasInventory(db, shop), readOnHandByLocation(db, shop, computed.variants.map((v) => v.variantId))]);
  const { ctx } = computed;
  return {
    currency: ctx.currency,
    asOf: ctx.asOf,
    options: ctx.options,
    inventorySynced,
    historyStarts: computed.historyStarts,
    product: computed.products[0] ?? null,
    locations,
    untracked: computed.untracked,
  };
}

// ---------------------------------------------------------------------------
// The Stock page: its URL parameters, a page of rows, the CSV

export const STOCK_SORTS = ["cash", "value", "cover", "onHand", "lastSale", "title"] as const;
export type StockSort = (typeof STOCK_SORTS)[number];
export const STOCK_PAGE_SIZE = 50;

export interface StockParams {
  /** The class tab; null: all. */
  stockClass: StockClass | null;
  search: string;
  location: string | null;
  sort: StockSort;
  direction: "asc" | "desc";
  page: number;
}

/** Reads the page's query string; a bad value gets an error naming the control. */
export function parseStockParams(search: URLSearchParams): { ok: true; params: StockParams } | { ok: false; errors: Issue[] } {
  const errors: Issue[] = [];
  const pick = choicePicker(search, errors);
  const classText = search.get("class");
  const stockClass = classText ? pick<StockClass>("class", STOCK_CLASSES, "healthy") : null;
  const sort = pick("sort", STOCK_SORTS, "cash");
  const direction = pick("direction", ["asc", "desc"] as const, "desc");
  const location = search.get("location") || null;
  if (location !== null && !/^gid:\/\/shopify\/Location\/\d+$/.test(location)) errors.push({ path: "location", message: "not one of the shop's locations" });
  const page = Number(search.get("page") ?? "1");
  if (!Number.isInteger(page) || page < 1 || page > 10_000) errors.push({ path: "page", message: "no such page" });
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, params: { stockClass, search: (search.get("q") ?? "").trim().slice(0, 200), location, sort, direction, page } };
}

/** What the page shows of a variant (the health object stays on the server). */
export type StockListRow = Omit<StockVariantRow, "health">;

export interface StockPage {
  currency: string;
  asOf: string;
  options: StockHealthOptions;
  inventorySynced: boolean;
  /** The stock health is being worked out (no stored summary yet). */
  pending: boolean;
  refreshedAt: string | null;
  /** The shop's time zone (the refresh's time as the merchant reads it). */
  timeZone: string;
  historyStarts: string | null;
  locations: StockLocation[];
  /** The location filtered on, when it is one of the shop's; null: all active locations. */
  location: StockLocation | null;
  /** Variants per class tab (before the search), for the tabs' counts. */
  classCounts: Record<StockClass, number>;
  cash: StockCash;
  headline: { amount: number; days: number };
  lostMargin: number;
  untracked: number;
  deletedItems: { items: number; onHand: number };
  /** Rows matching the tab and search, and this page of them. */
  total: number;
  page: number;
  pageSize: number;
  rows: StockListRow[];
  /** Stock value at cost per day over the last 90 days, from the snapshots (shop-wide, every location). */
  valueOverTime: StockValueDay[];
}

function sortKey(sort: StockSort): (r: StockVariantRow) => number | string | null {
  switch (sort) {
    case "cash":
      return (r) => r.cash.excess;
    case "value":
      return (r) => r.valueAtCost;
    case "cover":
      return (r) => r.daysOfCover;
    case "onHand":
      return (r) => r.onHand;
    case "lastSale":
      return (r) => r.lastSaleOn;
    case "title":
      return (r) => `${r.productTitle.toLowerCase()}\u0000${(r.variantTitle ?? "").toLowerCase()}`;
  }
}

/** The rows of the tab and search, sorted (unknown values last whatever the direction, then by title). */
export function filterStockRows(rows: readonly StockVariantRow[], params: Pick<StockParams, "stockClass" | "search" | "sort" | "direction">): StockVariantRow[] {
  const q = params.search.toLowerCase();
  const key = sortKey(params.sort);
  const dir = params.direction === "asc" ? 1 : -1;
  return rows
    .filter((r) => (params.stockClass === null || r.stockClass === params.stockClass) && (q === "" || r.productTitle.toLowerCase().includes(q) || (r.variantTitle ?? "").toLowerCase().includes(q) || (r.sku ?? "").toLowerCase().includes(q)))
    .map((r) => ({ r, k: key(r) }))
    .sort((a, b) => {
      if (a.k === null || b.k === null) return a.k === b.k ? compareTitles(a.r, b.r) : a.k === null ? 1 : -1;
      return (a.k < b.k ? -1 : a.k > b.k ? 1 : 0) * dir || compareTitles(a.r, b.r);
    })
    .map((x) => x.r);
}


/** The stock value at cost per day over the 90 days to `asOf`. */
async function valueHistory(db: Db, shop: string, asOf: string): Promise<StockValueDay[]> {
  return readStockValueByDay(db, shop, addDays(asOf, -89), asOf);
}

const STORED_SORT: Record<Exclude<StockSort, "title">, StoredStockSort> = { cash: "cashExcess", value: "valueAtCost", cover: "daysOfCover", onHand: "onHand", lastSale: "lastSaleOn" };

function storedSort(sort: StockSort): StoredStockSort {
  return sort === "title" ? "title" : STORED_SORT[sort];
}

function listRow(r: StockVariantRow): StockListRow {
  const { health: _health, ...row } = r;
  return row;
}

/**
 * The Stock page: the headline and totals, one page of variant rows for the tab, search and
 * sort, and the stock value over time. From the stored summary (SQL filter, sort and offset);
 * a location is computed on request.
 */
export async function stockPage(db: Db, shop: string, params: StockParams, opts: { now?: Date; pageSize?: number } = {}): Promise<StockPage> {
  const pageSize = opts.pageSize ?? STOCK_PAGE_SIZE;
  if (params.location !== null) {
    const overview = await stockOverview(db, shop, { location: params.location, ...(opts.now ? { now: opts.now } : {}) });
    const matching = filterStockRows(overview.variants, params);
    const classCounts = Object.fromEntries(STOCK_CLASSES.map((c) => [c, 0])) as Record<StockClass, number>;
    for (const r of overview.variants) classCounts[r.stockClass]++;
    return {
      ...pageHead(overview),
      location: overview.locations.find((l) => l.id === params.location) ?? null,
      classCounts,
      total: matching.length,
      page: params.page,
      pageSize,
      rows: matching.slice((params.page - 1) * pageSize, params.page * pageSize).map(listRow),
      valueOverTime: await valueHistory(db, shop, overview.asOf),
    };
  }
  const [summary, inventorySynced] = await Promise.all([readStockHealthSummary(db, shop), hasInventory(db, shop)]);
  if (!summary) {
    const overview = await pendingOverview(db, shop, inventorySynced, await readStockLocations(db, shop), opts.now);
    const classCounts = Object.fromEntries(STOCK_CLASSES.map((c) => [c, 0])) as Record<StockClass, number>;
    return { ...pageHead(overview), location: null, classCounts, total: 0, page: params.page, pageSize, rows: [], valueOverTime: await valueHistory(db, shop, overview.asOf) };
  }
  const d = summaryDetail(summary);
  // The locations and the value chart were read with the rows (a read of every level and snapshot: 0.75 s at 50,000 variants).
  const { locations, valueOverTime } = d;
  const found = await readStockHealthPage(db, shop, { stockClass: params.stockClass, search: params.search, sort: storedSort(params.sort), direction: params.direction, offset: (params.page - 1) * pageSize, limit: pageSize });
  return {
    currency: summary.currency,
    asOf: summary.asOf,
    options: d.options,
    inventorySynced,
    pending: false,
    refreshedAt: summary.refreshedAt.toISOString(),
    timeZone: d.timeZone,
    historyStarts: d.historyStarts,
    locations,
    location: null,
    classCounts: Object.fromEntries(STOCK_CLASSES.map((c) => [c, d.cash.byClass[c].variants])) as Record<StockClass, number>,
    cash: d.cash,
    headline: { amount: d.cash.excessValue, days: d.options.targetCoverDays },
    lostMargin: summary.lostMargin,
    untracked: d.untracked,
    deletedItems: d.deletedItems,
    total: found.total,
    page: params.page,
    pageSize,
    rows: found.rows.map((r) => listRow(variantOf(r))),
    valueOverTime,
  };
}

function pageHead(o: StockOverview) {
  return {
    currency: o.currency,
    asOf: o.asOf,
    options: o.options,
    inventorySynced: o.inventorySynced,
    pending: o.pending,
    refreshedAt: o.refreshedAt,
    timeZone: o.timeZone,
    historyStarts: o.historyStarts,
    locations: o.locations,
    cash: o.cash,
    headline: o.headline,
    lostMargin: o.lostMargin,
    untracked: o.untracked,
    deletedItems: o.deletedItems,
  };
}

/** Every variant of the tab, search, location and sort, for the CSV: stored rows sorted in SQL, or a location's computed on request. */
export async function stockCsvRows(db: Db, shop: string, params: StockParams): Promise<{ currency: string; asOf: string; pending: boolean; rows: StockVariantRow[] }> {
  if (params.location !== null) {
    const overview = await stockOverview(db, shop, { location: params.location });
    return { currency: overview.currency, asOf: overview.asOf, pending: false, rows: filterStockRows(overview.variants, params) };
  }
  const summary = await readStockHealthSummary(db, shop);
  if (!summary) return { currency: (await shopFacts(db, shop)).currency, asOf: "", pending: true, rows: [] };
  const found = await readStockHealthPage(db, shop, { stockClass: params.stockClass, search: params.search, sort: storedSort(params.sort), direction: params.direction, offset: 0, limit: null });
  return { currency: summary.currency, asOf: summary.asOf, pending: false, rows: found.rows.map(variantOf) };
}

function stockColumns(currency: string): CsvColumn<StockVariantRow>[] {
  const money = (n: number) => formatDecimal(n, currency);
  const rate = (n: number) => n.toFixed(2);
  return [
    { header: "product_id", text: (r) => r.productId },
    { header: "variant_id", text: (r) => r.variantId },
    { header: "product", text: (r) => r.productTitle },
    { header: "variant", text: (r) => r.variantTitle ?? "" },
    { header: "sku", text: (r) => r.sku ?? "" },
    { header: "class", text: (r) => STOCK_CLASS_LABELS[r.stockClass] },
    { header: "reason", text: (r) => r.reason },
    { header: "abc", text: (r) => r.abc },
    { header: "on_hand", number: (r) => r.onHand },
    { header: `unit_cost_${currency}`, number: (r) => r.unitCost, format: money },
    { header: `value_at_cost_${currency}`, number: (r) => r.valueAtCost, format: money },
    { header: `value_at_price_${currency}`, number: (r) => r.valueAtPrice, format: money },
    { header: "units_per_day_short", number: (r) => r.unitsPerDayShort, format: rate },
    { header: "units_per_day_long", number: (r) => r.unitsPerDayLong, format: rate },
    { header: "days_of_cover", number: (r) => r.daysOfCover },
    { header: "last_sale", text: (r) => r.lastSaleOn ?? "" },
    { header: `cash_above_target_${currency}`, number: (r) => r.cash.excess, format: money },
    { header: `dead_stock_${currency}`, number: (r) => r.cash.dead, format: money },
    { header: `margin_lost_to_stock_outs_${currency}`, number: (r) => r.lostMargin, format: money },
  ];
}

/** Every variant of the tab, search, location and sort as CSV text. */
export function stockCsv(currency: string, rows: readonly StockVariantRow[]): string {
  return csvText(stockColumns(currency), rows);
}

/** The same as a byte stream (the download's body). */
export function stockCsvStream(currency: string, rows: readonly StockVariantRow[]): ReadableStream<Uint8Array> {
  return csvStream(stockColumns(currency), rows);
}
