/**
 * Orders in the database: the write path of sync (bulk backfill, webhooks,
 * reconciliation, one-by-one fetches) and the read path back to the
 * NormalisedOrder the margin engine consumes.
 *
 * Writes go through app/store/sql.server.ts in batches; each batch is one
 * transaction that replaces each order's rows (order, lines, shipping lines,
 * transactions, refunds) as a whole, so a write is idempotent and a replayed
 * batch never duplicates a row. Records without transactions (REST webhook
 * payloads) keep the stored ones. An order whose stored `Order.updatedAt` is
 * newer than the record's is left alone (a late bulk line or an out-of-order
 * webhook never overwrites newer data). The same transaction marks the written
 * orders' margins out of date (`MarginDirty`). Reads go through Prisma. Every
 * statement is scoped to one shop.
 *
 * Concurrent writes of one order (orders/create and orders/updated arriving
 * together, a webhook during a backfill) serialise: on PostgreSQL each write
 * transaction first takes a transaction-scoped advisory lock per order bucket
 * (lockOrders), before it reads what is stored; on SQLite the writer runs one
 * transaction at a time. A caller's `claim` (a webhook's event id) runs first in
 * the same transaction, so a redelivery is recognised atomically.
 */
import type { PrismaClient } from "@prisma/client";

import { giftCardOnly, mainGateway, orderItems, orderNetRevenue } from "~/domain/margin";
import type { NormalisedOrder, OrderRecord, OrderTransaction, RefundRecord } from "~/domain/types";
import { rangeOfOrders } from "./dirty.server";
import { packEngineInput } from "./engine-input";
import { chunks, Instant, type SqlDb, type SqlValue } from "./sql.server";

export type OrderOrigin = "bulk" | "webhook" | "fetch";

export interface WriteOrdersOptions {
  origin: OrderOrigin;
  /** When the write happens (syncedAt). */
  now: Date;
  /**
   * False when the source carries no transactions (REST order webhooks): the stored
   * transactions are kept, and the order is marked for a fetch when none are known.
   */
  withTransactions?: boolean;
  /**
   * First in the transaction, before anything is read or locked: false leaves the
   * transaction with nothing written (`claimed: false`). A webhook claims its event id here.
   */
  claim?: (tx: SqlDb) => Promise<boolean>;
  /** Extra writes in the same transaction (checkpoints), given what is written. Writes only: see SqlDb.transaction. */
  alsoInTransaction?: (tx: SqlDb, written: Pick<WriteOrdersResult, "ids" | "withoutTransactions">) => Promise<void>;
}

export interface WriteOrdersResult {
  written: number;
  /** Records older than the stored order (by updatedAt), left out. */
  stale: number;
  /** Order ids written. */
  ids: string[];
  /** Written orders whose transactions are not known yet (webhook payloads of new orders). */
  withoutTransactions: string[];
  /** Present (false) when `claim` refused: nothing was written. */
  claimed?: false;
}

const ORDER_COLUMNS = [
  "shop", "id", "name", "processedAt", "shopifyUpdatedAt", "currency", "taxesIncluded", "financialStatus", "cancelled", "test",
  "sourceName", "shippingCountryCode", "refundedLinesBeforeTax", "refundedShippingBeforeTax", "lineCount", "items", "netRevenue", "transactionsKnown", "engineInput", "origin", "syncedAt",
  "fulfillmentStatus", "parcelsShipped", "giftCardOnly",
  // Receivables (issue 19): null when the source did not carry them (OrderRecord.receivable absent).
  "outstanding", "paymentTermsType", "paymentDueInDays", "paymentDueAt",
] as const;
const LINE_COLUMNS = [
  "shop", "orderId", "id", "position", "productId", "variantId", "sku", "title", "quantity", "currentQuantity", "netRevenueBeforeTax",
  "discountBeforeTax", "tax", "unitPriceBeforeTax", "unitWeightGrams", "requiresShipping", "isGiftCard",
] as const;
const SHIPPING_COLUMNS = ["shop", "orderId", "position", "title", "code", "source", "chargedBeforeTax", "tax", "refundedBeforeTax"] as const;
const TRANSACTION_COLUMNS = ["shop", "orderId", "position", "gateway", "kind", "status", "amount", "feesActual"] as const;
const REFUND_COLUMNS = ["shop", "orderId", "id", "processedAt", "linesBeforeTax", "linesTax", "shippingBeforeTax", "shippingTax"] as const;
const REFUND_LINE_COLUMNS = ["shop", "refundId", "position", "orderId", "lineItemId", "quantity", "subtotalBeforeTax", "tax"] as const;

