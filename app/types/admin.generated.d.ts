/* eslint-disable eslint-comments/disable-enable-pair */
/* eslint-disable eslint-comments/no-unlimited-disable */
/* eslint-disable */
import type * as AdminTypes from './admin.types.d.ts';

export type NetMarginLatestOrdersQueryVariables = AdminTypes.Exact<{
  first: AdminTypes.Scalars['Int']['input'];
}>;


export type NetMarginLatestOrdersQuery = { orders: { nodes: Array<(
      Pick<AdminTypes.Order, 'id' | 'name' | 'processedAt' | 'displayFinancialStatus' | 'taxesIncluded'>
      & { currentSubtotalPriceSet: { shopMoney: Pick<AdminTypes.MoneyV2, 'amount' | 'currencyCode'> }, currentTotalTaxSet: { shopMoney: Pick<AdminTypes.MoneyV2, 'amount'> } }
    )> } };

export type NetMarginShopQueryVariables = AdminTypes.Exact<{ [key: string]: never; }>;


export type NetMarginShopQuery = { shop: (
    Pick<AdminTypes.Shop, 'name' | 'myshopifyDomain' | 'currencyCode' | 'ianaTimezone' | 'taxesIncluded'>
    & { plan: Pick<AdminTypes.ShopPlan, 'partnerDevelopment' | 'shopifyPlus'> }
  ) };

interface GeneratedQueryTypes {
  "#graphql\n  query NetMarginLatestOrders($first: Int!) {\n    orders(first: $first, sortKey: PROCESSED_AT, reverse: true) {\n      nodes {\n        id\n        name\n        processedAt\n        displayFinancialStatus\n        currentSubtotalPriceSet {\n          shopMoney {\n            amount\n            currencyCode\n          }\n        }\n        currentTotalTaxSet {\n          shopMoney {\n            amount\n          }\n        }\n        taxesIncluded\n      }\n    }\n  }\n": {return: NetMarginLatestOrdersQuery, variables: NetMarginLatestOrdersQueryVariables},
  "#graphql\n  query NetMarginShop {\n    shop {\n      name\n      myshopifyDomain\n      currencyCode\n      ianaTimezone\n      taxesIncluded\n      plan {\n        partnerDevelopment\n        shopifyPlus\n      }\n    }\n  }\n": {return: NetMarginShopQuery, variables: NetMarginShopQueryVariables},
}

interface GeneratedMutationTypes {
}
declare module '@shopify/admin-api-client' {
  type InputMaybe<T> = AdminTypes.InputMaybe<T>;
  interface AdminQueries extends GeneratedQueryTypes {}
  interface AdminMutations extends GeneratedMutationTypes {}
}
