/**
 * The webhook fuzz property (test/fuzz/README.md), shared by the SQLite and the
 * PostgreSQL files: signed deliveries of real REST payloads (the simulator's) with
 * hostile values planted anywhere, and forged, unsigned or misaddressed ones.
 *
 * Holds when every delivery is answered below 500 and:
 * - a 4xx (or any answer to a forged/unsigned delivery) leaves every row of every
 *   table as it was;
 * - after a 2xx every stored order has exactly its `lineCount` lines, no line,
 *   shipping line, transaction or refund is without its order, every money column
 *   and stock quantity holds an integer, every stored date reads back as a real date,
 *   a stock level keeps the on hand, committed and incoming its import wrote (the
 *   inventory_levels/update webhook brings only `available`), and an applied
 *   delivery with an event id recorded that id.
 */
import { createHmac, randomUUID } from "node:crypto";

import fc from "fast-check";
import { expect, vi } from "vitest";

import type { Db } from "~/db.server";
import { logger } from "~/logger.server";

import { createOfflineSession, createShop } from "../helpers/factories";
import { TEST_API_SECRET } from "../helpers/webhook";
import { WEBHOOK_TOPICS, type WebhookAction } from "../helpers/webhook-app";
import {
  bulkOperationFinishPayload,
  customersDataRequestPayload,
  customersRedactPayload,
  inventoryItemPayload,
  inventoryLevelPayload,
  orderPayload,
  productPayload,
  refundPayload,
  shopRedactPayload,
  shopPayload,
} from "../simulator/rest-payloads";
import { Store } from "../simulator/store";
import { changedTables, hostileValue, isPostgres, readRows, mutate, mutation, snapshot, type Json } from "./hostile";

export const SHOP = "alpha.myshopify.com";
const OTHER = "beta.myshopify.com";

/** Real payloads per topic, a few each (several orders, so updates and stale copies of one order happen too). */
function basePayloads(): Record<string, Json[]> {
  const store = Store.generate({ seed: 16, orders: 6, preset: "eu" });
  const ctx = { currencyCode: "EUR" as const, timezoneOffsetMinutes: 60 };
  const identity = { ...store.shop, myshopifyDomain: SHOP };
  const orders = store.orders.slice(0, 4).map((o) => orderPayload(o, ctx) as Json);
  const refunds = store.orders.flatMap((o) => o.refunds.map((r) => refundPayload(o, r, ctx) as Json)).slice(0, 3);
  const variants = store.variants().slice(0, 3);
  return {
    "inventory_levels/update": stockLevelPayloads(store, ctx),
    "app/uninstalled": [shopPayload({ ...store.shop, myshopifyDomain: SHOP }) as Json],
    "app/scopes_update": [{ id: 1, previous: ["read_orders"], current: ["read_orders", "read_products"], updated_at: "2026-11-01T00:00:00Z" }],
    "customers/data_request": [customersDataRequestPayload(identity, { customerId: 191167, orderIds: [299938], dataRequestId: 9999 }) as Json],
    "customers/redact": [customersRedactPayload(identity, { customerId: 191167, orderIds: [299938] }) as Json],
    "shop/redact": [shopRedactPayload(identity) as Json],
    "orders/create": orders,
    "orders/updated": orders,
    "orders/cancelled": orders,
    "refunds/create": refunds.length > 0 ? refunds : [{ id: 1, admin_graphql_api_id: "gid://shopify/Refund/1", order_id: 7, created_at: "2026-11-01T00:00:00Z", refund_line_items: [] }],
    "products/update": [...new Set(variants.map((v) => v.product))].map((p) => productPayload(p, ctx) as Json),
    "inventory_items/update": variants.map((v) => inventoryItemPayload(v.variant.inventoryItem, ctx) as Json),
    "bulk_operations/finish": [
      bulkOperationFinishPayload({ id: "gid://shopify/BulkOperation/1", completedAt: "2026-11-01T00:00:00Z", createdAt: "2026-11-01T00:00:00Z", errorCode: null, status: "COMPLETED", type: "QUERY" } as never) as Json,
    ],
  };
}

/**
 * inventory_levels/update: three levels of tracked items as the simulator sends them
 * (13-14 digit ids; an id beyond 2^53 is a mutation here, and a case of its own in
 * test/routes/inventory-levels-webhook-cases.ts). Each is stored for both shops by
 * `storeStockLevels`, so a delivery can be applied.
 */
