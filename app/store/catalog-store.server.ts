/**
 * Catalog in the database: variants (with their product and its vendor) and the unit-cost
 * history. Shopify keeps only today's unit cost, so NetMargin records a snapshot
 * (UnitCostSnapshot) whenever it sees a cost that differs from the last one it
 * recorded: at backfill, on inventory_items/update, and at each new order (the
 * cost in force when the order was placed). A variant update older than the
 * stored one (updatedAt) is ignored. A changed catalog weight marks the margins
 * of the orders that took it as their parcel weight estimate. Every statement is
 * scoped to one shop.
 */
import type { InventoryItemCost, VariantRecord } from "~/domain/catalog";
import { rangesByMonth } from "./dirty.server";
import { chunks, valuesPlaceholders, type SqlDb, type SqlValue } from "./sql.server";

export type CostSource = "backfill" | "webhook" | "order" | "reconcile";

function toTime(v: unknown): number {
  return v instanceof Date ? v.getTime() : new Date(String(v)).getTime();
}

/**
 * Inserts or updates variants and their products. `partial`: the source lacks
 * cost and weight (REST products/update): the stored ones are kept.
 */
export async function upsertVariants(
  sql: SqlDb,
  shop: string,
  variants: readonly VariantRecord[],
  now: Date,
  opts: { partial?: boolean; source?: CostSource; claim?: (tx: SqlDb) => Promise<boolean> } = {},
): Promise<{ written: number; stale: number; claimed?: false }> {
  if (variants.length === 0 && !opts.claim) return { written: 0, stale: 0 };
  return sql.transaction(async (tx) => {
    // `claim` first in the transaction (a webhook's event id): false writes nothing.
    if (opts.claim && !(await opts.claim(tx))) return { written: 0, stale: 0, claimed: false as const };
    if (variants.length === 0) return { written: 0, stale: 0 };
    const stored = new Map<string, { updatedAt: number; costUpdatedAt: number | null; unitCost: number | null; weightGrams: number | null }>();
    for (const part of chunks(variants, 1)) {
      const rows = await tx.query<{ id: string; updatedAt: unknown; costUpdatedAt: unknown; unitCost: number | null; weightGrams: number | null }>(
        `SELECT "id", "updatedAt", "costUpdatedAt", "unitCost", "weightGrams" FROM "Variant" WHERE "shop" = ? AND "id" IN (${part.map(() => "?").join(",")})`,
        [shop, ...part.map((v) => v.id)],
      );
      for (const r of rows) {
        stored.set(r.id, {
          updatedAt: toTime(r.updatedAt),
          costUpdatedAt: r.costUpdatedAt === null ? null : toTime(r.costUpdatedAt),
          unitCost: r.unitCost === null ? null : Number(r.unitCost),
          weightGrams: r.weightGrams === null ? null : Number(r.weightGrams),
        });
      }
    }
    // Each half is guarded by its own timestamp: a variant update older than the
    // stored variant is ignored, and so is a cost older than the stored cost.
    const variantFresh = (v: VariantRecord) => {
      const s = stored.get(v.id);
      return !s || s.updatedAt <= Date.parse(v.updatedAt);
    };
    const costFresh = (v: VariantRecord) => {
      if (opts.partial || v.unitCost === undefined || v.costUpdatedAt === null) return false;
      const s = stored.get(v.id);
      return !s || s.costUpdatedAt === null || s.costUpdatedAt <= Date.parse(v.costUpdatedAt);
    };
    const fresh = variants.filter((v) => variantFresh(v) || costFresh(v));
    const products = new Map<string, VariantRecord>();
    for (const v of fresh.filter(variantFresh)) products.set(v.productId, v);
    for (const part of chunks([...products.values()], 7)) {
      const rows: SqlValue[][] = part.map((v) => [shop, v.productId, v.productTitle ?? "", v.productStatus, v.productVendor, new Date(v.updatedAt), now]);
      // The vendor is the products' default supplier (app/store/suppliers.server.ts); a source without it keeps the stored one.
      await tx.execute(
        `INSERT INTO "Product" ("shop", "id", "title", "status", "vendor", "updatedAt", "syncedAt") VALUES ${valuesPlaceholders(rows.length, 7)}
         ON CONFLICT ("shop", "id") DO UPDATE SET "title" = excluded."title", "status" = COALESCE(excluded."status", "Product"."status"),
         "vendor" = COALESCE(excluded."vendor", "Product"."vendor"), "updatedAt" = excluded."updatedAt", "syncedAt" = excluded."syncedAt"`,
        rows.flat(),
      );
    }
    const cols = [
      "shop", "id", "productId", "title", "sku", "price", "currency", "inventoryItemId", "unitCost", "unitCostCurrency", "weightGrams",
      "requiresShipping", "tracked", "updatedAt", "costUpdatedAt", "syncedAt",
    ];
    const newRows: SqlValue[][] = fresh
      .filter((v) => !stored.has(v.id))
      .map((v) => [
        shop, v.id, v.productId, v.title, v.sku, v.price, v.currency, v.inventoryItemId, v.unitCost ?? null, v.unitCost === undefined ? null : v.unitCostCurrency,
        v.weightGrams ?? null, v.requiresShipping, v.tracked, new Date(v.updatedAt), v.costUpdatedAt === null ? null : new Date(v.costUpdatedAt), now,
      ]);
    for (const part of chunks(newRows, cols.length)) {
      await tx.execute(`INSERT INTO "Variant" (${cols.map((c) => `"${c}"`).join(",")}) VALUES ${valuesPlaceholders(part.length, cols.length)}`, part.flat());
    }
    for (const v of fresh) {
      const vf = variantFresh(v);
      const cf = costFresh(v);
      if (!stored.has(v.id)) continue;
      if (vf) {
        await tx.execute(
          `UPDATE "Variant" SET "productId" = ?, "title" = ?, "sku" = ?, "price" = COALESCE(?, "price"), "currency" = ?, "inventoryItemId" = COALESCE(?, "inventoryItemId"),
           "weightGrams" = COALESCE(?, "weightGrams"), "requiresShipping" = COALESCE(?, "requiresShipping"), "tracked" = COALESCE(?, "tracked"), "updatedAt" = ?, "syncedAt" = ?
           WHERE "shop" = ? AND "id" = ?`,
          [v.productId, v.title, v.sku, v.price, v.currency, v.inventoryItemId, v.weightGrams ?? null, v.requiresShipping, v.tracked, new Date(v.updatedAt), now, shop, v.id],
        );
      }
      if (cf) {
        await tx.execute(`UPDATE "Variant" SET "unitCost" = ?, "unitCostCurrency" = ?, "costUpdatedAt" = ?, "syncedAt" = ? WHERE "shop" = ? AND "id" = ?`, [
          v.unitCost ?? null, v.unitCostCurrency, new Date(v.costUpdatedAt!), now, shop, v.id,
        ]);
      }
    }
    const changed = fresh.filter((v) => costFresh(v) && (!stored.has(v.id) || stored.get(v.id)!.unitCost !== v.unitCost));
    await insertSnapshots(tx, shop, changed.map((v) => ({ variantId: v.id, cost: v.unitCost ?? null, currency: v.currency })), now, opts.source ?? "backfill");
    // The weight written is the new one, or the stored one when the source carries none (COALESCE above).
    const reweighed = fresh.filter(variantFresh).filter((v) => {
      const before = stored.get(v.id)?.weightGrams ?? null;
      return estimateGrams(v.weightGrams ?? before) !== estimateGrams(before);
    });
    await markWeightEstimatesDirty(tx, shop, reweighed.map((v) => v.id), now);
    return { written: fresh.length, stale: variants.length - fresh.length };
  });
}

