import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

import type { Db } from "~/db.server";

import { refreshStockHealth } from "~/services/stock.server";

import { openAppWithStores } from "../helpers/app";
import { createProduct, createShop, createUnitCost, createVariant } from "../helpers/factories";

/**
 * /app/stock and /app/stock/csv as Remix calls them (issue 18, item 6): the page's loader
 * answers one page of rows and a bad parameter as a named banner; the CSV is a stream with a
 * formula title defused, and a bad parameter is a 400 naming the control.
 *
 * The shop: one product "=HYPERLINK(…)" (one variant), 12 on hand at Paris × 3.00 = 36.00,
 * never sold → overstock (no sale in the window), all 36.00 above the 90-day target.
 */
const SHOP = "alpha.myshopify.com";
vi.mock("~/shopify.server", () => ({ authenticate: { admin: async () => ({ session: { shop: "alpha.myshopify.com" } }) } }));
const enqueued = vi.hoisted(() => [] as string[]);
vi.mock("~/jobs/runtime.server", async () => (await import("../helpers/app")).runtimeMock(enqueued));

const T = new Date("2026-11-01T00:00:00Z");
let db: Db;
let close: (() => Promise<void>) | undefined;

beforeAll(async () => {
  const app = await openAppWithStores();
  ({ db, close } = app);
  await createShop(db, { shop: SHOP, installedAt: T, currencyCode: "EUR", ianaTimezone: "UTC" });
  await createProduct(db, { shop: SHOP, id: "gid://shopify/Product/1", title: '=HYPERLINK("http://evil.example","Tote")' });
  await createVariant(db, { shop: SHOP, id: "gid://shopify/ProductVariant/1", productId: "gid://shopify/Product/1", title: "Default Title", price: 900, tracked: true, inventoryItemId: "gid://shopify/InventoryItem/1" });
  await createUnitCost(db, { shop: SHOP, variantId: "gid://shopify/ProductVariant/1", cost: 300 });
  await db.inventoryLocation.create({ data: { shop: SHOP, id: "gid://shopify/Location/1", name: "Paris", isActive: true, runId: "r", syncedAt: T } });
  await db.inventoryLevel.create({
    data: { shop: SHOP, inventoryItemId: "gid://shopify/InventoryItem/1", locationId: "gid://shopify/Location/1", variantId: "gid://shopify/ProductVariant/1", available: 12, onHand: 12, committed: 0, incoming: 0, updatedAt: T, runId: "r", syncedAt: T },
  });
  // The page and the CSV read the stored stock health, as the stock-health job leaves it.
  await refreshStockHealth(db, SHOP);
});
afterAll(async () => {
  await close?.();
});

async function call(route: string, query: string): Promise<unknown> {
  const { loader } = await import(`~/routes/${route}`);
  return loader({ request: new Request(`https://netmargin.example.com/app/stock${route.endsWith("csv") ? "/csv" : ""}?${query}`), params: {}, context: {} });
}

describe("Stock routes", () => {
  it("the page answers its rows and the headline; a bad tab is named and the default view shown", async () => {
    const ok = (await call("app.stock._index/route", "class=overstock")) as { view: { rows: { productTitle: string; onHand: number }[]; headline: { amount: number; days: number } }; errors: unknown[] };
    expect(ok.errors).toEqual([]);
    expect(ok.view.rows.map((r) => [r.productTitle, r.onHand])).toEqual([['=HYPERLINK("http://evil.example","Tote")', 12]]);
    expect(ok.view.headline).toEqual({ amount: 3600, days: 90 });
    const bad = (await call("app.stock._index/route", "class=zombie")) as { view: { total: number }; errors: { path: string; message: string }[] };
    expect(bad.errors).toEqual([{ path: "class", message: "not one of the choices offered" }]);
    expect(bad.view.total).toBe(1);
  });

  it("streams the CSV with the formula title defused; a bad parameter is a 400 naming it", async () => {
    const res = (await call("app.stock.csv", "class=overstock")) as Response;
    expect(res.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("Content-Disposition")).toMatch(/^attachment; filename="netmargin-stock-\d{4}-\d{2}-\d{2}\.csv"$/);
    expect(res.body).toBeInstanceOf(ReadableStream);
    const lines = (await res.text()).split("\r\n");
    expect(lines[0]!.startsWith("product_id,variant_id,product,variant,sku,class,reason,abc,on_hand,")).toBe(true);
    // 12 × 3.00 = 36.00 at cost, 12 × 9.00 = 108.00 at price, all of it above the target.
    expect(lines[1]).toMatch(/^gid:\/\/shopify\/Product\/1,gid:\/\/shopify\/ProductVariant\/1,"'=HYPERLINK\(""http:\/\/evil\.example"",""Tote""\)",,,Overstock,12 units on hand and no sale in the last 90 days in stock: more than the 90-day target\.,C,12,3\.00,36\.00,108\.00,0\.00,0\.00,,,36\.00,0\.00,0\.00$/);
    expect(lines.length).toBe(3);
    const empty = (await call("app.stock.csv", "class=dead")) as Response;
    expect((await empty.text()).split("\r\n").length).toBe(2);
    const bad = (await call("app.stock.csv", "sort=price")) as Response;
    expect(bad.status).toBe(400);
    await expect(bad.json()).resolves.toEqual({ errors: [{ path: "sort", message: "not one of the choices offered" }] });
  });
});
