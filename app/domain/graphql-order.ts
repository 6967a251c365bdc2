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
 */
import { z } from "zod";
import { allocate, formatDecimal, isCurrencyCode, mulDiv, parseDecimal, decimalToRate, addRates, type CurrencyCode, type Rate } from "./money";
import { isInstant } from "./time";
import { type NormalisedOrder, type OrderFulfilment, type OrderLine, type OrderRecord, type OrderShippingLine, type OrderTransaction, type RefundRecord } from "./types";
import { formatPath, issuesFromZod, type Issue } from "./validation";

export type GraphqlOrderResult =
  | { ok: true; order: NormalisedOrder; warnings: Issue[] }
  | { ok: false; errors: Issue[] };

export type GraphqlOrderRecordResult =
  | { ok: true; record: OrderRecord; warnings: Issue[] }
  | { ok: false; errors: Issue[] };

const WEIGHT_UNITS = ["GRAMS", "KILOGRAMS", "OUNCES", "POUNDS"] as const;
const GRAMS_PER: Record<(typeof WEIGHT_UNITS)[number], number> = {
  GRAMS: 1,
  KILOGRAMS: 1000,
  OUNCES: 28.349523125,
  POUNDS: 453.59237,
};

// ---------------------------------------------------------------------------
// Schema (built per currency so decimals are checked against it, with paths)
// ---------------------------------------------------------------------------

function moneySchemas(currency: CurrencyCode) {
  const moneyV2 = z
    .object({
      amount: z.string({ error: 'expected the amount as a decimal string, e.g. "12.50" (Shopify sends strings)' }),
      currencyCode: z.string().optional(),
    })
    .transform((m, ctx) => {
      if (m.currencyCode !== undefined && m.currencyCode !== currency) {
        ctx.addIssue({ code: "custom", path: ["currencyCode"], message: `expected the shop currency ${currency} (order currencyCode), got ${m.currencyCode}` });
        return z.NEVER;
      }
      const p = parseDecimal(m.amount, currency);
      if (!p.ok) {
        ctx.addIssue({ code: "custom", path: ["amount"], message: p.error });
        return z.NEVER;
      }
      return p.value;
    });
  const moneyBag = z
    .object({ shopMoney: moneyV2 }, { error: "expected a MoneyBag { shopMoney: { amount } }" })
    .transform((b) => b.shopMoney);
  const nonNegativeBag = moneyBag.refine((v) => v >= 0, { error: "cannot be negative" });
  return { moneyBag, nonNegativeBag };
}

/** A connection as `{ nodes }` or `{ edges: [{ node }] }`; keeps which, for error paths. */
function connection<T extends z.ZodType>(node: T) {
  return z
    .object(
      {
        nodes: z.array(node).optional(),
        edges: z.array(z.object({ node })).optional(),
      },
      { error: "expected a connection: { nodes: [...] } or { edges: [{ node }] }" },
    )
    .superRefine((c, ctx) => {
      if (c.nodes === undefined && c.edges === undefined) {
        ctx.addIssue({ code: "custom", message: "expected a connection: { nodes: [...] } or { edges: [{ node }] }" });
      }
    })
    .transform((c) => ({
      items: (c.nodes ?? (c.edges ?? []).map((e) => (e as { node: z.output<T> }).node)) as z.output<T>[],
      via: c.nodes !== undefined ? ("nodes" as const) : ("edges" as const),
    }));
}

type Via = "nodes" | "edges";
function itemPath(field: readonly PropertyKey[], via: Via, i: number): PropertyKey[] {
  return via === "nodes" ? [...field, "nodes", i] : [...field, "edges", i, "node"];
}

