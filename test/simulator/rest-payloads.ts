/**
 * Shopify webhook payloads (REST-shaped, snake_case JSON) built from the simulator's
 * store model (model.ts), as Shopify sends them for API version 2026-10.
 *
 * Shapes follow Shopify's REST Admin reference examples and captured 2025 deliveries:
 * the Order resource (orders/create, orders/updated, orders/cancelled), the Refund
 * resource (refunds/create; the 2026-01 reference shows `refund_shipping_lines`,
 * `order_adjustments` of kind `shipping_refund` with negative amounts, numeric
 * `subtotal`/`total_tax` on refund line items and the refund's `transactions`), the
 * Product resource (products/update: variants carry `inventory_item_id`, no longer
 * `grams`/`weight`/`requires_shipping` since 2024-04; `variant_gids` list), the
 * InventoryItem resource (inventory_items/update: `cost` a decimal string or null), the
 * Shop resource (app/uninstalled), bulk_operations/finish, and the compliance topics.
 *
 * Conventions of real payloads reproduced here:
 *  - ids are numbers (the legacy id of the gid) next to `admin_graphql_api_id`;
 *  - money is a fixed-decimal string in the currency's minor digits ("12.50"; JPY "1200"),
 *    with `*_set` twins `{ shop_money, presentment_money }` of `{ amount, currency_code }`;
 *    refund line `subtotal`/`total_tax` are JSON numbers, as in Shopify's examples;
 *  - enums are lower case (`financial_status: "partially_refunded"`, `cancel_reason: "customer"`,
 *    `restock_type: "return"`, `kind: "refund"`);
 *  - timestamps are in the shop's UTC offset, "2026-10-01T09:30:00+02:00" (never "Z");
 *  - the Order resource has no `transactions` member: transactions reach order webhooks only
 *    inside `refunds[].transactions` (Shopify sends payments as order_transactions/create);
 *  - `line_items[].total_discount` is "0.00" unless the discount was set explicitly (draft
 *    order / manual or script discounts): Shopify recommends `discount_allocations`, and
 *    captured payloads show "0.00" next to a 100 % code discount. So
 *    subtotal_price = total_line_items_price − Σ line discount_allocations.
 *
 * Privacy: the simulator holds no customer data, and these builders never emit customer
 * names, emails, phones or addresses (no `email`, `contact_email`, `phone`, `customer`,
 * `billing_address`, `shipping_address`, `client_details`, `browser_ip`) — what Shopify
 * sends an app that has not been granted Level 2 protected customer data. The only
 * exception is the compliance payloads, which carry the customer id and an obviously
 * fake email, as Shopify's do.
 *
 * Simulator decisions where Shopify's behaviour is not documented precisely (kept
 * consistent with the GraphQL side, which reads the same `orderTotals`):
 *  - `total_shipping_price_set` is the shipping charged after discounts, before refunds;
 *  - `total_discounts` includes shipping discounts;
 *  - a `shipping_refund` adjustment carries −(refunded shipping subtotal) and −(its tax);
 *    a `refund_discrepancy` adjustment carries (value of what the refund records) −
 *    (money its successful REFUND transactions moved), when that is not zero;
 *  - transaction amounts are in the presentment currency (REST Transaction `currency`).
 */
import {
  displayFulfillmentStatus,
  formatDecimalAmount,
  formatRestAmount,
  legacyId,
  orderTotals,
  refundMoney,
  roundMinor,
  toPresentment,
  weightInGrams,
  type CurrencyCode,
  type DiscountApplicationModel,
  type DiscountAllocationModel,
  type FulfillmentModel,
  type InventoryItemModel,
  type InventoryLevelModel,
  type LineItemModel,
  type OrderModel,
  type ProductModel,
  type RefundModel,
  type ShippingLineModel,
  type ShopModel,
  type TaxLineModel,
  type TransactionModel,
  type VariantModel,
  type WeightUnit,
} from "./model";

/**
 * A JSON integer kept as its digits (`JSON.rawJSON`): REST ids above 2^53, which a JS
 * number cannot hold but Shopify sends as plain integers (its sample payloads:
 * `"id": 820982911946154508`). JSON.stringify writes the digits unquoted.
 */
export interface RawJsonInteger {
  readonly rawJSON: string;
}

export type Json = null | boolean | number | string | RawJsonInteger | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

