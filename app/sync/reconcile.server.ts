/**
 * Reconciliation: the periodic catch-up that makes a dropped webhook harmless.
 * Lists the orders updated since the shop's checkpoint (`sortKey: UPDATED_AT`
 * with an `updated_at` filter, oldest change first), fetches each one that is
 * missing or older in the database, stores it, then moves the checkpoint to the
 * newest `updatedAt` seen (minus a small overlap: Shopify's search index lags
 * writes by a few seconds). Orders the webhooks already brought are only listed,
 * not fetched again. Also fetches the orders queued for a one-by-one fetch.
 *
 * Stock (issue 18), before the orders: see `reconcileInventory`.
 */
import { ORDERS_UPDATED_SINCE_QUERY } from "~/shopify/graphql/OrdersUpdatedSinceQuery";
import { logger } from "~/logger.server";
import { processRefetches } from "./order-import.server";
import { updateSyncState } from "~/store/sync-state.server";
import { summariseIssues } from "~/domain/validation";
import {
  levelsUpdatedSince,
  LOCATION_LEVELS_SINCE_QUERY,
  LOCATIONS_QUERY,
  parseLocationLevel,
  type LocationLevelsPage,
  type LocationsPage,
} from "~/shopify/inventory-levels-since";
import type { InventoryLevelRecord } from "~/shopify/inventory-levels";
import { reconcileInventoryLocations, refreshInventoryLevels } from "~/store/inventory-store.server";
import type { BulkRunDeps } from "./bulk-run.server";
import { BulkStartError } from "~/shopify/bulk-operation.server";
import { importInventory, lastInventoryImport } from "./inventory-import.server";

const OVERLAP_MS = 60_000;

/** How long the stock check looks back past its checkpoint (Shopify's search index lags writes; the app's and Shopify's clocks differ a little). */
export const INVENTORY_OVERLAP_MS = 5 * 60_000;
/** A complete stock import at least this often (the only way to see a variant or level Shopify deleted). */
export const FULL_INVENTORY_EVERY_MS = 24 * 3600_000;

/** The bulk run's dependencies: the daily stock import is a bulk operation. */
export type ReconcileDeps = BulkRunDeps;

export interface ReconcileResult {
  listed: number;
  fetched: number;
  cursor: string | null;
  inventory: InventoryReconcileResult;
}

export interface InventoryReconcileResult {
  /** "full": the complete stock import ran; "check": levels changed since the checkpoint; "none": no stock import yet. */
  mode: "full" | "check" | "none";
  /** Levels read from Shopify (changed since the checkpoint, or all of them). */
  listed: number;
  /** Stored levels corrected (check) or written (full). */
  updated: number;
  /** Levels and locations removed (gone from Shopify). */
  removedLevels: number;
  removedLocations: number;
}

interface Page {
  orders: { pageInfo: { hasNextPage: boolean; endCursor: string | null }; nodes: { id: string; updatedAt: string }[] };
}

export async function reconcileShop(deps: ReconcileDeps, shop: string): Promise<ReconcileResult> {
  const { db } = deps;
  const now = deps.now ?? (() => new Date());
  const startedAt = now();
  const state = await db.syncState.findUnique({ where: { shop } });
  if (!state?.reconcileCursor) {
    // Nothing to reconcile against before the first backfill.
    return { listed: 0, fetched: 0, cursor: null, inventory: { mode: "none", listed: 0, updated: 0, removedLevels: 0, removedLocations: 0 } };
  }
  const inventory = await reconcileInventory(deps, shop, state.lastReconcileAt);
  const since = state.reconcileCursor;
  const search = `updated_at:>'${since.toISOString()}'`;
  let after: string | null = null;
  let listed = 0;
  let newest = since.getTime();
  const toFetch: string[] = [];
  do {
    const page: Page = await deps.admin<Page>(ORDERS_UPDATED_SINCE_QUERY, { query: search, after });
    const ids = page.orders.nodes.map((n) => n.id);
    const stored = await db.order.findMany({ where: { shop, id: { in: ids } }, select: { id: true, shopifyUpdatedAt: true, transactionsKnown: true } });
    const byId = new Map(stored.map((s) => [s.id, s]));
    for (const n of page.orders.nodes) {
      listed++;
      const t = Date.parse(n.updatedAt);
      if (t > newest) newest = t;
      const s = byId.get(n.id);
      if (!s || s.shopifyUpdatedAt.getTime() < t || !s.transactionsKnown) toFetch.push(n.id);
    }
    after = page.orders.pageInfo.hasNextPage ? page.orders.pageInfo.endCursor : null;
  } while (after);

  for (const orderId of toFetch) {
    await db.orderRefetch.upsert({ where: { shop_orderId: { shop, orderId } }, create: { shop, orderId, reason: "reconcile", createdAt: now() }, update: {} });
  }
  const fetched = await processRefetches(db, deps.sql, deps.admin, shop, now);
  const cursor = new Date(Math.max(since.getTime(), newest - OVERLAP_MS));
  // The start, not the end: the next stock check looks back from when this one read Shopify.
  await updateSyncState(db, shop, { lastReconcileAt: startedAt, reconcileCursor: cursor });
  if (fetched > 0) logger.info("reconciliation fetched orders", { shop, listed, fetched });
  return { listed, fetched, cursor: cursor.toISOString(), inventory };
}

