import { Kind, parse, print, type FieldNode, type SelectionSetNode } from "graphql";
import { afterEach, describe, expect, it } from "vitest";

import { ordersBulkQuery } from "~/shopify/bulk-queries";
import { ORDER_LINES_PAGE_QUERY } from "~/shopify/graphql/OrderLinesPageQuery";
import { ORDER_REFUND_IDS_PAGE_QUERY } from "~/shopify/graphql/OrderRefundIdsPageQuery";
import { ORDER_REFUND_PAGE_QUERY } from "~/shopify/graphql/OrderRefundPageQuery";
import { ORDER_SHIPPING_LINES_PAGE_QUERY } from "~/shopify/graphql/OrderShippingLinesPageQuery";
import { ORDER_SYNC_QUERY } from "~/shopify/graphql/OrderSyncQuery";
import { ORDER_TRANSACTIONS_PAGE_QUERY } from "~/shopify/graphql/OrderTransactionsPageQuery";
import type { AdminGraphql } from "~/shopify/admin-client.server";
import { fetchOrderRecord } from "~/shopify/order-fetch.server";
import { calculateQueryCost, SINGLE_QUERY_MAX_COST } from "../simulator/cost";
import { generateStore, transactionIdFor, orderIndexOf } from "../simulator/generator";
import type { OrderModel } from "../simulator/model";
import { loadAdminSchema } from "../simulator/schema";
import { startSimulator, type Simulator } from "../simulator/server";
import { Store } from "../simulator/store";

/** A plain fetch against the simulator: the response's data, or a thrown error. */
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

const BIG_BUCKET = { maximumAvailable: 1e9, restoreRate: 1e9 };
let sim: Simulator | null = null;
afterEach(async () => {
  await sim?.close();
  sim = null;
});

const operationsOf = (s: Simulator) => s.requests.map((r) => r.operationName).filter((n) => n !== null);

function ok<T extends { ok: boolean }>(r: T | null): Extract<T, { ok: true }> {
  if (!r) throw new Error("no order");
  if (!r.ok) throw new Error(JSON.stringify((r as { errors?: unknown }).errors));
  return r as Extract<T, { ok: true }>;
}

