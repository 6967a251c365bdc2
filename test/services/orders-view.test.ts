import { describe, expect, it } from "vitest";

import type { OrderRecord } from "~/domain/types";
import { recomputeMargins } from "~/margins/recompute.server";
import type { Prisma } from "@prisma/client";

import { nameMatches, orderBreakdown, ordersCsv, ordersView, parseOrdersParams, productChoices, productOrders, productTitle } from "~/services/orders-view.server";
import { closeAfterEach } from "../helpers/cleanup";
import { createProduct, createShop, createUnitCost, oneLineOrder, saveSettings, storeOrders } from "../helpers/factories";

/** The orders page's data on both providers: order, filters, capped count, CSV, and an order's breakdown. */
const SHOP = "alpha.myshopify.com";
const NOW = new Date("2026-11-30T12:00:00Z");
const cleanup = closeAfterEach();

const TOTE = { productId: "gid://shopify/Product/1", variantId: "gid://shopify/ProductVariant/1", title: "Tote" };

/** One tote at `revenue`, no shipping charged and no weight, paid through `gateway`, to `country`. */
function order(id: number, day: string, revenue: number, gateway: string, country: string): OrderRecord {
  return oneLineOrder({ id, processedAt: `${day}T10:00:00Z`, price: revenue, variant: TOTE, unitWeightGrams: null, gateway, country });
}

async function setup(provider: "sqlite" | "postgresql", more: OrderRecord[] = []) {
  const { db, sql, reader } = await cleanup.openOn(provider);
  await createShop(db, { shop: SHOP, installedAt: NOW, ianaTimezone: "Europe/Paris" });
  await createUnitCost(db, { shop: SHOP, variantId: TOTE.variantId, cost: 1000 });
  // Shipping 5.00 a parcel, nothing else: net margin = revenue − 10.00 − 5.00.
  await saveSettings(db, SHOP, { shipping: { rules: [], defaultCost: "5.00" } });
  await storeOrders(
    sql,
    SHOP,
    [order(1, "2026-11-02", 2000, "paypal", "FR"), order(2, "2026-11-10", 1200, "shopify_payments", "DE"), order(3, "2026-11-20", 3000, "paypal", "DE"), order(4, "2026-10-05", 1400, "manual", "FR"), ...more],
    NOW,
  );
  await recomputeMargins({ db, sql, reader }, SHOP);
  return db;
}

const params = (q: string) => {
  const p = parseOrdersParams(new URLSearchParams(q));
  if (!p.ok) throw new Error(JSON.stringify(p.errors));
  return p.params;
};