/** The slice of the shop a payload needs: its currency (catalogue money) and UTC offset. */
export type ShopContext = Pick<ShopModel, "currencyCode" | "timezoneOffsetMinutes">;

export interface MoneySet extends JsonObject {
  shop_money: { amount: string; currency_code: string };
  presentment_money: { amount: string; currency_code: string };
}

// ---------------------------------------------------------------------------
// Scalars

const rawJson = (JSON as unknown as { rawJSON(text: string): RawJsonInteger }).rawJSON;

/** An integer id as REST JSON carries it: a number, or its raw digits above 2^53. */
export function restInteger(n: bigint): number | RawJsonInteger {
  return n <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(n) : rawJson(n.toString());
}

function legacyBig(gidValue: string): bigint {
  const id = legacyId(gidValue);
  if (!/^\d+$/.test(id)) throw new Error(`gid ${gidValue} has no numeric id`);
  return BigInt(id);
}

/**
 * The REST numeric id of a gid ("gid://shopify/Order/123" → 123): always a JSON
 * integer, as Shopify sends it. Real ids are 13-14 digits (live captures: Order
 * 8838022037810, LineItem 19495196164402 in airhorns/shopify-draft-proxy
 * fixtures/conformance/harry-test-heelo.myshopify.com/2025-01/orders/
 * refund-create-partial-shipping-restock-parity.json); Shopify's sample payloads use
 * 18 digits (820982911946154508), beyond 2^53: those come out as raw JSON integers.
 */
export function numericId(gidValue: string): number | RawJsonInteger {
  return restInteger(legacyBig(gidValue));
}

function optionalId(gidValue: string | null | undefined): number | RawJsonInteger | null {
  return gidValue ? numericId(gidValue) : null;
}

/** Serialises a payload as Shopify writes it on the wire (raw integers unquoted). */
export function restJson(payload: Json): string {
  return JSON.stringify(payload);
}

/** An ISO instant rendered as Shopify REST does: the shop's offset, second precision. */
export function restTimestamp(iso: string, offsetMinutes = 0): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new Error(`invalid timestamp: ${iso}`);
  const local = new Date(ms + offsetMinutes * 60_000);
  const pad = (n: number, w = 2) => String(n).padStart(w, "0");
  const sign = offsetMinutes < 0 ? "-" : "+";
  const abs = Math.abs(offsetMinutes);
  return (
    `${pad(local.getUTCFullYear(), 4)}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}` +
    `T${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}` +
    `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`
  );
}

function maybeTimestamp(iso: string | null | undefined, offsetMinutes: number): string | null {
  return iso ? restTimestamp(iso, offsetMinutes) : null;
}

/** A Ruby-style decimal for rates and percentages: 10 → "10.0", 2.5 → "2.5". */
function decimalString(n: number): string {
  return Number.isInteger(n) ? n.toFixed(1) : String(n);
}

const lower = (s: string) => s.toLowerCase();

type OrderMoney = Pick<OrderModel, "currencyCode" | "presentmentCurrencyCode" | "presentmentRate">;

/** `{ shop_money, presentment_money }` of a shop-currency amount of an order. */
export function moneySet(order: OrderMoney, shopMinor: number): MoneySet {
  return {
    shop_money: { amount: formatRestAmount(shopMinor, order.currencyCode), currency_code: order.currencyCode },
    presentment_money: {
      amount: formatRestAmount(toPresentment(order, shopMinor), order.presentmentCurrencyCode),
      currency_code: order.presentmentCurrencyCode,
    },
  };
}

function money(order: OrderMoney, shopMinor: number): string {
  return formatRestAmount(shopMinor, order.currencyCode);
}

// ---------------------------------------------------------------------------
// Orders

function discountApplicationPayload(app: DiscountApplicationModel, currency: CurrencyCode): JsonObject {
  const out: JsonObject = {
    target_type: app.targetType === "SHIPPING_LINE" ? "shipping_line" : "line_item",
    type: lower(app.kind),
    value: app.value.type === "percentage" ? decimalString(app.value.percentage) : formatDecimalAmount(app.value.amount, currency),
    value_type: app.value.type === "percentage" ? "percentage" : "fixed_amount",
    allocation_method: lower(app.allocationMethod),
    target_selection: lower(app.targetSelection),
  };
  if (app.kind === "DISCOUNT_CODE") out.code = app.code ?? app.title;
  else {
    out.title = app.title;
    out.description = app.title;
  }
  return out;
}

