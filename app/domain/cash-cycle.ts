/**
 * Cash conversion cycle (issue 19, item 6): how many days pass between paying a supplier for
 * stock and getting the customer's money. CCC = DIO + DSO − DPO (days), per period:
 *
 * - DIO, days of inventory: average stock value at cost ÷ cost of goods sold × days of the
 *   period ("the stock on hand would last this many days at this period's sales").
 * - DSO, days to get paid: the revenue-weighted average of each sale's actual delay to cash
 *   (Shopify Payments: the payout that paid it; other gateways: their settlement delay in the
 *   settings). A sale of 100 paid in 2 days and one of 300 paid in 6 days: (100×2 + 300×6) ÷ 400
 *   = 5 days.
 * - DPO, days taken to pay suppliers: the amount-weighted average of issue date → paid date of
 *   the supplier invoices paid in the period.
 *
 * Why actual delays rather than balance-sheet ratios for DSO and DPO: a shop paid at checkout
 * has almost no receivables at a month's end, so "receivables ÷ revenue" says little; the delay
 * each sale really took is what the merchant can act on (app/DECISIONS.md, 2026-12-08).
 *
 * What-if levers: supplier terms +N days (DPO + N), delivery/settlement −N days (DSO − N, not
 * below 0), stock −N % (DIO × (1 − N %)). The cash each frees is its days × the period's
 * average day of the flow it moves: cost of goods per day for stock and suppliers, revenue per
 * day for customers (rounded once, to the minor unit, half up).
 *
 * Plain TypeScript: amounts are integer minor units of one currency.
 */

/** A sale and how many days its money took to reach the bank. */
export interface SaleDelay {
  amount: number;
  days: number;
}

/** A supplier invoice paid in the period: its amount and the days from issue to payment. */
export interface PaidInvoice {
  amount: number;
  days: number;
}

export interface CyclePeriodInput {
  /** Days in the period (a month: 28 to 31). */
  days: number;
  /** Average stock value at cost over the period (minor units); null when no stock is known. */
  averageStockValue: number | null;
  /** True when no stock was recorded in the period and averageStockValue is the earliest known instead (an estimate). */
  stockEstimated?: boolean;
  /** Cost of goods sold in the period (minor units). */
  costOfGoods: number;
  /** Revenue of the period (minor units): the base of a customer day. */
  revenue: number;
  /** Each sale's delay to cash (Shopify Payments payouts and other gateways' delays). */
  sales: readonly SaleDelay[];
  /** Supplier invoices paid in the period. */
  paidInvoices: readonly PaidInvoice[];
}

export interface CycleComponent {
  /** Days, one decimal; null when its inputs are missing. */
  days: number | null;
  /** Why it is what it is, in the merchant's words, with its inputs. */
  explanation: string;
}

export interface CashCycle {
  dio: number | null;
  dso: number | null;
  dpo: number | null;
  /** DIO + DSO − DPO; a missing DPO counts as 0 (paid at once), a missing DIO or DSO makes it null. */
  ccc: number | null;
  /** Cost of goods per day and revenue per day of the period (minor units, unrounded). */
  cogsPerDay: number;
  revenuePerDay: number;
}

export interface Levers {
  /** Supplier terms longer by this many days. */
  supplierDays: number;
  /** Delivery / settlement shorter by this many days. */
  settlementDays: number;
  /** Stock lower by this percentage (0–100). */
  stockPercent: number;
}

export const NO_LEVERS: Levers = { supplierDays: 0, settlementDays: 0, stockPercent: 0 };

export interface WhatIf {
  before: CashCycle;
  after: CashCycle;
  /** Days the CCC is shorter by (positive = shorter); null when the CCC is unknown. */
  shorterBy: number | null;
  /** Cash freed by each lever and in all (minor units, rounded once each). */
  freed: { supplier: number; settlement: number; stock: number; total: number };
}

/** One decimal, half away from zero: what the page shows and the tests compare. */
export const roundDays = (d: number): number => Math.sign(d) * Math.round(Math.abs(d) * 10) / 10;

function weightedDays(items: readonly { amount: number; days: number }[]): number | null {
  let weight = 0;
  let sum = 0;
  for (const i of items) {
    if (i.amount <= 0) continue;
    weight += i.amount;
    sum += i.amount * Math.max(0, i.days);
  }
  return weight > 0 ? sum / weight : null;
}

/** Days of inventory: average stock ÷ cost of goods × days; null without stock or without sales at cost. */
export function daysInventory(p: Pick<CyclePeriodInput, "averageStockValue" | "costOfGoods" | "days">): number | null {
  if (p.averageStockValue === null || p.costOfGoods <= 0) return null;
  return (Math.max(0, p.averageStockValue) / p.costOfGoods) * p.days;
}

export const daysSales = (sales: readonly SaleDelay[]): number | null => weightedDays(sales);
export const daysPayables = (invoices: readonly PaidInvoice[]): number | null => weightedDays(invoices);

