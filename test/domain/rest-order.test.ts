import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { parseRestJson, parseRestOrderRecord, parseRestRefund } from "~/domain/rest-order";
import type { OrderRecord } from "~/domain/types";
import type { AdminGraphql } from "~/shopify/admin-client.server";
import { fetchOrderRecord } from "~/shopify/order-fetch.server";
import type { OrderModel } from "../simulator/model";
import { orderTopicPayload, refundPayload, restJson, type JsonObject, type ShopContext } from "../simulator/rest-payloads";
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

function record(r: ReturnType<typeof parseRestOrderRecord> | null): OrderRecord {
  if (!r) throw new Error("no order");
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.record;
}

const clone = <T>(x: T): T => structuredClone(x);

/**
 * Orders every case needs, made with the store's own mutations: discounts (line and
 * code, percentage and fixed), a partial refund with part of the shipping, a refund
 * of a line with all the shipping, a cancellation, several refunds, an order of more
 * lines than a page with a refund of more lines than a page, a refund that moved no
 * money, an order without shipping, a POS test order.
 */
function craft(store: Store): string[] {
  const v = store.variants().map((x) => x.variant);
  const ids: string[] = [];
  const discounted = store.createOrder({
    lineItems: [
      { variantId: v[0]!.id, quantity: 2, discountPercent: 15 },
      { variantId: v[1]!.id, quantity: 1 },
      { variantId: v[2]!.id, quantity: 3 },
    ],
    discountCode: { code: "WELCOME10", percentage: 10 },
  });
  store.addRefund(discounted.id, { lineItems: [{ lineItemId: discounted.lineItems[0]!.id, quantity: 1 }], shipping: { amount: 200 } });
  ids.push(discounted.id);

  const fixed = store.createOrder({ lineItems: [{ variantId: v[3]!.id, quantity: 1 }, { variantId: v[4]!.id, quantity: 2 }], discountCode: { code: "FIVE", amount: 500 } });
  store.addRefund(fixed.id, { lineItems: [{ lineItemId: fixed.lineItems[1]!.id, quantity: 1 }], shipping: { full: true } });
  ids.push(fixed.id);

  const cancelled = store.createOrder({ lineItems: [{ variantId: v[5]!.id, quantity: 1 }, { variantId: v[6]!.id, quantity: 4, discountPercent: 20 }] });
  store.cancelOrder(cancelled.id, { reason: "CUSTOMER" });
  ids.push(cancelled.id);
  // Cancelled before payment was captured: the authorisation is voided, nothing refunded in money.
  const voided = store.createOrder({ lineItems: [{ variantId: v[46]!.id, quantity: 1 }], payment: "authorized" });
  store.cancelOrder(voided.id, { reason: "INVENTORY" });
  ids.push(voided.id);
  // Cancelled after a partial refund with shipping.
  const late = store.createOrder({ lineItems: [{ variantId: v[47]!.id, quantity: 3 }, { variantId: v[48]!.id, quantity: 1 }] });
  store.addRefund(late.id, { lineItems: [{ lineItemId: late.lineItems[0]!.id, quantity: 1 }], shipping: { amount: 100 } });
  store.cancelOrder(late.id);
  ids.push(late.id);

  const many = store.createOrder({ lineItems: v.slice(7, 13).map((x) => ({ variantId: x.id, quantity: 2 })) });
  for (const line of many.lineItems.slice(0, 5)) store.addRefund(many.id, { lineItems: [{ lineItemId: line.id, quantity: 1 }] });
  ids.push(many.id);

  const long = store.createOrder({ lineItems: v.slice(13, 43).map((x, k) => ({ variantId: x.id, quantity: 1 + (k % 2), discountPercent: k % 5 === 0 ? 10 : undefined })) });
  store.addRefund(long.id, { lineItems: long.lineItems.slice(0, 12).map((l) => ({ lineItemId: l.id, quantity: 1 })), shipping: { full: true } });
  ids.push(long.id);

  const unpaidRefund = store.createOrder({ lineItems: [{ variantId: v[43]!.id, quantity: 2 }] });
  store.addRefund(unpaidRefund.id, { lineItems: [{ lineItemId: unpaidRefund.lineItems[0]!.id, quantity: 1 }], noTransaction: true });
  ids.push(unpaidRefund.id);

  ids.push(store.createOrder({ lineItems: [{ variantId: v[44]!.id, quantity: 1 }], shippingPrice: null }).id);
  ids.push(store.createOrder({ lineItems: [{ variantId: v[45]!.id, quantity: 1 }], test: true, sourceName: "pos" }).id);
  return ids;
}

