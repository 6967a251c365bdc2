/**
 * Real order shapes that change a margin: gift cards, orders stopped before they
 * shipped, destinations Shopify hides. Each order below is written here from the
 * FACTS of a named source (field names, values, nulls); no source file is copied.
 * They go through the app's adapters (parseGraphqlOrderRecord for GraphQL and bulk
 * JSONL, parseRestOrderRecord for webhooks) and the margin engine.
 *
 * Sources:
 *  [CAP-CANCEL]  live capture, airhorns/shopify-draft-proxy fixtures/conformance/
 *                harry-test-heelo.myshopify.com/2026-04/orders/orderCancel-restock-refundMethod-parity.json:
 *                order "#1390" in CAD, one line "Order cancel restock/refundMethod item"
 *                × 2 (20.0 in all), paid by the "manual" gateway (SALE 20.0, then REFUND
 *                20.0), read after orderCancel: cancelledAt "2026-05-08T02:34:17Z",
 *                displayFinancialStatus "REFUNDED", displayFulfillmentStatus "UNFULFILLED",
 *                its fulfillment order CLOSED with fulfillableQuantity 0 (nothing left).
 *  [CAP-FCANCEL] live capture, same repository, 2025-01/orders/fulfillment-cancel-parity.json:
 *                order "#1167" (10.00 CAD, requiresShipping true), PAID and not cancelled,
 *                whose only fulfilment was cancelled: fulfillments [{ status: "CANCELLED" }],
 *                displayFulfillmentStatus "UNFULFILLED"; `fulfillments` is a plain list on
 *                Order (read as `fulfillments(first: 5) { … }`).
 *  [GIFT]        shopify.dev/changelog/field-isgiftcard-on-all-line-item-types: LineItem.isGiftCard
 *                (Admin GraphQL 2024-04 on), "preferable to use this field to check whether a
 *                line item is a gift card instead of using the fulfillment service"; the REST
 *                Order resource's `line_items[].gift_card` (Shopify's sample order payload
 *                carries `"gift_card": false` on each line) and `fulfillment_service`.
 *  [PCD]         shopify.dev/docs/apps/launch/protected-customer-data (2026-10): address fields
 *                are level 2 protected customer data; a public app not approved for them
 *                must "handle errors or redacted data": `shippingAddress` reads null.
 */
import { describe, expect, it } from "vitest";

import { computeOrderMargin, marginNotes, parseGraphqlOrderRecord, parseRestOrderRecord, type MarginContext, type NormalisedOrder } from "~/domain/index";
import { settings } from "../domain/helpers";

const money = (amount: string, currencyCode = "CAD") => ({ shopMoney: { amount, currencyCode } });
const restMoney = (amount: string) => ({ shop_money: { amount, currency_code: "CAD" }, presentment_money: { amount, currency_code: "CAD" } });

// Carrier 6.00 CAD (default) or 4.50 to Canada, packaging 0.80, labour 1.00 + 0.20 an item; manual payments cost nothing.
const CTX: MarginContext = {
  settings: settings(
    {
      shipping: { rules: [{ name: "Canada Post", countries: ["CA"], cost: "4.50" }], defaultCost: "6.00" },
      packaging: { perParcel: "0.80" },
      labour: { perOrder: "1.00", perItem: "0.20" },
      paymentFees: { gateways: [{ gateway: "manual", percent: 0, fixed: "0.00" }] },
    },
    "CAD",
  ),
  unitCost: () => ({ kind: "known", unitCost: 400, source: "override", since: null, beforeFirstSnapshot: false }),
  fixedCosts: null,
  actualShippingCost: null,
};

function graphql(raw: unknown): NormalisedOrder {
  const r = parseGraphqlOrderRecord(raw);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.record.order;
}

const line = (id: string, title: string, quantity: number, currentQuantity: number, price: string, extra: object = {}) => ({
  id: `gid://shopify/LineItem/${id}`,
  name: title,
  title,
  sku: null,
  quantity,
  currentQuantity,
  requiresShipping: true,
  isGiftCard: false,
  variant: { id: `gid://shopify/ProductVariant/${id}` },
  product: { id: `gid://shopify/Product/${id}` },
  weight: { value: 0.25, unit: "KILOGRAMS" },
  originalUnitPriceSet: money(price),
  discountAllocations: [],
  taxLines: [],
  ...extra,
});