function stockLevelPayloads(store: Store, ctx: { currencyCode: "EUR"; timezoneOffsetMinutes: number }): Json[] {
  return store
    .variants()
    .filter(({ variant }) => variant.inventoryItem.tracked)
    .slice(0, 3)
    .map(({ variant }) => inventoryLevelPayload(variant.inventoryItem, variant.inventoryItem.levels.find((l) => l.isActive)!, ctx) as Json);
}

/** What the import stored of each fuzzed level: the webhook may change `available` and `updatedAt`, never these. */
const IMPORTED_STOCK = { onHand: 20, committed: 5, incoming: 30 };

/** The levels the inventory_levels/update payloads name, stored for both shops as an import would (older than every payload). */
async function storeStockLevels(db: Db) {
  for (const p of basePayloads()["inventory_levels/update"]!) {
    const body = p as Record<string, Json>;
    const item = `gid://shopify/InventoryItem/${String(body.inventory_item_id)}`;
    const locationId = `gid://shopify/Location/${String(body.location_id)}`;
    for (const shop of [SHOP, OTHER]) {
      const row = { available: 12, ...IMPORTED_STOCK, updatedAt: new Date("2020-01-01T00:00:00Z"), runId: "fuzz-import", syncedAt: new Date("2020-01-01T00:05:00Z") };
      await db.inventoryLevel.upsert({
        where: { shop_inventoryItemId_locationId: { shop, inventoryItemId: item, locationId } },
        create: { shop, inventoryItemId: item, locationId, variantId: null, ...row },
        update: row,
      });
    }
  }
}

function delivery(topic: string, body: string, h: { shop: string; eventId: string | null; signature: "signed" | "forged" | "missing" | "garbage" }): Request {
  const secret = h.signature === "forged" ? `${TEST_API_SECRET}-forged` : TEST_API_SECRET;
  const headers: Record<string, string> = {
    "Content-Type": "application/json",
    "X-Shopify-Topic": topic,
    "X-Shopify-Shop-Domain": h.shop,
    "X-Shopify-API-Version": "2026-10",
    "X-Shopify-Webhook-Id": randomUUID(),
    "X-Shopify-Triggered-At": new Date().toISOString(),
  };
  if (h.signature === "garbage") headers["X-Shopify-Hmac-Sha256"] = "not base64 at all!";
  else if (h.signature !== "missing") headers["X-Shopify-Hmac-Sha256"] = createHmac("sha256", secret).update(body, "utf8").digest("base64");
  if (h.eventId !== null) headers["X-Shopify-Event-Id"] = h.eventId;
  return new Request(`https://netmargin.example.com/webhooks/${topic}`, { method: "POST", body, headers });
}

async function call(route: WebhookAction, request: Request): Promise<Response> {
  try {
    return await route({ request, params: {}, context: {} });
  } catch (thrown) {
    if (thrown instanceof Response) return thrown; // authenticate.webhook throws its 401/400
    throw thrown; // an uncaught error is a 500 in production: the property fails
  }
}

/** Both shops installed with their sessions, whatever the previous delivery did (app/uninstalled, shop/redact). */
async function reinstall(db: Db) {
  const installed = await readRows(`SELECT s."shop" FROM "Shop" s WHERE s."uninstalledAt" IS NULL AND EXISTS (SELECT 1 FROM "Session" x WHERE x."shop" = s."shop")`);
  if (installed.length === 2) return;
  for (const shop of [SHOP, OTHER]) {
    const row = await db.shop.findUnique({ where: { shop } });
    if (!row) await createShop(db, { shop, currencyCode: "EUR", ianaTimezone: "Europe/Paris", scopes: "read_orders,read_products" });
    else if (row.uninstalledAt) await db.shop.update({ where: { shop }, data: { uninstalledAt: null } });
    if ((await db.session.count({ where: { shop } })) === 0) await createOfflineSession(db, shop);
  }
}

const q = (_db: Db, sql: string) => readRows(sql);

