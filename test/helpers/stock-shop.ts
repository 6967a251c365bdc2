/**
 * A small stocked shop for pages that show stock (Home's fix list, the product page), stored as
 * sync and the recompute store it: catalog, one active location, levels, daily stock snapshots
 * (history starts on 1 November 2026, at install) and the margins per product-day (and
 * variant-day for the product of two variants). Today is 7 December 2026 (`STOCK_NOW`), so the
 * last complete day is the 6th: short window 9 Nov – 6 Dec (28 days).
 *
 * - Linen shirt (P1, V1): 200 on hand × 20.00 = 4,000.00; last sale 8 August, 120 days before
 *   6 December → dead stock.
 * - Lamp (P7, V7): 56 sold in the 28 days (14 on 10, 20, 30 Nov and 5 Dec) = 2 a day; 400 on hand
 *   → floor(400 × 28 / 56) = 200 days of cover > 90 → overstock; the target needs
 *   ceil(90 × 56 / 28) = 180 units, so 220 above it × 10.00 = 2,200.00.
 * - Mug (P2): Blue (V21) 28 sold in the 28 days (14 on 20 Nov and 1 Dec), 10 on hand → 10 days of
 *   cover < 14 lead + 7 safety → at risk; Red (V22) 2 sold on 1 Dec, 100 on hand → 1,400 days of
 *   cover → overstock, 100 − ceil(90 × 2 / 28 = 6.43) = 93 units above target × 5.00 = 465.00.
 *   Every net margin is positive: nothing here is a loss.
 */
import type { PrismaClient } from "@prisma/client";

import { createProduct, createUnitCost, createVariant } from "./factories";
import { refreshStockHealth } from "~/margins/stock-health.server";

export const STOCK_NOW = new Date("2026-12-07T10:00:00Z");
const INSTALL = new Date("2026-11-01T00:00:00Z");
const PARIS = "gid://shopify/Location/1";

interface StockedVariant {
  readonly id: number;
  readonly title: string;
  readonly cost: number;
  readonly price: number;
  readonly onHand: number;
  readonly snapshots: readonly (readonly [day: string, onHand: number])[];
  /** Units sold per day, each unit earning 3.00 of net margin. */
  readonly sales: readonly (readonly [day: string, units: number])[];
}

export const STOCKED_PRODUCTS: readonly { readonly id: number; readonly title: string; readonly variants: readonly StockedVariant[] }[] = [
  { id: 1, title: "Linen shirt", variants: [{ id: 1, title: "Default Title", cost: 2000, price: 4500, onHand: 200, snapshots: [["2026-11-01", 200]], sales: [["2026-08-08", 1]] }] },
  {
    id: 7,
    title: "Lamp",
    variants: [{ id: 7, title: "Default Title", cost: 1000, price: 4000, onHand: 400, snapshots: [["2026-11-01", 456], ["2026-12-05", 400]], sales: [["2026-11-10", 14], ["2026-11-20", 14], ["2026-11-30", 14], ["2026-12-05", 14]] }],
  },
  {
    id: 2,
    title: "Mug",
    variants: [
      { id: 21, title: "Blue", cost: 400, price: 1200, onHand: 10, snapshots: [["2026-11-01", 38], ["2026-11-20", 24], ["2026-12-01", 10]], sales: [["2026-11-20", 14], ["2026-12-01", 14]] },
      { id: 22, title: "Red", cost: 500, price: 1200, onHand: 100, snapshots: [["2026-11-01", 102], ["2026-12-01", 100]], sales: [["2026-12-01", 2]] },
    ],
  },
];

const MARGIN_PER_UNIT = 300;

/** A day's margin row of `units` units: revenue and costs left at 0 but the net margin (what the stock pages read). */
function dayRow(shop: string, productId: string, title: string, day: string, units: number) {
  return {
    shop, day, productId, title, currency: "EUR", orders: 1, lines: 1, units, merchandise: 0, shippingRevenue: 0, discounts: 0, costOfGoods: 0, shipping: 0, packaging: 0,
    labour: 0, paymentFees: 0, fixedCosts: 0, returns: 0, fraud: 0, spoilage: 0, netMargin: units * MARGIN_PER_UNIT, withoutDiscounts: 0, missingLines: 0, missingRevenue: 0,
    estimatedLines: 0, missingUnits: 0,
  };
}

/** Stores the products above for `shop` (the shop row must exist, in EUR), and their stock health worked out as of STOCK_NOW (as the stock-health job does after a sync). */
export async function storeStockedShop(db: PrismaClient, shop: string): Promise<void> {
  await db.inventoryLocation.create({ data: { shop, id: PARIS, name: "Boutique Paris", isActive: true, runId: "r", syncedAt: INSTALL } });
  for (const p of STOCKED_PRODUCTS) {
    const productId = `gid://shopify/Product/${p.id}`;
    await createProduct(db, { shop, id: productId, title: p.title });
    const perDay = new Map<string, number>();
    for (const v of p.variants) {
      const variantId = `gid://shopify/ProductVariant/${v.id}`;
      const item = `gid://shopify/InventoryItem/${v.id}`;
      await createVariant(db, { shop, id: variantId, productId, title: v.title, price: v.price, tracked: true, inventoryItemId: item, sku: `SKU-${v.id}` });
      await createUnitCost(db, { shop, variantId, cost: v.cost });
      await db.inventoryLevel.create({ data: { shop, inventoryItemId: item, locationId: PARIS, variantId, available: v.onHand, onHand: v.onHand, committed: 0, incoming: 0, updatedAt: INSTALL, runId: "r", syncedAt: INSTALL } });
      await db.stockSnapshot.createMany({ data: v.snapshots.map(([day, onHand]) => ({ shop, variantId, day, onHand, unitCost: v.cost, valueAtCost: BigInt(onHand * v.cost), currency: "EUR", recordedAt: INSTALL })) });
      for (const [day, units] of v.sales) perDay.set(day, (perDay.get(day) ?? 0) + units);
      // Variant rows only for a product of several variants, as the recompute writes them.
      if (p.variants.length > 1) await db.variantDayMargin.createMany({ data: v.sales.map(([day, units]) => ({ ...dayRow(shop, productId, `${p.title} - ${v.title}`, day, units), variantId })) });
    }
    await db.productDayMargin.createMany({ data: [...perDay].map(([day, units]) => dayRow(shop, productId, p.title, day, units)) });
  }
  await refreshStockHealth(db, shop, { now: STOCK_NOW });
}