function taxLinePayload(order: OrderMoney, tax: TaxLineModel): JsonObject {
  return {
    channel_liable: tax.channelLiable,
    price: money(order, tax.amount),
    price_set: moneySet(order, tax.amount),
    rate: tax.rate,
    title: tax.title,
  };
}

function allocationPayloads(order: OrderModel, allocations: DiscountAllocationModel[]): JsonObject[] {
  return allocations.map((a) => {
    const position = order.discountApplications.findIndex((app) => app.index === a.applicationIndex);
    return {
      amount: money(order, a.amount),
      amount_set: moneySet(order, a.amount),
      discount_application_index: position >= 0 ? position : a.applicationIndex,
    };
  });
}

function isFulfilled(order: OrderModel): boolean {
  return order.fulfillments.some((f) => f.status === "SUCCESS");
}

/** One REST line item (also embedded in refund_line_items[].line_item). */
export function lineItemPayload(order: OrderModel, line: LineItemModel): JsonObject {
  const totals = orderTotals(order).lineById.get(line.id);
  const currentQuantity = totals?.currentQuantity ?? line.quantity;
  // total_discount is only filled for discounts set explicitly (draft orders, scripts, API).
  const explicitKinds = new Set(
    order.discountApplications.filter((a) => a.kind === "MANUAL" || a.kind === "SCRIPT").map((a) => a.index),
  );
  const explicitDiscount = line.discountAllocations
    .filter((a) => explicitKinds.has(a.applicationIndex))
    .reduce((s, a) => s + a.amount, 0);
  const fulfilled = isFulfilled(order);
  return {
    id: numericId(line.id),
    admin_graphql_api_id: line.id,
    attributed_staffs: [],
    current_quantity: currentQuantity,
    fulfillable_quantity: order.cancelledAt || fulfilled ? 0 : currentQuantity,
    fulfillment_service: "manual",
    fulfillment_status: fulfilled ? "fulfilled" : null,
    gift_card: line.isGiftCard,
    grams: roundMinor(weightInGrams(line.weight)),
    name: line.name,
    price: money(order, line.originalUnitPrice),
    price_set: moneySet(order, line.originalUnitPrice),
    product_exists: line.productId !== null,
    product_id: optionalId(line.productId),
    properties: [],
    quantity: line.quantity,
    requires_shipping: line.requiresShipping,
    sales_line_item_group_id: null,
    sku: line.sku ?? "",
    taxable: line.taxable,
    title: line.title,
    total_discount: money(order, explicitDiscount),
    total_discount_set: moneySet(order, explicitDiscount),
    variant_id: optionalId(line.variantId),
    variant_inventory_management: line.variantId ? "shopify" : null,
    variant_title: line.variantTitle,
    vendor: line.vendor,
    tax_lines: line.taxLines.map((t) => taxLinePayload(order, t)),
    duties: [],
    discount_allocations: allocationPayloads(order, line.discountAllocations),
  };
}

function shippingLinePayload(order: OrderModel, line: ShippingLineModel): JsonObject {
  const totals = orderTotals(order).shippingById.get(line.id);
  const discounted = totals?.discountedPrice ?? line.originalPrice;
  const currentDiscounted = totals?.currentDiscountedPrice ?? discounted;
  return {
    id: numericId(line.id),
    carrier_identifier: line.carrierIdentifier,
    code: line.code,
    current_discounted_price_set: moneySet(order, currentDiscounted),
    discounted_price: money(order, discounted),
    discounted_price_set: moneySet(order, discounted),
    is_removed: line.isRemoved,
    price: money(order, line.originalPrice),
    price_set: moneySet(order, line.originalPrice),
    requested_fulfillment_service_id: null,
    source: line.source,
    title: line.title,
    tax_lines: line.taxLines.map((t) => taxLinePayload(order, t)),
    discount_allocations: allocationPayloads(order, line.discountAllocations),
  };
}

