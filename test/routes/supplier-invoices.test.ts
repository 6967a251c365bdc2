import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";

import type { Db } from "~/db.server";
import type * as CsvRoute from "~/routes/app.cash.invoices.csv";
import type * as InvoicesRoute from "~/routes/app.cash.invoices/route";

import { openApp } from "../helpers/app";
import { addDays, localDate } from "~/domain/time";
import { createProduct, createShop, createUnitCost, createVariant } from "../helpers/factories";

/** /app/cash/invoices and its CSV, called as Remix calls them, with the shop's session. */
const SHOP = "alpha.myshopify.com";
vi.mock("~/shopify.server", () => ({ authenticate: { admin: async () => ({ session: { shop: "alpha.myshopify.com" } }) } }));

let db: Db;
let close: (() => Promise<void>) | undefined;
let route: typeof InvoicesRoute;
let csvRoute: typeof CsvRoute;

beforeAll(async () => {
  ({ db, close } = await openApp());
  route = await import("~/routes/app.cash.invoices/route");
  csvRoute = await import("~/routes/app.cash.invoices.csv");
});
afterAll(async () => {
  await close?.();
});

beforeEach(async () => {
  for (const t of [db.supplierInvoice, db.productSupplier, db.supplier, db.productDayMargin, db.unitCostSnapshot, db.variant, db.product, db.shop] as { deleteMany(): Promise<unknown> }[]) await t.deleteMany();
  await createShop(db, { shop: SHOP, currencyCode: "EUR", ianaTimezone: "UTC" });
});

const URL_ = "https://netmargin.example.com/app/cash/invoices";
const post = (body: string, headers: Record<string, string> = {}) => route.action({ request: new Request(URL_, { method: "POST", body, headers: { "Content-Type": "application/json", ...headers } }), params: {}, context: {} });
const json = (body: unknown) => post(JSON.stringify(body));
const errorsOf = async (res: Response) => ((await res.json()) as { errors: { path: string; message: string }[] }).errors;
const load = async (query = "") => (await route.loader({ request: new Request(`${URL_}${query}`), params: {}, context: {} })) as Awaited<ReturnType<typeof route.loader>>;

describe("/app/cash/invoices actions", () => {
  it("adds an invoice (200), refuses bad fields with 422 naming each, and writes nothing then", async () => {
    const bad = await json({ intent: "save", id: null, supplier: "", reference: "F-1", amount: "twelve", issueDate: "2026-13-01" });
    expect(bad.status).toBe(422);
    expect((await errorsOf(bad)).map((e) => e.message)).toEqual([
      "Supplier: enter the supplier's name.",
      "Amount: “twelve” is not an amount; write it like 1250.50.",
      "Issue date: there is no month 13: write the date like 1 Jun 2026.",
    ]);
    expect(await db.supplierInvoice.count()).toBe(0);
    const ok = await json({ intent: "save", id: null, supplier: "Atelier Roux", reference: "F-1", amount: "120.50", issueDate: "2026-11-02", penalty: 15 });
    expect([ok.status, await ok.json()]).toEqual([200, { saved: "F-1" }]);
    // No supplier of that name: the default 30 days, 2 Nov → 2 Dec; the shop's EUR.
    expect(await db.supplierInvoice.findMany({ select: { supplierName: true, amount: true, currency: true, dueDate: true, penalty: true } })).toEqual([
      { supplierName: "Atelier Roux", amount: 12050, currency: "EUR", dueDate: "2026-12-02", penalty: 1500 },
    ]);
  });

  it("marks paid and unpaid, deletes, and answers 422 for an invoice that is gone", async () => {
    await json({ intent: "save", id: null, supplier: "Atelier Roux", reference: "F-1", amount: "120", issueDate: "2026-11-02" });
    const { id } = (await db.supplierInvoice.findFirstOrThrow()) as { id: string };
    expect(await (await json({ intent: "paid", id, paidDate: "2026-11-20" })).json()).toEqual({ paid: true });
    expect((await db.supplierInvoice.findFirstOrThrow()).paidDate).toBe("2026-11-20");
    expect(await (await json({ intent: "unpaid", id })).json()).toEqual({ paid: false });
    expect((await db.supplierInvoice.findFirstOrThrow()).paidDate).toBeNull();
    expect(await (await json({ intent: "delete", id })).json()).toEqual({ deleted: true });
    const again = await json({ intent: "delete", id });
    expect([again.status, await errorsOf(again)]).toEqual([422, [{ path: "id", message: "This invoice no longer exists: reload the page." }]]);
    const unknown = await json({ intent: "archive" });
    expect(unknown.status).toBe(422);
  });

  it("imports a CSV: bad rows listed by line, nothing written; the good file lists in the page and exports back", async () => {
    const bad = await json({ intent: "import", csv: "Supplier,Reference,Amount,Issue date\nAtelier Roux,F-1,10,2026-11-02\nAtelier Roux,,x,2026-11-02" });
    expect(bad.status).toBe(422);
    expect((await errorsOf(bad)).map((e) => e.message)).toEqual(["line 3: Reference: enter the invoice or order number, e.g. F-2026-014.", "line 3: Amount: “x” is not an amount; write it like 1250.50."]);
    expect(await db.supplierInvoice.count()).toBe(0);
    // A reference a spreadsheet would run as a formula is exported with a leading ' (escape_formulas).
    const good = await json({ intent: "import", csv: "Supplier,Reference,Amount,Issue date,Due date,Late-payment penalty\nAtelier Roux,F-1,10,2026-11-02,2026-11-30,2.5\nAtelier Roux,=SUM(1;2),20,2026-11-03,," });
    expect(await good.json()).toEqual({ added: 2, updated: 0 });
    const { view } = await load();
    expect(view.invoices.map((i) => [i.reference, i.amount, i.dueDate])).toEqual([
      ["F-1", 1000, "2026-11-30"],
      ["=SUM(1;2)", 2000, "2026-12-03"],
    ]);
    const res = await csvRoute.loader({ request: new Request(`${URL_}/csv`), params: {}, context: {} });
    expect(res.headers.get("Content-Disposition")).toBe('attachment; filename="supplier-invoices.csv"');
    expect(await res.text()).toBe(
      "Supplier,Reference,Type,Amount,Currency,Issue date,Due date,Paid on,Late-payment penalty\r\n" +
        "Atelier Roux,F-1,invoice,10.00,EUR,2026-11-02,2026-11-30,,2.50\r\n" +
        "Atelier Roux,\"'=SUM(1;2)\",invoice,20.00,EUR,2026-11-03,2026-12-03,,\r\n",
    );
  });

  it("refuses a body past its cap with 413 before reading it, naming the limit", async () => {
    const res = await post("{}", { "Content-Length": String(3 * 1024 * 1024) });
    expect(res.status).toBe(413);
    expect((await errorsOf(res))[0]!.message).toMatch(/larger than/);
  });

  it("opens the tab asked for, else Upcoming", async () => {
    expect((await load("?tab=overdue")).tab).toBe("overdue");
    expect((await load("?tab=nope")).tab).toBe("upcoming");
  });
});

