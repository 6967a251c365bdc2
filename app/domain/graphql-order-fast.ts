/**
 * The fast path of the GraphQL order adapter: the checks of the contract
 * (graphql-order-schema.ts) written by hand, for well-formed input, into the
 * contract's own types, so the compiler holds it to the schema's shape. A backfill
 * parses millions of orders and zod's generic machinery costs about 3× this
 * (test/bench/README.md, "GraphQL order adapter"). On the first deviation it gives
 * up (null) and the schema runs, so error messages and paths come from one place.
 * test/domain/graphql-order-fast-path.test.ts checks that it accepts nothing the
 * schema refuses and reads everything else as the schema does.
 */
import { isCurrencyCode, parseDecimal, type CurrencyCode } from "./money";
import { isInstant } from "./time";
import {
  WEIGHT_UNITS,
  type ParsedConnection,
  type ParsedLineItem,
  type ParsedOrder,
  type ParsedRefund,
  type ParsedRefundLineItem,
  type ParsedRefundShippingLine,
  type ParsedShippingLine,
  type ParsedTaxLine,
  type ParsedTransaction,
  type ParsedWeight,
  type WeightUnit,
} from "./graphql-order-schema";

const GIVE_UP = Symbol("give up");
type Obj = Record<string, unknown>;

function fail(): never {
  throw GIVE_UP;
}
function obj(v: unknown): Obj {
  if (typeof v !== "object" || v === null || Array.isArray(v)) fail();
  return v as Obj;
}
/** A list that may be absent (the schema's `.default([])`). */
function arr(v: unknown): unknown[] {
  if (v === undefined) return [];
  if (!Array.isArray(v)) fail();
  return v;
}
function str(v: unknown): string {
  if (typeof v !== "string") fail();
  return v;
}
function optStr(v: unknown): string | undefined {
  if (v === undefined) return undefined;
  return str(v);
}
function nullableStr(v: unknown): string | null | undefined {
  if (v === null) return null;
  return optStr(v);
}
function gidOf(v: unknown): string {
  const s = str(v);
  if (s.length === 0) fail();
  return s;
}
function refOf(v: unknown): { id: string } | null | undefined {
  if (v === undefined || v === null) return v;
  return { id: gidOf(obj(v).id) };
}
/** zod's `.int()` takes safe integers only. */
function countOf(v: unknown): number {
  if (typeof v !== "number" || !Number.isSafeInteger(v) || v < 0) fail();
  return v;
}
function boolOf(v: unknown): boolean {
  if (typeof v !== "boolean") fail();
  return v;
}
function instantOf(v: unknown): string {
  if (!isInstant(v)) fail();
  return v;
}
function optInstant(v: unknown): string | null | undefined {
  return v === undefined || v === null ? v : instantOf(v);
}
function moneyOf(bag: unknown, currency: CurrencyCode, nonNegative: boolean): number {
  const m = obj(obj(bag).shopMoney);
  const cc = m.currencyCode;
  if (cc !== undefined && cc !== currency) fail();
  const p = parseDecimal(str(m.amount), currency);
  if (!p.ok || (nonNegative && p.value < 0)) fail();
  return p.value;
}
function optMoney(bag: unknown, currency: CurrencyCode, nonNegative: boolean): number | undefined {
  return bag === undefined ? undefined : moneyOf(bag, currency, nonNegative);
}
function connectionOf<T>(v: unknown, node: (x: unknown) => T): ParsedConnection<T> {
  const c = obj(v);
  // Both given: the schema checks both, so leave it to the schema.
  if (c.nodes !== undefined && c.edges !== undefined) fail();
  if (c.nodes !== undefined) return { items: arr(c.nodes).map(node), via: "nodes" };
  if (c.edges !== undefined) return { items: arr(c.edges).map((e) => node(obj(e).node)), via: "edges" };
  return fail();
}
/** zod's `z.number()` refuses NaN and ±Infinity. */
function nonNegativeNumber(v: unknown): number {
  if (typeof v !== "number" || !Number.isFinite(v) || v < 0) fail();
  return v;
}
function optRate(v: unknown): number | null | undefined {
  if (v === undefined || v === null) return v;
  return nonNegativeNumber(v);
}
const COUNTRY = /^[A-Za-z]{2}$/;
function countryOf(v: unknown): string | null | undefined {
  const c = nullableStr(v);
  if (typeof c === "string" && !COUNTRY.test(c)) fail();
  return c;
}

