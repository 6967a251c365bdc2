/**
 * Deliveries that arrive together (issue 16, defects 3 and 4): orders/create and
 * orders/updated of one order routinely do, and Shopify retries an event while the
 * first attempt is still running. Every delivery must be answered (no error, so no
 * 500), each event applied once, each order stored once.
 */
import { afterEach, describe, expect, it } from "vitest";

import { backfillShop } from "~/sync/backfill.server";
import { applySyncWebhook, type WebhookDelivery, type WebhookSyncDeps, type WebhookSyncResult } from "~/sync/webhook-sync.server";
import type { SqlDb } from "~/store/sql.server";
import { createPostgresqlDatabase, postgresqlUnavailable, type TestDatabase } from "../db/databases";
import type { OrderModel } from "../simulator/model";
import { inventoryItemPayload, orderTopicPayload } from "../simulator/rest-payloads";
import { syncHarness, type SyncHarness } from "./helpers";

let h: SyncHarness | null = null;
let pg: TestDatabase | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
  await pg?.drop();
  pg = null;
});

async function harness(provider: "sqlite" | "postgresql", seed: number): Promise<SyncHarness> {
  if (provider === "postgresql") pg = await createPostgresqlDatabase();
  h = await syncHarness({ generator: { seed, orders: 10, preset: "eu" }, databaseUrl: pg?.url });
  await backfillShop(h.deps, h.shop);
  return h;
}

function deps(s: SyncHarness): WebhookSyncDeps {
  return { db: s.db, sql: s.sql, now: () => new Date(s.sim.store.now()), enqueue: async () => undefined };
}

const context = (s: SyncHarness) => ({ currencyCode: s.sim.store.shop.currencyCode, timezoneOffsetMinutes: 60 });

/** Runs the deliveries at once; the errors thrown (each would be a 500) and the results. */
async function together(s: SyncHarness, deliveries: WebhookDelivery[]): Promise<{ errors: string[]; results: WebhookSyncResult[] }> {
  const settled = await Promise.allSettled(deliveries.map((d) => applySyncWebhook(deps(s), d)));
  const errors = settled.flatMap((r) => (r.status === "rejected" ? [String((r.reason as Error).message)] : []));
  const results = settled.flatMap((r) => (r.status === "fulfilled" ? [r.value] : []));
  return { errors, results };
}

function newOrder(s: SyncHarness, variantIndex: number): OrderModel {
  const variants = s.sim.store.variants();
  const a = variants[variantIndex % variants.length]!.variant;
  const b = variants[(variantIndex + 1) % variants.length]!.variant;
  return s.sim.store.createOrder({ lineItems: [{ variantId: a.id, quantity: 2 }, { variantId: b.id, quantity: 1 }], gateway: "shopify_payments" });
}

async function storedCopies(s: SyncHarness, orderId: string) {
  return {
    orders: await s.db.order.count({ where: { shop: s.shop, id: orderId } }),
    lines: await s.db.orderLine.count({ where: { shop: s.shop, orderId } }),
  };
}

const providers = [["sqlite"], ["postgresql"]] as const;
if (postgresqlUnavailable) console.warn(`Skipping the PostgreSQL cases of webhook concurrency: ${postgresqlUnavailable}`);

