/**
 * Webhook payloads (REST Order and Refund resources, snake_case, API 2026-10) → the
 * records sync stores. ONE mapping: the REST payload is rewritten into the GraphQL
 * order shape that `parseGraphqlOrderRecord` reads, and that function does all the
 * normalisation (tax, discounts, refunds, rounding), so both sources share every
 * rule. test/domain/rest-order.test.ts checks, for many simulator orders, that the
 * REST payload and the same order fetched through GraphQL give equal records.
 *
 * Field by field (REST → GraphQL):
 * - ids: `admin_graphql_api_id` (else the numeric `id` as a gid); `variant_id`,
 *   `product_id`, `line_item_id`, `shipping_line_id` numbers → "gid://shopify/<Type>/<n>";
 * - money: `*_set.shop_money.amount` (the shop currency, checked against `currency`),
 *   else the plain shop-currency field (`price`, numeric `subtotal`/`total_tax` of
 *   refund lines); every amount is checked as a decimal of the currency here, so a
 *   bad one is reported at its REST path;
 * - timestamps carry the shop's offset ("2026-10-01T09:30:00+02:00") → UTC ("…Z");
 * - `financial_status` (lower case) → `displayFinancialStatus` (upper case);
 * - `grams` (whole grams per unit) → `weight { value unit: GRAMS }`; 0 (or absent) is
 *   an unknown weight, not 0 g: Shopify keeps a weight nobody set as 0 (see `lineItem`);
 * - `sku: ""` (REST's "no SKU") → null;
 * - `current_quantity` → `currentQuantity`. When a payload lacks it, quantity −
 *   refunded units is used, with a warning (units removed by an order edit are then
 *   not seen). `fulfillable_quantity` is NOT used: it drops to 0 once a line ships.
 * - refund shipping: `refund_shipping_lines` carry only `subtotal_amount_set`; the
 *   tax comes from the refund's `order_adjustments` of kind `shipping_refund`,
 *   summed with their signs (see `refund`). Payloads without refund shipping lines
 *   (older ones) take the refunded shipping itself from those adjustments;
 * - `processed_at` null (Shopify's sample payloads) → `created_at`, with a warning;
 * - no `discount_allocations` (older payloads) → the line's `total_discount`;
 * - ids above 2^53 (Shopify's sample payloads: 820982911946154508) survive only when
 *   the body is parsed with `parseRestJson`, which keeps them as digit strings.
 *
 * What a REST order payload cannot carry, so the record differs from the GraphQL one
 * there (and only there; the equivalence test asserts both differences explicitly):
 * - `order.transactions` is `[]`: the Order resource has no `transactions` member
 *   (payments arrive as order_transactions/create). Refunds embed their REFUND
 *   transactions, but without the SALE/CAPTURE ones fees cannot be counted, so they
 *   are not used; sync keeps the stored transactions or fetches the order.
 * - `order.shippingCountryCode` is null: NetMargin is not granted Level 2 protected
 *   customer data, so Shopify sends no `shipping_address`. (Should a payload carry
 *   one, only its `country_code` is read.)
 */
import { parseGraphqlOrderRecord, type GraphqlOrderRecordResult } from "./graphql-order";
import { allocate, formatDecimal, isCurrencyCode, parseDecimal, type CurrencyCode } from "./money";
import { unstorableAmounts } from "./storable";
import { isInstant } from "./time";
import { type RefundRecord } from "./types";
import { formatPath, type Issue } from "./validation";

type Json = Record<string, unknown>;

/**
 * JSON.parse for webhook bodies that keeps integers beyond 2^53 exact, as digit
 * strings. Shopify's sample payloads (`shopify app webhook trigger`, the webhook
 * reference) carry ids such as 820982911946154508, which JSON.parse rounds to
 * 820982911946154500: a refunds/create `order_id` would name another order. Every
 * other value is what JSON.parse gives. Node 22's reviver receives the raw text of
 * each primitive (`context.source`, TC39 "JSON.parse source text access").
 */
export function parseRestJson(text: string): unknown {
  const reviver = (_key: string, value: unknown, context?: { source?: string }): unknown =>
    typeof value === "number" && !Number.isSafeInteger(value) && context?.source !== undefined && /^-?\d+$/.test(context.source) ? context.source : value;
  return JSON.parse(text, reviver as (key: string, value: unknown) => unknown);
}
type Path = readonly (string | number)[];
type Bag = { shopMoney: { amount: string } };