function taxLineOf(x: unknown, currency: CurrencyCode): ParsedTaxLine {
  const t = obj(x);
  return { title: optStr(t.title), rate: optRate(t.rate), ratePercentage: optRate(t.ratePercentage), priceSet: moneyOf(t.priceSet, currency, false) };
}

function weightOf(v: unknown): ParsedWeight {
  if (v === undefined || v === null) return v;
  const w = obj(v);
  if (!(WEIGHT_UNITS as readonly unknown[]).includes(w.unit)) fail();
  return { value: nonNegativeNumber(w.value), unit: w.unit as WeightUnit };
}

function lineItemOf(x: unknown, currency: CurrencyCode): ParsedLineItem {
  const l = obj(x);
  const quantity = countOf(l.quantity);
  const currentQuantity = countOf(l.currentQuantity);
  if (currentQuantity > quantity) fail();
  return {
    id: gidOf(l.id),
    name: optStr(l.name),
    title: optStr(l.title),
    sku: nullableStr(l.sku),
    quantity,
    currentQuantity,
    requiresShipping: boolOf(l.requiresShipping),
    isGiftCard: l.isGiftCard === undefined ? undefined : boolOf(l.isGiftCard),
    variant: refOf(l.variant),
    product: refOf(l.product),
    weight: weightOf(l.weight),
    originalUnitPriceSet: moneyOf(l.originalUnitPriceSet, currency, true),
    discountedUnitPriceAfterAllDiscountsSet: optMoney(l.discountedUnitPriceAfterAllDiscountsSet, currency, false),
    priceAfterAllDiscountsBeforeTaxesSet: optMoney(l.priceAfterAllDiscountsBeforeTaxesSet, currency, false),
    discountAllocations: arr(l.discountAllocations).map((d) => ({ allocatedAmountSet: moneyOf(obj(d).allocatedAmountSet, currency, true) })),
    taxLines: arr(l.taxLines).map((t) => taxLineOf(t, currency)),
  };
}

function shippingLineOf(x: unknown, currency: CurrencyCode): ParsedShippingLine {
  const s = obj(x);
  const originalPriceSet = optMoney(s.originalPriceSet, currency, true);
  const discountedPriceSet = optMoney(s.discountedPriceSet, currency, true);
  if (originalPriceSet === undefined && discountedPriceSet === undefined) fail();
  return {
    id: optStr(s.id),
    title: str(s.title),
    code: nullableStr(s.code),
    source: nullableStr(s.source),
    isRemoved: s.isRemoved === undefined ? undefined : boolOf(s.isRemoved),
    originalPriceSet,
    discountedPriceSet,
    taxLines: arr(s.taxLines).map((t) => taxLineOf(t, currency)),
  };
}

function transactionOf(x: unknown, currency: CurrencyCode): ParsedTransaction {
  const t = obj(x);
  return {
    gateway: nullableStr(t.gateway),
    kind: str(t.kind),
    status: str(t.status),
    amountSet: moneyOf(t.amountSet, currency, false),
    fees: arr(t.fees).map((f) => {
      const a = obj(obj(f).amount);
      return { amount: { amount: str(a.amount), currencyCode: optStr(a.currencyCode) } };
    }),
  };
}

