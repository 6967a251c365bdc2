/**
 * Conformance: the automatic free-shipping discount mutations NetMargin sends
 * (app/services/free-shipping.server.ts), their userErrors, and reading a discount
 * back by id rather than by search. Each case names the live capture it checks.
 *
 * C = airhorns/shopify-draft-proxy fixtures/conformance/harry-test-heelo.myshopify.com/2026-04/discounts/
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { applyFreeShippingThreshold, FREE_SHIPPING_TAG, plainUserErrors } from "~/services/free-shipping.server";
import { adminGraphql } from "~/shopify/admin-client.server";
import { startSimulator, type Simulator } from "../simulator/server";
import { client } from "../simulator/test-client";

const NOW = "2026-11-22T10:00:00Z";
let clock = Date.parse(NOW);
const LAG_MS = 5_000;

const CREATE = `mutation Create($input: DiscountAutomaticFreeShippingInput!) {
  discountAutomaticFreeShippingCreate(freeShippingAutomaticDiscount: $input) {
    automaticDiscountNode { id automaticDiscount { __typename ... on DiscountAutomaticFreeShipping {
      title status startsAt endsAt discountClasses
      minimumRequirement { __typename ... on DiscountMinimumSubtotal { greaterThanOrEqualToSubtotal { amount currencyCode } } }
      maximumShippingPrice { amount currencyCode }
    } } }
    userErrors { field message code extraInfo }
  }
}`;
const UPDATE = `mutation Update($id: ID!, $input: DiscountAutomaticFreeShippingInput!) {
  discountAutomaticFreeShippingUpdate(id: $id, freeShippingAutomaticDiscount: $input) {
    automaticDiscountNode { id }
    userErrors { field message code extraInfo }
  }
}`;

let sim: Simulator;
let gql: ReturnType<typeof client>;
beforeAll(async () => {
  sim = await startSimulator({ generator: { seed: 9, orders: 5, preset: "eu", now: NOW }, now: () => clock, discountSearchLagMs: LAG_MS });
  gql = client(sim);
});
afterAll(async () => sim?.close());

const valid = { title: "Free shipping over 15", startsAt: "2026-11-22T09:59:15.210Z", endsAt: null, minimumRequirement: { subtotal: { greaterThanOrEqualToSubtotal: "15.00" } }, maximumShippingPrice: "20.00" };
async function create(input: Record<string, unknown>) {
  const r = await gql(CREATE, { input });
  expect(r.body.errors).toBeUndefined();
  return r.body.data.discountAutomaticFreeShippingCreate as { automaticDiscountNode: { id: string; automaticDiscount: Record<string, unknown> } | null; userErrors: unknown[] };
}

describe("discountAutomaticFreeShippingCreate / Update", () => {
  it("creates: amounts come back normalised ('15.00' → '15.0') in the shop currency, startsAt without milliseconds", async () => {
    // Source: live capture, C/discount-free-shipping-lifecycle.json (automaticCreate: input "15.00"/"20.00" →
    // greaterThanOrEqualToSubtotal.amount "15.0", maximumShippingPrice.amount "20.0"; startsAt "…:15.210Z" → "…:15Z";
    // status ACTIVE; discountClasses ["SHIPPING"]; userErrors []).
    const p = await create(valid);
    expect(p.userErrors).toEqual([]);
    expect(p.automaticDiscountNode!.automaticDiscount).toEqual({
      __typename: "DiscountAutomaticFreeShipping",
      title: "Free shipping over 15",
      status: "ACTIVE",
      startsAt: "2026-11-22T09:59:15Z",
      endsAt: null,
      discountClasses: ["SHIPPING"],
      minimumRequirement: { __typename: "DiscountMinimumSubtotal", greaterThanOrEqualToSubtotal: { amount: "15.0", currencyCode: "EUR" } },
      maximumShippingPrice: { amount: "20.0", currencyCode: "EUR" },
    });
  });

  it("status follows the dates: SCHEDULED before startsAt, EXPIRED after endsAt (an already-ended discount is accepted)", async () => {
    // Source: live capture, C/discount-status-time-window-derivation.json (create: startsAt 2099-01-01 → SCHEDULED;
    // 2019-01-01…2020-01-01 → EXPIRED with no userError; 2020-01-01…2099-01-01 → ACTIVE).
    const status = async (startsAt: string, endsAt: string | null) => {
      const p = await create({ ...valid, startsAt, endsAt });
      expect(p.userErrors).toEqual([]);
      return p.automaticDiscountNode!.automaticDiscount.status;
    };
    expect(await status("2099-01-01T00:00:00Z", null)).toBe("SCHEDULED");
    expect(await status("2019-01-01T00:00:00Z", "2020-01-01T00:00:00Z")).toBe("EXPIRED");
    expect(await status("2020-01-01T00:00:00Z", "2099-01-01T00:00:00Z")).toBe("ACTIVE");
  });

  it("a blank or too long title: BLANK / TOO_LONG on [freeShippingAutomaticDiscount, title], extraInfo null", async () => {
    // Source: live capture, C/discount-title-validation.json (create.automaticFreeShippingBlank, …TooLong).
    expect((await create({ ...valid, title: "" })).userErrors).toEqual([{ field: ["freeShippingAutomaticDiscount", "title"], message: "Title can't be blank", code: "BLANK", extraInfo: null }]);
    expect((await create({ ...valid, title: "x".repeat(256) })).userErrors).toEqual([
      { field: ["freeShippingAutomaticDiscount", "title"], message: "Title is too long (maximum is 255 characters)", code: "TOO_LONG", extraInfo: null },
    ]);
  });

  it("no start date, omitted or null: BLANK 'Starts at can't be blank'", async () => {
    // Source: live capture, C/discount-starts-at-required-validation.json (cases.omitted / cases.explicitNull .automaticFreeShipping).
    const { startsAt: _omitted, ...withoutStart } = valid;
    for (const input of [withoutStart, { ...valid, startsAt: null }]) {
      const p = await create(input);
      expect(p.automaticDiscountNode).toBeNull();
      expect(p.userErrors).toEqual([{ field: ["freeShippingAutomaticDiscount", "startsAt"], message: "Starts at can't be blank", code: "BLANK", extraInfo: null }]);
    }
  });

  it("an end before the start: INVALID 'Ends at needs to be after starts_at' on endsAt", async () => {
    // Source: live capture, C/discount-invalid-date-range-all-types.json (cases.automaticFreeShipping).
    const p = await create({ ...valid, startsAt: "2026-04-25T00:00:00Z", endsAt: "2026-04-24T00:00:00Z" });
    expect(p.userErrors).toEqual([{ field: ["freeShippingAutomaticDiscount", "endsAt"], message: "Ends at needs to be after starts_at", code: "INVALID", extraInfo: null }]);
  });

  it("combining with shipping discounts is refused on combinesWith, and that error alone is returned (a blank title goes unreported)", async () => {
    // Source: live capture, C/discount-validation-branches.json (validation.omnibus: invalidAutomaticFreeShipping had title ""
    // and combinesWith.shippingDiscounts true; its only userError is on ["freeShippingAutomaticDiscount","combinesWith"]).
    const p = await create({ ...valid, title: "", combinesWith: { productDiscounts: true, orderDiscounts: true, shippingDiscounts: true } });
    expect(p.userErrors).toEqual([
      { field: ["freeShippingAutomaticDiscount", "combinesWith"], message: "The combinesWith settings are not valid for the discount class.", code: "INVALID_COMBINES_WITH_FOR_DISCOUNT_CLASS", extraInfo: null },
    ]);
  });

  it("a minimum subtotal and a minimum quantity together: two CONFLICT errors, one per field", async () => {
    // Source: live capture, C/discount-minimum-requirement-exclusivity.json (minimumRequirement.bothAutomatic, on the
    // automatic basic discount; DiscountMinimumRequirementInput is the same input type on free-shipping discounts).
    const p = await create({ ...valid, minimumRequirement: { subtotal: { greaterThanOrEqualToSubtotal: "15.00" }, quantity: { greaterThanOrEqualToQuantity: "2" } } });
    expect(p.automaticDiscountNode).toBeNull();
    expect(p.userErrors).toEqual([
      { field: ["freeShippingAutomaticDiscount", "minimumRequirement", "subtotal", "greaterThanOrEqualToSubtotal"], message: "Minimum subtotal cannot be defined when minimum quantity is.", code: "CONFLICT", extraInfo: null },
      { field: ["freeShippingAutomaticDiscount", "minimumRequirement", "quantity", "greaterThanOrEqualToQuantity"], message: "Minimum quantity cannot be defined when minimum subtotal is.", code: "CONFLICT", extraInfo: null },
    ]);
  });

  it("updating an id that does not exist: 'Discount does not exist' on [id] with no code", async () => {
    // Source: live capture, airhorns/shopify-draft-proxy fixtures/conformance/harry-test-heelo.myshopify.com/2026-04/discounts/discount-update-edge-cases.json
    // (unknownUpdate: {"field":["id"],"message":"Discount does not exist","code":null,"extraInfo":null}).
    const r = await gql(UPDATE, { id: "gid://shopify/DiscountAutomaticNode/1", input: { title: "x" } });
    expect(r.body.data.discountAutomaticFreeShippingUpdate).toEqual({ automaticDiscountNode: null, userErrors: [{ field: ["id"], message: "Discount does not exist", code: null, extraInfo: null }] });
  });
});

describe("reading a discount back right after writing it", () => {
  it("discountNodes(query:) does not list it yet while discountNode(id:) and automaticDiscountNode(id:) return it", async () => {
    // Source: live capture, C/discount-free-shipping-lifecycle.json (readAfterUpdate, a second after the writes:
    // automaticDiscountNode(id) returned the discount, discountNodes(query: "type:free_shipping") returned nodes [],
    // discountNodesCount 2): the search index lags behind writes; read by id.
    clock += 60_000;
    const p = await create({ ...valid, title: "Just written" });
    const id = p.automaticDiscountNode!.id;
    const read = `query($id: ID!) {
      discountNode(id: $id) { id }
      automaticDiscountNode(id: $id) { id }
      discountNodes(first: 50, query: "type:free_shipping") { nodes { id } }
    }`;
    const soon = await gql(read, { id });
    expect(soon.body.data.discountNode).toEqual({ id });
    expect(soon.body.data.automaticDiscountNode).toEqual({ id });
    expect(soon.body.data.discountNodes.nodes.map((n: { id: string }) => n.id)).not.toContain(id);
    // Once the index has caught up (the simulator's lag; Shopify publishes none) the search finds it.
    clock += LAG_MS;
    const later = await gql(read, { id });
    expect(later.body.data.discountNodes.nodes.map((n: { id: string }) => n.id)).toContain(id);
  });
});

describe("NetMargin's apply while the search index lags", () => {
  it("a second apply right after the first updates the same discount instead of creating a duplicate", async () => {
    // Source: as above (C/discount-free-shipping-lifecycle.json readAfterUpdate): a discount written a second ago is not
    // in discountNodes(query:) yet, so finding NetMargin's discount by search alone would create a second one.
    clock += 60_000;
    const graphql = adminGraphql(
      { graphql: (query, options) => fetch(sim.graphqlUrl, { method: "POST", headers: { "Content-Type": "application/json", "X-Shopify-Access-Token": sim.accessToken }, body: JSON.stringify({ query, variables: options?.variables }) }) },
      sim.shopDomain,
    );
    const ours = () => sim.store.freeShippingDiscounts.filter((d) => d.tags.includes(FREE_SHIPPING_TAG));
    const first = await applyFreeShippingThreshold(graphql, { threshold: { amount: 5000, currency: "EUR" }, now: new Date(clock) });
    expect(first).toMatchObject({ ok: true, action: "created" });
    clock += 1_000; // within the lag
    const second = await applyFreeShippingThreshold(graphql, { threshold: { amount: 6000, currency: "EUR" }, now: new Date(clock) });
    expect(second).toMatchObject({ ok: true, action: "updated", discountId: first.ok ? first.discountId : "", previous: { minimumSubtotal: "50.0" } });
    expect(ours()).toHaveLength(1);
    expect(ours()[0]).toMatchObject({ minimumSubtotal: 6000 }); // 60.00 EUR in cents
  });
});

describe("the merchant reads Shopify's userErrors in plain words", () => {
  // Captured userErrors (sources above) through app/services/free-shipping.server.ts plainUserErrors.
  it("explains the date, combination and minimum-requirement errors without codes or field names", () => {
    expect(
      plainUserErrors([
        { field: ["freeShippingAutomaticDiscount", "endsAt"], message: "Ends at needs to be after starts_at", code: "INVALID" },
        { field: ["freeShippingAutomaticDiscount", "combinesWith"], message: "The combinesWith settings are not valid for the discount class.", code: "INVALID_COMBINES_WITH_FOR_DISCOUNT_CLASS" },
        { field: ["freeShippingAutomaticDiscount", "minimumRequirement", "subtotal", "greaterThanOrEqualToSubtotal"], message: "Minimum subtotal cannot be defined when minimum quantity is.", code: "CONFLICT" },
        { field: ["freeShippingAutomaticDiscount", "minimumRequirement", "quantity", "greaterThanOrEqualToQuantity"], message: "Minimum quantity cannot be defined when minimum subtotal is.", code: "CONFLICT" },
        { field: ["id"], message: "Discount does not exist", code: null },
        { field: ["freeShippingAutomaticDiscount", "startsAt"], message: "Starts at can't be blank", code: "BLANK" },
      ]),
    ).toEqual([
      "The discount's end date must be after its start date.",
      "A free-shipping discount cannot be combined with other shipping discounts.",
      "A discount can require a minimum order value or a minimum number of items, not both.",
      "NetMargin's free-shipping discount no longer exists in Shopify (it may have been deleted in Discounts). Apply again to create a new one.",
      "The discount needs a start date.",
    ]);
  });
});
