/**
 * Pure adapter: an order as the Admin GraphQL API 2026-10 returns it → the
 * normalised order of types.ts. No Shopify imports; validated with zod, every
 * problem reported with its JSON path.
 *
 * Accepted input: the order object itself, `{ "order": {...} }`, or a whole
 * GraphQL response `{ "data": { "order": {...} } }`. Connections may be given as
 * `{ nodes: [...] }` or `{ edges: [{ node }] }`. Money is read from each MoneyBag's
 * `shopMoney` (the shop currency, `currencyCode`); amounts are decimal strings.
 *
 * Tax: when `taxesIncluded` is true, Shopify's prices, discounts, shipping prices
 * and refund subtotals include tax; tax is taken out with the amounts of the tax
 * lines (`taxLines.priceSet`), and, where an amount has no tax line of its own
 * (a discount, a list price), with the tax lines' `rate`s. No rate is guessed.
 *
 * Assumptions to verify on a live tax-inclusive shop (see shopify-admin-api.md):
 * `RefundLineItem.subtotalSet` and `RefundShippingLine.subtotalAmountSet` follow
 * the order's tax convention (tax-inclusive when `taxesIncluded`), like the prices.
 *
 * Files: graphql-order-schema.ts holds the contract (the zod schema, the one
 * source of truth for the input's shape and its error messages);
 * graphql-order-fast.ts reads well-formed orders into the same types without zod's
 * overhead. This file turns what they read into a NormalisedOrder, in named steps.
 */
import { allocate, formatDecimal, isCurrencyCode, mulDiv, parseDecimal, decimalToRate, addRates, type CurrencyCode, type Rate } from "./money";
import type { NormalisedOrder, OrderFulfilment, OrderLine, OrderReceivable, OrderRecord, OrderShippingLine, OrderTransaction, RefundRecord } from "./types";
import { formatPath, type Issue } from "./validation";
import { readWithSchema, type ParsedLineItem, type ParsedOrder, type ParsedTaxLine, type ParsedTransaction, type Via, type WeightUnit } from "./graphql-order-schema";
import { readFast } from "./graphql-order-fast";

export type GraphqlOrderResult =
  | { ok: true; order: NormalisedOrder; warnings: Issue[] }
  | { ok: false; errors: Issue[] };

export type GraphqlOrderRecordResult =
  | { ok: true; record: OrderRecord; warnings: Issue[] }
  | { ok: false; errors: Issue[] };

const GRAMS_PER: Record<WeightUnit, number> = {
  GRAMS: 1,
  KILOGRAMS: 1000,
  OUNCES: 28.349523125,
  POUNDS: 453.59237,
};

// ---------------------------------------------------------------------------
// Entry points
// ---------------------------------------------------------------------------

/** Parses an Admin GraphQL 2026-10 order (see the module comment) into a NormalisedOrder. */
export function parseGraphqlOrder(raw: unknown): GraphqlOrderResult {
  const r = normalise(raw, true);
  return r.ok ? { ok: true, order: r.record.order, warnings: r.warnings } : r;
}

/**
 * Parses an order into what sync stores (types.ts `OrderRecord`): the normalised
 * order plus `updatedAt` (required: it orders concurrent writes), the financial
 * status and the dated refunds. Instants are normalised to UTC ("…Z").
 * `fast: false` skips the fast path (the schema reads every order).
 */
export function parseGraphqlOrderRecord(raw: unknown, options: { fast?: boolean } = {}): GraphqlOrderRecordResult {
  const r = normalise(raw, options.fast ?? true);
  if (!r.ok) return r;
  if (r.record.updatedAt === "") {
    const { prefix } = unwrap(raw);
    return { ok: false, errors: [{ path: formatPath([...prefix, "updatedAt"]), message: "expected an ISO 8601 instant (Order.updatedAt is needed to store an order)" }] };
  }
  return r;
}

