/* eslint-disable eslint-comments/disable-enable-pair */
/* eslint-disable eslint-comments/no-unlimited-disable */
/* eslint-disable */
import type * as AdminTypes from './admin.types.d.ts';

export type NetMarginAppMetafieldsSetMutationVariables = AdminTypes.Exact<{
  metafields: Array<AdminTypes.MetafieldsSetInput> | AdminTypes.MetafieldsSetInput;
}>;


export type NetMarginAppMetafieldsSetMutation = { metafieldsSet?: AdminTypes.Maybe<{ metafields?: AdminTypes.Maybe<Array<Pick<AdminTypes.Metafield, 'id' | 'namespace' | 'key' | 'type' | 'value'>>>, userErrors: Array<Pick<AdminTypes.MetafieldsSetUserError, 'field' | 'code' | 'message'>> }> };

export type NetMarginBulkOperationQueryVariables = AdminTypes.Exact<{
  id: AdminTypes.Scalars['ID']['input'];
}>;


export type NetMarginBulkOperationQuery = { bulkOperation?: AdminTypes.Maybe<Pick<AdminTypes.BulkOperation, 'id' | 'status' | 'errorCode' | 'objectCount' | 'rootObjectCount' | 'url' | 'partialDataUrl' | 'createdAt' | 'completedAt'>> };

export type NetMarginBulkOperationRunQueryMutationVariables = AdminTypes.Exact<{
  query: AdminTypes.Scalars['String']['input'];
}>;


export type NetMarginBulkOperationRunQueryMutation = { bulkOperationRunQuery?: AdminTypes.Maybe<{ bulkOperation?: AdminTypes.Maybe<Pick<AdminTypes.BulkOperation, 'id' | 'status'>>, userErrors: Array<Pick<AdminTypes.BulkOperationUserError, 'field' | 'message' | 'code'>> }> };

export type NetMarginDeliveryProfilesQueryVariables = AdminTypes.Exact<{
  after?: AdminTypes.InputMaybe<AdminTypes.Scalars['String']['input']>;
  locationGroupId?: AdminTypes.InputMaybe<AdminTypes.Scalars['ID']['input']>;
  zonesFirst?: AdminTypes.InputMaybe<AdminTypes.Scalars['Int']['input']>;
  zonesAfter?: AdminTypes.InputMaybe<AdminTypes.Scalars['String']['input']>;
  methodsAfter?: AdminTypes.InputMaybe<AdminTypes.Scalars['String']['input']>;
}>;


export type NetMarginDeliveryProfilesQuery = { deliveryProfiles: { pageInfo: Pick<AdminTypes.PageInfo, 'hasNextPage' | 'endCursor'>, nodes: Array<(
      Pick<AdminTypes.DeliveryProfile, 'id' | 'name' | 'default'>
      & { profileLocationGroups: Array<{ locationGroup: Pick<AdminTypes.DeliveryLocationGroup, 'id'>, locationGroupZones: { pageInfo: Pick<AdminTypes.PageInfo, 'hasNextPage' | 'endCursor'>, edges: Array<(
            Pick<AdminTypes.DeliveryLocationGroupZoneEdge, 'cursor'>
            & { node: { zone: (
                Pick<AdminTypes.DeliveryZone, 'id' | 'name'>
                & { countries: Array<{ code: Pick<AdminTypes.DeliveryCountryCodeOrRestOfWorld, 'countryCode' | 'restOfWorld'> }> }
              ), methodDefinitions: { pageInfo: Pick<AdminTypes.PageInfo, 'hasNextPage' | 'endCursor'>, nodes: Array<(
                  Pick<AdminTypes.DeliveryMethodDefinition, 'id' | 'name' | 'active'>
                  & { rateProvider: { __typename: 'DeliveryParticipant' } | (
                    { __typename: 'DeliveryRateDefinition' }
                    & { price: Pick<AdminTypes.MoneyV2, 'amount' | 'currencyCode'> }
                  ), methodConditions: Array<(
                    Pick<AdminTypes.DeliveryCondition, 'field' | 'operator'>
                    & { conditionCriteria: (
                      { __typename: 'MoneyV2' }
                      & Pick<AdminTypes.MoneyV2, 'amount' | 'currencyCode'>
                    ) | (
                      { __typename: 'Weight' }
                      & Pick<AdminTypes.Weight, 'value' | 'unit'>
                    ) }
                  )> }
                )> } } }
          )> } }> }
    )> } };

export type NetMarginDoctorInstallationQueryVariables = AdminTypes.Exact<{ [key: string]: never; }>;


export type NetMarginDoctorInstallationQuery = { shop: Pick<AdminTypes.Shop, 'myshopifyDomain'>, currentAppInstallation: { accessScopes: Array<Pick<AdminTypes.AccessScope, 'handle'>> } };

export type NetMarginDoctorRecentOrdersQueryVariables = AdminTypes.Exact<{ [key: string]: never; }>;


export type NetMarginDoctorRecentOrdersQuery = { orders: { nodes: Array<(
      Pick<AdminTypes.Order, 'id' | 'requiresShipping'>
      & { shippingAddress?: AdminTypes.Maybe<Pick<AdminTypes.MailingAddress, 'countryCodeV2'>> }
    )> } };

export type NetMarginBulkOperationCancelMutationVariables = AdminTypes.Exact<{
  id: AdminTypes.Scalars['ID']['input'];
}>;


export type NetMarginBulkOperationCancelMutation = { bulkOperationCancel?: AdminTypes.Maybe<{ bulkOperation?: AdminTypes.Maybe<Pick<AdminTypes.BulkOperation, 'id' | 'status'>>, userErrors: Array<Pick<AdminTypes.UserError, 'field' | 'message'>> }> };

export type NetMarginFreeShippingDiscountByIdQueryVariables = AdminTypes.Exact<{
  id: AdminTypes.Scalars['ID']['input'];
}>;


