import { createHmac, randomUUID } from "node:crypto";

import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

import type { Db } from "~/db.server";
import { logger } from "~/logger.server";

import { createOfflineSession, createShop } from "../helpers/factories";
import { TEST_API_SECRET } from "../helpers/webhook";
import { openWebhookApp, WEBHOOK_TOPICS, type WebhookAction } from "../helpers/webhook-app";

// The sync routes enqueue jobs; here the queue is a list (the jobs have their own tests).
const enqueued = vi.hoisted(() => [] as string[]);
vi.mock("~/jobs/runtime.server", async () => (await import("../helpers/app")).runtimeMock(enqueued));

/**
 * Issue 16, defect 6: a correctly signed delivery whose body is not JSON, or whose
 * X-Shopify-Shop-Domain is not a shop domain, threw inside authenticate.webhook and
 * got 500, which Shopify retries for 48 hours. Such a delivery will never improve:
 * it gets 400 with a short JSON reason (no stack trace) and one log line. A forged
 * one still gets 401, whatever its body or domain.
 */

const SHOP = "alpha.myshopify.com";
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

/** A delivery with this exact body, signed as Shopify signs it (or forged). */
function rawDelivery(topic: string, body: string, opts: { shop?: string; forge?: boolean } = {}): Request {
  const hmac = createHmac("sha256", opts.forge ? `${TEST_API_SECRET}-forged` : TEST_API_SECRET).update(body, "utf8").digest("base64");
  return new Request(`https://netmargin.example.com/webhooks/${topic}`, {
    method: "POST",
    body,
    headers: {
      "Content-Type": "application/json",
      "X-Shopify-Topic": topic,
      "X-Shopify-Hmac-Sha256": hmac,
      "X-Shopify-Shop-Domain": opts.shop ?? SHOP,
      "X-Shopify-API-Version": "2026-10",
      "X-Shopify-Webhook-Id": randomUUID(),
      "X-Shopify-Event-Id": randomUUID(),
      "X-Shopify-Triggered-At": new Date().toISOString(),
    },
  });
}

async function call(topic: string, request: Request): Promise<Response> {
  try {
    return await routes[topic]!({ request, params: {}, context: {} });
  } catch (thrown) {
    if (thrown instanceof Response) return thrown; // authenticate.webhook throws its 401/400
    throw thrown;
  }
}

const TOPICS = WEBHOOK_TOPICS;

async function expect400(response: Response, error: string) {
  expect(response.status).toBe(400);
  const text = await response.text();
  expect(JSON.parse(text)).toEqual({ error });
  expect(text).not.toMatch(/\n\s+at |SyntaxError|node_modules/);
}

describe("a signed delivery that can never be applied gets 400, not 500", () => {
  it.each(TOPICS)("%s: a body that is not JSON gets 400, logged once", async (topic) => {
    const warn = vi.spyOn(logger, "warn");
    await expect400(await call(topic, rawDelivery(topic, '{"id": 1,')), "The webhook body is not valid JSON.");
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0]![1]).toMatchObject({ topic, shop: SHOP });
  });

  it.each(TOPICS)("%s: an X-Shopify-Shop-Domain that is not a shop domain gets 400", async (topic) => {
    const warn = vi.spyOn(logger, "warn");
    await expect400(
      await call(topic, rawDelivery(topic, '{"id": 1}', { shop: "evil.example.com/../x" })),
      "X-Shopify-Shop-Domain is not a valid shop domain.",
    );
    expect(warn).toHaveBeenCalledTimes(1);
  });

  it.each(TOPICS)("%s: a forged delivery still gets 401, whatever its body and domain", async (topic) => {
    expect((await call(topic, rawDelivery(topic, '{"id": 1,', { forge: true }))).status).toBe(401);
    expect((await call(topic, rawDelivery(topic, "{}", { shop: "not a shop", forge: true }))).status).toBe(401);
  });
});

describe("a signed body that is JSON but not an object", () => {
  it.each(TOPICS.flatMap((topic) => ["null", "[]", "42", '"x"'].map((body) => [topic, body] as const)))("%s %s: never 5xx", async (topic, body) => {
    vi.spyOn(logger, "warn").mockImplementation(() => undefined);
    const response = await call(topic, rawDelivery(topic, body));
    expect(response.status).toBeLessThan(500);
  });
});
