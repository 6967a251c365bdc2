/**
 * The operations of `npm run doctor` (app/services/doctor.server.ts), which checks a
 * live installation: what Shopify granted, and what an order read returns.
 */

/** The scopes Shopify granted this installation (the response header tells the API version). */
export const DOCTOR_INSTALLATION_QUERY = `#graphql
  query NetMarginDoctorInstallation {
    shop {
      myshopifyDomain
    }
    currentAppInstallation {
      accessScopes {
        handle
      }
    }
  }
` as const;

/**
 * The latest orders' shipping country: null on orders that require shipping means
 * Shopify hides the address from this app (protected customer data).
 */
export const DOCTOR_RECENT_ORDERS_QUERY = `#graphql
  query NetMarginDoctorRecentOrders {
    orders(first: 10, sortKey: PROCESSED_AT, reverse: true) {
      nodes {
        id
        requiresShipping
        shippingAddress {
          countryCodeV2
        }
      }
    }
  }
` as const;

/** Cancels a bulk operation the doctor started only to see Shopify accept its query. */
export const BULK_OPERATION_CANCEL_MUTATION = `#graphql
  mutation NetMarginBulkOperationCancel($id: ID!) {
    bulkOperationCancel(id: $id) {
      bulkOperation {
        id
        status
      }
      userErrors {
        field
        message
      }
    }
  }
` as const;
