/**
 * Conformance: how amounts, large integers and ids are written in Shopify's GraphQL
 * answers, which app/domain parses (decimal strings → integer minor units; never
 * string comparison). Each case names the live capture it checks.
 *
 * C = airhorns/shopify-draft-proxy fixtures/conformance/harry-test-heelo.myshopify.com/2026-04/
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { parseDecimal } from "~/domain/money";
import { startSimulator, type Simulator } from "../simulator/server";
import { client } from "../simulator/test-client";

const NOW = "2026-10-15T12:00:00Z";
/** Ruby BigDecimal#to_s("F") style: no leading zeros, at least one decimal, no trailing zero beyond "x.0". */
const DECIMAL = /^-?(0|[1-9]\d*)\.(0|\d*[1-9])$/;

let sim: Simulator;
let gql: ReturnType<typeof client>;
beforeAll(async () => {
  sim = await startSimulator({ generator: { seed: 21, orders: 40, preset: "eu", now: NOW }, now: () => Date.parse(NOW), bulk: { stepDelayMs: 1 } });
  gql = client(sim);
});
afterAll(async () => sim?.close());

function amounts(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) for (const v of value) amounts(v, out);
  else if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) {
      if (k === "amount" && typeof v === "string") out.push(v);
      else amounts(v, out);
    }
  }
  return out;
}

describe("MoneyV2.amount (Decimal)", () => {
  it("every order amount is a normalised decimal string: '100.0', '26.0', '0.0', never '26.00' or a number", async () => {
    // Source: live capture, C/orders/order-edit-money-math.json (order MoneyBags answer "100.0", "80.0", "26.0", "13.0", "0.0").
    const r = await gql(`{ orders(first: 12) { nodes {
      totalPriceSet { shopMoney { amount } presentmentMoney { amount } }
      subtotalPriceSet { shopMoney { amount } } totalTaxSet { shopMoney { amount } } totalDiscountsSet { shopMoney { amount } }
      totalShippingPriceSet { shopMoney { amount } } totalRefundedSet { shopMoney { amount } } netPaymentSet { shopMoney { amount } }
      lineItems(first: 5) { nodes { originalUnitPriceSet { shopMoney { amount } } priceAfterAllDiscountsBeforeTaxesSet { shopMoney { amount } } } }
      transactions(first: 3) { amountSet { shopMoney { amount } } fees { amount { amount } } }
    } } }`);
    expect(r.body.errors).toBeUndefined();
    const all = amounts(r.body.data);
    expect(all.length).toBeGreaterThan(12 * 9); // 9 order-level amounts per order, plus lines and transactions
    for (const a of all) expect(a, a).toMatch(DECIMAL);
    expect(all).toContain("0.0"); // an order never refunded: totalRefundedSet "0.0"
    expect(all.some((a) => /\.\d$/.test(a) && a !== "0.0")).toBe(true); // whole amounts as "26.0"
  });

  it("an input '15.00' comes back '15.0', and both parse to the same minor units", async () => {
    // Source: live capture, C/discounts/discount-free-shipping-lifecycle.json (input "15.00" → amount "15.0", "22.00" → "22.0").
    const r = await gql(
      `mutation($i: DiscountAutomaticFreeShippingInput!) { discountAutomaticFreeShippingCreate(freeShippingAutomaticDiscount: $i) {
        automaticDiscountNode { automaticDiscount { ... on DiscountAutomaticFreeShipping {
          minimumRequirement { ... on DiscountMinimumSubtotal { greaterThanOrEqualToSubtotal { amount } } } maximumShippingPrice { amount } } } } userErrors { message } } }`,
      { i: { title: "Money shapes", startsAt: NOW, minimumRequirement: { subtotal: { greaterThanOrEqualToSubtotal: "15.00" } }, maximumShippingPrice: "22.50" } },
    );
    const d = r.body.data.discountAutomaticFreeShippingCreate.automaticDiscountNode.automaticDiscount;
    expect(d.minimumRequirement.greaterThanOrEqualToSubtotal.amount).toBe("15.0");
    expect(d.maximumShippingPrice.amount).toBe("22.5");
    // 15.00 EUR = 1500 cents whichever way it is written
    expect(parseDecimal("15.0", "EUR")).toEqual(parseDecimal("15.00", "EUR"));
    expect(parseDecimal("15.0", "EUR")).toEqual({ ok: true, value: 1500 });
  });
});

