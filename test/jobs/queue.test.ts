import { randomBytes } from "node:crypto";

import pg from "pg";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";

import { InProcessQueue } from "~/jobs/in-process-queue.server";
import { PgBossQueue } from "~/jobs/pg-boss-queue.server";
import { createJobQueue } from "~/jobs/factory.server";
import { cronForInterval, type JobContext, type JobQueue, type JobQueueConfig } from "~/jobs/queue.server";
import { logger } from "~/logger.server";
import { POSTGRESQL_SERVER_URL } from "../db/databases";

/**
 * The job queue's contract, run on both engines: the in-process queue (SQLite
 * deployments) and pg-boss (PostgreSQL), in a schema of its own on the `test`
 * database, dropped afterwards.
 */

const PG_URL = (() => {
  const url = new URL(POSTGRESQL_SERVER_URL);
  url.pathname = "/test";
  return url.href;
})();
const SCHEMA = `jobs_contract_${randomBytes(4).toString("hex")}`;

const ENGINES: { kind: JobQueue["kind"]; config: JobQueueConfig }[] = [
  { kind: "in-process", config: { provider: "sqlite", databaseUrl: "file:./unused.sqlite", retryDelaySeconds: 0.01 } },
  {
    kind: "pg-boss",
    config: {
      provider: "postgresql",
      databaseUrl: PG_URL,
      retryDelaySeconds: 0,
      pgBoss: { schema: SCHEMA, pollingIntervalSeconds: 0.5, superviseIntervalSeconds: 1 },
    },
  },
];

const open: JobQueue[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((q) => q.stop()));
});
afterAll(async () => {
  const client = new pg.Client({ connectionString: PG_URL });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${SCHEMA}" CASCADE`);
  } finally {
    await client.end();
  }
});

let queues = 0;
/** A queue name of its own per test: pg-boss tests share one schema. */
const uniqueName = (base: string) => `${base}-${++queues}`;

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