/** A REST Transaction (inside refunds). Amounts in the presentment currency. */
export function transactionPayload(order: OrderModel, t: TransactionModel, offsetMinutes = 0): JsonObject {
  return {
    id: numericId(t.id),
    admin_graphql_api_id: t.id,
    amount: formatRestAmount(toPresentment(order, t.amount), order.presentmentCurrencyCode),
    amount_rounding: null,
    authorization: null,
    created_at: restTimestamp(t.createdAt, offsetMinutes),
    currency: order.presentmentCurrencyCode,
    currency_exchange_adjustment: null,
    device_id: null,
    error_code: null,
    gateway: t.gateway,
    kind: lower(t.kind),
    location_id: null,
    manual_payment_gateway: t.manualPaymentGateway,
    message: null,
    order_id: numericId(order.id),
    parent_id: optionalId(t.parentId),
    processed_at: restTimestamp(t.processedAt, offsetMinutes),
    receipt: {},
    source_name: "web",
    status: lower(t.status),
    test: t.test,
    user_id: null,
  };
}

function orderAdjustments(order: OrderModel, refund: RefundModel): JsonObject[] {
  const orderId = numericId(order.id);
  const refundId = numericId(refund.id);
  const out: JsonObject[] = [];
  // Stable numeric ids for the adjustments, derived from the refund id.
  let n = 0;
  const nextId = () => restInteger(legacyBig(refund.id) * 100n + BigInt(++n));
  for (const rsl of refund.refundShippingLines) {
    out.push({
      id: nextId(),
      order_id: orderId,
      refund_id: refundId,
      amount: money(order, -rsl.subtotal),
      tax_amount: money(order, -rsl.tax),
      kind: "shipping_refund",
      reason: "Shipping refund",
      amount_set: moneySet(order, -rsl.subtotal),
      tax_amount_set: moneySet(order, -rsl.tax),
    });
  }
  const recorded = refundMoney(order, refund);
  const ids = new Set(refund.transactionIds);
  const moved = order.transactions
    .filter((t) => ids.has(t.id) && t.kind === "REFUND" && t.status === "SUCCESS")
    .reduce((s, t) => s + t.amount, 0);
  const discrepancy = recorded - moved;
  if (discrepancy !== 0) {
    out.push({
      id: nextId(),
      order_id: orderId,
      refund_id: refundId,
      amount: money(order, discrepancy),
      tax_amount: money(order, 0),
      kind: "refund_discrepancy",
      reason: "Refund discrepancy",
      amount_set: moneySet(order, discrepancy),
      tax_amount_set: moneySet(order, 0),
    });
  }
  return out;
}

/** The REST Refund resource: the refunds/create payload, and each of an order's `refunds[]`. */
export function refundPayload(order: OrderModel, refund: RefundModel, shop?: Partial<ShopContext>): JsonObject {
  const offset = shop?.timezoneOffsetMinutes ?? 0;
  const lineById = new Map(order.lineItems.map((l) => [l.id, l]));
  const shippingById = new Map(order.shippingLines.map((s) => [s.id, s]));
  const txById = new Map(order.transactions.map((t) => [t.id, t]));
  const zero = moneySet(order, 0);
  return {
    id: numericId(refund.id),
    admin_graphql_api_id: refund.id,
    order_id: numericId(order.id),
    created_at: restTimestamp(refund.createdAt, offset),
    processed_at: restTimestamp(refund.processedAt, offset),
    note: refund.note,
    user_id: null,
    restock: refund.refundLineItems.some((r) => r.restockType !== "NO_RESTOCK"),
    duties: [],
    total_duties_set: zero,
    additional_fees: [],
    total_additional_fees_set: zero,
    return: null,
    refund_line_items: refund.refundLineItems.map((rli) => {
      const line = lineById.get(rli.lineItemId);
      return {
        id: numericId(rli.id),
        line_item_id: numericId(rli.lineItemId),
        location_id: optionalId(rli.locationId),
        quantity: rli.quantity,
        restock_type: lower(rli.restockType),
        subtotal: Number(money(order, rli.subtotal)),
        subtotal_set: moneySet(order, rli.subtotal),
        total_tax: Number(money(order, rli.totalTax)),
        total_tax_set: moneySet(order, rli.totalTax),
        line_item: line ? lineItemPayload(order, line) : null,
      };
    }),
    refund_shipping_lines: refund.refundShippingLines.map((rsl) => {
      const line = shippingById.get(rsl.shippingLineId);
      return {
        id: numericId(rsl.id),
        shipping_line_id: numericId(rsl.shippingLineId),
        subtotal_amount_set: moneySet(order, rsl.subtotal),
        shipping_line: line ? shippingLinePayload(order, line) : null,
      };
    }),
    order_adjustments: orderAdjustments(order, refund),
    transactions: refund.transactionIds.flatMap((id) => {
      const t = txById.get(id);
      return t ? [transactionPayload(order, t, offset)] : [];
    }),
  };
}

