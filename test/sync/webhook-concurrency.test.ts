/**
 * Deliveries that arrive together (issue 16, defects 3 and 4): orders/create and
 * orders/updated of one order routinely do, and Shopify retries an event while the
 * first attempt is still running. Every delivery must be answered (no error, so no
 * 500), each event applied once, each order stored once.
 */
import { afterEach, describe, expect, it } from "vitest";

import { backfillShop } from "~/sync/backfill.server";
import { applySyncWebhook, type WebhookDelivery, type WebhookSyncDeps, type WebhookSyncResult } from "~/sync/webhook-sync.server";
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
});
