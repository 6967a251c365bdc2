/** Creates NetMargin's automatic free-shipping discount (minimum subtotal). */
export const FREE_SHIPPING_DISCOUNT_CREATE_MUTATION = `#graphql
  mutation NetMarginFreeShippingDiscountCreate($discount: DiscountAutomaticFreeShippingInput!) {
    discountAutomaticFreeShippingCreate(freeShippingAutomaticDiscount: $discount) {
      automaticDiscountNode {
        id
      }
      userErrors {
        field
        code
        message
      }
    }
  }
` as const;
