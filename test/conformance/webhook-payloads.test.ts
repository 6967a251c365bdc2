/**
 * Real webhook payload shapes, fed through the app's own path: the signed request →
 * the webhook route (app/routes/webhooks.*.tsx) → authenticate.webhook (HMAC) →
 * app/services/sync-webhook.server.ts → app/sync/webhook-sync.server.ts →
 * app/domain/rest-order.ts → the stored order, read back with readOrders.
 *
 * Every payload below is written here, reproducing the FACTS of a named source (field
 * names, shapes, id magnitudes, nulls); no source file is copied. Sources:
 *  [SAMPLE]   Shopify's sample order payload, the one the webhook reference shows as
 *             "Sample Payload" and `shopify app webhook trigger` / "Send test
 *             notification" deliver: order 820982911946154508 "#9999", lines
 *             487817672276298554 "Aviator sunglasses" 89.99 100 g and 976318377106520349
 *             "Mid-century lounger" 159.99 with a 5.00 discount, product
 *             788032119674292922, variant_id null, shipping line 271878346596884015
 *             "Generic Shipping" 10.00, `processed_at: null`, test, cancelled, voided,
 *             no current_quantity; the 2017 form has no admin_graphql_api_id, no *_set
 *             and no discount_allocations (total_discount only), the 2022 form has them.
 *  [SAMPLE-R] Shopify's sample refunds/create payload: refund 890088186047892319 of
 *             order_id 820982911946154508 (a plain integer, no order gid).
 *  [REST-REF] shopify.dev REST Admin reference (2026-01), Order and Refund resources:
 *             `currency` is the shop currency and `presentment_currency` the customer's,
 *             money in `*_set.shop_money`; `source_name` "pos" for POS orders;
 *             `line_items[].duties` and `current_total_duties_set`; order_adjustments of
 *             kind `shipping_refund` with negative `amount`/`tax_amount` ("-5.00").
 *  [ISSUE-14] issue 14: real refunds hold reversing shipping_refund entries
 *             (−3.95 / +3.95 / −3.95), and older payloads have no refund_shipping_lines.
 *  [CAP-MB]   live capture, airhorns/shopify-draft-proxy fixtures/conformance/
 *             harry-test-heelo.myshopify.com/2025-01/orders/money-bag-presentment-parity.json:
 *             a CAD shop selling in USD, shopMoney 12.00 CAD / presentmentMoney 8.00 USD;
 *             order ids of 13 digits (8888861458738).
 *  [CAP-LI]   live capture, same repository, 2025-01/orders/order-create-line-item-fields.json:
 *             a line item created from a title and a price (custom item).
 *  [CAP-W0]   live capture, same repository, 2025-01/products/inventory-item-update-parity.json:
 *             an item whose weight was never set reads `weight {unit: KILOGRAMS, value: 0}`.
 *  [SAMPLE-C] Shopify's sample payloads of the other subscribed topics: products/update
 *             (product 788032119674292922 "Example T-Shirt", vendor "Acme", variants 642667041472713922
 *             "Small" and 757650484644203962 "Medium" at 19.99, compare_at 24.99, sku null,
 *             inventory_item_id null, `created_at: null` on the product);
 *             inventory_items/update (item 271878346596884015 with its admin_graphql_api_id);
 *             bulk_operations/finish (lower-case status/type, error_code null, no URL);
 *             app/uninstalled (the Shop resource, id 548380009); app/scopes_update
 *             (previous/current scope lists); customers/data_request, customers/redact and
 *             shop/redact (shop_id 954889, customer 191167, orders 299938, 280263, 220458).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";

import type { Db } from "~/db.server";
import { parseGraphqlOrderRecord } from "~/domain/graphql-order";
import { orderBreakdown } from "~/services/orders-view.server";
import { readOrders } from "~/store/order-store.server";

import { createOfflineSession, createShop } from "../helpers/factories";
import { webhookRequest } from "../helpers/webhook";
import { openWebhookApp, type WebhookAction } from "../helpers/webhook-app";

const enqueued = vi.hoisted(() => [] as string[]);
vi.mock("~/jobs/runtime.server", async () => (await import("../helpers/app")).runtimeMock(enqueued));

// A fresh shop per test: nothing stored by one case is seen by the next.
let shopNo = 0;
let SHOP = "";
let routes: Record<string, WebhookAction>;
let db: Db;
let close: (() => Promise<void>) | undefined;

/** An integer written as its digits on the wire, as Shopify writes ids above 2^53. */
const big = (digits: string): unknown => (JSON as unknown as { rawJSON(text: string): unknown }).rawJSON(digits);
const shopMoney = (amount: string, currency: string, presentment?: [string, string]) => ({
  shop_money: { amount, currency_code: currency },
  presentment_money: presentment ? { amount: presentment[0], currency_code: presentment[1] } : { amount, currency_code: currency },
});

