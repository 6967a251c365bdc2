import { describe, expect, it } from "vitest";

import {
  gid,
  orderTotals,
  parseDecimalToMinor,
  refundLineAmounts,
  refundMoney,
  refundShippingTax,
  taxForAmount,
  type InventoryItemModel,
  type LineItemModel,
  type OrderModel,
  type ProductModel,
  type RefundModel,
  type ShopModel,
  type TransactionModel,
} from "./model";
import {
  bulkOperationFinishPayload,
  customersDataRequestPayload,
  customersRedactPayload,
  inventoryItemPayload,
  numericId,
  orderPayload,
  orderTopicPayload,
  productPayload,
  refundPayload,
  restJson,
  restTimestamp,
  shopPayload,
  shopRedactPayload,
  type Json,
  type JsonObject,
} from "./rest-payloads";

// ---------------------------------------------------------------------------
// Fixtures (hand-built so every amount below can be checked by hand)

const T0 = "2026-10-05T08:00:00.000Z";
const T1 = "2026-10-07T12:30:00.000Z";

const shop: ShopModel = {
  id: gid("Shop", 90001),
  name: "Margin Test Shop",
  myshopifyDomain: "margin-test.myshopify.com",
  email: "owner@example.invalid",
  currencyCode: "EUR",
  ianaTimezone: "Europe/Paris",
  timezoneAbbreviation: "CEST",
  timezoneOffsetMinutes: 120,
  plan: { publicDisplayName: "Basic", shopifyPlus: false, partnerDevelopment: false },
  taxesIncluded: false,
  taxShipping: true,
  weightUnit: "KILOGRAMS",
  countryCode: "FR",
  createdAt: "2025-01-01T00:00:00.000Z",
  updatedAt: T0,
};

function line(id: number, unit: number, quantity: number, allocations: LineItemModel["discountAllocations"]): LineItemModel {
  const discounted = unit * quantity - allocations.reduce((s, a) => s + a.amount, 0);
  return {
    id: gid("LineItem", id),
    title: `Product ${id}`,
    variantTitle: "Default",
    name: `Product ${id} - Default`,
    vendor: "Acme",
    sku: `SKU-${id}`,
    quantity,
    productId: gid("Product", id + 1000),
    variantId: gid("ProductVariant", id + 2000),
    originalUnitPrice: unit,
    requiresShipping: true,
    taxable: true,
    isGiftCard: false,
    weight: { value: 0.25, unit: "KILOGRAMS" },
    discountAllocations: allocations,
    taxLines: [{ title: "TVA", rate: 0.1, amount: taxForAmount(discounted, 0.1, false), channelLiable: false, source: null }],
  };
}

/**
 * EUR order paid in USD (rate 1.1), taxes on top (10 %):
 *  line A 2 × 25.00 with 5.00 of the SAVE10 code, line B 1 × 10.00 with 1.00 of it,
 *  shipping 8.00 with a 3.00 automatic shipping discount, tax 4.50 + 0.90 + 0.50.
 *  subtotal 54.00, shipping 5.00, tax 5.90, total 64.90.
 */
function baseOrder(): OrderModel {
  const a = line(11, 2500, 2, [{ applicationIndex: 0, amount: 500 }]);
  const b = line(12, 1000, 1, [{ applicationIndex: 0, amount: 100 }]);
  const sale: TransactionModel = {
    id: gid("OrderTransaction", 501),
    kind: "SALE",
    status: "SUCCESS",
    gateway: "shopify_payments",
    amount: 6490,
    createdAt: T0,
    processedAt: T0,
    test: false,
    parentId: null,
    refundId: null,
    manualPaymentGateway: false,
    fees: [],
  };
  return {
    id: gid("Order", 7001),
    number: 1001,
    name: "#1001",
    createdAt: T0,
    processedAt: T0,
    updatedAt: T0,
    cancelledAt: null,
    cancelReason: null,
    closedAt: null,
    test: false,
    sourceName: "web",
    currencyCode: "EUR",
    presentmentCurrencyCode: "USD",
    presentmentRate: 1.1,
    taxesIncluded: false,
    shippingCountryCode: "FR",
    shippingProvinceCode: null,
    tags: ["vip", "wholesale"],
    discountCodes: ["SAVE10"],
    discountApplications: [
      {
        index: 0,
        kind: "DISCOUNT_CODE",
        title: "SAVE10",
        code: "SAVE10",
        targetType: "LINE_ITEM",
        allocationMethod: "ACROSS",
        targetSelection: "ALL",
        value: { type: "percentage", percentage: 10 },
      },
      {
        index: 1,
        kind: "AUTOMATIC",
        title: "Cheaper shipping",
        code: null,
        targetType: "SHIPPING_LINE",
        allocationMethod: "EACH",
        targetSelection: "ALL",
        value: { type: "fixed", amount: 300 },
      },
    ],
    lineItems: [a, b],
    shippingLines: [
      {
        id: gid("ShippingLine", 31),
        title: "Standard",
        code: "STANDARD",
        source: "shopify",
        carrierIdentifier: null,
        originalPrice: 800,
        discountAllocations: [{ applicationIndex: 1, amount: 300 }],
        taxLines: [{ title: "TVA", rate: 0.1, amount: 50, channelLiable: false, source: null }],
        isRemoved: false,
      },
    ],
    transactions: [sale],
    refunds: [],
    fulfillments: [],
  };
}