describe("[CAP-CANCEL] an order cancelled before anything was fulfilled", () => {
  const order = graphql({
    id: "gid://shopify/Order/8735479398706",
    name: "#1390",
    processedAt: "2026-05-08T02:30:00Z",
    updatedAt: "2026-05-08T02:34:17Z",
    cancelledAt: "2026-05-08T02:34:17Z",
    test: false,
    displayFinancialStatus: "REFUNDED",
    displayFulfillmentStatus: "UNFULFILLED",
    fulfillments: [],
    taxesIncluded: false,
    currencyCode: "CAD",
    sourceName: "shopify_draft_order",
    shippingAddress: { countryCodeV2: "CA" },
    transactions: [
      { kind: "SALE", status: "SUCCESS", gateway: "manual", amountSet: money("20.0"), fees: [] },
      { kind: "REFUND", status: "SUCCESS", gateway: "manual", amountSet: money("20.0"), fees: [] },
    ],
    refunds: [
      {
        id: "gid://shopify/Refund/1024353632562",
        processedAt: "2026-05-08T02:34:17Z",
        refundLineItems: { nodes: [{ quantity: 2, lineItem: { id: "gid://shopify/LineItem/19312619651378" }, subtotalSet: money("20.0"), totalTaxSet: money("0.0") }] },
        refundShippingLines: { nodes: [] },
      },
    ],
    lineItems: { nodes: [line("19312619651378", "Order cancel restock/refundMethod item", 2, 0, "10.0")] },
    shippingLines: { nodes: [] },
  });

  it("is read as not fulfilled, no parcel left", () => {
    expect(order.cancelled).toBe(true);
    expect(order.fulfilment).toEqual({ status: "UNFULFILLED", parcels: 0 });
  });

  it("pays no carrier, packaging or labour, and the page says so", () => {
    const m = computeOrderMargin(order, CTX);
    // Revenue 0 (both units refunded), cost of goods 0 (none kept), nothing shipped: margin 0, no LOSS.
    // (Before: carrier 4.50 + packaging 0.80 + labour 1.00 + 2 × 0.20 = 6.70 CAD, flagged LOSS.)
    expect([m.netRevenue, m.totalCosts, m.netMargin]).toEqual([0, 0, 0]);
    expect(m.flags).toEqual([]);
    expect(marginNotes(m)).toEqual(["Cancelled before anything was fulfilled: nothing shipped, so no carrier, packaging or labour cost."]);
  });
});

describe("[CAP-FCANCEL] a live order whose only fulfilment was cancelled", () => {
  const order = graphql({
    id: "gid://shopify/Order/8731439890738",
    name: "#1167",
    processedAt: "2026-05-06T01:44:23Z",
    updatedAt: "2026-05-06T01:44:25Z",
    cancelledAt: null,
    test: true,
    displayFinancialStatus: "PAID",
    displayFulfillmentStatus: "UNFULFILLED",
    fulfillments: [{ status: "CANCELLED" }],
    taxesIncluded: false,
    currencyCode: "CAD",
    sourceName: "shopify_draft_order",
    shippingAddress: { countryCodeV2: "CA" },
    transactions: [{ kind: "SALE", status: "SUCCESS", gateway: "manual", amountSet: money("10.00"), fees: [] }],
    refunds: [],
    lineItems: { nodes: [line("1", "Fulfillment state item cancel-parity", 1, 1, "10.00")] },
    shippingLines: { nodes: [] },
  });

  it("counts no parcel as left, yet is costed as the parcel it still takes", () => {
    expect(order.fulfilment).toEqual({ status: "UNFULFILLED", parcels: 0 });
    const m = computeOrderMargin(order, CTX);
    // Canada Post 4.50 + packaging 0.80 + labour 1.00 + 0.20 = 6.50; goods 4.00; revenue 10.00 → margin −0.50.
    expect([m.costs.shipping, m.costs.packaging, m.costs.labour, m.costs.costOfGoods]).toEqual([450, 80, 120, 400]);
    expect(m.netMargin).toBe(-50);
    expect(m.fulfilmentNote).toBeNull();
  });
});

