/**
 * The orders page's data: stored order margins (OrderMargin) for a shop-local date
 * range, filtered by flag, gateway and country, sorted and paged in SQL; and one
 * order's full breakdown, recomputed by the engine from the stored order with the
 * stored fixed-cost share (so it shows every step and line, and which rule or
 * import set the shipping cost).
 */
import { Prisma, type PrismaClient } from "@prisma/client";

import { formatWeight, refundState, type RefundState } from "~/domain/format";
import { FLAG_CODES, computeOrderMargin, marginContextFor, marginNotes, type FlagCode, type OrderMargin } from "~/domain/margin";
import { formatDecimal } from "~/domain/money";
import { settingsInForce, type CostSettings } from "~/domain/settings";
import { isLocalDate, localDate, startOfLocalDate } from "~/domain/time";
import { choicePicker, type Issue } from "~/domain/validation";
import { providerOf } from "~/db.server";
import { orderStockCarrying } from "~/margins/carrying.server";
import { loadMarginSources, marginSourceScope } from "~/margins/recompute.server";
import { shopFacts } from "~/store/cost-settings.server";
import { readOrders } from "~/store/order-store.server";

import { csvStream, csvText, type CsvColumn } from "./csv.server";

import { RANGE_PRESETS, resolveRange, type RangePreset } from "~/domain/time";

/** Sorts backed by an index, so every page is a short index walk. */
export const ORDER_SORTS = ["netMargin", "processedAt"] as const;
export const ORDERS_PAGE_SIZE = 50;
/** Orders are counted up to this many ("10,000+"); pages go on beyond it. */
export const COUNT_CAP = 10_000;

/**
 * The distinct values of a column for one shop, by skip-scan on its (shop, column)
 * index: one index seek per value, whatever the number of orders.
 */
async function distinctValues(db: PrismaClient, shop: string, column: "gateway" | "countryCode"): Promise<string[]> {
  const col = Prisma.raw(`"${column}"`);
  const rows = await db.$queryRaw<{ v: string | null }[]>`
    WITH RECURSIVE "d"("v") AS (
      SELECT MIN(${col}) FROM "OrderMargin" WHERE "shop" = ${shop}
      UNION ALL
      SELECT (SELECT MIN(${col}) FROM "OrderMargin" WHERE "shop" = ${shop} AND ${col} > "d"."v") FROM "d" WHERE "d"."v" IS NOT NULL
    )
    SELECT "v" FROM "d" WHERE "v" IS NOT NULL LIMIT 250`;
  return rows.map((r) => r.v!);
}

export interface OrdersParams {
  range: RangePreset;
  from: string | null;
  to: string | null;
  sort: (typeof ORDER_SORTS)[number];
  direction: "asc" | "desc";
  flag: FlagCode | null;
  gateway: string | null;
  country: string | null;
  /** Order name search, from its start ("1042" and "#1042" find #1042, #10420…); "" for none. */
  search: string;
  /** Only the orders with a line of this product (gid://shopify/Product/…), or null. */
  product: string | null;
  page: number;
}

/** A product with this many order lines or fewer is read from its lines; more, and the list's own order is walked (see Drivers). */
export const SPARSE_PRODUCT_LINES = 5_000;

export function parseOrdersParams(search: URLSearchParams): { ok: true; params: OrdersParams } | { ok: false; errors: Issue[] } {
  const errors: Issue[] = [];
  const pick = choicePicker(search, errors);
  const range = pick("range", RANGE_PRESETS, "12m");
  const sort = pick("sort", ORDER_SORTS, "netMargin");
  const direction = pick("direction", ["asc", "desc"] as const, sort === "processedAt" ? "desc" : "asc");
  const flag = search.get("flag") ? pick("flag", FLAG_CODES, "LOSS") : null;
  const from = search.get("from") || null;
  const to = search.get("to") || null;
  if (range === "custom") {
    if (!isLocalDate(from)) errors.push({ path: "from", message: "not a valid date" });
    if (!isLocalDate(to)) errors.push({ path: "to", message: "not a valid date" });
    if (isLocalDate(from) && isLocalDate(to) && from > to) errors.push({ path: "to", message: "the end date is before the start date" });
  }
  const gateway = search.get("gateway") || null;
  if (gateway !== null && !/^[\w .-]{1,64}$/.test(gateway)) errors.push({ path: "gateway", message: "not a gateway of your orders" });
  const country = search.get("country") || null;
  if (country !== null && !/^[A-Z]{2}$/.test(country)) errors.push({ path: "country", message: "not a country" });
  const page = Number(search.get("page") ?? "1");
  if (!Number.isInteger(page) || page < 1 || page > 100_000) errors.push({ path: "page", message: "no such page" });
  const searchText = (search.get("q") ?? "").trim().slice(0, 100);
  const product = search.get("product") || null;
  if (product !== null && !/^gid:\/\/shopify\/Product\/\d{1,20}$/.test(product)) errors.push({ path: "product", message: "not a product of your store" });
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, params: { range, from, to, sort, direction, flag, gateway, country, search: searchText, product, page } };
}

