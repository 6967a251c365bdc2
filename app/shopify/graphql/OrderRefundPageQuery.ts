import { REFUND_FIELDS, REFUND_LINE_ITEM_FIELDS, REFUND_SHIPPING_LINE_FIELDS } from "./OrderFragments";

/**
 * One refund of an order, with a page of its refunded lines and refunded shipping
 * lines (same fields as ORDER_SYNC_QUERY): for refunds beyond ORDER_SYNC_QUERY's
 * first 4, and for the further pages of a refund with many lines (each connection
 * continues after its own cursor; a null cursor starts from the beginning).
 */
export const ORDER_REFUND_PAGE_QUERY = `#graphql
  query NetMarginOrderSyncRefund($id: ID!, $linesAfter: String, $shippingAfter: String) {
    refund(id: $id) {
      ...NetMarginRefundFields
      order {
        id
        updatedAt
      }
      refundLineItems(first: 100, after: $linesAfter) {
        pageInfo {
          hasNextPage
          endCursor
        }
        nodes {
          ...NetMarginRefundLineItemFields
        }
      }
      refundShippingLines(first: 10, after: $shippingAfter) {
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
  ${REFUND_FIELDS}
  ${REFUND_LINE_ITEM_FIELDS}
  ${REFUND_SHIPPING_LINE_FIELDS}
` as const;
