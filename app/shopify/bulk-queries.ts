/**
 * The bulk operation queries of the backfill (Admin GraphQL 2026-10). Each is the
 * inner document of `bulkOperationRunQuery(query:, groupObjects: false)`; bulk
 * queries take no variables, so the order filter is written into the text.
 *
 * Shopify's rules for a bulk query (each refused with userErrors code INVALID):
 * connections through `edges { node }` only, at most 5 connections, nesting depth
 * at most 2, the parent `node` of a nested connection selects `id` unaliased, no
 * connection inside a list field, no top-level `node`/`nodes`, query operations
 * only. Source: live capture, airhorns/shopify-draft-proxy
 * fixtures/conformance/harry-test-heelo.myshopify.com/2026-04/bulk-operations/bulk-operation-run-query-validators.json.
 *
 * Orders use 3 connections (orders, lineItems, shippingLines). `transactions`,
 * `refunds` and `fulfillments` are lists, embedded in the order's line; a list may
 * hold no connection ("Queries that contain a connection field within a list field
 * are not currently supported."), so refunds come with their ids and dates only
 * and their refunded lines and shipping lines are fetched by the paged follow-up
 * in refund-lines.server.ts, for refunded orders only. The connections' nodes come
 * as separate lines with `__parentId` (the order). Fields are what
 * `parseGraphqlOrderRecord` reads; of the shipping address only the country code is
 * read (no name, street, phone).
 *
 * The simulator enforces the same rules with Shopify's messages: the backfill
 * tests start these queries on it, and test/shopify/bulk-queries.test.ts finds every
 * query the app hands to bulkOperationRunQuery and runs it through the schema and
 * those rules (test/simulator/bulk.ts prepareBulkQuery).
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
        refunds { id processedAt createdAt }
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