export interface OrderRow {
  orderId: string;
  orderName: string;
  processedAt: string;
  localDate: string;
  gateway: string | null;
  countryCode: string | null;
  items: number;
  netRevenue: number;
  totalCosts: number;
  /** The carrier cost of its parcel (what a Shipping-heavy flag weighs against its revenue). */
  shipping: number;
  netMargin: number;
  marginBp: number | null;
  flags: FlagCode[];
  feesEstimated: boolean;
  shippingSource: string;
  /** The order only sold gift cards: no margin, left out of margin totals (the page says so rather than showing 0.00 as a margin). */
  giftCardOnly: boolean;
  /** Refunded in whole or in part (the row's "Refunded" / "Partly refunded" badge); null when nothing was refunded. */
  refund: RefundState | null;
}

export interface OrdersView {
  currency: string;
  range: { from: string; to: string };
  /** Matching orders, counted up to COUNT_CAP. */
  total: number;
  /** More than COUNT_CAP orders match. */
  totalCapped: boolean;
  page: number;
  pageSize: number;
  rows: OrderRow[];
  gateways: string[];
  countries: string[];
}


/** A boolean from a raw row: true/false (PostgreSQL), 1/0 as a number or bigint (SQLite). */
function truthy(v: unknown): boolean {
  return v === true || v === 1 || v === 1n;
}

export function flagsOf(bits: number): FlagCode[] {
  return FLAG_CODES.filter((_, i) => (bits & (1 << i)) !== 0);
}

/**
 * Where a keyset page starts: after the row with this sort key (the order's rank key by net
 * margin, its processedAt by date) and order id, in the sort's direction.
 */
export interface OrderCursor {
  /** Net margin in minor units (sort by net margin), or processedAt as an ISO timestamp (sort by date). */
  key: number | string;
  orderId: string;
}

/**
 * The orders whose name starts with the search, as a subquery of their ids: "1042" is the names
 * from "1042" up to (not including) "1043", and from "#1042" to "#1043" (Shopify's default "#"
 * prefix, so the merchant need not type it), each a seek in the (shop, orderName) index. A LIKE
 * '%1042%' read every name of the range (30-45 ms at 50,000 orders, linear in the orders; see
 * test/bench/orders-lookups.ts). Compared byte by byte: SQLite's default BINARY, and COLLATE "C"
 * on PostgreSQL (its index is declared so), where a language collation would put "#1042-B" outside
 * the range. %, _ are literal. Null for no search.
 */
export function nameMatches(provider: "sqlite" | "postgresql", shop: string, search: string): Prisma.Sql | null {
  if (search === "") return null;
  const name = provider === "postgresql" ? Prisma.sql`n."orderName" COLLATE "C"` : Prisma.sql`n."orderName"`;
  const prefixes = search.startsWith("#") ? [search] : [search, `#${search}`];
  const ranges = prefixes.map((lo) => {
    // The first string after every name starting with `lo`: its last character's successor.
    const hi = lo.slice(0, -1) + String.fromCharCode(lo.charCodeAt(lo.length - 1) + 1);
    return Prisma.sql`(${name} >= ${lo} AND ${name} < ${hi})`;
  });
  return Prisma.sql`SELECT n."orderId" FROM "OrderMargin" n WHERE n."shop" = ${shop} AND (${Prisma.join(ranges, " OR ")})`;
}

