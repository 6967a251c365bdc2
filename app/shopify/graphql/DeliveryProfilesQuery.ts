/**
 * The shop's shipping rates: one delivery profile a page, its location groups'
 * zones (countries) and each zone's rates (method definitions) with their price
 * and conditions, for the planner's "free shipping today" (a rate priced 0 with a
 * minimum order price) and "shipping customers pay". Needs `read_shipping`.
 *
 * Paging (app/services/delivery-rates.server.ts walks it): `after` pages the
 * profiles (first: 1); a group with more zones is continued with
 * `locationGroupId` + `zonesAfter`; a zone with more rates with `zonesFirst: 1`,
 * `zonesAfter` = the cursor of the zone before it (null for the first) and
 * `methodsAfter`. The page sizes keep the requested cost near 550 points with
 * `zonesFirst: 5`, under Shopify's 1,000-point limit for one query.
 */
export const DELIVERY_PROFILES_QUERY = `#graphql
  query NetMarginDeliveryProfiles($after: String, $locationGroupId: ID, $zonesFirst: Int = 5, $zonesAfter: String, $methodsAfter: String) {
    deliveryProfiles(first: 1, after: $after) {
      pageInfo {
        hasNextPage
        endCursor
      }
      nodes {
        id
        name
        default
        profileLocationGroups(locationGroupId: $locationGroupId) {
          locationGroup {
            id
          }
          locationGroupZones(first: $zonesFirst, after: $zonesAfter) {
            pageInfo {
              hasNextPage
              endCursor
            }
            edges {
              cursor
              node {
                zone {
                  id
                  name
                  countries {
                    code {
                      countryCode
                      restOfWorld
                    }
                  }
                }
                methodDefinitions(first: 20, after: $methodsAfter) {
                  pageInfo {
                    hasNextPage
                    endCursor
                  }
                  nodes {
                    id
                    name
                    active
                    rateProvider {
                      __typename
                      ... on DeliveryRateDefinition {
                        price {
                          amount
                          currencyCode
                        }
                      }
                    }
                    methodConditions {
                      field
                      operator
                      conditionCriteria {
                        __typename
                        ... on MoneyV2 {
                          amount
                          currencyCode
                        }
                        ... on Weight {
                          value
                          unit
                        }
                      }
                    }
                  }
                }
              }
            }
          }
        }
      }
    }
  }
` as const;
