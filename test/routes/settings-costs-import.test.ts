import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

import type { Db } from "~/db.server";
import type * as CostsRoute from "~/routes/app.settings.costs";

import { openApp } from "../helpers/app";
import { createShop } from "../helpers/factories";

/**
 * A shipping-cost import of a busy month through /app/settings/costs (issue 16): a
 * merge of 1,400 orders (a 17 KB file) answered 500, as one DELETE bound more values
 * than SQLite takes.
 */
const SHOP = "alpha.myshopify.com";
vi.mock("~/shopify.server", () => ({ authenticate: { admin: async () => ({ session: { shop: "alpha.myshopify.com" } }) } }));
const enqueued = vi.hoisted(() => [] as string[]);
vi.mock("~/jobs/runtime.server", async () => (await import("../helpers/app")).runtimeMock(enqueued));

let db: Db;
let close: (() => Promise<void>) | undefined;
let route: typeof CostsRoute;

beforeAll(async () => {
  ({ db, close } = await openApp());
  route = await import("~/routes/app.settings.costs");
  await createShop(db, { shop: SHOP, currencyCode: "EUR" });
});
afterAll(async () => {
  await close?.();
});

const post = (body: string) =>
  route.action({ request: new Request("https://netmargin.example.com/app/settings/costs", { method: "POST", body, headers: { "Content-Type": "application/json" } }), params: {}, context: {} });

describe("/app/settings/costs shipping import", () => {
  it("merges a file of 1,400 orders (200, every row stored)", async () => {
    const csv = ["order,amount", ...Array.from({ length: 1_400 }, (_, i) => `#${10_001 + i},6.55`)].join("\n");
    expect(csv.length).toBeGreaterThan(16_000);
    const res = await post(JSON.stringify({ intent: "import-shipping", csv, mode: "merge" }));
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ rows: 1_400, matchedOrders: 0 });
    expect(await db.shippingCostActual.count({ where: { shop: SHOP } })).toBe(1_400);
  });
});
