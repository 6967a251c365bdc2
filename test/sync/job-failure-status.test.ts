import { afterEach, describe, expect, it, vi } from "vitest";

import { InProcessQueue } from "~/jobs/in-process-queue.server";
import type { JobContext, JobFailure, JobHandler, JobQueue, RegisterOptions } from "~/jobs/queue.server";
import { logger } from "~/logger.server";
import { AdminClient } from "~/shopify/admin-client.server";
import { getSyncStatus, markAttention, updateSyncState, type SyncStatus } from "~/store/sync-state.server";
import { jobFailureMessage, registerSyncJobs } from "~/sync/jobs.server";
import { queueRefetch } from "~/sync/order-import.server";
import { createPostgresqlDatabase, type TestDatabase } from "../db/databases";
import { syncHarness, type SyncHarness } from "./helpers";

/**
 * Defect 9 of issue 16, the jobs' side: while every Admin API call failed with HTTP 500,
 * reconciliation and the order fetch failed silently and a backfill whose retries were
 * spent left the sync "running" forever. Now the sync card says what failed, since when,
 * that NetMargin keeps retrying and when next; once the queue's retries are spent the
 * sync is "failed" with a plain message and "Sync now"; the next success clears it.
 *
 * The queue is driven by hand here (each attempt, then its onFailed with the retry time
 * the engine would give), so the messages' times are exact; the last test runs the real
 * in-process queue end to end.
 */

let h: SyncHarness | null = null;
let pgDb: TestDatabase | null = null;
afterEach(async () => {
  vi.restoreAllMocks();
  await h?.close();
  h = null;
  await pgDb?.drop();
  pgDb = null;
});

/** 13:02:30 UTC is 14:02 in Paris (winter). */
const CLOCK = new Date("2026-12-07T13:02:30Z");
const at = (hhmmss: string) => new Date(`2026-12-07T${hhmmss}Z`);
/** A checkpoint before every simulated order. */
const LONG_AGO = new Date("2000-01-01T00:00:00Z");

/** Holds the handlers and hooks registerSyncJobs gives the queue; `attempt` runs one as an engine would. */
class HandDrivenQueue implements JobQueue {
  readonly kind = "in-process" as const;
  readonly jobs = new Map<string, { handler: JobHandler<object>; opts: RegisterOptions<object> }>();
  readonly enqueued: string[] = [];
  async register<T extends object>(name: string, handler: JobHandler<T>, opts: RegisterOptions<T> = {}) {
    this.jobs.set(name, { handler: handler as JobHandler<object>, opts: opts as RegisterOptions<object> });
  }
  async enqueue(name: string): Promise<string | null> {
    this.enqueued.push(name);
    return name;
  }
  async every() {}
  async start() {}
  async stop() {}
  async idle() {}
  /** One attempt; on failure the hook hears of it with `retryAt` (null: the retries are spent). Returns the error, if any. */
  async attempt(name: string, shop: string, attempt: number, retryAt: Date | null): Promise<unknown> {
    const { handler, opts } = this.jobs.get(name)!;
    const job: JobContext = { id: `${name}-1`, name, attempt };
    try {
      await handler({ shop }, job);
      return null;
    } catch (error) {
      const failure: JobFailure = { error, retryAt };
      await opts.onFailed?.({ shop }, job, failure);
      return error;
    }
  }
}

interface Setup {
  s: SyncHarness;
  queue: HandDrivenQueue;
  /** The status at each Admin retry wait, where the merchant would be looking at the page. */
  seen: SyncStatus[];
}

