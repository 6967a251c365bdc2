import { describe, expect, it } from "vitest";

import { createGenerator, generateStore } from "./generator";
import type { StockProfile } from "./stock";

/**
 * The generator's stock (issue 18, item 1, stock.ts): each demo store shows
 * best-sellers near a stock-out, overstocked lines, dead stock, items received
 * recently; deterministic from the seed. Sales are counted from the generated orders
 * themselves, so each profile is checked against what the store really sold.
 */

const NOW = "2026-10-15T12:00:00Z";
const DAY = 86_400_000;

/** The demo store (test/demo/run.ts defaults: seed 7, 2,000 orders) and a US one. */
const STORES = [
  { seed: 7, orders: 2000, preset: "eu" as const, now: NOW },
  { seed: 3, orders: 2000, preset: "us" as const, now: NOW },
];

function unitsSold(store: ReturnType<typeof generateStore>, sinceMs: number): Map<string, number> {
  const sold = new Map<string, number>();
  for (const o of store.orders) {
    if (Date.parse(o.processedAt) < sinceMs) continue;
    for (const l of o.lineItems) if (l.variantId) sold.set(l.variantId, (sold.get(l.variantId) ?? 0) + l.quantity);
  }
  return sold;
}

describe.each(STORES)("stock of the $preset store (seed $seed)", (opts) => {
  const gen = createGenerator(opts);
  const store = generateStore(opts);
  const variants = store.products.flatMap((p) => p.variants.map((v) => ({ product: p, variant: v, profile: gen.stockProfiles.get(v.id)! })));
  const onHand = (v: (typeof variants)[number]["variant"]) => v.inventoryItem.levels.reduce((s, l) => s + l.onHand, 0);
  const available = (v: (typeof variants)[number]["variant"]) => v.inventoryItem.levels.reduce((s, l) => s + l.available, 0);
  const of = (p: StockProfile) => variants.filter((v) => v.profile === p);
  const nowMs = Date.parse(NOW);
  const everSold = unitsSold(store, 0);
  const sold30 = unitsSold(store, nowMs - 30 * DAY);
  const sold180 = unitsSold(store, nowMs - 180 * DAY);

  it("has every kind of stock a merchant meets", () => {
    for (const p of ["stockout", "overstock", "dead", "received", "normal"] as const) expect(of(p).length, p).toBeGreaterThanOrEqual(3);
    expect(store.locations.length).toBeGreaterThanOrEqual(2);
  });

  it("best-sellers are near a stock-out: less than a month of their last month's sales, some sold out", () => {
    const best = of("stockout");
    for (const { variant } of best) expect(available(variant), variant.id).toBeLessThanOrEqual(Math.max(1, sold30.get(variant.id) ?? 0));
    expect(best.filter(({ variant }) => available(variant) === 0).length).toBeGreaterThanOrEqual(1);
    // They are the store's best-sellers: each sold more over the whole history than the median variant.
    const counts = variants.map(({ variant }) => everSold.get(variant.id) ?? 0).sort((a, b) => a - b);
    const median = counts[Math.floor(counts.length / 2)]!;
    for (const { variant } of best) expect(everSold.get(variant.id) ?? 0, variant.id).toBeGreaterThan(median);
  });

  it("overstocked lines hold more than they sold in six months", () => {
    for (const { variant } of of("overstock")) expect(onHand(variant), variant.id).toBeGreaterThan(sold180.get(variant.id) ?? 0);
  });

  it("dead stock has units on hand and no sale at all, and has not moved for four months", () => {
    for (const { variant } of of("dead")) {
      expect(onHand(variant), variant.id).toBeGreaterThan(0);
      expect(everSold.get(variant.id) ?? 0, variant.id).toBe(0);
      for (const l of variant.inventoryItem.levels) expect(Date.parse(l.updatedAt)).toBeLessThanOrEqual(nowMs - 120 * DAY);
    }
  });

  it("items received recently: stock updated in the last six days, nothing left incoming", () => {
    for (const { variant } of of("received")) {
      expect(onHand(variant)).toBeGreaterThanOrEqual(20);
      const active = variant.inventoryItem.levels.filter((l) => l.isActive);
      for (const l of active) {
        expect(Date.parse(l.updatedAt)).toBeGreaterThan(nowMs - 6 * DAY);
        expect(l.incoming).toBe(0);
      }
    }
  });

  it("every level: available = on hand − committed, nothing negative, nothing at an inactive level, gift cards hold nothing", () => {
    for (const { product, variant } of variants) {
      for (const l of variant.inventoryItem.levels) {
        expect(l.available).toBe(l.onHand - l.committed);
        expect(Math.min(l.onHand, l.committed, l.available, l.incoming)).toBeGreaterThanOrEqual(0);
        if (!l.isActive || product.productType === "Gift card") expect([l.onHand, l.incoming]).toEqual([0, 0]);
        expect(Date.parse(l.updatedAt)).toBeLessThan(nowMs);
      }
    }
  });

  it("is the same for the same seed", () => {
    const again = createGenerator(opts);
    const levels = (g: typeof gen) => g.catalog.products.flatMap((p) => p.variants.flatMap((v) => v.inventoryItem.levels.map((l) => ({ ...l }))));
    expect(levels(again)).toEqual(levels(gen));
    expect([...again.stockProfiles]).toEqual([...gen.stockProfiles]);
  });
});
