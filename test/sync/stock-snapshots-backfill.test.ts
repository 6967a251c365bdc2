import { afterEach, describe, expect, it } from "vitest";

import { valueAtCost } from "~/store/stock-snapshots.server";
import { backfillShop, type BackfillDeps } from "~/sync/backfill.server";
import { createPostgresqlDatabase } from "../db/databases";
import { syncHarness, type SyncHarness } from "./helpers";

/**
 * Daily stock snapshots (issue 18, item 2) recorded by the backfill at the end of its
 * complete inventory import, against the Admin API simulator. Expected rows come from
 * the simulated store (its levels at active locations, its unit costs), not from
 * NetMargin's tables. The shop is in Paris; the backfill's clock is set per day.
 */

let h: SyncHarness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

/** A backfill clock from `start` (UTC), one second a call. */
function at(s: SyncHarness, start: string): BackfillDeps {
  let ms = Date.parse(start);
  return { ...s.deps, now: () => new Date((ms += 1000)) };
}

/** One row per variant stocked at an active location of the simulated store: Σ on hand, its unit cost, the value at cost. */
function expectedStock(s: SyncHarness) {
  const active = new Set(s.sim.store.locations.filter((l) => l.isActive).map((l) => l.id));
  return s.sim.store
    .variants()
    .flatMap(({ variant }) => {
      const levels = variant.inventoryItem.levels.filter((l) => l.isActive && active.has(l.locationId));
      if (levels.length === 0) return [];
      const onHand = levels.reduce((sum, l) => sum + l.onHand, 0);
      const unitCost = variant.inventoryItem.unitCost;
      return [{ variantId: variant.id, onHand, unitCost, valueAtCost: valueAtCost(onHand, unitCost) }];
    })
    .sort((a, b) => (a.variantId < b.variantId ? -1 : 1));
}

async function snapshotsOf(s: SyncHarness, day: string) {
  const rows = await s.db.stockSnapshot.findMany({ where: { shop: s.shop, day }, orderBy: { variantId: "asc" } });
  return rows.map((r) => ({ variantId: r.variantId, onHand: r.onHand, unitCost: r.unitCost, valueAtCost: r.valueAtCost === null ? null : Number(r.valueAtCost) }));
}

describe("stock snapshots recorded by the backfill", () => {
  it("first import: one row per stocked variant; same day again: only the changed one; next day unchanged: none; a cost change: one", async () => {
    h = await syncHarness({ generator: { seed: 41, orders: 40, preset: "eu" } });
    await h.db.shop.update({ where: { shop: h.shop }, data: { ianaTimezone: "Europe/Paris" } });
    // 23:30 UTC on 30 November is 00:30 on 1 December in Paris: the shop's day.
    expect((await backfillShop(at(h, "2026-11-30T23:30:00Z"), h.shop, { orders: false })).ok).toBe(true);
    const first = expectedStock(h);
    expect(first.length).toBeGreaterThan(20);
    expect(first.some((v) => v.unitCost === null)).toBe(true);
    expect(await snapshotsOf(h, "2026-12-01")).toEqual(first);
    expect(await h.db.stockSnapshot.count()).toBe(first.length);
    expect((await h.db.stockSnapshot.findFirstOrThrow()).currency).toBe("EUR");

    // Seven units received at one level, the same day.
    const received = h.sim.store.variants().find(({ variant }) => variant.inventoryItem.levels.some((l) => l.isActive))!;
    const levelAt = received.variant.inventoryItem.levels.find((l) => l.isActive)!;
    levelAt.onHand += 7;
    levelAt.available += 7;
    levelAt.updatedAt = "2026-12-01T10:00:00Z";
    expect((await backfillShop(at(h, "2026-12-01T10:05:00Z"), h.shop, { orders: false })).ok).toBe(true);
    expect(await h.db.stockSnapshot.count()).toBe(first.length);
    const second = expectedStock(h);
    expect(second.filter((v, i) => v.onHand !== first[i]!.onHand).map((v) => v.variantId)).toEqual([received.variant.id]);
    expect(await snapshotsOf(h, "2026-12-01")).toEqual(second);

    // The next day, nothing changed: nothing written.
    expect((await backfillShop(at(h, "2026-12-02T09:00:00Z"), h.shop, { orders: false })).ok).toBe(true);
    expect(await h.db.stockSnapshot.count()).toBe(first.length);

    // The day after, Shopify's unit cost of a stocked variant goes up by 1.00: one row, on the 3rd.
    const costed = second.find((v) => v.unitCost !== null && v.onHand > 0)!;
    h.sim.store.setUnitCost(costed.variantId, costed.unitCost! + 100);
    expect((await backfillShop(at(h, "2026-12-03T09:00:00Z"), h.shop, { orders: false })).ok).toBe(true);
    expect(await h.db.stockSnapshot.count()).toBe(first.length + 1);
    expect(await snapshotsOf(h, "2026-12-03")).toEqual([{ ...costed, unitCost: costed.unitCost! + 100, valueAtCost: costed.onHand * (costed.unitCost! + 100) }]);
  });

  it("works the same on PostgreSQL", async () => {
    const pgDb = await createPostgresqlDatabase();
    try {
      h = await syncHarness({ generator: { seed: 42, orders: 30, preset: "us" }, databaseUrl: pgDb.url });
      expect(h.sql.provider).toBe("postgresql");
      expect((await backfillShop(at(h, "2026-12-01T12:00:00Z"), h.shop, { orders: false })).ok).toBe(true);
      expect(await snapshotsOf(h, "2026-12-01")).toEqual(expectedStock(h));
      expect((await backfillShop(at(h, "2026-12-01T13:00:00Z"), h.shop, { orders: false })).ok).toBe(true);
      expect(await h.db.stockSnapshot.count()).toBe(expectedStock(h).length);
      await h.close();
      h = null;
    } finally {
      await pgDb.drop();
    }
  });
});
