/**
 * Gift cards in the margin engine (issue 14, item 5). Selling a gift card is money
 * received for goods sold later: not merchandise revenue, no cost of goods, no
 * margin; it is kept apart (OrderMargin.giftCards) for later cash reports, where it
 * is a liability. Paying with a gift card (gateway "gift_card") has no gateway fee.
 * An order of gift cards only is left out of margin totals, with a reason.
 *
 * Sources of the shapes: `LineItem.isGiftCard` (Admin GraphQL, on LineItem since
 * 2024-04: shopify.dev/changelog/field-isgiftcard-on-all-line-item-types, "It is now
 * preferable to use this field to check whether a line item is a gift card");
 * REST `line_items[].gift_card` (Order resource); redemptions are transactions with
 * gateway "gift_card" (docs/shopify-admin-api.md §1, OrderTransaction.gateway).
 *
 * Amounts in minor units (1 EUR = 100); every expected number is worked out below.
 */
import { describe, expect, it } from "vitest";

import { countsForFixedCosts } from "../../app/domain/fixed-costs";
import {
  computeOrderMargin,
  GIFT_CARD_ONLY_REASON,
  orderItems,
  orderNetRevenue,
  ProductAggregator,
  type MarginContext,
} from "../../app/domain/index";
import { order, settings, unitCosts } from "./helpers";

const S = settings(
  {
    shipping: { defaultCost: "6.00" },
    packaging: { perParcel: "0.50" },
    labour: { perOrder: "1.00", perItem: "0.10" },
    paymentFees: { gateways: [{ gateway: "shopify_payments", percent: 2, fixed: "0.30" }], default: { percent: 3, fixed: "0.25" } },
    provisions: { returnsPercent: 2 },
  },
  "EUR",
);
const ctx = (over: Partial<MarginContext> = {}): MarginContext => ({
  settings: S,
  unitCost: unitCosts({ tote: 1500 }),
  fixedCosts: null,
  actualShippingCost: null,
  ...over,
});

// A 40.00 tote (cost 15.00, 500 g) and a 50.00 gift card (no product cost, nothing to ship),
// shipping charged 5.00, the whole 95.00 paid by card through Shopify Payments (no fee reported).
const mixed = order({
  currency: "EUR",
  taxesIncluded: false,
  country: "FR",
  lines: [
    { id: "tote", name: "Linen tote", quantity: 1, price: "40.00", grams: 500 },
    { id: "gift", name: "Maison Verte Gift Card", quantity: 1, price: "50.00", requiresShipping: false, giftCard: true },
  ],
  shipping: [{ title: "Colissimo", price: "5.00" }],
  transactions: [{ gateway: "shopify_payments", amount: "95.00" }],
});