/** The orders with a line of `product`, as a subquery of their ids (each once), from the (shop, productId, orderId) index alone. */
export function productOrders(shop: string, product: string): Prisma.Sql {
  return Prisma.sql`SELECT DISTINCT l."orderId" FROM "OrderLine" l WHERE l."shop" = ${shop} AND l."productId" = ${product}`;
}

/**
 * How the page and the count find the matching orders. `driver`: a subquery of the few matching
 * order ids the query starts from (CROSS JOIN: SQLite, which has no statistics here, otherwise
 * picks the date index and reads the whole range), the matches then sorted; null: the list's own
 * order (the net-margin rank or the date index) is walked, rows filtered as they come.
 * - a search: driven by the name index;
 * - a product: by its lines when it has at most SPARSE_PRODUCT_LINES (counted in the index, up to
 *   one more): walking the list's order would read every order of the range to find its 20. With
 *   more (≥ 0.5 % of a 1M-order store) the page walks the list's order, each row kept if the index
 *   holds (product, order), which finds 50 of them in a few thousand rows where sorting its 200,000
 *   orders would not; its count is still driven by the lines (it stops at COUNT_CAP matches).
 */
interface Drivers {
  page: Prisma.Sql | null;
  count: Prisma.Sql | null;
  /** The drivers are the product's lines (so the product needs no condition of its own). */
  byProduct: { page: boolean; count: boolean };
}

async function drivers(db: PrismaClient, shop: string, params: OrdersParams, sparseLines: number): Promise<Drivers> {
  const search = nameMatches(providerOf(db), shop, params.search);
  if (search !== null) return { page: search, count: search, byProduct: { page: false, count: false } };
  if (params.product === null) return { page: null, count: null, byProduct: { page: false, count: false } };
  const [row] = await db.$queryRaw<{ n: bigint | number }[]>`
    SELECT COUNT(*) AS "n" FROM (SELECT 1 FROM "OrderLine" WHERE "shop" = ${shop} AND "productId" = ${params.product} LIMIT ${sparseLines + 1}) AS "capped"`;
  const lines = productOrders(shop, params.product);
  const sparse = Number(row?.n ?? 0) <= sparseLines;
  return { page: sparse ? lines : null, count: lines, byProduct: { page: sparse, count: true } };
}

/** FROM the margins, or from a driver's ids joined to their margins by key (see Drivers). */
function marginsFrom(driver: Prisma.Sql | null): Prisma.Sql {
  return driver === null ? Prisma.sql`"OrderMargin" m` : Prisma.sql`(${driver}) x CROSS JOIN "OrderMargin" m`;
}

/** The filters as SQL, for the range resolved in the shop's time zone (the search is the driver's, see Drivers). */
function orderConditions(shop: string, params: OrdersParams, from: Date | null, to: Date | null, driver: Prisma.Sql | null, byProduct: boolean): Prisma.Sql {
  const conditions = [Prisma.sql`m."shop" = ${shop}`, Prisma.sql`m."cancelled" = ${false}`, Prisma.sql`m."test" = ${false}`];
  if (driver !== null) conditions.push(Prisma.sql`m."orderId" = x."orderId"`);
  // A null bound is the keyset cursor's side of a by-date export page, bounded by the cursor instead.
  if (from !== null) conditions.push(Prisma.sql`m."processedAt" >= ${from}`);
  if (to !== null) conditions.push(Prisma.sql`m."processedAt" < ${to}`);
  if (params.flag) conditions.push(Prisma.sql`(m."flags" & ${1 << FLAG_CODES.indexOf(params.flag)}) <> 0`);
  if (params.gateway) conditions.push(Prisma.sql`m."gateway" = ${params.gateway}`);
  if (params.country) conditions.push(Prisma.sql`m."countryCode" = ${params.country}`);
  // The product, unless its lines drive: an exact probe of the lines' index per row (PostgreSQL hashed the
  // product's lines a second time for it when they drove: 330 ms for a count of 10,000 matches instead of ~250).
  if (params.product !== null && !byProduct) {
    conditions.push(Prisma.sql`EXISTS (SELECT 1 FROM "OrderLine" p WHERE p."shop" = m."shop" AND p."productId" = ${params.product} AND p."orderId" = m."orderId")`);
  }
  return Prisma.join(conditions, " AND ");
}

