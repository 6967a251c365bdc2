/**
 * Stock in the database (issue 18, item 1): Shopify's locations (`InventoryLocation`)
 * and the current quantities of each inventory item at each location
 * (`InventoryLevel`: available, on hand, committed, incoming), as the inventory
 * import read them (app/sync/inventory-import.server.ts). Every statement is
 * scoped to one shop. No customer data.
 *
 * Writes are upserts keyed by (shop, item, location) and (shop, location), so a
 * batch written twice (a resumed import) changes nothing. Each row records the
 * SyncRun that last wrote it; at the end of a complete import, rows of the shop that
 * run did not write (a level no longer active, a location gone) are removed
 * (`removeUnseenInventory`).
 *
 * The variant of a level is the catalog's (`Variant.inventoryItemId`, imported
 * just before), looked up when the level is written; null when the catalog does
 * not have the item.
 *
 * Between imports the `inventory_levels/update` webhook brings one quantity,
 * `available` (`applyInventoryLevelUpdate`): it changes that and the level's
 * `updatedAt`, and leaves on hand, committed and incoming as the last import set
 * them. Whichever arrives later, the newer `updatedAt` wins: a delivery older than
 * the stored level changes nothing, and an import's line older than the stored level
 * (a webhook applied while the bulk operation ran) keeps the stored `available` and
 * `updatedAt` (it still writes the other three quantities, which no webhook brings,
 * and marks the level as seen by its run).
 */
import type { PrismaClient } from "@prisma/client";

import type { InventoryLevelUpdate } from "~/shopify/inventory-level-webhook";
import type { InventoryLevelRecord } from "~/shopify/inventory-levels";
import { chunks, Instant, type SqlDb, type SqlValue } from "./sql.server";

const LEVEL_COLUMNS = ["shop", "inventoryItemId", "locationId", "variantId", "available", "onHand", "committed", "incoming", "updatedAt", "runId", "syncedAt"] as const;
const LEVEL_UPSERT = { key: ["shop", "inventoryItemId", "locationId"], update: ["variantId", "available", "onHand", "committed", "incoming", "updatedAt", "runId", "syncedAt"] };
const LOCATION_COLUMNS = ["shop", "id", "name", "isActive", "runId", "syncedAt"] as const;
const LOCATION_UPSERT = { key: ["shop", "id"], update: ["name", "isActive", "runId", "syncedAt"] };

/**
 * Writes levels and their locations for one shop, within the caller's transaction
 * `tx` (the importer writes its checkpoint in the same one). Returns how many levels.
 */
export async function writeInventoryLevels(tx: SqlDb, shop: string, levels: readonly InventoryLevelRecord[], runId: string, now: Date): Promise<number> {
  if (levels.length === 0) return 0;
  const items = [...new Set(levels.map((l) => l.inventoryItemId))];
  const variantOf = new Map<string, string>();
  // What is stored of these items' levels: a level a webhook changed after Shopify read the line keeps that change.
  const stored = new Map<string, { available: number; updatedAt: string; time: number }>();
  for (const part of chunks(items, 1)) {
    const rows = await tx.query<{ id: string; inventoryItemId: string }>(
      `SELECT "id", "inventoryItemId" FROM "Variant" WHERE "shop" = ? AND "inventoryItemId" IN (${part.map(() => "?").join(",")})`,
      [shop, ...part],
    );
    for (const r of rows) variantOf.set(r.inventoryItemId, r.id);
    const levels = await tx.query<{ inventoryItemId: string; locationId: string; available: unknown; updatedAt: unknown }>(
      `SELECT "inventoryItemId", "locationId", "available", "updatedAt" FROM "InventoryLevel" WHERE "shop" = ? AND "inventoryItemId" IN (${part.map(() => "?").join(",")})${tx.provider === "postgresql" ? " FOR UPDATE" : ""}`,
      [shop, ...part],
    );
    for (const r of levels) {
      const time = toTime(r.updatedAt);
      stored.set(levelKey(r.inventoryItemId, r.locationId), { available: Number(r.available), updatedAt: new Date(time).toISOString(), time });
    }
  }
  // One row per location, from the last level that named it in the batch.
  const locations = new Map<string, InventoryLevelRecord>();
  for (const l of levels) locations.set(l.locationId, l);
  const locationRows: SqlValue[][] = [...locations.values()].map((l) => [shop, l.locationId, l.locationName, l.locationActive, runId, now]);
  await tx.insertMany("InventoryLocation", LOCATION_COLUMNS, locationRows, LOCATION_UPSERT);
  const levelRows: SqlValue[][] = levels.map((l) => {
    const newer = stored.get(levelKey(l.inventoryItemId, l.locationId));
    const keep = newer !== undefined && newer.time > Date.parse(l.updatedAt);
    return [
      shop,
      l.inventoryItemId,
      l.locationId,
      variantOf.get(l.inventoryItemId) ?? null,
      keep ? newer.available : l.available,
      l.onHand,
      l.committed,
      l.incoming,
      new Instant(keep ? newer.updatedAt : l.updatedAt),
      runId,
      now,
    ];
  });
  await tx.insertMany("InventoryLevel", LEVEL_COLUMNS, levelRows, LEVEL_UPSERT);
  return levels.length;
}

