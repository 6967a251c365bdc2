import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

import type { Db } from "~/db.server";
import { recomputeMargins } from "~/margins/recompute.server";

import { openAppWithStores } from "../helpers/app";
import { createShop, createUnitCost, oneLineOrder, storeOrders } from "../helpers/factories";

/**
 * /app/products.csv and /app/orders.csv as Remix calls them (issue 16): the body is
 * a stream, and a title or order name that is a formula goes out defused.
 */
const SHOP = "alpha.myshopify.com";
vi.mock("~/shopify.server", () => ({ authenticate: { admin: async () => ({ session: { shop: "alpha.myshopify.com" } }) } }));
const enqueued = vi.hoisted(() => [] as string[]);
vi.mock("~/jobs/runtime.server", async () => (await import("../helpers/app")).runtimeMock(enqueued));

const NOW = new Date();
const TOTE = { productId: "gid://shopify/Product/1", variantId: "gid://shopify/ProductVariant/1", title: '=HYPERLINK("http://evil.example","Tote")' };

let db: Db;
let close: (() => Promise<void>) | undefined;

beforeAll(async () => {
  const app = await openAppWithStores();
  ({ db, close } = app);
  const { sql, reader } = app;
  await createShop(db, { shop: SHOP, installedAt: NOW });
  await createUnitCost(db, { shop: SHOP, variantId: TOTE.variantId, cost: 1500 });
  const day = NOW.toISOString().slice(0, 10);
  const record = oneLineOrder({ id: 1, processedAt: `${day}T00:00:01Z`, price: 1000, variant: TOTE, unitWeightGrams: null });
  await storeOrders(sql, SHOP, [{ ...record, order: { ...record.order, name: "+SUM(1,2)" } }], NOW);
  await recomputeMargins({ db, sql, reader }, SHOP);
});
afterAll(async () => {
  await close?.();
});

async function download(path: string): Promise<{ res: Response; text: string; chunks: number }> {
  const { loader } = await import(`~/routes/${path === "products" ? "app.products.csv" : "app.orders.csv"}`);
  const res: Response = await loader({ request: new Request(`https://netmargin.example.com/app/${path}.csv?range=30d`), params: {}, context: {} });
  expect(res.body).toBeInstanceOf(ReadableStream);
  let text = "";
  let chunks = 0;
  const decoder = new TextDecoder();
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    chunks++;
    text += decoder.decode(chunk, { stream: true });
  }
  return { res, text, chunks };
}

describe("CSV downloads", () => {
  it("streams the products CSV with the formula title defused and the loss as a number", async () => {
    const { res, text } = await download("products");
    expect(res.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    const lines = text.split("\r\n");
    expect(lines[0]).toBe("product_id,title,units,orders,net_revenue_EUR,cost_of_goods_EUR,shipping_EUR,other_costs_EUR,net_margin_EUR,margin_percent,flags");
    expect(lines[1]).toMatch(/^gid:\/\/shopify\/Product\/1,"'=HYPERLINK\(""http:\/\/evil\.example"",""Tote""\)",1,1,[\d.]+,15\.00,[\d.]+,[\d.]+,-[\d.]+,-[\d.]+,/);
  });

  it("streams the orders CSV with the formula order name defused", async () => {
    const { text } = await download("orders");
    const lines = text.split("\r\n");
    expect(lines[0]).toBe("order,date,gateway,country,items,net_revenue_EUR,total_costs_EUR,net_margin_EUR,margin_percent,flags");
    expect(lines[1]).toMatch(/^"'\+SUM\(1,2\)",\d{4}-\d{2}-\d{2},[^,]*,[^,]*,1,[\d.]+,[\d.]+,-[\d.]+,-[\d.]+,/);
    expect(lines.at(-1)).toBe("");
  });
});
