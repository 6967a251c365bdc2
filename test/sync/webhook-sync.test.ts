import { afterEach, describe, expect, it } from "vitest";

import { parseRestOrderRecord } from "~/domain/rest-order";
import { backfillShop } from "~/sync/backfill.server";
import { fetchOrderRecord } from "~/shopify/order-fetch.server";
import { readOrders } from "~/store/order-store.server";
import { reconcileShop } from "~/sync/reconcile.server";
import { applySyncWebhook, type WebhookSyncDeps } from "~/sync/webhook-sync.server";
import type { OrderModel } from "../simulator/model";
import { inventoryItemPayload, orderTopicPayload, productPayload, refundPayload } from "../simulator/rest-payloads";
import { createPostgresqlDatabase } from "../db/databases";
import { syncHarness, type SyncHarness } from "./helpers";

let h: SyncHarness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

function webhookDeps(s: SyncHarness, jobs: string[] = []): WebhookSyncDeps {
  return {
    db: s.db,
    sql: s.sql,
    now: () => new Date(s.sim.store.now()),
    enqueue: async (job, shop) => {
      jobs.push(`${job}:${shop}`);
    },
  };
}

const shopContext = (s: SyncHarness) => ({ currencyCode: s.sim.store.shop.currencyCode, timezoneOffsetMinutes: 60 });

function someVariant(s: SyncHarness, i = 0) {
  return s.sim.store.variants()[i]!.variant;
}

describe("REST (webhook) and GraphQL mappings", () => {
  it.each(["eu", "us"] as const)("give the same record for the same order (%s preset), but for transactions and country", async (preset) => {
    h = await syncHarness({ generator: { seed: preset === "eu" ? 31 : 32, orders: 120, preset } });
    const orders = h.sim.store.snapshot().orders as OrderModel[];
    const withRefunds = orders.filter((o) => o.refunds.length > 0);
    const cancelled = orders.filter((o) => o.cancelledAt !== null);
    const sample = [...orders.slice(0, 25), ...withRefunds.slice(0, 15), ...cancelled.slice(0, 5)];
    expect(withRefunds.length).toBeGreaterThan(0);
    for (const m of sample) {
      const rest = parseRestOrderRecord(orderTopicPayload("orders/updated", m, shopContext(h!)));
      const gql = await fetchOrderRecord(h!.admin.request, m.id);
      expect(rest.ok, JSON.stringify(!rest.ok && rest.errors)).toBe(true);
      expect(gql?.ok).toBe(true);
      if (!rest.ok || !gql?.ok) continue;
      // What REST cannot carry, asserted explicitly:
      expect(rest.record.order.transactions).toEqual([]);
      expect(rest.record.order.shippingCountryCode).toBeNull();
      const { transactions: _t, shippingCountryCode: _c, ...restOrder } = rest.record.order;
      const { transactions: _t2, shippingCountryCode: _c2, ...gqlOrder } = gql.record.order;
      expect(restOrder, m.name).toEqual(gqlOrder);
      expect(rest.record.updatedAt).toBe(gql.record.updatedAt);
      expect(rest.record.financialStatus).toBe(gql.record.financialStatus);
      expect(rest.record.refunds).toEqual(gql.record.refunds);
    }
  });

  it("names the REST field of a bad payload", () => {
    const r = parseRestOrderRecord({ admin_graphql_api_id: "gid://shopify/Order/1", name: "#1", processed_at: "yesterday", updated_at: "2026-01-01T00:00:00Z" });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0]).toMatchObject({ path: "processed_at" });
  });
});

