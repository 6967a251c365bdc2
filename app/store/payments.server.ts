/**
 * Shopify Payments in the database (issue 19, item 1): `PayoutSchedule` (one row per shop:
 * whether the shop uses Shopify Payments and lets NetMargin read it, the payout schedule,
 * the refresh's checkpoint), `Payout` and `BalanceTransaction` as Shopify's ledger gives
 * them (app/shopify/payments.ts). Every statement is scoped to one shop.
 *
 * Read by the Cash page (`listPayouts`, `saleToCashDelays`, `shopifyPaymentsStatus`) and,
 * through the stored margin's engine input, by the order margin: a balance transaction's
 * fee is the order's actual payment fee where its transactions carry none
 * (`ledgerFeesOfOrders`, app/store/row-reader.server.ts). A written balance transaction
 * that changes an order's ledger fee marks that order's margin dirty in the same
 * transaction.
 */
import type { PrismaClient } from "@prisma/client";

import defaultDb from "~/db.server";
import type { BalanceTransactionRecord, PayoutRecord, PayoutScheduleRecord } from "~/shopify/payments";
import { markMarginsDirty, rangesByMonth } from "./dirty.server";

type Db = Pick<PrismaClient, "payoutSchedule" | "payout" | "balanceTransaction" | "order" | "marginDirty" | "$transaction">;

export type ShopifyPaymentsStatus = "active" | "not_used" | "no_access" | "unknown";

/** Balance transaction types whose fee is an order's payment fee (a charge, and a refund's fee given back). */
export const ORDER_FEE_TYPES = ["CHARGE", "REFUND"] as const;

/** What Shopify said about the account: no access (scope not granted), none (null account), or the schedule. */
export async function recordPaymentsAccount(db: Pick<PrismaClient, "payoutSchedule">, shop: string, account: PayoutScheduleRecord | "not_used" | "no_access", now: Date): Promise<void> {
  const data =
    typeof account === "string"
      ? { status: account, accountId: null, currency: null, interval: null, monthlyAnchor: null, weeklyAnchor: null, checkedAt: now }
      : { status: "active", accountId: account.accountId, currency: account.currency, interval: account.interval, monthlyAnchor: account.monthlyAnchor, weeklyAnchor: account.weeklyAnchor, checkedAt: now };
  await db.payoutSchedule.upsert({ where: { shop }, create: { shop, ...data }, update: data });
}

/** The refresh's checkpoint: balance transactions and payouts are read up to here. */
export async function paymentsCheckpoint(db: Pick<PrismaClient, "payoutSchedule">, shop: string): Promise<Date | null> {
  return (await db.payoutSchedule.findUnique({ where: { shop }, select: { syncedThrough: true } }))?.syncedThrough ?? null;
}

export async function setPaymentsCheckpoint(db: Pick<PrismaClient, "payoutSchedule">, shop: string, through: Date): Promise<void> {
  await db.payoutSchedule.update({ where: { shop }, data: { syncedThrough: through } });
}

/** Upserts a page of payouts (one transaction). */
export async function writePayouts(db: Db, shop: string, payouts: readonly PayoutRecord[], now: Date): Promise<number> {
  if (payouts.length === 0) return 0;
  await db.$transaction(
    payouts.map((p) => {
      const data = { issuedAt: p.issuedAt, status: p.status, transactionType: p.transactionType, currency: p.currency, net: p.net, gross: p.gross, fees: p.fees, syncedAt: now };
      return db.payout.upsert({ where: { shop_id: { shop, id: p.id } }, create: { shop, id: p.id, ...data }, update: data });
    }),
  );
  return payouts.length;
}

/**
 * Upserts a page of balance transactions (one transaction) and marks dirty the margins of
 * the stored orders whose ledger fee it changes (a new charge or refund, or a changed fee).
 * Returns how many were written and how many orders' margins were marked.
 */
