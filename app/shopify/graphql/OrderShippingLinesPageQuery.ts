import { SHIPPING_LINE_FIELDS } from "./OrderFragments";

/** The next page of an order's shipping lines (removed ones too), same fields as ORDER_SYNC_QUERY. */
export const ORDER_SHIPPING_LINES_PAGE_QUERY = `#graphql
  query NetMarginOrderSyncShippingLines($id: ID!, $after: String!) {
    order(id: $id) {
      updatedAt
      shippingLines(first: 50, after: $after, includeRemovals: true) {
        pageInfo {
          hasNextPage
          endCursor
        }
        nodes {
          ...NetMarginShippingLineFields
        }
      }
    }
  }
  ${SHIPPING_LINE_FIELDS}
` as const;
