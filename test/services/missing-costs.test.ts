/**
 * The bulk unit-cost editor (issue 17, item 4): the variants without any unit cost, and many
 * costs saved at once through the store's override write, all or nothing, each bad value named
 * by its product in the merchant's words. Also the product page's latest orders with the product.
 */
import { describe, expect, it } from "vitest";

import type { OrderRecord } from "~/domain/types";
import { recomputeMargins } from "~/margins/recompute.server";
import { missingCosts, saveMissingCosts } from "~/services/missing-costs.server";
import { onboardingSteps } from "~/services/onboarding.server";
import { productDetail } from "~/services/product-detail.server";
import { closeAfterEach } from "../helpers/cleanup";
import { createProduct, createShop, createUnitCost, createVariant, oneLineOrder, saveSettings, storeOrders } from "../helpers/factories";

const SHOP = "maison-verte.myshopify.com";
const NOW = new Date("2026-11-30T12:00:00Z");
const cleanup = closeAfterEach();

const MUG = "gid://shopify/Product/2";
const SMALL = "gid://shopify/ProductVariant/21";
const LARGE = "gid://shopify/ProductVariant/22";
const LAMP = "gid://shopify/Product/4";
const LAMP_ONLY = "gid://shopify/ProductVariant/41";

async function catalog() {
  const { db, sql, reader } = await cleanup.open();
  await createShop(db, { shop: SHOP, installedAt: NOW, ianaTimezone: "UTC", currencyCode: "EUR" });
  const product = (id: string, title: string) => createProduct(db, { shop: SHOP, id, title, updatedAt: NOW, syncedAt: NOW });
  const variant = (id: string, productId: string, title: string, price: number, unitCost: number | null = null, sku: string | null = null) =>
    createVariant(db, { shop: SHOP, id, productId, title, price, unitCost, sku, updatedAt: NOW, syncedAt: NOW });
  await product("gid://shopify/Product/1", "Tote");
  await product(MUG, "Mug");
  await product("gid://shopify/Product/3", "Vase");
  await product(LAMP, "Lamp");
  // Tote: no cost in Shopify, but one entered in NetMargin. Vase: Shopify has its cost. Neither is listed.
  await variant("gid://shopify/ProductVariant/11", "gid://shopify/Product/1", "Default Title", 2000);
  await db.unitCostOverride.create({ data: { shop: SHOP, variantId: "gid://shopify/ProductVariant/11", position: 0, effectiveFrom: null, cost: 800, currency: "EUR", savedAt: NOW } });
  await variant("gid://shopify/ProductVariant/31", "gid://shopify/Product/3", "Default Title", 4500, 1500);
  await variant(SMALL, MUG, "Small", 1500, null, "MUG-S");
  await variant(LARGE, MUG, "Large", 1800, null, "MUG-L");
  await variant(LAMP_ONLY, LAMP, "Default Title", 6000);
  // A gift card, sold as one (LineItem.isGiftCard): no unit cost to enter.
  await product("gid://shopify/Product/9", "Gift card");
  await variant("gid://shopify/ProductVariant/91", "gid://shopify/Product/9", "€50", 5000);
  await storeOrders(
    sql,
    SHOP,
    [oneLineOrder({ id: 90, processedAt: "2026-11-01T10:00:00Z", price: 5000, variant: { productId: "gid://shopify/Product/9", variantId: "gid://shopify/ProductVariant/91", title: "Gift card" }, unitWeightGrams: null, gateway: "paypal", giftCard: true })],
    NOW,
  );
  return { db, sql, reader };
}

describe("the variants without a unit cost", () => {
  it("lists only those with neither Shopify's cost nor one entered, by product then variant, 'Default Title' hidden", async () => {
    const { db } = await catalog();
    const m = await missingCosts(db, SHOP);
    expect(m.total).toBe(3);
    expect(m.variants.map((v) => [v.productTitle, v.title, v.sku, v.price])).toEqual([
      ["Lamp", null, null, 6000],
      ["Mug", "Large", "MUG-L", 1800],
      ["Mug", "Small", "MUG-S", 1500],
    ]);
    // The checklist counts the same 3 of the 6 variants (the gift card needs none), and leads to the editor.
    const step = (await onboardingSteps(db, SHOP)).find((s) => s.id === "unit-costs")!;
    expect(step.detail).toMatch(/^3 of 6 variants have no unit cost/);
    expect(step.url).toBe("/app/unit-costs");
  });
});

