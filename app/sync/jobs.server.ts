/**
 * The sync jobs (Shopify → store), registered on the process's queue by the
 * runtime (app/jobs/runtime.server.ts). Keyed by shop: never two of one shop at once.
 * - backfill: catalog + orders by bulk operation (afterAuth, bulk_operations/finish,
 *   on demand, and at boot for shops never synced or with an unfinished run); when
 *   Shopify's bulk slots are taken it runs again a minute later;
 * - order-refresh: fetch the orders queued in OrderRefetch (webhooks without
 *   transactions, refunds);
 * - reconcile: orders and stock changed since the checkpoint (every 15 minutes via
 *   reconcile-all, which enqueues one per installed shop);
 * - stock-snapshot: today's stock snapshots from the stored levels, no Shopify request
 *   (every hour via stock-snapshot-all; stock-snapshot-job.server.ts says why hourly).
 * Each ends by queueing the shop's margin recompute (app/margins/jobs.server.ts); the
 * backfill, reconcile (inventory import) and stock-snapshot jobs also queue the stored
 * stock health's refresh (stock-health, same file).
 * A 401/403 marks the shop as needing attention; its jobs then stop until the
 * merchant reopens the app (afterAuth clears it).
 *
 * Failures the queue retries (Shopify answering 5xx, the network, a fault of ours)
 * are told to the merchant on the sync card: while an attempt's Admin requests are
 * retried, after each failed attempt (what failed, since when, the next try), and
 * once the retries are spent the sync is "failed" with "Sync now" (markSyncFailed)
 * rather than "running" forever. The next success of that work clears it.
 */
import type { PrismaClient } from "@prisma/client";

import type { JobFailure, JobQueue } from "~/jobs/queue.server";
import { logger } from "~/logger.server";
import { AdminAuthError, AdminRetryError, reportingAdminRetries, type AdminClient, type AdminRetryReporter } from "~/shopify/admin-client.server";
import type { SqlDb } from "~/store/sql.server";
import { queueStockHealth, stockHealthOutOfDate } from "~/store/stock-health.server";
import { clearSyncFailure, markSyncFailed, needsAttention, updateSyncState, type SyncFailureCode } from "~/store/sync-state.server";
import { backfillShop, clockTime, describeFailures, retryingMessage } from "./backfill.server";
import { processRefetches } from "./order-import.server";
import { importPayments, PAYMENTS_REFRESH_EVERY_MINUTES } from "./payments-import.server";
import { reconcileShop } from "./reconcile.server";
import { recordTodaysStockSnapshots, STOCK_SNAPSHOT_EVERY_MINUTES } from "./stock-snapshot-job.server";

export type SyncJob = "backfill" | "order-refresh" | "reconcile" | "recompute" | "payments";
export const RECONCILE_EVERY_MINUTES = 15;

export interface SyncJobDeps {
  db: PrismaClient;
  sql: SqlDb;
  /** The Admin API client of background work for a shop (its offline session). */
  adminForShop(shop: string): Promise<AdminClient>;
  /** The clock of the failure messages (tests). */
  now?: () => Date;
}

/** How each job's failures read to the merchant, and which failure state its success clears. */
const FAILURE_WORDS: Record<"backfill" | "order-refresh" | "reconcile", { task: string; afterGivingUp: string; code: SyncFailureCode }> = {
  backfill: {
    task: "Importing your products and orders",
    afterGivingUp: 'NetMargin stopped retrying; press "Sync now" to try again.',
    code: "BACKFILL_FAILED",
  },
  reconcile: {
    task: "Checking Shopify for missed order changes",
    afterGivingUp: `NetMargin stopped retrying for now and checks again within ${RECONCILE_EVERY_MINUTES} minutes; press "Sync now" to try again at once.`,
    code: "SYNC_FAILED",
  },
  "order-refresh": {
    task: "Fetching changed orders from Shopify",
    // The orders stay queued (OrderRefetch); reconciliation fetches them.
    afterGivingUp: `NetMargin stopped retrying for now and tries again at its next check, within ${RECONCILE_EVERY_MINUTES} minutes; press "Sync now" to try again at once.`,
    code: "SYNC_FAILED",
  },
};

/** A job's failures since its last success: Admin attempts that failed (across job attempts) and failures of our own. */
interface Streak {
  since: Date;
  adminFailures: string[];
  /** Failed Admin attempts of the job attempt under way (reported before its error arrives). */
  current: string[];
  internal: number;
}

