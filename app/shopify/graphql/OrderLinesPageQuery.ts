import { LINE_ITEM_FIELDS } from "./OrderFragments";

/**
 * The next page of an order's line items (after ORDER_SYNC_QUERY's first 25), with
 * the same line fields. `updatedAt` tells the fetch whether the order changed
 * between pages. Requested cost 603.
 */
export const ORDER_LINES_PAGE_QUERY = `#graphql
  query NetMarginOrderSyncLines($id: ID!, $after: String!) {
    order(id: $id) {
      updatedAt
      lineItems(first: 50, after: $after) {
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
  ${LINE_ITEM_FIELDS}
` as const;
