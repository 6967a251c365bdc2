/**
 * The full-history backfill of one shop: catalog (variants and their unit costs)
 * then orders, each by a bulk operation (bulk-run.server.ts), then the orders
 * queued for a one-by-one fetch. Runs on install (afterAuth enqueues it) and on
 * demand; the job queue makes sure one shop's backfill never runs twice at once.
 *
 * read_all_orders: without it Shopify shows only the last 60 days of orders, in
 * bulk too. The backfill then asks for those 60 days only and records why older
 * orders are missing (SyncState.ordersWindowReason), which the UI shows.
 */
import type { PrismaClient } from "@prisma/client";

import { logger } from "../logger.server";
import { ordersBulkQuery } from "./bulk-queries";
import { runBulkImport, type BulkRunDeps, type BulkRunOutcome } from "./bulk-run.server";
import { catalogImporter, CATALOG_BULK_QUERY } from "./catalog-import.server";
import { newImportStats, orderImporter, processRefetches, type ImportStats } from "./order-import.server";
import { markAttention, updateSyncState } from "./sync-state.server";

export const ORDER_HISTORY_WITHOUT_READ_ALL_ORDERS_DAYS = 60;
const DAY_MS = 86_400_000;
/** Reconciliation starts a little before the bulk operation's snapshot. */
const RECONCILE_OVERLAP_MS = 5 * 60_000;

export interface BackfillResult {
  ok: boolean;
  orders: ImportStats;
  variants: number;
  refetched: number;
  ordersSince: Date | null;
  message: string | null;
}

/** The oldest processedAt to sync: null (everything) with read_all_orders, else 60 days back. */
export function orderWindowStart(scopes: string, now: Date): Date | null {
  const granted = new Set(scopes.split(",").map((s) => s.trim()));
  if (granted.has("read_all_orders")) return null;
  return new Date(now.getTime() - ORDER_HISTORY_WITHOUT_READ_ALL_ORDERS_DAYS * DAY_MS);
}

export const WINDOW_REASON =
  "NetMargin does not have the read_all_orders access scope, so Shopify shows it only the last 60 days of orders. Older orders are not in your margins until the scope is granted.";

function failureMessage(outcome: Extract<BulkRunOutcome, { ok: false }>): string {
  return outcome.message;
}

export async function backfillShop(deps: BulkRunDeps, shop: string, opts: { orders?: boolean; catalog?: boolean } = {}): Promise<BackfillResult> {
  const db: PrismaClient = deps.db;
  const now = deps.now ?? (() => new Date());
  const started = now();
  const shopRow = await db.shop.findUnique({ where: { shop } });
  if (!shopRow || shopRow.uninstalledAt) throw new Error(`backfill: ${shop} is not installed`);
  const ordersSince = orderWindowStart(shopRow.scopes, started);
  await updateSyncState(db, shop, {
    status: "running",
    ordersSince,
    ordersWindowReason: ordersSince ? WINDOW_REASON : null,
  });
  const stats = newImportStats();
  const result: BackfillResult = { ok: true, orders: stats, variants: 0, refetched: 0, ordersSince, message: null };
  const currency = shopRow.currencyCode ?? "USD";

  const fail = async (outcome: Extract<BulkRunOutcome, { ok: false }>) => {
    result.ok = false;
    result.message = failureMessage(outcome);
    if (outcome.code === "ACCESS_DENIED") await markAttention(db, shop, "SCOPE_MISSING", outcome.message);
    else await markAttention(db, shop, "BULK_FAILED", `${outcome.message} NetMargin will try again at the next sync.`);
    logger.warn("backfill failed", { shop, message: outcome.message });
    return result;
  };

  if (opts.catalog !== false) {
    const counter = { variants: 0 };
    const outcome = await runBulkImport(deps, shop, "catalog", CATALOG_BULK_QUERY, () => catalogImporter(deps.sql, shop, currency, now, counter));
    if (!outcome.ok) return fail(outcome);
    result.variants = counter.variants;
    await updateSyncState(db, shop, { catalogCursor: new Date(started.getTime() - RECONCILE_OVERLAP_MS) });
  }
  if (opts.orders !== false) {
    const outcome = await runBulkImport(deps, shop, "orders", ordersBulkQuery(ordersSince), () => orderImporter(deps.sql, shop, now, stats));
    if (!outcome.ok) return fail(outcome);
    result.refetched = await processRefetches(db, deps.sql, deps.admin, shop, now);
  }
  await updateSyncState(db, shop, {
    status: "idle",
    lastBackfillAt: now(),
    reconcileCursor: new Date(started.getTime() - RECONCILE_OVERLAP_MS),
    attentionCode: null,
    attentionMessage: null,
  });
  logger.info("backfill done", { shop, orders: stats.orders, lines: stats.lines, late: stats.late, refetched: result.refetched, variants: result.variants });
  return result;
}
