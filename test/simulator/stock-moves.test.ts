import { describe, expect, it } from "vitest";

import type { InventoryItemModel, InventoryLevelModel, VariantModel } from "./model";
import { inventoryLevelPayload } from "./rest-payloads";
import { createGenerator } from "./generator";
import { Store, type StoreEvent } from "./store";
import { forwardStoreWebhooks } from "./store-webhooks";

/**
 * Orders move stock as Shopify does (issue 18, item 1; the rules and their sources are
 * in store.ts, `routeLines`, `fulfillOrder`, `restock`):
 * - placing an order takes its units from `available` into `committed` at the location
 *   the default order routing picks (the first location holding every line, else line by
 *   line), on hand unchanged (shopify.dev/docs/apps/fulfillment/inventory-management-apps);
 * - fulfilling takes them out of committed and on hand;
 * - cancelling (restock CANCEL) gives committed back to available;
 * - a refund with restock RETURN puts units back on hand and available; NO_RESTOCK
 *   changes nothing;
 * - untracked items never change;
 * - each level that changed emits one inventory_levels/update, whose REST body is
 *   Shopify's InventoryLevel (app/shopify/inventory-level-webhook.ts names the example).
 */

const shop = { currencyCode: "EUR" as const, timezoneOffsetMinutes: 60 };

function setup() {
  const store = Store.generate({ seed: 5, orders: 20, preset: "eu", now: "2026-10-15T12:00:00Z" });
  const [W, S] = store.locations;
  const twoLevels = store
    .variants()
    .filter(({ product, variant }) => product.status === "ACTIVE" && variant.inventoryItem.tracked && variant.inventoryItem.levels.filter((l) => l.isActive).length === 2);
  const a = twoLevels[0]!.variant;
  const b = twoLevels[1]!.variant;
  const at = (v: VariantModel, loc: string) => v.inventoryItem.levels.find((l) => l.locationId === loc)!;
  const set = (level: InventoryLevelModel, onHand: number, committed: number) => Object.assign(level, { onHand, committed, available: onHand - committed, incoming: 0 });
  // A: warehouse 10 on hand (2 committed → 8 available), shop 3 on hand.
  set(at(a, W!.id), 10, 2);
  set(at(a, S!.id), 3, 0);
  // B: warehouse 1 on hand, shop 5 on hand.
  set(at(b, W!.id), 1, 0);
  set(at(b, S!.id), 5, 0);
  const events: StoreEvent[] = [];
  store.onChange((e) => events.push(e));
  const q = (v: VariantModel, loc: string) => {
    const l = at(v, loc);
    return { available: l.available, committed: l.committed, onHand: l.onHand };
  };
  const levelEvents = () => events.filter((e): e is Extract<StoreEvent, { topic: "inventory_levels/update" }> => e.topic === "inventory_levels/update");
  return { store, W: W!.id, S: S!.id, a, b, q, events, levelEvents };
}