beforeAll(async () => {
  ({ db, routes, close } = await openWebhookApp());
});

afterAll(async () => {
  await close?.();
});

beforeEach(async () => {
  enqueued.length = 0;
  SHOP = `conformance-${++shopNo}.myshopify.com`;
  await createShop(db, { shop: SHOP, currencyCode: "USD", ianaTimezone: null });
  await createOfflineSession(db, SHOP);
});

async function deliver(topic: string, payload: unknown): Promise<{ status: number; body: { error?: string; applied?: boolean } }> {
  const request = webhookRequest(topic, payload, { shop: SHOP });
  const response = await routes[topic]!({ request, params: {}, context: {} });
  return { status: response.status, body: (await response.json()) as { error?: string; applied?: boolean } };
}

async function stored(id: string) {
  const [order] = await readOrders(db, SHOP, { ids: [id] });
  if (!order) throw new Error(`order ${id} not stored`);
  return order;
}

// ---------------------------------------------------------------------------
// [SAMPLE] Shopify's sample order, 2022 form (admin_graphql_api_id, *_set, discount_allocations)

function sampleOrder(): Record<string, unknown> {
  return {
    id: big("820982911946154508"),
    admin_graphql_api_id: "gid://shopify/Order/820982911946154508",
    name: "#9999",
    email: "jon@doe.ca",
    created_at: "2022-04-05T16:54:56+02:00",
    updated_at: "2022-04-05T16:54:56+02:00",
    processed_at: null,
    cancelled_at: "2022-04-05T16:54:56+02:00",
    cancel_reason: "customer",
    test: true,
    currency: "USD",
    presentment_currency: "USD",
    taxes_included: false,
    financial_status: "voided",
    source_name: "web",
    total_discounts: "5.00",
    total_line_items_price: "249.98",
    subtotal_price: "244.98",
    total_price: "254.98",
    total_tax: "0.00",
    tax_lines: [],
    original_total_duties_set: null,
    current_total_duties_set: null,
    line_items: [
      {
        id: big("487817672276298554"),
        admin_graphql_api_id: "gid://shopify/LineItem/487817672276298554",
        variant_id: null,
        product_id: big("788032119674292922"),
        title: "Aviator sunglasses",
        name: "Aviator sunglasses",
        quantity: 1,
        sku: "SKU2006-001",
        requires_shipping: true,
        taxable: true,
        gift_card: false,
        fulfillable_quantity: 1,
        grams: 100,
        price: "89.99",
        price_set: shopMoney("89.99", "USD"),
        total_discount: "0.00",
        total_discount_set: shopMoney("0.00", "USD"),
        discount_allocations: [],
        duties: [],
        tax_lines: [],
      },
      {
        id: big("976318377106520349"),
        admin_graphql_api_id: "gid://shopify/LineItem/976318377106520349",
        variant_id: null,
        product_id: big("788032119674292922"),
        title: "Mid-century lounger",
        name: "Mid-century lounger",
        quantity: 1,
        sku: "SKU2006-020",
        requires_shipping: true,
        taxable: true,
        gift_card: false,
        fulfillable_quantity: 1,
        grams: 1000,
        price: "159.99",
        price_set: shopMoney("159.99", "USD"),
        total_discount: "5.00",
        total_discount_set: shopMoney("5.00", "USD"),
        discount_allocations: [{ amount: "5.00", amount_set: shopMoney("5.00", "USD"), discount_application_index: 0 }],
        duties: [],
        tax_lines: [],
      },
    ],
    shipping_lines: [
      {
        id: big("271878346596884015"),
        title: "Generic Shipping",
        price: "10.00",
        price_set: shopMoney("10.00", "USD"),
        discounted_price: "10.00",
        discounted_price_set: shopMoney("10.00", "USD"),
        code: null,
        source: "shopify",
        carrier_identifier: null,
        discount_allocations: [],
        tax_lines: [],
      },
    ],
    fulfillments: [],
    refunds: [],
  };
}

