/**
 * The full-history backfill of one shop: catalog (variants and their unit costs),
 * then stock (each inventory item's quantities per location, issue 18), then
 * orders, each by a bulk operation (bulk-run.server.ts), the refunded orders'
 * refund lines by a paged follow-up while the file is read (order-import.server.ts),
 * then the orders queued for a one-by-one fetch.
 *
 * A bulk operation Shopify refuses to start (bulk-run.server.ts BulkStartError):
 * while its slots are taken (OPERATION_IN_PROGRESS, LIMIT_REACHED) the result asks
 * the job to run the backfill again later; any other refusal (INVALID: the query)
 * puts the shop's sync into "needs attention" with Shopify's message, shown on the
 * home page's sync card, and is not retried (Shopify would refuse it again).
 *
 * Runs on install (afterAuth enqueues it) and on demand; the job queue makes sure
 * one shop's backfill never runs twice at once.
 *
 * read_all_orders: without it Shopify shows only the last 60 days of orders, in
 * bulk too. The backfill then asks for those 60 days only and records why older
 * orders are missing (SyncState.ordersWindowReason), which the UI shows.
 *
 * While Admin API requests fail and are retried (5xx, network), the sync state
 * carries a message saying so (SyncState.statusMessage, on the sync card), cleared
 * by the next answered request: "running" alone cannot tell stuck from slow.
 */
import type { PrismaClient, Shop } from "@prisma/client";

import { localDate } from "~/domain/time";
import { logger } from "~/logger.server";
import { reportingAdminRetries, type AdminRetryNotice, type AdminRetryReporter } from "~/shopify/admin-client.server";
import { ordersBulkQuery } from "~/shopify/bulk-queries";
import { BulkStartError } from "~/shopify/bulk-operation.server";
import { runBulkImport, type BulkImporter, type BulkRunDeps, type BulkRunOutcome } from "./bulk-run.server";
import { catalogImporter, CATALOG_BULK_QUERY } from "./catalog-import.server";
import { finishInventoryImport, INVENTORY_BULK_QUERY, inventoryImporter, newInventoryStats } from "./inventory-import.server";
import { newImportStats, orderImporter, processRefetches, type ImportStats } from "./order-import.server";
import { recordStockSnapshots } from "~/store/stock-snapshots.server";
import { markAttention, updateSyncState } from "~/store/sync-state.server";

export const ORDER_HISTORY_WITHOUT_READ_ALL_ORDERS_DAYS = 60;
const DAY_MS = 86_400_000;
/** Reconciliation starts a little before the bulk operation's snapshot. */
const RECONCILE_OVERLAP_MS = 5 * 60_000;

export interface BackfillResult {
  ok: boolean;
  orders: ImportStats;
  variants: number;
  /** Inventory levels (item × location) written by the stock step. */
  inventoryLevels: number;
  refetched: number;
  ordersSince: Date | null;
  message: string | null;
  /** Shopify could not start the operation for now (its bulk slots are taken): run the backfill again after this many ms. */
  retryAfterMs: number | null;
}

/**
 * Start refusals that pass: every bulk slot of the app on this shop is taken
 * (OPERATION_IN_PROGRESS, the message lists the running operations), or Shopify's
 * limit is reached ("Bulk operations limit reached. Please try again later.").
 * Source: live capture, airhorns/shopify-draft-proxy fixtures/conformance/harry-test-heelo.myshopify.com/2026-04/bulk-operations/bulk-operation-run-query-concurrency-limit.json;
 * the enum's descriptions in app/types/admin-2026-10.schema.json.gz (BulkOperationUserErrorCode).
 * Anything else (INVALID: the query itself) is refused again every time.
 */
export const TRANSIENT_START_CODES = new Set(["OPERATION_IN_PROGRESS", "LIMIT_REACHED"]);
/** How long a backfill whose start was refused for now waits before it tries again. */
export const START_RETRY_MS = 60_000;

const KIND_WORDS: Record<string, string> = { catalog: "products and costs", inventory: "stock levels", orders: "orders" };

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