describe.each([
  // EU: EUR, VAT included in prices; US: USD, sales tax added. Offsets not UTC, so
  // REST timestamps ("…+02:00", "…-05:00") must be converted.
  { preset: "eu" as const, seed: 61, offset: 120, currency: "EUR", taxesIncluded: true },
  { preset: "us" as const, seed: 62, offset: -300, currency: "USD", taxesIncluded: false },
])("REST payload and GraphQL fetch of the same order ($preset preset)", ({ preset, seed, offset, currency, taxesIncluded }) => {
  let sim: Simulator;
  let shop: ShopContext;
  let sample: OrderModel[];
  beforeAll(async () => {
    sim = await startSimulator({ store: Store.generate({ seed, orders: 150, preset, products: 60 }), bucket: { maximumAvailable: 1e9, restoreRate: 1e9 } });
    shop = { currencyCode: sim.store.shop.currencyCode, timezoneOffsetMinutes: offset };
    const crafted = craft(sim.store);
    const orders = sim.store.orders as OrderModel[];
    const picked = new Map<string, OrderModel>();
    const add = (list: readonly OrderModel[]) => list.forEach((o) => picked.set(o.id, o));
    add(crafted.map((id) => sim.store.getOrder(id)!));
    add(orders.filter((o) => o.refunds.length > 0).slice(0, 20));
    add(orders.filter((o) => o.cancelledAt !== null).slice(0, 8));
    add(orders.filter((o) => o.lineItems.some((l) => l.discountAllocations.length > 0)).slice(0, 10));
    add(orders.slice(0, 40));
    sample = [...picked.values()];
  });
  afterAll(async () => sim?.close());

  it("the sample covers every case", () => {
    expect(sim.store.shop).toMatchObject({ currencyCode: currency, taxesIncluded });
    const count = (f: (o: OrderModel) => boolean) => sample.filter(f).length;
    expect(count((o) => o.lineItems.some((l) => l.discountAllocations.length > 0))).toBeGreaterThanOrEqual(5);
    expect(count((o) => o.refunds.some((r) => r.refundShippingLines.length > 0))).toBeGreaterThanOrEqual(3);
    expect(count((o) => o.refunds.some((r) => r.refundLineItems.length > 0))).toBeGreaterThanOrEqual(5);
    expect(count((o) => o.cancelledAt !== null)).toBeGreaterThanOrEqual(3);
    expect(count((o) => o.lineItems.length > 1)).toBeGreaterThanOrEqual(5);
    expect(count((o) => o.lineItems.length > 25)).toBeGreaterThanOrEqual(1);
    expect(count((o) => o.refunds.length > 4)).toBeGreaterThanOrEqual(1);
    expect(count((o) => o.shippingLines.length === 0)).toBeGreaterThanOrEqual(1);
    expect(sample.length).toBeGreaterThanOrEqual(40);
  });

  it("gives equal records but for transactions and the shipping country, which REST cannot carry", async () => {
    const request = requestOf(sim);
    const statuses = new Set<string | null>();
    for (const model of sample) {
      const payload = orderTopicPayload(model.cancelledAt ? "orders/cancelled" : "orders/updated", model, shop);
      expect(payload.updated_at).toMatch(offset > 0 ? /\+02:00$/ : /-05:00$/);
      const rest = parseRestOrderRecord(payload);
      const gql = await fetchOrderRecord(request, model.id);
      if (!rest.ok || !gql?.ok) throw new Error(`${model.name}: ${JSON.stringify(!rest.ok ? rest.errors : gql)}`);
      statuses.add(gql.record.financialStatus);

      // What REST cannot carry, explicitly: no transactions (the Order resource has
      // none), no shipping country (no Level 2 protected customer data).
      expect(rest.record.order.transactions).toEqual([]);
      expect(gql.record.order.transactions, model.name).toHaveLength(model.transactions.length);
      expect(rest.record.order.shippingCountryCode).toBeNull();
      expect(gql.record.order.shippingCountryCode).toBe(model.shippingCountryCode);

      // Everything else is equal: lines, shipping, refunds (with dates), updatedAt, status.
      const restWithGqlOnly = { ...rest.record, order: { ...rest.record.order, transactions: gql.record.order.transactions, shippingCountryCode: gql.record.order.shippingCountryCode } };
      expect(restWithGqlOnly, model.name).toEqual(gql.record);
      expect(rest.warnings.map((w) => w.message)).toEqual(gql.warnings.map((w) => w.message));

      // Each refund's refunds/create payload gives the refund the whole order gives.
      for (const refund of model.refunds) {
        const parsed = parseRestRefund(refundPayload(model, refund, shop), { taxesIncluded: model.taxesIncluded, currency: model.currencyCode });
        if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
        expect(parsed.value.orderId).toBe(model.id);
        expect(parsed.value.refund, `${model.name} ${refund.id}`).toEqual(gql.record.refunds.find((r) => r.id === refund.id));
      }
    }
    for (const status of ["PAID", "PARTIALLY_REFUNDED", "REFUNDED", "VOIDED"]) expect(statuses).toContain(status);
  });

  it("reads the country when a payload does carry an address, and only the country", () => {
    const model = sample.find((o) => o.shippingCountryCode !== null)!;
    const payload = { ...orderTopicPayload("orders/updated", model, shop), shipping_address: { country_code: model.shippingCountryCode, address1: "1 Rue X", zip: "75001" } };
    expect(record(parseRestOrderRecord(payload)).order.shippingCountryCode).toBe(model.shippingCountryCode);
  });

  it("reads older payload forms the same way: numeric refund subtotals, no current_quantity", () => {
    for (const model of sample.filter((o) => o.refunds.length > 0).slice(0, 10)) {
      const payload = orderTopicPayload("orders/updated", model, shop);
      const expected = record(parseRestOrderRecord(payload));
      // Refund lines with only the numeric `subtotal`/`total_tax` (no *_set).
      const numeric = clone(payload) as JsonObject & { refunds: { refund_line_items: JsonObject[] }[] };
      for (const r of numeric.refunds) for (const li of r.refund_line_items) {
        delete li.subtotal_set;
        delete li.total_tax_set;
      }
      expect(record(parseRestOrderRecord(numeric)), model.name).toEqual(expected);
      // No current_quantity: quantity − refunded units, with a warning per line.
      const older = clone(payload) as JsonObject & { line_items: JsonObject[] };
      for (const l of older.line_items) delete l.current_quantity;
      const r = parseRestOrderRecord(older);
      expect(record(r), model.name).toEqual(expected);
      if (r.ok) expect(r.warnings.map((w) => w.path)).toEqual(older.line_items.map((_, i) => `line_items[${i}].current_quantity`));
    }
  });
});

