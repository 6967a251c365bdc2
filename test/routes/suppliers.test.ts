import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";

import type { Db } from "~/db.server";
import { addDays, localDate } from "~/domain/time";
import type * as CsvRoute from "~/routes/app.suppliers.csv";
import type * as SuppliersRoute from "~/routes/app.suppliers/route";

import { openApp } from "../helpers/app";
import { createProduct, createShop, createUnitCost, createVariant } from "../helpers/factories";

/** /app/suppliers and /app/suppliers/csv, called as Remix calls them, with the shop's session. */
const SHOP = "alpha.myshopify.com";
vi.mock("~/shopify.server", () => ({ authenticate: { admin: async () => ({ session: { shop: "alpha.myshopify.com" } }) } }));

let db: Db;
let close: (() => Promise<void>) | undefined;
let route: typeof SuppliersRoute;
let csvRoute: typeof CsvRoute;

beforeAll(async () => {
  ({ db, close } = await openApp());
  route = await import("~/routes/app.suppliers/route");
  csvRoute = await import("~/routes/app.suppliers.csv");
});
afterAll(async () => {
  await close?.();
});

const ZERO = {
  orders: 1, lines: 1, merchandise: 0, shippingRevenue: 0, discounts: 0, costOfGoods: 0, shipping: 0, packaging: 0, labour: 0, paymentFees: 0, fixedCosts: 0,
  returns: 0, fraud: 0, spoilage: 0, netMargin: 0, withoutDiscounts: 0, missingLines: 0, missingUnits: 0, missingRevenue: 0, estimatedLines: 0,
};

beforeEach(async () => {
  for (const t of [db.productSupplier, db.supplier, db.productDayMargin, db.unitCostSnapshot, db.variant, db.product, db.shop] as { deleteMany(): Promise<unknown> }[]) await t.deleteMany();
  await createShop(db, { shop: SHOP, currencyCode: "EUR", ianaTimezone: "UTC" });
  // A product whose title a spreadsheet would run as a formula, by vendor Atelier Roux, one variant at 2.50.
  await createProduct(db, { shop: SHOP, id: "gid://shopify/Product/1", title: "=HYPERLINK(\"x\")", vendor: "Atelier Roux" });
  await createVariant(db, { shop: SHOP, id: "gid://shopify/ProductVariant/1", productId: "gid://shopify/Product/1", sku: "MUG-1", tracked: true });
  await createUnitCost(db, { shop: SHOP, variantId: "gid://shopify/ProductVariant/1", cost: 250 });
  // 28 units sold yesterday (the last complete day): 28 in the 28-day window, 1 a day, nothing on hand.
  const yesterday = addDays(localDate(new Date().toISOString(), "UTC"), -1);
  await db.productDayMargin.create({ data: { ...ZERO, shop: SHOP, productId: "gid://shopify/Product/1", day: yesterday, title: "x", currency: "EUR", units: 28 } });
});

const post = (body: string, headers: Record<string, string> = {}) =>
  route.action({ request: new Request("https://netmargin.example.com/app/suppliers", { method: "POST", body, headers: { "Content-Type": "application/json", ...headers } }), params: {}, context: {} });
const json = (body: unknown) => post(JSON.stringify(body));
const errorsOf = async (res: Response) => ((await res.json()) as { errors: { path: string; message: string }[] }).errors;

