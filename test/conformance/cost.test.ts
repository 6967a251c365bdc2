/**
 * Conformance: where Shopify reports a query's cost and where it does not, and the
 * single-query limit. Each case names the source of the fact it checks.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { startSimulator, type Simulator } from "../simulator/server";
import { client, type GqlResponse } from "../simulator/test-client";

const NOW = "2026-10-15T12:00:00Z";

let sim: Simulator;
let gql: ReturnType<typeof client>;

beforeAll(async () => {
  sim = await startSimulator({ generator: { seed: 4, orders: 10, preset: "eu", now: NOW }, now: () => Date.parse(NOW) });
  gql = client(sim);
});
afterAll(async () => sim?.close());

describe("query cost in responses", () => {
  it("an executed query reports extensions.cost with both costs and the throttle status", async () => {
    // Source: live capture, airhorns/shopify-draft-proxy fixtures/conformance/harry-test-heelo.myshopify.com/2026-04/discounts/discount-free-shipping-lifecycle.json
    // (every payload: extensions.cost { requestedQueryCost, actualQueryCost, throttleStatus { maximumAvailable, currentlyAvailable, restoreRate } }).
    const r = await gql("{ shop { name } }");
    expect(Object.keys(r.body.extensions.cost).sort()).toEqual(["actualQueryCost", "requestedQueryCost", "throttleStatus"]);
    expect(r.body.extensions.cost.requestedQueryCost).toBe(1); // one object, a scalar: 1 + 0
  });

  it("a syntax error carries no extensions (no cost)", async () => {
    // Source: live capture, airhorns/shopify-draft-proxy fixtures/conformance/harry-test-heelo.myshopify.com/2025-01/admin-platform/graphql-base-validation-unhappy-paths.json
    // (cases.invalidSyntax.response: status 200, payload has only `errors`).
    const r = await gql("query Broken {\n  shop {\n    id\n");
    expect(r.status).toBe(200);
    expect(Object.keys(r.body)).toEqual(["errors"]);
    // Same capture: Shopify's wording, code, and the location of the last token (not past the end).
    expect(r.body.errors).toEqual([{ message: "syntax error, unexpected end of file at [3, 5]", locations: [{ line: 3, column: 5 }], extensions: { code: "PARSE_ERROR" } }]);
  });

  it("a validation error (unknown field, missing selection) carries no extensions", async () => {
    // Source: same capture (cases.unknownQueryRoot, cases.unknownOrderField, cases.missingSubselection: only `errors`).
    const unknown = await gql("query Q {\n  definitelyNotAShopifyQueryRoot {\n    id\n  }\n}\n");
    expect(unknown.body).toEqual({
      errors: [
        {
          message: "Field 'definitelyNotAShopifyQueryRoot' doesn't exist on type 'QueryRoot'",
          locations: [{ line: 2, column: 3 }],
          path: ["query Q", "definitelyNotAShopifyQueryRoot"],
          extensions: { code: "undefinedField", typeName: "QueryRoot", fieldName: "definitelyNotAShopifyQueryRoot" },
        },
      ],
    });
    const bare = await gql("query Q {\n  shop\n}\n");
    expect(Object.keys(bare.body)).toEqual(["errors"]);
    expect(bare.body.errors[0].extensions.code).toBe("selectionMismatch");
  });

  it("an invalid variable carries no extensions", async () => {
    // Source: same capture (cases.missingRequiredVariable: INVALID_VARIABLE, only `errors`).
    const r = await gql("query O($id: ID!) { order(id: $id) { id } }", {});
    expect(Object.keys(r.body)).toEqual(["errors"]);
    expect(r.body.errors[0]).toMatchObject({ message: "Variable $id of type ID! was provided invalid value", extensions: { code: "INVALID_VARIABLE" } });
  });
});

describe("mutations NetMargin sends cost 10 points", () => {
  it("bulkOperationRunQuery, bulkOperationCancel and metafieldsSet: requested and actual cost 10", async () => {
    // Source: live captures, airhorns/shopify-draft-proxy fixtures/conformance/harry-test-heelo.myshopify.com/2026-04/
    // bulk-operations/bulk-operation-cancel-preserves-fields.json (bulkOperationRunQuery and bulkOperationCancel: 10 / 10) and
    // metafield-definitions/metafields-set-delete-app-namespace-resolution.json (appPrefixedSet, metafieldsSet: 10 / 10).
    const cost = (r: GqlResponse) => [r.body.extensions.cost.requestedQueryCost, r.body.extensions.cost.actualQueryCost];
    const run = await gql(`mutation { bulkOperationRunQuery(query: "{ products { edges { node { id } } } }", groupObjects: false) { bulkOperation { id status } userErrors { field message code } } }`);
    expect(cost(run)).toEqual([10, 10]);
    const cancel = await gql(`mutation($id: ID!) { bulkOperationCancel(id: $id) { bulkOperation { id status } userErrors { field message } } }`, { id: run.body.data.bulkOperationRunQuery.bulkOperation.id });
    expect(cost(cancel)).toEqual([10, 10]);
    const owner = (await gql("{ currentAppInstallation { id } }")).body.data.currentAppInstallation.id;
    const set = await gql(`mutation($m: [MetafieldsSetInput!]!) { metafieldsSet(metafields: $m) { metafields { id namespace key type value } userErrors { field message } } }`, {
      m: [{ ownerId: owner, namespace: "$app", key: "tier", type: "single_line_text_field", value: "gold" }],
    });
    expect(cost(set)).toEqual([10, 10]);
  });
});

describe("the single-query limit of 1,000 points", () => {
  it("refuses a query above 1,000 points with MAX_COST_EXCEEDED, Shopify's message and no data", async () => {
    // Source: shopify.dev/docs/apps/build/apis/graphql-admin/rate-limits (2026-10): a single query cannot exceed 1,000 points;
    // response body as published from a live shop (gist.github.com/lacom/56e3834834e250270062583f425274b9,
    // "Max cost exceeded example response"): only `errors`, message text below, extensions { code, cost, maxCost, documentation }.
    // 2 + 250 × (1 + 2 + 250 × 1) = 63,252 points requested.
    const r = await gql("{ orders(first: 250) { nodes { lineItems(first: 250) { nodes { id } } } } }");
    expect(r.status).toBe(200);
    expect(r.body).toEqual({
      errors: [
        {
          message:
            "Query cost is 63252, which exceeds the single query max cost limit (1000).\n\n" +
            "See https://shopify.dev/concepts/about-apis/rate-limits for more information on how the\n" +
            "cost of a query is calculated.\n\n" +
            "To query larger amounts of data with fewer limits, bulk operations should be used instead.\n" +
            "See https://shopify.dev/api/usage/bulk-operations/queries for usage details.\n",
          extensions: { code: "MAX_COST_EXCEEDED", cost: 63252, maxCost: 1000, documentation: "https://shopify.dev/api/usage/rate-limits" },
        },
      ],
    });
  });

  it("accepts a query of exactly 1,000 points", async () => {
    // Source: shopify.dev/docs/apps/build/apis/graphql-admin/rate-limits (2026-10): the limit is "exceeds", so 1,000 itself runs.
    // orders: 2 + 166 × (1 + 2 + 3 × 1) = 998; two aliased shop objects: 1 + 1; total 1000.
    const r = await gql("{ a: shop { name } b: shop { name } orders(first: 166) { nodes { lineItems(first: 3) { nodes { id } } } } }");
    expect(r.body.errors).toBeUndefined();
    expect(r.body.extensions.cost.requestedQueryCost).toBe(1000);
  });
});
