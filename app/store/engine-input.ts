/**
 * `Order.engineInput`: an order's lines, shipping lines and transactions packed
 * into one JSON text beside the order row, so the margin recompute reads an order
 * as one row and one JSON.parse instead of joining three child tables
 * (test/bench/README.md). The child tables stay the source of truth for
 * everything else (product lookups, the order page); sync writes both in the same
 * transaction (order-store.server.ts), and the migration that added the column
 * filled it from them with the same layout:
 *
 *   [2, lines, shippingLines, transactions, fulfilment]
 *   line:        [id, productId, variantId, sku, title, quantity, currentQuantity,
 *                 netRevenueBeforeTax, discountBeforeTax, tax, unitPriceBeforeTax,
 *                 unitWeightGrams, requiresShipping, isGiftCard]
 *   shipping:    [title, code, source, chargedBeforeTax, tax, refundedBeforeTax]
 *   transaction: [gateway, kind, status, amount, feesActual]
 *   fulfilment:  [status, parcels], or null when not known
 *
 * Each list in `position` order. Booleans may be stored as 1/0 (SQLite's JSON) or
 * true/false (PostgreSQL's). The leading number is the layout's version.
 *
 * Layout 1 (`[1, lines, shippingLines, transactions]`, lines without isGiftCard)
 * is what orders stored before the migration order_gift_cards_fulfilment hold;
 * it is still read, as lines that are not gift cards and a fulfilment not known
 * (what the engine assumed before), until sync stores the order again.
 */
import type { NormalisedOrder, OrderFulfilment, OrderLine, OrderShippingLine, OrderTransaction } from "~/domain/types";

export const ENGINE_INPUT_VERSION = 2;

export type EngineInputParts = Pick<NormalisedOrder, "lines" | "shippingLines" | "transactions" | "fulfilment">;

export function packEngineInput(order: EngineInputParts): string {
  return JSON.stringify([
    ENGINE_INPUT_VERSION,
    order.lines.map((l) => [
      l.id, l.productId, l.variantId, l.sku, l.title, l.quantity, l.currentQuantity, l.netRevenueBeforeTax, l.discountBeforeTax, l.tax,
      l.unitPriceBeforeTax, l.unitWeightGrams, l.requiresShipping ? 1 : 0, l.isGiftCard === true ? 1 : 0,
    ]),
    order.shippingLines.map((s) => [s.title, s.code, s.source, s.chargedBeforeTax, s.tax, s.refundedBeforeTax]),
    order.transactions.map((t) => [t.gateway, t.kind, t.status, t.amount, t.feesActual]),
    order.fulfilment ? [order.fulfilment.status, order.fulfilment.parcels] : null,
  ]);
}

/** Thrown when a stored engine input is missing or not in the layout above (a bug or a damaged row). */
export class EngineInputError extends Error {
  constructor(orderId: string, problem: string) {
    super(`Order ${orderId}: stored engine input ${problem}`);
    this.name = "EngineInputError";
  }
}

type Cell = string | number | boolean | null;

const truthy = (v: Cell): boolean => v === 1 || v === true;

export function unpackEngineInput(orderId: string, text: string): EngineInputParts {
  if (text === "") throw new EngineInputError(orderId, "is empty");
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new EngineInputError(orderId, "is not JSON");
  }
  const v2 = Array.isArray(parsed) && parsed[0] === ENGINE_INPUT_VERSION && parsed.length === 5;
  if (!v2 && !(Array.isArray(parsed) && parsed[0] === 1 && parsed.length === 4)) {
    throw new EngineInputError(orderId, `is not layout ${ENGINE_INPUT_VERSION} (or 1)`);
  }
  const [, lines, ships, txs, ful] = parsed as [number, Cell[][], Cell[][], Cell[][], Cell[] | null | undefined];
  const fulfilment: OrderFulfilment | null = v2 && ful ? fulfilmentOf(ful[0] as string | null, ful[1] as number) : null;
  // Only gift-card lines carry isGiftCard, and only a known fulfilment is set (absent means false / not known).
  const out: { -readonly [K in keyof EngineInputParts]: EngineInputParts[K] } = {
    lines: lines.map((l): OrderLine => (v2 && truthy(l[13]!) ? { ...lineOf(l), isGiftCard: true } : lineOf(l))),
    shippingLines: ships.map(
      (s): OrderShippingLine => ({
        title: s[0] as string,
        code: s[1] as string | null,
        source: s[2] as string | null,
        chargedBeforeTax: s[3] as number,
        tax: s[4] as number,
        refundedBeforeTax: s[5] as number,
      }),
    ),
    transactions: txs.map(
      (t): OrderTransaction => ({
        gateway: t[0] as string | null,
        kind: t[1] as string,
        status: t[2] as string,
        amount: t[3] as number,
        feesActual: t[4] as number | null,
      }),
    ),
  };
  if (fulfilment) out.fulfilment = fulfilment;
  return out;
}

/** The two usual fulfilments, shared (a recompute unpacks a million orders). */
const SHIPPED_ONE: OrderFulfilment = Object.freeze({ status: "FULFILLED", parcels: 1 });
const NOT_SHIPPED: OrderFulfilment = Object.freeze({ status: "UNFULFILLED", parcels: 0 });

function fulfilmentOf(status: string | null, parcels: number): OrderFulfilment {
  if (status === "FULFILLED" && parcels === 1) return SHIPPED_ONE;
  if (status === "UNFULFILLED" && parcels === 0) return NOT_SHIPPED;
  return { status, parcels };
}

function lineOf(l: Cell[]): OrderLine {
  return {
    id: l[0] as string,
    productId: l[1] as string | null,
    variantId: l[2] as string | null,
    sku: l[3] as string | null,
    title: l[4] as string,
    quantity: l[5] as number,
    currentQuantity: l[6] as number,
    netRevenueBeforeTax: l[7] as number,
    discountBeforeTax: l[8] as number,
    tax: l[9] as number,
    unitPriceBeforeTax: l[10] as number,
    unitWeightGrams: l[11] as number | null,
    requiresShipping: truthy(l[12]!),
  };
}
