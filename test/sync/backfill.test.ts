import { afterEach, describe, expect, it } from "vitest";

import { deleteShopData } from "~/models/shop-data.server";
import { backfillShop } from "~/sync/backfill.server";
import { runBulkImport, type BulkImporter } from "~/sync/bulk-run.server";
import { ordersBulkQuery } from "~/sync/bulk-queries";
import { fetchOrderRecord } from "~/sync/order-fetch.server";
import { newImportStats, orderImporter } from "~/sync/order-import.server";
import { readOrders } from "~/sync/order-store.server";
import { getSyncStatus } from "~/sync/sync-state.server";
import { createPostgresqlDatabase } from "../db/databases";
import { orderTotals, type OrderModel } from "../simulator/model";
import { syncHarness, type SyncHarness } from "./helpers";

/**
 * The backfill against the Admin API simulator: bulk operations, JSONL served
 * out of order (groupObjects: false), faults. The expected values come from the
 * simulator's own model (orderTotals), not from NetMargin's parser.
 */

let h: SyncHarness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

function storeOrders(s: SyncHarness): OrderModel[] {
  return s.sim.store.snapshot().orders as OrderModel[];
}

/** Every order, line and amount of the store, checked against what is stored. */
async function expectStoreEqualsDatabase(s: SyncHarness) {
  const model = storeOrders(s);
  const stored = await readOrders(s.db, s.shop);
  expect(stored.length).toBe(model.length);
  const byId = new Map(stored.map((o) => [o.id, o]));
  for (const m of model) {
    const o = byId.get(m.id);
    expect(o, m.id).toBeDefined();
    if (!o) continue;
    const t = orderTotals(m);
    expect(o.name).toBe(m.name);
    expect(Date.parse(o.processedAt)).toBe(Date.parse(m.processedAt));
    expect(o.currency).toBe(m.currencyCode);
    expect(o.taxesIncluded).toBe(m.taxesIncluded);
    expect(o.cancelled).toBe(m.cancelledAt !== null);
    expect(o.test).toBe(m.test);
    expect(o.shippingCountryCode).toBe(m.shippingCountryCode);
    // Lines: same ids and quantities; kept revenue (+ tax when prices include it) = Shopify's current subtotal.
    expect(o.lines.map((l) => [l.id, l.quantity, l.currentQuantity])).toEqual(m.lineItems.map((l) => [l.id, l.quantity, t.lineById.get(l.id)!.currentQuantity]));
    const kept = o.lines.reduce((sum, l) => sum + l.netRevenueBeforeTax + (m.taxesIncluded ? l.tax : 0), 0);
    expect(kept, `${m.name} current subtotal`).toBe(t.currentSubtotal);
    // Shipping charged after discounts, before refunds.
    const shipping = o.shippingLines.reduce((sum, x) => sum + x.chargedBeforeTax + (m.taxesIncluded ? x.tax : 0), 0);
    expect(shipping, `${m.name} shipping`).toBe(t.totalShipping);
    // Transactions, every kind and status, amounts in shop money.
    expect(o.transactions.map((x) => [x.kind, x.status, x.amount])).toEqual(m.transactions.map((x) => [x.kind, x.status, x.amount]));
  }
  return stored;
}

