/**
 * NetMargin's block on Shopify's product page: the endpoint's data for a small
 * store worked out by hand, and the extension's data logic (extensions/
 * product-margin-block/src/view.ts) fed with that very answer, so the two sides
 * keep one contract.
 */
import { describe, expect, it } from "vitest";

import type { OrderRecord } from "~/domain/types";
import { recomputeMargins } from "~/margins/recompute.server";
import { productBlock, productGid } from "~/services/product-block.server";
import { blockView, endpointFor, formatMinor, parseResponse } from "../../extensions/product-margin-block/src/view";
import { closeAfterEach } from "../helpers/cleanup";
import { costSettings, createShop, createUnitCost, oneLineOrder, saveSettings, storeOrders } from "../helpers/factories";

const SHOP = "maison-verte.myshopify.com";
const P1 = "gid://shopify/Product/1";
const V1 = "gid://shopify/ProductVariant/11";
const cleanup = closeAfterEach();

/** Carrier 6.00, nothing else; thin-margin threshold 10 %. */
const SETTINGS = costSettings({ shipping: { defaultCost: "6.00" }, thresholds: { thinMarginPercent: 10 } });

function order(id: number, processedAt: string, price: number): OrderRecord {
  return oneLineOrder({ id, processedAt, price });
}

describe("productGid", () => {
  it("takes a product GID or its number, and nothing else", () => {
    expect(productGid("gid://shopify/Product/42")).toBe("gid://shopify/Product/42");
    expect(productGid(" 42 ")).toBe("gid://shopify/Product/42");
    expect(productGid("gid://shopify/ProductVariant/42")).toBeNull();
    expect(productGid("42; DROP TABLE")).toBeNull();
    expect(productGid(null)).toBeNull();
  });
});

describe("product block", () => {
  it("answers the last 90 days of a product, and the extension shows them", async () => {
    const { db, sql, reader } = await cleanup.open();
    await createShop(db, { shop: SHOP, currencyCode: "EUR", ianaTimezone: "UTC" });
    await createUnitCost(db, { shop: SHOP, variantId: V1, cost: 2000 });
    await saveSettings(db, SHOP, SETTINGS);
    // Two sales in the 90 days before 22 November (25.00 and 30.00), one in June (outside).
    await storeOrders(sql, SHOP, [order(1, "2026-10-01T10:00:00Z", 2500), order(2, "2026-11-10T10:00:00Z", 3000), order(3, "2026-06-01T10:00:00Z", 9000)], new Date("2026-11-21T00:00:00Z"));
    await recomputeMargins({ db, sql, reader }, SHOP, { all: true });

    const now = new Date("2026-11-22T12:00:00Z");
    const data = await productBlock(db, SHOP, P1, now);
    // Revenue 55.00; costs 2 × (20.00 + 6.00) = 52.00; margin 3.00 = 5.45 % (300 / 5500 = 545.45 bp → 545): thin.
    expect(data).toMatchObject({ productId: P1, currency: "EUR", sold: true, units: 2, netRevenue: 5500, netMargin: 300, marginBp: 545, appPath: "app/products/1?range=90d" });
    expect(data.flags.map((f) => f.code)).toEqual(["THIN"]);

    // The extension's side: the JSON the route sends, parsed and shown.
    const parsed = parseResponse(JSON.parse(JSON.stringify(data)));
    expect(parsed.ok).toBe(true);
    const view = blockView(parsed, "en");
    expect(view.kind).toBe("margin");
    expect(view.rows).toEqual([
      { label: "Net margin", value: "€3.00" },
      { label: "Margin %", value: "5.45%" },
      { label: "Net revenue", value: "€55.00" },
      { label: "Units sold", value: "2" },
    ]);
    expect(view.badges).toEqual([{ label: "Thin margin", tone: "warning", reason: data.flags[0]!.reason }]);
    expect(view.href).toBe("app:app/products/1?range=90d");

    // A product without sales in the range: said so, with the link.
    const none = await productBlock(db, SHOP, "gid://shopify/Product/999", now);
    expect(none).toMatchObject({ sold: false, units: 0, marginBp: null, flags: [] });
    expect(blockView(parseResponse(JSON.parse(JSON.stringify(none))))).toMatchObject({ kind: "no-sales", href: "app:app/products/999?range=90d" });
  });
});

describe("extension data logic", () => {
  it("names the first bad field of a malformed answer", () => {
    expect(parseResponse(null)).toEqual({ ok: false, error: "the app answered something that is not an object" });
    const good = { productId: P1, currency: "EUR", range: { from: "a", to: "b" }, sold: true, title: null, units: 1, netRevenue: 1, netMargin: 1, marginBp: null, flags: [], appPath: "x" };
    expect(parseResponse(good).ok).toBe(true);
    expect(parseResponse({ ...good, netMargin: 1.5 })).toEqual({ ok: false, error: 'the app\'s answer has an invalid "netMargin"' });
    expect(parseResponse({ ...good, flags: [{ code: "NOPE", reason: "" }] })).toEqual({ ok: false, error: 'the app\'s answer has an invalid "flags"' });
    expect(blockView(parseResponse({ ...good, currency: "euro" }))).toMatchObject({ kind: "error", href: null });
  });

  it("formats minor units exactly, zero-decimal currencies included", () => {
    expect(formatMinor(-123456, "EUR", "en")).toBe("-€1,234.56");
    expect(formatMinor(5, "EUR", "en")).toBe("€0.05");
    expect(formatMinor(1500, "JPY", "en")).toBe("¥1,500");
    expect(formatMinor(1234, "EUR", "fr")).toBe("12,34\u00a0€");
  });

  it("asks the app for the product by id", () => {
    expect(endpointFor("gid://shopify/Product/7")).toBe("/api/product-margin?id=gid%3A%2F%2Fshopify%2FProduct%2F7");
  });
});
