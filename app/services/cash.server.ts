/**
 * The Cash page (issue 19, items 5-7): the last twelve shop-local months' cash KPIs
 * (app/domain/cash.ts) and cash conversion cycle (app/domain/cash-cycle.ts), from
 *
 * - the stored order margins (revenue, cost of goods, net margin, the costs that leave as cash,
 *   per gateway: store/cash-read.server.ts);
 * - the stock value at cost from the daily snapshots (store/stock-read.server.ts), today's from
 *   the stored stock health when no snapshot is there;
 * - Shopify Payments payouts and each sale's delay to its payout, other gateways' settlement
 *   delays, unpaid orders, supplier invoices (the `CashSources`; the Payments, receivables and
 *   supplier-invoice modules);
 * - the opening bank balance the merchant entered (store/cash-balance.server.ts).
 *
 * Cash in of a month: Shopify Payments payouts paid that month (net of Shopify's fees) when the
 * shop has payouts; other gateways' revenue (and Shopify Payments' without payouts) moved by
 * its settlement delay: delay ÷ days of the month of it lands the next month. Cash out: supplier
 * invoices paid that month when the merchant has entered any, else the month's purchases
 * estimated as cost of goods + the change in stock value; plus shipping, packaging, labour,
 * fixed costs and the payment fees not already taken from payouts. Revenue is before tax (the
 * tax collected is owed on), payouts as paid.
 */
import type { PrismaClient } from "@prisma/client";

import { cashKpis, previousMonth, type CashKpis, type CashMonth, type CashMonthInput, type OpeningBalance } from "~/domain/cash";
import { cashCycle, explainCycle, type CashCycle, type CycleComponent, type CyclePeriodInput, type SaleDelay } from "~/domain/cash-cycle";
import { moneyFormatter } from "~/domain/format";
import { addDays, localDate, nextMonth } from "~/domain/time";
import { paymentCalendar, type PaymentCalendar } from "~/domain/payables";
import { ageOf, type ReceivableOrder } from "~/domain/receivables";
import { readMonthGatewayTotals, type GatewayMonth } from "~/store/cash-read.server";
import { readOpeningBalance } from "~/store/cash-balance.server";
import { shopFacts } from "~/store/cost-settings.server";
import { readStockHealthSummary } from "~/store/stock-health.server";
import { readStockValueByDay } from "~/store/stock-read.server";
import { listSupplierInvoices } from "~/store/supplier-invoices.server";

/** Gateways paid out through Shopify Payments payouts. */
const PAYOUT_GATEWAYS = new Set(["shopify_payments", "shopify_installments", "shop_cash"]);
/** Not cash: a gift card's money came in when it was sold. */
const NOT_CASH = new Set(["gift_card"]);

export interface PayoutRow {
  /** Shop-local or ISO date of the payout. */
  date: string;
  status: string;
  currency: string;
  net: number;
}
export interface SaleToCashRow {
  processedAt: string | Date;
  paidOutAt: string | Date;
  amount: number;
  currency: string;
}
/** An unpaid order as app/domain/receivables.ts reads it (overdue: past its due date, or UNPAID_GRACE_DAYS after an order without terms). */
export type ReceivableRow = Pick<ReceivableOrder, "processedAt" | "dueAt" | "outstanding" | "currency">;

/** Where the page's other inputs come from (the Payments, settlement and receivables modules). */
export interface CashSources {
  /** True when the shop uses Shopify Payments (payouts synced), false when not, null when unknown yet. */
  paymentsActive(shop: string): Promise<boolean | null>;
  payouts(shop: string, range: { from: Date; to: Date }): Promise<PayoutRow[]>;
  saleToCash(shop: string, range: { from: Date; to: Date }): Promise<SaleToCashRow[]>;
  gatewayDelays(shop: string): Promise<Record<string, number>>;
  /** Orders not yet paid as at `asOf`; null when not known. */
  receivables(shop: string, asOf: Date): Promise<ReceivableRow[] | null>;
}

/** Without the other modules: no payouts, every gateway paid on the order day, receivables unknown. */
export const NO_SOURCES: CashSources = {
  paymentsActive: async () => null,
  payouts: async () => [],
  saleToCash: async () => [],
  gatewayDelays: async () => ({}),
  receivables: async () => null,
};

export interface CashMonthView extends CashMonth {
  cycle: CashCycle;
  cycleInput: CyclePeriodInput;
}

export interface CashNotice {
  key: "no-payments" | "payments-unknown" | "no-invoices" | "no-balance" | "no-stock" | "no-sales";
  message: string;
}