/**
 * Stock reconciliation (issue 18): repairs what lost inventory_levels/update deliveries
 * left behind, and the on hand, committed and incoming that no webhook carries.
 *
 * - Every run, a cheap check rather than a bulk import: Shopify's locations (one
 *   query; a location no longer listed is removed with its levels, a deactivated one
 *   marked), then each active location's levels updated since the checkpoint
 *   (`Location.inventoryLevels(query: "updated_at:>…")`, app/shopify/inventory-levels-since.ts),
 *   which take all four quantities when not older than the stored level
 *   (`refreshInventoryLevels`). Between two runs (15 minutes) only the levels that
 *   moved are read: a few pages at most, where a bulk import reads every level of the
 *   shop (150,000 lines at 50,000 variants × 3 locations) and takes a bulk slot.
 *   The checkpoint is the last run's start (or the last complete stock import's)
 *   less `INVENTORY_OVERLAP_MS`.
 * - Once a day (`FULL_INVENTORY_EVERY_MS` since the last complete stock import), the
 *   stock bulk import instead (`importInventory`): the only way to see a level Shopify
 *   deleted (a variant or product deleted, an item no longer stocked somewhere; a
 *   deleted level is in no "updated since" list) and to bring levels of items the
 *   last import did not know (new variants). Shopify's bulk slots taken
 *   (OPERATION_IN_PROGRESS, LIMIT_REACHED) or a failed operation: the cheap check runs
 *   instead and the full read is tried at the next run, as it is while a backfill imports.
 * - Before the shop's first complete stock import: nothing (the backfill brings it).
 *
 * A level the check lists that is not stored is counted and left to the next full
 * import; a node that does not parse is logged and skipped (nothing crashes).
 */
export async function reconcileInventory(deps: ReconcileDeps, shop: string, lastCheck: Date | null): Promise<InventoryReconcileResult> {
  const { db } = deps;
  const now = deps.now ?? (() => new Date());
  const result: InventoryReconcileResult = { mode: "none", listed: 0, updated: 0, removedLevels: 0, removedLocations: 0 };
  const last = await lastInventoryImport(db, shop);
  if (!last) return result;
  // Not while a backfill imports (its own stock step would share the run): the next run tries again.
  const importing = await db.syncRun.count({ where: { shop, status: { in: ["created", "running", "downloading"] } } });
  if (importing === 0 && now().getTime() - last.startedAt.getTime() >= FULL_INVENTORY_EVERY_MS) {
    const tz = (await db.shop.findUnique({ where: { shop }, select: { ianaTimezone: true } }))?.ianaTimezone ?? "UTC";
    try {
      const full = await importInventory(deps, shop, tz);
      if (full.outcome.ok) return { mode: "full", listed: full.levels, updated: full.levels, removedLevels: full.removed.levels, removedLocations: full.removed.locations };
      logger.warn("daily stock import failed; the quick check runs instead", { shop, message: full.outcome.message });
    } catch (error) {
      if (!(error instanceof BulkStartError)) throw error;
      logger.info("daily stock import not started; the quick check runs instead", { shop, code: error.code });
    }
  }
  result.mode = "check";
  const checkpoint = Math.max(last.startedAt.getTime(), lastCheck?.getTime() ?? 0) - INVENTORY_OVERLAP_MS;
  const search = levelsUpdatedSince(new Date(checkpoint));

  const locations: LocationsPage["locations"]["nodes"] = [];
  let after: string | null = null;
  do {
    const page: LocationsPage = await deps.admin<LocationsPage>(LOCATIONS_QUERY, { after });
    locations.push(...page.locations.nodes);
    after = page.locations.pageInfo.hasNextPage ? page.locations.pageInfo.endCursor : null;
  } while (after);
  const removed = await reconcileInventoryLocations(deps.sql, shop, locations, now());
  result.removedLevels = removed.removedLevels;
  result.removedLocations = removed.removedLocations;

  for (const location of locations.filter((l) => l.isActive)) {
    let cursor: string | null = null;
    do {
      const page: LocationLevelsPage = await deps.admin<LocationLevelsPage>(LOCATION_LEVELS_SINCE_QUERY, { id: location.id, query: search, after: cursor });
      // Deleted between the two queries: the next run's list of locations removes it.
      if (!page.location) break;
      const levels: InventoryLevelRecord[] = [];
      for (const node of page.location.inventoryLevels.nodes) {
        const parsed = parseLocationLevel(location, node);
        if (parsed.ok) levels.push(parsed.level);
        else logger.warn("inventory level from reconciliation rejected", { shop, id: parsed.id, errors: summariseIssues(parsed.errors) });
      }
      result.listed += levels.length;
      result.updated += (await refreshInventoryLevels(deps.sql, shop, levels, now())).updated;
      cursor = page.location.inventoryLevels.pageInfo.hasNextPage ? page.location.inventoryLevels.pageInfo.endCursor : null;
    } while (cursor);
  }
  if (result.updated > 0 || result.removedLevels > 0) logger.info("stock reconciliation repaired levels", { shop, ...result });
  return result;
}
