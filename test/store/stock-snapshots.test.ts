import { afterAll, beforeAll, beforeEach, expect, it } from "vitest";

import type { InventoryLevelRecord } from "~/shopify/inventory-levels";
import { removeUnseenInventory, writeInventoryLevels } from "~/store/inventory-store.server";
import { deleteShopData } from "~/store/shop-data.server";
import { recordStockSnapshots, stockOnDays } from "~/store/stock-snapshots.server";
import { saveUnitCostOverride } from "~/store/unit-costs.server";
import { describeEachProvider } from "../db/databases";
import { freshDatabase, type FreshDatabase } from "../helpers/database";
import { createShop, createUnitCost, createVariant } from "../helpers/factories";

/**
 * Daily stock snapshots (issue 18, item 2), on both providers: an "import" writes
 * levels as the inventory import does (writeInventoryLevels, then removal of what it
 * did not see) and records the day's snapshots. Every expected row is worked out by
 * hand from the levels and unit costs below.
 *
 * The shop (EUR, Europe/Paris):
 * - V1 (item 1): 5 on hand at Paris + 3 at Lyon = 8; Shopify's cost 4.50 → 36.00 at cost.
 * - V2 (item 2): 10 at Paris, and 4 at "Old depot", a location no longer active
 *   (not counted) = 10; no unit cost → value unknown.
 * - V3 (item 3): 0 at Paris (stocked, sold out); cost 12.00 → 0.00.
 * - V4 (item 4): 50,000 at Lyon × 1,000.00 = 50,000,000.00 (5,000,000,000 cents, beyond a 32-bit integer).
 * - V5: in the catalog, no level anywhere (not stocked): no row.
 * - Item 9: not in the catalog (no variant): no row.
 */

const SHOP = "alpha.myshopify.com";
const OTHER = "beta.myshopify.com";
const V = (n: number) => `gid://shopify/ProductVariant/${n}`;
const ITEM = (n: number) => `gid://shopify/InventoryItem/${n}`;
const PARIS = { locationId: "gid://shopify/Location/1", locationName: "Boutique Paris", locationActive: true };
const LYON = { locationId: "gid://shopify/Location/2", locationName: "Entrepôt Lyon", locationActive: true };
const OLD = { locationId: "gid://shopify/Location/3", locationName: "Old depot", locationActive: false };
const T0 = new Date("2026-11-01T00:00:00Z");

function level(item: number, at: typeof PARIS, onHand: number): InventoryLevelRecord {
  return { inventoryItemId: ITEM(item), ...at, available: onHand, onHand, committed: 0, incoming: 0, updatedAt: "2026-11-30T10:00:00Z" };
}

const LEVELS: InventoryLevelRecord[] = [level(1, PARIS, 5), level(1, LYON, 3), level(2, PARIS, 10), level(2, OLD, 4), level(3, PARIS, 0), level(4, LYON, 50_000), level(9, PARIS, 6)];