/**
 * One page of the matching orders in the sort's order: by `offset` (the list's page n), or by
 * keyset after `after` (the export: each page is an index seek to the last row's key, so page
 * 20,000 of a 1M-order export costs what page 1 does, where an OFFSET reads and drops every
 * row before it). Rows come with the cursor of the last one.
 */
async function orderPage(
  db: PrismaClient,
  shop: string,
  params: OrdersParams,
  scope: { where: Prisma.Sql; driver: Prisma.Sql | null },
  paging: { pageSize: number } & ({ offset: number } | { after: OrderCursor | null }),
): Promise<{ rows: OrderRow[]; last: OrderCursor | null }> {
  const { where, driver } = scope;
  const byMargin = params.sort === "netMargin";
  // A search (or a product in few orders) matches few orders: walking the whole rank to find 50 of them
  // read every order (4 s on 300k orders for a single match); reading the matches by their index and
  // sorting them costs a few seeks.
  const byRank = byMargin && driver === null;
  const dir = params.direction === "asc" ? Prisma.sql`ASC` : Prisma.sql`DESC`;
  // giftCardOnly and the refund: read from the order by its key, for the page's rows only.
  const order = Prisma.sql`FROM "Order" o WHERE o."shop" = m."shop" AND o."id" = m."orderId"`;
  const columns = Prisma.sql`m."orderId", m."orderName", m."processedAt", m."localDate", m."gateway", m."countryCode", m."items", m."netRevenue", m."totalCosts", m."shipping",
             m."netMargin", m."marginBp", m."flags", m."feesEstimated", m."shippingSource",
             EXISTS (SELECT 1 ${order} AND o."giftCardOnly" = ${true}) AS "giftCardOnly",
             (SELECT o."financialStatus" ${order}) AS "financialStatus",
             (SELECT o."refundedLinesBeforeTax" + o."refundedShippingBeforeTax" ${order}) AS "refunded"`;
  const limit = "offset" in paging ? Prisma.sql`LIMIT ${paging.pageSize} OFFSET ${paging.offset}` : Prisma.sql`LIMIT ${paging.pageSize}`;
  // After the cursor in the sort's direction: key beyond it, or the same key and a later id, as a row value
  // ((key, id) > (k, i)), which SQLite seeks to in OrderMarginRank's key and PostgreSQL in either index. The
  // key's own bound (key >= k) is said too: SQLite bounds the processedAt index scan by it, not by the row
  // value (page 300 of 300k orders newest first: 150 ms without it and 6 ms with it in place of the range's
  // end, see orderScope; 530 ms by OFFSET).
  const after = "after" in paging ? paging.after : null;
  const keyColumn = byRank ? Prisma.sql`r."netMargin"` : byMargin ? Prisma.sql`m."netMargin"` : Prisma.sql`m."processedAt"`;
  const idColumn = byRank ? Prisma.sql`r."orderId"` : Prisma.sql`m."orderId"`;
  const keyValue = after === null ? null : byMargin ? Number(after.key) : new Date(after.key);
  const seek =
    after === null
      ? Prisma.sql`1 = 1`
      : params.direction === "asc"
        ? Prisma.sql`${keyColumn} >= ${keyValue} AND (${keyColumn}, ${idColumn}) > (${keyValue}, ${after.orderId})`
        : Prisma.sql`${keyColumn} <= ${keyValue} AND (${keyColumn}, ${idColumn}) < (${keyValue}, ${after.orderId})`;
  // By net margin, the page is the first rows of a walk of OrderMarginRank's key
  // (shop, netMargin, orderId), each joined to its margin row and filtered as it
  // goes. CROSS JOIN keeps SQLite's planner on that order (it never reorders a
  // CROSS JOIN); without it, it would read the whole date range and sort it
  // (800 ms on 1M orders instead of a few ms). While a recompute rebuilds the
  // shop's entries (MarginRankPaused), the order is the one before it started.
  // The sort key is read with the row: by net margin it is the rank's, which may lag the margin during a rebuild.
  const rows = await (byRank
    ? db.$queryRaw<Record<string, unknown>[]>`
      SELECT ${columns}, r."netMargin" AS "sortKey"
        FROM "OrderMarginRank" r CROSS JOIN "OrderMargin" m
       WHERE r."shop" = ${shop} AND m."orderId" = r."orderId" AND ${where} AND ${seek}
       ORDER BY r."netMargin" ${dir}, r."orderId" ${dir} ${limit}`
    : db.$queryRaw<Record<string, unknown>[]>`
      SELECT ${columns}, ${keyColumn} AS "sortKey" FROM ${marginsFrom(driver)} WHERE ${where} AND ${seek}
       ORDER BY ${keyColumn} ${dir}, m."orderId" ${dir} ${limit}`);
  const lastRow = rows.at(-1);
  const last =
    lastRow === undefined
      ? null
      : { key: byMargin ? Number(lastRow.sortKey) : new Date(lastRow.sortKey as string | Date).toISOString(), orderId: String(lastRow.orderId) };
  return { rows: rows.map(orderRow), last };
}