/** Hours and minutes in the shop's time zone ("14:02"), UTC named when the shop has none. */
export function clockTime(at: Date, timeZone: string | null): string {
  const format = (zone: string) => at.toLocaleTimeString("en-GB", { hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone: zone });
  if (timeZone) {
    try {
      return format(timeZone);
    } catch {
      // An unknown zone name: UTC, said so.
    }
  }
  return `${format("UTC")} UTC`;
}

/** "Shopify is not answering" or "Shopify cannot be reached", and the failures named once each ("HTTP 502 and HTTP 500"). */
export function describeFailures(failures: readonly string[]): { lead: string; what: string } {
  const distinct = [...new Set(failures)];
  const what = distinct.length <= 1 ? (distinct[0] ?? "errors") : `${distinct.slice(0, -1).join(", ")} and ${distinct[distinct.length - 1]}`;
  const lead = failures.every((f) => f.startsWith("network error")) ? "Shopify cannot be reached" : "Shopify is not answering";
  return { lead, what };
}

/**
 * What the merchant reads while Admin API requests keep failing; with `task`, what
 * was being done ("Checking Shopify for missed order changes: ..."), with
 * `nextTryAt`, when the next try is due.
 */
export function retryingMessage(failures: readonly string[], since: Date, timeZone: string | null, opts: { task?: string; nextTryAt?: Date } = {}): string {
  const { lead, what } = describeFailures(failures);
  const attempts = failures.length === 1 ? "the last attempt" : `the last ${failures.length} attempts`;
  const next = opts.nextTryAt ? `, next try at ${clockTime(opts.nextTryAt, timeZone)}` : "";
  return `${opts.task ? `${opts.task}: ` : ""}${lead} (${what} on ${attempts} since ${clockTime(since, timeZone)}); NetMargin keeps retrying${next}.`;
}

/**
 * Records a streak of failed Admin API attempts on the sync state, and clears it at
 * the first answer. Throttling is Shopify pacing the app, not a fault: not reported.
 */
function syncStateRetryReporter(db: PrismaClient, shop: string, timeZone: string | null, now: () => Date): AdminRetryReporter {
  let streak: { since: Date; failures: string[] } | null = null;
  return {
    async retrying(notice: AdminRetryNotice) {
      if (notice.kind === "throttled") return;
      streak ??= { since: now(), failures: [] };
      streak.failures.push(notice.failure);
      await updateSyncState(db, shop, { statusMessage: retryingMessage(streak.failures, streak.since, timeZone) });
    },
    async answered() {
      if (!streak) return;
      streak = null;
      await updateSyncState(db, shop, { statusMessage: null });
    },
  };
}

export type BackfillDeps = BulkRunDeps;

/**
 * `catalog`, `inventory`, `orders`: the steps to run (all by default). The stock step
 * goes with the catalog unless asked for on its own (`inventory` defaults to `catalog`).
 */
export interface BackfillSteps {
  orders?: boolean;
  catalog?: boolean;
  inventory?: boolean;
}

export async function backfillShop(deps: BackfillDeps, shop: string, opts: BackfillSteps = {}): Promise<BackfillResult> {
  const db: PrismaClient = deps.db;
  const now = deps.now ?? (() => new Date());
  const shopRow = await db.shop.findUnique({ where: { shop } });
  if (!shopRow || shopRow.uninstalledAt) throw new Error(`backfill: ${shop} is not installed`);
  return reportingAdminRetries(syncStateRetryReporter(db, shop, shopRow.ianaTimezone, now), () => backfill(deps, shopRow, opts));
}