describe("saving many unit costs at once", () => {
  it("names each bad value by its product, in the merchant's words, and writes nothing", async () => {
    const { db } = await catalog();
    const r = await saveMissingCosts(db, SHOP, [
      { variantId: SMALL, cost: "4.50" },
      { variantId: LARGE, cost: "four" },
      { variantId: LAMP_ONLY, cost: "-2" },
    ]);
    expect(r).toEqual({
      ok: false,
      errors: [
        { variantId: LARGE, message: "Mug – Large: enter the cost as an amount, e.g. 12.50", problem: "enter the cost as an amount, e.g. 12.50" },
        { variantId: LAMP_ONLY, message: "Lamp: a unit cost cannot be negative", problem: "a unit cost cannot be negative" },
      ],
    });
    // The valid 4.50 was not written either.
    expect(await db.unitCostOverride.count({ where: { shop: SHOP } })).toBe(1);
    expect(await db.marginDirty.count({ where: { shop: SHOP, reason: "unit-cost" } })).toBe(0);
    await expect(saveMissingCosts(db, SHOP, [{ variantId: SMALL, cost: " " }])).resolves.toEqual({ ok: false, errors: [{ variantId: null, message: "Enter at least one unit cost to save." }] });
    await expect(saveMissingCosts(db, SHOP, [{ variantId: "gid://shopify/ProductVariant/999", cost: "1.00" }])).resolves.toEqual({
      ok: false,
      errors: [{ variantId: "gid://shopify/ProductVariant/999", message: "A variant is no longer in your store: reload the page." }],
    });
  });

  it("saves the filled ones for all history with one recompute mark; empty fields stay without a cost", async () => {
    const { db } = await catalog();
    const r = await saveMissingCosts(db, SHOP, [
      { variantId: SMALL, cost: "4.50" },
      { variantId: LARGE, cost: "" },
      { variantId: LAMP_ONLY, cost: "21" },
    ], NOW);
    expect(r).toEqual({ ok: true, saved: 2 });
    const saved = await db.unitCostOverride.findMany({ where: { shop: SHOP, variantId: { in: [SMALL, LAMP_ONLY] } }, orderBy: { variantId: "asc" } });
    // €4.50 = 450 and €21 = 2,100 minor units, from no date (all orders), as the product page's save writes them.
    expect(saved.map((o) => [o.variantId, o.cost, o.effectiveFrom, o.position, o.currency])).toEqual([
      [SMALL, 450, null, 0, "EUR"],
      [LAMP_ONLY, 2100, null, 0, "EUR"],
    ]);
    const dirty = await db.marginDirty.findMany({ where: { shop: SHOP, reason: "unit-cost" } });
    // One mark for the whole save (the other marks are the test orders' sync).
    expect(dirty.map((d) => [d.reason, d.until])).toEqual([["unit-cost", null]]);
    expect((await missingCosts(db, SHOP)).variants.map((v) => v.id)).toEqual([LARGE]);
  });
});

describe("the product page's orders", () => {
  it("lists the range's latest orders with the product, newest first, with their net margin", async () => {
    const { db, sql, reader } = await catalog();
    await createUnitCost(db, { shop: SHOP, variantId: SMALL, cost: 500 });
    await createUnitCost(db, { shop: SHOP, variantId: LARGE, cost: 600 });
    await saveSettings(db, SHOP, { shipping: { rules: [], defaultCost: "5.00" } });
    const sale = (id: number, day: string, variantId: string, price: number): OrderRecord =>
      oneLineOrder({ id, processedAt: `${day}T10:00:00Z`, price, variant: { productId: MUG, variantId, title: "Mug" }, unitWeightGrams: null, gateway: "paypal" });
    const lamp: OrderRecord = oneLineOrder({ id: 4, processedAt: "2026-11-25T10:00:00Z", price: 6000, variant: { productId: LAMP, variantId: LAMP_ONLY, title: "Lamp" }, unitWeightGrams: null, gateway: "paypal" });
    // #1 and #2 in November, #3 in July (outside the last 30 days); #4 sells the lamp only.
    await storeOrders(sql, SHOP, [sale(1, "2026-11-10", SMALL, 1500), sale(2, "2026-11-20", LARGE, 1800), sale(3, "2026-07-01", SMALL, 1500), lamp], NOW);
    await recomputeMargins({ db, sql, reader }, SHOP, { all: true });
    const detail = await productDetail(db, SHOP, MUG, { range: "30d", from: null, to: null }, NOW);
    // #2: 18.00 − 6.00 − 5.00 = 7.00 (38.9 %); #1: 15.00 − 5.00 − 5.00 = 5.00 (33.3 %).
    expect(detail.orders.map((o) => [o.orderId, o.localDate, o.netMargin, o.marginBp])).toEqual([
      ["gid://shopify/Order/2", "2026-11-20", 700, 3889],
      ["gid://shopify/Order/1", "2026-11-10", 500, 3333],
    ]);
  });
});