function orderRow(r: Record<string, unknown>): OrderRow {
  const num = (v: unknown) => Number(v);
  return {
    orderId: String(r.orderId),
    orderName: String(r.orderName),
    processedAt: new Date(r.processedAt as string | Date).toISOString(),
    localDate: String(r.localDate),
    gateway: r.gateway === null ? null : String(r.gateway),
    countryCode: r.countryCode === null ? null : String(r.countryCode),
    items: num(r.items),
    netRevenue: num(r.netRevenue),
    totalCosts: num(r.totalCosts),
    shipping: num(r.shipping),
    netMargin: num(r.netMargin),
    marginBp: r.marginBp === null ? null : num(r.marginBp),
    flags: flagsOf(num(r.flags)),
    feesEstimated: truthy(r.feesEstimated),
    shippingSource: String(r.shippingSource),
    giftCardOnly: truthy(r.giftCardOnly),
    refund: refundState(r.financialStatus === null ? null : String(r.financialStatus), num(r.refunded ?? 0), num(r.netRevenue)),
  };
}

/** `now` (default the clock) and the sparse product's bound (default SPARSE_PRODUCT_LINES; tests try both paths on a small store). */
interface ScopeOptions {
  now?: Date;
  sparseProductLines?: number;
}

/**
 * The resolved range and the filters as SQL. `cursorSide`: the bound a by-date keyset page takes from
 * its cursor instead of the range (the cursor lies inside the range): SQLite bounds the processedAt index
 * scan by one upper (or lower) bound only, and with the range's own it walked from the range's end to the
 * cursor (page 300 of 300k orders newest first: 37 ms, against 6 ms with the cursor as the bound).
 */
async function orderScope(db: PrismaClient, shop: string, params: OrdersParams, opts: ScopeOptions, cursorSide: "from" | "to" | null = null) {
  const now = opts.now;
  const [facts, driver] = await Promise.all([shopFacts(db, shop), drivers(db, shop, params, opts.sparseProductLines ?? SPARSE_PRODUCT_LINES)]);
  const range = resolveRange(params, localDate((now ?? new Date()).toISOString(), facts.timeZone));
  const from = cursorSide === "from" ? null : new Date(startOfLocalDate(range.from, facts.timeZone));
  const to = cursorSide === "to" ? null : new Date(startOfLocalDate(range.to, facts.timeZone));
  return {
    facts,
    range,
    page: { where: orderConditions(shop, params, from, to, driver.page, driver.byProduct.page), driver: driver.page },
    count: { where: orderConditions(shop, params, from, to, driver.count, driver.byProduct.count), driver: driver.count },
  };
}

/**
 * A page of the export: the orders after `after` (null: from the first), `pageSize` of them, in the
 * list's order, and the cursor to pass for the next page (null once a page comes back short).
 */
