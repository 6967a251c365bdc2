/**
 * The ids of all of an order's refunds, when ORDER_SYNC_QUERY's first 4 were a full
 * list (`Order.refunds` is a plain list, not a connection). Each refund not yet read
 * is then fetched with ORDER_REFUND_PAGE_QUERY.
 */
export const ORDER_REFUND_IDS_PAGE_QUERY = `#graphql
  query NetMarginOrderSyncRefundIds($id: ID!) {
    order(id: $id) {
      updatedAt
      refunds(first: 250) {
        id
      }
    }
  }
` as const;

/** The size asked for: a list this long may still be cut short. */
export const ORDER_REFUND_IDS_PAGE_SIZE = 250;