/** Reads a REST payload, collecting every problem with its REST path. */
class Reader {
  readonly issues: Issue[] = [];
  readonly warnings: Issue[] = [];

  readonly currency: CurrencyCode;
  private readonly currencyKnown: boolean;

  /** `currency` null: the payload's currency is invalid (reported once); amounts are then not checked against it. */
  constructor(currency: CurrencyCode | null) {
    this.currency = currency ?? "XXX";
    this.currencyKnown = currency !== null;
  }

  issue(path: Path, message: string): undefined {
    this.issues.push({ path: formatPath(path), message });
    return undefined;
  }

  obj(v: unknown, path: Path): Json | undefined {
    if (typeof v === "object" && v !== null && !Array.isArray(v)) return v as Json;
    return this.issue(path, "expected an object");
  }

  /** A list; absent or null reads as empty. */
  list(v: unknown, path: Path): unknown[] {
    if (v === undefined || v === null) return [];
    if (Array.isArray(v)) return v;
    this.issue(path, "expected a list");
    return [];
  }

  text(v: unknown, path: Path, what = "a string"): string | undefined {
    return typeof v === "string" ? v : this.issue(path, `expected ${what}`);
  }

  optText(v: unknown, path: Path): string | null {
    if (v === undefined || v === null) return null;
    return this.text(v, path) ?? null;
  }

  bool(v: unknown, path: Path): boolean | undefined {
    return typeof v === "boolean" ? v : this.issue(path, "expected true or false");
  }

  count(v: unknown, path: Path): number | undefined {
    if (typeof v === "number" && Number.isInteger(v) && v >= 0) return v;
    return this.issue(path, "expected a whole number ≥ 0");
  }

  /** A numeric REST id (number or digit string) → "gid://shopify/<type>/<n>". */
  idGid(type: string, v: unknown, path: Path): string | undefined {
    if ((typeof v === "number" && Number.isSafeInteger(v) && v > 0) || (typeof v === "string" && /^\d+$/.test(v))) {
      return `gid://shopify/${type}/${v}`;
    }
    return this.issue(path, `expected the numeric ${type} id`);
  }

  optRef(type: string, v: unknown, path: Path): { id: string } | null {
    if (v === undefined || v === null) return null;
    const id = this.idGid(type, v, path);
    return id === undefined ? null : { id };
  }

  /** `admin_graphql_api_id`, else the numeric `id` as a gid. */
  resourceGid(type: string, o: Json, path: Path): string | undefined {
    const g = o.admin_graphql_api_id;
    if (typeof g === "string" && g.startsWith(`gid://shopify/${type}/`)) return g;
    if (g !== undefined && g !== null) return this.issue([...path, "admin_graphql_api_id"], `expected a gid://shopify/${type}/… id`);
    if (o.id !== undefined && o.id !== null) return this.idGid(type, o.id, [...path, "id"]);
    return this.issue([...path, "admin_graphql_api_id"], `expected the ${type}'s admin_graphql_api_id (or its numeric id)`);
  }

  /** An ISO 8601 timestamp with an offset → the same instant in UTC ("…Z"). */
  instant(v: unknown, path: Path): string | undefined {
    if (!isInstant(v)) return this.issue(path, "expected an ISO 8601 timestamp with an offset, e.g. 2026-10-01T09:30:00+02:00");
    const iso = new Date(Date.parse(v)).toISOString();
    return iso.endsWith(".000Z") ? `${iso.slice(0, -5)}Z` : iso;
  }

  optInstant(v: unknown, path: Path): string | null {
    if (v === undefined || v === null) return null;
    return this.instant(v, path) ?? null;
  }

  /** A decimal amount (string, or a JSON number as in refund lines) → minor units of the currency. */
  minor(v: unknown, path: Path): number | undefined {
    if (typeof v === "number") {
      if (!Number.isFinite(v)) return this.issue(path, "expected a decimal amount");
      v = String(v);
    }
    if (typeof v !== "string") return this.issue(path, 'expected a decimal amount such as "12.50"');
    if (!this.currencyKnown) return undefined;
    const p = parseDecimal(v, this.currency);
    return p.ok ? p.value : this.issue(path, p.error);
  }