/**
 * One order worked by hand (tax-inclusive EUR shop, 20 % VAT, shop at UTC+2):
 *
 * Line A "Mug": 2 × 24.00 = 48.00, code discount 4.80 → 43.20 gross, of which VAT
 *   43.20 × 0.2 / 1.2 = 7.20. One unit refunded: subtotal 21.60 (VAT-inclusive, half
 *   the discounted gross), tax 3.60. Kept: 21.60 gross − 3.60 VAT = 18.00 net; tax
 *   3.60; kept discount 4.80 / 2 = 2.40 gross = 2.40 / 1.2 = 2.00 net; unit price
 *   24.00 / 1.2 = 20.00 net. 250 g per unit.
 * Line B "Tea towel": 1 × 10.00, VAT 10.00 × 0.2 / 1.2 = 1.666… → 1.67 (Shopify's
 *   tax line). Net 10.00 − 1.67 = 8.33; unit price 10.00 / 1.2 = 8.333… → 8.33.
 * Shipping 6.00 incl. VAT 1.00 → 5.00 net, all refunded: refund_shipping_lines
 *   subtotal 6.00, shipping_refund adjustment tax −1.00 → refunded 5.00 net, 1.00 tax.
 * Refund totals: lines 21.60 − 3.60 = 18.00 net; shipping 5.00 net.
 * Timestamps: 2026-10-03T10:15:00+02:00 = 08:15 UTC.
 */