describe("Money scalar, UnsignedInt64 and ids", () => {
  it("ProductVariant.price (Money scalar) keeps the currency's two decimals: '11.00', '0.00'", async () => {
    // Source: live capture, C/products/inventory-inactive-level-lifecycle-2026-04.json (variant price "0.00") and other
    // C/products captures ("11.00", "25.00", "949.95").
    const r = await gql(`{ productVariants(first: 50) { nodes { price } } }`);
    const prices = (r.body.data.productVariants.nodes as { price: string }[]).map((n) => n.price);
    for (const p of prices) expect(p, p).toMatch(/^-?\d+\.\d{2}$/);
  });

  it("UnsignedInt64 fields are JSON strings: BulkOperation.objectCount, DiscountMinimumQuantity.greaterThanOrEqualToQuantity", async () => {
    // Source: live capture, C/bulk-operations/bulk-operation-run-query-group-objects.json (objectCount "1456",
    // rootObjectCount "1456", fileSize "115969"); schema 2026-10: greaterThanOrEqualToQuantity is UnsignedInt64.
    const start = await gql(`mutation { bulkOperationRunQuery(query: "{ products { edges { node { id } } } }", groupObjects: false) { bulkOperation { id } userErrors { message } } }`);
    const id = start.body.data.bulkOperationRunQuery.bulkOperation.id as string;
    await sim.waitForBulkIdle();
    const op = await gql(`query($id: ID!) { bulkOperation(id: $id) { status objectCount rootObjectCount } }`, { id });
    expect(op.body.data.bulkOperation.status).toBe("COMPLETED");
    expect(typeof op.body.data.bulkOperation.objectCount).toBe("string");
    expect(op.body.data.bulkOperation.objectCount).toMatch(/^\d+$/);
    expect(op.body.data.bulkOperation.rootObjectCount).toBe(String(sim.store.products.length));

    const q = await gql(
      `mutation($i: DiscountAutomaticFreeShippingInput!) { discountAutomaticFreeShippingCreate(freeShippingAutomaticDiscount: $i) {
        automaticDiscountNode { automaticDiscount { ... on DiscountAutomaticFreeShipping { minimumRequirement { ... on DiscountMinimumQuantity { greaterThanOrEqualToQuantity } } } } } } }`,
      { i: { title: "Three items", startsAt: NOW, minimumRequirement: { quantity: { greaterThanOrEqualToQuantity: "3" } } } },
    );
    expect(q.body.data.discountAutomaticFreeShippingCreate.automaticDiscountNode.automaticDiscount.minimumRequirement).toEqual({ greaterThanOrEqualToQuantity: "3" });
  });

  it("ids are GID strings (gid://shopify/<Type>/<number>), never numbers", async () => {
    // Source: every capture under C/ (e.g. discounts/discount-free-shipping-lifecycle.json "gid://shopify/DiscountAutomaticNode/1663205671218").
    const r = await gql(`{ orders(first: 5) { nodes { id lineItems(first: 3) { nodes { id variant { id } } } } } }`);
    const ids: unknown[] = [];
    for (const o of r.body.data.orders.nodes) {
      ids.push(o.id);
      for (const l of o.lineItems.nodes) ids.push(l.id, ...(l.variant ? [l.variant.id] : []));
    }
    for (const id of ids) expect(id).toMatch(/^gid:\/\/shopify\/[A-Za-z]+\/\d+$/);
  });
});
