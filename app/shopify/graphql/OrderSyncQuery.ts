import {
  LINE_ITEM_FIELDS,
  ORDER_FIELDS,
  REFUND_FIELDS,
  REFUND_LINE_ITEM_FIELDS,
  REFUND_SHIPPING_LINE_FIELDS,
  SHIPPING_LINE_FIELDS,
  TRANSACTION_FIELDS,
} from "./OrderFragments";

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
 * The fields of each type are the fragments of OrderFragments.ts, shared with those
 * follow-ups and the orders bulk query.
 */
export const ORDER_SYNC_QUERY = `#graphql
  query NetMarginOrderSync($id: ID!) {
    order(id: $id) {
      ...NetMarginOrderFields
      fulfillments(first: 10) {
        status
      }
      transactions(first: 10) {
        ...NetMarginTransactionFields
      }
      refunds(first: 4) {
        ...NetMarginRefundFields
        refundLineItems(first: 10) {
          pageInfo {
            hasNextPage
            endCursor
          }
          nodes {
            ...NetMarginRefundLineItemFields
          }
        }
        refundShippingLines(first: 2) {
          pageInfo {
            hasNextPage
            endCursor
          }
          nodes {
            ...NetMarginRefundShippingLineFields
          }
        }
      }
      shippingLines(first: 3, includeRemovals: true) {
        pageInfo {
          hasNextPage
          endCursor
        }
        nodes {
          ...NetMarginShippingLineFields
        }
      }
      lineItems(first: 25) {
        pageInfo {
          hasNextPage
          endCursor
        }
        nodes {
          ...NetMarginLineItemFields
        }
      }
    }
  }
  ${ORDER_FIELDS}
  ${TRANSACTION_FIELDS}
  ${REFUND_FIELDS}
  ${REFUND_LINE_ITEM_FIELDS}
  ${REFUND_SHIPPING_LINE_FIELDS}
  ${SHIPPING_LINE_FIELDS}
  ${LINE_ITEM_FIELDS}
` as const;

/** Page sizes of ORDER_SYNC_QUERY: a list as long as its size may have more. */
export const ORDER_SYNC_FIRST = { lineItems: 25, shippingLines: 3, transactions: 10, refunds: 4, refundLineItems: 10, refundShippingLines: 2 } as const;