function fulfillmentPayload(order: OrderModel, f: FulfillmentModel, offset: number): JsonObject {
  return {
    id: numericId(f.id),
    admin_graphql_api_id: f.id,
    created_at: restTimestamp(f.createdAt, offset),
    location_id: optionalId(f.locationId),
    name: `${order.name}.${order.fulfillments.indexOf(f) + 1}`,
    order_id: numericId(order.id),
    service: "manual",
    shipment_status: null,
    status: lower(f.status),
    tracking_company: f.trackingCompany,
    tracking_number: f.trackingNumber,
    tracking_numbers: f.trackingNumber ? [f.trackingNumber] : [],
    tracking_url: null,
    tracking_urls: [],
    updated_at: restTimestamp(f.updatedAt, offset),
    line_items: [],
  };
}

function discountCodes(order: OrderModel): JsonObject[] {
  return order.discountApplications
    .filter((a) => a.kind === "DISCOUNT_CODE")
    .map((a) => {
      const allocated = [...order.lineItems.flatMap((l) => l.discountAllocations), ...order.shippingLines.flatMap((s) => s.discountAllocations)]
        .filter((x) => x.applicationIndex === a.index)
        .reduce((s, x) => s + x.amount, 0);
      return {
        code: a.code ?? a.title,
        amount: money(order, allocated),
        type: a.targetType === "SHIPPING_LINE" ? "shipping" : a.value.type === "percentage" ? "percentage" : "fixed_amount",
      };
    });
}

/**
 * The REST Order resource: the payload of orders/create, orders/updated and
 * orders/cancelled (Shopify sends the same resource for all three).
 */
export function orderPayload(order: OrderModel, shop?: Partial<ShopContext>): JsonObject {
  const offset = shop?.timezoneOffsetMinutes ?? 0;
  const t = orderTotals(order);
  const totalLineItemsPrice = t.lines.reduce((s, l) => s + l.originalTotal, 0);
  const orderNumber = order.number;
  const amount = (minor: number) => money(order, minor);
  const set = (minor: number) => moneySet(order, minor);
  return {
    id: numericId(order.id),
    admin_graphql_api_id: order.id,
    app_id: null,
    buyer_accepts_marketing: false,
    cancel_reason: order.cancelReason ? lower(order.cancelReason) : null,
    cancelled_at: maybeTimestamp(order.cancelledAt, offset),
    closed_at: maybeTimestamp(order.closedAt, offset),
    company: null,
    confirmation_number: null,
    confirmed: true,
    created_at: restTimestamp(order.createdAt, offset),
    currency: order.currencyCode,
    current_shipping_price_set: set(t.currentShipping),
    current_subtotal_price: amount(t.currentSubtotal),
    current_subtotal_price_set: set(t.currentSubtotal),
    current_total_additional_fees_set: null,
    current_total_discounts: amount(t.currentTotalDiscounts),
    current_total_discounts_set: set(t.currentTotalDiscounts),
    current_total_duties_set: null,
    current_total_price: amount(t.currentTotalPrice),
    current_total_price_set: set(t.currentTotalPrice),
    current_total_tax: amount(t.currentTotalTax),
    current_total_tax_set: set(t.currentTotalTax),
    discount_codes: discountCodes(order),
    duties_included: false,
    estimated_taxes: false,
    financial_status: lower(t.displayFinancialStatus),
    // The order's status as GraphQL shows it (REST null = unfulfilled).
    fulfillment_status: displayFulfillmentStatus(order) === "FULFILLED" ? "fulfilled" : null,
    landing_site: null,
    landing_site_ref: null,
    location_id: null,
    merchant_of_record_app_id: null,
    name: order.name,
    note: null,
    note_attributes: [],
    number: orderNumber > 1000 ? orderNumber - 1000 : orderNumber,
    order_number: orderNumber,
    original_total_additional_fees_set: null,
    original_total_duties_set: null,
    payment_gateway_names: [...new Set(order.transactions.map((x) => x.gateway))],
    po_number: null,
    presentment_currency: order.presentmentCurrencyCode,
    processed_at: restTimestamp(order.processedAt, offset),
    reference: null,
    referring_site: null,
    source_identifier: null,
    source_name: order.sourceName,
    source_url: null,
    subtotal_price: amount(t.subtotal),
    subtotal_price_set: set(t.subtotal),
    tags: order.tags.join(", "),
    tax_exempt: false,
    tax_lines: t.taxLines.map((x) => taxLinePayload(order, x)),
    taxes_included: order.taxesIncluded,
    test: order.test,
    total_discounts: amount(t.totalDiscounts),
    total_discounts_set: set(t.totalDiscounts),
    total_line_items_price: amount(totalLineItemsPrice),
    total_line_items_price_set: set(totalLineItemsPrice),
    total_outstanding: amount(t.totalOutstanding),
    total_price: amount(t.totalPrice),
    total_price_set: set(t.totalPrice),
    total_shipping_price_set: set(t.totalShipping),
    total_tax: amount(t.totalTax),
    total_tax_set: set(t.totalTax),
    total_tip_received: amount(0),
    total_weight: t.totalWeightGrams,
    updated_at: restTimestamp(order.updatedAt, offset),
    user_id: null,
    discount_applications: order.discountApplications.map((a) => discountApplicationPayload(a, order.currencyCode)),
    fulfillments: order.fulfillments.map((f) => fulfillmentPayload(order, f, offset)),
    line_items: order.lineItems.map((l) => lineItemPayload(order, l)),
    payment_terms: paymentTermsPayload(order, t.totalOutstanding, offset),
    refunds: order.refunds.map((r) => refundPayload(order, r, shop)),
    shipping_lines: order.shippingLines.map((s) => shippingLinePayload(order, s)),
    returns: [],
  };
}

