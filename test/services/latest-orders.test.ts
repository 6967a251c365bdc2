import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { latestOrders } from "~/services/latest-orders.server";
import { adminGraphql } from "~/shopify/admin-client.server";
import { type Simulator, startSimulator } from "../simulator/server";

let simulator: Simulator;
beforeAll(async () => {
  simulator = await startSimulator({ generator: { seed: 3, orders: 40, preset: "us" } });
});
afterAll(async () => simulator?.close());

const viaSimulator = (token: string) =>
  adminGraphql(
    {
      graphql: (query, options) =>
        fetch(simulator.graphqlUrl, {
          method: "POST",
          headers: { "Content-Type": "application/json", "X-Shopify-Access-Token": token },
          body: JSON.stringify({ query, variables: options?.variables }),
        }),
    },
    simulator.shopDomain,
  );

describe("latestOrders", () => {
  it("returns the newest orders first, in the shop currency", async () => {
    const result = await latestOrders(viaSimulator(simulator.accessToken), 3);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.orders).toHaveLength(3);
    const dates = result.orders.map((o) => o.processedAt);
    expect([...dates].sort().reverse()).toEqual(dates);
    expect(result.orders.every((o) => o.currencyCode === "USD" && /^\d+(\.\d+)?$/.test(o.subtotal))).toBe(true);
  });

  it("turns a failure into a result the page can show, not an exception", async () => {
    const result = await latestOrders(viaSimulator("wrong-token"));
    expect(result).toEqual({ ok: false, error: "Shopify returned no data" });
    const thrown = await latestOrders(async () => {
      throw new Error("socket hang up");
    });
    expect(thrown).toEqual({ ok: false, error: "socket hang up" });
  });
});
