import { beforeEach, expect, it } from "vitest";

import { dayOf } from "~/domain/payables";
import { deleteShopData } from "~/store/shop-data.server";
import { deleteSupplierInvoice, importSupplierInvoices, listSupplierInvoices, markSupplierInvoicePaid, MAX_INVOICE_CSV_BYTES, saveSupplierInvoice } from "~/store/supplier-invoices.server";
import { saveSupplier } from "~/store/suppliers.server";
import { describeEachProvider } from "../db/databases";
import { useFreshDatabase } from "../helpers/database";
import { createProduct, createShop } from "../helpers/factories";

/**
 * Supplier invoices (issue 19, item 4) on both providers. The shop (EUR, Paris) has a
 * stored supplier Atelier Roux (45-day terms, USD) and a vendor Maison Verte (default
 * terms: 30 days, EUR). Another shop has an invoice of its own, never seen here.
 */
const SHOP = "alpha.myshopify.com";
const OTHER = "beta.myshopify.com";
const NOW = new Date("2026-12-08T10:00:00Z");
const opts = { now: NOW };
const blank = { supplier: "", reference: "", kind: "", amount: "", currency: "", issueDate: "", dueDate: "", paidDate: "", penalty: "" };

describeEachProvider("supplier invoices", (_provider, database) => {
  const d = useFreshDatabase(database);
  beforeEach(async () => {
    for (const shop of [SHOP, OTHER]) await deleteShopData(d.db, shop);
    await createShop(d.db, { shop: SHOP, currencyCode: "EUR", ianaTimezone: "Europe/Paris" });
    await createShop(d.db, { shop: OTHER, currencyCode: "EUR" });
    await createProduct(d.db, { shop: SHOP, id: "gid://shopify/Product/1", title: "Vase", vendor: "Maison Verte" });
    expect(await saveSupplier(d.db, SHOP, null, { name: "Atelier Roux", leadTimeDays: 21, minOrderQuantity: 1, paymentTermsDays: 45, currency: "USD" }, NOW)).toMatchObject({ ok: true });
    expect(await saveSupplierInvoice(d.db, OTHER, null, { ...blank, supplier: "Atelier Roux", reference: "F-1", amount: "999", issueDate: "2026-11-02" }, opts)).toMatchObject({ ok: true });
  });

  const list = async (o: { from?: Date; to?: Date } = {}) =>
    (await listSupplierInvoices(SHOP, o, d.db)).map((r) => [r.supplierName, r.reference, r.kind, r.amount, r.currency, dayOf(r.issueDate), dayOf(r.dueDate), r.paidDate && dayOf(r.paidDate), r.penalty]);

  it("adds, edits, marks paid and deletes an invoice, scoped to the shop", async () => {
    const added = await saveSupplierInvoice(d.db, SHOP, null, { ...blank, supplier: "atelier roux", reference: "F-14", amount: "1250.50", issueDate: "2026-11-02" }, opts);
    if (!added.ok) throw new Error(JSON.stringify(added.errors));
    // Atelier Roux's 45 days from 2 Nov: 17 Dec; its currency, USD; its id kept.
    expect(added.invoice.supplierId).not.toBeNull();
    expect(await list()).toEqual([["Atelier Roux", "F-14", "invoice", 125050, "USD", "2026-11-02", "2026-12-17", null, null]]);
    const edited = await saveSupplierInvoice(d.db, SHOP, added.invoice.id, { ...blank, supplier: "Maison Verte", reference: "PO-3", kind: "purchase order", amount: "80", issueDate: "2026-11-02", penalty: "12" }, opts);
    expect(edited.ok).toBe(true);
    // The vendor's default terms, 30 days: 2 Dec; the shop's EUR.
    expect(await list()).toEqual([["Maison Verte", "PO-3", "purchase_order", 8000, "EUR", "2026-11-02", "2026-12-02", null, 1200]]);
    // Paid with no date: today in Paris, 8 Dec.
    expect(await markSupplierInvoicePaid(d.db, SHOP, added.invoice.id, null, opts)).toMatchObject({ ok: true });
    expect((await list())[0]![7]).toBe("2026-12-08");
    expect(await markSupplierInvoicePaid(d.db, SHOP, added.invoice.id, "2026-12-09", opts)).toEqual({ ok: false, errors: [{ path: "paidDate", message: "Paid on: the date is in the future; mark it paid once it is paid." }] });
    expect(await markSupplierInvoicePaid(d.db, SHOP, added.invoice.id, false, opts)).toMatchObject({ ok: true });
    expect((await list())[0]![7]).toBeNull();
    // The other shop's invoice cannot be reached by its id from this shop.
    const theirs = (await listSupplierInvoices(OTHER, {}, d.db))[0]!;
    expect(await deleteSupplierInvoice(d.db, SHOP, theirs.id)).toBe(false);
    expect(await markSupplierInvoicePaid(d.db, SHOP, theirs.id, null, opts)).toMatchObject({ ok: false });
    expect(await saveSupplierInvoice(d.db, SHOP, theirs.id, { ...blank, supplier: "X", reference: "1", amount: "1", issueDate: "2026-11-02" }, opts)).toEqual({ ok: false, errors: [{ path: "id", message: "This invoice no longer exists: reload the page." }] });
    expect(await deleteSupplierInvoice(d.db, SHOP, added.invoice.id)).toBe(true);
    expect(await list()).toEqual([]);
    expect(await listSupplierInvoices(OTHER, {}, d.db)).toHaveLength(1);
  });

  it("refuses a second invoice with the same supplier and reference, whatever their case", async () => {
    expect(await saveSupplierInvoice(d.db, SHOP, null, { ...blank, supplier: "Maison Verte", reference: "F-1", amount: "10", issueDate: "2026-11-02" }, opts)).toMatchObject({ ok: true });
    expect(await saveSupplierInvoice(d.db, SHOP, null, { ...blank, supplier: "maison verte", reference: " f-1 ", amount: "20", issueDate: "2026-11-03" }, opts)).toEqual({
      ok: false,
      errors: [{ path: "reference", message: "Reference: Maison Verte already has an invoice or order “f-1”; edit that one instead." }],
    });
  });

  it("lists the invoices owed at some point of a span", async () => {
    const csv = [
      "Supplier,Reference,Amount,Issue date,Due date,Paid on",
      "Maison Verte,A,100,2026-10-01,2026-10-31,2026-10-30", // paid before November
      "Maison Verte,B,200,2026-10-15,2026-11-14,2026-11-10", // paid in November
      "Maison Verte,C,300,2026-11-20,2026-12-20,", // unpaid, issued in November
      "Maison Verte,D,400,2026-12-01,2026-12-31,", // issued after November
    ].join("\n");
    expect(await importSupplierInvoices(d.db, SHOP, csv, opts)).toEqual({ ok: true, added: 4, updated: 0 });
    // November 1–30: B (paid 10 Nov) and C (open); A was paid before, D issued after.
    const nov = await list({ from: new Date("2026-11-01T00:00:00Z"), to: new Date("2026-11-30T00:00:00Z") });
    expect(nov.map((r) => r[1])).toEqual(["B", "C"]);
    expect((await list()).map((r) => r[1])).toEqual(["A", "B", "C", "D"]);
  });

  it("imports a CSV: every bad row named with its line and column, then nothing written", async () => {
    const bad = [
      "supplier;reference;type;amount;currency;issue date;due date;paid on;penalty",
      "Atelier Roux;F-20;invoice;1 250,50;;02/11/2026;;;",
      "",
      "Maison Verte;;invoice;abc;EUR;2026-11-31;;;",
      "Maison Verte;F-21;receipt;10;EURO;2026-11-02;2026-11-01;;",
      "atelier roux;f-20;;5;;2026-11-02;;;",
    ].join("\n");
    const r = await importSupplierInvoices(d.db, SHOP, bad, opts);
    expect(r).toEqual({
      ok: false,
      errors: [
        { path: "line 4", message: "line 4: Reference: enter the invoice or order number, e.g. F-2026-014." },
        { path: "line 4", message: "line 4: Amount: “abc” is not an amount; write it like 1250.50." },
        { path: "line 4", message: "line 4: Issue date: November 2026 has no day 31." },
        { path: "line 5", message: "line 5: Type: “receipt” is neither an invoice nor a purchase order; write invoice or purchase order." },
        { path: "line 5", message: "line 5: Currency: “EURO” is not a three-letter code, e.g. EUR." },
        { path: "line 5", message: "line 5: Due date: it is before the issue date." },
        { path: "line 6", message: "line 6: Reference: Atelier Roux's “f-20” is already on line 2." },
      ],
    });
    expect(await list()).toEqual([]);
    // The good rows alone import; again, the same rows update (no duplicates).
    const good = bad.split("\n").slice(0, 2).join("\n") + "\nMaison Verte;PO-9;purchase order;80;;2026-11-02;;2026-12-01;";
    expect(await importSupplierInvoices(d.db, SHOP, good, opts)).toEqual({ ok: true, added: 2, updated: 0 });
    expect(await importSupplierInvoices(d.db, SHOP, good, opts)).toEqual({ ok: true, added: 0, updated: 2 });
    expect(await list()).toEqual([
      ["Maison Verte", "PO-9", "purchase_order", 8000, "EUR", "2026-11-02", "2026-12-02", "2026-12-01", null],
      ["Atelier Roux", "F-20", "invoice", 125050, "USD", "2026-11-02", "2026-12-17", null, null],
    ]);
  });

  it("reads a file without a header in the columns' order, and refuses wrong column counts, a missing column and a file too large", async () => {
    expect(await importSupplierInvoices(d.db, SHOP, "Maison Verte,F-1,invoice,10,EUR,2026-11-02\nMaison Verte,F-2,10", opts)).toEqual({
      ok: false,
      errors: [{ path: "line 2", message: "line 2: expected 6 to 9 columns (supplier, reference, type, amount, currency, issue date, due date, paid on, late-payment penalty), found 3; or start the file with a header row naming them." }],
    });
    expect(await importSupplierInvoices(d.db, SHOP, "Supplier,Amount,Due date\nMaison Verte,10,2026-12-01", opts)).toEqual({
      ok: false,
      errors: [{ path: "line 1", message: "line 1: the header has no Reference or Issue date column; the columns are supplier, reference, type, amount, currency, issue date, due date, paid on, late-payment penalty." }],
    });
    const big = "Supplier,Reference,Amount,Issue date\n" + "x".repeat(MAX_INVOICE_CSV_BYTES);
    expect(await importSupplierInvoices(d.db, SHOP, big, opts)).toEqual({ ok: false, errors: [{ path: "csv", message: "The file is larger than 1 MB, the most one import takes: split it into smaller files." }] });
    expect(await importSupplierInvoices(d.db, SHOP, "Supplier,Reference,Amount,Issue date\n", opts)).toEqual({ ok: false, errors: [{ path: "csv", message: "The file has no invoice rows." }] });
    expect(await list()).toEqual([]);
  });
});