async function setup(seed: number, provider: "sqlite" | "postgresql" = "sqlite"): Promise<Setup> {
  if (provider === "postgresql") pgDb = await createPostgresqlDatabase();
  h = await syncHarness({ generator: { seed, orders: 6, preset: "eu" }, ...(pgDb ? { databaseUrl: pgDb.url } : {}) });
  expect(h.sql.provider).toBe(provider);
  const s = h;
  vi.spyOn(logger, "warn").mockImplementation(() => undefined);
  await s.db.shop.update({ where: { shop: s.shop }, data: { ianaTimezone: "Europe/Paris" } });
  const seen: SyncStatus[] = [];
  const admin = new AdminClient({
    shop: s.shop,
    accessToken: s.sim.accessToken,
    endpoint: s.sim.graphqlUrl,
    baseDelayMs: 1,
    maxAttempts: 3,
    sleep: async () => {
      seen.push(await getSyncStatus(s.db, s.shop));
    },
  });
  const queue = new HandDrivenQueue();
  await registerSyncJobs(queue, { db: s.db, sql: s.sql, adminForShop: async () => admin, now: () => CLOCK });
  // Every Admin API call answers HTTP 500 until the fault is reset.
  s.sim.faults.serverError(10_000, 500);
  return { s, queue, seen };
}

const statusOf = async (s: SyncHarness) => {
  const st = await getSyncStatus(s.db, s.shop);
  return { status: st.status, message: st.message, attention: st.attention };
};

describe.each(["sqlite", "postgresql"] as const)("reconciliation while every Admin API call answers HTTP 500 (%s)", (provider) => {
  it("says so while retrying and after each failed attempt, fails plainly after the last retry, and a success clears it", async () => {
    const { s, queue, seen } = await setup(11, provider);
    await updateSyncState(s.db, s.shop, { status: "idle", lastBackfillAt: at("08:00:00"), reconcileCursor: LONG_AGO });

    // Attempt 1 of 4 (the queue's default: 3 retries): 3 Admin attempts, then the job fails.
    expect(await queue.attempt("reconcile", s.shop, 1, at("13:03:10"))).toBeInstanceOf(Error);
    const task = "Checking Shopify for missed order changes";
    expect(seen.map((st) => [st.status, st.message])).toEqual([
      ["idle", `${task}: Shopify is not answering (HTTP 500 on the last attempt since 14:02); NetMargin keeps retrying.`],
      ["idle", `${task}: Shopify is not answering (HTTP 500 on the last 2 attempts since 14:02); NetMargin keeps retrying.`],
    ]);
    expect(await statusOf(s)).toEqual({
      status: "idle",
      message: `${task}: Shopify is not answering (HTTP 500 on the last 3 attempts since 14:02); NetMargin keeps retrying, next try at 14:03.`,
      attention: null,
    });

    // Attempts 2 and 3: the count and "since" carry over.
    await queue.attempt("reconcile", s.shop, 2, at("13:04:00"));
    expect(seen.at(-1)!.message).toBe(`${task}: Shopify is not answering (HTTP 500 on the last 5 attempts since 14:02); NetMargin keeps retrying.`);
    await queue.attempt("reconcile", s.shop, 3, at("13:06:45"));
    expect((await statusOf(s)).message).toBe(
      `${task}: Shopify is not answering (HTTP 500 on the last 9 attempts since 14:02); NetMargin keeps retrying, next try at 14:06.`,
    );

    // Attempt 4, the last: no more retries. "failed", not "running" or "idle" with a stale message.
    await queue.attempt("reconcile", s.shop, 4, null);
    expect(await statusOf(s)).toEqual({
      status: "failed",
      message: null,
      attention: {
        code: "SYNC_FAILED",
        message:
          `${task} failed 4 times since 14:02: Shopify is not answering (HTTP 500). NetMargin stopped retrying for now and checks again within 15 minutes; ` +
          'press "Sync now" to try again at once. The data already synced is kept.',
      },
    });
    expect(queue.enqueued).toEqual([]); // no recompute after a failure

    // Shopify answers again: the next reconciliation succeeds and clears it all.
    s.sim.faults.reset();
    expect(await queue.attempt("reconcile", s.shop, 1, at("13:20:00"))).toBeNull();
    expect(await statusOf(s)).toEqual({ status: "idle", message: null, attention: null });
    expect(await s.db.order.count({ where: { shop: s.shop } })).toBe(6);
    expect(queue.enqueued).toEqual(["recompute"]);
  });
});

