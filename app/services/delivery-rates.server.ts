/**
 * The shop's shipping zones and rates (Settings › Shipping and delivery), read through
 * DELIVERY_PROFILES_QUERY (`read_shipping`), for the planner: the free rates (priced 0
 * from a minimum order price) and the price customers pay per zone
 * (domain/free-shipping.ts `zoneShipping`, `freeShippingToday`).
 *
 * Paging: one profile a page; a location group with more zones continues after its
 * last zone (`locationGroupId` + `zonesAfter`); a zone with more rates is fetched again
 * alone (`zonesFirst: 1`, `zonesAfter` = the cursor of the zone before it) with
 * `methodsAfter`. Nothing here throws for an expected failure: a missing scope or a
 * transport error is a result with a sentence for the merchant.
 */
import type { FreeShippingOffer, RateCondition, ShippingRate, ShippingZone } from "~/domain/free-shipping";
import { parseDecimal } from "~/domain/money";
import { AdminAuthError, AdminGraphqlError, type AdminGraphql, type GraphqlErrorEntry } from "~/shopify/admin-client.server";
import { DELIVERY_PROFILES_QUERY } from "~/shopify/graphql/DeliveryProfilesQuery";
import type { NetMarginDeliveryProfilesQuery, NetMarginDeliveryProfilesQueryVariables } from "~/types/admin.generated";

export type ShippingZonesResult =
  | {
      readonly ok: true;
      readonly zones: ShippingZone[];
      /** Rates left out because Shopify priced them in another currency than the shop's (their names). */
      readonly otherCurrency: string[];
      readonly requests: number;
    }
  | { readonly ok: false; readonly errors: string[] };

type Profile = NetMarginDeliveryProfilesQuery["deliveryProfiles"]["nodes"][number];
type Group = Profile["profileLocationGroups"][number];
type ZoneEdge = Group["locationGroupZones"]["edges"][number];
type Method = ZoneEdge["node"]["methodDefinitions"]["nodes"][number];

/** Grams per unit of Shopify's WeightUnit enum (2026-10 schema). */
const GRAMS: Record<string, number> = { GRAMS: 1, KILOGRAMS: 1000, OUNCES: 28.349523125, POUNDS: 453.59237 };

/** Guard against a cursor loop: a shop with this many pages of zones and rates is not expected. */
const MAX_REQUESTS = 200;

class ShopifyAnswer extends Error {}

function accessDenied(errors: readonly GraphqlErrorEntry[]): boolean {
  return errors.some((e) => e.extensions?.code === "ACCESS_DENIED");
}

const NOT_ALLOWED = "NetMargin may not read your shipping rates yet: approve its updated permissions (shipping) in Shopify, then reload this page.";

/** A rate's price and conditions in the shop currency (minor units, grams); null when in another currency. */
function toRate(m: Method, currency: string): ShippingRate | null {
  let price: number | null = null;
  if (m.rateProvider.__typename === "DeliveryRateDefinition") {
    if (m.rateProvider.price.currencyCode !== currency) return null;
    const p = parseDecimal(m.rateProvider.price.amount, currency);
    if (!p.ok) return null;
    price = p.value;
  }
  const conditions: RateCondition[] = [];
  for (const c of m.methodConditions) {
    const criteria = c.conditionCriteria;
    if (criteria.__typename === "MoneyV2") {
      if (criteria.currencyCode !== currency) return null;
      const v = parseDecimal(criteria.amount, currency);
      if (!v.ok) return null;
      conditions.push({ field: "TOTAL_PRICE", operator: c.operator, value: v.value });
    } else {
      conditions.push({ field: "TOTAL_WEIGHT", operator: c.operator, value: Math.round(criteria.value * (GRAMS[criteria.unit] ?? 1)) });
    }
  }
  return { name: m.name, active: m.active, price, conditions };
}

/**
 * Every zone of every delivery profile with its rates, in the shop currency `currency`.
 * Rates priced by a carrier at checkout have `price: null`.
 */