describe("[SAMPLE] Shopify's sample orders/create payload", () => {
  it("is stored with its ids exact, created_at as its date, and the numbers worked by hand", async () => {
    const r = await deliver("orders/create", sampleOrder());
    // Before the fix: 400 "line_items[0].product_id: expected the numeric Product id"
    // (JSON.parse made 788032119674292922 into 788032119674292900) and processed_at null refused.
    expect(r.status, r.body.error).toBe(200);
    const o = await stored("gid://shopify/Order/820982911946154508");
    expect(o.name).toBe("#9999");
    // processed_at null → created_at 16:54:56+02:00 = 14:54:56Z.
    expect(o.processedAt).toBe("2022-04-05T14:54:56Z");
    expect(o.cancelled).toBe(true);
    expect(o.test).toBe(true);
    expect(o.lines.map((l) => [l.id, l.productId, l.variantId])).toEqual([
      ["gid://shopify/LineItem/487817672276298554", "gid://shopify/Product/788032119674292922", null],
      ["gid://shopify/LineItem/976318377106520349", "gid://shopify/Product/788032119674292922", null],
    ]);
    // No current_quantity: quantity 1 − 0 refunded = 1.
    expect(o.lines.map((l) => l.currentQuantity)).toEqual([1, 1]);
    // Tax-excluded, no tax lines: 89.99; 159.99 − 5.00 = 154.99 (subtotal_price 244.98 = 89.99 + 154.99).
    expect(o.lines.map((l) => l.netRevenueBeforeTax)).toEqual([8999, 15499]);
    expect(o.lines.map((l) => l.unitWeightGrams)).toEqual([100, 1000]);
    expect(o.shippingLines.map((s) => s.chargedBeforeTax)).toEqual([1000]);
  });

  it("the 2017 form (no admin_graphql_api_id, no *_set, no discount_allocations), as orders/cancelled, gives the same order", async () => {
    const p = sampleOrder();
    delete p.admin_graphql_api_id;
    const lines = p.line_items as Record<string, unknown>[];
    for (const l of lines) {
      delete l.admin_graphql_api_id;
      delete l.price_set;
      delete l.total_discount_set;
      delete l.discount_allocations;
      delete l.duties;
    }
    for (const s of p.shipping_lines as Record<string, unknown>[]) {
      delete s.price_set;
      delete s.discounted_price_set;
      delete s.discounted_price;
    }
    const r = await deliver("orders/cancelled", p);
    expect(r.status, r.body.error).toBe(200);
    const o = await stored("gid://shopify/Order/820982911946154508");
    expect(o.lines.map((l) => l.id)).toEqual(["gid://shopify/LineItem/487817672276298554", "gid://shopify/LineItem/976318377106520349"]);
    // total_discount 5.00 is the lounger's discount when no discount_allocations exist: 159.99 − 5.00.
    expect(o.lines.map((l) => l.netRevenueBeforeTax)).toEqual([8999, 15499]);
    expect(o.shippingLines.map((s) => s.chargedBeforeTax)).toEqual([1000]);
  });
});

