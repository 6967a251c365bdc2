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
