/**
 * Reading the shop's shipping zones and rates against the Admin API simulator (its
 * delivery profiles follow Shopify's live shapes: test/conformance/delivery-profiles.test.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { freeShippingToday } from "~/domain/free-shipping";
import { freeShippingOffers, readShippingZones } from "~/services/delivery-rates.server";
import { adminGraphql, type AdminGraphql } from "~/shopify/admin-client.server";
import { conditionId, type DeliveryMethodDefinitionModel, type DeliveryProfileModel } from "../simulator/delivery";
import { startSimulator, type Simulator } from "../simulator/server";

let sim: Simulator;
let graphql: AdminGraphql;
const bodies: { variables: Record<string, unknown>; cost: number }[] = [];
beforeAll(async () => {
  sim = await startSimulator({ generator: { seed: 5, orders: 5, preset: "eu" } });
  graphql = adminGraphql(
    {
      graphql: async (query, options) => {
        const variables = options?.variables ?? {};
        const r = await fetch(sim.graphqlUrl, {
          method: "POST",
          headers: { "Content-Type": "application/json", "X-Shopify-Access-Token": sim.accessToken },
          body: JSON.stringify({ query, variables }),
        });
        const body = (await r.json()) as { extensions?: { cost?: { requestedQueryCost: number } } };
        bodies.push({ variables, cost: body.extensions?.cost?.requestedQueryCost ?? -1 });
        return { json: async () => body };
      },
    },
    sim.shopDomain,
  );
});
afterAll(async () => sim?.close());

describe("readShippingZones", () => {
  it("reads the EU demo's zones: weight bands in grams and France's free rate from 60.00", async () => {
    bodies.length = 0;
    const r = await readShippingZones(graphql, "EUR");
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    // One profile, two zones, each zone's rates on the first page: one request.
    expect(r.requests).toBe(1);
    expect(r.zones.map((z) => [z.profile, z.defaultProfile, z.name, z.countries])).toEqual([
      ["General profile", true, "France", ["FR"]],
      ["General profile", true, "Union européenne", ["BE", "DE", "ES", "IT", "LU", "NL"]],
    ]);
    const france = r.zones[0]!;
    // 4.90 for 0–0.5 kg (= 0–500 g), and the free rate: price 0, order price ≥ 60.0 (= 6000 cents).
    expect(france.rates[0]).toEqual({
      name: "Colissimo",
      active: true,
      price: 490,
      conditions: [
        { field: "TOTAL_WEIGHT", operator: "GREATER_THAN_OR_EQUAL_TO", value: 0 },
        { field: "TOTAL_WEIGHT", operator: "LESS_THAN_OR_EQUAL_TO", value: 500 },
      ],
    });
    expect(france.rates[4]).toEqual({ name: "Livraison offerte dès 60 €", active: true, price: 0, conditions: [{ field: "TOTAL_PRICE", operator: "GREATER_THAN_OR_EQUAL_TO", value: 6000 }] });
    expect(r.otherCurrency).toEqual([]);
    // Requested cost stays well under Shopify's 1,000-point limit for one query.
    expect(bodies[0]!.cost).toBeGreaterThan(0);
    expect(bodies[0]!.cost).toBeLessThan(1000);
  });

  it("pages profiles, a group's zones and a zone's rates", async () => {
    // A second profile with 7 zones (zones come 5 a page) whose 7th zone has 23 rates
    // (20 a page): its id sorts after the General profile's.
    const rate = (k: number, price: number): DeliveryMethodDefinitionModel => ({
      id: `gid://shopify/DeliveryMethodDefinition/${9_000_000 + k}`,
      name: `Rate ${k}`,
      active: true,
      description: null,
      rate: { id: `gid://shopify/DeliveryRateDefinition/${9_000_000 + k}`, price, currency: "EUR" },
      conditions: price === 0 ? [{ id: conditionId(9_000_000 + k, "GREATER_THAN_OR_EQUAL_TO"), field: "TOTAL_PRICE", operator: "GREATER_THAN_OR_EQUAL_TO", criteria: { kind: "money", minor: 8000, currency: "EUR" } }] : [],
    });
    let k = 0;
    const zones = Array.from({ length: 7 }, (_, z) => ({
      id: `gid://shopify/DeliveryZone/${9_100_000 + z}`,
      name: `Heavy zone ${z + 1}`,
      countries: [{ id: `gid://shopify/DeliveryCountry/${9_200_000 + z}`, code: z === 6 ? null : "CH" }],
      methods: Array.from({ length: z === 6 ? 23 : 1 }, (_, i) => rate(++k, i === 22 ? 0 : 1500 + i)),
    }));
    const heavy: DeliveryProfileModel = {
      id: "gid://shopify/DeliveryProfile/999990000001",
      name: "Heavy items",
      default: false,
      version: 3,
      locationGroups: [{ id: "gid://shopify/DeliveryLocationGroup/999990000001", locationIds: [sim.store.locations[0]!.id], zones }],
    };
    sim.store.deliveryProfiles.push(heavy);
    try {
      bodies.length = 0;
      const r = await readShippingZones(graphql, "EUR");
      expect(r.ok).toBe(true);
      if (!r.ok) return;
      // Requests: General profile (1); Heavy items, zones 1–5 (1); zones 6–7 after zone 5 (1);
      // zone 7's rates 21–23: zone 7 alone after zone 6's cursor (1) = 4.
      expect(r.requests).toBe(4);
      expect(bodies.map((b) => [b.variables.zonesFirst, b.variables.zonesAfter === undefined ? "-" : b.variables.zonesAfter === null ? "null" : "cursor", b.variables.methodsAfter ? "cursor" : "-"])).toEqual([
        [5, "-", "-"],
        [5, "-", "-"],
        [5, "cursor", "-"],
        [1, "cursor", "cursor"],
      ]);
      expect(r.zones).toHaveLength(2 + 7);
      const last = r.zones[8]!;
      expect(last).toMatchObject({ profile: "Heavy items", defaultProfile: false, name: "Heavy zone 7", countries: ["*"] });
      expect(last.rates).toHaveLength(23);
      expect(last.rates.map((x) => x.name)).toEqual(zones[6]!.methods.map((m) => m.name));
      // The 23rd rate is free from 80.00: read although it came on the second page of rates.
      expect(freeShippingToday([last], [])[0]).toMatchObject({ freeFrom: 8000, freeRate: "Rate 29", threshold: 8000 });
      for (const b of bodies) expect(b.cost).toBeLessThan(1000);
    } finally {
      sim.store.deliveryProfiles.pop();
    }
  });

  it("leaves out a rate priced in another currency, naming it", async () => {
    const france = sim.store.deliveryProfiles[0]!.locationGroups[0]!.zones[0]!;
    const before = france.methods[0]!.rate.currency;
    france.methods[0]!.rate.currency = "CHF";
    try {
      const r = await readShippingZones(graphql, "EUR");
      expect(r.ok && r.otherCurrency).toEqual(["Colissimo"]);
      expect(r.ok && r.zones[0]!.rates).toHaveLength(4);
    } finally {
      france.methods[0]!.rate.currency = before;
    }
  });

  it("a missing read_shipping scope or a transport failure is a result with a plain sentence", async () => {
    // Shopify's answer without the scope: errors[].extensions.code ACCESS_DENIED (shape as in
    // airhorns/shopify-draft-proxy fixtures/conformance/harry-test-heelo.myshopify.com/2025-01/payments/
    // shopify-payments-account-access-denied.json).
    const denied = adminGraphql(
      {
        graphql: async () => ({
          json: async () => ({ data: null, errors: [{ message: "Access denied for deliveryProfiles field. Required access: `read_shipping` access scope.", extensions: { code: "ACCESS_DENIED" } }] }),
        }),
      },
      sim.shopDomain,
    );
    expect(await readShippingZones(denied, "EUR")).toEqual({
      ok: false,
      errors: ["NetMargin may not read your shipping rates yet: approve its updated permissions (shipping) in Shopify, then reload this page."],
    });
    const down: AdminGraphql = async () => {
      throw new Error("connect ECONNREFUSED");
    };
    expect(await readShippingZones(down, "EUR")).toEqual({ ok: false, errors: ["Could not reach Shopify: connect ECONNREFUSED"] });
  });
});

describe("freeShippingOffers", () => {
  it("keeps the active discounts, their minimum in cents (a missing minimum = 0)", () => {
    const offers = freeShippingOffers(
      {
        discount: { title: "Free shipping from 45.00 EUR", status: "ACTIVE", minimumSubtotal: "45.0" },
        others: [
          { title: "Livraison offerte dès 60 €", status: "ACTIVE", minimumSubtotal: "60.0" },
          { title: "Next summer", status: "SCHEDULED", minimumSubtotal: "30.0" },
          { title: "VIP", status: "ACTIVE", minimumSubtotal: null },
        ],
      },
      "EUR",
    );
    // "45.0" → 4500, "60.0" → 6000; the scheduled one is not in force today.
    expect(offers).toEqual([
      { title: "Free shipping from 45.00 EUR", minimum: 4500, countries: null, netMargin: true },
      { title: "Livraison offerte dès 60 €", minimum: 6000, countries: null, netMargin: false },
      { title: "VIP", minimum: 0, countries: null, netMargin: false },
    ]);
  });
});
