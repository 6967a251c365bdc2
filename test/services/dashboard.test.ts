/**
 * The home page: the trend (day totals grouped by day, week or month over the range,
 * with empty periods present) and the period totals from stored margins (numbers by hand).
 */
import { describe, expect, it } from "vitest";

import type { OrderRecord } from "~/domain/types";
import { recomputeMargins } from "~/margins/recompute.server";
import { saveSettingsVersion } from "~/store/cost-settings.server";
import { dashboard, trendOf } from "~/services/dashboard.server";
import { writeOrders } from "~/store/order-store.server";
import { createPostgresqlDatabase } from "../db/databases";
import { closeAfterEach } from "../helpers/cleanup";

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
    expect(t.points).toHaveLength(30);
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
    expect(t.points.at(-1)!.start).toBe("2026-11-30");
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

function order(id: number, day: string, revenue: number, giftCard: boolean): OrderRecord {
  return {
    order: {
      id: `gid://shopify/Order/${id}`, name: `#${id}`, processedAt: `${day}T10:00:00Z`, currency: "EUR", taxesIncluded: false, cancelled: false, test: false,
      sourceName: "web", shippingCountryCode: "FR",
      lines: [
        giftCard
          ? { id: `gid://shopify/LineItem/${id}`, productId: "gid://shopify/Product/9", variantId: "gid://shopify/ProductVariant/9", sku: null, title: "Gift card", quantity: 1, currentQuantity: 1, netRevenueBeforeTax: revenue, discountBeforeTax: 0, tax: 0, unitPriceBeforeTax: revenue, unitWeightGrams: null, requiresShipping: false, isGiftCard: true }
          : { id: `gid://shopify/LineItem/${id}`, productId: "gid://shopify/Product/1", variantId: "gid://shopify/ProductVariant/1", sku: null, title: "Tote", quantity: 1, currentQuantity: 1, netRevenueBeforeTax: revenue, discountBeforeTax: 0, tax: 0, unitPriceBeforeTax: revenue, unitWeightGrams: null, requiresShipping: true },
      ],
      shippingLines: [],
      transactions: [{ gateway: "paypal", kind: "SALE", status: "SUCCESS", amount: revenue, feesActual: null }],
      refunds: { lineItemsBeforeTax: 0, shippingBeforeTax: 0 },
    },
    updatedAt: `${day}T10:00:00Z`,
    financialStatus: "PAID",
    refunds: [],
  };
}

describe.each([["sqlite"], ["postgresql"]] as const)("dashboard totals (%s)", (provider) => {
  it("leaves gift-card-only orders out of the order count, the average basket and the loss share", async () => {
    let url: string | undefined;
    if (provider === "postgresql") {
      const pg = await createPostgresqlDatabase();
      cleanup.later(() => pg.drop());
      url = pg.url;
    }
    const { db, sql, reader } = await cleanup.open(url);
    await db.shop.create({ data: { shop: SHOP, installedAt: NOW, scopes: "read_orders", currencyCode: "EUR", ianaTimezone: "Europe/Paris" } });
    await db.unitCostSnapshot.create({ data: { shop: SHOP, variantId: "gid://shopify/ProductVariant/1", observedAt: new Date("2026-01-01T00:00:00Z"), cost: 1000, currency: "EUR", source: "backfill" } });
    // Shipping 5.00 a parcel, nothing else: a tote's net margin = revenue − 10.00 − 5.00.
    expect((await saveSettingsVersion(db, SHOP, { settings: { shipping: { rules: [], defaultCost: "5.00" } }, effectiveFrom: null })).ok).toBe(true);
    await writeOrders(
      sql,
      SHOP,
      // #3 and #4 sell only a gift card (50.00, 30.00): no margin, not an order of the margin totals.
      [order(1, "2026-11-02", 2000, false), order(2, "2026-11-10", 1200, false), order(3, "2026-11-12", 5000, true), order(4, "2026-11-20", 3000, true)],
      { origin: "bulk", now: NOW },
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
  });
});
