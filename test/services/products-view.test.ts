import { describe, expect, it } from "vitest";

import { costMissingTooltip } from "~/domain/format";
import { resolveRange } from "~/domain/time";
import type { OrderRecord } from "~/domain/types";
import { recomputeMargins } from "~/margins/recompute.server";
import { productDetail } from "~/services/product-detail.server";
import { parseProductsParams, productsCsv, productsView } from "~/services/products-view.server";
import { closeAfterEach } from "../helpers/cleanup";
import { createShop, createUnitCost, createVariant, oneLineOrder, saveSettings, storeOrders } from "../helpers/factories";

describe("products view parameters", () => {
  it("defaults to the last 12 months, loss-makers first, page 1", () => {
    const r = parseProductsParams(new URLSearchParams());
    expect(r).toEqual({ ok: true, params: { range: "12m", from: null, to: null, sort: "netMargin", direction: "asc", flag: null, search: "", page: 1 } });
  });

  it("names every bad parameter", () => {
    const r = parseProductsParams(new URLSearchParams("range=custom&from=2026-13-01&to=yesterday&sort=profit&flag=RED&page=0"));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.map((e) => e.path).sort()).toEqual(["flag", "from", "page", "sort", "to"]);
    // The banner shows these after the control's label: merchant words, never the list of codes allowed.
    if (!r.ok) expect(Object.fromEntries(r.errors.map((e) => [e.path, e.message]))).toEqual({ from: "not a valid date", to: "not a valid date", sort: "not one of the choices offered", flag: "not one of the choices offered", page: "no such page" });
    const reversed = parseProductsParams(new URLSearchParams("range=custom&from=2026-11-10&to=2026-11-01"));
    expect(reversed.ok).toBe(false);
    if (!reversed.ok) expect(reversed.errors).toEqual([{ path: "to", message: "the end date is before the start date" }]);
  });

  it("resolves presets to shop-local dates, the end exclusive", () => {
    // Today 22 November 2026: the last 30 days are 24 October to 22 November included.
    expect(resolveRange({ range: "30d", from: null, to: null }, "2026-11-22")).toEqual({ from: "2026-10-24", to: "2026-11-23" });
    expect(resolveRange({ range: "12m", from: null, to: null }, "2026-11-22")).toEqual({ from: "2025-11-23", to: "2026-11-23" });
    expect(resolveRange({ range: "custom", from: "2026-02-01", to: "2026-02-28" }, "2026-11-22")).toEqual({ from: "2026-02-01", to: "2026-03-01" });
  });
});

describe("products CSV", () => {
  it("writes decimal amounts in the shop currency and quotes what needs quoting", () => {
    const csv = productsCsv({
      currency: "EUR",
      rows: [
        { productId: "gid://shopify/Product/1", title: 'Tote "XL", blue', units: 3, orders: 2, netRevenue: 3500, costOfGoods: 1200, shipping: 1500, otherCosts: 800, netMargin: 0, marginBp: 0, flags: [{ code: "THIN", reason: "" }], costMissing: null },
        { productId: null, title: "Custom items (no product)", units: 1, orders: 1, netRevenue: 0, costOfGoods: 0, shipping: 500, otherCosts: 5, netMargin: -505, marginBp: null, flags: [{ code: "LOSS", reason: "" }, { code: "MISSING_COST", reason: "" }], costMissing: null },
      ],
    });
    expect(csv.split("\r\n")).toEqual([
      // Shipping (the cost behind a Shipping-heavy flag) in a column of its own, before the other costs.
      "product_id,title,units,orders,net_revenue_EUR,cost_of_goods_EUR,shipping_EUR,other_costs_EUR,net_margin_EUR,margin_percent,flags",
      'gid://shopify/Product/1,"Tote ""XL"", blue",3,2,35.00,12.00,15.00,8.00,0.00,0.00,THIN',
      ",Custom items (no product),1,1,0.00,0.00,5.00,0.05,-5.05,,LOSS MISSING_COST",
      "",
    ]);
  });

  it("keeps yen whole", () => {
    const csv = productsCsv({ currency: "JPY", rows: [{ productId: "p", title: "Tea", units: 1, orders: 1, netRevenue: 1250, costOfGoods: 400, shipping: 200, otherCosts: 100, netMargin: 550, marginBp: 4400, flags: [], costMissing: null }] });
    expect(csv.split("\r\n")[1]).toBe("p,Tea,1,1,1250,400,200,100,550,44.00,");
  });
});

