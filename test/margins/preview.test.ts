/**
 * The settings preview: the last 30 days' totals with the settings as they are and
 * as drafted, fixed costs allocated over whole months. A small store worked out by
 * hand; nothing is written.
 */
import { describe, expect, it } from "vitest";

import type { OrderRecord } from "~/domain/types";
import { previewSettingsChange } from "~/margins/preview.server";
import { recomputeMargins } from "~/margins/recompute.server";
import { closeAfterEach } from "../helpers/cleanup";
import { costSettings, createShop, createUnitCost, oneLineOrder, saveSettings, storeOrders } from "../helpers/factories";

const SHOP = "maison-verte.myshopify.com";
const V1 = "gid://shopify/ProductVariant/11";
const cleanup = closeAfterEach();

/** Shipping 5.00 a parcel, packaging 1.00, labour 0.50 an order, no fees, rent 30.00 a month by order count. */
const SETTINGS = costSettings({
  shipping: { defaultCost: "5.00" },
  packaging: { perParcel: "1.00" },
  labour: { perOrder: "0.50" },
  fixedCosts: { allocation: "orders", items: [{ name: "Rent", monthlyAmount: "30.00" }] },
});
/** The draft: labour 2.50 an order, rent 60.00. */
const DRAFT = { ...SETTINGS, labour: { perOrder: "2.50", perItem: "0.00" }, fixedCosts: { allocation: "orders", items: [{ name: "Rent", monthlyAmount: "60.00" }] } };

/** One unit at 10.00 (unit cost 4.00), no shipping charged. */
function order(id: number, processedAt: string, cancelled = false, giftCard = false): OrderRecord {
  return oneLineOrder({ id, processedAt, price: 1000, unitWeightGrams: null, gateway: "manual", cancelled, giftCard });
}

describe("previewSettingsChange", () => {
  it("gives the last 30 days with the settings as they are and as drafted, writing nothing", async () => {
    const { db, sql, reader } = await cleanup.open();
    await createShop(db, { shop: SHOP, ianaTimezone: "UTC" });
    await createUnitCost(db, { shop: SHOP, variantId: V1, cost: 400 });
    await saveSettings(db, SHOP, SETTINGS);
    // Window on 22 November: 24 October to 22 November. #1 is in October but before it; #4 is cancelled;
    // #5 sold only a gift card: left out of margin totals (and of the rent's order count).
    await storeOrders(
      sql,
      SHOP,
      [
        order(1, "2026-10-05T10:00:00Z"),
        order(2, "2026-10-28T10:00:00Z"),
        order(3, "2026-11-10T10:00:00Z"),
        order(4, "2026-11-12T10:00:00Z", true),
        order(5, "2026-11-11T10:00:00Z", false, true),
      ],
      new Date("2026-11-20T00:00:00Z"),
    );
    await recomputeMargins({ db, sql, reader }, SHOP, { all: true });
    const versions = await db.costSettingsVersion.count();
    const now = new Date("2026-11-22T12:00:00Z");

    const all = await previewSettingsChange(db, reader, SHOP, { settings: DRAFT, effectiveFrom: null }, now);
    if (!all.ok) throw new Error(JSON.stringify(all.errors));
    const p = all.preview;
    expect(p.window).toEqual({ from: "2026-10-24", to: "2026-11-23" });
    // Today: October's rent 30.00 over its 2 orders (15.00 each), November's over 1 (30.00).
    // #2: 10.00 − 4.00 − 5.00 − 1.00 − 0.50 − 15.00 = −15.50; #3: 10.00 − 10.50 − 30.00 = −30.50.
    expect(p.current).toMatchObject({ orders: 2, lossOrders: 2, netRevenue: 2000, netMargin: -1550 - 3050 });
    expect(p.current.costs).toEqual({ costOfGoods: 800, shipping: 1000, packaging: 200, labour: 100, paymentFees: 0, fixedCosts: 4500, stockCarrying: 0, provisions: 0 });
    // Drafted: labour 2.50 and rent 60.00 (30.00 and 60.00 a share): #2 −32.50, #3 −62.50.
    expect(p.draft).toMatchObject({ orders: 2, lossOrders: 2, netRevenue: 2000, netMargin: -3250 - 6250 });
    expect(p.draft.costs).toMatchObject({ labour: 500, fixedCosts: 9000 });
    // The stored margins of the window are the "as they are" side.
    const stored = await db.orderMargin.aggregate({ where: { shop: SHOP, cancelled: false, processedAt: { gte: new Date("2026-10-24T00:00:00Z") } }, _sum: { netMargin: true } });
    expect(stored._sum.netMargin).toBe(p.current.netMargin);

    // From 1 November only: October keeps today's settings (#2 −15.50), #3 −62.50.
    const fromNov = await previewSettingsChange(db, reader, SHOP, { settings: DRAFT, effectiveFrom: "2026-11-01" }, now);
    expect(fromNov.ok && fromNov.preview.draft.netMargin).toBe(-1550 - 6250);

    // A shop without orders lately: the 30 days up to its latest order (10 November; #4 on the 12th is cancelled but is the latest).
    const later = await previewSettingsChange(db, reader, SHOP, { settings: DRAFT, effectiveFrom: null }, new Date("2027-03-01T12:00:00Z"));
    expect(later.ok && later.preview.window).toEqual({ from: "2026-10-14", to: "2026-11-13" });
    expect(later.ok && later.preview.current.netMargin).toBe(-1550 - 3050);

    // Bad input: every field named; and in no case anything written.
    const bad = await previewSettingsChange(db, reader, SHOP, { settings: { ...DRAFT, packaging: { perParcel: "-1" } }, effectiveFrom: "soon" }, now);
    expect(!bad.ok && bad.errors.map((e) => e.path).sort()).toEqual(["effectiveFrom", "settings.packaging.perParcel"]);
    expect(await db.costSettingsVersion.count()).toBe(versions);
    expect(await db.marginDirty.count()).toBe(0);
  });
});