  /**
   * A REST money set `{ shop_money: { amount, currency_code } }` (else the plain
   * shop-currency field `plainKey`) → minor units. `required: false` returns
   * undefined when both are absent.
   */
  money(o: Json, setKey: string, plainKey: string | null, path: Path, required = true): number | undefined {
    const set = o[setKey];
    if (set !== undefined && set !== null) {
      const s = this.obj(set, [...path, setKey]);
      const shop = s && this.obj(s.shop_money, [...path, setKey, "shop_money"]);
      if (!shop) return undefined;
      if (this.currencyKnown && shop.currency_code !== undefined && shop.currency_code !== this.currency) {
        return this.issue([...path, setKey, "shop_money", "currency_code"], `expected the order currency ${this.currency}, got ${String(shop.currency_code)}`);
      }
      return this.minor(shop.amount, [...path, setKey, "shop_money", "amount"]);
    }
    if (plainKey !== null && o[plainKey] !== undefined && o[plainKey] !== null) return this.minor(o[plainKey], [...path, plainKey]);
    if (!required) return undefined;
    return this.issue([...path, setKey], `expected ${setKey} { shop_money { amount } }${plainKey ? ` (or ${plainKey})` : ""}`);
  }

  bag(minor: number | undefined): Bag {
    return { shopMoney: { amount: formatDecimal(minor ?? 0, this.currency) } };
  }

  optBag(minor: number | undefined): Bag | undefined {
    return minor === undefined ? undefined : this.bag(minor);
  }
}

// ---------------------------------------------------------------------------
// REST → GraphQL shape
// ---------------------------------------------------------------------------

function taxLines(r: Reader, v: unknown, path: Path) {
  return r.list(v, path).flatMap((x, i) => {
    const t = r.obj(x, [...path, i]);
    if (!t) return [];
    let rate: number | null = null;
    if (t.rate !== undefined && t.rate !== null) {
      if (typeof t.rate === "number" && Number.isFinite(t.rate) && t.rate >= 0) rate = t.rate;
      else r.issue([...path, i, "rate"], "expected the tax rate as a number ≥ 0 (0.2 for 20 %)");
    }
    return [{ title: typeof t.title === "string" ? t.title : undefined, rate, priceSet: r.bag(r.money(t, "price_set", "price", [...path, i])) }];
  });
}

function lineItem(r: Reader, l: Json, path: Path, refundedUnits: number) {
  const quantity = r.count(l.quantity, [...path, "quantity"]);
  let currentQuantity: number | undefined;
  if (l.current_quantity === undefined || l.current_quantity === null) {
    currentQuantity = quantity === undefined ? undefined : Math.max(0, quantity - refundedUnits);
    r.warnings.push({
      path: formatPath([...path, "current_quantity"]),
      message: "absent: taken as quantity − refunded units (units removed by an order edit are not seen)",
    });
  } else currentQuantity = r.count(l.current_quantity, [...path, "current_quantity"]);
  // 0 g is "no weight entered", not a weightless item: Shopify keeps an unset weight
  // as 0 (Source: live capture, airhorns/shopify-draft-proxy fixtures/conformance/
  // harry-test-heelo.myshopify.com/2025-01/products/inventory-item-update-parity.json:
  // `measurement.weight {unit: KILOGRAMS, value: 0}` before a weight was set), so a
  // parcel is never weighed with it.
  let weight: { value: number; unit: "GRAMS" } | null = null;
  if (l.grams !== undefined && l.grams !== null) {
    if (typeof l.grams === "number" && Number.isFinite(l.grams) && l.grams >= 0) weight = l.grams > 0 ? { value: l.grams, unit: "GRAMS" } : null;
    else r.issue([...path, "grams"], "expected the unit weight in grams, a number ≥ 0");
  }
  // Older payloads have no `discount_allocations`; their line discount is `total_discount`.
  // (When the list is there, even empty, it is the whole truth: Shopify leaves
  // total_discount "0.00" next to code discounts.)
  const allocations =
    l.discount_allocations === undefined
      ? [{ allocatedAmountSet: r.bag(r.money(l, "total_discount_set", "total_discount", path, false) ?? 0) }]
      : r.list(l.discount_allocations, [...path, "discount_allocations"]).flatMap((x, j) => {
          const d = r.obj(x, [...path, "discount_allocations", j]);
          return d ? [{ allocatedAmountSet: r.bag(r.money(d, "amount_set", "amount", [...path, "discount_allocations", j])) }] : [];
        });
  const sku = r.optText(l.sku, [...path, "sku"]);
  return {
    id: r.resourceGid("LineItem", l, path),
    name: typeof l.name === "string" ? l.name : undefined,
    title: typeof l.title === "string" ? l.title : undefined,
    sku: sku === "" ? null : sku,
    quantity,
    currentQuantity,
    requiresShipping: r.bool(l.requires_shipping, [...path, "requires_shipping"]),
    isGiftCard: l.gift_card === undefined || l.gift_card === null ? undefined : r.bool(l.gift_card, [...path, "gift_card"]),
    variant: r.optRef("ProductVariant", l.variant_id, [...path, "variant_id"]),
    product: r.optRef("Product", l.product_id, [...path, "product_id"]),
    weight,
    originalUnitPriceSet: r.bag(r.money(l, "price_set", "price", path)),
    discountAllocations: allocations,
    taxLines: taxLines(r, l.tax_lines, [...path, "tax_lines"]),
  };
}

