/**
 * Orders stopped before they shipped (issue 14, item 5): an order cancelled, or
 * refunded in full, before anything was fulfilled sent no parcel, so it has no
 * carrier, packaging or labour cost (it used to be charged them and flagged LOSS).
 * Stopped after some parcels left, it pays for those parcels. A live order that is
 * not fulfilled yet is still costed as the parcel it will take.
 *
 * Facts used: `Order.displayFulfillmentStatus` and `Order.fulfillments[].status`
 * (SUCCESS = left; a cancelled fulfilment reads CANCELLED and the order UNFULFILLED:
 * live capture, airhorns/shopify-draft-proxy fixtures/conformance/harry-test-heelo.myshopify.com/2025-01/orders/fulfillment-cancel-parity.json);
 * an order cancelled before any fulfilment reads cancelledAt set, UNFULFILLED and
 * REFUNDED (live capture, same repository, 2026-04/orders/orderCancel-restock-refundMethod-parity.json).
 *
 * Amounts in minor units (1 EUR = 100); expected numbers worked out in the comments.
 */
import { describe, expect, it } from "vitest";

import { computeOrderMargin, type MarginContext } from "../../app/domain/index";
import { marginNotes, TAKEN_AWAY_NOTE } from "../../app/domain/margin";
import { order, settings, unitCosts, type OrderSpec } from "./helpers";

// Carrier 6.00 a parcel (no rule), packaging 0.50 a parcel, labour 1.00 an order + 0.10 an item;
// the manual gateway (as in the capture) costs nothing.
const S = settings(
  {
    shipping: { defaultCost: "6.00" },
    packaging: { perParcel: "0.50" },
    labour: { perOrder: "1.00", perItem: "0.10" },
    paymentFees: { gateways: [{ gateway: "manual", percent: 0, fixed: "0.00" }] },
  },
  "EUR",
);
const ctx: MarginContext = { settings: S, unitCost: unitCosts({ tote: 1500, candle: 600 }), fixedCosts: null, actualShippingCost: null };

/** A 40.00 tote (500 g) with 5.00 shipping, paid 45.00 manually; cancelled or refunded in full when asked. */
function tote(opts: { cancelled?: boolean; refunded?: boolean; fulfilment?: OrderSpec["fulfilment"] }) {
  const gone = opts.cancelled === true || opts.refunded === true;
  return order({
    currency: "EUR",
    taxesIncluded: false,
    country: "FR",
    cancelled: opts.cancelled ?? false,
    lines: [{ id: "tote", name: "Linen tote", quantity: 1, currentQuantity: gone ? 0 : 1, price: "40.00", grams: 500 }],
    shipping: [{ title: "Colissimo", price: "5.00" }],
    transactions: [{ gateway: "manual", amount: "45.00" }, ...(gone ? [{ gateway: "manual", kind: "REFUND", amount: "45.00" }] : [])],
    refunds: gone ? [{ lines: [{ lineId: "tote", quantity: 1, subtotal: "40.00", tax: "0.00" }], shipping: [{ subtotal: "5.00", tax: "0.00" }] }] : [],
    ...(opts.fulfilment ? { fulfilment: opts.fulfilment } : {}),
  });
}

describe("an order cancelled before anything was fulfilled", () => {
  const m = computeOrderMargin(tote({ cancelled: true, fulfilment: { status: "UNFULFILLED", fulfillments: [] } }), ctx);

  it("has no carrier, packaging or labour cost, and is not a loss", () => {
    // Everything refunded: revenue 0 (tote 0 kept + shipping 500 − 500). Before the fix it paid
    // carrier 600 + packaging 50 + labour (100 + 10) 110 = 760 and was flagged LOSS.
    expect(m.netRevenue).toBe(0);
    expect([m.costs.shipping, m.costs.packaging, m.costs.labour]).toEqual([0, 0, 0]);
    expect(m.netMargin).toBe(0);
    expect(m.flags.map((f) => f.code)).toEqual([]);
    expect(m.steps.shipping.source).toBe("not-shipped");
    expect(m.steps.packaging.parcels).toBe(0);
    expect(m.steps.labour.items).toBe(0);
  });

  it("says which costs were skipped and why", () => {
    expect(m.fulfilmentNote).toBe("Cancelled before anything was fulfilled: nothing shipped, so no carrier, packaging or labour cost.");
  });

  it("counts a cancelled fulfilment as nothing shipped", () => {
    const c = computeOrderMargin(tote({ cancelled: true, fulfilment: { status: "UNFULFILLED", fulfillments: ["CANCELLED"] } }), ctx);
    expect(c.totalCosts).toBe(0);
  });
});

describe("an order refunded in full before anything was fulfilled (not cancelled)", () => {
  it("has no carrier, packaging or labour cost either", () => {
    const m = computeOrderMargin(tote({ refunded: true, fulfilment: { status: "UNFULFILLED", fulfillments: [] } }), ctx);
    expect(m.totalCosts).toBe(0);
    expect(m.fulfilmentNote).toMatch(/^Refunded in full before anything was fulfilled/);
  });
});

