import { createHmac, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";

import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";

import { generateStore } from "./generator";
import { parseDecimalToMinor, type StoreData } from "./model";
import {
  customersDataRequestPayload,
  customersRedactPayload,
  inventoryItemPayload,
  orderPayload,
  productPayload,
  refundPayload,
  shopPayload,
  shopRedactPayload,
  type Json,
  type JsonObject,
} from "./rest-payloads";
import { createWebhookSender, deterministicShuffle, shopifyJson, type WebhookSenderOptions } from "./webhooks";

const SECRET = "shpss_test_secret_do_not_use";
const SHOP = "margin-test.myshopify.com";

/** Independent HMAC check, as the app must do it: over the raw bytes, constant time. */
function hmacValid(raw: Buffer, header: string | undefined, secret = SECRET): boolean {
  if (!header) return false;
  const expected = createHmac("sha256", secret).update(raw).digest();
  const given = Buffer.from(header, "base64");
  return given.length === expected.length && timingSafeEqual(given, expected);
}

interface Received {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  raw: Buffer;
  hmacOk: boolean;
}

// A tiny receiver standing in for the app: 401 on a bad HMAC, 200 otherwise.
let server: Server;
let appUrl: string;
let received: Received[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const raw = Buffer.concat(chunks);
      const hmacOk = hmacValid(raw, req.headers["x-shopify-hmac-sha256"] as string | undefined);
      received.push({ method: req.method ?? "", path: req.url ?? "", headers: req.headers, raw, hmacOk });
      res.writeHead(hmacOk ? 200 : 401, { "content-type": "application/json" });
      res.end(JSON.stringify(hmacOk ? { ok: true, n: received.length } : { error: "invalid hmac" }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  appUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve())));
});

beforeEach(() => {
  received = [];
});

