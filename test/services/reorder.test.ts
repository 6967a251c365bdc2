import { beforeEach, expect, it } from "vitest";

import { reorderPurchases, reorderSuggestions } from "~/services/reorder.server";
import { deleteShopData } from "~/store/shop-data.server";
import { saveSupplier } from "~/store/suppliers.server";
import { describeEachProvider } from "../db/databases";
import { useFreshDatabase } from "../helpers/database";
import { createProduct, createShop, createUnitCost, createVariant } from "../helpers/factories";

/**
 * Reorder suggestions from the database (issue 18, item 5), on both providers. asOf =
 * 7 Dec 2026 (the last complete day): orders are placed on 8 Dec. The 28-day window is
 * 10 Nov – 7 Dec; the 90-day window 9 Sep – 7 Dec. Safety 7 days, target cover 90 days.
 *
 * - Bowl (one variant V1, vendor Atelier Roux: lead 14, minimum 50, terms 45 days):
 *   sold 20 (15 Nov) + 20 with 6 of them without a cost (25 Nov: units 14 + missing 6) +
 *   16 (5 Dec) = 56 in 28 days, no stock history: 2 a day. On hand 30 at Paris + 10
 *   incoming (the closed Old depot's 50 not counted) = 40 ≤ reorder point 2 × (14 + 7) =
 *   42 → order up to 2 × (14 + 90) = 208: 168 units. Unit cost: Shopify's 4.50, but the
 *   merchant's 5.00 from 8 Dec is in force on the order date: 168 × 5.00 = 840.00.
 * - Cup set (two variants, vendor Atelier Roux): Blue (V2) was out of stock from 1 Nov
 *   (snapshot 0) until 24 Nov (snapshot 20): 10–23 Nov (14 days) are left out; it sold 14
 *   on 30 Nov, 14 in 14 days in stock = 1 a day. On hand 6 ≤ 21 → up to 104: 98 units,
 *   no unit cost. Red (V3) sold nothing: nothing.
 * - Vase (one variant V4, no vendor): sold 3 on 1 Oct, nothing in the 28 days → the
 *   90-day window: 3 in 90 days. Reorder point ceil(21 × 3 / 90) = 1; no stock (0) ≤ 1 →
 *   up to ceil(104 × 3 / 90) = 4: 4 units × 12.50 = 50.00 (default terms: 30 days).
 * - Card (V5) is not tracked by Shopify: left out.
 */
const SHOP = "alpha.myshopify.com";
const OTHER = "beta.myshopify.com";
const P = (n: number) => `gid://shopify/Product/${n}`;
const V = (n: number) => `gid://shopify/ProductVariant/${n}`;
const T = new Date("2026-11-01T00:00:00Z");
const ROUX = "vendor:atelier roux";

const ZERO = {
  orders: 1, lines: 1, merchandise: 0, shippingRevenue: 0, discounts: 0, costOfGoods: 0, shipping: 0, packaging: 0, labour: 0, paymentFees: 0, fixedCosts: 0,
  returns: 0, fraud: 0, spoilage: 0, netMargin: 0, withoutDiscounts: 0, missingLines: 0, missingUnits: 0, missingRevenue: 0, estimatedLines: 0,
};

