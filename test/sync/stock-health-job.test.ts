import { afterEach, describe, expect, it } from "vitest";

import { InProcessQueue } from "~/jobs/in-process-queue.server";
import { registerStockHealthJob } from "~/margins/jobs.server";
import { refreshStockHealth } from "~/margins/stock-health.server";
import { AdminClient } from "~/shopify/admin-client.server";
import { backfillShop } from "~/sync/backfill.server";
import { registerSyncJobs } from "~/sync/jobs.server";
import { createPostgresqlDatabase, postgresqlUnavailable } from "../db/databases";
import { Store } from "../simulator/store";
import { syncHarness, type SyncHarness } from "./helpers";

/**
 * The stored stock health's job (issue 18, performance; app/margins/jobs.server.ts): after
 * an inventory import the stock page's rows are worked out without anyone asking. The
 * backfill imports the stock (nothing stored yet); a level changes in Shopify, the queue's
 * reconcile reads it and queues `stock-health`, which stores one row per stocked, tracked
 * variant and the summary. The hourly stock snapshots queue it when the stored day is old.
 */

let h: SyncHarness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

const providers: ("sqlite" | "postgresql")[] = postgresqlUnavailable === null ? ["sqlite", "postgresql"] : ["sqlite"];

describe.each(providers)("stock health job (%s)", (provider) => {
  it("is queued after an inventory reconciliation and stores the shop's rows", async () => {
    const pgDb = provider === "postgresql" ? await createPostgresqlDatabase() : null;
    try {
      let clock = Date.parse("2026-11-30T10:00:00Z");
      const store = Store.generate({ seed: 43, orders: 20, preset: "eu", now: "2026-11-30T09:00:00Z" }, { clock: () => (clock += 1000) });
      h = await syncHarness({ store, databaseUrl: pgDb?.url });
      const { db, shop, sim } = h;
      expect((await backfillShop(h.deps, shop, { orders: false })).ok).toBe(true);
      // Imported, not yet worked out: nothing stored.
      expect(await db.stockHealthSummary.findUnique({ where: { shop } })).toBeNull();

      // A level changes in Shopify; the queue's reconcile reads it and queues the refresh.
      const { variant } = sim.store.variants().find((v) => v.variant.inventoryItem.tracked && v.variant.inventoryItem.levels.some((l) => l.isActive && l.onHand >= 3))!;
      const level = variant.inventoryItem.levels.find((l) => l.isActive && l.onHand >= 3)!;
      sim.store.setAvailable(level.id, level.available - 3);
      const queue = new InProcessQueue({ retryLimit: 0 });
      const admin = new AdminClient({ shop, accessToken: sim.accessToken, endpoint: sim.graphqlUrl, baseDelayMs: 1, sleep: async () => {} });
      await registerSyncJobs(queue, { db, sql: h.sql, adminForShop: async () => admin });
      await registerStockHealthJob(queue, { db, sql: h.sql });
      // The margin recompute reconcile also queues is not under test here.
      let recomputes = 0;
      await queue.register("recompute", async () => {
        recomputes++;
      });
      await queue.start();
      await queue.enqueue("reconcile", { shop }, { singletonKey: shop });
      await queue.idle();
      await queue.stop();

      expect(recomputes).toBe(1);
      const summary = await db.stockHealthSummary.findUnique({ where: { shop } });
      expect(summary).not.toBeNull();
      // One row per tracked variant with a level at an active location (the simulator's catalog, counted here).
      const stocked = sim.store.variants().filter((v) => v.variant.inventoryItem.tracked && v.variant.inventoryItem.levels.some((l) => l.isActive)).length;
      expect(stocked).toBeGreaterThan(0);
      expect(await db.stockHealthVariant.count({ where: { shop } })).toBe(stocked);
      expect(summary!.variants).toBe(stocked);
      const row = await db.stockHealthVariant.findUnique({ where: { shop_variantId: { shop, variantId: variant.id } } });
      expect(row!.onHand).toBe(variant.inventoryItem.levels.filter((l) => l.isActive).reduce((s, l) => s + l.onHand, 0));

      // The job wrote through the bulk writer; Prisma's write of the same refresh stores the same rows.
      const read = async () => (await db.stockHealthVariant.findMany({ where: { shop }, orderBy: { variantId: "asc" } })).map((r) => ({ ...r, detail: JSON.parse(r.detail) as unknown }));
      const bySql = await read();
      const refreshedAt = summary!.refreshedAt;
      await refreshStockHealth(db, shop, { now: refreshedAt });
      expect(await read()).toEqual(bySql);
      expect(await db.stockHealthSummary.findUnique({ where: { shop } })).toEqual(summary);
    } finally {
      await h?.close();
      h = null;
      await pgDb?.drop();
    }
  });
});