describe("orders that ship or shipped", () => {
  it("a live order not fulfilled yet is still costed as the parcel it will take", () => {
    const m = computeOrderMargin(tote({ fulfilment: { status: "UNFULFILLED", fulfillments: [] } }), ctx);
    // Revenue 4000 + 500 = 4500; goods 1500 + carrier 600 + packaging 50 + labour 110 = 2260; margin 2240.
    expect(m.totalCosts).toBe(2260);
    expect(m.netMargin).toBe(2240);
    expect(m.fulfilmentNote).toBeNull();
  });

  it("an order returned after it shipped keeps its outbound costs", () => {
    const m = computeOrderMargin(tote({ refunded: true, fulfilment: { status: "FULFILLED", fulfillments: ["SUCCESS"] } }), ctx);
    // Carrier 600 + packaging 50 + labour 110 = 760 on revenue 0: a loss of 7.60.
    expect(m.totalCosts).toBe(760);
    expect(m.flags.map((f) => f.code)).toContain("LOSS");
    expect(m.fulfilmentNote).toBe("Refunded in full after 1 parcel left: carrier and packaging costs are for that parcel.");
  });

  it("a cancelled order whose fulfilment is not known is costed as before (one parcel)", () => {
    const m = computeOrderMargin(tote({ cancelled: true }), ctx);
    expect(m.totalCosts).toBe(760);
    expect(m.fulfilmentNote).toBeNull();
  });
});

describe("an order cancelled after part of it shipped", () => {
  it("pays for the parcels that left", () => {
    // Tote and candle (400 g): two parcels left, a third fulfilment was cancelled, then the
    // order was cancelled and the candle refunded; the tote (kept, cost 15.00) stays sold.
    const o = order({
      currency: "EUR",
      taxesIncluded: false,
      country: "FR",
      cancelled: true,
      lines: [
        { id: "tote", name: "Linen tote", quantity: 1, price: "40.00", grams: 500 },
        { id: "candle", name: "Beeswax candle", quantity: 1, currentQuantity: 0, price: "18.00", grams: 400 },
      ],
      shipping: [{ title: "Colissimo", price: "5.00" }],
      transactions: [{ gateway: "manual", amount: "63.00" }, { gateway: "manual", kind: "REFUND", amount: "18.00" }],
      refunds: [{ lines: [{ lineId: "candle", quantity: 1, subtotal: "18.00", tax: "0.00" }] }],
      fulfilment: { status: "PARTIALLY_FULFILLED", fulfillments: ["SUCCESS", "SUCCESS", "CANCELLED"] },
    });
    const m = computeOrderMargin(o, ctx);
    // Carrier 2 × 600 = 1200, packaging 2 × 50 = 100, labour 100 + 10 × 2 items = 120;
    // goods 1500 (tote); revenue 4000 + 500 = 4500; costs 2920; margin 1580.
    expect([m.costs.shipping, m.costs.packaging, m.costs.labour, m.costs.costOfGoods]).toEqual([1200, 100, 120, 1500]);
    expect(m.steps.packaging.parcels).toBe(2);
    expect(m.netMargin).toBe(1580);
    expect(m.fulfilmentNote).toBe("Cancelled after 2 parcels left: carrier and packaging costs are for those parcels.");
  });
});

/**
 * A point-of-sale sale carried out of the shop: Shopify POS marks such orders
 * fulfilled at the counter, while ship-to-customer POS sales carry a shipping line
 * (help.shopify.com/en/manual/sell-in-person/transactions/cart/unfulfilled). The
 * simulator's POS orders have that shape (no shipping line, no address, a
 * fulfilment at the retail location); it used to be charged a parcel.
 */
describe("a point-of-sale sale taken away in the shop", () => {
  const pos = (shipping: OrderSpec["shipping"]) =>
    order({
      currency: "EUR",
      taxesIncluded: false,
      country: null,
      sourceName: "pos",
      lines: [{ id: "tote", name: "Linen tote", quantity: 1, currentQuantity: 1, price: "40.00", grams: 500 }],
      shipping,
      transactions: [{ gateway: "manual", amount: shipping && shipping.length > 0 ? "45.00" : "40.00" }],
      fulfilment: { status: "FULFILLED", fulfillments: ["SUCCESS"] },
    });

  it("has no parcel: no carrier, packaging or labour cost, and says why", () => {
    const m = computeOrderMargin(pos([]), ctx);
    // Revenue 40.00; cost of goods 15.00; no carrier (6.00), packaging (0.50) or labour (1.00 + 0.10):
    // net margin 40.00 − 15.00 = 25.00. Before the fix: 25.00 − 6.00 − 0.50 − 1.10 = 17.40.
    expect(m.netRevenue).toBe(4000);
    expect([m.costs.shipping, m.costs.packaging, m.costs.labour]).toEqual([0, 0, 0]);
    expect(m.netMargin).toBe(2500);
    expect(m.steps.shipping.source).toBe("no-parcel");
    expect(marginNotes(m)).toContain(TAKEN_AWAY_NOTE);
  });

  it("a POS sale shipped to the customer (a shipping line) still pays its parcel", () => {
    const m = computeOrderMargin(pos([{ title: "Ship to customer", price: "5.00" }]), ctx);
    // Revenue 40.00 + 5.00 shipping = 45.00; − 15.00 − 6.00 − 0.50 − 1.10 = 22.40.
    expect([m.costs.shipping, m.costs.packaging, m.costs.labour]).toEqual([600, 50, 110]);
    expect(m.netMargin).toBe(2240);
    expect(marginNotes(m)).not.toContain(TAKEN_AWAY_NOTE);
  });
});