describe("stock moved by orders", () => {
  it("an order commits its units at the first location holding every line; fulfilment takes them out of on hand; a return puts one back", () => {
    const { store, W, S, a, q, events, levelEvents } = setup();
    const order = store.createOrder({ lineItems: [{ variantId: a.id, quantity: 3 }] });
    // The warehouse holds 8 ≥ 3: available 8 − 3 = 5, committed 2 + 3 = 5, on hand 10.
    expect(q(a, W)).toEqual({ available: 5, committed: 5, onHand: 10 });
    expect(q(a, S)).toEqual({ available: 3, committed: 0, onHand: 3 });
    expect(events.map((e) => e.topic)).toEqual(["orders/create", "orders/paid", "inventory_levels/update"]);
    const [ev] = levelEvents();
    expect(ev!.level.locationId).toBe(W);
    expect(ev!.level.updatedAt).toBe(order.createdAt);
    // Shopify's REST InventoryLevel body: five fields, available after the order.
    const body = inventoryLevelPayload(ev!.inventoryItem, ev!.level, shop);
    expect(Object.keys(body)).toEqual(["inventory_item_id", "location_id", "available", "updated_at", "admin_graphql_api_id"]);
    expect(body.available).toBe(5);

    events.length = 0;
    const fulfilled = store.fulfillOrder(order.id);
    // committed 5 − 3 = 2, on hand 10 − 3 = 7, available 5 unchanged.
    expect(q(a, W)).toEqual({ available: 5, committed: 2, onHand: 7 });
    expect(fulfilled.fulfillments).toHaveLength(1);
    expect(fulfilled.fulfillments[0]).toMatchObject({ status: "SUCCESS", locationId: W });
    expect(events.map((e) => e.topic)).toEqual(["orders/updated", "inventory_levels/update"]);
    expect(() => store.fulfillOrder(order.id)).toThrow("already fulfilled");

    events.length = 0;
    const { refund } = store.addRefund(order.id, { lineItems: [{ lineItemId: order.lineItems[0]!.id, quantity: 1, restockType: "RETURN" }] });
    // One unit back: on hand 7 + 1 = 8, available 5 + 1 = 6, committed 2.
    expect(q(a, W)).toEqual({ available: 6, committed: 2, onHand: 8 });
    expect(refund.refundLineItems[0]!.locationId).toBe(W);
    expect(levelEvents()).toHaveLength(1);

    events.length = 0;
    store.addRefund(order.id, { lineItems: [{ lineItemId: order.lineItems[0]!.id, quantity: 1, restockType: "NO_RESTOCK" }] });
    expect(q(a, W)).toEqual({ available: 6, committed: 2, onHand: 8 });
    expect(levelEvents()).toHaveLength(0);
  });

  it("an order no single location can ship whole: the one holding both lines wins; cancelling gives the committed units back", () => {
    const { store, W, S, a, b, q, levelEvents } = setup();
    // A×2 + B×2: the warehouse has A (8) but not B (1); the shop has both (3 and 5).
    const order = store.createOrder({ lineItems: [{ variantId: a.id, quantity: 2 }, { variantId: b.id, quantity: 2 }] });
    expect(q(a, S)).toEqual({ available: 1, committed: 2, onHand: 3 }); // 3 − 2, 0 + 2
    expect(q(b, S)).toEqual({ available: 3, committed: 2, onHand: 5 }); // 5 − 2, 0 + 2
    expect(q(a, W)).toEqual({ available: 8, committed: 2, onHand: 10 });
    expect(levelEvents()).toHaveLength(2);

    const cancelled = store.cancelOrder(order.id);
    // Restock CANCEL: committed back to available at the shop, on hand unchanged.
    expect(q(a, S)).toEqual({ available: 3, committed: 0, onHand: 3 });
    expect(q(b, S)).toEqual({ available: 5, committed: 0, onHand: 5 });
    expect(cancelled.refunds[0]!.refundLineItems.map((r) => [r.restockType, r.locationId])).toEqual([
      ["CANCEL", S],
      ["CANCEL", S],
    ]);
    expect(levelEvents()).toHaveLength(4);

    // A RETURN of units never fulfilled: they never left, so committed goes back to available (2 − 2, 1 + 2).
    const other = store.createOrder({ lineItems: [{ variantId: a.id, quantity: 2 }] });
    expect(q(a, W)).toEqual({ available: 6, committed: 4, onHand: 10 });
    store.addRefund(other.id, { lineItems: [{ lineItemId: other.lineItems[0]!.id, quantity: 2, restockType: "RETURN" }] });
    expect(q(a, W)).toEqual({ available: 8, committed: 2, onHand: 10 });
  });

  it("a line goes to the first location holding it, else to the one with the most available (oversold); a forced location is used as given", () => {
    const { store, W, S, b, q } = setup();
    // Warehouse 1, shop 5: the shop has 5 ≥ 4 → shop: 5 − 4 = 1.
    store.createOrder({ lineItems: [{ variantId: b.id, quantity: 4 }] });
    expect(q(b, S)).toEqual({ available: 1, committed: 4, onHand: 5 });
    // B×3 now: warehouse 1, shop 1: neither → most available, first in order on a tie (warehouse): 1 − 3 = −2.
    store.createOrder({ lineItems: [{ variantId: b.id, quantity: 3 }] });
    expect(q(b, W)).toEqual({ available: -2, committed: 3, onHand: 1 });
    // A POS sale at the shop.
    store.createOrder({ lineItems: [{ variantId: b.id, quantity: 1 }], locationId: S, sourceName: "pos" });
    expect(q(b, S)).toEqual({ available: 0, committed: 5, onHand: 5 });
    expect(() => store.createOrder({ lineItems: [{ variantId: b.id, quantity: 1 }], locationId: "gid://shopify/Location/1" })).toThrow("unknown location");
  });

  it("untracked items never change and emit nothing", () => {
    const { store, events } = setup();
    const untracked = store.variants().find(({ variant }) => !variant.inventoryItem.tracked)!.variant;
    const before = structuredClone(untracked.inventoryItem.levels);
    const order = store.createOrder({ lineItems: [{ variantId: untracked.id, quantity: 2 }] });
    store.cancelOrder(order.id);
    expect(untracked.inventoryItem.levels).toEqual(before);
    expect(events.some((e) => e.topic === "inventory_levels/update")).toBe(false);
  });

  it("orders of the generated history keep on hand = available + committed, and committed never below 0", () => {
    const store = Store.generate({ seed: 5, orders: 300, preset: "eu", now: "2026-10-15T12:00:00Z" });
    const open = store.orders.filter((o) => !o.cancelledAt && !o.fulfillments.some((f) => f.status === "SUCCESS") && !o.test).slice(0, 6);
    expect(open.length).toBeGreaterThan(0);
    open.forEach((o, i) => (i % 2 === 0 ? store.fulfillOrder(o.id) : store.cancelOrder(o.id)));
    const returnable = store.orders.filter((o) => o.fulfillments.some((f) => f.status === "SUCCESS") && !o.cancelledAt && o.refunds.length === 0).slice(0, 3);
    for (const o of returnable) store.addRefund(o.id, { lineItems: [{ lineItemId: o.lineItems[0]!.id, quantity: 1, restockType: "RETURN" }] });
    const levels: { item: InventoryItemModel; level: InventoryLevelModel }[] = store.variants().flatMap(({ variant }) => variant.inventoryItem.levels.map((level) => ({ item: variant.inventoryItem, level })));
    for (const { level } of levels) {
      expect(level.onHand, level.id).toBe(level.available + level.committed);
      expect(level.committed, level.id).toBeGreaterThanOrEqual(0);
    }
  });

  it("the demo store's history is already in its stock: loading the orders moves nothing, so its profiles hold (stock.test.ts) until new orders come", () => {
    // test/demo/run.ts's store: seed 7, 2,000 orders.
    const opts = { seed: 7, orders: 2000, preset: "eu" as const, now: "2026-10-15T12:00:00Z" };
    const shaped = createGenerator(opts).catalog;
    const store = Store.generate(opts);
    const levels = (products: typeof store.products) => products.flatMap((p) => p.variants.flatMap((v) => v.inventoryItem.levels.map((l) => [l.id, l.available, l.onHand, l.committed, l.incoming])));
    expect(levels(store.products)).toEqual(levels(shaped.products));
  });

  it("with the webhooks on, each move is delivered as inventory_levels/update with the level's REST body; a lost one is not sent", async () => {
    const { store, W, a, b } = setup();
    const got: { topic: string; payload: Record<string, unknown> }[] = [];
    const webhooks = forwardStoreWebhooks(store, async (topic, payload) => void got.push({ topic, payload }), {
      topics: ["orders/create", "inventory_levels/update"],
      drop: (e) => e.topic === "inventory_levels/update" && e.inventoryItem.id === b.inventoryItem.id,
    });
    store.createOrder({ lineItems: [{ variantId: a.id, quantity: 1 }] });
    store.createOrder({ lineItems: [{ variantId: b.id, quantity: 1 }] });
    await webhooks.settled();
    webhooks.stop();
    expect(got.map((g) => g.topic)).toEqual(["orders/create", "inventory_levels/update", "orders/create"]);
    // A at the warehouse: 8 − 1 = 7 available.
    expect(got[1]!.payload).toMatchObject({ available: 7, location_id: Number(W.split("/").pop()), inventory_item_id: Number(a.inventoryItem.id.split("/").pop()) });
    expect([webhooks.sent, webhooks.dropped]).toEqual([3, 1]);
    store.createOrder({ lineItems: [{ variantId: a.id, quantity: 1 }] });
    expect(got).toHaveLength(3);
  });
});
