import { describe, expect, it } from "vitest";
import { parseGraphqlOrder, summariseIssues } from "../../app/domain/index";
import { bag, gqlOrder } from "./helpers";

const base = () =>
  gqlOrder({
    currency: "EUR",
    taxesIncluded: true,
    country: "fr",
    lines: [{ id: "a", name: "Tote", quantity: 2, price: "24.00", discounts: ["4.80"], taxes: [{ rate: 0.2, amount: "7.20" }], grams: 300 }],
    shipping: [{ title: "Colissimo", price: "6.00", tax: { rate: 0.2, amount: "1.00" } }],
    transactions: [{ gateway: "paypal", amount: "49.20" }],
  });

function errorsOf(raw: unknown) {
  const r = parseGraphqlOrder(raw);
  if (r.ok) throw new Error("expected errors");
  return r.errors;
}

describe("GraphQL order adapter", () => {
  it("normalises an order, reading shopMoney and taking tax out with the tax lines", () => {
    const r = parseGraphqlOrder(base());
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.warnings).toEqual([]);
    expect(r.order).toMatchObject({
      id: "gid://shopify/Order/1",
      currency: "EUR",
      taxesIncluded: true,
      cancelled: false,
      test: false,
      shippingCountryCode: "FR",
      refunds: { lineItemsBeforeTax: 0, shippingBeforeTax: 0 },
    });
    // 2 × 24.00 − 4.80 = 43.20 incl. VAT − 7.20 = 36.00; discount 4.80 / 1.2 = 4.00; list price 24.00 / 1.2 = 20.00
    expect(r.order.lines[0]).toEqual({
      id: "gid://shopify/LineItem/a",
      productId: "gid://shopify/Product/a",
      variantId: "gid://shopify/ProductVariant/a",
      sku: "A",
      title: "Tote",
      quantity: 2,
      currentQuantity: 2,
      netRevenueBeforeTax: 3600,
      discountBeforeTax: 400,
      tax: 720,
      unitPriceBeforeTax: 2000,
      unitWeightGrams: 300,
      requiresShipping: true,
    });
    expect(r.order.shippingLines).toEqual([{ title: "Colissimo", code: null, source: "shopify", chargedBeforeTax: 500, tax: 100, refundedBeforeTax: 0 }]);
    expect(r.order.transactions).toEqual([{ gateway: "paypal", kind: "SALE", status: "SUCCESS", amount: 4920, feesActual: null }]);
  });

  it("accepts edges connections and a wrapped GraphQL response", () => {
    const o = base() as Record<string, unknown> & { lineItems: { nodes: unknown[] } };
    const edges = { ...o, lineItems: { edges: o.lineItems.nodes.map((node) => ({ node, cursor: "x" })) } };
    const r1 = parseGraphqlOrder({ data: { order: edges } });
    const r2 = parseGraphqlOrder({ order: base() });
    expect(r1.ok && r2.ok).toBe(true);
    if (r1.ok && r2.ok) expect(r1.order).toEqual(r2.order);
  });

  it("names the JSON path of every problem", () => {
    const o = base() as ReturnType<typeof base> & Record<string, unknown>;
    const line = o.lineItems.nodes[0]! as Record<string, unknown>;
    const bad = {
      data: {
        order: {
          ...o,
          processedAt: "yesterday",
          lineItems: {
            edges: [
              { node: { ...line, quantity: "2", originalUnitPriceSet: { shopMoney: { amount: 24 } } } },
              { node: { ...line, id: "gid://shopify/LineItem/b", currentQuantity: 3, originalUnitPriceSet: bag("24.00", "USD") } },
            ],
          },
        },
      },
    };
    expect(errorsOf(bad)).toEqual([
      { path: "data.order.processedAt", message: "expected an ISO 8601 instant such as 2026-11-03T09:15:00Z" },
      { path: "data.order.lineItems.edges[0].node.quantity", message: "expected a whole number" },
      {
        path: "data.order.lineItems.edges[0].node.originalUnitPriceSet.shopMoney.amount",
        message: 'expected the amount as a decimal string, e.g. "12.50" (Shopify sends strings)',
      },
      {
        path: "data.order.lineItems.edges[1].node.originalUnitPriceSet.shopMoney.currencyCode",
        message: "expected the shop currency EUR (order currencyCode), got USD",
      },
      { path: "data.order.lineItems.edges[1].node.currentQuantity", message: "cannot exceed quantity (2)" },
    ]);
    expect(summariseIssues(errorsOf(bad))).toBe(
      "data.order.processedAt: expected an ISO 8601 instant such as 2026-11-03T09:15:00Z (and 4 more problems)",
    );
  });

  it("rejects amounts a zero-decimal currency cannot hold, and orders without lines", () => {
    const jpy = gqlOrder({ currency: "JPY", taxesIncluded: true, lines: [{ id: "m", name: "Matcha", quantity: 1, price: "1650.5" }] });
    expect(errorsOf(jpy)).toEqual([{ path: "lineItems.nodes[0].originalUnitPriceSet.shopMoney.amount", message: "1650.5 has more decimals than JPY allows (0)" }]);
    expect(errorsOf({ ...base(), lineItems: { nodes: [] } })).toEqual([{ path: "lineItems", message: "an order has at least one line item" }]);
    expect(errorsOf({ ...base(), lineItems: [] })[0]!.path).toBe("lineItems");
    expect(errorsOf([])).toEqual([{ path: "", message: "expected an order object" }]);
  });

  it("reports a refund that points at an unknown line", () => {
    const o = gqlOrder({
      currency: "EUR",
      taxesIncluded: false,
      lines: [{ id: "a", name: "A", quantity: 2, currentQuantity: 1, price: "10.00" }],
      refunds: [{ lines: [{ lineId: "zzz", quantity: 1, subtotal: "10.00", tax: "0.00" }] }],
    });
    expect(errorsOf(o)).toEqual([
      { path: "refunds[0].refundLineItems.nodes[0].lineItem.id", message: "refers to line item gid://shopify/LineItem/zzz, which is not in lineItems" },
    ]);
  });

  it("pro-rates kept revenue when units were removed without refund records", () => {
    // 3 × 10.00 − 3.00 discount = 27.00, 1 unit removed by an edit → 27.00 × 2/3 = 18.00; discount 3.00 × 2/3 = 2.00
    const r = parseGraphqlOrder(
      gqlOrder({ currency: "USD", taxesIncluded: false, lines: [{ id: "a", name: "A", quantity: 3, currentQuantity: 2, price: "10.00", discounts: ["3.00"] }] }),
    );
    expect(r.ok && r.order.lines[0]).toMatchObject({ netRevenueBeforeTax: 1800, discountBeforeTax: 200 });
  });

  it("warns when Shopify's own net line price disagrees, and ignores fees in a foreign currency", () => {
    const o = base() as ReturnType<typeof base>;
    const line = { ...(o.lineItems.nodes[0] as object), priceAfterAllDiscountsBeforeTaxesSet: bag("36.01") };
    const tx = { ...o.transactions[0]!, gateway: "shopify_payments", fees: [{ amount: { amount: "1.00", currencyCode: "USD" } }] };
    const r = parseGraphqlOrder({ ...o, lineItems: { nodes: [line] }, transactions: [tx] });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.order.lines[0]!.netRevenueBeforeTax).toBe(3600);
    expect(r.order.transactions[0]!.feesActual).toBeNull();
    expect(r.warnings).toEqual([
      {
        path: "lineItems.nodes[0].priceAfterAllDiscountsBeforeTaxesSet",
        message: "Shopify says 36.01 but price − discounts − refunds − tax lines gives 36.00; NetMargin uses 36.00",
      },
      {
        path: "transactions[0].fees[0].amount.currencyCode",
        message: "fee in USD, not in the shop currency EUR: the fee is estimated from the gateway settings instead",
      },
    ]);
  });

  it("skips removed shipping lines, converts weights, reads cancellation and test flags", () => {
    const o = base() as ReturnType<typeof base>;
    const line = { ...(o.lineItems.nodes[0] as object), weight: { value: 2, unit: "POUNDS" } };
    const removed = { title: "Express", isRemoved: true, discountedPriceSet: bag("12.00"), taxLines: [] };
    const r = parseGraphqlOrder({
      ...o,
      cancelledAt: "2026-11-04T10:00:00Z",
      test: true,
      lineItems: { nodes: [line] },
      shippingLines: { nodes: [...o.shippingLines.nodes, removed] },
    });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    // 2 lb = 907.18474 g, kept in whole grams (as REST payloads carry weights): 907.
    expect(r.order.lines[0]!.unitWeightGrams).toBe(907);
    expect(r.order.shippingLines.map((s) => s.title)).toEqual(["Colissimo"]);
    expect(r.order).toMatchObject({ cancelled: true, test: true });
  });

  it("spreads a shipping refund without a shipping line id over the shipping lines", () => {
    const r = parseGraphqlOrder(
      gqlOrder({
        currency: "EUR",
        taxesIncluded: true,
        lines: [{ id: "a", name: "A", quantity: 1, price: "12.00", taxes: [{ rate: 0.2, amount: "2.00" }] }],
        shipping: [{ title: "Colissimo", price: "6.00", tax: { rate: 0.2, amount: "1.00" } }],
        refunds: [{ shipping: [{ subtotal: "6.00", tax: "1.00" }] }],
      }),
    );
    // refunded 6.00 − 1.00 VAT = 5.00
    expect(r.ok && r.order.shippingLines[0]!.refundedBeforeTax).toBe(500);
    expect(r.ok && r.order.refunds.shippingBeforeTax).toBe(500);
  });

  it("takes tax out with the tax-line amounts when a rate is missing", () => {
    const o = gqlOrder({ currency: "EUR", taxesIncluded: true, lines: [{ id: "a", name: "A", quantity: 1, price: "24.00", discounts: ["2.40"] }] });
    const line = { ...o.lineItems.nodes[0]!, taxLines: [{ title: "VAT", priceSet: bag("3.60") }] };
    const r = parseGraphqlOrder({ ...o, lineItems: { nodes: [line] } });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    // net 21.60 − 3.60 = 18.00; discount 2.40 × (1 − 3.60/21.60) = 2.00; list price 24.00 × (1 − 3.60/21.60) = 20.00
    expect(r.order.lines[0]).toMatchObject({ netRevenueBeforeTax: 1800, discountBeforeTax: 200, unitPriceBeforeTax: 2000 });
  });
});