const HAND_WORKED = {
  id: 820001,
  admin_graphql_api_id: "gid://shopify/Order/820001",
  name: "#1042",
  currency: "EUR",
  taxes_included: true,
  test: false,
  source_name: "web",
  financial_status: "partially_refunded",
  cancelled_at: null,
  processed_at: "2026-10-01T09:30:00+02:00",
  updated_at: "2026-10-03T10:15:05+02:00",
  line_items: [
    {
      id: 31,
      admin_graphql_api_id: "gid://shopify/LineItem/31",
      name: "Mug - Blue",
      title: "Mug",
      sku: "MUG-BL",
      quantity: 2,
      current_quantity: 1,
      fulfillable_quantity: 0,
      requires_shipping: true,
      grams: 250,
      product_id: 7,
      variant_id: 71,
      price: "24.00",
      price_set: { shop_money: { amount: "24.00", currency_code: "EUR" }, presentment_money: { amount: "24.00", currency_code: "EUR" } },
      total_discount: "0.00",
      discount_allocations: [{ amount: "4.80", amount_set: { shop_money: { amount: "4.80", currency_code: "EUR" } }, discount_application_index: 0 }],
      tax_lines: [{ title: "FR TVA", rate: 0.2, price: "7.20", price_set: { shop_money: { amount: "7.20", currency_code: "EUR" } } }],
    },
    {
      id: 32,
      admin_graphql_api_id: "gid://shopify/LineItem/32",
      name: "Tea towel",
      title: "Tea towel",
      sku: "",
      quantity: 1,
      current_quantity: 1,
      requires_shipping: true,
      grams: 80,
      product_id: 8,
      variant_id: 81,
      price_set: { shop_money: { amount: "10.00", currency_code: "EUR" } },
      discount_allocations: [],
      tax_lines: [{ title: "FR TVA", rate: 0.2, price_set: { shop_money: { amount: "1.67", currency_code: "EUR" } } }],
    },
  ],
  shipping_lines: [
    {
      id: 41,
      title: "Colissimo",
      code: "colissimo",
      source: "shopify",
      is_removed: false,
      price_set: { shop_money: { amount: "6.00", currency_code: "EUR" } },
      discounted_price_set: { shop_money: { amount: "6.00", currency_code: "EUR" } },
      tax_lines: [{ title: "FR TVA", rate: 0.2, price_set: { shop_money: { amount: "1.00", currency_code: "EUR" } } }],
    },
  ],
  refunds: [
    {
      id: 51,
      admin_graphql_api_id: "gid://shopify/Refund/51",
      order_id: 820001,
      created_at: "2026-10-03T10:15:00+02:00",
      processed_at: "2026-10-03T10:15:00+02:00",
      refund_line_items: [
        {
          id: 61,
          line_item_id: 31,
          quantity: 1,
          restock_type: "return",
          subtotal: 21.6,
          subtotal_set: { shop_money: { amount: "21.60", currency_code: "EUR" } },
          total_tax: 3.6,
          total_tax_set: { shop_money: { amount: "3.60", currency_code: "EUR" } },
        },
      ],
      refund_shipping_lines: [{ id: 62, shipping_line_id: 41, subtotal_amount_set: { shop_money: { amount: "6.00", currency_code: "EUR" } } }],
      order_adjustments: [
        {
          id: 63,
          kind: "shipping_refund",
          amount_set: { shop_money: { amount: "-6.00", currency_code: "EUR" } },
          tax_amount_set: { shop_money: { amount: "-1.00", currency_code: "EUR" } },
        },
      ],
      transactions: [{ id: 71, kind: "refund", status: "success", amount: "27.60", gateway: "shopify_payments" }],
    },
  ],
};

