import { REFUND_LINE_ITEM_FIELDS, REFUND_SHIPPING_LINE_FIELDS } from "./OrderFragments";

/**
 * The refunded lines and refunded shipping lines of a batch of refunds, by id: the
 * backfill's follow-up for refunded orders (app/shopify/refund-lines.server.ts). The
 * orders bulk query cannot select them: `Order.refunds` is a list, and Shopify
 * refuses a bulk query with a connection inside a list field.
 *
 * Page sizes are variables so the batch size can be worked out from them
 * (REFUND_LINES_FIRST below); a refund with more is completed with
 * OrderRefundPageQuery, each connection after its own cursor. Same fields as
 * ORDER_SYNC_QUERY's refunds (the fragments of OrderFragments.ts).
 */
export const REFUND_LINES_QUERY = `#graphql
  query NetMarginRefundLines($ids: [ID!]!, $linesFirst: Int!, $shippingFirst: Int!) {
    nodes(ids: $ids) {
      ... on Refund {
        id
        refundLineItems(first: $linesFirst) {
          pageInfo {
            hasNextPage
            endCursor
          }
          nodes {
            ...NetMarginRefundLineItemFields
          }
        }
        refundShippingLines(first: $shippingFirst) {
          pageInfo {
            hasNextPage
            endCursor
          }
          nodes {
            ...NetMarginRefundShippingLineFields
          }
        }
      }
    }
  }
  ${REFUND_LINE_ITEM_FIELDS}
  ${REFUND_SHIPPING_LINE_FIELDS}
` as const;

/**
 * Page sizes and batch size of REFUND_LINES_QUERY. By Shopify's documented linear
 * cost rules one refund costs 1 + (2 + 5 × 6) + (2 + 2 × 6) = 47 points requested
 * (a refunded line: node 1, lineItem 1, two MoneyBags of 2), so 20 refunds ask for
 * 2 + 20 × 47 = 942, under the 1,000-point single-query limit (test/shopify/refund-lines.test.ts
 * checks it with the simulator's calculator). On the simulator's store 99 % of refunds
 * have at most 5 lines and 2 shipping lines, so the overflow query is rare.
 */
export const REFUND_LINES_FIRST = { lines: 5, shipping: 2, refunds: 20 } as const;
