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
  const sold28 = unitsSold(store, nowMs - 28 * DAY);

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

  it("dead stock has units on hand and no sale for 90 days (the stock health's default), and has not moved for four months", () => {
    const sold90 = unitsSold(store, nowMs - 90 * DAY);
    for (const { variant } of of("dead")) {
      expect(onHand(variant), variant.id).toBeGreaterThan(0);
      expect(sold90.get(variant.id) ?? 0, variant.id).toBe(0);
      for (const l of variant.inventoryItem.levels) expect(Date.parse(l.updatedAt)).toBeLessThanOrEqual(nowMs - 120 * DAY);
    }
  });

  it("items received recently: five weeks of sales at least, stock updated in the last six days, nothing left incoming", () => {
    const sold90 = unitsSold(store, nowMs - 90 * DAY);
    for (const { variant } of of("received")) {
      // 35 days at its pace (the 28-day one when it sold then, else the 90-day one), at least 2.
      const pace = (sold28.get(variant.id) ?? 0) > 0 ? sold28.get(variant.id)! / 28 : (sold90.get(variant.id) ?? 0) / 90;
      expect(onHand(variant)).toBeGreaterThanOrEqual(Math.max(2, Math.round(pace * 35)));
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

/**
 * The 300-order offline demo (test/e2e/demo.test.ts: seed 7, 300 orders over 18 months): its
 * variants sell about once a quarter, so its stock follows the orders it really generated
 * (stock.ts, shapeFromSales). Each tracked variant is classed here as the Stock page would with
 * the default thresholds (pace: units in the last 28 days / 28 when it sold then, else the last
 * 90 days / 90; out with nothing on hand; dead with stock and no sale for 90 days; at risk under
 * 14 + 7 days of cover; overstock above 90): most are healthy, and each kind a merchant meets shows.
 */
describe("stock of the 300-order demo", () => {
  const opts = { seed: 7, orders: 300, preset: "eu" as const, now: NOW };
  const gen = createGenerator(opts);
  const store = generateStore(opts);
  const nowMs = Date.parse(NOW);
  const sold28 = unitsSold(store, nowMs - 28 * DAY);
  const sold90 = unitsSold(store, nowMs - 90 * DAY);
  const tracked = store.products.flatMap((p) => p.variants.filter((v) => v.inventoryItem.tracked));
  const classOf = (v: (typeof tracked)[number]) => {
    const onHand = v.inventoryItem.levels.reduce((s, l) => s + l.onHand, 0);
    if (onHand <= 0) return "out";
    const u28 = sold28.get(v.id) ?? 0;
    const u90 = sold90.get(v.id) ?? 0;
    if (u90 === 0) return "dead";
    const cover = onHand / (u28 > 0 ? u28 / 28 : u90 / 90);
    return cover < 21 ? "at risk" : cover > 90 ? "overstock" : "healthy";
  };
  const counts = new Map<string, number>();
  for (const v of tracked) counts.set(classOf(v), (counts.get(classOf(v)) ?? 0) + 1);

  it("most stocked lines are healthy; best sellers near a stock-out, overstock, dead stock and recent deliveries all show", () => {
    expect(counts.get("healthy")! * 2, JSON.stringify([...counts])).toBeGreaterThan(tracked.length);
    for (const c of ["out", "at risk", "overstock", "dead"]) expect(counts.get(c) ?? 0, c).toBeGreaterThanOrEqual(1);
    expect(counts.get("overstock")! + counts.get("dead")!, JSON.stringify([...counts])).toBeLessThan(counts.get("healthy")!);
    expect([...gen.stockProfiles.values()].filter((p) => p === "received").length).toBeGreaterThanOrEqual(3);
  });

  it("lines unsold for 90 days that are not dead stock are made to order: not tracked, holding nothing", () => {
    const made = store.products.flatMap((p) => p.variants.filter((v) => gen.stockProfiles.get(v.id) === "madeToOrder"));
    expect(made.length).toBeGreaterThan(0);
    for (const v of made) {
      expect(v.inventoryItem.tracked).toBe(false);
      expect(sold90.get(v.id) ?? 0).toBe(0);
      expect(v.inventoryItem.levels.every((l) => l.onHand === 0 && l.incoming === 0)).toBe(true);
    }
  });
});
