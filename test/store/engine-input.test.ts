import { describe, expect, it } from "vitest";

import type { NormalisedOrder } from "~/domain/types";
import { EngineInputError, packEngineInput, unpackEngineInput } from "~/store/engine-input";

/**
 * `Order.engineInput`: the packed lines, shipping lines and transactions the
 * recompute reads (the migration's SQL writes the same layout: test/db/engine-input-migration.test.ts).
 */

const parts: Pick<NormalisedOrder, "lines" | "shippingLines" | "transactions"> = {
  lines: [
    {
      id: "gid://shopify/LineItem/1",
      productId: "gid://shopify/Product/1",
      variantId: "gid://shopify/ProductVariant/11",
      sku: "TOTE",
      title: "Tote bag, \"large\" — été",
      quantity: 3,
      currentQuantity: 2,
      netRevenueBeforeTax: 2000,
      discountBeforeTax: 150,
      tax: 400,
      unitPriceBeforeTax: 1075,
      unitWeightGrams: 706.5,
      requiresShipping: true,
    },
    {
      id: "gid://shopify/LineItem/2",
      productId: null,
      variantId: null,
      sku: null,
      title: "Gift wrapping",
      quantity: 1,
      currentQuantity: 1,
      netRevenueBeforeTax: 300,
      discountBeforeTax: 0,
      tax: 60,
      unitPriceBeforeTax: 300,
      unitWeightGrams: null,
      requiresShipping: false,
    },
  ],
  shippingLines: [{ title: "Colissimo", code: null, source: "shopify", chargedBeforeTax: 575, tax: 115, refundedBeforeTax: 0 }],
  transactions: [
    { gateway: "shopify_payments", kind: "SALE", status: "SUCCESS", amount: 3831, feesActual: 82 },
    { gateway: null, kind: "REFUND", status: "FAILURE", amount: 100, feesActual: null },
  ],
};

describe("engine input", () => {
  it("gives back exactly what was packed, nulls, fractions and quotes included", () => {
    expect(unpackEngineInput("gid://shopify/Order/1", packEngineInput(parts))).toEqual(parts);
  });

  it("keeps a gift-card line and the order's fulfilment (layout 2)", () => {
    const withGift = { ...parts, lines: [parts.lines[0]!, { ...parts.lines[1]!, isGiftCard: true }], fulfilment: { status: "PARTIALLY_FULFILLED", parcels: 1 } };
    const text = packEngineInput(withGift);
    expect(JSON.parse(text)).toMatchObject([2, [{ 13: 0 }, { 13: 1 }], [{}], [{}, {}], ["PARTIALLY_FULFILLED", 1]]);
    expect(unpackEngineInput("gid://shopify/Order/1", text)).toEqual(withGift);
    // Not known (an order stored from a source that did not say): null, read back as absent.
    expect(JSON.parse(packEngineInput(parts))[4]).toBeNull();
  });

  it("still reads layout 1 (orders stored before the gift-card and fulfilment fields) as no gift card, fulfilment not known", () => {
    const v1 = JSON.stringify([1, [["l", null, null, null, "t", 1, 1, 10, 0, 0, 10, 500, 1]], [], []]);
    const read = unpackEngineInput("o", v1);
    expect(read.lines[0]!.isGiftCard).toBeUndefined();
    expect(read.fulfilment).toBeUndefined();
  });

  it("reads booleans as SQLite's JSON (1/0) and PostgreSQL's (true/false) write them", () => {
    const sqlite = JSON.stringify([1, [["l", null, null, null, "t", 1, 1, 10, 0, 0, 10, 500.0, 1]], [], []]);
    const postgresql = JSON.stringify([1, [["l", null, null, null, "t", 1, 1, 10, 0, 0, 10, 500, false]], [], []]);
    expect(unpackEngineInput("o", sqlite).lines[0]).toMatchObject({ requiresShipping: true, unitWeightGrams: 500 });
    expect(unpackEngineInput("o", postgresql).lines[0]).toMatchObject({ requiresShipping: false });
  });

  it("names the order when the stored text is empty, not JSON or another layout", () => {
    expect(() => unpackEngineInput("gid://shopify/Order/7", "")).toThrow(new EngineInputError("gid://shopify/Order/7", "is empty"));
    expect(() => unpackEngineInput("gid://shopify/Order/7", "[1, ")).toThrow(/Order gid:\/\/shopify\/Order\/7: stored engine input is not JSON/);
    expect(() => unpackEngineInput("gid://shopify/Order/7", "[2, [], [], []]")).toThrow(/is not layout 2/);
    expect(() => unpackEngineInput("gid://shopify/Order/7", "[3, [], [], [], null]")).toThrow(/is not layout 2/);
    expect(() => unpackEngineInput("gid://shopify/Order/7", "{}")).toThrow(/is not layout 2/);
  });
});
