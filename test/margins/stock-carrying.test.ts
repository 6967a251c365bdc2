/**
 * Stock carrying cost in the stored margins (issue 18, item 4), on SQLite and PostgreSQL:
 * each product's monthly cost from that month's stock snapshots, shared over the units
 * its counted orders kept (an order's "Stock carrying" step), the rest booked on the
 * product as a loss; sums exact; no cost before the shop's first snapshot. Every number
 * worked out by hand (money in cents: 100 = €1.00).
 */
import { describe, expect, it } from "vitest";

import type { PrismaClient } from "@prisma/client";

import { productMargins } from "~/margins/product-report.server";
import { previewSettingsChange } from "~/margins/preview.server";
import { recomputeMargins } from "~/margins/recompute.server";
import { orderBreakdown } from "~/services/orders-view.server";
import { writeInventoryLevels } from "~/store/inventory-store.server";
import { recordStockSnapshots } from "~/store/stock-snapshots.server";
import { costSettings, createProduct, createShop, createUnitCost, createVariant, oneLineOrder, saveSettings, storeOrders } from "../helpers/factories";
import { closeAfterEach } from "../helpers/cleanup";

const SHOP = "entrepot.myshopify.com";
const COAT = { productId: "gid://shopify/Product/2", variantId: "gid://shopify/ProductVariant/21", title: "Wool coat" };
const MUG = { productId: "gid://shopify/Product/3", variantId: "gid://shopify/ProductVariant/31", title: "Mug" };

/** The seed's rates: storage €10.00 per m² a month for 20 m², spread by value at cost; a loan at 6 % a year. Nothing else costs. */
const SEED_CARRYING = { storage: { kind: "perArea", perSquareMetre: "10.00", squareMetres: "20" }, spread: "value", capitalAnnualPercent: 6, capitalSource: "loan" };

const cleanup = closeAfterEach();

async function stockedShop(db: PrismaClient, sql: Parameters<typeof storeOrders>[0]): Promise<void> {
  await createShop(db, { shop: SHOP, ianaTimezone: "UTC", currencyCode: "EUR" });
  for (const p of [COAT, MUG]) {
    await createProduct(db, { shop: SHOP, id: p.productId, title: p.title });
    await createVariant(db, { shop: SHOP, id: p.variantId, productId: p.productId });
  }
  // Mugs cost €10.00 each (the coat sells nothing, its cost only matters in the snapshots).
  await createUnitCost(db, { shop: SHOP, variantId: MUG.variantId, cost: 1000 });
  // NetMargin was installed on 20 November: the first snapshots. 40 coats at €100.00 = €4,000.00; 600 mugs at €10.00 = €6,000.00.
  // Kept constant over the months (a snapshot is written only when something changes).
  const recordedAt = new Date("2026-11-20T23:00:00Z");
  await db.stockSnapshot.createMany({
    data: [
      { shop: SHOP, variantId: COAT.variantId, day: "2026-11-20", onHand: 40, unitCost: 10_000, valueAtCost: 400_000n, currency: "EUR", recordedAt },
      { shop: SHOP, variantId: MUG.variantId, day: "2026-11-20", onHand: 600, unitCost: 1000, valueAtCost: 600_000n, currency: "EUR", recordedAt },
    ],
  });
  await saveSettings(db, SHOP, { ...costSettings(), carrying: SEED_CARRYING }, { now: new Date("2026-11-20T12:00:00Z") });
  const mug = (id: number, processedAt: string, units: number, cancelled = false) => oneLineOrder({ id, processedAt, price: 2000, units, variant: MUG, cancelled });
  await storeOrders(
    sql,
    SHOP,
    [
      mug(1, "2026-10-15T10:00:00Z", 1), // before install: no snapshot, no carrying cost
      mug(2, "2026-11-25T10:00:00Z", 2), // N
      mug(3, "2026-12-05T10:00:00Z", 3), // A
      mug(4, "2026-12-10T10:00:00Z", 4), // B
      mug(5, "2026-12-12T10:00:00Z", 1, true), // C: cancelled, carries nothing
    ],
    new Date("2027-01-05T00:00:00Z"),
  );
}

