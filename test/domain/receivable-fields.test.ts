/**
 * Receivable facts of an order (issue 19, item 3) read the same from the GraphQL fetch
 * (totalOutstandingSet, paymentTerms { paymentTermsType dueInDays }) and from the REST
 * webhook payload (total_outstanding, payment_terms with payment_schedules), on the
 * simulator's unpaid orders: pending, authorised, partly paid and NET 30 / NET 60.
 * Sources of the shapes: Shopify's REST Order resource (total_outstanding a decimal
 * string; payment_terms with payment_schedules) and the live capture of NET terms in
 * airhorns/shopify-draft-proxy fixtures/conformance/harry-test-heelo.myshopify.com/2026-04/payments/payment-terms-create-on-order.json
 * (Net 30: issuedAt 2026-05-05, dueAt 2026-06-04).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { parseGraphqlOrderRecord } from "~/domain/graphql-order";
import { parseRestOrderRecord } from "~/domain/rest-order";
import type { AdminGraphql } from "~/shopify/admin-client.server";
import { fetchOrderRecord } from "~/shopify/order-fetch.server";
import { orderTotals, type OrderModel } from "../simulator/model";
import { orderTopicPayload } from "../simulator/rest-payloads";
import { startSimulator, type Simulator } from "../simulator/server";
import { Store } from "../simulator/store";

function requestOf(sim: Simulator): AdminGraphql {
  return async <T>(query: string, variables: Record<string, unknown> = {}): Promise<T> => {
    const res = await fetch(sim.graphqlUrl, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-Shopify-Access-Token": sim.accessToken },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await res.json()) as { data?: T; errors?: unknown };
    if (res.status !== 200 || body.errors) throw new Error(`HTTP ${res.status}: ${JSON.stringify(body.errors)}`);
    return body.data as T;
  };
}

describe("receivable fields: GraphQL and REST agree", () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startSimulator({ store: Store.generate({ seed: 5, orders: 1500, preset: "eu", products: 40 }), bucket: { maximumAvailable: 1e9, restoreRate: 1e9 } });
  });
  afterAll(async () => {
    await sim.close();
  });

  it("reads outstanding, terms and due date the same way from both", async () => {
    const orders = sim.store.orders as OrderModel[];
    const status = (o: OrderModel) => orderTotals(o).displayFinancialStatus;
    const net30 = orders.find((o) => o.paymentTerms?.dueInDays === 30)!;
    const net60 = orders.find((o) => o.paymentTerms?.dueInDays === 60)!;
    const partly = orders.find((o) => status(o) === "PARTIALLY_PAID")!;
    const authorised = orders.find((o) => status(o) === "AUTHORIZED")!;
    const paid = orders.find((o) => status(o) === "PAID" && !o.test)!;
    for (const o of [net30, net60, partly, authorised, paid]) expect(o).toBeDefined();
    const shop = { currencyCode: sim.store.shop.currencyCode, timezoneOffsetMinutes: 60 };
    const request = requestOf(sim);
    for (const model of [net30, net60, partly, authorised, paid]) {
      const gql = await fetchOrderRecord(request, model.id);
      if (!gql || !gql.ok) throw new Error(`no GraphQL record for ${model.name}`);
      const rest = parseRestOrderRecord(orderTopicPayload("orders/updated", model, shop));
      if (!rest.ok) throw new Error(JSON.stringify(rest.errors));
      expect(rest.record.receivable, model.name).toEqual(gql.record.receivable);
      expect(gql.record.receivable!.outstanding).toBe(orderTotals(model).totalOutstanding);
    }
    const terms = (await fetchOrderRecord(request, net30.id))!;
    if (!terms.ok) throw new Error("net30");
    // NET 30: due 30 × 24 h after the order date
    expect(terms.record.receivable).toEqual({
      outstanding: orderTotals(net30).totalOutstanding,
      paymentTermsType: "NET",
      dueInDays: 30,
      dueAt: new Date(Date.parse(net30.processedAt) + 30 * 86_400_000).toISOString(),
    });
    const plain = (await fetchOrderRecord(request, paid.id))!;
    if (!plain.ok) throw new Error("paid");
    expect(plain.record.receivable).toEqual({ outstanding: 0, paymentTermsType: null, dueInDays: null, dueAt: null });
  });

  it("reads an order whose receivable fields are malformed, with warnings and without them", () => {
    const model = (sim.store.orders as OrderModel[]).find((o) => o.paymentTerms)!;
    const payload = { ...orderTopicPayload("orders/updated", model, { currencyCode: sim.store.shop.currencyCode, timezoneOffsetMinutes: 0 }), total_outstanding: "12,50", payment_terms: { payment_terms_type: "NET", due_in_days: -3 } };
    const r = parseRestOrderRecord(payload);
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    expect(r.record.receivable).toBeUndefined();
    expect(r.warnings.map((w) => w.path)).toEqual(expect.arrayContaining(["total_outstanding", "payment_terms.due_in_days"]));
  });

  it("takes the first open schedule's due date over dueInDays, and leaves FIXED terms without one undated", () => {
    const base = {
      id: "gid://shopify/Order/1",
      name: "#1",
      processedAt: "2026-05-05T00:00:00Z",
      updatedAt: "2026-05-05T00:00:00Z",
      currencyCode: "EUR",
      taxesIncluded: false,
      lineItems: { nodes: [{ id: "gid://shopify/LineItem/1", quantity: 1, currentQuantity: 1, requiresShipping: true, originalUnitPriceSet: { shopMoney: { amount: "10.00" } }, discountAllocations: [], taxLines: [] }] },
      totalOutstandingSet: { shopMoney: { amount: "10.00" } },
    };
    const read = (paymentTerms: unknown) => {
      const r = parseGraphqlOrderRecord({ ...base, paymentTerms });
      if (!r.ok) throw new Error(JSON.stringify(r.errors));
      return r.record.receivable;
    };
    expect(read({ paymentTermsType: "NET", dueInDays: 30, paymentSchedules: { nodes: [{ dueAt: "2026-06-01T00:00:00Z", completedAt: "2026-05-20T00:00:00Z" }, { dueAt: "2026-06-04T00:00:00Z", completedAt: null }] } })).toEqual({
      outstanding: 1000,
      paymentTermsType: "NET",
      dueInDays: 30,
      dueAt: "2026-06-04T00:00:00.000Z",
    });
    expect(read({ paymentTermsType: "FIXED", dueInDays: null })).toMatchObject({ paymentTermsType: "FIXED", dueAt: null });
    expect(read({ paymentTermsType: "RECEIPT", dueInDays: 0 })).toMatchObject({ dueAt: "2026-05-05T00:00:00.000Z" });
    expect(read(null)).toEqual({ outstanding: 1000, paymentTermsType: null, dueInDays: null, dueAt: null });
  });
});
