import { parse } from "graphql";
import { afterEach, describe, expect, it } from "vitest";

import { REFUND_LINES_FIRST, REFUND_LINES_QUERY } from "~/shopify/graphql/RefundLinesQuery";
import { ordersBulkQuery } from "~/shopify/bulk-queries";
import { CATALOG_BULK_QUERY } from "~/sync/catalog-import.server";
import { fetchRefundLines, type RefundFetchStats } from "~/shopify/refund-lines.server";
import { prepareBulkQuery } from "../simulator/bulk";
import { calculateQueryCost, SINGLE_QUERY_MAX_COST } from "../simulator/cost";
import type { OrderModel } from "../simulator/model";
import { loadAdminSchema } from "../simulator/schema";
import { syncHarness, type SyncHarness } from "../sync/helpers";

/**
 * The orders backfill's shape: bulk queries Shopify accepts, and the paged follow-up
 * that brings the refunded lines and shipping lines the bulk query can no longer carry.
 */

let h: SyncHarness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

const newStats = (): RefundFetchStats => ({ refunds: 0, requests: 0, pages: 0 });

describe("the backfill's bulk queries", () => {
  const schema = loadAdminSchema();

  // Source: live capture, airhorns/shopify-draft-proxy fixtures/conformance/harry-test-heelo.myshopify.com/2026-04/bulk-operations/bulk-operation-run-query-validators.json
  // (the rules and messages the simulator's prepareBulkQuery reproduces).
  it.each([
    ["orders, whole history", ordersBulkQuery(null)],
    ["orders, 60 days", ordersBulkQuery(new Date("2026-08-16T12:00:00Z"))],
    ["catalog", CATALOG_BULK_QUERY],
  ])("%s: accepted by Shopify's bulk rules", (_name, query) => {
    const r = prepareBulkQuery(schema, query);
    expect(r.ok ? null : r.errors).toBeNull();
  });

  it("the refund follow-up asks for 20 refunds within the 1,000-point single-query limit", () => {
    const ids = Array.from({ length: REFUND_LINES_FIRST.refunds }, (_, i) => `gid://shopify/Refund/${i + 1}`);
    const cost = calculateQueryCost(schema, parse(REFUND_LINES_QUERY), { ids, linesFirst: REFUND_LINES_FIRST.lines, shippingFirst: REFUND_LINES_FIRST.shipping });
    // One refund: node 1 + refundLineItems (2 + 5 × (node 1 + lineItem 1 + subtotalSet 2 + totalTaxSet 2))
    // + refundShippingLines (2 + 2 × (node 1 + shippingLine 1 + 2 + 2)) = 1 + 32 + 14 = 47; 20 of them: 2 + 20 × 47 = 942.
    expect(cost).toBe(942);
    expect(cost).toBeLessThanOrEqual(SINGLE_QUERY_MAX_COST);
  });
});

describe("fetchRefundLines", () => {
  it("brings every refunded line and shipping line, paging refunds with more than the first page", async () => {
    h = await syncHarness({ generator: { seed: 31, orders: 400, preset: "eu" } });
    const orders = h.sim.store.orders as readonly OrderModel[];
    const refunds = orders.flatMap((o) => o.refunds.map((r) => ({ r, orderId: o.id })));
    // Some refunds have several lines and some a shipping line, so pages of 1 must be followed.
    expect(refunds.some(({ r }) => r.refundLineItems.length >= 3)).toBe(true);
    expect(refunds.some(({ r }) => r.refundShippingLines.length >= 1)).toBe(true);
    const stats = newStats();
    const got = await fetchRefundLines(h.admin.request, refunds.map(({ r, orderId }) => ({ id: r.id, orderId })), stats, { lines: 1, shipping: 1, refunds: 7 });
    for (const { r } of refunds) {
      const lines = got.get(r.id);
      expect(lines, r.id).toBeTruthy();
      expect((lines!.refundLineItems as { lineItem: { id: string }; quantity: number }[]).map((x) => [x.lineItem.id, x.quantity])).toEqual(
        r.refundLineItems.map((x) => [x.lineItemId, x.quantity]),
      );
      expect((lines!.refundShippingLines as { shippingLine: { id: string } }[]).map((x) => x.shippingLine.id)).toEqual(r.refundShippingLines.map((x) => x.shippingLineId));
    }
    expect(stats.refunds).toBe(refunds.length);
    expect(stats.requests).toBe(Math.ceil(refunds.length / 7));
    // One page request (up to 100 lines and 10 shipping lines) for each refund with more than one of either.
    const pages = refunds.filter(({ r }) => r.refundLineItems.length > 1 || r.refundShippingLines.length > 1).length;
    expect(pages).toBeGreaterThan(0);
    expect(stats.pages).toBe(pages);
  });

  it("maps a refund Shopify does not return to null (its order is then fetched on its own)", async () => {
    h = await syncHarness({ generator: { seed: 32, orders: 200, preset: "us" } });
    const orders = h.sim.store.orders as readonly OrderModel[];
    const a = orders.find((o) => o.refunds.some((r) => r.refundLineItems.length > 0))!;
    const refund = a.refunds.find((r) => r.refundLineItems.length > 0)!;
    const got = await fetchRefundLines(
      h.admin.request,
      [
        { id: refund.id, orderId: a.id },
        { id: "gid://shopify/Refund/1", orderId: a.id },
      ],
      newStats(),
    );
    expect((got.get(refund.id)?.refundLineItems ?? []).length).toBe(refund.refundLineItems.length);
    expect(got.has("gid://shopify/Refund/1")).toBe(true);
    expect(got.get("gid://shopify/Refund/1")).toBeNull();
  });
});
