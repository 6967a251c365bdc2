/**
 * The promotions page's data on a small store whose limits and pack are worked
 * out by hand, and its query parsing.
 */
import { describe, expect, it } from "vitest";

import type { OrderRecord } from "~/domain/types";
import { recomputeMargins } from "~/margins/recompute.server";
import { parsePromotionsParams, promotionsView } from "~/services/promotions.server";
import { closeAfterEach } from "../helpers/cleanup";
import { costSettings, createShop, createUnitCost, createVariant, oneLineOrder, saveSettings, storeOrders } from "../helpers/factories";

const SHOP = "maison-verte.myshopify.com";
const P1 = "gid://shopify/Product/1";
const V1 = "gid://shopify/ProductVariant/11";
const cleanup = closeAfterEach();

/** Carrier 6.00 to France, packaging 1.00, labour 0.50 an item, fees 2 % + 0.30, returns 1 %. */
const SETTINGS = costSettings({
  shipping: { rules: [{ name: "France", countries: ["FR"], cost: "6.00" }], defaultCost: "9.00" },
  packaging: { perParcel: "1.00" },
  labour: { perItem: "0.50" },
  paymentFees: { default: { percent: 2, fixed: "0.30" } },
  provisions: { returnsPercent: 1 },
  thresholds: { thinMarginPercent: 10 },
});

/** One unit at 40.00 (tax-exclusive), shipping charged 5.00, to France, paid 45.00. */
function order(id: number): OrderRecord {
  return oneLineOrder({ id, processedAt: `2026-11-0${id}T10:00:00Z`, price: 4000, shipping: 500, gateway: "stripe" });
}

describe("parsePromotionsParams", () => {
  it("defaults to 3 for 2, free shipping and the most frequent country", () => {
    expect(parsePromotionsParams(new URLSearchParams(""), "EUR")).toEqual({
      ok: true,
      params: { product: null, offer: "x-for-y", units: 3, pay: 2, paid: 2, free: 1, percentBp: 1000, country: null, shippingCharged: 0 },
    });
    const p = parsePromotionsParams(new URLSearchParams("offer=pack-percent&units=4&percent=12.5&country=de&shipping=4.90"), "EUR");
    expect(p).toMatchObject({ ok: true, params: { offer: "pack-percent", units: 4, percentBp: 1250, country: "DE", shippingCharged: 490 } });
  });

  it("names every bad field", () => {
    const r = parsePromotionsParams(new URLSearchParams("offer=bogo&units=0&pay=9&percent=12.345&country=FRA&shipping=-1"), "EUR");
    expect(r.ok).toBe(false);
    // pay=9 is checked against the default pack of 3 (units=0 is rejected), so it is named too.
    expect(!r.ok && r.errors.map((e) => e.path)).toEqual(["offer", "units", "pay", "percent", "country", "shipping"]);
    const pay = parsePromotionsParams(new URLSearchParams("units=2&pay=3"), "EUR");
    expect(!pay.ok && pay.errors).toEqual([{ path: "pay", message: "cannot be more than the units in the pack" }]);
  });
});

describe("promotionsView", () => {
  it("gives each product's deepest discount and simulates a pack, as worked out by hand", async () => {
    const { db, sql, reader } = await cleanup.open();
    await createShop(db, { shop: SHOP, installedAt: new Date("2026-10-01T00:00:00Z"), ianaTimezone: "UTC" });
    await createUnitCost(db, { shop: SHOP, variantId: V1, cost: 1600 });
    const now = new Date("2026-11-22T12:00:00Z");
    await createVariant(db, { shop: SHOP, id: V1, productId: P1, weightGrams: 500, updatedAt: now, syncedAt: now });
    await saveSettings(db, SHOP, SETTINGS);
    await storeOrders(sql, SHOP, [order(1), order(2), order(3)], now);
    await recomputeMargins({ db, sql, reader }, SHOP, { all: true });

    const params = parsePromotionsParams(new URLSearchParams(`product=${encodeURIComponent(P1)}&country=FR`), "EUR");
    if (!params.ok) throw new Error("params");
    const view = await promotionsView(db, SHOP, params.params, { now });
    // Per unit over the 3 orders: price 40.00, cost 16.00; per-unit costs that do not move with the price:
    // shipping paid 6.00 − charged 5.00 + packaging 1.00 + labour 0.50 + the fee's 0.30 = 2.80.
    // At list price: 40.00 − 16.00 − 2.80 − fees 2 % (0.80) − returns 1 % (0.40) = 20.00.
    expect(view.products).toHaveLength(1);
    expect(view.products[0]).toMatchObject({ productId: P1, units: 3, price: 4000, unitCost: 1600, marginPerUnit: 2000 });
    // Break-even: revenue r needs r − round(2 % r) − round(1 % r) ≥ 18.80. r = 19.38: 19.38 − 0.39 − 0.19 = 18.80 (ok);
    // r = 19.37: 19.37 − 0.39 − 0.19 = 18.79 (fails). Revenue 40.00 − round(40.00 × d): d = 51.56 % takes 20.624 → 20.62 off (r = 19.38);
    // 51.57 % takes 20.628 → 20.63 (r = 19.37). So 51.56 %.
    expect(view.products[0]!.zero).toMatchObject({ kind: "max", basisPoints: 5156 });
    // 10 % target: margin ≥ 10 % of r. r = 21.62: 21.62 − 0.43 − 0.22 − 18.80 = 2.17 ≥ 2.162 (ok); r = 21.61: 2.16 < 2.161 (fails).
    // 45.96 % takes 18.384 → 18.38 (r = 21.62); 45.97 % takes 18.388 → 18.39 (r = 21.61). So 45.96 %.
    expect(view.products[0]!.thin).toMatchObject({ kind: "max", basisPoints: 4596 });

    // 3 for 2 to France, shipped free: revenue 80.00; goods 48.00, carrier 6.00, packaging 1.00, labour 1.50,
    // fees 2 % of 80.00 + 0.30 = 1.90, returns 0.80 → 20.80, 6.93 a unit (20.80 / 3 half-even).
    expect(view.pack).toMatchObject({ country: "FR", unitWeightGrams: 500 });
    expect(view.pack!.offer).toMatchObject({
      units: 3,
      listValue: 12000,
      discount: 4000,
      netRevenue: 8000,
      costs: { costOfGoods: 4800, shipping: 600, packaging: 100, labour: 150, paymentFees: 190, provisions: 80, fixedCosts: 0 },
      shippingRule: "France",
      parcelWeightGrams: 1500,
      netMargin: 2080,
      netMarginPerUnit: 693,
    });
    // The same 3 at list price: 120.00 − 48.00 − 6.00 − 1.00 − 1.50 − (2.40 + 0.30) − 1.20 = 59.60.
    expect(view.pack!.reference).toMatchObject({ units: 3, netRevenue: 12000, netMargin: 5960, netMarginPerUnit: 1987 });
  });
});