export async function ordersExportPage(
  db: PrismaClient,
  shop: string,
  params: OrdersParams,
  opts: ScopeOptions & { pageSize: number; after: OrderCursor | null },
): Promise<{ currency: string; range: { from: string; to: string }; rows: OrderRow[]; next: OrderCursor | null }> {
  const cursorSide = opts.after === null || params.sort !== "processedAt" ? null : params.direction === "desc" ? "to" : "from";
  const { facts, range, page } = await orderScope(db, shop, params, opts, cursorSide);
  const { rows, last } = await orderPage(db, shop, params, page, { pageSize: opts.pageSize, after: opts.after });
  return { currency: facts.currency, range, rows, next: rows.length < opts.pageSize ? null : last };
}

export async function ordersView(db: PrismaClient, shop: string, params: OrdersParams, opts: ScopeOptions & { pageSize?: number } = {}): Promise<OrdersView> {
  const { facts, range, page: pageScope, count: countScope } = await orderScope(db, shop, params, opts);
  const pageSize = opts.pageSize ?? ORDERS_PAGE_SIZE;
  const [page, count, gateways, countries] = await Promise.all([
    orderPage(db, shop, params, pageScope, { pageSize, offset: (params.page - 1) * pageSize }),
    // Counted up to a cap: an exact count would read the whole range on every page.
    db.$queryRaw<{ n: bigint | number }[]>`SELECT COUNT(*) AS "n" FROM (SELECT 1 FROM ${marginsFrom(countScope.driver)} WHERE ${countScope.where} LIMIT ${COUNT_CAP + 1}) AS "capped"`,
    distinctValues(db, shop, "gateway"),
    distinctValues(db, shop, "countryCode"),
  ]);
  const counted = Number(count[0]?.n ?? 0);
  return {
    currency: facts.currency,
    range,
    total: Math.min(counted, COUNT_CAP),
    totalCapped: counted > COUNT_CAP,
    page: params.page,
    pageSize,
    rows: page.rows,
    gateways,
    countries,
  };
}

export interface ProductChoice {
  id: string;
  title: string;
}

/** How many products the product filter offers for what the merchant typed. */
export const PRODUCT_CHOICES = 20;

/**
 * The product filter's choices: the shop's products whose title holds `query` (any case), by title,
 * PRODUCT_CHOICES of them. One scan of the shop's products (tens of thousands at most, not its orders).
 */