describe("[SAMPLE-R] Shopify's sample refunds/create payload", () => {
  it("queues the fetch of order 820982911946154508 itself, not of a rounded id", async () => {
    const payload = {
      id: big("890088186047892319"),
      admin_graphql_api_id: "gid://shopify/Refund/890088186047892319",
      order_id: big("820982911946154508"),
      created_at: "2021-12-31T19:00:00-05:00",
      processed_at: "2021-12-31T19:00:00-05:00",
      note: "Things were damaged",
      restock: false,
      duties: [],
      refund_line_items: [
        {
          id: big("866550311766439093"),
          line_item_id: big("487817672276298554"),
          quantity: 1,
          restock_type: "no_restock",
          subtotal: 89.99,
          total_tax: 0.0,
          subtotal_set: shopMoney("89.99", "USD"),
          total_tax_set: shopMoney("0.00", "USD"),
        },
      ],
      refund_shipping_lines: [],
      order_adjustments: [],
      transactions: [],
    };
    const r = await deliver("refunds/create", payload);
    // Before the fix: 400 "order_id: expected the numeric Order id" (820982911946154500 is not safe).
    expect(r.status, r.body.error).toBe(200);
    const queued = await db.orderRefetch.findMany({ where: { shop: SHOP }, select: { orderId: true } });
    expect(queued).toEqual([{ orderId: "gid://shopify/Order/820982911946154508" }]);
    expect(enqueued).toEqual([`order-refresh:${SHOP}`]);
  });
});

// ---------------------------------------------------------------------------
// Real shapes of 2026 payloads (written here from [REST-REF], [CAP-*] facts)

/** A 2026-10 order payload (13-digit ids as live captures show) with one or more lines. */
function order2026(over: Record<string, unknown>): Record<string, unknown> {
  return {
    id: 8888861458738,
    admin_graphql_api_id: "gid://shopify/Order/8888861458738",
    name: "#1496",
    created_at: "2026-10-02T11:00:00-04:00",
    processed_at: "2026-10-02T11:00:00-04:00",
    updated_at: "2026-10-02T11:00:05-04:00",
    cancelled_at: null,
    test: false,
    source_name: "web",
    financial_status: "paid",
    currency: "USD",
    presentment_currency: "USD",
    taxes_included: false,
    shipping_lines: [],
    refunds: [],
    ...over,
  };
}

function line2026(id: number, over: Record<string, unknown>): Record<string, unknown> {
  return {
    id,
    admin_graphql_api_id: `gid://shopify/LineItem/${id}`,
    title: "Line",
    name: "Line",
    quantity: 1,
    current_quantity: 1,
    requires_shipping: true,
    grams: 500,
    product_id: 9801098789170,
    variant_id: 49012345678901,
    sku: "SKU",
    discount_allocations: [],
    tax_lines: [],
    duties: [],
    ...over,
  };
}

