/**
 * One order's margin reads its own variants' costs, not the whole catalog's
 * (marginSourceScope, app/margins/recompute.server.ts): the order page and the
 * webhook path load the scope, and the margin is the one the whole shop's sources give.
 */
import { describe, expect, it } from "vitest";

import { computeOrderMargin, marginContextFor } from "~/domain/margin";
import { loadMarginSources, marginSourceScope } from "~/margins/recompute.server";
import { orderBreakdown } from "~/services/orders-view.server";
import { closeAfterEach } from "../helpers/cleanup";
import { costSettings, createProduct, createShop, createUnitCost, createVariant, oneLineOrder, saveSettings, storeOrders } from "../helpers/factories";

const SHOP = "maison-verte.myshopify.com";
const cleanup = closeAfterEach();

const variant = (n: number) => ({ productId: `gid://shopify/Product/${n}`, variantId: `gid://shopify/ProductVariant/${n}1`, title: `Product ${n}` });

describe("margin sources for a few orders", () => {
  it("loads only their variants' costs and weights and their imported shipping costs, and gives the same margin", async () => {
    const { db, sql } = await cleanup.open();
    await createShop(db, { shop: SHOP, ianaTimezone: "Europe/Paris" });
    // Three products, one variant each: unit costs 4.00, 7.00, 9.00; weights 500 g, 800 g, 1,200 g.
    for (const [n, cost, grams] of [[1, 400, 500], [2, 700, 800], [3, 900, 1200]] as const) {
      await createProduct(db, { shop: SHOP, id: variant(n).productId, title: variant(n).title });
      await createVariant(db, { shop: SHOP, id: variant(n).variantId, productId: variant(n).productId, weightGrams: grams });
      await createUnitCost(db, { shop: SHOP, variantId: variant(n).variantId, cost });
    }
    await saveSettings(db, SHOP, costSettings({ shipping: { defaultCost: "5.00" }, packaging: { perParcel: "1.00" }, labour: { perOrder: "0.50" } }), { now: new Date("2026-01-02T00:00:00Z") });
    // The carrier's invoice for orders 1 and 2 (6.20 and 3.10), imported as the shipping import stores it.
    for (const [key, amount] of [["id:1", 620], ["id:2", 310]] as const) {
      await db.shippingCostActual.create({ data: { shop: SHOP, orderKey: key, amount, currency: "EUR", importedAt: new Date("2026-11-30T00:00:00Z") } });
    }
    const one = oneLineOrder({ id: 1, processedAt: "2026-11-10T10:00:00Z", price: 1000, variant: variant(1) });
    const two = oneLineOrder({ id: 2, processedAt: "2026-11-12T10:00:00Z", price: 2000, variant: variant(2) });
    await storeOrders(sql, SHOP, [one, two], new Date("2026-11-29T00:00:00Z"));

    const scope = marginSourceScope([one.order]);
    expect(scope).toEqual({ variantIds: [variant(1).variantId], productIds: [variant(1).productId], orderKeys: ["id:1", "num:1", "name:1"] });
    const scoped = await loadMarginSources(db, SHOP, scope);
    const whole = await loadMarginSources(db, SHOP);
    expect([...scoped.unitCosts.variants.keys()]).toEqual([variant(1).variantId]);
    expect(whole.unitCosts.variants.size).toBe(3);
    expect([...(scoped.catalogWeights ?? new Map()).entries()]).toEqual([[variant(1).variantId, 500]]);
    expect([...(scoped.shippingCosts?.byOrder ?? new Map()).entries()]).toEqual([["id:1", 620]]);
    expect(whole.shippingCosts?.byOrder.size).toBe(2);

    const ctx = (s: typeof whole) => marginContextFor(one.order, { settings: s.settings, unitCosts: s.unitCosts, shippingCosts: s.shippingCosts, catalogWeights: s.catalogWeights ?? null, fixedCosts: null });
    const withScope = computeOrderMargin(one.order, ctx(scoped));
    expect(withScope).toEqual(computeOrderMargin(one.order, ctx(whole)));
    // 10.00 − 4.00 goods − 6.20 shipping (the carrier's invoice, not the 5.00 default) − 1.00 packaging − 0.50 labour = −1.70.
    expect(withScope.netMargin).toBe(-170);
    // The order page computes it the same way.
    const page = await orderBreakdown(db, SHOP, one.order.id);
    expect(page?.margin.netMargin).toBe(-170);
  });

  it("loads the whole shop's sources past 500 variants", () => {
    const orders = Array.from({ length: 501 }, (_, i) => oneLineOrder({ id: i + 1, processedAt: "2026-11-10T10:00:00Z", price: 1000, variant: variant(i + 1) }).order);
    expect(marginSourceScope(orders.slice(0, 500))?.variantIds).toHaveLength(500);
    expect(marginSourceScope(orders)).toBeUndefined();
  });
});