export async function writeBalanceTransactions(db: Db, shop: string, rows: readonly BalanceTransactionRecord[], now: Date): Promise<{ written: number; ordersMarked: number }> {
  if (rows.length === 0) return { written: 0, ordersMarked: 0 };
  return db.$transaction(async (tx) => {
    const before = await tx.balanceTransaction.findMany({ where: { shop, id: { in: rows.map((r) => r.id) } }, select: { id: true, fee: true, orderId: true, type: true } });
    const old = new Map(before.map((b) => [b.id, b]));
    const feeTypes: readonly string[] = ORDER_FEE_TYPES;
    const touched = new Set<string>();
    for (const r of rows) {
      const o = old.get(r.id);
      if (r.orderId !== null && feeTypes.includes(r.type) && (!o || o.fee !== r.fee || o.orderId !== r.orderId)) touched.add(r.orderId);
      if (o?.orderId && o.orderId !== r.orderId) touched.add(o.orderId);
      const data = {
        type: r.type,
        sourceType: r.sourceType,
        test: r.test,
        transactionDate: r.transactionDate,
        currency: r.currency,
        amount: r.amount,
        fee: r.fee,
        net: r.net,
        orderId: r.orderId,
        payoutId: r.payoutId,
        payoutStatus: r.payoutStatus,
        sourceOrderTransactionId: r.sourceOrderTransactionId,
        syncedAt: now,
      };
      await tx.balanceTransaction.upsert({ where: { shop_id: { shop, id: r.id } }, create: { shop, id: r.id, ...data }, update: data });
    }
    let ordersMarked = 0;
    if (touched.size > 0) {
      const orders = await tx.order.findMany({ where: { shop, id: { in: [...touched] } }, select: { processedAt: true } });
      ordersMarked = orders.length;
      await markMarginsDirty(tx, shop, rangesByMonth(orders.map((o) => o.processedAt), "sync"), now);
    }
    return { written: rows.length, ordersMarked };
  });
}

/**
 * Σ fee of each order's CHARGE and REFUND balance transactions, per order, when all are in
 * `currency` (the order's): the ledger's payment fee of the order. Orders with none, or
 * with a fee in another currency, are left out.
 */
export async function ledgerFeesOfOrders(db: Pick<PrismaClient, "balanceTransaction">, shop: string, orders: readonly { id: string; currency: string }[]): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  if (orders.length === 0) return out;
  const currencyOf = new Map(orders.map((o) => [o.id, o.currency]));
  const rows = await db.balanceTransaction.findMany({ where: { shop, orderId: { in: [...currencyOf.keys()] }, type: { in: [...ORDER_FEE_TYPES] } }, select: { orderId: true, fee: true, currency: true } });
  const foreign = new Set<string>();
  for (const r of rows) {
    const id = r.orderId!;
    if (r.currency !== currencyOf.get(id)) foreign.add(id);
    out.set(id, (out.get(id) ?? 0) + r.fee);
  }
  for (const id of foreign) out.delete(id);
  return out;
}

export interface PayoutRow {
  id: string;
  date: Date;
  status: string;
  currency: string;
  /** Minor units. */
  gross: number;
  fees: number;
  net: number;
}

/** Payouts issued in [from, to), oldest first. */
export async function listPayouts(shop: string, range: { from: Date; to: Date }, db: Pick<PrismaClient, "payout"> = defaultDb): Promise<PayoutRow[]> {
  const rows = await db.payout.findMany({ where: { shop, issuedAt: { gte: range.from, lt: range.to } }, orderBy: [{ issuedAt: "asc" }, { id: "asc" }] });
  return rows.map((r) => ({ id: r.id, date: r.issuedAt, status: r.status, currency: r.currency, gross: r.gross, fees: r.fees, net: r.net }));
}

export interface SaleToCash {
  orderId: string;
  /** When the order was processed (the stored order's; the charge's date when the order is not stored). */
  processedAt: Date;
  /** When the payout holding the charge was issued. */
  paidOutAt: Date;
  /** The charge, minor units. */
  amount: number;
  currency: string;
}