describe("[GIFT] [PCD] a webhook order with a gift card and a redacted address", () => {
  // REST shape of an orders/create payload: a 25.00 gift card and a 10.00 item, no shipping_address.
  const payload = {
    id: 450789469,
    admin_graphql_api_id: "gid://shopify/Order/450789469",
    name: "#1001",
    created_at: "2026-11-03T10:00:00-05:00",
    processed_at: "2026-11-03T10:00:00-05:00",
    updated_at: "2026-11-03T10:00:05-05:00",
    cancelled_at: null,
    test: false,
    currency: "CAD",
    taxes_included: false,
    financial_status: "paid",
    fulfillment_status: null,
    fulfillments: [],
    source_name: "web",
    shipping_address: null,
    line_items: [
      { id: 1, admin_graphql_api_id: "gid://shopify/LineItem/1", variant_id: 11, product_id: 21, title: "Gift Card", name: "Gift Card - $25", quantity: 1, current_quantity: 1, sku: null, requires_shipping: false, taxable: false, gift_card: true, fulfillment_service: "gift_card", grams: 0, price: "25.00", price_set: restMoney("25.00"), total_discount: "0.00", discount_allocations: [], tax_lines: [] },
      { id: 2, admin_graphql_api_id: "gid://shopify/LineItem/2", variant_id: 12, product_id: 22, title: "Maple mug", name: "Maple mug", quantity: 1, current_quantity: 1, sku: "MUG", requires_shipping: true, taxable: false, gift_card: false, fulfillment_service: "manual", grams: 350, price: "10.00", price_set: restMoney("10.00"), total_discount: "0.00", discount_allocations: [], tax_lines: [] },
    ],
    shipping_lines: [],
    refunds: [],
  };

  it("reads the gift card line, an unknown destination and an unfulfilled order", () => {
    const r = parseRestOrderRecord(payload);
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    const o = r.record.order;
    expect(o.lines.map((l) => l.isGiftCard === true)).toEqual([true, false]);
    expect(o.shippingCountryCode).toBeNull();
    expect(o.fulfilment).toEqual({ status: "UNFULFILLED", parcels: 0 });

    const m = computeOrderMargin(o, CTX);
    // The mug alone: revenue 10.00; goods 4.00; no destination and no fallback set → default carrier 6.00
    // (the Canada rule cannot apply); packaging 0.80; labour 1.00 + 0.20 = 1.20; margin 10.00 − 12.00 = −2.00.
    expect([m.netRevenue, m.costs.costOfGoods, m.costs.shipping, m.netMargin]).toEqual([1000, 400, 600, -200]);
    expect(m.giftCards).toEqual({ lineIds: ["gid://shopify/LineItem/1"], sold: 2500, paymentFees: 0 });
    expect(m.unknownDestination).toEqual({ assumedCountry: null });

    // With Canada set for unknown destinations: the Canada rule, 4.50 → margin −0.50.
    const withFallback = computeOrderMargin(o, { ...CTX, settings: { ...CTX.settings, shipping: { ...CTX.settings.shipping, unknownDestinationCountry: "CA" } } });
    expect([withFallback.costs.shipping, withFallback.netMargin]).toEqual([450, -50]);
  });

  it("GraphQL gives the same facts for the same order (shippingAddress null, isGiftCard)", () => {
    const o = graphql({
      id: "gid://shopify/Order/450789469",
      name: "#1001",
      processedAt: "2026-11-03T15:00:00Z",
      updatedAt: "2026-11-03T15:00:05Z",
      currencyCode: "CAD",
      taxesIncluded: false,
      cancelledAt: null,
      displayFulfillmentStatus: "UNFULFILLED",
      fulfillments: [],
      shippingAddress: null,
      transactions: [],
      lineItems: {
        nodes: [
          line("1", "Gift Card - $25", 1, 1, "25.00", { isGiftCard: true, requiresShipping: false, weight: { value: 0, unit: "GRAMS" } }),
          line("2", "Maple mug", 1, 1, "10.00"),
        ],
      },
      shippingLines: { nodes: [] },
    });
    expect(o.lines.map((l) => l.isGiftCard === true)).toEqual([true, false]);
    expect(o.shippingCountryCode).toBeNull();
    expect(o.fulfilment).toEqual({ status: "UNFULFILLED", parcels: 0 });
  });
});
