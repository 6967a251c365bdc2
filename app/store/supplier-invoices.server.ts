/**
 * Supplier invoices and purchase orders (issue 19, item 4), `SupplierInvoice`: what the
 * shop owes its suppliers and when. Scoped to one shop; every save is checked first
 * (app/domain/payables.ts) and writes nothing on any error; a CSV import writes all of
 * its rows or none. One invoice per supplier and reference: importing a file again
 * updates the invoices it names instead of adding them twice.
 */
import { randomUUID } from "node:crypto";

import type { PrismaClient } from "@prisma/client";

import defaultDb from "~/db.server";
import { checkInvoice, checkPaidDate, dateOfDay, dayOf, INVOICE_CSV_COLUMNS, INVOICE_FIELD_LABELS, invoiceCsvHeader, invoiceKey, shopToday, type CheckedInvoice, type InvoiceField, type InvoiceInput, type InvoiceKind, type KnownSupplier, type SupplierInvoiceRow } from "~/domain/payables";
import { supplierKey, type PlannedPurchase } from "~/domain/reorder";
import type { ShippingCsvRecord } from "~/domain/shipping-import";
import { shippingCsvDelimiter } from "~/domain/shipping-import";
import type { Issue } from "~/domain/validation";
import { shopFacts } from "./cost-settings.server";
import { readShippingCsv } from "./shipping-csv.server";
import { readSuppliers } from "./suppliers.server";

export type { SupplierInvoiceRow } from "~/domain/payables";

type Db = Pick<PrismaClient, "supplierInvoice" | "supplier" | "productSupplier" | "product" | "shop" | "$transaction">;
type Row = Awaited<ReturnType<PrismaClient["supplierInvoice"]["findFirstOrThrow"]>>;

function toRow(r: Row): SupplierInvoiceRow {
  return {
    id: r.id,
    supplierId: r.supplierId,
    supplierName: r.supplierName,
    reference: r.reference,
    kind: r.kind as InvoiceKind,
    amount: r.amount,
    currency: r.currency,
    issueDate: dateOfDay(r.issueDate),
    dueDate: dateOfDay(r.dueDate),
    paidDate: r.paidDate === null ? null : dateOfDay(r.paidDate),
    penalty: r.penalty,
  };
}

/**
 * The shop's supplier invoices and purchase orders, by due date. With `from` / `to`
 * (calendar days, read with the UTC getters; both included): those owed at some point
 * in that span, i.e. issued on or before `to` and not paid before `from` (the payables
 * of a month, and the ones paid in it).
 */
export async function listSupplierInvoices(shop: string, opts: { from?: Date; to?: Date } = {}, db: Pick<PrismaClient, "supplierInvoice"> = defaultDb): Promise<SupplierInvoiceRow[]> {
  const where: { shop: string; issueDate?: { lte: string }; OR?: ({ paidDate: null } | { paidDate: { gte: string } })[] } = { shop };
  if (opts.to) where.issueDate = { lte: dayOf(opts.to) };
  if (opts.from) where.OR = [{ paidDate: null }, { paidDate: { gte: dayOf(opts.from) } }];
  const rows = await db.supplierInvoice.findMany({ where, orderBy: [{ dueDate: "asc" }, { supplierKey: "asc" }, { referenceKey: "asc" }] });
  return rows.map(toRow);
}

/** The shop's suppliers by name key (stored ones and vendors'), for the checks. */
async function knownSuppliers(db: Db, shop: string): Promise<(name: string) => KnownSupplier | null> {
  const { suppliers } = await readSuppliers(db, shop);
  const byKey = new Map(suppliers.map((s) => [supplierKey(s.name), { id: s.id, name: s.name, paymentTermsDays: s.paymentTermsDays, currency: s.currency }]));
  return (name) => byKey.get(supplierKey(name)) ?? null;
}

