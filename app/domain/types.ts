/**
 * The normalised order the margin engine consumes: what sync stores and what the
 * GraphQL adapter (`graphql-order.ts`) produces. Every amount is an integer of
 * minor units of `NormalisedOrder.currency` (the shop currency, Shopify's
 * `shopMoney` side of each MoneyBag), already split into "before tax" and "tax"
 * so the engine never guesses a tax rate.
 *
 * Field sources refer to the Admin GraphQL API 2026-10 (docs/shopify-admin-api.md §1).
 */
import { type CurrencyCode } from "./money";

export interface NormalisedOrder {
  /** `Order.id`, a GID ("gid://shopify/Order/1001"). */
  readonly id: string;
  /** `Order.name` ("#1001"), what the merchant sees and what shipping-cost CSVs use. */
  readonly name: string;
  /** `Order.processedAt`, ISO 8601 instant: the date costs and settings are taken at. */
  readonly processedAt: string;
  /** `Order.currencyCode`: the shop currency at order time; every amount below is in it. */
  readonly currency: CurrencyCode;
  /** `Order.taxesIncluded`: whether Shopify's gross prices included tax (already taken out below). */
  readonly taxesIncluded: boolean;
  /** `Order.cancelledAt != null`. */
  readonly cancelled: boolean;
  /** `Order.test`. */
  readonly test: boolean;
  /** `Order.sourceName` ("web", "pos", …), or null. */
  readonly sourceName: string | null;
  /**
   * ISO 3166-1 alpha-2 destination country, or null when unknown. NetMargin does not
   * read `shippingAddress` (protected customer data); sync supplies the country alone.
   */
  readonly shippingCountryCode: string | null;
  /**
   * What left the warehouse, or null/absent when the source did not say (orders
   * stored before NetMargin read it): the engine then assumes the order ships.
   */
  readonly fulfilment?: OrderFulfilment | null;
  readonly lines: readonly OrderLine[];
  /** Shipping lines that were not removed (`ShippingLine.isRemoved` false). */
  readonly shippingLines: readonly OrderShippingLine[];
  /** `Order.transactions`, every kind and status (the engine filters). */
  readonly transactions: readonly OrderTransaction[];
  readonly refunds: RefundSummary;
  /**
   * Σ fee of the order's Shopify Payments balance transactions (charges and refunds, in
   * the order's currency), when the ledger is synced (app/store/payments.server.ts);
   * absent otherwise. The engine uses it only where the transactions carry no fees.
   */
  readonly ledgerPaymentFee?: number | null;
}

export interface OrderLine {
  /** `LineItem.id`. */
  readonly id: string;
  /** `LineItem.product.id`, null for custom items or deleted products. */
  readonly productId: string | null;
  /** `LineItem.variant.id`, null for custom items or deleted variants. */
  readonly variantId: string | null;
  /** `LineItem.sku`. */
  readonly sku: string | null;
  /** `LineItem.name` (product and variant title), else `title`. */
  readonly title: string;
  /** `LineItem.quantity`: units ordered, INCLUDING refunded and removed units (units shipped). */
  readonly quantity: number;
  /** `LineItem.currentQuantity`: units kept, excluding refunded and removed units. */
  readonly currentQuantity: number;
  /**
   * Revenue of the kept units after all discounts and before tax. From
   * `originalUnitPriceSet × quantity − Σ discountAllocations.allocatedAmountSet`,
   * minus what `refunds.refundLineItems.subtotalSet` returned for this line, and,
   * when `taxesIncluded`, minus the kept units' tax (`taxLines.priceSet` − refunded
   * `totalTaxSet`). Equals `priceAfterAllDiscountsBeforeTaxesSet` (2026-07).
   */
  readonly netRevenueBeforeTax: number;
  /** Discounts on the kept units, before tax (`discountAllocations` pro-rated to kept units, tax taken out with the line's tax rates when `taxesIncluded`). */
  readonly discountBeforeTax: number;
  /** Tax on the kept units (`taxLines.priceSet` − refunded `totalTaxSet`). */
  readonly tax: number;
  /** `originalUnitPriceSet` before tax (list price; tax taken out with the tax lines' rates when `taxesIncluded`): the base of "cost = % of price". */
  readonly unitPriceBeforeTax: number;
  /** `LineItem.weight` (per unit) in whole grams (REST payloads carry whole grams), null when Shopify has none. */
  readonly unitWeightGrams: number | null;
  /** `LineItem.requiresShipping`. */
  readonly requiresShipping: boolean;
  /**
   * `LineItem.isGiftCard` (REST `line_items[].gift_card`): the line sells a gift card,
   * money received for goods sold later, not merchandise. Absent means false.
   */
  readonly isGiftCard?: boolean;
}

