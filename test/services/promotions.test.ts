/**
 * The promotions page's data on a small store whose limits and pack are worked
 * out by hand, and its query parsing.
 */
import { describe, expect, it } from "vitest";

import type { OrderRecord } from "~/domain/types";
import { recomputeMargins } from "~/margins/recompute.server";
import { listParams, parsePromotionsParams, promotionsView, titleMatches } from "~/services/promotions.server";
import { closeAfterEach } from "../helpers/cleanup";
import { costSettings, createShop, createUnitCost, createVariant, oneLineOrder, saveSettings, storeOrders } from "../helpers/factories";

const SHOP = "maison-verte.myshopify.com";
const P1 = "gid://shopify/Product/1";
const V1 = "gid://shopify/ProductVariant/11";
const P2 = "gid://shopify/Product/2";
const V2 = "gid://shopify/ProductVariant/21";
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

/** One "Linen apron" listed 20.00 (tax-exclusive), `discount` off the line, shipping charged 5.00, to France. */
function apron(id: number, discount: number): OrderRecord {
  const r = oneLineOrder({ id, processedAt: `2026-11-0${id}T10:00:00Z`, price: 2000, shipping: 500, gateway: "stripe", variant: { productId: P2, variantId: V2, title: "Linen apron" } });
  const line = r.order.lines[0]!;
  const lines = [{ ...line, netRevenueBeforeTax: line.netRevenueBeforeTax - discount, discountBeforeTax: discount }];
  const transactions = r.order.transactions.map((t) => ({ ...t, amount: t.amount - discount }));
  return { ...r, order: { ...r.order, lines, transactions } };
}

describe("parsePromotionsParams", () => {
  it("defaults to 3 for 2, free shipping and the most frequent country", () => {
    expect(parsePromotionsParams(new URLSearchParams(""), "EUR")).toEqual({
      ok: true,
      params: { q: "", page: 1, product: null, offer: "x-for-y", units: 3, pay: 2, paid: 2, free: 1, percentBp: 1000, country: null, shippingCharged: 0 },
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

  it("reads the destination by its name or code, and names an unknown one in merchant words (issue 17, item 5)", () => {
    expect(parsePromotionsParams(new URLSearchParams("country=Germany"), "EUR")).toMatchObject({ ok: true, params: { country: "DE" } });
    expect(parsePromotionsParams(new URLSearchParams("country=belgique"), "EUR", "fr")).toMatchObject({ ok: true, params: { country: "BE" } });
    expect(parsePromotionsParams(new URLSearchParams("country=es"), "EUR")).toMatchObject({ ok: true, params: { country: "ES" } });
    const narnia = parsePromotionsParams(new URLSearchParams("country=Narnia"), "EUR");
    expect(!narnia.ok && narnia.errors).toEqual([
      { path: "country", message: "“Narnia” is not a country we know; type a country’s name or its two-letter code, e.g. France or FR" },
    ]);
    // Two letters that are no country (was accepted as a code, and priced with the default shipping cost).
    expect(parsePromotionsParams(new URLSearchParams("country=XX"), "EUR").ok).toBe(false);
  });

  it("keeps the table's search and page apart from the simulator: never an error, a bad page is the first", () => {
    expect(listParams(new URLSearchParams("q=%20linen%20apron%20&page=3&country=Narnia"))).toEqual({ q: "linen apron", page: 3 });
    expect(listParams(new URLSearchParams("page=0"))).toEqual({ q: "", page: 1 });
    expect(listParams(new URLSearchParams("page=two"))).toEqual({ q: "", page: 1 });
    expect(parsePromotionsParams(new URLSearchParams("q=vase&page=2"), "EUR")).toMatchObject({ ok: true, params: { q: "vase", page: 2 } });
  });

  it("searches titles by every word, in any case, accents ignored", () => {
    expect(titleMatches("Théière en fonte", "theiere")).toBe(true);
    expect(titleMatches("Linen apron", "APRON linen")).toBe(true);
    expect(titleMatches("Linen apron", "linen tote")).toBe(false);
    expect(titleMatches("Linen apron", "")).toBe(true);
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

  it("searches and pages the products, and gives each one's average discount now beside its limit (issue 17, item 5)", async () => {
    const { db, sql, reader } = await cleanup.open();
    await createShop(db, { shop: SHOP, installedAt: new Date("2026-10-01T00:00:00Z"), ianaTimezone: "UTC" });
    await createUnitCost(db, { shop: SHOP, variantId: V1, cost: 1600 });
    await createUnitCost(db, { shop: SHOP, variantId: V2, cost: 1000 });
    const now = new Date("2026-11-22T12:00:00Z");
    await saveSettings(db, SHOP, SETTINGS);
    // The tote: 3 orders at list price. The apron: 2 orders of one unit listed 20.00, sold 12.00 off (60 %: a clearance).
    await storeOrders(sql, SHOP, [order(1), order(2), order(3), apron(4, 1200), apron(5, 1200)], now);
    await recomputeMargins({ db, sql, reader }, SHOP, { all: true });
    const params = (q: string) => {
      const p = parsePromotionsParams(new URLSearchParams(q), "EUR");
      if (!p.ok) throw new Error("params");
      return p.params;
    };

    const all = await promotionsView(db, SHOP, params(""), { now });
    expect(all).toMatchObject({ total: 2, page: 1, pageSize: 50 });
    // Best sellers first: the tote's 3 units, then the apron's 2.
    expect(all.products.map((p) => p.title)).toEqual(["Tote bag", "Linen apron"]);
    // The tote sold at list price: no discount now, nothing over its limit.
    expect(all.products[0]).toMatchObject({ currentDiscountBp: 0, overLimit: false });
    // The apron: discounts 24.00 of a list value 16.00 + 24.00 = 40.00 → 60.0 %. At 20.00 list it keeps
    // 20.00 − 10.00 − (6.00 − 5.00 + 1.00 + 0.50 + 0.30) − 0.40 − 0.20 = 6.60, so its break-even limit is well below 60 %.
    const apronRow = all.products[1]!;
    expect(apronRow).toMatchObject({ productId: P2, price: 2000, unitPrice: 800, currentDiscountBp: 6000, overLimit: true });
    expect(apronRow.zero.kind === "max" && apronRow.zero.basisPoints).toBeLessThan(6000);

    // Search by title words.
    const found = await promotionsView(db, SHOP, params("q=APRON"), { now });
    expect(found.products.map((p) => p.productId)).toEqual([P2]);
    expect(found.total).toBe(1);
    expect((await promotionsView(db, SHOP, params("q=teapot"), { now })).total).toBe(0);

    // Pages (1 a page here): page 2 is the apron; a page past the end shows the last one.
    const second = await promotionsView(db, SHOP, params("page=2"), { now, limit: 1 });
    expect(second).toMatchObject({ total: 2, page: 2, pageSize: 1 });
    expect(second.products.map((p) => p.productId)).toEqual([P2]);
    expect((await promotionsView(db, SHOP, params("page=9"), { now, limit: 1 })).page).toBe(2);
    // The pack's product stays simulated and selectable when it is on another page.
    const packElsewhere = await promotionsView(db, SHOP, params(`page=2&product=${encodeURIComponent(P1)}&country=France`), { now, limit: 1 });
    expect(packElsewhere.choices.map((c) => c.productId)).toEqual([P1, P2]);
    expect(packElsewhere.pack).toMatchObject({ productId: P1, country: "FR" });
  });
});
