/**
 * What the Supplier payments page (/app/cash/invoices) needs: the shop's supplier
 * invoices and purchase orders, the payment calendar by week and by month
 * (app/domain/payables.ts), the suppliers the form offers, and the CSV export.
 */
import type { PrismaClient } from "@prisma/client";

import { formatDecimal } from "~/domain/money";
import { dayOf, INVOICE_CSV_COLUMNS, INVOICE_FIELD_LABELS, INVOICE_KIND_LABELS, paymentCalendar, shopToday, type InvoiceField, type InvoiceKind, type PaymentCalendar, type SupplierInvoiceRow } from "~/domain/payables";
import { shopFacts } from "~/store/cost-settings.server";
import { addPurchaseOrders, listSupplierInvoices } from "~/store/supplier-invoices.server";
import { readSuppliers } from "~/store/suppliers.server";
import { csvText, type CsvColumn } from "./csv.server";
import { lastCompleteDay, reorderPurchases } from "./reorder.server";

type Db = Parameters<typeof readSuppliers>[0] & Pick<PrismaClient, "supplierInvoice">;

/** An invoice as the page shows it: dates as "YYYY-MM-DD". */
export interface InvoiceView {
  readonly id: string;
  readonly supplierId: string | null;
  readonly supplierName: string;
  readonly reference: string;
  readonly kind: InvoiceKind;
  readonly amount: number;
  readonly currency: string;
  readonly issueDate: string;
  readonly dueDate: string;
  readonly paidDate: string | null;
  readonly penalty: number | null;
  /** Unpaid and due before today. */
  readonly overdue: boolean;
  /** Days past the due date (unpaid), else 0. */
  readonly daysLate: number;
}

export interface SupplierInvoicesView {
  readonly currency: string;
  readonly today: string;
  readonly invoices: readonly InvoiceView[];
  readonly calendar: { readonly week: PaymentCalendar; readonly month: PaymentCalendar };
  /** The suppliers the form offers, with the terms its due date defaults from. */
  readonly suppliers: readonly { readonly id: string; readonly name: string; readonly paymentTermsDays: number; readonly currency: string }[];
}

export function invoiceView(r: SupplierInvoiceRow, today: string): InvoiceView {
  const dueDate = dayOf(r.dueDate);
  const overdue = r.paidDate === null && dueDate < today;
  return {
    id: r.id,
    supplierId: r.supplierId,
    supplierName: r.supplierName,
    reference: r.reference,
    kind: r.kind,
    amount: r.amount,
    currency: r.currency,
    issueDate: dayOf(r.issueDate),
    dueDate,
    paidDate: r.paidDate === null ? null : dayOf(r.paidDate),
    penalty: r.penalty,
    overdue,
    daysLate: overdue ? Math.round((Date.parse(today) - Date.parse(dueDate)) / 86_400_000) : 0,
  };
}

export async function supplierInvoicesView(db: Db, shop: string, now: Date = new Date()): Promise<SupplierInvoicesView> {
  const facts = await shopFacts(db, shop);
  const [rows, suppliers] = await Promise.all([listSupplierInvoices(shop, {}, db), readSuppliers(db, shop)]);
  const options = { now, timeZone: facts.timeZone, currency: facts.currency };
  const today = shopToday(now, facts.timeZone);
  return {
    currency: facts.currency,
    today,
    invoices: rows.map((r) => invoiceView(r, today)),
    calendar: { week: paymentCalendar(rows, { ...options, by: "week" }), month: paymentCalendar(rows, { ...options, by: "month" }) },
    suppliers: suppliers.suppliers.map((s) => ({ id: s.id, name: s.name, paymentTermsDays: s.paymentTermsDays, currency: s.currency })),
  };
}

const text = (f: InvoiceField, get: (r: SupplierInvoiceRow) => string): CsvColumn<SupplierInvoiceRow> => ({ header: INVOICE_FIELD_LABELS[f], text: get });

/** The export: the import's columns and headers, amounts as decimals of their currency, dates as YYYY-MM-DD (it imports back as is). */
const COLUMNS: Readonly<Record<InvoiceField, CsvColumn<SupplierInvoiceRow>>> = {
  supplier: text("supplier", (r) => r.supplierName),
  reference: text("reference", (r) => r.reference),
  kind: text("kind", (r) => INVOICE_KIND_LABELS[r.kind].toLowerCase()),
  amount: text("amount", (r) => formatDecimal(r.amount, r.currency)),
  currency: text("currency", (r) => r.currency),
  issueDate: text("issueDate", (r) => dayOf(r.issueDate)),
  dueDate: text("dueDate", (r) => dayOf(r.dueDate)),
  paidDate: text("paidDate", (r) => (r.paidDate === null ? "" : dayOf(r.paidDate))),
  penalty: text("penalty", (r) => (r.penalty === null ? "" : formatDecimal(r.penalty, r.currency))),
};

export async function supplierInvoicesCsv(db: Pick<PrismaClient, "supplierInvoice">, shop: string): Promise<string> {
  return csvText(
    INVOICE_CSV_COLUMNS.map((f) => COLUMNS[f]),
    await listSupplierInvoices(shop, {}, db),
  );
}

/**
 * Reorder's suggested purchases for today (app/services/reorder.server.ts, the Suppliers
 * page's list) added as purchase orders, one per supplier with something to order.
 */
export async function addSuggestedPurchaseOrders(db: Parameters<typeof reorderPurchases>[0] & Pick<PrismaClient, "supplierInvoice" | "$transaction">, shop: string, now: Date = new Date()) {
  const facts = await shopFacts(db, shop);
  const purchases = await reorderPurchases(db, shop, lastCompleteDay(facts.timeZone, now));
  return addPurchaseOrders(db, shop, purchases, now);
}
