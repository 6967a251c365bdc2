/**
 * Reads stored orders back as the engine's NormalisedOrder, in (processedAt, id)
 * order, a batch at a time (keyset pagination on the (shop, processedAt) index).
 * Raw SQL, rows as arrays: a recompute reads millions of rows. Every statement is
 * scoped to one shop.
 */
import Database from "better-sqlite3";

import { parseDatabaseUrl } from "../../prisma/tools/database-url";
import type { NormalisedOrder } from "~/domain/types";
import { unpackEngineInput } from "./engine-input";
import { BUSY_TIMEOUT_MS, StatementCache } from "./sqlite-connection.mjs";
import { bindSqlite, Instant, openPgPool, pgParams, toPg, type SqlValue } from "./sql.server";

/** Position after the last order read: the next batch starts after it. */
export interface OrderCursor {
  processedAt: string;
  id: string;
}

const bool = (v: unknown): boolean => v === true || v === 1 || v === 1n;
const int = (v: unknown): number => (typeof v === "number" ? v : Number(v));
const str = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
/** Prisma's SQLite text of an instant, as stored by sync: "2026-11-10T10:00:00.000+00:00". */
const PRISMA_SQLITE_UTC = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00$/;

/**
 * SQLite returns Prisma's text ("…+00:00"), PostgreSQL an ISO string (sql.server's
 * parser): one ISO form. Prisma's UTC text is rewritten as is (no Date per order).
 */
export const isoOf = (v: unknown): string =>
  typeof v === "string" && PRISMA_SQLITE_UTC.test(v) ? `${v.slice(0, 23)}Z` : new Date(v instanceof Date ? v.getTime() : String(v)).toISOString();

/**
 * A read-only connection for recompute's reads, returning rows as arrays (no
 * per-row objects). SQLite: better-sqlite3 on the calling thread, so a batch's
 * rows are read without a round trip through the writer thread (a batch is a few
 * tens of milliseconds, and the recompute yields between batches). PostgreSQL:
 * a small pool.
 */
export interface RowReader {
  readonly provider: "sqlite" | "postgresql";
  rows(sql: string, params: readonly SqlValue[]): Promise<unknown[][]>;
  close(): Promise<void>;
}

export function openRowReader(databaseUrl: string): RowReader {
  const target = parseDatabaseUrl(databaseUrl);
  if (target.provider === "postgresql") {
    const pool = openPgPool(target.url, 2, "margin reader");
    return {
      provider: "postgresql",
      rows: async (sql, params) => (await pool.query({ text: toPg(sql), values: pgParams(params), rowMode: "array" })).rows as unknown[][],
      close: () => pool.end(),
    };
  }
  const db = new Database(target.file, { readonly: true, fileMustExist: true, timeout: BUSY_TIMEOUT_MS });
  const statements = new StatementCache(db, { raw: true });
  return {
    provider: "sqlite",
    rows: (sql, params) => Promise.resolve(statements.get(sql).all(...bindSqlite(params)) as unknown[][]),
    close: () => {
      db.close();
      return Promise.resolve();
    },
  };
}

/**
 * Orders processed in [from, to), after `cursor`, at most `limit`: one range query
 * over the (shop, processedAt) index, each order's lines, shipping lines and
 * transactions unpacked from its `engineInput` (app/store/engine-input.ts).
 */
export async function readOrderBatch(
  reader: RowReader,
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
            o."refundedLinesBeforeTax", o."refundedShippingBeforeTax", o."engineInput",
            (SELECT SUM(b."fee") FROM "BalanceTransaction" b
              WHERE b."shop" = o."shop" AND b."orderId" = o."id" AND b."type" IN ('CHARGE', 'REFUND') AND b."currency" = o."currency") AS "ledgerFee"
       FROM "Order" o WHERE o."shop" = ? AND o."processedAt" >= ? AND o."processedAt" < ? ${after}
      ORDER BY o."processedAt", ${id} LIMIT ?`,
    params,
  );
  return orders.map((o) => {
    const oid = String(o[0]);
    const { lines, shippingLines, transactions, fulfilment } = unpackEngineInput(oid, String(o[11]));
    const order: { -readonly [K in keyof NormalisedOrder]: NormalisedOrder[K] } = {
      id: oid,
      name: String(o[1]),
      processedAt: isoOf(o[2]),
      currency: String(o[3]),
      taxesIncluded: bool(o[4]),
      cancelled: bool(o[5]),
      test: bool(o[6]),
      sourceName: str(o[7]),
      shippingCountryCode: str(o[8]),
      lines,
      shippingLines,
      transactions,
      refunds: { lineItemsBeforeTax: int(o[9]), shippingBeforeTax: int(o[10]) },
    };
    // Set only when known, as sync's adapters produce it.
    if (fulfilment) order.fulfilment = fulfilment;
    // The Shopify Payments ledger's fee of the order (app/store/payments.server.ts), when synced.
    if (o[12] !== null && o[12] !== undefined) order.ledgerPaymentFee = int(o[12]);
    return order;
  });
}