export interface CashView {
  currency: string;
  timeZone: string;
  today: string;
  months: CashMonthView[];
  averageBurn: number;
  runwayMonths: number | null;
  /** The month the tiles and the cycle show (the last complete one) and the one before. */
  focus: string;
  previous: string;
  explanations: { dio: CycleComponent; dso: CycleComponent; dpo: CycleComponent; ccc: CycleComponent };
  opening: (OpeningBalance & { enteredAt: string }) | null;
  /** Latest balance worked out (today's month), null without an opening balance. */
  balanceNow: number | null;
  receivables: { total: number; overdue: number; orders: number; overdueOrders: number } | null;
  payables: { total: number; overdue: number; overdueCount: number; penalties: number; next30: number; invoices: number };
  /** The supplier payment calendar (app/domain/payables.ts), by week and by month. */
  calendar: { week: PaymentCalendar; month: PaymentCalendar };
  upcoming: { supplierName: string; reference: string; dueDate: string; amount: number; overdue: boolean; penalty: number | null }[];
  hasPayouts: boolean;
  notices: CashNotice[];
}

/** A supplier invoice as the cash numbers read it (calendar days as YYYY-MM-DD). */
export interface CashInvoice {
  amount: number;
  currency: string;
  issueDate: string;
  dueDate: string;
  paidDate: string | null;
  penalty: number | null;
  supplierName: string;
  reference: string;
}

const daysBetween = (a: string, b: string) => Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
const dayOf = (v: string | Date, timeZone: string) => localDate(typeof v === "string" ? (v.length === 10 ? `${v}T12:00:00Z` : v) : v.toISOString(), timeZone);
const daysIn = (month: string) => new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 0)).getUTCDate();
const lastDay = (month: string) => addDays(`${nextMonth(month)}-01`, -1);

/** The twelve months ending with `today`'s, oldest first. */
export function lastMonths(today: string, count = 12): string[] {
  const out = [today.slice(0, 7)];
  while (out.length < count) out.unshift(previousMonth(out[0]!));
  return out;
}

/** Payables at a day's end: issued on or before it and not paid by then. */
export function payablesAt(invoices: readonly CashInvoice[], day: string): number {
  return invoices.filter((i) => i.issueDate <= day && (i.paidDate === null || i.paidDate > day)).reduce((s, i) => s + i.amount, 0);
}