function shippingLine(r: Reader, s: Json, path: Path) {
  return {
    id: s.id === undefined || s.id === null ? undefined : r.idGid("ShippingLine", s.id, [...path, "id"]),
    title: r.text(s.title, [...path, "title"], "the shipping line title"),
    code: r.optText(s.code, [...path, "code"]),
    source: r.optText(s.source, [...path, "source"]),
    isRemoved: s.is_removed === undefined || s.is_removed === null ? false : r.bool(s.is_removed, [...path, "is_removed"]),
    originalPriceSet: r.bag(r.money(s, "price_set", "price", path)),
    discountedPriceSet: r.optBag(r.money(s, "discounted_price_set", "discounted_price", path, false)),
    taxLines: taxLines(r, s.tax_lines, [...path, "tax_lines"]),
  };
}

/**
 * One REST Refund (an order's `refunds[i]`, or the refunds/create payload) → GraphQL `Refund`.
 *
 * Refunded shipping. `order_adjustments` of kind `shipping_refund` carry it as negative
 * `amount`/`tax_amount` (Source: Shopify REST Admin Refund reference, 2026-01 example:
 * `"amount": "-5.00"`, `"kind": "shipping_refund"`), and a refund edited in the admin
 * can hold reversing entries, −3.95 / +3.95 / −3.95 (Source: issue 14, real refunds):
 * so the adjustments are summed WITH their signs, each with its own `tax_amount`, and
 * the refund is minus that sum (3.95, not 11.85). The refunded shipping before tax
 * comes from `refund_shipping_lines` when the payload has them; older payloads have
 * none, and then the adjustments' net amount is the refunded shipping, attributed to
 * no particular shipping line (spread over the order's shipping lines).
 */
