import { describe, expect, it, vi } from "vitest";

import type { PrismaClient } from "@prisma/client";

import { allocateFixedCosts, countsForFixedCosts, monthPlan, tallyMonths } from "~/domain/fixed-costs";
import { computeOrderMargin, fixedCostFacts, marginContextFor } from "~/domain/margin";
import { replayOrder } from "~/domain/free-shipping";
import { aggregateProducts } from "~/domain/products";
import { settingsInForce } from "~/domain/settings";
import type { NormalisedOrder, OrderRecord } from "~/domain/types";
import { ALL_HISTORY, markMarginsDirty } from "~/store/dirty.server";
import { productReport, variantMargins } from "~/margins/product-report.server";
import { openRowReader, readOrderBatch } from "~/store/row-reader.server";
import { flagBits, loadMarginSources, recomputeMargins } from "~/margins/recompute.server";
import { saveSettingsVersion } from "~/store/cost-settings.server";
import { writeOrders, readOrders } from "~/store/order-store.server";
import { backfillShop } from "~/sync/backfill.server";
import { SQLITE_CACHE_KIB, SQLITE_WAL_AUTOCHECKPOINT, SqliteWorkerDb, type SqlDb } from "~/store/sql.server";
import { syncHarness, type SyncHarness } from "../sync/helpers";
import { closeAfterEach } from "../helpers/cleanup";
import { costSettings, createShop, createUnitCost, saveSettings, storeOrders } from "../helpers/factories";

/**
 * Stored margins: recompute month by month, dirty ranges, the product report from
 * day totals. Small stores with numbers worked out by hand, and a simulator store
 * checked against the engine run directly on the same orders.
 */

const SHOP = "maison-verte.myshopify.com";
const OTHER = "autre-boutique.myshopify.com";
const P1 = "gid://shopify/Product/1";
const V1 = "gid://shopify/ProductVariant/11";

const cleanup = closeAfterEach();

/** Simple settings: shipping 5.00 per parcel, packaging 1.00, labour 0.50 per order, no fees, rent 30.00 a month by order count. */
const SIMPLE = costSettings({
  shipping: { defaultCost: "5.00" },
  packaging: { perParcel: "1.00" },
  labour: { perOrder: "0.50" },
  fixedCosts: { allocation: "orders", items: [{ name: "Rent", monthlyAmount: "30.00" }] },
});

function order(id: number, processedAt: string, units: number, opts: { shipping?: number; cancelled?: boolean } = {}): OrderRecord {
  const o: NormalisedOrder = {
    id: `gid://shopify/Order/${id}`,
    name: `#${id}`,
    processedAt,
    currency: "EUR",
    taxesIncluded: false,
    cancelled: opts.cancelled ?? false,
    test: false,
    sourceName: "web",
    shippingCountryCode: "FR",
    lines: [
      {
        id: `gid://shopify/LineItem/${id}`,
        productId: P1,
        variantId: V1,
        sku: "TOTE",
        title: "Tote bag",
        quantity: units,
        currentQuantity: units,
        netRevenueBeforeTax: units * 1000,
        discountBeforeTax: 0,
        tax: 0,
        unitPriceBeforeTax: 1000,
        unitWeightGrams: null,
        requiresShipping: true,
      },
    ],
    shippingLines: opts.shipping ? [{ title: "Colissimo", code: "colissimo", source: "shopify", chargedBeforeTax: opts.shipping, tax: 0, refundedBeforeTax: 0 }] : [],
    transactions: [{ gateway: "manual", kind: "SALE", status: "SUCCESS", amount: units * 1000 + (opts.shipping ?? 0), feesActual: null }],
    refunds: { lineItemsBeforeTax: 0, shippingBeforeTax: 0 },
  };
  return { order: o, updatedAt: processedAt, financialStatus: "PAID", refunds: [] };
}

async function smallShop(db: PrismaClient, sql: SqlDb, shop: string): Promise<void> {
  await createShop(db, { shop, ianaTimezone: "Europe/Paris" });
  // Unit cost 4.00, seen by sync before every order.
  await createUnitCost(db, { shop, variantId: V1, cost: 400 });
  await saveSettings(db, shop, SIMPLE, { now: new Date("2026-01-02T00:00:00Z") });
  await storeOrders(
    sql,
    shop,
    [
      order(1, "2026-11-10T10:00:00Z", 2, { shipping: 500 }), // A
      order(2, "2026-11-20T10:00:00Z", 1), // B
      order(3, "2026-11-25T10:00:00Z", 1, { cancelled: true }), // C: cancelled
      order(4, "2026-11-30T23:30:00Z", 1), // E: 1 December in Paris
      order(5, "2026-12-01T10:00:00Z", 1), // D
    ],
    new Date("2026-12-02T00:00:00Z"),
  );
}

async function stored(db: PrismaClient, shop: string) {
  const rows = await db.orderMargin.findMany({ where: { shop }, orderBy: { processedAt: "asc" } });
  return Object.fromEntries(rows.map((r) => [r.orderName, r]));
}