function q(name: string): string {
  return `"${name}"`;
}

function insertRows(tx: SqlDb, table: string, columns: readonly string[], rows: readonly SqlValue[][]): Promise<void> {
  return tx.insertMany(table, columns, rows);
}

/** `IN (?, ?, …)` over ids, in chunks; calls fn per chunk. */
async function forIds(ids: readonly string[], fn: (placeholders: string, part: string[]) => Promise<void>): Promise<void> {
  for (const part of chunks(ids, 1)) {
    if (part.length === 0) continue;
    await fn(part.map(() => "?").join(","), part);
  }
}

function toTime(v: unknown): number {
  if (v instanceof Date) return v.getTime();
  return new Date(String(v)).getTime();
}

/**
 * The orders page's filter columns of stored margin rows (OrderMargin.gateway and
 * countryCode) follow the order when sync stores a new version of it: the
 * recompute's in-place update leaves them, so that their indexes are not rewritten
 * for every order (recompute.server.ts). Only rows whose values differ are touched.
 */
async function updateMarginFacts(tx: SqlDb, shop: string, facts: readonly SqlValue[][]): Promise<void> {
  for (const part of chunks(facts, 3)) {
    if (part.length === 0) continue;
    const values = part.map(() => "(?, ?, ?)").join(", ");
    await tx.execute(
      `UPDATE "OrderMargin" SET "gateway" = v."column2", "countryCode" = v."column3"
         FROM (VALUES ${values}) AS v
        WHERE "OrderMargin"."shop" = ? AND "OrderMargin"."orderId" = v."column1"
          AND ("OrderMargin"."gateway" IS DISTINCT FROM v."column2" OR "OrderMargin"."countryCode" IS DISTINCT FROM v."column3")`,
      [...part.flat(), shop],
    );
  }
}

/**
 * Stores orders (see the module comment). Records for the same order in one call:
 * the newest wins.
 */
export async function writeOrders(sql: SqlDb, shop: string, records: readonly OrderRecord[], opts: WriteOrdersOptions): Promise<WriteOrdersResult> {
  const byId = newestPerOrder(records);
  const withTransactions = opts.withTransactions ?? true;
  return sql.transaction(async (tx) => {
    if (opts.claim && !(await opts.claim(tx))) return { written: 0, stale: 0, ids: [], withoutTransactions: [], claimed: false };
    const ids = [...byId.keys()];
    await lockOrders(tx, shop, ids);
    const stored = await storedOrders(tx, shop, ids);
    // Without transactions in the records, the stored ones stay: the engine input packs those.
    const kept = withTransactions ? null : await storedTransactions(tx, shop, ids);
    const { fresh, stale } = leaveOutStale(byId.values(), stored);
    const freshIds = fresh.map((r) => r.order.id);
    // Only orders already stored have rows to replace (none on a first backfill).
    await deleteOrderRows(tx, shop, freshIds.filter((id) => stored.has(id)), withTransactions);
    const rows = new OrderRows(shop, opts);
    for (const r of fresh) {
      const o = r.order;
      const known = withTransactions || (stored.get(o.id)?.transactionsKnown ?? false);
      rows.add(r, known, kept ? (kept.get(o.id) ?? []) : o.transactions, stored.has(o.id));
    }
    await rows.insert(tx);
    await updateMarginFacts(tx, shop, rows.facts);
    await markMarginsOutOfDate(tx, shop, fresh, opts.now);
    if (opts.alsoInTransaction) await opts.alsoInTransaction(tx, { ids: freshIds, withoutTransactions: rows.withoutTransactions });
    return { written: fresh.length, stale, ids: freshIds, withoutTransactions: rows.withoutTransactions };
  });
}

/**
 * Buckets of a shop's orders locked by a write. Bounded because PostgreSQL's lock
 * table is shared and small (max_locks_per_transaction × connections, 6,400 by
 * default): a 5,000-order batch takes at most this many locks. Two orders in one
 * bucket only wait for each other.
 */
export const ORDER_LOCK_BUCKETS = 512;

/** FNV-1a of an order id, as its lock bucket. */
export function orderLockBucket(orderId: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < orderId.length; i++) {
    h ^= orderId.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) % ORDER_LOCK_BUCKETS;
}

