import { afterEach, describe, expect, it } from "vitest";

import { readInventoryLevels } from "~/store/inventory-store.server";
import { backfillShop } from "~/sync/backfill.server";
import { applySyncWebhook } from "~/sync/webhook-sync.server";
import { createPostgresqlDatabase, postgresqlUnavailable } from "../db/databases";
import type { InventoryLevelModel } from "../simulator/model";
import { inventoryLevelPayload } from "../simulator/rest-payloads";
import type { StoreEvent } from "../simulator/store";
import { syncHarness, type SyncHarness } from "./helpers";

/**
 * Stock kept current between imports (issue 18, item 1): the simulator changes a
 * level's available units (Store.setAvailable, as a stock adjustment in the admin),
 * emits inventory_levels/update, and its REST payload is applied by the webhook sync;
 * then the bulk import runs and must not put back an older value than the webhook's,
 * while a newer level from Shopify still wins.
 */

let h: SyncHarness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

const providers: ("sqlite" | "postgresql")[] = postgresqlUnavailable === null ? ["sqlite", "postgresql"] : ["sqlite"];

describe.each(providers)("inventory_levels/update and the stock import (%s)", (provider) => {
  it("the webhook sets available; an import that read the level before the change keeps it; a newer level from Shopify wins", async () => {
    const pgDb = provider === "postgresql" ? await createPostgresqlDatabase() : null;
    try {
      h = await syncHarness({ generator: { seed: 36, orders: 30, preset: "eu" }, databaseUrl: pgDb?.url });
      expect(h.sql.provider).toBe(provider);
      expect((await backfillShop(h.deps, h.shop, { orders: false })).ok).toBe(true);
      const { variant } = h.sim.store.variants().find((v) => v.variant.inventoryItem.tracked && v.variant.inventoryItem.levels.some((l) => l.isActive && l.onHand >= 3))!;
      const item = variant.inventoryItem;
      const level = item.levels.find((l) => l.isActive && l.onHand >= 3)!;
      const stored = async () => (await readInventoryLevels(h!.db, h!.shop)).find((l) => l.inventoryItemId === item.id && l.locationId === level.locationId)!;
      const imported: InventoryLevelModel = { ...level };
      expect(await stored()).toMatchObject({ available: imported.available, onHand: imported.onHand, updatedAt: new Date(imported.updatedAt).toISOString() });

      // Three units go (a count in the admin): the simulator sends inventory_levels/update.
      const events: StoreEvent[] = [];
      h.sim.store.onChange((e) => events.push(e));
      h.sim.store.setAvailable(level.id, imported.available - 3);
      expect(events.map((e) => e.topic)).toEqual(["inventory_levels/update"]);
      const event = events[0] as Extract<StoreEvent, { topic: "inventory_levels/update" }>;
      expect(level).toMatchObject({ available: imported.available - 3, onHand: imported.onHand - 3, committed: imported.committed, incoming: imported.incoming });
      const payload = inventoryLevelPayload(event.inventoryItem, event.level, { currencyCode: "EUR", timezoneOffsetMinutes: 60 });
      const deps = { db: h.db, sql: h.sql, now: () => new Date(h!.sim.store.now()), enqueue: async () => undefined };
      const result = await applySyncWebhook(deps, { shop: h.shop, topic: "inventory_levels/update", eventId: "evt-count", payload: JSON.parse(JSON.stringify(payload)) });
      expect(result.applied).toBe(true);
      const changedAt = new Date(level.updatedAt).toISOString();
      // Only `available` travels: on hand stays as imported until the next import.
      expect(await stored()).toMatchObject({ available: imported.available - 3, onHand: imported.onHand, committed: imported.committed, incoming: imported.incoming, updatedAt: changedAt });

      // The next import read this level before the count (its line is older than the webhook): the count stays.
      Object.assign(level, imported, { onHand: imported.onHand + 4, incoming: imported.incoming + 1 });
      expect((await backfillShop(h.deps, h.shop, { orders: false })).ok).toBe(true);
      expect(await stored()).toMatchObject({ available: imported.available - 3, updatedAt: changedAt, onHand: imported.onHand + 4, incoming: imported.incoming + 1 });
      // The level was seen by that run: still stored; every other level is Shopify's.
      expect(await h.db.inventoryLevel.count({ where: { shop: h.shop, inventoryItemId: item.id, locationId: level.locationId } })).toBe(1);

      // Later, two more units go and that webhook is lost: the import, newer than the webhook, brings them.
      h.sim.store.setAvailable(level.id, imported.available - 5);
      expect((await backfillShop(h.deps, h.shop, { orders: false })).ok).toBe(true);
      expect(await stored()).toMatchObject({ available: imported.available - 5, onHand: imported.onHand - 1, updatedAt: new Date(level.updatedAt).toISOString() });
      await h.close();
      h = null;
    } finally {
      await pgDb?.drop();
    }
  });
});