/** baseOrder + a refund of one unit of line A and all shipping; `paid` is what the REFUND transaction moved. */
function refundedOrder(paid?: number, base: OrderModel = baseOrder()): { order: OrderModel; refund: RefundModel } {
  const a = base.lineItems[0]!;
  const totals = orderTotals(base);
  const lineAmounts = refundLineAmounts(a, totals.lineById.get(a.id)!.discountedTotal, 0, 1);
  const ship = totals.shipping[0]!;
  const shipTax = refundShippingTax(ship, ship.discountedPrice);
  const draft: RefundModel = {
    id: gid("Refund", 801),
    note: "damaged",
    createdAt: T1,
    processedAt: T1,
    updatedAt: T1,
    refundLineItems: [
      { id: gid("RefundLineItem", 901), lineItemId: a.id, quantity: 1, restockType: "RETURN", locationId: gid("Location", 41), ...lineAmounts },
    ],
    refundShippingLines: [{ id: gid("RefundShippingLine", 951), shippingLineId: ship.line.id, subtotal: ship.discountedPrice, tax: shipTax }],
    transactionIds: [gid("OrderTransaction", 502)],
  };
  const amount = paid ?? refundMoney(base, draft);
  const tx: TransactionModel = {
    id: gid("OrderTransaction", 502),
    kind: "REFUND",
    status: "SUCCESS",
    gateway: "shopify_payments",
    amount,
    createdAt: T1,
    processedAt: T1,
    test: false,
    parentId: gid("OrderTransaction", 501),
    refundId: draft.id,
    manualPaymentGateway: false,
    fees: [],
  };
  const order: OrderModel = { ...base, updatedAt: T1, refunds: [draft], transactions: [...base.transactions, tx] };
  return { order, refund: draft };
}

function inventoryItem(cost: number | null): InventoryItemModel {
  return {
    id: gid("InventoryItem", 3011),
    sku: "SKU-11",
    unitCost: cost,
    tracked: true,
    requiresShipping: true,
    weight: { value: 250, unit: "GRAMS" },
    countryCodeOfOrigin: "FR",
    harmonizedSystemCode: null,
    levels: [
      { id: "gid://shopify/InventoryLevel/1?inventory_item_id=3011", locationId: gid("Location", 41), isActive: true, available: 7, onHand: 9, committed: 2, incoming: 0, createdAt: T0, updatedAt: T0 },
      { id: "gid://shopify/InventoryLevel/2?inventory_item_id=3011", locationId: gid("Location", 42), isActive: false, available: 100, onHand: 100, committed: 0, incoming: 0, createdAt: T0, updatedAt: T0 },
    ],
    createdAt: T0,
    updatedAt: T1,
  };
}

function product(): ProductModel {
  return {
    id: gid("Product", 1011),
    title: "Product 11",
    handle: "product-11",
    status: "ACTIVE",
    vendor: "Acme",
    productType: "Widgets",
    tags: ["a", "b"],
    variants: [
      {
        id: gid("ProductVariant", 2011),
        productId: gid("Product", 1011),
        title: "Default",
        sku: "SKU-11",
        price: 2500,
        compareAtPrice: null,
        taxable: true,
        position: 1,
        inventoryItem: inventoryItem(1234),
        createdAt: T0,
        updatedAt: T1,
      },
    ],
    createdAt: T0,
    updatedAt: T1,
  };
}

// ---------------------------------------------------------------------------
// Helpers

