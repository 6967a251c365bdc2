import { describe, expect, it } from "vitest";

import { parseInventoryLevelPayload } from "~/shopify/inventory-level-webhook";

import { parseRestJson } from "~/domain/rest-order";
import type { InventoryItemModel, InventoryLevelModel } from "./model";
import { inventoryLevelPayload, restJson, type Json } from "./rest-payloads";
import { Store, type StoreEvent } from "./store";

/**
 * The simulator's inventory_levels/update (issue 18, item 1): the REST InventoryLevel
 * body (app/shopify/inventory-level-webhook.ts names Shopify's example it follows) and
 * the stock change that emits it.
 */
const shop = { currencyCode: "EUR" as const, timezoneOffsetMinutes: 120 };

const level: InventoryLevelModel = {
  id: "gid://shopify/InventoryLevel/120500000004?inventory_item_id=47330000000001",
  locationId: "gid://shopify/Location/71340000000",
  isActive: true,
  available: 7,
  onHand: 9,
  committed: 2,
  incoming: 0,
  createdAt: "2026-01-01T00:00:00Z",
  updatedAt: "2026-10-07T12:30:00Z",
};
const item = (tracked: boolean) => ({ id: "gid://shopify/InventoryItem/47330000000001", tracked }) as InventoryItemModel;

describe("inventory_levels/update payload", () => {
  it("has Shopify's five fields: numeric ids, available, the shop-offset time and the level's GID", () => {
    expect(inventoryLevelPayload(item(true), level, shop)).toEqual({
      inventory_item_id: 47330000000001,
      location_id: 71340000000,
      available: 7,
      updated_at: "2026-10-07T14:30:00+02:00",
      admin_graphql_api_id: "gid://shopify/InventoryLevel/120500000004?inventory_item_id=47330000000001",
    });
  });

  it("says null for an item Shopify does not track", () => {
    expect(inventoryLevelPayload(item(false), level, shop).available).toBeNull();
  });

  it("reads back through NetMargin's parser for every active level of a generated store", () => {
    const store = Store.generate({ seed: 18, orders: 20, preset: "eu" });
    let n = 0;
    for (const { variant } of store.variants()) {
      for (const l of variant.inventoryItem.levels.filter((x) => x.isActive)) {
        const parsed = parseInventoryLevelPayload(parseRestJson(restJson(inventoryLevelPayload(variant.inventoryItem, l, shop) as Json)));
        expect(parsed).toEqual({
          ok: true,
          value: { inventoryItemId: variant.inventoryItem.id, locationId: l.locationId, available: variant.inventoryItem.tracked ? l.available : null, updatedAt: new Date(l.updatedAt).toISOString() },
        });
        n++;
      }
    }
    expect(n).toBeGreaterThan(50);
  });
});

describe("Store.setAvailable", () => {
  it("moves on hand by the same difference, stamps the level, and emits inventory_levels/update", () => {
    const store = Store.generate({ seed: 18, orders: 20, preset: "eu" });
    const target = store.variants().flatMap(({ variant }) => variant.inventoryItem.levels.filter((l) => l.isActive && l.available >= 4))[0]!;
    const before = { ...target };
    const events: StoreEvent[] = [];
    store.onChange((e) => events.push(e));
    store.setAvailable(target.id, before.available - 4);
    expect(target).toMatchObject({ available: before.available - 4, onHand: before.onHand - 4, committed: before.committed, incoming: before.incoming });
    expect(Date.parse(target.updatedAt)).toBeGreaterThan(Date.parse(before.updatedAt));
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ topic: "inventory_levels/update", level: target, at: target.updatedAt });
    expect(() => store.setAvailable("gid://shopify/InventoryLevel/1?inventory_item_id=2", 1)).toThrow("unknown inventory level");
    expect(() => store.setAvailable(target.id, 1.5)).toThrow("whole number");
  });
});
