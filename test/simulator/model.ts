/**
 * In-memory model of a Shopify store for the Admin API simulator.
 *
 * Plain typed data. Money is held as INTEGER MINOR UNITS of the shop currency
 * (cents for EUR/USD, yen for JPY); the presentment side of a MoneyBag is derived
 * with the order's fixed presentment rate. Every derived money field the Admin API
 * exposes (subtotals, totals, current* after refunds, taxes, discounts, refunded and
 * net-payment amounts) is computed from the primitive data by the functions in this
 * file and nowhere else: the GraphQL resolvers, the bulk JSONL writer and the REST
 * webhook payloads all read `orderTotals(order)`.
 *
 * Conventions (following the 2026-10 field descriptions):
 * - "Order convention": when `order.taxesIncluded` is true, line prices, shipping
 *   prices, subtotals and refund subtotals INCLUDE tax and the tax lines carry the
 *   included tax; otherwise they are pre-tax and tax is added on top.
 * - Discounts reduce the taxable amount: tax lines are computed on the amount after
 *   all discounts (`taxForAmount`).
 * - Refunds reduce current quantities and current totals: `current*` = original −
 *   what the refunds recorded. Refund line amounts are pro-rated from the line's
 *   discounted total with cumulative rounding (`refundLineAmounts`) so that refunding
 *   every unit returns exactly the line total.
 * - Simulator decisions where Shopify's behaviour is not documented precisely:
 *   `RefundLineItem.subtotalSet` and `RefundShippingLine.subtotalAmountSet` follow the
 *   order convention (tax-inclusive on tax-inclusive shops); `totalShippingPriceSet`
 *   is the shipping charged after discounts and before refunds; `totalDiscountsSet`
 *   includes shipping discounts.
 */
import type { DeliveryProfileModel } from "./delivery";

// ---------------------------------------------------------------------------
// Currency and money
// ---------------------------------------------------------------------------

export type CurrencyCode = string;

const ZERO_DECIMAL = new Set([
  "BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW", "PYG", "RWF", "UGX", "VND", "VUV", "XAF", "XOF", "XPF",
]);
const THREE_DECIMAL = new Set(["BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"]);

/** Number of minor-unit digits of a currency (ISO 4217). */
export function currencyDigits(code: CurrencyCode): number {
  if (ZERO_DECIMAL.has(code)) return 0;
  if (THREE_DECIMAL.has(code)) return 3;
  return 2;
}

function splitMinor(minor: number, digits: number): { sign: string; int: string; frac: string } {
  if (!Number.isSafeInteger(minor)) throw new Error(`money must be an integer of minor units, got ${minor}`);
  const sign = minor < 0 ? "-" : "";
  const abs = String(Math.abs(minor)).padStart(digits + 1, "0");
  return { sign, int: abs.slice(0, abs.length - digits), frac: abs.slice(abs.length - digits) };
}

/**
 * Shopify's `Decimal` rendering (MoneyV2.amount, fee rates): Ruby BigDecimal style,
 * trailing zeros dropped but at least one decimal kept: 12.50 → "12.5", 13 → "13.0",
 * 0 → "0.0", JPY 1250 → "1250.0". (Captured bulk JSONL shows "73.0", "101.5", "0.0".)
 */
export function formatDecimalAmount(minor: number, currency: CurrencyCode): string {
  const digits = currencyDigits(currency);
  const { sign, int, frac } = splitMinor(minor, digits);
  const trimmed = frac.replace(/0+$/, "");
  return `${sign}${int}.${trimmed === "" ? "0" : trimmed}`;
}

/**
 * Shopify's `Money` scalar rendering (ProductVariant.price/compareAtPrice): fixed to
 * the currency's minor digits: "13.00", JPY "1250".
 */
export function formatMoneyScalar(minor: number, currency: CurrencyCode): string {
  const digits = currencyDigits(currency);
  const { sign, int, frac } = splitMinor(minor, digits);
  return digits === 0 ? `${sign}${int}` : `${sign}${int}.${frac}`;
}

/** REST-style fixed decimal string ("12.50"), as used in webhook payloads. */
export const formatRestAmount = formatMoneyScalar;

/** Parses a decimal string ("12.5", "12.50", "-3", "1250") into minor units; throws on garbage. */
export function parseDecimalToMinor(value: string | number, currency: CurrencyCode): number {
  const text = typeof value === "number" ? String(value) : value.trim();
  const m = /^(-)?(\d+)(?:\.(\d+))?$/.exec(text);
  if (!m) throw new Error(`invalid decimal amount: ${JSON.stringify(value)}`);
  const digits = currencyDigits(currency);
  const fracRaw = m[3] ?? "";
  if (fracRaw.length > digits && /[1-9]/.test(fracRaw.slice(digits))) {
    throw new Error(`amount ${text} has more decimals than ${currency} allows`);
  }
  const frac = fracRaw.slice(0, digits).padEnd(digits, "0");
  const minor = Number(m[2]) * 10 ** digits + (digits ? Number(frac) : 0);
  return m[1] ? -minor : minor;
}