/** What every step needs: the shop currency, the tax convention, and where problems go (paths under the input's prefix). */
interface Context {
  readonly currency: CurrencyCode;
  readonly incl: boolean;
  readonly errors: Issue[];
  readonly warnings: Issue[];
  readonly at: (...path: PropertyKey[]) => string;
}

/** Read the fields (fast path, else the schema), then each part of the order in turn. */
function normalise(raw: unknown, fast: boolean): GraphqlOrderRecordResult {
  const { order: input, prefix } = unwrap(raw);
  if (typeof input !== "object" || input === null || Array.isArray(input)) {
    return { ok: false, errors: [{ path: formatPath(prefix), message: "expected an order object" }] };
  }
  const fields = input as Record<string, unknown>;
  const currency = isCurrencyCode(fields.currencyCode) ? fields.currencyCode : "XXX";
  const read = readOrder(fields, currency, prefix, fast);
  if (!read.ok) return read;
  const o = read.order;
  const ctx: Context = { currency, incl: o.taxesIncluded, errors: [], warnings: [], at: (...path) => formatPath([...prefix, ...path]) };
  const refunds = refundsOf(o, ctx);
  const lines = o.lineItems.items.map((l, i) => lineOf(l, i, o.lineItems.via, refunds.perLine[i]!, ctx));
  const shippingLines = shippingLinesOf(o, refunds.shipping, ctx);
  const transactions = o.transactions.map((t, ti) => transactionOf(t, ti, ctx));
  if (ctx.errors.length > 0) return { ok: false, errors: ctx.errors };
  return { ok: true, record: recordOf(o, ctx, { lines, shippingLines, transactions, refunds }), warnings: ctx.warnings };
}

function unwrap(raw: unknown): { order: unknown; prefix: PropertyKey[] } {
  if (typeof raw === "object" && raw !== null && !Array.isArray(raw)) {
    const r = raw as Record<string, unknown>;
    const data = r.data;
    if (typeof data === "object" && data !== null && "order" in data) {
      return { order: (data as Record<string, unknown>).order, prefix: ["data", "order"] };
    }
    if ("order" in r && !("id" in r)) return { order: r.order, prefix: ["order"] };
  }
  return { order: raw, prefix: [] };
}

/** The order's fields per the contract: the fast path when asked and it can, else the schema (which reports the errors). */
function readOrder(
  input: Record<string, unknown>,
  currency: CurrencyCode,
  prefix: readonly PropertyKey[],
  fast: boolean,
): { ok: true; order: ParsedOrder } | { ok: false; errors: Issue[] } {
  const order = fast && currency !== "XXX" ? readFast(input, currency) : null;
  return order !== null ? { ok: true, order } : readWithSchema(input, currency, prefix);
}

function itemPath(field: readonly PropertyKey[], via: Via, i: number): PropertyKey[] {
  return via === "nodes" ? [...field, "nodes", i] : [...field, "edges", i, "node"];
}

// ---------------------------------------------------------------------------
// Refunds
// ---------------------------------------------------------------------------

interface Refunds {
  /** Per line item: units, subtotal and tax refunded (as Shopify states them). */
  readonly perLine: { quantity: number; subtotal: number; tax: number }[];
  /** Each refunded shipping amount before tax, with its shipping line when known. */
  readonly shipping: { shippingLineId: string | null; beforeTax: number }[];
  /** The dated refunds sync stores. */
  readonly records: RefundRecord[];
}

