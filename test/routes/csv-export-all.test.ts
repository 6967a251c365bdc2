import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

import type { Db } from "~/db.server";
import { recomputeMargins } from "~/margins/recompute.server";

import type * as PagedCsv from "~/services/paged-csv.server";

import { openAppWithStores } from "../helpers/app";
import { createShop, oneLineOrder, storeOrders } from "../helpers/factories";

/**
 * Issue 17 (item 2): "Export CSV" wrote only the page on screen. The exports now hold
 * every row matching the filters, read in pages (EXPORT_PAGE_SIZE, made 2 here so that
 * 5 orders of 5 products take three pages), whatever page the list is on.
 */
const SHOP = "alpha.myshopify.com";
vi.mock("~/shopify.server", () => ({ authenticate: { admin: async () => ({ session: { shop: "alpha.myshopify.com" } }) } }));
const enqueued = vi.hoisted(() => [] as string[]);
vi.mock("~/jobs/runtime.server", async () => (await import("../helpers/app")).runtimeMock(enqueued));
vi.mock("~/services/paged-csv.server", async (original) => ({ ...(await original<typeof PagedCsv>()), EXPORT_PAGE_SIZE: 2 }));

const NOW = new Date();
let db: Db;
let close: (() => Promise<void>) | undefined;

beforeAll(async () => {
  const app = await openAppWithStores();
  ({ db, close } = app);
  const { sql, reader } = app;
  await createShop(db, { shop: SHOP, installedAt: NOW });
  const day = NOW.toISOString().slice(0, 10);
  // Orders #1..#5, each of its own product "Product n" at n × 10.00 EUR.
  const records = [1, 2, 3, 4, 5].map((n) =>
    oneLineOrder({ id: n, processedAt: `${day}T00:00:0${n}Z`, price: n * 1000, variant: { productId: `gid://shopify/Product/${n}`, variantId: `gid://shopify/ProductVariant/${n}`, title: `Product ${n}` }, unitWeightGrams: null }),
  );
  await storeOrders(sql, SHOP, records, NOW);
  await recomputeMargins({ db, sql, reader }, SHOP);
});
afterAll(async () => {
  await close?.();
});

async function download(path: "products" | "orders", query: string): Promise<string[]> {
  const { loader } = await import(`~/routes/${path === "products" ? "app.products.csv" : "app.orders.csv"}`);
  const res: Response = await loader({ request: new Request(`https://netmargin.example.com/app/${path}.csv?${query}`), params: {}, context: {} });
  expect(res.status).toBe(200);
  return (await res.text()).split("\r\n");
}

describe("CSV export of every matching row", () => {
  it("products: all 5 under one header, from any page of the list, in the list's order", async () => {
    // The list is on page 2 (of pages of 50 on screen): the export still starts at the first product.
    const lines = await download("products", "range=30d&sort=title&direction=asc&page=2");
    expect(lines[0]).toMatch(/^product_id,title,/);
    expect(lines.filter((l) => l.startsWith("product_id,"))).toHaveLength(1);
    expect(lines.slice(1, -1).map((l) => l.split(",")[1])).toEqual(["Product 1", "Product 2", "Product 3", "Product 4", "Product 5"]);
    expect(lines.at(-1)).toBe("");
  });

  it("products: the filters still apply (search)", async () => {
    const lines = await download("products", "range=30d&q=Product%204");
    expect(lines.slice(1, -1).map((l) => l.split(",")[1])).toEqual(["Product 4"]);
  });

  it("orders: all 5, newest first as the list sorts them by default", async () => {
    const lines = await download("orders", "range=30d&page=3");
    expect(lines[0]).toMatch(/^order,date,/);
    expect(lines.slice(1, -1).map((l) => l.split(",")[0])).toHaveLength(5);
    expect(new Set(lines.slice(1, -1).map((l) => l.split(",")[0]))).toEqual(new Set(["#1", "#2", "#3", "#4", "#5"]));
  });

  it("orders: the product filter and the name search apply (the list's URL, whatever its page)", async () => {
    // Product 3 is only in order #3; "#4" is the start of #4 alone.
    const byProduct = await download("orders", "range=30d&product=gid%3A%2F%2Fshopify%2FProduct%2F3&page=2");
    expect(byProduct.slice(1, -1).map((l) => l.split(",")[0])).toEqual(["#3"]);
    const byName = await download("orders", "range=30d&q=%234");
    expect(byName.slice(1, -1).map((l) => l.split(",")[0])).toEqual(["#4"]);
  });
});
