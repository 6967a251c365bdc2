import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";

import type { Db } from "~/db.server";

import { createOfflineSession, createShop } from "../helpers/factories";
import { TEST_API_SECRET, webhookRequest } from "../helpers/webhook";
import { openWebhookApp, type WebhookAction } from "../helpers/webhook-app";
import { customersDataRequestPayload, customersRedactPayload, shopRedactPayload } from "../simulator/rest-payloads";
import { createWebhookSender } from "../simulator/webhooks";
import { inventoryItemPayload, orderTopicPayload, productPayload } from "../simulator/rest-payloads";
import { Store } from "../simulator/store";

// The sync routes enqueue jobs; here the queue is a list (the jobs have their own tests).
const enqueued = vi.hoisted(() => [] as string[]);
vi.mock("~/jobs/runtime.server", async () => (await import("../helpers/app")).runtimeMock(enqueued));

const store = Store.generate({ seed: 5, orders: 3, preset: "eu" });
const ctx = { currencyCode: "EUR", timezoneOffsetMinutes: 60 };
const anOrder = store.orders[0]!;
const aVariant = store.variants()[0]!;

/**
 * The app's webhook routes, called as Remix calls them, with requests signed
 * the way Shopify signs them. The HMAC check is the library's
 * (authenticate.webhook); these tests prove each route uses it and does the
 * right thing with the shop's data.
 */

const SHOP = "alpha.myshopify.com";
const OTHER = "beta.myshopify.com";
let routes: Record<string, WebhookAction>;
let db: Db;
let close: (() => Promise<void>) | undefined;

beforeAll(async () => {
  ({ db, routes, close } = await openWebhookApp());
});

afterAll(async () => {
  await close?.();
});

beforeEach(async () => {
  await db.session.deleteMany();
  await db.shop.deleteMany();
  for (const shop of [SHOP, OTHER]) {
    await createShop(db, { shop, currencyCode: null, ianaTimezone: null });
    await createOfflineSession(db, shop);
  }
});

async function call(topic: string, payload: unknown, opts: { forge?: boolean; shop?: string } = {}) {
  const request = webhookRequest(topic, payload, { shop: opts.shop ?? SHOP, forge: opts.forge });
  try {
    return await routes[topic]!({ request, params: {}, context: {} });
  } catch (thrown) {
    if (thrown instanceof Response) return thrown; // authenticate.webhook throws its 401/400
    throw thrown;
  }
}

const payloads: Record<string, unknown> = {
  "app/uninstalled": { id: 1, name: "Alpha", domain: SHOP, myshopify_domain: SHOP },
  "app/scopes_update": { id: 1, previous: ["read_orders"], current: ["read_orders", "read_products"], updated_at: "2026-11-01T00:00:00Z" },
  "customers/data_request": {
    shop_id: 1, shop_domain: SHOP, orders_requested: [299938], customer: { id: 191167 }, data_request: { id: 9999 },
  },
  "customers/redact": { shop_id: 1, shop_domain: SHOP, customer: { id: 191167 }, orders_to_redact: [299938] },
  "shop/redact": { shop_id: 1, shop_domain: SHOP },
  "orders/create": orderTopicPayload("orders/create", anOrder, ctx),
  "orders/updated": orderTopicPayload("orders/updated", anOrder, ctx),
  "orders/cancelled": orderTopicPayload("orders/updated", anOrder, ctx),
  "refunds/create": { id: 1, admin_graphql_api_id: "gid://shopify/Refund/1", order_id: 7, created_at: "2026-11-01T00:00:00Z", refund_line_items: [] },
  "products/update": productPayload(aVariant.product, ctx),
  "inventory_items/update": inventoryItemPayload(aVariant.variant.inventoryItem, ctx),
  "bulk_operations/finish": { admin_graphql_api_id: "gid://shopify/BulkOperation/1", completed_at: "2026-11-01T00:00:00Z", created_at: "2026-11-01T00:00:00Z", error_code: null, status: "completed", type: "query" },
};

