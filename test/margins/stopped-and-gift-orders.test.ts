import { describe, expect, it } from "vitest";

import { GIFT_CARD_ONLY_REASON } from "~/domain/margin";
import { openRowReader } from "~/store/row-reader.server";
import { recomputeMargins } from "~/margins/recompute.server";
import { saveSettingsVersion } from "~/store/cost-settings.server";
import { orderBreakdown } from "~/services/orders-view.server";
import { backfillShop } from "~/sync/backfill.server";
import { closeAfterEach } from "../helpers/cleanup";
import { syncHarness } from "../sync/helpers";

/**
 * End to end (simulator → bulk backfill → stored orders → recompute → order page
 * service): orders cancelled before anything was fulfilled pay no carrier,
 * packaging or labour, and gift cards sold are kept out of the margins. The
 * simulator's store is the oracle: which orders it cancelled before a fulfilment
 * (displayFulfillmentStatus UNFULFILLED, as Shopify shows them: live capture,
 * airhorns/shopify-draft-proxy fixtures/conformance/harry-test-heelo.myshopify.com/2026-04/orders/orderCancel-restock-refundMethod-parity.json)
 * which lines are gift cards (LineItem.isGiftCard) and which orders were paid
 * partly with a gift card (gateway "gift_card").
 */

const cleanup = closeAfterEach();

// Carrier 5.00, packaging 1.00 a parcel, labour 0.50 an order: what a shipped order pays at least.
const SETTINGS = {
  costOfGoods: { missingCost: { mode: "exclude" } },
  shipping: { packagingWeightGrams: 0, rules: [], defaultCost: "5.00" },
  packaging: { perParcel: "1.00" },
  labour: { perOrder: "0.50", perItem: "0.00" },
  paymentFees: { gateways: [], default: { percent: 0, fixed: "0.00" } },
  fixedCosts: { allocation: "orders", items: [] },
  provisions: { returnsPercent: 0, fraudPercent: 0, spoilagePercent: 0 },
};

describe("a simulator store, synced and recomputed", () => {
  it("charges no carrier, packaging or labour to orders cancelled before fulfilment, and keeps gift cards out", async () => {
    const h = await syncHarness({ generator: { seed: 51, orders: 400, preset: "eu" } });
    cleanup.later(() => h.close());
    await backfillShop(h.deps, h.shop);
    expect((await saveSettingsVersion(h.db, h.shop, { settings: SETTINGS, effectiveFrom: null })).ok).toBe(true);
    const reader = openRowReader(h.url);
    cleanup.later(() => reader.close());
    await recomputeMargins({ db: h.db, sql: h.sql, reader }, h.shop);

    const orders = h.sim.store.orders;
    // A POS sale without a shipping line was taken away in the shop: no parcel at all (below).
    const takenAway = (o: (typeof orders)[number]) => o.sourceName === "pos" && o.shippingLines.length === 0;
    const ships = (o: (typeof orders)[number]) => o.lineItems.some((l) => l.requiresShipping) && !takenAway(o);
    const cancelledUnshipped = orders.filter((o) => o.cancelledAt !== null && ships(o) && !o.fulfillments.some((f) => f.status === "SUCCESS"));
    const shipped = orders.filter((o) => ships(o) && o.fulfillments.some((f) => f.status === "SUCCESS"));
    expect(cancelledUnshipped.length).toBeGreaterThan(0);

    const rows = new Map((await h.db.orderMargin.findMany({ where: { shop: h.shop } })).map((r) => [r.orderId, r]));
    for (const o of cancelledUnshipped) {
      const r = rows.get(o.id)!;
      expect([r.shipping, r.packaging, r.labour, r.shippingSource], o.name).toEqual([0, 0, 0, "not-shipped"]);
    }
    const pos = orders.filter((o) => takenAway(o) && o.lineItems.some((l) => l.requiresShipping));
    expect(pos.length).toBeGreaterThan(0);
    for (const o of pos) {
      const r = rows.get(o.id)!;
      expect([r.shipping, r.packaging, r.labour, r.shippingSource], o.name).toEqual([0, 0, 0, "no-parcel"]);
    }
    // Shipped orders still pay carrier 5.00 + packaging 1.00 + labour 0.50 (whole order, kept lines' shares).
    const shippedCosts = shipped.map((o) => rows.get(o.id)!).filter((r) => r.missingCostLines === 0);
    expect(shippedCosts.length).toBeGreaterThan(0);
    for (const r of shippedCosts) expect([r.shipping, r.packaging, r.labour], r.orderName).toEqual([500, 100, 50]);

    // The order page says why.
    const page = await orderBreakdown(h.db, h.shop, cancelledUnshipped[0]!.id);
    expect(page!.notes).toContain("Cancelled before anything was fulfilled: nothing shipped, so no carrier, packaging or labour cost.");

    // Paid partly with a gift card: that payment has no fee (the default fee here is 0 % + 0.00,
    // so the fee detail's rule says why: no gateway rule, gift card).
    const giftPaid = orders.filter((o) => o.transactions.some((t) => t.gateway === "gift_card" && t.status === "SUCCESS"));
    expect(giftPaid.length).toBeGreaterThan(0);
    const paidDetail = await orderBreakdown(h.db, h.shop, giftPaid[0]!.id);
    expect(paidDetail!.margin.steps.paymentFees.transactions.filter((t) => t.gateway === "gift_card").map((t) => [t.fee, t.rule])).toEqual([[0, "gift_card (no fee)"]]);

    // Gift cards: never in a product's margins; an order of gift cards only carries nothing.
    const giftProducts = new Set(orders.flatMap((o) => o.lineItems.filter((l) => l.isGiftCard).map((l) => l.productId)));
    expect(giftProducts.size).toBeGreaterThan(0);
    const days = await h.db.productDayMargin.findMany({ where: { shop: h.shop }, select: { productId: true } });
    expect(days.filter((d) => giftProducts.has(d.productId))).toEqual([]);
    for (const o of orders.filter((x) => x.lineItems.every((l) => l.isGiftCard))) {
      const r = rows.get(o.id)!;
      expect([r.netRevenue, r.totalCosts, r.netMargin, r.fixedCosts], o.name).toEqual([0, 0, 0, 0]);
      const detail = await orderBreakdown(h.db, h.shop, o.id);
      expect(detail!.notes[0]).toBe(GIFT_CARD_ONLY_REASON);
    }
  }, 60_000);
});