describe("shipping refunds from REST order_adjustments [REST-REF] [ISSUE-14]", () => {
  /** US shop, tax added: one 20.00 line, shipping 3.95 with 0.79 tax (20 %), refunded once net. */
  function refundedShipping(refund: Record<string, unknown>) {
    return order2026({
      financial_status: "partially_refunded",
      updated_at: "2026-10-04T09:00:00-04:00",
      line_items: [line2026(19495196164402, { price_set: shopMoney("20.00", "USD"), tax_lines: [{ title: "VAT", rate: 0.2, price_set: shopMoney("4.00", "USD") }] })],
      shipping_lines: [
        {
          id: 5180000001234,
          title: "Standard",
          code: "standard",
          source: "shopify",
          price_set: shopMoney("3.95", "USD"),
          discounted_price_set: shopMoney("3.95", "USD"),
          tax_lines: [{ title: "VAT", rate: 0.2, price_set: shopMoney("0.79", "USD") }],
        },
      ],
      refunds: [
        {
          id: 1028613341490,
          admin_graphql_api_id: "gid://shopify/Refund/1028613341490",
          order_id: 8888861458738,
          created_at: "2026-10-04T09:00:00-04:00",
          processed_at: "2026-10-04T09:00:00-04:00",
          refund_line_items: [],
          ...refund,
        },
      ],
    });
  }
  const adjustment = (id: number, amount: string, tax: string) => ({
    id,
    kind: "shipping_refund",
    reason: "Shipping refund",
    amount,
    tax_amount: tax,
    amount_set: shopMoney(amount, "USD"),
    tax_amount_set: shopMoney(tax, "USD"),
  });
  const reversing = [adjustment(1, "-3.95", "-0.79"), adjustment(2, "3.95", "0.79"), adjustment(3, "-3.95", "-0.79")];

  it("sums the signed adjustments of an older payload without refund_shipping_lines: 3.95 refunded, not 0 nor 11.85", async () => {
    const r = await deliver("orders/updated", refundedShipping({ order_adjustments: reversing }));
    expect(r.status, r.body.error).toBe(200);
    const o = await stored("gid://shopify/Order/8888861458738");
    // −(−3.95 + 3.95 − 3.95) = 3.95 refunded (tax added, so before tax); tax −(−0.79 + 0.79 − 0.79) = 0.79.
    // Before the fix: 0 (the refund was dropped for want of refund_shipping_lines).
    expect(o.refunds.shippingBeforeTax).toBe(395);
    expect(o.shippingLines[0]).toMatchObject({ chargedBeforeTax: 395, refundedBeforeTax: 395 });
  });

  it("takes the tax of a refund shipping line from the signed adjustments: tax-included shop", async () => {
    // Tax-included shop: refunded shipping 3.95 incl. 0.66 VAT → 3.29 before tax.
    // Summing |tax| (0.66 × 3 = 1.98) gave 3.95 − 1.98 = 1.97 before the fix.
    const tax = (a: string) => (a.startsWith("-") ? "-0.66" : "0.66");
    const p = refundedShipping({
      refund_shipping_lines: [{ id: 91000000001, shipping_line_id: 5180000001234, subtotal_amount_set: shopMoney("3.95", "USD") }],
      order_adjustments: reversing.map((a) => adjustment(a.id, a.amount, tax(a.amount))),
    });
    p.taxes_included = true;
    const lines = p.line_items as Record<string, unknown>[];
    lines[0]!.tax_lines = [{ title: "VAT", rate: 0.2, price_set: shopMoney("3.33", "USD") }];
    (p.shipping_lines as Record<string, unknown>[])[0]!.tax_lines = [{ title: "VAT", rate: 0.2, price_set: shopMoney("0.66", "USD") }];
    const r = await deliver("orders/updated", p);
    expect(r.status, r.body.error).toBe(200);
    const o = await stored("gid://shopify/Order/8888861458738");
    expect(o.refunds.shippingBeforeTax).toBe(329);
    // Charged 3.95 − 0.66 = 3.29, all of it refunded.
    expect(o.shippingLines[0]).toMatchObject({ chargedBeforeTax: 329, refundedBeforeTax: 329 });
  });
});

