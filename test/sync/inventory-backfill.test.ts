import { afterEach, describe, expect, it } from "vitest";

import { deleteShopData } from "~/store/shop-data.server";
import { readInventoryLevels, readInventoryLocations, type StoredInventoryLevel } from "~/store/inventory-store.server";
import { backfillShop } from "~/sync/backfill.server";
import { runBulkImport, type BulkImporter } from "~/sync/bulk-run.server";
import { INVENTORY_BULK_QUERY, inventoryImporter, newInventoryStats } from "~/sync/inventory-import.server";
import { createPostgresqlDatabase } from "../db/databases";
import { syncHarness, type SyncHarness } from "./helpers";

/**
 * Stock (issue 18, item 1) end to end: the backfill's inventory bulk operation
 * against the Admin API simulator (JSONL out of order, groupObjects: false), and the
 * database compared with the simulated store level by level. Expected values come
 * from the simulator's model, not from NetMargin's parser.
 */

let h: SyncHarness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

/** Every active level of the simulated store, as NetMargin should store it. */
function storeLevels(s: SyncHarness): StoredInventoryLevel[] {
  return s.sim.store
    .variants()
    .flatMap(({ variant }) =>
      variant.inventoryItem.levels
        .filter((l) => l.isActive)
        .map((l) => ({
          inventoryItemId: variant.inventoryItem.id,
          locationId: l.locationId,
          variantId: variant.id,
          available: l.available,
          onHand: l.onHand,
          committed: l.committed,
          incoming: l.incoming,
          updatedAt: new Date(l.updatedAt).toISOString(),
        })),
    )
    .sort((a, b) => (a.inventoryItemId === b.inventoryItemId ? (a.locationId < b.locationId ? -1 : 1) : a.inventoryItemId < b.inventoryItemId ? -1 : 1));
}

/** The locations that stock something, with their name and state. */
function storeLocations(s: SyncHarness) {
  const used = new Set(storeLevels(s).map((l) => l.locationId));
  return s.sim.store.locations
    .filter((l) => used.has(l.id))
    .map((l) => ({ id: l.id, name: l.name, isActive: l.isActive }))
    .sort((a, b) => (a.name === b.name ? (a.id < b.id ? -1 : 1) : a.name < b.name ? -1 : 1));
}

async function expectStockEqualsDatabase(s: SyncHarness) {
  const expected = storeLevels(s);
  expect(expected.length).toBeGreaterThan(100);
  expect(await readInventoryLevels(s.db, s.shop)).toEqual(expected);
  expect(await readInventoryLocations(s.db, s.shop)).toEqual(storeLocations(s));
  // Nothing stored for another shop, nothing twice.
  expect(await s.db.inventoryLevel.count()).toBe(expected.length);
}

