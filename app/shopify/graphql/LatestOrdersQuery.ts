/** The most recent orders, for the home page's preview until the synced data is shown. No customer fields. */
export const LATEST_ORDERS_QUERY = `#graphql
  query NetMarginLatestOrders($first: Int!) {
    orders(first: $first, sortKey: PROCESSED_AT, reverse: true) {
      nodes {
        id
        name
        processedAt
        displayFinancialStatus
        currentSubtotalPriceSet {
          shopMoney {
            amount
            currencyCode
          }
        }
        currentTotalTaxSet {
          shopMoney {
            amount
          }
        }
        taxesIncluded
      }
    }
  }
` as const;