describe("every webhook route verifies Shopify's HMAC", () => {
  it.each(Object.keys(payloads))("%s: a forged request gets 401 and changes nothing", async (topic) => {
    const response = await call(topic, payloads[topic], { forge: true });
    expect(response.status).toBe(401);
    expect(await db.session.count({ where: { shop: SHOP } })).toBe(1);
    expect(await db.shop.findUnique({ where: { shop: SHOP } })).toMatchObject({ uninstalledAt: null, scopes: "read_orders" });
  });

  it.each(Object.keys(payloads))("%s: a correctly signed request gets 200", async (topic) => {
    expect((await call(topic, payloads[topic])).status).toBe(200);
  });
});

describe("sync webhooks", () => {
  it("orders/create stores the order; a redelivery of the same event is recognised; a malformed payload gets 400", async () => {
    const request = () => webhookRequest("orders/create", payloads["orders/create"], { shop: SHOP });
    const first = request();
    const eventId = first.headers.get("X-Shopify-Event-Id")!;
    const r1 = await routes["orders/create"]!({ request: first, params: {}, context: {} });
    expect(await r1.json()).toMatchObject({ applied: true });
    expect(await db.order.count({ where: { shop: SHOP, id: anOrder.id } })).toBe(1);
    expect(await db.order.count({ where: { shop: OTHER } })).toBe(0);
    const again = request();
    again.headers.set("X-Shopify-Event-Id", eventId);
    const r2 = await routes["orders/create"]!({ request: again, params: {}, context: {} });
    expect(await r2.json()).toMatchObject({ applied: false, reason: "duplicate" });
    const bad = await call("orders/create", { admin_graphql_api_id: "gid://shopify/Order/9", line_items: "none" });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error).toMatch(/name: expected the order name/);
  });

  it("bulk_operations/finish continues the shop's backfill", async () => {
    enqueued.length = 0;
    await call("bulk_operations/finish", payloads["bulk_operations/finish"]);
    expect(enqueued).toEqual([`backfill:${SHOP}`]);
  });
});

describe("app/uninstalled", () => {
  it("removes the shop's sessions, marks it uninstalled, and leaves other shops alone", async () => {
    const response = await call("app/uninstalled", payloads["app/uninstalled"]);
    expect(await response.json()).toMatchObject({ sessionsDeleted: 1 });
    expect(await db.session.count({ where: { shop: SHOP } })).toBe(0);
    expect(await db.session.count({ where: { shop: OTHER } })).toBe(1);
    expect((await db.shop.findUnique({ where: { shop: SHOP } }))?.uninstalledAt).toBeInstanceOf(Date);
    expect((await db.shop.findUnique({ where: { shop: OTHER } }))?.uninstalledAt).toBeNull();
  });

  it("is idempotent: a repeated delivery after the sessions are gone still answers 200", async () => {
    await call("app/uninstalled", payloads["app/uninstalled"]);
    const again = await call("app/uninstalled", payloads["app/uninstalled"]);
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ sessionsDeleted: 0 });
  });
});

describe("app/scopes_update", () => {
  it("records the granted scopes on the shop and its sessions", async () => {
    await call("app/scopes_update", payloads["app/scopes_update"]);
    expect((await db.shop.findUnique({ where: { shop: SHOP } }))?.scopes).toBe("read_orders,read_products");
    expect((await db.session.findFirst({ where: { shop: SHOP } }))?.scope).toBe("read_orders,read_products");
    expect((await db.shop.findUnique({ where: { shop: OTHER } }))?.scopes).toBe("read_orders");
  });

  it("rejects a payload without the current scopes, naming the field", async () => {
    const response = await call("app/scopes_update", { id: 1, previous: [] });
    expect(response.status).toBe(400);
    expect((await response.json()).error).toMatch(/current must be a list of scopes/);
  });
});