async function waitFor(check: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Tracks, per key, how many handlers run at once. */
function concurrencyProbe() {
  const running = new Map<string, number>();
  const max = new Map<string, number>();
  let total = 0;
  let maxTotal = 0;
  return {
    enter(key: string) {
      const n = (running.get(key) ?? 0) + 1;
      running.set(key, n);
      max.set(key, Math.max(max.get(key) ?? 0, n));
      maxTotal = Math.max(maxTotal, ++total);
    },
    leave(key: string) {
      running.set(key, (running.get(key) ?? 0) - 1);
      total--;
    },
    running: (key: string) => running.get(key) ?? 0,
    max: (key: string) => max.get(key) ?? 0,
    get total() {
      return total;
    },
    get maxTotal() {
      return maxTotal;
    },
  };
}

describe("cronForInterval", () => {
  it("maps intervals cron can express and refuses the others", () => {
    expect(cronForInterval(1)).toBe("* * * * *");
    expect(cronForInterval(15)).toBe("*/15 * * * *");
    expect(cronForInterval(60)).toBe("0 */1 * * *");
    expect(cronForInterval(360)).toBe("0 */6 * * *");
    expect(cronForInterval(1440)).toBe("0 0 * * *");
    for (const bad of [0, -5, 7, 45, 90, 1.5, 2880]) expect(() => cronForInterval(bad)).toThrow(RangeError);
  });
});

describe("createJobQueue", () => {
  it("runs jobs in-process on SQLite and through pg-boss on PostgreSQL", () => {
    expect(createJobQueue(ENGINES[0]!.config)).toBeInstanceOf(InProcessQueue);
    expect(createJobQueue(ENGINES[1]!.config)).toBeInstanceOf(PgBossQueue);
  });
});

describe.each(ENGINES)("job queue contract ($kind)", ({ kind, config }) => {
  const make = () => {
    const q = createJobQueue(config);
    open.push(q);
    return q;
  };

  it("runs a job with its data (as stored JSON), id and attempt, then is idle", async () => {
    const q = make();
    expect(q.kind).toBe(kind);
    const name = uniqueName("recompute");
    const seen: { data: unknown; job: JobContext }[] = [];
    await q.register<{ shop: string; at: Date }>(name, async (data, job) => {
      seen.push({ data, job });
    });
    await q.start();
    const id = await q.enqueue(name, { shop: "a.myshopify.com", at: new Date(0) });
    expect(id).toEqual(expect.any(String));
    await q.idle();
    expect(seen).toEqual([{ data: { shop: "a.myshopify.com", at: "1970-01-01T00:00:00.000Z" }, job: { id, name, attempt: 1 } }]);
  });

  it("retries a failing handler with backoff and logs each failure as a warning", async () => {
    const warn = vi.spyOn(logger, "warn").mockImplementation(() => undefined);
    const error = vi.spyOn(logger, "error");
    const q = make();
    const name = uniqueName("reconcile");
    const attempts: number[] = [];
    await q.register<{ shop: string }>(name, async (_data, job) => {
      attempts.push(job.attempt);
      if (job.attempt < 3) throw new Error(`Shopify answered 503 (attempt ${job.attempt})`);
    });
    await q.start();
    await q.enqueue(name, { shop: "a.myshopify.com" }, { singletonKey: "a.myshopify.com", retryLimit: 2 });
    await q.idle();
    expect(attempts).toEqual([1, 2, 3]);
    const retries = warn.mock.calls.filter(([message]) => message === "job failed; it will be retried");
    expect(retries.map(([, fields]) => fields)).toEqual([
      expect.objectContaining({ job: name, shop: "a.myshopify.com", attempt: 1, error: "Shopify answered 503 (attempt 1)" }),
      expect.objectContaining({ job: name, shop: "a.myshopify.com", attempt: 2, error: "Shopify answered 503 (attempt 2)" }),
    ]);
    expect(error).not.toHaveBeenCalled();
  });

  it("fails a job after its last retry, logs an error, throws nothing and keeps working", async () => {
    vi.spyOn(logger, "warn").mockImplementation(() => undefined);
    const error = vi.spyOn(logger, "error").mockImplementation(() => undefined);
    const q = make();
    const name = uniqueName("order-refresh");
    const runs: string[] = [];
    await q.register<{ shop: string }>(name, async ({ shop }, job) => {
      runs.push(`${shop}#${job.attempt}`);
      if (shop === "broken.myshopify.com") throw new Error("boom");
    });
    await q.start();
    await q.enqueue(name, { shop: "broken.myshopify.com" }, { singletonKey: "broken.myshopify.com", retryLimit: 1 });
    await q.idle();
    expect(runs).toEqual(["broken.myshopify.com#1", "broken.myshopify.com#2"]);
    expect(error).toHaveBeenCalledTimes(1);
    expect(error).toHaveBeenCalledWith(
      "job failed",
      expect.objectContaining({ job: name, shop: "broken.myshopify.com", attempt: 2, retries: 1, error: "boom" }),
    );
    // The queue still works, and the key is free again.
    await q.enqueue(name, { shop: "fine.myshopify.com" }, { singletonKey: "broken.myshopify.com" });
    await q.idle();
    expect(runs).toEqual(["broken.myshopify.com#1", "broken.myshopify.com#2", "fine.myshopify.com#1"]);
  });

  it("tells onFailed of each failed attempt: when the retry is due, then that none is left, before anything else runs", async () => {
    vi.spyOn(logger, "warn").mockImplementation(() => undefined);
    vi.spyOn(logger, "error").mockImplementation(() => undefined);
    const q = make();
    const name = uniqueName("reconcile");
    const events: string[] = [];
    const failures: { attempt: number; error: string; at: number; retryAt: Date | null }[] = [];
    const starts: number[] = [];
    await q.register<{ shop: string }>(
      name,
      async (_data, job) => {
        starts.push(Date.now());
        events.push(`run ${job.attempt}`);
        throw new Error(`Shopify answered 500 (attempt ${job.attempt})`);
      },
      {
        onFailed: async ({ shop }, job, failure) => {
          // A slow hook: the retry must still wait for it.
          await new Promise((resolve) => setTimeout(resolve, 30));
          events.push(`failed ${job.attempt} ${failure.retryAt ? "retry due" : "for good"} (${shop})`);
          failures.push({ attempt: job.attempt, error: (failure.error as Error).message, at: Date.now(), retryAt: failure.retryAt });
        },
      },
    );
    await q.start();
    await q.enqueue(name, { shop: "a.myshopify.com" }, { singletonKey: "a.myshopify.com", retryLimit: 2 });
    await q.idle();
    expect(events).toEqual([
      "run 1",
      "failed 1 retry due (a.myshopify.com)",
      "run 2",
      "failed 2 retry due (a.myshopify.com)",
      "run 3",
      "failed 3 for good (a.myshopify.com)",
    ]);
    expect(failures.map((f) => [f.attempt, f.error])).toEqual([
      [1, "Shopify answered 500 (attempt 1)"],
      [2, "Shopify answered 500 (attempt 2)"],
      [3, "Shopify answered 500 (attempt 3)"],
    ]);
    expect(failures[2]!.retryAt).toBeNull();
    // Each retry is due within the engine's backoff: in-process 10 ms x 2^(n-1) x (1 to 1.5) after the failure;
    // pg-boss (retryDelay 0) at most 2^n s after it. It starts no earlier than the hook's end, and (polling
    // aside, 0.5 s here) by the time said.
    for (const n of [1, 2]) {
      const f = failures[n - 1]!;
      const bound = kind === "in-process" ? 10 * 2 ** (n - 1) * 1.5 : 1000 * 2 ** n;
      expect(f.retryAt!.getTime()).toBeLessThanOrEqual(f.at + bound);
      expect(f.retryAt!.getTime()).toBeGreaterThanOrEqual(f.at - 30 - 5);
      expect(starts[n]!).toBeGreaterThanOrEqual(f.at);
      expect(starts[n]!).toBeLessThanOrEqual(f.retryAt!.getTime() + 1500);
    }
  });

  it("logs a failing onFailed hook and goes on retrying", async () => {
    const warn = vi.spyOn(logger, "warn").mockImplementation(() => undefined);
    vi.spyOn(logger, "error").mockImplementation(() => undefined);
    const q = make();
    const name = uniqueName("order-refresh");
    const attempts: number[] = [];
    await q.register<{ shop: string }>(
      name,
      async (_data, job) => {
        attempts.push(job.attempt);
        if (job.attempt === 1) throw new Error("boom");
      },
      {
        onFailed: async () => {
          throw new Error("the hook broke");
        },
      },
    );
    await q.start();
    await q.enqueue(name, { shop: "a.myshopify.com" }, { singletonKey: "a.myshopify.com", retryLimit: 1 });
    await q.idle();
    expect(attempts).toEqual([1, 2]);
    expect(warn).toHaveBeenCalledWith("job failure hook failed", expect.objectContaining({ job: name, shop: "a.myshopify.com", attempt: 1, error: "the hook broke" }));
  });

  it("deduplicates a keyed job that is already waiting", async () => {
    const q = make();
    const name = uniqueName("backfill");
    const gate = deferred();
    const runs: string[] = [];
    await q.register<{ shop: string }>(name, async ({ shop }) => {
      runs.push(shop);
      if (shop === "busy") await gate.promise;
    });
    await q.start();
    // The only slot (concurrency 1) is taken, so the next jobs wait.
    await q.enqueue(name, { shop: "busy" }, { singletonKey: "busy" });
    await waitFor(() => runs.length === 1, "the first job to start");
    expect(await q.enqueue(name, { shop: "a" }, { singletonKey: "a" })).toEqual(expect.any(String));
    expect(await q.enqueue(name, { shop: "a" }, { singletonKey: "a" })).toBeNull();
    expect(await q.enqueue(name, { shop: "b" }, { singletonKey: "b" })).toEqual(expect.any(String));
    gate.resolve();
    await q.idle();
    expect(runs.sort()).toEqual(["a", "b", "busy"]);
  });

  it("never runs one key twice at once: one follow-up is kept while it runs, other keys go on", async () => {
    const q = make();
    const name = uniqueName("backfill");
    const probe = concurrencyProbe();
    const gates = new Map([["a#1", deferred()]]);
    const runs: string[] = [];
    await q.register<{ shop: string; n: number }>(
      name,
      async ({ shop, n }) => {
        probe.enter(shop);
        runs.push(`${shop}#${n}`);
        await gates.get(`${shop}#${n}`)?.promise;
        probe.leave(shop);
      },
      { concurrency: 3 },
    );
    await q.start();
    expect(await q.enqueue(name, { shop: "a", n: 1 }, { singletonKey: "a" })).toEqual(expect.any(String));
    await waitFor(() => probe.running("a") === 1, "a#1 to start");
    // While a#1 runs: exactly one follow-up is queued, further ones are deduplicated.
    expect(await q.enqueue(name, { shop: "a", n: 2 }, { singletonKey: "a" })).toEqual(expect.any(String));
    expect(await q.enqueue(name, { shop: "a", n: 3 }, { singletonKey: "a" })).toBeNull();
    // Another key is not held back by the running one.
    await q.enqueue(name, { shop: "b", n: 1 }, { singletonKey: "b" });
    await waitFor(() => runs.includes("b#1") && probe.running("b") === 0, "b#1 to run while a#1 runs");
    expect(probe.running("a")).toBe(1);
    gates.get("a#1")!.resolve();
    await q.idle();
    expect(runs.filter((r) => r.startsWith("a#"))).toEqual(["a#1", "a#2"]);
    expect(probe.max("a")).toBe(1);
  });

  it("runs different keys (and keyless jobs, never deduplicated) concurrently, up to the concurrency", async () => {
    const q = make();
    const name = uniqueName("recompute");
    const probe = concurrencyProbe();
    const gate = deferred();
    let runs = 0;
    await q.register<{ product: number }>(
      name,
      async ({ product }) => {
        probe.enter(String(product));
        runs++;
        await gate.promise;
        probe.leave(String(product));
      },
      { concurrency: 2 },
    );
    await q.start();
    const ids = [];
    for (const product of [1, 1, 2, 3]) ids.push(await q.enqueue(name, { product }));
    expect(ids.every((id) => typeof id === "string")).toBe(true);
    expect(new Set(ids).size).toBe(4);
    await waitFor(() => probe.total === 2, "two jobs to run at once");
    gate.resolve();
    await q.idle();
    expect(runs).toBe(4);
    expect(probe.maxTotal).toBe(2);
  });

  it("runs a delayed job; idle() waits for it", async () => {
    const q = make();
    const name = uniqueName("order-refresh");
    const runs: string[] = [];
    await q.register<{ shop: string }>(name, async ({ shop }) => {
      runs.push(shop);
    });
    await q.start();
    expect(await q.enqueue(name, { shop: "later" }, { delayMs: 300 })).toEqual(expect.any(String));
    await q.idle();
    expect(runs).toEqual(["later"]);
  });

  it("stop() lets the running handler finish and starts nothing after it", async () => {
    vi.spyOn(logger, "warn").mockImplementation(() => undefined); // in-process: the waiting job is dropped
    const q = make();
    const name = uniqueName("backfill");
    const gate = deferred();
    const started: number[] = [];
    const finished: number[] = [];
    await q.register<{ n: number }>(name, async ({ n }) => {
      started.push(n);
      await gate.promise;
      finished.push(n);
    });
    await q.start();
    await q.enqueue(name, { n: 1 });
    await q.enqueue(name, { n: 2 }); // waits: concurrency 1
    await waitFor(() => started.length === 1, "the first job to start");
    const stopped = q.stop();
    await new Promise((r) => setImmediate(r));
    gate.resolve();
    await stopped;
    expect(finished).toEqual([1]);
    expect(started).toEqual([1]);
    await expect(q.enqueue(name, { n: 3 })).rejects.toThrow(/stopped/);
    await expect(q.start()).rejects.toThrow(/cannot be started again/);
    await q.stop(); // idempotent
  });

  it("refuses misuse: enqueue before start, two handlers for a queue, bad names, options and intervals", async () => {
    const q = make();
    const name = uniqueName("reconcile-all");
    await expect(q.enqueue(name, {})).rejects.toThrow(/start the job queue first/);
    await q.register(name, async () => undefined);
    await expect(q.register(name, async () => undefined)).rejects.toThrow(/already registered/);
    await expect(q.register("no spaces", async () => undefined)).rejects.toThrow(TypeError);
    await expect(q.register(uniqueName("x"), async () => undefined, { concurrency: 0 })).rejects.toThrow(RangeError);
    await q.start();
    await expect(q.enqueue(name, {}, { singletonKey: "" })).rejects.toThrow(TypeError);
    await expect(q.enqueue(name, {}, { retryLimit: -1 })).rejects.toThrow(RangeError);
    await expect(q.enqueue(name, {}, { delayMs: Number.NaN })).rejects.toThrow(RangeError);
    await expect(q.every(name, 7)).rejects.toThrow(RangeError);
    await expect(q.every(name, 15)).resolves.toBeUndefined();
  });
});

describe("in-process every()", () => {
  it("enqueues on its interval without piling up, and clears its timer on stop", async () => {
    vi.useFakeTimers({ toFake: ["setInterval", "clearInterval"] });
    try {
      const q = createJobQueue(ENGINES[0]!.config);
      open.push(q);
      const gate = deferred();
      const runs: unknown[] = [];
      await q.register("reconcile-all", async (data) => {
        runs.push(data);
        await gate.promise;
      });
      await q.start();
      await q.every("reconcile-all", 15, { scope: "all" });
      expect(vi.getTimerCount()).toBe(1);
      vi.advanceTimersByTime(15 * 60_000); // first run starts and blocks
      await waitFor(() => runs.length === 1, "the first periodic run");
      vi.advanceTimersByTime(15 * 60_000); // one follow-up waits
      vi.advanceTimersByTime(15 * 60_000); // deduplicated
      gate.resolve();
      await q.idle();
      expect(runs).toEqual([{ scope: "all" }, { scope: "all" }]);
      await q.stop();
      expect(vi.getTimerCount()).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });
});