/** The unrounded cycle of a period (levers apply on these, rounding happens once for display). */
function rawCycle(p: CyclePeriodInput): CashCycle {
  const dio = daysInventory(p);
  const dso = daysSales(p.sales);
  const dpo = daysPayables(p.paidInvoices);
  return {
    dio,
    dso,
    dpo,
    ccc: dio === null || dso === null ? null : dio + dso - (dpo ?? 0),
    cogsPerDay: p.days > 0 ? p.costOfGoods / p.days : 0,
    revenuePerDay: p.days > 0 ? p.revenue / p.days : 0,
  };
}

function rounded(c: CashCycle): CashCycle {
  const r = (d: number | null) => (d === null ? null : roundDays(d));
  return { ...c, dio: r(c.dio), dso: r(c.dso), dpo: r(c.dpo), ccc: r(c.ccc) };
}

/** The period's cash conversion cycle, days to one decimal. */
export function cashCycle(p: CyclePeriodInput): CashCycle {
  return rounded(rawCycle(p));
}

const halfUp = (x: number) => Math.sign(x) * Math.round(Math.abs(x));

/**
 * The cycle with the levers pulled, and the cash each frees. Supplier terms add their days to DPO
 * (a missing DPO starts from 0: paid at once); settlement takes its days off DSO, not below 0;
 * stock cuts DIO by its percentage. Cash freed: supplier days × cost of goods a day, settlement
 * days actually saved × revenue a day, the stock's percentage × average stock value.
 */
export function whatIf(p: CyclePeriodInput, levers: Levers): WhatIf {
  const before = rawCycle(p);
  const supplierDays = Math.max(0, levers.supplierDays);
  const stockShare = Math.min(100, Math.max(0, levers.stockPercent)) / 100;
  const dso = before.dso === null ? null : Math.max(0, before.dso - Math.max(0, levers.settlementDays));
  const dio = before.dio === null ? null : before.dio * (1 - stockShare);
  const dpo = before.dpo === null && supplierDays === 0 ? null : (before.dpo ?? 0) + supplierDays;
  const after: CashCycle = { ...before, dio, dso, dpo, ccc: dio === null || dso === null ? null : dio + dso - (dpo ?? 0) };
  const supplier = halfUp(supplierDays * before.cogsPerDay);
  const settlement = before.dso === null || dso === null ? 0 : halfUp((before.dso - dso) * before.revenuePerDay);
  const stock = p.averageStockValue === null ? 0 : halfUp(Math.max(0, p.averageStockValue) * stockShare);
  const b = rounded(before);
  const a = rounded(after);
  return {
    before: b,
    after: a,
    shorterBy: b.ccc === null || a.ccc === null ? null : roundDays(b.ccc - a.ccc),
    freed: { supplier, settlement, stock, total: supplier + settlement + stock },
  };
}

/** Money as the page shows it, given by the caller (domain/format.ts's moneyFormatter). */
export type Money = (minor: number) => string;

/** Each component in plain words with its inputs, for the page. */
export function explainCycle(p: CyclePeriodInput, c: CashCycle, money: Money, opts: { hasPayouts: boolean }): { dio: CycleComponent; dso: CycleComponent; dpo: CycleComponent; ccc: CycleComponent } {
  const n = (d: number | null) => (d === null ? "" : d.toFixed(1));
  const invoiced = p.paidInvoices.reduce((s, i) => s + Math.max(0, i.amount), 0);
  return {
    dio: {
      days: c.dio,
      explanation:
        c.dio === null
          ? p.averageStockValue === null
            ? "No stock value is known for this month yet: NetMargin records your stock from install on."
            : "No goods were sold at cost this month, so there is nothing to divide the stock by."
          : `${p.stockEstimated ? `No stock was recorded this month (NetMargin records it from install on), so the earliest known stock value stands in: ${money(p.averageStockValue ?? 0)} at cost` : `Your stock was worth ${money(p.averageStockValue ?? 0)} at cost on average`}; you sold ${money(p.costOfGoods)} of goods at cost in ${p.days} days, so the stock lasts about ${n(c.dio)} days.`,
    },
    dso: {
      days: c.dso,
      explanation:
        c.dso === null
          ? "No sales this month, so there is no delay to measure."
          : `${money(p.revenue)} of sales reached your bank ${n(c.dso)} days after the order on average (${opts.hasPayouts ? "Shopify Payments payouts" : "the settlement delays in your settings"}${opts.hasPayouts ? " and other gateways' settlement delays" : ""}), each sale weighted by its amount.`,
    },
    dpo: {
      days: c.dpo,
      explanation:
        c.dpo === null
          ? "No supplier invoice was marked paid this month: enter your supplier invoices with their paid dates to measure how long you take to pay. Counted as 0 days."
          : `You paid ${p.paidInvoices.length} supplier invoice${p.paidInvoices.length === 1 ? "" : "s"} (${money(invoiced)}) ${n(c.dpo)} days after their issue date on average, weighted by amount.`,
    },
    ccc: {
      days: c.ccc,
      explanation:
        c.ccc === null
          ? "The cycle needs both the stock and the sales of the month."
          : `${n(c.dio)} days in stock + ${n(c.dso)} days to get paid − ${n(c.dpo ?? 0)} days before you pay suppliers = ${n(c.ccc)} days between paying for stock and getting the customer's money.`,
    },
  };
}