/** Each refund's lines and shipping, before tax, summed per line and kept dated. */
function refundsOf(o: ParsedOrder, ctx: Context): Refunds {
  const incl = ctx.incl;
  const lineIndex = new Map(o.lineItems.items.map((l, i) => [l.id, i]));
  const perLine = o.lineItems.items.map(() => ({ quantity: 0, subtotal: 0, tax: 0 }));
  const shipping: Refunds["shipping"] = [];
  const records: RefundRecord[] = [];
  o.refunds.forEach((r, ri) => {
    const record = {
      id: r.id ?? `${o.id}#refund-${ri}`,
      processedAt: utc(r.processedAt ?? r.createdAt ?? o.processedAt),
      lines: [] as { lineItemId: string; quantity: number; subtotalBeforeTax: number; tax: number }[],
      shippingBeforeTax: 0,
      shippingTax: 0,
    };
    records.push(record);
    const rli = r.refundLineItems;
    rli?.items.forEach((x, j) => {
      const idx = lineIndex.get(x.lineItem.id);
      if (idx === undefined) {
        ctx.errors.push({
          path: ctx.at(...itemPath(["refunds", ri, "refundLineItems"], rli.via, j), "lineItem", "id"),
          message: `refers to line item ${x.lineItem.id}, which is not in lineItems`,
        });
        return;
      }
      const acc = perLine[idx]!;
      const lineTax = x.totalTaxSet ?? 0;
      record.lines.push({ lineItemId: x.lineItem.id, quantity: x.quantity, subtotalBeforeTax: incl ? x.subtotalSet - lineTax : x.subtotalSet, tax: lineTax });
      acc.quantity += x.quantity;
      acc.subtotal += x.subtotalSet;
      acc.tax += x.totalTaxSet ?? 0;
    });
    r.refundShippingLines?.items.forEach((x) => {
      const tax = x.taxAmountSet ?? 0;
      record.shippingBeforeTax += incl ? x.subtotalAmountSet - tax : x.subtotalAmountSet;
      record.shippingTax += tax;
      shipping.push({ shippingLineId: x.shippingLine?.id ?? null, beforeTax: incl ? x.subtotalAmountSet - tax : x.subtotalAmountSet });
    });
  });
  return { perLine, shipping, records };
}

// ---------------------------------------------------------------------------
// Lines
// ---------------------------------------------------------------------------

/**
 * The line's revenue and tax on the units kept. Refund records cover the refunded
 * units; units removed without a refund record (order edits) are pro-rated out of
 * what is left. When the refunds do not add up, the line total is pro-rated instead
 * (said in a warning).
 */
function keptAmounts(
  l: ParsedLineItem,
  discounted: number,
  tax: number,
  refunded: Refunds["perLine"][number],
): { keptGross: number; keptTax: number; consistent: boolean } {
  const q = l.quantity;
  const cq = l.currentQuantity;
  const left = q - refunded.quantity;
  if (left >= cq && left > 0) {
    return { keptGross: mulDiv(discounted - refunded.subtotal, cq, left, "half-even"), keptTax: mulDiv(tax - refunded.tax, cq, left, "half-even"), consistent: true };
  }
  if (left === 0 && cq === 0) return { keptGross: 0, keptTax: 0, consistent: true };
  return {
    keptGross: q === 0 ? 0 : mulDiv(discounted, cq, q, "half-even"),
    keptTax: q === 0 ? 0 : mulDiv(tax, cq, q, "half-even"),
    consistent: false,
  };
}