export type NetMarginFreeShippingDiscountByIdQuery = { discountNode?: AdminTypes.Maybe<(
    Pick<AdminTypes.DiscountNode, 'id'>
    & { discount: { __typename: 'DiscountAutomaticApp' | 'DiscountAutomaticBasic' | 'DiscountAutomaticBxgy' | 'DiscountCodeApp' | 'DiscountCodeBasic' | 'DiscountCodeBxgy' } | (
      { __typename: 'DiscountAutomaticFreeShipping' }
      & Pick<AdminTypes.DiscountAutomaticFreeShipping, 'title' | 'status' | 'tags' | 'startsAt' | 'endsAt'>
      & { minimumRequirement?: AdminTypes.Maybe<{ __typename: 'DiscountMinimumQuantity' } | (
        { __typename: 'DiscountMinimumSubtotal' }
        & { greaterThanOrEqualToSubtotal: Pick<AdminTypes.MoneyV2, 'amount' | 'currencyCode'> }
      )> }
    ) | (
      { __typename: 'DiscountCodeFreeShipping' }
      & Pick<AdminTypes.DiscountCodeFreeShipping, 'title' | 'status'>
      & { codes: { nodes: Array<Pick<AdminTypes.DiscountRedeemCode, 'code'>> }, minimumRequirement?: AdminTypes.Maybe<{ __typename: 'DiscountMinimumQuantity' } | (
        { __typename: 'DiscountMinimumSubtotal' }
        & { greaterThanOrEqualToSubtotal: Pick<AdminTypes.MoneyV2, 'amount' | 'currencyCode'> }
      )> }
    ) }
  )> };

export type NetMarginFreeShippingDiscountCreateMutationVariables = AdminTypes.Exact<{
  discount: AdminTypes.DiscountAutomaticFreeShippingInput;
}>;


export type NetMarginFreeShippingDiscountCreateMutation = { discountAutomaticFreeShippingCreate?: AdminTypes.Maybe<{ automaticDiscountNode?: AdminTypes.Maybe<Pick<AdminTypes.DiscountAutomaticNode, 'id'>>, userErrors: Array<Pick<AdminTypes.DiscountUserError, 'field' | 'code' | 'message'>> }> };

export type NetMarginFreeShippingDiscountFieldsFragment = (
  Pick<AdminTypes.DiscountNode, 'id'>
  & { discount: { __typename: 'DiscountAutomaticApp' | 'DiscountAutomaticBasic' | 'DiscountAutomaticBxgy' | 'DiscountCodeApp' | 'DiscountCodeBasic' | 'DiscountCodeBxgy' } | (
    { __typename: 'DiscountAutomaticFreeShipping' }
    & Pick<AdminTypes.DiscountAutomaticFreeShipping, 'title' | 'status' | 'tags' | 'startsAt' | 'endsAt'>
    & { minimumRequirement?: AdminTypes.Maybe<{ __typename: 'DiscountMinimumQuantity' } | (
      { __typename: 'DiscountMinimumSubtotal' }
      & { greaterThanOrEqualToSubtotal: Pick<AdminTypes.MoneyV2, 'amount' | 'currencyCode'> }
    )> }
  ) | (
    { __typename: 'DiscountCodeFreeShipping' }
    & Pick<AdminTypes.DiscountCodeFreeShipping, 'title' | 'status'>
    & { codes: { nodes: Array<Pick<AdminTypes.DiscountRedeemCode, 'code'>> }, minimumRequirement?: AdminTypes.Maybe<{ __typename: 'DiscountMinimumQuantity' } | (
      { __typename: 'DiscountMinimumSubtotal' }
      & { greaterThanOrEqualToSubtotal: Pick<AdminTypes.MoneyV2, 'amount' | 'currencyCode'> }
    )> }
  ) }
);

export type NetMarginFreeShippingDiscountUpdateMutationVariables = AdminTypes.Exact<{
  id: AdminTypes.Scalars['ID']['input'];
  discount: AdminTypes.DiscountAutomaticFreeShippingInput;
}>;


export type NetMarginFreeShippingDiscountUpdateMutation = { discountAutomaticFreeShippingUpdate?: AdminTypes.Maybe<{ automaticDiscountNode?: AdminTypes.Maybe<Pick<AdminTypes.DiscountAutomaticNode, 'id'>>, userErrors: Array<Pick<AdminTypes.DiscountUserError, 'field' | 'code' | 'message'>> }> };

export type NetMarginFreeShippingDiscountsQueryVariables = AdminTypes.Exact<{
  query: AdminTypes.Scalars['String']['input'];
  codeQuery: AdminTypes.Scalars['String']['input'];
}>;