// ---------------------------------------------------------------------------
// Catalogue

function inventoryQuantity(item: InventoryItemModel): number {
  return item.levels.filter((l) => l.isActive).reduce((s, l) => s + l.available, 0);
}

function variantPayload(product: ProductModel, v: VariantModel, shop: ShopContext): JsonObject {
  const offset = shop.timezoneOffsetMinutes;
  const quantity = inventoryQuantity(v.inventoryItem);
  return {
    admin_graphql_api_id: v.id,
    barcode: null,
    compare_at_price: v.compareAtPrice === null ? null : formatRestAmount(v.compareAtPrice, shop.currencyCode),
    created_at: restTimestamp(v.createdAt, offset),
    id: numericId(v.id),
    inventory_policy: "deny",
    position: v.position,
    price: formatRestAmount(v.price, shop.currencyCode),
    product_id: numericId(product.id),
    sku: v.sku,
    taxable: v.taxable,
    title: v.title,
    updated_at: restTimestamp(v.updatedAt, offset),
    option1: v.title,
    option2: null,
    option3: null,
    image_id: null,
    inventory_item_id: numericId(v.inventoryItem.id),
    inventory_quantity: quantity,
    old_inventory_quantity: quantity,
  };
}

/** The REST Product resource: the products/create and products/update payload. */
export function productPayload(product: ProductModel, shop: ShopContext): JsonObject {
  const offset = shop.timezoneOffsetMinutes;
  const productId = numericId(product.id);
  const variants = [...product.variants].sort((a, b) => a.position - b.position);
  return {
    admin_graphql_api_id: product.id,
    body_html: "",
    created_at: restTimestamp(product.createdAt, offset),
    handle: product.handle,
    id: productId,
    product_type: product.productType,
    published_at: product.status === "ACTIVE" ? restTimestamp(product.createdAt, offset) : null,
    template_suffix: null,
    title: product.title,
    updated_at: restTimestamp(product.updatedAt, offset),
    vendor: product.vendor,
    status: lower(product.status),
    published_scope: "global",
    tags: product.tags.join(", "),
    variants: variants.map((v) => variantPayload(product, v, shop)),
    options: [{ id: restInteger(legacyBig(product.id) * 10n + 1n), product_id: productId, name: "Title", position: 1, values: variants.map((v) => v.title) }],
    images: [],
    image: null,
    media: [],
    variant_gids: variants.map((v) => ({ admin_graphql_api_id: v.id, updated_at: new Date(Date.parse(v.updatedAt)).toISOString() })),
    has_variants_that_requires_components: false,
    category: null,
  };
}

