/**
 * Sync inside the running app: one SQL writer and one job queue per process, the
 * handlers of the sync jobs, and an Admin API client per shop from its offline
 * session (shopify-app-remix refreshes expiring offline tokens).
 *
 * Jobs, keyed by shop (never two of one shop at once):
 * - backfill: catalog + orders by bulk operation (afterAuth, bulk_operations/finish,
 *   on demand, and at boot for shops never synced or with an unfinished run); when
 *   Shopify's bulk slots are taken it runs again a minute later;
 * - order-refresh: fetch the orders queued in OrderRefetch (webhooks without
 *   transactions, refunds);
 * - reconcile: orders updated since the checkpoint (every 15 minutes via
 *   reconcile-all, which enqueues one per installed shop);
 * - recompute: the stored margins of the months marked dirty (app/margins), after
 *   each of the above, each webhook batch, and each cost change. Queued jobs of
 *   one shop coalesce (one running, one waiting), so a burst of webhooks costs
 *   one or two recomputes of the current month.
 * A 401/403 marks the shop as needing attention; its jobs then stop until the
 * merchant reopens the app (afterAuth clears it).
 */
import { config, databaseProvider } from "../config.server";
import db from "../db.server";
import { demoFetch, demoTarget } from "../demo.server";
import { logger } from "../logger.server";
import { unauthenticated } from "../shopify.server";
import { AdminAuthError, AdminClient } from "./admin-client.server";
import { backfillShop } from "./backfill.server";
import { createJobQueue, type JobQueue } from "../jobs/queue.server";
import { processRefetches } from "./order-import.server";
import { openOrderReader, type OrderReader } from "../margins/order-reader.server";
import { ComputeThread } from "../margins/compute-thread.server";
import { recomputeMargins } from "../margins/recompute.server";
import { reconcileShop } from "./reconcile.server";
import { openSqlDb, type SqlDb } from "./sql.server";
import { markAttention, needsAttention } from "./sync-state.server";

export type SyncJob = "backfill" | "order-refresh" | "reconcile" | "recompute";
export const RECONCILE_EVERY_MINUTES = 15;

interface Runtime {
  sql: SqlDb;
  reader: OrderReader;
  /** The margin recompute's second thread (started by the first large run), or null where it cannot run. */
  compute: ComputeThread | null;
  queue: JobQueue;
  started: Promise<void>;
}

declare global {
  // One runtime per process, across Vite's module reloads in development.
  var netmarginSync: Runtime | undefined;
}

export function syncSql(): SqlDb {
  return runtime().sql;
}

/** The process's read-only connection for bulk reads of stored orders and margins (rows as arrays). */
export function marginReader(): OrderReader {
  return runtime().reader;
}

function runtime(): Runtime {
  if (globalThis.netmarginSync) return globalThis.netmarginSync;
  const env = config();
  const sql = openSqlDb(env.DATABASE_URL);
  const queue = createJobQueue({ provider: databaseProvider(env.DATABASE_URL), databaseUrl: env.DATABASE_URL });
  const rt: Runtime = {
    sql,
    reader: openOrderReader(env.DATABASE_URL),
    compute: ComputeThread.open(env.DATABASE_URL, sql),
    queue,
    started: Promise.resolve(),
  };
  globalThis.netmarginSync = rt;
  rt.started = start(rt).catch((error: unknown) => {
    logger.error("sync jobs failed to start", { error: (error as Error).message });
  });
  return rt;
}

/** Starts the sync jobs of this process (idempotent). */
export function startSyncJobs(): Promise<void> {
  return runtime().started;
}

export async function enqueueSync(job: SyncJob, shop: string): Promise<void> {
  const rt = runtime();
  await rt.started;
  await rt.queue.enqueue(job, { shop }, { singletonKey: shop });
}

/** The Admin API client of background work for a shop (offline session). */
export async function adminForShop(shop: string): Promise<AdminClient> {
  const env = config();
  const { session } = await unauthenticated.admin(shop);
  const demo = env.NETMARGIN_MODE === "demo" ? demoTarget(env) : null;
  return new AdminClient({
    shop,
    accessToken: session.accessToken ?? "",
    ...(demo ? { fetch: demoFetch(demo) } : {}),
    onAuthError: async (error: AdminAuthError) => {
      await markAttention(db, shop, error.reason === "token-revoked" ? "TOKEN_REVOKED" : "SCOPE_MISSING", error.message);
    },
  });
}

async function guarded(job: SyncJob, shop: string, run: (admin: AdminClient) => Promise<unknown>): Promise<void> {
  const installed = await db.shop.findUnique({ where: { shop }, select: { uninstalledAt: true } });
  if (!installed || installed.uninstalledAt) return;
  if (await needsAttention(db, shop)) {
    logger.info("sync job skipped: the shop needs attention", { shop, job });
    return;
  }
  try {
    await run(await adminForShop(shop));
  } catch (error) {
    // Already recorded for the merchant; retrying would not help.
    if (error instanceof AdminAuthError) return;
    throw error;
  }
}

async function start(rt: Runtime): Promise<void> {
  const { queue, sql, reader, compute } = rt;
  await queue.register<{ shop: string }>("backfill", ({ shop }) =>
    guarded("backfill", shop, async (admin) => {
      const result = await backfillShop({ db, sql, admin: admin.request }, shop);
      // Shopify's bulk slots were taken: the backfill waits and runs again (the queue's
      // delay, so other shops' jobs run meanwhile). A refusal that would repeat is not retried.
      if (result.retryAfterMs !== null) await queue.enqueue("backfill", { shop }, { singletonKey: shop, delayMs: result.retryAfterMs });
      await queue.enqueue("recompute", { shop }, { singletonKey: shop });
    }),
  );
  await queue.register<{ shop: string }>("order-refresh", ({ shop }) =>
    guarded("order-refresh", shop, async (admin) => {
      await processRefetches(db, sql, admin.request, shop, () => new Date());
      await queue.enqueue("recompute", { shop }, { singletonKey: shop });
    }),
  );
  await queue.register<{ shop: string }>("reconcile", ({ shop }) =>
    guarded("reconcile", shop, async (admin) => {
      await reconcileShop({ db, sql, admin: admin.request }, shop);
      await queue.enqueue("recompute", { shop }, { singletonKey: shop });
    }),
  );
  await queue.register<{ shop: string }>("recompute", async ({ shop }) => {
    const installed = await db.shop.findUnique({ where: { shop }, select: { uninstalledAt: true } });
    if (!installed || installed.uninstalledAt) return;
    await recomputeMargins({ db, sql, reader, compute }, shop);
  });
  await queue.register<object>("reconcile-all", async () => {
    const shops = await db.shop.findMany({ where: { uninstalledAt: null }, select: { shop: true } });
    for (const { shop } of shops) await queue.enqueue("reconcile", { shop }, { singletonKey: shop });
  });
  await queue.start();
  await queue.every("reconcile-all", RECONCILE_EVERY_MINUTES);
  // Work left by a previous process: shops never synced, unfinished runs, queued fetches.
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
  logger.info("sync jobs started", { engine: queue.kind, shops: shops.length });
}