/** round(total × part / whole) with half-up rounding, in integers (no float drift). */
export function prorate(total: number, part: number, whole: number): number {
  if (whole === 0) return 0;
  if (part === whole) return total;
  const neg = total < 0;
  const t = Math.abs(total);
  const q = Math.floor((2 * t * part + whole) / (2 * whole));
  return neg ? -q : q;
}

/** Rounds a (possibly fractional) minor amount half-up. */
export function roundMinor(x: number): number {
  return x < 0 ? -Math.floor(-x + 0.5) : Math.floor(x + 0.5);
}

/**
 * Tax carried by `amount` (minor units, order convention) at `rate` (0.2 = 20 %):
 * included tax amount × r / (1 + r) when taxes are included, amount × r otherwise.
 */
export function taxForAmount(amount: number, rate: number, taxesIncluded: boolean): number {
  return roundMinor(taxesIncluded ? (amount * rate) / (1 + rate) : amount * rate);
}

// ---------------------------------------------------------------------------
// Catalogue
// ---------------------------------------------------------------------------

export type WeightUnit = "GRAMS" | "KILOGRAMS" | "OUNCES" | "POUNDS";
export interface Weight {
  value: number;
  unit: WeightUnit;
}

export function weightInGrams(w: Weight | null | undefined): number {
  if (!w) return 0;
  switch (w.unit) {
    case "GRAMS":
      return w.value;
    case "KILOGRAMS":
      return w.value * 1000;
    case "OUNCES":
      return w.value * 28.349523125;
    case "POUNDS":
      return w.value * 453.59237;
  }
}

export interface ShopPlanModel {
  publicDisplayName: string;
  shopifyPlus: boolean;
  partnerDevelopment: boolean;
}

export interface ShopModel {
  id: string; // gid://shopify/Shop/…
  name: string;
  myshopifyDomain: string;
  email: string;
  currencyCode: CurrencyCode;
  ianaTimezone: string;
  timezoneAbbreviation: string;
  timezoneOffsetMinutes: number;
  plan: ShopPlanModel;
  taxesIncluded: boolean;
  taxShipping: boolean;
  weightUnit: WeightUnit;
  countryCode: string;
  createdAt: string;
  updatedAt: string;
}

export interface LocationModel {
  id: string;
  name: string;
  isActive: boolean;
  countryCode: string;
  createdAt: string;
  updatedAt: string;
}

export interface InventoryLevelModel {
  id: string; // gid://shopify/InventoryLevel/<n>?inventory_item_id=<m>
  locationId: string;
  isActive: boolean;
  available: number;
  onHand: number;
  committed: number;
  incoming: number;
  createdAt: string;
  updatedAt: string;
}

export interface InventoryItemModel {
  id: string;
  sku: string | null;
  /** Current unit cost in shop minor units; null when the merchant never entered it. */
  unitCost: number | null;
  tracked: boolean;
  requiresShipping: boolean;
  weight: Weight;
  countryCodeOfOrigin: string | null;
  harmonizedSystemCode: string | null;
  levels: InventoryLevelModel[];
  createdAt: string;
  updatedAt: string;
}

export type ProductStatus = "ACTIVE" | "ARCHIVED" | "DRAFT" | "UNLISTED";

export interface VariantModel {
  id: string;
  productId: string;
  title: string;
  sku: string | null;
  /** Shop minor units (order convention of the shop: tax-inclusive on tax-inclusive shops). */
  price: number;
  compareAtPrice: number | null;
  taxable: boolean;
  position: number;
  inventoryItem: InventoryItemModel;
  createdAt: string;
  updatedAt: string;
}

export interface ProductModel {
  id: string;
  title: string;
  handle: string;
  status: ProductStatus;
  vendor: string;
  productType: string;
  tags: string[];
  variants: VariantModel[];
  createdAt: string;
  updatedAt: string;
}

// ---------------------------------------------------------------------------
// Orders
// ---------------------------------------------------------------------------

export type DiscountApplicationKind = "AUTOMATIC" | "DISCOUNT_CODE" | "MANUAL" | "SCRIPT";
export type DiscountValue = { type: "percentage"; percentage: number } | { type: "fixed"; amount: number };