/** The REST InventoryItem resource: the inventory_items/create|update payload. */
export function inventoryItemPayload(item: InventoryItemModel, shop: ShopContext): JsonObject {
  const offset = shop.timezoneOffsetMinutes;
  return {
    id: numericId(item.id),
    admin_graphql_api_id: item.id,
    sku: item.sku,
    created_at: restTimestamp(item.createdAt, offset),
    updated_at: restTimestamp(item.updatedAt, offset),
    requires_shipping: item.requiresShipping,
    cost: item.unitCost === null ? null : formatRestAmount(item.unitCost, shop.currencyCode),
    country_code_of_origin: item.countryCodeOfOrigin,
    province_code_of_origin: null,
    harmonized_system_code: item.harmonizedSystemCode,
    tracked: item.tracked,
    country_harmonized_system_codes: [],
  };
}

/**
 * The REST InventoryLevel resource: the inventory_levels/update payload. Fields and
 * shape as in Shopify's REST reference example (`inventory_item_id`, `location_id`,
 * `available`, `updated_at`, `admin_graphql_api_id`: app/shopify/inventory-level-webhook.ts
 * names the sources); `available` is null when the item is not tracked.
 */
export function inventoryLevelPayload(item: InventoryItemModel, level: InventoryLevelModel, shop: ShopContext): JsonObject {
  return {
    inventory_item_id: numericId(item.id),
    location_id: numericId(level.locationId),
    available: item.tracked ? level.available : null,
    updated_at: restTimestamp(level.updatedAt, shop.timezoneOffsetMinutes),
    admin_graphql_api_id: level.id,
  };
}

// ---------------------------------------------------------------------------
// Shop, bulk operations, compliance

const WEIGHT_UNITS: Record<WeightUnit, string> = { GRAMS: "g", KILOGRAMS: "kg", OUNCES: "oz", POUNDS: "lb" };

function planName(shop: ShopModel): string {
  if (shop.plan.shopifyPlus) return "shopify_plus";
  if (shop.plan.partnerDevelopment) return "partner_test";
  return shop.plan.publicDisplayName.toLowerCase().replace(/[^a-z0-9]+/g, "_");
}

/**
 * The REST Shop resource, the app/uninstalled payload. Leaves out the merchant's contact
 * and address fields (email, customer_email, phone, address1/2, city, zip, shop_owner).
 */
export function shopPayload(shop: ShopModel): JsonObject {
  const offset = shop.timezoneOffsetMinutes;
  const sign = offset < 0 ? "-" : "+";
  const abs = Math.abs(offset);
  const gmt = `(GMT${sign}${String(Math.floor(abs / 60)).padStart(2, "0")}:${String(abs % 60).padStart(2, "0")}) ${shop.ianaTimezone}`;
  return {
    id: numericId(shop.id),
    name: shop.name,
    domain: shop.myshopifyDomain,
    myshopify_domain: shop.myshopifyDomain,
    country_code: shop.countryCode,
    currency: shop.currencyCode,
    enabled_presentment_currencies: [shop.currencyCode],
    timezone: gmt,
    iana_timezone: shop.ianaTimezone,
    primary_locale: "en",
    plan_name: planName(shop),
    plan_display_name: shop.plan.publicDisplayName,
    weight_unit: WEIGHT_UNITS[shop.weightUnit],
    taxes_included: shop.taxesIncluded,
    tax_shipping: shop.taxShipping,
    county_taxes: true,
    has_discounts: true,
    has_gift_cards: false,
    has_storefront: true,
    password_enabled: false,
    setup_required: false,
    pre_launch_enabled: false,
    multi_location_enabled: true,
    checkout_api_supported: true,
    eligible_for_payments: true,
    finances: true,
    created_at: restTimestamp(shop.createdAt, offset),
    updated_at: restTimestamp(shop.updatedAt, offset),
  };
}

export type BulkOperationStatus = "CANCELED" | "CANCELING" | "COMPLETED" | "CREATED" | "EXPIRED" | "FAILED" | "RUNNING";
export type BulkOperationErrorCode = "ACCESS_DENIED" | "INTERNAL_SERVER_ERROR" | "TIMEOUT";

