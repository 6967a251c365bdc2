/**
 * The reads reorder suggestions need (issue 18, item 5), for one shop: the catalog's
 * tracked variants with their stock position, units sold per variant over the windows
 * (and per day for the few out of stock in them), and the stock snapshots of the windows.
 *
 * - On hand and incoming are Σ over the shop's active locations (InventoryLevel as the
 *   last import and webhooks left it).
 * - Units sold = units kept with a cost + units kept without one (`missingUnits`): a sale
 *   whose cost is unknown is still a sale. Single-variant products have no
 *   `VariantDayMargin` rows (app/DECISIONS.md 2026-12-06): their `ProductDayMargin` rows
 *   are their variant's.
 *
 * Works on SQLite and PostgreSQL (PostgreSQL's SUM comes back as a bigint or a numeric
 * string: turned into numbers here).
 */
import { Prisma, type PrismaClient } from "@prisma/client";

import { chunks } from "./sql.server";

type Db = Pick<PrismaClient, "$queryRaw">;

const int = (v: unknown): number => (v === null || v === undefined ? 0 : typeof v === "number" ? v : Number(v));

export interface ReorderVariant {
  variantId: string;
  productId: string;
  /** "Product – Variant" (the variant's title left out when Shopify's default). */
  title: string;
  sku: string | null;
  onHand: number;
  incoming: number;
  /** The product has this one variant (its sales are in ProductDayMargin). */
  onlyVariant: boolean;
}

/** The shop's variants Shopify tracks (or whose tracking is unknown), with on hand and incoming at active locations. */
export async function readReorderVariants(db: Db, shop: string): Promise<ReorderVariant[]> {
  const rows = await db.$queryRaw<Record<string, unknown>[]>(Prisma.sql`
    SELECT v."id" AS "variantId", v."productId" AS "productId", p."title" AS "productTitle", v."title" AS "variantTitle", v."sku" AS "sku",
           q."onHand" AS "onHand", q."incoming" AS "incoming", n."variants" AS "variants"
    FROM "Variant" v
    LEFT JOIN "Product" p ON p."shop" = v."shop" AND p."id" = v."productId"
    LEFT JOIN (SELECT l."variantId", SUM(l."onHand") AS "onHand", SUM(l."incoming") AS "incoming" FROM "InventoryLevel" l
               JOIN "InventoryLocation" loc ON loc."shop" = l."shop" AND loc."id" = l."locationId"
               WHERE l."shop" = ${shop} AND loc."isActive" = TRUE AND l."variantId" IS NOT NULL GROUP BY l."variantId") q ON q."variantId" = v."id"
    JOIN (SELECT "productId", COUNT(*) AS "variants" FROM "Variant" WHERE "shop" = ${shop} GROUP BY "productId") n ON n."productId" = v."productId"
    WHERE v."shop" = ${shop} AND (v."tracked" IS NULL OR v."tracked" = TRUE)
    ORDER BY v."id"`);
  return rows.map((r) => {
    const product = r.productTitle === null || r.productTitle === undefined || r.productTitle === "" ? "Untitled product" : String(r.productTitle);
    const variant = r.variantTitle === null || r.variantTitle === undefined ? "" : String(r.variantTitle);
    return {
      variantId: String(r.variantId),
      productId: String(r.productId),
      title: variant === "" || variant === "Default Title" ? product : `${product} – ${variant}`,
      sku: r.sku === null || r.sku === undefined || r.sku === "" ? null : String(r.sku),
      onHand: int(r.onHand),
      incoming: int(r.incoming),
      onlyVariant: int(r.variants) === 1,
    };
  });
}

/**
 * Units sold per variant over the long window [longFrom, to] and its short part
 * [shortFrom, to] (both included), summed in SQL. `onlyVariants` maps a single-variant
 * product to its variant (its sales are its product's rows; variant rows of such a variant
 * are not counted twice).
 */
export async function readUnitTotals(
  db: Db,
  shop: string,
  w: { longFrom: string; shortFrom: string; to: string },
  onlyVariants: ReadonlyMap<string, string>,
): Promise<Map<string, { short: number; long: number }>> {
  const select = Prisma.sql`SUM(CASE WHEN "day" >= ${w.shortFrom} THEN "units" + "missingUnits" ELSE 0 END) AS "short", SUM("units" + "missingUnits") AS "long"`;
  const [products, variants] = await Promise.all([
    db.$queryRaw<{ key: string; short: unknown; long: unknown }[]>(Prisma.sql`
      SELECT "productId" AS "key", ${select} FROM "ProductDayMargin"
      WHERE "shop" = ${shop} AND "day" >= ${w.longFrom} AND "day" <= ${w.to} GROUP BY "productId"`),
    db.$queryRaw<{ key: string; short: unknown; long: unknown }[]>(Prisma.sql`
      SELECT "variantId" AS "key", ${select} FROM "VariantDayMargin"
      WHERE "shop" = ${shop} AND "day" >= ${w.longFrom} AND "day" <= ${w.to} GROUP BY "variantId"`),
  ]);
  const out = new Map<string, { short: number; long: number }>();
  for (const r of products) {
    const variantId = onlyVariants.get(r.key);
    if (variantId !== undefined && int(r.long) > 0) out.set(variantId, { short: int(r.short), long: int(r.long) });
  }
  const single = new Set(onlyVariants.values());
  for (const r of variants) if (!single.has(r.key) && int(r.long) > 0) out.set(r.key, { short: int(r.short), long: int(r.long) });
  return out;
}