describe("backfill by bulk operation", () => {
  it("stores every order, line and amount of the store, and the catalog with unit costs", async () => {
    h = await syncHarness({ generator: { seed: 11, orders: 250, preset: "eu" } });
    const result = await backfillShop(h.deps, h.shop);
    expect(result.ok).toBe(true);
    const stored = await expectStoreEqualsDatabase(h);
    expect(stored.some((o) => o.refunds.lineItemsBeforeTax > 0)).toBe(true);
    // groupObjects: false shuffles children; whatever the window missed was fetched one by one.
    expect(await h.db.orderRefetch.count({ where: { shop: h.shop } })).toBe(0);
    // Same records as the one-by-one GraphQL path for a sample of orders.
    for (const o of stored.slice(0, 15)) {
      const fetched = await fetchOrderRecord(h.admin.request, o.id);
      expect(fetched?.ok && fetched.record.order).toEqual(o);
    }
    // Catalog: every variant with its current cost, and one snapshot each.
    const variants = h.sim.store.variants();
    expect(await h.db.variant.count({ where: { shop: h.shop } })).toBe(variants.length);
    for (const { variant } of variants.slice(0, 20)) {
      const row = await h.db.variant.findUnique({ where: { shop_id: { shop: h.shop, id: variant.id } } });
      expect(row?.unitCost).toBe(variant.inventoryItem.unitCost);
      expect(row?.price).toBe(variant.price);
    }
    expect(await h.db.unitCostSnapshot.count({ where: { shop: h.shop } })).toBe(variants.length);
    const status = await getSyncStatus(h.db, h.shop);
    expect(status).toMatchObject({ status: "idle", attention: null, ordersSince: null, counts: { orders: stored.length, variants: variants.length } });
    expect(status.lastBackfillAt).not.toBeNull();
  });

  it("is idempotent: a second backfill changes nothing and doubles nothing", async () => {
    h = await syncHarness({ generator: { seed: 12, orders: 120, preset: "us" } });
    await backfillShop(h.deps, h.shop);
    const counts = async () => ({
      orders: await h!.db.order.count(),
      lines: await h!.db.orderLine.count(),
      ship: await h!.db.orderShippingLine.count(),
      tx: await h!.db.orderTransaction.count(),
      refunds: await h!.db.refund.count(),
      refundLines: await h!.db.refundLine.count(),
      snapshots: await h!.db.unitCostSnapshot.count(),
    });
    const first = await counts();
    await backfillShop(h.deps, h.shop);
    expect(await counts()).toEqual(first);
    await expectStoreEqualsDatabase(h);
  });

  it("resumes after a crash midway from its checkpoint, on the same bulk operation, with no duplicates", async () => {
    h = await syncHarness({ generator: { seed: 13, orders: 400, preset: "eu" } });
    let flushes = 0;
    const crashing = (inner: BulkImporter): BulkImporter => ({
      ...inner,
      begin: (n) => inner.begin(n),
      line: (o, n) => inner.line(o, n),
      waiting: () => inner.waiting(),
      end: (c) => inner.end(c),
      async flush(next, checkpoint) {
        if (++flushes === 3) throw new Error("process killed");
        await inner.flush(next, checkpoint);
      },
    });
    const stats = newImportStats();
    const deps = { ...h.deps, batchSize: 60 };
    await expect(runBulkImport(deps, h.shop, "orders", ordersBulkQuery(null), () => crashing(orderImporter(h!.sql, h!.shop, () => new Date(), stats, 20)))).rejects.toThrow(
      "process killed",
    );
    const run = await h.db.syncRun.findFirstOrThrow({ where: { shop: h.shop, kind: "orders" } });
    expect(run.status).toBe("downloading");
    expect(run.linesRead).toBeGreaterThan(0);
    const partial = await h.db.order.count();
    expect(partial).toBeGreaterThan(0);
    expect(partial).toBeLessThan(400);

    const result = await backfillShop(deps, h.shop, { catalog: false });
    expect(result.ok).toBe(true);
    // Resumed the same operation: one bulk query for orders in all.
    expect(h.sim.bulkOperations().filter((op) => op.query?.includes("orders")).length).toBe(1);
    await expectStoreEqualsDatabase(h);
  });

  it("survives THROTTLED, 429 and 5xx answers on the way", async () => {
    h = await syncHarness({ generator: { seed: 14, orders: 60, preset: "eu" } });
    h.sim.faults.rateLimit(2, 1);
    h.sim.faults.serverError(2, 503);
    h.sim.faults.drainBucket();
    const result = await backfillShop(h.deps, h.shop);
    expect(result.ok).toBe(true);
    expect(h.admin.stats.retries).toBeGreaterThanOrEqual(4);
    await expectStoreEqualsDatabase(h);
  });

  it("re-reads a download cut mid-line, and runs the operation again when it keeps breaking", async () => {
    h = await syncHarness({ generator: { seed: 15, orders: 150, preset: "eu" } });
    await backfillShop(h.deps, h.shop, { orders: false });
    h.sim.faults.truncateNextBulkDownload({ fraction: 0.4 });
    const result = await backfillShop(h.deps, h.shop, { catalog: false });
    expect(result.ok).toBe(true);
    const orderOps = h.sim.bulkOperations().filter((op) => op.query?.includes("orders"));
    expect(orderOps.length).toBe(2);
    await expectStoreEqualsDatabase(h);
  });

  it("imports the partial data of a FAILED operation, then runs it again", async () => {
    h = await syncHarness({ generator: { seed: 16, orders: 150, preset: "us" } });
    h.sim.faults.failNextBulkOperation("INTERNAL_SERVER_ERROR", { partialData: true });
    const result = await backfillShop(h.deps, h.shop);
    expect(result.ok).toBe(true);
    await expectStoreEqualsDatabase(h);
  });

  it("runs the operation again when the download link has expired", async () => {
    h = await syncHarness({ generator: { seed: 17, orders: 50, preset: "eu" } });
    let expired = false;
    const deps = {
      ...h.deps,
      fetch: (async (input: string | URL | Request, init?: RequestInit) => {
        if (!expired && String(input).includes("/bulk/") && String(input).includes(".jsonl")) {
          expired = true;
          h!.sim.faults.expireBulkUrls();
        }
        return fetch(input, init);
      }) as typeof fetch,
    };
    const result = await backfillShop(deps, h.shop, { catalog: false });
    expect(result.ok).toBe(true);
    expect(h.sim.bulkOperations().length).toBe(2);
    await expectStoreEqualsDatabase(h);
  });

  it("reports ACCESS_DENIED clearly and marks the shop as needing attention", async () => {
    h = await syncHarness({ generator: { seed: 18, orders: 20, preset: "eu" } });
    h.sim.faults.failNextBulkOperation("ACCESS_DENIED", { partialData: false });
    const result = await backfillShop(h.deps, h.shop);
    expect(result.ok).toBe(false);
    expect(result.message).toMatch(/ACCESS_DENIED/);
    const status = await getSyncStatus(h.db, h.shop);
    expect(status.status).toBe("needs_attention");
    expect(status.attention?.code).toBe("SCOPE_MISSING");
  });

  it("without read_all_orders, syncs the 60 days Shopify allows and says why older orders are missing", async () => {
    h = await syncHarness({ generator: { seed: 19, orders: 200, preset: "eu" }, scopes: "read_orders,read_products" });
    const now = new Date(h.sim.store.now());
    const deps = { ...h.deps, now: () => now };
    const result = await backfillShop(deps, h.shop);
    expect(result.ok).toBe(true);
    const since = new Date(now.getTime() - 60 * 86_400_000);
    const expected = storeOrders(h).filter((o) => Date.parse(o.processedAt) >= since.getTime()).length;
    expect(expected).toBeGreaterThan(0);
    expect(expected).toBeLessThan(200);
    expect(await h.db.order.count()).toBe(expected);
    const status = await getSyncStatus(h.db, h.shop);
    expect(status.ordersSince).toBe(since.toISOString());
    expect(status.ordersWindowReason).toMatch(/read_all_orders/);
  });

  it("keeps shops apart: nothing of shop A is visible to shop B, and shop/redact erases A alone", async () => {
    h = await syncHarness({ generator: { seed: 20, orders: 40, preset: "eu" } });
    await backfillShop(h.deps, h.shop);
    const other = "other-shop.myshopify.com";
    expect(await readOrders(h.db, other)).toEqual([]);
    expect((await getSyncStatus(h.db, other)).counts).toEqual({ orders: 0, variants: 0 });
    await deleteShopData(h.db, h.shop);
    expect(await h.db.order.count()).toBe(0);
    expect(await h.db.orderLine.count()).toBe(0);
    expect(await h.db.variant.count()).toBe(0);
  });

  it("works the same on PostgreSQL: the whole store, and an idempotent second run", async () => {
    const pgDb = await createPostgresqlDatabase();
    try {
      h = await syncHarness({ generator: { seed: 21, orders: 150, preset: "us" }, databaseUrl: pgDb.url });
      expect(h.sql.provider).toBe("postgresql");
      expect((await backfillShop(h.deps, h.shop)).ok).toBe(true);
      await expectStoreEqualsDatabase(h);
      const lines = await h.db.orderLine.count();
      await backfillShop(h.deps, h.shop);
      expect(await h.db.orderLine.count()).toBe(lines);
      expect(await h.db.variant.count()).toBe(h.sim.store.variants().length);
      await h.close();
      h = null;
    } finally {
      await pgDb.drop();
    }
  });
});
