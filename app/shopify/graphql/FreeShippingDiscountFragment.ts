/**
 * What NetMargin reads of an automatic free-shipping discount, shared by the search
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
    }
  }
` as const;
