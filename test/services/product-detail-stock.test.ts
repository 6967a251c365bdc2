/**
 * The product page's stock section (issue 18, item 6) from productDetail, on both providers,
 * with the small stocked shop of test/helpers/stock-shop.ts (its numbers worked out there):
 * today's class with its reason, on hand, value at cost, days of cover, last sale, per variant
 * when there are several, the stock flags, and where the history starts.
 */
import { describe, expect, it } from "vitest";

import { productDetail } from "~/services/product-detail.server";
import { closeAfterEach } from "../helpers/cleanup";
import { createShop } from "../helpers/factories";
import { STOCK_NOW, storeStockedShop } from "../helpers/stock-shop";

const SHOP = "alpha.myshopify.com";
const RANGE = { range: "30d", from: null, to: null } as const;
const cleanup = closeAfterEach();

describe.each([["sqlite"], ["postgresql"]] as const)("product page: stock (%s)", (provider) => {
  it("a product of two variants: its class, totals, each variant and its flags", async () => {
    const { db } = await cleanup.openOn(provider);
    await createShop(db, { shop: SHOP, installedAt: new Date("2026-11-01T00:00:00Z"), ianaTimezone: "UTC" });
    await storeStockedShop(db, SHOP);
    const { stock } = await productDetail(db, SHOP, "gid://shopify/Product/2", RANGE, STOCK_NOW);
    expect(stock).toMatchObject({ inventorySynced: true, historyStarts: "2026-11-01", asOf: "2026-12-06", untracked: 0 });
    // Blue at risk and Red overstocked: the product is at risk (the most urgent first).
    // On hand 10 + 100 = 110; value 10 × €4.00 + 100 × €5.00 = €540.00.
    // Cover: 110 ÷ (28/28 + 2/28 = 30/28 a day) = 3,080 / 30 = 102.67 → 102 days. Last sale 1 Dec.
    expect(stock.product).toEqual({ onHand: 110, valueAtCost: 54_000, knownValueAtCost: 54_000, daysOfCover: 102, lastSaleOn: "2026-12-01", stockClass: "at-risk", reason: "1 of 2 variants running out." });
    // The Stock page's order: the most cash above the target first (Red's €465.00, Blue none).
    expect(stock.variants).toEqual([
      {
        variantId: "gid://shopify/ProductVariant/22",
        title: "Red",
        onHand: 100,
        valueAtCost: 50_000,
        // floor(100 × 28 / 2) = 1,400.
        daysOfCover: 1_400,
        lastSaleOn: "2026-12-01",
        stockClass: "overstock",
        reason: "100 units on hand, about 1400 days of cover (sold 2 in the last 28 days in stock): more than the 90-day target.",
      },
      {
        variantId: "gid://shopify/ProductVariant/21",
        title: "Blue",
        onHand: 10,
        valueAtCost: 4_000,
        daysOfCover: 10,
        lastSaleOn: "2026-12-01",
        stockClass: "at-risk",
        reason: "10 units on hand last about 10 days (sold 28 in the last 28 days in stock): less than the supplier's 14 days plus 7 days of safety.",
      },
    ]);
    expect(stock.flags.map((f) => [f.code, f.reason])).toEqual([
      ["OVERSTOCK", "1 of 2 variants (Red): 93 units (€465.00 at cost) more than 90 days of sales need."],
      ["STOCKOUT_RISK", "1 of 2 variants (Blue): 1 running out before a reorder arrives."],
    ]);
  });

  it("a product of one variant: no variant rows; dead stock with its value", async () => {
    const { db } = await cleanup.openOn(provider);
    await createShop(db, { shop: SHOP, installedAt: new Date("2026-11-01T00:00:00Z"), ianaTimezone: "UTC" });
    await storeStockedShop(db, SHOP);
    const { stock, product, title } = await productDetail(db, SHOP, "gid://shopify/Product/1", RANGE, STOCK_NOW);
    // No sale in the 30 days: no margin, but the page has its title and the stock shows (200 × €20.00 = €4,000.00; 8 Aug → 6 Dec = 120 days).
    expect(product).toBeNull();
    expect(title).toBe("Linen shirt");
    expect(stock.product).toEqual({ onHand: 200, valueAtCost: 400_000, knownValueAtCost: 400_000, daysOfCover: null, lastSaleOn: "2026-08-08", stockClass: "dead", reason: "No sale for 120 days, 200 units on hand." });
    expect(stock.variants).toEqual([]);
    expect(stock.flags).toEqual([{ code: "DEAD_STOCK", reason: "200 units on hand and no sale for 120 days: €4,000.00 at cost sits on the shelf.", value: 400_000, units: 200 }]);
  });

  it("before the first inventory import: nothing to show, said so", async () => {
    const { db } = await cleanup.openOn(provider);
    await createShop(db, { shop: SHOP, installedAt: new Date("2026-11-01T00:00:00Z"), ianaTimezone: "UTC" });
    const { stock } = await productDetail(db, SHOP, "gid://shopify/Product/1", RANGE, STOCK_NOW);
    expect(stock).toMatchObject({ inventorySynced: false, historyStarts: null, product: null, variants: [], flags: [] });
  });
});