const HAND_WORKED_REFUND = {
  id: "gid://shopify/Refund/51",
  processedAt: "2026-10-03T08:15:00.000Z",
  lines: [{ lineItemId: "gid://shopify/LineItem/31", quantity: 1, subtotalBeforeTax: 1800, tax: 360 }],
  shippingBeforeTax: 500,
  shippingTax: 100,
};

describe("a REST order worked by hand", () => {
  it("gives the amounts worked out above", () => {
    const r = parseRestOrderRecord(HAND_WORKED);
    expect(r.ok && r.warnings).toEqual([]);
    expect(record(r)).toEqual({
      updatedAt: "2026-10-03T08:15:05.000Z",
      financialStatus: "PARTIALLY_REFUNDED",
      refunds: [HAND_WORKED_REFUND],
      order: {
        id: "gid://shopify/Order/820001",
        name: "#1042",
        processedAt: "2026-10-01T07:30:00Z",
        currency: "EUR",
        taxesIncluded: true,
        cancelled: false,
        test: false,
        sourceName: "web",
        shippingCountryCode: null,
        lines: [
          {
            id: "gid://shopify/LineItem/31",
            productId: "gid://shopify/Product/7",
            variantId: "gid://shopify/ProductVariant/71",
            sku: "MUG-BL",
            title: "Mug - Blue",
            quantity: 2,
            currentQuantity: 1,
            netRevenueBeforeTax: 1800,
            discountBeforeTax: 200,
            tax: 360,
            unitPriceBeforeTax: 2000,
            unitWeightGrams: 250,
            requiresShipping: true,
          },
          {
            id: "gid://shopify/LineItem/32",
            productId: "gid://shopify/Product/8",
            variantId: "gid://shopify/ProductVariant/81",
            sku: null,
            title: "Tea towel",
            quantity: 1,
            currentQuantity: 1,
            netRevenueBeforeTax: 833,
            discountBeforeTax: 0,
            tax: 167,
            unitPriceBeforeTax: 833,
            unitWeightGrams: 80,
            requiresShipping: true,
          },
        ],
        shippingLines: [{ title: "Colissimo", code: "colissimo", source: "shopify", chargedBeforeTax: 500, tax: 100, refundedBeforeTax: 500 }],
        transactions: [],
        refunds: { lineItemsBeforeTax: 1800, shippingBeforeTax: 500 },
      },
    });
  });

  it("gives the same refund from the refunds/create payload, given the order's tax convention", () => {
    const payload = HAND_WORKED.refunds[0]!;
    expect(parseRestRefund(payload, { taxesIncluded: true, currency: "EUR" })).toEqual({
      ok: true,
      value: { orderId: "gid://shopify/Order/820001", refundId: "gid://shopify/Refund/51", refund: HAND_WORKED_REFUND },
      warnings: [],
    });
    // Tax added on top (a US-style order): the subtotals are already net.
    const added = parseRestRefund(payload, { taxesIncluded: false, currency: "EUR" });
    expect(added.ok && added.value.refund).toMatchObject({ lines: [{ subtotalBeforeTax: 2160, tax: 360 }], shippingBeforeTax: 600, shippingTax: 100 });
    // Without the context, only the ids.
    expect(parseRestRefund(payload)).toEqual({ ok: true, value: { orderId: "gid://shopify/Order/820001", refundId: "gid://shopify/Refund/51" }, warnings: [] });
  });
});