function orderSchema(currency: CurrencyCode) {
  const { moneyBag, nonNegativeBag } = moneySchemas(currency);
  const gid = z.string({ error: "expected an id string" }).min(1, { error: "cannot be empty" });
  const ref = z.object({ id: gid }).nullable().optional();
  const taxLine = z.object({
    title: z.string().optional(),
    rate: z.number().min(0).nullable().optional(),
    ratePercentage: z.number().min(0).nullable().optional(),
    priceSet: moneyBag,
  });
  const count = z.number({ error: "expected a whole number" }).int({ error: "expected a whole number" }).min(0, { error: "cannot be negative" });

  const lineItem = z
    .object({
      id: gid,
      name: z.string().optional(),
      title: z.string().optional(),
      sku: z.string().nullable().optional(),
      quantity: count,
      currentQuantity: count,
      requiresShipping: z.boolean({ error: "expected true or false" }),
      isGiftCard: z.boolean({ error: "expected true or false" }).optional(),
      variant: ref,
      product: ref,
      weight: z
        .object({ value: z.number().min(0, { error: "cannot be negative" }), unit: z.enum(WEIGHT_UNITS) })
        .nullable()
        .optional(),
      originalUnitPriceSet: nonNegativeBag,
      discountedUnitPriceAfterAllDiscountsSet: moneyBag.optional(),
      priceAfterAllDiscountsBeforeTaxesSet: moneyBag.optional(),
      discountAllocations: z.array(z.object({ allocatedAmountSet: nonNegativeBag })).default([]),
      taxLines: z.array(taxLine).default([]),
    })
    .check(
      z.superRefine(
        (value, ctx) => {
          // Runs even when other fields are invalid, so every problem comes back at once.
          if (typeof value !== "object" || value === null) return;
          const l = value as { quantity?: unknown; currentQuantity?: unknown };
          if (typeof l.quantity === "number" && typeof l.currentQuantity === "number" && l.currentQuantity > l.quantity) {
            ctx.addIssue({ code: "custom", path: ["currentQuantity"], message: `cannot exceed quantity (${l.quantity})` });
          }
        },
        { when: () => true },
      ),
    );

  const shippingLine = z
    .object({
      id: z.string().optional(),
      title: z.string({ error: "expected the shipping line title" }),
      code: z.string().nullable().optional(),
      source: z.string().nullable().optional(),
      isRemoved: z.boolean().optional(),
      originalPriceSet: nonNegativeBag.optional(),
      discountedPriceSet: nonNegativeBag.optional(),
      taxLines: z.array(taxLine).default([]),
    })
    .check(
      z.superRefine(
        (value, ctx) => {
          if (typeof value !== "object" || value === null) return;
          const s = value as { originalPriceSet?: unknown; discountedPriceSet?: unknown };
          if (s.originalPriceSet === undefined && s.discountedPriceSet === undefined) {
            ctx.addIssue({ code: "custom", path: ["discountedPriceSet"], message: "a shipping line needs discountedPriceSet (or originalPriceSet)" });
          }
        },
        { when: () => true },
      ),
    );

  const fee = z.object({
    amount: z.object({ amount: z.string({ error: "expected a decimal string" }), currencyCode: z.string().optional() }),
  });
  const transaction = z.object({
    gateway: z.string().nullable().optional(),
    kind: z.string({ error: "expected the transaction kind (SALE, CAPTURE, REFUND…)" }),
    status: z.string({ error: "expected the transaction status (SUCCESS…)" }),
    amountSet: moneyBag,
    fees: z.array(fee).default([]),
  });

  const refund = z.object({
    id: z.string().optional(),
    processedAt: z.string().refine(isInstant, { error: "expected an ISO 8601 instant" }).nullable().optional(),
    createdAt: z.string().refine(isInstant, { error: "expected an ISO 8601 instant" }).nullable().optional(),
    refundLineItems: connection(
      z.object({
        quantity: count,
        lineItem: z.object({ id: gid }),
        subtotalSet: nonNegativeBag,
        totalTaxSet: nonNegativeBag.optional(),
      }),
    ).optional(),
    refundShippingLines: connection(
      z.object({
        shippingLine: z.object({ id: gid }).nullable().optional(),
        subtotalAmountSet: nonNegativeBag,
        taxAmountSet: nonNegativeBag.optional(),
      }),
    ).optional(),
  });

  return z.object({
    id: gid,
    name: z.string({ error: 'expected the order name, e.g. "#1001"' }).min(1),
    processedAt: z.string({ error: "expected an ISO 8601 instant" }).refine(isInstant, { error: "expected an ISO 8601 instant such as 2026-11-03T09:15:00Z" }),
    updatedAt: z.string().refine(isInstant, { error: "expected an ISO 8601 instant such as 2026-11-03T09:15:00Z" }).optional(),
    displayFinancialStatus: z.string().nullable().optional(),
    currencyCode: z.string({ error: "expected the shop currency code" }).refine(isCurrencyCode, { error: "expected an ISO 4217 currency code" }),
    taxesIncluded: z.boolean({ error: "expected true or false" }),
    cancelledAt: z.string().nullable().optional(),
    test: z.boolean().default(false),
    sourceName: z.string().nullable().optional(),
    shippingCountryCode: z
      .string()
      .regex(/^[A-Za-z]{2}$/, { error: "expected an ISO 3166-1 alpha-2 country code" })
      .nullable()
      .optional(),
    // Only the country of the shipping address (no name, street or phone is read).
    shippingAddress: z
      .object({ countryCodeV2: z.string().regex(/^[A-Za-z]{2}$/, { error: "expected an ISO 3166-1 alpha-2 country code" }).nullable().optional() })
      .nullable()
      .optional(),
    displayFulfillmentStatus: z.string().nullable().optional(),
    // A list field (not a connection), so bulk queries may select it; only each fulfilment's status is read.
    fulfillments: z.array(z.object({ status: z.string({ error: "expected a fulfillment status" }) })).optional(),
    lineItems: connection(lineItem).refine((c) => c.items.length > 0, { error: "an order has at least one line item" }),
    shippingLines: connection(shippingLine).optional(),
    transactions: z.array(transaction).default([]),
    refunds: z.array(refund).default([]),
  });
}

