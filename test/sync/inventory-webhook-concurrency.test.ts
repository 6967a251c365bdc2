/**
 * inventory_levels/update deliveries that arrive together (issue 18, item 1): Shopify
 * retries an event while the first attempt still runs, and a burst of sales sends one
 * delivery per change in no guaranteed order. Every delivery is answered (no error, so
 * no 500), each event applied once, and the level ends at the newest change.
 */
import { afterEach, describe, expect, it } from "vitest";

import { readInventoryLevels } from "~/store/inventory-store.server";
import { backfillShop } from "~/sync/backfill.server";
import { applySyncWebhook, type WebhookDelivery, type WebhookSyncResult } from "~/sync/webhook-sync.server";
import { createPostgresqlDatabase, postgresqlUnavailable, type TestDatabase } from "../db/databases";
import { deterministicShuffle } from "../simulator/webhooks";
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
  expect((await backfillShop(h.deps, h.shop, { orders: false })).ok).toBe(true);
  return h;
}

async function together(s: SyncHarness, deliveries: WebhookDelivery[]): Promise<{ errors: string[]; results: WebhookSyncResult[] }> {
  const deps = { db: s.db, sql: s.sql, now: () => new Date(s.sim.store.now()), enqueue: async () => undefined };
  const settled = await Promise.allSettled(deliveries.map((d) => applySyncWebhook(deps, d)));
  return {
    errors: settled.flatMap((r) => (r.status === "rejected" ? [String((r.reason as Error).message)] : [])),
    results: settled.flatMap((r) => (r.status === "fulfilled" ? [r.value] : [])),
  };
}

/** A stored level of the shop, and the REST body of a change of it to `available` at `updatedAt`. */
async function aLevel(s: SyncHarness) {
  const stored = (await readInventoryLevels(s.db, s.shop))[0]!;
  const item = stored.inventoryItemId.split("/").pop()!;
  const body = (available: number, updatedAt: string) => ({
    inventory_item_id: Number(item),
    location_id: Number(stored.locationId.split("/").pop()),
    available,
    updated_at: updatedAt,
    admin_graphql_api_id: `gid://shopify/InventoryLevel/1?inventory_item_id=${item}`,
  });
  const read = async () => (await readInventoryLevels(s.db, s.shop)).find((l) => l.inventoryItemId === stored.inventoryItemId && l.locationId === stored.locationId)!;
  return { stored, body, read };
}

const providers = [["sqlite"], ["postgresql"]] as const;

describe.each(providers)("simultaneous inventory_levels/update deliveries (%s)", (provider) => {
  const skip = provider === "postgresql" && postgresqlUnavailable !== null;

  it.skipIf(skip)("10 copies of one event: one applies, nine are duplicates, one event row", async () => {
    const s = await harness(provider, 181);
    const { stored, body, read } = await aLevel(s);
    const payload = body(stored.available + 40, "2026-12-01T09:00:00+01:00");
    const { errors, results } = await together(s, Array.from({ length: 10 }, () => ({ shop: s.shop, topic: "inventory_levels/update", eventId: "evt-dup", payload })));
    expect(errors).toEqual([]);
    expect(results.filter((r) => r.applied)).toHaveLength(1);
    expect(results.filter((r) => !r.applied && r.reason === "duplicate")).toHaveLength(9);
    expect(await read()).toMatchObject({ available: stored.available + 40, onHand: stored.onHand, updatedAt: "2026-12-01T08:00:00.000Z" });
    expect(await s.db.webhookEvent.count({ where: { shop: s.shop, eventId: "evt-dup" } })).toBe(1);
  });

  it.skipIf(skip)("six sales a minute apart, delivered at once in a shuffled order: the level ends at the last sale", async () => {
    const s = await harness(provider, 182);
    const { stored, body, read } = await aLevel(s);
    // One unit sold each minute from 10:01 UTC: 59 left at 10:01, 58 at 10:02 … 54 at 10:06.
    const sales = Array.from({ length: 6 }, (_, i) => ({ shop: s.shop, topic: "inventory_levels/update", eventId: `evt-sale-${i + 1}`, payload: body(59 - i, `2026-12-01T10:0${i + 1}:00Z`) }));
    const { errors, results } = await together(s, deterministicShuffle(sales, 18));
    expect(errors).toEqual([]);
    expect(results.filter((r) => r.applied).length).toBeGreaterThanOrEqual(1);
    expect(results.every((r) => r.applied || r.reason === "stale")).toBe(true);
    expect(await read()).toMatchObject({ available: 54, onHand: stored.onHand, committed: stored.committed, incoming: stored.incoming, updatedAt: "2026-12-01T10:06:00.000Z" });
    expect(await s.db.webhookEvent.count({ where: { shop: s.shop } })).toBe(6);
  });
});