export interface InvoiceOptions {
  readonly now?: Date;
  /** The admin's locale: how typed dates are read ("01/06/2026" day first in English). */
  readonly locale?: string;
}

const issues = (errors: Partial<Record<InvoiceField, string>>): Issue[] => Object.entries(errors).map(([path, message]) => ({ path, message: message! }));

function data(value: CheckedInvoice, supplierId: string | null, now: Date) {
  return {
    supplierId,
    supplierName: value.supplierName,
    ...invoiceKey(value.supplierName, value.reference),
    kind: value.kind,
    reference: value.reference,
    amount: value.amount,
    currency: value.currency,
    issueDate: value.issueDate,
    dueDate: value.dueDate,
    paidDate: value.paidDate,
    penalty: value.penalty,
    updatedAt: now,
  };
}

export type InvoiceSave = { ok: true; invoice: SupplierInvoiceRow } | { ok: false; errors: Issue[] };

/** Adds (id null) or edits an invoice; every wrong field named, nothing written on any error. */
export async function saveSupplierInvoice(db: Db, shop: string, id: string | null, input: InvoiceInput, opts: InvoiceOptions = {}): Promise<InvoiceSave> {
  const now = opts.now ?? new Date();
  const facts = await shopFacts(db, shop);
  const checked = checkInvoice(input, { currency: facts.currency, today: shopToday(now, facts.timeZone), locale: opts.locale ?? "en", supplier: await knownSuppliers(db, shop) });
  if (!checked.ok) return { ok: false, errors: issues(checked.errors) };
  const row = data(checked.value, checked.supplierId, now);
  return db.$transaction(async (tx) => {
    if (id !== null && !(await tx.supplierInvoice.findUnique({ where: { shop_id: { shop, id } }, select: { id: true } }))) {
      return { ok: false as const, errors: [{ path: "id", message: "This invoice no longer exists: reload the page." }] };
    }
    const clash = await tx.supplierInvoice.findUnique({ where: { shop_supplierKey_referenceKey: { shop, supplierKey: row.supplierKey, referenceKey: row.referenceKey } }, select: { id: true } });
    if (clash && clash.id !== id) return { ok: false as const, errors: [{ path: "reference", message: `Reference: ${row.supplierName} already has an invoice or order “${row.reference}”; edit that one instead.` }] };
    const saved =
      id === null ? await tx.supplierInvoice.create({ data: { shop, id: randomUUID(), ...row, createdAt: now } }) : await tx.supplierInvoice.update({ where: { shop_id: { shop, id } }, data: row });
    return { ok: true as const, invoice: toRow(saved) };
  });
}

/** Marks an invoice paid on `paidOn` (as typed; the shop's today when null), or unpaid again with `paidOn` false. */
export async function markSupplierInvoicePaid(db: Db, shop: string, id: string, paidOn: string | null | false, opts: InvoiceOptions = {}): Promise<InvoiceSave> {
  const now = opts.now ?? new Date();
  const row = await db.supplierInvoice.findUnique({ where: { shop_id: { shop, id } } });
  if (!row) return { ok: false, errors: [{ path: "id", message: "This invoice no longer exists: reload the page." }] };
  if (paidOn === false) return { ok: true, invoice: toRow(await db.supplierInvoice.update({ where: { shop_id: { shop, id } }, data: { paidDate: null, updatedAt: now } })) };
  const facts = await shopFacts(db, shop);
  const checked = checkPaidDate(paidOn ?? "", row.issueDate, shopToday(now, facts.timeZone), opts.locale ?? "en");
  if (!checked.ok) return { ok: false, errors: [{ path: "paidDate", message: checked.error }] };
  return { ok: true, invoice: toRow(await db.supplierInvoice.update({ where: { shop_id: { shop, id } }, data: { paidDate: checked.value, updatedAt: now } })) };
}

