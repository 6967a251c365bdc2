/**
 * The inventory bulk importer (issue 18, item 1): each level line of
 * INVENTORY_BULK_QUERY (app/shopify/inventory-levels.ts) is complete on its own
 * (item, location, four quantities), so lines are parsed as they come, in any
 * order, and written in batches, each in one transaction with the run's checkpoint
 * (the next line: nothing is held across lines). Item lines carry nothing to keep.
 * A line that does not parse is logged with its problems and skipped, like a bad
 * variant line of the catalog import.
 *
 * After the run completes, `finishInventoryImport` removes what the run did not
 * see (levels no longer active, locations gone): app/store/inventory-store.server.ts.
 */
import type { PrismaClient } from "@prisma/client";

import { localDate } from "~/domain/time";
import { summariseIssues } from "~/domain/validation";
import { logger } from "~/logger.server";
import { INVENTORY_BULK_QUERY, parseInventoryLine, type InventoryLevelRecord } from "~/shopify/inventory-levels";
import { removeUnseenInventory, writeInventoryLevels } from "~/store/inventory-store.server";
import { recordStockSnapshots } from "~/store/stock-snapshots.server";
import type { SqlDb } from "~/store/sql.server";
import { writeRunCheckpoint } from "~/store/sync-run.server";
import { runBulkImport, type BulkImporter, type BulkRunDeps, type BulkRunOutcome } from "./bulk-run.server";

export { INVENTORY_BULK_QUERY };

export interface InventoryImportStats {
  levels: number;
  rejected: number;
}

export function newInventoryStats(): InventoryImportStats {
  return { levels: 0, rejected: 0 };
}

export function inventoryImporter(sql: SqlDb, shop: string, now: () => Date, stats: InventoryImportStats): BulkImporter {
  let waiting: InventoryLevelRecord[] = [];
  return {
    begin() {
      waiting = [];
    },
    line(text) {
      let obj: unknown;
      try {
        obj = JSON.parse(text);
      } catch {
        return false;
      }
      const r = parseInventoryLine(obj);
      if (r.kind === "level") waiting.push(r.level);
      else if (r.kind === "rejected") {
        stats.rejected++;
        logger.warn("inventory line rejected", { shop, id: r.id, errors: summariseIssues(r.errors) });
      }
      return true;
    },
    waiting() {
      return waiting.length;
    },
    async flush(nextLine, checkpoint) {
      const batch = waiting;
      waiting = [];
      const written = await sql.transaction(async (tx) => {
        const n = await writeInventoryLevels(tx, shop, batch, checkpoint.runId, now());
        await writeRunCheckpoint(tx, checkpoint, nextLine, n, 0);
        return n;
      });
      stats.levels += written;
    },
    end() {},
  };
}

/** After a completed run: the levels and locations it did not see are no longer Shopify's. */
export async function finishInventoryImport(sql: SqlDb, shop: string, runId: string): Promise<{ levels: number; locations: number }> {
  const removed = await removeUnseenInventory(sql, shop, runId);
  if (removed.levels > 0 || removed.locations > 0) logger.info("inventory no longer in Shopify removed", { shop, ...removed });
  return removed;
}

/** The shop's last complete stock import (its SyncRun), or null before the first. */
export async function lastInventoryImport(db: PrismaClient, shop: string): Promise<{ startedAt: Date; finishedAt: Date | null } | null> {
  return db.syncRun.findFirst({ where: { shop, kind: "inventory", status: "completed" }, orderBy: { startedAt: "desc" }, select: { startedAt: true, finishedAt: true } });
}

/**
 * The stock import on its own (reconciliation's daily full read, app/sync/README.md):
 * the bulk operation, then removal of what it did not see (a variant or location gone
 * from Shopify), then the day's stock snapshots, as the backfill's stock step does. It
 * leaves the sync state (status, orders checkpoint) alone: only stock is read.
 * Throws `BulkStartError` when Shopify refuses to start it (the caller decides).
 */
export async function importInventory(deps: BulkRunDeps, shop: string, timeZone: string): Promise<{ outcome: BulkRunOutcome; levels: number; removed: { levels: number; locations: number } }> {
  const now = deps.now ?? (() => new Date());
  const stats = newInventoryStats();
  const outcome = await runBulkImport(deps, shop, "inventory", INVENTORY_BULK_QUERY, () => inventoryImporter(deps.sql, shop, now, stats));
  if (!outcome.ok) return { outcome, levels: stats.levels, removed: { levels: 0, locations: 0 } };
  const removed = await finishInventoryImport(deps.sql, shop, outcome.runId);
  await recordStockSnapshots(deps.db, deps.sql, shop, localDate(now().toISOString(), timeZone), now());
  return { outcome, levels: stats.levels, removed };
}
