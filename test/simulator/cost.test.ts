import { readFileSync } from "node:fs";

import fc from "fast-check";
import { execute, parse, validate } from "graphql";
import { describe, expect, it } from "vitest";

import {
  MAX_PAGE_SIZE,
  SINGLE_QUERY_MAX_COST,
  calculateActualQueryCost,
  calculateQueryCost,
  calculateQueryCosts,
} from "./cost";
import { loadAdminSchema } from "./schema";

const schema = loadAdminSchema();

function cost(query: string, variables: Record<string, unknown> = {}, operationName?: string): number {
  const document = parse(query);
  expect(validate(schema, document)).toEqual([]);
  return calculateQueryCost(schema, document, variables, operationName);
}

/** Runs `query` against plain data (graphql's default resolvers read the properties). */
function actual(query: string, rootValue: Record<string, unknown>, variables: Record<string, unknown> = {}) {
  const document = parse(query);
  expect(validate(schema, document)).toEqual([]);
  const result = execute({ schema, document, rootValue, variableValues: variables }) as { data?: unknown; errors?: unknown };
  expect(result.errors).toBeUndefined();
  return {
    data: result.data,
    requested: calculateQueryCost(schema, document, variables),
    actual: calculateActualQueryCost(schema, document, variables, null, result.data),
  };
}

const ORDER_ID = "gid://shopify/Order/1";

