/**
 * "Fix these first" items for cash (issue 19, item 7): supplier invoices past their due date
 * (with the penalties the merchant entered) and orders customers have not paid past their due
 * date (app/domain/receivables.ts decides what is overdue). Each names what is late, how much,
 * and the one action, linking to the page where the merchant does it. Plain TypeScript.
 */
import type { FixItem } from "./fix-actions";
import { formatMoney } from "./format";

export interface OverdueInvoice {
  amount: number;
  penalty: number | null;
  /** Days past the due date (≥ 1). */
  daysLate: number;
}

export interface OverdueReceivable {
  outstanding: number;
  daysOverdue: number;
}

/** One item for every overdue supplier invoice together; null when none is overdue. */
export function overdueSuppliersFix(invoices: readonly OverdueInvoice[], currency: string, locale = "en"): FixItem | null {
  if (invoices.length === 0) return null;
  const amount = invoices.reduce((s, i) => s + i.amount, 0);
  const penalties = invoices.reduce((s, i) => s + (i.penalty ?? 0), 0);
  const oldest = Math.max(...invoices.map((i) => i.daysLate));
  const money = (minor: number) => formatMoney(minor, currency, locale);
  const n = invoices.length;
  return {
    subject: { kind: "supplier-payments", invoices: n },
    amount: null,
    cause: `${n === 1 ? "A supplier invoice is" : `${n} supplier invoices are`} past due (the oldest by ${oldest} day${oldest === 1 ? "" : "s"})${penalties > 0 ? `, with ${money(penalties)} of late-payment penalties` : ""}.`,
    action: { kind: "pay-suppliers", amount, penalties },
    actionText: `Pay ${money(amount)} now or agree a new date with ${n === 1 ? "the supplier" : "your suppliers"}`,
  };
}

/** One item for every overdue unpaid order together; null when none is overdue. */
export function overdueReceivablesFix(orders: readonly OverdueReceivable[], currency: string, locale = "en"): FixItem | null {
  if (orders.length === 0) return null;
  const amount = orders.reduce((s, o) => s + o.outstanding, 0);
  const oldest = Math.max(...orders.map((o) => o.daysOverdue));
  const n = orders.length;
  return {
    subject: { kind: "receivables", orders: n },
    amount: null,
    cause: `${n === 1 ? "A customer has" : `${n} customers have`} not paid past the due date (the oldest by ${oldest} day${oldest === 1 ? "" : "s"}).`,
    action: { kind: "chase-receivables", amount },
    actionText: `Send a payment reminder for ${formatMoney(amount, currency, locale)}`,
  };
}
