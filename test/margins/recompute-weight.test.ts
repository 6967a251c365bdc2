import { describe, expect, it } from "vitest";

import type { PrismaClient } from "@prisma/client";

import type { OrderRecord } from "~/domain/types";
import { ComputeThread } from "~/margins/compute-thread.server";
import { loadMarginSources, recomputeMargins } from "~/margins/recompute.server";
import { previewSettingsChange } from "~/margins/preview.server";
import { orderBreakdown } from "~/services/orders-view.server";
import type { SqlDb } from "~/store/sql.server";
import { closeAfterEach } from "../helpers/cleanup";
import { createShop, createUnitCost, createVariant, saveSettings, storeOrders } from "../helpers/factories";
import { SCARF as SCARF_V, TOTE as TOTE_V, WEIGHT_BAND_SETTINGS as SETTINGS, weightOrder } from "../helpers/weight-bands";

const TOTE = TOTE_V.variantId;
const SCARF = SCARF_V.variantId;

/**
 * Parcel weight estimated from the catalog, through the store (issue 14, item 5):
 * orders whose lines carry no weight are weighed with their variant's weight as
 * sync stored it from Shopify's catalog (`Variant.weightGrams`, from
 * `InventoryItem.measurement.weight`), so the stored margins pick the right weight
 * band; the order page says the weight was estimated, and from what.
 *
 * A catalog weight of 0 is a weight nobody entered (Shopify shows an unset weight as
 * `measurement.weight { unit: KILOGRAMS, value: 0 }`: live capture,
 * airhorns/shopify-draft-proxy fixtures/conformance/harry-test-heelo.myshopify.com/2025-01/products/inventory-item-update-parity.json),
 * so such a variant gives no estimate.
 */

const SHOP = "maison-verte.myshopify.com";
const NOW = new Date("2026-12-02T00:00:00Z");
const cleanup = closeAfterEach();

function order(id: number, line: { variantId: string; title: string; units: number; grams: number | null }, month = "2026-11"): OrderRecord {
  return weightOrder(id, `${month}-${String(10 + id).padStart(2, "0")}T10:00:00Z`, line.variantId === TOTE ? TOTE_V : SCARF_V, line.units, line.grams);
}

async function shopWithCatalog(db: PrismaClient, sql: SqlDb): Promise<void> {
  await createShop(db, { shop: SHOP, ianaTimezone: "Europe/Paris" });
  // The catalog as sync stores it: the tote weighs 500 g in Shopify, the scarf's weight was never entered (0).
  await createVariant(db, { shop: SHOP, id: TOTE, productId: TOTE_V.productId, weightGrams: 500 });
  await createVariant(db, { shop: SHOP, id: SCARF, productId: SCARF_V.productId, weightGrams: 0 });
  for (const variantId of [TOTE, SCARF]) await createUnitCost(db, { shop: SHOP, variantId, cost: 1000 });
  await saveSettings(db, SHOP, SETTINGS, { now: new Date("2026-01-02T00:00:00Z") });
  await storeOrders(
    sql,
    SHOP,
    [
      order(1, { variantId: TOTE, title: "Tote bag", units: 2, grams: null }), // 2 × 500 g (catalog) + 200 g = 1 200 g
      order(2, { variantId: TOTE, title: "Tote bag", units: 1, grams: null }), // 500 g (catalog) + 200 g = 700 g
      order(3, { variantId: SCARF, title: "Silk scarf", units: 1, grams: null }), // no weight anywhere
      order(4, { variantId: TOTE, title: "Tote bag", units: 1, grams: 900 }), // the order's 900 g + 200 g = 1 100 g
    ],
    NOW,
  );
}