/** The invariants a 2xx must leave (see the file's comment). Returns what is broken, [] when nothing. */
async function brokenInvariants(db: Db): Promise<string[]> {
  const broken: string[] = [];
  const lineCount = await q(db, `SELECT o."id" FROM "Order" o WHERE o."lineCount" <> (SELECT COUNT(*) FROM "OrderLine" l WHERE l."shop" = o."shop" AND l."orderId" = o."id")`);
  if (lineCount.length > 0) broken.push(`orders whose lines are not all stored: ${JSON.stringify(lineCount)}`);
  for (const child of ["OrderLine", "OrderShippingLine", "OrderTransaction", "Refund"]) {
    const orphans = await q(db, `SELECT c."orderId" FROM "${child}" c WHERE NOT EXISTS (SELECT 1 FROM "Order" o WHERE o."shop" = c."shop" AND o."id" = c."orderId")`);
    if (orphans.length > 0) broken.push(`${child} rows without their order: ${JSON.stringify(orphans)}`);
  }
  const ints: Record<string, string[]> = {
    Order: ["refundedLinesBeforeTax", "refundedShippingBeforeTax", "lineCount", "items", "netRevenue"],
    OrderLine: ["quantity", "currentQuantity", "netRevenueBeforeTax", "discountBeforeTax", "tax", "unitPriceBeforeTax"],
    OrderShippingLine: ["chargedBeforeTax", "tax", "refundedBeforeTax"],
    Variant: ["price", "unitCost"],
    UnitCostSnapshot: ["cost"],
    InventoryLevel: ["available", "onHand", "committed", "incoming"],
  };
  if (!isPostgres()) {
    // SQLite stores whatever it is given: a money column must hold an integer (or null where nullable) that Prisma's Int
    // (and PostgreSQL's INTEGER) can hold.
    for (const [table, columns] of Object.entries(ints)) {
      for (const c of columns) {
        const bad = await q(db, `SELECT "${c}" AS v, typeof("${c}") AS t FROM "${table}" WHERE typeof("${c}") NOT IN ('integer', 'null') OR ABS("${c}") > 2147483647`);
        if (bad.length > 0) broken.push(`${table}.${c} holds a non-integer: ${JSON.stringify(bad.slice(0, 3), (_k, v: unknown) => (typeof v === "bigint" ? String(v) : v))}`);
      }
    }
  }
  // Everything stored reads back through the app's client, with real dates.
  for (const o of await db.order.findMany({ select: { id: true, processedAt: true, shopifyUpdatedAt: true, name: true } })) {
    if (!Number.isFinite(o.processedAt.getTime()) || !Number.isFinite(o.shopifyUpdatedAt.getTime())) broken.push(`order ${o.id} has an invalid date`);
  }
  for (const v of await db.variant.findMany({ select: { id: true, updatedAt: true } })) {
    if (!Number.isFinite(v.updatedAt.getTime())) broken.push(`variant ${v.id} has an invalid date`);
  }
  for (const l of await db.inventoryLevel.findMany()) {
    if (!Number.isFinite(l.updatedAt.getTime())) broken.push(`stock level ${l.inventoryItemId} at ${l.locationId} has an invalid date`);
    const kept = { onHand: l.onHand, committed: l.committed, incoming: l.incoming };
    if (JSON.stringify(kept) !== JSON.stringify(IMPORTED_STOCK)) broken.push(`stock level ${l.inventoryItemId} at ${l.locationId}: a webhook changed what only the import writes (${JSON.stringify(kept)})`);
  }
  return broken;
}

export interface WebhookFuzzOptions {
  db: Db;
  routes: Record<string, WebhookAction>;
  /** Runs per topic of the signed-payload property. */
  runsPerTopic: number;
  /** Runs of the forged/unsigned/misaddressed property (all topics). */
  forgedRuns: number;
  seed: number;
}

/** Bodies quiet: every refused delivery logs a warning, every applied one an info line (errors still fail the test, test/setup.ts). */
function quietLogs() {
  vi.spyOn(logger, "warn").mockImplementation(() => undefined);
  vi.spyOn(logger, "info").mockImplementation(() => undefined);
}

/** How often each answer came (status, and `applied` for 2xx): the caller checks the fuzz reached both outcomes. */
export type Outcomes = Record<string, number>;

