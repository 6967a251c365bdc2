import { randomBytes } from "node:crypto";

import pg from "pg";
import { afterAll, afterEach, describe, expect, it } from "vitest";

import { PgBossQueue } from "~/jobs/pg-boss-queue.server";
import { POSTGRESQL_SERVER_URL } from "../db/databases";

/**
 * Why PostgreSQL deployments use pg-boss: several app instances share the jobs,
 * and one shop's backfill never runs twice at once, whichever instances asked
 * for it. Each "instance" is a PgBossQueue of its own (own pool, workers and
 * timekeeper) on the same database and schema; a schema of this file's own on
 * the `test` database, dropped afterwards.
 */

const PG_URL = (() => {
  const url = new URL(POSTGRESQL_SERVER_URL);
  url.pathname = "/test";
  return url.href;
})();
const SCHEMA = `jobs_instances_${randomBytes(4).toString("hex")}`;

const open: PgBossQueue[] = [];
function instance(): PgBossQueue {
  const q = new PgBossQueue({
    databaseUrl: PG_URL,
    schema: SCHEMA,
    pollingIntervalSeconds: 0.5,
    superviseIntervalSeconds: 1,
    retryDelaySeconds: 0,
  });
  open.push(q);
  return q;
}

afterEach(async () => {
  await Promise.all(open.splice(0).map((q) => q.stop()));
});
afterAll(async () => {
  await sql(`DROP SCHEMA IF EXISTS "${SCHEMA}" CASCADE`);
});

async function sql(text: string): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: PG_URL });
  await client.connect();
  try {
    return await client.query(text);
  } finally {
    await client.end();
  }
}

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

/** What the shared "backfill" handler saw, across all instances (they share this process's memory). */
function backfillLog() {
  const active = new Map<string, number>();
  const runs: { shop: string; instance: string }[] = [];
  let overlaps = 0;
  return {
    runs,
    get overlaps() {
      return overlaps;
    },
    active: (shop: string) => active.get(shop) ?? 0,
    count: (shop: string) => runs.filter((r) => r.shop === shop).length,
    /** The handler as registered by one instance. */
    handler(instanceName: string, work: (shop: string) => Promise<void>) {
      return async ({ shop }: { shop: string }) => {
        const n = (active.get(shop) ?? 0) + 1;
        active.set(shop, n);
        if (n > 1) overlaps++;
        runs.push({ shop, instance: instanceName });
        try {
          await work(shop);
        } finally {
          active.set(shop, (active.get(shop) ?? 0) - 1);
        }
      };
    },
  };
}

const ids = (results: (string | null)[]) => results.filter((id): id is string => id !== null);

describe("pg-boss across app instances", () => {
  it("never runs one shop's backfill twice at once; the same shop asked by both instances runs as stately allows", async () => {
    const one = instance();
    const two = instance();
    await Promise.all([one.start(), two.start()]); // both install the schema at once

    // Both instances ask for shop A's backfill (say afterAuth on one, bulk_operations/finish
    // on the other) before any worker runs: one job is kept.
    const first = await Promise.all([
      one.enqueue("backfill", { shop: "a.myshopify.com" }, { singletonKey: "a.myshopify.com" }),
      two.enqueue("backfill", { shop: "a.myshopify.com" }, { singletonKey: "a.myshopify.com" }),
      two.enqueue("backfill", { shop: "b.myshopify.com" }, { singletonKey: "b.myshopify.com" }),
    ]);
    expect(ids(first.slice(0, 2))).toHaveLength(1);
    expect(first[2]).toEqual(expect.any(String));

    const log = backfillLog();
    const gateA = deferred();
    const work = async (shop: string) => {
      if (shop === "a.myshopify.com" && log.count(shop) === 1) await gateA.promise;
    };
    // Both instances run backfills, two at a time each: free slots never run A twice.
    await one.register("backfill", log.handler("one", work), { concurrency: 2 });
    await two.register("backfill", log.handler("two", work), { concurrency: 2 });

    await waitFor(() => log.active("a.myshopify.com") === 1, "A's first backfill to start");
    // While it runs, both instances ask again: exactly one follow-up is queued.
    const again = await Promise.all([
      one.enqueue("backfill", { shop: "a.myshopify.com" }, { singletonKey: "a.myshopify.com" }),
      two.enqueue("backfill", { shop: "a.myshopify.com" }, { singletonKey: "a.myshopify.com" }),
    ]);
    expect(ids(again)).toHaveLength(1);
    // B is not held back by A.
    await waitFor(() => log.count("b.myshopify.com") === 1 && log.active("b.myshopify.com") === 0, "B's backfill to run");
    expect(log.active("a.myshopify.com")).toBe(1);

    gateA.resolve();
    await Promise.all([one.idle(), two.idle()]);
    expect(log.overlaps).toBe(0);
    expect(log.count("a.myshopify.com")).toBe(2); // the first run and one follow-up
    expect(log.count("b.myshopify.com")).toBe(1);
  });

  it("under interleaved requests from both instances, every accepted job runs once and no shop overlaps", async () => {
    const one = instance();
    const two = instance();
    await Promise.all([one.start(), two.start()]);
    const log = backfillLog();
    const work = () => new Promise<void>((r) => setTimeout(r, 20 + Math.random() * 60));
    await one.register("backfill-stress", log.handler("one", work), { concurrency: 3 });
    await two.register("backfill-stress", log.handler("two", work), { concurrency: 3 });

    const shops = ["a.myshopify.com", "b.myshopify.com", "c.myshopify.com"];
    const accepted = new Map(shops.map((s) => [s, 0]));
    for (let round = 0; round < 8; round++) {
      const results = await Promise.all(
        shops.flatMap((shop) =>
          [one, two].map(async (q) => ({ shop, id: await q.enqueue("backfill-stress", { shop }, { singletonKey: shop }) })),
        ),
      );
      for (const { shop, id } of results) if (id) accepted.set(shop, accepted.get(shop)! + 1);
      await new Promise((r) => setTimeout(r, 40 + Math.random() * 80));
    }
    await Promise.all([one.idle(), two.idle()]);

    expect(log.overlaps).toBe(0);
    for (const shop of shops) {
      expect(accepted.get(shop)).toBeGreaterThanOrEqual(1);
      expect(log.count(shop)).toBe(accepted.get(shop));
    }
    // Both instances took part.
    expect(new Set(log.runs.map((r) => r.instance))).toEqual(new Set(["one", "two"]));
  });

  it("keeps jobs in the database: one queued on an instance that stops is run by another", async () => {
    const one = instance();
    await one.start();
    const id = await one.enqueue("order-refresh", { shop: "a.myshopify.com" }, { singletonKey: "a.myshopify.com" });
    await one.stop();

    const two = instance();
    const seen: { shop: string; id: string }[] = [];
    await two.register<{ shop: string }>("order-refresh", async ({ shop }, job) => {
      seen.push({ shop, id: job.id });
    });
    await two.start();
    await two.idle();
    expect(seen).toEqual([{ shop: "a.myshopify.com", id }]);
  });

  it("stores one periodic schedule for all instances", async () => {
    const one = instance();
    const two = instance();
    await Promise.all([one.start(), two.start()]);
    await Promise.all([one.every("reconcile-all", 15), two.every("reconcile-all", 15)]);
    const { rows } = await sql(`SELECT name, cron, timezone, options FROM "${SCHEMA}".schedule WHERE name = 'reconcile-all'`);
    expect(rows).toEqual([
      { name: "reconcile-all", cron: "*/15 * * * *", timezone: "UTC", options: expect.objectContaining({ singletonKey: "every" }) },
    ]);
  });
});
