/**
 * Reads stored orders back as the engine's NormalisedOrder, in (processedAt, id)
 * order, a batch at a time (keyset pagination on the (shop, processedAt) index).
 * Raw SQL, rows as arrays: a recompute reads millions of rows. Every statement is
 * scoped to one shop.
 */
import Database from "better-sqlite3";
import pg from "pg";

import { parseDatabaseUrl } from "../../prisma/tools/database-url";
import { logger } from "../logger.server";
import type { NormalisedOrder, OrderLine, OrderShippingLine, OrderTransaction } from "../domain/types";
import { Instant, typeParser, type SqlValue } from "../sync/sql.server";

/** Position after the last order read: the next batch starts after it. */
export interface OrderCursor {
  processedAt: string;
  id: string;
}

const bool = (v: unknown): boolean => v === true || v === 1 || v === 1n;
const int = (v: unknown): number => (typeof v === "number" ? v : Number(v));
const str = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
/** SQLite returns Prisma's text ("…+00:00"), PostgreSQL an ISO string (sql.server's parser): one ISO form. */
export const isoOf = (v: unknown): string => new Date(v instanceof Date ? v.getTime() : String(v)).toISOString();

/**
 * A read-only connection for recompute's reads, returning rows as arrays (no
 * per-row objects). SQLite: better-sqlite3 on the calling thread, so a batch's
 * rows are read without a round trip through the writer thread (a batch is a few
 * tens of milliseconds, and the recompute yields between batches). PostgreSQL:
 * a small pool.
 */
export interface OrderReader {
  readonly provider: "sqlite" | "postgresql";
  rows(sql: string, params: readonly SqlValue[]): Promise<unknown[][]>;
  close(): Promise<void>;
}

export function openOrderReader(databaseUrl: string): OrderReader {
  const target = parseDatabaseUrl(databaseUrl);
  if (target.provider === "postgresql") {
    const pool = new pg.Pool({ connectionString: target.url, max: 2, types: { getTypeParser: typeParser } });
    pool.on("error", (error) => logger.warn("PostgreSQL connection lost (margin reader)", { error: error.message }));
    return {
      provider: "postgresql",
      rows: async (sql, params) => {
        let n = 0;
        const text = sql.replace(/\?/g, () => `$${++n}`);
        const r = await pool.query({ text, values: params.map((p) => (p instanceof Instant ? p.iso : p)), rowMode: "array" });
        return r.rows as unknown[][];
      },
      close: () => pool.end(),
    };
  }
  const db = new Database(target.file, { readonly: true, fileMustExist: true, timeout: 5000 });
  const statements = new Map<string, Database.Statement>();
  return {
    provider: "sqlite",
    rows: (sql, params) => {
      let st = statements.get(sql);
      if (!st) {
        st = db.prepare(sql).raw(true);
        statements.set(sql, st);
      }
      const bound = params.map((p) => (p instanceof Instant ? p.forSqlite() : p instanceof Date ? new Instant(p.toISOString()).forSqlite() : typeof p === "boolean" ? (p ? 1 : 0) : p));
      return Promise.resolve(st.all(...bound) as unknown[][]);
    },
    close: () => {
      db.close();
      return Promise.resolve();
    },
  };
}

/**
 * Orders processed in [from, to), after `cursor`, at most `limit`, with their
 * lines, shipping lines and transactions: four range queries over the
 * (shop, processedAt) index, the children joined in JavaScript.
 */