/**
 * Ids beyond 2^53, as in Shopify's sample payloads (order 820982911946154508, line
 * 487817672276298554: the webhook reference's "Sample Payload", `shopify app webhook
 * trigger`). The simulator's orders are copied with every order-side id moved past
 * 2^53; the REST payload carries them as bare JSON integers, GraphQL as strings.
 */
describe("ids beyond 2^53 (Shopify's sample payload magnitudes)", () => {
  const OFFSET = 820_000_000_000_000_000n;
  const ORDER_SIDE = /^gid:\/\/shopify\/(Order|LineItem|ShippingLine|Refund|RefundLineItem|RefundShippingLine|OrderTransaction|TransactionFee|Fulfillment)\/(\d+)$/;
  const widen = <T>(x: T): T =>
    JSON.parse(JSON.stringify(x), (_k, v: unknown) => {
      const m = typeof v === "string" ? ORDER_SIDE.exec(v) : null;
      return m ? `gid://shopify/${m[1]}/${BigInt(m[2]!) + OFFSET}` : v;
    }) as T;
  let sim: Simulator;
  let wide: OrderModel[];
  const shop: ShopContext = { currencyCode: "EUR", timezoneOffsetMinutes: 60 };
  beforeAll(async () => {
    const base = Store.generate({ seed: 63, orders: 60, preset: "eu", products: 30 });
    const v = base.variants().map((x) => x.variant);
    const refunded = base.createOrder({ lineItems: [{ variantId: v[0]!.id, quantity: 3 }, { variantId: v[1]!.id, quantity: 1 }] });
    base.addRefund(refunded.id, { lineItems: [{ lineItemId: refunded.lineItems[0]!.id, quantity: 1 }], shipping: { full: true } });
    const snap = base.snapshot();
    wide = [widen(base.getOrder(refunded.id)!), ...snap.orders.filter((o) => o.refunds.length > 0).slice(0, 5).map(widen)];
    sim = await startSimulator({ store: new Store({ ...snap, orders: wide }), bucket: { maximumAvailable: 1e9, restoreRate: 1e9 } });
  });
  afterAll(async () => sim?.close());

  it("REST (bare integers on the wire) and GraphQL (strings) give the same record", async () => {
    const request = requestOf(sim);
    for (const model of wide) {
      const text = restJson(orderTopicPayload("orders/updated", model, shop));
      const orderDigits = model.id.slice(model.id.lastIndexOf("/") + 1);
      expect(BigInt(orderDigits) > BigInt(Number.MAX_SAFE_INTEGER)).toBe(true);
      expect(text).toContain(`"id":${orderDigits},`);
      // JSON.parse alone loses the digits: what the app read before parseRestJson.
      expect(String((JSON.parse(text) as { id: number }).id)).not.toBe(orderDigits);
      const rest = record(parseRestOrderRecord(parseRestJson(text)));
      const gql = record(await fetchOrderRecord(request, model.id));
      expect(rest.order.id).toBe(model.id);
      expect({ ...rest, order: { ...rest.order, transactions: gql.order.transactions, shippingCountryCode: gql.order.shippingCountryCode } }, model.name).toEqual(gql);
      for (const refund of model.refunds) {
        const parsed = parseRestRefund(parseRestJson(restJson(refundPayload(model, refund, shop))), { taxesIncluded: model.taxesIncluded, currency: model.currencyCode });
        if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
        expect(parsed.value.orderId).toBe(model.id);
        expect(parsed.value.refund).toEqual(gql.refunds.find((r) => r.id === refund.id));
      }
    }
  });
});