export interface OrderFulfilment {
  /**
   * `Order.displayFulfillmentStatus` (FULFILLED, UNFULFILLED, PARTIALLY_FULFILLED,
   * RESTOCKED, …), upper case; REST `fulfillment_status` mapped to it; null when not given.
   */
  readonly status: string | null;
  /** Fulfilments with status SUCCESS (`Order.fulfillments[].status`): the parcels that left. */
  readonly parcels: number;
}

export interface OrderShippingLine {
  /** `ShippingLine.title` ("Colissimo", "Standard"). */
  readonly title: string;
  /** `ShippingLine.code`. */
  readonly code: string | null;
  /** `ShippingLine.source` ("shopify", a carrier service…). */
  readonly source: string | null;
  /** `ShippingLine.discountedPriceSet` (after shipping discounts) without tax: what the customer paid for shipping. */
  readonly chargedBeforeTax: number;
  /** Σ `ShippingLine.taxLines.priceSet`. */
  readonly tax: number;
  /** Shipping refunded without tax (`refunds.refundShippingLines.subtotalAmountSet` − `taxAmountSet` when taxes are included). */
  readonly refundedBeforeTax: number;
}

export const TRANSACTION_KINDS = ["AUTHORIZATION", "CAPTURE", "SALE", "REFUND", "VOID", "CHANGE", "EMV_AUTHORIZATION", "SUGGESTED_REFUND"] as const;
export const TRANSACTION_STATUSES = ["SUCCESS", "PENDING", "FAILURE", "ERROR", "AWAITING_RESPONSE", "UNKNOWN"] as const;

export interface OrderTransaction {
  /** `OrderTransaction.gateway` ("shopify_payments", "paypal", "manual", "gift_card"), or null. */
  readonly gateway: string | null;
  /** `OrderTransaction.kind`; unknown future kinds are kept verbatim. */
  readonly kind: string;
  /** `OrderTransaction.status`. */
  readonly status: string;
  /** `OrderTransaction.amountSet.shopMoney` (tax and shipping included). */
  readonly amount: number;
  /**
   * Σ `OrderTransaction.fees.amount` when Shopify reports fees (Shopify Payments
   * only), in shop currency; null when `fees` is empty (other gateways): the
   * engine then estimates the fee from the gateway's settings.
   */
  readonly feesActual: number | null;
}

export interface RefundSummary {
  /** Σ refunded line subtotals without tax (kept-unit revenue already excludes them). */
  readonly lineItemsBeforeTax: number;
  /** Σ refunded shipping without tax (also spread onto `shippingLines[].refundedBeforeTax`). */
  readonly shippingBeforeTax: number;
}

/**
 * What sync stores for one order: the normalised order plus what storage needs to
 * order writes and date refunds. Produced by one adapter per source
 * (`parseGraphqlOrderRecord` for GraphQL and bulk JSONL, `parseRestOrderRecord`
 * for webhook payloads); both give the same record for the same order.
 */
export interface OrderRecord {
  readonly order: NormalisedOrder;
  /** `Order.updatedAt` in UTC ("…Z"): a write older than the stored one is ignored. */
  readonly updatedAt: string;
  /** `Order.displayFinancialStatus` (PAID, PARTIALLY_REFUNDED, …), upper case, or null. */
  readonly financialStatus: string | null;
  /** Each refund with its date, so refunds can be booked in the period they happened. */
  readonly refunds: readonly RefundRecord[];
  /** What the customer still owes and when (issue 19); absent when the source carries neither field. */
  readonly receivable?: OrderReceivable;
}

/** An order's receivable facts: `Order.totalOutstandingSet` and `Order.paymentTerms`. */
export interface OrderReceivable {
  /** Amount outstanding in minor units of the shop currency; null when not given. */
  readonly outstanding: number | null;
  /** `PaymentTerms.paymentTermsType` (NET, FIXED, RECEIPT, FULFILLMENT), null without terms. */
  readonly paymentTermsType: string | null;
  readonly dueInDays: number | null;
  /** The due date in UTC ("…Z"), null when the terms give none (graphql-order.ts `dueDateOf`). */
  readonly dueAt: string | null;
}

export interface RefundRecord {
  /** `Refund.id`. */
  readonly id: string;
  /** `Refund.processedAt` (else `createdAt`) in UTC. */
  readonly processedAt: string;
  readonly lines: readonly RefundLineRecord[];
  /** Shipping refunded without tax. */
  readonly shippingBeforeTax: number;
  readonly shippingTax: number;
}

export interface RefundLineRecord {
  /** `RefundLineItem.lineItem.id`. */
  readonly lineItemId: string;
  readonly quantity: number;
  /** Refunded subtotal without tax. */
  readonly subtotalBeforeTax: number;
  readonly tax: number;
}
