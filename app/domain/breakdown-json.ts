/**
 * The margin breakdown as JSON for people and other programs (the CLI prints it):
 * amounts as decimal strings in the order currency ("40.00", JPY "3300"), margin %
 * as a number or null with the reason, every cost step, the waterfall and the lines.
 */
import { formatDecimal, type CurrencyCode } from "./money";
import { waterfall, type CostAmounts, type Flag, type LineMargin, type MarginPct, type OrderMargin } from "./margin";

export interface MarginPctJson {
  readonly percent: number | null;
  readonly note?: string;
}

function pctJson(p: MarginPct): MarginPctJson {
  return p.kind === "percent" ? { percent: p.value } : { percent: null, note: p.reason };
}

function costsJson(c: CostAmounts, d: (n: number) => string) {
  return {
    costOfGoods: d(c.costOfGoods),
    shipping: d(c.shipping),
    packaging: d(c.packaging),
    labour: d(c.labour),
    paymentFees: d(c.paymentFees),
    fixedCosts: d(c.fixedCosts),
    stockCarrying: d(c.stockCarrying),
    provisions: {
      total: d(c.provisions.returns + c.provisions.fraud + c.provisions.spoilage),
      returns: d(c.provisions.returns),
      fraud: d(c.provisions.fraud),
      spoilage: d(c.provisions.spoilage),
    },
  };
}

function flagsJson(flags: readonly Flag[]) {
  return flags.map((f) => ({ code: f.code, reason: f.reason }));
}

function lineJson(l: LineMargin, d: (n: number) => string) {
  const st = l.costOfGoodsStatus;
  return {
    lineId: l.lineId,
    productId: l.productId,
    variantId: l.variantId,
    sku: l.sku,
    title: l.title,
    units: l.units,
    unitsShipped: l.unitsShipped,
    includedInTotals: l.included,
    costOfGoods:
      st.status === "known"
        ? { status: st.status, unitCost: d(st.unitCost), source: st.source, since: st.since, beforeFirstSnapshot: st.beforeFirstSnapshot }
        : st.status === "estimated"
          ? { status: st.status, percentOfPrice: st.percentOfPrice, reason: st.reason }
          : { status: st.status, reason: st.reason },
    revenue: { merchandise: d(l.revenue.merchandise), shipping: d(l.revenue.shipping) },
    netRevenue: d(l.netRevenue),
    discount: d(l.discount),
    costs: costsJson(l.costs, d),
    totalCosts: d(l.totalCosts),
    netMargin: d(l.netMargin),
    marginPct: pctJson(l.marginPct),
    withoutDiscounts: { netRevenue: d(l.withoutDiscounts.netRevenue), netMargin: d(l.withoutDiscounts.netMargin) },
    flags: flagsJson(l.flags),
  };
}

export function orderMarginToJson(m: OrderMargin) {
  const currency: CurrencyCode = m.currency;
  const d = (n: number) => formatDecimal(n, currency);
  const s = m.steps;
  return {
    order: { id: m.orderId, name: m.orderName, processedAt: m.processedAt, cancelled: m.cancelled, test: m.test },
    currency,
    netRevenue: d(m.netRevenue),
    revenue: {
      merchandise: d(m.revenue.merchandise),
      shipping: d(m.revenue.shipping),
      shippingCharged: d(m.revenue.shippingCharged),
      shippingRefunded: d(m.revenue.shippingRefunded),
      discounts: d(m.revenue.discounts),
    },
    steps: {
      costOfGoods: { amount: d(s.costOfGoods.amount), knownLines: s.costOfGoods.knownLines, estimatedLines: s.costOfGoods.estimatedLines, missingLines: s.costOfGoods.missingLines },
      shipping: {
        amount: d(s.shipping.amount),
        orderAmount: d(s.shipping.orderAmount),
        source: s.shipping.source,
        rule: s.shipping.rule,
        parcelWeightGrams: s.shipping.parcelWeightGrams,
        // Added with the catalog estimate: a margin made before it has none (read as null).
        weight: s.shipping.weight ? { source: s.shipping.weight.source, lineIds: s.shipping.weight.lineIds } : null,
      },
      packaging: { amount: d(s.packaging.amount), parcels: s.packaging.parcels },
      labour: { amount: d(s.labour.amount), items: s.labour.items },
      paymentFees: {
        amount: d(s.paymentFees.amount),
        actual: d(s.paymentFees.actual),
        estimated: d(s.paymentFees.estimated),
        transactions: s.paymentFees.transactions.map((t) => ({ gateway: t.gateway, kind: t.kind, amount: d(t.amount), fee: d(t.fee), source: t.source, rule: t.rule })),
      },
      fixedCosts: { amount: d(s.fixedCosts.amount), allocated: s.fixedCosts.allocated, month: s.fixedCosts.month, method: s.fixedCosts.method },
      stockCarrying: { amount: d(s.stockCarrying.amount), month: s.stockCarrying.month },
      provisions: { amount: d(s.provisions.amount), returns: d(s.provisions.returns), fraud: d(s.provisions.fraud), spoilage: d(s.provisions.spoilage) },
    },
    totalCosts: d(m.totalCosts),
    netMargin: d(m.netMargin),
    marginPct: pctJson(m.marginPct),
    withoutDiscounts: { netRevenue: d(m.withoutDiscounts.netRevenue), netMargin: d(m.withoutDiscounts.netMargin) },
    flags: flagsJson(m.flags),
    waterfall: waterfall(m).map((w) => ({ step: w.step, amount: d(w.amount), running: d(w.running) })),
    excluded: m.excluded === null ? null : { lineIds: m.excluded.lineIds, netRevenue: d(m.excluded.netRevenue), totalCosts: d(m.excluded.totalCosts) },
    giftCards: m.giftCards === null ? null : { lineIds: m.giftCards.lineIds, sold: d(m.giftCards.sold), paymentFees: d(m.giftCards.paymentFees) },
    fulfilmentNote: m.fulfilmentNote,
    lines: m.lines.map((l) => lineJson(l, d)),
  };
}

export type OrderMarginJson = ReturnType<typeof orderMarginToJson>;