describe("compliance webhooks", () => {
  it("customers/data_request answers that NetMargin holds no customer data", async () => {
    const response = await call("customers/data_request", payloads["customers/data_request"]);
    expect(await response.json()).toEqual({ summary: "NetMargin stores no customer data: nothing to report." });
  });

  it("customers/redact answers that there is nothing to redact and deletes nothing", async () => {
    const response = await call("customers/redact", payloads["customers/redact"]);
    expect(await response.json()).toEqual({ summary: "NetMargin stores no customer data: nothing to redact." });
    expect(await db.shop.count()).toBe(2);
    expect(await db.session.count()).toBe(2);
  });

  it("a malformed compliance payload gets 400 naming the field", async () => {
    const response = await call("customers/redact", { shop_id: 1, shop_domain: SHOP, customer: { id: "x" } });
    expect(response.status).toBe(400);
    const { error } = await response.json();
    expect(error).toContain("customer.id: customer.id must be a number");
    expect(error).toContain("orders_to_redact: orders_to_redact must be a list of order ids");
  });

  it("shop/redact erases the shop's rows and only that shop's", async () => {
    const response = await call("shop/redact", payloads["shop/redact"]);
    const body = await response.json();
    expect(body.summary).toBe("All data of the shop erased.");
    expect(await db.shop.findUnique({ where: { shop: SHOP } })).toBeNull();
    expect(await db.session.count({ where: { shop: SHOP } })).toBe(0);
    expect(await db.shop.count({ where: { shop: OTHER } })).toBe(1);
    expect(await db.session.count({ where: { shop: OTHER } })).toBe(1);
  });

  it("shop/redact refuses a payload for another shop than the signed header", async () => {
    const response = await call("shop/redact", { shop_id: 2, shop_domain: OTHER });
    expect(response.status).toBe(400);
    expect(await db.shop.count()).toBe(2);
  });
});

describe("deliveries from the simulator's webhook sender", () => {
  // The sender signs as Shopify does (HMAC over the raw, HTML-escaped body); the
  // app's routes must accept its deliveries and refuse its forged ones.
  const identity = { id: "gid://shopify/Shop/1", myshopifyDomain: SHOP };
  const sender = createWebhookSender({
    appUrl: "https://netmargin.example.com",
    apiSecret: TEST_API_SECRET,
    shopDomain: SHOP,
    seed: 5,
    fetch: (async (input: string | URL | Request, init?: RequestInit) => {
      const request = new Request(input, init);
      const topic = new URL(request.url).pathname.replace(/^\/webhooks\//, "");
      try {
        return await routes[topic]!({ request, params: {}, context: {} });
      } catch (thrown) {
        if (thrown instanceof Response) return thrown;
        throw thrown;
      }
    }) as typeof fetch,
  });

  it("are accepted, and the same deliveries forged are refused", async () => {
    const deliveries = [
      ["customers/data_request", customersDataRequestPayload(identity, { customerId: 7, orderIds: [1001], dataRequestId: 3 })],
      ["customers/redact", customersRedactPayload(identity, { customerId: 7, orderIds: [1001] })],
      ["shop/redact", shopRedactPayload(identity)],
    ] as const;
    for (const [topic, payload] of deliveries) {
      expect((await sender.send(topic, payload, { forge: true })).status, `${topic} forged`).toBe(401);
    }
    expect(await db.shop.count({ where: { shop: SHOP } })).toBe(1);
    for (const [topic, payload] of deliveries) {
      expect((await sender.send(topic, payload)).status, topic).toBe(200);
    }
    expect(await db.shop.count({ where: { shop: SHOP } })).toBe(0);
  });

  it("a duplicate app/uninstalled delivery is harmless", async () => {
    const results = await sender.duplicate("app/uninstalled", { id: 1, domain: SHOP, myshopify_domain: SHOP }, 3);
    expect(results.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(results.map((r) => (r.json as { sessionsDeleted: number }).sessionsDeleted)).toEqual([1, 0, 0]);
  });
});