/**
 * PostgreSQL: waits for every other transaction writing one of these orders, and
 * holds them off until this one ends. Without it two transactions read "not
 * stored" and both insert (duplicate key), or delete each other's rows in
 * opposite orders (deadlock), under READ COMMITTED. One statement, buckets in
 * ascending order (so two writers never wait on each other in a circle); the
 * two-key form keeps these locks apart from other advisory locks (pg-boss's).
 * SQLite's writer runs one transaction at a time: nothing to do.
 */
async function lockOrders(tx: SqlDb, shop: string, ids: readonly string[]): Promise<void> {
  if (tx.provider !== "postgresql" || ids.length === 0) return;
  const buckets = [...new Set(ids.map(orderLockBucket))].sort((a, b) => a - b);
  await tx.query(`SELECT count(*) AS "n" FROM (SELECT pg_advisory_xact_lock(hashtext(?), b) FROM unnest(?::int[]) AS b ORDER BY b) AS locked`, [
    `order:${shop}`,
    `{${buckets.join(",")}}`,
  ]);
}

/** One record per order: the latest by updatedAt (of equal ones, the last given). */
export function newestPerOrder(records: readonly OrderRecord[]): Map<string, OrderRecord> {
  const byId = new Map<string, OrderRecord>();
  for (const r of records) {
    const prev = byId.get(r.order.id);
    if (!prev || Date.parse(prev.updatedAt) <= Date.parse(r.updatedAt)) byId.set(r.order.id, r);
  }
  return byId;
}

interface StoredOrder {
  updatedAt: number;
  transactionsKnown: boolean;
}

/** The stored version (Shopify's updatedAt) of those of `ids` already stored. */
async function storedOrders(tx: SqlDb, shop: string, ids: readonly string[]): Promise<Map<string, StoredOrder>> {
  const stored = new Map<string, StoredOrder>();
  await forIds(ids, async (ph, part) => {
    const rows = await tx.query<{ id: string; shopifyUpdatedAt: unknown; transactionsKnown: unknown }>(
      `SELECT "id", "shopifyUpdatedAt", "transactionsKnown" FROM "Order" WHERE "shop" = ? AND "id" IN (${ph})`,
      [shop, ...part],
    );
    for (const r of rows) stored.set(r.id, { updatedAt: toTime(r.shopifyUpdatedAt), transactionsKnown: r.transactionsKnown === true || r.transactionsKnown === 1 });
  });
  return stored;
}

/** The stored transactions of `ids`, per order in position order. */
async function storedTransactions(tx: SqlDb, shop: string, ids: readonly string[]): Promise<Map<string, OrderTransaction[]>> {
  const kept = new Map<string, OrderTransaction[]>();
  await forIds(ids, async (ph, part) => {
    const rows = await tx.query<{ orderId: string; gateway: string | null; kind: string; status: string; amount: unknown; feesActual: unknown }>(
      `SELECT "orderId", "gateway", "kind", "status", "amount", "feesActual" FROM "OrderTransaction" WHERE "shop" = ? AND "orderId" IN (${ph}) ORDER BY "orderId", "position"`,
      [shop, ...part],
    );
    for (const r of rows) {
      const t: OrderTransaction = {
        gateway: r.gateway,
        kind: r.kind,
        status: r.status,
        amount: Number(r.amount),
        feesActual: r.feesActual === null ? null : Number(r.feesActual),
      };
      const list = kept.get(r.orderId);
      if (list) list.push(t);
      else kept.set(r.orderId, [t]);
    }
  });
  return kept;
}

/** Splits the records into those to write and a count of those older than the stored order. */
export function leaveOutStale(records: Iterable<OrderRecord>, stored: ReadonlyMap<string, { updatedAt: number }>): { fresh: OrderRecord[]; stale: number } {
  const fresh: OrderRecord[] = [];
  let stale = 0;
  for (const r of records) {
    const s = stored.get(r.order.id);
    if (s && s.updatedAt > Date.parse(r.updatedAt)) stale++;
    else fresh.push(r);
  }
  return { fresh, stale };
}

/** Deletes the stored rows of orders about to be written again (their transactions only when the records carry them). */
async function deleteOrderRows(tx: SqlDb, shop: string, ids: readonly string[], withTransactions: boolean): Promise<void> {
  const tables = withTransactions
    ? ["OrderLine", "OrderShippingLine", "OrderTransaction", "RefundLine", "Refund", "Order"]
    : ["OrderLine", "OrderShippingLine", "RefundLine", "Refund", "Order"];
  for (const table of tables) {
    const col = table === "Order" ? "id" : "orderId";
    await forIds(ids, async (ph, part) => {
      await tx.execute(`DELETE FROM ${q(table)} WHERE "shop" = ? AND ${q(col)} IN (${ph})`, [shop, ...part]);
    });
  }
}

