/**
 * Home reads its totals and order patterns from the day summary (`ShopDayMargin`,
 * store/day-summary.server.ts), written with the margins: the month-wide recompute and the
 * per-order refresh. The summary must equal the sum over the orders' stored margins, on both
 * databases (numbers by hand).
 */
import { readFileSync } from "node:fs";

import { describe, expect, it } from "vitest";

import type { PrismaClient } from "@prisma/client";

import type { OrderRecord } from "~/domain/types";
import { refreshChangedOrderMargins } from "~/margins/order-margin.server";
import { recomputeMargins } from "~/margins/recompute.server";
import { dashboard } from "~/services/dashboard.server";
import { dayRuns } from "~/store/day-summary.server";
import { writeOrders } from "~/store/order-store.server";
import { closeAfterEach } from "../helpers/cleanup";
import { createShop, createUnitCost, oneLineOrder, saveSettings, storeOrders } from "../helpers/factories";

const SHOP = "alpha.myshopify.com";
const NOW = new Date("2026-11-30T12:00:00Z");
const cleanup = closeAfterEach();

const TOTE = { productId: "gid://shopify/Product/1", variantId: "gid://shopify/ProductVariant/1", title: "Tote" };
const GIFT_CARD = { productId: "gid://shopify/Product/9", variantId: "gid://shopify/ProductVariant/9", title: "Gift card" };

/** One unit at `price` (a tote, or a gift card), no shipping charged, no weight. */
function order(id: number, processedAt: string, price: number, gateway: string, more: { giftCard?: boolean; cancelled?: boolean } = {}): OrderRecord {
  return oneLineOrder({ id, processedAt, price, variant: more.giftCard ? GIFT_CARD : TOTE, unitWeightGrams: null, gateway, ...more });
}

/**
 * Europe/Paris; a tote costs 10.00, every parcel 5.00 to ship, nothing charged for it:
 * a tote's net margin = price − 10.00 − 5.00.
 */
const ORDERS = [
  // 31 Oct 23:30 UTC is 1 November 00:30 in Paris (CET, UTC+1): November's first day.
  order(1, "2026-10-31T23:30:00Z", 3000, "paypal"), // margin 30 − 15 = 15.00
  order(2, "2026-11-02T10:00:00Z", 2000, "paypal"), // 5.00
  order(3, "2026-11-02T11:00:00Z", 1200, "stripe"), // −3.00: lost on shipping alone (5.00 carrier cost, 0 paid, loss 3.00 ≤ 5.00)
  order(4, "2026-11-10T10:00:00Z", 5000, "paypal", { giftCard: true }), // gift card only: no margin, counted apart
  order(5, "2026-11-12T10:00:00Z", 9900, "paypal", { cancelled: true }), // cancelled: left out
  order(6, "2026-10-15T10:00:00Z", 2500, "paypal"), // October (the previous period): 10.00
];

async function store(provider: "sqlite" | "postgresql") {
  const { db, sql, reader } = await cleanup.openOn(provider);
  await createShop(db, { shop: SHOP, installedAt: NOW, ianaTimezone: "Europe/Paris" });
  await createUnitCost(db, { shop: SHOP, variantId: TOTE.variantId, cost: 1000 });
  await saveSettings(db, SHOP, { shipping: { rules: [], defaultCost: "5.00" } });
  await storeOrders(sql, SHOP, ORDERS, NOW);
  await recomputeMargins({ db, sql, reader, now: () => NOW }, SHOP);
  return { db, sql, reader };
}

/** What Home's totals were before the day summary: Σ over the stored margins of the local days [from, to), cancelled and test left out. */
async function sumOverOrders(db: PrismaClient, from: string, to: string) {
  const rows = await db.orderMargin.findMany({ where: { shop: SHOP, cancelled: false, test: false, localDate: { gte: from, lt: to } } });
  const giftCards = new Set((await db.order.findMany({ where: { shop: SHOP, giftCardOnly: true }, select: { id: true } })).map((o) => o.id));
  const sum = (f: (r: (typeof rows)[number]) => number) => rows.reduce((s, r) => s + f(r), 0);
  const giftCardOnlyOrders = rows.filter((r) => r.marginBp === null && giftCards.has(r.orderId)).length;
  return {
    orders: rows.length - giftCardOnlyOrders,
    giftCardOnlyOrders,
    items: sum((r) => r.items),
    lossOrders: rows.filter((r) => r.netMargin < 0).length,
    netRevenue: sum((r) => r.netRevenue),
    costOfGoods: sum((r) => r.costOfGoods),
    shipping: sum((r) => r.shipping),
    packaging: sum((r) => r.packaging),
    labour: sum((r) => r.labour),
    paymentFees: sum((r) => r.paymentFees),
    fixedCosts: sum((r) => r.fixedCosts),
    stockCarrying: sum((r) => r.stockCarrying),
    provisions: sum((r) => r.provisions),
    netMargin: sum((r) => r.netMargin),
  };
}

describe("dayRuns", () => {
  it("merges consecutive days into one range, [first, day after last)", () => {
    expect(dayRuns(["2026-11-03", "2026-11-01", "2026-11-02", "2026-11-02", "2026-11-30", "2026-12-01", "2026-12-05"])).toEqual([
      { fromDay: "2026-11-01", toDay: "2026-11-04" },
      { fromDay: "2026-11-30", toDay: "2026-12-02" },
      { fromDay: "2026-12-05", toDay: "2026-12-06" },
    ]);
  });
});