describe("the order sync operations", () => {
  const schema = loadAdminSchema();
  const all = { ORDER_SYNC_QUERY, ORDER_LINES_PAGE_QUERY, ORDER_SHIPPING_LINES_PAGE_QUERY, ORDER_TRANSACTIONS_PAGE_QUERY, ORDER_REFUND_IDS_PAGE_QUERY, ORDER_REFUND_PAGE_QUERY };

  it.each(Object.entries(all))("%s stays under the 1,000-point single-query limit", (_name, query) => {
    const cost = calculateQueryCost(schema, parse(query), { id: "gid://shopify/Order/1", after: "c", linesAfter: "c", shippingAfter: "c" });
    expect(cost).toBeLessThanOrEqual(SINGLE_QUERY_MAX_COST);
    expect(cost).toBeGreaterThan(0);
  });

  /** The selection under `path` (field names from the operation's root field). */
  function selection(query: string, path: string[]): string {
    const op = parse(query).definitions[0]!;
    if (op.kind !== Kind.OPERATION_DEFINITION) throw new Error("not an operation");
    let set: SelectionSetNode | undefined = op.selectionSet;
    for (const name of path) {
      const field: FieldNode | undefined = set?.selections.find((s): s is FieldNode => s.kind === Kind.FIELD && s.name.value === name);
      if (!field) throw new Error(`no ${name} in ${path.join(".")}`);
      set = field.selectionSet;
    }
    return print(set!);
  }

  it("read the same fields as the first query on every follow-up page", () => {
    expect(selection(ORDER_LINES_PAGE_QUERY, ["order", "lineItems", "nodes"])).toBe(selection(ORDER_SYNC_QUERY, ["order", "lineItems", "nodes"]));
    expect(selection(ORDER_SHIPPING_LINES_PAGE_QUERY, ["order", "shippingLines", "nodes"])).toBe(selection(ORDER_SYNC_QUERY, ["order", "shippingLines", "nodes"]));
    expect(selection(ORDER_TRANSACTIONS_PAGE_QUERY, ["order", "transactions"])).toBe(selection(ORDER_SYNC_QUERY, ["order", "transactions"]));
    for (const c of ["refundLineItems", "refundShippingLines"]) {
      expect(selection(ORDER_REFUND_PAGE_QUERY, ["refund", c])).toBe(selection(ORDER_SYNC_QUERY, ["order", "refunds", c]));
    }
    // Of the address, only the country (no protected customer data).
    expect(fragmentSelection(ORDER_SYNC_QUERY, "NetMarginOrderFields").replace(/\s+/g, " ")).toContain("shippingAddress { countryCodeV2 }");
  });

  /** The printed selections of the fragment `name` in the document `query`. */
  function fragmentSelection(query: string, name: string): string {
    const fragment = parse(query).definitions.find((d) => d.kind === Kind.FRAGMENT_DEFINITION && d.name.value === name);
    if (fragment?.kind !== Kind.FRAGMENT_DEFINITION) throw new Error(`no fragment ${name}`);
    return print(fragment.selectionSet);
  }

  it("the orders bulk query reads each type's fields as the fragments of the one-by-one fetch", () => {
    const bulk = `query Bulk ${ordersBulkQuery(null)}`;
    const node = ["orders", "edges", "node"];
    const fields = (set: string) => set.replace(/^\{|\}$/g, "").trim();
    expect(selection(bulk, [...node, "lineItems", "edges", "node"])).toBe(fragmentSelection(ORDER_SYNC_QUERY, "NetMarginLineItemFields"));
    expect(selection(bulk, [...node, "shippingLines", "edges", "node"])).toBe(fragmentSelection(ORDER_SYNC_QUERY, "NetMarginShippingLineFields"));
    expect(selection(bulk, [...node, "transactions"])).toBe(fragmentSelection(ORDER_SYNC_QUERY, "NetMarginTransactionFields"));
    expect(selection(bulk, [...node, "refunds"])).toBe(fragmentSelection(ORDER_SYNC_QUERY, "NetMarginRefundFields"));
    expect(fields(selection(bulk, node))).toContain(fields(fragmentSelection(ORDER_SYNC_QUERY, "NetMarginOrderFields")));
    // (no fragment is sent in a bulk query: see app/shopify/bulk-queries.ts)
    expect(bulk).not.toContain("...");
  });
});