const levelKey = (item: string, location: string) => `${item}\n${location}`;

/** A stored date as milliseconds: SQLite returns Prisma's text, PostgreSQL an ISO string (sql.server.ts). */
function toTime(v: unknown): number {
  return v instanceof Date ? v.getTime() : new Date(String(v)).getTime();
}

export type InventoryLevelWrite = { claimed: false } | { claimed: true; outcome: "written" | "stale" | "unknown" | "untracked" };

/**
 * inventory_levels/update: sets the level's `available` and `updatedAt`, in one
 * transaction that first runs `claim` (the webhook's event id; false: already
 * applied, nothing written). Nothing changes when the level is not stored (an item
 * or location the last import did not see: "unknown", the next import brings it with
 * all four quantities), when the stored level is newer ("stale"), or when Shopify
 * does not track the item (`available` null: "untracked"). A level whose variant the
 * catalog did not know at import gets it now if the catalog has it since.
 */
export async function applyInventoryLevelUpdate(
  sql: SqlDb,
  shop: string,
  update: InventoryLevelUpdate,
  at: Date,
  claim?: (tx: SqlDb) => Promise<boolean>,
): Promise<InventoryLevelWrite> {
  return sql.transaction(async (tx): Promise<InventoryLevelWrite> => {
    if (claim && !(await claim(tx))) return { claimed: false };
    if (update.available === null) return { claimed: true, outcome: "untracked" };
    const rows = await tx.query<{ updatedAt: unknown }>(
      `SELECT "updatedAt" FROM "InventoryLevel" WHERE "shop" = ? AND "inventoryItemId" = ? AND "locationId" = ?${tx.provider === "postgresql" ? " FOR UPDATE" : ""}`,
      [shop, update.inventoryItemId, update.locationId],
    );
    if (rows.length === 0) return { claimed: true, outcome: "unknown" };
    if (toTime(rows[0]!.updatedAt) > Date.parse(update.updatedAt)) return { claimed: true, outcome: "stale" };
    await tx.execute(
      `UPDATE "InventoryLevel" SET "available" = ?, "updatedAt" = ?, "syncedAt" = ?,
         "variantId" = COALESCE("variantId", (SELECT v."id" FROM "Variant" v WHERE v."shop" = ? AND v."inventoryItemId" = ? ORDER BY v."id" LIMIT 1))
       WHERE "shop" = ? AND "inventoryItemId" = ? AND "locationId" = ?`,
      [update.available, new Instant(update.updatedAt), at, shop, update.inventoryItemId, shop, update.inventoryItemId, update.locationId],
    );
    return { claimed: true, outcome: "written" };
  });
}

/**
 * After a complete import: removes the shop's levels and locations that import
 * (`runId`) did not write. Returns how many of each went.
 */
export async function removeUnseenInventory(sql: SqlDb, shop: string, runId: string): Promise<{ levels: number; locations: number }> {
  return sql.transaction(async (tx) => {
    // Counted by reads: on SQLite a transaction's writes run after its callback (sql.server.ts) and report 0.
    const [l] = await tx.query<{ n: unknown }>(`SELECT COUNT(*) AS "n" FROM "InventoryLevel" WHERE "shop" = ? AND "runId" <> ?`, [shop, runId]);
    const [c] = await tx.query<{ n: unknown }>(`SELECT COUNT(*) AS "n" FROM "InventoryLocation" WHERE "shop" = ? AND "runId" <> ?`, [shop, runId]);
    await tx.execute(`DELETE FROM "InventoryLevel" WHERE "shop" = ? AND "runId" <> ?`, [shop, runId]);
    await tx.execute(`DELETE FROM "InventoryLocation" WHERE "shop" = ? AND "runId" <> ?`, [shop, runId]);
    return { levels: Number(l?.n ?? 0), locations: Number(c?.n ?? 0) };
  });
}

export interface StoredInventoryLevel {
  inventoryItemId: string;
  locationId: string;
  variantId: string | null;
  available: number;
  onHand: number;
  committed: number;
  incoming: number;
  updatedAt: string;
}

/** The shop's stored levels, by item then location. */
export async function readInventoryLevels(db: PrismaClient, shop: string): Promise<StoredInventoryLevel[]> {
  const rows = await db.inventoryLevel.findMany({ where: { shop }, orderBy: [{ inventoryItemId: "asc" }, { locationId: "asc" }] });
  return rows.map((r) => ({
    inventoryItemId: r.inventoryItemId,
    locationId: r.locationId,
    variantId: r.variantId,
    available: r.available,
    onHand: r.onHand,
    committed: r.committed,
    incoming: r.incoming,
    updatedAt: r.updatedAt.toISOString(),
  }));
}

