/**
 * The reads the Stock page's computation needs (issue 18, items 3 and 6), for one shop,
 * aggregated in SQL so that a store of 50,000 variants and a year of margins reads a few
 * rows per variant, never its order lines or every day of its sales:
 *
 * - `readStockCatalog`: the catalog's variants with their product (title, price, tracked).
 * - `readOnHand`: on hand per variant summed over the active locations (or one location),
 *   and which variants are stocked at all; `readOnHandByLocation` the same per location
 *   for a few variants (a product's page); `readStockLocations` the locations with their
 *   totals; `readUnknownStockItems` stock of items no longer in the catalog (a variant
 *   deleted in Shopify).
 * - `readSalesWindow`: per variant over a trailing window, the units sold in its inner and
 *   outer part, the last sale day of each part, and net margin with the units it covers.
 *   Units sold = units kept with a cost + units kept without one (`missingUnits`): a sale
 *   whose cost is unknown is still a sale. Single-variant products have no
 *   `VariantDayMargin` rows (app/DECISIONS.md 2026-12-06): their product's
 *   `ProductDayMargin` rows are their variant's.
 * - `readLastSalesBefore`: the last sale day before the window, one index walk per
 *   product (`(shop, productId, day)` read backwards to the first day with a unit kept).
 * - `readSaleDays`: the days with a sale in the window, for the few variants that were out
 *   of stock in it (a day with a sale is never out of stock).
 * - `readSnapshotFacts`: per variant from the stock snapshots, the first day stocked, the
 *   last day back in stock after a stock-out, the last day out of stock; `readSnapshotsIn`
 *   the snapshots in force over a window for a few variants; `readStockValueByDay` the
 *   shop's stock value at cost per day (Σ over variants of the latest snapshot).
 *
 * Works on SQLite and PostgreSQL (Prisma raw SQL; PostgreSQL's SUM and BIGINT come back
 * as bigints, turned into numbers here). Dates are shop-local "YYYY-MM-DD" strings.
 */
import { Prisma, type PrismaClient } from "@prisma/client";

import { addDays } from "~/domain/time";

import { chunks } from "./sql.server";

type Db = Pick<PrismaClient, "$queryRaw">;

const int = (v: unknown): number => (v === null || v === undefined ? 0 : typeof v === "number" ? v : Number(v));
const intOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : typeof v === "number" ? v : Number(v));
const textOrNull = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

/** `AND <column> IN (…)` for an optional list (one statement's worth: callers chunk). */
function inList(column: string, ids: readonly string[] | null | undefined): Prisma.Sql {
  return ids ? Prisma.sql` AND ${Prisma.raw(column)} IN (${Prisma.join(ids)})` : Prisma.empty;
}

/** Runs `read` once for every chunk of `ids` (or once for all when `ids` is null/undefined), concatenating rows. */
async function eachChunk<T>(ids: readonly string[] | null | undefined, read: (part: readonly string[] | null) => Promise<T[]>): Promise<T[]> {
  if (!ids) return read(null);
  const out: T[] = [];
  for (const part of chunks([...new Set(ids)], 2)) out.push(...(await read(part)));
  return out;
}

// ---------------------------------------------------------------------------
// Catalog and quantities

export interface StockCatalogVariant {
  variantId: string;
  productId: string;
  /** The product's title; null when the product row is not stored. */
  productTitle: string | null;
  productStatus: string | null;
  variantTitle: string | null;
  sku: string | null;
  /** List price in `currency` (minor units), as Shopify shows it; null when unknown. */
  price: number | null;
  currency: string;
  /** False: Shopify does not track this item's quantities. Null: not known. */
  tracked: boolean | null;
}