export async function signedPayloadProperty(opts: WebhookFuzzOptions, topic: string): Promise<Outcomes> {
  const outcomes: Outcomes = {};
  const { db, routes } = opts;
  quietLogs();
  const bases = basePayloads()[topic]!;
  if (topic === "inventory_levels/update") await storeStockLevels(db);
  const body = fc.oneof(
    { weight: 9, arbitrary: fc.tuple(fc.nat(bases.length - 1), fc.array(mutation, { maxLength: 4 })).map(([i, ms]) => mutate(bases[i]!, ms)) },
    { weight: 1, arbitrary: hostileValue },
  );
  const eventId = fc.oneof(fc.uuid(), fc.constantFrom("evt-repeated-1", "evt-repeated-2"), fc.constant(null));
  await fc.assert(
    fc.asyncProperty(body, eventId, fc.constantFrom(SHOP, SHOP, SHOP, OTHER), async (payload, id, shop) => {
      await reinstall(db);
      const before = await snapshot();
      const response = await call(routes[topic]!, delivery(topic, JSON.stringify(payload), { shop, eventId: id, signature: "signed" }));
      expect(response.status, `${topic} answered ${response.status}`).toBeLessThan(500);
      const text = await response.text();
      expect(text).not.toMatch(/\n\s+at |node_modules/);
      const outcome = response.status >= 400 ? String(response.status) : `${response.status} ${(JSON.parse(text) as { applied?: boolean }).applied === false ? "not applied" : "applied"}`;
      outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
      if (response.status >= 400) {
        expect(changedTables(before, await snapshot()), `${topic} answered ${response.status} (${text}) but wrote`).toEqual([]);
        return;
      }
      expect(await brokenInvariants(db)).toEqual([]);
      const result = JSON.parse(text) as { applied?: boolean };
      if (result.applied === true && id !== null) {
        expect(await db.webhookEvent.count({ where: { shop, eventId: id } }), `${topic} applied event ${id} without recording it`).toBe(1);
      }
    }),
    { numRuns: opts.runsPerTopic, seed: opts.seed, endOnFailure: true },
  );
  return outcomes;
}

/** Header values a client could send (printable ASCII: fetch refuses anything else before the app sees it). */
const headerText = fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: 60 });

export async function forgedProperty(opts: WebhookFuzzOptions): Promise<void> {
  const { db, routes } = opts;
  quietLogs();
  const bases = basePayloads();
  const anyBody = fc.oneof(
    fc.tuple(fc.constantFrom(...WEBHOOK_TOPICS), fc.nat(), fc.array(mutation, { maxLength: 2 })).map(([t, i, ms]) => JSON.stringify(mutate(bases[t]![i % bases[t]!.length]!, ms))),
    fc.string({ unit: "binary", maxLength: 200 }),
    fc.constantFrom("", "{", "null", "[]", "{\"id\":1,}", "\u0000"),
  );
  const shop = fc.oneof(
    fc.constantFrom(SHOP, OTHER, "gamma.myshopify.com", "evil.example.com", "evil.example.com/../x", "", "ALPHA.MYSHOPIFY.COM", "alpha.myshopify.com.evil.com", "-.myshopify.com"),
    headerText,
  );
  const signature = fc.constantFrom("forged" as const, "missing" as const, "garbage" as const, "signed" as const);
  await fc.assert(
    fc.asyncProperty(fc.constantFrom(...WEBHOOK_TOPICS), anyBody, shop, signature, async (topic, body, domain, sig) => {
      await reinstall(db);
      const before = await snapshot();
      const response = await call(routes[topic]!, delivery(topic, body, { shop: domain, eventId: randomUUID(), signature: sig }));
      expect(response.status, `${topic} (${sig}, shop ${JSON.stringify(domain)}) answered ${response.status}`).toBeLessThan(500);
      await response.text();
      if (sig !== "signed") {
        // Refused (the library answers 401, or 400 for an empty body before checking), never handled.
        expect([400, 401]).toContain(response.status);
        expect(changedTables(before, await snapshot())).toEqual([]);
      } else if (response.status >= 400) {
        expect(changedTables(before, await snapshot()), `${topic} for ${domain} answered ${response.status} and wrote`).toEqual([]);
      } else if (![SHOP, OTHER].includes(domain)) {
        // A shop that never installed: whatever the delivery did, no installed shop's row changed.
        const after = await snapshot();
        const changed = changedTables(before, after).filter((t) => installedRows(before[t] ?? []) !== installedRows(after[t] ?? []));
        expect(changed, `${topic} for ${domain} changed an installed shop's rows`).toEqual([]);
      } else {
        expect(await brokenInvariants(db)).toEqual([]);
      }
    }),
    { numRuns: opts.forgedRuns, seed: opts.seed, endOnFailure: true },
  );
}

/** The installed shops' rows of one table, as one text. */
function installedRows(rows: string[]): string {
  return rows.filter((r) => r.includes(SHOP) || r.includes(OTHER)).join("\n");
}
