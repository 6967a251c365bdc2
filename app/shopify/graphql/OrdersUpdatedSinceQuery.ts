/** Reconciliation: ids of the orders updated since a checkpoint, oldest change first (keyset pagination). */
export const ORDERS_UPDATED_SINCE_QUERY = `#graphql
  query NetMarginOrdersUpdatedSince($query: String!, $after: String) {
    orders(first: 100, after: $after, query: $query, sortKey: UPDATED_AT) {
      pageInfo {
        hasNextPage
        endCursor
      }
      nodes {
        id
        updatedAt
      }
    }
  }
` as const;