function refund(r: Reader, x: Json, path: Path) {
  const adjPath = [...path, "order_adjustments"];
  const adjustments = r.list(x.order_adjustments, adjPath);
  const shipping: { amount: number; tax: number }[] = [];
  adjustments.forEach((a, j) => {
    const adj = r.obj(a, [...adjPath, j]);
    if (!adj || adj.kind !== "shipping_refund") return;
    const amount = r.money(adj, "amount_set", "amount", [...adjPath, j], false) ?? 0;
    const tax = r.money(adj, "tax_amount_set", "tax_amount", [...adjPath, j], false) ?? 0;
    shipping.push({ amount: -amount, tax: -tax });
  });
  const refundedAmount = shipping.reduce((s, a) => s + a.amount, 0);
  const refundedTax = shipping.reduce((s, a) => s + a.tax, 0);
  if (refundedAmount < 0 || refundedTax < 0) {
    r.issue(adjPath, `the shipping_refund adjustments add up to a charge, not a refund (${formatDecimal(-refundedAmount, r.currency)} shipping, ${formatDecimal(-refundedTax, r.currency)} tax)`);
  }
  const rslPath = [...path, "refund_shipping_lines"];
  const rsl = r.list(x.refund_shipping_lines, rslPath);
  const fromAdjustments = rsl.length === 0 && (refundedAmount !== 0 || refundedTax !== 0);
  if (fromAdjustments) {
    r.warnings.push({ path: formatPath(rslPath), message: "absent: the refunded shipping is taken from the shipping_refund order adjustments" });
  }
  // One adjustment per refunded shipping line and no reversal: pair them by position;
  // otherwise spread the net tax over the lines by their refunded amounts.
  const paired = rsl.length === shipping.length && shipping.every((a) => a.amount >= 0 && a.tax >= 0);
  const subtotals = rsl.map((y, j) => {
    const s = typeof y === "object" && y !== null && !Array.isArray(y) ? (y as Json) : null;
    return s ? (r.money(s, "subtotal_amount_set", "subtotal_amount", [...rslPath, j]) ?? 0) : 0;
  });
  const taxes = paired
    ? shipping.map((a) => a.tax)
    : rsl.length === 0 || refundedTax <= 0
      ? rsl.map(() => 0)
      : allocate(refundedTax, subtotals.map((v) => Math.max(0, v)), rsl.map(() => 1));
  return {
    id: r.resourceGid("Refund", x, path),
    processedAt: r.optInstant(x.processed_at, [...path, "processed_at"]),
    createdAt: r.optInstant(x.created_at, [...path, "created_at"]),
    refundLineItems: {
      nodes: r.list(x.refund_line_items, [...path, "refund_line_items"]).flatMap((y, j) => {
        const rp = [...path, "refund_line_items", j];
        const li = r.obj(y, rp);
        if (!li) return [];
        const embedded = typeof li.line_item === "object" && li.line_item !== null ? (li.line_item as Json) : null;
        const lineId =
          li.line_item_id !== undefined && li.line_item_id !== null
            ? r.idGid("LineItem", li.line_item_id, [...rp, "line_item_id"])
            : embedded
              ? r.resourceGid("LineItem", embedded, [...rp, "line_item"])
              : r.issue([...rp, "line_item_id"], "expected the refunded line item's id");
        return [
          {
            quantity: r.count(li.quantity, [...rp, "quantity"]),
            lineItem: { id: lineId },
            subtotalSet: r.bag(r.money(li, "subtotal_set", "subtotal", rp)),
            totalTaxSet: r.optBag(r.money(li, "total_tax_set", "total_tax", rp, false)),
          },
        ];
      }),
    },
    refundShippingLines: {
      nodes: fromAdjustments
        ? [{ shippingLine: null, subtotalAmountSet: r.bag(refundedAmount), taxAmountSet: r.bag(refundedTax) }]
        : rsl.flatMap((y, j) => {
            const sp = [...rslPath, j];
            const s = r.obj(y, sp);
            if (!s) return [];
            return [
              {
                shippingLine: r.optRef("ShippingLine", s.shipping_line_id, [...sp, "shipping_line_id"]),
                subtotalAmountSet: r.bag(subtotals[j]),
                taxAmountSet: r.bag(taxes[j]),
              },
            ];
          }),
    },
  };
}

/**
 * `processed_at`, else `created_at`: Shopify's sample order payloads (the webhook
 * reference's "Sample Payload", `shopify app webhook trigger`) send `"processed_at": null`
 * next to a `created_at` (Source: Shopify sample orders/create payload, order
 * 820982911946154508). An order is processed when it is created unless imported with
 * another date, so created_at is the best date left; a warning says so.
 */
function processedAt(r: Reader, p: Json): string | undefined {
  if (p.processed_at !== undefined && p.processed_at !== null) return r.instant(p.processed_at, ["processed_at"]);
  if (p.created_at === undefined || p.created_at === null) return r.issue(["processed_at"], "expected processed_at (or created_at)");
  r.warnings.push({ path: "processed_at", message: "absent: the order's created_at is used as its date" });
  return r.instant(p.created_at, ["created_at"]);
}

