import { availableParallelism } from "node:os";

import pg from "pg";
import { afterEach, describe, expect, it } from "vitest";

import { AdminAuthError, type AdminGraphql } from "~/shopify/admin-client.server";
import { ordersBulkQuery } from "~/shopify/bulk-queries";
import { backfillShop } from "~/sync/backfill.server";
import { runBulkImport } from "~/sync/bulk-run.server";
import { IMPORT_THREAD_MIN_CORES, importThreadOpener } from "~/sync/import-thread.server";
import { newImportStats } from "~/sync/order-import.server";
import { createPostgresqlDatabase } from "../db/databases";
import { syncHarness, type SyncHarness } from "./helpers";
import { storeDifferences } from "./store-equality";

/**
 * The orders import on its own thread (app/sync/import-thread.server.ts): what the
 * two threads add to the one-thread path, which test/sync/backfill.test.ts runs
 * both ways — the download waits for the writes (bounded memory), and an Admin
 * failure met on the import thread is raised as the client's own error (its class
 * decides what the sync job does: a revoked token asks the merchant to reopen the app).
 */

let h: SyncHarness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

/** A fetch whose bulk downloads count the bytes handed to the reader (pulled, not pushed). */
function countingFetch(counter: { bytes: number; size: number }): typeof fetch {
  return (async (input: string | URL | Request, init?: RequestInit) => {
    const response = await fetch(input, init);
    if (!String(input).includes(".jsonl") || !response.body) return response;
    const bytes = new Uint8Array(await response.arrayBuffer());
    counter.size = bytes.length;
    let at = 0;
    const body = new ReadableStream<Uint8Array>(
      {
        pull(controller) {
          if (at >= bytes.length) return controller.close();
          const chunk = bytes.subarray(at, at + 4096);
          at += chunk.length;
          counter.bytes = at;
          controller.enqueue(chunk);
        },
      },
      { highWaterMark: 0 },
    );
    return new Response(body, { headers: { "content-length": String(bytes.length) } });
  }) as typeof fetch;
}

describe("the orders import on its own thread", () => {
  it("stops reading the download while the database does not take the writes, and finishes once it does", async () => {
    const pgDb = await createPostgresqlDatabase();
    const locker = new pg.Client({ connectionString: pgDb.url });
    try {
      h = await syncHarness({ generator: { seed: 31, orders: 600, preset: "eu" }, databaseUrl: pgDb.url, thread: true });
      await locker.connect();
      // Nothing can write an order until this transaction ends (reads still can).
      await locker.query(`BEGIN; LOCK TABLE "Order" IN EXCLUSIVE MODE`);
      const counter = { bytes: 0, size: 0 };
      const stats = newImportStats();
      const deps = { ...h.deps, fetch: countingFetch(counter), batchSize: 20 };
      const done = runBulkImport(deps, h.shop, "orders", ordersBulkQuery(null), () => h!.deps.orderImporter!(h!.shop, stats, h!.admin.request, { window: 20 }));
      // Wait until the reading has stalled: the same count twice, half a second apart.
      let before = -1;
      for (let i = 0; i < 60 && (counter.bytes === 0 || counter.bytes !== before); i++) {
        before = counter.bytes;
        await new Promise((r) => setTimeout(r, 500));
      }
      expect(counter.bytes).toBe(before);
      // Read ahead at most: the window (20 orders), the batch being gathered, two handed over
      // and one being written (20 orders each), and the refunded orders held meanwhile for
      // their lines: well under half of the 600 orders' file.
      expect(counter.bytes).toBeGreaterThan(0);
      expect(counter.bytes).toBeLessThan(counter.size * 0.4);
      expect(await h.db.order.count()).toBe(0);
      await locker.query("COMMIT");
      const result = await done;
      expect(result.ok).toBe(true);
      expect(counter.bytes).toBe(counter.size);
      expect(await storeDifferences(h.db, h.shop, h.sim.store.snapshot().orders)).toEqual([]);
    } finally {
      await locker.end().catch(() => undefined);
      await h?.close();
      h = null;
      await pgDb.drop();
    }
  });

  it("raises an Admin failure of the refund follow-up as the client's own error, with its class", async () => {
    h = await syncHarness({ generator: { seed: 32, orders: 120, preset: "eu" }, thread: true });
    const revoked = new AdminAuthError({ shop: h.shop, status: 401, operationName: "NetMarginRefundLines" });
    const admin: AdminGraphql = async (query, variables) => {
      if (query.includes("query NetMarginRefundLines")) throw revoked;
      return h!.admin.request(query, variables);
    };
    const failure = await backfillShop({ ...h.deps, admin }, h.shop, { catalog: false }).catch((error: unknown) => error);
    // The very object the client threw on the main thread, not a copy of its message.
    expect(failure).toBe(revoked);
  });

  it("is used only with cores to spare beyond the writer (4 by default), else the import runs on one thread", async () => {
    h = await syncHarness({ generator: { seed: 33, orders: 5, preset: "eu" } });
    const cores = availableParallelism();
    expect(importThreadOpener(h.url, h.sql, { minCores: cores + 1 })).toBeNull();
    expect(importThreadOpener(h.url, h.sql, { minCores: cores })).not.toBeNull();
    expect(importThreadOpener(h.url, h.sql) === null).toBe(cores < IMPORT_THREAD_MIN_CORES);
    // No worker script: one thread whatever the cores.
    expect(importThreadOpener(h.url, h.sql, { minCores: 1, script: null })).toBeNull();
  });
});
