/**
 * One order with everything sync stores (app/domain/graphql-order.ts reads it), for
 * orders fetched one by one: late bulk children, webhook orders without
 * transactions, reconciliation. app/shopify/order-fetch.server.ts runs it and, where a
 * page is full, the follow-up page queries (app/shopify/graphql/Order*PageQuery.ts):
 * - lineItems: 25 here, then 50 a page (OrderLinesPageQuery);
 * - shippingLines (removed ones too): 3 here, then 50 a page (OrderShippingLinesPageQuery);
 * - transactions: 10 here; a full list is fetched again with 150 (OrderTransactionsPageQuery);
 * - refunds: 4 here; a full list is followed by the list of refund ids
 *   (OrderRefundIdsPageQuery) and each further refund (OrderRefundPageQuery);
 * - each refund's refundLineItems (10 here) and refundShippingLines (2 here): further
 *   pages with OrderRefundPageQuery.
 * Requested cost 692 by the simulator's calculator (Shopify's linear rules, which
 * over-estimate), under the 1,000-point single-query limit; test/shopify/order-fetch.test.ts
 * checks every one of these operations against it.
 * Of the address only the country code is read (no protected customer data).
 */
export const ORDER_SYNC_QUERY = `#graphql
  query NetMarginOrderSync($id: ID!) {
    order(id: $id) {
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
      fulfillments(first: 10) {
        status
      }
      transactions(first: 10) {
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
      refunds(first: 4) {
        id
        processedAt
        createdAt
        refundLineItems(first: 10) {
          pageInfo {
            hasNextPage
            endCursor
          }
          nodes {
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
        }
        refundShippingLines(first: 2) {
          pageInfo {
            hasNextPage
            endCursor
          }
          nodes {
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
        }
      }
      shippingLines(first: 3, includeRemovals: true) {
        pageInfo {
          hasNextPage
          endCursor
        }
        nodes {
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
      }
      lineItems(first: 25) {
        pageInfo {
          hasNextPage
          endCursor
        }
        nodes {
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
      }
    }
  }
` as const;

/** Page sizes of ORDER_SYNC_QUERY: a list as long as its size may have more. */
export const ORDER_SYNC_FIRST = { lineItems: 25, shippingLines: 3, transactions: 10, refunds: 4, refundLineItems: 10, refundShippingLines: 2 } as const;