describe("an order with a gift card and merchandise", () => {
  it("keeps the gift card apart: no cost of goods, no margin, no MISSING_COST, its amount recorded", () => {
    const m = computeOrderMargin(mixed, ctx());
    // Tote: merchandise 4000 + all of the shipping revenue 500 (the gift card gets no share) = 4500.
    expect(m.revenue.merchandise).toBe(4000);
    expect(m.netRevenue).toBe(4500);
    // Payment fee on 95.00: 2 % = 190 + 30 fixed = 220, split by what each line brought in:
    //   tote 220 × 4500/9500 = 104.21 → 104, gift card 220 × 5000/9500 = 115.79 → 115 + the leftover unit = 116.
    // Tote costs: goods 1500 + carrier 600 + packaging 50 + labour (100 + 10 × 1 item) 110 + fee 104
    //   + returns provision 2 % of 4500 = 90 → 2454; margin 4500 − 2454 = 2046.
    expect(m.costs).toEqual({ costOfGoods: 1500, shipping: 600, packaging: 50, labour: 110, paymentFees: 104, fixedCosts: 0, stockCarrying: 0, provisions: { returns: 90, fraud: 0, spoilage: 0 } });
    expect(m.totalCosts).toBe(2454);
    expect(m.netMargin).toBe(2046);
    expect(m.giftCards).toEqual({ lineIds: ["gid://shopify/LineItem/gift"], sold: 5000, paymentFees: 116 });
    expect(m.flags.map((f) => f.code)).toEqual([]);
    expect(m.excluded).toBeNull();
    const giftLine = m.lines[1]!;
    expect(giftLine.included).toBe(false);
    expect(giftLine.costOfGoodsStatus.status).toBe("gift-card");
    expect(giftLine.costs.costOfGoods).toBe(0);
    // Only the merchandise counts as items and revenue for fixed costs.
    expect(orderItems(mixed)).toBe(1);
    expect(orderNetRevenue(mixed)).toBe(4500);
  });

  it("does not estimate a cost for the gift card when missing costs are estimated as a % of price", () => {
    const estimating = settings({ shipping: { defaultCost: "6.00" }, costOfGoods: { missingCost: { mode: "percentOfPrice", percent: 40 } } }, "EUR");
    const m = computeOrderMargin(mixed, ctx({ settings: estimating }));
    // Without the fix the gift card was merchandise: revenue 4000 + 5000 and an estimated cost of 40 % × 5000 = 2000.
    expect(m.revenue.merchandise).toBe(4000);
    expect(m.costs.costOfGoods).toBe(1500);
    expect(m.steps.costOfGoods.estimatedLines).toBe(0);
  });

  it("leaves the gift card out of the product report", () => {
    const products = new ProductAggregator({ period: { from: null, to: null }, thresholds: S.thresholds }).addAll([computeOrderMargin(mixed, ctx())]).results();
    expect(products.map((p) => p.productId)).toEqual(["gid://shopify/Product/tote"]);
  });
});

describe("an order of gift cards only", () => {
  const giftOnly = order({
    currency: "EUR",
    taxesIncluded: false,
    country: "FR",
    lines: [{ id: "gift", name: "Maison Verte Gift Card", quantity: 1, price: "25.00", requiresShipping: false, giftCard: true }],
    transactions: [{ gateway: "shopify_payments", amount: "25.00" }],
  });

  it("is left out of margin totals with a reason in plain words, its sale and fee kept apart", () => {
    const m = computeOrderMargin(giftOnly, ctx());
    expect(m.netRevenue).toBe(0);
    expect(m.totalCosts).toBe(0);
    expect(m.netMargin).toBe(0);
    expect(m.marginPct).toEqual({ kind: "undefined", reason: GIFT_CARD_ONLY_REASON });
    expect(GIFT_CARD_ONLY_REASON).toMatch(/only sold gift cards/);
    expect(m.flags).toEqual([]);
    // Fee 2 % × 2500 = 50 + 30 = 80, all on the gift card.
    expect(m.giftCards).toEqual({ lineIds: ["gid://shopify/LineItem/gift"], sold: 2500, paymentFees: 80 });
  });

  it("carries no fixed costs (not counted in the month's tally)", () => {
    expect(countsForFixedCosts(giftOnly)).toBe(false);
    expect(countsForFixedCosts(mixed)).toBe(true);
    expect(orderItems(giftOnly)).toBe(0);
    expect(orderNetRevenue(giftOnly)).toBe(0);
  });
});

describe("paying with a gift card", () => {
  it("is a payment without a gateway fee", () => {
    // 45.00 (tote 40.00 + shipping 5.00): 20.00 from a gift card, 25.00 by card.
    const paid = order({
      currency: "EUR",
      taxesIncluded: false,
      country: "FR",
      lines: [{ id: "tote", name: "Linen tote", quantity: 1, price: "40.00", grams: 500 }],
      shipping: [{ title: "Colissimo", price: "5.00" }],
      transactions: [
        { gateway: "gift_card", amount: "20.00" },
        { gateway: "shopify_payments", amount: "25.00" },
      ],
    });
    const m = computeOrderMargin(paid, ctx());
    // gift_card: no fee (not the 3 % + 0.25 default); card: 2 % × 2500 = 50 + 30 = 80.
    expect(m.steps.paymentFees.transactions.map((t) => [t.gateway, t.fee, t.rule])).toEqual([
      ["gift_card", 0, "gift_card (no fee)"],
      ["shopify_payments", 80, "shopify_payments"],
    ]);
    expect(m.costs.paymentFees).toBe(80);
    expect(m.giftCards).toBeNull();
  });
});