/** The Order columns of the receivable facts (issue 19), in ORDER_COLUMNS' order. */
function receivableColumns(r: OrderRecord): SqlValue[] {
  const v = r.receivable;
  if (!v) return [null, null, null, null];
  return [v.outstanding, v.paymentTermsType, v.dueInDays, v.dueAt === null ? null : new Instant(v.dueAt)];
}

/** The rows of the orders written, table by table. */
class OrderRows {
  readonly orders: SqlValue[][] = [];
  readonly lines: SqlValue[][] = [];
  readonly shippingLines: SqlValue[][] = [];
  readonly transactions: SqlValue[][] = [];
  readonly refunds: SqlValue[][] = [];
  readonly refundLines: SqlValue[][] = [];
  /** [orderId, gateway, countryCode] of orders stored before: their margin rows' filter columns (updateMarginFacts). */
  readonly facts: SqlValue[][] = [];
  /** Orders written whose transactions are not known yet. */
  readonly withoutTransactions: string[] = [];

  constructor(
    private readonly shop: string,
    private readonly opts: WriteOrdersOptions,
  ) {}

  /**
   * One order's rows. `transactions`: the record's, or the stored ones kept (packed
   * into the engine input, not written again); `known`: whether the order's
   * transactions are known (`Order.transactionsKnown`).
   */
  add(r: OrderRecord, known: boolean, transactions: readonly OrderTransaction[], storedBefore: boolean): void {
    const { shop, opts } = this;
    const o = r.order;
    if (!known) this.withoutTransactions.push(o.id);
    if (storedBefore) this.facts.push([o.id, mainGateway({ transactions }), o.shippingCountryCode]);
    this.orders.push([
      shop, o.id, o.name, new Instant(o.processedAt), new Instant(r.updatedAt), o.currency, o.taxesIncluded, r.financialStatus, o.cancelled, o.test,
      o.sourceName, o.shippingCountryCode, o.refunds.lineItemsBeforeTax, o.refunds.shippingBeforeTax, o.lines.length, orderItems(o), orderNetRevenue(o), known,
      packEngineInput({ ...o, transactions }), opts.origin, opts.now,
      o.fulfilment?.status ?? null, o.fulfilment ? o.fulfilment.parcels : null, giftCardOnly(o),
      ...receivableColumns(r),
    ]);
    o.lines.forEach((l, i) =>
      this.lines.push([
        shop, o.id, l.id, i, l.productId, l.variantId, l.sku, l.title, l.quantity, l.currentQuantity, l.netRevenueBeforeTax,
        l.discountBeforeTax, l.tax, l.unitPriceBeforeTax, l.unitWeightGrams, l.requiresShipping, l.isGiftCard === true,
      ]),
    );
    o.shippingLines.forEach((s, i) => this.shippingLines.push([shop, o.id, i, s.title, s.code, s.source, s.chargedBeforeTax, s.tax, s.refundedBeforeTax]));
    if (opts.withTransactions ?? true) {
      o.transactions.forEach((t, i) => this.transactions.push([shop, o.id, i, t.gateway, t.kind, t.status, t.amount, t.feesActual]));
    }
    for (const rf of r.refunds) this.addRefund(o.id, rf);
  }

  private addRefund(orderId: string, rf: RefundRecord): void {
    let linesBeforeTax = 0;
    let linesTax = 0;
    rf.lines.forEach((l, i) => {
      linesBeforeTax += l.subtotalBeforeTax;
      linesTax += l.tax;
      this.refundLines.push([this.shop, rf.id, i, orderId, l.lineItemId, l.quantity, l.subtotalBeforeTax, l.tax]);
    });
    this.refunds.push([this.shop, orderId, rf.id, new Instant(rf.processedAt), linesBeforeTax, linesTax, rf.shippingBeforeTax, rf.shippingTax]);
  }

  async insert(tx: SqlDb): Promise<void> {
    await insertRows(tx, "Order", ORDER_COLUMNS, this.orders);
    await insertRows(tx, "OrderLine", LINE_COLUMNS, this.lines);
    await insertRows(tx, "OrderShippingLine", SHIPPING_COLUMNS, this.shippingLines);
    await insertRows(tx, "OrderTransaction", TRANSACTION_COLUMNS, this.transactions);
    await insertRows(tx, "Refund", REFUND_COLUMNS, this.refunds);
    await insertRows(tx, "RefundLine", REFUND_LINE_COLUMNS, this.refundLines);
  }
}