describe.each([["sqlite"], ["postgresql"]] as const)("orders view (%s)", (provider) => {
  it("lists loss-makers first, filters, counts, and explains one order", async () => {
    const db = await setup(provider);
    // Margins: #1 20.00−15.00 = 5.00; #2 12.00−15.00 = −3.00; #3 30.00−15.00 = 15.00; #4 14.00−15.00 = −1.00.
    const all = await ordersView(db, SHOP, params("range=all"), { now: NOW });
    expect(all.rows.map((r) => [r.orderName, r.netMargin])).toEqual([["#2", -300], ["#4", -100], ["#1", 500], ["#3", 1500]]);
    expect([all.total, all.totalCapped]).toEqual([4, false]);
    expect(all.gateways).toEqual(["manual", "paypal", "shopify_payments"]);
    expect(all.countries).toEqual(["DE", "FR"]);
    expect((await ordersView(db, SHOP, params("range=all&flag=LOSS"), { now: NOW })).rows.map((r) => r.orderName)).toEqual(["#2", "#4"]);
    expect((await ordersView(db, SHOP, params("range=all&gateway=paypal&country=DE"), { now: NOW })).rows.map((r) => r.orderName)).toEqual(["#3"]);
    // The last 30 days from 30 November: 1 to 30 November, newest first.
    expect((await ordersView(db, SHOP, params("range=30d&sort=processedAt"), { now: NOW })).rows.map((r) => r.orderName)).toEqual(["#3", "#2", "#1"]);
    // The search finds order names holding it, "#" or not; % is a literal character, not a wildcard.
    expect((await ordersView(db, SHOP, params("range=all&q=%233"), { now: NOW })).rows.map((r) => r.orderName)).toEqual(["#3"]);
    expect((await ordersView(db, SHOP, params("range=all&q=2"), { now: NOW })).rows.map((r) => r.orderName)).toEqual(["#2"]);
    expect((await ordersView(db, SHOP, params("range=all&q=%25"), { now: NOW })).total).toBe(0);
    // Each row's parcel cost (the Shipping column): the 5.00 default.
    expect(all.rows.map((r) => r.shipping)).toEqual([500, 500, 500, 500]);
    const page2 = await ordersView(db, SHOP, params("range=all&page=2"), { now: NOW, pageSize: 3 });
    expect(page2.rows.map((r) => r.orderName)).toEqual(["#3"]);
    expect(ordersCsv(all).split("\r\n")[1]).toBe("#2,2026-11-10,shopify_payments,DE,1,12.00,15.00,-3.00,-25.00,LOSS SHIPPING_HEAVY"); // shipping 5.00 is 41.7 % of 12.00, above 25 %
    const detail = await orderBreakdown(db, SHOP, "gid://shopify/Order/2");
    expect(detail?.margin).toMatchObject({ netMargin: -300, steps: { shipping: { amount: 500, source: "default" } } });
    expect(await orderBreakdown(db, "other.myshopify.com", "gid://shopify/Order/2")).toBeNull();
  });
});

describe.each([["sqlite"], ["postgresql"]] as const)("orders view, gift-card-only orders (%s)", (provider) => {
  it("lists a gift-card-only order said as such, with no margin and not as a loss", async () => {
    // #5 sells only a 50.00 gift card (no shipping): not merchandise, so no revenue, no cost, no margin.
    const gift = order(5, "2026-11-15", 5000, "paypal", "FR");
    const line = gift.order.lines[0]!;
    const db = await setup(provider, [
      { ...gift, order: { ...gift.order, lines: [{ ...line, productId: "gid://shopify/Product/9", variantId: "gid://shopify/ProductVariant/9", title: "Gift card", requiresShipping: false, isGiftCard: true }] } },
    ]);
    const all = await ordersView(db, SHOP, params("range=all"), { now: NOW });
    // Still listed (5 orders), between the loss-makers (−3.00, −1.00) and #1 (5.00) at 0.00.
    expect(all.rows.map((r) => [r.orderName, r.netMargin, r.giftCardOnly])).toEqual([["#2", -300, false], ["#4", -100, false], ["#5", 0, true], ["#1", 500, false], ["#3", 1500, false]]);
    expect(all.rows[2]).toMatchObject({ netRevenue: 0, totalCosts: 0, marginBp: null, flags: [] });
    expect((await ordersView(db, SHOP, params("range=all&flag=LOSS"), { now: NOW })).rows.map((r) => r.orderName)).toEqual(["#2", "#4"]);
    // Newest first: the same mark by date.
    expect((await ordersView(db, SHOP, params("range=30d&sort=processedAt"), { now: NOW })).rows.map((r) => [r.orderName, r.giftCardOnly])).toEqual([["#3", false], ["#5", true], ["#2", false], ["#1", false]]);
  });
});

describe("orders view parameters", () => {
  it("names every bad parameter", () => {
    const r = parseOrdersParams(new URLSearchParams("sort=netRevenue&flag=RED&country=France&gateway=%3Cscript%3E&page=-1"));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.map((e) => e.path).sort()).toEqual(["country", "flag", "gateway", "page", "sort"]);
    if (!r.ok) expect(Object.fromEntries(r.errors.map((e) => [e.path, e.message]))).toEqual({ sort: "not one of the choices offered", flag: "not one of the choices offered", country: "not a country", gateway: "not a gateway of your orders", page: "no such page" });
  });
});

