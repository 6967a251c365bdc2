import { afterEach, describe, expect, it } from "vitest";

import { readInventoryLevels, readInventoryLocations } from "~/store/inventory-store.server";
import { backfillShop } from "~/sync/backfill.server";
import { FULL_INVENTORY_EVERY_MS, reconcileShop } from "~/sync/reconcile.server";
import { applySyncWebhook } from "~/sync/webhook-sync.server";
import { parseRestJson } from "~/domain/rest-order";
import { createPostgresqlDatabase, postgresqlUnavailable } from "../db/databases";
import type { InventoryLevelModel, VariantModel } from "../simulator/model";
import { restJson } from "../simulator/rest-payloads";
import { forwardStoreWebhooks } from "../simulator/store-webhooks";
import type { StoreEvent } from "../simulator/store";
import { syncHarness, type SyncHarness } from "./helpers";

/**
 * Stock reconciliation (issue 18; app/sync/reconcile.server.ts, `reconcileInventory`):
 * the simulator moves stock as orders and counts do and sends inventory_levels/update,
 * one delivery is lost; the next reconciliation reads the levels changed since its
 * checkpoint and repairs them, with the on hand and committed no webhook carries. A
 * location deleted in Shopify goes with its levels; a product deleted goes at the daily
 * complete stock import. Nothing crashes.
 */

let h: SyncHarness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

const providers: ("sqlite" | "postgresql")[] = postgresqlUnavailable === null ? ["sqlite", "postgresql"] : ["sqlite"];