describe("inventory backfill (bulk operation)", () => {
  it("stores every level of the store (item, location, variant, available, on hand, committed, incoming) and its locations", async () => {
    h = await syncHarness({ generator: { seed: 31, orders: 60, preset: "eu" } });
    const result = await backfillShop(h.deps, h.shop);
    expect(result.ok).toBe(true);
    expect(result.inventoryLevels).toBe(storeLevels(h).length);
    await expectStockEqualsDatabase(h);
    // The store holds real stock: levels on hand, sold out, incoming; the two preset locations.
    const levels = storeLevels(h);
    expect(levels.some((l) => l.onHand > 0)).toBe(true);
    expect(levels.some((l) => l.available === 0)).toBe(true);
    expect(levels.some((l) => l.incoming > 0)).toBe(true);
    expect((await readInventoryLocations(h.db, h.shop)).map((l) => l.name)).toEqual(["Boutique Paris", "Entrepôt Lyon"]);
    // One bulk operation for the stock, with the query NetMargin checks (test/shopify/bulk-queries.test.ts).
    expect(h.sim.bulkOperations().filter((op) => op.query === INVENTORY_BULK_QUERY)).toHaveLength(1);
    const run = await h.db.syncRun.findFirstOrThrow({ where: { shop: h.shop, kind: "inventory" } });
    expect(run).toMatchObject({ status: "completed", objectsWritten: levels.length });
  });

  it("a second backfill follows Shopify: changed quantities updated, a level no longer active removed, nothing doubled", async () => {
    h = await syncHarness({ generator: { seed: 32, orders: 40, preset: "us" } });
    expect((await backfillShop(h.deps, h.shop, { orders: false })).ok).toBe(true);
    await expectStockEqualsDatabase(h);
    const [first, second] = h.sim.store.variants().filter(({ variant }) => variant.inventoryItem.levels.filter((l) => l.isActive).length === 2);
    // Seven units received at the first active level of one item; another item no longer stocked at its second location.
    const received = first!.variant.inventoryItem.levels.find((l) => l.isActive)!;
    received.onHand += 7;
    received.available += 7;
    received.updatedAt = "2026-10-15T11:00:00Z";
    const dropped = second!.variant.inventoryItem.levels.filter((l) => l.isActive)[1]!;
    dropped.isActive = false;
    const before = await h.db.inventoryLevel.count();
    expect((await backfillShop(h.deps, h.shop, { orders: false })).ok).toBe(true);
    await expectStockEqualsDatabase(h);
    expect(await h.db.inventoryLevel.count()).toBe(before - 1);
    const row = await h.db.inventoryLevel.findUniqueOrThrow({
      where: { shop_inventoryItemId_locationId: { shop: h.shop, inventoryItemId: first!.variant.inventoryItem.id, locationId: received.locationId } },
    });
    expect({ onHand: row.onHand, available: row.available, updatedAt: row.updatedAt.toISOString() }).toEqual({
      onHand: received.onHand,
      available: received.available,
      updatedAt: "2026-10-15T11:00:00.000Z",
    });
  });

  it("resumes after a crash midway from its checkpoint, on the same bulk operation, with no duplicates", async () => {
    h = await syncHarness({ generator: { seed: 33, orders: 30, preset: "eu" } });
    expect((await backfillShop(h.deps, h.shop, { orders: false, inventory: false })).ok).toBe(true);
    let flushes = 0;
    const crashing = (inner: BulkImporter): BulkImporter => ({
      ...inner,
      async flush(next, checkpoint) {
        if (++flushes === 3) throw new Error("process killed");
        await inner.flush(next, checkpoint);
      },
    });
    const deps = { ...h.deps, batchSize: 40 };
    const stats = newInventoryStats();
    await expect(runBulkImport(deps, h.shop, "inventory", INVENTORY_BULK_QUERY, () => crashing(inventoryImporter(h!.sql, h!.shop, deps.now!, stats)))).rejects.toThrow("process killed");
    const run = await h.db.syncRun.findFirstOrThrow({ where: { shop: h.shop, kind: "inventory" } });
    expect(run.status).toBe("downloading");
    expect(run.linesRead).toBeGreaterThan(0);
    // Two batches were written before the crash, and no more.
    expect(await h.db.inventoryLevel.count()).toBe(80);
    const result = await backfillShop(deps, h.shop, { orders: false, catalog: false, inventory: true });
    expect(result.ok).toBe(true);
    expect(h.sim.bulkOperations().filter((op) => op.query === INVENTORY_BULK_QUERY)).toHaveLength(1);
    await expectStockEqualsDatabase(h);
  });

  it("keeps shops apart, and shop/redact erases the shop's levels and locations", async () => {
    h = await syncHarness({ generator: { seed: 34, orders: 20, preset: "eu" } });
    expect((await backfillShop(h.deps, h.shop, { orders: false })).ok).toBe(true);
    expect(await readInventoryLevels(h.db, "other-shop.myshopify.com")).toEqual([]);
    expect(await readInventoryLocations(h.db, "other-shop.myshopify.com")).toEqual([]);
    const deleted = await deleteShopData(h.db, h.shop);
    expect(deleted.InventoryLevel).toBe(storeLevels(h).length);
    expect(deleted.InventoryLocation).toBe(storeLocations(h).length);
    expect(await h.db.inventoryLevel.count()).toBe(0);
    expect(await h.db.inventoryLocation.count()).toBe(0);
  });

  it("works the same on PostgreSQL: every level, and an idempotent second run", async () => {
    const pgDb = await createPostgresqlDatabase();
    try {
      h = await syncHarness({ generator: { seed: 35, orders: 40, preset: "us" }, databaseUrl: pgDb.url });
      expect(h.sql.provider).toBe("postgresql");
      expect((await backfillShop(h.deps, h.shop, { orders: false })).ok).toBe(true);
      await expectStockEqualsDatabase(h);
      expect((await backfillShop(h.deps, h.shop, { orders: false })).ok).toBe(true);
      await expectStockEqualsDatabase(h);
      await h.close();
      h = null;
    } finally {
      await pgDb.drop();
    }
  });
});