export type NetMarginFreeShippingDiscountsQuery = { shop: Pick<AdminTypes.Shop, 'currencyCode'>, currentAppInstallation: (
    Pick<AdminTypes.AppInstallation, 'id'>
    & { discountId?: AdminTypes.Maybe<Pick<AdminTypes.Metafield, 'value'>> }
  ), discountNodes: { nodes: Array<(
      Pick<AdminTypes.DiscountNode, 'id'>
      & { discount: { __typename: 'DiscountAutomaticApp' | 'DiscountAutomaticBasic' | 'DiscountAutomaticBxgy' | 'DiscountCodeApp' | 'DiscountCodeBasic' | 'DiscountCodeBxgy' } | (
        { __typename: 'DiscountAutomaticFreeShipping' }
        & Pick<AdminTypes.DiscountAutomaticFreeShipping, 'title' | 'status' | 'tags' | 'startsAt' | 'endsAt'>
        & { minimumRequirement?: AdminTypes.Maybe<{ __typename: 'DiscountMinimumQuantity' } | (
          { __typename: 'DiscountMinimumSubtotal' }
          & { greaterThanOrEqualToSubtotal: Pick<AdminTypes.MoneyV2, 'amount' | 'currencyCode'> }
        )> }
      ) | (
        { __typename: 'DiscountCodeFreeShipping' }
        & Pick<AdminTypes.DiscountCodeFreeShipping, 'title' | 'status'>
        & { codes: { nodes: Array<Pick<AdminTypes.DiscountRedeemCode, 'code'>> }, minimumRequirement?: AdminTypes.Maybe<{ __typename: 'DiscountMinimumQuantity' } | (
          { __typename: 'DiscountMinimumSubtotal' }
          & { greaterThanOrEqualToSubtotal: Pick<AdminTypes.MoneyV2, 'amount' | 'currencyCode'> }
        )> }
      ) }
    )> }, codeDiscounts: { nodes: Array<(
      Pick<AdminTypes.DiscountNode, 'id'>
      & { discount: { __typename: 'DiscountAutomaticApp' | 'DiscountAutomaticBasic' | 'DiscountAutomaticBxgy' | 'DiscountCodeApp' | 'DiscountCodeBasic' | 'DiscountCodeBxgy' } | (
        { __typename: 'DiscountAutomaticFreeShipping' }
        & Pick<AdminTypes.DiscountAutomaticFreeShipping, 'title' | 'status' | 'tags' | 'startsAt' | 'endsAt'>
        & { minimumRequirement?: AdminTypes.Maybe<{ __typename: 'DiscountMinimumQuantity' } | (
          { __typename: 'DiscountMinimumSubtotal' }
          & { greaterThanOrEqualToSubtotal: Pick<AdminTypes.MoneyV2, 'amount' | 'currencyCode'> }
        )> }
      ) | (
        { __typename: 'DiscountCodeFreeShipping' }
        & Pick<AdminTypes.DiscountCodeFreeShipping, 'title' | 'status'>
        & { codes: { nodes: Array<Pick<AdminTypes.DiscountRedeemCode, 'code'>> }, minimumRequirement?: AdminTypes.Maybe<{ __typename: 'DiscountMinimumQuantity' } | (
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

export type NetMarginOrderFieldsFragment = (
  Pick<AdminTypes.Order, 'id' | 'name' | 'processedAt' | 'updatedAt' | 'cancelledAt' | 'test' | 'displayFinancialStatus' | 'displayFulfillmentStatus' | 'taxesIncluded' | 'currencyCode' | 'sourceName'>
  & { shippingAddress?: AdminTypes.Maybe<Pick<AdminTypes.MailingAddress, 'countryCodeV2'>>, totalOutstandingSet: { shopMoney: Pick<AdminTypes.MoneyV2, 'amount'> }, paymentTerms?: AdminTypes.Maybe<Pick<AdminTypes.PaymentTerms, 'paymentTermsType' | 'dueInDays'>> }
);

export type NetMarginLineItemFieldsFragment = (
  Pick<AdminTypes.LineItem, 'id' | 'name' | 'title' | 'sku' | 'quantity' | 'currentQuantity' | 'requiresShipping' | 'isGiftCard'>
  & { variant?: AdminTypes.Maybe<Pick<AdminTypes.ProductVariant, 'id'>>, product?: AdminTypes.Maybe<Pick<AdminTypes.Product, 'id'>>, weight?: AdminTypes.Maybe<Pick<AdminTypes.Weight, 'value' | 'unit'>>, originalUnitPriceSet: { shopMoney: Pick<AdminTypes.MoneyV2, 'amount'> }, discountAllocations: Array<{ allocatedAmountSet: { shopMoney: Pick<AdminTypes.MoneyV2, 'amount'> } }>, taxLines: Array<(
    Pick<AdminTypes.TaxLine, 'rate'>
    & { priceSet: { shopMoney: Pick<AdminTypes.MoneyV2, 'amount'> } }
  )> }
);

export type NetMarginShippingLineFieldsFragment = (
  Pick<AdminTypes.ShippingLine, 'id' | 'title' | 'code' | 'source' | 'isRemoved'>
  & { originalPriceSet: { shopMoney: Pick<AdminTypes.MoneyV2, 'amount'> }, discountedPriceSet: { shopMoney: Pick<AdminTypes.MoneyV2, 'amount'> }, taxLines: Array<(
    Pick<AdminTypes.TaxLine, 'rate'>
    & { priceSet: { shopMoney: Pick<AdminTypes.MoneyV2, 'amount'> } }
  )> }
);

export type NetMarginTransactionFieldsFragment = (
  Pick<AdminTypes.OrderTransaction, 'kind' | 'status' | 'gateway'>
  & { amountSet: { shopMoney: Pick<AdminTypes.MoneyV2, 'amount' | 'currencyCode'> }, fees: Array<{ amount: Pick<AdminTypes.MoneyV2, 'amount' | 'currencyCode'> }> }
);

export type NetMarginRefundFieldsFragment = Pick<AdminTypes.Refund, 'id' | 'processedAt' | 'createdAt'>;

export type NetMarginRefundLineItemFieldsFragment = (
  Pick<AdminTypes.RefundLineItem, 'quantity'>
  & { lineItem: Pick<AdminTypes.LineItem, 'id'>, subtotalSet: { shopMoney: Pick<AdminTypes.MoneyV2, 'amount'> }, totalTaxSet: { shopMoney: Pick<AdminTypes.MoneyV2, 'amount'> } }
);

export type NetMarginRefundShippingLineFieldsFragment = { shippingLine: Pick<AdminTypes.ShippingLine, 'id'>, subtotalAmountSet: { shopMoney: Pick<AdminTypes.MoneyV2, 'amount'> }, taxAmountSet: { shopMoney: Pick<AdminTypes.MoneyV2, 'amount'> } };

export type NetMarginOrderSyncLinesQueryVariables = AdminTypes.Exact<{
  id: AdminTypes.Scalars['ID']['input'];
  after: AdminTypes.Scalars['String']['input'];
}>;


export type NetMarginOrderSyncLinesQuery = { order?: AdminTypes.Maybe<(
    Pick<AdminTypes.Order, 'updatedAt'>
    & { lineItems: { pageInfo: Pick<AdminTypes.PageInfo, 'hasNextPage' | 'endCursor'>, nodes: Array<(
        Pick<AdminTypes.LineItem, 'id' | 'name' | 'title' | 'sku' | 'quantity' | 'currentQuantity' | 'requiresShipping' | 'isGiftCard'>
        & { variant?: AdminTypes.Maybe<Pick<AdminTypes.ProductVariant, 'id'>>, product?: AdminTypes.Maybe<Pick<AdminTypes.Product, 'id'>>, weight?: AdminTypes.Maybe<Pick<AdminTypes.Weight, 'value' | 'unit'>>, originalUnitPriceSet: { shopMoney: Pick<AdminTypes.MoneyV2, 'amount'> }, discountAllocations: Array<{ allocatedAmountSet: { shopMoney: Pick<AdminTypes.MoneyV2, 'amount'> } }>, taxLines: Array<(
          Pick<AdminTypes.TaxLine, 'rate'>
          & { priceSet: { shopMoney: Pick<AdminTypes.MoneyV2, 'amount'> } }
        )> }
      )> } }
  )> };

export type NetMarginOrderSyncRefundIdsQueryVariables = AdminTypes.Exact<{
  id: AdminTypes.Scalars['ID']['input'];
}>;


export type NetMarginOrderSyncRefundIdsQuery = { order?: AdminTypes.Maybe<(
    Pick<AdminTypes.Order, 'updatedAt'>
    & { refunds: Array<Pick<AdminTypes.Refund, 'id'>> }
  )> };

export type NetMarginOrderSyncRefundQueryVariables = AdminTypes.Exact<{
  id: AdminTypes.Scalars['ID']['input'];
  linesAfter?: AdminTypes.InputMaybe<AdminTypes.Scalars['String']['input']>;
  shippingAfter?: AdminTypes.InputMaybe<AdminTypes.Scalars['String']['input']>;
}>;


export type NetMarginOrderSyncRefundQuery = { refund?: AdminTypes.Maybe<(
    Pick<AdminTypes.Refund, 'id' | 'processedAt' | 'createdAt'>
    & { order: Pick<AdminTypes.Order, 'id' | 'updatedAt'>, refundLineItems: { pageInfo: Pick<AdminTypes.PageInfo, 'hasNextPage' | 'endCursor'>, nodes: Array<(
        Pick<AdminTypes.RefundLineItem, 'quantity'>
        & { lineItem: Pick<AdminTypes.LineItem, 'id'>, subtotalSet: { shopMoney: Pick<AdminTypes.MoneyV2, 'amount'> }, totalTaxSet: { shopMoney: Pick<AdminTypes.MoneyV2, 'amount'> } }
      )> }, refundShippingLines: { pageInfo: Pick<AdminTypes.PageInfo, 'hasNextPage' | 'endCursor'>, nodes: Array<{ shippingLine: Pick<AdminTypes.ShippingLine, 'id'>, subtotalAmountSet: { shopMoney: Pick<AdminTypes.MoneyV2, 'amount'> }, taxAmountSet: { shopMoney: Pick<AdminTypes.MoneyV2, 'amount'> } }> } }
  )> };

export type NetMarginOrderSyncShippingLinesQueryVariables = AdminTypes.Exact<{
  id: AdminTypes.Scalars['ID']['input'];
  after: AdminTypes.Scalars['String']['input'];
}>;


export type NetMarginOrderSyncShippingLinesQuery = { order?: AdminTypes.Maybe<(
    Pick<AdminTypes.Order, 'updatedAt'>
    & { shippingLines: { pageInfo: Pick<AdminTypes.PageInfo, 'hasNextPage' | 'endCursor'>, nodes: Array<(
        Pick<AdminTypes.ShippingLine, 'id' | 'title' | 'code' | 'source' | 'isRemoved'>
        & { originalPriceSet: { shopMoney: Pick<AdminTypes.MoneyV2, 'amount'> }, discountedPriceSet: { shopMoney: Pick<AdminTypes.MoneyV2, 'amount'> }, taxLines: Array<(
          Pick<AdminTypes.TaxLine, 'rate'>
          & { priceSet: { shopMoney: Pick<AdminTypes.MoneyV2, 'amount'> } }
        )> }
      )> } }
  )> };

export type NetMarginOrderSyncQueryVariables = AdminTypes.Exact<{
  id: AdminTypes.Scalars['ID']['input'];
}>;


export type NetMarginOrderSyncQuery = { order?: AdminTypes.Maybe<(
    Pick<AdminTypes.Order, 'id' | 'name' | 'processedAt' | 'updatedAt' | 'cancelledAt' | 'test' | 'displayFinancialStatus' | 'displayFulfillmentStatus' | 'taxesIncluded' | 'currencyCode' | 'sourceName'>
    & { fulfillments: Array<Pick<AdminTypes.Fulfillment, 'status'>>, transactions: Array<(
      Pick<AdminTypes.OrderTransaction, 'kind' | 'status' | 'gateway'>
      & { amountSet: { shopMoney: Pick<AdminTypes.MoneyV2, 'amount' | 'currencyCode'> }, fees: Array<{ amount: Pick<AdminTypes.MoneyV2, 'amount' | 'currencyCode'> }> }
    )>, refunds: Array<(
      Pick<AdminTypes.Refund, 'id' | 'processedAt' | 'createdAt'>
      & { refundLineItems: { pageInfo: Pick<AdminTypes.PageInfo, 'hasNextPage' | 'endCursor'>, nodes: Array<(
          Pick<AdminTypes.RefundLineItem, 'quantity'>
          & { lineItem: Pick<AdminTypes.LineItem, 'id'>, subtotalSet: { shopMoney: Pick<AdminTypes.MoneyV2, 'amount'> }, totalTaxSet: { shopMoney: Pick<AdminTypes.MoneyV2, 'amount'> } }
        )> }, refundShippingLines: { pageInfo: Pick<AdminTypes.PageInfo, 'hasNextPage' | 'endCursor'>, nodes: Array<{ shippingLine: Pick<AdminTypes.ShippingLine, 'id'>, subtotalAmountSet: { shopMoney: Pick<AdminTypes.MoneyV2, 'amount'> }, taxAmountSet: { shopMoney: Pick<AdminTypes.MoneyV2, 'amount'> } }> } }
    )>, shippingLines: { pageInfo: Pick<AdminTypes.PageInfo, 'hasNextPage' | 'endCursor'>, nodes: Array<(
        Pick<AdminTypes.ShippingLine, 'id' | 'title' | 'code' | 'source' | 'isRemoved'>
        & { originalPriceSet: { shopMoney: Pick<AdminTypes.MoneyV2, 'amount'> }, discountedPriceSet: { shopMoney: Pick<AdminTypes.MoneyV2, 'amount'> }, taxLines: Array<(
          Pick<AdminTypes.TaxLine, 'rate'>
          & { priceSet: { shopMoney: Pick<AdminTypes.MoneyV2, 'amount'> } }
        )> }
      )> }, lineItems: { pageInfo: Pick<AdminTypes.PageInfo, 'hasNextPage' | 'endCursor'>, nodes: Array<(
        Pick<AdminTypes.LineItem, 'id' | 'name' | 'title' | 'sku' | 'quantity' | 'currentQuantity' | 'requiresShipping' | 'isGiftCard'>
        & { variant?: AdminTypes.Maybe<Pick<AdminTypes.ProductVariant, 'id'>>, product?: AdminTypes.Maybe<Pick<AdminTypes.Product, 'id'>>, weight?: AdminTypes.Maybe<Pick<AdminTypes.Weight, 'value' | 'unit'>>, originalUnitPriceSet: { shopMoney: Pick<AdminTypes.MoneyV2, 'amount'> }, discountAllocations: Array<{ allocatedAmountSet: { shopMoney: Pick<AdminTypes.MoneyV2, 'amount'> } }>, taxLines: Array<(
          Pick<AdminTypes.TaxLine, 'rate'>
          & { priceSet: { shopMoney: Pick<AdminTypes.MoneyV2, 'amount'> } }
        )> }
      )> }, shippingAddress?: AdminTypes.Maybe<Pick<AdminTypes.MailingAddress, 'countryCodeV2'>>, totalOutstandingSet: { shopMoney: Pick<AdminTypes.MoneyV2, 'amount'> }, paymentTerms?: AdminTypes.Maybe<Pick<AdminTypes.PaymentTerms, 'paymentTermsType' | 'dueInDays'>> }
  )> };

export type NetMarginOrderSyncTransactionsQueryVariables = AdminTypes.Exact<{
  id: AdminTypes.Scalars['ID']['input'];
}>;


export type NetMarginOrderSyncTransactionsQuery = { order?: AdminTypes.Maybe<(
    Pick<AdminTypes.Order, 'updatedAt'>
    & { transactions: Array<(
      Pick<AdminTypes.OrderTransaction, 'kind' | 'status' | 'gateway'>
      & { amountSet: { shopMoney: Pick<AdminTypes.MoneyV2, 'amount' | 'currencyCode'> }, fees: Array<{ amount: Pick<AdminTypes.MoneyV2, 'amount' | 'currencyCode'> }> }
    )> }
  )> };

export type NetMarginOrdersUpdatedSinceQueryVariables = AdminTypes.Exact<{
  query: AdminTypes.Scalars['String']['input'];
  after?: AdminTypes.InputMaybe<AdminTypes.Scalars['String']['input']>;
}>;


export type NetMarginOrdersUpdatedSinceQuery = { orders: { pageInfo: Pick<AdminTypes.PageInfo, 'hasNextPage' | 'endCursor'>, nodes: Array<Pick<AdminTypes.Order, 'id' | 'updatedAt'>> } };

export type NetMarginRefundLinesQueryVariables = AdminTypes.Exact<{
  ids: Array<AdminTypes.Scalars['ID']['input']> | AdminTypes.Scalars['ID']['input'];
  linesFirst: AdminTypes.Scalars['Int']['input'];
  shippingFirst: AdminTypes.Scalars['Int']['input'];
}>;


export type NetMarginRefundLinesQuery = { nodes: Array<AdminTypes.Maybe<(
    Pick<AdminTypes.Refund, 'id'>
    & { refundLineItems: { pageInfo: Pick<AdminTypes.PageInfo, 'hasNextPage' | 'endCursor'>, nodes: Array<(
        Pick<AdminTypes.RefundLineItem, 'quantity'>
        & { lineItem: Pick<AdminTypes.LineItem, 'id'>, subtotalSet: { shopMoney: Pick<AdminTypes.MoneyV2, 'amount'> }, totalTaxSet: { shopMoney: Pick<AdminTypes.MoneyV2, 'amount'> } }
      )> }, refundShippingLines: { pageInfo: Pick<AdminTypes.PageInfo, 'hasNextPage' | 'endCursor'>, nodes: Array<{ shippingLine: Pick<AdminTypes.ShippingLine, 'id'>, subtotalAmountSet: { shopMoney: Pick<AdminTypes.MoneyV2, 'amount'> }, taxAmountSet: { shopMoney: Pick<AdminTypes.MoneyV2, 'amount'> } }> } }
  )>> };

export type NetMarginShopQueryVariables = AdminTypes.Exact<{ [key: string]: never; }>;


export type NetMarginShopQuery = { shop: (
    Pick<AdminTypes.Shop, 'name' | 'myshopifyDomain' | 'currencyCode' | 'ianaTimezone' | 'taxesIncluded'>
    & { plan: Pick<AdminTypes.ShopPlan, 'partnerDevelopment' | 'shopifyPlus'> }
  ) };

interface GeneratedQueryTypes {
  "#graphql\n  query NetMarginBulkOperation($id: ID!) {\n    bulkOperation(id: $id) {\n      id\n      status\n      errorCode\n      objectCount\n      rootObjectCount\n      url\n      partialDataUrl\n      createdAt\n      completedAt\n    }\n  }\n": {return: NetMarginBulkOperationQuery, variables: NetMarginBulkOperationQueryVariables},
  "#graphql\n  query NetMarginDeliveryProfiles($after: String, $locationGroupId: ID, $zonesFirst: Int = 5, $zonesAfter: String, $methodsAfter: String) {\n    deliveryProfiles(first: 1, after: $after) {\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      nodes {\n        id\n        name\n        default\n        profileLocationGroups(locationGroupId: $locationGroupId) {\n          locationGroup {\n            id\n          }\n          locationGroupZones(first: $zonesFirst, after: $zonesAfter) {\n            pageInfo {\n              hasNextPage\n              endCursor\n            }\n            edges {\n              cursor\n              node {\n                zone {\n                  id\n                  name\n                  countries {\n                    code {\n                      countryCode\n                      restOfWorld\n                    }\n                  }\n                }\n                methodDefinitions(first: 20, after: $methodsAfter) {\n                  pageInfo {\n                    hasNextPage\n                    endCursor\n                  }\n                  nodes {\n                    id\n                    name\n                    active\n                    rateProvider {\n                      __typename\n                      ... on DeliveryRateDefinition {\n                        price {\n                          amount\n                          currencyCode\n                        }\n                      }\n                    }\n                    methodConditions {\n                      field\n                      operator\n                      conditionCriteria {\n                        __typename\n                        ... on MoneyV2 {\n                          amount\n                          currencyCode\n                        }\n                        ... on Weight {\n                          value\n                          unit\n                        }\n                      }\n                    }\n                  }\n                }\n              }\n            }\n          }\n        }\n      }\n    }\n  }\n": {return: NetMarginDeliveryProfilesQuery, variables: NetMarginDeliveryProfilesQueryVariables},
  "#graphql\n  query NetMarginDoctorInstallation {\n    shop {\n      myshopifyDomain\n    }\n    currentAppInstallation {\n      accessScopes {\n        handle\n      }\n    }\n  }\n": {return: NetMarginDoctorInstallationQuery, variables: NetMarginDoctorInstallationQueryVariables},
  "#graphql\n  query NetMarginDoctorRecentOrders {\n    orders(first: 10, sortKey: PROCESSED_AT, reverse: true) {\n      nodes {\n        id\n        requiresShipping\n        shippingAddress {\n          countryCodeV2\n        }\n      }\n    }\n  }\n": {return: NetMarginDoctorRecentOrdersQuery, variables: NetMarginDoctorRecentOrdersQueryVariables},
  "#graphql\n  query NetMarginFreeShippingDiscountById($id: ID!) {\n    discountNode(id: $id) {\n      ...NetMarginFreeShippingDiscountFields\n    }\n  }\n  #graphql\n  fragment NetMarginFreeShippingDiscountFields on DiscountNode {\n    id\n    discount {\n      __typename\n      ... on DiscountAutomaticFreeShipping {\n        title\n        status\n        tags\n        startsAt\n        endsAt\n        minimumRequirement {\n          __typename\n          ... on DiscountMinimumSubtotal {\n            greaterThanOrEqualToSubtotal {\n              amount\n              currencyCode\n            }\n          }\n        }\n      }\n      ... on DiscountCodeFreeShipping {\n        title\n        status\n        codes(first: 1) {\n          nodes {\n            code\n          }\n        }\n        minimumRequirement {\n          __typename\n          ... on DiscountMinimumSubtotal {\n            greaterThanOrEqualToSubtotal {\n              amount\n              currencyCode\n            }\n          }\n        }\n      }\n    }\n  }\n\n": {return: NetMarginFreeShippingDiscountByIdQuery, variables: NetMarginFreeShippingDiscountByIdQueryVariables},
  "#graphql\n  query NetMarginFreeShippingDiscounts($query: String!, $codeQuery: String!) {\n    shop {\n      currencyCode\n    }\n    currentAppInstallation {\n      id\n      discountId: metafield(namespace: \"$app\", key: \"free_shipping_discount_id\") {\n        value\n      }\n    }\n    discountNodes(first: 50, query: $query) {\n      nodes {\n        ...NetMarginFreeShippingDiscountFields\n      }\n    }\n    codeDiscounts: discountNodes(first: 25, query: $codeQuery) {\n      nodes {\n        ...NetMarginFreeShippingDiscountFields\n      }\n    }\n  }\n  #graphql\n  fragment NetMarginFreeShippingDiscountFields on DiscountNode {\n    id\n    discount {\n      __typename\n      ... on DiscountAutomaticFreeShipping {\n        title\n        status\n        tags\n        startsAt\n        endsAt\n        minimumRequirement {\n          __typename\n          ... on DiscountMinimumSubtotal {\n            greaterThanOrEqualToSubtotal {\n              amount\n              currencyCode\n            }\n          }\n        }\n      }\n      ... on DiscountCodeFreeShipping {\n        title\n        status\n        codes(first: 1) {\n          nodes {\n            code\n          }\n        }\n        minimumRequirement {\n          __typename\n          ... on DiscountMinimumSubtotal {\n            greaterThanOrEqualToSubtotal {\n              amount\n              currencyCode\n            }\n          }\n        }\n      }\n    }\n  }\n\n": {return: NetMarginFreeShippingDiscountsQuery, variables: NetMarginFreeShippingDiscountsQueryVariables},
  "#graphql\n  query NetMarginLatestOrders($first: Int!) {\n    orders(first: $first, sortKey: PROCESSED_AT, reverse: true) {\n      nodes {\n        id\n        name\n        processedAt\n        displayFinancialStatus\n        currentSubtotalPriceSet {\n          shopMoney {\n            amount\n            currencyCode\n          }\n        }\n        currentTotalTaxSet {\n          shopMoney {\n            amount\n          }\n        }\n        taxesIncluded\n      }\n    }\n  }\n": {return: NetMarginLatestOrdersQuery, variables: NetMarginLatestOrdersQueryVariables},
  "#graphql\n  query NetMarginOrderSyncLines($id: ID!, $after: String!) {\n    order(id: $id) {\n      updatedAt\n      lineItems(first: 50, after: $after) {\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n        nodes {\n          ...NetMarginLineItemFields\n        }\n      }\n    }\n  }\n  #graphql\n  fragment NetMarginLineItemFields on LineItem {\n    id\n    name\n    title\n    sku\n    quantity\n    currentQuantity\n    requiresShipping\n    isGiftCard\n    variant {\n      id\n    }\n    product {\n      id\n    }\n    weight {\n      value\n      unit\n    }\n    originalUnitPriceSet {\n      shopMoney {\n        amount\n      }\n    }\n    discountAllocations {\n      allocatedAmountSet {\n        shopMoney {\n          amount\n        }\n      }\n    }\n    taxLines {\n      rate\n      priceSet {\n        shopMoney {\n          amount\n        }\n      }\n    }\n  }\n\n": {return: NetMarginOrderSyncLinesQuery, variables: NetMarginOrderSyncLinesQueryVariables},
  "#graphql\n  query NetMarginOrderSyncRefundIds($id: ID!) {\n    order(id: $id) {\n      updatedAt\n      refunds(first: 250) {\n        id\n      }\n    }\n  }\n": {return: NetMarginOrderSyncRefundIdsQuery, variables: NetMarginOrderSyncRefundIdsQueryVariables},
  "#graphql\n  query NetMarginOrderSyncRefund($id: ID!, $linesAfter: String, $shippingAfter: String) {\n    refund(id: $id) {\n      ...NetMarginRefundFields\n      order {\n        id\n        updatedAt\n      }\n      refundLineItems(first: 100, after: $linesAfter) {\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n        nodes {\n          ...NetMarginRefundLineItemFields\n        }\n      }\n      refundShippingLines(first: 10, after: $shippingAfter) {\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n        nodes {\n          ...NetMarginRefundShippingLineFields\n        }\n      }\n    }\n  }\n  #graphql\n  fragment NetMarginRefundFields on Refund {\n    id\n    processedAt\n    createdAt\n  }\n\n  #graphql\n  fragment NetMarginRefundLineItemFields on RefundLineItem {\n    quantity\n    lineItem {\n      id\n    }\n    subtotalSet {\n      shopMoney {\n        amount\n      }\n    }\n    totalTaxSet {\n      shopMoney {\n        amount\n      }\n    }\n  }\n\n  #graphql\n  fragment NetMarginRefundShippingLineFields on RefundShippingLine {\n    shippingLine {\n      id\n    }\n    subtotalAmountSet {\n      shopMoney {\n        amount\n      }\n    }\n    taxAmountSet {\n      shopMoney {\n        amount\n      }\n    }\n  }\n\n": {return: NetMarginOrderSyncRefundQuery, variables: NetMarginOrderSyncRefundQueryVariables},
  "#graphql\n  query NetMarginOrderSyncShippingLines($id: ID!, $after: String!) {\n    order(id: $id) {\n      updatedAt\n      shippingLines(first: 50, after: $after, includeRemovals: true) {\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n        nodes {\n          ...NetMarginShippingLineFields\n        }\n      }\n    }\n  }\n  #graphql\n  fragment NetMarginShippingLineFields on ShippingLine {\n    id\n    title\n    code\n    source\n    isRemoved\n    originalPriceSet {\n      shopMoney {\n        amount\n      }\n    }\n    discountedPriceSet {\n      shopMoney {\n        amount\n      }\n    }\n    taxLines {\n      rate\n      priceSet {\n        shopMoney {\n          amount\n        }\n      }\n    }\n  }\n\n": {return: NetMarginOrderSyncShippingLinesQuery, variables: NetMarginOrderSyncShippingLinesQueryVariables},
  "#graphql\n  query NetMarginOrderSync($id: ID!) {\n    order(id: $id) {\n      ...NetMarginOrderFields\n      fulfillments(first: 10) {\n        status\n      }\n      transactions(first: 10) {\n        ...NetMarginTransactionFields\n      }\n      refunds(first: 4) {\n        ...NetMarginRefundFields\n        refundLineItems(first: 10) {\n          pageInfo {\n            hasNextPage\n            endCursor\n          }\n          nodes {\n            ...NetMarginRefundLineItemFields\n          }\n        }\n        refundShippingLines(first: 2) {\n          pageInfo {\n            hasNextPage\n            endCursor\n          }\n          nodes {\n            ...NetMarginRefundShippingLineFields\n          }\n        }\n      }\n      shippingLines(first: 3, includeRemovals: true) {\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n        nodes {\n          ...NetMarginShippingLineFields\n        }\n      }\n      lineItems(first: 25) {\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n        nodes {\n          ...NetMarginLineItemFields\n        }\n      }\n    }\n  }\n  #graphql\n  fragment NetMarginOrderFields on Order {\n    id\n    name\n    processedAt\n    updatedAt\n    cancelledAt\n    test\n    displayFinancialStatus\n    displayFulfillmentStatus\n    taxesIncluded\n    currencyCode\n    sourceName\n    shippingAddress {\n      countryCodeV2\n    }\n    # Receivables (issue 19): what the customer still owes, and B2B payment terms\n    # (PaymentTerms needs the read_payment_terms scope). paymentSchedules, a connection,\n    # is not selected: in the bulk query (4 connections, depth 2, would pass the rules)\n    # its nodes would come as JSONL lines whose __parentId is the PaymentTerms id, which\n    # the assembler does not join to an order; so a NET due date is the order date +\n    # dueInDays (graphql-order.ts, dueDateOf), as Shopify computes it from the issue\n    # date (live capture: issuedAt 2026-05-05 + 30 days = dueAt 2026-06-04, in\n    # airhorns/shopify-draft-proxy fixtures/conformance/harry-test-heelo.myshopify.com/2026-04/payments/payment-terms-create-on-order.json).\n    totalOutstandingSet {\n      shopMoney {\n        amount\n      }\n    }\n    paymentTerms {\n      paymentTermsType\n      dueInDays\n    }\n  }\n\n  #graphql\n  fragment NetMarginTransactionFields on OrderTransaction {\n    kind\n    status\n    gateway\n    amountSet {\n      shopMoney {\n        amount\n        currencyCode\n      }\n    }\n    fees {\n      amount {\n        amount\n        currencyCode\n      }\n    }\n  }\n\n  #graphql\n  fragment NetMarginRefundFields on Refund {\n    id\n    processedAt\n    createdAt\n  }\n\n  #graphql\n  fragment NetMarginRefundLineItemFields on RefundLineItem {\n    quantity\n    lineItem {\n      id\n    }\n    subtotalSet {\n      shopMoney {\n        amount\n      }\n    }\n    totalTaxSet {\n      shopMoney {\n        amount\n      }\n    }\n  }\n\n  #graphql\n  fragment NetMarginRefundShippingLineFields on RefundShippingLine {\n    shippingLine {\n      id\n    }\n    subtotalAmountSet {\n      shopMoney {\n        amount\n      }\n    }\n    taxAmountSet {\n      shopMoney {\n        amount\n      }\n    }\n  }\n\n  #graphql\n  fragment NetMarginShippingLineFields on ShippingLine {\n    id\n    title\n    code\n    source\n    isRemoved\n    originalPriceSet {\n      shopMoney {\n        amount\n      }\n    }\n    discountedPriceSet {\n      shopMoney {\n        amount\n      }\n    }\n    taxLines {\n      rate\n      priceSet {\n        shopMoney {\n          amount\n        }\n      }\n    }\n  }\n\n  #graphql\n  fragment NetMarginLineItemFields on LineItem {\n    id\n    name\n    title\n    sku\n    quantity\n    currentQuantity\n    requiresShipping\n    isGiftCard\n    variant {\n      id\n    }\n    product {\n      id\n    }\n    weight {\n      value\n      unit\n    }\n    originalUnitPriceSet {\n      shopMoney {\n        amount\n      }\n    }\n    discountAllocations {\n      allocatedAmountSet {\n        shopMoney {\n          amount\n        }\n      }\n    }\n    taxLines {\n      rate\n      priceSet {\n        shopMoney {\n          amount\n        }\n      }\n    }\n  }\n\n": {return: NetMarginOrderSyncQuery, variables: NetMarginOrderSyncQueryVariables},
  "#graphql\n  query NetMarginOrderSyncTransactions($id: ID!) {\n    order(id: $id) {\n      updatedAt\n      transactions(first: 150) {\n        ...NetMarginTransactionFields\n      }\n    }\n  }\n  #graphql\n  fragment NetMarginTransactionFields on OrderTransaction {\n    kind\n    status\n    gateway\n    amountSet {\n      shopMoney {\n        amount\n        currencyCode\n      }\n    }\n    fees {\n      amount {\n        amount\n        currencyCode\n      }\n    }\n  }\n\n": {return: NetMarginOrderSyncTransactionsQuery, variables: NetMarginOrderSyncTransactionsQueryVariables},
  "#graphql\n  query NetMarginOrdersUpdatedSince($query: String!, $after: String) {\n    orders(first: 100, after: $after, query: $query, sortKey: UPDATED_AT) {\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      nodes {\n        id\n        updatedAt\n      }\n    }\n  }\n": {return: NetMarginOrdersUpdatedSinceQuery, variables: NetMarginOrdersUpdatedSinceQueryVariables},
  "#graphql\n  query NetMarginRefundLines($ids: [ID!]!, $linesFirst: Int!, $shippingFirst: Int!) {\n    nodes(ids: $ids) {\n      ... on Refund {\n        id\n        refundLineItems(first: $linesFirst) {\n          pageInfo {\n            hasNextPage\n            endCursor\n          }\n          nodes {\n            ...NetMarginRefundLineItemFields\n          }\n        }\n        refundShippingLines(first: $shippingFirst) {\n          pageInfo {\n            hasNextPage\n            endCursor\n          }\n          nodes {\n            ...NetMarginRefundShippingLineFields\n          }\n        }\n      }\n    }\n  }\n  #graphql\n  fragment NetMarginRefundLineItemFields on RefundLineItem {\n    quantity\n    lineItem {\n      id\n    }\n    subtotalSet {\n      shopMoney {\n        amount\n      }\n    }\n    totalTaxSet {\n      shopMoney {\n        amount\n      }\n    }\n  }\n\n  #graphql\n  fragment NetMarginRefundShippingLineFields on RefundShippingLine {\n    shippingLine {\n      id\n    }\n    subtotalAmountSet {\n      shopMoney {\n        amount\n      }\n    }\n    taxAmountSet {\n      shopMoney {\n        amount\n      }\n    }\n  }\n\n": {return: NetMarginRefundLinesQuery, variables: NetMarginRefundLinesQueryVariables},
  "#graphql\n  query NetMarginShop {\n    shop {\n      name\n      myshopifyDomain\n      currencyCode\n      ianaTimezone\n      taxesIncluded\n      plan {\n        partnerDevelopment\n        shopifyPlus\n      }\n    }\n  }\n": {return: NetMarginShopQuery, variables: NetMarginShopQueryVariables},
}

interface GeneratedMutationTypes {
  "#graphql\n  mutation NetMarginAppMetafieldsSet($metafields: [MetafieldsSetInput!]!) {\n    metafieldsSet(metafields: $metafields) {\n      metafields {\n        id\n        namespace\n        key\n        type\n        value\n      }\n      userErrors {\n        field\n        code\n        message\n      }\n    }\n  }\n": {return: NetMarginAppMetafieldsSetMutation, variables: NetMarginAppMetafieldsSetMutationVariables},
  "#graphql\n  mutation NetMarginBulkOperationRunQuery($query: String!) {\n    bulkOperationRunQuery(query: $query, groupObjects: false) {\n      bulkOperation {\n        id\n        status\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n": {return: NetMarginBulkOperationRunQueryMutation, variables: NetMarginBulkOperationRunQueryMutationVariables},
  "#graphql\n  mutation NetMarginBulkOperationCancel($id: ID!) {\n    bulkOperationCancel(id: $id) {\n      bulkOperation {\n        id\n        status\n      }\n      userErrors {\n        field\n        message\n      }\n    }\n  }\n": {return: NetMarginBulkOperationCancelMutation, variables: NetMarginBulkOperationCancelMutationVariables},
  "#graphql\n  mutation NetMarginFreeShippingDiscountCreate($discount: DiscountAutomaticFreeShippingInput!) {\n    discountAutomaticFreeShippingCreate(freeShippingAutomaticDiscount: $discount) {\n      automaticDiscountNode {\n        id\n      }\n      userErrors {\n        field\n        code\n        message\n      }\n    }\n  }\n": {return: NetMarginFreeShippingDiscountCreateMutation, variables: NetMarginFreeShippingDiscountCreateMutationVariables},
  "#graphql\n  mutation NetMarginFreeShippingDiscountUpdate($id: ID!, $discount: DiscountAutomaticFreeShippingInput!) {\n    discountAutomaticFreeShippingUpdate(id: $id, freeShippingAutomaticDiscount: $discount) {\n      automaticDiscountNode {\n        id\n      }\n      userErrors {\n        field\n        code\n        message\n      }\n    }\n  }\n": {return: NetMarginFreeShippingDiscountUpdateMutation, variables: NetMarginFreeShippingDiscountUpdateMutationVariables},
}
declare module '@shopify/admin-api-client' {
  type InputMaybe<T> = AdminTypes.InputMaybe<T>;
  interface AdminQueries extends GeneratedQueryTypes {}
  interface AdminMutations extends GeneratedMutationTypes {}
}
