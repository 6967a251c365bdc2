/**
 * One refund of an order, with a page of its refunded lines and refunded shipping
 * lines (same fields as ORDER_SYNC_QUERY): for refunds beyond ORDER_SYNC_QUERY's
 * first 4, and for the further pages of a refund with many lines (each connection
 * continues after its own cursor; a null cursor starts from the beginning).
 */
export const ORDER_REFUND_PAGE_QUERY = `#graphql
  query NetMarginOrderSyncRefund($id: ID!, $linesAfter: String, $shippingAfter: String) {
    refund(id: $id) {
      id
      processedAt
      createdAt
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
          quantity
          lineItem {
            id
          }
          subtotalSet {
            shopMoney {
              amount
            }
          }
          totalTaxSet {
            shopMoney {
              amount
            }
          }
        }
      }
      refundShippingLines(first: 10, after: $shippingAfter) {
        pageInfo {
          hasNextPage
          endCursor
        }
        nodes {
          shippingLine {
            id
          }
          subtotalAmountSet {
            shopMoney {
              amount
            }
          }
          taxAmountSet {
            shopMoney {
              amount
            }
          }
        }
      }
    }
  }
` as const;