/** What the merchant reads after a failed attempt (`nextTryAt`) or once the retries are spent (`attempts`). */
export function jobFailureMessage(
  job: keyof typeof FAILURE_WORDS,
  streak: Pick<Streak, "since" | "adminFailures">,
  timeZone: string | null,
  end: { nextTryAt: Date } | { attempts: number },
): string {
  const words = FAILURE_WORDS[job];
  const since = clockTime(streak.since, timeZone);
  if ("attempts" in end) {
    const { lead, what } = describeFailures(streak.adminFailures);
    const reason = streak.adminFailures.length > 0 ? `${lead} (${what})` : "an error inside NetMargin (the details are in its logs)";
    return `${words.task} failed ${end.attempts} times since ${since}: ${reason}. ${words.afterGivingUp} The data already synced is kept.`;
  }
  if (streak.adminFailures.length > 0) return retryingMessage(streak.adminFailures, streak.since, timeZone, { task: words.task, nextTryAt: end.nextTryAt });
  return `${words.task} failed since ${since} (an error inside NetMargin; the details are in its logs); NetMargin keeps retrying, next try at ${clockTime(end.nextTryAt, timeZone)}.`;
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

/**
 * Tells the merchant about one kind of job's failures. The streak lives in this
 * process (a pg-boss retry on another instance starts its own "since").
 */
function failureReporting(deps: SyncJobDeps, job: keyof typeof FAILURE_WORDS) {
  const { db } = deps;
  const now = deps.now ?? (() => new Date());
  const streaks = new Map<string, Streak>();
  const words = FAILURE_WORDS[job];
  const timeZoneOf = async (shop: string) => (await db.shop.findUnique({ where: { shop }, select: { ianaTimezone: true } }))?.ianaTimezone ?? null;
  const streakOf = (shop: string) => {
    let streak = streaks.get(shop);
    if (!streak) {
      streak = { since: now(), adminFailures: [], current: [], internal: 0 };
      streaks.set(shop, streak);
    }
    return streak;
  };
  return {
    /** While an attempt's Admin requests are retried (the backfill reports its own). */
    reporter(shop: string, timeZone: string | null): AdminRetryReporter {
      return {
        async retrying(notice) {
          if (notice.kind === "throttled") return; // Shopify pacing the app, not a fault
          const streak = streakOf(shop);
          streak.current.push(notice.failure);
          const failures = [...streak.adminFailures, ...streak.current];
          await updateSyncState(db, shop, { statusMessage: retryingMessage(failures, streak.since, timeZone, { task: words.task }) });
        },
        async answered() {
          // Shopify answers again; the job's own outcome decides what comes next.
          const streak = streaks.get(shop);
          if (!streak || streak.internal > 0) return;
          streaks.delete(shop);
          await updateSyncState(db, shop, { statusMessage: null });
        },
      };
    },
    timeZoneOf,
    async succeeded(shop: string) {
      streaks.delete(shop);
      await clearSyncFailure(db, shop, words.code);
    },
    async failed(shop: string, attempt: number, failure: JobFailure) {
      const streak = streakOf(shop);
      streak.current = [];
      if (failure.error instanceof AdminRetryError) streak.adminFailures.push(...failure.error.failures);
      else streak.internal++;
      const timeZone = await timeZoneOf(shop);
      if (failure.retryAt) {
        await updateSyncState(db, shop, { statusMessage: jobFailureMessage(job, streak, timeZone, { nextTryAt: failure.retryAt }) });
        return;
      }
      streaks.delete(shop);
      await markSyncFailed(db, shop, words.code, jobFailureMessage(job, streak, timeZone, { attempts: attempt }));
      logger.warn("sync job failed after its retries; the merchant is told", { shop, job, attempts: attempt });
    },
  };
}

export async function registerSyncJobs(queue: JobQueue, deps: SyncJobDeps): Promise<void> {
  const { db, sql } = deps;
  const backfill = failureReporting(deps, "backfill");
  await queue.register<{ shop: string }>(
    "backfill",
    ({ shop }) =>
      guarded(deps, "backfill", shop, async (admin) => {
        // A new try of a backfill that failed: the card shows it running again.
        await clearSyncFailure(db, shop, "BACKFILL_FAILED");
        const result = await backfillShop({ db, sql, admin: admin.request }, shop);
        // Done, waiting for Shopify's bulk slots, or stopped for the merchant (attention): no failure streak.
        await backfill.succeeded(shop);
        // Shopify's bulk slots were taken: the backfill waits and runs again (the queue's
        // delay, so other shops' jobs run meanwhile). A refusal that would repeat is not retried.
        if (result.retryAfterMs !== null) await queue.enqueue("backfill", { shop }, { singletonKey: shop, delayMs: result.retryAfterMs });
        await queue.enqueue("recompute", { shop }, { singletonKey: shop });
        await queueStockHealth(queue, shop);
        // Shopify Payments' payouts and ledger (the install's full read, then the refresh's).
        await queue.enqueue("payments", { shop }, { singletonKey: shop });
      }),
    { onFailed: ({ shop }, job, failure) => backfill.failed(shop, job.attempt, failure) },
  );
  const refresh = failureReporting(deps, "order-refresh");
  await queue.register<{ shop: string }>(
    "order-refresh",
    ({ shop }) =>
      guarded(deps, "order-refresh", shop, async (admin) => {
        const reporter = refresh.reporter(shop, await refresh.timeZoneOf(shop));
        await reportingAdminRetries(reporter, () => processRefetches(db, sql, admin.request, shop, () => new Date()));
        await refresh.succeeded(shop);
        await queue.enqueue("recompute", { shop }, { singletonKey: shop });
      }),
    { onFailed: ({ shop }, job, failure) => refresh.failed(shop, job.attempt, failure) },
  );
  const reconcile = failureReporting(deps, "reconcile");
  await queue.register<{ shop: string }>(
    "reconcile",
    ({ shop }) =>
      guarded(deps, "reconcile", shop, async (admin) => {
        const reporter = reconcile.reporter(shop, await reconcile.timeZoneOf(shop));
        const done = await reportingAdminRetries(reporter, () => reconcileShop({ db, sql, admin: admin.request }, shop));
        await reconcile.succeeded(shop);
        await queue.enqueue("recompute", { shop }, { singletonKey: shop });
        // Stock changed (levels or an inventory import): its health too. Orders alone go through the recompute's.
        if (done.inventory.mode !== "none" && (done.inventory.updated + done.inventory.removedLevels + done.inventory.removedLocations > 0 || done.inventory.mode === "full")) await queueStockHealth(queue, shop);
      }),
    { onFailed: ({ shop }, job, failure) => reconcile.failed(shop, job.attempt, failure) },
  );
  await queue.register<object>("reconcile-all", async () => {
    const shops = await db.shop.findMany({ where: { uninstalledAt: null }, select: { shop: true } });
    for (const { shop } of shops) await queue.enqueue("reconcile", { shop }, { singletonKey: shop });
  });
  // Stock snapshots need no Shopify request: they run whatever the shop's sync state (a
  // shop needing attention still has its stored stock recorded, as it stood).
  await queue.register<{ shop: string }>("stock-snapshot", async ({ shop }) => {
    const r = await recordTodaysStockSnapshots({ db, sql, now: deps.now }, shop);
    if (r && r.written + r.removed > 0) logger.info("stock snapshots recorded", { shop, ...r });
    // Hourly: a changed snapshot, or a new day in the shop (the windows move with the date), or none stored yet.
    if (r && (r.written + r.removed > 0 || (await stockHealthOutOfDate(db, shop, deps.now?.() ?? new Date())))) await queueStockHealth(queue, shop);
  });
  // Shopify Payments (payments-import.server.ts): everything the first time, then what changed; a new ledger fee re-prices its orders.
  await queue.register<{ shop: string }>("payments", ({ shop }) =>
    guarded(deps, "payments", shop, async (admin) => {
      const r = await importPayments({ db, admin: admin.request, now: deps.now }, shop);
      if (r.ordersMarked > 0) await queue.enqueue("recompute", { shop }, { singletonKey: shop });
    }),
  );
  await queue.register<object>("payments-all", async () => {
    const shops = await db.shop.findMany({ where: { uninstalledAt: null }, select: { shop: true } });
    for (const { shop } of shops) await queue.enqueue("payments", { shop }, { singletonKey: shop });
  });
  await queue.register<object>("stock-snapshot-all", async () => {
    const shops = await db.shop.findMany({ where: { uninstalledAt: null }, select: { shop: true } });
    for (const { shop } of shops) await queue.enqueue("stock-snapshot", { shop }, { singletonKey: shop });
  });
}

/** Work a previous process left (after `queue.start()`): shops never synced, unfinished runs, queued fetches, dirty months. */
export async function enqueueLeftoverWork(queue: JobQueue, db: PrismaClient): Promise<number> {
  await queue.every("reconcile-all", RECONCILE_EVERY_MINUTES);
  await queue.every("stock-snapshot-all", STOCK_SNAPSHOT_EVERY_MINUTES);
  await queue.every("payments-all", PAYMENTS_REFRESH_EVERY_MINUTES);
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