describe("suggested purchases as purchase orders", () => {
  const ZERO = {
    orders: 1, lines: 1, merchandise: 0, shippingRevenue: 0, discounts: 0, costOfGoods: 0, shipping: 0, packaging: 0, labour: 0, paymentFees: 0, fixedCosts: 0,
    returns: 0, fraud: 0, spoilage: 0, netMargin: 0, withoutDiscounts: 0, missingLines: 0, missingUnits: 0, missingRevenue: 0, estimatedLines: 0,
  };

  it("adds reorder's suggested purchase as a purchase order, due on the supplier's terms, and updates it the second time", async () => {
    // As test/routes/suppliers.test.ts: a mug by vendor Atelier Roux at 2.50, 28 sold yesterday, nothing on hand.
    await createProduct(db, { shop: SHOP, id: "gid://shopify/Product/1", title: "Mug", vendor: "Atelier Roux" });
    await createVariant(db, { shop: SHOP, id: "gid://shopify/ProductVariant/1", productId: "gid://shopify/Product/1", sku: "MUG-1", tracked: true });
    await createUnitCost(db, { shop: SHOP, variantId: "gid://shopify/ProductVariant/1", cost: 250 });
    const today = localDate(new Date().toISOString(), "UTC");
    await db.productDayMargin.create({ data: { ...ZERO, shop: SHOP, productId: "gid://shopify/Product/1", day: addDays(today, -1), title: "x", currency: "EUR", units: 28 } });
    const { reorderPurchases, lastCompleteDay } = await import("~/services/reorder.server");
    const [expected] = await reorderPurchases(db, SHOP, lastCompleteDay("UTC"));
    expect(expected!.cost).toBeGreaterThan(0);
    const first = await json({ intent: "suggested" });
    expect(await first.json()).toEqual({ suggested: { added: 1, updated: 0, skipped: 0, amount: expected!.cost } });
    // Issued on the order date (today), due on the default terms: 30 days later.
    expect(await db.supplierInvoice.findMany({ select: { supplierName: true, kind: true, reference: true, amount: true, issueDate: true, dueDate: true } })).toEqual([
      { supplierName: "Atelier Roux", kind: "purchase_order", reference: `PO-${today}`, amount: expected!.cost, issueDate: today, dueDate: addDays(today, 30) },
    ]);
    expect(await (await json({ intent: "suggested" })).json()).toEqual({ suggested: { added: 0, updated: 1, skipped: 0, amount: expected!.cost } });
    expect(await db.supplierInvoice.count()).toBe(1);
  });
});
