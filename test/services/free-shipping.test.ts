/**
 * Applying a free-shipping threshold against the Admin API simulator, through a
 * tiny `admin.graphql` (query + { variables } → Response) through the routes' adapter.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { applyFreeShippingThreshold, findFreeShippingDiscount, FREE_SHIPPING_TAG, plainUserErrors } from "~/services/free-shipping.server";
import { adminGraphql, type AdminGraphql } from "~/shopify/admin-client.server";
import { startSimulator, type Simulator } from "../simulator/server";
import { client } from "../simulator/test-client";

const NOW = new Date("2026-11-22T10:00:00Z");
const eur = (amount: number) => ({ amount, currency: "EUR" });

let sim: Simulator;
let graphql: AdminGraphql;
beforeAll(async () => {
  sim = await startSimulator({ generator: { seed: 7, orders: 20, preset: "eu" }, now: () => NOW.getTime() });
  graphql = adminGraphql(
    {
      graphql: (query, options) =>
        fetch(sim.graphqlUrl, {
          method: "POST",
          headers: { "Content-Type": "application/json", "X-Shopify-Access-Token": sim.accessToken },
          body: JSON.stringify({ query, variables: options?.variables }),
        }),
    },
    sim.shopDomain,
  );
});
afterAll(async () => sim?.close());

async function thresholdMetafield(): Promise<unknown> {
  const r = await client(sim)<{ currentAppInstallation: { metafield: { type: string; value: string } | null } }>(
    `query { currentAppInstallation { metafield(namespace: "$app", key: "free_shipping_threshold") { type value } } }`,
  );
  return r.body.data?.currentAppInstallation.metafield;
}

const ours = () => sim.store.freeShippingDiscounts.filter((d) => d.tags.includes(FREE_SHIPPING_TAG));

describe("applyFreeShippingThreshold", () => {
  it("leaves another app's free-shipping discount alone, creates NetMargin's, and mirrors the threshold", async () => {
    const other = await client(sim)(
      `mutation($d: DiscountAutomaticFreeShippingInput!) { discountAutomaticFreeShippingCreate(freeShippingAutomaticDiscount: $d) { userErrors { message } } }`,
      { d: { title: "Summer free shipping", startsAt: "2026-06-01T00:00:00Z", minimumRequirement: { subtotal: { greaterThanOrEqualToSubtotal: "80.00" } } } },
    );
    expect(other.body.data.discountAutomaticFreeShippingCreate.userErrors).toEqual([]);
    // Found as another discount, not as NetMargin's.
    const before = await findFreeShippingDiscount(graphql);
    // Beside the store's own "Livraison offerte dès 60 €" (the simulator's create used to replace it: same id).
    expect(before).toMatchObject({
      ok: true,
      discount: null,
      others: [
        { title: "Livraison offerte dès 60 €", status: "ACTIVE" },
        { title: "Summer free shipping", status: "ACTIVE" },
      ],
    });
    expect(before.ok && before.others.map((o) => Number(o.minimumSubtotal))).toEqual([60, 80]);

    const r = await applyFreeShippingThreshold(graphql, { threshold: eur(5000), now: NOW });
    expect(r).toMatchObject({ ok: true, action: "created", previous: null });
    expect(ours()).toHaveLength(1);
    expect(ours()[0]).toMatchObject({ title: "Free shipping from €50.00", minimumSubtotal: 5000 });
    expect(Date.parse(ours()[0]!.startsAt)).toBe(NOW.getTime());
    expect(await thresholdMetafield()).toEqual({ type: "money", value: '{"amount":"50.00","currency_code":"EUR"}' });
  });

  it("a second apply updates the same discount instead of creating a duplicate", async () => {
    const before = ours()[0]!.id;
    const r = await applyFreeShippingThreshold(graphql, { threshold: eur(6500), now: NOW });
    expect(r).toMatchObject({ ok: true, action: "updated", discountId: before, previous: { id: before, minimumSubtotal: "50.0" } });
    expect(ours()).toHaveLength(1);
    expect(ours()[0]).toMatchObject({ id: before, minimumSubtotal: 6500 });
    // the other app's discount is untouched
    expect(sim.store.freeShippingDiscounts.find((d) => d.title === "Summer free shipping")?.minimumSubtotal).toBe(8000);
    expect(await thresholdMetafield()).toEqual({ type: "money", value: '{"amount":"65.00","currency_code":"EUR"}' });
  });

  it("turns Shopify's userErrors into plain words and changes nothing", async () => {
    const r = await applyFreeShippingThreshold(graphql, { threshold: eur(7000), title: "x".repeat(300), now: NOW });
    expect(r).toEqual({ ok: false, step: "update", errors: ["Discount title: title is too long (maximum is 255 characters)."] });
    expect(ours()[0]).toMatchObject({ minimumSubtotal: 6500 });
    expect(await thresholdMetafield()).toMatchObject({ value: '{"amount":"65.00","currency_code":"EUR"}' });
  });

  it("restarts NetMargin's discount when it has expired", async () => {
    const d = ours()[0]!;
    d.startsAt = "2026-10-01T00:00:00Z";
    d.endsAt = "2026-11-01T00:00:00Z";
    const r = await applyFreeShippingThreshold(graphql, { threshold: eur(5500), now: NOW });
    expect(r).toMatchObject({ ok: true, action: "updated", discountId: d.id, previous: { status: "EXPIRED" } });
    expect(ours()).toHaveLength(1);
    expect(ours()[0]).toMatchObject({ minimumSubtotal: 5500, endsAt: null });
    expect(Date.parse(ours()[0]!.startsAt)).toBe(NOW.getTime());
  });

  it("refuses a threshold of 0 or in another currency before calling Shopify's mutations", async () => {
    expect(await applyFreeShippingThreshold(graphql, { threshold: eur(0), now: NOW })).toEqual({
      ok: false,
      step: "input",
      errors: ["The free-shipping threshold must be greater than 0."],
    });
    expect(await applyFreeShippingThreshold(graphql, { threshold: { amount: 5000, currency: "USD" }, now: NOW })).toEqual({
      ok: false,
      step: "input",
      errors: ["The threshold is in USD but the shop sells in EUR."],
    });
  });

  it("reports a transport failure as a result", async () => {
    const down: AdminGraphql = () => Promise.reject(new Error("connect ECONNREFUSED"));
    expect(await applyFreeShippingThreshold(down, { threshold: eur(5000), now: NOW })).toEqual({
      ok: false,
      step: "find",
      errors: ["Could not reach Shopify: connect ECONNREFUSED"],
    });
  });
});

describe("plainUserErrors", () => {
  it("explains known codes and labels fields", () => {
    expect(
      plainUserErrors([
        { field: ["freeShippingAutomaticDiscount", "startsAt"], code: "ACTIVE_PERIOD_OVERLAP", message: "Only 25 automatic discounts can be active at the same time." },
        { field: ["freeShippingAutomaticDiscount", "minimumRequirement", "subtotal", "greaterThanOrEqualToSubtotal"], code: "GREATER_THAN", message: "Minimum subtotal must be greater than 0" },
        { field: ["metafields", "0", "value"], code: "INVALID_VALUE", message: "Currency code must be the shop currency (EUR)." },
        { field: null, code: null, message: "Something else" },
      ]),
    ).toEqual([
      "Shopify allows only 25 automatic discounts to be active at the same time. End or delete one in Discounts, then apply again.",
      "Minimum order value: minimum subtotal must be greater than 0.",
      "Threshold value: currency code must be the shop currency (EUR).",
      "Something else.",
    ]);
  });
});

describe("findFreeShippingDiscount: code discounts (issue 17, item 5)", () => {
  it("lists the code free-shipping discounts in force apart from the automatic ones, with their code and minimum", async () => {
    const base = {
      startsAt: "2026-01-01T00:00:00Z",
      minimumQuantity: null,
      destination: { all: true } as const,
      maximumShippingPrice: null,
      combinesWith: { productDiscounts: true, orderDiscounts: true, shippingDiscounts: false },
      appliesOnOneTimePurchase: true,
      appliesOnSubscription: false,
      recurringCycleLimit: 0,
      tags: [],
      createdAt: "2026-01-01T00:00:00Z",
      updatedAt: "2026-01-01T00:00:00Z",
    };
    sim.store.freeShippingDiscounts.push(
      { ...base, id: "gid://shopify/DiscountCodeNode/1480000009101", title: "Newsletter: free shipping from 40", code: "LIVRAISON", endsAt: null, minimumSubtotal: 4000 },
      // Ended: not in force, left out.
      { ...base, id: "gid://shopify/DiscountCodeNode/1480000009102", title: "Spring code", code: "PRINTEMPS", endsAt: "2026-05-01T00:00:00Z", minimumSubtotal: 2500 },
    );
    const before = sim.store.freeShippingDiscounts.length;
    const found = await findFreeShippingDiscount(graphql);
    expect(found.ok).toBe(true);
    if (!found.ok) return;
    expect(found.codes).toEqual([{ id: "gid://shopify/DiscountCodeNode/1480000009101", title: "Newsletter: free shipping from 40", status: "ACTIVE", minimumSubtotal: "40.0", code: "LIVRAISON" }]);
    // Neither is taken for NetMargin's discount nor for the automatic ones every customer gets.
    expect(found.discount?.title).toBe("Free shipping from €50.00");
    expect(found.others.map((o) => o.title)).not.toContain("Newsletter: free shipping from 40");
    expect(sim.store.freeShippingDiscounts).toHaveLength(before);
  });
});
