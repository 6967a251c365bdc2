import { randomUUID } from "node:crypto";

import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

import type { Db } from "~/db.server";

import { createOfflineSession, createShop } from "../helpers/factories";
import { webhookRequest } from "../helpers/webhook";
import { openWebhookApp, WEBHOOK_TOPICS, type WebhookAction } from "../helpers/webhook-app";
import { lazyBody } from "../helpers/lazy-body";

// The sync routes enqueue jobs; here the queue is a list (the jobs have their own tests).
const enqueued = vi.hoisted(() => [] as string[]);
vi.mock("~/jobs/runtime.server", async () => (await import("../helpers/app")).runtimeMock(enqueued));

/**
 * Issue 16, defect 5: a webhook route read a body of any size whole before the
 * HMAC check, so anyone could make it buffer 100 MB. Bodies are now capped at
 * 5 MiB (app/services/body-limit.server.ts) before the check: a declared
 * Content-Length above it is refused unread, and a body without one (or with one
 * that lies) is read only up to the cap.
 */

const SHOP = "alpha.myshopify.com";
const MiB = 1024 * 1024;
const CHUNK = 64 * 1024;
let routes: Record<string, WebhookAction>;
let db: Db;
let close: (() => Promise<void>) | undefined;

beforeAll(async () => {
  ({ db, routes, close } = await openWebhookApp());
  await createShop(db, { shop: SHOP, currencyCode: null, ianaTimezone: null });
  await createOfflineSession(db, SHOP);
});

afterAll(async () => {
  await close?.();
});

/** An unsigned delivery whose body of `bytes` is produced lazily in 64 KiB chunks; `pulled()` says how much was read. */
function streamedDelivery(topic: string, bytes: number, contentLength?: string) {
  const { body, pulled } = lazyBody(bytes, { chunk: CHUNK, fill: 0x20 });
  const request = new Request(`https://netmargin.example.com/webhooks/${topic}`, {
    method: "POST",
    body,
    duplex: "half",
    headers: {
      "Content-Type": "application/json",
      ...(contentLength !== undefined ? { "Content-Length": contentLength } : {}),
      "X-Shopify-Topic": topic,
      "X-Shopify-Hmac-Sha256": "Zm9yZ2Vk",
      "X-Shopify-Shop-Domain": SHOP,
      "X-Shopify-API-Version": "2026-10",
      "X-Shopify-Webhook-Id": randomUUID(),
      "X-Shopify-Event-Id": randomUUID(),
    },
  } as RequestInit);
  return { request, pulled };
}

async function call(topic: string, request: Request): Promise<Response> {
  try {
    return await routes[topic]!({ request, params: {}, context: {} });
  } catch (thrown) {
    if (thrown instanceof Response) return thrown; // authenticate.webhook throws its 401/400
    throw thrown;
  }
}

async function expect413(response: Response) {
  expect(response.status).toBe(413);
  expect(await response.json()).toEqual({ error: "The request body is larger than 5 MiB, the most this endpoint accepts." });
}

const TOPICS = WEBHOOK_TOPICS;

describe("webhook bodies are capped at 5 MiB before the HMAC check", () => {
  it.each(TOPICS)("%s: a declared 100 MB body gets 413 without being read", async (topic) => {
    const delivery = streamedDelivery(topic, 8 * MiB, String(100 * MiB));
    await expect413(await call(topic, delivery.request));
    expect(delivery.pulled()).toBeLessThanOrEqual(CHUNK);
  });

  it("a body without Content-Length is read only up to the cap", async () => {
    const delivery = streamedDelivery("orders/create", 8 * MiB);
    await expect413(await call("orders/create", delivery.request));
    expect(delivery.pulled()).toBeLessThanOrEqual(5 * MiB + CHUNK);
  });

  it("a Content-Length that understates the body does not get it read whole", async () => {
    const delivery = streamedDelivery("shop/redact", 8 * MiB, "100");
    await expect413(await call("shop/redact", delivery.request));
    expect(delivery.pulled()).toBeLessThanOrEqual(5 * MiB + CHUNK);
  });

  it("a signed delivery just under the cap is still handled (200)", async () => {
    const payload = { shop_id: 1, shop_domain: SHOP, customer: { id: 191167 }, orders_to_redact: [299938], note: "x".repeat(5 * MiB - 200) };
    const request = webhookRequest("customers/redact", payload, { shop: SHOP });
    expect(Buffer.byteLength(JSON.stringify(payload))).toBeLessThan(5 * MiB);
    const response = await call("customers/redact", request);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ summary: "NetMargin stores no customer data: nothing to redact." });
  });
});