/** Payout statuses whose date is when the money left for the bank (or will: SCHEDULED). */
const PAID_OUT = new Set(["PAID", "IN_TRANSIT", "SCHEDULED"]);

/**
 * The real delay between a sale and its cash: each Shopify Payments charge of an order
 * charged in [from, to) that is in a payout (paid, in transit or scheduled; not failed or
 * cancelled), with the order's processedAt and the payout's issuedAt. Oldest first.
 */
export async function saleToCashDelays(shop: string, range: { from: Date; to: Date }, db: Pick<PrismaClient, "balanceTransaction" | "payout" | "order"> = defaultDb): Promise<SaleToCash[]> {
  const charges = await db.balanceTransaction.findMany({
    where: { shop, type: "CHARGE", orderId: { not: null }, payoutId: { not: null }, transactionDate: { gte: range.from, lt: range.to } },
    select: { orderId: true, payoutId: true, transactionDate: true, amount: true, currency: true },
    orderBy: [{ transactionDate: "asc" }, { id: "asc" }],
  });
  if (charges.length === 0) return [];
  const payoutIds = [...new Set(charges.map((c) => c.payoutId!))];
  const orderIds = [...new Set(charges.map((c) => c.orderId!))];
  const payouts = new Map<string, { issuedAt: Date; status: string }>();
  const orders = new Map<string, Date>();
  for (let i = 0; i < payoutIds.length; i += 500) {
    for (const p of await db.payout.findMany({ where: { shop, id: { in: payoutIds.slice(i, i + 500) } }, select: { id: true, issuedAt: true, status: true } })) payouts.set(p.id, p);
  }
  for (let i = 0; i < orderIds.length; i += 500) {
    for (const o of await db.order.findMany({ where: { shop, id: { in: orderIds.slice(i, i + 500) } }, select: { id: true, processedAt: true } })) orders.set(o.id, o.processedAt);
  }
  const out: SaleToCash[] = [];
  for (const c of charges) {
    const p = payouts.get(c.payoutId!);
    if (!p || !PAID_OUT.has(p.status)) continue;
    out.push({ orderId: c.orderId!, processedAt: orders.get(c.orderId!) ?? c.transactionDate, paidOutAt: p.issuedAt, amount: c.amount, currency: c.currency });
  }
  return out;
}

/**
 * Whether the shop's Shopify Payments are known: "active" (synced), "not_used" (no
 * account), "no_access" (the scope is not granted), "unknown" (not asked yet).
 */
export async function shopifyPaymentsStatus(shop: string, db: Pick<PrismaClient, "payoutSchedule"> = defaultDb): Promise<ShopifyPaymentsStatus> {
  const row = await db.payoutSchedule.findUnique({ where: { shop }, select: { status: true } });
  if (!row) return "unknown";
  return row.status === "active" || row.status === "not_used" || row.status === "no_access" ? row.status : "unknown";
}

export interface StoredPayoutSchedule {
  status: ShopifyPaymentsStatus;
  interval: string | null;
  monthlyAnchor: number | null;
  weeklyAnchor: string | null;
  currency: string | null;
  checkedAt: Date | null;
}

/** The payout schedule as last synced (interval null unless active). */
export async function payoutSchedule(shop: string, db: Pick<PrismaClient, "payoutSchedule"> = defaultDb): Promise<StoredPayoutSchedule> {
  const row = await db.payoutSchedule.findUnique({ where: { shop } });
  if (!row) return { status: "unknown", interval: null, monthlyAnchor: null, weeklyAnchor: null, currency: null, checkedAt: null };
  return { status: await shopifyPaymentsStatus(shop, db), interval: row.interval, monthlyAnchor: row.monthlyAnchor, weeklyAnchor: row.weeklyAnchor, currency: row.currency, checkedAt: row.checkedAt };
}
