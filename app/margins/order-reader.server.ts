/**
 * Reads stored orders back as the engine's NormalisedOrder, in (processedAt, id)
 * order, a batch at a time (keyset pagination on the (shop, processedAt) index).
 * Raw SQL on sync's connection (app/sync/sql.server.ts): a recompute reads
 * millions of rows, and on SQLite the reads run on the writer thread, off the
 * main thread. Every statement is scoped to one shop.
 */
import type { NormalisedOrder, OrderLine, OrderShippingLine, OrderTransaction } from "../domain/types";
import { Instant, type SqlDb } from "../sync/sql.server";

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

/** Binary ordering of ids on both providers (JavaScript compares strings by code unit, like SQLite). */
function idOrder(sql: SqlDb): string {
  return sql.provider === "postgresql" ? `"id" COLLATE "C"` : `"id"`;
}

/**
 * Orders processed in [from, to), after `cursor`, at most `limit`, with their
 * lines, shipping lines and transactions.
 */
export async function readOrderBatch(
  sql: SqlDb,
  shop: string,
  range: { from: string; to: string },
  cursor: OrderCursor | null,
  limit: number,
): Promise<NormalisedOrder[]> {
  const id = idOrder(sql);
  const after = cursor ? `AND ("processedAt" > ? OR ("processedAt" = ? AND ${id} > ?))` : "";
  const params = cursor
    ? [shop, new Instant(range.from), new Instant(range.to), new Instant(cursor.processedAt), new Instant(cursor.processedAt), cursor.id, limit]
    : [shop, new Instant(range.from), new Instant(range.to), limit];
  const orders = await sql.query<Record<string, unknown>>(
    `SELECT "id", "name", "processedAt", "currency", "taxesIncluded", "cancelled", "test", "sourceName", "shippingCountryCode",
            "refundedLinesBeforeTax", "refundedShippingBeforeTax"
       FROM "Order" WHERE "shop" = ? AND "processedAt" >= ? AND "processedAt" < ? ${after}
      ORDER BY "processedAt", ${id} LIMIT ?`,
    params,
  );
  if (orders.length === 0) return [];
  const ids = orders.map((o) => String(o.id));
  const lines = new Map<string, OrderLine[]>();
  const ships = new Map<string, OrderShippingLine[]>();
  const txs = new Map<string, OrderTransaction[]>();
  const push = <T>(m: Map<string, T[]>, key: string, v: T) => {
    const list = m.get(key);
    if (list) list.push(v);
    else m.set(key, [v]);
  };
  // The batch is at most a few thousand orders: one IN list per table.
  const inList = ids.map(() => "?").join(",");
  const [lineRows, shipRows, txRows] = await Promise.all([
    sql.query<Record<string, unknown>>(
      `SELECT "orderId", "id", "productId", "variantId", "sku", "title", "quantity", "currentQuantity", "netRevenueBeforeTax", "discountBeforeTax",
              "tax", "unitPriceBeforeTax", "unitWeightGrams", "requiresShipping"
         FROM "OrderLine" WHERE "shop" = ? AND "orderId" IN (${inList}) ORDER BY "orderId", "position"`,
      [shop, ...ids],
    ),
    sql.query<Record<string, unknown>>(
      `SELECT "orderId", "title", "code", "source", "chargedBeforeTax", "tax", "refundedBeforeTax"
         FROM "OrderShippingLine" WHERE "shop" = ? AND "orderId" IN (${inList}) ORDER BY "orderId", "position"`,
      [shop, ...ids],
    ),
    sql.query<Record<string, unknown>>(
      `SELECT "orderId", "gateway", "kind", "status", "amount", "feesActual"
         FROM "OrderTransaction" WHERE "shop" = ? AND "orderId" IN (${inList}) ORDER BY "orderId", "position"`,
      [shop, ...ids],
    ),
  ]);
  for (const l of lineRows) {
    push(lines, String(l.orderId), {
      id: String(l.id),
      productId: str(l.productId),
      variantId: str(l.variantId),
      sku: str(l.sku),
      title: String(l.title),
      quantity: int(l.quantity),
      currentQuantity: int(l.currentQuantity),
      netRevenueBeforeTax: int(l.netRevenueBeforeTax),
      discountBeforeTax: int(l.discountBeforeTax),
      tax: int(l.tax),
      unitPriceBeforeTax: int(l.unitPriceBeforeTax),
      unitWeightGrams: l.unitWeightGrams === null ? null : Number(l.unitWeightGrams),
      requiresShipping: bool(l.requiresShipping),
    });
  }
  for (const s of shipRows) {
    push(ships, String(s.orderId), {
      title: String(s.title),
      code: str(s.code),
      source: str(s.source),
      chargedBeforeTax: int(s.chargedBeforeTax),
      tax: int(s.tax),
      refundedBeforeTax: int(s.refundedBeforeTax),
    });
  }
  for (const t of txRows) {
    push(txs, String(t.orderId), {
      gateway: str(t.gateway),
      kind: String(t.kind),
      status: String(t.status),
      amount: int(t.amount),
      feesActual: t.feesActual === null ? null : int(t.feesActual),
    });
  }
  return orders.map((o) => {
    const oid = String(o.id);
    return {
      id: oid,
      name: String(o.name),
      processedAt: isoOf(o.processedAt),
      currency: String(o.currency),
      taxesIncluded: bool(o.taxesIncluded),
      cancelled: bool(o.cancelled),
      test: bool(o.test),
      sourceName: str(o.sourceName),
      shippingCountryCode: str(o.shippingCountryCode),
      lines: lines.get(oid) ?? [],
      shippingLines: ships.get(oid) ?? [],
      transactions: txs.get(oid) ?? [],
      refunds: { lineItemsBeforeTax: int(o.refundedLinesBeforeTax), shippingBeforeTax: int(o.refundedShippingBeforeTax) },
    };
  });
}