export async function productChoices(db: PrismaClient, shop: string, query: string): Promise<ProductChoice[]> {
  const text = query.trim().slice(0, 100).toLowerCase();
  const pattern = `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return db.$queryRaw<ProductChoice[]>`
    SELECT "id", "title" FROM "Product" WHERE "shop" = ${shop} AND LOWER("title") LIKE ${pattern} ESCAPE '\\'
     ORDER BY "title", "id" LIMIT ${PRODUCT_CHOICES}`;
}

/** The filtered product's title (the filter's label), or null when the catalog no longer has it. */
export async function productTitle(db: PrismaClient, shop: string, id: string): Promise<string | null> {
  const product = await db.product.findUnique({ where: { shop_id: { shop, id } }, select: { title: true } });
  return product?.title ?? null;
}

type OrderCsvRow = OrdersView["rows"][number];

/** The view's CSV columns: decimal amounts in the shop currency, margin % with two decimals. */
function orderColumns(currency: string): CsvColumn<OrderCsvRow>[] {
  const money = (n: number) => formatDecimal(n, currency);
  return [
    { header: "order", text: (r) => r.orderName },
    { header: "date", text: (r) => r.localDate },
    { header: "gateway", text: (r) => r.gateway ?? "" },
    { header: "country", text: (r) => r.countryCode ?? "" },
    { header: "items", number: (r) => r.items },
    { header: `net_revenue_${currency}`, number: (r) => r.netRevenue, format: money },
    { header: `total_costs_${currency}`, number: (r) => r.totalCosts, format: money },
    { header: `net_margin_${currency}`, number: (r) => r.netMargin, format: money },
    { header: "margin_percent", number: (r) => r.marginBp, format: (bp) => (bp / 100).toFixed(2) },
    { header: "flags", text: (r) => r.flags.join(" ") },
  ];
}

/** The view as CSV text. */
export function ordersCsv(view: Pick<OrdersView, "currency" | "rows">): string {
  return csvText(orderColumns(view.currency), view.rows);
}

/** The view as a CSV byte stream (the download's body). */
export function ordersCsvStream(view: Pick<OrdersView, "currency" | "rows">): ReadableStream<Uint8Array> {
  return csvStream(orderColumns(view.currency), view.rows);
}

/**
 * One order's breakdown: the engine on the stored order, with its stored
 * fixed-cost share. Null when the order is not in this shop's copy.
 */
export async function orderBreakdown(
  db: PrismaClient,
  shop: string,
  orderId: string,
): Promise<{ margin: OrderMargin; refund: RefundState | null; notes: string[]; storedAt: string | null; timeZone: string; parcelWeightNote: string | null; thresholds: CostSettings["thresholds"] } | null> {
  const [order] = await readOrders(db, shop, { ids: [orderId] });
  if (!order) return null;
  const stored = await db.orderMargin.findUnique({ where: { shop_orderId: { shop, orderId } }, select: { fixedCosts: true, computedAt: true } });
  const status = await db.order.findUnique({ where: { shop_id: { shop, id: orderId } }, select: { financialStatus: true } });
  const sources = await loadMarginSources(db, shop, marginSourceScope([order]));
  const margin = computeOrderMargin(
    order,
    marginContextFor(order, {
      settings: sources.settings,
      unitCosts: sources.unitCosts,
      shippingCosts: sources.shippingCosts,
      catalogWeights: sources.catalogWeights,
      fixedCosts: stored && stored.fixedCosts > 0 ? { amount: stored.fixedCosts } : null,
      // Its lines' shares of their products' stock carrying cost of the month, as the month's run gave them.
      stockCarrying: await orderStockCarrying(db, shop, order, sources.timeZone),
    }),
  );
  return {
    margin,
    // The header's "Refunded" / "Partly refunded" badge, as on the orders list.
    refund: refundState(status?.financialStatus ?? null, order.refunds.lineItemsBeforeTax + order.refunds.shippingBeforeTax, margin.netRevenue),
    // What was left out or counted differently, and why (gift cards, costs skipped for an order that shipped nothing).
    notes: marginNotes(margin),
    storedAt: stored?.computedAt.toISOString() ?? null,
    timeZone: sources.timeZone,
    parcelWeightNote: parcelWeightNote(margin),
    // The flags' thresholds in force for this order (its badges' tooltips).
    thresholds: settingsInForce(sources.settings, order.processedAt).thresholds,
  };
}

/**
 * Where the parcel weight came from, in plain words, when the order did not weigh
 * every shipped line (a weight of 0 is "not entered", see app/domain/rest-order.ts):
 * - estimated: those lines took their product's weight in Shopify's catalog today, so
 *   the weight bands still apply; the note gives the weight and the products;
 * - unknown: a line has no weight anywhere, so the engine skips the shipping rules with
 *   a weight band and the carrier cost comes from a rule without one or the default.
 * Null when the order weighed the parcel or nothing shipped.
 */
function parcelWeightNote(margin: OrderMargin): string | null {
  const s = margin.steps.shipping;
  const w = s.weight;
  if (w === null || w.source === "order") return null;
  const ids = new Set(w.lineIds);
  const titles = [...new Set(margin.lines.filter((l) => ids.has(l.lineId)).map((l) => l.title))];
  if (titles.length === 0) return null;
  if (w.source === "estimated") {
    if (s.parcelWeightGrams === null || s.source === "no-parcel" || s.source === "not-shipped") return null;
    const record = titles.length === 1 ? "one" : "them";
    return `Parcel weight estimated: ${weightText(s.parcelWeightGrams)}, from the product's current weight in Shopify for ${titles.join(", ")} (the order did not record ${record}).`;
  }
  if (s.source !== "rule" && s.source !== "default") return null;
  const from = s.source === "rule" ? `your shipping rule "${s.rule}", which has no weight band` : "your default shipping cost, as no rule without a weight band matched";
  return `The parcel weight is unknown: Shopify has no weight for ${titles.join(", ")}. The carrier cost is estimated from ${from}. Enter the weights in Shopify to use your weight bands.`;
}

/** 0.7 kg, 1.2 kg: weights in kg on every page. */
function weightText(grams: number): string {
  return formatWeight(grams);
}
