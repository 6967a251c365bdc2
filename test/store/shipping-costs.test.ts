import { afterAll, beforeAll, beforeEach, expect, it } from "vitest";

import type { Db } from "~/db.server";
import { importedShippingCost } from "~/domain/shipping-import";
import { clearShippingCosts, importShippingCosts, loadShippingCostImport } from "~/store/shipping-costs.server";
import { describeEachProvider } from "../db/databases";
import { migratedPrisma } from "../helpers/database";
import { createShop } from "../helpers/factories";

/** Imported shipping costs, on both providers: all-or-nothing imports, merge and replace, recompute ranges. */

const SHOP = "alpha.myshopify.com";
const OTHER = "beta.myshopify.com";
const T0 = new Date("2026-01-01T00:00:00Z");

describeEachProvider("shipping-cost imports", (_provider, database) => {
  let db: Db;
  beforeAll(async () => {
    db = await migratedPrisma(database().url);
  });
  afterAll(async () => {
    await db.$disconnect();
  });
  beforeEach(async () => {
    for (const t of [db.marginDirty, db.shippingCostActual, db.order, db.shop] as { deleteMany(): Promise<unknown> }[]) await t.deleteMany();
    for (const shop of [SHOP, OTHER]) {
      await createShop(db, { shop });
    }
    const order = (id: number, processedAt: string) => ({
      shop: SHOP, id: `gid://shopify/Order/${id}`, name: `#${id}`, processedAt: new Date(processedAt), shopifyUpdatedAt: new Date(processedAt), currency: "EUR",
      taxesIncluded: true, cancelled: false, test: false, refundedLinesBeforeTax: 0, refundedShippingBeforeTax: 0, lineCount: 1, items: 1, netRevenue: 1000,
      transactionsKnown: true, origin: "bulk", syncedAt: T0,
    });
    await db.order.createMany({ data: [order(1001, "2026-03-10T10:00:00Z"), order(1002, "2026-04-20T10:00:00Z"), order(1003, "2026-05-05T10:00:00Z")] });
  });

  it("imports rows by name, number or GID (parcels added up), and marks the matched orders' range", async () => {
    const csv = "order,amount\n#1001,6.55\n1002,4.10\n1002,2.00\ngid://shopify/Order/1003,7.90\n#9999,3.00\n";
    const r = await importShippingCosts(db, SHOP, csv, { mode: "merge" }, new Date("2026-06-01T00:00:00Z"));
    expect(r).toEqual({ ok: true, rows: 4, matchedOrders: 3, unmatched: ["name:9999"] });
    const stored = await loadShippingCostImport(db, SHOP, "EUR");
    expect(importedShippingCost(stored, { id: "gid://shopify/Order/1001", name: "#1001" })).toBe(655);
    // Two parcels of #1002: 4.10 + 2.00.
    expect(importedShippingCost(stored, { id: "gid://shopify/Order/1002", name: "#1002" })).toBe(610);
    expect(importedShippingCost(stored, { id: "gid://shopify/Order/1003", name: "#1003" })).toBe(790);
    const dirty = await db.marginDirty.findMany({ where: { shop: SHOP } });
    expect(dirty.map((d) => [d.since.toISOString(), d.until?.toISOString(), d.reason])).toEqual([["2026-03-10T10:00:00.000Z", "2026-05-05T10:00:00.000Z", "shipping-import"]]);
    expect(await loadShippingCostImport(db, OTHER, "EUR")).toBeNull();
  });

  it("a bad row writes nothing and names the line", async () => {
    await importShippingCosts(db, SHOP, "#1001,6.55", { mode: "merge" });
    const r = await importShippingCosts(db, SHOP, "#1002,4.10\n#1003,-2.00\n#1001,abc", { mode: "replace" });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.map((e) => e.path)).toEqual(["csv line 2", "csv line 3"]);
    expect((await db.shippingCostActual.findMany({ where: { shop: SHOP } })).map((x) => [x.orderKey, x.amount])).toEqual([["name:1001", 655]]);
    const bad = await importShippingCosts(db, SHOP, "", { mode: "sometimes" });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.errors.map((e) => e.path)).toEqual(["csv", "mode"]);
  });

  it("merge keeps other orders' rows; replace drops them; clear drops everything", async () => {
    await importShippingCosts(db, SHOP, "#1001,6.55\n#1002,4.10", { mode: "merge" });
    await importShippingCosts(db, SHOP, "#1002,5.00", { mode: "merge" });
    const keys = async () => (await db.shippingCostActual.findMany({ where: { shop: SHOP }, orderBy: { orderKey: "asc" } })).map((x) => [x.orderKey, x.amount]);
    expect(await keys()).toEqual([["name:1001", 655], ["name:1002", 500]]);
    await importShippingCosts(db, SHOP, "#1003,7.90", { mode: "replace" });
    expect(await keys()).toEqual([["name:1003", 790]]);
    expect(await clearShippingCosts(db, SHOP)).toBe(1);
    expect(await loadShippingCostImport(db, SHOP, "EUR")).toBeNull();
  });
});