/** The shop's stored locations, by name. */
export async function readInventoryLocations(db: PrismaClient, shop: string): Promise<{ id: string; name: string; isActive: boolean }[]> {
  const rows = await db.inventoryLocation.findMany({ where: { shop }, orderBy: [{ name: "asc" }, { id: "asc" }] });
  return rows.map((r) => ({ id: r.id, name: r.name, isActive: r.isActive }));
}

/**
 * Reconciliation (app/sync/reconcile.server.ts): levels Shopify lists as changed since
 * the last check, with all four quantities. A stored level not newer than the line
 * takes them all and its `updatedAt` (this repairs a lost inventory_levels/update and
 * brings on hand, committed and incoming, which no webhook carries); a newer stored
 * level (a webhook applied meanwhile) is left alone. A level not stored (an item or
 * location the last import did not see) is not created here: the next complete import
 * brings it with its variant, as the webhook does. The row's `runId` is kept, so an
 * import running at the same time still counts the level as seen. One transaction.
 */
export async function refreshInventoryLevels(sql: SqlDb, shop: string, levels: readonly InventoryLevelRecord[], now: Date): Promise<{ updated: number; unknown: number; stale: number }> {
  const out = { updated: 0, unknown: 0, stale: 0 };
  if (levels.length === 0) return out;
  return sql.transaction(async (tx) => {
    const stored = new Map<string, number>();
    const items = [...new Set(levels.map((l) => l.inventoryItemId))];
    for (const part of chunks(items, 1)) {
      const rows = await tx.query<{ inventoryItemId: string; locationId: string; updatedAt: unknown }>(
        `SELECT "inventoryItemId", "locationId", "updatedAt" FROM "InventoryLevel" WHERE "shop" = ? AND "inventoryItemId" IN (${part.map(() => "?").join(",")})${tx.provider === "postgresql" ? " FOR UPDATE" : ""}`,
        [shop, ...part],
      );
      for (const r of rows) stored.set(levelKey(r.inventoryItemId, r.locationId), toTime(r.updatedAt));
    }
    for (const l of levels) {
      const time = stored.get(levelKey(l.inventoryItemId, l.locationId));
      if (time === undefined) out.unknown++;
      else if (time > Date.parse(l.updatedAt)) out.stale++;
      else {
        await tx.execute(
          `UPDATE "InventoryLevel" SET "available" = ?, "onHand" = ?, "committed" = ?, "incoming" = ?, "updatedAt" = ?, "syncedAt" = ? WHERE "shop" = ? AND "inventoryItemId" = ? AND "locationId" = ?`,
          [l.available, l.onHand, l.committed, l.incoming, new Instant(l.updatedAt), now, shop, l.inventoryItemId, l.locationId],
        );
        out.updated++;
      }
    }
    return out;
  });
}

/**
 * Reconciliation against Shopify's list of locations (all of them, active or not): a
 * stored location Shopify no longer lists is gone, with its levels (its stock is no
 * longer the shop's); one still listed takes its current name and active state (a
 * deactivated location's levels stay, and count as stock nowhere: stock-snapshots reads
 * active locations only). An empty list changes nothing (a shop always has a location;
 * an empty answer is not taken as "every location deleted"). One transaction.
 */
export async function reconcileInventoryLocations(sql: SqlDb, shop: string, locations: readonly { id: string; name: string; isActive: boolean }[], now: Date): Promise<{ removedLocations: number; removedLevels: number }> {
  if (locations.length === 0) return { removedLocations: 0, removedLevels: 0 };
  return sql.transaction(async (tx) => {
    const stored = await tx.query<{ id: string }>(`SELECT "id" FROM "InventoryLocation" WHERE "shop" = ?`, [shop]);
    const listed = new Map(locations.map((l) => [l.id, l]));
    let removedLocations = 0;
    let removedLevels = 0;
    for (const { id } of stored) {
      const l = listed.get(id);
      if (!l) {
        // Counted by a read: on SQLite a transaction's writes run after its callback (sql.server.ts) and report 0.
        const [c] = await tx.query<{ n: unknown }>(`SELECT COUNT(*) AS "n" FROM "InventoryLevel" WHERE "shop" = ? AND "locationId" = ?`, [shop, id]);
        removedLevels += Number(c?.n ?? 0);
        removedLocations++;
        await tx.execute(`DELETE FROM "InventoryLevel" WHERE "shop" = ? AND "locationId" = ?`, [shop, id]);
        await tx.execute(`DELETE FROM "InventoryLocation" WHERE "shop" = ? AND "id" = ?`, [shop, id]);
      } else {
        await tx.execute(`UPDATE "InventoryLocation" SET "name" = ?, "isActive" = ?, "syncedAt" = ? WHERE "shop" = ? AND "id" = ?`, [l.name, l.isActive, now, shop, id]);
      }
    }
    return { removedLocations, removedLevels };
  });
}