/** One line item: revenue, discount and list price before tax on the units kept, its weight in grams. */
function lineOf(l: ParsedLineItem, i: number, via: Via, refunded: Refunds["perLine"][number], ctx: Context): OrderLine {
  const { incl, currency } = ctx;
  const q = l.quantity;
  const cq = l.currentQuantity;
  const path = itemPath(["lineItems"], via, i);
  const gross = l.originalUnitPriceSet * q;
  const discount = sum(l.discountAllocations.map((d) => d.allocatedAmountSet));
  const tax = sum(l.taxLines.map((t) => t.priceSet));
  const discounted = gross - discount;
  const { keptGross, keptTax, consistent } = keptAmounts(l, discounted, tax, refunded);
  if (!consistent) {
    ctx.warnings.push({
      path: ctx.at(...path, "currentQuantity"),
      message: `refunds return ${refunded.quantity} unit(s) but quantity − currentQuantity is ${q - cq}; kept revenue pro-rated from the line total instead`,
    });
  }
  const net = incl ? keptGross - keptTax : keptGross;
  const keptDiscount = q === 0 ? 0 : mulDiv(discount, cq, q, "half-even");
  const discountBeforeTax = incl ? withoutTax(keptDiscount, l.taxLines, discounted, tax) : keptDiscount;
  const unitPriceBeforeTax = incl ? withoutTax(l.originalUnitPriceSet, l.taxLines, discounted, tax) : l.originalUnitPriceSet;
  if (l.priceAfterAllDiscountsBeforeTaxesSet !== undefined && l.priceAfterAllDiscountsBeforeTaxesSet !== net) {
    ctx.warnings.push({
      path: ctx.at(...path, "priceAfterAllDiscountsBeforeTaxesSet"),
      message: `Shopify says ${formatDecimal(l.priceAfterAllDiscountsBeforeTaxesSet, currency)} but price − discounts − refunds${incl ? " − tax lines" : ""} gives ${formatDecimal(net, currency)}; NetMargin uses ${formatDecimal(net, currency)}`,
    });
  }
  if (net < 0) {
    ctx.errors.push({ path: ctx.at(...path), message: `kept revenue comes out negative (${formatDecimal(net, currency)}): discounts, refunds or tax exceed the price` });
  }
  return {
    id: l.id,
    productId: l.product?.id ?? null,
    variantId: l.variant?.id ?? null,
    sku: l.sku ?? null,
    title: l.name ?? l.title ?? l.sku ?? l.id,
    quantity: q,
    currentQuantity: cq,
    netRevenueBeforeTax: net,
    discountBeforeTax: Math.max(0, discountBeforeTax),
    tax: keptTax,
    unitPriceBeforeTax,
    unitWeightGrams: gramsOf(l.weight),
    requiresShipping: l.requiresShipping,
    // Only gift-card lines carry the field (absent means false).
    ...(l.isGiftCard === true ? { isGiftCard: true } : {}),
  };
}

/**
 * Whole grams, as REST payloads carry them (`grams`): both sources agree. A weight
 * of 0 is unknown, not weightless: Shopify reports a weight nobody entered as
 * `{ value: 0 }` (Source: live capture, airhorns/shopify-draft-proxy fixtures/
 * conformance/harry-test-heelo.myshopify.com/2025-01/products/inventory-item-update-parity.json).
 */
function gramsOf(weight: ParsedLineItem["weight"]): number | null {
  return weight && weight.value > 0 ? Math.round(weight.value * GRAMS_PER[weight.unit]) : null;
}

// ---------------------------------------------------------------------------
// Tax helpers
// ---------------------------------------------------------------------------

/** Σ rates of the tax lines, exact; null when a tax line states no rate. */
function rateSum(taxLines: readonly ParsedTaxLine[]): Rate | null {
  let total: Rate = { num: 0, den: 1 };
  for (const t of taxLines) {
    if (t.rate !== null && t.rate !== undefined) total = addRates(total, decimalToRate(t.rate));
    else if (t.ratePercentage !== null && t.ratePercentage !== undefined) {
      const r = decimalToRate(t.ratePercentage);
      total = addRates(total, { num: r.num, den: r.den * 100 });
    } else return null;
  }
  return total;
}

/**
 * Takes tax out of a tax-inclusive amount that has no tax line of its own (a list
 * price, a discount): gross × 1 / (1 + Σ rates) with the line's tax-line rates, or,
 * when a rate is missing, in the proportion the line's own tax lines show
 * (tax / gross). Half-even rounding.
 */
function withoutTax(gross: number, taxLines: readonly ParsedTaxLine[], lineGross: number, lineTax: number): number {
  if (taxLines.length === 0 || gross === 0) return gross;
  const r = rateSum(taxLines);
  if (r !== null) return mulDiv(gross, r.den, r.den + r.num, "half-even");
  if (lineGross > 0) return gross - mulDiv(gross, lineTax, lineGross, "half-even");
  return gross;
}

// ---------------------------------------------------------------------------
// Shipping lines
// ---------------------------------------------------------------------------