describeEachProvider("stock snapshots", (_provider, database) => {
  let d: FreshDatabase;
  let runs = 0;
  beforeAll(async () => {
    d = await freshDatabase(database().url);
  });
  afterAll(async () => {
    await d.close();
  });
  beforeEach(async () => {
    for (const shop of [SHOP, OTHER]) await deleteShopData(d.db, shop);
    await createShop(d.db, { shop: SHOP, currencyCode: "EUR", ianaTimezone: "Europe/Paris" });
    for (let n = 1; n <= 5; n++) await createVariant(d.db, { shop: SHOP, id: V(n), inventoryItemId: ITEM(n), productId: "gid://shopify/Product/1" });
    await createUnitCost(d.db, { shop: SHOP, variantId: V(1), observedAt: T0, cost: 450 });
    await createUnitCost(d.db, { shop: SHOP, variantId: V(3), observedAt: T0, cost: 1200 });
    await createUnitCost(d.db, { shop: SHOP, variantId: V(4), observedAt: T0, cost: 100_000 });
  });

  /** A complete inventory import at `at` that saw `levels`, then the day's snapshots. */
  async function importStock(levels: InventoryLevelRecord[], day: string, at: string) {
    const runId = `run-${++runs}`;
    await d.sql.transaction((tx) => writeInventoryLevels(tx, SHOP, levels, runId, new Date(at)));
    await removeUnseenInventory(d.sql, SHOP, runId);
    return recordStockSnapshots(d.db, d.sql, SHOP, day, new Date(at));
  }

  async function rows() {
    const all = await d.db.stockSnapshot.findMany({ where: { shop: SHOP }, orderBy: [{ variantId: "asc" }, { day: "asc" }] });
    return all.map((r) => ({ variantId: r.variantId, day: r.day, onHand: r.onHand, unitCost: r.unitCost, valueAtCost: r.valueAtCost === null ? null : Number(r.valueAtCost), currency: r.currency }));
  }

  const row = (n: number, day: string, onHand: number, unitCost: number | null, valueAtCost: number | null) => ({ variantId: V(n), day, onHand, unitCost, valueAtCost, currency: "EUR" });

  /** The first import's rows: one per stocked variant of the catalog. */
  const FIRST = [row(1, "2026-12-01", 8, 450, 3600), row(2, "2026-12-01", 10, null, null), row(3, "2026-12-01", 0, 1200, 0), row(4, "2026-12-01", 50_000, 100_000, 5_000_000_000)];

  it("the first import writes one row per stocked variant: on hand over active locations, unit cost in force, value at cost", async () => {
    expect(await importStock(LEVELS, "2026-12-01", "2026-12-01T08:00:00Z")).toEqual({ variants: 4, written: 4, removed: 0 });
    expect(await rows()).toEqual(FIRST);
    expect(await d.db.stockSnapshot.count({ where: { shop: OTHER } })).toBe(0);
  });

  it("a second import the same day with one quantity changed updates only that variant's row of the day", async () => {
    await importStock(LEVELS, "2026-12-01", "2026-12-01T08:00:00Z");
    // Lyon now holds 6 of V1 (was 3): 5 + 6 = 11 on hand, 11 × 4.50 = 49.50.
    const changed = LEVELS.map((l) => (l.inventoryItemId === ITEM(1) && l.locationId === LYON.locationId ? { ...l, onHand: 6 } : l));
    expect(await importStock(changed, "2026-12-01", "2026-12-01T16:00:00Z")).toEqual({ variants: 4, written: 1, removed: 0 });
    expect(await rows()).toEqual([row(1, "2026-12-01", 11, 450, 4950), ...FIRST.slice(1)]);
    const stamps = await d.db.stockSnapshot.findMany({ where: { shop: SHOP }, orderBy: { variantId: "asc" }, select: { recordedAt: true } });
    expect(stamps.map((s) => s.recordedAt.toISOString())).toEqual(["2026-12-01T16:00:00.000Z", "2026-12-01T08:00:00.000Z", "2026-12-01T08:00:00.000Z", "2026-12-01T08:00:00.000Z"]);
    // The same import again changes nothing.
    expect(await importStock(changed, "2026-12-01", "2026-12-01T17:00:00Z")).toEqual({ variants: 4, written: 0, removed: 0 });
  });

  it("the next day with nothing changed writes nothing; a unit cost change writes that variant's row", async () => {
    await importStock(LEVELS, "2026-12-01", "2026-12-01T08:00:00Z");
    expect(await importStock(LEVELS, "2026-12-02", "2026-12-02T08:00:00Z")).toEqual({ variants: 4, written: 0, removed: 0 });
    expect(await rows()).toEqual(FIRST);

    // Shopify's cost of V1 becomes 5.00 on the morning of 3 December: that day's row, 8 × 5.00 = 40.00…
    await createUnitCost(d.db, { shop: SHOP, variantId: V(1), observedAt: new Date("2026-12-03T07:30:00Z"), cost: 500, source: "webhook" });
    expect(await importStock(LEVELS, "2026-12-03", "2026-12-03T08:00:00Z")).toEqual({ variants: 4, written: 1, removed: 0 });
    // …and the merchant's 7.00 for V2 from 4 December: 10 × 7.00 = 70.00 from that day, not before.
    await saveUnitCostOverride(d.db, SHOP, { variantId: V(2), cost: "7.00", effectiveFrom: "2026-12-04" }, new Date("2026-12-03T09:00:00Z"));
    expect(await importStock(LEVELS, "2026-12-03", "2026-12-03T09:30:00Z")).toEqual({ variants: 4, written: 0, removed: 0 });
    expect(await importStock(LEVELS, "2026-12-04", "2026-12-04T08:00:00Z")).toEqual({ variants: 4, written: 1, removed: 0 });
    expect(await rows()).toEqual([
      row(1, "2026-12-01", 8, 450, 3600),
      row(1, "2026-12-03", 8, 500, 4000),
      row(2, "2026-12-01", 10, null, null),
      row(2, "2026-12-04", 10, 700, 7000),
      ...FIRST.slice(2),
    ]);
  });

  it("a variant whose levels are gone drops to 0 once; back to the day before on the same day, that day's row goes", async () => {
    await importStock(LEVELS, "2026-12-01", "2026-12-01T08:00:00Z");
    // V2 no longer stocked at Paris: nothing on hand at an active location.
    const withoutV2 = LEVELS.filter((l) => l.inventoryItemId !== ITEM(2));
    expect(await importStock(withoutV2, "2026-12-02", "2026-12-02T08:00:00Z")).toEqual({ variants: 4, written: 1, removed: 0 });
    expect(await importStock(withoutV2, "2026-12-03", "2026-12-03T08:00:00Z")).toEqual({ variants: 4, written: 0, removed: 0 });
    expect(await rows()).toEqual([FIRST[0], FIRST[1], row(2, "2026-12-02", 0, null, null), FIRST[2], FIRST[3]]);
    // Restocked on the 4th, then the 10 are gone again in the evening: the 4th reads as the 3rd (0), no row of its own.
    expect(await importStock(LEVELS, "2026-12-04", "2026-12-04T08:00:00Z")).toEqual({ variants: 4, written: 1, removed: 0 });
    expect(await importStock(withoutV2, "2026-12-04", "2026-12-04T19:00:00Z")).toEqual({ variants: 4, written: 0, removed: 1 });
    expect(await rows()).toEqual([FIRST[0], FIRST[1], row(2, "2026-12-02", 0, null, null), FIRST[2], FIRST[3]]);
  });

  it("records nothing while the shop currency is not known", async () => {
    await d.db.shop.update({ where: { shop: SHOP }, data: { currencyCode: null } });
    expect(await importStock(LEVELS, "2026-12-01", "2026-12-01T08:00:00Z")).toEqual({ variants: 0, written: 0, removed: 0 });
    expect(await rows()).toEqual([]);
    await expect(recordStockSnapshots(d.db, d.sql, SHOP, "1 Dec", new Date())).rejects.toThrow("invalid day");
  });

  it("stockOnDays fills each day from the latest snapshot on or before it and starts at the first, never earlier", async () => {
    const snap = (n: number, day: string, onHand: number, unitCost: number | null) => ({
      shop: OTHER, variantId: V(n), day, onHand, unitCost, valueAtCost: unitCost === null ? null : BigInt(onHand * unitCost), currency: "EUR", recordedAt: T0,
    });
    await d.db.stockSnapshot.createMany({
      data: [
        snap(1, "2026-11-28", 4, 100),
        snap(1, "2026-12-02", 2, 100),
        snap(2, "2026-12-03", 7, null),
        snap(3, "2026-11-20", 1, 250),
        snap(4, "2026-11-25", 60_000, 100_000),
        snap(6, "2026-12-09", 3, 100),
      ],
    });
    // [1 Dec, 5 Dec): the 1st to the 4th.
    const h = await stockOnDays(d.db, OTHER, undefined, "2026-12-01", "2026-12-05");
    expect(h.historyStarts).toBe("2026-11-20");
    expect([...h.variants.keys()]).toEqual([V(1), V(2), V(3), V(4)]);
    const days = (n: number) => h.variants.get(V(n))!.days.map((x) => [x.day, x.onHand, x.valueAtCost]);
    expect(days(1)).toEqual([["2026-12-01", 4, 400], ["2026-12-02", 2, 200], ["2026-12-03", 2, 200], ["2026-12-04", 2, 200]]);
    // V2's history starts on the 3rd: the 1st and 2nd are not made up.
    expect(h.variants.get(V(2))!.knownFrom).toBe("2026-12-03");
    expect(days(2)).toEqual([["2026-12-03", 7, null], ["2026-12-04", 7, null]]);
    expect(days(3)).toEqual([["2026-12-01", 1, 250], ["2026-12-02", 1, 250], ["2026-12-03", 1, 250], ["2026-12-04", 1, 250]]);
    // 60,000 × 1,000.00 = 6,000,000,000 cents, read back exactly.
    expect(days(4)[0]).toEqual(["2026-12-01", 60_000, 6_000_000_000]);
    // The snapshots for the domain's stock maths: the one carried in (its own date), then the range's.
    expect(h.variants.get(V(1))!.snapshots.map((s) => [s.date, s.onHand, s.unitCost, s.valueAtCost])).toEqual([["2026-11-28", 4, 100, 400], ["2026-12-02", 2, 100, 200]]);

    // Some variants only (20,001 ids: more than one statement's bound parameters allow on SQLite).
    const many = [V(2), ...Array.from({ length: 20_000 }, (_, i) => V(100_000 + i))];
    const some = await stockOnDays(d.db, OTHER, many, "2026-12-01", "2026-12-05");
    expect([...some.variants.keys()]).toEqual([V(2)]);
    expect(some.variants.get(V(2))!.days).toEqual([{ day: "2026-12-03", onHand: 7, unitCost: null, valueAtCost: null }, { day: "2026-12-04", onHand: 7, unitCost: null, valueAtCost: null }]);

    // A range that starts before the history: from V1's first snapshot on.
    const early = await stockOnDays(d.db, OTHER, [V(1)], "2026-11-25", "2026-11-30");
    expect(early.variants.get(V(1))!.knownFrom).toBe("2026-11-28");
    expect(early.variants.get(V(1))!.days.map((x) => [x.day, x.onHand])).toEqual([["2026-11-28", 4], ["2026-11-29", 4]]);
    // Before any snapshot: nothing, and where history starts.
    expect(await stockOnDays(d.db, OTHER, undefined, "2026-11-01", "2026-11-10")).toEqual({ historyStarts: "2026-11-20", variants: new Map() });
    // A shop with no snapshot yet.
    expect(await stockOnDays(d.db, SHOP, undefined, "2026-12-01", "2026-12-05")).toEqual({ historyStarts: null, variants: new Map() });
  });

  it("shop/redact erases the shop's snapshots and only them", async () => {
    await importStock(LEVELS, "2026-12-01", "2026-12-01T08:00:00Z");
    await d.db.stockSnapshot.create({ data: { shop: OTHER, variantId: V(1), day: "2026-12-01", onHand: 1, unitCost: null, valueAtCost: null, currency: "EUR", recordedAt: T0 } });
    const deleted = await deleteShopData(d.db, SHOP);
    expect(deleted.StockSnapshot).toBe(4);
    expect(await d.db.stockSnapshot.count({ where: { shop: SHOP } })).toBe(0);
    expect(await d.db.stockSnapshot.count({ where: { shop: OTHER } })).toBe(1);
  });
});
