import pg from "pg";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

import type { Db } from "~/db.server";
import { PgBossQueue } from "~/jobs/pg-boss-queue.server";
import { handleShopRedact } from "~/services/compliance.server";

import { createPostgresqlDatabase, postgresqlUnavailable, type TestDatabase } from "../db/databases";
import { createShop } from "../helpers/factories";
import { migratedPrisma } from "../helpers/database";

/**
 * Issue 16, defect 8: on PostgreSQL the job queue is pg-boss, in its own schema of
 * the app's database, and its rows carry the shop's domain (each job's data and
 * singleton key; a failed job's error in its output). shop/redact erased the app's
 * tables but left those rows. Now it erases the shop's jobs, whatever their state,
 * and the shop's name from other jobs' outputs and the queues' running keys;
 * another shop's jobs stay.
 */

const ALPHA = "alpha.myshopify.com";
const BETA = "beta.myshopify.com";

if (postgresqlUnavailable) console.warn(`Skipping the pg-boss shop/redact test: ${postgresqlUnavailable}`);

describe.skipIf(postgresqlUnavailable !== null)("shop/redact on PostgreSQL erases the shop's pg-boss jobs", () => {
  let database: TestDatabase;
  let db: Db;
  let sql: pg.Client;

  beforeAll(async () => {
    database = await createPostgresqlDatabase();
    db = await migratedPrisma(database.url);
    sql = new pg.Client({ connectionString: database.url });
    await sql.connect();
    for (const shop of [ALPHA, BETA]) await createShop(db, { shop });

    // The queue as the app runs it on PostgreSQL (default schema "pgboss"): for each shop a
    // waiting backfill, a completed recompute and a failed order fetch whose error names the
    // shop; and a shop-wide job (no shop of its own) whose failure lists ALPHA among others.
    const quiet = vi.spyOn(console, "error").mockImplementation(() => undefined); // the failing jobs log their failure
    const queue = new PgBossQueue({ databaseUrl: database.url, pollingIntervalSeconds: 0.5, superviseIntervalSeconds: 1, retryDelaySeconds: 0 });
    await queue.register("recompute", async () => undefined);
    await queue.register("order-fetch", async (data: { shop?: string }) => {
      throw new Error(`Admin API 503 for ${data.shop}`);
    });
    await queue.register("reconcile-all", async () => {
      throw new Error(`reconcile failed for ${ALPHA}, ${BETA}`);
    });
    await queue.start();
    for (const shop of [ALPHA, BETA]) {
      await queue.enqueue("backfill", { shop }, { singletonKey: shop, delayMs: 3_600_000 });
      await queue.enqueue("recompute", { shop }, { singletonKey: shop });
      await queue.enqueue("order-fetch", { shop, orderId: "gid://shopify/Order/1" }, { singletonKey: `${shop}:1`, retryLimit: 0 });
    }
    await queue.enqueue("reconcile-all", {}, { retryLimit: 0 });
    const deadline = Date.now() + 30_000;
    while ((await sql.query(`SELECT 1 FROM pgboss.job WHERE name <> 'backfill' AND state NOT IN ('completed', 'failed')`)).rowCount! > 0) {
      if (Date.now() > deadline) throw new Error("the jobs did not finish");
      await new Promise((r) => setTimeout(r, 200));
    }
    await queue.stop();
    quiet.mockRestore();
    // A running key as pg-boss's supervisor records it (only while a job runs; set here directly).
    await sql.query(`UPDATE pgboss.queue SET singletons_active = ARRAY[$1, $2] WHERE name = 'backfill'`, [ALPHA, BETA]);
  }, 60_000);

  afterAll(async () => {
    await sql?.end();
    await db?.$disconnect();
    await database?.drop();
  });

  /** Every pg-boss row whose text contains `shop`, as "table:name". */
  async function rowsNaming(shop: string): Promise<string[]> {
    const { rows } = await sql.query<{ row: string }>(
      `SELECT 'job:' || name AS row FROM pgboss.job j WHERE strpos(j::text, $1) > 0
       UNION ALL SELECT 'queue:' || name FROM pgboss.queue q WHERE strpos(q::text, $1) > 0
       UNION ALL SELECT 'schedule:' || name FROM pgboss.schedule s WHERE strpos(s::text, $1) > 0
       ORDER BY 1`,
      [shop],
    );
    return rows.map((r) => r.row);
  }

  it("leaves no job, output or running key naming the shop, and another shop's jobs as they were", async () => {
    expect(await rowsNaming(ALPHA)).toEqual(["job:backfill", "job:order-fetch", "job:recompute", "job:reconcile-all", "queue:backfill"]);
    const betaBefore = await rowsNaming(BETA);

    const result = await handleShopRedact(db, ALPHA, { shop_id: 1, shop_domain: ALPHA });

    expect(await rowsNaming(ALPHA)).toEqual([]);
    expect(result.deleted).toMatchObject({ Shop: 1, PgBossJob: 3 });
    // BETA's own jobs stay; the shared job's output, which named both, is gone.
    expect(await rowsNaming(BETA)).toEqual(betaBefore.filter((row) => row !== "job:reconcile-all"));
    const { rows } = await sql.query(`SELECT name, state FROM pgboss.job WHERE name = 'reconcile-all'`);
    expect(rows).toEqual([{ name: "reconcile-all", state: "failed" }]);
    const { rows: queue } = await sql.query(`SELECT singletons_active FROM pgboss.queue WHERE name = 'backfill'`);
    expect(queue).toEqual([{ singletons_active: [BETA] }]);
  });

  it("is idempotent: a second shop/redact erases nothing more", async () => {
    const result = await handleShopRedact(db, ALPHA, { shop_id: 1, shop_domain: ALPHA });
    expect(result.deleted).toMatchObject({ Shop: 0, PgBossJob: 0 });
  });
});
