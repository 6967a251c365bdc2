/**
 * Payables (issue 19, item 4): supplier invoices and purchase orders, the checks of one
 * entered or imported from CSV, and the payment calendar by ISO week or month: what is
 * overdue (with the late-payment penalty the merchant entered), what falls due in each
 * week or month ahead, and the weeks where outflows peak.
 *
 * Dates on an invoice are calendar days ("YYYY-MM-DD", as printed on the document). As
 * Date values (SupplierInvoiceRow) they are that day's UTC midnight: read them with the
 * UTC getters (`toISOString().slice(0, 10)`), never in a time zone. "Today" is the shop's
 * local date of `now` (the shop's time zone), which decides what is overdue and which
 * week or month is the current one.
 */
import { DEFAULT_SUPPLIER_TERMS, supplierKey } from "./reorder";
import { currencyExponent, isCurrencyCode, parseDecimal, unstorableAmount, type CurrencyCode } from "./money";
import { addDays, isLocalDate, localDate } from "./time";
import { parseTypedDate } from "./typed-date";

export const INVOICE_KINDS = ["invoice", "purchase_order"] as const;
export type InvoiceKind = (typeof INVOICE_KINDS)[number];
export const INVOICE_KIND_LABELS: Readonly<Record<InvoiceKind, string>> = { invoice: "Invoice", purchase_order: "Purchase order" };

/** A supplier invoice or purchase order as stored (app/store/supplier-invoices.server.ts). */
export interface SupplierInvoiceRow {
  readonly id: string;
  /** The shop's Supplier it names, or null (a supplier typed by name only). */
  readonly supplierId: string | null;
  readonly supplierName: string;
  readonly reference: string;
  readonly kind: InvoiceKind;
  /** Minor units of `currency`. */
  readonly amount: number;
  readonly currency: string;
  /** Calendar days at UTC midnight. */
  readonly issueDate: Date;
  readonly dueDate: Date;
  readonly paidDate: Date | null;
  /** Minor units of `currency`: the late-payment penalty the merchant entered, or null. */
  readonly penalty: number | null;
}

/** A Date holding a calendar day → "YYYY-MM-DD". */
export const dayOf = (d: Date): string => d.toISOString().slice(0, 10);
/** "YYYY-MM-DD" → its UTC midnight. */
export const dateOfDay = (day: string): Date => new Date(`${day}T00:00:00.000Z`);

/** The shop's local date of `now`. */
export function shopToday(now: Date, timeZone: string): string {
  return localDate(now.toISOString(), timeZone);
}

// ---------------------------------------------------------------------------
// ISO weeks and months
// ---------------------------------------------------------------------------

/** Whole days from `a` to `b` (YYYY-MM-DD each). */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}