const PII_KEYS = [
  "email",
  "contact_email",
  "phone",
  "first_name",
  "last_name",
  "address1",
  "address2",
  "city",
  "zip",
  "customer",
  "billing_address",
  "shipping_address",
  "browser_ip",
  "client_details",
  "shop_owner",
  "customer_email",
];

/** Every key path in a JSON value. */
function keys(value: Json, path = ""): string[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => keys(v, `${path}[${i}]`));
  if (value && typeof value === "object") {
    return Object.entries(value).flatMap(([k, v]) => [`${path}.${k}`, ...keys(v, `${path}.${k}`)]);
  }
  return [];
}

function piiPaths(value: Json): string[] {
  return keys(value).filter((p) => PII_KEYS.includes(p.slice(p.lastIndexOf(".") + 1)));
}

const obj = (v: Json | undefined): JsonObject => v as JsonObject;
const arr = (v: Json | undefined): JsonObject[] => v as JsonObject[];
const eur = (v: Json | undefined) => parseDecimalToMinor(v as string, "EUR");
const shopAmount = (set: Json | undefined) => obj(obj(set).shop_money).amount as string;

// ---------------------------------------------------------------------------

describe("orderPayload", () => {
  it("has the REST Order shape with numeric ids, gids and shop-offset timestamps", () => {
    const p = orderPayload(baseOrder(), shop);
    expect(p).toMatchObject({
      id: 7001,
      admin_graphql_api_id: "gid://shopify/Order/7001",
      name: "#1001",
      number: 1,
      order_number: 1001,
      created_at: "2026-10-05T10:00:00+02:00",
      processed_at: "2026-10-05T10:00:00+02:00",
      updated_at: "2026-10-05T10:00:00+02:00",
      cancelled_at: null,
      cancel_reason: null,
      test: false,
      currency: "EUR",
      presentment_currency: "USD",
      taxes_included: false,
      financial_status: "paid",
      source_name: "web",
      tags: "vip, wholesale",
      payment_gateway_names: ["shopify_payments"],
      discount_codes: [{ code: "SAVE10", amount: "6.00", type: "percentage" }],
    });
    expect(p).not.toHaveProperty("transactions");
    const li = arr(p.line_items)[0]!;
    expect(li).toMatchObject({
      id: 11,
      admin_graphql_api_id: "gid://shopify/LineItem/11",
      variant_id: 2011,
      product_id: 1011,
      sku: "SKU-11",
      quantity: 2,
      current_quantity: 2,
      price: "25.00",
      price_set: { shop_money: { amount: "25.00", currency_code: "EUR" }, presentment_money: { amount: "27.50", currency_code: "USD" } },
      total_discount: "0.00",
      requires_shipping: true,
      grams: 250,
      discount_allocations: [{ amount: "5.00", discount_application_index: 0 }],
      tax_lines: [{ title: "TVA", rate: 0.1, price: "4.50" }],
    });
    expect(arr(p.discount_applications)).toEqual([
      { target_type: "line_item", type: "discount_code", value: "10.0", value_type: "percentage", allocation_method: "across", target_selection: "all", code: "SAVE10" },
      { target_type: "shipping_line", type: "automatic", value: "3.0", value_type: "fixed_amount", allocation_method: "each", target_selection: "all", title: "Cheaper shipping", description: "Cheaper shipping" },
    ]);
    expect(arr(p.shipping_lines)[0]).toMatchObject({ id: 31, price: "8.00", discounted_price: "5.00", is_removed: false, source: "shopify" });
  });

  it("money adds up as Shopify defines it", () => {
    const p = orderPayload(baseOrder(), shop);
    const lines = arr(p.line_items);
    const lineTotal = lines.reduce((s, l) => s + eur(l.price) * (l.quantity as number), 0);
    const lineDiscounts = lines.reduce((s, l) => s + arr(l.discount_allocations).reduce((x, a) => x + eur(a.amount), 0), 0);
    const explicitDiscounts = lines.reduce((s, l) => s + eur(l.total_discount), 0);
    const shippingDiscounts = arr(p.shipping_lines).reduce((s, l) => s + arr(l.discount_allocations).reduce((x, a) => x + eur(a.amount), 0), 0);
    const tax = [...lines, ...arr(p.shipping_lines)].reduce((s, l) => s + arr(l.tax_lines).reduce((x, t) => x + eur(t.price), 0), 0);

    expect(eur(p.total_line_items_price)).toBe(lineTotal);
    expect(lineTotal).toBe(6000);
    expect(explicitDiscounts).toBe(0); // code and automatic discounts live in discount_allocations only
    expect(eur(p.subtotal_price)).toBe(lineTotal - lineDiscounts - explicitDiscounts);
    expect(eur(p.subtotal_price)).toBe(5400);
    expect(eur(p.total_discounts)).toBe(lineDiscounts + shippingDiscounts);
    expect(eur(shopAmount(p.total_shipping_price_set))).toBe(500);
    expect(eur(p.total_tax)).toBe(tax);
    expect(eur(p.total_price)).toBe(eur(p.subtotal_price) + eur(shopAmount(p.total_shipping_price_set)) + eur(p.total_tax));
    expect(p.total_price).toBe("64.90");
    expect(obj(p.total_price_set).presentment_money).toEqual({ amount: "71.39", currency_code: "USD" });
    expect(p.total_outstanding).toBe("0.00");
    // current_* equal the originals before any refund
    expect(p.current_total_price).toBe(p.total_price);
    expect(p.current_subtotal_price).toBe(p.subtotal_price);
    expect(p.total_weight).toBe(750);
  });

  it("reports refunds: current_* after refunds, refunds[] with lines, shipping, adjustments and transactions", () => {
    const { order } = refundedOrder();
    const p = orderPayload(order, shop);
    expect(p.financial_status).toBe("partially_refunded");
    const refund = arr(p.refunds)[0]!;
    const rli = arr(refund.refund_line_items)[0]!;
    expect(rli).toMatchObject({ id: 901, line_item_id: 11, location_id: 41, quantity: 1, restock_type: "return", subtotal: 22.5, total_tax: 2.25 });
    expect(obj(rli.line_item).id).toBe(11);
    expect(arr(refund.refund_shipping_lines)[0]).toMatchObject({ id: 951, shipping_line_id: 31, subtotal_amount_set: { shop_money: { amount: "5.00" } } });
    expect(arr(refund.order_adjustments)).toEqual([
      expect.objectContaining({ kind: "shipping_refund", amount: "-5.00", tax_amount: "-0.50", refund_id: 801, order_id: 7001 }),
    ]);
    expect(arr(refund.transactions)).toEqual([
      expect.objectContaining({ id: 502, kind: "refund", status: "success", gateway: "shopify_payments", parent_id: 501, currency: "USD", amount: "33.28" }),
    ]);
    expect(refund.restock).toBe(true);

    const li = arr(p.line_items)[0]!;
    expect(li.quantity).toBe(2);
    expect(li.current_quantity).toBe(1);
    expect(eur(p.current_subtotal_price)).toBe(eur(p.subtotal_price) - eur(shopAmount(rli.subtotal_set)));
    expect(eur(shopAmount(p.current_shipping_price_set))).toBe(0);
    expect(eur(p.current_total_tax)).toBe(eur(p.total_tax) - 225 - 50);
    expect(eur(p.current_total_price)).toBe(eur(p.current_subtotal_price) + eur(shopAmount(p.current_shipping_price_set)) + eur(p.current_total_tax));
  });

  it("refund money: transactions = refunded lines + tax − adjustments (same-currency order)", () => {
    const single: OrderModel = { ...baseOrder(), presentmentCurrencyCode: "EUR", presentmentRate: 1 };
    for (const paid of [undefined, 3000, 0]) {
      const { order, refund } = refundedOrder(paid, single);
      const r = refundPayload(order, refund, shop);
      const lines = arr(r.refund_line_items).reduce((s, x) => s + eur(shopAmount(x.subtotal_set)) + eur(shopAmount(x.total_tax_set)), 0);
      const adjustments = arr(r.order_adjustments).reduce((s, x) => s + eur(x.amount) + eur(x.tax_amount), 0);
      const moved = arr(r.transactions).reduce((s, x) => s + eur(x.amount), 0);
      expect(moved).toBe(lines - adjustments);
      const kinds = arr(r.order_adjustments).map((x) => x.kind);
      expect(kinds).toEqual(paid === undefined ? ["shipping_refund"] : ["shipping_refund", "refund_discrepancy"]);
    }
  });

  it("renders zero-decimal currencies without decimals", () => {
    const jpy: OrderModel = { ...baseOrder(), currencyCode: "JPY", presentmentCurrencyCode: "JPY", presentmentRate: 1 };
    const p = orderPayload(jpy, { currencyCode: "JPY", timezoneOffsetMinutes: 540 });
    expect(p.total_price).toBe("6490");
    expect(arr(p.line_items)[0]!.price).toBe("2500");
    expect(p.created_at).toBe("2026-10-05T17:00:00+09:00");
    for (const [path, value] of Object.entries(flatten(p))) {
      if (/(^|\.)(price|amount|total_[a-z_]*|subtotal_price|current_[a-z_]*)$/.test(path) && typeof value === "string") {
        expect(value, path).toMatch(/^-?\d+$/);
      }
    }
  });

  it("all money strings have the currency's decimals", () => {
    const { order } = refundedOrder();
    for (const [path, value] of Object.entries(flatten(orderPayload(order, shop)))) {
      if (/(\.amount|price|total_[a-z_]*|_discounts|_tax)$/.test(path) && typeof value === "string") {
        expect(value, path).toMatch(/^-?\d+\.\d{2}$/);
      }
    }
  });

  it("cancellations: cancel_reason in lower case, orders/cancelled refuses an open order", () => {
    const cancelled: OrderModel = { ...baseOrder(), cancelledAt: T1, cancelReason: "CUSTOMER", updatedAt: T1 };
    const p = orderTopicPayload("orders/cancelled", cancelled, shop);
    expect(p).toMatchObject({ cancel_reason: "customer", cancelled_at: "2026-10-07T14:30:00+02:00" });
    expect(arr(p.line_items)[0]!.fulfillable_quantity).toBe(0);
    expect(() => orderTopicPayload("orders/cancelled", baseOrder(), shop)).toThrow(/not cancelled/);
    expect(orderTopicPayload("orders/create", baseOrder(), shop)).toEqual(orderPayload(baseOrder(), shop));
  });

  it("contains no customer data", () => {
    const { order } = refundedOrder();
    expect(piiPaths(orderPayload(order, shop))).toEqual([]);
  });
});