/** The shop's variants (or one product's) with their product. */
export async function readStockCatalog(db: Db, shop: string, productId?: string): Promise<StockCatalogVariant[]> {
  const rows = await db.$queryRaw<Record<string, unknown>[]>(Prisma.sql`
    SELECT v."id" AS "variantId", v."productId" AS "productId", p."title" AS "productTitle", p."status" AS "productStatus",
           v."title" AS "variantTitle", v."sku" AS "sku", v."price" AS "price", v."currency" AS "currency", v."tracked" AS "tracked"
    FROM "Variant" v LEFT JOIN "Product" p ON p."shop" = v."shop" AND p."id" = v."productId"
    WHERE v."shop" = ${shop}${productId === undefined ? Prisma.empty : Prisma.sql` AND v."productId" = ${productId}`}`);
  return rows.map((r) => ({
    variantId: String(r.variantId),
    productId: String(r.productId),
    productTitle: textOrNull(r.productTitle),
    productStatus: textOrNull(r.productStatus),
    variantTitle: textOrNull(r.variantTitle),
    sku: textOrNull(r.sku),
    price: intOrNull(r.price),
    currency: String(r.currency),
    tracked: r.tracked === null || r.tracked === undefined ? null : r.tracked === true || r.tracked === 1 || r.tracked === 1n,
  }));
}

/**
 * On hand per variant: Σ InventoryLevel.onHand over the shop's active locations, or over
 * `location` alone. A variant absent from the map has no level there (not stocked).
 */
export async function readOnHand(db: Db, shop: string, opts: { location?: string | null; variantIds?: readonly string[] } = {}): Promise<Map<string, number>> {
  const rows = await eachChunk(opts.variantIds, (part) =>
    db.$queryRaw<{ variantId: string; onHand: unknown }[]>(Prisma.sql`
      SELECT l."variantId" AS "variantId", SUM(l."onHand") AS "onHand" FROM "InventoryLevel" l
      JOIN "InventoryLocation" loc ON loc."shop" = l."shop" AND loc."id" = l."locationId"
      WHERE l."shop" = ${shop} AND l."variantId" IS NOT NULL AND loc."isActive" = TRUE
        ${opts.location ? Prisma.sql`AND l."locationId" = ${opts.location}` : Prisma.empty}${inList(`l."variantId"`, part)}
      GROUP BY l."variantId"`),
  );
  return new Map(rows.map((r) => [r.variantId, int(r.onHand)]));
}

export interface OnHandAtLocation {
  variantId: string;
  locationId: string;
  locationName: string;
  isActive: boolean;
  onHand: number;
  available: number;
  committed: number;
  incoming: number;
}

/** A few variants' quantities per location (inactive locations included, flagged). */
export async function readOnHandByLocation(db: Db, shop: string, variantIds: readonly string[]): Promise<OnHandAtLocation[]> {
  if (variantIds.length === 0) return [];
  const rows = await eachChunk(variantIds, (part) =>
    db.$queryRaw<Record<string, unknown>[]>(Prisma.sql`
      SELECT l."variantId" AS "variantId", l."locationId" AS "locationId", loc."name" AS "locationName", loc."isActive" AS "isActive",
             l."onHand" AS "onHand", l."available" AS "available", l."committed" AS "committed", l."incoming" AS "incoming"
      FROM "InventoryLevel" l JOIN "InventoryLocation" loc ON loc."shop" = l."shop" AND loc."id" = l."locationId"
      WHERE l."shop" = ${shop}${inList(`l."variantId"`, part)}`),
  );
  return rows
    .map((r) => ({
      variantId: String(r.variantId),
      locationId: String(r.locationId),
      locationName: String(r.locationName),
      isActive: r.isActive === true || r.isActive === 1 || r.isActive === 1n,
      onHand: int(r.onHand),
      available: int(r.available),
      committed: int(r.committed),
      incoming: int(r.incoming),
    }))
    .sort((a, b) => (a.locationName < b.locationName ? -1 : a.locationName > b.locationName ? 1 : a.variantId < b.variantId ? -1 : a.variantId > b.variantId ? 1 : 0));
}

export interface StockLocation {
  id: string;
  name: string;
  isActive: boolean;
  /** Σ on hand of the catalog's variants there. */
  onHand: number;
  /** Levels (items) stored there. */
  levels: number;
}

/** The shop's locations with their totals, by name. */
export async function readStockLocations(db: Db, shop: string): Promise<StockLocation[]> {
  const rows = await db.$queryRaw<Record<string, unknown>[]>(Prisma.sql`
    SELECT loc."id" AS "id", loc."name" AS "name", loc."isActive" AS "isActive",
           SUM(CASE WHEN v."id" IS NOT NULL THEN l."onHand" ELSE 0 END) AS "onHand", COUNT(l."inventoryItemId") AS "levels"
    FROM "InventoryLocation" loc LEFT JOIN "InventoryLevel" l ON l."shop" = loc."shop" AND l."locationId" = loc."id"
    LEFT JOIN "Variant" v ON v."shop" = l."shop" AND v."id" = l."variantId"
    WHERE loc."shop" = ${shop}
    GROUP BY loc."id", loc."name", loc."isActive"`);
  return rows
    .map((r) => ({ id: String(r.id), name: String(r.name), isActive: r.isActive === true || r.isActive === 1 || r.isActive === 1n, onHand: int(r.onHand), levels: int(r.levels) }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.id < b.id ? -1 : 1));
}