describe("currencies and taxes [REST-REF] [CAP-MB]", () => {
  it("a CAD shop selling in USD: every amount from shop_money, none from presentment_money", async () => {
    // 2 × 12.00 CAD (8.00 USD each), tax added 12.5 %: 3.00 CAD; shipping 5.00 CAD.
    const p = order2026({
      currency: "CAD",
      presentment_currency: "USD",
      line_items: [
        line2026(19495196164402, {
          quantity: 2,
          current_quantity: 2,
          price: "12.00",
          price_set: shopMoney("12.00", "CAD", ["8.00", "USD"]),
          tax_lines: [{ title: "Line tax", rate: 0.125, price: "3.00", price_set: shopMoney("3.00", "CAD", ["2.00", "USD"]) }],
        }),
      ],
      shipping_lines: [{ id: 5180000001234, title: "Standard", price: "5.00", price_set: shopMoney("5.00", "CAD", ["3.33", "USD"]), tax_lines: [] }],
    });
    const r = await deliver("orders/create", p);
    expect(r.status, r.body.error).toBe(200);
    const o = await stored("gid://shopify/Order/8888861458738");
    expect(o.currency).toBe("CAD");
    // 2 × 12.00 = 24.00 CAD before tax (not 16.00 USD); tax 3.00; shipping 5.00.
    expect(o.lines[0]).toMatchObject({ netRevenueBeforeTax: 2400, tax: 300, unitPriceBeforeTax: 1200 });
    expect(o.shippingLines[0]!.chargedBeforeTax).toBe(500);
  });

  it("a tax-included EUR shop: VAT taken out of the line and shipping prices", async () => {
    // 2 × 24.00 incl. 20 % VAT: VAT 48.00 × 0.2 / 1.2 = 8.00 → 40.00 net; unit 24.00 / 1.2 = 20.00.
    // Shipping 6.00 incl. 1.00 VAT → 5.00.
    const p = order2026({
      currency: "EUR",
      presentment_currency: "EUR",
      taxes_included: true,
      line_items: [line2026(19495196164402, { quantity: 2, current_quantity: 2, price_set: shopMoney("24.00", "EUR"), tax_lines: [{ title: "FR TVA", rate: 0.2, price_set: shopMoney("8.00", "EUR") }] })],
      shipping_lines: [{ id: 5180000001234, title: "Colissimo", price_set: shopMoney("6.00", "EUR"), tax_lines: [{ title: "FR TVA", rate: 0.2, price_set: shopMoney("1.00", "EUR") }] }],
    });
    const r = await deliver("orders/create", p);
    expect(r.status, r.body.error).toBe(200);
    const o = await stored("gid://shopify/Order/8888861458738");
    expect(o.lines[0]).toMatchObject({ netRevenueBeforeTax: 4000, tax: 800, unitPriceBeforeTax: 2000 });
    expect(o.shippingLines[0]).toMatchObject({ chargedBeforeTax: 500, tax: 100 });
  });

  it("duties paid by the customer are not revenue", async () => {
    // 1 × 80.00 with 4.50 of import duty on the line and current_total_duties_set 4.50: revenue 80.00.
    const p = order2026({
      current_total_duties_set: shopMoney("4.50", "USD"),
      original_total_duties_set: shopMoney("4.50", "USD"),
      duties_included: false,
      line_items: [
        line2026(19495196164402, {
          price_set: shopMoney("80.00", "USD"),
          duties: [{ id: 2, harmonized_system_code: "620343", country_code_of_origin: "CA", shop_money: { amount: "4.50", currency_code: "USD" }, presentment_money: { amount: "4.50", currency_code: "USD" }, tax_lines: [], admin_graphql_api_id: "gid://shopify/Duty/2" }],
        }),
      ],
    });
    const r = await deliver("orders/create", p);
    expect(r.status, r.body.error).toBe(200);
    expect((await stored("gid://shopify/Order/8888861458738")).lines[0]!.netRevenueBeforeTax).toBe(8000);
  });
});