/** The Monday starting the ISO week of `day`. */
export function isoWeekStart(day: string): string {
  const weekday = (new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7; // Monday 0 … Sunday 6
  return addDays(day, -weekday);
}

/** The ISO week key of `day`: "2026-W50". The week belongs to the year of its Thursday (ISO 8601). */
export function isoWeekKey(day: string): string {
  const thursday = addDays(isoWeekStart(day), 3);
  const year = thursday.slice(0, 4);
  const week = Math.floor(daysBetween(`${year}-01-01`, thursday) / 7) + 1;
  return `${year}-W${String(week).padStart(2, "0")}`;
}

export type CalendarPeriod = "week" | "month";

function bucketStart(day: string, by: CalendarPeriod): string {
  return by === "week" ? isoWeekStart(day) : `${day.slice(0, 7)}-01`;
}

function nextBucketStart(start: string, by: CalendarPeriod): string {
  if (by === "week") return addDays(start, 7);
  const y = Number(start.slice(0, 4));
  const m = Number(start.slice(5, 7));
  return m === 12 ? `${String(y + 1).padStart(4, "0")}-01-01` : `${start.slice(0, 4)}-${String(m + 1).padStart(2, "0")}-01`;
}

// ---------------------------------------------------------------------------
// The payment calendar
// ---------------------------------------------------------------------------

export interface CalendarItem {
  readonly id: string;
  readonly supplierName: string;
  readonly reference: string;
  readonly kind: InvoiceKind;
  readonly amount: number;
  readonly dueDate: string;
}

export interface OverdueItem extends CalendarItem {
  readonly daysLate: number;
  /** The penalty the merchant entered (0 when none). */
  readonly penalty: number;
}

export interface CalendarBucket {
  /** "2026-W50" or "2026-12". */
  readonly key: string;
  /** First and last day of the week or month (both included). */
  readonly start: string;
  readonly end: string;
  /** Σ amounts due in it (minor units of the calendar's currency). */
  readonly amount: number;
  readonly items: readonly CalendarItem[];
  /** One of the peaks: at least PEAK_RATIO × the average of the buckets ahead and half the largest (at most MAX_PEAKS, the largest). */
  readonly peak: boolean;
}

export interface PaymentCalendar {
  readonly by: CalendarPeriod;
  readonly today: string;
  readonly currency: CurrencyCode;
  /** Unpaid and due before today, oldest first. */
  readonly overdue: { readonly items: readonly OverdueItem[]; readonly amount: number; readonly penalties: number };
  /** The current week or month (from today on) and the ones after it: `horizon` buckets. */
  readonly buckets: readonly CalendarBucket[];
  /** Unpaid and due after the last bucket. */
  readonly later: { readonly amount: number; readonly count: number };
  /** Keys of the peak buckets, largest first. */
  readonly peaks: readonly string[];
  /** Unpaid invoices in another currency than the calendar's: not added in, totalled apart. */
  readonly otherCurrencies: readonly { readonly currency: string; readonly amount: number; readonly count: number }[];
}

/** A bucket is a peak when it holds at least 1.5 times the average bucket ahead. */
export const PEAK_RATIO = 1.5;
export const MAX_PEAKS = 3;
export const DEFAULT_HORIZON: Readonly<Record<CalendarPeriod, number>> = { week: 13, month: 6 };

export interface CalendarOptions {
  readonly by: CalendarPeriod;
  readonly now: Date;
  readonly timeZone: string;
  /** The shop's currency: invoices in it are bucketed. */
  readonly currency: CurrencyCode;
  /** Buckets from the current one on (DEFAULT_HORIZON). */
  readonly horizon?: number;
}

const item = (r: SupplierInvoiceRow): CalendarItem => ({ id: r.id, supplierName: r.supplierName, reference: r.reference, kind: r.kind, amount: r.amount, dueDate: dayOf(r.dueDate) });
const byDue = (a: CalendarItem, b: CalendarItem) => (a.dueDate < b.dueDate ? -1 : a.dueDate > b.dueDate ? 1 : a.supplierName.localeCompare(b.supplierName, "en") || (a.reference < b.reference ? -1 : 1));

/**
 * The supplier payment calendar: unpaid invoices in `currency` split into overdue (due
 * before today), the `horizon` weeks (ISO, Monday to Sunday) or months from today's on,
 * and later; paid ones are left out. Peaks: buckets holding at least PEAK_RATIO × the
 * average over the horizon (empty buckets count in the average) and at least half the
 * largest bucket, the MAX_PEAKS largest.
 */
export function paymentCalendar(invoices: readonly SupplierInvoiceRow[], options: CalendarOptions): PaymentCalendar {
  const { by, currency } = options;
  const horizon = options.horizon ?? DEFAULT_HORIZON[by];
  const today = shopToday(options.now, options.timeZone);
  const starts: string[] = [];
  for (let s = bucketStart(today, by), i = 0; i < horizon; i++, s = nextBucketStart(s, by)) starts.push(s);
  const endExclusive = starts.length > 0 ? nextBucketStart(starts[starts.length - 1]!, by) : today;
  const buckets = starts.map((start) => ({ start, items: [] as CalendarItem[], amount: 0 }));
  const overdue: OverdueItem[] = [];
  const other = new Map<string, { amount: number; count: number }>();
  let later = { amount: 0, count: 0 };
  for (const r of invoices) {
    if (r.paidDate !== null) continue;
    if (r.currency !== currency) {
      const o = other.get(r.currency) ?? { amount: 0, count: 0 };
      other.set(r.currency, { amount: o.amount + r.amount, count: o.count + 1 });
      continue;
    }
    const due = dayOf(r.dueDate);
    if (due < today) {
      overdue.push({ ...item(r), daysLate: daysBetween(due, today), penalty: r.penalty ?? 0 });
      continue;
    }
    if (due >= endExclusive) {
      later = { amount: later.amount + r.amount, count: later.count + 1 };
      continue;
    }
    const start = bucketStart(due, by);
    const b = buckets.find((x) => x.start === start)!;
    b.items.push(item(r));
    b.amount += r.amount;
  }
  const total = buckets.reduce((s, b) => s + b.amount, 0);
  const largest = buckets.reduce((m, b) => Math.max(m, b.amount), 0);
  // amount ≥ 1.5 × total / horizon, in integers: 2 × amount × horizon ≥ 3 × total; and at
  // least half the largest, so a few scattered payments do not all count as peaks.
  const peaks = buckets
    .filter((b) => b.amount > 0 && 2 * b.amount * buckets.length >= 3 * total && 2 * b.amount >= largest)
    .sort((a, b) => b.amount - a.amount || (a.start < b.start ? -1 : 1))
    .slice(0, MAX_PEAKS)
    .map((b) => b.start);
  const peakSet = new Set(peaks);
  const keyOf = (start: string) => (by === "week" ? isoWeekKey(start) : start.slice(0, 7));
  overdue.sort(byDue);
  return {
    by,
    today,
    currency,
    overdue: { items: overdue, amount: overdue.reduce((s, o) => s + o.amount, 0), penalties: overdue.reduce((s, o) => s + o.penalty, 0) },
    buckets: buckets.map((b) => ({
      key: keyOf(b.start),
      // The current bucket starts at today: earlier days of it are overdue.
      start: b.start < today ? today : b.start,
      end: addDays(nextBucketStart(b.start, by), -1),
      amount: b.amount,
      items: b.items.sort(byDue),
      peak: peakSet.has(b.start),
    })),
    later,
    peaks: peaks.map(keyOf),
    otherCurrencies: [...other].map(([c, o]) => ({ currency: c, ...o })).sort((a, b) => (a.currency < b.currency ? -1 : 1)),
  };
}

// ---------------------------------------------------------------------------
// Checking one invoice (the form, and each CSV row)
// ---------------------------------------------------------------------------

export type InvoiceField = "supplier" | "reference" | "kind" | "amount" | "currency" | "issueDate" | "dueDate" | "paidDate" | "penalty";

/** Merchant words for each field: the form's labels and the CSV's column names. */
export const INVOICE_FIELD_LABELS: Readonly<Record<InvoiceField, string>> = {
  supplier: "Supplier",
  reference: "Reference",
  kind: "Type",
  amount: "Amount",
  currency: "Currency",
  issueDate: "Issue date",
  dueDate: "Due date",
  paidDate: "Paid on",
  penalty: "Late-payment penalty",
};

/** What the merchant typed (or a CSV row held); blank optional fields are "". */
export interface InvoiceInput {
  readonly supplier: string;
  readonly reference: string;
  readonly kind: string;
  readonly amount: string;
  readonly currency: string;
  readonly issueDate: string;
  readonly dueDate: string;
  readonly paidDate: string;
  readonly penalty: string;
}

export interface CheckedInvoice {
  readonly supplierName: string;
  readonly reference: string;
  readonly kind: InvoiceKind;
  readonly amount: number;
  readonly currency: CurrencyCode;
  readonly issueDate: string;
  readonly dueDate: string;
  readonly paidDate: string | null;
  readonly penalty: number | null;
}

/** The supplier a name stands for: its id, terms and currency (null: none of the shop's). */
export interface KnownSupplier {
  readonly id: string;
  readonly name: string;
  readonly paymentTermsDays: number;
  readonly currency: string;
}

export interface InvoiceContext {
  /** The shop's currency: the default when neither the row nor the supplier gives one. */
  readonly currency: CurrencyCode;
  /** The shop's local date today: a paid date may not be after it. */
  readonly today: string;
  readonly locale: string;
  readonly supplier: (name: string) => KnownSupplier | null;
}

export type InvoiceCheck = { ok: true; value: CheckedInvoice; supplierId: string | null } | { ok: false; errors: Partial<Record<InvoiceField, string>> };

const KIND_WORDS: Readonly<Record<string, InvoiceKind>> = {
  "": "invoice",
  invoice: "invoice",
  bill: "invoice",
  facture: "invoice",
  "purchase order": "purchase_order",
  purchase_order: "purchase_order",
  po: "purchase_order",
  order: "purchase_order",
  "bon de commande": "purchase_order",
};

/**
 * An amount as a merchant writes it: "1250.50", "1250,50", "1,250.50", "1 250,50", with or
 * without a currency symbol or code around it. Returns the decimal text or null.
 */
function plainDecimal(text: string): string | null {
  let t = text.replace(/[\s\u00a0\u202f]/g, "").replace(/^[A-Z]{3}|[A-Z]{3}$/gi, "").replace(/^[€$£¥]|[€$£¥]$/g, "");
  if (/^\d{1,3}(,\d{3})+(\.\d+)?$/.test(t)) t = t.replace(/,/g, "");
  // "1.250" alone stays 1.25: a dot is a thousands separator only before a decimal comma.
  else if (/^\d{1,3}(\.\d{3})+,\d+$/.test(t)) t = t.replace(/\./g, "").replace(",", ".");
  else if (/^\d+,\d+$/.test(t)) t = t.replace(",", ".");
  return /^\d+(\.\d+)?$/.test(t) ? t : null;
}

function money(text: string, currency: string, label: string, required: boolean): { ok: true; value: number | null } | { ok: false; error: string } {
  const t = text.trim();
  const example = currencyExponent(currency) === 0 ? "1250" : "1250.50";
  if (t === "") return required ? { ok: false, error: `${label}: enter the amount, e.g. ${example}.` } : { ok: true, value: null };
  const decimal = plainDecimal(t);
  if (decimal === null) return { ok: false, error: `${label}: “${t}” is not an amount; write it like ${example}.` };
  const parsed = parseDecimal(decimal, currency);
  if (!parsed.ok) return { ok: false, error: `${label}: ${currency} amounts have at most ${currencyExponent(currency)} decimals; write it like ${example}.` };
  const unstorable = unstorableAmount(parsed.value, currency, decimal);
  if (unstorable) return { ok: false, error: `${label}: ${unstorable}.` };
  if (required && parsed.value === 0) return { ok: false, error: `${label}: enter an amount above zero.` };
  return { ok: true, value: parsed.value };
}

function day(text: string, label: string, locale: string, required: boolean): { ok: true; value: string | null } | { ok: false; error: string } {
  const t = text.trim();
  if (t === "") return required ? { ok: false, error: `${label}: enter a date, e.g. 1 Jun 2026 or 2026-06-01.` } : { ok: true, value: null };
  const parsed = parseTypedDate(t, locale);
  if (!parsed.ok) return { ok: false, error: `${label}: ${parsed.message}.` };
  return { ok: true, value: parsed.iso };
}

/** Why a paid date cannot be (before the issue date, after today), or null. */
export function paidDateProblem(paidDate: string, issueDate: string | null, today: string): string | null {
  if (issueDate !== null && paidDate < issueDate) return "Paid on: it is before the issue date.";
  if (isLocalDate(today) && paidDate > today) return "Paid on: the date is in the future; mark it paid once it is paid.";
  return null;
}

/** A paid date as typed (blank: today), or what is wrong with it. */
export function checkPaidDate(text: string, issueDate: string, today: string, locale: string): { ok: true; value: string } | { ok: false; error: string } {
  const d = day(text === "" ? today : text, INVOICE_FIELD_LABELS.paidDate, locale, true);
  if (!d.ok) return d;
  const problem = paidDateProblem(d.value!, issueDate, today);
  return problem === null ? { ok: true, value: d.value! } : { ok: false, error: problem };
}

/**
 * Checks one invoice. The supplier may be one of the shop's (its id kept) or a name only;
 * the due date, when blank, is the issue date plus the supplier's payment terms (the
 * default terms, 30 days, for a name only); the currency, when blank, the supplier's,
 * else the shop's. Every wrong field is named in the merchant's words.
 */
export function checkInvoice(input: InvoiceInput, ctx: InvoiceContext): InvoiceCheck {
  const errors: Partial<Record<InvoiceField, string>> = {};
  const name = input.supplier.trim().replace(/\s+/g, " ");
  if (name === "") errors.supplier = "Supplier: enter the supplier's name.";
  else if (name.length > 100) errors.supplier = "Supplier: use at most 100 characters.";
  const known = name === "" ? null : ctx.supplier(name);
  const reference = input.reference.trim().replace(/\s+/g, " ");
  if (reference === "") errors.reference = "Reference: enter the invoice or order number, e.g. F-2026-014.";
  else if (reference.length > 100) errors.reference = "Reference: use at most 100 characters.";
  const kind = KIND_WORDS[input.kind.trim().toLowerCase().replace(/\s+/g, " ")];
  if (kind === undefined) errors.kind = `Type: “${input.kind.trim()}” is neither an invoice nor a purchase order; write invoice or purchase order.`;
  const currencyText = input.currency.trim().toUpperCase();
  const currency = currencyText !== "" ? currencyText : (known?.currency ?? ctx.currency);
  const currencyOk = isCurrencyCode(currency);
  if (!currencyOk) errors.currency = `Currency: “${input.currency.trim()}” is not a three-letter code, e.g. EUR.`;
  let amount: number | null = null;
  let penalty: number | null = null;
  if (currencyOk) {
    const a = money(input.amount, currency, INVOICE_FIELD_LABELS.amount, true);
    if (a.ok) amount = a.value;
    else errors.amount = a.error;
    const p = money(input.penalty, currency, INVOICE_FIELD_LABELS.penalty, false);
    if (p.ok) penalty = p.value === 0 ? null : p.value;
    else errors.penalty = p.error;
  }
  const issue = day(input.issueDate, INVOICE_FIELD_LABELS.issueDate, ctx.locale, true);
  if (!issue.ok) errors.issueDate = issue.error;
  const due = day(input.dueDate, INVOICE_FIELD_LABELS.dueDate, ctx.locale, false);
  if (!due.ok) errors.dueDate = due.error;
  const paid = day(input.paidDate, INVOICE_FIELD_LABELS.paidDate, ctx.locale, false);
  if (!paid.ok) errors.paidDate = paid.error;
  const issueDate = issue.ok ? issue.value! : null;
  const terms = known?.paymentTermsDays ?? DEFAULT_SUPPLIER_TERMS.paymentTermsDays;
  const dueDate = due.ok ? (due.value ?? (issueDate === null ? null : addDays(issueDate, terms))) : null;
  if (issueDate !== null && dueDate !== null && dueDate < issueDate) errors.dueDate = "Due date: it is before the issue date.";
  const paidDate = paid.ok ? paid.value : null;
  const paidWrong = paidDate === null ? null : paidDateProblem(paidDate, issueDate, ctx.today);
  if (paidWrong !== null) errors.paidDate = paidWrong;
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    supplierId: known?.id ?? null,
    value: { supplierName: known?.name ?? name, reference, kind: kind!, amount: amount!, currency, issueDate: issueDate!, dueDate: dueDate!, paidDate, penalty },
  };
}