/** The REST Order → the GraphQL order object `parseGraphqlOrderRecord` reads. */
function orderShape(r: Reader, p: Json): Json {
  // The header first, so issues come in the payload's reading order.
  const financial = r.optText(p.financial_status, ["financial_status"]);
  const header = {
    id: r.resourceGid("Order", p, []),
    name: r.text(p.name, ["name"], 'the order name, e.g. "#1001"'),
    processedAt: processedAt(r, p),
    updatedAt: r.instant(p.updated_at, ["updated_at"]),
    cancelledAt: r.optInstant(p.cancelled_at, ["cancelled_at"]),
    test: p.test === undefined || p.test === null ? false : r.bool(p.test, ["test"]),
    displayFinancialStatus: financial === null ? null : financial.toUpperCase(),
    taxesIncluded: r.bool(p.taxes_included, ["taxes_included"]),
    currencyCode: isCurrencyCode(p.currency) ? p.currency : r.issue(["currency"], "expected the shop currency as an ISO 4217 code"),
    sourceName: r.optText(p.source_name, ["source_name"]),
  };
  const refundsRaw = r.list(p.refunds, ["refunds"]);
  // Units refunded per line, for payloads without current_quantity.
  const refundedUnits = new Map<string, number>();
  for (const x of refundsRaw) {
    const items = typeof x === "object" && x !== null ? (x as Json).refund_line_items : undefined;
    if (!Array.isArray(items)) continue;
    for (const li of items) {
      if (typeof li !== "object" || li === null) continue;
      const { line_item_id: id, quantity } = li as Json;
      if (typeof quantity === "number") refundedUnits.set(String(id), (refundedUnits.get(String(id)) ?? 0) + quantity);
    }
  }
  if (p.line_items === undefined || p.line_items === null) r.issue(["line_items"], "expected the order's line items");
  else if (Array.isArray(p.line_items) && p.line_items.length === 0) r.issue(["line_items"], "an order has at least one line item");
  const lines = r.list(p.line_items, ["line_items"]).flatMap((x, i) => {
    const l = r.obj(x, ["line_items", i]);
    return l ? [lineItem(r, l, ["line_items", i], refundedUnits.get(String(l.id)) ?? 0)] : [];
  });
  const shipping = r.list(p.shipping_lines, ["shipping_lines"]).flatMap((x, i) => {
    const s = r.obj(x, ["shipping_lines", i]);
    return s ? [shippingLine(r, s, ["shipping_lines", i])] : [];
  });
  const refunds = refundsRaw.flatMap((x, i) => {
    const o = r.obj(x, ["refunds", i]);
    return o ? [refund(r, o, ["refunds", i])] : [];
  });
  const address = typeof p.shipping_address === "object" && p.shipping_address !== null ? (p.shipping_address as Json) : null;
  return {
    ...header,
    ...fulfilmentShape(r, p),
    // Only the country, and only if Shopify sent an address at all (Level 2 data).
    ...(address && typeof address.country_code === "string" ? { shippingAddress: { countryCodeV2: address.country_code } } : {}),
    ...receivableShape(r, p),
    lineItems: { nodes: lines },
    shippingLines: { nodes: shipping },
    transactions: [],
    refunds,
  };
}

/**
 * Receivables (issue 19): `total_outstanding` (a decimal string in the shop currency;
 * Shopify's REST Order resource, and the simulator's payloads) → `totalOutstandingSet`;
 * `payment_terms` ({ payment_terms_type, due_in_days, payment_schedules: [{ issued_at,
 * due_at, completed_at, … }] }, the REST Order resource's payment terms as shown in
 * Shopify's REST reference and community.shopify.com/t/…/230486; null without terms) →
 * `paymentTerms` with its schedules. Nothing when the payload has neither field.
 */
function receivableShape(main: Reader, p: Json): Json {
  // Read apart: a malformed receivable field is a warning and is left out, never a reason
  // to refuse the order (its margin does not depend on it).
  const r = new Reader(isCurrencyCode(p.currency) ? p.currency : null);
  const out: Json = {};
  const outstanding = r.money(p, "total_outstanding_set", "total_outstanding", [], false);
  if (outstanding !== undefined) out.totalOutstandingSet = r.bag(outstanding);
  if (p.payment_terms === null) out.paymentTerms = null;
  else if (p.payment_terms !== undefined) {
    const t = r.obj(p.payment_terms, ["payment_terms"]);
    if (t) {
      const path = ["payment_terms"];
      const type = r.text(t.payment_terms_type, [...path, "payment_terms_type"], "the payment terms type (net, fixed, receipt, fulfillment)");
      const days = t.due_in_days === undefined || t.due_in_days === null ? null : r.count(t.due_in_days, [...path, "due_in_days"]);
      const schedules = r.list(t.payment_schedules, [...path, "payment_schedules"]).flatMap((x, i) => {
        const s = r.obj(x, [...path, "payment_schedules", i]);
        return s ? [{ dueAt: r.optInstant(s.due_at, [...path, "payment_schedules", i, "due_at"]), completedAt: r.optInstant(s.completed_at, [...path, "payment_schedules", i, "completed_at"]) }] : [];
      });
      out.paymentTerms = { paymentTermsType: type?.toUpperCase(), dueInDays: days ?? null, paymentSchedules: { nodes: schedules } };
    }
  }
  if (r.issues.length === 0) return out;
  for (const i of r.issues) main.warnings.push({ path: i.path, message: `${i.message}: what the customer owes is not read from this payload` });
  return {};
}

/**
 * `fulfillment_status` (null, "partial", "fulfilled", "restocked") as GraphQL's
 * displayFulfillmentStatus, and each fulfilment's status ("success", "cancelled", …)
 * upper-cased; nothing when the payload has no `fulfillments` list (not known).
 */