export interface DiscountApplicationModel {
  index: number;
  kind: DiscountApplicationKind;
  title: string;
  code: string | null;
  targetType: "LINE_ITEM" | "SHIPPING_LINE";
  allocationMethod: "ACROSS" | "EACH" | "ONE";
  targetSelection: "ALL" | "ENTITLED" | "EXPLICIT";
  value: DiscountValue;
}

export interface DiscountAllocationModel {
  /** `index` of the order's discount application. */
  applicationIndex: number;
  /** Amount allocated to the whole line (all units), shop minor units. */
  amount: number;
}

export interface TaxLineModel {
  title: string;
  /** 0.2 = 20 %. */
  rate: number;
  /** Tax amount after discounts and before refunds, shop minor units. */
  amount: number;
  channelLiable: boolean | null;
  source: string | null;
}

export interface LineItemModel {
  id: string;
  title: string;
  variantTitle: string | null;
  name: string;
  vendor: string | null;
  sku: string | null;
  quantity: number;
  productId: string | null;
  variantId: string | null;
  /** List price of one unit at order time, order convention. */
  originalUnitPrice: number;
  requiresShipping: boolean;
  taxable: boolean;
  isGiftCard: boolean;
  weight: Weight | null;
  discountAllocations: DiscountAllocationModel[];
  taxLines: TaxLineModel[];
}

export interface ShippingLineModel {
  id: string;
  title: string;
  code: string | null;
  source: string | null;
  carrierIdentifier: string | null;
  /** Price before discounts, order convention. */
  originalPrice: number;
  discountAllocations: DiscountAllocationModel[];
  taxLines: TaxLineModel[];
  isRemoved: boolean;
}

export type TransactionKind = "AUTHORIZATION" | "CAPTURE" | "SALE" | "REFUND" | "VOID" | "CHANGE" | "EMV_AUTHORIZATION" | "SUGGESTED_REFUND";
export type TransactionStatus = "SUCCESS" | "PENDING" | "FAILURE" | "ERROR" | "AWAITING_RESPONSE" | "UNKNOWN";

export interface TransactionFeeModel {
  id: string;
  type: string;
  /** Percentage charge as a fraction string, e.g. "0.029". */
  rate: string;
  rateName: string | null;
  flatFee: number;
  flatFeeName: string | null;
  amount: number;
  taxAmount: number;
}

export interface TransactionModel {
  id: string;
  kind: TransactionKind;
  status: TransactionStatus;
  gateway: string;
  /** Amount in shop minor units (always positive; the kind gives the direction). */
  amount: number;
  createdAt: string;
  processedAt: string;
  test: boolean;
  parentId: string | null;
  /** Refund this transaction belongs to (REFUND kind). */
  refundId: string | null;
  manualPaymentGateway: boolean;
  /** Filled only for Shopify Payments. */
  fees: TransactionFeeModel[];
}

export type RestockType = "CANCEL" | "LEGACY_RESTOCK" | "NO_RESTOCK" | "RETURN";

export interface RefundLineItemModel {
  id: string;
  lineItemId: string;
  quantity: number;
  restockType: RestockType;
  locationId: string | null;
  /** Refunded amount for these units after discounts, order convention. */
  subtotal: number;
  /** Tax refunded for these units. */
  totalTax: number;
}

export interface RefundShippingLineModel {
  id: string;
  shippingLineId: string;
  /** Refunded shipping, order convention. */
  subtotal: number;
  tax: number;
}

export interface RefundModel {
  id: string;
  note: string | null;
  createdAt: string;
  processedAt: string;
  updatedAt: string;
  refundLineItems: RefundLineItemModel[];
  refundShippingLines: RefundShippingLineModel[];
  /** REFUND transaction ids (the transactions live on the order). */
  transactionIds: string[];
}

export type CancelReason = "CUSTOMER" | "DECLINED" | "FRAUD" | "INVENTORY" | "OTHER" | "STAFF";

export interface FulfillmentModel {
  id: string;
  status: "SUCCESS" | "CANCELLED" | "ERROR" | "FAILURE" | "OPEN" | "PENDING";
  createdAt: string;
  updatedAt: string;
  locationId: string | null;
  trackingCompany: string | null;
  trackingNumber: string | null;
}

export interface OrderModel {
  id: string;
  number: number;
  /** "#1001" */
  name: string;
  createdAt: string;
  processedAt: string;
  updatedAt: string;
  cancelledAt: string | null;
  cancelReason: CancelReason | null;
  closedAt: string | null;
  test: boolean;
  sourceName: string;
  currencyCode: CurrencyCode;
  presentmentCurrencyCode: CurrencyCode;
  /** Presentment units per shop unit (1 when the currencies match). */
  presentmentRate: number;
  taxesIncluded: boolean;
  /** Destination country only: the simulator holds no names, emails or addresses. */
  shippingCountryCode: string | null;
  shippingProvinceCode: string | null;
  tags: string[];
  discountCodes: string[];
  discountApplications: DiscountApplicationModel[];
  lineItems: LineItemModel[];
  shippingLines: ShippingLineModel[];
  transactions: TransactionModel[];
  refunds: RefundModel[];
  fulfillments: FulfillmentModel[];
  /** B2B payment terms (Order.paymentTerms); absent or null without terms. */
  paymentTerms?: PaymentTermsModel | null;
}

