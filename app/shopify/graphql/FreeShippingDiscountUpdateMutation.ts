/** Updates an automatic free-shipping discount (only the fields sent change). */
export const FREE_SHIPPING_DISCOUNT_UPDATE_MUTATION = `#graphql
  mutation NetMarginFreeShippingDiscountUpdate($id: ID!, $discount: DiscountAutomaticFreeShippingInput!) {
    discountAutomaticFreeShippingUpdate(id: $id, freeShippingAutomaticDiscount: $discount) {
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