export async function readOrderBatch(
  reader: OrderReader,
  shop: string,
  range: { from: string; to: string },
  cursor: OrderCursor | null,
  limit: number,
): Promise<NormalisedOrder[]> {
  const id = reader.provider === "postgresql" ? `o."id" COLLATE "C"` : `o."id"`;
  // The index range starts at the cursor (not at `from`): the OR alone would make
  // every batch scan the month from its start again.
  const after = cursor ? `AND (o."processedAt" > ? OR (o."processedAt" = ? AND ${id} > ?))` : "";
  const lower = cursor && Date.parse(cursor.processedAt) > Date.parse(range.from) ? cursor.processedAt : range.from;
  const params: SqlValue[] = cursor
    ? [shop, new Instant(lower), new Instant(range.to), new Instant(cursor.processedAt), new Instant(cursor.processedAt), cursor.id, limit]
    : [shop, new Instant(range.from), new Instant(range.to), limit];
  const orders = await reader.rows(
    `SELECT o."id", o."name", o."processedAt", o."currency", o."taxesIncluded", o."cancelled", o."test", o."sourceName", o."shippingCountryCode",
            o."refundedLinesBeforeTax", o."refundedShippingBeforeTax"
       FROM "Order" o WHERE o."shop" = ? AND o."processedAt" >= ? AND o."processedAt" < ? ${after}
      ORDER BY o."processedAt", ${id} LIMIT ?`,
    params,
  );
  if (orders.length === 0) return [];
  // Children of the orders processed from the first to the last of the batch (a few
  // neighbours with the same processedAt may come along; they are skipped).
  const first = new Instant(isoOf(orders[0]![2]));
  const last = new Instant(isoOf(orders[orders.length - 1]![2]));
  const span = `FROM "Order" o JOIN %T c ON c."shop" = o."shop" AND c."orderId" = o."id" WHERE o."shop" = ? AND o."processedAt" >= ? AND o."processedAt" <= ?`;
  const spanParams = [shop, first, last];
  const [lineRows, shipRows, txRows] = await Promise.all([
    reader.rows(
      `SELECT c."orderId", c."id", c."productId", c."variantId", c."sku", c."title", c."quantity", c."currentQuantity", c."netRevenueBeforeTax",
              c."discountBeforeTax", c."tax", c."unitPriceBeforeTax", c."unitWeightGrams", c."requiresShipping", c."position" ${span.replace("%T", `"OrderLine"`)}`,
      spanParams,
    ),
    reader.rows(
      `SELECT c."orderId", c."title", c."code", c."source", c."chargedBeforeTax", c."tax", c."refundedBeforeTax", c."position" ${span.replace("%T", `"OrderShippingLine"`)}`,
      spanParams,
    ),
    reader.rows(
      `SELECT c."orderId", c."gateway", c."kind", c."status", c."amount", c."feesActual", c."position" ${span.replace("%T", `"OrderTransaction"`)}`,
      spanParams,
    ),
  ]);
  const wanted = new Set(orders.map((o) => String(o[0])));
  const group = <T>(rows: unknown[][], positionAt: number, make: (r: unknown[]) => T): Map<string, T[]> => {
    const byOrder = new Map<string, { position: number; value: T }[]>();
    for (const r of rows) {
      const oid = String(r[0]);
      if (!wanted.has(oid)) continue;
      const list = byOrder.get(oid);
      const entry = { position: int(r[positionAt]), value: make(r) };
      if (list) list.push(entry);
      else byOrder.set(oid, [entry]);
    }
    const out = new Map<string, T[]>();
    for (const [oid, list] of byOrder) out.set(oid, list.sort((a, b) => a.position - b.position).map((e) => e.value));
    return out;
  };
  const lines = group<OrderLine>(lineRows, 14, (l) => ({
    id: String(l[1]),
    productId: str(l[2]),
    variantId: str(l[3]),
    sku: str(l[4]),
    title: String(l[5]),
    quantity: int(l[6]),
    currentQuantity: int(l[7]),
    netRevenueBeforeTax: int(l[8]),
    discountBeforeTax: int(l[9]),
    tax: int(l[10]),
    unitPriceBeforeTax: int(l[11]),
    unitWeightGrams: l[12] === null ? null : Number(l[12]),
    requiresShipping: bool(l[13]),
  }));
  const ships = group<OrderShippingLine>(shipRows, 7, (s) => ({
    title: String(s[1]),
    code: str(s[2]),
    source: str(s[3]),
    chargedBeforeTax: int(s[4]),
    tax: int(s[5]),
    refundedBeforeTax: int(s[6]),
  }));
  const txs = group<OrderTransaction>(txRows, 6, (t) => ({
    gateway: str(t[1]),
    kind: String(t[2]),
    status: String(t[3]),
    amount: int(t[4]),
    feesActual: t[5] === null ? null : int(t[5]),
  }));
  return orders.map((o) => {
    const oid = String(o[0]);
    return {
      id: oid,
      name: String(o[1]),
      processedAt: isoOf(o[2]),
      currency: String(o[3]),
      taxesIncluded: bool(o[4]),
      cancelled: bool(o[5]),
      test: bool(o[6]),
      sourceName: str(o[7]),
      shippingCountryCode: str(o[8]),
      lines: lines.get(oid) ?? [],
      shippingLines: ships.get(oid) ?? [],
      transactions: txs.get(oid) ?? [],
      refunds: { lineItemsBeforeTax: int(o[9]), shippingBeforeTax: int(o[10]) },
    };
  });
}