describeEachProvider("reorder suggestions", (_provider, database) => {
  const d = useFreshDatabase(database);
  beforeEach(async () => {
    const db = d.db;
    for (const shop of [SHOP, OTHER]) await deleteShopData(db, shop);
    await createShop(db, { shop: SHOP, currencyCode: "EUR", ianaTimezone: "Europe/Paris" });
    await createProduct(db, { shop: SHOP, id: P(1), title: "Bowl", vendor: "Atelier Roux" });
    await createProduct(db, { shop: SHOP, id: P(2), title: "Cup set", vendor: "Atelier Roux" });
    await createProduct(db, { shop: SHOP, id: P(3), title: "Vase", vendor: null });
    await createProduct(db, { shop: SHOP, id: P(4), title: "Card", vendor: null });
    await createVariant(db, { shop: SHOP, id: V(1), productId: P(1), title: "Default Title", sku: "BOWL", tracked: true, inventoryItemId: "i1" });
    await createVariant(db, { shop: SHOP, id: V(2), productId: P(2), title: "Blue", tracked: true, inventoryItemId: "i2" });
    await createVariant(db, { shop: SHOP, id: V(3), productId: P(2), title: "Red", tracked: true, inventoryItemId: "i3" });
    await createVariant(db, { shop: SHOP, id: V(4), productId: P(3), tracked: null });
    await createVariant(db, { shop: SHOP, id: V(5), productId: P(4), tracked: false });
    await createUnitCost(db, { shop: SHOP, variantId: V(1), observedAt: T, cost: 450 });
    await db.unitCostOverride.create({ data: { shop: SHOP, variantId: V(1), position: 0, effectiveFrom: "2026-12-08", cost: 500, currency: "EUR", savedAt: T } });
    await createUnitCost(db, { shop: SHOP, variantId: V(4), observedAt: T, cost: 1_250 });
    await createUnitCost(db, { shop: SHOP, variantId: V(5), observedAt: T, cost: 100 });
    for (const [id, name, isActive] of [["L1", "Paris", true], ["L2", "Old depot", false]] as const) {
      await db.inventoryLocation.create({ data: { shop: SHOP, id, name, isActive, runId: "r", syncedAt: T } });
    }
    const level = (item: string, variantId: string, locationId: string, onHand: number, incoming = 0) =>
      db.inventoryLevel.create({ data: { shop: SHOP, inventoryItemId: item, locationId, variantId, available: onHand, onHand, committed: 0, incoming, updatedAt: T, runId: "r", syncedAt: T } });
    await level("i1", V(1), "L1", 30, 10);
    await level("i1", V(1), "L2", 50);
    await level("i2", V(2), "L1", 6);
    await level("i3", V(3), "L1", 40);
    const productDay = (productId: string, day: string, units: number, missingUnits = 0) =>
      db.productDayMargin.create({ data: { ...ZERO, shop: SHOP, productId, day, title: "x", currency: "EUR", units, missingUnits } });
    await productDay(P(1), "2026-11-15", 20);
    await productDay(P(1), "2026-11-25", 14, 6);
    await productDay(P(1), "2026-12-05", 16);
    await productDay(P(1), "2026-12-08", 99); // after asOf: not counted
    await productDay(P(3), "2026-10-01", 3);
    await productDay(P(2), "2026-11-30", 14); // the product's total: its variants' rows count
    await db.variantDayMargin.create({ data: { ...ZERO, shop: SHOP, productId: P(2), variantId: V(2), day: "2026-11-30", title: "x", currency: "EUR", units: 14 } });
    for (const [day, onHand] of [["2026-11-01", 0], ["2026-11-24", 20]] as const) {
      await db.stockSnapshot.create({ data: { shop: SHOP, variantId: V(2), day, onHand, unitCost: null, valueAtCost: null, currency: "EUR", recordedAt: T } });
    }
    expect(await saveSupplier(db, SHOP, ROUX, { name: "Atelier Roux", leadTimeDays: 14, minOrderQuantity: 50, paymentTermsDays: 45, currency: "EUR" }, T)).toMatchObject({ ok: true });
    // Another shop's supplier and sales: never counted.
    await createShop(db, { shop: OTHER, currencyCode: "EUR" });
    await createProduct(db, { shop: OTHER, id: P(1), title: "Bowl", vendor: "Atelier Roux" });
    await db.productDayMargin.create({ data: { ...ZERO, shop: OTHER, productId: P(1), day: "2026-12-01", title: "x", currency: "EUR", units: 500 } });
  });

  it("suggests per supplier with velocity, position, the cost in force and payment dates worked out by hand", async () => {
    const r = await reorderSuggestions(d.db, SHOP, "2026-12-07");
    expect(r.plan.orderOn).toBe("2026-12-08");
    const lines = r.plan.suppliers.map((s) => [s.supplierName, s.lines.map((l) => [l.title, l.sku, l.position, l.reorderPoint, l.orderUpTo, l.quantity, l.unitCost, l.cost])]);
    expect(lines).toEqual([
      [
        "Atelier Roux",
        [
          ["Bowl", "BOWL", 40, 42, 208, 168, 500, 84_000],
          ["Cup set – Blue", null, 6, 21, 104, 98, null, null],
        ],
      ],
      ["No supplier", [["Vase", null, 0, 1, 4, 4, 1_250, 5_000]]],
    ]);
    const [roux, none] = r.plan.suppliers;
    // Atelier Roux: Bowl, Blue and Red checked; 168 + 98 = 266 units, 840.00 known, Blue without cost; 8 Dec + 45 days = 22 Jan.
    expect(roux).toMatchObject({ variantsChecked: 3, quantity: 266, cost: 84_000, linesWithoutCost: 1, orderBy: "2026-12-08", payDue: "2027-01-22" });
    // No supplier: the Vase only (the Card is not tracked); 8 Dec + 30 days = 7 Jan.
    expect(none).toMatchObject({ variantsChecked: 1, quantity: 4, cost: 5_000, payDue: "2027-01-07" });
    expect(r.plan).toMatchObject({ quantity: 270, cost: 89_000 });
    expect(r.suppliers.map((s) => [s.name, s.products])).toEqual([["Atelier Roux", 2]]);
    expect(r.productsWithoutSupplier).toBe(2);
    expect(r.stockHistoryStarts).toBe("2026-11-01");
    expect(await reorderPurchases(d.db, SHOP, "2026-12-07")).toEqual([
      { supplierId: ROUX, supplierName: "Atelier Roux", orderBy: "2026-12-08", quantity: 266, cost: 84_000, currency: "EUR", linesWithoutCost: 1, payDue: "2027-01-22" },
      { supplierId: null, supplierName: "No supplier", orderBy: "2026-12-08", quantity: 4, cost: 5_000, currency: "EUR", linesWithoutCost: 0, payDue: "2027-01-07" },
    ]);
  });

  it("leaves out a single-variant product's days out of stock, but not a day it sold", async () => {
    // Lamp (one variant V6, no vendor, 10.00): 5 on hand from 1 Nov, 0 from 20 Nov, 8 from 27 Nov; 4 on hand now.
    // Sold 5 on 15 Nov, 2 on 22 Nov (restocked and sold that day: in stock), 4 on 28 Nov = 11.
    // 28-day window 10 Nov – 7 Dec: out of stock 20, 21, 23, 24, 25, 26 Nov = 6 days → 22 days in stock.
    // Reorder point ceil(21 × 11 / 22) = ceil(10.5) = 11 ≥ 4 → up to ceil(104 × 11 / 22) = 52: 48 units × 10.00 = 480.00.
    // (Counting 22 Nov out of stock would give 21 days and ceil(104 × 11 / 21) = 55: 51 units.)
    const db = d.db;
    await createProduct(db, { shop: SHOP, id: P(5), title: "Lamp", vendor: null });
    await createVariant(db, { shop: SHOP, id: V(6), productId: P(5), tracked: true });
    await createUnitCost(db, { shop: SHOP, variantId: V(6), observedAt: T, cost: 1_000 });
    await db.inventoryLevel.create({ data: { shop: SHOP, inventoryItemId: "i6", locationId: "L1", variantId: V(6), available: 4, onHand: 4, committed: 0, incoming: 0, updatedAt: T, runId: "r", syncedAt: T } });
    for (const [day, onHand] of [["2026-11-01", 5], ["2026-11-20", 0], ["2026-11-27", 8]] as const) {
      await db.stockSnapshot.create({ data: { shop: SHOP, variantId: V(6), day, onHand, unitCost: 1_000, valueAtCost: onHand * 1_000, currency: "EUR", recordedAt: T } });
    }
    for (const [day, units] of [["2026-11-15", 5], ["2026-11-22", 2], ["2026-11-28", 4]] as const) {
      await db.productDayMargin.create({ data: { ...ZERO, shop: SHOP, productId: P(5), day, title: "x", currency: "EUR", units } });
    }
    const r = await reorderSuggestions(db, SHOP, "2026-12-07");
    const lamp = r.plan.suppliers.find((s) => s.supplierId === null)!.lines.find((l) => l.title === "Lamp")!;
    expect(lamp).toMatchObject({ position: 4, reorderPoint: 11, orderUpTo: 52, quantity: 48, cost: 48_000 });
  });

  it("follows the merchant's supplier of a product and the options given", async () => {
    // The Vase moved to Atelier Roux: its 4 units are raised to the minimum of 50 (× 12.50 = 625.00).
    await d.db.productSupplier.create({ data: { shop: SHOP, productId: P(3), supplierId: ROUX, savedAt: T } });
    // Target cover 30 days: Bowl up to 2 × (14 + 30) = 88 → 48, raised to 50 (× 5.00 = 250.00);
    // Blue up to 1 × 44 = 44 → 38, raised to 50; Vase up to ceil(44 × 3 / 90) = 2 → 2, raised to 50.
    const r = await reorderSuggestions(d.db, SHOP, "2026-12-07", { targetCoverDays: 30 });
    expect(r.plan.suppliers.map((s) => [s.supplierName, s.lines.map((l) => [l.title, l.quantity, l.cost])])).toEqual([
      ["Atelier Roux", [["Bowl", 50, 25_000], ["Cup set – Blue", 50, null], ["Vase", 50, 62_500]]],
    ]);
    // 250.00 + 625.00 = 875.00.
    expect(r.plan.cost).toBe(87_500);
  });
});