export async function cashView(db: PrismaClient, shop: string, opts: { now?: Date; locale?: string; sources?: CashSources } = {}): Promise<CashView> {
  const now = opts.now ?? new Date();
  const sources = opts.sources ?? NO_SOURCES;
  const facts = await shopFacts(db, shop);
  const { currency, timeZone } = facts;
  const today = localDate(now.toISOString(), timeZone);
  const months = lastMonths(today, 13); // one more than shown: the first month's stock change and settlement spill-over
  const rangeFrom = new Date(`${months[0]}-01T00:00:00Z`);
  const [totals, invoicesAll, stockDays, summary, opening, active, delays, payouts, saleToCash, receivablesNow] = await Promise.all([
    readMonthGatewayTotals(db, shop, months, timeZone),
    listSupplierInvoices(shop, {}, db),
    readStockValueByDay(db, shop, `${months[0]}-01`, today),
    readStockHealthSummary(db, shop),
    readOpeningBalance(db, shop, currency),
    sources.paymentsActive(shop),
    sources.gatewayDelays(shop),
    sources.payouts(shop, { from: rangeFrom, to: now }),
    sources.saleToCash(shop, { from: rangeFrom, to: now }),
    sources.receivables(shop, now),
  ]);
  const day = (d: Date) => d.toISOString().slice(0, 10);
  const invoices: CashInvoice[] = invoicesAll
    .filter((i) => i.currency === currency)
    .map((i) => ({ amount: i.amount, currency: i.currency, issueDate: day(i.issueDate), dueDate: day(i.dueDate), paidDate: i.paidDate ? day(i.paidDate) : null, penalty: i.penalty, supplierName: i.supplierName, reference: i.reference }));
  const calendarOptions = { now, timeZone, currency };
  const hasPayouts = active === true && payouts.length > 0;
  const delayOf = (gateway: string) => Math.max(0, delays[gateway.toLowerCase()] ?? 0);

  // Stock per month: the value at the month's last known day, and the average of its known days.
  const stock = new Map<string, { end: number; average: number }>();
  for (const m of months) {
    const days = stockDays.filter((d) => d.day.startsWith(m));
    if (days.length > 0) stock.set(m, { end: days.at(-1)!.valueAtCost, average: Math.round(days.reduce((s, d) => s + d.valueAtCost, 0) / days.length) });
  }
  const current = today.slice(0, 7);
  if (!stock.has(current) && summary && summary.currency === currency) stock.set(current, { end: summary.stockValue, average: summary.stockValue });
  // Shopify keeps no stock history: before NetMargin's first snapshot, the cycle takes the earliest
  // stock value known as an estimate (said so in its explanation); the KPIs leave those months unknown.
  const firstKnown = months.map((m) => stock.get(m)).find((v) => v !== undefined) ?? null;

  // Shopify Payments' actual delays, by the month of the sale.
  const spSales = new Map<string, SaleDelay[]>();
  for (const s of saleToCash) {
    if (s.currency !== currency) continue;
    const m = dayOf(s.processedAt, timeZone).slice(0, 7);
    const days = (new Date(s.paidOutAt).getTime() - new Date(s.processedAt).getTime()) / 86_400_000;
    (spSales.get(m) ?? spSales.set(m, []).get(m)!).push({ amount: s.amount, days: Math.max(0, days) });
  }
  const paidPayouts = new Map<string, number>();
  for (const p of payouts) {
    if (p.currency !== currency || p.status.toUpperCase() !== "PAID") continue;
    const m = dayOf(p.date, timeZone).slice(0, 7);
    paidPayouts.set(m, (paidPayouts.get(m) ?? 0) + p.net);
  }

  const viaPayouts = (g: GatewayMonth) => hasPayouts && PAYOUT_GATEWAYS.has(g.gateway.toLowerCase());
  const settled = (g: GatewayMonth) => !viaPayouts(g) && !NOT_CASH.has(g.gateway.toLowerCase());
  // Revenue moved by its settlement delay: the share delay ÷ days lands the month after.
  const spill = (m: string) => (totals.get(m) ?? []).filter(settled).reduce((s, g) => s + Math.round((g.netRevenue * Math.min(1, delayOf(g.gateway) / daysIn(m))) || 0), 0);

  const inputs: CashMonthInput[] = [];
  const cycleInputs = new Map<string, CyclePeriodInput>();
  for (const [k, m] of months.entries()) {
    const gs = totals.get(m) ?? [];
    const sum = (f: (g: GatewayMonth) => number, which: (g: GatewayMonth) => boolean = () => true) => gs.filter(which).reduce((s, g) => s + f(g), 0);
    const revenue = sum((g) => g.netRevenue);
    const costOfGoods = sum((g) => g.costOfGoods);
    const end = m === current ? today : lastDay(m);
    const before = k > 0 ? months[k - 1]! : null;
    const st = stock.get(m) ?? null;
    const stPrev = before ? (stock.get(before) ?? null) : null;
    // In: payouts paid this month, other gateways' revenue less what lands next month plus last month's spill-over.
    const cashIn = (paidPayouts.get(m) ?? 0) + sum((g) => g.netRevenue, settled) - spill(m) + (before ? spill(before) : 0);
    const paidThisMonth = invoices.filter((i) => i.paidDate !== null && i.paidDate.startsWith(m));
    const supplierOut = invoices.length > 0 ? paidThisMonth.reduce((s, i) => s + i.amount, 0) : costOfGoods + (st && stPrev ? st.end - stPrev.end : 0);
    const cashOut = supplierOut + sum((g) => g.shipping + g.packaging + g.labour + g.fixedCosts) + sum((g) => g.paymentFees, (g) => !viaPayouts(g));
    const receivables = m === current && receivablesNow ? receivablesNow.filter((r) => r.currency === currency).reduce((s, r) => s + r.outstanding, 0) : null;
    inputs.push({ month: m, revenue, costOfGoods, netMargin: sum((g) => g.netMargin), stockValue: st?.end ?? null, receivables, payables: invoices.length > 0 ? payablesAt(invoices, end) : null, cashIn, cashOut });
    const sales: SaleDelay[] = [...gs.filter((g) => !viaPayouts(g) && !NOT_CASH.has(g.gateway.toLowerCase())).map((g) => ({ amount: g.netRevenue, days: delayOf(g.gateway) })), ...(hasPayouts ? (spSales.get(m) ?? []) : [])];
    cycleInputs.set(m, {
      days: m === current ? Number(today.slice(8, 10)) : daysIn(m),
      averageStockValue: st?.average ?? firstKnown?.average ?? null,
      stockEstimated: st === null && firstKnown !== null,
      costOfGoods,
      revenue,
      sales,
      paidInvoices: paidThisMonth.map((i) => ({ amount: i.amount, days: Math.max(0, daysBetween(i.issueDate, i.paidDate!)) })),
    });
  }

  const shown = inputs.slice(1);
  const kpis: CashKpis = cashKpis(shown, opening ? { date: opening.date, amount: opening.amount } : null);
  const monthViews: CashMonthView[] = kpis.months.map((m) => ({ ...m, cycle: cashCycle(cycleInputs.get(m.month)!), cycleInput: cycleInputs.get(m.month)! }));
  // The tiles and the cycle show the last complete month with sales (the current one is partial; a
  // month without sales has no cycle to show) against the one before.
  const focus = [...shown].reverse().find((m) => m.month < current && m.revenue > 0)?.month ?? previousMonth(current);
  const previous = previousMonth(focus);
  const focusView = monthViews.find((m) => m.month === focus)!;
  const money = moneyFormatter(currency, opts.locale ?? "en");
  const explanations = explainCycle(focusView.cycleInput, focusView.cycle, money, { hasPayouts });

  const unpaid = invoices.filter((i) => i.paidDate === null);
  const overdueInvoices = unpaid.filter((i) => i.dueDate < today);
  const receivableRows = receivablesNow?.filter((r) => r.currency === currency) ?? null;
  const overdueReceivables = receivableRows?.filter((r) => ageOf(r, now).overdue) ?? [];

  const notices: CashNotice[] = [];
  if (active === false) notices.push({ key: "no-payments", message: "This shop does not use Shopify Payments, so there are no payouts to read: NetMargin times your cash with the settlement delay of each payment method. Check the delays in Settings." });
  else if (active === null) notices.push({ key: "payments-unknown", message: "NetMargin has not read your Shopify Payments payouts yet: cash is timed with the settlement delays in Settings (0 days where none is set) until the next sync." });
  if (invoices.length === 0) notices.push({ key: "no-invoices", message: "No supplier invoices yet: enter or import them on the Supplier invoices page to see your payables, your payment calendar and how long you take to pay suppliers. Until then, purchases are estimated from the cost of goods sold and the change in stock." });
  if (!opening) notices.push({ key: "no-balance", message: "Enter your bank balance at a date below: it anchors your cash line and the runway." });
  if (stock.size === 0) notices.push({ key: "no-stock", message: "No stock value is known yet: NetMargin records your stock after each sync. The days of inventory appear once it has." });
  if (shown.every((m) => m.revenue === 0)) notices.push({ key: "no-sales", message: "No sales in the last twelve months: the cycle needs sales to measure." });

  return {
    currency,
    timeZone,
    today,
    months: monthViews,
    averageBurn: kpis.averageBurn,
    runwayMonths: kpis.runwayMonths,
    focus,
    previous,
    explanations,
    opening: opening ? { date: opening.date, amount: opening.amount, enteredAt: opening.enteredAt.toISOString() } : null,
    balanceNow: monthViews.at(-1)?.balance ?? null,
    receivables: receivableRows
      ? { total: receivableRows.reduce((s, r) => s + r.outstanding, 0), orders: receivableRows.length, overdue: overdueReceivables.reduce((s, r) => s + r.outstanding, 0), overdueOrders: overdueReceivables.length }
      : null,
    payables: {
      total: unpaid.reduce((s, i) => s + i.amount, 0),
      overdue: overdueInvoices.reduce((s, i) => s + i.amount, 0),
      overdueCount: overdueInvoices.length,
      penalties: overdueInvoices.reduce((s, i) => s + (i.penalty ?? 0), 0),
      next30: unpaid.filter((i) => i.dueDate >= today && i.dueDate <= addDays(today, 30)).reduce((s, i) => s + i.amount, 0),
      invoices: invoices.length,
    },
    upcoming: unpaid
      .sort((a, b) => (a.dueDate < b.dueDate ? -1 : a.dueDate > b.dueDate ? 1 : 0))
      .slice(0, 5)
      .map((i) => ({ supplierName: i.supplierName, reference: i.reference, dueDate: i.dueDate, amount: i.amount, overdue: i.dueDate < today, penalty: i.penalty })),
    calendar: { week: paymentCalendar(invoicesAll, { ...calendarOptions, by: "week" }), month: paymentCalendar(invoicesAll, { ...calendarOptions, by: "month" }) },
    hasPayouts,
    notices,
  };
}
