/**
 * Conformance: the GraphQL Admin API leaky bucket as NetMargin meets it (the Admin
 * client in app/shopify/admin-client.server.ts paces on these numbers and retries THROTTLED).
 * Each case names the source of the fact it checks.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { startSimulator, type Simulator } from "../simulator/server";
import { client } from "../simulator/test-client";

const NOW = "2026-10-15T12:00:00Z";
// 2 + 50 × (1 + 2 + 5 × 1) = 402 points requested: orders(first: 50) → lineItems(first: 5) { id }
const QUERY = `{ orders(first: 50) { nodes { id lineItems(first: 5) { nodes { id } } } } }`;

let sim: Simulator;
let gql: ReturnType<typeof client>;
let clock = Date.parse(NOW);

beforeAll(async () => {
  sim = await startSimulator({ generator: { seed: 3, orders: 10, preset: "us", now: NOW }, now: () => clock });
  gql = client(sim);
});
afterAll(async () => sim?.close());

describe("throttling (GraphQL Admin API leaky bucket)", () => {
  it("a standard shop's bucket holds 2000 points and restores 100 a second", async () => {
    // Source: live capture, airhorns/shopify-draft-proxy fixtures/conformance/harry-test-heelo.myshopify.com/2026-04/discounts/discount-free-shipping-lifecycle.json
    // (automaticCreate.payload.extensions.cost.throttleStatus: maximumAvailable 2000, restoreRate 100);
    // shopify.dev/docs/apps/build/apis/graphql-admin/rate-limits (2026-10): "Standard 100 points/second".
    const r = await gql("{ shop { name } }");
    expect(r.body.extensions.cost.throttleStatus).toMatchObject({ maximumAvailable: 2000, restoreRate: 100 });
    expect(Number.isInteger(r.body.extensions.cost.throttleStatus.currentlyAvailable)).toBe(true);
  });

  it("a request the bucket cannot cover gets Shopify's THROTTLED body: HTTP 200, no data, cost with actualQueryCost null", async () => {
    // Source: shopify.dev/docs/apps/build/apis/graphql-admin/rate-limits (2026-10): a request is admitted only when the
    // bucket holds its requested cost; the response shape is Shopify's published one (community.shopify.com/t/throttled/254776,
    // a live response quoted in full): errors[0] { message "Throttled", extensions { code "THROTTLED", documentation } },
    // top-level extensions.cost { requestedQueryCost, actualQueryCost: null, throttleStatus }.
    clock += 60_000;
    sim.faults.drainBucket(1800); // 2000 − 1800 = 200 points left, the query asks for 402
    const r = await gql(QUERY);
    expect(r.status).toBe(200);
    expect(r.body).toEqual({
      errors: [{ message: "Throttled", extensions: { code: "THROTTLED", documentation: "https://shopify.dev/api/usage/rate-limits" } }],
      extensions: { cost: { requestedQueryCost: 402, actualQueryCost: null, throttleStatus: { maximumAvailable: 2000, currentlyAvailable: 200, restoreRate: 100 } } },
    });
    expect("data" in r.body).toBe(false);
    // A throttled request takes nothing from the bucket.
    const again = await gql("{ shop { name } }");
    expect(again.body.extensions.cost.throttleStatus.currentlyAvailable).toBe(200 - again.body.extensions.cost.actualQueryCost);
  });

  it("after waiting (requested − currentlyAvailable) / restoreRate seconds the same request is admitted", async () => {
    // Source: shopify.dev/docs/api/usage/limits (2026-10), "The leaky bucket algorithm": the bucket refills continuously at the restore rate.
    clock += 60_000;
    sim.faults.drainBucket(1800);
    const throttled = await gql(QUERY);
    const { requestedQueryCost, throttleStatus } = throttled.body.extensions.cost;
    expect(throttled.body.errors[0].extensions.code).toBe("THROTTLED");
    // (402 − 200) / 100 = 2.02 s
    clock += Math.ceil(((requestedQueryCost - throttleStatus.currentlyAvailable) / throttleStatus.restoreRate) * 1000);
    const ok = await gql(QUERY);
    expect(ok.body.errors).toBeUndefined();
    expect(ok.body.extensions.cost.requestedQueryCost).toBe(402);
  });
});