function fulfilmentShape(r: Reader, p: Json): Json {
  if (!Array.isArray(p.fulfillments)) return {};
  const status = r.optText(p.fulfillment_status, ["fulfillment_status"]);
  const fulfillments = p.fulfillments.flatMap((x, i) => {
    const f = r.obj(x, ["fulfillments", i]);
    const st = f ? r.optText(f.status, ["fulfillments", i, "status"]) : null;
    return st ? [{ status: st.toUpperCase() }] : [];
  });
  return { displayFulfillmentStatus: REST_FULFILLMENT_STATUS[status ?? "null"] ?? (status ?? "").toUpperCase(), fulfillments };
}

const REST_FULFILLMENT_STATUS: Record<string, string> = { null: "UNFULFILLED", partial: "PARTIALLY_FULFILLED", fulfilled: "FULFILLED", restocked: "RESTOCKED" };

// ---------------------------------------------------------------------------
// GraphQL paths → REST paths (for what parseGraphqlOrderRecord itself reports)
// ---------------------------------------------------------------------------

const FIELD: Record<string, string> = {
  lineItems: "line_items",
  shippingLines: "shipping_lines",
  refundLineItems: "refund_line_items",
  refundShippingLines: "refund_shipping_lines",
  currentQuantity: "current_quantity",
  requiresShipping: "requires_shipping",
  taxLines: "tax_lines",
  priceSet: "price_set",
  originalUnitPriceSet: "price_set",
  originalPriceSet: "price_set",
  discountedPriceSet: "discounted_price_set",
  discountAllocations: "discount_allocations",
  allocatedAmountSet: "amount_set",
  subtotalSet: "subtotal_set",
  totalTaxSet: "total_tax_set",
  subtotalAmountSet: "subtotal_amount_set",
  taxAmountSet: "order_adjustments",
  shopMoney: "shop_money",
  currencyCode: "currency_code",
  processedAt: "processed_at",
  totalOutstandingSet: "total_outstanding",
  paymentTerms: "payment_terms",
  paymentTermsType: "payment_terms_type",
  dueInDays: "due_in_days",
  paymentSchedules: "payment_schedules",
  dueAt: "due_at",
  completedAt: "completed_at",
  createdAt: "created_at",
  updatedAt: "updated_at",
  cancelledAt: "cancelled_at",
  taxesIncluded: "taxes_included",
  displayFinancialStatus: "financial_status",
  sourceName: "source_name",
  isRemoved: "is_removed",
  weight: "grams",
  shippingAddress: "shipping_address",
  countryCodeV2: "country_code",
  isGiftCard: "gift_card",
  displayFulfillmentStatus: "fulfillment_status",
};
const REF: Record<string, string> = { lineItem: "line_item_id", shippingLine: "shipping_line_id", variant: "variant_id", product: "product_id" };

/** "lineItems.nodes[0].currentQuantity" → "line_items[0].current_quantity". */
export function restPathOf(graphqlPath: string): string {
  const tokens = [...graphqlPath.matchAll(/([A-Za-z_$][\w$]*)|\[(\d+)\]/g)].map((m) => (m[2] !== undefined ? Number(m[2]) : m[1]!));
  const out: (string | number)[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (typeof t === "number") out.push(t);
    else if (t === "nodes" || t === "edges" || t === "node") continue;
    else if (REF[t] !== undefined && tokens[i + 1] === "id") {
      out.push(REF[t]);
      i++;
    } else if (t === "id") out.push(out.length >= 2 && out[out.length - 2] === "shipping_lines" ? "id" : "admin_graphql_api_id");
    else if (t === "currencyCode" && out.length === 0) out.push("currency");
    else out.push(FIELD[t] ?? t);
  }
  return formatPath(out);
}

function toRestIssues(issues: readonly Issue[]): Issue[] {
  return issues.map((i) => ({ ...i, path: restPathOf(i.path) }));
}

// ---------------------------------------------------------------------------
// Public API
// ---------------------------------------------------------------------------