describe("catalogue payloads", () => {
  it("products/update: variants with inventory_item_id, price and sku; no weight since 2024-04", () => {
    const p = productPayload(product(), shop);
    expect(p).toMatchObject({ id: 1011, admin_graphql_api_id: "gid://shopify/Product/1011", status: "active", tags: "a, b", updated_at: "2026-10-07T14:30:00+02:00" });
    const v = arr(p.variants)[0]!;
    expect(v).toMatchObject({ id: 2011, product_id: 1011, inventory_item_id: 3011, price: "25.00", sku: "SKU-11", compare_at_price: null, inventory_quantity: 7 });
    expect(v).not.toHaveProperty("grams");
    expect(v).not.toHaveProperty("weight");
    expect(p.variant_gids).toEqual([{ admin_graphql_api_id: "gid://shopify/ProductVariant/2011", updated_at: "2026-10-07T12:30:00.000Z" }]);
    expect(piiPaths(p)).toEqual([]);
  });

  it("inventory_items/update: cost as a decimal string or null", () => {
    expect(inventoryItemPayload(inventoryItem(1234), shop)).toMatchObject({
      id: 3011,
      admin_graphql_api_id: "gid://shopify/InventoryItem/3011",
      sku: "SKU-11",
      cost: "12.34",
      tracked: true,
      updated_at: "2026-10-07T14:30:00+02:00",
    });
    expect(inventoryItemPayload(inventoryItem(null), shop).cost).toBeNull();
    expect(inventoryItemPayload(inventoryItem(1200), { currencyCode: "JPY", timezoneOffsetMinutes: 0 }).cost).toBe("1200");
  });
});

