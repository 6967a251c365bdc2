import { afterEach, describe, expect, it } from "vitest";

import { InProcessQueue } from "~/jobs/in-process-queue.server";
import { registerStockHealthJob } from "~/margins/jobs.server";
import { AdminClient } from "~/shopify/admin-client.server";
import { backfillShop } from "~/sync/backfill.server";
import { registerSyncJobs } from "~/sync/jobs.server";
import { reconcileShop } from "~/sync/reconcile.server";
import { recordTodaysStockSnapshots } from "~/sync/stock-snapshot-job.server";
import { createPostgresqlDatabase, postgresqlUnavailable } from "../db/databases";
import type { VariantModel } from "../simulator/model";
import { Store } from "../simulator/store";
import { syncHarness, type SyncHarness } from "./helpers";

/**
 * The stock snapshot job (issue 18, item 2; app/sync/stock-snapshot-job.server.ts):
 * today's snapshots from the stored levels, with no import. The backfill records
 * 1 December (Paris); on 2 December stock moves in the simulator, reconciliation
 * brings the new on hand, and the job records one row for the variant that moved and
 * none for the others; run twice it writes nothing more; a later change the same day
 * updates that day's row; the queue's stock-snapshot-all runs it per installed shop.
 */

let h: SyncHarness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});


const providers: ("sqlite" | "postgresql")[] = postgresqlUnavailable === null ? ["sqlite", "postgresql"] : ["sqlite"];