async function backfill(deps: BackfillDeps, shopRow: Shop, opts: BackfillSteps): Promise<BackfillResult> {
  const db: PrismaClient = deps.db;
  const now = deps.now ?? (() => new Date());
  const shop = shopRow.shop;
  const started = now();
  const ordersSince = orderWindowStart(shopRow.scopes, started);
  await updateSyncState(db, shop, {
    status: "running",
    ordersSince,
    ordersWindowReason: ordersSince ? WINDOW_REASON : null,
    statusMessage: null,
  });
  const stats = newImportStats();
  const result: BackfillResult = { ok: true, orders: stats, variants: 0, inventoryLevels: 0, refetched: 0, ordersSince, message: null, retryAfterMs: null };
  const currency = shopRow.currencyCode ?? "USD";

  const fail = async (outcome: Extract<BulkRunOutcome, { ok: false }>) => {
    result.ok = false;
    result.message = failureMessage(outcome);
    if (outcome.code === "ACCESS_DENIED") await markAttention(db, shop, "SCOPE_MISSING", outcome.message);
    else await markAttention(db, shop, "BULK_FAILED", `${outcome.message} NetMargin will try again at the next sync.`);
    logger.warn("backfill failed", { shop, message: outcome.message });
    return result;
  };

  /** Shopify refused to start the operation: wait and try again, or tell the merchant (a query it will always refuse). */
  const refused = async (kind: string, error: BulkStartError) => {
    result.ok = false;
    result.message = error.message;
    if (error.code !== null && TRANSIENT_START_CODES.has(error.code)) {
      // The sync stays "running": the job runs the backfill again after the wait.
      result.retryAfterMs = START_RETRY_MS;
      logger.info("bulk operation start refused for now; retrying later", { shop, kind, code: error.code, shopifyMessage: error.shopifyMessage });
      return result;
    }
    await markAttention(
      db,
      shop,
      "BULK_REFUSED",
      `Shopify refused to start the import of your ${KIND_WORDS[kind] ?? kind}: "${error.shopifyMessage}" This is a fault in NetMargin, not in your store, and trying again will not help; NetMargin's support has the details. Your data already synced is kept.`,
    );
    logger.warn("bulk operation start refused; the shop needs attention", { shop, kind, code: error.code, shopifyMessage: error.shopifyMessage });
    return result;
  };
  const run = async (kind: string, query: string, makeImporter: () => BulkImporter) => {
    try {
      return await runBulkImport(deps, shop, kind, query, makeImporter);
    } catch (error) {
      if (error instanceof BulkStartError) return error;
      throw error;
    }
  };

  if (opts.catalog !== false) {
    const counter = { variants: 0 };
    const outcome = await run("catalog", CATALOG_BULK_QUERY, () => catalogImporter(deps.sql, shop, currency, now, counter));
    if (outcome instanceof BulkStartError) return refused("catalog", outcome);
    if (!outcome.ok) return fail(outcome);
    result.variants = counter.variants;
    await updateSyncState(db, shop, { catalogCursor: new Date(started.getTime() - RECONCILE_OVERLAP_MS) });
  }
  // Stock after the catalog, so each level finds its variant (Variant.inventoryItemId).
  if (opts.inventory ?? opts.catalog !== false) {
    const inventory = newInventoryStats();
    const outcome = await run("inventory", INVENTORY_BULK_QUERY, () => inventoryImporter(deps.sql, shop, now, inventory));
    if (outcome instanceof BulkStartError) return refused("inventory", outcome);
    if (!outcome.ok) return fail(outcome);
    await finishInventoryImport(deps.sql, shop, outcome.runId);
    // The day's stock snapshots (issue 18, item 2): Shopify keeps no inventory history, NetMargin records it from install on.
    await recordStockSnapshots(db, deps.sql, shop, localDate(now().toISOString(), shopRow.ianaTimezone ?? "UTC"), now());
    result.inventoryLevels = inventory.levels;
  }
  if (opts.orders !== false) {
    const outcome = await run("orders", ordersBulkQuery(ordersSince), () =>
      orderImporter(deps.sql, shop, stats, deps.admin),
    );
    if (outcome instanceof BulkStartError) return refused("orders", outcome);
    if (!outcome.ok) return fail(outcome);
    result.refetched = await processRefetches(db, deps.sql, deps.admin, shop, now);
  }
  await updateSyncState(db, shop, {
    status: "idle",
    lastBackfillAt: now(),
    reconcileCursor: new Date(started.getTime() - RECONCILE_OVERLAP_MS),
    attentionCode: null,
    attentionMessage: null,
    statusMessage: null,
  });
  logger.info("backfill done", {
    shop,
    orders: stats.orders,
    lines: stats.lines,
    late: stats.late,
    refetched: result.refetched,
    variants: result.variants,
    inventoryLevels: result.inventoryLevels,
    refundedOrders: stats.refundedOrders,
    refunds: stats.refunds.refunds,
    refundRequests: stats.refunds.requests,
    refundPages: stats.refunds.pages,
  });
  return result;
}