describe.each([["sqlite"], ["postgresql"]] as const)("orders view, refunded orders (%s)", (provider) => {
  it("marks a fully refunded order 'refunded' and a partly refunded one 'partly-refunded', on the list and the order page", async () => {
    // #6: one tote at 25.00, all refunded: nothing kept, 25.00 refunded, Shopify says REFUNDED.
    const full = order(6, "2026-11-25", 2500, "paypal", "FR");
    const fullLine = full.order.lines[0]!;
    // #7: two totes at 20.00, one refunded: 20.00 kept, 20.00 refunded, Shopify says PARTIALLY_REFUNDED.
    const part = oneLineOrder({ id: 7, processedAt: "2026-11-26T10:00:00Z", price: 2000, units: 2, variant: TOTE, unitWeightGrams: null, gateway: "paypal", country: "FR" });
    const partLine = part.order.lines[0]!;
    const db = await setup(provider, [
      {
        ...full,
        financialStatus: "REFUNDED",
        order: { ...full.order, lines: [{ ...fullLine, currentQuantity: 0, netRevenueBeforeTax: 0 }], refunds: { lineItemsBeforeTax: 2500, shippingBeforeTax: 0 } },
      },
      {
        ...part,
        financialStatus: "PARTIALLY_REFUNDED",
        order: { ...part.order, lines: [{ ...partLine, currentQuantity: 1, netRevenueBeforeTax: 2000 }], refunds: { lineItemsBeforeTax: 2000, shippingBeforeTax: 0 } },
      },
    ]);
    const byDate = await ordersView(db, SHOP, params("range=all&sort=processedAt"), { now: NOW });
    // Newest first; the four PAID orders of setup() have no refund badge.
    expect(byDate.rows.map((r) => [r.orderName, r.netRevenue, r.refund])).toEqual([
      ["#7", 2000, "partly-refunded"],
      ["#6", 0, "refunded"],
      ["#3", 3000, null],
      ["#2", 1200, null],
      ["#1", 2000, null],
      ["#4", 1400, null],
    ]);
    // By net margin too (the other query path).
    const byMargin = await ordersView(db, SHOP, params("range=all"), { now: NOW });
    expect(Object.fromEntries(byMargin.rows.map((r) => [r.orderName, r.refund]))).toMatchObject({ "#6": "refunded", "#7": "partly-refunded", "#2": null });
    expect((await orderBreakdown(db, SHOP, "gid://shopify/Order/6"))?.refund).toBe("refunded");
    expect((await orderBreakdown(db, SHOP, "gid://shopify/Order/7"))?.refund).toBe("partly-refunded");
    expect((await orderBreakdown(db, SHOP, "gid://shopify/Order/2"))?.refund).toBeNull();
  });
});

