/**
 * The process's runtime, wired at boot (the composition root): one SQL writer,
 * one read-only row reader, the margin recompute's second thread and one job
 * queue per process, with the sync jobs (app/sync/jobs.server.ts) and the margin
 * job (app/margins/jobs.server.ts) registered on it.
 *
 * Nothing here imports app/shopify.server.ts: it hands over the shops' offline
 * sessions with `provideOfflineSessions` (shopify-app-remix refreshes expiring
 * offline tokens), so background jobs get an Admin API client per shop.
 */
import { config, databaseProvider } from "~/config.server";
import db from "~/db.server";
import { demoFetch, demoTarget } from "~/demo.server";
import { logger } from "~/logger.server";
import { ComputeThread } from "~/margins/compute-thread.server";
import { registerMarginJobs } from "~/margins/jobs.server";
import { AdminClient, type AdminAuthError } from "~/shopify/admin-client.server";
import { openRowReader, type RowReader } from "~/store/row-reader.server";
import { openSqlDb, type SqlDb } from "~/store/sql.server";
import { markAttention } from "~/store/sync-state.server";
import { enqueueLeftoverWork, registerSyncJobs, type SyncJob } from "~/sync/jobs.server";
import { SendCoalescer } from "./coalesce.server";
import { createJobQueue } from "./factory.server";
import type { JobQueue } from "./queue.server";

export type { SyncJob } from "~/sync/jobs.server";

/** A shop's offline session, as `shopify.unauthenticated.admin(shop)` gives it. */
export type OfflineSessions = (shop: string) => Promise<{ session: { accessToken?: string } }>;

interface Runtime {
  sql: SqlDb;
  reader: RowReader;
  /** The margin recompute's second thread (started by the first large run), or null where it cannot run. */
  compute: ComputeThread | null;
  queue: JobQueue;
  started: Promise<void>;
}

declare global {
  // One runtime per process, across Vite's module reloads in development.
  var netmarginSync: Runtime | undefined;
  var netmarginOfflineSessions: OfflineSessions | undefined;
}

/** Called once by app/shopify.server.ts: how background jobs get a shop's offline session. */
export function provideOfflineSessions(sessions: OfflineSessions): void {
  globalThis.netmarginOfflineSessions = sessions;
}

export function syncSql(): SqlDb {
  return runtime().sql;
}

/** The process's read-only connection for bulk reads of stored orders and margins (rows as arrays). */
export function marginReader(): RowReader {
  return runtime().reader;
}

function runtime(): Runtime {
  if (globalThis.netmarginSync) return globalThis.netmarginSync;
  const env = config();
  const sql = openSqlDb(env.DATABASE_URL);
  const queue = createJobQueue({ provider: databaseProvider(env.DATABASE_URL), databaseUrl: env.DATABASE_URL });
  const rt: Runtime = {
    sql,
    reader: openRowReader(env.DATABASE_URL),
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

/** Starts the background jobs of this process (idempotent). */
export function startSyncJobs(): Promise<void> {
  return runtime().started;
}

/** Sends of one job for one shop share a round trip (coalesce.server.ts). */
const sends = new SendCoalescer();

/** Queues `job` for the shop, after the caller's writes (a send that starts after the call). */
export async function enqueueSync(job: SyncJob, shop: string): Promise<void> {
  const rt = runtime();
  await rt.started;
  await sends.run(`${job}:${shop}`, () => rt.queue.enqueue(job, { shop }, { singletonKey: shop }));
}

/** The Admin API client of background work for a shop (offline session). */
export async function adminForShop(shop: string): Promise<AdminClient> {
  const sessions = globalThis.netmarginOfflineSessions;
  if (!sessions) throw new Error("no offline sessions: app/shopify.server.ts must be loaded before background jobs run");
  const env = config();
  const { session } = await sessions(shop);
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

async function start(rt: Runtime): Promise<void> {
  const { queue, sql, reader, compute } = rt;
  await registerSyncJobs(queue, { db, sql, adminForShop });
  await registerMarginJobs(queue, { db, sql, reader, compute });
  await queue.start();
  const shops = await enqueueLeftoverWork(queue, db);
  logger.info("sync jobs started", { engine: queue.kind, shops });
}