describe("fetchOrderRecord", () => {
  it("pages an order of more lines than one page (32 = 25 + 7), and the refund of all of them (32 refunded lines = 10 + 22)", async () => {
    sim = await startSimulator({ generator: { seed: 51, orders: 3, preset: "us" }, bucket: BIG_BUCKET });
    const store = sim.store;
    const variants = store.variants().slice(0, 32);
    const order = store.createOrder({ lineItems: variants.map(({ variant }, k) => ({ variantId: variant.id, quantity: 1 + (k % 3) })) });
    const request = requestOf(sim);

    const r = ok(await fetchOrderRecord(request, order.id)).record;
    expect(operationsOf(sim)).toEqual(["NetMarginOrderSync", "NetMarginOrderSyncLines"]);
    expect(r.order.lines.map((l) => l.id)).toEqual(order.lineItems.map((l) => l.id));
    // US preset: tax is added on top, and no discount: net revenue = unit price × quantity.
    r.order.lines.forEach((l, k) => {
      const { variant } = variants[k]!;
      expect(l.quantity).toBe(1 + (k % 3));
      expect(l.netRevenueBeforeTax).toBe(variant.price * (1 + (k % 3)));
      expect(l.unitPriceBeforeTax).toBe(variant.price);
    });

    // Cancelling refunds every unit in one refund of 32 lines: 10 in the first query, the rest paged.
    store.cancelOrder(order.id);
    sim.requests.length = 0;
    const c = ok(await fetchOrderRecord(request, order.id)).record;
    expect(operationsOf(sim)).toEqual(["NetMarginOrderSync", "NetMarginOrderSyncLines", "NetMarginOrderSyncRefund"]);
    expect(c.order.cancelled).toBe(true);
    expect(c.refunds).toHaveLength(1);
    expect(c.refunds[0]!.lines.map((l) => l.lineItemId)).toEqual(order.lineItems.map((l) => l.id));
    expect(c.order.lines.every((l) => l.currentQuantity === 0 && l.netRevenueBeforeTax === 0 && l.tax === 0)).toBe(true);
    // Everything sold came back: the refunded subtotals are the line totals.
    expect(c.order.refunds.lineItemsBeforeTax).toBe(variants.reduce((s, { variant }, k) => s + variant.price * (1 + (k % 3)), 0));
  });

  it("reads refunds beyond the first 4 (6 refunds, read by id) and transactions beyond the first 10", async () => {
    const data = generateStore({ seed: 52, orders: 3, preset: "eu" });
    sim = await startSimulator({ store: new Store(data, { preset: "eu" }), bucket: BIG_BUCKET });
    const store = sim.store;
    const order = store.createOrder({ lineItems: store.variants().slice(0, 6).map(({ variant }) => ({ variantId: variant.id, quantity: 1 })) });
    for (const line of order.lineItems) store.addRefund(order.id, { lineItems: [{ lineItemId: line.id, quantity: 1 }] });
    const refunded = store.getOrder(order.id)!;
    expect(refunded.refunds).toHaveLength(6);
    const request = requestOf(sim);
    const r = ok(await fetchOrderRecord(request, order.id)).record;
    expect(operationsOf(sim)).toEqual(["NetMarginOrderSync", "NetMarginOrderSyncRefundIds", "NetMarginOrderSyncRefund", "NetMarginOrderSyncRefund"]);
    expect(r.refunds.map((x) => x.id)).toEqual(refunded.refunds.map((x) => x.id));
    expect(r.refunds.map((x) => x.lines[0]!.lineItemId)).toEqual(order.lineItems.map((l) => l.id));
    // 1 sale + 6 refunds = 7 transactions: one list was enough.
    expect(r.order.transactions).toHaveLength(7);

    // The same order with 12 transactions: 5 declined card attempts before the sale
    // (free transaction slots 7…11 of the order in the simulator's id scheme).
    const base = store.snapshot();
    const i = orderIndexOf(order.id);
    const sale = refunded.transactions[0]!;
    const attempts = Array.from({ length: 5 }, (_, k) => ({ ...sale, id: transactionIdFor(i, 7 + k), kind: "SALE" as const, status: "FAILURE" as const, fees: [] }));
    expect(new Set([...attempts, ...refunded.transactions].map((t) => t.id)).size).toBe(12);
    const many: OrderModel = { ...structuredClone(refunded), transactions: [...attempts, ...refunded.transactions] };
    await sim.close();
    sim = await startSimulator({ store: new Store({ ...base, orders: base.orders.map((o) => (o.id === order.id ? many : o)) }, { preset: "eu" }), bucket: BIG_BUCKET });
    const m = ok(await fetchOrderRecord(requestOf(sim), order.id)).record;
    expect(operationsOf(sim)).toContain("NetMarginOrderSyncTransactions");
    expect(m.order.transactions).toHaveLength(12);
    expect(m.order.transactions.filter((t) => t.status === "FAILURE")).toHaveLength(5);
  });

  it("starts again when the order changes between two requests, and gives null for an unknown order", async () => {
    sim = await startSimulator({ generator: { seed: 53, orders: 3, preset: "eu" }, bucket: BIG_BUCKET });
    const store = sim.store;
    const order = store.createOrder({ lineItems: store.variants().slice(0, 30).map(({ variant }) => ({ variantId: variant.id, quantity: 2 })) });
    const plain = requestOf(sim);
    let refunded = false;
    // Between the first page and the second, one unit of the last line is refunded.
    const racing: AdminGraphql = async <T>(query: string, variables?: Record<string, unknown>) => {
      const data = await plain<T>(query, variables);
      if (!refunded) {
        refunded = true;
        store.addRefund(order.id, { lineItems: [{ lineItemId: order.lineItems[29]!.id, quantity: 1 }] });
      }
      return data;
    };
    const r = ok(await fetchOrderRecord(racing, order.id));
    expect(operationsOf(sim)).toEqual(["NetMarginOrderSync", "NetMarginOrderSyncLines", "NetMarginOrderSync", "NetMarginOrderSyncLines"]);
    expect(r.warnings).toEqual([]);
    expect(r.record.updatedAt).toBe(new Date(store.getOrder(order.id)!.updatedAt).toISOString());
    expect(r.record.refunds).toHaveLength(1);
    expect(r.record.order.lines[29]!.currentQuantity).toBe(1);

    expect(await fetchOrderRecord(plain, "gid://shopify/Order/999999999")).toBeNull();
  });
});