export async function readShippingZones(graphql: AdminGraphql, currency: string): Promise<ShippingZonesResult> {
  let requests = 0;
  const fetchPage = async (variables: NetMarginDeliveryProfilesQueryVariables): Promise<NetMarginDeliveryProfilesQuery> => {
    if (++requests > MAX_REQUESTS) throw new ShopifyAnswer(`Shopify kept returning more shipping zones after ${MAX_REQUESTS} pages.`);
    let data: NetMarginDeliveryProfilesQuery | null | undefined;
    try {
      data = await graphql<NetMarginDeliveryProfilesQuery | null | undefined>(DELIVERY_PROFILES_QUERY, variables);
    } catch (error) {
      if (error instanceof AdminGraphqlError) {
        throw new ShopifyAnswer(accessDenied(error.errors) ? NOT_ALLOWED : `Shopify did not return your shipping rates: ${error.errors.map((e) => e.message).join("; ")}`);
      }
      // (the background AdminClient reports ACCESS_DENIED as a 403 AdminAuthError)
      if (error instanceof AdminAuthError && error.status === 403) throw new ShopifyAnswer(NOT_ALLOWED);
      throw error;
    }
    if (!data) throw new ShopifyAnswer("Shopify returned no shipping rates.");
    return data;
  };
  const profileOf = (data: NetMarginDeliveryProfilesQuery, id: string): Profile => {
    const p = data.deliveryProfiles.nodes[0];
    if (!p || p.id !== id) throw new ShopifyAnswer("Your shipping profiles changed while NetMargin read them; reload this page.");
    return p;
  };

  const zones: ShippingZone[] = [];
  const otherCurrency: string[] = [];
  try {
    let after: string | null | undefined = null;
    for (;;) {
      const page = await fetchPage({ after, zonesFirst: 5 });
      const profile = page.deliveryProfiles.nodes[0];
      if (!profile) break;
      for (const first of profile.profileLocationGroups) {
        const groupId = first.locationGroup.id;
        let group: Group = first;
        let previous: string | null = null; // cursor of the zone before the one being read
        for (;;) {
          for (const edge of group.locationGroupZones.edges) {
            const methods = [...edge.node.methodDefinitions.nodes];
            let more = edge.node.methodDefinitions.pageInfo;
            while (more.hasNextPage) {
              const again = profileOf(await fetchPage({ after, locationGroupId: groupId, zonesFirst: 1, zonesAfter: previous, methodsAfter: more.endCursor }), profile.id);
              const same = again.profileLocationGroups[0]?.locationGroupZones.edges[0]?.node;
              if (!same || same.zone.id !== edge.node.zone.id) throw new ShopifyAnswer("Your shipping zones changed while NetMargin read them; reload this page.");
              methods.push(...same.methodDefinitions.nodes);
              more = same.methodDefinitions.pageInfo;
            }
            const rates: ShippingRate[] = [];
            for (const m of methods) {
              const r = toRate(m, currency);
              if (r) rates.push(r);
              else otherCurrency.push(m.name);
            }
            const z = edge.node.zone;
            zones.push({
              profile: profile.name,
              defaultProfile: profile.default,
              name: z.name,
              countries: z.countries.map((c) => (c.code.restOfWorld || c.code.countryCode == null ? "*" : c.code.countryCode)),
              rates,
            });
            previous = edge.cursor;
          }
          if (!group.locationGroupZones.pageInfo.hasNextPage) break;
          const next = profileOf(await fetchPage({ after, locationGroupId: groupId, zonesFirst: 5, zonesAfter: group.locationGroupZones.pageInfo.endCursor }), profile.id);
          const g = next.profileLocationGroups[0];
          if (!g) break;
          group = g;
        }
      }
      if (!page.deliveryProfiles.pageInfo.hasNextPage) break;
      after = page.deliveryProfiles.pageInfo.endCursor;
    }
  } catch (error) {
    if (error instanceof ShopifyAnswer) return { ok: false, errors: [error.message] };
    return { ok: false, errors: [`Could not reach Shopify: ${error instanceof Error ? error.message : String(error)}`] };
  }
  return { ok: true, zones, otherCurrency, requests };
}

/**
 * The automatic free-shipping discounts in force now as the planner's offers (minimum in
 * minor units): NetMargin's when ACTIVE and the shop's other ACTIVE ones. A discount
 * without a minimum subtotal counts as "from 0" (it may require a quantity instead).
 * Destinations are taken as every country: NetMargin creates its discount for all of
 * them and FREE_SHIPPING_DISCOUNTS_QUERY does not read other discounts' destinations.
 */
export function freeShippingOffers(
  found: { discount: { title: string; status: string; minimumSubtotal: string | null } | null; others: readonly { title: string; status: string; minimumSubtotal: string | null }[] },
  currency: string,
): FreeShippingOffer[] {
  const out: FreeShippingOffer[] = [];
  const add = (d: { title: string; status: string; minimumSubtotal: string | null }, netMargin: boolean) => {
    if (d.status !== "ACTIVE") return;
    const p = d.minimumSubtotal === null ? null : parseDecimal(d.minimumSubtotal, currency);
    if (p !== null && !p.ok) return;
    out.push({ title: d.title, minimum: p === null ? 0 : p.value, countries: null, netMargin });
  };
  if (found.discount) add(found.discount, true);
  for (const o of found.others) add(o, false);
  return out;
}