describe("recompute (SQLite)", () => {
  it("stores each order's margin, fixed costs spread over its shop-local month, with numbers worked out by hand", async () => {
    const { db, sql, reader } = await cleanup.open();
    await smallShop(db, sql, SHOP);

    const r = await recomputeMargins({ db, sql, reader, now: () => new Date("2026-12-02T01:00:00Z") }, SHOP);
    expect(r.months).toEqual(["2026-11", "2026-12"]);
    expect(r.orders).toBe(5);
    const m = await stored(db, SHOP);
    // November counts A and B (C is cancelled): rent 30.00 / 2 = 15.00 each.
    // A: revenue 2 × 10.00 + 5.00 shipping = 25.00; costs 2 × 4.00 + 5.00 + 1.00 + 0.50 + 15.00 = 29.50 → −4.50.
    expect(m["#1"]).toMatchObject({ netRevenue: 2500, costOfGoods: 800, shipping: 500, packaging: 100, labour: 50, paymentFees: 0, fixedCosts: 1500, totalCosts: 2950, netMargin: -450, marginBp: -1800, localDate: "2026-11-10" });
    // B: 10.00; costs 4.00 + 5.00 + 1.00 + 0.50 + 15.00 = 25.50 → −15.50.
    expect(m["#2"]).toMatchObject({ netRevenue: 1000, fixedCosts: 1500, totalCosts: 2550, netMargin: -1550 });
    // C carries no fixed cost: 10.00 − (4.00 + 5.00 + 1.00 + 0.50) = −0.50.
    expect(m["#3"]).toMatchObject({ cancelled: true, fixedCosts: 0, netMargin: -50 });
    // E (23:30 UTC on 30 November = 1 December in Paris) and D share December's rent: 15.00 each.
    expect(m["#4"]).toMatchObject({ localDate: "2026-12-01", fixedCosts: 1500, netMargin: -1550 });
    expect(m["#5"]).toMatchObject({ fixedCosts: 1500, netMargin: -1550 });
    expect(m["#1"]!.flags & flagBits({ flags: [{ code: "LOSS", reason: "" }] })).not.toBe(0);
    // The writer's larger page cache and WAL, borrowed for the run, are given back.
    expect(await sql.query("PRAGMA cache_size")).toEqual([{ cache_size: -SQLITE_CACHE_KIB }]);
    expect(await sql.query("PRAGMA wal_autocheckpoint")).toEqual([{ wal_autocheckpoint: SQLITE_WAL_AUTOCHECKPOINT }]);
    expect(await sql.query("PRAGMA temp_store")).toEqual([{ temp_store: 0 }]);
    // Dirty ranges (settings save, orders written) are cleared.
    expect(await db.marginDirty.count({ where: { shop: SHOP } })).toBe(0);

    // Product report for November: A and B only (C is cancelled).
    const sources = await loadMarginSources(db, SHOP);
    const settingsNow = sources.settings.versions.at(-1)!.settings;
    const nov = await productReport(db, SHOP, { from: "2026-11-01", to: "2026-12-01" }, settingsNow, "EUR");
    expect(nov.total).toBe(1);
    expect(nov.products[0]).toMatchObject({ productId: P1, title: "Tote bag", orders: 2, units: 3, netRevenue: 3500, netMargin: -450 - 1550 });
    expect(nov.products[0]!.flags.map((f) => f.code)).toContain("LOSS");
    // The whole range adds both months: 5 kept units of 4 orders.
    const all = await productReport(db, SHOP, { from: "2026-01-01", to: "2027-01-01" }, settingsNow, "EUR");
    expect(all.products[0]).toMatchObject({ orders: 4, units: 5, netMargin: -450 - 1550 - 1550 - 1550 });
  });

  it("recomputes only the months a dated settings change touches, and nothing of another shop", async () => {
    const { db, sql, reader } = await cleanup.open();
    await smallShop(db, sql, SHOP);
    await smallShop(db, sql, OTHER);
    await recomputeMargins({ db, sql, reader, now: () => new Date("2026-12-02T01:00:00Z") }, SHOP);
    await recomputeMargins({ db, sql, reader, now: () => new Date("2026-12-02T01:00:00Z") }, OTHER);

    // From 1 December (Paris), no more rent.
    const saved = await saveSettingsVersion(db, SHOP, { settings: { ...SIMPLE, fixedCosts: { allocation: "orders", items: [] } }, effectiveFrom: "2026-12-01" });
    expect(saved.ok).toBe(true);
    const r = await recomputeMargins({ db, sql, reader, now: () => new Date("2026-12-03T00:00:00Z") }, SHOP);
    expect(r.months).toEqual(["2026-12"]);
    const m = await stored(db, SHOP);
    // December: 10.00 − (4.00 + 5.00 + 1.00 + 0.50) = −0.50 each; November untouched.
    expect([m["#4"]!.netMargin, m["#5"]!.netMargin]).toEqual([-50, -50]);
    expect(m["#1"]).toMatchObject({ netMargin: -450, computedAt: new Date("2026-12-02T01:00:00Z") });
    expect(m["#4"]!.computedAt).toEqual(new Date("2026-12-03T00:00:00Z"));
    // Rows are rewritten in place: still one per order, and the entries the orders page
    // walks for loss-makers first (OrderMarginRank, kept by the triggers) hold the new margins.
    const byMargin = await sql.query<{ orderName: string; netMargin: unknown }>(
      `SELECT m."orderName", r."netMargin" FROM "OrderMarginRank" r JOIN "OrderMargin" m ON m."shop" = r."shop" AND m."orderId" = r."orderId"
        WHERE r."shop" = ? ORDER BY r."netMargin", r."orderId"`,
      [SHOP],
    );
    expect(byMargin.map((r) => [r.orderName, Number(r.netMargin)])).toEqual([["#2", -1550], ["#1", -450], ["#3", -50], ["#4", -50], ["#5", -50]]);
    expect(await db.orderMarginRank.count({ where: { shop: SHOP } })).toBe(5);
    // The other shop keeps its rent.
    const o = await stored(db, OTHER);
    expect(o["#5"]).toMatchObject({ fixedCosts: 1500, netMargin: -1550 });
    // Days with P1: 10 and 20 November, 1 December (E and D); C is cancelled.
    expect(await db.productDayMargin.count({ where: { shop: OTHER } })).toBe(3);
  });

  it("follows a changed order: a refund written by sync is in the next recompute, and nothing is pending without changes", async () => {
    const { db, sql, reader } = await cleanup.open();
    await smallShop(db, sql, SHOP);
    await recomputeMargins({ db, sql, reader }, SHOP);
    expect(await recomputeMargins({ db, sql, reader }, SHOP)).toMatchObject({ months: [], orders: 0 });

    // B's unit comes back: nothing kept, the shipping of the parcel remains a cost.
    const refunded = order(2, "2026-11-20T10:00:00Z", 1);
    const lines = refunded.order.lines.map((l) => ({ ...l, currentQuantity: 0, netRevenueBeforeTax: 0 }));
    await writeOrders(sql, SHOP, [{ ...refunded, updatedAt: "2026-11-22T10:00:00Z", order: { ...refunded.order, lines, refunds: { lineItemsBeforeTax: 1000, shippingBeforeTax: 0 } } }], {
      origin: "webhook",
      now: new Date("2026-11-22T10:00:01Z"),
    });
    const r = await recomputeMargins({ db, sql, reader }, SHOP);
    expect(r.months).toEqual(["2026-11"]);
    const m = await stored(db, SHOP);
    // B: revenue 0; costs 0 goods + 5.00 + 1.00 + 0.50 + rent. Rent by order count is still 15.00.
    expect(m["#2"]).toMatchObject({ netRevenue: 0, costOfGoods: 0, fixedCosts: 1500, netMargin: -(500 + 100 + 50 + 1500), marginBp: null });
  });

  it("fails a month whole when an order cannot be computed, and leaves the writer as it found it", async () => {
    const { db, sql, reader } = await cleanup.open();
    await smallShop(db, sql, SHOP);
    // An order in another currency than the shop's settings: the engine refuses it (a bug upstream).
    const usd = order(9, "2026-12-01T12:00:00Z", 1);
    await writeOrders(sql, SHOP, [{ ...usd, order: { ...usd.order, currency: "USD" } }], { origin: "bulk", now: new Date("2026-12-02T00:00:00Z") });
    await expect(recomputeMargins({ db, sql, reader }, SHOP)).rejects.toThrow(/settings are in EUR but order #9 is in USD/);
    // November is committed, rows and product days, before the error is raised; nothing of
    // December is (its rows were staged on the writer thread and dropped), and the dirty
    // ranges stay for the next run.
    const m = await stored(db, SHOP);
    expect(Object.keys(m).sort()).toEqual(["#1", "#2", "#3"]);
    expect((await db.productDayMargin.findMany({ where: { shop: SHOP }, orderBy: { day: "asc" } })).map((d) => d.day)).toEqual(["2026-11-10", "2026-11-20"]);
    expect(await db.marginDirty.count({ where: { shop: SHOP } })).toBeGreaterThan(0);
    expect(await sql.query("PRAGMA cache_size")).toEqual([{ cache_size: -SQLITE_CACHE_KIB }]);
    // The writer thread still writes: without the bad order, the next run completes.
    await sql.execute(`DELETE FROM "Order" WHERE "shop" = ? AND "id" = ?`, [SHOP, usd.order.id]);
    const r = await recomputeMargins({ db, sql, reader }, SHOP);
    expect(r.orders).toBe(5);
    expect(Object.keys(await stored(db, SHOP)).sort()).toEqual(["#1", "#2", "#3", "#4", "#5"]);
  });

  it("rebuilds the loss-makers order (OrderMarginRank) at the end of a run that pauses its triggers, and after one that failed", async () => {
    const { db, sql, reader } = await cleanup.open();
    await smallShop(db, sql, SHOP);
    await smallShop(db, sql, OTHER);
    await recomputeMargins({ db, sql, reader }, SHOP);
    await recomputeMargins({ db, sql, reader }, OTHER);
    const rank = async (shop: string) =>
      (await db.orderMarginRank.findMany({ where: { shop }, orderBy: [{ netMargin: "asc" }, { orderId: "asc" }] })).map((r) => [r.orderId.split("/").pop(), r.netMargin]);
    // As stored by the first test's numbers, kept by the triggers (a small shop: row by row).
    const before = [["2", -1550], ["4", -1550], ["5", -1550], ["1", -450], ["3", -50]];
    expect(await rank(SHOP)).toEqual(before);
    // Labour per order 0.50 → 1.50 for all history: every order (each ships a parcel) loses 1.00 more.
    const saved = await saveSettingsVersion(db, SHOP, { settings: { ...SIMPLE, labour: { perOrder: "1.50", perItem: "0.00" } }, effectiveFrom: null });
    expect(saved.ok).toBe(true);
    // A December order the engine refuses: November is written, then the run fails, paused.
    const usd = order(9, "2026-12-01T12:00:00Z", 1);
    await writeOrders(sql, SHOP, [{ ...usd, order: { ...usd.order, currency: "USD" } }], { origin: "bulk", now: new Date("2026-12-02T00:00:00Z") });
    await expect(recomputeMargins({ db, sql, reader, rankMode: "rebuild" }, SHOP)).rejects.toThrow(/order #9 is in USD/);
    expect((await stored(db, SHOP))["#1"]!.netMargin).toBe(-550);
    // The triggers skipped the paused shop: its entries are as before the run.
    expect(await db.marginRankPaused.count({ where: { shop: SHOP } })).toBe(1);
    expect(await rank(SHOP)).toEqual(before);
    // The next run (a small shop, so "auto" would keep the triggers) sees the pause and rebuilds.
    await sql.execute(`DELETE FROM "Order" WHERE "shop" = ? AND "id" = ?`, [SHOP, usd.order.id]);
    await recomputeMargins({ db, sql, reader }, SHOP);
    expect(await db.marginRankPaused.count()).toBe(0);
    expect(await rank(SHOP)).toEqual([["2", -1650], ["4", -1650], ["5", -1650], ["1", -550], ["3", -150]]);
    // Nothing of the other shop moved, and its triggers still work.
    expect(await rank(OTHER)).toEqual(before);
    await db.orderMargin.delete({ where: { shop_orderId: { shop: OTHER, orderId: "gid://shopify/Order/3" } } });
    expect(await rank(OTHER)).toEqual(before.slice(0, 4));
  });

  it("chooses by itself: a large shop's run over most of its months rebuilds, a run over few of them or a small shop's keeps the triggers", async () => {
    const { db, sql, reader } = await cleanup.open();
    await smallShop(db, sql, SHOP);
    // Two more months with one order each: August to December, five months, 7 orders.
    await writeOrders(sql, SHOP, [order(6, "2026-08-10T10:00:00Z", 1), order(7, "2026-09-10T10:00:00Z", 1)], { origin: "bulk", now: new Date("2026-12-02T00:00:00Z") });
    // The writer's statements, to see whether a run paused the triggers.
    const seen: string[] = [];
    const recording: SqlDb = {
      ...sql,
      provider: sql.provider,
      execute: (text, params) => (seen.push(text), sql.execute(text, params)),
      query: (text, params) => sql.query(text, params),
      insertMany: (...a) => sql.insertMany(...a),
      stage: () => sql.stage(),
      transaction: (fn) => sql.transaction((tx) => fn({ ...tx, execute: (text, params) => (seen.push(text), tx.execute(text, params)) })),
      close: () => sql.close(),
    };
    const run = async (rankRebuildMinOrders: number) => {
      seen.length = 0;
      await recomputeMargins({ db, sql: recording, reader, rankRebuildMinOrders }, SHOP);
      return [seen.some((t) => t.includes(`INSERT INTO "MarginRankPaused"`)), seen.some((t) => t.includes(`INSERT INTO "OrderMarginRank"`))];
    };
    const rank = async () => (await db.orderMarginRank.findMany({ where: { shop: SHOP }, orderBy: [{ netMargin: "asc" }, { orderId: "asc" }] })).map((r) => [r.orderId.split("/").pop(), r.netMargin]);
    const margins = async () => (await db.orderMargin.findMany({ where: { shop: SHOP }, orderBy: [{ netMargin: "asc" }, { orderId: "asc" }] })).map((r) => [r.orderId.split("/").pop(), r.netMargin]);
    // All five months of a shop "large" from 5 orders: paused, then rebuilt.
    expect(await run(5)).toEqual([true, true]);
    expect(await db.marginRankPaused.count()).toBe(0);
    // August and September carry the month's whole rent (30.00): 10.00 − (4.00 + 5.00 + 1.00 + 0.50 + 30.00) = −30.50.
    expect(await rank()).toEqual([["6", -3050], ["7", -3050], ["2", -1550], ["4", -1550], ["5", -1550], ["1", -450], ["3", -50]]);
    // December alone (one month of five): the triggers move its two entries, 1.00 lower.
    await saveSettingsVersion(db, SHOP, { settings: { ...SIMPLE, labour: { perOrder: "1.50", perItem: "0.00" } }, effectiveFrom: "2026-12-01" });
    expect(await run(5)).toEqual([false, false]);
    expect(await rank()).toEqual([["6", -3050], ["7", -3050], ["4", -1650], ["5", -1650], ["2", -1550], ["1", -450], ["3", -50]]);
    // All history again, but the shop is "small" (under 100 orders): the triggers again.
    await saveSettingsVersion(db, SHOP, { settings: { ...SIMPLE, packaging: { perParcel: "2.00" } }, effectiveFrom: null });
    expect(await run(100)).toEqual([false, false]);
    expect(await rank()).toEqual(await margins());
  });

  it("removes the margin of an order gone from the copy when its month is recomputed, and only then", async () => {
    const { db, sql, reader } = await cleanup.open();
    await smallShop(db, sql, SHOP);
    await recomputeMargins({ db, sql, reader }, SHOP);
    // B (#2, November) leaves the copy; a December-only change leaves November alone.
    await sql.execute(`DELETE FROM "Order" WHERE "shop" = ? AND "id" = ?`, [SHOP, "gid://shopify/Order/2"]);
    await saveSettingsVersion(db, SHOP, { settings: { ...SIMPLE, labour: { perOrder: "1.50", perItem: "0.00" } }, effectiveFrom: "2026-12-01" });
    expect((await recomputeMargins({ db, sql, reader }, SHOP)).months).toEqual(["2026-12"]);
    expect(Object.keys(await stored(db, SHOP)).sort()).toEqual(["#1", "#2", "#3", "#4", "#5"]);
    // November recomputed: #2's margin goes, and November's rent is now A's alone (30.00).
    const r = await recomputeMargins({ db, sql, reader }, SHOP, { all: true });
    expect(r.orders).toBe(4);
    const m = await stored(db, SHOP);
    expect(Object.keys(m).sort()).toEqual(["#1", "#3", "#4", "#5"]);
    expect(m["#1"]!.fixedCosts).toBe(3000);
    expect(await db.orderMarginRank.count({ where: { shop: SHOP } })).toBe(4);
  });

  it("rebuilds the loss-makers order from the pairs the writer collected in a run over every month, and from the margins when one escaped the run", async () => {
    const { db, sql, reader } = await cleanup.open();
    await smallShop(db, sql, SHOP);
    await recomputeMargins({ db, sql, reader }, SHOP);
    const fromPairs = vi.spyOn(SqliteWorkerDb.prototype, "insertCollected");
    const warn = vi.spyOn(console, "warn");
    const rank = async () => (await db.orderMarginRank.findMany({ where: { shop: SHOP }, orderBy: [{ netMargin: "asc" }, { orderId: "asc" }] })).map((r) => [r.orderId.split("/").pop(), r.netMargin]);
    const margins = async () => (await db.orderMargin.findMany({ where: { shop: SHOP }, orderBy: [{ netMargin: "asc" }, { orderId: "asc" }] })).map((r) => [r.orderId.split("/").pop(), r.netMargin]);
    // Labour 0.50 → 1.50 for all history: each order 1.00 lower (the first test's numbers − 100).
    await saveSettingsVersion(db, SHOP, { settings: { ...SIMPLE, labour: { perOrder: "1.50", perItem: "0.00" } }, effectiveFrom: null });
    await recomputeMargins({ db, sql, reader, rankMode: "rebuild" }, SHOP, { all: true });
    expect(fromPairs).toHaveBeenCalledTimes(1);
    expect(await rank()).toEqual([["2", -1650], ["4", -1650], ["5", -1650], ["1", -550], ["3", -150]]);
    expect(warn).not.toHaveBeenCalled();
    // A margin row no run writes (an order before the shop's first one, gone from the copy):
    // the pairs miss it, the counts differ, and the rank is rebuilt from the margins.
    const a = (await db.orderMargin.findFirstOrThrow({ where: { shop: SHOP, orderName: "#1" } }));
    await db.orderMargin.create({ data: { ...a, orderId: "gid://shopify/Order/77", orderName: "#77", processedAt: new Date("2025-06-01T10:00:00Z"), localDate: "2025-06-01", netMargin: -9999 } });
    await recomputeMargins({ db, sql, reader, rankMode: "rebuild" }, SHOP, { all: true });
    expect(fromPairs).toHaveBeenCalledTimes(2);
    expect(await rank()).toEqual([["77", -9999], ["2", -1650], ["4", -1650], ["5", -1650], ["1", -550], ["3", -150]]);
    expect(await rank()).toEqual(await margins());
    expect(await db.marginRankPaused.count()).toBe(0);
    expect(warn.mock.calls.map((c) => String(c[0])).join("\n")).toMatch(/"entries":5,"margins":6/);
  });

  it("keeps the orders page's gateway and country of a margin row with the order: sync updates them, the recompute leaves them", async () => {
    const { db, sql, reader } = await cleanup.open();
    await smallShop(db, sql, SHOP);
    await recomputeMargins({ db, sql, reader }, SHOP);
    const facts = async () => (await db.orderMargin.findMany({ where: { shop: SHOP }, orderBy: { orderName: "asc" } })).map((m) => [m.orderName, m.gateway, m.countryCode]);
    expect(await facts()).toEqual([["#1", "manual", "FR"], ["#2", "manual", "FR"], ["#3", "manual", "FR"], ["#4", "manual", "FR"], ["#5", "manual", "FR"]]);
    // B is shipped to Belgium now and paid by PayPal after a failed card payment.
    const b = order(2, "2026-11-20T10:00:00Z", 1);
    const paid = [
      { gateway: "shopify_payments", kind: "SALE", status: "FAILURE", amount: 1000, feesActual: null },
      { gateway: "paypal", kind: "SALE", status: "SUCCESS", amount: 1000, feesActual: null },
    ];
    await writeOrders(sql, SHOP, [{ ...b, updatedAt: "2026-11-21T10:00:00Z", order: { ...b.order, shippingCountryCode: "BE", transactions: paid } }], {
      origin: "fetch",
      now: new Date("2026-11-21T10:00:01Z"),
    });
    const changed = [["#1", "manual", "FR"], ["#2", "paypal", "BE"], ["#3", "manual", "FR"], ["#4", "manual", "FR"], ["#5", "manual", "FR"]];
    expect(await facts()).toEqual(changed);
    // A webhook payload (no transactions) keeps the stored ones, and so the gateway.
    await writeOrders(sql, SHOP, [{ ...b, updatedAt: "2026-11-22T10:00:00Z", order: { ...b.order, shippingCountryCode: "BE", transactions: [] } }], {
      origin: "webhook",
      now: new Date("2026-11-22T10:00:01Z"),
      withTransactions: false,
    });
    expect(await facts()).toEqual(changed);
    // The recompute rewrites the margins in place and leaves the two columns as sync set them.
    const saved = await saveSettingsVersion(db, SHOP, { settings: { ...SIMPLE, labour: { perOrder: "1.50", perItem: "0.00" } }, effectiveFrom: null });
    expect(saved.ok).toBe(true);
    await recomputeMargins({ db, sql, reader }, SHOP);
    expect(await facts()).toEqual(changed);
    expect((await stored(db, SHOP))["#2"]!.netMargin).toBe(-1550 - 100);
  });

  it("reads each order as sync stored it, and a webhook payload without transactions keeps the stored ones", async () => {
    const { db, sql, reader } = await cleanup.open();
    await smallShop(db, sql, SHOP);
    // An orders/updated payload (REST webhooks carry no transactions): B's title changes.
    const b = order(2, "2026-11-20T10:00:00Z", 1);
    const lines = b.order.lines.map((l) => ({ ...l, title: "Tote bag (renamed)" }));
    await writeOrders(sql, SHOP, [{ ...b, updatedAt: "2026-11-21T10:00:00Z", order: { ...b.order, lines, transactions: [] } }], {
      origin: "webhook",
      now: new Date("2026-11-21T10:00:01Z"),
      withTransactions: false,
    });
    const all = { from: "2026-01-01T00:00:00Z", to: "2027-01-01T00:00:00Z" };
    const read = await readOrderBatch(reader, SHOP, all, null, 100);
    // The packed engine input equals the child tables (read back through Prisma, which
    // writes instants without milliseconds).
    const instant = (o: NormalisedOrder) => ({ ...o, processedAt: new Date(o.processedAt).toISOString() });
    expect(read.map(instant)).toEqual((await readOrders(db, SHOP)).map(instant));
    const readB = read.find((o) => o.id === b.order.id)!;
    expect(readB.lines[0]!.title).toBe("Tote bag (renamed)");
    expect(readB.transactions).toEqual(b.order.transactions);
  });

  it("equals the engine run directly on the same orders, for a simulator store", async () => {
    let h: SyncHarness | null = await syncHarness({ generator: { seed: 51, orders: 400, preset: "eu" } });
    cleanup.later(async () => h?.close());
    await h.db.shop.update({ where: { shop: h.shop }, data: { ianaTimezone: "Europe/Paris" } });
    await backfillShop(h.deps, h.shop);
    const settings = { ...SIMPLE, paymentFees: { gateways: [{ gateway: "paypal", percent: 3.4, fixed: "0.35" }], default: { percent: 1.4, fixed: "0.25" } }, provisions: { returnsPercent: 2, fraudPercent: 0.5, spoilagePercent: 1 } };
    expect((await saveSettingsVersion(h.db, h.shop, { settings, effectiveFrom: null })).ok).toBe(true);
    const reader = openRowReader(h.url);
    cleanup.later(() => reader.close());
    // Small batches: reads of 57 orders, writes of 130 (several reads per write, months not a multiple of either).
    const r = await recomputeMargins({ db: h.db, sql: h.sql, reader, batchSize: 57, writeBatchSize: 130 }, h.shop);
    expect(r.orders).toBe(400);

    // The engine directly: every order (Prisma read path), fixed costs by the domain's two passes.
    const sources = await loadMarginSources(h.db, h.shop);
    const orders = await readOrders(h.db, h.shop);
    const counted = orders.filter((o) => countsForFixedCosts(o)).map(fixedCostFacts);
    const tallies = tallyMonths(counted, sources.timeZone);
    const shares = new Map(
      [...allocateFixedCosts(counted, tallies, (month) => monthPlan(sources.settings, month), sources.timeZone)].map((a) => [a.orderId, a]),
    );
    const margins = orders.map((o) => {
      const a = shares.get(o.id);
      return computeOrderMargin(
        o,
        marginContextFor(o, { settings: sources.settings, unitCosts: sources.unitCosts, shippingCosts: sources.shippingCosts, fixedCosts: a ? { amount: a.amount, month: a.month, method: a.method } : null }),
      );
    });
    const rows = await h.db.orderMargin.findMany({ where: { shop: h.shop } });
    const byId = new Map(rows.map((row) => [row.orderId, row]));
    expect(rows).toHaveLength(400);
    for (const m of margins) {
      const row = byId.get(m.orderId)!;
      expect([row.netRevenue, row.totalCosts, row.netMargin, row.fixedCosts, row.paymentFees, row.flags], m.orderName).toEqual([
        m.netRevenue,
        m.totalCosts,
        m.netMargin,
        m.costs.fixedCosts,
        m.costs.paymentFees,
        flagBits(m),
      ]);
    }
    // The planner's facts stored beside each margin = the domain's replay view of the order.
    const ordersById = new Map(orders.map((o) => [o.id, o]));
    for (const m of margins) {
      const row = byId.get(m.orderId)!;
      const r = replayOrder(ordersById.get(m.orderId)!, m, settingsInForce(sources.settings, m.processedAt));
      expect([row.basket, row.shippingRevenue, row.shippingZone], m.orderName).toEqual([r.basket, r.shippingRevenue, r.zone]);
    }
    expect(rows.some((r) => r.basket > 0 && r.shippingRevenue > 0)).toBe(true);
    // Product report from day totals = the domain's aggregation of the same margins, over 12 months.
    const period = { from: "2025-10-15", to: "2026-10-15" };
    const current = sources.settings.versions.at(-1)!.settings;
    const report = await productReport(h.db, h.shop, { ...period, limit: 250 }, current, sources.currency);
    const expected = aggregateProducts(margins, {
      period: { from: "2025-10-14T22:00:00.000Z", to: "2026-10-14T22:00:00.000Z" },
      thresholds: current.thresholds,
    });
    expect(report.total).toBe(expected.length);
    expect(report.products.map((p) => [p.productId, p.units, p.netRevenue, p.netMargin, p.orders, p.flags.map((f) => f.code)])).toEqual(
      expected.map((p) => [p.productId, p.units, p.netRevenue, p.netMargin, p.orders, p.flags.map((f) => f.code)]),
    );
    // Variant rows: per (product, variant), the engine's included lines in the period, added by hand here.
    const from = Date.parse("2025-10-14T22:00:00.000Z");
    const to = Date.parse("2026-10-14T22:00:00.000Z");
    const byVariant = new Map<string, { units: number; netMargin: number }>();
    for (const m of margins) {
      const t = Date.parse(m.processedAt);
      if (m.cancelled || m.test || t < from || t >= to) continue;
      for (const l of m.lines) {
        if (!l.included || l.productId === null) continue;
        const key = `${l.productId}|${l.variantId ?? ""}`;
        const acc = byVariant.get(key) ?? { units: 0, netMargin: 0 };
        acc.units += l.units;
        acc.netMargin += l.netMargin;
        byVariant.set(key, acc);
      }
    }
    const ids = report.products.map((p) => p.productId).filter((id): id is string => id !== null);
    const variants = await variantMargins(h.db, h.shop, period, ids, current, sources.currency);
    // Products with one variant in the catalog get no variant rows (they would repeat the product's).
    const counts = await h.db.variant.groupBy({ by: ["productId"], where: { shop: h.shop }, _count: { _all: true } });
    const single = new Set(counts.filter((c) => c._count._all === 1).map((c) => c.productId));
    expect(single.size).toBeGreaterThan(0);
    let checked = 0;
    for (const p of report.products) {
      if (p.productId === null) continue;
      const vs = variants.get(p.productId) ?? [];
      if (single.has(p.productId)) {
        expect(vs, p.title).toEqual([]);
        continue;
      }
      expect(vs.reduce((a, v) => a + v.units, 0), p.title).toBe(p.units);
      expect(vs.reduce((a, v) => a + v.netMargin, 0), p.title).toBe(p.netMargin);
      for (const v of vs) {
        const want = byVariant.get(`${p.productId}|${v.variantId ?? ""}`) ?? { units: 0, netMargin: 0 };
        expect([v.units, v.netMargin], `${p.title} / ${v.title}`).toEqual([want.units, want.netMargin]);
        checked += 1;
      }
    }
    expect(checked).toBeGreaterThan(report.products.length - single.size);
    await h.close();
    h = null;
  });

  it("pages, sorts, filters and searches the product report on the server", async () => {
    const { db, sql, reader } = await cleanup.open();
    await smallShop(db, sql, SHOP);
    // A second product, profitable: 1 unit at 100.00 in November.
    const big = order(9, "2026-11-15T10:00:00Z", 1);
    const line = { ...big.order.lines[0]!, id: "gid://shopify/LineItem/9", productId: "gid://shopify/Product/2", variantId: "gid://shopify/ProductVariant/21", title: "Leather satchel", netRevenueBeforeTax: 10000, unitPriceBeforeTax: 10000 };
    await createUnitCost(db, { shop: SHOP, variantId: "gid://shopify/ProductVariant/21", cost: 3000 });
    await writeOrders(sql, SHOP, [{ ...big, order: { ...big.order, lines: [line] } }], { origin: "bulk", now: new Date("2026-12-02T00:00:00Z") });
    await markMarginsDirty(db, SHOP, [{ since: ALL_HISTORY, until: null, reason: "manual" }]);
    await recomputeMargins({ db, sql, reader }, SHOP);
    const settings = (await loadMarginSources(db, SHOP)).settings.versions.at(-1)!.settings;
    const q = { from: "2026-11-01", to: "2026-12-01" };
    const lossFirst = await productReport(db, SHOP, q, settings, "EUR");
    expect(lossFirst.products.map((p) => p.title)).toEqual(["Tote bag", "Leather satchel"]);
    // November now has 3 counted orders: rent 10.00 each. Satchel: 100.00 − (30.00 + 5.00 + 1.00 + 0.50 + 10.00) = 53.50.
    expect(lossFirst.products[1]).toMatchObject({ netMargin: 5350, netRevenue: 10000 });
    expect((await productReport(db, SHOP, { ...q, sort: "netMargin", direction: "desc" }, settings, "EUR")).products[0]!.title).toBe("Leather satchel");
    const page2 = await productReport(db, SHOP, { ...q, limit: 1, offset: 1 }, settings, "EUR");
    expect([page2.total, page2.products.map((p) => p.title)]).toEqual([2, ["Leather satchel"]]);
    expect((await productReport(db, SHOP, { ...q, flag: "LOSS" }, settings, "EUR")).products.map((p) => p.title)).toEqual(["Tote bag"]);
    expect((await productReport(db, SHOP, { ...q, search: "SATCH" }, settings, "EUR")).products.map((p) => p.title)).toEqual(["Leather satchel"]);
    expect(lossFirst.totals).toEqual({ products: 2, netRevenue: 3500 + 10000, netMargin: (2500 - 2450) + (1000 - 2050) + 5350 });
  });
});

describe("recompute (PostgreSQL)", () => {
  it("gives the same stored margins as on SQLite", async () => {
    const { db, sql, reader } = await cleanup.openOn("postgresql");
    await smallShop(db, sql, SHOP);
    const r = await recomputeMargins({ db, sql, reader }, SHOP);
    expect(r.months).toEqual(["2026-11", "2026-12"]);
    const m = await stored(db, SHOP);
    expect(Object.values(m).map((x) => [x.orderName, x.localDate, x.fixedCosts, x.netMargin])).toEqual([
      ["#1", "2026-11-10", 1500, -450],
      ["#2", "2026-11-20", 1500, -1550],
      ["#3", "2026-11-25", 0, -50],
      ["#4", "2026-12-01", 1500, -1550],
      ["#5", "2026-12-01", 1500, -1550],
    ]);
    expect(await db.productDayMargin.count({ where: { shop: SHOP } })).toBe(3);
    // Sync's update of a stored order's filter columns (UPDATE … FROM VALUES) on PostgreSQL.
    const b = order(2, "2026-11-20T10:00:00Z", 1);
    const paypal = [{ gateway: "paypal", kind: "SALE", status: "SUCCESS", amount: 1000, feesActual: null }];
    await writeOrders(sql, SHOP, [{ ...b, updatedAt: "2026-11-21T10:00:00Z", order: { ...b.order, shippingCountryCode: null, transactions: paypal } }], {
      origin: "fetch",
      now: new Date("2026-11-21T10:00:01Z"),
    });
    const facts = (await db.orderMargin.findMany({ where: { shop: SHOP }, orderBy: { orderName: "asc" } })).map((m) => [m.orderName, m.gateway, m.countryCode]);
    expect(facts).toEqual([["#1", "manual", "FR"], ["#2", "paypal", null], ["#3", "manual", "FR"], ["#4", "manual", "FR"], ["#5", "manual", "FR"]]);
  });
});