/** Deletes an invoice; false when it was already gone. */
export async function deleteSupplierInvoice(db: Pick<PrismaClient, "supplierInvoice">, shop: string, id: string): Promise<boolean> {
  const { count } = await db.supplierInvoice.deleteMany({ where: { shop, id } });
  return count > 0;
}

// ---------------------------------------------------------------------------
// CSV import
// ---------------------------------------------------------------------------

/** An invoice list is short: 1 MB is thousands of rows. */
export const MAX_INVOICE_CSV_BYTES = 1024 * 1024;
export const MAX_INVOICE_CSV_ROWS = 10_000;

const REQUIRED_COLUMNS: readonly InvoiceField[] = ["supplier", "reference", "amount", "issueDate"];
const columnList = INVOICE_CSV_COLUMNS.map((f) => INVOICE_FIELD_LABELS[f].toLowerCase()).join(", ");

export type InvoiceImport = { ok: true; added: number; updated: number } | { ok: false; errors: Issue[] };

/**
 * Imports invoices from a CSV ("," or ";"): a header row names the columns (Supplier,
 * Reference, Type, Amount, Currency, Issue date, Due date, Paid on, Late-payment penalty;
 * other columns are ignored), else they are read in that order. A row whose supplier and
 * reference are already here updates that invoice, else adds one. Every bad row is
 * reported with its line number ("line 4: Amount: …"), and then nothing is written.
 */
export async function importSupplierInvoices(db: Db, shop: string, csv: unknown, opts: InvoiceOptions = {}): Promise<InvoiceImport> {
  if (typeof csv !== "string" || csv.trim() === "") return { ok: false, errors: [{ path: "csv", message: "Choose a CSV file with one invoice per row." }] };
  if (Buffer.byteLength(csv) > MAX_INVOICE_CSV_BYTES) return { ok: false, errors: [{ path: "csv", message: "The file is larger than 1 MB, the most one import takes: split it into smaller files." }] };
  const now = opts.now ?? new Date();
  const facts = await shopFacts(db, shop);
  const ctx = { currency: facts.currency, today: shopToday(now, facts.timeZone), locale: opts.locale ?? "en", supplier: await knownSuppliers(db, shop) };
  const errors: Issue[] = [];
  const rows: { line: number; value: CheckedInvoice; supplierId: string | null }[] = [];
  const firstLine = new Map<string, number>();
  let columns: readonly (InvoiceField | null)[] | null = null;
  let headerBroken = false;
  readShippingCsv(csv, shippingCsvDelimiter(csv), (record: ShippingCsvRecord) => {
    const where = `line ${record.line}`;
    const fail = (message: string) => errors.push({ path: where, message: `line ${record.line}: ${message}` });
    if ("error" in record) return void fail(record.error);
    const cells = record.cells;
    // Rows under a header missing a column would each repeat its error.
    if (headerBroken) return;
    if (columns === null) {
      const header = invoiceCsvHeader(cells);
      columns = header ?? INVOICE_CSV_COLUMNS;
      if (header) {
        const missing = REQUIRED_COLUMNS.filter((f) => !header.includes(f)).map((f) => INVOICE_FIELD_LABELS[f]);
        if (missing.length > 0) {
          fail(`the header has no ${missing.join(" or ")} column; the columns are ${columnList}.`);
          headerBroken = true;
        }
        return;
      }
    }
    if (rows.length + errors.length >= MAX_INVOICE_CSV_ROWS) {
      if (rows.length + errors.length === MAX_INVOICE_CSV_ROWS) fail(`a file holds at most ${MAX_INVOICE_CSV_ROWS.toLocaleString("en")} invoices.`);
      return;
    }
    if (columns === INVOICE_CSV_COLUMNS && (cells.length < 6 || cells.length > INVOICE_CSV_COLUMNS.length)) {
      return void fail(`expected 6 to 9 columns (${columnList}), found ${cells.length}; or start the file with a header row naming them.`);
    }
    const cell: Record<InvoiceField, string> = { supplier: "", reference: "", kind: "", amount: "", currency: "", issueDate: "", dueDate: "", paidDate: "", penalty: "" };
    columns.forEach((field, i) => {
      if (field !== null && cells[i] !== undefined) cell[field] = cells[i]!;
    });
    const checked = checkInvoice(cell, ctx);
    if (!checked.ok) {
      for (const field of INVOICE_CSV_COLUMNS) {
        const message = checked.errors[field];
        if (message) fail(message);
      }
      return;
    }
    const k = invoiceKey(checked.value.supplierName, checked.value.reference);
    const key = `${k.supplierKey}\n${k.referenceKey}`;
    const before = firstLine.get(key);
    if (before !== undefined) return void fail(`Reference: ${checked.value.supplierName}'s “${checked.value.reference}” is already on line ${before}.`);
    firstLine.set(key, record.line);
    rows.push({ line: record.line, value: checked.value, supplierId: checked.supplierId });
  });
  if (errors.length === 0 && rows.length === 0) errors.push({ path: "csv", message: "The file has no invoice rows." });
  if (errors.length > 0) return { ok: false, errors };
  return db.$transaction(async (tx) => {
    let added = 0;
    let updated = 0;
    for (const row of rows) {
      const d = data(row.value, row.supplierId, now);
      const existing = await tx.supplierInvoice.findUnique({ where: { shop_supplierKey_referenceKey: { shop, supplierKey: d.supplierKey, referenceKey: d.referenceKey } }, select: { id: true } });
      if (existing) {
        updated++;
        await tx.supplierInvoice.update({ where: { shop_id: { shop, id: existing.id } }, data: d });
      } else {
        added++;
        await tx.supplierInvoice.create({ data: { shop, id: randomUUID(), ...d, createdAt: now } });
      }
    }
    return { ok: true as const, added, updated };
  });
}