/**
 * Stock of items the catalog no longer has (the variant was deleted in Shopify, or the item
 * was never in the catalog): how many items, and their units on hand at active locations.
 */
export async function readUnknownStockItems(db: Db, shop: string): Promise<{ items: number; onHand: number }> {
  const rows = await db.$queryRaw<{ items: unknown; onHand: unknown }[]>(Prisma.sql`
    SELECT COUNT(DISTINCT l."inventoryItemId") AS "items", SUM(l."onHand") AS "onHand" FROM "InventoryLevel" l
    JOIN "InventoryLocation" loc ON loc."shop" = l."shop" AND loc."id" = l."locationId"
    LEFT JOIN "Variant" v ON v."shop" = l."shop" AND v."id" = l."variantId"
    WHERE l."shop" = ${shop} AND loc."isActive" = TRUE AND v."id" IS NULL AND l."onHand" > 0`);
  return { items: int(rows[0]?.items), onHand: int(rows[0]?.onHand) };
}

/** Whether any inventory was imported for the shop yet (levels or locations). */
export async function hasInventory(db: Db, shop: string): Promise<boolean> {
  const rows = await db.$queryRaw<{ n: unknown }[]>(Prisma.sql`SELECT COUNT(*) AS "n" FROM (SELECT 1 FROM "InventoryLocation" WHERE "shop" = ${shop} LIMIT 1) x`);
  return int(rows[0]?.n) > 0;
}

// ---------------------------------------------------------------------------
// Sales

/** A window ending on `to` (included): `from` ≤ `innerFrom` ≤ `to`; the inner part is [innerFrom, to]. */
export interface SalesWindow {
  from: string;
  innerFrom: string;
  to: string;
}

export interface SalesTotals {
  /** Units sold on the inner part [innerFrom, to], and on the outer part [from, innerFrom). */
  innerUnits: number;
  outerUnits: number;
  /** The last day of each part with a unit sold; null when none. */
  innerLastSale: string | null;
  outerLastSale: string | null;
  /** Net margin over the whole window (minor units) and the units it covers (sold with a known cost). */
  netMargin: number;
  costedUnits: number;
}

export interface SalesByKey {
  /** Per product, from ProductDayMargin (the product's only variant's, when it has one). */
  products: Map<string, SalesTotals>;
  /** Per variant, from VariantDayMargin (multi-variant products only). */
  variants: Map<string, SalesTotals>;
}

function totals(r: Record<string, unknown>): SalesTotals {
  return {
    innerUnits: int(r.innerUnits),
    outerUnits: int(r.outerUnits),
    innerLastSale: textOrNull(r.innerLastSale),
    outerLastSale: textOrNull(r.outerLastSale),
    netMargin: int(r.netMargin),
    costedUnits: int(r.costedUnits),
  };
}

/** Units sold, last sale days and net margin per product and per variant over the window, one grouped scan of each day table. */
export async function readSalesWindow(db: Db, shop: string, w: SalesWindow, productId?: string): Promise<SalesByKey> {
  const only = productId === undefined ? Prisma.empty : Prisma.sql` AND "productId" = ${productId}`;
  const select = Prisma.sql`
    SUM(CASE WHEN "day" >= ${w.innerFrom} THEN "units" + "missingUnits" ELSE 0 END) AS "innerUnits",
    SUM(CASE WHEN "day" < ${w.innerFrom} THEN "units" + "missingUnits" ELSE 0 END) AS "outerUnits",
    MAX(CASE WHEN "day" >= ${w.innerFrom} AND "units" + "missingUnits" > 0 THEN "day" END) AS "innerLastSale",
    MAX(CASE WHEN "day" < ${w.innerFrom} AND "units" + "missingUnits" > 0 THEN "day" END) AS "outerLastSale",
    SUM("netMargin") AS "netMargin", SUM("units") AS "costedUnits"`;
  const [products, variants] = await Promise.all([
    db.$queryRaw<Record<string, unknown>[]>(Prisma.sql`
      SELECT "productId" AS "key", ${select} FROM "ProductDayMargin"
      WHERE "shop" = ${shop} AND "day" >= ${w.from} AND "day" <= ${w.to}${only} GROUP BY "productId"`),
    db.$queryRaw<Record<string, unknown>[]>(Prisma.sql`
      SELECT "variantId" AS "key", ${select} FROM "VariantDayMargin"
      WHERE "shop" = ${shop} AND "day" >= ${w.from} AND "day" <= ${w.to}${only} GROUP BY "variantId"`),
  ]);
  return {
    products: new Map(products.map((r) => [String(r.key), totals(r)])),
    variants: new Map(variants.map((r) => [String(r.key), totals(r)])),
  };
}

