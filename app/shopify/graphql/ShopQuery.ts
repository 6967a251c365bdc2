/** The shop facts NetMargin keeps: its currency (all margins are in it) and time zone (day boundaries). */
export const SHOP_QUERY = `#graphql
  query NetMarginShop {
    shop {
      name
      myshopifyDomain
      currencyCode
      ianaTimezone
      taxesIncluded
      plan {
        partnerDevelopment
        shopifyPlus
      }
    }
  }
` as const;