describe.each(["sqlite", "postgresql"] as const)("stock carrying cost in the stored margins (%s)", (provider) => {
  it("shares each product's month over its units sold, books the unsold rest on the product, and adds up exactly", async () => {
    const { db, sql, reader } = await cleanup.openOn(provider);
    await stockedShop(db, sql);
    await recomputeMargins({ db, sql, reader, now: () => new Date("2027-01-05T08:00:00Z") }, SHOP);
    const rows = Object.fromEntries((await db.orderMargin.findMany({ where: { shop: SHOP } })).map((r) => [r.orderName, r]));

    // October: before the first snapshot (20 November). Nothing is invented: 20.00 − 10.00 = 10.00.
    expect(rows["#1"]).toMatchObject({ stockCarrying: 0, totalCosts: 1000, netMargin: 1000 });

    // November: stock known from the 20th to the 30th: 11 of 30 days.
    //   Storage €200.00 × 11 / 30 = 7,333.33 → 7,333, spread by value-days: coat 400,000 × 11 = 4,400,000, mugs 6,600,000 (40 % / 60 %):
    //     coat 2,933.2, mugs 4,399.8 → 2,933 + 4,399 = 7,332, the cent left to the larger fraction → mugs 4,400.
    //   Capital: 11,000,000 value-days × 6 % / (12 × 30) = 66,000,000 / 36,000 = 1,833.33 → 1,833: coat 733.2, mugs 1,099.8 → 733 / 1,100.
    //   Mugs 4,400 + 1,100 = 5,500, all carried by N's 2 mugs: 40.00 − 20.00 − 55.00 = −35.00.
    expect(rows["#2"]).toMatchObject({ stockCarrying: 5500, costOfGoods: 2000, totalCosts: 7500, netMargin: -3500 });

    // December, 31 days all known: storage 20,000 by value (coat 12,400,000 / mugs 18,600,000 value-days): 8,000 / 12,000.
    //   Capital 31,000,000 × 6 % / (12 × 31) = 5,000 (= €10,000 × 6 % / 12): 2,000 / 3,000. Coat 10,000 (€100.00), mugs 15,000.
    //   The mugs' 15,000 over the 7 mugs kept by A (3) and B (4), cumulative rounding in (processedAt, id) order:
    //     A: 15,000 × 3 / 7 = 6,428.57 → 6,429; B: 15,000 × 7 / 7 − 6,429 = 8,571. C is cancelled: nothing.
    //   A: 60.00 − 30.00 − 64.29 = −34.29; B: 80.00 − 40.00 − 85.71 = −45.71.
    expect(rows["#3"]).toMatchObject({ stockCarrying: 6429, totalCosts: 9429, netMargin: -3429 });
    expect(rows["#4"]).toMatchObject({ stockCarrying: 8571, totalCosts: 12_571, netMargin: -4571 });
    expect(rows["#5"]).toMatchObject({ cancelled: true, stockCarrying: 0 });

    // The order page works each margin out again: the same "Stock carrying" step and net margin as stored.
    for (const name of ["#1", "#2", "#3", "#4", "#5"]) {
      const b = await orderBreakdown(db, SHOP, `gid://shopify/Order/${name.slice(1)}`);
      expect([name, b!.margin.costs.stockCarrying, b!.margin.netMargin]).toEqual([name, rows[name]!.stockCarrying, rows[name]!.netMargin]);
    }
    const b = (await orderBreakdown(db, SHOP, "gid://shopify/Order/4"))!.margin;
    expect(b.steps.stockCarrying).toEqual({ amount: 8571, month: "2026-12" });
    expect(b.lines[0]!.costs.stockCarrying).toBe(8571);

    // The products, November and December: the mugs' carrying = their orders' steps (5,500 + 6,429 + 8,571 = 20,500) + nothing unsold;
    // the coat sold nothing: its 2,933 + 733 = 3,666 and 10,000 are losses of its own: −136.66.
    const products = await productMargins(db, SHOP, { from: "2026-11-01", to: "2027-01-01" }, { thresholds: { thinMarginPercent: 10, shippingHeavyPercent: 25 }, costOfGoods: { missingCost: { mode: "exclude" } } }, "EUR");
    const byTitle = Object.fromEntries(products.map((p) => [p.title, p]));
    expect(byTitle["Mug"]).toMatchObject({ units: 9, netRevenue: 18_000, netMargin: -11_500 });
    expect(byTitle["Mug"]!.costs.stockCarrying).toBe(rows["#2"]!.stockCarrying + rows["#3"]!.stockCarrying + rows["#4"]!.stockCarrying);
    expect(byTitle["Mug"]!.costs.stockCarrying).toBe(20_500);
    expect(byTitle["Wool coat"]).toMatchObject({ orders: 0, units: 0, netRevenue: 0, netMargin: -13_666 });
    expect(byTitle["Wool coat"]!.costs.stockCarrying).toBe(13_666);
    expect(byTitle["Wool coat"]!.flags.map((f) => f.code)).toContain("LOSS");
    // The coat's rows: one per month, on the month's last day, no orders.
    const coatDays = await db.productDayMargin.findMany({ where: { shop: SHOP, productId: COAT.productId }, orderBy: { day: "asc" } });
    expect(coatDays.map((d) => [d.day, d.orders, d.units, d.stockCarrying, d.netMargin, d.title])).toEqual([
      ["2026-11-30", 0, 0, 3666, -3666, "Wool coat"],
      ["2026-12-31", 0, 0, 10_000, -10_000, "Wool coat"],
    ]);
    // December alone, the acceptance case: dead stock worth €4,000.00 costs €100.00 to keep (€80.00 storage + €20.00 capital).
    const december = await productMargins(db, SHOP, { from: "2026-12-01", to: "2027-01-01" }, { thresholds: { thinMarginPercent: 10, shippingHeavyPercent: 25 }, costOfGoods: { missingCost: { mode: "exclude" } } }, "EUR");
    expect(december.find((p) => p.title === "Wool coat")!.costs.stockCarrying).toBe(10_000);
  });

  it("counts the current month up to today, and nothing when carrying is off", async () => {
    const { db, sql, reader } = await cleanup.openOn(provider);
    await stockedShop(db, sql);
    // 10 December: days 1–10 known (10 of 31).
    //   Storage 20,000 × 10 / 31 = 6,451.61 → 6,452; by value 40 % / 60 %: 2,580.8 / 3,871.2 → 2,580 + 3,871 = 6,451, the cent left to the coat (.8): 2,581 / 3,871.
    //   Capital: value-days 10,000,000 × 6 % / (12 × 31) = 60,000,000 / 37,200 = 1,612.9 → 1,613: coat 645.2, mugs 967.8 → 645 / 968.
    //   Mugs 3,871 + 968 = 4,839 over the 7 mugs A (3) and B (4, at 10:00 today) kept:
    //   A: 4,839 × 3 / 7 = 2,073.857 → 2,074; B: 4,839 − 2,074 = 2,765.
    await recomputeMargins({ db, sql, reader, now: () => new Date("2026-12-10T12:00:00Z") }, SHOP);
    const rows = Object.fromEntries((await db.orderMargin.findMany({ where: { shop: SHOP } })).map((r) => [r.orderName, r]));
    expect(rows["#3"]!.stockCarrying).toBe(2074);
    expect(rows["#4"]!.stockCarrying).toBe(2765);
    const coat = await db.productDayMargin.findMany({ where: { shop: SHOP, productId: COAT.productId, day: { gte: "2026-12-01" } } });
    // The coat: 2,581 + 645 = 3,226, booked on today's row (the last day counted).
    expect(coat.map((d) => [d.day, d.stockCarrying])).toEqual([["2026-12-10", 3226]]);

    // Carrying switched off from 1 December: December's orders carry nothing, November's keep theirs.
    await saveSettings(db, SHOP, costSettings(), { effectiveFrom: "2026-12-01", now: new Date("2026-12-10T12:30:00Z") });
    await recomputeMargins({ db, sql, reader, now: () => new Date("2026-12-10T13:00:00Z") }, SHOP);
    const after = Object.fromEntries((await db.orderMargin.findMany({ where: { shop: SHOP } })).map((r) => [r.orderName, r]));
    expect([after["#2"]!.stockCarrying, after["#3"]!.stockCarrying, after["#4"]!.stockCarrying]).toEqual([5500, 0, 0]);
    expect(await db.productDayMargin.count({ where: { shop: SHOP, productId: COAT.productId, day: { gte: "2026-12-01" } } })).toBe(0);
  });

  it("previews a carrying change on the last 30 days before it is saved", async () => {
    const { db, sql, reader } = await cleanup.openOn(provider);
    await stockedShop(db, sql);
    await recomputeMargins({ db, sql, reader, now: () => new Date("2027-01-05T08:00:00Z") }, SHOP);
    // Window: the 30 days up to 5 January (the latest order, 12 December, is less than 30 days old), so of the orders
    // only B (10 December; A on the 5th is before it, C is cancelled). Now: B's 8,571, shared over December as the
    // recompute does. Draft without carrying: 0.
    const p = await previewSettingsChange(db, reader, SHOP, { settings: costSettings(), effectiveFrom: null }, new Date("2027-01-05T08:00:00Z"));
    if (!p.ok) throw new Error(JSON.stringify(p.errors));
    expect(p.preview.window.from <= "2026-12-10" && p.preview.window.from > "2026-12-05").toBe(true);
    expect(p.preview.current.orders).toBe(1);
    expect(p.preview.current.costs.stockCarrying).toBe(8571);
    expect(p.preview.draft.costs.stockCarrying).toBe(0);
    expect(p.preview.draft.netMargin - p.preview.current.netMargin).toBe(8571);
  });
});

