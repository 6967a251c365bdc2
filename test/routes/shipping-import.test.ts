import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";

import type { Db } from "~/db.server";
import type * as CostsRoute from "~/routes/app.settings.costs";

import { openApp } from "../helpers/app";
import { createShop } from "../helpers/factories";

/**
 * The shipping-cost import through /app/settings/costs (issue 16).
 * - A busy month: a merge of 1,400 orders (a 17 KB file) answered 500, as one DELETE
 *   bound more values than SQLite takes.
 * - Item 6 (found by test/fuzz/forms.fuzz.test.ts): a CSV whose parcels for one order
 *   add up beyond what a stored amount holds (INTEGER minor units: 21474836.47 EUR)
 *   was accepted; SQLite stored a sum the app's client cannot read back, PostgreSQL
 *   refused the write (500). Now the line that crosses the limit is named and nothing
 *   is written. Fuzz counterexample (CR line ends, BOM):
 *   "\ufeff21474836.47, \r1001,12\r1001,6.55\r#1001,12\r#1001,7.40\r#1001 ,21474836.47\r#1001,12".
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
beforeEach(async () => {
  enqueued.length = 0;
  await db.shippingCostActual.deleteMany();
});

const importCsv = (csv: string) =>
  route.action({
    request: new Request("https://netmargin.example.com/app/settings/costs", { method: "POST", body: JSON.stringify({ intent: "import-shipping", csv, mode: "merge" }), headers: { "Content-Type": "application/json" } }),
    params: {},
    context: {},
  });

describe("shipping-cost import of a busy month", () => {
  it("merges a file of 1,400 orders (200, every row stored)", async () => {
    const csv = ["order,amount", ...Array.from({ length: 1_400 }, (_, i) => `#${10_001 + i},6.55`)].join("\n");
    expect(csv.length).toBeGreaterThan(16_000);
    const res = await importCsv(csv);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ rows: 1_400, matchedOrders: 0 });
    expect(await db.shippingCostActual.count({ where: { shop: SHOP } })).toBe(1_400);
  });
});

describe("shipping-cost import beyond the largest storable amount", () => {
  it("parcels of one order adding up past 21474836.47 EUR: 422 naming the line that crosses it; nothing written", async () => {
    // 21474836.47 + 0.01 = 21474836.48 EUR, one cent past the limit, on line 3.
    const res = await importCsv("order,amount\n#1001,21474836.47\n#1001,0.01\n#1002,5.00");
    expect(res.status).toBe(422);
    expect(await res.json()).toEqual({
      errors: [{ path: "csv line 3", message: "order #1001 (its rows added up): 21474836.48 EUR is more than NetMargin can store for one amount (at most 21474836.47 EUR)" }],
    });
    expect(await db.shippingCostActual.count()).toBe(0);
    expect(enqueued).toEqual([]);
  });

  it("one amount past the limit: 422 naming its line", async () => {
    const res = await importCsv("order,amount\n#1001,30000000.00");
    expect(res.status).toBe(422);
    expect(await res.json()).toEqual({ errors: [{ path: "csv line 2", message: "order #1001: 30000000.00 EUR is more than NetMargin can store for one amount (at most 21474836.47 EUR)" }] });
  });

  it("parcels adding up to exactly 21474836.47 EUR are stored as 2147483647 cents", async () => {
    const res = await importCsv("order,amount\n#1001,21474836.00\n#1001,0.47");
    expect(res.status).toBe(200);
    expect((await db.shippingCostActual.findFirstOrThrow()).amount).toBe(2_147_483_647);
  });
});