/** The weight the engine estimates a line with (recompute's loadCatalogWeights): whole grams, 0 or none = no estimate. */
function estimateGrams(w: number | null): number | null {
  return w === null || !(w > 0) ? null : Math.round(w);
}

/**
 * A variant's catalog weight changed: the orders that took it as their parcel
 * weight estimate (a shipped line of the variant that the order did not weigh)
 * are marked for recompute, by the months holding them. Orders that weighed the
 * line keep their margins.
 */
async function markWeightEstimatesDirty(tx: SqlDb, shop: string, variantIds: readonly string[], at: Date): Promise<void> {
  const processedAt: unknown[] = [];
  for (const part of chunks(variantIds, 1)) {
    const rows = await tx.query<{ processedAt: unknown }>(
      `SELECT DISTINCT o."processedAt" AS "processedAt" FROM "OrderLine" l JOIN "Order" o ON o."shop" = l."shop" AND o."id" = l."orderId"
        WHERE l."shop" = ? AND l."variantId" IN (${part.map(() => "?").join(",")})
          AND (l."unitWeightGrams" IS NULL OR l."unitWeightGrams" <= 0) AND l."requiresShipping" = ? AND l."quantity" > 0 AND l."isGiftCard" = ?`,
      [shop, ...part, true, false],
    );
    for (const r of rows) processedAt.push(r.processedAt);
  }
  const ranges = rangesByMonth(processedAt.map((p) => (p instanceof Date ? p : String(p))), "catalog-weight");
  if (ranges.length > 0) await tx.insertMany("MarginDirty", ["shop", "since", "until", "reason", "markedAt"], ranges.map((r) => [shop, r.since, r.until, r.reason, at]));
}

