/**
 * Receivables read from the stored orders (issue 19, item 3): the unpaid orders with what
 * is still owed and when it is due, and the recent payments a gateway may not have
 * settled yet. Rules (which statuses, ageing, overdue, in transit): app/domain/receivables.ts.
 *
 * Orders whose amount outstanding is not stored (synced before NetMargin read
 * `totalOutstandingSet`: the column is null) are left out until sync stores them again.
 * Scoped to one shop.
 */
import type { PrismaClient } from "@prisma/client";

import defaultDb from "~/db.server";
import { RECEIVABLE_STATUSES, type ReceivableOrder, type SettlingPayment } from "~/domain/receivables";
import type { OrderTransaction } from "~/domain/types";

type Db = Pick<PrismaClient, "order" | "orderTransaction">;

const DAY_MS = 86_400_000;
/**
 * Ids per `IN (…)` list: Prisma refuses a query of more bound values than the database
 * takes (P2029), 999 on SQLite (its runtime's limit per provider), 32,766 on PostgreSQL.
 */
const CHUNK = 900;

/** Each order's transactions in position order. */
async function transactionsOf(db: Db, shop: string, ids: readonly string[]): Promise<Map<string, OrderTransaction[]>> {
  const by = new Map<string, OrderTransaction[]>();
  for (let i = 0; i < ids.length; i += CHUNK) {
    const rows = await db.orderTransaction.findMany({
      where: { shop, orderId: { in: ids.slice(i, i + CHUNK) } },
      orderBy: [{ orderId: "asc" }, { position: "asc" }],
      select: { orderId: true, gateway: true, kind: true, status: true, amount: true, feesActual: true },
    });
    for (const r of rows) {
      const list = by.get(r.orderId) ?? [];
      list.push({ gateway: r.gateway, kind: r.kind, status: r.status, amount: r.amount, feesActual: r.feesActual });
      by.set(r.orderId, list);
    }
  }
  return by;
}

function expectedGateway(transactions: readonly OrderTransaction[]): string | null {
  const paid = transactions.find((t) => t.status === "SUCCESS" && (t.kind === "SALE" || t.kind === "CAPTURE"));
  return (paid ?? transactions.find((t) => t.kind === "SALE" || t.kind === "AUTHORIZATION" || t.kind === "CAPTURE"))?.gateway ?? null;
}

/**
 * The shop's unpaid orders at `asOf`: financial status PENDING, AUTHORIZED or
 * PARTIALLY_PAID, not cancelled, not a test, placed by `asOf`, with an amount outstanding
 * above 0; oldest first. `gateway`: the gateway of the first successful sale or capture,
 * else of the first payment asked for (a pending sale, an authorisation); null without one.
 * `withGateway: false` leaves the transactions unread (gateway null): the Cash page and Home's
 * overdue item need only amounts and dates, and a large store has tens of thousands of unpaid
 * orders whose transactions cost most of the read (test/bench README, bench:pages).
 */
export async function listReceivableOrders(shop: string, asOf: Date, db: Db = defaultDb, opts: { withGateway?: boolean } = {}): Promise<ReceivableOrder[]> {
  const rows = await db.order.findMany({
    where: { shop, financialStatus: { in: [...RECEIVABLE_STATUSES] }, cancelled: false, test: false, processedAt: { lte: asOf }, outstanding: { gt: 0 } },
    orderBy: [{ processedAt: "asc" }, { id: "asc" }],
    select: { id: true, name: true, processedAt: true, financialStatus: true, outstanding: true, currency: true, paymentDueAt: true },
  });
  const withGateway = opts.withGateway ?? true;
  const transactions = withGateway
    ? await transactionsOf(
        db,
        shop,
        rows.map((r) => r.id),
      )
    : new Map<string, OrderTransaction[]>();
  return rows.map((r) => ({
    orderId: r.id,
    name: r.name,
    processedAt: r.processedAt,
    financialStatus: r.financialStatus,
    outstanding: r.outstanding ?? 0,
    currency: r.currency,
    dueAt: r.paymentDueAt,
    gateway: withGateway ? expectedGateway(transactions.get(r.id) ?? []) : null,
  }));
}

/**
 * Successful sales and captures of the orders placed in the `withinDays` days up to
 * `asOf` (not cancelled, not tests), one per transaction, dated at the order (stored
 * transactions carry no date): what app/domain/receivables.ts `moneyInTransit` reads.
 */
export async function listSettlingPayments(shop: string, asOf: Date, withinDays: number, db: Db = defaultDb): Promise<SettlingPayment[]> {
  if (withinDays <= 0) return [];
  const orders = await db.order.findMany({
    where: { shop, cancelled: false, test: false, processedAt: { gt: new Date(asOf.getTime() - withinDays * DAY_MS), lte: asOf } },
    select: { id: true, name: true, processedAt: true },
  });
  const transactions = await transactionsOf(
    db,
    shop,
    orders.map((o) => o.id),
  );
  const out: SettlingPayment[] = [];
  for (const o of orders) {
    for (const t of transactions.get(o.id) ?? []) {
      if ((t.kind === "SALE" || t.kind === "CAPTURE") && t.status === "SUCCESS") out.push({ orderId: o.id, name: o.name, paidAt: o.processedAt, gateway: t.gateway, amount: t.amount });
    }
  }
  return out;
}