/**
 * `PaymentTerms` as the schema names its fields (read by the default resolvers). One
 * schedule, issued when the order is placed and due dueInDays later, as NET terms are
 * (live capture: airhorns/shopify-draft-proxy
 * fixtures/conformance/harry-test-heelo.myshopify.com/2026-04/payments/payment-terms-create-on-order.json,
 * "Net 30": issuedAt 2026-05-05, dueAt 2026-06-04). `paymentSchedules` (a connection)
 * is not served: NetMargin does not select it.
 */
export interface PaymentTermsModel {
  id: string;
  paymentTermsType: "NET";
  paymentTermsName: string;
  translatedName: string;
  dueInDays: number;
  /** Whether a schedule is past due at the store's "now". */
  overdue: boolean;
  due: boolean;
  /** The one schedule's dates (REST payment_schedules). */
  issuedAt: string;
  dueAt: string;
}

// ---------------------------------------------------------------------------
// Discounts, app installation, metafields
// ---------------------------------------------------------------------------

export interface FreeShippingDiscountModel {
  id: string; // gid://shopify/DiscountAutomaticNode/<n>, or DiscountCodeNode/<n> for a code discount
  title: string;
  /**
   * The code customers enter (a DiscountCodeFreeShipping, method "code"); absent or null for an
   * automatic one (DiscountAutomaticFreeShipping). Admin API 2026-10: DiscountNode.discount is the
   * Discount union of both; discountNodes' query filters by `method` (automatic, code).
   */
  code?: string | null;
  startsAt: string;
  endsAt: string | null;
  minimumSubtotal: number | null;
  minimumQuantity: number | null;
  destination: { all: true } | { all: false; countries: string[]; includeRestOfWorld: boolean };
  maximumShippingPrice: number | null;
  combinesWith: { productDiscounts: boolean; orderDiscounts: boolean; shippingDiscounts: boolean };
  appliesOnOneTimePurchase: boolean;
  appliesOnSubscription: boolean;
  recurringCycleLimit: number;
  tags: string[];
  createdAt: string;
  updatedAt: string;
}

export interface MetafieldModel {
  id: string;
  ownerId: string;
  namespace: string;
  key: string;
  type: string;
  value: string;
  createdAt: string;
  updatedAt: string;
}

export interface AppInstallationModel {
  id: string; // gid://shopify/AppInstallation/<n>
  appId: string; // gid://shopify/App/<n>
  appTitle: string;
  apiKey: string;
  accessScopes: string[];
  metafields: MetafieldModel[];
}

/** Everything but the orders: small enough to hold in memory for any store size. */
export interface CatalogModel {
  shop: ShopModel;
  locations: LocationModel[];
  products: ProductModel[];
  freeShippingDiscounts: FreeShippingDiscountModel[];
  appInstallation: AppInstallationModel;
  /** Shipping rates (delivery.ts); absent = none. */
  deliveryProfiles?: DeliveryProfileModel[];
}

export interface StoreData extends CatalogModel {
  orders: OrderModel[];
}

// ---------------------------------------------------------------------------
// Global ids
// ---------------------------------------------------------------------------

export function gid(type: string, id: number | string): string {
  return `gid://shopify/${type}/${id}`;
}