describe.each(providers)("simultaneous webhook deliveries (%s)", (provider) => {
  const skip = provider === "postgresql" && postgresqlUnavailable !== null;

  it.skipIf(skip)("10 copies of one orders/create event: one applies, nine are duplicates; one order, one cost snapshot per variant, one event row", async () => {
    const s = await harness(provider, 161);
    // No snapshot yet, so the order's create records one per variant (the cost at the order's date).
    await s.db.unitCostSnapshot.deleteMany({ where: { shop: s.shop } });
    const order = newOrder(s, 0);
    const payload = orderTopicPayload("orders/create", order, context(s));
    const { errors, results } = await together(s, Array.from({ length: 10 }, () => ({ shop: s.shop, topic: "orders/create", eventId: "evt-dup", payload })));
    expect(errors).toEqual([]);
    expect(results.filter((r) => r.applied)).toHaveLength(1);
    expect(results.filter((r) => !r.applied && r.reason === "duplicate")).toHaveLength(9);
    expect(await storedCopies(s, order.id)).toEqual({ orders: 1, lines: 2 });
    const variantIds = [...new Set(order.lineItems.map((l) => l.variantId).filter((v): v is string => v !== null))];
    for (const variantId of variantIds) expect(await s.db.unitCostSnapshot.count({ where: { shop: s.shop, variantId } }), variantId).toBe(1);
    expect(await s.db.webhookEvent.count({ where: { shop: s.shop, eventId: "evt-dup" } })).toBe(1);
    expect(await s.db.webhookEvent.count({ where: { shop: s.shop } })).toBe(1);
  });

  it.skipIf(skip)("orders/create and orders/updated of the same orders together, each twice: every delivery answered, each order stored once", async () => {
    const s = await harness(provider, 162);
    const orders = Array.from({ length: 5 }, (_, i) => newOrder(s, i));
    const deliveries: WebhookDelivery[] = [];
    for (const [i, o] of orders.entries()) {
      for (const topic of ["orders/create", "orders/updated"] as const) {
        const payload = orderTopicPayload(topic, o, context(s));
        for (let copy = 0; copy < 2; copy++) deliveries.push({ shop: s.shop, topic, eventId: `evt-${i}-${topic}`, payload });
      }
    }
    // Interleaved: copies of one event and both topics of one order side by side.
    deliveries.sort((a, b) => (a.eventId! < b.eventId! ? -1 : 1));
    const rounds = provider === "postgresql" ? 3 : 1;
    for (let round = 0; round < rounds; round++) {
      const { errors, results } = await together(
        s,
        deliveries.map((d) => ({ ...d, eventId: `${d.eventId}-r${round}` })),
      );
      expect(errors).toEqual([]);
      // Each event applies once (create stores the order; updated stores it again, same version).
      expect(results.filter((r) => r.applied)).toHaveLength(orders.length * 2);
    }
    for (const o of orders) expect(await storedCopies(s, o.id)).toEqual({ orders: 1, lines: 2 });
    expect(await s.db.webhookEvent.count({ where: { shop: s.shop } })).toBe(orders.length * 2 * rounds);
  });

  it.skipIf(skip)("10 copies of one inventory_items/update event: one applies, one snapshot of the new cost", async () => {
    const s = await harness(provider, 163);
    const { variant } = s.sim.store.variants()[0]!;
    const item = s.sim.store.setUnitCost(variant.inventoryItem.id, 4321);
    const payload = inventoryItemPayload(item, context(s));
    const { errors, results } = await together(s, Array.from({ length: 10 }, () => ({ shop: s.shop, topic: "inventory_items/update", eventId: "evt-cost", payload })));
    expect(errors).toEqual([]);
    expect(results.filter((r) => r.applied)).toHaveLength(1);
    expect(await s.db.unitCostSnapshot.count({ where: { shop: s.shop, variantId: variant.id, cost: 4321 } })).toBe(1);
    expect(await s.db.webhookEvent.count({ where: { shop: s.shop } })).toBe(1);
  });

  it.skipIf(skip)("20 new orders at once are written in 2 transactions (the first alone, the 19 waiting together), each applied once with its own outcome", async () => {
    const s = await harness(provider, 164);
    // No unit-cost snapshot yet: each new order's variants get one (the batch's orders checked together, at the earliest date).
    await s.db.unitCostSnapshot.deleteMany({ where: { shop: s.shop } });
    // Counts the write transactions of the deliveries (one each before group commit: 20).
    let transactions = 0;
    const counted: SqlDb = { ...s.sql, provider: s.sql.provider, transaction: (fn) => (transactions++, s.sql.transaction(fn)) } as SqlDb;
    const orders = Array.from({ length: 20 }, (_, i) => newOrder(s, i));
    const deliveries = orders.map((o, i): WebhookDelivery => ({ shop: s.shop, topic: "orders/create", eventId: `evt-batch-${i}`, payload: orderTopicPayload("orders/create", o, context(s)) }));
    // One copy of delivery 0 in the same burst: a duplicate, not a second write.
    deliveries.push({ ...deliveries[0]! });
    const d = { ...deps(s), sql: counted };
    const settled = await Promise.allSettled(deliveries.map((x) => applySyncWebhook(d, x)));
    expect(settled.filter((r) => r.status === "rejected")).toEqual([]);
    const results = settled.map((r) => (r as PromiseFulfilledResult<WebhookSyncResult>).value);
    expect(results.filter((r) => r.applied)).toHaveLength(20);
    expect(results.filter((r) => !r.applied && r.reason === "duplicate")).toHaveLength(1);
    // Delivery 0 starts a transaction alone; the other 19 and the copy arrive while it runs and share the next.
    expect(transactions).toBe(2);
    for (const o of orders) expect(await storedCopies(s, o.id)).toEqual({ orders: 1, lines: 2 });
    expect(await s.db.webhookEvent.count({ where: { shop: s.shop } })).toBe(20);
    // Orders i use variants i and i + 1: variants 0..20, one snapshot each (variant 1 of the batch's order 1
    // already has the first order's, at the same cost).
    const variantIds = [...new Set(orders.flatMap((o) => o.lineItems.map((l) => l.variantId)).filter((v): v is string => v !== null))];
    expect(variantIds).toHaveLength(21);
    for (const variantId of variantIds) expect(await s.db.unitCostSnapshot.count({ where: { shop: s.shop, variantId } }), variantId).toBe(1);
    // Each new order is queued for its transactions' fetch.
    expect(await s.db.orderRefetch.count({ where: { shop: s.shop, orderId: { in: orders.map((o) => o.id) } } })).toBe(20);
  });

  it.skipIf(skip)("an older version of an order after a newer one in the same batch is stale, as one after the other", async () => {
    const s = await harness(provider, 165);
    const order = newOrder(s, 3);
    const older = orderTopicPayload("orders/updated", order, context(s));
    s.sim.store.updateOrder(order.id, { tags: ["newer"] });
    const newer = orderTopicPayload("orders/updated", s.sim.store.getOrder(order.id)!, context(s));
    const blocker = newOrder(s, 5);
    const results = await Promise.all([
      // Holds the transaction so the next two wait and are written together.
      applySyncWebhook(deps(s), { shop: s.shop, topic: "orders/create", eventId: "evt-first", payload: orderTopicPayload("orders/create", blocker, context(s)) }),
      applySyncWebhook(deps(s), { shop: s.shop, topic: "orders/updated", eventId: "evt-newer", payload: newer }),
      applySyncWebhook(deps(s), { shop: s.shop, topic: "orders/updated", eventId: "evt-older", payload: older }),
    ]);
    expect(results.map((r) => (r.applied ? "applied" : r.reason))).toEqual(["applied", "applied", "stale"]);
    const stored = await s.db.order.findUnique({ where: { shop_id: { shop: s.shop, id: order.id } }, select: { shopifyUpdatedAt: true } });
    expect(stored?.shopifyUpdatedAt.toISOString()).toBe(new Date(s.sim.store.getOrder(order.id)!.updatedAt).toISOString());
  });
});

