/**
 * The catalog bulk importer: each JSONL line of VARIANTS_BULK_QUERY is one variant
 * (with its product: title, status and vendor, the default supplier)
 * and no child lines, written in batches, then the checkpoint (an upsert written
 * twice after a crash between the two changes nothing).
 */
import { parseBulkVariant, VARIANTS_BULK_QUERY, type VariantRecord } from "~/domain/catalog";
import type { CurrencyCode } from "~/domain/money";
import { summariseIssues } from "~/domain/validation";
import { logger } from "~/logger.server";
import type { BulkImporter } from "./bulk-run.server";
import { upsertVariants } from "~/store/catalog-store.server";
import type { SqlDb } from "~/store/sql.server";
import { writeRunCheckpoint } from "~/store/sync-run.server";

export const CATALOG_BULK_QUERY = VARIANTS_BULK_QUERY;

export function catalogImporter(sql: SqlDb, shop: string, currency: CurrencyCode, now: () => Date, counter: { variants: number }): BulkImporter {
  let waiting: VariantRecord[] = [];
  return {
    begin() {
      waiting = [];
    },
    line(text) {
      let obj: Record<string, unknown>;
      try {
        obj = JSON.parse(text) as Record<string, unknown>;
      } catch {
        return false;
      }
      if (typeof obj.__parentId === "string") return true;
      const r = parseBulkVariant(obj, currency);
      if (r.ok) waiting.push(r.value);
      else logger.warn("variant line rejected", { shop, variant: String(obj.id), errors: summariseIssues(r.errors) });
      return true;
    },
    waiting() {
      return waiting.length;
    },
    async flush(nextLine, checkpoint) {
      const batch = waiting;
      waiting = [];
      const result = await upsertVariants(sql, shop, batch, now(), { source: "backfill" });
      counter.variants += result.written;
      await sql.transaction((tx) => writeRunCheckpoint(tx, checkpoint, nextLine, result.written, 0));
    },
    end() {},
  };
}
