/**
 * Home's "Fix these first" cash items (issue 19, item 7): overdue supplier invoices (the
 * supplier-invoice store) and overdue unpaid orders (the receivables source, see
 * cash-sources.server.ts), as domain/cash-fix.ts words them. Added after Home's other items by one
 * call in the dashboard (app/services/dashboard.server.ts).
 */
import type { PrismaClient } from "@prisma/client";

import { overdueReceivablesFix, overdueSuppliersFix } from "~/domain/cash-fix";
import type { FixItem } from "~/domain/fix-actions";
import { ageOf } from "~/domain/receivables";
import { localDate } from "~/domain/time";
import { shopFacts } from "~/store/cost-settings.server";
import { listSupplierInvoices } from "~/store/supplier-invoices.server";

import type { CashSources } from "./cash.server";
import { cashSources } from "./cash-sources.server";

const DAY = 86_400_000;

export async function cashFixes(db: PrismaClient, shop: string, locale = "en", opts: { now?: Date; sources?: CashSources } = {}): Promise<FixItem[]> {
  const now = opts.now ?? new Date();
  const { currency, timeZone } = await shopFacts(db, shop);
  const today = localDate(now.toISOString(), timeZone);
  const [invoices, receivables] = await Promise.all([listSupplierInvoices(shop, {}, db), (opts.sources ?? cashSources(db)).receivables(shop, now)]);
  const lateInvoices = invoices
    .filter((i) => i.currency === currency && i.paidDate === null && i.dueDate.toISOString().slice(0, 10) < today)
    .map((i) => ({ amount: i.amount, penalty: i.penalty, daysLate: Math.round((Date.parse(`${today}T00:00:00Z`) - i.dueDate.getTime()) / DAY) }));
  const lateOrders = (receivables ?? [])
    .filter((r) => r.currency === currency)
    .map((r) => ({ r, age: ageOf(r, now) }))
    .filter(({ age }) => age.overdue)
    .map(({ r, age }) => ({ outstanding: r.outstanding, daysOverdue: age.daysOverdue }));
  return [overdueSuppliersFix(lateInvoices, currency, locale), overdueReceivablesFix(lateOrders, currency, locale)].filter((f): f is FixItem => f !== null);
}
