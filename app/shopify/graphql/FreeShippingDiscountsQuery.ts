import { FREE_SHIPPING_DISCOUNT_FIELDS } from "./FreeShippingDiscountFragment";

/**
 * Automatic free-shipping discounts of the shop (NetMargin finds its own by tag or
 * title), the shop currency, and the app installation that owns the threshold
 * metafield, and the id NetMargin remembered for its discount (read it by id when the
 * search does not list it yet: the search index lags behind writes). Call with query
 * "type:free_shipping AND method:automatic", and codeQuery
 * "type:free_shipping AND method:code AND status:active" for the code discounts in force
 * (their own list, so many codes never crowd NetMargin's automatic discount out of the
 * first 50). Filters: https://shopify.dev/docs/api/admin-graphql/2026-10/connections/DiscountNodeConnection
 */
export const FREE_SHIPPING_DISCOUNTS_QUERY = `#graphql
  query NetMarginFreeShippingDiscounts($query: String!, $codeQuery: String!) {
    shop {
      currencyCode
    }
    currentAppInstallation {
      id
      discountId: metafield(namespace: "$app", key: "free_shipping_discount_id") {
        value
      }
    }
    discountNodes(first: 50, query: $query) {
      nodes {
        ...NetMarginFreeShippingDiscountFields
      }
    }
    codeDiscounts: discountNodes(first: 25, query: $codeQuery) {
      nodes {
        ...NetMarginFreeShippingDiscountFields
      }
    }
  }
  ${FREE_SHIPPING_DISCOUNT_FIELDS}
` as const;
