/**
 * What NetMargin reads of a free-shipping discount, automatic or with a code
 * (DiscountCodeFreeShipping: the same minimumRequirement, plus its code; Admin API
 * 2026-10, https://shopify.dev/docs/api/admin-graphql/2026-10/objects/DiscountCodeFreeShipping), shared by the search
 * (FreeShippingDiscountsQuery) and the read by id (FreeShippingDiscountByIdQuery), so a
 * discount read either way has one shape (app/services/free-shipping.server.ts puts
 * them in one list). Interpolated as `${FREE_SHIPPING_DISCOUNT_FIELDS}`: codegen finds
 * the constant by its name.
 */
export const FREE_SHIPPING_DISCOUNT_FIELDS = `#graphql
  fragment NetMarginFreeShippingDiscountFields on DiscountNode {
    id
    discount {
      __typename
      ... on DiscountAutomaticFreeShipping {
        title
        status
        tags
        startsAt
        endsAt
        minimumRequirement {
          __typename
          ... on DiscountMinimumSubtotal {
            greaterThanOrEqualToSubtotal {
              amount
              currencyCode
            }
          }
        }
      }
      ... on DiscountCodeFreeShipping {
        title
        status
        codes(first: 1) {
          nodes {
            code
          }
        }
        minimumRequirement {
          __typename
          ... on DiscountMinimumSubtotal {
            greaterThanOrEqualToSubtotal {
              amount
              currencyCode
            }
          }
        }
      }
    }
  }
` as const;
