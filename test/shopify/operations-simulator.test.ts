import { Kind, type OperationDefinitionNode } from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { findOperations } from "../helpers/operations";
import { type Simulator, startSimulator } from "../simulator/server";

/**
 * Every operation NetMargin sends runs against the simulator (the real
 * 2026-10 schema) and comes back without errors. An operation with required
 * variables needs sample values here; the test fails until it has them.
 */
const SAMPLE_VARIABLES: Record<string, Record<string, unknown>> = {
  NetMarginShop: {},
  NetMarginLatestOrders: { first: 5 },
  NetMarginBulkOperationRunQuery: { query: "{ orders { edges { node { id } } } }" },
  NetMarginBulkOperation: { id: "gid://shopify/BulkOperation/1" },
  // An unknown id: a userError, not a GraphQL error.
  NetMarginBulkOperationCancel: { id: "gid://shopify/BulkOperation/1" },
  NetMarginOrderSync: { id: "gid://shopify/Order/1" },
  NetMarginOrderSyncLines: { id: "gid://shopify/Order/1", after: "eyJsYXN0X2lkIjoxfQ==" },
  NetMarginOrderSyncShippingLines: { id: "gid://shopify/Order/1", after: "eyJsYXN0X2lkIjoxfQ==" },
  NetMarginOrderSyncTransactions: { id: "gid://shopify/Order/1" },
  NetMarginOrderSyncRefundIds: { id: "gid://shopify/Order/1" },
  NetMarginOrderSyncRefund: { id: "gid://shopify/Refund/1", linesAfter: null, shippingAfter: null },
  NetMarginRefundLines: { ids: ["gid://shopify/Refund/1"], linesFirst: 5, shippingFirst: 2 },
  NetMarginOrdersUpdatedSince: { query: "updated_at:>'2026-01-01T00:00:00Z'" },
  NetMarginFreeShippingDiscounts: { query: "type:free_shipping AND method:automatic", codeQuery: "type:free_shipping AND method:code AND status:active" },
  // An unknown id: discountNode answers null.
  NetMarginFreeShippingDiscountById: { id: "gid://shopify/DiscountAutomaticNode/1" },
  NetMarginFreeShippingDiscountCreate: {
    discount: {
      title: "Free shipping over 50.00",
      startsAt: "2026-11-01T00:00:00Z",
      minimumRequirement: { subtotal: { greaterThanOrEqualToSubtotal: "50.00" } },
      destination: { all: true },
      tags: ["netmargin-free-shipping"],
    },
  },
  // An unknown id: Shopify answers with a userError, not a GraphQL error.
  NetMarginFreeShippingDiscountUpdate: {
    id: "gid://shopify/DiscountAutomaticNode/1",
    discount: { minimumRequirement: { subtotal: { greaterThanOrEqualToSubtotal: "60.00" } } },
  },
  // Owner not the app installation: a userError, not a GraphQL error.
  NetMarginAppMetafieldsSet: {
    metafields: [{ ownerId: "gid://shopify/AppInstallation/1", namespace: "$app", key: "free_shipping_threshold", type: "money", value: '{"amount":"50.00","currency_code":"EUR"}' }],
  },
};

const operations = findOperations().flatMap((operation) =>
  operation.document.definitions
    .filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)
    .map((definition) => ({ ...operation, name: definition.name?.value ?? "(anonymous)", definition })),
);

let simulator: Simulator;
beforeAll(async () => {
  simulator = await startSimulator({ generator: { seed: 11, orders: 60, preset: "eu" } });
});
afterAll(async () => simulator?.close());

describe("every operation in app/ runs against the simulator", () => {
  it.each(operations.map((o) => [o.name, o] as const))("%s", async (name, operation) => {
    const required = (operation.definition.variableDefinitions ?? []).filter(
      (v) => v.type.kind === Kind.NON_NULL_TYPE && !v.defaultValue,
    );
    const variables = SAMPLE_VARIABLES[name];
    if (required.length > 0) {
      expect(variables, `${operation.file}: add sample variables for ${name} to this test`).toBeDefined();
    }
    const response = await fetch(simulator.graphqlUrl, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-Shopify-Access-Token": simulator.accessToken },
      body: JSON.stringify({ query: operation.text, variables: variables ?? {}, operationName: name }),
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { data?: unknown; errors?: unknown; extensions?: { cost?: unknown } };
    expect(body.errors, `${operation.file}`).toBeUndefined();
    expect(body.data).toBeTruthy();
    expect(body.extensions?.cost).toMatchObject({ requestedQueryCost: expect.any(Number) });
  });
});