describe("products view, a product sold without any unit cost", () => {
  const SHOP = "maison-verte.myshopify.com";
  const NOW = new Date("2026-11-30T12:00:00Z");
  const cleanup = closeAfterEach();
  const TOTE = { productId: "gid://shopify/Product/1", variantId: "gid://shopify/ProductVariant/11", title: "Tote" };
  const MUG_S = { productId: "gid://shopify/Product/2", variantId: "gid://shopify/ProductVariant/21", title: "Mug" };
  const MUG_L = { productId: "gid://shopify/Product/2", variantId: "gid://shopify/ProductVariant/22", title: "Mug" };
  const sale = (id: number, variant: typeof TOTE, price: number, units: number): OrderRecord =>
    oneLineOrder({ id, processedAt: `2026-11-1${id}T10:00:00Z`, price, units, variant, unitWeightGrams: null, gateway: "paypal" });

  it("shows 'Cost missing' with the variants to cost instead of flags blaming shipping, on the list and the product page", async () => {
    const { db, sql, reader } = await cleanup.open();
    await createShop(db, { shop: SHOP, installedAt: NOW, ianaTimezone: "UTC" });
    await createUnitCost(db, { shop: SHOP, variantId: TOTE.variantId, cost: 1000 });
    for (const v of [TOTE, MUG_S, MUG_L]) await createVariant(db, { shop: SHOP, id: v.variantId, productId: v.productId, updatedAt: NOW, syncedAt: NOW });
    // Shipping 5.00 a parcel, nothing else. The tote costs 10.00; neither mug has a cost.
    await saveSettings(db, SHOP, { shipping: { rules: [], defaultCost: "5.00" } });
    // Tote 20.00 (#1); mugs: 1 small at 15.00 (#2), 2 large at 12.00 (#3): 3 mug units, 2 variants, none costed.
    await storeOrders(sql, SHOP, [sale(1, TOTE, 2000, 1), sale(2, MUG_S, 1500, 1), sale(3, MUG_L, 1200, 2)], NOW);
    await recomputeMargins({ db, sql, reader }, SHOP, { all: true });

    const p = parseProductsParams(new URLSearchParams("range=30d"));
    if (!p.ok) throw new Error("params");
    const view = await productsView(db, SHOP, p.params, { now: NOW });
    const mug = view.rows.find((r) => r.productId === MUG_S.productId)!;
    const tote = view.rows.find((r) => r.productId === TOTE.productId)!;
    // No mug unit in the margin (units 0), its 3 units left out: no flags, "Cost missing" for 2 variants.
    // Its lines are left out of the margin (0.00 here); the page says "Cost missing" rather than any flag.
    expect(mug).toMatchObject({ units: 0, netMargin: 0, flags: [], costMissing: { units: 3, variants: 2 } });
    expect(mug.variants?.map((v) => [v.variantId, v.costMissing])).toEqual(
      expect.arrayContaining([
        [MUG_S.variantId, { units: 1, variants: 1 }],
        [MUG_L.variantId, { units: 2, variants: 1 }],
      ]),
    );
    // The tote has its cost: 20.00 − 10.00 − 5.00 = 5.00, no "Cost missing".
    expect(tote).toMatchObject({ units: 1, netMargin: 500, costMissing: null });
    expect(costMissingTooltip(mug.costMissing!.variants)).toBe("Enter the unit cost of 2 variants to see this product's margin.");

    const detail = await productDetail(db, SHOP, MUG_S.productId, { range: "30d", from: null, to: null }, NOW);
    expect(detail.costMissing).toEqual({ units: 3, variants: 2 });
    expect((await productDetail(db, SHOP, TOTE.productId, { range: "30d", from: null, to: null }, NOW)).costMissing).toBeNull();
  });
});
