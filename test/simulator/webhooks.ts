/**
 * Delivers Shopify webhooks to the app the way Shopify does (shopify-admin-api.md §6 and
 * shopify.dev "Deliver webhooks through HTTPS"): a POST of the JSON payload to the
 * subscription's URI with
 *   Content-Type: application/json
 *   X-Shopify-Topic            orders/create
 *   X-Shopify-Hmac-Sha256      base64(HMAC-SHA256(raw body, app API secret))
 *   X-Shopify-Shop-Domain      shop.myshopify.com
 *   X-Shopify-API-Version      2026-10
 *   X-Shopify-Webhook-Id       one per delivery attempt chain (a retry keeps it)
 *   X-Shopify-Event-Id         one per event (dedupe on this; every subscription's
 *                              delivery of the same event carries it)
 *   X-Shopify-Triggered-At     ISO-8601 time the event happened
 *   X-Shopify-Name             only for named subscriptions (optional here)
 *
 * The raw body is JSON as Shopify's Rails serialiser writes it: `<`, `>` and `&` escaped
 * as \u003C \u003E \u0026 (captured products/update payloads show "\u003Cp\u003E"), so
 * an app that verifies the HMAC over re-serialised JSON instead of the raw bytes fails
 * here as it would in production.
 *
 * Faults for tests: `duplicate` (the same delivery, same Webhook-Id and Event-Id, sent N
 * times: Shopify delivers at least once), `outOfOrder` (a batch sent in a deterministic
 * shuffled order: Shopify guarantees no ordering), `forge` (a wrong HMAC: the app must
 * answer 401), `redeliver` (a retry of an earlier delivery with its original ids and
 * payload).
 */
import { createHmac, randomUUID } from "node:crypto";

export const DEFAULT_API_VERSION = "2026-10";

export interface WebhookSenderOptions {
  /** Base URL of the app, e.g. "http://127.0.0.1:3000". */
  appUrl: string;
  /** The app's API secret key (SHOPIFY_API_SECRET): the HMAC key. */
  apiSecret: string;
  /** The shop, e.g. "margin-test.myshopify.com". */
  shopDomain: string;
  apiVersion?: string;
  /** fetch implementation (default globalThis.fetch). */
  fetch?: typeof fetch;
  /**
   * Path per topic. Default `/webhooks/<topic>`: "/webhooks/orders/create",
   * "/webhooks/app/uninstalled", "/webhooks/customers/redact" (the app's TOML URIs).
   * A map overrides single topics; a function overrides all.
   */
  paths?: Readonly<Record<string, string>> | ((topic: string) => string);
  /** Seed for deterministic Webhook-Id / Event-Id values and shuffles. Random ids without it. */
  seed?: number;
  /** Clock for X-Shopify-Triggered-At (default Date.now). */
  now?: () => number;
  /** Escape <, >, & in the body as Shopify does (default true). */
  escapeHtml?: boolean;
}

export interface DeliveryOptions {
  webhookId?: string;
  eventId?: string;
  /** ISO time for X-Shopify-Triggered-At. */
  triggeredAt?: string;
  /** X-Shopify-Name (named subscriptions). */
  name?: string;
  /** Path override for this delivery. */
  path?: string;
  /** Extra or replacement headers (e.g. to drop one: { "X-Shopify-Topic": null }). */
  headers?: Record<string, string | null>;
}

export interface SendOptions extends DeliveryOptions {
  /** Sign with a wrong secret (the app must answer 401). */
  forge?: boolean;
}

/** A prepared delivery: exactly what goes on the wire. */
export interface WebhookDelivery {
  topic: string;
  url: string;
  path: string;
  /** Raw JSON body (the HMAC is over these bytes). */
  body: string;
  headers: Record<string, string>;
  webhookId: string;
  eventId: string;
  triggeredAt: string;
}

export interface WebhookResult {
  status: number;
  /** Response body as text. */
  body: string;
  /** Response body parsed as JSON when it is JSON, else undefined. */
  json: unknown;
  responseHeaders: Record<string, string>;
  delivery: WebhookDelivery;
  forged: boolean;
}

export interface BatchItem {
  topic: string;
  payload: unknown;
  opts?: SendOptions;
}

export interface OutOfOrderResult extends WebhookResult {
  /** Position of this delivery in the batch as given (its "true" order). */
  index: number;
}

export interface WebhookSender {
  readonly apiVersion: string;
  /** Path the sender posts `topic` to. */
  pathFor(topic: string): string;
  /** Builds a delivery (ids, headers, HMAC) without sending it. */
  prepare(topic: string, payload: unknown, opts?: DeliveryOptions): WebhookDelivery;
  /** Sends a prepared delivery (again); `forge` replaces its HMAC with a wrong one. */
  deliver(delivery: WebhookDelivery, opts?: { forge?: boolean }): Promise<WebhookResult>;
  /** Prepares and sends one delivery. */
  send(topic: string, payload: unknown, opts?: SendOptions): Promise<WebhookResult>;
  /** Sends the same delivery (same Webhook-Id, Event-Id, body) `times` times, in sequence. */
  duplicate(topic: string, payload: unknown, times: number, opts?: SendOptions): Promise<WebhookResult[]>;
  /**
   * Prepares every item in the given order (ids and Triggered-At increase along the batch),
   * then sends them one by one in a deterministic shuffled order that differs from the
   * given one whenever the batch has two or more items. Results are in sending order.
   */
  outOfOrder(batch: readonly BatchItem[], opts?: { seed?: number }): Promise<OutOfOrderResult[]>;
  /** A Shopify retry: the earlier delivery, same ids and body. */
  redeliver(delivery: WebhookDelivery): Promise<WebhookResult>;
}