// ---------------------------------------------------------------------------
// Suggested purchases → purchase orders
// ---------------------------------------------------------------------------

/** The reference a suggested purchase gets: one per supplier and order date, so adding them again the same day updates them. */
export const suggestedReference = (orderBy: string) => `PO-${orderBy}`;

/**
 * Turns reorder's suggested purchases (app/domain/reorder.ts, PlannedPurchase) into
 * purchase orders: issued on the order date, due on the payment date, for their known
 * cost (lines without a unit cost are not counted; the merchant edits the amount). One
 * transaction; those without a known cost are skipped.
 */
export async function addPurchaseOrders(db: Pick<PrismaClient, "supplierInvoice" | "$transaction">, shop: string, purchases: readonly PlannedPurchase[], now: Date = new Date()): Promise<{ added: number; updated: number; skipped: number; amount: number }> {
  const usable = purchases.filter((p) => p.cost > 0);
  return db.$transaction(async (tx) => {
    let added = 0;
    let updated = 0;
    for (const p of usable) {
      const reference = suggestedReference(p.orderBy);
      const d = {
        supplierId: p.supplierId,
        supplierName: p.supplierName,
        ...invoiceKey(p.supplierName, reference),
        kind: "purchase_order",
        reference,
        amount: p.cost,
        currency: p.currency,
        issueDate: p.orderBy,
        dueDate: p.payDue,
        paidDate: null,
        penalty: null,
        updatedAt: now,
      };
      const existing = await tx.supplierInvoice.findUnique({ where: { shop_supplierKey_referenceKey: { shop, supplierKey: d.supplierKey, referenceKey: d.referenceKey } }, select: { id: true } });
      if (existing) {
        updated++;
        await tx.supplierInvoice.update({ where: { shop_id: { shop, id: existing.id } }, data: d });
      } else {
        added++;
        await tx.supplierInvoice.create({ data: { shop, id: randomUUID(), ...d, createdAt: now } });
      }
    }
    return { added, updated, skipped: purchases.length - usable.length, amount: usable.reduce((s, p) => s + p.cost, 0) };
  });
}