describe.each([["sqlite"], ["postgresql"]] as const)("orders view, search by name and product filter (%s)", (provider) => {
  it("finds names from their start, '#' or not, through the name index; filters by product through the lines' index", async () => {
    const BAG = { productId: "gid://shopify/Product/2", variantId: "gid://shopify/ProductVariant/2", title: "Bag" };
    // Besides setup's #1–#4 (totes): #10 and #12 (totes) and #20 (a bag at 40.00, 10.00 cost: margin 40.00 − 10.00 − 5.00 = 25.00).
    const db = await setup(provider, [
      order(10, "2026-11-03", 1000, "paypal", "FR"),
      order(12, "2026-11-04", 1000, "paypal", "FR"),
      oneLineOrder({ id: 20, processedAt: "2026-11-05T10:00:00Z", price: 4000, variant: BAG, unitWeightGrams: null, gateway: "paypal", country: "FR" }),
    ]);
    await createUnitCost(db, { shop: SHOP, variantId: BAG.variantId, cost: 1000 });
    const names = async (q: string) => (await ordersView(db, SHOP, params(`range=all&sort=processedAt&direction=asc&${q}`), { now: NOW })).rows.map((r) => r.orderName);
    // "1" is the start of #1, #10, #12 (not #21-style middles: "0" finds nothing, where a LIKE '%0%' found #10 and #20).
    expect(await names("q=1")).toEqual(["#1", "#10", "#12"]);
    expect(await names("q=%2310")).toEqual(["#10"]);
    expect(await names("q=2")).toEqual(["#20", "#2"]); // 5 and 10 November
    expect(await names("q=0")).toEqual([]);
    expect(await names("q=%2312%25")).toEqual([]);
    // The product filter: the bag is only in #20; the tote in the 6 others. Both sorts, and with a search.
    const bag = "product=gid%3A%2F%2Fshopify%2FProduct%2F2";
    const tote = "product=gid%3A%2F%2Fshopify%2FProduct%2F1";
    expect(await names(bag)).toEqual(["#20"]);
    expect(await names(tote)).toEqual(["#4", "#1", "#10", "#12", "#2", "#3"]);
    expect(await names(`${tote}&q=1`)).toEqual(["#1", "#10", "#12"]);
    // By net margin (the rank walk when the product is in many orders: a bound of 1 line makes the tote "dense").
    // Margins: #10, #12 10.00 − 15.00 = −5.00; #2 −3.00; #4 −1.00; #1 5.00; #3 15.00.
    for (const sparseProductLines of [1, 5000]) {
      const byMargin = await ordersView(db, SHOP, params(`range=all&${tote}`), { now: NOW, sparseProductLines });
      expect(byMargin.rows.map((r) => [r.orderName, r.netMargin])).toEqual([["#10", -500], ["#12", -500], ["#2", -300], ["#4", -100], ["#1", 500], ["#3", 1500]]);
      expect(byMargin.total).toBe(6);
    }
    // Another shop's product id finds nothing here; a malformed one is named.
    expect(await names("product=gid%3A%2F%2Fshopify%2FProduct%2F3")).toEqual([]);
    const bad = parseOrdersParams(new URLSearchParams("product=42"));
    expect(bad.ok ? [] : bad.errors).toEqual([{ path: "product", message: "not a product of your store" }]);

    // The picker's choices: titles holding the text, any case, by title; the chip's title.
    await createProduct(db, { shop: SHOP, id: TOTE.productId, title: "Tote" });
    await createProduct(db, { shop: SHOP, id: BAG.productId, title: "Canvas bag" });
    await createProduct(db, { shop: "other.myshopify.com", id: BAG.productId, title: "Big bag" });
    expect(await productChoices(db, SHOP, "BAG")).toEqual([{ id: BAG.productId, title: "Canvas bag" }]);
    expect((await productChoices(db, SHOP, "")).map((p) => p.title)).toEqual(["Canvas bag", "Tote"]);
    expect(await productChoices(db, SHOP, "%")).toEqual([]);
    expect(await productTitle(db, SHOP, BAG.productId)).toBe("Canvas bag");
    expect(await productTitle(db, SHOP, "gid://shopify/Product/3")).toBeNull();

    // The plans use the new indexes (PostgreSQL told to avoid a sequential scan of these few rows, as it does at scale).
    const plan = async (query: Prisma.Sql) =>
      provider === "sqlite"
        ? (await db.$queryRaw<{ detail: string }[]>`EXPLAIN QUERY PLAN ${query}`).map((r) => r.detail).join("\n")
        : await db.$transaction(async (tx) => {
            await tx.$executeRaw`SET LOCAL enable_seqscan = off`;
            return (await tx.$queryRaw<{ "QUERY PLAN": string }[]>`EXPLAIN ${query}`).map((r) => r["QUERY PLAN"]).join("\n");
          });
    expect(await plan(nameMatches(provider, SHOP, "1042")!)).toContain("OrderMargin_shop_orderName_idx");
    expect(await plan(productOrders(SHOP, BAG.productId))).toContain("OrderLine_shop_productId_orderId_idx");
  });
});
