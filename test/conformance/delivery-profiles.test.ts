/**
 * Delivery profiles (shipping rates) as Shopify's live API serves them, against the
 * simulator's EU and US presets. Each case names the source of the fact it checks;
 * "C/" is airhorns/shopify-draft-proxy fixtures/conformance/harry-test-heelo.myshopify.com/2026-04/.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { startSimulator, type Simulator } from "../simulator/server";
import { client } from "../simulator/test-client";

let eu: Simulator;
let us: Simulator;
beforeAll(async () => {
  [eu, us] = await Promise.all([
    startSimulator({ generator: { seed: 3, orders: 5, preset: "eu" } }),
    startSimulator({ generator: { seed: 3, orders: 5, preset: "us" } }),
  ]);
});
afterAll(async () => Promise.all([eu?.close(), us?.close()]));

const RATES = `query Rates($first: Int!, $zonesFirst: Int!, $zonesAfter: String, $methodsFirst: Int!, $methodsAfter: String) {
  deliveryProfiles(first: $first) {
    edges { cursor node {
      id name default version activeMethodDefinitionsCount originLocationCount zoneCountryCount
      productVariantsCount { count precision }
      profileLocationGroups {
        countriesInAnyZone { zone country { code { countryCode restOfWorld } } }
        locationGroup { id }
        locationGroupZones(first: $zonesFirst, after: $zonesAfter) {
          pageInfo { hasNextPage endCursor }
          nodes {
            zone { id name countries { name code { countryCode restOfWorld } } }
            methodDefinitions(first: $methodsFirst, after: $methodsAfter) {
              pageInfo { hasNextPage endCursor }
              nodes {
                id name active
                rateProvider { __typename ... on DeliveryRateDefinition { id price { amount currencyCode } } }
                methodConditions { id field operator conditionCriteria { __typename ... on MoneyV2 { amount currencyCode } ... on Weight { value unit } } }
              }
            }
          }
        }
      }
    } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}`;

interface Condition {
  id: string;
  field: string;
  operator: string;
  conditionCriteria: { __typename: string; amount?: string; currencyCode?: string; value?: number; unit?: string };
}
interface Method {
  id: string;
  name: string;
  active: boolean;
  rateProvider: { __typename: string; id: string; price: { amount: string; currencyCode: string } };
  methodConditions: Condition[];
}
interface Zone {
  zone: { id: string; name: string; countries: { name: string; code: { countryCode: string | null; restOfWorld: boolean } }[] };
  methodDefinitions: { pageInfo: { hasNextPage: boolean; endCursor: string | null }; nodes: Method[] };
}
interface Profile {
  id: string;
  name: string;
  default: boolean;
  version: number;
  activeMethodDefinitionsCount: number;
  originLocationCount: number;
  zoneCountryCount: number;
  productVariantsCount: { count: number; precision: string };
  profileLocationGroups: {
    countriesInAnyZone: { zone: string; country: { code: { countryCode: string; restOfWorld: boolean } } }[];
    locationGroup: { id: string };
    locationGroupZones: { pageInfo: { hasNextPage: boolean; endCursor: string | null }; nodes: Zone[] };
  }[];
}
type RatesData = { deliveryProfiles: { edges: { cursor: string; node: Profile }[]; pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string; endCursor: string } } };

// Small pages: Shopify refuses a query whose requested cost exceeds 1,000 points.
const all = { first: 2, zonesFirst: 5, methodsFirst: 10 };
const rates = (sim: Simulator, v: Record<string, unknown> = all) => client(sim)<RatesData>(RATES, v);

describe("deliveryProfiles: the catalog", () => {
  it("lists the default profile with Shopify-shaped cursors and counts", async () => {
    // Source: C/shipping-fulfillments/delivery-profiles-read.json (queries.catalogFirst): the edge cursor
    // is base64 {"last_id":<id>,"last_value":"<id>"}, pageInfo has all four fields, the General
    // profile is `default: true` with an Int `version` and productVariantsCount { count precision }.
    const r = await rates(eu);
    expect(r.body.errors).toBeUndefined();
    const { edges, pageInfo } = r.body.data!.deliveryProfiles;
    expect(edges).toHaveLength(1);
    const p = edges[0]!.node;
    const legacy = p.id.replace("gid://shopify/DeliveryProfile/", "");
    expect(p.id).toMatch(/^gid:\/\/shopify\/DeliveryProfile\/\d+$/);
    expect(JSON.parse(Buffer.from(edges[0]!.cursor, "base64").toString())).toEqual({ last_id: Number(legacy), last_value: legacy });
    expect(pageInfo).toEqual({ hasNextPage: false, hasPreviousPage: false, startCursor: edges[0]!.cursor, endCursor: edges[0]!.cursor });
    expect(p).toMatchObject({ name: "General profile", default: true, version: expect.any(Number) });
    expect(p.productVariantsCount).toEqual({ count: expect.any(Number), precision: "EXACT" });
    expect(p.productVariantsCount.count).toBe(eu.store.variants().length);
    // 2 zones: France (4 weight bands + the free rate) and the EU zone (4 bands) = 9 active rates;
    // 1 + 6 countries; both locations ship.
    expect(p).toMatchObject({ activeMethodDefinitionsCount: 9, zoneCountryCount: 7, originLocationCount: 2 });
  });

  it("answers null without an error for an unknown profile", async () => {
    // Source: C/shipping-fulfillments/delivery-profiles-read.json (queries.missing): data.deliveryProfile null, no errors.
    const r = await client(eu)(`query($id: ID!) { deliveryProfile(id: $id) { id name } }`, { id: "gid://shopify/DeliveryProfile/999999999999999" });
    expect(r.body.errors).toBeUndefined();
    expect(r.body.data).toEqual({ deliveryProfile: null });
  });
});

describe("the profile's products and locations", () => {
  it("profile items carry the profile in their id; every location in a group leaves none unassigned", async () => {
    // Source: C/shipping-fulfillments/delivery-profile-default-update.json (setup hydrate): profileItems ids like
    // "gid://shopify/DeliveryProfileItem/9801098789170?profile_id=125254992178" (the product's id, then the profile's),
    // sellingPlanGroups an empty connection; C/.../delivery-profiles-read.json (queries.detail): unassignedLocations a list.
    const r = await client(eu)<{ deliveryProfiles: { nodes: { id: string; profileItems: { nodes: { id: string; product: { id: string } }[] }; sellingPlanGroups: { nodes: unknown[] }; unassignedLocations: unknown[] }[] } }>(
      `{ deliveryProfiles(first: 1) { nodes { id profileItems(first: 2) { nodes { id product { id } } } sellingPlanGroups(first: 2) { nodes { id } } unassignedLocations { id } } } }`,
    );
    expect(r.body.errors).toBeUndefined();
    const p = r.body.data!.deliveryProfiles.nodes[0]!;
    const item = p.profileItems.nodes[0]!;
    const productLegacy = item.product.id.replace("gid://shopify/Product/", "");
    expect(item.id).toBe(`gid://shopify/DeliveryProfileItem/${productLegacy}?profile_id=${p.id.replace("gid://shopify/DeliveryProfile/", "")}`);
    expect(p.sellingPlanGroups.nodes).toEqual([]);
    expect(p.unassignedLocations).toEqual([]);
  });
});

describe("rates and their conditions", () => {
  it("a free rate: price 0 with a TOTAL_PRICE ≥ minimum condition, ids carrying the operator", async () => {
    // Sources: C/shipping-fulfillments/delivery-profile-writes.json (mutations.nestedCreate): condition id
    // "gid://shopify/DeliveryCondition/319583486258?operator=greater_than_or_equal_to", a rate's price as
    // MoneyV2 { amount "7.25" currencyCode }; MoneyV2 amounts normalised like "50.0" (input "50.00",
    // C/discounts/discount-free-shipping-lifecycle.json); enum values from the 2026-10 schema
    // (DeliveryConditionField.TOTAL_PRICE, DeliveryConditionOperator.GREATER_THAN_OR_EQUAL_TO).
    const r = await rates(eu);
    const zones = r.body.data!.deliveryProfiles.edges[0]!.node.profileLocationGroups[0]!.locationGroupZones.nodes;
    const france = zones.find((z) => z.zone.name === "France")!;
    const free = france.methodDefinitions.nodes.find((m) => m.name === "Livraison offerte dès 60 €")!;
    expect(free.rateProvider).toEqual({ __typename: "DeliveryRateDefinition", id: expect.stringMatching(/^gid:\/\/shopify\/DeliveryRateDefinition\/\d+$/), price: { amount: "0.0", currencyCode: "EUR" } });
    expect(free.methodConditions).toEqual([
      {
        id: expect.stringMatching(/^gid:\/\/shopify\/DeliveryCondition\/\d+\?operator=greater_than_or_equal_to$/),
        field: "TOTAL_PRICE",
        operator: "GREATER_THAN_OR_EQUAL_TO",
        conditionCriteria: { __typename: "MoneyV2", amount: "60.0", currencyCode: "EUR" },
      },
    ]);
    // The EU zone has no free rate: only the carrier's paid bands.
    const union = zones.find((z) => z.zone.name === "Union européenne")!;
    expect(union.methodDefinitions.nodes.every((m) => Number(m.rateProvider.price.amount) > 0)).toBe(true);
  });

  it("weight bands: Weight criteria as JSON numbers in the shop's unit, one condition per operator", async () => {
    // Source: C/shipping-fulfillments/delivery-profile-writes.json (mutations.nestedCreate): a weight condition
    // reads back as { "__typename": "Weight", "value": 1, "unit": "KILOGRAMS" }, field TOTAL_WEIGHT.
    const r = await rates(eu);
    const france = r.body.data!.deliveryProfiles.edges[0]!.node.profileLocationGroups[0]!.locationGroupZones.nodes[0]!;
    const [first, second] = france.methodDefinitions.nodes;
    expect(first!.rateProvider.price).toEqual({ amount: "4.9", currencyCode: "EUR" });
    expect(first!.methodConditions.map((c) => [c.field, c.operator, c.conditionCriteria])).toEqual([
      ["TOTAL_WEIGHT", "GREATER_THAN_OR_EQUAL_TO", { __typename: "Weight", value: 0, unit: "KILOGRAMS" }],
      ["TOTAL_WEIGHT", "LESS_THAN_OR_EQUAL_TO", { __typename: "Weight", value: 0.5, unit: "KILOGRAMS" }],
    ]);
    expect(second!.methodConditions.map((c) => c.conditionCriteria.value)).toEqual([0.5, 2]);
    // The US preset weighs in pounds: 454 g → 1 lb (rounded to 2 decimals).
    const u = await rates(us);
    const domestic = u.body.data!.deliveryProfiles.edges[0]!.node.profileLocationGroups[0]!.locationGroupZones.nodes[0]!;
    expect(domestic.methodDefinitions.nodes[0]!.methodConditions[1]!.conditionCriteria).toEqual({ __typename: "Weight", value: 1, unit: "POUNDS" });
    const usFree = domestic.methodDefinitions.nodes.find((m) => m.rateProvider.price.amount === "0.0")!;
    expect(usFree.methodConditions[0]!.conditionCriteria).toEqual({ __typename: "MoneyV2", amount: "99.0", currencyCode: "USD" });
  });

  it("zone countries sorted by code, and countriesInAnyZone naming each country's zone", async () => {
    // Source: C/shipping-fulfillments/delivery-profile-writes.json (mutations.nestedCreate): countries sent as
    // [US, CA] come back [CA, US] in zone.countries and in countriesInAnyZone { zone: "Domestic", country }.
    const r = await rates(eu);
    const group = r.body.data!.deliveryProfiles.edges[0]!.node.profileLocationGroups[0]!;
    const union = group.locationGroupZones.nodes[1]!.zone;
    const codes = union.countries.map((c) => c.code.countryCode);
    expect(codes).toEqual([...codes].sort());
    expect(union.countries[0]).toEqual({ name: "Belgium", code: { countryCode: "BE", restOfWorld: false } });
    expect(group.countriesInAnyZone.filter((c) => c.zone === "Union européenne").map((c) => c.country.code.countryCode)).toEqual(codes);
    expect(group.countriesInAnyZone.find((c) => c.zone === "France")!.country.code).toEqual({ countryCode: "FR", restOfWorld: false });
  });

  it("activeMethodDefinitionsCount leaves inactive rates out", async () => {
    // Source: C/shipping-fulfillments/delivery-profile-writes.json (mutations.nestedUpdate): one rate made
    // inactive and one created active → activeMethodDefinitionsCount 1 of 2 rates.
    const profile = us.store.deliveryProfiles[0]!;
    const zone = profile.locationGroups[0]!.zones[1]!;
    const before = zone.methods[0]!.active;
    zone.methods[0]!.active = false;
    try {
      const r = await rates(us);
      // 2 zones × 4 bands + the domestic free rate = 9, one made inactive → 8.
      expect(r.body.data!.deliveryProfiles.edges[0]!.node.activeMethodDefinitionsCount).toBe(8);
      const listed = r.body.data!.deliveryProfiles.edges[0]!.node.profileLocationGroups[0]!.locationGroupZones.nodes[1]!.methodDefinitions.nodes;
      expect(listed[0]!.active).toBe(false);
    } finally {
      zone.methods[0]!.active = before;
    }
  });
});

describe("paging nested connections", () => {
  it("zones and rates page with after cursors like any Relay connection", async () => {
    // Source: C/shipping-fulfillments/delivery-profiles-read.json (queries.detail): locationGroupZones and
    // methodDefinitions are connections with pageInfo { hasNextPage endCursor }.
    const one = await rates(eu, { first: 1, zonesFirst: 1, methodsFirst: 3 });
    const zones = one.body.data!.deliveryProfiles.edges[0]!.node.profileLocationGroups[0]!.locationGroupZones;
    expect(zones.pageInfo.hasNextPage).toBe(true);
    expect(zones.nodes.map((z) => z.zone.name)).toEqual(["France"]);
    // France has 5 rates: 3 on the first page, 2 after its end cursor.
    expect(zones.nodes[0]!.methodDefinitions.pageInfo.hasNextPage).toBe(true);
    const more = await rates(eu, { first: 1, zonesFirst: 1, methodsFirst: 3, methodsAfter: zones.nodes[0]!.methodDefinitions.pageInfo.endCursor });
    const rest = more.body.data!.deliveryProfiles.edges[0]!.node.profileLocationGroups[0]!.locationGroupZones.nodes[0]!.methodDefinitions;
    expect(rest.nodes.map((m) => m.rateProvider.price.amount)).toEqual(["14.9", "0.0"]);
    expect(rest.pageInfo.hasNextPage).toBe(false);
    const next = await rates(eu, { first: 1, zonesFirst: 1, zonesAfter: zones.pageInfo.endCursor, methodsFirst: 3 });
    const second = next.body.data!.deliveryProfiles.edges[0]!.node.profileLocationGroups[0]!.locationGroupZones;
    expect(second.nodes.map((z) => z.zone.name)).toEqual(["Union européenne"]);
    expect(second.pageInfo.hasNextPage).toBe(false);
  });
});