/** The shipping lines charged (removed ones are not), before tax, each with its refunds. */
function shippingLinesOf(o: ParsedOrder, refunds: Refunds["shipping"], ctx: Context): OrderShippingLine[] {
  const incl = ctx.incl;
  const source = o.shippingLines;
  const kept = (source?.items ?? []).map((s, i) => ({ s, i })).filter(({ s }) => s.isRemoved !== true);
  const charged = kept.map(({ s }) => {
    const price = s.discountedPriceSet ?? s.originalPriceSet ?? 0;
    const tax = sum(s.taxLines.map((t) => t.priceSet));
    return { price, tax, beforeTax: incl ? price - tax : price };
  });
  const refunded = shippingRefundsPerLine(kept.map(({ s }) => s.id), charged, refunds, ctx);
  return kept.map(({ s, i }, k) => {
    const c = charged[k]!;
    if (c.beforeTax < 0) {
      ctx.errors.push({ path: ctx.at(...itemPath(["shippingLines"], source!.via, i), "taxLines"), message: "shipping tax exceeds the shipping price" });
    }
    return {
      title: s.title,
      code: s.code ?? null,
      source: s.source ?? null,
      chargedBeforeTax: c.beforeTax,
      tax: c.tax,
      refundedBeforeTax: refunded[k]!,
    };
  });
}

/** Shipping refunded per kept shipping line: to its line when named, else split by what each charged. */
function shippingRefundsPerLine(
  ids: readonly (string | undefined)[],
  charged: readonly { beforeTax: number }[],
  refunds: Refunds["shipping"],
  ctx: Context,
): number[] {
  const refunded = ids.map(() => 0);
  let unattributed = 0;
  for (const r of refunds) {
    const k = r.shippingLineId === null ? -1 : ids.indexOf(r.shippingLineId);
    if (k >= 0) refunded[k]! += r.beforeTax;
    else unattributed += r.beforeTax;
  }
  if (unattributed !== 0) {
    if (ids.length === 0) {
      ctx.warnings.push({ path: ctx.at("refunds"), message: "shipping was refunded but the order has no shipping line; the refund is ignored" });
    } else {
      const shares = allocate(unattributed, charged.map((c) => Math.max(0, c.beforeTax)));
      shares.forEach((x, k) => (refunded[k]! += x));
    }
  }
  return refunded;
}

// ---------------------------------------------------------------------------
// Transactions
// ---------------------------------------------------------------------------

function transactionOf(t: ParsedTransaction, ti: number, ctx: Context): OrderTransaction {
  return { gateway: t.gateway ?? null, kind: t.kind, status: t.status, amount: t.amountSet, feesActual: actualFees(t, ti, ctx) };
}

/** Σ of the fees Shopify reports in the shop currency; null when none are, or one is in another currency (then estimated). */
function actualFees(t: ParsedTransaction, ti: number, ctx: Context): number | null {
  const currency = ctx.currency;
  if (t.fees.length === 0) return null;
  let total = 0;
  let usable = true;
  t.fees.forEach((f, fi) => {
    const cc = f.amount.currencyCode;
    if (cc !== undefined && cc !== currency) {
      usable = false;
      ctx.warnings.push({
        path: ctx.at("transactions", ti, "fees", fi, "amount", "currencyCode"),
        message: `fee in ${cc}, not in the shop currency ${currency}: the fee is estimated from the gateway settings instead`,
      });
      return;
    }
    const p = parseDecimal(f.amount.amount, currency);
    if (!p.ok) {
      usable = false;
      ctx.errors.push({ path: ctx.at("transactions", ti, "fees", fi, "amount", "amount"), message: p.error });
      return;
    }
    total += p.value;
  });
  return usable ? total : null;
}

// ---------------------------------------------------------------------------
// The record
// ---------------------------------------------------------------------------

