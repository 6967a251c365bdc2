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
import { summariseIssues } from "~/domain/validation";
import { logger } from "~/logger.server";
import { INVENTORY_BULK_QUERY, parseInventoryLine, type InventoryLevelRecord } from "~/shopify/inventory-levels";
import { removeUnseenInventory, writeInventoryLevels } from "~/store/inventory-store.server";
import type { SqlDb } from "~/store/sql.server";
import { writeRunCheckpoint } from "~/store/sync-run.server";
import type { BulkImporter } from "./bulk-run.server";

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