describe.each([["sqlite"], ["postgresql"]] as const)("parcel weight estimated from the catalog (%s)", (provider) => {
  it("stores margins whose weight band comes from the catalog weight, and the order page says so", async () => {
    const { db, sql, reader } = await cleanup.openOn(provider);
    await shopWithCatalog(db, sql);
    await recomputeMargins({ db, sql, reader }, SHOP, { all: true });

    const rows = Object.fromEntries((await db.orderMargin.findMany({ where: { shop: SHOP } })).map((r) => [r.orderName, r]));
    // #1: 1 200 g → [1 kg, 5 kg) 8.90 (without the estimate: default 12.00). #2: 700 g → [0, 1 kg) 4.90.
    // #3: unknown → default 12.00 (the scarf's catalog 0 g is no weight). #4: the order's 900 g wins over
    // the catalog's 500 g: 1 100 g → 8.90 (with the catalog's it would be 700 g → 4.90).
    expect([rows["#1"]!.shipping, rows["#2"]!.shipping, rows["#3"]!.shipping, rows["#4"]!.shipping]).toEqual([890, 490, 1200, 890]);
    expect([rows["#1"]!.shippingSource, rows["#3"]!.shippingSource]).toEqual(["rule", "default"]);
    // Net margin of #1: 60.00 − 2 × 10.00 − 8.90 = 31.10.
    expect(rows["#1"]!.netMargin).toBe(3110);

    // The order page: the estimate, its weight and the product it came from.
    const one = await orderBreakdown(db, SHOP, "gid://shopify/Order/1");
    expect(one!.margin.steps.shipping).toMatchObject({ parcelWeightGrams: 1200, weight: { source: "estimated", lineIds: ["gid://shopify/LineItem/1"] } });
    expect(one!.parcelWeightNote).toBe("Parcel weight estimated: 1.2 kg, from the product's current weight in Shopify for Tote bag (the order did not record one).");
    const two = await orderBreakdown(db, SHOP, "gid://shopify/Order/2");
    expect(two!.parcelWeightNote).toBe("Parcel weight estimated: 0.7 kg, from the product's current weight in Shopify for Tote bag (the order did not record one).");
    // Unknown: the same plain sentence as before the estimate, for the line with no weight anywhere.
    const three = await orderBreakdown(db, SHOP, "gid://shopify/Order/3");
    expect(three!.parcelWeightNote).toBe(
      "The parcel weight is unknown: Shopify has no weight for Silk scarf. The carrier cost is estimated from your default shipping cost, as no rule without a weight band matched. Enter the weights in Shopify to use your weight bands.",
    );
    // Weighed by the order: nothing to say.
    const four = await orderBreakdown(db, SHOP, "gid://shopify/Order/4");
    expect(four!.margin.steps.shipping.weight).toEqual({ source: "order", lineIds: [] });
    expect(four!.parcelWeightNote).toBeNull();
  }, 60_000);
});

describe("the margin sources", () => {
  it("load each variant's catalog weight once per run, whole grams, without the unset (0 g) ones", async () => {
    const { db, sql } = await cleanup.open();
    await shopWithCatalog(db, sql);
    await db.variant.update({ where: { shop_id: { shop: SHOP, id: SCARF } }, data: { weightGrams: 249.6 } });
    const sources = await loadMarginSources(db, SHOP);
    expect([...(sources.catalogWeights ?? new Map()).entries()].sort()).toEqual([
      [TOTE, 500],
      [SCARF, 250],
    ].sort());
    // Another shop's variants are not read.
    await createVariant(db, { shop: "autre.myshopify.com", id: "gid://shopify/ProductVariant/99", productId: "gid://shopify/Product/9", weightGrams: 100, updatedAt: NOW, syncedAt: NOW });
    expect((await loadMarginSources(db, SHOP)).catalogWeights?.has("gid://shopify/ProductVariant/99")).toBe(false);
  });

  it("reach the compute thread: a month it computes gets the same estimate", async () => {
    const { db, sql, reader, url } = await cleanup.open();
    await shopWithCatalog(db, sql);
    // One more month: October's tote order (2 × 500 g catalog + 200 g = 1 200 g → 8.90).
    await storeOrders(sql, SHOP, [order(5, { variantId: TOTE, title: "Tote bag", units: 2, grams: null }, "2026-10")], NOW);
    const thread = ComputeThread.open(url, sql);
    expect(thread).not.toBeNull();
    cleanup.later(() => thread!.close());
    const run = await recomputeMargins({ db, sql, reader, compute: thread, computeThreadMinOrders: 0 }, SHOP, { all: true });
    // This thread takes the first month (October), the compute thread the second (November).
    expect(run.months).toEqual(["2026-10", "2026-11"]);
    expect(run.monthsOnThread).toBe(1);
    const rows = Object.fromEntries((await db.orderMargin.findMany({ where: { shop: SHOP } })).map((r) => [r.orderName, r.shipping]));
    expect(rows).toEqual({ "#1": 890, "#2": 490, "#3": 1200, "#4": 890, "#5": 890 });
  });

  it("give the settings preview the same estimate", async () => {
    const { db, sql, reader } = await cleanup.open();
    await shopWithCatalog(db, sql);
    // Today's settings, unchanged, previewed over the 30 days up to the last order (11–14 November).
    const r = await previewSettingsChange(db, reader, SHOP, { settings: SETTINGS, effectiveFrom: null }, NOW);
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    // Carrier costs: 8.90 + 4.90 + 12.00 + 8.90 = 34.70 (without the estimate: 12.00 + 12.00 + 12.00 + 8.90 = 44.90).
    expect(r.preview.current.costs.shipping).toBe(3470);
    expect(r.preview.draft.costs.shipping).toBe(3470);
  });
});