/**
 * Units sold per shop-local day over [from, to] for a few variants (those out of stock
 * some day of the window: a day with a sale is never out of stock, so their days count).
 * A single-variant product's days are its product's rows.
 */
export async function readUnitsByDay(
  db: Db,
  shop: string,
  from: string,
  to: string,
  variants: readonly { variantId: string; productId: string; onlyVariant: boolean }[],
): Promise<Map<string, Map<string, number>>> {
  const out = new Map<string, Map<string, number>>();
  const add = (variantId: string, day: string, units: number) => {
    if (units <= 0) return;
    let m = out.get(variantId);
    if (!m) out.set(variantId, (m = new Map()));
    m.set(day, (m.get(day) ?? 0) + units);
  };
  const byProduct = new Map(variants.filter((v) => v.onlyVariant).map((v) => [v.productId, v.variantId]));
  const multi = variants.filter((v) => !v.onlyVariant).map((v) => v.variantId);
  for (const part of chunks([...byProduct.keys()], 1)) {
    const rows = await db.$queryRaw<{ key: string; day: string; units: unknown }[]>(Prisma.sql`
      SELECT "productId" AS "key", "day", "units" + "missingUnits" AS "units" FROM "ProductDayMargin"
      WHERE "shop" = ${shop} AND "day" >= ${from} AND "day" <= ${to} AND "productId" IN (${Prisma.join(part)})`);
    for (const r of rows) add(byProduct.get(r.key)!, r.day, int(r.units));
  }
  for (const part of chunks(multi, 1)) {
    const rows = await db.$queryRaw<{ key: string; day: string; units: unknown }[]>(Prisma.sql`
      SELECT "variantId" AS "key", "day", SUM("units" + "missingUnits") AS "units" FROM "VariantDayMargin"
      WHERE "shop" = ${shop} AND "day" >= ${from} AND "day" <= ${to} AND "variantId" IN (${Prisma.join(part)}) GROUP BY "variantId", "day"`);
    for (const r of rows) add(r.key, r.day, int(r.units));
  }
  return out;
}

/**
 * Every variant's stock snapshots in force over [from, to] (both included): the one
 * carried in from before `from` (with its own date), then the window's, oldest first; and
 * where the shop's history starts (null: no snapshot yet). Only the snapshots, not every
 * day (stockOnDays builds those, which a whole catalog does not need).
 */
export async function readSnapshotsInWindow(
  db: Db,
  shop: string,
  from: string,
  to: string,
): Promise<{ historyStarts: string | null; variants: Map<string, { date: string; onHand: number }[]> }> {
  const first = await db.$queryRaw<{ day: string | null }[]>(Prisma.sql`SELECT MIN("day") AS "day" FROM "StockSnapshot" WHERE "shop" = ${shop}`);
  const historyStarts = first[0]?.day ?? null;
  const variants = new Map<string, { date: string; onHand: number }[]>();
  if (historyStarts === null) return { historyStarts, variants };
  const rows = await db.$queryRaw<{ variantId: string; day: string; onHand: unknown }[]>(Prisma.sql`
    SELECT s."variantId" AS "variantId", s."day" AS "day", s."onHand" AS "onHand" FROM "StockSnapshot" s
    WHERE s."shop" = ${shop} AND s."day" >= ${from} AND s."day" <= ${to}
    UNION ALL
    SELECT s."variantId", s."day", s."onHand" FROM "StockSnapshot" s
    JOIN (SELECT p."variantId", MAX(p."day") AS "day" FROM "StockSnapshot" p WHERE p."shop" = ${shop} AND p."day" < ${from} GROUP BY p."variantId") m
      ON m."variantId" = s."variantId" AND m."day" = s."day"
    WHERE s."shop" = ${shop}`);
  for (const r of rows) {
    let list = variants.get(r.variantId);
    if (!list) variants.set(r.variantId, (list = []));
    list.push({ date: r.day, onHand: int(r.onHand) });
  }
  for (const list of variants.values()) list.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  return { historyStarts, variants };
}
