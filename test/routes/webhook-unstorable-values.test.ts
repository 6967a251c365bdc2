import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";

import type { Db } from "~/db.server";
import { logger } from "~/logger.server";

import { createOfflineSession, createShop, createVariant } from "../helpers/factories";
import { webhookRequest } from "../helpers/webhook";
import { openWebhookApp, type WebhookAction } from "../helpers/webhook-app";
import { inventoryItemPayload, orderPayload, productPayload } from "../simulator/rest-payloads";
import { Store } from "../simulator/store";

const enqueued = vi.hoisted(() => [] as string[]);
vi.mock("~/jobs/runtime.server", async () => (await import("../helpers/app")).runtimeMock(enqueued));

/**
 * Issue 16, item 6 (found by test/fuzz): an amount beyond what a stored money column
 * holds (INTEGER minor units: at most 2,147,483,647, i.e. 21474836.47 EUR) in a signed
 * webhook was accepted. PostgreSQL refused the write (HTTP 500, which Shopify retries
 * for 48 hours); SQLite stored it, and the app's client cannot read it back. Such a
 * delivery is now refused with 400 naming the field, and nothing is written.
 * (Fuzz counterexample: inventory_items/update with `"cost": -1011142878`.)
 */
const SHOP = "alpha.myshopify.com";
const store = Store.generate({ seed: 16, orders: 2, preset: "eu" });
const ctx = { currencyCode: "EUR" as const, timezoneOffsetMinutes: 60 };
const { variant } = store.variants()[0]!;
let db: Db;
let routes: Record<string, WebhookAction>;
let close: (() => Promise<void>) | undefined;

beforeAll(async () => {
  ({ db, routes, close } = await openWebhookApp());
});
afterAll(async () => {
  await close?.();
});
beforeEach(async () => {
  for (const t of [db.unitCostSnapshot, db.variant, db.orderLine, db.order, db.webhookEvent, db.session, db.shop] as { deleteMany(): Promise<unknown> }[]) await t.deleteMany();
  await createShop(db, { shop: SHOP, currencyCode: "EUR" });
  await createOfflineSession(db, SHOP);
});

async function deliver(topic: string, payload: unknown): Promise<{ status: number; body: { error?: string } }> {
  vi.spyOn(logger, "warn").mockImplementation(() => undefined);
  const response = await routes[topic]!({ request: webhookRequest(topic, payload, { shop: SHOP }), params: {}, context: {} });
  return { status: response.status, body: (await response.json()) as { error?: string } };
}

describe("a webhook amount beyond what NetMargin stores", () => {
  it("inventory_items/update: a cost of -1011142878 EUR gets 400 naming cost; the stored cost is kept", async () => {
    await createVariant(db, { shop: SHOP, id: variant.id, inventoryItemId: variant.inventoryItem.id, unitCost: 1250, unitCostCurrency: "EUR", costUpdatedAt: new Date("2020-01-01T00:00:00Z") });
    const r = await deliver("inventory_items/update", { ...inventoryItemPayload(variant.inventoryItem, ctx), cost: -1011142878 });
    expect(r.status).toBe(400);
    expect(r.body.error).toBe('inventory_items/update payload: cost: -1011142878 EUR is more than NetMargin can store for one amount (at most 21474836.47 EUR)');
    expect((await db.variant.findFirstOrThrow({ where: { shop: SHOP, id: variant.id } })).unitCost).toBe(1250);
    expect(await db.webhookEvent.count()).toBe(0);
  });

  it("inventory_items/update: 21474836.47 EUR, the largest storable, is stored as 2147483647 cents", async () => {
    await createVariant(db, { shop: SHOP, id: variant.id, inventoryItemId: variant.inventoryItem.id, unitCost: 1250, unitCostCurrency: "EUR", costUpdatedAt: new Date("2020-01-01T00:00:00Z") });
    const r = await deliver("inventory_items/update", { ...inventoryItemPayload(variant.inventoryItem, ctx), cost: "21474836.47" });
    expect(r.status).toBe(200);
    expect((await db.variant.findFirstOrThrow({ where: { shop: SHOP, id: variant.id } })).unitCost).toBe(2_147_483_647);
  });

  it("orders/create: a line priced 30000000.00 EUR gets 400 naming the line; no order, line or event is written", async () => {
    const payload = orderPayload(store.orders[0]!, ctx) as { line_items: Record<string, unknown>[] };
    const line = payload.line_items[0]!;
    payload.line_items[0] = { ...line, price: "30000000.00", price_set: { shop_money: { amount: "30000000.00", currency_code: "EUR" }, presentment_money: { amount: "30000000.00", currency_code: "EUR" } } };
    const r = await deliver("orders/create", payload);
    expect(r.status).toBe(400);
    expect(r.body.error).toMatch(/^orders\/create payload: line_items\[0\]: .* is more than NetMargin can store for one amount \(at most 21474836\.47 EUR\)/);
    expect(await db.order.count()).toBe(0);
    expect(await db.orderLine.count()).toBe(0);
    expect(await db.webhookEvent.count()).toBe(0);
  });
});

