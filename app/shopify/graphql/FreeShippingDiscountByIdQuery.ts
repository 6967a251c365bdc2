import { FREE_SHIPPING_DISCOUNT_FIELDS } from "./FreeShippingDiscountFragment";

/**
 * One discount by id, read with FreeShippingDiscountsQuery's fragment. Shopify's discount
 * search lags behind writes while a read by id does not (live capture,
 * airhorns/shopify-draft-proxy fixtures/conformance/harry-test-heelo.myshopify.com/2026-04/discounts/discount-free-shipping-lifecycle.json,
 * readAfterUpdate), so NetMargin reads its own discount by the id it remembered.
 */
export const FREE_SHIPPING_DISCOUNT_BY_ID_QUERY = `#graphql
  query NetMarginFreeShippingDiscountById($id: ID!) {
    discountNode(id: $id) {
      ...NetMarginFreeShippingDiscountFields
    }
  }
  ${FREE_SHIPPING_DISCOUNT_FIELDS}
` as const;