describe("/app/suppliers actions", () => {
  it("saves a supplier (200) and refuses bad fields with 422, naming each in the merchant's words, writing nothing", async () => {
    const bad = await json({ intent: "save", id: "vendor:atelier roux", name: "", leadTimeDays: "soon", minOrderQuantity: 0, paymentTermsDays: "-1", currency: "€" });
    expect(bad.status).toBe(422);
    expect((await errorsOf(bad)).map((e) => e.message)).toEqual([
      "Enter the supplier's name.",
      "Lead time: enter a whole number of days from 0 to 365, e.g. 14.",
      "Minimum order: enter a whole number of units from 1 to 1,000,000, e.g. 12.",
      "Payment terms: enter a whole number of days from 0 (paid when ordering) to 365, e.g. 30.",
      "Currency: enter a three-letter code, e.g. EUR.",
    ]);
    // A field of the wrong type (an object) is a wrong field, not a crash.
    expect((await errorsOf(await json({ intent: "save", id: null, name: { x: 1 }, leadTimeDays: 1, minOrderQuantity: 1, paymentTermsDays: 1, currency: "EUR" }))).map((e) => e.path)).toEqual(["name"]);
    expect(await errorsOf(await json({ intent: "save", id: 7, name: "A" }))).toEqual([{ path: "id", message: "This supplier no longer exists: reload the page." }]);
    expect(await db.supplier.count()).toBe(0);
    const ok = await json({ intent: "save", id: "vendor:atelier roux", name: "Atelier Roux", leadTimeDays: "21", minOrderQuantity: "12", paymentTermsDays: 45, currency: "EUR" });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ supplier: { id: "vendor:atelier roux", leadTimeDays: 21, minOrderQuantity: 12, paymentTermsDays: 45, products: 1, saved: true } });
  });

  it("assigns products, imports a CSV with its bad lines named, and refuses bodies it cannot read", async () => {
    expect(await errorsOf(await json({ intent: "assign", productIds: "gid://shopify/Product/1", supplierId: null }))).toEqual([{ path: "productIds", message: "Products: choose at least one product." }]);
    expect(await errorsOf(await json({ intent: "assign", productIds: ["gid://shopify/Product/1"], supplierId: 3 }))).toEqual([{ path: "supplierId", message: "Supplier: choose a supplier." }]);
    expect((await errorsOf(await json({ intent: "assign", productIds: ["gid://shopify/Product/1"], supplierId: "nobody" }))).map((e) => e.path)).toEqual(["supplierId"]);
    const assigned = await json({ intent: "assign", productIds: ["gid://shopify/Product/1"], supplierId: "vendor:atelier roux" });
    expect(await assigned.json()).toEqual({ assigned: 1 });

    const bad = await json({ intent: "import", csv: "name,lead,moq,terms\nJardin & Co,7,1,30\nVerre,x,1,30" });
    expect(bad.status).toBe(422);
    expect(await errorsOf(bad)).toEqual([{ path: "csv line 3", message: "line 3: Lead time: enter a whole number of days from 0 to 365, e.g. 14." }]);
    expect(await db.supplier.count({ where: { name: "Jardin & Co" } })).toBe(0);
    expect(await (await json({ intent: "import", csv: "Jardin & Co,7,1,30" })).json()).toEqual({ added: 1, updated: 0 });
    expect((await errorsOf(await json({ intent: "import", csv: 42 }))).map((e) => e.path)).toEqual(["csv"]);

    expect((await json({ intent: "delete-everything" })).status).toBe(422);
    expect((await post("not json")).status).toBe(400);
    // Past the cap (2 × 1 MB + 64 KB): 413, read no further.
    expect((await post(JSON.stringify({ intent: "import", csv: "x".repeat(2 * 1024 * 1024 + 64 * 1024) }))).status).toBe(413);
  });
});

describe("/app/suppliers page and CSV", () => {
  it("loads suppliers with their suggested purchase, and exports it per supplier with formulas escaped", async () => {
    const page = await route.loader({ request: new Request("https://netmargin.example.com/app/suppliers?q=hyper"), params: {}, context: {} });
    // 1 a day, nothing on hand: reorder point 1 × (14 + 7) = 21 ≥ 0 → up to 1 × (14 + 90) = 104 units × 2.50 = 260.00.
    expect(page.view.suppliers).toMatchObject([{ id: "vendor:atelier roux", name: "Atelier Roux", saved: false, products: 1, quantity: 104, cost: 26_000 }]);
    expect(page.view.purchases).toMatchObject([{ supplierName: "Atelier Roux", quantity: 104, cost: 26_000, lines: [{ sku: "MUG-1", quantity: 104 }] }]);
    expect(page.products.map((p) => p.id)).toEqual(["gid://shopify/Product/1"]);

    const get = (query: string) => csvRoute.loader({ request: new Request(`https://netmargin.example.com/app/suppliers/csv${query}`), params: {}, context: {} });
    const res = await get("?supplier=vendor%3Aatelier%20roux");
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Disposition")).toMatch(/^attachment; filename="netmargin-purchases-atelier-roux-\d{4}-\d{2}-\d{2}\.csv"$/);
    const lines = (await res.text()).split("\r\n");
    expect(lines[0]).toBe("Supplier,Product,SKU,On hand,Incoming,Reorder point,Quantity to order,Unit cost (EUR),Cost (EUR),Order date,Payment due");
    // Ordered today, paid 30 days later (default terms); the title written with a leading ' (escape_formulas).
    const today = localDate(new Date().toISOString(), "UTC");
    expect(lines[1]).toBe(`Atelier Roux,"'=HYPERLINK(""x"")",MUG-1,0,0,21,104,2.50,260.00,${today},${addDays(today, 30)}`);
    expect((await get("?supplier=none")).status).toBe(200);
    expect((await (await get("")).text()).split("\r\n")).toHaveLength(3);
    expect((await get("?supplier=nobody")).status).toBe(404);
  });
});
