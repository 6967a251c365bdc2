import { describe, expect, it } from "vitest";

import type { VariantRecord } from "~/domain/catalog";
import type { OrderRecord } from "~/domain/types";
import { rangesByMonth } from "~/store/dirty.server";
import { recomputeMargins } from "~/margins/recompute.server";
import { upsertVariants } from "~/store/catalog-store.server";
import { closeAfterEach } from "../helpers/cleanup";
import { createShop, saveSettings, storeOrders } from "../helpers/factories";
import { SCARF as SCARF_V, TOTE as TOTE_V, WEIGHT_BAND_SETTINGS as SETTINGS, weightOrder } from "../helpers/weight-bands";

const TOTE = TOTE_V.variantId;
const SCARF = SCARF_V.variantId;

/**
 * A variant's catalog weight changes through sync (catalog import or reconcile,
 * `InventoryItem.measurement.weight`): the stored margins of orders that took that
 * weight as their estimate (a shipped line of the variant with no weight in the
 * order) are marked for recompute, and only the months holding such orders.
 *
 * Source: shopify.dev/docs/api/admin-graphql/latest/objects/InventoryItemMeasurement
 * (2026-10), "weight: The weight of the inventory item" (the catalog weight sync
 * reads); a line without a weight takes its variant's (Source:
 * shopify.dev/changelog/line-item-weight-input-for-ordercreate-mutation, 2025-04).
 * Webhooks cannot change a weight: Shopify's sample inventory_items/update payload
 * (item 271878346596884015) has sku, requires_shipping, cost, tracked and origin
 * codes but no weight, and products/update carries none since 2024-04
 * (app/domain/catalog.ts PRODUCT_PAYLOAD_ABSENT): so only the catalog import and
 * reconcile (upsertVariants) write one.
 */

const SHOP = "maison-verte.myshopify.com";
const NOW = new Date("2026-12-02T00:00:00Z");
const cleanup = closeAfterEach();

function variant(id: string, weightGrams: number | null | undefined, updatedAt: string): VariantRecord {
  return {
    id, productId: id === TOTE ? "gid://shopify/Product/1" : "gid://shopify/Product/2", productTitle: id === TOTE ? "Tote bag" : "Silk scarf", productStatus: "ACTIVE", productVendor: null,
    title: "Default Title", sku: null, price: 3000, currency: "EUR", inventoryItemId: id.replace("ProductVariant", "InventoryItem"),
    unitCost: 1000, unitCostCurrency: "EUR", weightGrams, requiresShipping: true, tracked: true, updatedAt, costUpdatedAt: "2026-01-01T00:00:00Z",
  };
}

function order(id: number, day: string, variantId: string, units: number, grams: number | null): OrderRecord {
  return weightOrder(id, `${day}T10:00:00Z`, variantId === TOTE ? TOTE_V : SCARF_V, units, grams);
}

describe.each([["sqlite"], ["postgresql"]] as const)("catalog weight changes and stored margins (%s)", (provider) => {
  it("recomputes the months holding orders that estimated their parcel weight from the variant, and only those", async () => {
    const { db, sql, reader } = await cleanup.openOn(provider);
    await createShop(db, { shop: SHOP, ianaTimezone: "Europe/Paris" });
    await saveSettings(db, SHOP, SETTINGS, { now: new Date("2026-01-02T00:00:00Z") });
    // The catalog import: the tote weighs 500 g, the scarf 250 g.
    await upsertVariants(sql, SHOP, [variant(TOTE, 500, "2026-01-01T00:00:00Z"), variant(SCARF, 250, "2026-01-01T00:00:00Z")], new Date("2026-01-01T00:00:00Z"));
    await storeOrders(
      sql,
      SHOP,
      [
        order(1, "2026-11-10", TOTE, 2, null), // November: no weight in the order → 2 × 500 g + 200 g = 1 200 g → 8.90
        order(2, "2026-10-10", TOTE, 1, 900), // October: weighed by the order (900 g + 200 g = 1 100 g → 8.90), the catalog is not used
        order(3, "2026-09-10", SCARF, 1, null), // September: another variant (250 g + 200 g = 450 g → 4.90)
      ],
      NOW,
    );
    await recomputeMargins({ db, sql, reader }, SHOP, { all: true });
    const shipping = async () => Object.fromEntries((await db.orderMargin.findMany({ where: { shop: SHOP }, select: { orderName: true, shipping: true, netMargin: true } })).map((r) => [r.orderName, [r.shipping, r.netMargin]]));
    // #1: 60.00 − 2 × 10.00 − 8.90 = 31.10; #2: 30.00 − 10.00 − 8.90 = 11.10; #3: 30.00 − 10.00 − 4.90 = 15.10.
    expect(await shipping()).toEqual({ "#1": [890, 3110], "#2": [890, 1110], "#3": [490, 1510] });
    expect(await db.marginDirty.count({ where: { shop: SHOP } })).toBe(0);

    // A reconcile sees the same weights (and a partial products/update, which carries none): nothing to redo.
    await upsertVariants(sql, SHOP, [variant(TOTE, 500, "2026-12-01T00:00:00Z"), variant(SCARF, 250, "2026-12-01T00:00:00Z")], NOW, { source: "reconcile" });
    await upsertVariants(sql, SHOP, [variant(TOTE, undefined, "2026-12-01T01:00:00Z")], NOW, { partial: true, source: "webhook" });
    expect(await db.marginDirty.count({ where: { shop: SHOP } })).toBe(0);

    // The merchant corrects the tote to 300 g in Shopify; the next reconcile reads it.
    await upsertVariants(sql, SHOP, [variant(TOTE, 300, "2026-12-01T12:00:00Z")], NOW, { source: "reconcile" });
    const run = await recomputeMargins({ db, sql, reader }, SHOP);
    // Only November (order #1) is recomputed: 2 × 300 g + 200 g = 800 g → [0, 1 kg) 4.90;
    // net margin 60.00 − 20.00 − 4.90 = 35.10. October and September keep theirs.
    expect(run.months).toEqual(["2026-11"]);
    expect(await shipping()).toEqual({ "#1": [490, 3510], "#2": [890, 1110], "#3": [490, 1510] });
  }, 60_000);
});

describe("rangesByMonth", () => {
  it("gives one range per UTC month holding orders, from its first to its last", () => {
    const r = rangesByMonth(["2026-01-31T23:30:00Z", "2026-01-05T08:00:00Z", new Date("2026-03-03T12:00:00Z"), "2026-01-20T00:00:00.000+00:00"], "catalog-weight");
    // January: 5th to 31st; no February (no order), March: the one order.
    expect(r).toEqual([
      { since: new Date("2026-01-05T08:00:00Z"), until: new Date("2026-01-31T23:30:00Z"), reason: "catalog-weight" },
      { since: new Date("2026-03-03T12:00:00Z"), until: new Date("2026-03-03T12:00:00Z"), reason: "catalog-weight" },
    ]);
    expect(rangesByMonth([], "catalog-weight")).toEqual([]);
    expect(() => rangesByMonth(["yesterday"], "catalog-weight")).toThrow(RangeError);
  });
});