describe("live updates by webhook", () => {
  it("stores a new order at once, deduplicates redeliveries, and fetches its transactions", async () => {
    h = await syncHarness({ generator: { seed: 33, orders: 30, preset: "eu" } });
    await backfillShop(h.deps, h.shop);
    const jobs: string[] = [];
    const deps = webhookDeps(h, jobs);
    const order = h.sim.store.createOrder({ lineItems: [{ variantId: someVariant(h).id, quantity: 2 }], gateway: "shopify_payments" });
    const payload = orderTopicPayload("orders/create", order, shopContext(h));
    const first = await applySyncWebhook(deps, { shop: h.shop, topic: "orders/create", eventId: "evt-1", payload });
    expect(first.applied).toBe(true);
    const again = await applySyncWebhook(deps, { shop: h.shop, topic: "orders/create", eventId: "evt-1", payload });
    expect(again).toMatchObject({ applied: false, reason: "duplicate" });
    const [stored] = await readOrders(h.db, h.shop, { ids: [order.id] });
    expect(stored?.lines.map((l) => l.quantity)).toEqual([2]);
    expect(stored?.transactions).toEqual([]);
    // A fetch for its transactions, and a recompute of its month's margins (not again for the duplicate).
    expect(jobs).toEqual([`order-refresh:${h.shop}`, `recompute:${h.shop}`]);
    // The order-refresh job: the fetch brings transactions (Shopify Payments fees included).
    await reconcileShop({ db: h.db, sql: h.sql, admin: h.admin.request, now: h.deps.now }, h.shop);
    const [refreshed] = await readOrders(h.db, h.shop, { ids: [order.id] });
    expect(refreshed?.transactions.length).toBe(order.transactions.length);
    expect(refreshed?.transactions[0]?.feesActual).not.toBeNull();
    // The unit cost at the order's date was recorded.
    expect(await h.db.unitCostSnapshot.count({ where: { shop: h.shop, variantId: someVariant(h).id } })).toBeGreaterThanOrEqual(1);
  });

  it("ends in the newest state whatever the delivery order, and keeps stored transactions", async () => {
    h = await syncHarness({ generator: { seed: 34, orders: 20, preset: "us" } });
    await backfillShop(h.deps, h.shop);
    const deps = webhookDeps(h);
    const target = (h.sim.store.snapshot().orders as OrderModel[]).find((o) => o.refunds.length === 0 && o.cancelledAt === null && o.lineItems.some((l) => l.quantity > 0))!;
    const before = orderTopicPayload("orders/updated", target, shopContext(h));
    const line = target.lineItems[0]!;
    const { order: refundedOrder } = h.sim.store.addRefund(target.id, { lineItems: [{ lineItemId: line.id, quantity: 1 }] });
    const after = orderTopicPayload("orders/updated", refundedOrder, shopContext(h));
    // Newest first, then the older one arrives late.
    expect((await applySyncWebhook(deps, { shop: h.shop, topic: "orders/updated", eventId: "e-new", payload: after })).applied).toBe(true);
    expect(await applySyncWebhook(deps, { shop: h.shop, topic: "orders/updated", eventId: "e-old", payload: before })).toMatchObject({ applied: false, reason: "stale" });
    const [stored] = await readOrders(h.db, h.shop, { ids: [target.id] });
    expect(stored?.lines[0]?.currentQuantity).toBe(line.quantity - 1);
    expect(stored?.refunds.lineItemsBeforeTax).toBeGreaterThan(0);
    // Transactions from the backfill are kept (the REST payload has none).
    expect(stored?.transactions.length).toBe(target.transactions.length);
  });

  it("queues a fetch on refunds/create, and applies product and unit-cost updates (older ones ignored)", async () => {
    h = await syncHarness({ generator: { seed: 35, orders: 20, preset: "eu" } });
    await backfillShop(h.deps, h.shop);
    const jobs: string[] = [];
    const deps = webhookDeps(h, jobs);
    const target = (h.sim.store.snapshot().orders as OrderModel[]).find((o) => o.refunds.length === 0 && o.cancelledAt === null)!;
    const { order, refund } = h.sim.store.addRefund(target.id, { shipping: { full: true } });
    await applySyncWebhook(deps, { shop: h.shop, topic: "refunds/create", eventId: "r-1", payload: refundPayload(order, refund, shopContext(h)) });
    expect(jobs).toEqual([`order-refresh:${h.shop}`]);
    expect(await h.db.orderRefetch.count({ where: { shop: h.shop, orderId: target.id } })).toBe(1);

    const { variant } = h.sim.store.variants()[0]!;
    const oldItemPayload = inventoryItemPayload(variant.inventoryItem, shopContext(h));
    const originalCost = variant.inventoryItem.unitCost;
    const item = h.sim.store.setUnitCost(variant.inventoryItem.id, 1234);
    const r = await applySyncWebhook(deps, { shop: h.shop, topic: "inventory_items/update", eventId: "i-1", payload: inventoryItemPayload(item, shopContext(h)) });
    expect(r.applied).toBe(true);
    const row = await h.db.variant.findUnique({ where: { shop_id: { shop: h.shop, id: variant.id } } });
    expect(row?.unitCost).toBe(1234);
    const snaps = await h.db.unitCostSnapshot.findMany({ where: { shop: h.shop, variantId: variant.id }, orderBy: { observedAt: "asc" } });
    expect(snaps.map((s) => s.cost)).toEqual([originalCost, 1234]);
    // The older payload (before the change) arrives late: ignored.
    const late = await applySyncWebhook(deps, { shop: h.shop, topic: "inventory_items/update", eventId: "i-0", payload: oldItemPayload });
    expect(late.applied).toBe(false);
    expect((await h.db.variant.findUnique({ where: { shop_id: { shop: h.shop, id: variant.id } } }))?.unitCost).toBe(1234);

    const { product } = h.sim.store.variants()[0]!;
    const updated = h.sim.store.updateProduct(product.id, { title: "Renamed" });
    expect((await applySyncWebhook(deps, { shop: h.shop, topic: "products/update", eventId: "p-1", payload: productPayload(updated, shopContext(h)) })).applied).toBe(true);
    expect((await h.db.product.findUnique({ where: { shop_id: { shop: h.shop, id: product.id } } }))?.title).toBe("Renamed");
    // Cost survives a products/update (REST carries none).
    expect((await h.db.variant.findUnique({ where: { shop_id: { shop: h.shop, id: variant.id } } }))?.unitCost).toBe(1234);
  });

  it("rejects a malformed payload naming the field, and writes nothing", async () => {
    h = await syncHarness({ generator: { seed: 36, orders: 5, preset: "eu" } });
    await backfillShop(h.deps, h.shop);
    const count = await h.db.order.count();
    await expect(applySyncWebhook(webhookDeps(h), { shop: h.shop, topic: "orders/create", eventId: "bad", payload: { admin_graphql_api_id: 5 } })).rejects.toThrow(/admin_graphql_api_id/);
    expect(await h.db.order.count()).toBe(count);
    expect(await h.db.webhookEvent.count()).toBe(0);
  });
});

