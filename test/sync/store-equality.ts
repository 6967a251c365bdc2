/**
 * "The database holds exactly the simulator's store": every order, line, amount,
 * transaction, refund and refunded line, compared with the simulator's own model
 * (`orderTotals`), not with NetMargin's parser. Returns the differences (empty when
 * equal), so the backfill tests assert none and bench:sync checks the 1M-order
 * store chunk by chunk.
 */
import type { PrismaClient } from "@prisma/client";

import { readOrders } from "~/store/order-store.server";
import { orderTotals, type OrderModel } from "../simulator/model";

/** The differences between `models` and what the database holds for those orders (ids). */
export async function storeDifferences(db: PrismaClient, shop: string, models: readonly OrderModel[]): Promise<string[]> {
  const ids = models.map((m) => m.id);
  const [stored, refunds, refundLines] = await Promise.all([
    readOrders(db, shop, { ids }),
    db.refund.findMany({ where: { shop, orderId: { in: ids } } }),
    db.refundLine.findMany({ where: { shop, orderId: { in: ids } }, orderBy: [{ refundId: "asc" }, { position: "asc" }] }),
  ]);
  const out: string[] = [];
  const differ = (what: string, actual: unknown, expected: unknown) => {
    const a = JSON.stringify(actual);
    const e = JSON.stringify(expected);
    if (a !== e) out.push(`${what}: stored ${a}, store has ${e}`);
  };
  differ("orders", stored.length, models.length);
  const byId = new Map(stored.map((o) => [o.id, o]));
  const refundsByOrder = new Map<string, typeof refunds>();
  for (const r of refunds) refundsByOrder.set(r.orderId, [...(refundsByOrder.get(r.orderId) ?? []), r]);
  const linesByRefund = new Map<string, typeof refundLines>();
  for (const l of refundLines) linesByRefund.set(l.refundId, [...(linesByRefund.get(l.refundId) ?? []), l]);
  for (const m of models) {
    const o = byId.get(m.id);
    if (!o) {
      out.push(`${m.id} (${m.name}) is missing`);
      continue;
    }
    const t = orderTotals(m);
    const at = (what: string) => `${m.name} ${what}`;
    differ(at("header"), [o.name, Date.parse(o.processedAt), o.currency, o.taxesIncluded, o.cancelled, o.test, o.shippingCountryCode], [
      m.name,
      Date.parse(m.processedAt),
      m.currencyCode,
      m.taxesIncluded,
      m.cancelledAt !== null,
      m.test,
      m.shippingCountryCode,
    ]);
    // Lines: same ids and quantities; kept revenue (+ tax when prices include it) = Shopify's current subtotal.
    differ(at("lines"), o.lines.map((l) => [l.id, l.quantity, l.currentQuantity]), m.lineItems.map((l) => [l.id, l.quantity, t.lineById.get(l.id)!.currentQuantity]));
    differ(at("current subtotal"), o.lines.reduce((sum, l) => sum + l.netRevenueBeforeTax + (m.taxesIncluded ? l.tax : 0), 0), t.currentSubtotal);
    // Shipping charged after discounts, before refunds.
    differ(at("shipping"), o.shippingLines.reduce((sum, x) => sum + x.chargedBeforeTax + (m.taxesIncluded ? x.tax : 0), 0), t.totalShipping);
    // Transactions, every kind and status, amounts in shop money.
    differ(at("transactions"), o.transactions.map((x) => [x.kind, x.status, x.amount]), m.transactions.map((x) => [x.kind, x.status, x.amount]));
    // Refunds with their refunded lines and shipping. The model's refund subtotals include tax when the
    // shop's prices do (subtotalSet, subtotalAmountSet), so before tax = subtotal − tax there, else the subtotal.
    const before = (subtotal: number, tax: number) => (m.taxesIncluded ? subtotal - tax : subtotal);
    const expected = m.refunds.map((r) => {
      const lines = r.refundLineItems.map((x) => [x.lineItemId, x.quantity, before(x.subtotal, x.totalTax), x.totalTax] as const);
      return [
        r.id,
        Date.parse(r.processedAt),
        lines.reduce((s, x) => s + x[2], 0),
        r.refundLineItems.reduce((s, x) => s + x.totalTax, 0),
        r.refundShippingLines.reduce((s, x) => s + before(x.subtotal, x.tax), 0),
        r.refundShippingLines.reduce((s, x) => s + x.tax, 0),
        lines,
      ];
    });
    const actual = (refundsByOrder.get(m.id) ?? [])
      .sort((a, b) => m.refunds.findIndex((r) => r.id === a.id) - m.refunds.findIndex((r) => r.id === b.id))
      .map((r) => [
        r.id,
        r.processedAt.getTime(),
        r.linesBeforeTax,
        r.linesTax,
        r.shippingBeforeTax,
        r.shippingTax,
        (linesByRefund.get(r.id) ?? []).map((l) => [l.lineItemId, l.quantity, l.subtotalBeforeTax, l.tax]),
      ]);
    differ(at("refunds"), actual, expected);
  }
  return out;
}
