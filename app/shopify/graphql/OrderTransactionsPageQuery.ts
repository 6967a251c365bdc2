import { TRANSACTION_FIELDS } from "./OrderFragments";

/**
 * All of an order's transactions when ORDER_SYNC_QUERY's first 10 were a full list
 * (`Order.transactions` is a plain list, not a connection: it cannot be paged, only
 * asked for again with a larger size). Same fields as ORDER_SYNC_QUERY.
 */
export const ORDER_TRANSACTIONS_PAGE_QUERY = `#graphql
  query NetMarginOrderSyncTransactions($id: ID!) {
    order(id: $id) {
      updatedAt
      transactions(first: 150) {
        ...NetMarginTransactionFields
      }
    }
  }
  ${TRANSACTION_FIELDS}
` as const;

/** The size asked for: a list this long may still be cut short. */
export const ORDER_TRANSACTIONS_PAGE_SIZE = 150;