/** The key an invoice is unique by within the shop: its supplier's and its reference's. */
export function invoiceKey(supplierName: string, reference: string): { supplierKey: string; referenceKey: string } {
  return { supplierKey: supplierKey(supplierName), referenceKey: reference.trim().replace(/\s+/g, " ").toLowerCase() };
}

// ---------------------------------------------------------------------------
// CSV columns
// ---------------------------------------------------------------------------

/** The CSV's columns, in order (the export writes them; the import reads them by header, or in this order). */
export const INVOICE_CSV_COLUMNS: readonly InvoiceField[] = ["supplier", "reference", "kind", "amount", "currency", "issueDate", "dueDate", "paidDate", "penalty"];

const HEADER_ALIASES: Readonly<Record<string, InvoiceField>> = {
  supplier: "supplier",
  "supplier name": "supplier",
  reference: "reference",
  "invoice number": "reference",
  "order number": "reference",
  number: "reference",
  type: "kind",
  kind: "kind",
  amount: "amount",
  total: "amount",
  currency: "currency",
  "issue date": "issueDate",
  "invoice date": "issueDate",
  date: "issueDate",
  "due date": "dueDate",
  due: "dueDate",
  "paid on": "paidDate",
  "paid date": "paidDate",
  paid: "paidDate",
  "late-payment penalty": "penalty",
  "late payment penalty": "penalty",
  penalty: "penalty",
};

/** The fields of a header row's cells (null: a cell that names no column), or null when the row is not a header. */
export function invoiceCsvHeader(cells: readonly string[]): (InvoiceField | null)[] | null {
  const fields = cells.map((c) => HEADER_ALIASES[c.trim().toLowerCase().replace(/\s+/g, " ")] ?? null);
  return fields.includes("supplier") && fields.includes("amount") ? fields : null;
}