/** Net margin per product over [from, to] (both included), for ABC classes (custom items, with no product, left out). */
export async function readNetMarginByProduct(db: Db, shop: string, from: string, to: string): Promise<Map<string, number>> {
  const rows = await db.$queryRaw<{ productId: string; netMargin: unknown }[]>(Prisma.sql`
    SELECT "productId" AS "productId", SUM("netMargin") AS "netMargin" FROM "ProductDayMargin"
    WHERE "shop" = ${shop} AND "day" >= ${from} AND "day" <= ${to} AND "productId" <> '' GROUP BY "productId"`);
  return new Map(rows.map((r) => [r.productId, int(r.netMargin)]));
}

/**
 * The last day with a unit sold before `before`, for the products given (ProductDayMargin)
 * and the variants given with their product (VariantDayMargin); absent: never. Each is one
 * walk down the (shop, productId, day) index from `before`, stopping at the first such day.
 */
export async function readLastSalesBefore(
  db: Db,
  shop: string,
  before: string,
  products: readonly string[],
  variants: readonly { variantId: string; productId: string }[],
): Promise<{ products: Map<string, string>; variants: Map<string, string> }> {
  const out = { products: new Map<string, string>(), variants: new Map<string, string>() };
  for (const part of chunks([...new Set(products)], 1)) {
    const rows = await db.$queryRaw<{ key: string; day: string | null }[]>(Prisma.sql`
      SELECT p."id" AS "key", (SELECT d."day" FROM "ProductDayMargin" d
         WHERE d."shop" = ${shop} AND d."productId" = p."id" AND d."day" < ${before} AND d."units" + d."missingUnits" > 0
         ORDER BY d."day" DESC LIMIT 1) AS "day"
      FROM (SELECT DISTINCT "id" FROM "Product" WHERE "shop" = ${shop} AND "id" IN (${Prisma.join(part)})) p`);
    for (const r of rows) if (r.day !== null) out.products.set(r.key, r.day);
  }
  // Variants listed by product: the subquery walks the product's days and keeps the variant's.
  for (const part of chunks(variants, 2)) {
    const rows = await db.$queryRaw<{ key: string; day: string | null }[]>(Prisma.sql`
      SELECT v."id" AS "key", (SELECT d."day" FROM "VariantDayMargin" d
         WHERE d."shop" = ${shop} AND d."productId" = v."productId" AND d."variantId" = v."id" AND d."day" < ${before} AND d."units" + d."missingUnits" > 0
         ORDER BY d."day" DESC LIMIT 1) AS "day"
      FROM "Variant" v WHERE v."shop" = ${shop} AND v."id" IN (${Prisma.join(part.map((p) => p.variantId))})`);
    for (const r of rows) if (r.day !== null) out.variants.set(r.key, r.day);
  }
  return out;
}