describe("calculateQueryCost: hand-worked costs", () => {
  it("charges 1 per object and 0 for scalars and enums", () => {
    expect(cost("{ shop { name } }")).toBe(1);
    expect(cost("{ shop { name currencyCode id } }")).toBe(1); // currencyCode is an enum
    expect(cost("{ __typename }")).toBe(0);
    // shop 1 + plan 1
    expect(cost("{ shop { name plan { publicDisplayName shopifyPlus } } }")).toBe(2);
  });

  it("charges a connection 2 + first × one node", () => {
    expect(cost("{ products(first: 10) { nodes { id title } } }")).toBe(2 + 10 * 1);
    // edges { node } costs the same as nodes; cursor and pageInfo are free
    expect(cost("{ products(first: 10) { edges { cursor node { id title } } pageInfo { hasNextPage endCursor } } }")).toBe(12);
    expect(cost("{ products(last: 3) { nodes { id } } }")).toBe(2 + 3);
    // objects inside a node: order 1 + MoneyBag 1 + MoneyV2 1 per node
    expect(cost("{ orders(first: 3) { nodes { totalPriceSet { shopMoney { amount } } } } }")).toBe(2 + 3 * 3);
  });

  it("multiplies nested connections", () => {
    // 2 + 10 × (product 1 + variants 2 + 5 × variant 1)
    expect(cost("{ products(first: 10) { nodes { title variants(first: 5) { nodes { price } } } } }")).toBe(82);
    // 1 + 2 + 3 × (1 + 2 + 4 × (1 + 1))
    expect(
      cost(`{ order(id: "${ORDER_ID}") { refunds(first: 3) { refundLineItems(first: 4) { nodes { lineItem { id } } } } } }`),
    ).toBe(1 + 2 + 3 * (1 + 2 + 4 * 2));
  });

  it("charges 10 per mutation root field, whatever the payload selects", () => {
    const mutation = `mutation {
      productUpdate(product: { id: "gid://shopify/Product/1", title: "x" }) {
        product { id variants(first: 100) { nodes { id inventoryItem { id } } } }
        userErrors { field message }
      }
    }`;
    expect(cost(mutation)).toBe(10);
    expect(
      cost(`mutation {
        a: metafieldsDelete(metafields: []) { userErrors { message } }
        b: metafieldsDelete(metafields: []) { userErrors { message } }
      }`),
    ).toBe(20);
  });

  it("expands named and inline fragments", () => {
    const named = `
      query { order(id: "${ORDER_ID}") { ...Money } }
      fragment Money on Order { id totalPriceSet { ...Amount } }
      fragment Amount on MoneyBag { shopMoney { amount } presentmentMoney { amount } }`;
    expect(cost(named)).toBe(1 + 3);
    const inline = `{ order(id: "${ORDER_ID}") { ... on Order { totalPriceSet { shopMoney { amount } } } } }`;
    expect(cost(inline)).toBe(3);
    // a spread used twice is merged, not charged twice
    expect(cost(`query { order(id: "${ORDER_ID}") { ...F ...F } } fragment F on Order { totalPriceSet { shopMoney { amount } } }`)).toBe(3);
  });

  it("charges an interface or union the most expensive possible type", () => {
    // Node: Order branch 2 + 4 × 1 = 6 is the most expensive
    expect(
      cost(`{ node(id: "${ORDER_ID}") { id ... on Order { lineItems(first: 4) { nodes { id } } } ... on Product { featuredMedia { id } } } }`),
    ).toBe(1 + 6);
    // fields selected on the interface itself count for every type
    expect(cost(`{ node(id: "${ORDER_ID}") { id } }`)).toBe(1);
    // a fragment on an interface applies to its implementations
    expect(
      cost(`{ order(id: "${ORDER_ID}") { lineItems(first: 2) { nodes { discountAllocations { discountApplication { ... on DiscountApplication { value { ... on MoneyV2 { amount } } } } } } } } }`),
    ).toBe(1 + 2 + 2 * (1 + 1 + 1 + 1));
  });

  it("resolves variables and their defaults", () => {
    const query = "query Q($n: Int!) { products(first: $n) { nodes { id } } }";
    expect(cost(query, { n: 7 })).toBe(9);
    expect(cost(query, { n: 250 })).toBe(252);
    expect(cost("query Q($n: Int = 4) { products(first: $n) { nodes { id } } }")).toBe(6);
    expect(cost("query Q($ids: [ID!]!) { nodes(ids: $ids) { id } }", { ids: ["a", "b", "c"] })).toBe(2 + 3);
  });

  it("honours @skip and @include", () => {
    const query = `query Q($lines: Boolean!) { order(id: "${ORDER_ID}") { id lineItems(first: 10) @include(if: $lines) { nodes { id } } } }`;
    expect(cost(query, { lines: true })).toBe(1 + 12);
    expect(cost(query, { lines: false })).toBe(1);
    expect(cost(`{ shop @skip(if: true) { name } }`)).toBe(0);
    expect(cost(`query Q($s: Boolean = false) { shop { plan @skip(if: $s) { shopifyPlus } } }`)).toBe(2);
    expect(cost(`query { shop { ...P @include(if: false) } } fragment P on Shop { plan { shopifyPlus } }`)).toBe(1);
  });

  it("counts plain lists with a size argument like connections, without one as one object", () => {
    expect(cost(`{ order(id: "${ORDER_ID}") { transactions(first: 10) { id } } }`)).toBe(1 + 2 + 10);
    expect(cost(`{ order(id: "${ORDER_ID}") { refunds(first: 3) { id totalRefundedSet { shopMoney { amount } } } } }`)).toBe(1 + 2 + 3 * 3);
    expect(cost(`{ order(id: "${ORDER_ID}") { transactions { id fees { amount { amount } } } } }`)).toBe(1 + 1 + 2);
    // LineItem.taxLines takes an optional first:
    expect(cost(`{ order(id: "${ORDER_ID}") { lineItems(first: 1) { nodes { taxLines { rate } } } } }`)).toBe(1 + 2 + 1 * (1 + 1));
    expect(cost(`{ order(id: "${ORDER_ID}") { lineItems(first: 1) { nodes { taxLines(first: 5) { rate } } } } }`)).toBe(1 + 2 + 1 * (1 + 2 + 5));
  });

  it("merges identical response keys and charges aliases separately", () => {
    expect(cost("{ shop { name } shop { id } }")).toBe(1);
    expect(cost("{ a: shop { name } b: shop { id } }")).toBe(2);
  });

  it("charges a connection without first/last as a full page", () => {
    // Shopify rejects it; the simulator never under-charges it.
    expect(calculateQueryCost(schema, parse("{ products { nodes { id } } }"), {})).toBe(2 + MAX_PAGE_SIZE);
  });

  it("costs only the operation operationName selects", () => {
    const doc = `
      query Cheap { shop { name } }
      query Dear { products(first: 50) { nodes { id } } }
      mutation Write { metafieldsDelete(metafields: []) { userErrors { message } } }`;
    expect(cost(doc, {}, "Cheap")).toBe(1);
    expect(cost(doc, {}, "Dear")).toBe(52);
    expect(cost(doc, {}, "Write")).toBe(10);
    expect(() => calculateQueryCost(schema, parse(doc), {})).toThrow(/operation name/);
    expect(() => calculateQueryCost(schema, parse(doc), {}, "Nope")).toThrow(/Unknown operation/);
  });
});