describe("bad REST payloads", () => {
  const errorsOf = (payload: unknown) => {
    const r = parseRestOrderRecord(payload);
    if (r.ok) throw new Error("expected errors");
    return r.errors;
  };

  it("names the REST path of a broken amount and of a missing id, all at once", () => {
    const bad = clone(HAND_WORKED) as unknown as { line_items: Record<string, unknown>[] };
    (bad.line_items[0]!.price_set as { shop_money: { amount: string } }).shop_money.amount = "24,00";
    delete bad.line_items[1]!.admin_graphql_api_id;
    delete bad.line_items[1]!.id;
    expect(errorsOf(bad)).toEqual([
      { path: "line_items[0].price_set.shop_money.amount", message: expect.stringContaining("24,00") },
      { path: "line_items[1].admin_graphql_api_id", message: expect.stringContaining("LineItem") },
    ]);
  });

  it("names the REST paths of refunds, timestamps, currencies and quantities", () => {
    const bad = clone(HAND_WORKED) as unknown as Record<string, unknown> & { refunds: { refund_line_items: Record<string, unknown>[] }[]; line_items: Record<string, unknown>[] };
    bad.updated_at = "yesterday";
    bad.refunds[0]!.refund_line_items[0]!.subtotal_set = { shop_money: { amount: "21.60", currency_code: "USD" } };
    bad.refunds[0]!.refund_line_items[0]!.total_tax_set = { shop_money: { amount: "3.605" } };
    bad.line_items[1]!.quantity = -1;
    expect(errorsOf(bad).map((e) => e.path)).toEqual([
      "updated_at",
      "line_items[1].quantity",
      "refunds[0].refund_line_items[0].subtotal_set.shop_money.currency_code",
      "refunds[0].refund_line_items[0].total_tax_set.shop_money.amount",
    ]);
    expect(errorsOf({ ...HAND_WORKED, currency: "euro" })).toEqual([{ path: "currency", message: expect.any(String) }]);
    expect(errorsOf({ ...HAND_WORKED, line_items: [] })).toEqual([{ path: "line_items", message: "an order has at least one line item" }]);
    expect(errorsOf(null)).toEqual([{ path: "", message: expect.any(String) }]);
  });

  it("reports what the shared GraphQL rules reject at the REST path too", () => {
    const over = clone(HAND_WORKED) as unknown as { line_items: Record<string, unknown>[] };
    over.line_items[1]!.current_quantity = 3;
    expect(errorsOf(over)).toEqual([{ path: "line_items[1].current_quantity", message: "cannot exceed quantity (1)" }]);
    const unknownLine = clone(HAND_WORKED) as unknown as { refunds: { refund_line_items: Record<string, unknown>[] }[] };
    unknownLine.refunds[0]!.refund_line_items[0]!.line_item_id = 99;
    expect(errorsOf(unknownLine)).toEqual([{ path: "refunds[0].refund_line_items[0].line_item_id", message: expect.stringContaining("gid://shopify/LineItem/99") }]);
  });

  it("refuses shipping_refund adjustments that add up to a charge, naming them", () => {
    // −6.00 then +6.00 then +6.00: a net +6.00 "refund" (source: issue 14, signed sums).
    const charged = clone(HAND_WORKED) as unknown as { refunds: { order_adjustments: Record<string, unknown>[]; refund_shipping_lines?: unknown }[] };
    const adj = charged.refunds[0]!.order_adjustments[0]!;
    const positive = { ...adj, amount_set: { shop_money: { amount: "6.00", currency_code: "EUR" } }, tax_amount_set: { shop_money: { amount: "1.00", currency_code: "EUR" } } };
    charged.refunds[0]!.order_adjustments.push(positive, positive);
    expect(errorsOf(charged)).toEqual([{ path: "refunds[0].order_adjustments", message: "the shipping_refund adjustments add up to a charge, not a refund (6.00 shipping, 1.00 tax)" }]);
  });

  it("names the path in a refunds/create payload", () => {
    const refund = clone(HAND_WORKED.refunds[0]!) as unknown as Record<string, unknown> & { refund_line_items: Record<string, unknown>[] };
    refund.order_id = "abc";
    refund.refund_line_items[0]!.quantity = 1.5;
    const r = parseRestRefund(refund, { taxesIncluded: true, currency: "EUR" });
    expect(r.ok ? [] : r.errors.map((e) => e.path)).toEqual(["order_id", "refund_line_items[0].quantity"]);
  });
});