/** The days of [from, to] with a unit sold, per product (single-variant products) and per variant; for a few only. */
export async function readSaleDays(
  db: Db,
  shop: string,
  from: string,
  to: string,
  products: readonly string[],
  variants: readonly string[],
): Promise<{ products: Map<string, Set<string>>; variants: Map<string, Set<string>> }> {
  const out = { products: new Map<string, Set<string>>(), variants: new Map<string, Set<string>>() };
  const add = (m: Map<string, Set<string>>, key: string, day: string) => {
    let s = m.get(key);
    if (!s) m.set(key, (s = new Set()));
    s.add(day);
  };
  if (products.length > 0) {
    const rows = await eachChunk(products, (part) =>
      db.$queryRaw<{ key: string; day: string }[]>(Prisma.sql`
        SELECT "productId" AS "key", "day" FROM "ProductDayMargin"
        WHERE "shop" = ${shop} AND "day" >= ${from} AND "day" <= ${to} AND "units" + "missingUnits" > 0${inList(`"productId"`, part)}`),
    );
    for (const r of rows) add(out.products, r.key, r.day);
  }
  if (variants.length > 0) {
    const rows = await eachChunk(variants, (part) =>
      db.$queryRaw<{ key: string; day: string }[]>(Prisma.sql`
        SELECT "variantId" AS "key", "day" FROM "VariantDayMargin"
        WHERE "shop" = ${shop} AND "day" >= ${from} AND "day" <= ${to} AND "units" + "missingUnits" > 0${inList(`"variantId"`, part)}`),
    );
    for (const r of rows) add(out.variants, r.key, r.day);
  }
  return out;
}

// ---------------------------------------------------------------------------
// Snapshots

export interface SnapshotFacts {
  /** The variant's first snapshot. */
  firstDay: string;
  /** The first snapshot with stock on hand (> 0); null: never stocked since history starts. */
  firstStocked: string | null;
  /** The last snapshot with stock that follows one without (back in stock after a stock-out); null: none. */
  restocked: string | null;
  /** The last snapshot with nothing on hand (≤ 0); null: none. */
  lastOut: string | null;
}

/**
 * Per variant, from every snapshot of the shop (or of the variants given): one grouped pass
 * in primary-key order (variant, day), no sort. The last restock is the first snapshot after
 * the last one without stock (one seek each); for a variant whose latest snapshot has no stock
 * (out now), the restock before it is read from that variant's snapshots (few variants).
 */
export async function readSnapshotFacts(db: Db, shop: string, variantIds?: readonly string[]): Promise<{ historyStarts: string | null; variants: Map<string, SnapshotFacts> }> {
  const first = await db.$queryRaw<{ day: string | null }[]>(Prisma.sql`SELECT MIN("day") AS "day" FROM "StockSnapshot" WHERE "shop" = ${shop}`);
  const historyStarts = first[0]?.day ?? null;
  const variants = new Map<string, SnapshotFacts>();
  if (historyStarts === null) return { historyStarts, variants };
  const rows = await eachChunk(variantIds, (part) =>
    db.$queryRaw<Record<string, unknown>[]>(Prisma.sql`
      SELECT f."variantId" AS "variantId", f."firstDay" AS "firstDay", f."firstStocked" AS "firstStocked", f."lastOut" AS "lastOut",
             CASE WHEN f."lastOut" IS NULL THEN NULL ELSE
               (SELECT MIN(n."day") FROM "StockSnapshot" n WHERE n."shop" = ${shop} AND n."variantId" = f."variantId" AND n."day" > f."lastOut") END AS "restocked"
      FROM (SELECT "variantId", MIN("day") AS "firstDay", MIN(CASE WHEN "onHand" > 0 THEN "day" END) AS "firstStocked", MAX(CASE WHEN "onHand" <= 0 THEN "day" END) AS "lastOut"
            FROM "StockSnapshot" WHERE "shop" = ${shop}${inList(`"variantId"`, part)} GROUP BY "variantId") f`),
  );
  const outNow: string[] = [];
  for (const r of rows) {
    const f: SnapshotFacts = { firstDay: String(r.firstDay), firstStocked: textOrNull(r.firstStocked), restocked: textOrNull(r.restocked), lastOut: textOrNull(r.lastOut) };
    variants.set(String(r.variantId), f);
    if (f.lastOut !== null && f.restocked === null && f.firstStocked !== null && f.firstStocked < f.lastOut) outNow.push(String(r.variantId));
  }
  // Out now, stocked before: the last snapshot with stock that followed one without, walked in JavaScript.
  const sequences = await eachChunk(outNow.length > 0 ? outNow : [], (part) =>
    db.$queryRaw<{ variantId: string; day: string; onHand: unknown }[]>(Prisma.sql`
      SELECT "variantId" AS "variantId", "day" AS "day", "onHand" AS "onHand" FROM "StockSnapshot" WHERE "shop" = ${shop}${inList(`"variantId"`, part)}`),
  );
  const byVariant = new Map<string, { day: string; onHand: number }[]>();
  for (const r of sequences) {
    let list = byVariant.get(r.variantId);
    if (!list) byVariant.set(r.variantId, (list = []));
    list.push({ day: r.day, onHand: int(r.onHand) });
  }
  for (const [variantId, list] of byVariant) {
    list.sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0));
    let restocked: string | null = null;
    for (let i = 1; i < list.length; i++) if (list[i]!.onHand > 0 && list[i - 1]!.onHand <= 0) restocked = list[i]!.day;
    variants.set(variantId, { ...variants.get(variantId)!, restocked });
  }
  return { historyStarts, variants };
}