/** What bulk_operations/finish needs; GraphQL-style enums as the simulator stores them. */
export interface BulkOperationInfo {
  id: string; // gid://shopify/BulkOperation/<n>
  status: BulkOperationStatus;
  errorCode: BulkOperationErrorCode | null;
  type: "QUERY" | "MUTATION";
  createdAt: string;
  completedAt: string | null;
}

/**
 * The bulk_operations/finish payload (shopify-admin-api.md §4): admin_graphql_api_id,
 * status and error_code in lower case, type, created_at, completed_at. No download URL:
 * the app fetches `bulkOperation(id:)` for it.
 */
export function bulkOperationFinishPayload(op: BulkOperationInfo, shop?: Partial<ShopContext>): JsonObject {
  const offset = shop?.timezoneOffsetMinutes ?? 0;
  return {
    admin_graphql_api_id: op.id,
    completed_at: maybeTimestamp(op.completedAt, offset),
    created_at: restTimestamp(op.createdAt, offset),
    error_code: op.errorCode ? lower(op.errorCode) : null,
    status: lower(op.status),
    type: lower(op.type),
  };
}

type ShopIdentity = Pick<ShopModel, "id" | "myshopifyDomain">;

/** An obviously fake customer email for compliance payloads. */
export function fakeCustomerEmail(customerId: number): string {
  return `customer-${customerId}@example.invalid`;
}

/** customers/data_request: shop_id, shop_domain, customer { id, email }, orders_requested, data_request { id }. */
export function customersDataRequestPayload(
  shop: ShopIdentity,
  args: { customerId: number; orderIds: readonly (number | string)[]; dataRequestId: number },
): JsonObject {
  return {
    shop_id: numericId(shop.id),
    shop_domain: shop.myshopifyDomain,
    orders_requested: args.orderIds.map((id) => (typeof id === "number" ? id : numericId(id))),
    customer: { id: args.customerId, email: fakeCustomerEmail(args.customerId) },
    data_request: { id: args.dataRequestId },
  };
}

/** customers/redact: shop_id, shop_domain, customer { id, email }, orders_to_redact. */
export function customersRedactPayload(
  shop: ShopIdentity,
  args: { customerId: number; orderIds: readonly (number | string)[] },
): JsonObject {
  return {
    shop_id: numericId(shop.id),
    shop_domain: shop.myshopifyDomain,
    customer: { id: args.customerId, email: fakeCustomerEmail(args.customerId) },
    orders_to_redact: args.orderIds.map((id) => (typeof id === "number" ? id : numericId(id))),
  };
}

/** shop/redact (48 hours after uninstall): shop_id, shop_domain. */
export function shopRedactPayload(shop: ShopIdentity): JsonObject {
  return { shop_id: numericId(shop.id), shop_domain: shop.myshopifyDomain };
}

// ---------------------------------------------------------------------------
// Topic dispatch

export type OrderTopic = "orders/create" | "orders/updated" | "orders/cancelled";

/** Builds the payload for an order topic (the three share the Order resource). */
export function orderTopicPayload(topic: OrderTopic, order: OrderModel, shop?: Partial<ShopContext>): JsonObject {
  if (topic === "orders/cancelled" && !order.cancelledAt) {
    throw new Error(`orders/cancelled for ${order.id}, which is not cancelled`);
  }
  return orderPayload(order, shop);
}

/**
 * REST `payment_terms` (issue 19): the Order resource's terms with their schedules, as
 * Shopify's REST reference shows them (payment_terms_name, payment_terms_type, due_in_days,
 * payment_schedules [{ amount, currency, issued_at, due_at, completed_at,
 * expected_payment_method }]); null without terms.
 */
function paymentTermsPayload(order: OrderModel, outstanding: number, offset: number): JsonObject | null {
  const terms = order.paymentTerms;
  if (!terms) return null;
  return {
    amount: money(order, outstanding),
    currency: order.currencyCode,
    payment_terms_name: terms.paymentTermsName,
    payment_terms_type: terms.paymentTermsType,
    due_in_days: terms.dueInDays,
    payment_schedules: [
      {
        amount: money(order, outstanding),
        currency: order.currencyCode,
        issued_at: restTimestamp(terms.issuedAt, offset),
        due_at: restTimestamp(terms.dueAt, offset),
        completed_at: null,
        expected_payment_method: "manual",
      },
    ],
  };
}
