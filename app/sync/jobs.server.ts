/**
 * The sync jobs (Shopify → store), registered on the process's queue by the
 * runtime (app/jobs/runtime.server.ts). Keyed by shop: never two of one shop at once.
 * - backfill: catalog + orders by bulk operation (afterAuth, bulk_operations/finish,
 *   on demand, and at boot for shops never synced or with an unfinished run); when
 *   Shopify's bulk slots are taken it runs again a minute later;
 * - order-refresh: fetch the orders queued in OrderRefetch (webhooks without
 *   transactions, refunds);
 * - reconcile: orders updated since the checkpoint (every 15 minutes via
 *   reconcile-all, which enqueues one per installed shop).
 * Each ends by queueing the shop's margin recompute (app/margins/jobs.server.ts).
 * A 401/403 marks the shop as needing attention; its jobs then stop until the
 * merchant reopens the app (afterAuth clears it).
 */
import type { PrismaClient } from "@prisma/client";

import type { JobQueue } from "~/jobs/queue.server";
import { logger } from "~/logger.server";
import { AdminAuthError, type AdminClient } from "~/shopify/admin-client.server";
import type { SqlDb } from "~/store/sql.server";
import { needsAttention } from "~/store/sync-state.server";
import { backfillShop } from "./backfill.server";
import { processRefetches } from "./order-import.server";
import { reconcileShop } from "./reconcile.server";

export type SyncJob = "backfill" | "order-refresh" | "reconcile" | "recompute";
export const RECONCILE_EVERY_MINUTES = 15;

export interface SyncJobDeps {
  db: PrismaClient;
  sql: SqlDb;
  /** The Admin API client of background work for a shop (its offline session). */
  adminForShop(shop: string): Promise<AdminClient>;
}

async function guarded(deps: SyncJobDeps, job: SyncJob, shop: string, run: (admin: AdminClient) => Promise<unknown>): Promise<void> {
  const installed = await deps.db.shop.findUnique({ where: { shop }, select: { uninstalledAt: true } });
  if (!installed || installed.uninstalledAt) return;
  if (await needsAttention(deps.db, shop)) {
    logger.info("sync job skipped: the shop needs attention", { shop, job });
    return;
  }
  try {
    await run(await deps.adminForShop(shop));
  } catch (error) {
    // Already recorded for the merchant; retrying would not help.
    if (error instanceof AdminAuthError) return;
    throw error;
  }
}

export async function registerSyncJobs(queue: JobQueue, deps: SyncJobDeps): Promise<void> {
  const { db, sql } = deps;
  await queue.register<{ shop: string }>("backfill", ({ shop }) =>
    guarded(deps, "backfill", shop, async (admin) => {
      const result = await backfillShop({ db, sql, admin: admin.request }, shop);
      // Shopify's bulk slots were taken: the backfill waits and runs again (the queue's
      // delay, so other shops' jobs run meanwhile). A refusal that would repeat is not retried.
      if (result.retryAfterMs !== null) await queue.enqueue("backfill", { shop }, { singletonKey: shop, delayMs: result.retryAfterMs });
      await queue.enqueue("recompute", { shop }, { singletonKey: shop });
    }),
  );
  await queue.register<{ shop: string }>("order-refresh", ({ shop }) =>
    guarded(deps, "order-refresh", shop, async (admin) => {
      await processRefetches(db, sql, admin.request, shop, () => new Date());
      await queue.enqueue("recompute", { shop }, { singletonKey: shop });
    }),
  );
  await queue.register<{ shop: string }>("reconcile", ({ shop }) =>
    guarded(deps, "reconcile", shop, async (admin) => {
      await reconcileShop({ db, sql, admin: admin.request }, shop);
      await queue.enqueue("recompute", { shop }, { singletonKey: shop });
    }),
  );
  await queue.register<object>("reconcile-all", async () => {
    const shops = await db.shop.findMany({ where: { uninstalledAt: null }, select: { shop: true } });
    for (const { shop } of shops) await queue.enqueue("reconcile", { shop }, { singletonKey: shop });
  });
}

/** Work a previous process left (after `queue.start()`): shops never synced, unfinished runs, queued fetches, dirty months. */
export async function enqueueLeftoverWork(queue: JobQueue, db: PrismaClient): Promise<number> {
  await queue.every("reconcile-all", RECONCILE_EVERY_MINUTES);
  const shops = await db.shop.findMany({ where: { uninstalledAt: null }, select: { shop: true } });
  for (const { shop } of shops) {
    const [state, active, refetch] = await Promise.all([
      db.syncState.findUnique({ where: { shop }, select: { lastBackfillAt: true, status: true } }),
      db.syncRun.count({ where: { shop, status: { in: ["created", "running", "downloading"] } } }),
      db.orderRefetch.count({ where: { shop } }),
    ]);
    // (status "running" without a run: a backfill that was waiting for Shopify's bulk slots)
    if (!state?.lastBackfillAt || active > 0 || state.status === "running") await queue.enqueue("backfill", { shop }, { singletonKey: shop });
    else if (refetch > 0) await queue.enqueue("order-refresh", { shop }, { singletonKey: shop });
    if ((await db.marginDirty.count({ where: { shop } })) > 0) await queue.enqueue("recompute", { shop }, { singletonKey: shop });
  }
  return shops.length;
}