/** The stored margins of the written orders' months are out of date (app/margins): one range over them, in the same transaction. */
async function markMarginsOutOfDate(tx: SqlDb, shop: string, written: readonly OrderRecord[], now: Date): Promise<void> {
  const range = rangeOfOrders(written.map((r) => r.order.processedAt));
  if (range) await tx.insertMany("MarginDirty", ["shop", "since", "until", "reason", "markedAt"], [[shop, range.since, range.until, range.reason, now]]);
}

/** The stored `Order.updatedAt` of an order, or null when it is not stored. */
export async function storedOrderUpdatedAt(db: PrismaClient, shop: string, orderId: string): Promise<Date | null> {
  const row = await db.order.findUnique({ where: { shop_id: { shop, id: orderId } }, select: { shopifyUpdatedAt: true } });
  return row?.shopifyUpdatedAt ?? null;
}

/** Reads stored orders back as the engine's NormalisedOrder, in processedAt order. */
export async function readOrders(db: PrismaClient, shop: string, where: { ids?: string[]; from?: Date; to?: Date } = {}): Promise<NormalisedOrder[]> {
  const orders = await db.order.findMany({
    where: {
      shop,
      ...(where.ids ? { id: { in: where.ids } } : {}),
      ...(where.from || where.to ? { processedAt: { ...(where.from ? { gte: where.from } : {}), ...(where.to ? { lt: where.to } : {}) } } : {}),
    },
    orderBy: [{ processedAt: "asc" }, { id: "asc" }],
  });
  if (orders.length === 0) return [];
  const ids = orders.map((o) => o.id);
  const [lines, ships, txs] = await Promise.all([
    db.orderLine.findMany({ where: { shop, orderId: { in: ids } }, orderBy: [{ orderId: "asc" }, { position: "asc" }] }),
    db.orderShippingLine.findMany({ where: { shop, orderId: { in: ids } }, orderBy: [{ orderId: "asc" }, { position: "asc" }] }),
    db.orderTransaction.findMany({ where: { shop, orderId: { in: ids } }, orderBy: [{ orderId: "asc" }, { position: "asc" }] }),
  ]);
  const group = <T extends { orderId: string }>(rows: T[]) => {
    const m = new Map<string, T[]>();
    for (const r of rows) {
      const list = m.get(r.orderId);
      if (list) list.push(r);
      else m.set(r.orderId, [r]);
    }
    return m;
  };
  const L = group(lines);
  const S = group(ships);
  const T = group(txs);
  return orders.map((o) => ({
    id: o.id,
    name: o.name,
    processedAt: o.processedAt.toISOString().replace(".000Z", "Z"),
    currency: o.currency,
    taxesIncluded: o.taxesIncluded,
    cancelled: o.cancelled,
    test: o.test,
    sourceName: o.sourceName,
    shippingCountryCode: o.shippingCountryCode,
    ...(o.parcelsShipped === null ? {} : { fulfilment: { status: o.fulfillmentStatus, parcels: o.parcelsShipped } }),
    lines: (L.get(o.id) ?? []).map((l) => ({
      id: l.id,
      productId: l.productId,
      variantId: l.variantId,
      sku: l.sku,
      title: l.title,
      quantity: l.quantity,
      currentQuantity: l.currentQuantity,
      netRevenueBeforeTax: l.netRevenueBeforeTax,
      discountBeforeTax: l.discountBeforeTax,
      tax: l.tax,
      unitPriceBeforeTax: l.unitPriceBeforeTax,
      unitWeightGrams: l.unitWeightGrams,
      requiresShipping: l.requiresShipping,
      ...(l.isGiftCard ? { isGiftCard: true } : {}),
    })),
    shippingLines: (S.get(o.id) ?? []).map((s) => ({
      title: s.title,
      code: s.code,
      source: s.source,
      chargedBeforeTax: s.chargedBeforeTax,
      tax: s.tax,
      refundedBeforeTax: s.refundedBeforeTax,
    })),
    transactions: (T.get(o.id) ?? []).map(
      (t): OrderTransaction => ({ gateway: t.gateway, kind: t.kind, status: t.status, amount: t.amount, feesActual: t.feesActual }),
    ),
    refunds: { lineItemsBeforeTax: o.refundedLinesBeforeTax, shippingBeforeTax: o.refundedShippingBeforeTax },
  }));
}