describe("reconciliation", () => {
  it("catches an order whose webhook was dropped", async () => {
    h = await syncHarness({ generator: { seed: 37, orders: 40, preset: "eu" } });
    await backfillShop(h.deps, h.shop);
    // The backfill's cursor is 5 minutes before it started; pretend time passed.
    const order = h.sim.store.createOrder({ lineItems: [{ variantId: someVariant(h, 1).id, quantity: 1 }] });
    expect(await readOrders(h.db, h.shop, { ids: [order.id] })).toEqual([]);
    const result = await reconcileShop({ db: h.db, sql: h.sql, admin: h.admin.request, now: h.deps.now }, h.shop);
    expect(result.fetched).toBeGreaterThanOrEqual(1);
    const [stored] = await readOrders(h.db, h.shop, { ids: [order.id] });
    expect(stored?.name).toBe(order.name);
    expect(stored?.transactions.length).toBe(order.transactions.length);
    // A second run lists the order again (overlap) but fetches nothing new.
    const again = await reconcileShop({ db: h.db, sql: h.sql, admin: h.admin.request, now: h.deps.now }, h.shop);
    expect(again.fetched).toBe(0);
  });
});

describe("on PostgreSQL", () => {
  it("applies, deduplicates and orders webhooks the same way", async () => {
    const pgDb = await createPostgresqlDatabase();
    try {
      h = await syncHarness({ generator: { seed: 38, orders: 10, preset: "eu" }, databaseUrl: pgDb.url });
      await backfillShop(h.deps, h.shop);
      const jobs: string[] = [];
      const deps = webhookDeps(h, jobs);
      const order = h.sim.store.createOrder({ lineItems: [{ variantId: someVariant(h).id, quantity: 3 }] });
      const payload = orderTopicPayload("orders/create", order, shopContext(h));
      expect((await applySyncWebhook(deps, { shop: h.shop, topic: "orders/create", eventId: "pg-1", payload })).applied).toBe(true);
      expect(await applySyncWebhook(deps, { shop: h.shop, topic: "orders/create", eventId: "pg-1", payload })).toMatchObject({ reason: "duplicate" });
      const [stored] = await readOrders(h.db, h.shop, { ids: [order.id] });
      expect(stored?.lines.map((l) => l.quantity)).toEqual([3]);
      expect(await h.db.orderRefetch.count({ where: { shop: h.shop, orderId: order.id } })).toBe(1);
      const { variant } = h.sim.store.variants()[1]!;
      const item = h.sim.store.setUnitCost(variant.inventoryItem.id, 777);
      await applySyncWebhook(deps, { shop: h.shop, topic: "inventory_items/update", eventId: "pg-2", payload: inventoryItemPayload(item, shopContext(h)) });
      expect((await h.db.variant.findUnique({ where: { shop_id: { shop: h.shop, id: variant.id } } }))?.unitCost).toBe(777);
      await h.close();
      h = null;
    } finally {
      await pgDb.drop();
    }
  });
});