describe.each(providers)("last webhook time (%s)", (provider) => {
  const skip = provider === "postgresql" && postgresqlUnavailable !== null;

  it.skipIf(skip)("kept to 10 s: a delivery 3 s after the last one does not write the shop's sync row, one 11 s after does", async () => {
    const s = await harness(provider, 166);
    const t0 = Date.parse("2026-12-08T10:00:00Z");
    const deliver = (seconds: number, i: number) => {
      const order = newOrder(s, i);
      return applySyncWebhook(
        { ...deps(s), now: () => new Date(t0 + seconds * 1000) },
        { shop: s.shop, topic: "orders/create", eventId: `evt-time-${i}`, payload: orderTopicPayload("orders/create", order, context(s)) },
      );
    };
    const last = async () => (await s.db.syncState.findUnique({ where: { shop: s.shop }, select: { lastWebhookAt: true } }))?.lastWebhookAt?.toISOString();
    await deliver(0, 0);
    expect(await last()).toBe("2026-12-08T10:00:00.000Z");
    // 3 s later: within WEBHOOK_TIME_RESOLUTION_MS (10 s), the row is left alone (before: every delivery wrote it).
    await deliver(3, 1);
    expect(await last()).toBe("2026-12-08T10:00:00.000Z");
    // 11 s after the stored time: written.
    await deliver(11, 2);
    expect(await last()).toBe("2026-12-08T10:00:11.000Z");
    // No row (a delivery before the install wrote one): created. (This process wrote 11 s last: a delivery
    // within 10 s of it does not look at the row.)
    await s.db.syncState.delete({ where: { shop: s.shop } });
    await deliver(30, 3);
    expect(await last()).toBe("2026-12-08T10:00:30.000Z");
  });
});

