/**
 * What the receivables page shows (issue 19, items 2-3): the unpaid orders aged, the
 * overdue ones to remind (dates in the shop's time zone), money in transit from the
 * gateways, and the settlement delays form. Rules: app/domain/receivables.ts.
 */
import type { PrismaClient } from "@prisma/client";

import type { GatewayDelayRow } from "~/domain/gateway-settlement";
import { longestDelay, moneyInTransit, overdueOrders, summariseReceivables, type InTransit, type ReceivablesSummary } from "~/domain/receivables";
import { localDate } from "~/domain/time";
import { shopFacts } from "~/store/cost-settings.server";
import { readGatewayDelayRows, readGatewayDelays } from "~/store/gateway-settlement.server";
import { listReceivableOrders, listSettlingPayments } from "~/store/receivables.server";

/** Overdue orders listed on the page (the longest overdue first); the summary counts them all. */
export const OVERDUE_SHOWN = 100;

export interface OverdueRow {
  orderId: string;
  name: string;
  /** Shop-local dates "YYYY-MM-DD". */
  orderDate: string;
  dueDate: string | null;
  daysOverdue: number;
  financialStatus: string | null;
  outstanding: number;
  gateway: string | null;
  withTerms: boolean;
}

export interface ReceivablesView {
  currency: string;
  today: string;
  summary: ReceivablesSummary;
  overdue: OverdueRow[];
  inTransit: InTransit & { settlesBy: Record<string, string> };
  delays: GatewayDelayRow[];
}

type Db = Pick<PrismaClient, "shop" | "order" | "orderTransaction" | "gatewaySettlement">;

export async function receivablesView(db: Db, shop: string, asOf: Date): Promise<ReceivablesView> {
  const facts = await shopFacts(db, shop);
  const [orders, delays, rows] = await Promise.all([listReceivableOrders(shop, asOf, db), readGatewayDelays(shop, db), readGatewayDelayRows(shop, db)]);
  const payments = await listSettlingPayments(shop, asOf, longestDelay(delays), db);
  const transit = moneyInTransit(payments, delays, asOf);
  const day = (d: Date) => localDate(d.toISOString(), facts.timeZone);
  return {
    currency: facts.currency,
    today: day(asOf),
    summary: summariseReceivables(orders, asOf),
    overdue: overdueOrders(orders, asOf)
      .slice(0, OVERDUE_SHOWN)
      .map((o) => ({
        orderId: o.orderId,
        name: o.name,
        orderDate: day(o.processedAt),
        dueDate: o.dueAt ? day(o.dueAt) : null,
        daysOverdue: o.daysOverdue,
        financialStatus: o.financialStatus,
        outstanding: o.outstanding,
        gateway: o.gateway,
        withTerms: o.dueAt !== null,
      })),
    inTransit: { ...transit, settlesBy: Object.fromEntries(transit.byGateway.map((g) => [g.gateway, day(g.lastSettlesAt)])) },
    delays: rows,
  };
}