/** The snapshots (day, on hand) in force over [from, to] for the variants given: the one carried in from before `from`, then the window's; oldest first. */
export async function readSnapshotsIn(db: Db, shop: string, variantIds: readonly string[], from: string, to: string): Promise<Map<string, { date: string; onHand: number }[]>> {
  const out = new Map<string, { date: string; onHand: number }[]>();
  if (variantIds.length === 0) return out;
  const rows = await eachChunk(variantIds, (part) =>
    db.$queryRaw<{ variantId: string; day: string; onHand: unknown }[]>(Prisma.sql`
      SELECT s."variantId" AS "variantId", s."day" AS "day", s."onHand" AS "onHand" FROM "StockSnapshot" s
      WHERE s."shop" = ${shop} AND s."day" >= ${from} AND s."day" <= ${to}${inList(`s."variantId"`, part)}
      UNION ALL
      SELECT s."variantId", s."day", s."onHand" FROM "StockSnapshot" s
      JOIN (SELECT p."variantId", MAX(p."day") AS "day" FROM "StockSnapshot" p WHERE p."shop" = ${shop} AND p."day" < ${from}${inList(`p."variantId"`, part)} GROUP BY p."variantId") m
        ON m."variantId" = s."variantId" AND m."day" = s."day"
      WHERE s."shop" = ${shop}`),
  );
  for (const r of rows) {
    let list = out.get(r.variantId);
    if (!list) out.set(r.variantId, (list = []));
    list.push({ date: r.day, onHand: int(r.onHand) });
  }
  for (const list of out.values()) list.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  return out;
}

export interface StockValueDay {
  day: string;
  /** Σ over variants of the latest snapshot's value at cost (unknown costs count 0). */
  valueAtCost: number;
  /** Σ on hand (negative on hand counts as recorded). */
  onHand: number;
}

/**
 * The shop's stock value at cost per day from `from` to `to` (both included), from its
 * first snapshot on (days before are not returned: nothing is known of them). Each
 * snapshot adds its change from the variant's previous one on its day, so the shop's
 * history is read once in primary-key order (variant, day: the window needs no sort),
 * grouped by day.
 */
export async function readStockValueByDay(db: Db, shop: string, from: string, to: string): Promise<StockValueDay[]> {
  const rows = await db.$queryRaw<{ day: string; value: unknown; units: unknown }[]>(Prisma.sql`
    SELECT s."day" AS "day", SUM(COALESCE(s."valueAtCost", 0) - COALESCE(s."previousValue", 0)) AS "value", SUM(s."onHand" - COALESCE(s."previousOnHand", 0)) AS "units"
    FROM (SELECT "day", "valueAtCost", "onHand",
                 LAG("valueAtCost") OVER (PARTITION BY "variantId" ORDER BY "day") AS "previousValue",
                 LAG("onHand") OVER (PARTITION BY "variantId" ORDER BY "day") AS "previousOnHand"
          FROM "StockSnapshot" WHERE "shop" = ${shop}) s
    WHERE s."day" <= ${to}
    GROUP BY s."day" ORDER BY s."day"`);
  const out: StockValueDay[] = [];
  if (rows.length === 0) return out;
  let value = 0;
  let onHand = 0;
  let k = 0;
  for (let day = rows[0]!.day; day <= to; day = addDays(day, 1)) {
    while (k < rows.length && rows[k]!.day <= day) {
      value += int(rows[k]!.value);
      onHand += int(rows[k]!.units);
      k++;
    }
    if (day >= from) out.push({ day, valueAtCost: value, onHand });
  }
  return out;
}
