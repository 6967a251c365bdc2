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
 * The fields of each type are the fragments of graphql/OrderFragments.ts, the ones the
 * one-by-one fetch reads, written out in place: a named fragment is valid GraphQL, but
 * neither the bulk guide's operation restrictions
 * (https://shopify.dev/docs/api/usage/bulk-operations/queries#operation-restrictions)
 * nor the live captures (airhorns/shopify-draft-proxy
 * fixtures/conformance/harry-test-heelo.myshopify.com/2026-04/bulk-operations/) show
 * one in a bulk query, so none is sent.
 *
 * The simulator enforces the same rules with Shopify's messages: the backfill
 * tests start these queries on it, and test/shopify/bulk-queries.test.ts finds every
 * query the app hands to bulkOperationRunQuery and runs it through the schema and
 * those rules (test/simulator/bulk.ts prepareBulkQuery).
 */
import { LINE_ITEM_FIELDS, ORDER_FIELDS, REFUND_FIELDS, SHIPPING_LINE_FIELDS, TRANSACTION_FIELDS } from "./graphql/OrderFragments";

/** A fragment's fields (its selection without the braces, on one line), to write in place of its spread. */
function fieldsOf(fragment: string): string {
  const selection = fragment.slice(fragment.indexOf("{") + 1, fragment.lastIndexOf("}"));
  // (comments dropped first: on one line a `#` would swallow the rest of the query)
  return selection.replace(/#[^\n\r]*/g, "").replace(/\s+/g, " ").trim();
}

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
        ${fieldsOf(ORDER_FIELDS)}
        fulfillments { status }
        transactions { ${fieldsOf(TRANSACTION_FIELDS)} }
        refunds { ${fieldsOf(REFUND_FIELDS)} }
        lineItems {
          edges {
            node { ${fieldsOf(LINE_ITEM_FIELDS)} }
          }
        }
        shippingLines(includeRemovals: true) {
          edges {
            node { ${fieldsOf(SHIPPING_LINE_FIELDS)} }
          }
        }
      }
    }
  }
}`;
}