/** Parses "gid://shopify/Type/123" (query string allowed) into its parts. */
export function parseGid(value: string): { type: string; id: string } | null {
  const m = /^gid:\/\/shopify\/([A-Za-z]+)\/([^/?#]+)(?:\?.*)?$/.exec(value);
  return m ? { type: m[1]!, id: m[2]! } : null;
}

export function legacyId(value: string): string {
  const p = parseGid(value);
  if (!p) throw new Error(`not a gid: ${value}`);
  return p.id;
}

// ---------------------------------------------------------------------------
// Derived money: the single set of functions
// ---------------------------------------------------------------------------

/** A derived amount; `shop` in shop minor units, `presentment` in presentment minor units. */
export interface MoneyPair {
  shop: number;
  presentment: number;
}

/** Converts a shop amount to the presentment currency of the order. */
export function toPresentment(order: Pick<OrderModel, "currencyCode" | "presentmentCurrencyCode" | "presentmentRate">, shopMinor: number): number {
  if (order.presentmentCurrencyCode === order.currencyCode && order.presentmentRate === 1) return shopMinor;
  const scale = 10 ** (currencyDigits(order.presentmentCurrencyCode) - currencyDigits(order.currencyCode));
  return roundMinor(shopMinor * order.presentmentRate * scale);
}

export interface LineTotals {
  line: LineItemModel;
  originalTotal: number;
  /** All discount allocations (line-level, order-level, code). */
  totalAllocated: number;
  /** Allocations excluding order-level (targetSelection ALL) ones. */
  lineLevelAllocated: number;
  /** Line-level allocations that are neither order-level nor code discounts. */
  lineLevelNonCodeAllocated: number;
  /** originalTotal − all allocations (order convention, before refunds). */
  discountedTotal: number;
  tax: number;
  refundedQuantity: number;
  refundedSubtotal: number;
  refundedTax: number;
  currentQuantity: number;
  /** discountedTotal − refunded subtotals (order convention). */
  currentDiscountedTotal: number;
  currentTax: number;
  /** Current line revenue without tax (the 2026-07 field). */
  priceAfterAllDiscountsBeforeTaxes: number;
  discountedUnitPrice: number;
  discountedUnitPriceAfterAllDiscounts: number;
  /** Discount left on the kept units (cumulative rounding per allocation). */
  currentAllocated: number;
  currentOrderLevelAllocated: number;
  currentTaxLines: TaxLineModel[];
}

export interface ShippingTotals {
  line: ShippingLineModel;
  allocated: number;
  discountedPrice: number;
  tax: number;
  refundedSubtotal: number;
  refundedTax: number;
  currentDiscountedPrice: number;
  currentTax: number;
}

export interface OrderTotals {
  lines: LineTotals[];
  lineById: Map<string, LineTotals>;
  shipping: ShippingTotals[];
  shippingById: Map<string, ShippingTotals>;
  subtotalLineItemsQuantity: number;
  currentSubtotalLineItemsQuantity: number;
  subtotal: number;
  currentSubtotal: number;
  totalDiscounts: number;
  currentTotalDiscounts: number;
  cartDiscount: number;
  currentCartDiscount: number;
  /** Shipping charged after discounts, before refunds (order convention), non-removed lines. */
  totalShipping: number;
  currentShipping: number;
  totalTax: number;
  currentTotalTax: number;
  totalPrice: number;
  currentTotalPrice: number;
  /** Refunded merchandise + shipping + (tax-exclusive shops) tax, from the refund records. */
  refundedGoodsAndShipping: number;
  totalRefundedShipping: number;
  totalReceived: number;
  totalRefunded: number;
  netPayment: number;
  totalOutstanding: number;
  totalCapturable: number;
  totalWeightGrams: number;
  currentTotalWeightGrams: number;
  taxLines: TaxLineModel[];
  currentTaxLines: TaxLineModel[];
  refundTotals: Map<string, { totalRefunded: number }>;
  displayFinancialStatus: OrderDisplayFinancialStatus;
  fullyPaid: boolean;
  unpaid: boolean;
}

export type OrderDisplayFinancialStatus =
  | "AUTHORIZED"
  | "EXPIRED"
  | "PAID"
  | "PARTIALLY_PAID"
  | "PARTIALLY_REFUNDED"
  | "PENDING"
  | "REFUNDED"
  | "VOIDED";

function sum<T>(items: readonly T[], f: (x: T) => number): number {
  let s = 0;
  for (const x of items) s += f(x);
  return s;
}

function aggregateTaxLines(lists: TaxLineModel[][]): TaxLineModel[] {
  const out = new Map<string, TaxLineModel>();
  for (const list of lists) {
    for (const t of list) {
      const key = `${t.title}\u0000${t.rate}`;
      const prev = out.get(key);
      if (prev) prev.amount += t.amount;
      else out.set(key, { ...t });
    }
  }
  return [...out.values()];
}

/** Sums the amounts moved by SUCCESS transactions of the given kinds. */
export function successfulAmount(order: OrderModel, kinds: readonly TransactionKind[]): number {
  return sum(
    order.transactions.filter((t) => t.status === "SUCCESS" && kinds.includes(t.kind)),
    (t) => t.amount,
  );
}

/** Pending authorisations not captured or voided yet. */
function capturable(order: OrderModel): number {
  let total = 0;
  for (const auth of order.transactions) {
    if (auth.kind !== "AUTHORIZATION" || auth.status !== "SUCCESS") continue;
    const children = order.transactions.filter((t) => t.parentId === auth.id && t.status === "SUCCESS");
    if (children.some((c) => c.kind === "VOID")) continue;
    const captured = sum(children.filter((c) => c.kind === "CAPTURE"), (c) => c.amount);
    total += Math.max(0, auth.amount - captured);
  }
  return total;
}

function financialStatus(order: OrderModel, totalPrice: number, received: number, refunded: number, authorized: number): OrderDisplayFinancialStatus {
  const voided = order.transactions.some((t) => t.kind === "VOID" && t.status === "SUCCESS");
  if (refunded > 0 && refunded >= received) return "REFUNDED";
  if (refunded > 0) return "PARTIALLY_REFUNDED";
  if (received > 0 && received >= totalPrice) return "PAID";
  if (received > 0) return "PARTIALLY_PAID";
  if (authorized > 0) return "AUTHORIZED";
  if (voided) return "VOIDED";
  if (totalPrice === 0) return "PAID";
  return "PENDING";
}

const totalsCache = new WeakMap<OrderModel, OrderTotals>();

/**
 * All derived money of an order. Pure: depends only on the order object, and cached
 * per object (the Store replaces order objects on every mutation, never edits them).
 */
/**
 * `Order.displayFulfillmentStatus`: FULFILLED once a fulfilment succeeded (or when
 * nothing needs shipping), else UNFULFILLED, cancelled or not.
 * Source: live capture, airhorns/shopify-draft-proxy fixtures/conformance/harry-test-heelo.myshopify.com/2026-04/orders/orderCancel-restock-refundMethod-parity.json
 * (an order cancelled before any fulfilment reads cancelledAt set and "UNFULFILLED")
 * and 2025-01/orders/fulfillment-cancel-parity.json (after fulfillmentCancel the
 * order reads fulfillments [{ status: "CANCELLED" }] and "UNFULFILLED").
 */
export function displayFulfillmentStatus(order: OrderModel): "FULFILLED" | "UNFULFILLED" {
  if (!order.lineItems.some((l) => l.requiresShipping)) return "FULFILLED";
  return order.fulfillments.some((f) => f.status === "SUCCESS") ? "FULFILLED" : "UNFULFILLED";
}

export function orderTotals(order: OrderModel): OrderTotals {
  const hit = totalsCache.get(order);
  if (hit) return hit;
  const t = computeOrderTotals(order);
  totalsCache.set(order, t);
  return t;
}

export function computeOrderTotals(order: OrderModel): OrderTotals {
  const appByIndex = new Map(order.discountApplications.map((a) => [a.index, a]));
  const isOrderLevel = (idx: number) => appByIndex.get(idx)?.targetSelection === "ALL";
  const isCode = (idx: number) => appByIndex.get(idx)?.kind === "DISCOUNT_CODE";

  // Refunded quantities and amounts per line / shipping line.
  const refundedQty = new Map<string, number>();
  const refundedSub = new Map<string, number>();
  const refundedTaxByLine = new Map<string, number>();
  const refundedShipSub = new Map<string, number>();
  const refundedShipTax = new Map<string, number>();
  for (const r of order.refunds) {
    for (const rli of r.refundLineItems) {
      refundedQty.set(rli.lineItemId, (refundedQty.get(rli.lineItemId) ?? 0) + rli.quantity);
      refundedSub.set(rli.lineItemId, (refundedSub.get(rli.lineItemId) ?? 0) + rli.subtotal);
      refundedTaxByLine.set(rli.lineItemId, (refundedTaxByLine.get(rli.lineItemId) ?? 0) + rli.totalTax);
    }
    for (const rsl of r.refundShippingLines) {
      refundedShipSub.set(rsl.shippingLineId, (refundedShipSub.get(rsl.shippingLineId) ?? 0) + rsl.subtotal);
      refundedShipTax.set(rsl.shippingLineId, (refundedShipTax.get(rsl.shippingLineId) ?? 0) + rsl.tax);
    }
  }

  const lines: LineTotals[] = order.lineItems.map((line) => {
    const q = line.quantity;
    const originalTotal = line.originalUnitPrice * q;
    const totalAllocated = sum(line.discountAllocations, (a) => a.amount);
    const lineLevelAllocated = sum(line.discountAllocations.filter((a) => !isOrderLevel(a.applicationIndex)), (a) => a.amount);
    const lineLevelNonCodeAllocated = sum(
      line.discountAllocations.filter((a) => !isOrderLevel(a.applicationIndex) && !isCode(a.applicationIndex)),
      (a) => a.amount,
    );
    const discountedTotal = originalTotal - totalAllocated;
    const tax = sum(line.taxLines, (x) => x.amount);
    const rq = Math.min(q, refundedQty.get(line.id) ?? 0);
    const refundedSubtotal = refundedSub.get(line.id) ?? 0;
    const refundedTax = refundedTaxByLine.get(line.id) ?? 0;
    const currentQuantity = q - rq;
    const currentDiscountedTotal = discountedTotal - refundedSubtotal;
    const currentTax = tax - refundedTax;
    const priceAfterAllDiscountsBeforeTaxes = order.taxesIncluded ? currentDiscountedTotal - currentTax : currentDiscountedTotal;
    const currentAllocated = sum(line.discountAllocations, (a) => a.amount - prorate(a.amount, rq, q));
    const currentOrderLevelAllocated = sum(
      line.discountAllocations.filter((a) => isOrderLevel(a.applicationIndex)),
      (a) => a.amount - prorate(a.amount, rq, q),
    );
    return {
      line,
      originalTotal,
      totalAllocated,
      lineLevelAllocated,
      lineLevelNonCodeAllocated,
      discountedTotal,
      tax,
      refundedQuantity: rq,
      refundedSubtotal,
      refundedTax,
      currentQuantity,
      currentDiscountedTotal,
      currentTax,
      priceAfterAllDiscountsBeforeTaxes,
      discountedUnitPrice: q === 0 ? 0 : roundMinor((originalTotal - lineLevelNonCodeAllocated) / q),
      discountedUnitPriceAfterAllDiscounts: q === 0 ? 0 : roundMinor(discountedTotal / q),
      currentAllocated,
      currentOrderLevelAllocated,
      currentTaxLines: line.taxLines.map((x) => ({ ...x, amount: x.amount - prorate(x.amount, rq, q) })),
    };
  });

  const shipping: ShippingTotals[] = order.shippingLines.map((line) => {
    const allocated = sum(line.discountAllocations, (a) => a.amount);
    const discountedPrice = line.originalPrice - allocated;
    const tax = sum(line.taxLines, (x) => x.amount);
    const refundedSubtotal = refundedShipSub.get(line.id) ?? 0;
    const refundedTax = refundedShipTax.get(line.id) ?? 0;
    return {
      line,
      allocated,
      discountedPrice,
      tax,
      refundedSubtotal,
      refundedTax,
      currentDiscountedPrice: discountedPrice - refundedSubtotal,
      currentTax: tax - refundedTax,
    };
  });
  const keptShipping = shipping.filter((s) => !s.line.isRemoved);

  const subtotal = sum(lines, (l) => l.discountedTotal);
  const currentSubtotal = sum(lines, (l) => l.currentDiscountedTotal);
  const totalShipping = sum(keptShipping, (s) => s.discountedPrice);
  const currentShipping = sum(keptShipping, (s) => s.currentDiscountedPrice);
  const totalTax = sum(lines, (l) => l.tax) + sum(keptShipping, (s) => s.tax);
  const currentTotalTax = sum(lines, (l) => l.currentTax) + sum(keptShipping, (s) => s.currentTax);
  const taxOnTop = (x: number) => (order.taxesIncluded ? 0 : x);
  const totalPrice = subtotal + totalShipping + taxOnTop(totalTax);
  const currentTotalPrice = currentSubtotal + currentShipping + taxOnTop(currentTotalTax);
  const refundedGoodsAndShipping =
    sum(lines, (l) => l.refundedSubtotal + taxOnTop(l.refundedTax)) +
    sum(shipping, (s) => s.refundedSubtotal + taxOnTop(s.refundedTax));

  const totalReceived = successfulAmount(order, ["SALE", "CAPTURE"]);
  const totalRefunded = successfulAmount(order, ["REFUND"]);
  const netPayment = totalReceived - totalRefunded;
  const totalCapturable = capturable(order);

  const refundTotals = new Map<string, { totalRefunded: number }>();
  for (const r of order.refunds) {
    const ids = new Set(r.transactionIds);
    refundTotals.set(r.id, {
      totalRefunded: sum(order.transactions.filter((t) => ids.has(t.id) && t.status === "SUCCESS"), (t) => t.amount),
    });
  }

  const totalWeight = sum(lines, (l) => roundMinor(weightInGrams(l.line.weight) * l.line.quantity));
  const currentWeight = sum(lines, (l) => roundMinor(weightInGrams(l.line.weight) * l.currentQuantity));

  const result: OrderTotals = {
    lines,
    lineById: new Map(lines.map((l) => [l.line.id, l])),
    shipping,
    shippingById: new Map(shipping.map((s) => [s.line.id, s])),
    subtotalLineItemsQuantity: sum(order.lineItems.filter((l) => !l.isGiftCard), (l) => l.quantity),
    currentSubtotalLineItemsQuantity: sum(lines.filter((l) => !l.line.isGiftCard), (l) => l.currentQuantity),
    subtotal,
    currentSubtotal,
    totalDiscounts: sum(lines, (l) => l.totalAllocated) + sum(keptShipping, (s) => s.allocated),
    currentTotalDiscounts: sum(lines, (l) => l.currentAllocated) + sum(keptShipping, (s) => s.allocated),
    cartDiscount: sum(lines, (l) => l.totalAllocated - l.lineLevelAllocated),
    currentCartDiscount: sum(lines, (l) => l.currentOrderLevelAllocated),
    totalShipping,
    currentShipping,
    totalTax,
    currentTotalTax,
    totalPrice,
    currentTotalPrice,
    refundedGoodsAndShipping,
    totalRefundedShipping: sum(shipping, (s) => s.refundedSubtotal),
    totalReceived,
    totalRefunded,
    netPayment,
    totalOutstanding: currentTotalPrice - netPayment,
    totalCapturable,
    totalWeightGrams: totalWeight,
    currentTotalWeightGrams: currentWeight,
    taxLines: aggregateTaxLines([...lines.map((l) => l.line.taxLines), ...keptShipping.map((s) => s.line.taxLines)]),
    currentTaxLines: aggregateTaxLines([
      ...lines.map((l) => l.currentTaxLines),
      ...keptShipping.map((s) => s.line.taxLines.map((x) => ({ ...x, amount: x.amount - prorate(x.amount, s.refundedTax, s.tax) }))),
    ]),
    refundTotals,
    displayFinancialStatus: "PENDING",
    fullyPaid: false,
    unpaid: false,
  };
  result.displayFinancialStatus = order.test && order.transactions.length === 0
    ? "PENDING"
    : financialStatus(order, totalPrice, totalReceived, totalRefunded, totalCapturable);
  result.fullyPaid = totalReceived >= totalPrice;
  result.unpaid = totalReceived === 0 && totalCapturable === 0;
  return result;
}

/**
 * Amounts to record for refunding `quantity` more units of a line, given the units
 * already refunded: cumulative pro-rating of the line's discounted total and of each
 * tax line, so the sum over all refunds of all units equals the line exactly.
 */
export function refundLineAmounts(line: LineItemModel, discountedTotal: number, alreadyRefunded: number, quantity: number): { subtotal: number; totalTax: number } {
  const q = line.quantity;
  if (quantity < 0 || alreadyRefunded + quantity > q) {
    throw new Error(`cannot refund ${quantity} of line ${line.id}: ${q - alreadyRefunded} refundable`);
  }
  const upTo = alreadyRefunded + quantity;
  const subtotal = prorate(discountedTotal, upTo, q) - prorate(discountedTotal, alreadyRefunded, q);
  const totalTax = sum(line.taxLines, (t) => prorate(t.amount, upTo, q) - prorate(t.amount, alreadyRefunded, q));
  return { subtotal, totalTax };
}

/** Tax to refund with `subtotal` of shipping (pro-rated from the shipping line's tax). */
export function refundShippingTax(totals: ShippingTotals, subtotal: number): number {
  if (totals.discountedPrice === 0) return 0;
  const upTo = totals.refundedSubtotal + subtotal;
  return prorate(totals.tax, upTo, totals.discountedPrice) - prorate(totals.tax, totals.refundedSubtotal, totals.discountedPrice);
}

/** Money moved back to the customer by a refund record (the REFUND transaction amount). */
export function refundMoney(order: Pick<OrderModel, "taxesIncluded">, refund: Pick<RefundModel, "refundLineItems" | "refundShippingLines">): number {
  const onTop = !order.taxesIncluded;
  return (
    sum(refund.refundLineItems, (r) => r.subtotal + (onTop ? r.totalTax : 0)) +
    sum(refund.refundShippingLines, (r) => r.subtotal + (onTop ? r.tax : 0))
  );
}

/** Distributes `total` over `weights` proportionally (largest remainder), summing exactly. */
export function allocateProportionally(total: number, weights: readonly number[]): number[] {
  const whole = sum(weights, (w) => w);
  if (whole <= 0) return weights.map(() => 0);
  const raw = weights.map((w) => (total * w) / whole);
  const out = raw.map((x) => Math.floor(x));
  let rest = total - sum(out, (x) => x);
  const order = raw
    .map((x, i) => ({ i, frac: x - Math.floor(x) }))
    .sort((a, b) => b.frac - a.frac || a.i - b.i);
  for (let k = 0; rest > 0 && order.length > 0; k = (k + 1) % order.length, rest--) out[order[k]!.i]! += 1;
  return out;
}

/** Payment fee of Shopify Payments: round(amount × rate) + flat fee. */
export function paymentFee(amount: number, rate: number, flatFee: number): number {
  return roundMinor(amount * rate) + flatFee;
}
