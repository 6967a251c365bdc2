/** The state of one bulk operation (`currentBulkOperation` is deprecated: it is ambiguous with 5 running). */
export const BULK_OPERATION_QUERY = `#graphql
  query NetMarginBulkOperation($id: ID!) {
    bulkOperation(id: $id) {
      id
      status
      errorCode
      objectCount
      rootObjectCount
      url
      partialDataUrl
      createdAt
      completedAt
    }
  }
` as const;