describe("app, bulk and compliance payloads", () => {
  it("app/uninstalled: the shop without contact or address fields", () => {
    const p = shopPayload(shop);
    expect(p).toMatchObject({
      id: 90001,
      myshopify_domain: "margin-test.myshopify.com",
      domain: "margin-test.myshopify.com",
      currency: "EUR",
      iana_timezone: "Europe/Paris",
      timezone: "(GMT+02:00) Europe/Paris",
      weight_unit: "kg",
      plan_name: "basic",
    });
    expect(piiPaths(p)).toEqual([]);
  });

  it("bulk_operations/finish: lower-case status, error_code and type", () => {
    expect(
      bulkOperationFinishPayload(
        { id: "gid://shopify/BulkOperation/55", status: "FAILED", errorCode: "ACCESS_DENIED", type: "QUERY", createdAt: T0, completedAt: T1 },
        shop,
      ),
    ).toEqual({
      admin_graphql_api_id: "gid://shopify/BulkOperation/55",
      completed_at: "2026-10-07T14:30:00+02:00",
      created_at: "2026-10-05T10:00:00+02:00",
      error_code: "access_denied",
      status: "failed",
      type: "query",
    });
    expect(
      bulkOperationFinishPayload({ id: "gid://shopify/BulkOperation/56", status: "COMPLETED", errorCode: null, type: "QUERY", createdAt: T0, completedAt: T1 }),
    ).toMatchObject({ status: "completed", error_code: null, completed_at: "2026-10-07T12:30:00+00:00" });
  });

  it("compliance topics carry the minimal customer id and a fake email only", () => {
    const dataRequest = customersDataRequestPayload(shop, { customerId: 4242, orderIds: [gid("Order", 7001), 7002], dataRequestId: 9 });
    expect(dataRequest).toEqual({
      shop_id: 90001,
      shop_domain: "margin-test.myshopify.com",
      orders_requested: [7001, 7002],
      customer: { id: 4242, email: "customer-4242@example.invalid" },
      data_request: { id: 9 },
    });
    const redact = customersRedactPayload(shop, { customerId: 4242, orderIds: [7001] });
    expect(redact).toEqual({
      shop_id: 90001,
      shop_domain: "margin-test.myshopify.com",
      customer: { id: 4242, email: "customer-4242@example.invalid" },
      orders_to_redact: [7001],
    });
    expect(shopRedactPayload(shop)).toEqual({ shop_id: 90001, shop_domain: "margin-test.myshopify.com" });
    // no names, phones or addresses even here
    for (const p of [dataRequest, redact]) {
      expect(piiPaths(p).filter((path) => !["customer", "email"].includes(path.slice(path.lastIndexOf(".") + 1)))).toEqual([]);
    }
  });
});

