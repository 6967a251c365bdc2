/**
 * The stock snapshot job (issue 18, item 2): records today's stock snapshots of one
 * shop from the levels stored (`recordStockSnapshots`, app/store/stock-snapshots.server.ts),
 * with no Shopify request and no import. Registered as `stock-snapshot` (per shop) and
 * `stock-snapshot-all` (every `STOCK_SNAPSHOT_EVERY_MINUTES`, one per installed shop)
 * in jobs.server.ts.
 *
 * Why hourly rather than once a day or at each webhook: a day's snapshot reads as the
 * stock at the end of that day (the last recording of the day wins), and a recording
 * the same day updates that day's row rather than adding one, so recording often costs
 * no rows. inventory_levels/update carries only `available`; the on hand a snapshot
 * holds changes in the database through the stock import and reconciliation's check
 * (every 15 minutes, app/sync/reconcile.server.ts), so a recording per webhook would
 * record nothing new, and each recording reads every level of the shop (1.1–2.3 s at
 * 50,000 variants, app/DECISIONS.md 2026-12-07 on StockSnapshot's index). Hourly, today's row
 * trails the stored levels by an hour at most, the day's last run is within the last
 * hour of the day, and a shop with no import for days still gets its days recorded.
 *
 * The day is the shop's local date at `now`. Idempotent (a second run the same day
 * rewrites the same rows), scoped to the shop; an uninstalled shop records nothing, nor
 * does a shop before its first complete stock import (a first import half-way would
 * record part of the stock; the import records its day when it completes).
 */
import type { PrismaClient } from "@prisma/client";

import { localDate } from "~/domain/time";
import type { SqlDb } from "~/store/sql.server";
import { recordStockSnapshots, type RecordedStockSnapshots } from "~/store/stock-snapshots.server";
import { lastInventoryImport } from "./inventory-import.server";

export const STOCK_SNAPSHOT_EVERY_MINUTES = 60;

export async function recordTodaysStockSnapshots(
  deps: { db: PrismaClient; sql: SqlDb; now?: () => Date },
  shop: string,
): Promise<(RecordedStockSnapshots & { day: string }) | null> {
  const row = await deps.db.shop.findUnique({ where: { shop }, select: { uninstalledAt: true, ianaTimezone: true } });
  if (!row || row.uninstalledAt) return null;
  if (!(await lastInventoryImport(deps.db, shop))) return null;
  const now = (deps.now ?? (() => new Date()))();
  const day = localDate(now.toISOString(), row.ianaTimezone ?? "UTC");
  return { day, ...(await recordStockSnapshots(deps.db, deps.sql, shop, day, now)) };
}