function sender(extra: Partial<WebhookSenderOptions> = {}) {
  return createWebhookSender({ appUrl, apiSecret: SECRET, shopDomain: SHOP, seed: 42, now: () => Date.parse("2026-10-15T12:00:00Z"), ...extra });
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

let euStore: StoreData;
let usStore: StoreData;
beforeAll(() => {
  euStore = generateStore({ seed: 11, orders: 150, preset: "eu" });
  usStore = generateStore({ seed: 12, orders: 150, preset: "us" });
});

describe("createWebhookSender: one delivery", () => {
  it("POSTs to /webhooks/<topic> with Shopify's headers and a valid HMAC over the raw body", async () => {
    const order = euStore.orders[0]!;
    const payload = orderPayload(order, euStore.shop);
    const result = await sender().send("orders/create", payload);

    expect(result.status).toBe(200);
    expect(result.json).toEqual({ ok: true, n: 1 });
    expect(received).toHaveLength(1);
    const r = received[0]!;
    expect(r.method).toBe("POST");
    expect(r.path).toBe("/webhooks/orders/create");
    expect(r.headers["content-type"]).toBe("application/json");
    expect(r.headers["x-shopify-topic"]).toBe("orders/create");
    expect(r.headers["x-shopify-shop-domain"]).toBe(SHOP);
    expect(r.headers["x-shopify-api-version"]).toBe("2026-10");
    expect(r.headers["x-shopify-webhook-id"]).toMatch(UUID);
    expect(r.headers["x-shopify-event-id"]).toMatch(UUID);
    expect(r.headers["x-shopify-webhook-id"]).not.toBe(r.headers["x-shopify-event-id"]);
    expect(r.headers["x-shopify-triggered-at"]).toBe("2026-10-15T12:00:00.000Z");
    expect(r.headers).not.toHaveProperty("x-shopify-name");
    expect(r.hmacOk).toBe(true);
    expect(r.headers["x-shopify-hmac-sha256"]).toBe(createHmac("sha256", SECRET).update(r.raw).digest("base64"));
    expect(JSON.parse(r.raw.toString("utf8"))).toEqual(payload);
    expect(result.delivery.webhookId).toBe(r.headers["x-shopify-webhook-id"]);
  });

  it("maps topics to the app's paths, with per-topic and functional overrides", async () => {
    const s = sender();
    expect(s.pathFor("app/uninstalled")).toBe("/webhooks/app/uninstalled");
    expect(s.pathFor("customers/data_request")).toBe("/webhooks/customers/data_request");
    expect(s.pathFor("shop/redact")).toBe("/webhooks/shop/redact");
    const mapped = sender({ paths: { "orders/create": "/webhooks/orders" } });
    expect(mapped.pathFor("orders/create")).toBe("/webhooks/orders");
    expect(mapped.pathFor("orders/updated")).toBe("/webhooks/orders/updated");
    const fn = sender({ paths: (topic) => `/hooks/${topic.replace("/", ".")}` });
    await fn.send("app/uninstalled", shopPayload(euStore.shop));
    expect(received[0]!.path).toBe("/hooks/app.uninstalled");
    await sender({ appUrl: `${appUrl}/` }).send("shop/redact", shopRedactPayload(euStore.shop), { name: "compliance" });
    expect(received[1]!.path).toBe("/webhooks/shop/redact");
    expect(received[1]!.headers["x-shopify-name"]).toBe("compliance");
  });

  it("forge sends a wrong HMAC, which the receiver rejects with 401", async () => {
    const result = await sender().send("customers/redact", customersRedactPayload(euStore.shop, { customerId: 1, orderIds: [] }), { forge: true });
    expect(result.status).toBe(401);
    expect(result.forged).toBe(true);
    expect(received[0]!.hmacOk).toBe(false);
    // everything else is intact
    expect(received[0]!.headers["x-shopify-topic"]).toBe("customers/redact");
  });

  it("can drop or replace a header for missing-header tests", async () => {
    await sender().send("app/uninstalled", shopPayload(euStore.shop), { headers: { "X-Shopify-Topic": null, "x-shopify-api-version": "2025-10" } });
    expect(received[0]!.headers).not.toHaveProperty("x-shopify-topic");
    expect(received[0]!.headers["x-shopify-api-version"]).toBe("2025-10");
    expect(received[0]!.hmacOk).toBe(true);
  });

  it("escapes <, > and & like Shopify, so only a raw-body HMAC verifies", async () => {
    const product = { ...euStore.products[0]!, title: "Tea & <b>Biscuits</b>" };
    const payload = productPayload(product, euStore.shop);
    await sender().send("products/update", payload);
    const raw = received[0]!.raw.toString("utf8");
    expect(raw).toContain("Tea \\u0026 \\u003Cb\\u003EBiscuits\\u003C/b\\u003E");
    expect(received[0]!.hmacOk).toBe(true);
    const reserialised = JSON.stringify(JSON.parse(raw));
    expect(hmacValid(Buffer.from(reserialised), received[0]!.headers["x-shopify-hmac-sha256"] as string)).toBe(false);
    expect(JSON.parse(raw)).toEqual(payload);
    expect(shopifyJson({ a: "<&>" }, false)).toBe('{"a":"<&>"}');
  });

  it("uses the injected fetch when given", async () => {
    const calls: { url: string; init: RequestInit | undefined }[] = [];
    const fakeFetch = (async (url: string | URL | Request, init?: RequestInit) => {
      calls.push({ url: String(url), init });
      return new Response("nope", { status: 503 });
    }) as typeof fetch;
    const result = await sender({ fetch: fakeFetch, appUrl: "https://app.example" }).send("app/uninstalled", { id: 1 });
    expect(result).toMatchObject({ status: 503, body: "nope", json: undefined });
    expect(calls[0]!.url).toBe("https://app.example/webhooks/app/uninstalled");
    expect(calls[0]!.init?.method).toBe("POST");
    expect(received).toHaveLength(0);
  });
});

describe("createWebhookSender: ids", () => {
  it("is deterministic with a seed and random without", () => {
    const a = sender({ seed: 7 }).prepare("orders/updated", { id: 1 });
    const b = sender({ seed: 7 }).prepare("orders/updated", { id: 1 });
    const c = sender({ seed: 8 }).prepare("orders/updated", { id: 1 });
    expect([a.webhookId, a.eventId]).toEqual([b.webhookId, b.eventId]);
    expect(a.webhookId).not.toBe(c.webhookId);
    const r1 = sender({ seed: undefined }).prepare("orders/updated", { id: 1 });
    const r2 = sender({ seed: undefined }).prepare("orders/updated", { id: 1 });
    expect(r1.webhookId).toMatch(UUID);
    expect(r1.webhookId).not.toBe(r2.webhookId);
    // successive deliveries of one sender get fresh ids
    const s = sender({ seed: 7 });
    const ids = new Set(Array.from({ length: 20 }, () => s.prepare("orders/updated", {}).webhookId));
    expect(ids.size).toBe(20);
  });

  it("accepts explicit ids and Triggered-At", () => {
    const d = sender().prepare("refunds/create", {}, { webhookId: "w-1", eventId: "e-1", triggeredAt: "2026-10-01T00:00:00.000Z" });
    expect(d.headers).toMatchObject({ "X-Shopify-Webhook-Id": "w-1", "X-Shopify-Event-Id": "e-1", "X-Shopify-Triggered-At": "2026-10-01T00:00:00.000Z" });
  });
});

describe("createWebhookSender: fault modes", () => {
  it("duplicate sends the same delivery N times (same ids, body and HMAC)", async () => {
    const order = euStore.orders.find((o) => o.refunds.length > 0)!;
    const results = await sender().duplicate("orders/updated", orderPayload(order, euStore.shop), 3);
    expect(results.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(received).toHaveLength(3);
    for (const header of ["x-shopify-webhook-id", "x-shopify-event-id", "x-shopify-hmac-sha256", "x-shopify-triggered-at"]) {
      expect(new Set(received.map((r) => r.headers[header])).size).toBe(1);
    }
    expect(new Set(received.map((r) => r.raw.toString("hex"))).size).toBe(1);
    await expect(sender().duplicate("orders/updated", {}, 0)).rejects.toThrow(RangeError);
  });

  it("redeliver is a retry of an earlier delivery with its original ids", async () => {
    const s = sender();
    const first = await s.send("orders/updated", orderPayload(euStore.orders[1]!, euStore.shop));
    const retry = await s.redeliver(first.delivery);
    expect(retry.status).toBe(200);
    expect(received[1]!.headers["x-shopify-webhook-id"]).toBe(received[0]!.headers["x-shopify-webhook-id"]);
    expect(received[1]!.headers["x-shopify-event-id"]).toBe(received[0]!.headers["x-shopify-event-id"]);
    expect(received[1]!.raw.equals(received[0]!.raw)).toBe(true);
  });

  it("outOfOrder sends a batch in a deterministic shuffled order", async () => {
    const order = usStore.orders.find((o) => o.refunds.length > 0)!;
    const batch = [
      { topic: "orders/create", payload: orderPayload({ ...order, refunds: [], updatedAt: order.createdAt }, usStore.shop) },
      { topic: "orders/updated", payload: orderPayload(order, usStore.shop) },
      { topic: "refunds/create", payload: refundPayload(order, order.refunds[0]!, usStore.shop) },
      { topic: "products/update", payload: productPayload(usStore.products[0]!, usStore.shop) },
      { topic: "inventory_items/update", payload: inventoryItemPayload(usStore.products[0]!.variants[0]!.inventoryItem, usStore.shop) },
    ];
    const results = await sender().outOfOrder(batch, { seed: 3 });
    const sentOrder = results.map((r) => r.index);
    expect([...sentOrder].sort()).toEqual([0, 1, 2, 3, 4]);
    expect(sentOrder).not.toEqual([0, 1, 2, 3, 4]);
    expect(received.map((r) => r.headers["x-shopify-topic"])).toEqual(sentOrder.map((i) => batch[i]!.topic));
    expect(received.every((r) => r.hmacOk)).toBe(true);
    // Triggered-At follows the true order, not the arrival order
    const triggered = results.map((r) => [r.index, Date.parse(r.delivery.triggeredAt)] as const).sort((a, b) => a[0] - b[0]);
    for (let i = 1; i < triggered.length; i++) expect(triggered[i]![1]).toBeGreaterThan(triggered[i - 1]![1]);
    // each delivery is a distinct event
    expect(new Set(received.map((r) => r.headers["x-shopify-event-id"])).size).toBe(5);

    // same seed, same order
    received = [];
    const again = await sender().outOfOrder(batch, { seed: 3 });
    expect(again.map((r) => r.index)).toEqual(sentOrder);
  });

  it("deterministicShuffle never returns the identity for two or more items", () => {
    for (let seed = 0; seed < 200; seed++) {
      expect(deterministicShuffle([1, 2], seed)).toEqual([2, 1]);
      const s = deterministicShuffle([1, 2, 3, 4], seed);
      expect(s).not.toEqual([1, 2, 3, 4]);
      expect([...s].sort()).toEqual([1, 2, 3, 4]);
    }
    expect(deterministicShuffle([1], 5)).toEqual([1]);
    expect(deterministicShuffle([], 5)).toEqual([]);
  });
});

// ---------------------------------------------------------------------------
// What the app receives: generated stores, end to end

const PII_KEYS = new Set([
  "email",
  "contact_email",
  "phone",
  "first_name",
  "last_name",
  "name_on_card",
  "address1",
  "address2",
  "city",
  "zip",
  "province",
  "latitude",
  "longitude",
  "customer",
  "billing_address",
  "shipping_address",
  "browser_ip",
  "client_details",
  "shop_owner",
  "customer_email",
]);

function piiPaths(value: Json, path = ""): string[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => piiPaths(v, `${path}[${i}]`));
  if (value && typeof value === "object") {
    return Object.entries(value).flatMap(([k, v]) => [...(PII_KEYS.has(k) ? [`${path}.${k}`] : []), ...piiPaths(v, `${path}.${k}`)]);
  }
  return [];
}

describe("delivered payloads from generated stores", () => {
  it("carry no customer data outside the compliance topics", async () => {
    const s = sender();
    for (const store of [euStore, usStore]) {
      const order = store.orders.find((o) => o.refunds.length > 0)!;
      await s.send("orders/updated", orderPayload(order, store.shop));
      await s.send("refunds/create", refundPayload(order, order.refunds[0]!, store.shop));
      await s.send("products/update", productPayload(store.products[0]!, store.shop));
      await s.send("inventory_items/update", inventoryItemPayload(store.products[0]!.variants[0]!.inventoryItem, store.shop));
      await s.send("app/uninstalled", shopPayload(store.shop));
      await s.send("shop/redact", shopRedactPayload(store.shop));
    }
    expect(received.length).toBe(12);
    for (const r of received) {
      expect(piiPaths(JSON.parse(r.raw.toString("utf8")) as Json), `${r.headers["x-shopify-topic"]}`).toEqual([]);
    }
    for (const store of [euStore, usStore]) {
      for (const order of store.orders) {
        expect(piiPaths(orderPayload(order, store.shop)), order.name).toEqual([]);
      }
    }
  });

  it("compliance payloads carry only the customer id and a fake email", async () => {
    const s = sender();
    await s.send("customers/data_request", customersDataRequestPayload(euStore.shop, { customerId: 77, orderIds: [euStore.orders[0]!.id], dataRequestId: 5 }));
    await s.send("customers/redact", customersRedactPayload(euStore.shop, { customerId: 77, orderIds: [euStore.orders[0]!.id] }));
    for (const r of received) {
      const body = JSON.parse(r.raw.toString("utf8")) as JsonObject;
      expect(body.customer).toEqual({ id: 77, email: "customer-77@example.invalid" });
      expect(piiPaths(body).sort()).toEqual([".customer", ".customer.email"]);
      expect(body.shop_domain).toBe(euStore.shop.myshopifyDomain);
    }
  });

  it("order money adds up for every generated order (tax-inclusive EU and tax-exclusive US)", () => {
    for (const store of [euStore, usStore]) {
      for (const order of store.orders) {
        const p = orderPayload(order, store.shop);
        const d = (v: Json | undefined) => parseDecimalToMinor(v as string, order.currencyCode);
        const shopAmount = (v: Json | undefined) => d(((v as JsonObject).shop_money as JsonObject).amount);
        const lines = p.line_items as JsonObject[];
        const gross = lines.reduce((s, l) => s + d(l.price) * (l.quantity as number), 0);
        const allocated = lines.reduce((s, l) => s + (l.discount_allocations as JsonObject[]).reduce((x, a) => x + d(a.amount), 0), 0);
        const explicit = lines.reduce((s, l) => s + d(l.total_discount), 0);
        expect(explicit, order.name).toBeLessThanOrEqual(allocated);
        expect(d(p.total_line_items_price), order.name).toBe(gross);
        // subtotal_price: line items after all their discounts, before shipping and (added) tax
        expect(d(p.subtotal_price), order.name).toBe(gross - allocated);
        const shipping = shopAmount(p.total_shipping_price_set);
        const taxOnTop = order.taxesIncluded ? 0 : d(p.total_tax);
        expect(d(p.total_price), order.name).toBe(d(p.subtotal_price) + shipping + taxOnTop);
        const currentTaxOnTop = order.taxesIncluded ? 0 : d(p.current_total_tax);
        expect(d(p.current_total_price), order.name).toBe(d(p.current_subtotal_price) + shopAmount(p.current_shipping_price_set) + currentTaxOnTop);
        // current_subtotal = subtotal − refunded line subtotals
        const refundedLines = (p.refunds as JsonObject[]).reduce(
          (s, r) => s + (r.refund_line_items as JsonObject[]).reduce((x, rli) => x + shopAmount(rli.subtotal_set), 0),
          0,
        );
        expect(d(p.current_subtotal_price), order.name).toBe(d(p.subtotal_price) - refundedLines);
        // current_quantity = quantity − refunded units
        for (const l of lines) {
          const refundedUnits = (p.refunds as JsonObject[]).reduce(
            (s, r) => s + (r.refund_line_items as JsonObject[]).filter((x) => x.line_item_id === l.id).reduce((x, rli) => x + (rli.quantity as number), 0),
            0,
          );
          expect(l.current_quantity, order.name).toBe((l.quantity as number) - refundedUnits);
        }
      }
    }
  });
});
