/**
 * The reads reorder suggestions need (issue 18, item 5), for one shop: the catalog's
 * tracked variants with their stock position (on hand and incoming). Sales, snapshots
 * and sale days are the Stock page's reads (stock-read.server.ts).
 *
 * - On hand and incoming are Σ over the shop's active locations (InventoryLevel as the
 *   last import and webhooks left it).
 * - `onlyVariant`: the product has one variant, whose sales are its product's
 *   `ProductDayMargin` rows (app/DECISIONS.md 2026-12-06).
 *
 * Works on SQLite and PostgreSQL (PostgreSQL's SUM comes back as a bigint or a numeric
 * string: turned into numbers here).
 */
import { Prisma, type PrismaClient } from "@prisma/client";

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