describe("the order fetch (order-refresh) while every Admin API call answers HTTP 500", () => {
  it("says so after each failed attempt, fails plainly after the last retry, and a success clears it", async () => {
    const { s, queue } = await setup(12);
    await updateSyncState(s.db, s.shop, { status: "idle", lastBackfillAt: at("08:00:00") });
    const order = s.sim.store.orders[0]!;
    await s.sql.transaction((tx) => queueRefetch(tx, s.shop, [{ id: order.id, reason: "webhook" }], CLOCK));

    const task = "Fetching changed orders from Shopify";
    await queue.attempt("order-refresh", s.shop, 1, at("13:02:45"));
    expect(await statusOf(s)).toEqual({
      status: "idle",
      message: `${task}: Shopify is not answering (HTTP 500 on the last 3 attempts since 14:02); NetMargin keeps retrying, next try at 14:02.`,
      attention: null,
    });
    await queue.attempt("order-refresh", s.shop, 2, null);
    expect(await statusOf(s)).toEqual({
      status: "failed",
      message: null,
      attention: {
        code: "SYNC_FAILED",
        message:
          `${task} failed 2 times since 14:02: Shopify is not answering (HTTP 500). NetMargin stopped retrying for now and tries again at its next check, ` +
          'within 15 minutes; press "Sync now" to try again at once. The data already synced is kept.',
      },
    });
    // The order is still queued for the next try.
    expect(await s.db.orderRefetch.count({ where: { shop: s.shop } })).toBe(1);

    s.sim.faults.reset();
    expect(await queue.attempt("order-refresh", s.shop, 1, at("13:20:00"))).toBeNull();
    expect(await statusOf(s)).toEqual({ status: "idle", message: null, attention: null });
    expect(await s.db.orderRefetch.count({ where: { shop: s.shop } })).toBe(0);
    expect(await s.db.order.count({ where: { shop: s.shop, id: order.id } })).toBe(1);
  });
});

describe("a backfill while every Admin API call answers HTTP 500", () => {
  it("is 'failed' after the queue's last retry instead of 'running' forever; Sync now's backfill runs and clears it", async () => {
    const { s, queue, seen } = await setup(13);

    await queue.attempt("backfill", s.shop, 1, at("13:03:10"));
    // While the backfill retries, its own message (test/sync/backfill-retry-status.test.ts) …
    expect(seen.map((st) => st.status)).toEqual(["running", "running"]);
    // … and between attempts, what failed and the next try.
    expect(await statusOf(s)).toEqual({
      status: "running",
      message: "Importing your products and orders: Shopify is not answering (HTTP 500 on the last 3 attempts since 14:02); NetMargin keeps retrying, next try at 14:03.",
      attention: null,
    });
    await queue.attempt("backfill", s.shop, 2, at("13:04:00"));
    await queue.attempt("backfill", s.shop, 3, null);
    const failed = {
      status: "failed",
      message: null,
      attention: {
        code: "BACKFILL_FAILED",
        message:
          'Importing your products and orders failed 3 times since 14:02: Shopify is not answering (HTTP 500). NetMargin stopped retrying; press "Sync now" to try again. ' +
          "The data already synced is kept.",
      },
    };
    expect(await statusOf(s)).toEqual(failed);

    // A reconciliation succeeding does not clear the backfill's failure (the import is still incomplete).
    await updateSyncState(s.db, s.shop, { reconcileCursor: LONG_AGO });
    s.sim.faults.reset();
    expect(await queue.attempt("reconcile", s.shop, 1, null)).toBeNull();
    expect(await statusOf(s)).toEqual(failed);

    // The next backfill (Sync now, or at boot) shows "running" again and, done, clears it.
    expect(await queue.attempt("backfill", s.shop, 1, null)).toBeNull();
    expect(await statusOf(s)).toEqual({ status: "idle", message: null, attention: null });
    expect(await s.db.order.count({ where: { shop: s.shop } })).toBe(6);
  });

  it.each(["sqlite", "postgresql"] as const)("never replaces an attention that asks the merchant to act (a revoked token; %s)", async (provider) => {
    const { s, queue } = await setup(14, provider);
    await updateSyncState(s.db, s.shop, { status: "idle", lastBackfillAt: at("08:00:00"), reconcileCursor: LONG_AGO });
    await queue.attempt("reconcile", s.shop, 1, at("13:03:10"));
    await markAttention(s.db, s.shop, "TOKEN_REVOKED", "Reopen NetMargin from your Shopify admin.");
    // The job skips a shop needing attention, but a failure already under way must not overwrite it.
    await queue.jobs.get("reconcile")!.opts.onFailed!({ shop: s.shop }, { id: "x", name: "reconcile", attempt: 4 }, { error: new Error("late"), retryAt: null });
    expect((await statusOf(s)).attention).toEqual({ code: "TOKEN_REVOKED", message: "Reopen NetMargin from your Shopify admin." });
  });
});