/**
 * Also found by the webhook fuzz, on PostgreSQL: a NUL character ("\u0000" in the
 * JSON) in any text of a sync webhook failed the write ("invalid byte sequence for
 * encoding UTF8: 0x00", HTTP 500), since PostgreSQL text cannot hold it. Such a
 * delivery is refused with 400 naming the field, on both databases (the same answer
 * whichever one the shop runs on), and nothing is written.
 */
describe("a sync webhook with a NUL character in a text", () => {
  it("products/update: a title with \\u0000 gets 400 naming title; nothing written", async () => {
    const payload = { ...productPayload(store.variants()[0]!.product, ctx), title: "Mug\u0000" };
    const r = await deliver("products/update", payload);
    expect(r.status).toBe(400);
    expect(r.body.error).toBe("products/update payload: title: contains a NUL character (\\u0000), which NetMargin cannot store");
    expect(await db.variant.count()).toBe(0);
    expect(await db.webhookEvent.count()).toBe(0);
  });

  it("inventory_items/update: an admin_graphql_api_id with \\u0000 gets 400 naming it", async () => {
    const r = await deliver("inventory_items/update", { ...inventoryItemPayload(variant.inventoryItem, ctx), admin_graphql_api_id: "gid://shopify/InventoryItem/1\u0000" });
    expect(r.status).toBe(400);
    expect(r.body.error).toBe("inventory_items/update payload: admin_graphql_api_id: contains a NUL character (\\u0000), which NetMargin cannot store");
  });

  it("orders/create: a line title with \\u0000 gets 400 naming line_items[1].title; no order written", async () => {
    const payload = orderPayload(store.orders[0]!, ctx) as { line_items: Record<string, unknown>[] };
    payload.line_items.push({ ...payload.line_items[0]!, title: "\u0000" });
    const r = await deliver("orders/create", payload);
    expect(r.status).toBe(400);
    expect(r.body.error).toMatch(/^orders\/create payload: line_items\[\d+\]\.title: contains a NUL character/);
    expect(await db.order.count()).toBe(0);
  });
});

/**
 * Found by the webhook fuzz on PostgreSQL too: app/scopes_update stored whatever
 * text `current` held as the shop's scopes, a NUL included (500 on PostgreSQL). A
 * scope is an access scope name (read_orders, write_products, …: lower-case words
 * joined by "_", https://shopify.dev/docs/api/usage/access-scopes); anything else is
 * refused with 400 naming the entry, and the stored scopes are kept.
 */
describe("app/scopes_update with a scope that is not a scope name", () => {
  it.each([["read_orders\u0000"], ["read orders"], [""], ["READ_ORDERS;DROP"]])("%j gets 400 naming current[1]; the scopes are kept", async (scope) => {
    const r = await deliver("app/scopes_update", { id: 1, previous: ["read_orders"], current: ["read_products", scope], updated_at: "2026-11-01T00:00:00Z" });
    expect(r.status).toBe(400);
    expect(r.body.error).toBe("Invalid app/scopes_update payload: current[1] must be an access scope name such as read_orders");
    expect((await db.shop.findUniqueOrThrow({ where: { shop: SHOP } })).scopes).toBe("read_orders");
  });

  it("scope names Shopify sends are recorded", async () => {
    const r = await deliver("app/scopes_update", { id: 1, previous: ["read_orders"], current: ["read_orders", "write_products", "unauthenticated_read_product_listings"], updated_at: "2026-11-01T00:00:00Z" });
    expect(r.status).toBe(200);
    expect((await db.shop.findUniqueOrThrow({ where: { shop: SHOP } })).scopes).toBe("read_orders,write_products,unauthenticated_read_product_listings");
  });
});