describe("POS orders, custom items and unknown weights [REST-REF] [CAP-LI] [CAP-W0]", () => {
  it("a POS sale with a custom item (no product, no variant) and no shipping", async () => {
    const p = order2026({
      source_name: "pos",
      location_id: 112829759794,
      line_items: [
        line2026(19312607822130, { title: "Line item field coverage", product_id: null, variant_id: null, sku: "", requires_shipping: false, grams: 0, quantity: 2, current_quantity: 2, price_set: shopMoney("12.00", "USD") }),
      ],
    });
    const r = await deliver("orders/create", p);
    expect(r.status, r.body.error).toBe(200);
    const o = await stored("gid://shopify/Order/8888861458738");
    expect(o.sourceName).toBe("pos");
    expect(o.shippingLines).toEqual([]);
    // 2 × 12.00 = 24.00; no product or variant, no SKU; weight unknown (0 g is unset).
    expect(o.lines[0]).toMatchObject({ productId: null, variantId: null, sku: null, netRevenueBeforeTax: 2400, unitWeightGrams: null });
  });

  it("grams: 0 on a shipped line is an unknown weight, not 0 g (REST)", async () => {
    const p = order2026({
      line_items: [
        line2026(19495196164402, { name: "Heavy mug", title: "Heavy mug", price_set: shopMoney("20.00", "USD"), grams: 0 }),
        line2026(19495196164403, { name: "Coaster", title: "Coaster", price_set: shopMoney("5.00", "USD"), grams: 250 }),
      ],
      shipping_lines: [{ id: 5180000001234, title: "Standard", price_set: shopMoney("4.00", "USD"), tax_lines: [] }],
    });
    const r = await deliver("orders/create", p);
    expect(r.status, r.body.error).toBe(200);
    // Before the fix: [0, 250], and the parcel was weighed as 250 g.
    expect((await stored("gid://shopify/Order/8888861458738")).lines.map((l) => l.unitWeightGrams)).toEqual([null, 250]);
    // The order page says the weight is unknown, for which line, and where the carrier cost came from.
    const page = await orderBreakdown(db, SHOP, "gid://shopify/Order/8888861458738");
    expect(page?.margin.steps.shipping).toMatchObject({ parcelWeightGrams: null, source: "default" });
    expect(page?.parcelWeightNote).toBe(
      "The parcel weight is unknown: Shopify has no weight for Heavy mug. The carrier cost is estimated from your default shipping cost, as no rule without a weight band matched. Enter the weights in Shopify to use your weight bands.",
    );
  });

  it("weight { value: 0 } is an unknown weight in the GraphQL adapter too", () => {
    const r = parseGraphqlOrderRecord({
      id: "gid://shopify/Order/8888861458738",
      name: "#1496",
      processedAt: "2026-10-02T15:00:00Z",
      updatedAt: "2026-10-02T15:00:05Z",
      currencyCode: "USD",
      taxesIncluded: false,
      lineItems: {
        nodes: [
          { id: "gid://shopify/LineItem/1", quantity: 1, currentQuantity: 1, requiresShipping: true, weight: { value: 0, unit: "KILOGRAMS" }, originalUnitPriceSet: { shopMoney: { amount: "20.0" } } },
          { id: "gid://shopify/LineItem/2", quantity: 1, currentQuantity: 1, requiresShipping: true, weight: { value: 0.25, unit: "KILOGRAMS" }, originalUnitPriceSet: { shopMoney: { amount: "5.0" } } },
        ],
      },
    });
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    // Before the fix: [0, 250].
    expect(r.record.order.lines.map((l) => l.unitWeightGrams)).toEqual([null, 250]);
  });
});

