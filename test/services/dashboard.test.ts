/**
 * The home page: the trend (day totals grouped by day, week or month over the range,
 * with empty periods present up to the last one with an order), the period totals from stored margins, and the stock
 * in what to fix first (numbers by hand).
 */
import { describe, expect, it } from "vitest";

import type { OrderRecord } from "~/domain/types";
import { recomputeMargins } from "~/margins/recompute.server";
import { dashboard, trendOf } from "~/services/dashboard.server";
import { closeAfterEach } from "../helpers/cleanup";
import { createShop, createUnitCost, oneLineOrder, saveSettings, storeOrders } from "../helpers/factories";
import { STOCK_NOW, storeStockedShop } from "../helpers/stock-shop";

const days = [
  { day: "2026-11-02", netRevenue: 10000, netMargin: 1500 }, // Monday
  { day: "2026-11-04", netRevenue: 5000, netMargin: -200 }, // Wednesday, same week
  { day: "2026-11-10", netRevenue: 2000, netMargin: 300 }, // next Tuesday
  { day: "2026-12-01", netRevenue: 999, netMargin: 99 }, // outside a November range
];

describe("trendOf", () => {
  it("is daily up to 31 days, with days without orders at 0", () => {
    const t = trendOf(days, { from: "2026-11-01", to: "2026-12-01" });
    expect(t.granularity).toBe("day");
    // 1 to 10 November: the chart stops at the last day with an order (10 November), not at the range's end.
    expect(t.points).toHaveLength(10);
    expect(t.points.at(-1)).toEqual({ start: "2026-11-10", netRevenue: 2000, netMargin: 300 });
    expect(t.points[0]).toEqual({ start: "2026-11-01", netRevenue: 0, netMargin: 0 });
    expect(t.points[1]).toEqual({ start: "2026-11-02", netRevenue: 10000, netMargin: 1500 });
    // December 1st is outside the range.
    expect(t.points.reduce((s, p) => s + p.netRevenue, 0)).toBe(17000);
  });

  it("is weekly (Monday first) up to 120 days", () => {
    const t = trendOf(days, { from: "2026-10-01", to: "2026-12-01" });
    expect(t.granularity).toBe("week");
    // 1 October 2026 is a Thursday: its week starts Monday 28 September.
    expect(t.points[0]!.start).toBe("2026-09-28");
    const week = t.points.find((p) => p.start === "2026-11-02");
    expect(week).toEqual({ start: "2026-11-02", netRevenue: 15000, netMargin: 1300 });
    expect(t.points.find((p) => p.start === "2026-11-09")).toEqual({ start: "2026-11-09", netRevenue: 2000, netMargin: 300 });
    // The last week with an order: the week of Monday 30 November, through the order of 1 December.
    expect(t.points.at(-1)!.start).toBe("2026-11-30");
  });

  it("has no point at all without an order, and keeps empty periods before the last order", () => {
    expect(trendOf([], { from: "2026-11-01", to: "2026-12-01" }).points).toEqual([]);
    const t = trendOf([{ day: "2026-11-03", netRevenue: 500, netMargin: 50 }], { from: "2026-11-01", to: "2026-12-01" });
    expect(t.points.map((p) => p.netRevenue)).toEqual([0, 0, 500]);
  });

  it("is monthly beyond 120 days", () => {
    const t = trendOf(days, { from: "2025-12-01", to: "2026-12-02" });
    expect(t.granularity).toBe("month");
    expect(t.points.map((p) => p.start)).toHaveLength(13);
    expect(t.points.find((p) => p.start === "2026-11-01")).toEqual({ start: "2026-11-01", netRevenue: 17000, netMargin: 1600 });
    expect(t.points.at(-1)).toEqual({ start: "2026-12-01", netRevenue: 999, netMargin: 99 });
  });
});

// ---------------------------------------------------------------------------
// Period totals from the stored margins, gift-card-only orders left out
// ---------------------------------------------------------------------------

const SHOP = "alpha.myshopify.com";
const NOW = new Date("2026-11-30T12:00:00Z");
const cleanup = closeAfterEach();

const TOTE = { productId: "gid://shopify/Product/1", variantId: "gid://shopify/ProductVariant/1", title: "Tote" };
const GIFT_CARD = { productId: "gid://shopify/Product/9", variantId: "gid://shopify/ProductVariant/9", title: "Gift card" };

/** One unit at `revenue` (a tote, or a gift card), no shipping charged and no weight, paid by PayPal. */
function order(id: number, day: string, revenue: number, giftCard: boolean): OrderRecord {
  return oneLineOrder({ id, processedAt: `${day}T10:00:00Z`, price: revenue, variant: giftCard ? GIFT_CARD : TOTE, unitWeightGrams: null, gateway: "paypal", giftCard });
}