describe.each(providers)("stock snapshot job (%s)", (provider) => {
  it("records the day's changed variants from the stored levels, once; keeps the day's row current; scoped to the shop", async () => {
    const pgDb = provider === "postgresql" ? await createPostgresqlDatabase() : null;
    try {
      // One clock for Shopify's changes and NetMargin's runs (h.deps.now reads the store's), one second a call.
      let clock = Date.parse("2026-11-30T23:30:00Z");
      const store = Store.generate({ seed: 41, orders: 40, preset: "eu", now: "2026-11-30T12:00:00Z" }, { clock: () => (clock += 1000) });
      h = await syncHarness({ store, databaseUrl: pgDb?.url });
      const { db, shop, sim } = h;
      await db.shop.update({ where: { shop }, data: { ianaTimezone: "Europe/Paris" } });
      // Before the first complete stock import: nothing.
      expect(await recordTodaysStockSnapshots({ db, sql: h.sql }, shop)).toBeNull();
      // 23:30 UTC on 30 November is 00:30 on 1 December in Paris.
      expect((await backfillShop(h.deps, shop, { orders: false })).ok).toBe(true);
      const day1 = await db.stockSnapshot.count({ where: { shop, day: "2026-12-01" } });
      expect(day1).toBeGreaterThan(20);

      // Another shop in the same database, with its own snapshot: never touched.
      await db.shop.create({ data: { shop: "other.myshopify.com", installedAt: new Date(), scopes: "", currencyCode: "EUR" } });
      await db.stockSnapshot.create({ data: { shop: "other.myshopify.com", variantId: "gid://shopify/ProductVariant/1", day: "2026-12-01", onHand: 5, unitCost: 100, valueAtCost: 500, currency: "EUR", recordedAt: new Date() } });

      // 2 December, no import: nothing moved yet, so nothing is recorded (a row only when something changed).
      const dec2 = (time: string) => ({ db, sql: h!.sql, now: () => new Date(`2026-12-02T${time}Z`) });
      expect(await recordTodaysStockSnapshots(dec2("08:00:00"), shop)).toMatchObject({ day: "2026-12-02", written: 0, removed: 0 });

      clock = Date.parse("2026-12-01T23:10:00Z"); // 00:10 on 2 December in Paris, within a day of the import (no daily full read yet)
      // Three units counted away at one level; reconciliation reads the new on hand (the webhook carries only available).
      const { variant } = sim.store.variants().find((v) => v.variant.inventoryItem.tracked && v.variant.inventoryItem.levels.some((l) => l.isActive && l.onHand >= 3))!;
      const total = (v: VariantModel) => v.inventoryItem.levels.filter((l) => l.isActive).reduce((s, l) => s + l.onHand, 0);
      const onHand0 = total(variant);
      const level = variant.inventoryItem.levels.find((l) => l.isActive && l.onHand >= 3)!;
      sim.store.setAvailable(level.id, level.available - 3);
      expect((await reconcileShop(h.deps, shop)).inventory.updated).toBe(1);

      const r1 = await recordTodaysStockSnapshots(dec2("09:00:00"), shop);
      expect(r1).toMatchObject({ day: "2026-12-02", written: 1, removed: 0 });
      const row = () => db.stockSnapshot.findUnique({ where: { shop_variantId_day: { shop, variantId: variant.id, day: "2026-12-02" } } });
      // onHand0 − 3, at the unit cost in force (unchanged).
      expect(await row()).toMatchObject({ onHand: onHand0 - 3, unitCost: variant.inventoryItem.unitCost });
      // Run twice the same day: nothing more.
      expect(await recordTodaysStockSnapshots(dec2("10:00:00"), shop)).toMatchObject({ written: 0, removed: 0 });
      expect(await db.stockSnapshot.count({ where: { shop, day: "2026-12-02" } })).toBe(1);

      // Five units received later that day: the same row now says onHand0 − 3 + 5 = onHand0 + 2.
      sim.store.setAvailable(level.id, level.available + 5);
      await reconcileShop(h.deps, shop);
      expect(await recordTodaysStockSnapshots(dec2("11:00:00"), shop)).toMatchObject({ written: 1 });
      expect(await row()).toMatchObject({ onHand: onHand0 + 2 });
      expect(await db.stockSnapshot.count({ where: { shop, day: "2026-12-02" } })).toBe(1);

      // Back to the 1 December figure the same day: the day's row goes (the day reads as the day before).
      sim.store.setAvailable(level.id, level.available - 2);
      await reconcileShop(h.deps, shop);
      expect(await recordTodaysStockSnapshots(dec2("12:00:00"), shop)).toMatchObject({ written: 0, removed: 1 });
      expect(await row()).toBeNull();

      // The other shop's row is untouched; an uninstalled shop records nothing.
      expect(await db.stockSnapshot.count({ where: { shop: "other.myshopify.com" } })).toBe(1);
      await db.shop.update({ where: { shop: "other.myshopify.com" }, data: { uninstalledAt: new Date() } });
      expect(await recordTodaysStockSnapshots(dec2("12:00:00"), "other.myshopify.com")).toBeNull();

      // Through the queue: stock-snapshot-all enqueues one stock-snapshot per installed shop.
      sim.store.setAvailable(level.id, level.available - 4);
      await reconcileShop(h.deps, shop);
      const queue = new InProcessQueue({ retryLimit: 0 });
      const admin = new AdminClient({ shop, accessToken: sim.accessToken, endpoint: sim.graphqlUrl, baseDelayMs: 1, sleep: async () => {} });
      await registerSyncJobs(queue, { db, sql: h.sql, adminForShop: async () => admin, now: () => new Date("2026-12-02T13:00:00Z") });
      // A snapshot written queues the stored stock health's refresh (app/margins/jobs.server.ts).
      await registerStockHealthJob(queue, { db, sql: h.sql });
      await queue.start();
      await queue.enqueue("stock-snapshot-all", {});
      await queue.idle();
      await queue.stop();
      // onHand0 − 4.
      expect(await row()).toMatchObject({ onHand: onHand0 - 4 });
      expect(await db.stockSnapshot.count({ where: { shop, day: "2026-12-02" } })).toBe(1);
      expect(await db.stockSnapshot.count({ where: { shop } })).toBe(day1 + 1);
      expect(await db.stockHealthSummary.count({ where: { shop } })).toBe(1);
      await h.close();
      h = null;
    } finally {
      await pgDb?.drop();
    }
  });
});