describe.each(["sqlite", "postgresql"] as const)("a changed stock snapshot redoes the month's margins when carrying is counted (%s)", (provider) => {
  it("marks the margins from the snapshot's day, in the snapshot's transaction; nothing when no carrying cost is counted", async () => {
    const { db, sql } = await cleanup.openOn(provider);
    await createShop(db, { shop: SHOP, ianaTimezone: "Europe/Paris", currencyCode: "EUR" });
    await createVariant(db, { shop: SHOP, id: MUG.variantId, productId: MUG.productId, inventoryItemId: "gid://shopify/InventoryItem/31" });
    const at = (onHand: number, when: string) =>
      sql.transaction((tx) =>
        writeInventoryLevels(
          tx,
          SHOP,
          [{ inventoryItemId: "gid://shopify/InventoryItem/31", locationId: "gid://shopify/Location/1", locationName: "Paris", locationActive: true, available: onHand, onHand, committed: 0, incoming: 0, updatedAt: when }],
          `run-${when}`,
          new Date(when),
        ),
      );
    const stockDirt = () => db.marginDirty.findMany({ where: { shop: SHOP, reason: "stock" }, select: { since: true, until: true } });

    // No carrying cost counted (the defaults): snapshots change nothing in the margins.
    await at(600, "2026-12-01T08:00:00Z");
    expect(await recordStockSnapshots(db, sql, SHOP, "2026-12-01", new Date("2026-12-01T08:00:00Z"))).toMatchObject({ written: 1 });
    expect(await stockDirt()).toEqual([]);

    // Counted: a change on 3 December (Paris) marks the margins from that day's first instant (23:00 UTC the 2nd).
    await saveSettings(db, SHOP, { ...costSettings(), carrying: SEED_CARRYING }, { now: new Date("2026-12-02T08:00:00Z") });
    await at(590, "2026-12-03T08:00:00Z");
    expect(await recordStockSnapshots(db, sql, SHOP, "2026-12-03", new Date("2026-12-03T08:00:00Z"))).toMatchObject({ written: 1 });
    expect(await stockDirt()).toEqual([{ since: new Date("2026-12-02T23:00:00Z"), until: null }]);
    // Unchanged the next day: no row, nothing marked.
    expect(await recordStockSnapshots(db, sql, SHOP, "2026-12-04", new Date("2026-12-04T08:00:00Z"))).toMatchObject({ written: 0, removed: 0 });
    expect(await stockDirt()).toHaveLength(1);
  });
});