describe("calculateQueryCost: the shared admin-queries", () => {
  const dir = "/work/shared/docs/admin-queries";
  const load = (file: string) => parse(readFileSync(`${dir}/${file}`, "utf8"));
  const costOf = (file: string, operationName?: string) => {
    const document = load(file);
    expect(validate(schema, document)).toEqual([]);
    return calculateQueryCost(schema, document, { id: ORDER_ID }, operationName);
  };

  // Documented estimates (shopify-admin-api.md §1): 01a ≈200, 01b ≈430, 01c ≈350.
  // The documented linear rules give slightly different numbers:
  //  01a = order 1 + nine MoneyBags 19 + shippingLines(first: 5) 2+5×7 + transactions(first: 10)
  //        2+10×8 + refunds(first: 5) 2+5×11 + fulfillments(first: 5) 2+5×3            = 213
  //  01b = order 1 + lineItems(first: 25) 2 + 25 × 16 (line 1, variant 1, product 1,
  //        three MoneyBags 6, discountAllocations 4, taxLines 3)                        = 403
  //  01c = refund 1 + refundLineItems(first: 50) 2 + 50 × 6                             = 303
  // The estimates look like rounded-up hand counts; all stay under the 1,000-point limit.
  it.each([
    ["01a_order_header.graphql", 213, 200],
    ["01b_order_line_items.graphql", 403, 430],
    ["01c_refund_lines.graphql", 303, 350],
  ])("%s costs %i (documented ≈%i)", (file, computed, estimate) => {
    const value = costOf(file);
    expect(value).toBe(computed);
    expect(Math.abs(value - estimate) / estimate).toBeLessThan(0.15);
    expect(value).toBeLessThanOrEqual(SINGLE_QUERY_MAX_COST);
  });

  it("prices the other app queries", () => {
    expect(costOf("02_orders_incremental.graphql")).toBe(2 + 50);
    expect(costOf("04_bulk_run.graphql")).toBe(10);
    expect(costOf("05_bulk_status.graphql")).toBe(1 + 2 + 5);
    // balance transaction 1, amount/fee/net 3, associatedOrder/Payout 2, adjustmentsOrders list 1 + 3
    expect(costOf("07_payments_balance_tx.graphql")).toBe(1 + 2 + 50 * (1 + 3 + 2 + 4));
    expect(costOf("08_free_shipping_create.graphql")).toBe(10);
    expect(costOf("09_free_shipping_update.graphql")).toBe(10);
    expect(costOf("10_app_metafield.graphql", "AppInstall")).toBe(4);
    expect(costOf("10_app_metafield.graphql", "SetThreshold")).toBe(10);
    expect(costOf("11_delivery_rate_condition.graphql", "FreeRateOverThreshold")).toBe(10);
    expect(costOf("12_throttle_probe.graphql")).toBe(2);
    expect(costOf("14_read_discounts.graphql")).toBe(2 + 20 * (1 + 1 + 1 + 1));
    for (const [file, op] of [
      ["11_delivery_rate_condition.graphql", "Profiles"],
      ["13_sales_ledger.graphql", undefined],
    ] as const) {
      expect(costOf(file, op)).toBeLessThanOrEqual(SINGLE_QUERY_MAX_COST);
    }
  });
});

