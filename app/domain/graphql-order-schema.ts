/**
 * The contract of the GraphQL order adapter (graphql-order.ts): the fields of an
 * Admin GraphQL 2026-10 order it reads, as a zod schema, with every error message
 * and path. The one source of truth for that shape: the fast path
 * (graphql-order-fast.ts) reads the same fields by hand into the types below, and
 * test/domain/graphql-order-fast-path.test.ts checks that it refuses whatever this
 * schema refuses and reads the rest the same way.
 *
 * Built per currency, so amounts are checked against it with their paths.
 */
import { z } from "zod";
import { isCurrencyCode, parseDecimal, type CurrencyCode } from "./money";
import { isInstant } from "./time";
import { issuesFromZod, type Issue } from "./validation";

export const WEIGHT_UNITS = ["GRAMS", "KILOGRAMS", "OUNCES", "POUNDS"] as const;
export type WeightUnit = (typeof WEIGHT_UNITS)[number];

/** How a connection came: `{ nodes }` or `{ edges: [{ node }] }` (error paths differ). */
export type Via = "nodes" | "edges";

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

type MoneySchemas = ReturnType<typeof moneySchemas>;

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

const gid = z.string({ error: "expected an id string" }).min(1, { error: "cannot be empty" });
const ref = z.object({ id: gid }).nullable().optional();
const count = z.number({ error: "expected a whole number" }).int({ error: "expected a whole number" }).min(0, { error: "cannot be negative" });
const instant = z.string().refine(isInstant, { error: "expected an ISO 8601 instant" });

function taxLineSchema({ moneyBag }: MoneySchemas) {
  return z.object({
    title: z.string().optional(),
    rate: z.number().min(0).nullable().optional(),
    ratePercentage: z.number().min(0).nullable().optional(),
    priceSet: moneyBag,
  });
}

function lineItemSchema(m: MoneySchemas) {
  const { moneyBag, nonNegativeBag } = m;
  return z
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
      taxLines: z.array(taxLineSchema(m)).default([]),
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
}

function shippingLineSchema(m: MoneySchemas) {
  const { nonNegativeBag } = m;
  return z
    .object({
      id: z.string().optional(),
      title: z.string({ error: "expected the shipping line title" }),
      code: z.string().nullable().optional(),
      source: z.string().nullable().optional(),
      isRemoved: z.boolean().optional(),
      originalPriceSet: nonNegativeBag.optional(),
      discountedPriceSet: nonNegativeBag.optional(),
      taxLines: z.array(taxLineSchema(m)).default([]),
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
}

function transactionSchema({ moneyBag }: MoneySchemas) {
  const fee = z.object({
    amount: z.object({ amount: z.string({ error: "expected a decimal string" }), currencyCode: z.string().optional() }),
  });
  return z.object({
    gateway: z.string().nullable().optional(),
    kind: z.string({ error: "expected the transaction kind (SALE, CAPTURE, REFUND…)" }),
    status: z.string({ error: "expected the transaction status (SUCCESS…)" }),
    amountSet: moneyBag,
    fees: z.array(fee).default([]),
  });
}

function refundSchema({ nonNegativeBag }: MoneySchemas) {
  return z.object({
    id: z.string().optional(),
    processedAt: instant.nullable().optional(),
    createdAt: instant.nullable().optional(),
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
}

const country = z.string().regex(/^[A-Za-z]{2}$/, { error: "expected an ISO 3166-1 alpha-2 country code" });

function orderSchema(currency: CurrencyCode) {
  const m = moneySchemas(currency);
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
    shippingCountryCode: country.nullable().optional(),
    // Only the country of the shipping address (no name, street or phone is read).
    shippingAddress: z.object({ countryCodeV2: country.nullable().optional() }).nullable().optional(),
    displayFulfillmentStatus: z.string().nullable().optional(),
    // Receivables (issue 19): what is still owed, and B2B payment terms (schedules only
    // from REST payloads: the GraphQL queries do not select them, see OrderFragments.ts).
    totalOutstandingSet: m.moneyBag.optional(),
    paymentTerms: z
      .object({
        paymentTermsType: z.string({ error: "expected the payment terms type (NET, FIXED, RECEIPT, FULFILLMENT)" }),
        dueInDays: z.number({ error: "expected a whole number of days" }).int({ error: "expected a whole number of days" }).nullable().optional(),
        paymentSchedules: connection(z.object({ dueAt: instant.nullable().optional(), completedAt: instant.nullable().optional() })).optional(),
      })
      .nullable()
      .optional(),
    // A list field (not a connection), so bulk queries may select it; only each fulfilment's status is read.
    fulfillments: z.array(z.object({ status: z.string({ error: "expected a fulfillment status" }) })).optional(),
    lineItems: connection(lineItemSchema(m)).refine((c) => c.items.length > 0, { error: "an order has at least one line item" }),
    shippingLines: connection(shippingLineSchema(m)).optional(),
    transactions: z.array(transactionSchema(m)).default([]),
    refunds: z.array(refundSchema(m)).default([]),
  });
}

type OrderSchema = ReturnType<typeof orderSchema>;

/** The order's fields as the contract reads them (amounts in minor units). */
export type ParsedOrder = z.output<OrderSchema>;
export type ParsedConnection<T> = { items: T[]; via: Via };
export type ParsedLineItem = ParsedOrder["lineItems"]["items"][number];
export type ParsedTaxLine = ParsedLineItem["taxLines"][number];
export type ParsedWeight = ParsedLineItem["weight"];
export type ParsedShippingLine = NonNullable<ParsedOrder["shippingLines"]>["items"][number];
export type ParsedTransaction = ParsedOrder["transactions"][number];
export type ParsedRefund = ParsedOrder["refunds"][number];
export type ParsedRefundLineItem = NonNullable<ParsedRefund["refundLineItems"]>["items"][number];
export type ParsedRefundShippingLine = NonNullable<ParsedRefund["refundShippingLines"]>["items"][number];

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

/** The order's fields through the schema, or every problem with its path under `prefix`. */
export function readWithSchema(input: unknown, currency: CurrencyCode, prefix: readonly PropertyKey[] = []): { ok: true; order: ParsedOrder } | { ok: false; errors: Issue[] } {
  const result = cachedOrderSchema(currency).safeParse(input);
  return result.success ? { ok: true, order: result.data } : { ok: false, errors: issuesFromZod(result.error, prefix) };
}
