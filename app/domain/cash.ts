/**
 * Cash KPIs per month (issue 19, item 5): revenue, gross margin, net margin, stock value,
 * receivables, payables, net cash flow, monthly cash burn (net cash out, when the month's flow
 * is negative), the bank balance anchored on the opening balance the merchant entered, and the
 * runway when burning.
 *
 * - Net cash flow of a month = money in − money out. In: what reached the bank from sales
 *   (Shopify Payments payouts paid in the month, other gateways' sales at their settlement
 *   delay). Out: supplier payments made in the month (the paid dates of supplier invoices; when
 *   none are entered, the month's purchases estimated as cost of goods + the change in stock
 *   value) and the month's other costs (shipping, packaging, labour, payment fees not already
 *   taken from payouts, fixed costs). The caller works these out; this module only adds.
 * - Balance: the opening balance at its date, plus the flow after that date. A month's flow is
 *   spread evenly over its days for the month the opening date falls in (rounded once, half up);
 *   months before the opening date have no balance (nothing to anchor them).
 * - Burn = −flow when the flow is negative, else 0. Runway, when the last three months burn on
 *   average: latest balance ÷ average burn, in months (one decimal); null when not burning or no
 *   balance is known.
 *
 * Plain TypeScript: integer minor units of one currency; months are "YYYY-MM".
 */
import { z } from "zod";

import type { Issue } from "./validation";
import { issuesFromZod } from "./validation";

export interface CashMonthInput {
  month: string;
  revenue: number;
  costOfGoods: number;
  netMargin: number;
  /** Stock value at cost at the month's end (or today for the current month); null when unknown. */
  stockValue: number | null;
  /** Money customers still owe at the month's end; null when unknown. */
  receivables: number | null;
  /** Supplier invoices issued and not yet paid at the month's end; null when none are entered. */
  payables: number | null;
  cashIn: number;
  cashOut: number;
}

export interface CashMonth extends CashMonthInput {
  grossMargin: number;
  netCashFlow: number;
  burn: number;
  /** Bank balance at the month's end (or today), null before the opening balance's date. */
  balance: number | null;
}

export interface OpeningBalance {
  /** Shop-local date, YYYY-MM-DD: the balance at the start of that day. */
  date: string;
  amount: number;
}

export interface CashKpis {
  months: CashMonth[];
  /** Average burn of the last three months (minor units), 0 when not burning. */
  averageBurn: number;
  /** Months of cash left at the average burn; null when not burning or without a balance. */
  runwayMonths: number | null;
}

const daysInMonth = (month: string): number => new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 0)).getUTCDate();
const halfUp = (x: number) => Math.sign(x) * Math.round(Math.abs(x));

/** The months' KPIs in month order, the balance anchored on `opening` when given. */
export function cashKpis(input: readonly CashMonthInput[], opening: OpeningBalance | null): CashKpis {
  const sorted = [...input].sort((a, b) => (a.month < b.month ? -1 : a.month > b.month ? 1 : 0));
  let balance: number | null = null;
  const months: CashMonth[] = sorted.map((m) => {
    const netCashFlow = m.cashIn - m.cashOut;
    if (opening) {
      const openMonth = opening.date.slice(0, 7);
      if (m.month === openMonth) {
        // The flow of the days from the opening date on (both ends of the month included).
        const days = daysInMonth(m.month);
        const left = days - Number(opening.date.slice(8, 10)) + 1;
        balance = opening.amount + halfUp((netCashFlow * left) / days);
      } else if (m.month > openMonth) {
        balance = (balance ?? opening.amount) + netCashFlow;
      }
    }
    return { ...m, grossMargin: m.revenue - m.costOfGoods, netCashFlow, burn: netCashFlow < 0 ? -netCashFlow : 0, balance: opening && m.month >= opening.date.slice(0, 7) ? balance : null };
  });
  const last = months.slice(-3);
  const flow = last.reduce((s, m) => s + m.netCashFlow, 0);
  const averageBurn = last.length > 0 && flow < 0 ? halfUp(-flow / last.length) : 0;
  const latest = months.at(-1)?.balance ?? null;
  const runwayMonths = averageBurn > 0 && latest !== null ? Math.max(0, Math.round((latest / averageBurn) * 10) / 10) : null;
  return { months, averageBurn, runwayMonths };
}

/** The month before `month` ("2026-01" → "2025-12"). */
export function previousMonth(month: string): string {
  const y = Number(month.slice(0, 4));
  const m = Number(month.slice(5, 7));
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, "0")}`;
}

/** The opening balance form: its date and amount as typed (amount in major units, e.g. "12500.50"). */
export const openingBalanceForm = z.object({
  date: z
    .string({ error: "Enter the date of the balance" })
    .trim()
    .regex(/^\d{4}-\d{2}-\d{2}$/, "Enter the date of the balance as YYYY-MM-DD")
    .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().slice(0, 10) === d, "The date of the balance is not a real date"),
  amount: z
    .string({ error: "Enter the bank balance" })
    .trim()
    .min(1, "Enter the bank balance")
    .regex(/^-?\d{1,12}([.,]\d{1,3})?$/, "Enter the bank balance as a number, like 12500.50"),
});

/**
 * Validates the form for a shop in `currency` (its exponent: 2 for EUR, 0 for JPY) on `today`:
 * the date not in the future, the amount within what is stored. Messages name the field.
 */
export function parseOpeningBalance(form: Record<string, unknown>, exponent: 0 | 2 | 3, today: string): { ok: true; value: OpeningBalance } | { ok: false; errors: Issue[] } {
  const r = openingBalanceForm.safeParse(form);
  if (!r.success) return { ok: false, errors: issuesFromZod(r.error) };
  const errors: Issue[] = [];
  if (r.data.date > today) errors.push({ path: "date", message: "The date of the balance cannot be in the future" });
  const [whole, frac = ""] = r.data.amount.replace(",", ".").split(".");
  if (frac.length > exponent) errors.push({ path: "amount", message: exponent === 0 ? "The bank balance takes no decimals in your currency" : `The bank balance takes at most ${exponent} decimals` });
  const negative = whole!.startsWith("-");
  const minor = Number(whole!.replace("-", "")) * 10 ** exponent + Number(frac.padEnd(exponent, "0") || "0");
  if (!Number.isSafeInteger(minor) || minor > 100_000_000_000_000) errors.push({ path: "amount", message: "The bank balance is too large" });
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, value: { date: r.data.date, amount: negative ? -minor : minor } };
}