describe.each(providers)("stock reconciliation (%s)", (provider) => {
  it("repairs a lost inventory_levels/update and the committed units of an order; removes a deleted location, then a deleted product at the daily import", async () => {
    const pgDb = provider === "postgresql" ? await createPostgresqlDatabase() : null;
    try {
      h = await syncHarness({ generator: { seed: 41, orders: 30, preset: "eu" }, databaseUrl: pgDb?.url });
      const { sim, db, shop } = h;
      const store = sim.store;
      expect((await backfillShop(h.deps, shop)).ok).toBe(true);

      // Two tracked variants of active products with both locations active.
      const [W, S] = store.locations.map((l) => l.id) as [string, string];
      const both = store
        .variants()
        .filter(({ product, variant }) => product.status === "ACTIVE" && variant.inventoryItem.tracked && variant.inventoryItem.levels.filter((l) => l.isActive).length === 2 && variant.inventoryItem.levels.every((l) => l.available >= 5));
      const a = both[0]!.variant;
      const b = both[1]!.variant;
      const at = (v: VariantModel, loc: string) => v.inventoryItem.levels.find((l) => l.locationId === loc)!;
      const stored = async (v: VariantModel, loc: string) => {
        const l = (await readInventoryLevels(db, shop)).find((x) => x.inventoryItemId === v.inventoryItem.id && x.locationId === loc);
        return l ? { available: l.available, onHand: l.onHand, committed: l.committed } : null;
      };
      const aW0: InventoryLevelModel = { ...at(a, W) };
      const bW0: InventoryLevelModel = { ...at(b, W) };
      expect(await stored(a, W)).toEqual({ available: aW0.available, onHand: aW0.onHand, committed: aW0.committed });

      // The simulator's webhooks are on: every inventory_levels/update is delivered, but the one for B is lost.
      const deps = { db, sql: h.sql, now: () => new Date(store.now()), enqueue: async () => undefined };
      let n = 0;
      const webhooks = forwardStoreWebhooks(
        store,
        (topic, payload) => applySyncWebhook(deps, { shop, topic, eventId: `evt-${++n}`, payload: parseRestJson(restJson(payload)) }),
        { topics: ["inventory_levels/update"], drop: (e: StoreEvent) => e.topic === "inventory_levels/update" && e.inventoryItem.id === b.inventoryItem.id },
      );

      // An order of A×2: the warehouse holds every line, so 2 units go from available to committed there.
      store.createOrder({ lineItems: [{ variantId: a.id, quantity: 2 }] });
      // A count of B at the warehouse: 3 units fewer (delivery lost).
      store.setAvailable(at(b, W).id, bW0.available - 3);
      await webhooks.settled();
      expect([webhooks.sent, webhooks.dropped]).toEqual([1, 1]);
      // The webhook brought A's available (aW0.available − 2), not its committed (+2): that stays as imported.
      expect(await stored(a, W)).toEqual({ available: aW0.available - 2, onHand: aW0.onHand, committed: aW0.committed });
      // B still shows the imported level.
      expect(await stored(b, W)).toEqual({ available: bW0.available, onHand: bW0.onHand, committed: bW0.committed });

      const r1 = await reconcileShop(h.deps, shop);
      expect(r1.inventory.mode).toBe("check");
      // Both levels changed since the checkpoint: A (order) and B (count); nothing else moved.
      expect(r1.inventory.listed).toBe(2);
      expect(r1.inventory.updated).toBe(2);
      // A: committed aW0 + 2, on hand unchanged, available aW0 − 2. B: available and on hand 3 lower.
      expect(await stored(a, W)).toEqual({ available: aW0.available - 2, onHand: aW0.onHand, committed: aW0.committed + 2 });
      expect(await stored(b, W)).toEqual({ available: bW0.available - 3, onHand: bW0.onHand - 3, committed: bW0.committed });

      // A second run right after lists the same two again (the overlap) and changes nothing.
      const r2 = await reconcileShop(h.deps, shop);
      expect(r2.inventory).toMatchObject({ mode: "check", listed: 2, removedLevels: 0 });
      expect(await stored(b, W)).toEqual({ available: bW0.available - 3, onHand: bW0.onHand - 3, committed: bW0.committed });

      // The shop location is deleted in Shopify: its levels and the location go.
      const atS = (await readInventoryLevels(db, shop)).filter((l) => l.locationId === S).length;
      expect(atS).toBeGreaterThan(0);
      store.deleteLocation(S);
      const r3 = await reconcileShop(h.deps, shop);
      expect(r3.inventory).toMatchObject({ mode: "check", removedLocations: 1, removedLevels: atS });
      expect((await readInventoryLocations(db, shop)).map((l) => l.id)).toEqual([W]);
      expect(await stored(a, S)).toBeNull();

      // A product is deleted: no "updated since" list shows it; the daily complete import (a day later) removes its levels.
      const gone = store.products.find((p) => p.status === "ACTIVE" && p.variants.some((v) => v.inventoryItem.tracked && v.id !== a.id && v.id !== b.id))!;
      const goneItems = gone.variants.map((v) => v.inventoryItem.id);
      const before = (await readInventoryLevels(db, shop)).filter((l) => goneItems.includes(l.inventoryItemId)).length;
      expect(before).toBeGreaterThan(0);
      store.deleteProduct(gone.id);
      expect((await reconcileShop(h.deps, shop)).inventory.mode).toBe("check");
      expect((await readInventoryLevels(db, shop)).filter((l) => goneItems.includes(l.inventoryItemId))).toHaveLength(before);
      const later = { ...h.deps, now: () => new Date(Date.parse(store.now()) + FULL_INVENTORY_EVERY_MS) };
      // While a backfill imports, the daily read waits: the quick check runs.
      await db.syncRun.create({ data: { id: "busy", shop, kind: "orders", status: "running", startedAt: new Date() } });
      expect((await reconcileShop(later, shop)).inventory.mode).toBe("check");
      await db.syncRun.delete({ where: { id: "busy" } });
      const r5 = await reconcileShop(later, shop);
      expect(r5.inventory.mode).toBe("full");
      expect(r5.inventory.removedLevels).toBe(before);
      expect((await readInventoryLevels(db, shop)).filter((l) => goneItems.includes(l.inventoryItemId))).toHaveLength(0);
      // A's level, untouched by the full read: still Shopify's.
      expect(await stored(a, W)).toEqual({ available: aW0.available - 2, onHand: aW0.onHand, committed: aW0.committed + 2 });
      // The orders' side of reconciliation still runs: its checkpoint is set.
      expect((await db.syncState.findUniqueOrThrow({ where: { shop } })).lastReconcileAt).not.toBeNull();
      await h.close();
      h = null;
    } finally {
      await pgDb?.drop();
    }
  });
});
