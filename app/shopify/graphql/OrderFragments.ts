/**
 * The order fields sync stores (app/domain/graphql-order.ts reads them), one fragment
 * per type, shared by the one-by-one fetch (OrderSyncQuery), its follow-up pages
 * (Order*PageQuery, RefundLinesQuery) and the orders bulk query (bulk-queries.ts, which
 * writes the fields in place of the spread: see there why). Fields only, no spreads:
 * bulk-queries.ts copies a fragment's selection as it is.
 *
 * Interpolated as `${NAME}` at the end of an operation: codegen (@shopify/api-codegen-preset)
 * resolves the constant by its name, so import it under the same name.
 * Of the address only the country code is read (no protected customer data).
 */
export const ORDER_FIELDS = `#graphql
  fragment NetMarginOrderFields on Order {
    id
    name
    processedAt
    updatedAt
    cancelledAt
    test
    displayFinancialStatus
    displayFulfillmentStatus
    taxesIncluded
    currencyCode
    sourceName
    shippingAddress {
      countryCodeV2
    }
    # Receivables (issue 19): what the customer still owes, and B2B payment terms
    # (PaymentTerms needs the read_payment_terms scope). paymentSchedules, a connection,
    # is not selected: in the bulk query (4 connections, depth 2, would pass the rules)
    # its nodes would come as JSONL lines whose __parentId is the PaymentTerms id, which
    # the assembler does not join to an order; so a NET due date is the order date +
    # dueInDays (graphql-order.ts, dueDateOf), as Shopify computes it from the issue
    # date (live capture: issuedAt 2026-05-05 + 30 days = dueAt 2026-06-04, in
    # airhorns/shopify-draft-proxy fixtures/conformance/harry-test-heelo.myshopify.com/2026-04/payments/payment-terms-create-on-order.json).
    totalOutstandingSet {
      shopMoney {
        amount
      }
    }
    paymentTerms {
      paymentTermsType
      dueInDays
    }
  }
` as const;

export const LINE_ITEM_FIELDS = `#graphql
  fragment NetMarginLineItemFields on LineItem {
    id
    name
    title
    sku
    quantity
    currentQuantity
    requiresShipping
    isGiftCard
    variant {
      id
    }
    product {
      id
    }
    weight {
      value
      unit
    }
    originalUnitPriceSet {
      shopMoney {
        amount
      }
    }
    discountAllocations {
      allocatedAmountSet {
        shopMoney {
          amount
        }
      }
    }
    taxLines {
      rate
      priceSet {
        shopMoney {
          amount
        }
      }
    }
  }
` as const;

export const SHIPPING_LINE_FIELDS = `#graphql
  fragment NetMarginShippingLineFields on ShippingLine {
    id
    title
    code
    source
    isRemoved
    originalPriceSet {
      shopMoney {
        amount
      }
    }
    discountedPriceSet {
      shopMoney {
        amount
      }
    }
    taxLines {
      rate
      priceSet {
        shopMoney {
          amount
        }
      }
    }
  }
` as const;

export const TRANSACTION_FIELDS = `#graphql
  fragment NetMarginTransactionFields on OrderTransaction {
    kind
    status
    gateway
    amountSet {
      shopMoney {
        amount
        currencyCode
      }
    }
    fees {
      amount {
        amount
        currencyCode
      }
    }
  }
` as const;

export const REFUND_FIELDS = `#graphql
  fragment NetMarginRefundFields on Refund {
    id
    processedAt
    createdAt
  }
` as const;

export const REFUND_LINE_ITEM_FIELDS = `#graphql
  fragment NetMarginRefundLineItemFields on RefundLineItem {
    quantity
    lineItem {
      id
    }
    subtotalSet {
      shopMoney {
        amount
      }
    }
    totalTaxSet {
      shopMoney {
        amount
      }
    }
  }
` as const;

export const REFUND_SHIPPING_LINE_FIELDS = `#graphql
  fragment NetMarginRefundShippingLineFields on RefundShippingLine {
    shippingLine {
      id
    }
    subtotalAmountSet {
      shopMoney {
        amount
      }
    }
    taxAmountSet {
      shopMoney {
        amount
      }
    }
  }
` as const;