describe.each([["sqlite"], ["postgresql"]] as const)("Home from the day summary (%s)", (provider) => {
  it("has one row per local day and gateway, and Home's totals equal the sum over the orders", async () => {
    const { db } = await store(provider);
    const days = await db.shopDayMargin.findMany({ where: { shop: SHOP }, orderBy: [{ day: "asc" }, { gateway: "asc" }] });
    expect(days.map((d) => [d.day, d.gateway, d.orders, d.giftCardOnly, d.netRevenue, d.netMargin, d.lossOrders, d.shippingLossOrders, d.shippingLoss, d.unpaidShipping])).toEqual([
      ["2026-10-15", "paypal", 1, 0, 2500, 1000, 0, 0, 0, 0],
      // Order #1, by its Paris day.
      ["2026-11-01", "paypal", 1, 0, 3000, 1500, 0, 0, 0, 0],
      ["2026-11-02", "paypal", 1, 0, 2000, 500, 0, 0, 0, 0],
      // #3 loses 3.00, all of it on shipping: 5.00 carrier cost above the 0 paid.
      ["2026-11-02", "stripe", 1, 0, 1200, -300, 1, 1, 300, 500],
      // #4 sold a gift card only: a row of 0; #5 (cancelled, 12 November) has none.
      ["2026-11-10", "paypal", 1, 1, 0, 0, 0, 0, 0, 0],
    ]);

    const d = await dashboard(db, SHOP, { from: "2026-11-01", to: "2026-12-01" });
    // November: #1, #2, #3 (#4 apart): revenue 30 + 20 + 12 = 62.00, goods 3 × 10 = 30.00, shipping 3 × 5 = 15.00,
    // margin 15 + 5 − 3 = 17.00, one loss-maker.
    expect(d.current).toEqual({
      orders: 3, giftCardOnlyOrders: 1, items: 3, lossOrders: 1, netRevenue: 6200, costOfGoods: 3000, shipping: 1500, packaging: 0, labour: 0,
      paymentFees: 0, fixedCosts: 0, stockCarrying: 0, provisions: 0, netMargin: 1700,
    });
    expect(d.current).toEqual(await sumOverOrders(db, "2026-11-01", "2026-12-01"));
    // The previous 30 days, 2 to 31 October: #6 alone, 25.00 − 10.00 − 5.00 = 10.00.
    expect(d.previous).toEqual({ from: "2026-10-02", to: "2026-11-01" });
    expect(d.before).toMatchObject({ orders: 1, giftCardOnlyOrders: 0, netRevenue: 2500, costOfGoods: 1000, shipping: 500, netMargin: 1000 });
    expect(d.before).toEqual(await sumOverOrders(db, "2026-10-02", "2026-11-01"));
    // Fix these first: #3 loses 3.00 on shipping alone.
    expect(d.fixes.map((f) => [f.subject.kind, f.amount])).toEqual([["shipping-orders", 300]]);
  });

  it("is filled by the migration from the margins already stored, as the writers write it", async () => {
    const { db, sql } = await store(provider);
    const rows = async () => (await db.shopDayMargin.findMany({ where: { shop: SHOP }, orderBy: [{ day: "asc" }, { gateway: "asc" }] })).map(({ writtenAt, ...r }) => ({ ...r, written: writtenAt !== null }));
    const written = await rows();
    expect(written).toHaveLength(5);
    // Written by the recompute at its run's time; the migration's rows have no time.
    expect(written.every((r) => r.written)).toBe(true);
    await db.shopDayMargin.deleteMany({ where: { shop: SHOP } });
    const dir = provider === "sqlite" ? "prisma/migrations" : "prisma/postgresql/migrations";
    const migration = readFileSync(`${dir}/20261208004025_shop_day_margin/migration.sql`, "utf8");
    await sql.execute(migration.slice(migration.indexOf("INSERT INTO")));
    expect(await rows()).toEqual(written.map((r) => ({ ...r, written: false })));
  });

  it("follows a webhook's order written ahead of the month-wide run (the per-order refresh)", async () => {
    const { db, sql, reader } = await store(provider);
    // #3 edited to 2 units: 24.00 − 20.00 goods − 5.00 shipping = −1.00, still lost on shipping alone.
    const before = order(3, "2026-11-02T11:00:00Z", 1200, "stripe");
    const edited: OrderRecord = {
      ...before,
      updatedAt: "2026-11-30T13:00:00Z",
      order: {
        ...before.order,
        lines: before.order.lines.map((l) => ({ ...l, quantity: 2, currentQuantity: 2, netRevenueBeforeTax: 2400 })),
        transactions: before.order.transactions.map((t) => ({ ...t, amount: 2400 })),
      },
    };
    await writeOrders(sql, SHOP, [edited], { origin: "webhook", now: new Date("2026-11-30T13:00:00Z"), withTransactions: false });

    expect(await refreshChangedOrderMargins({ db, sql, reader, now: () => new Date("2026-11-30T13:00:01Z") }, SHOP)).toEqual({ orders: 1 });

    const row = await db.shopDayMargin.findUniqueOrThrow({ where: { shop_day_gateway_currency: { shop: SHOP, day: "2026-11-02", gateway: "stripe", currency: "EUR" } } });
    expect([row.orders, row.items, row.netRevenue, row.costOfGoods, row.netMargin, row.shippingLossOrders, row.shippingLoss]).toEqual([1, 2, 2400, 2000, -100, 1, 100]);
    const d = await dashboard(db, SHOP, { from: "2026-11-01", to: "2026-12-01" });
    // 30 + 20 + 24 = 74.00 revenue, 15 + 5 − 1 = 19.00 margin.
    expect(d.current).toMatchObject({ orders: 3, items: 4, netRevenue: 7400, netMargin: 1900 });
    expect(d.current).toEqual(await sumOverOrders(db, "2026-11-01", "2026-12-01"));
  });
});