describe("calculateActualQueryCost", () => {
  const productsQuery = "{ products(first: 10) { nodes { id title } } }";

  it("charges the nodes returned, not the nodes requested", () => {
    const nodes = [1, 2, 3].map((n) => ({ id: `gid://shopify/Product/${n}`, title: `P${n}` }));
    const r = actual(productsQuery, { products: { nodes } });
    expect(r.requested).toBe(12);
    expect(r.actual).toBe(2 + 3);
    expect(actual(productsQuery, { products: { nodes: [] } }).actual).toBe(2);
  });

  it("charges 1 for a null object and nothing below it", () => {
    const query = `{ order(id: "${ORDER_ID}") { id lineItems(first: 25) { nodes { id } } } }`;
    const r = actual(query, { order: null });
    expect(r.requested).toBe(28);
    expect(r.actual).toBe(1);
  });

  it("sums nested connections item by item", () => {
    const query = "{ products(first: 10) { edges { node { title variants(first: 5) { nodes { price } } } } } }";
    const variant = { price: "1.00" };
    const r = actual(query, {
      products: {
        edges: [
          { node: { title: "A", variants: { nodes: [variant] } } },
          { node: { title: "B", variants: { nodes: [variant, variant, variant] } } },
        ],
      },
    });
    expect(r.requested).toBe(82);
    expect(r.actual).toBe(2 + (1 + 2 + 1) + (1 + 2 + 3));
  });

  it("charges sized lists per returned item and unsized lists as one object", () => {
    const query = `{ order(id: "${ORDER_ID}") { transactions(first: 10) { id fees { type } } refunds { id } } }`;
    const r = actual(query, {
      order: {
        transactions: [
          { id: "t1", fees: [] },
          { id: "t2", fees: [{ type: "x" }, { type: "y" }] },
        ],
        refunds: [{ id: "r1" }, { id: "r2" }],
      },
    });
    expect(r.requested).toBe(1 + (2 + 10 * (1 + 1)) + 1);
    expect(r.actual).toBe(1 + (2 + 2 * (1 + 1)) + 1);
  });

  it("charges the concrete type of an interface result", () => {
    const query = `{ node(id: "${ORDER_ID}") { id ... on Order { lineItems(first: 4) { nodes { id } } } } }`;
    const r = actual(query, { node: { __typename: "Order", id: ORDER_ID, lineItems: { nodes: [{ id: "l1" }, { id: "l2" }] } } });
    expect(r.requested).toBe(1 + 2 + 4);
    expect(r.actual).toBe(1 + 2 + 2);
    const product = actual(query, { node: { __typename: "Product", id: "gid://shopify/Product/1" } });
    expect(product.actual).toBe(1);
  });

  it("charges 10 per executed mutation root field", () => {
    const query = `mutation { metafieldsDelete(metafields: []) { deletedMetafields { key } userErrors { message } } }`;
    const document = parse(query);
    const data = { metafieldsDelete: { deletedMetafields: [], userErrors: [] } };
    expect(calculateActualQueryCost(schema, document, {}, null, data)).toBe(10);
    expect(calculateActualQueryCost(schema, document, {}, null, null)).toBe(0);
  });

  it("calculateQueryCosts returns both and never lets actual exceed requested", () => {
    const document = parse("{ products(first: 1) { nodes { id } } }");
    const tooMany = { products: { nodes: [{ id: "a" }, { id: "b" }] } };
    expect(calculateQueryCosts(schema, document, {}, null, tooMany)).toEqual({ requested: 3, actual: 3 });
    expect(calculateQueryCosts(schema, document, {}, null)).toEqual({ requested: 3, actual: 3 });
    expect(calculateQueryCosts(schema, document, {}, null, { products: { nodes: [] } })).toEqual({ requested: 3, actual: 2 });
  });

  it("property: for results within first/last, actual ≤ requested and matches the item count", () => {
    const query = "query Q($n: Int!, $m: Int!) { products(first: $n) { nodes { id variants(first: $m) { nodes { id } } } } }";
    const document = parse(query);
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 20 }),
        fc.integer({ min: 1, max: 20 }),
        fc.array(fc.nat(20)),
        (n, m, variantCounts) => {
          const counts = variantCounts.slice(0, n).map((c) => Math.min(c, m));
          const data = {
            products: { nodes: counts.map((c, i) => ({ id: `p${i}`, variants: { nodes: Array.from({ length: c }, (_, j) => ({ id: `v${j}` })) } })) },
          };
          const requested = calculateQueryCost(schema, document, { n, m });
          const spent = calculateActualQueryCost(schema, document, { n, m }, "Q", data);
          expect(requested).toBe(2 + n * (1 + 2 + m));
          expect(spent).toBe(2 + counts.reduce((sum, c) => sum + 1 + 2 + c, 0));
          expect(spent).toBeLessThanOrEqual(requested);
        },
      ),
    );
  });
});
