/* eslint-disable eslint-comments/disable-enable-pair */
/* eslint-disable eslint-comments/no-unlimited-disable */
/* eslint-disable */
import type * as AdminTypes from './admin.types.d.ts';

export type NetMarginAppMetafieldsSetMutationVariables = AdminTypes.Exact<{
  metafields: Array<AdminTypes.MetafieldsSetInput> | AdminTypes.MetafieldsSetInput;
}>;


export type NetMarginAppMetafieldsSetMutation = { metafieldsSet?: AdminTypes.Maybe<{ metafields?: AdminTypes.Maybe<Array<Pick<AdminTypes.Metafield, 'id' | 'namespace' | 'key' | 'type' | 'value'>>>, userErrors: Array<Pick<AdminTypes.MetafieldsSetUserError, 'field' | 'code' | 'message'>> }> };

export type NetMarginFreeShippingDiscountCreateMutationVariables = AdminTypes.Exact<{
  discount: AdminTypes.DiscountAutomaticFreeShippingInput;
}>;


export type NetMarginFreeShippingDiscountCreateMutation = { discountAutomaticFreeShippingCreate?: AdminTypes.Maybe<{ automaticDiscountNode?: AdminTypes.Maybe<Pick<AdminTypes.DiscountAutomaticNode, 'id'>>, userErrors: Array<Pick<AdminTypes.DiscountUserError, 'field' | 'code' | 'message'>> }> };

export type NetMarginFreeShippingDiscountUpdateMutationVariables = AdminTypes.Exact<{
  id: AdminTypes.Scalars['ID']['input'];
  discount: AdminTypes.DiscountAutomaticFreeShippingInput;
}>;


export type NetMarginFreeShippingDiscountUpdateMutation = { discountAutomaticFreeShippingUpdate?: AdminTypes.Maybe<{ automaticDiscountNode?: AdminTypes.Maybe<Pick<AdminTypes.DiscountAutomaticNode, 'id'>>, userErrors: Array<Pick<AdminTypes.DiscountUserError, 'field' | 'code' | 'message'>> }> };

export type NetMarginFreeShippingDiscountsQueryVariables = AdminTypes.Exact<{
  query: AdminTypes.Scalars['String']['input'];
}>;


export type NetMarginFreeShippingDiscountsQuery = { shop: Pick<AdminTypes.Shop, 'currencyCode'>, currentAppInstallation: Pick<AdminTypes.AppInstallation, 'id'>, discountNodes: { nodes: Array<(
      Pick<AdminTypes.DiscountNode, 'id'>
      & { discount: { __typename: 'DiscountAutomaticApp' | 'DiscountAutomaticBasic' | 'DiscountAutomaticBxgy' | 'DiscountCodeApp' | 'DiscountCodeBasic' | 'DiscountCodeBxgy' | 'DiscountCodeFreeShipping' } | (
        { __typename: 'DiscountAutomaticFreeShipping' }
        & Pick<AdminTypes.DiscountAutomaticFreeShipping, 'title' | 'status' | 'tags' | 'startsAt' | 'endsAt'>
        & { minimumRequirement?: AdminTypes.Maybe<{ __typename: 'DiscountMinimumQuantity' } | (
          { __typename: 'DiscountMinimumSubtotal' }
          & { greaterThanOrEqualToSubtotal: Pick<AdminTypes.MoneyV2, 'amount' | 'currencyCode'> }
        )> }
      ) }
    )> } };

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
  "#graphql\n  query NetMarginFreeShippingDiscounts($query: String!) {\n    shop {\n      currencyCode\n    }\n    currentAppInstallation {\n      id\n    }\n    discountNodes(first: 50, query: $query) {\n      nodes {\n        id\n        discount {\n          __typename\n          ... on DiscountAutomaticFreeShipping {\n            title\n            status\n            tags\n            startsAt\n            endsAt\n            minimumRequirement {\n              __typename\n              ... on DiscountMinimumSubtotal {\n                greaterThanOrEqualToSubtotal {\n                  amount\n                  currencyCode\n                }\n              }\n            }\n          }\n        }\n      }\n    }\n  }\n": {return: NetMarginFreeShippingDiscountsQuery, variables: NetMarginFreeShippingDiscountsQueryVariables},
  "#graphql\n  query NetMarginLatestOrders($first: Int!) {\n    orders(first: $first, sortKey: PROCESSED_AT, reverse: true) {\n      nodes {\n        id\n        name\n        processedAt\n        displayFinancialStatus\n        currentSubtotalPriceSet {\n          shopMoney {\n            amount\n            currencyCode\n          }\n        }\n        currentTotalTaxSet {\n          shopMoney {\n            amount\n          }\n        }\n        taxesIncluded\n      }\n    }\n  }\n": {return: NetMarginLatestOrdersQuery, variables: NetMarginLatestOrdersQueryVariables},
  "#graphql\n  query NetMarginShop {\n    shop {\n      name\n      myshopifyDomain\n      currencyCode\n      ianaTimezone\n      taxesIncluded\n      plan {\n        partnerDevelopment\n        shopifyPlus\n      }\n    }\n  }\n": {return: NetMarginShopQuery, variables: NetMarginShopQueryVariables},
}

interface GeneratedMutationTypes {
  "#graphql\n  mutation NetMarginAppMetafieldsSet($metafields: [MetafieldsSetInput!]!) {\n    metafieldsSet(metafields: $metafields) {\n      metafields {\n        id\n        namespace\n        key\n        type\n        value\n      }\n      userErrors {\n        field\n        code\n        message\n      }\n    }\n  }\n": {return: NetMarginAppMetafieldsSetMutation, variables: NetMarginAppMetafieldsSetMutationVariables},
  "#graphql\n  mutation NetMarginFreeShippingDiscountCreate($discount: DiscountAutomaticFreeShippingInput!) {\n    discountAutomaticFreeShippingCreate(freeShippingAutomaticDiscount: $discount) {\n      automaticDiscountNode {\n        id\n      }\n      userErrors {\n        field\n        code\n        message\n      }\n    }\n  }\n": {return: NetMarginFreeShippingDiscountCreateMutation, variables: NetMarginFreeShippingDiscountCreateMutationVariables},
  "#graphql\n  mutation NetMarginFreeShippingDiscountUpdate($id: ID!, $discount: DiscountAutomaticFreeShippingInput!) {\n    discountAutomaticFreeShippingUpdate(id: $id, freeShippingAutomaticDiscount: $discount) {\n      automaticDiscountNode {\n        id\n      }\n      userErrors {\n        field\n        code\n        message\n      }\n    }\n  }\n": {return: NetMarginFreeShippingDiscountUpdateMutation, variables: NetMarginFreeShippingDiscountUpdateMutationVariables},
}
declare module '@shopify/admin-api-client' {
  type InputMaybe<T> = AdminTypes.InputMaybe<T>;
  interface AdminQueries extends GeneratedQueryTypes {}
  interface AdminMutations extends GeneratedMutationTypes {}
}
