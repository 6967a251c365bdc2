/**
 * The bulk operation queries of the backfill (Admin GraphQL 2026-10). Each is the
 * inner document of `bulkOperationRunQuery(query:, groupObjects: false)`; bulk
 * queries take no variables, so the order filter is written into the text.
 *
 * Orders use the 5 connections a bulk query may have (orders, lineItems,
 * shippingLines, refunds → refundLineItems, refunds → refundShippingLines; nesting
 * depth 2). `transactions` and `refunds` are lists, embedded in the order's line;
 * the connections' nodes come as separate lines with `__parentId` (the order, or
 * for refund lines the refund). Fields are what `parseGraphqlOrderRecord` reads;
 * of the shipping address only the country code is read (no name, street, phone).
 * test/graphql/operations.test.ts validates both against the schema and the
 * simulator's bulk rules.
 */

/** Shopify's order search syntax for "processed on or after" a UTC instant. */
export function ordersSearch(processedFrom: Date | null): string {
  return processedFrom ? `processed_at:>='${processedFrom.toISOString()}'` : "";
}

export function ordersBulkQuery(processedFrom: Date | null): string {
  const search = ordersSearch(processedFrom);
  const args = search ? `(query: ${JSON.stringify(search)})` : "";
  return `{
  orders${args} {
    edges {
      node {
        id name processedAt updatedAt cancelledAt test displayFinancialStatus displayFulfillmentStatus taxesIncluded currencyCode sourceName
        fulfillments { status }
        shippingAddress { countryCodeV2 }
        transactions { kind status gateway amountSet { shopMoney { amount currencyCode } } fees { amount { amount currencyCode } } }
        refunds {
          id processedAt createdAt
          refundLineItems { edges { node { quantity lineItem { id } subtotalSet { shopMoney { amount } } totalTaxSet { shopMoney { amount } } } } }
          refundShippingLines { edges { node { shippingLine { id } subtotalAmountSet { shopMoney { amount } } taxAmountSet { shopMoney { amount } } } } }
        }
        lineItems {
          edges {
            node {
              id name title sku quantity currentQuantity requiresShipping isGiftCard
              variant { id } product { id }
              weight { value unit }
              originalUnitPriceSet { shopMoney { amount } }
              discountAllocations { allocatedAmountSet { shopMoney { amount } } }
              taxLines { rate priceSet { shopMoney { amount } } }
            }
          }
        }
        shippingLines(includeRemovals: true) {
          edges { node { id title code source isRemoved originalPriceSet { shopMoney { amount } } discountedPriceSet { shopMoney { amount } } taxLines { rate priceSet { shopMoney { amount } } } } }
        }
      }
    }
  }
}`;
}