/** The normalised order and what sync stores with it. */
function recordOf(
  o: ParsedOrder,
  ctx: Context,
  parts: { lines: OrderLine[]; shippingLines: OrderShippingLine[]; transactions: OrderTransaction[]; refunds: Refunds },
): OrderRecord {
  const incl = ctx.incl;
  const country = o.shippingCountryCode ?? o.shippingAddress?.countryCodeV2 ?? null;
  const order: NormalisedOrder = {
    id: o.id,
    name: o.name,
    processedAt: o.processedAt,
    currency: ctx.currency,
    taxesIncluded: incl,
    cancelled: o.cancelledAt !== null && o.cancelledAt !== undefined,
    test: o.test,
    sourceName: o.sourceName ?? null,
    shippingCountryCode: country ? country.toUpperCase() : null,
    ...(o.fulfillments === undefined ? {} : { fulfilment: fulfilmentOf(o.displayFulfillmentStatus ?? null, o.fulfillments) }),
    lines: parts.lines,
    shippingLines: parts.shippingLines,
    transactions: parts.transactions,
    refunds: {
      lineItemsBeforeTax: sum(parts.refunds.perLine.map((r) => (incl ? r.subtotal - r.tax : r.subtotal))),
      shippingBeforeTax: sum(parts.refunds.shipping.map((r) => r.beforeTax)),
    },
  };
  return {
    order,
    updatedAt: o.updatedAt === undefined ? "" : utc(o.updatedAt),
    financialStatus: o.displayFinancialStatus ? o.displayFinancialStatus.toUpperCase() : null,
    refunds: parts.refunds.records,
    ...(o.totalOutstandingSet === undefined && o.paymentTerms === undefined ? {} : { receivable: receivableOf(o) }),
  };
}

const DAY_MS = 86_400_000;

/** The receivable facts of an order (issue 19): amount outstanding and payment terms. */
function receivableOf(o: ParsedOrder): OrderReceivable {
  const terms = o.paymentTerms ?? null;
  return {
    outstanding: o.totalOutstandingSet ?? null,
    paymentTermsType: terms ? terms.paymentTermsType.toUpperCase() : null,
    dueInDays: terms?.dueInDays ?? null,
    dueAt: terms ? dueDateOf(terms, o.processedAt) : null,
  };
}

/**
 * When payment is due: the first schedule not yet completed (REST payloads carry the
 * schedules), else for NET terms the order date + dueInDays (Shopify's NET due date is
 * the issue date + dueInDays: see OrderFragments.ts for the live capture; an order's
 * terms are issued when it is placed), for RECEIPT terms the order date (due on
 * receipt); FIXED and FULFILLMENT terms without a schedule have no date NetMargin can
 * know (null: aged from the order date).
 */
export function dueDateOf(terms: NonNullable<ParsedOrder["paymentTerms"]>, processedAt: string): string | null {
  const schedules = terms.paymentSchedules?.items ?? [];
  const open = schedules.find((s) => !s.completedAt && s.dueAt);
  if (open?.dueAt) return utc(open.dueAt);
  const type = terms.paymentTermsType.toUpperCase();
  if (type === "NET" && terms.dueInDays !== null && terms.dueInDays !== undefined) return new Date(Date.parse(processedAt) + terms.dueInDays * DAY_MS).toISOString();
  if (type === "RECEIPT") return utc(processedAt);
  return null;
}

/**
 * The parcels that left: fulfilments whose status is SUCCESS. A cancelled
 * fulfilment did not ship (Source: live capture, airhorns/shopify-draft-proxy
 * fixtures/conformance/harry-test-heelo.myshopify.com/2025-01/orders/fulfillment-cancel-parity.json:
 * after fulfillmentCancel the order reads fulfillments [{ status: "CANCELLED" }] and
 * displayFulfillmentStatus "UNFULFILLED").
 */
function fulfilmentOf(status: string | null, fulfillments: readonly { status: string }[]): OrderFulfilment {
  let parcels = 0;
  for (const f of fulfillments) if (f.status.toUpperCase() === "SUCCESS") parcels++;
  return { status: status === null ? null : status.toUpperCase(), parcels };
}

function sum(values: readonly number[]): number {
  let s = 0;
  for (const v of values) s += v;
  return s;
}

function utc(instant: string): string {
  return new Date(instant).toISOString();
}