describe("jobFailureMessage", () => {
  const since = new Date("2026-12-07T14:02:00Z");
  it("names network trouble, and a fault of NetMargin's own without an HTTP code or stack", () => {
    expect(jobFailureMessage("reconcile", { since, adminFailures: ["network error (ECONNRESET)"] }, "America/New_York", { attempts: 4 })).toBe(
      "Checking Shopify for missed order changes failed 4 times since 09:02: Shopify cannot be reached (network error (ECONNRESET)). NetMargin stopped retrying for now " +
        'and checks again within 15 minutes; press "Sync now" to try again at once. The data already synced is kept.',
    );
    expect(jobFailureMessage("order-refresh", { since, adminFailures: [] }, null, { nextTryAt: new Date("2026-12-07T14:03:20Z") })).toBe(
      "Fetching changed orders from Shopify failed since 14:02 UTC (an error inside NetMargin; the details are in its logs); NetMargin keeps retrying, next try at 14:03 UTC.",
    );
  });
});

describe("the real in-process queue", () => {
  it("ends a reconciliation whose retries are spent as 'failed', and the next one clears it", async () => {
    const { s } = await setup(15);
    await updateSyncState(s.db, s.shop, { status: "idle", lastBackfillAt: at("08:00:00"), reconcileCursor: LONG_AGO });
    vi.spyOn(logger, "error").mockImplementation(() => undefined);
    const queue = new InProcessQueue({ retryLimit: 2, retryDelaySeconds: 0.01 });
    try {
      const messages: (string | null)[] = [];
      await queue.register<{ shop: string }>("recompute", async () => {});
      await registerSyncJobs(
        {
          kind: queue.kind,
          enqueue: queue.enqueue.bind(queue),
          every: queue.every.bind(queue),
          start: queue.start.bind(queue),
          stop: queue.stop.bind(queue),
          idle: queue.idle.bind(queue),
          // Watch what the merchant sees after each failed attempt.
          register: (name, handler, opts) =>
            queue.register(name, handler, {
              ...opts,
              onFailed: async (data, job, failure) => {
                await opts?.onFailed?.(data, job, failure);
                messages.push((await getSyncStatus(s.db, s.shop)).message);
              },
            }),
        },
        { db: s.db, sql: s.sql, adminForShop: async () => new AdminClient({ shop: s.shop, accessToken: s.sim.accessToken, endpoint: s.sim.graphqlUrl, baseDelayMs: 1, maxAttempts: 2, sleep: async () => {} }), now: () => CLOCK },
      );
      await queue.start();
      await queue.enqueue("reconcile", { shop: s.shop }, { singletonKey: s.shop });
      await queue.idle();
      expect(messages).toHaveLength(3);
      expect(messages[0]).toMatch(/^Checking Shopify for missed order changes: Shopify is not answering \(HTTP 500 on the last 2 attempts since 14:02\); NetMargin keeps retrying, next try at \d\d:\d\d\.$/);
      expect(messages[1]).toMatch(/HTTP 500 on the last 4 attempts since 14:02/);
      expect(messages[2]).toBeNull();
      expect(await statusOf(s)).toMatchObject({ status: "failed", attention: { code: "SYNC_FAILED" } });
      expect((await statusOf(s)).attention!.message).toMatch(/^Checking Shopify for missed order changes failed 3 times since 14:02: Shopify is not answering \(HTTP 500\)\./);

      s.sim.faults.reset();
      await queue.enqueue("reconcile", { shop: s.shop }, { singletonKey: s.shop });
      await queue.idle();
      expect(await statusOf(s)).toEqual({ status: "idle", message: null, attention: null });
    } finally {
      await queue.stop();
    }
  });
});
