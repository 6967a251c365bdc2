/**
 * One "unit price" (issue 17, item 3): net revenue per unit kept from merchandise, after
 * discounts and before tax. The product page, Promotions and the planner's typical item
 * must show the same amount for the same product.
 */
import { describe, expect, it } from "vitest";

import type { OrderRecord } from "~/domain/types";
import { recomputeMargins } from "~/margins/recompute.server";
import { plannerView } from "~/services/planner.server";
import { productDetail } from "~/services/product-detail.server";
import { parsePromotionsParams, promotionsView } from "~/services/promotions.server";
import { closeAfterEach } from "../helpers/cleanup";
import { costSettings, createShop, createUnitCost, createVariant, oneLineOrder, saveSettings, storeOrders } from "../helpers/factories";

const SHOP = "maison-verte.myshopify.com";
const P1 = "gid://shopify/Product/1";
const V1 = "gid://shopify/ProductVariant/11";
const cleanup = closeAfterEach();

/** `units` at 40.00 list, `discount` off the line (before tax), shipping charged 5.00. */
function order(id: number, units: number, discount: number): OrderRecord {
  const r = oneLineOrder({ id, processedAt: `2026-11-0${id}T10:00:00Z`, price: 4000, units, shipping: 500, gateway: "stripe" });
  const line = r.order.lines[0]!;
  const lines = [{ ...line, netRevenueBeforeTax: line.netRevenueBeforeTax - discount, discountBeforeTax: discount }];
  const transactions = r.order.transactions.map((t) => ({ ...t, amount: t.amount - discount }));
  return { ...r, order: { ...r.order, lines, transactions } };
}

describe("unit price", () => {
  it("is the same on the product page, in Promotions and in the planner", async () => {
    const { db, sql, reader } = await cleanup.open();
    await createShop(db, { shop: SHOP, installedAt: new Date("2026-10-01T00:00:00Z"), ianaTimezone: "UTC" });
    await createUnitCost(db, { shop: SHOP, variantId: V1, cost: 1600 });
    const now = new Date("2026-11-22T12:00:00Z");
    await createVariant(db, { shop: SHOP, id: V1, productId: P1, weightGrams: 500, updatedAt: now, syncedAt: now });
    await saveSettings(db, SHOP, costSettings({ paymentFees: { default: { percent: 2, fixed: "0.30" } } }));
    // 4 units at 40.00 list: no discount, 10.00 off one, 5.02 off two → merchandise 40.00 + 30.00 + 74.98 = 144.98.
    // Unit price 144.98 / 4 = 36.245 → 36.24 (half-even; Math.round would give 36.25). Shipping charged (3 × 5.00)
    // is not part of it: net revenue per unit would be 159.98 / 4 = 39.995; the list price is 40.00.
    await storeOrders(sql, SHOP, [order(1, 1, 0), order(2, 1, 1000), order(3, 2, 502)], now);
    await recomputeMargins({ db, sql, reader }, SHOP, { all: true });

    const detail = await productDetail(db, SHOP, P1, { range: "30d", from: null, to: null }, now);
    expect(detail.product?.units).toBe(4);
    expect(detail.targets?.breakEven?.currentPricePerUnit).toBe(3624);

    const params = parsePromotionsParams(new URLSearchParams(""), "EUR");
    if (!params.ok) throw new Error("params");
    const promotions = await promotionsView(db, SHOP, params.params, { now });
    expect(promotions.products[0]).toMatchObject({ productId: P1, price: 4000, unitPrice: 3624 });

    const planner = await plannerView(db, reader, SHOP, { months: 3, upliftPercent: 10 }, { now });
    // Tax-exclusive prices: the basket price is the unit price itself.
    expect(planner.typicalItem).toMatchObject({ netRevenue: 3624, basketPrice: 3624 });
  });
});