describe("ids", () => {
  it("REST ids are JSON integers, also beyond 2^53; admin_graphql_api_id stays the GraphQL string", () => {
    // Real ids are 13-14 digits (live capture, airhorns/shopify-draft-proxy fixtures/conformance/
    // harry-test-heelo.myshopify.com/2025-01/orders/refund-create-partial-shipping-restock-parity.json:
    // Order 8838022037810, LineItem 19495196164402): plain numbers.
    expect(numericId("gid://shopify/Order/8838022037810")).toBe(8838022037810);
    // Shopify's sample payloads use 18 digits (order 820982911946154508), beyond 2^53: raw JSON integers.
    const order: OrderModel = { ...baseOrder(), id: gid("Order", "820982911946154508") };
    const p = orderPayload(order, shop);
    expect(p.admin_graphql_api_id).toBe("gid://shopify/Order/820982911946154508");
    const text = restJson(p);
    expect(text).toContain('"id":820982911946154508,');
    expect(text).toContain('"admin_graphql_api_id":"gid://shopify/Order/820982911946154508"');
    // Adjustment ids derived from a refund id past 2^53 stay exact too (refund id × 100 + n).
    const { order: refunded, refund } = refundedOrder();
    const wide = { ...refunded, refunds: refunded.refunds.map((r) => ({ ...r, id: gid("Refund", "890088186047892319") })) };
    expect(restJson(refundPayload(wide, { ...refund, id: gid("Refund", "890088186047892319") }, shop))).toContain('"id":89008818604789231901,');
  });
});

describe("restTimestamp", () => {
  it("renders the shop offset, never Z", () => {
    expect(restTimestamp("2026-10-05T23:30:00.000Z", 120)).toBe("2026-10-06T01:30:00+02:00");
    expect(restTimestamp("2026-10-05T03:00:00Z", -300)).toBe("2026-10-04T22:00:00-05:00");
    expect(restTimestamp("2026-10-05T03:00:00Z")).toBe("2026-10-05T03:00:00+00:00");
    expect(restTimestamp("2026-10-05T03:00:00Z", 330)).toBe("2026-10-05T08:30:00+05:30");
  });
});

function flatten(value: Json, path = "", out: Record<string, Json> = {}): Record<string, Json> {
  if (Array.isArray(value)) value.forEach((v, i) => flatten(v, `${path}[${i}]`, out));
  else if (value && typeof value === "object") for (const [k, v] of Object.entries(value)) flatten(v, path ? `${path}.${k}` : k, out);
  else out[path] = value;
  return out;
}