function refundLineItemOf(y: unknown, currency: CurrencyCode): ParsedRefundLineItem {
  const i = obj(y);
  return {
    quantity: countOf(i.quantity),
    lineItem: { id: gidOf(obj(i.lineItem).id) },
    subtotalSet: moneyOf(i.subtotalSet, currency, true),
    totalTaxSet: optMoney(i.totalTaxSet, currency, true),
  };
}

function refundShippingLineOf(y: unknown, currency: CurrencyCode): ParsedRefundShippingLine {
  const i = obj(y);
  return {
    shippingLine: refOf(i.shippingLine),
    subtotalAmountSet: moneyOf(i.subtotalAmountSet, currency, true),
    taxAmountSet: optMoney(i.taxAmountSet, currency, true),
  };
}

function refundOf(x: unknown, currency: CurrencyCode): ParsedRefund {
  const r = obj(x);
  return {
    id: optStr(r.id),
    processedAt: optInstant(r.processedAt),
    createdAt: optInstant(r.createdAt),
    refundLineItems: r.refundLineItems === undefined ? undefined : connectionOf(r.refundLineItems, (y) => refundLineItemOf(y, currency)),
    refundShippingLines: r.refundShippingLines === undefined ? undefined : connectionOf(r.refundShippingLines, (y) => refundShippingLineOf(y, currency)),
  };
}

/** Payment terms without schedules (those, from REST payloads only, are left to the schema). */
function paymentTermsOf(v: unknown): ParsedOrder["paymentTerms"] {
  if (v === undefined || v === null) return v;
  const t = obj(v);
  if (t.paymentSchedules !== undefined) fail();
  const days = t.dueInDays;
  if (days !== undefined && days !== null && !(typeof days === "number" && Number.isInteger(days))) fail();
  return { paymentTermsType: str(t.paymentTermsType), dueInDays: days as number | null | undefined };
}

function orderOf(o: Obj, currency: CurrencyCode): ParsedOrder {
  const name = str(o.name);
  if (name.length === 0) fail();
  if (!isCurrencyCode(o.currencyCode)) fail();
  const lineItems = connectionOf(o.lineItems, (x) => lineItemOf(x, currency));
  if (lineItems.items.length === 0) fail();
  return {
    id: gidOf(o.id),
    name,
    processedAt: instantOf(o.processedAt),
    updatedAt: o.updatedAt === undefined ? undefined : instantOf(o.updatedAt),
    displayFinancialStatus: nullableStr(o.displayFinancialStatus),
    currencyCode: o.currencyCode,
    taxesIncluded: boolOf(o.taxesIncluded),
    cancelledAt: nullableStr(o.cancelledAt),
    test: o.test === undefined ? false : boolOf(o.test),
    sourceName: nullableStr(o.sourceName),
    shippingCountryCode: countryOf(o.shippingCountryCode),
    shippingAddress: o.shippingAddress === undefined || o.shippingAddress === null ? o.shippingAddress : { countryCodeV2: countryOf(obj(o.shippingAddress).countryCodeV2) },
    displayFulfillmentStatus: nullableStr(o.displayFulfillmentStatus),
    totalOutstandingSet: optMoney(o.totalOutstandingSet, currency, false),
    paymentTerms: paymentTermsOf(o.paymentTerms),
    fulfillments: o.fulfillments === undefined ? undefined : arr(o.fulfillments).map((f) => ({ status: str(obj(f).status) })),
    lineItems,
    shippingLines: o.shippingLines === undefined ? undefined : connectionOf(o.shippingLines, (x) => shippingLineOf(x, currency)),
    transactions: arr(o.transactions).map((x) => transactionOf(x, currency)),
    refunds: arr(o.refunds).map((x) => refundOf(x, currency)),
  };
}

/** The order's fields as the schema would read them, or null where the schema must decide (anything unusual). */
export function readFast(input: Obj, currency: CurrencyCode): ParsedOrder | null {
  try {
    return orderOf(input, currency);
  } catch (error) {
    if (error === GIVE_UP) return null;
    throw error;
  }
}