describe.each([["sqlite"], ["postgresql"]] as const)("dashboard totals (%s)", (provider) => {
  it("leaves gift-card-only orders out of the order count, the average basket and the loss share", async () => {
    const { db, sql, reader } = await cleanup.openOn(provider);
    await createShop(db, { shop: SHOP, installedAt: NOW, ianaTimezone: "Europe/Paris" });
    await createUnitCost(db, { shop: SHOP, variantId: TOTE.variantId, cost: 1000 });
    // Shipping 5.00 a parcel, nothing else: a tote's net margin = revenue − 10.00 − 5.00.
    await saveSettings(db, SHOP, { shipping: { rules: [], defaultCost: "5.00" } });
    await storeOrders(
      sql,
      SHOP,
      // #3 and #4 sell only a gift card (50.00, 30.00): no margin, not an order of the margin totals.
      [order(1, "2026-11-02", 2000, false), order(2, "2026-11-10", 1200, false), order(3, "2026-11-12", 5000, true), order(4, "2026-11-20", 3000, true)],
      NOW,
    );
    await recomputeMargins({ db, sql, reader }, SHOP);
    const d = await dashboard(db, SHOP, { from: "2026-11-01", to: "2026-12-01" });
    // Orders #1 and #2 only: revenue 20.00 + 12.00 = 32.00 (average basket 32.00 / 2 = 16.00),
    // margin 5.00 + (−3.00) = 2.00, one loss-maker of two (50 %), one item each.
    expect(d.current).toMatchObject({ orders: 2, items: 2, lossOrders: 1, netRevenue: 3200, netMargin: 200, giftCardOnlyOrders: 2 });
    expect(d.current.netRevenue / d.current.orders).toBe(1600);
    expect(d.before).toMatchObject({ orders: 0, giftCardOnlyOrders: 0 });
    // The products report (product days) has no gift card either: the month's figures are the totes'.
    expect(d.months).toEqual([{ month: "2026-11", netRevenue: 3200, netMargin: 200 }]);
    expect(await db.productDayMargin.count({ where: { shop: SHOP, productId: "gid://shopify/Product/9" } })).toBe(0);
    // What to fix first: the tote earns (€2.00), PayPal is the only gateway; order #2 loses €3.00 on shipping alone
    // (€5.00 carrier cost, nothing charged). No fees or provisions: a €3.00 surcharge per such order covers it.
    expect(d.fixes.map((f) => [f.subject.kind, f.amount, f.actionText])).toEqual([["shipping-orders", 300, "Add a €3.00 shipping surcharge to such orders"]]);
    expect(d.fixes[0]!.cause).toBe("1 order loses money on shipping alone: carriers cost €5.00 more than customers paid.");
  });
});

describe.each([["sqlite"], ["postgresql"]] as const)("dashboard: stock in what to fix first (%s)", (provider) => {
  it("lists the dead stock and the overstock tying up the most cash, with the Stock page's numbers", async () => {
    const { db } = await cleanup.openOn(provider);
    await createShop(db, { shop: SHOP, installedAt: new Date("2026-11-01T00:00:00Z"), ianaTimezone: "UTC" });
    await storeStockedShop(db, SHOP);
    const d = await dashboard(db, SHOP, { from: "2026-11-01", to: "2026-12-07" }, "en", STOCK_NOW);
    // No loss (every margin is positive): the stock items alone, the most cash first (test/helpers/stock-shop.ts):
    // Linen shirt 200 × €20.00 = €4,000.00 dead; Lamp 220 units above target × €10.00 = €2,200.00;
    // Mug's Red 93 × €5.00 = €465.00 above target (Blue at risk is no item). Three at most: all three.
    expect(d.fixes.map((f) => [f.subject.kind === "stock" ? `${f.subject.title} ${f.subject.flag}` : f.subject.kind, f.amount, f.actionText])).toEqual([
      ["Linen shirt DEAD_STOCK", null, "Free €4,000.00: sell off or return the 200 units"],
      ["Lamp OVERSTOCK", null, "Skip reorders until 220 units have sold"],
      ["Mug OVERSTOCK", null, "Skip reorders until 93 units have sold"],
    ]);
    expect(d.fixes.map((f) => f.cause)).toEqual([
      // 8 Aug → 6 Dec: 23 + 30 + 31 + 30 + 6 = 120 days.
      "200 units on hand and no sale for 120 days: €4,000.00 at cost sits on the shelf.",
      "400 units on hand, about 200 days of cover at the current pace: 220 units (€2,200.00 at cost) more than 90 days of sales need.",
      "1 of 2 variants (Red): 93 units (€465.00 at cost) more than 90 days of sales need.",
    ]);
  });
});