/** An orders/create|updated|cancelled payload → OrderRecord (see the module comment). */
export function parseRestOrderRecord(payload: unknown): GraphqlOrderRecordResult {
  if (typeof payload !== "object" || payload === null || Array.isArray(payload)) {
    return { ok: false, errors: [{ path: "", message: "expected the REST Order object" }] };
  }
  const p = payload as Json;
  const r = new Reader(isCurrencyCode(p.currency) ? p.currency : null);
  const shaped = orderShape(r, p);
  if (r.issues.length > 0) return { ok: false, errors: r.issues };
  const parsed = parseGraphqlOrderRecord(shaped);
  if (!parsed.ok) return { ok: false, errors: toRestIssues(parsed.errors) };
  const unstorable = unstorableAmounts(parsed.record.order);
  if (unstorable.length > 0) return { ok: false, errors: unstorable };
  return { ok: true, record: parsed.record, warnings: [...r.warnings, ...toRestIssues(parsed.warnings)] };
}

export type RestParse<T> = { ok: true; value: T; warnings: Issue[] } | { ok: false; errors: Issue[] };

/** The refunds/create payload does not say whether the order's prices include tax: the caller does. */
export interface RestRefundContext {
  /** The order's `taxes_included` (refund subtotals follow the order's tax convention). */
  readonly taxesIncluded: boolean;
  /** The shop currency (the order's `currency`), for the decimal amounts. */
  readonly currency: CurrencyCode;
}

export interface RestRefundIds {
  /** "gid://shopify/Order/<order_id>". */
  readonly orderId: string;
  /** The refund's `admin_graphql_api_id`. */
  readonly refundId: string;
}

export interface RestRefund extends RestRefundIds {
  /** The refund as `parseGraphqlOrderRecord` records it for the order (same rules). */
  readonly refund: RefundRecord;
}

/**
 * A refunds/create payload (REST Refund) → its order and id and, given the order's
 * tax convention and currency, the RefundRecord. The record is produced by the same
 * mapping and the same `parseGraphqlOrderRecord` as an order's refunds: the refund
 * is placed in a stand-in order holding only its refunded lines, so a refund's
 * record equals the one the whole order gives.
 */
export function parseRestRefund(payload: unknown): RestParse<RestRefundIds>;
export function parseRestRefund(payload: unknown, context: RestRefundContext): RestParse<RestRefund>;
export function parseRestRefund(payload: unknown, context?: RestRefundContext): RestParse<RestRefundIds | RestRefund> {
  if (typeof payload !== "object" || payload === null || Array.isArray(payload)) {
    return { ok: false, errors: [{ path: "", message: "expected the REST Refund object" }] };
  }
  const p = payload as Json;
  const r = new Reader(context?.currency ?? null);
  const orderId = r.idGid("Order", p.order_id, ["order_id"]);
  const refundId = r.resourceGid("Refund", p, []);
  if (!context) {
    return r.issues.length > 0 ? { ok: false, errors: r.issues } : { ok: true, value: { orderId: orderId!, refundId: refundId! }, warnings: [] };
  }
  if (!isCurrencyCode(context.currency)) throw new RangeError(`parseRestRefund: ${String(context.currency)} is not a currency code`);
  const shaped = refund(r, p, []);
  const when = shaped.processedAt ?? shaped.createdAt;
  if (when === null && r.issues.length === 0) r.issue(["processed_at"], "expected processed_at or created_at");
  if (r.issues.length > 0) return { ok: false, errors: r.issues };
  // The stand-in order: one line per refunded line (all units refunded, price 0, so
  // the lines themselves contribute nothing), no shipping lines (the refund's
  // shipping amounts are recorded on the refund whatever the lines).
  const units = new Map<string, number>();
  for (const li of shaped.refundLineItems.nodes) units.set(li.lineItem.id!, (units.get(li.lineItem.id!) ?? 0) + (li.quantity ?? 0));
  const lines = [...units].map(([id, quantity]) => ({ id, quantity, currentQuantity: 0, requiresShipping: false, originalUnitPriceSet: r.bag(0) }));
  if (lines.length === 0) lines.push({ id: `${orderId}#no-lines`, quantity: 0, currentQuantity: 0, requiresShipping: false, originalUnitPriceSet: r.bag(0) });
  const parsed = parseGraphqlOrderRecord({
    id: orderId,
    name: refundId,
    processedAt: when,
    updatedAt: when,
    currencyCode: context.currency,
    taxesIncluded: context.taxesIncluded,
    lineItems: { nodes: lines },
    shippingLines: { nodes: [] },
    refunds: [shaped],
  });
  if (!parsed.ok) return { ok: false, errors: toRestIssues(parsed.errors).map((i) => ({ ...i, path: i.path.replace(/^refunds\[0\]\.?/, "") })) };
  return { ok: true, value: { orderId: orderId!, refundId: refundId!, refund: parsed.record.refunds[0]! }, warnings: r.warnings };
}
