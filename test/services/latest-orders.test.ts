import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { latestOrders, withMargins, type LatestOrderRow } from "~/services/latest-orders.server";
import { adminGraphql } from "~/shopify/admin-client.server";
import { closeAfterEach } from "../helpers/cleanup";
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

const cleanup = closeAfterEach();

describe("withMargins", () => {
  const row = (n: number): LatestOrderRow => ({
    id: `gid://shopify/Order/${n}`,
    name: `#${1000 + n}`,
    processedAt: "2026-11-30T10:00:00Z",
    financialStatus: "PAID",
    subtotal: "42.00",
    currencyCode: "EUR",
    netMargin: null,
    marginBp: null,
    marginCurrency: null,
  });

  it("gives each order its stored net margin, and none to an order not computed yet", async () => {
    const { db } = await cleanup.open();
    const shop = "alpha.myshopify.com";
    const at = new Date("2026-11-30T10:00:00Z");
    // Order 1: net revenue €35.00, costs €39.20 → −€4.20, −12.0 % (−420 / 3,500 = −0.12).
    await db.orderMargin.create({
      data: {
        shop, orderId: "gid://shopify/Order/1", orderName: "#1001", processedAt: at, localDate: "2026-11-30", currency: "EUR", cancelled: false, test: false,
        items: 1, netRevenue: 3500, costOfGoods: 2000, shipping: 1500, packaging: 0, labour: 0, paymentFees: 420, fixedCosts: 0, provisions: 0, totalCosts: 3920,
        netMargin: -420, marginBp: -1200, withoutDiscounts: -420, flags: 1, shippingSource: "rule", feesEstimated: false, missingCostLines: 0, computedAt: at,
      },
    });
    // The same order id in another shop is not this shop's.
    await db.orderMargin.create({
      data: {
        shop: "beta.myshopify.com", orderId: "gid://shopify/Order/2", orderName: "#1002", processedAt: at, localDate: "2026-11-30", currency: "EUR", cancelled: false, test: false,
        items: 1, netRevenue: 1000, costOfGoods: 0, shipping: 0, packaging: 0, labour: 0, paymentFees: 0, fixedCosts: 0, provisions: 0, totalCosts: 0,
        netMargin: 1000, marginBp: 10000, withoutDiscounts: 1000, flags: 0, shippingSource: "rule", feesEstimated: false, missingCostLines: 0, computedAt: at,
      },
    });
    const result = await withMargins(db, shop, { ok: true, orders: [row(1), row(2)] });
    expect(result.ok && result.orders.map((o) => [o.name, o.netMargin, o.marginBp, o.marginCurrency])).toEqual([
      ["#1001", -420, -1200, "EUR"],
      ["#1002", null, null, null],
    ]);
    // A failure passes through untouched.
    await expect(withMargins(db, shop, { ok: false, error: "socket hang up" })).resolves.toEqual({ ok: false, error: "socket hang up" });
  });
});
