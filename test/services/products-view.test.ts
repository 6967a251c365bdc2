import { describe, expect, it } from "vitest";

import { resolveRange } from "~/domain/time";
import { parseProductsParams, productsCsv } from "~/services/products-view.server";

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
        { productId: "gid://shopify/Product/1", title: 'Tote "XL", blue', units: 3, orders: 2, netRevenue: 3500, costOfGoods: 1200, otherCosts: 2300, netMargin: 0, marginBp: 0, flags: [{ code: "THIN", reason: "" }] },
        { productId: null, title: "Custom items (no product)", units: 1, orders: 1, netRevenue: 0, costOfGoods: 0, otherCosts: 505, netMargin: -505, marginBp: null, flags: [{ code: "LOSS", reason: "" }, { code: "MISSING_COST", reason: "" }] },
      ],
    });
    expect(csv.split("\r\n")).toEqual([
      "product_id,title,units,orders,net_revenue_EUR,cost_of_goods_EUR,other_costs_EUR,net_margin_EUR,margin_percent,flags",
      'gid://shopify/Product/1,"Tote ""XL"", blue",3,2,35.00,12.00,23.00,0.00,0.00,THIN',
      ",Custom items (no product),1,1,0.00,0.00,5.05,-5.05,,LOSS MISSING_COST",
      "",
    ]);
  });

  it("keeps yen whole", () => {
    const csv = productsCsv({ currency: "JPY", rows: [{ productId: "p", title: "Tea", units: 1, orders: 1, netRevenue: 1250, costOfGoods: 400, otherCosts: 300, netMargin: 550, marginBp: 4400, flags: [] }] });
    expect(csv.split("\r\n")[1]).toBe("p,Tea,1,1,1250,400,300,550,44.00,");
  });
});