describe("[SAMPLE-C] the other subscribed topics, as Shopify's samples shape them", () => {
  /** products/update as the sample, with a real-looking and a sample-sized inventory item id. */
  function sampleProduct(inventoryItemIds: [unknown, unknown]) {
    const variant = (id: string, title: string, itemId: unknown, position: number) => ({
      admin_graphql_api_id: `gid://shopify/ProductVariant/${id}`,
      id: big(id),
      product_id: big("788032119674292922"),
      title,
      price: "19.99",
      compare_at_price: "24.99",
      sku: null,
      position,
      taxable: true,
      barcode: null,
      inventory_policy: "deny",
      created_at: "2021-12-29T19:00:00-05:00",
      updated_at: "2021-12-30T19:00:00-05:00",
      option1: title,
      option2: null,
      option3: null,
      image_id: null,
      inventory_item_id: itemId,
      inventory_quantity: 75,
      old_inventory_quantity: 75,
    });
    return {
      admin_graphql_api_id: "gid://shopify/Product/788032119674292922",
      id: big("788032119674292922"),
      title: "Example T-Shirt",
      body_html: "An example T-Shirt",
      handle: "example-t-shirt",
      product_type: "Shirts",
      vendor: "Acme",
      status: "active",
      published_scope: "web",
      tags: "example, mens, t-shirt",
      created_at: null,
      published_at: "2021-12-31T19:00:00-05:00",
      updated_at: "2021-12-31T19:00:00-05:00",
      variants: [variant("642667041472713922", "Small", inventoryItemIds[0], 1), variant("757650484644203962", "Medium", inventoryItemIds[1], 2)],
      options: [],
      images: [],
      image: null,
    };
  }

  it("products/update, then inventory_items/update of an item id beyond 2^53: the cost reaches the variant", async () => {
    // Item 271878346596884015 is the inventory_items/update sample's; 47330000000001 a real-sized id.
    const product = await deliver("products/update", sampleProduct([big("271878346596884015"), 47330000000001]));
    expect(product.status, product.body.error).toBe(200);
    const variants = await db.variant.findMany({ where: { shop: SHOP }, orderBy: { id: "asc" }, select: { id: true, inventoryItemId: true, price: true } });
    // Before the fix: "gid://shopify/InventoryItem/271878346596884000" (JSON.parse rounded it).
    expect(variants).toEqual([
      { id: "gid://shopify/ProductVariant/642667041472713922", inventoryItemId: "gid://shopify/InventoryItem/271878346596884015", price: 1999 },
      { id: "gid://shopify/ProductVariant/757650484644203962", inventoryItemId: "gid://shopify/InventoryItem/47330000000001", price: 1999 },
    ]);
    // [SAMPLE-C] the product's `vendor` "Acme": the product's default supplier (issue 18).
    expect(await db.product.findUnique({ where: { shop_id: { shop: SHOP, id: "gid://shopify/Product/788032119674292922" } }, select: { vendor: true } })).toEqual({ vendor: "Acme" });
    const item = await deliver("inventory_items/update", {
      id: big("271878346596884015"),
      admin_graphql_api_id: "gid://shopify/InventoryItem/271878346596884015",
      sku: "example-sku",
      created_at: "2021-12-31T19:00:00-05:00",
      updated_at: "2022-01-01T19:00:00-05:00",
      requires_shipping: true,
      cost: "25.00",
      country_code_of_origin: null,
      province_code_of_origin: null,
      harmonized_system_code: null,
      tracked: true,
      country_harmonized_system_codes: [],
    });
    expect(item.status, item.body.error).toBe(200);
    expect(item.body.applied).toBe(true);
    const small = await db.variant.findUnique({ where: { shop_id: { shop: SHOP, id: "gid://shopify/ProductVariant/642667041472713922" } }, select: { unitCost: true } });
    expect(small?.unitCost).toBe(2500);
  });

  it("bulk_operations/finish: lower-case status, no download URL; the backfill continues", async () => {
    const r = await deliver("bulk_operations/finish", {
      admin_graphql_api_id: "gid://shopify/BulkOperation/147595010",
      completed_at: "2024-01-01T07:11:09-05:00",
      created_at: "2024-01-01T07:11:09-05:00",
      error_code: null,
      status: "completed",
      type: "query",
    });
    expect(r.status, r.body.error).toBe(200);
    expect(enqueued).toEqual([`backfill:${SHOP}`]);
  });

  it("app/scopes_update and app/uninstalled", async () => {
    const scopes = await deliver("app/scopes_update", { id: 1, previous: ["read_orders"], current: ["read_orders", "read_products"], updated_at: "2024-01-01T07:11:09-05:00", created_at: "2024-01-01T07:11:09-05:00" });
    expect(scopes.status).toBe(200);
    expect((await db.shop.findUnique({ where: { shop: SHOP } }))?.scopes).toBe("read_orders,read_products");
    const gone = await deliver("app/uninstalled", { id: 548380009, name: "Super Toys", domain: SHOP, myshopify_domain: SHOP, currency: "USD", plan_name: "enterprise", created_at: null, updated_at: null });
    expect(gone.status).toBe(200);
    expect((await db.shop.findUnique({ where: { shop: SHOP } }))?.uninstalledAt).toBeInstanceOf(Date);
  });

  it("the compliance topics", async () => {
    const customer = { id: 191167, email: "john@example.com", phone: "555-625-1199" };
    const data = await deliver("customers/data_request", { shop_id: 954889, shop_domain: SHOP, orders_requested: [299938, 280263, 220458], customer, data_request: { id: 9999 } });
    expect(data.status, data.body.error).toBe(200);
    const redact = await deliver("customers/redact", { shop_id: 954889, shop_domain: SHOP, customer, orders_to_redact: [299938, 280263, 220458] });
    expect(redact.status, redact.body.error).toBe(200);
    const shop = await deliver("shop/redact", { shop_id: 954889, shop_domain: SHOP });
    expect(shop.status, shop.body.error).toBe(200);
    expect(await db.shop.findUnique({ where: { shop: SHOP } })).toBeNull();
  });
});
