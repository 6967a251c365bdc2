/**
 * The Cash page's monthly KPIs as CSV (issue 19, item 7): one row per month of the last twelve,
 * amounts in the shop currency's decimals, days to one decimal, an unknown value empty. Written
 * by the CSV writer (csv.server.ts: formulas escaped, numbers left as numbers).
 */
import { formatDecimal } from "~/domain/money";

import type { CashMonthView, CashView } from "./cash.server";
import { csvText, type CsvColumn } from "./csv.server";

export function cashCsv(view: Pick<CashView, "currency" | "months">): string {
  const amount = (header: string, pick: (m: CashMonthView) => number | null): CsvColumn<CashMonthView> => ({ header: `${header} (${view.currency})`, number: pick, format: (n) => formatDecimal(n, view.currency) });
  const days = (header: string, pick: (m: CashMonthView) => number | null): CsvColumn<CashMonthView> => ({ header, number: pick, format: (n) => n.toFixed(1) });
  const columns: CsvColumn<CashMonthView>[] = [
    { header: "Month", text: (m) => m.month },
    amount("Revenue", (m) => m.revenue),
    amount("Cost of goods", (m) => m.costOfGoods),
    amount("Gross margin", (m) => m.grossMargin),
    amount("Net margin", (m) => m.netMargin),
    amount("Stock value at cost", (m) => m.stockValue),
    amount("Receivables", (m) => m.receivables),
    amount("Supplier payables", (m) => m.payables),
    amount("Cash in", (m) => m.cashIn),
    amount("Cash out", (m) => m.cashOut),
    amount("Net cash flow", (m) => m.netCashFlow),
    amount("Cash burn", (m) => m.burn),
    amount("Bank balance", (m) => m.balance),
    days("Days in stock", (m) => m.cycle.dio),
    days("Days to get paid", (m) => m.cycle.dso),
    days("Days to pay suppliers", (m) => m.cycle.dpo),
    days("Cash conversion cycle (days)", (m) => m.cycle.ccc),
  ];
  return csvText(columns, view.months);
}