async function insertSnapshots(tx: SqlDb, shop: string, rows: { variantId: string; cost: number | null; currency: string }[], at: Date, source: CostSource): Promise<void> {
  // A cost seen at `at` is the one in force for orders from then on (and, for a
  // variant's first snapshot, for earlier orders too: backfills mark everything).
  if (rows.length > 0) await tx.insertMany("MarginDirty", ["shop", "since", "until", "reason", "markedAt"], [[shop, at, null, "sync", at]]);
  for (const part of chunks(rows, 6)) {
    await tx.execute(
      `INSERT INTO "UnitCostSnapshot" ("shop", "variantId", "observedAt", "cost", "currency", "source") VALUES ${valuesPlaceholders(part.length, 6)}`,
      part.flatMap((r) => [shop, r.variantId, at, r.cost, r.currency, source]),
    );
  }
}

/**
 * Records the current cost of variants as observed at `at` (an order's
 * processedAt), unless the latest snapshot already says the same. Runs inside the
 * caller's transaction (a webhook's order write), so a redelivery that the
 * transaction's claim turned away records nothing, and two writers of the same
 * order (serialised by the order write's lock) do not both find no snapshot.
 */
export async function recordCostSnapshots(tx: SqlDb, shop: string, variantIds: readonly string[], at: Date, source: CostSource): Promise<number> {
  const ids = [...new Set(variantIds)];
  if (ids.length === 0) return 0;
  const rows: { variantId: string; cost: number | null; currency: string }[] = [];
  // Two parameters more than the ids: half-size chunks keep within the limit.
  for (const part of chunks(ids, 2)) {
    const found = await tx.query<{ id: string; unitCost: unknown; currency: string; lastCost: unknown; lastAt: unknown }>(
      `SELECT v."id", v."unitCost", v."currency", s."cost" AS "lastCost", s."observedAt" AS "lastAt"
         FROM "Variant" v
         LEFT JOIN "UnitCostSnapshot" s ON s."id" = (
           SELECT s2."id" FROM "UnitCostSnapshot" s2 WHERE s2."shop" = v."shop" AND s2."variantId" = v."id" AND s2."observedAt" <= ?
            ORDER BY s2."observedAt" DESC LIMIT 1)
        WHERE v."shop" = ? AND v."id" IN (${part.map(() => "?").join(",")})`,
      [at, shop, ...part],
    );
    for (const v of found) {
      const cost = v.unitCost === null ? null : Number(v.unitCost);
      const last = v.lastAt === null ? undefined : v.lastCost === null ? null : Number(v.lastCost);
      if (last === undefined || last !== cost) rows.push({ variantId: v.id, cost, currency: v.currency });
    }
  }
  await insertSnapshots(tx, shop, rows, at, source);
  return rows.length;
}

/**
 * inventory_items/update: the new cost on every variant of the item, with a
 * snapshot. The variants are read in the transaction (locked on PostgreSQL), so
 * two updates of one item do not both see the old cost. `claim`, first in the
 * transaction (a webhook's event id): false writes nothing (`claimed: false`).
 */
export async function applyInventoryItemCost(
  sql: SqlDb,
  shop: string,
  item: InventoryItemCost,
  at: Date,
  claim?: (tx: SqlDb) => Promise<boolean>,
): Promise<{ written: number; claimed: boolean }> {
  return sql.transaction(async (tx) => {
    if (claim && !(await claim(tx))) return { written: 0, claimed: false };
    const variants = await tx.query<{ id: string; unitCost: unknown; currency: string; costUpdatedAt: unknown }>(
      `SELECT "id", "unitCost", "currency", "costUpdatedAt" FROM "Variant" WHERE "shop" = ? AND "inventoryItemId" = ? ORDER BY "id"${tx.provider === "postgresql" ? " FOR UPDATE" : ""}`,
      [shop, item.inventoryItemId],
    );
    const fresh = variants.filter((v) => v.costUpdatedAt === null || toTime(v.costUpdatedAt) <= Date.parse(item.updatedAt));
    for (const v of fresh) {
      await tx.execute(`UPDATE "Variant" SET "unitCost" = ?, "unitCostCurrency" = ?, "costUpdatedAt" = ?, "syncedAt" = ? WHERE "shop" = ? AND "id" = ?`, [
        item.unitCost, v.currency, new Date(item.updatedAt), at, shop, v.id,
      ]);
    }
    const changed = fresh
      .filter((v) => (v.unitCost === null ? null : Number(v.unitCost)) !== item.unitCost)
      .map((v) => ({ variantId: v.id, cost: item.unitCost, currency: v.currency }));
    await insertSnapshots(tx, shop, changed, new Date(item.updatedAt), "webhook");
    return { written: fresh.length, claimed: true };
  });
}