type OrderSchema = ReturnType<typeof orderSchema>;
type ParsedOrder = z.output<OrderSchema>;

/** Schemas are immutable: build one per currency, not one per order (it is the costly part). */
const orderSchemas = new Map<CurrencyCode, OrderSchema>();
function cachedOrderSchema(currency: CurrencyCode): OrderSchema {
  let schema = orderSchemas.get(currency);
  if (!schema) {
    schema = orderSchema(currency);
    orderSchemas.set(currency, schema);
  }
  return schema;
}
type ParsedTaxLine = ParsedOrder["lineItems"]["items"][number]["taxLines"][number];

// ---------------------------------------------------------------------------
// Fast path: the same checks as the zod schema, by hand, for well-formed input.
// A backfill parses millions of orders; zod's generic machinery cost ≈3× a
// JSON.parse of the order. On the first deviation the fast path gives up and the
// zod schema runs, so error messages and paths come from one place.
// test/domain/graphql-order.test.ts checks both give the same result.
// ---------------------------------------------------------------------------

const GIVE_UP = Symbol("give up");
type Obj = Record<string, unknown>;

function fail(): never {
  throw GIVE_UP;
}
function obj(v: unknown): Obj {
  if (typeof v !== "object" || v === null || Array.isArray(v)) fail();
  return v as Obj;
}
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
function countOf(v: unknown): number {
  if (typeof v !== "number" || !Number.isInteger(v) || v < 0) fail();
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
function connectionOf<T>(v: unknown, node: (x: unknown) => T): { items: T[]; via: Via } {
  const c = obj(v);
  if (c.nodes !== undefined) return { items: arr(c.nodes).map(node), via: "nodes" };
  if (c.edges !== undefined) return { items: arr(c.edges).map((e) => node(obj(e).node)), via: "edges" };
  return fail();
}
function optRate(v: unknown): number | null | undefined {
  if (v === undefined || v === null) return v;
  if (typeof v !== "number" || !Number.isFinite(v) || v < 0) fail();
  return v;
}
const COUNTRY = /^[A-Za-z]{2}$/;

function fastTaxLine(x: unknown, currency: CurrencyCode) {
  const t = obj(x);
  return { title: optStr(t.title), rate: optRate(t.rate), ratePercentage: optRate(t.ratePercentage), priceSet: moneyOf(t.priceSet, currency, false) };
}
function fastLineItem(x: unknown, currency: CurrencyCode) {
  const l = obj(x);
  const quantity = countOf(l.quantity);
  const currentQuantity = countOf(l.currentQuantity);
  if (currentQuantity > quantity) fail();
  let weight: { value: number; unit: (typeof WEIGHT_UNITS)[number] } | null | undefined = undefined;
  if (l.weight === null) weight = null;
  else if (l.weight !== undefined) {
    const w = obj(l.weight);
    if (typeof w.value !== "number" || !(w.value >= 0) || !(WEIGHT_UNITS as readonly unknown[]).includes(w.unit)) fail();
    weight = { value: w.value, unit: w.unit as (typeof WEIGHT_UNITS)[number] };
  }
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
    weight,
    originalUnitPriceSet: moneyOf(l.originalUnitPriceSet, currency, true),
    discountedUnitPriceAfterAllDiscountsSet: optMoney(l.discountedUnitPriceAfterAllDiscountsSet, currency, false),
    priceAfterAllDiscountsBeforeTaxesSet: optMoney(l.priceAfterAllDiscountsBeforeTaxesSet, currency, false),
    discountAllocations: arr(l.discountAllocations).map((d) => ({ allocatedAmountSet: moneyOf(obj(d).allocatedAmountSet, currency, true) })),
    taxLines: arr(l.taxLines).map((t) => fastTaxLine(t, currency)),
  };
}
function fastShippingLine(x: unknown, currency: CurrencyCode) {
  const s = obj(x);
  const originalPriceSet = optMoney(s.originalPriceSet, currency, true);
  const discountedPriceSet = optMoney(s.discountedPriceSet, currency, true);
  if (originalPriceSet === undefined && discountedPriceSet === undefined) fail();
  const isRemoved = s.isRemoved === undefined ? undefined : boolOf(s.isRemoved);
  return {
    id: optStr(s.id),
    title: str(s.title),
    code: nullableStr(s.code),
    source: nullableStr(s.source),
    isRemoved,
    originalPriceSet,
    discountedPriceSet,
    taxLines: arr(s.taxLines).map((t) => fastTaxLine(t, currency)),
  };
}
function fastTransaction(x: unknown, currency: CurrencyCode) {
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
function optInstant(v: unknown) {
  return v === undefined || v === null ? v : instantOf(v);
}
function fastRefund(x: unknown, currency: CurrencyCode) {
  const r = obj(x);
  return {
    id: optStr(r.id),
    processedAt: optInstant(r.processedAt),
    createdAt: optInstant(r.createdAt),
    refundLineItems:
      r.refundLineItems === undefined
        ? undefined
        : connectionOf(r.refundLineItems, (y) => {
            const i = obj(y);
            return {
              quantity: countOf(i.quantity),
              lineItem: { id: gidOf(obj(i.lineItem).id) },
              subtotalSet: moneyOf(i.subtotalSet, currency, true),
              totalTaxSet: optMoney(i.totalTaxSet, currency, true),
            };
          }),
    refundShippingLines:
      r.refundShippingLines === undefined
        ? undefined
        : connectionOf(r.refundShippingLines, (y) => {
            const i = obj(y);
            return {
              shippingLine: refOf(i.shippingLine),
              subtotalAmountSet: moneyOf(i.subtotalAmountSet, currency, true),
              taxAmountSet: optMoney(i.taxAmountSet, currency, true),
            };
          }),
  };
}

function fastParse(input: Obj, currency: CurrencyCode): ParsedOrder | null {
  try {
    const o = input;
    const name = str(o.name);
    if (name.length === 0) fail();
    if (!isCurrencyCode(o.currencyCode)) fail();
    const cc = nullableStr(o.shippingCountryCode);
    if (typeof cc === "string" && !COUNTRY.test(cc)) fail();
    let shippingAddress: { countryCodeV2?: string | null } | null | undefined = undefined;
    if (o.shippingAddress === null) shippingAddress = null;
    else if (o.shippingAddress !== undefined) {
      const c = nullableStr(obj(o.shippingAddress).countryCodeV2);
      if (typeof c === "string" && !COUNTRY.test(c)) fail();
      shippingAddress = { countryCodeV2: c };
    }
    const lineItems = connectionOf(o.lineItems, (x) => fastLineItem(x, currency));
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
      shippingCountryCode: cc,
      shippingAddress,
      displayFulfillmentStatus: nullableStr(o.displayFulfillmentStatus),
      fulfillments: o.fulfillments === undefined ? undefined : arr(o.fulfillments).map((f) => ({ status: str(obj(f).status) })),
      lineItems,
      shippingLines: o.shippingLines === undefined ? undefined : connectionOf(o.shippingLines, (x) => fastShippingLine(x, currency)),
      transactions: arr(o.transactions).map((x) => fastTransaction(x, currency)),
      refunds: arr(o.refunds).map((x) => fastRefund(x, currency)),
    } as ParsedOrder;
  } catch (error) {
    if (error === GIVE_UP) return null;
    throw error;
  }
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
// Conversion
// ---------------------------------------------------------------------------

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

/** Parses an Admin GraphQL 2026-10 order (see the module comment) into a NormalisedOrder. */
export function parseGraphqlOrder(raw: unknown): GraphqlOrderResult {
  const r = normalise(raw, true);
  return r.ok ? { ok: true, order: r.record.order, warnings: r.warnings } : r;
}

/**
 * Parses an order into what sync stores (types.ts `OrderRecord`): the normalised
 * order plus `updatedAt` (required: it orders concurrent writes), the financial
 * status and the dated refunds. Instants are normalised to UTC ("…Z").
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

function utc(instant: string): string {
  return new Date(instant).toISOString();
}

function normalise(raw: unknown, fast: boolean): GraphqlOrderRecordResult {
  const { order: input, prefix } = unwrap(raw);
  if (typeof input !== "object" || input === null || Array.isArray(input)) {
    return { ok: false, errors: [{ path: formatPath(prefix), message: "expected an order object" }] };
  }
  const declared = (input as Record<string, unknown>).currencyCode;
  const currency = isCurrencyCode(declared) ? declared : "XXX";
  let o = fast && currency !== "XXX" ? fastParse(input as Obj, currency) : null;
  if (o === null) {
    const result = cachedOrderSchema(currency).safeParse(input);
    if (!result.success) return { ok: false, errors: issuesFromZod(result.error, prefix) };
    o = result.data;
  }
  const errors: Issue[] = [];
  const warnings: Issue[] = [];
  const at = (...path: PropertyKey[]) => formatPath([...prefix, ...path]);
  const incl = o.taxesIncluded;

  // Refund records per line.
  const lineIndex = new Map(o.lineItems.items.map((l, i) => [l.id, i]));
  const refunded = o.lineItems.items.map(() => ({ quantity: 0, subtotal: 0, tax: 0 }));
  const shippingRefunds: { shippingLineId: string | null; beforeTax: number }[] = [];
  const refundRecords: RefundRecord[] = [];
  o.refunds.forEach((r, ri) => {
    const record = {
      id: r.id ?? `${o.id}#refund-${ri}`,
      processedAt: utc(r.processedAt ?? r.createdAt ?? o.processedAt),
      lines: [] as { lineItemId: string; quantity: number; subtotalBeforeTax: number; tax: number }[],
      shippingBeforeTax: 0,
      shippingTax: 0,
    };
    refundRecords.push(record);
    const rli = r.refundLineItems;
    rli?.items.forEach((x, j) => {
      const idx = lineIndex.get(x.lineItem.id);
      if (idx === undefined) {
        errors.push({
          path: at(...itemPath(["refunds", ri, "refundLineItems"], rli.via, j), "lineItem", "id"),
          message: `refers to line item ${x.lineItem.id}, which is not in lineItems`,
        });
        return;
      }
      const acc = refunded[idx]!;
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
      shippingRefunds.push({ shippingLineId: x.shippingLine?.id ?? null, beforeTax: incl ? x.subtotalAmountSet - tax : x.subtotalAmountSet });
    });
  });

  // Lines.
  const lines: OrderLine[] = o.lineItems.items.map((l, i) => {
    const q = l.quantity;
    const cq = l.currentQuantity;
    const gross = l.originalUnitPriceSet * q;
    const discount = sum(l.discountAllocations.map((d) => d.allocatedAmountSet));
    const tax = sum(l.taxLines.map((t) => t.priceSet));
    const discounted = gross - discount;
    const rf = refunded[i]!;
    let keptGross: number;
    let keptTax: number;
    const left = q - rf.quantity;
    if (left >= cq && left > 0) {
      // Refund records cover the refunded units; units removed without a refund
      // record (order edits) are pro-rated out of what is left.
      keptGross = mulDiv(discounted - rf.subtotal, cq, left, "half-even");
      keptTax = mulDiv(tax - rf.tax, cq, left, "half-even");
    } else if (left === 0 && cq === 0) {
      keptGross = 0;
      keptTax = 0;
    } else {
      warnings.push({
        path: at(...itemPath(["lineItems"], o.lineItems.via, i), "currentQuantity"),
        message: `refunds return ${rf.quantity} unit(s) but quantity − currentQuantity is ${q - cq}; kept revenue pro-rated from the line total instead`,
      });
      keptGross = q === 0 ? 0 : mulDiv(discounted, cq, q, "half-even");
      keptTax = q === 0 ? 0 : mulDiv(tax, cq, q, "half-even");
    }
    const net = incl ? keptGross - keptTax : keptGross;
    const keptDiscount = q === 0 ? 0 : mulDiv(discount, cq, q, "half-even");
    const discountBeforeTax = incl ? withoutTax(keptDiscount, l.taxLines, discounted, tax) : keptDiscount;
    const unitPriceBeforeTax = incl ? withoutTax(l.originalUnitPriceSet, l.taxLines, discounted, tax) : l.originalUnitPriceSet;
    const path = itemPath(["lineItems"], o.lineItems.via, i);
    if (l.priceAfterAllDiscountsBeforeTaxesSet !== undefined && l.priceAfterAllDiscountsBeforeTaxesSet !== net) {
      warnings.push({
        path: at(...path, "priceAfterAllDiscountsBeforeTaxesSet"),
        message: `Shopify says ${formatDecimal(l.priceAfterAllDiscountsBeforeTaxesSet, currency)} but price − discounts − refunds${incl ? " − tax lines" : ""} gives ${formatDecimal(net, currency)}; NetMargin uses ${formatDecimal(net, currency)}`,
      });
    }
    if (net < 0) {
      errors.push({ path: at(...path), message: `kept revenue comes out negative (${formatDecimal(net, currency)}): discounts, refunds or tax exceed the price` });
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
      // Whole grams, as REST payloads carry them (`grams`): both sources agree. A weight
      // of 0 is unknown, not weightless: Shopify reports a weight nobody entered as
      // `{ value: 0 }` (Source: live capture, airhorns/shopify-draft-proxy fixtures/
      // conformance/harry-test-heelo.myshopify.com/2025-01/products/inventory-item-update-parity.json).
      unitWeightGrams: l.weight && l.weight.value > 0 ? Math.round(l.weight.value * GRAMS_PER[l.weight.unit]) : null,
      requiresShipping: l.requiresShipping,
      // Only gift-card lines carry the field (absent means false).
      ...(l.isGiftCard === true ? { isGiftCard: true } : {}),
    };
  });

  // Shipping lines (removed ones are not charged).
  const shipSource = o.shippingLines;
  const kept = (shipSource?.items ?? []).map((s, i) => ({ s, i })).filter(({ s }) => s.isRemoved !== true);
  const charged = kept.map(({ s }) => {
    const price = s.discountedPriceSet ?? s.originalPriceSet ?? 0;
    const tax = sum(s.taxLines.map((t) => t.priceSet));
    return { price, tax, beforeTax: incl ? price - tax : price };
  });
  const refundedShip = kept.map(() => 0);
  let unattributed = 0;
  for (const r of shippingRefunds) {
    const k = r.shippingLineId === null ? -1 : kept.findIndex(({ s }) => s.id === r.shippingLineId);
    if (k >= 0) refundedShip[k]! += r.beforeTax;
    else unattributed += r.beforeTax;
  }
  if (unattributed !== 0) {
    if (kept.length === 0) {
      warnings.push({ path: at("refunds"), message: "shipping was refunded but the order has no shipping line; the refund is ignored" });
    } else {
      const shares = allocate(unattributed, charged.map((c) => Math.max(0, c.beforeTax)));
      shares.forEach((x, k) => (refundedShip[k]! += x));
    }
  }
  const shippingLines: OrderShippingLine[] = kept.map(({ s, i }, k) => {
    const c = charged[k]!;
    if (c.beforeTax < 0) {
      errors.push({ path: at(...itemPath(["shippingLines"], shipSource!.via, i), "taxLines"), message: "shipping tax exceeds the shipping price" });
    }
    return {
      title: s.title,
      code: s.code ?? null,
      source: s.source ?? null,
      chargedBeforeTax: c.beforeTax,
      tax: c.tax,
      refundedBeforeTax: refundedShip[k]!,
    };
  });

  // Transactions.
  const transactions: OrderTransaction[] = o.transactions.map((t, ti) => {
    let feesActual: number | null = null;
    if (t.fees.length > 0) {
      let total = 0;
      let usable = true;
      t.fees.forEach((f, fi) => {
        const cc = f.amount.currencyCode;
        if (cc !== undefined && cc !== currency) {
          usable = false;
          warnings.push({
            path: at("transactions", ti, "fees", fi, "amount", "currencyCode"),
            message: `fee in ${cc}, not in the shop currency ${currency}: the fee is estimated from the gateway settings instead`,
          });
          return;
        }
        const p = parseDecimal(f.amount.amount, currency);
        if (!p.ok) {
          usable = false;
          errors.push({ path: at("transactions", ti, "fees", fi, "amount", "amount"), message: p.error });
          return;
        }
        total += p.value;
      });
      feesActual = usable ? total : null;
    }
    return { gateway: t.gateway ?? null, kind: t.kind, status: t.status, amount: t.amountSet, feesActual };
  });

  if (errors.length > 0) return { ok: false, errors };

  const country = o.shippingCountryCode ?? o.shippingAddress?.countryCodeV2 ?? null;
  const order: NormalisedOrder = {
    id: o.id,
    name: o.name,
    processedAt: o.processedAt,
    currency,
    taxesIncluded: incl,
    cancelled: o.cancelledAt !== null && o.cancelledAt !== undefined,
    test: o.test,
    sourceName: o.sourceName ?? null,
    shippingCountryCode: country ? country.toUpperCase() : null,
    ...(o.fulfillments === undefined ? {} : { fulfilment: fulfilmentOf(o.displayFulfillmentStatus ?? null, o.fulfillments) }),
    lines,
    shippingLines,
    transactions,
    refunds: {
      lineItemsBeforeTax: sum(refunded.map((r) => (incl ? r.subtotal - r.tax : r.subtotal))),
      shippingBeforeTax: sum(shippingRefunds.map((r) => r.beforeTax)),
    },
  };
  const record: OrderRecord = {
    order,
    updatedAt: o.updatedAt === undefined ? "" : utc(o.updatedAt),
    financialStatus: o.displayFinancialStatus ? o.displayFinancialStatus.toUpperCase() : null,
    refunds: refundRecords,
  };
  return { ok: true, record, warnings };
}
