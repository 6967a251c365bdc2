import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

import { logger } from "~/logger.server";
import { InProcessQueue, PgBossQueue, type JobQueue } from "~/sync/job-queue.server";
import { createPostgresqlDatabase, type TestDatabase } from "../db/databases";

/**
 * The job queue's contract, on both engines: per key one job active and one
 * waiting, retries after a failure, different keys in parallel. And the reason
 * for pg-boss: two app instances never run one shop's backfill at once.
 */

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

async function waitFor(check: () => boolean, timeoutMs = 20_000) {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error("condition not reached");
    await new Promise((r) => setTimeout(r, 20));
  }
}

let pgDb: TestDatabase;
const queues: JobQueue[] = [];
beforeAll(async () => {
  pgDb = await createPostgresqlDatabase();
});
afterAll(async () => {
  for (const q of queues) await q.stop();
  await pgDb.drop();
});

const engines: [string, () => JobQueue][] = [
  ["in-process", () => new InProcessQueue({ retryBaseMs: 10 })],
  ["pg-boss", () => new PgBossQueue(pgDb.url, { schema: `jobs_${Math.random().toString(36).slice(2, 8)}`, pollingIntervalSeconds: 0.5 })],
];

describe.each(engines)("job queue (%s)", (_kind, make) => {
  it("runs one job per key at a time, keeps one waiting, and drops a second waiting one", async () => {
    const q = make();
    queues.push(q);
    const gate = deferred();
    let running = 0;
    let maxRunning = 0;
    const runs: string[] = [];
    await q.register<{ shop: string; n: number }>("backfill", async (data) => {
      running++;
      maxRunning = Math.max(maxRunning, running);
      runs.push(`${data.shop}#${data.n}`);
      if (data.n === 1) await gate.promise;
      running--;
    });
    await q.start();
    expect(await q.enqueue("backfill", { shop: "a", n: 1 }, { singletonKey: "a" })).not.toBeNull();
    await waitFor(() => runs.length === 1);
    // While #1 runs: one follow-up is kept, a second is dropped.
    expect(await q.enqueue("backfill", { shop: "a", n: 2 }, { singletonKey: "a" })).not.toBeNull();
    expect(await q.enqueue("backfill", { shop: "a", n: 3 }, { singletonKey: "a" })).toBeNull();
    gate.resolve();
    await waitFor(() => runs.length === 2);
    await q.idle(20_000);
    expect(runs).toEqual(["a#1", "a#2"]);
    expect(maxRunning).toBe(1);
  });

  it("retries a failed job", async () => {
    const q = make();
    queues.push(q);
    const warn = vi.spyOn(logger, "warn").mockImplementation(() => undefined);
    let attempts = 0;
    await q.register<{ shop: string }>("reconcile", async () => {
      attempts++;
      if (attempts === 1) throw new Error("Shopify answered 503");
    });
    await q.start();
    await q.enqueue("reconcile", { shop: "a" }, { singletonKey: "a", retryLimit: 2 });
    await waitFor(() => attempts === 2, 30_000);
    warn.mockRestore();
  });
});

describe("pg-boss across app instances", () => {
  it("never runs the same shop's backfill on two instances at once; other shops run", async () => {
    const schema = `multi_${Math.random().toString(36).slice(2, 8)}`;
    const one = new PgBossQueue(pgDb.url, { schema, pollingIntervalSeconds: 0.5 });
    const two = new PgBossQueue(pgDb.url, { schema, pollingIntervalSeconds: 0.5 });
    queues.push(one, two);
    const active = new Map<string, number>();
    let overlap = 0;
    const done: string[] = [];
    const handler = async (data: { shop: string }) => {
      const n = (active.get(data.shop) ?? 0) + 1;
      active.set(data.shop, n);
      if (n > 1) overlap++;
      await new Promise((r) => setTimeout(r, 300));
      active.set(data.shop, n - 1);
      done.push(data.shop);
    };
    await one.register("backfill", handler);
    await two.register("backfill", handler);
    // Both instances ask for shop A's backfill (e.g. afterAuth on one, bulk_operations/finish on the other).
    await Promise.all([
      one.enqueue("backfill", { shop: "a" }, { singletonKey: "a" }),
      two.enqueue("backfill", { shop: "a" }, { singletonKey: "a" }),
      two.enqueue("backfill", { shop: "b" }, { singletonKey: "b" }),
    ]);
    await waitFor(() => done.includes("a") && done.includes("b"), 30_000);
    await one.idle(30_000);
    expect(overlap).toBe(0);
    expect(done.filter((s) => s === "a").length).toBe(1);
  });
});
