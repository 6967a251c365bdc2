/** Starts a bulk query (backfill). `groupObjects: false`: faster, children not grouped (app/shopify/bulk-assembler.ts joins them). */
export const BULK_OPERATION_RUN_QUERY_MUTATION = `#graphql
  mutation NetMarginBulkOperationRunQuery($query: String!) {
    bulkOperationRunQuery(query: $query, groupObjects: false) {
      bulkOperation {
        id
        status
      }
      userErrors {
        field
        message
        code
      }
    }
  }
` as const;