/** base64 HMAC-SHA256 of the raw body, as in X-Shopify-Hmac-Sha256. */
export function shopifyHmac(body: string | Buffer, secret: string): string {
  return createHmac("sha256", secret).update(body).digest("base64");
}

/** JSON the way Shopify's serialiser writes it (HTML-significant characters escaped). */
export function shopifyJson(payload: unknown, escapeHtml = true): string {
  const json = JSON.stringify(payload);
  if (json === undefined) throw new Error("webhook payload must be JSON-serialisable");
  if (!escapeHtml) return json;
  return json.replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}`);
}

/** mulberry32: a small deterministic PRNG (never Math.random for seeded runs). */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    let t = (state = (state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A version-4-shaped UUID from a PRNG. */
function uuidFrom(next: () => number): string {
  const bytes = Array.from({ length: 16 }, () => Math.floor(next() * 256));
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.map((b) => b.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Fisher–Yates with a seeded PRNG; never returns the identity for n ≥ 2. */
export function deterministicShuffle<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  const next = mulberry32(seed);
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  if (out.length >= 2 && out.every((item, i) => item === items[i])) out.push(out.shift()!);
  return out;
}

function forgedSecret(secret: string): string {
  return `${secret}-forged`;
}

export function createWebhookSender(options: WebhookSenderOptions): WebhookSender {
  const apiVersion = options.apiVersion ?? DEFAULT_API_VERSION;
  const doFetch = options.fetch ?? globalThis.fetch;
  const now = options.now ?? Date.now;
  const escapeHtml = options.escapeHtml ?? true;
  const baseUrl = options.appUrl.replace(/\/+$/, "");
  const nextRandom = options.seed === undefined ? undefined : mulberry32(options.seed);
  const newId = () => (nextRandom ? uuidFrom(nextRandom) : randomUUID());
  let shuffleCount = 0;

  function pathFor(topic: string): string {
    const { paths } = options;
    if (typeof paths === "function") return paths(topic);
    return paths?.[topic] ?? `/webhooks/${topic}`;
  }

  function prepare(topic: string, payload: unknown, opts: DeliveryOptions = {}): WebhookDelivery {
    const body = shopifyJson(payload, escapeHtml);
    const webhookId = opts.webhookId ?? newId();
    const eventId = opts.eventId ?? newId();
    const triggeredAt = opts.triggeredAt ?? new Date(now()).toISOString();
    const path = opts.path ?? pathFor(topic);
    const headers: Record<string, string> = {
      "Content-Type": "application/json",
      "X-Shopify-Topic": topic,
      "X-Shopify-Hmac-Sha256": shopifyHmac(body, options.apiSecret),
      "X-Shopify-Shop-Domain": options.shopDomain,
      "X-Shopify-API-Version": apiVersion,
      "X-Shopify-Webhook-Id": webhookId,
      "X-Shopify-Event-Id": eventId,
      "X-Shopify-Triggered-At": triggeredAt,
    };
    if (opts.name) headers["X-Shopify-Name"] = opts.name;
    for (const [name, value] of Object.entries(opts.headers ?? {})) {
      const existing = Object.keys(headers).find((h) => h.toLowerCase() === name.toLowerCase());
      if (existing) delete headers[existing];
      if (value !== null) headers[name] = value;
    }
    return { topic, url: `${baseUrl}${path}`, path, body, headers, webhookId, eventId, triggeredAt };
  }

  async function deliver(delivery: WebhookDelivery, opts: { forge?: boolean } = {}): Promise<WebhookResult> {
    const headers = { ...delivery.headers };
    if (opts.forge) headers["X-Shopify-Hmac-Sha256"] = shopifyHmac(delivery.body, forgedSecret(options.apiSecret));
    const response = await doFetch(delivery.url, { method: "POST", headers, body: delivery.body });
    const text = await response.text();
    let json: unknown;
    try {
      json = text === "" ? undefined : JSON.parse(text);
    } catch {
      json = undefined;
    }
    const responseHeaders: Record<string, string> = {};
    response.headers.forEach((value, key) => {
      responseHeaders[key] = value;
    });
    return { status: response.status, body: text, json, responseHeaders, delivery, forged: opts.forge === true };
  }

  async function send(topic: string, payload: unknown, opts: SendOptions = {}): Promise<WebhookResult> {
    return deliver(prepare(topic, payload, opts), { forge: opts.forge });
  }

  async function duplicate(topic: string, payload: unknown, times: number, opts: SendOptions = {}): Promise<WebhookResult[]> {
    if (!Number.isInteger(times) || times < 1) throw new RangeError(`times must be a positive integer, got ${times}`);
    const delivery = prepare(topic, payload, opts);
    const results: WebhookResult[] = [];
    for (let i = 0; i < times; i++) results.push(await deliver(delivery, { forge: opts.forge }));
    return results;
  }

  async function outOfOrder(batch: readonly BatchItem[], opts: { seed?: number } = {}): Promise<OutOfOrderResult[]> {
    const start = now();
    const prepared = batch.map((item, index) => ({
      index,
      forge: item.opts?.forge === true,
      delivery: prepare(item.topic, item.payload, {
        triggeredAt: new Date(start + index).toISOString(),
        ...item.opts,
      }),
    }));
    const seed = opts.seed ?? ((options.seed ?? 0x5eed) + 7919 * ++shuffleCount) >>> 0;
    const results: OutOfOrderResult[] = [];
    for (const { index, forge, delivery } of deterministicShuffle(prepared, seed)) {
      results.push({ ...(await deliver(delivery, { forge })), index });
    }
    return results;
  }

  return {
    apiVersion,
    pathFor,
    prepare,
    deliver,
    send,
    duplicate,
    outOfOrder,
    redeliver: (delivery) => deliver(delivery),
  };
}
