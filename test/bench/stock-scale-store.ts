/**
 * Builds the 50,000-variant, 1M-orders-a-year store test/bench/stock-scale.ts measures
 * (issue 18, performance), into an empty SQLite file: 6,250 products × 8 variants, 3
 * locations (150,000 inventory levels), one cost per variant, stock snapshots since
 * install 120 days ago (2 % of the variants out of stock and restocked inside the window),
 * and a year of day margins as 1M orders (≈ 2,740 a day, ≈ 1.6 lines each) leave them: ≈ 4,400
 * lines a day over variants drawn with a skew (a few best-sellers, a long tail, a third never sold).
 * Deterministic (seeded). Rows go in through the bulk SqlDb writer, as the app writes them.
 */
import type { SqlDb, SqlValue } from "~/store/sql.server";
import { addDays } from "~/domain/time";

export const SCALE_SHOP = "scale.myshopify.com";
export const PRODUCTS = 6_250;
export const VARIANTS_PER_PRODUCT = 8;

function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const MARGIN_COLUMNS = ["orders", "lines", "units", "merchandise", "shippingRevenue", "discounts", "costOfGoods", "shipping", "packaging", "labour", "paymentFees", "fixedCosts", "stockCarrying", "returns", "fraud", "spoilage", "netMargin", "withoutDiscounts", "missingLines", "missingUnits", "missingRevenue", "estimatedLines"];

export async function buildScaleStore(sql: SqlDb, asOf: string, opts: { linesPerDay?: number; days?: number } = {}): Promise<{ variantDays: number; productDays: number }> {
  const shop = SCALE_SHOP;
  const rand = prng(18);
  const now = new Date(`${asOf}T12:00:00Z`);
  const linesPerDay = opts.linesPerDay ?? 4_400;
  const days = opts.days ?? 365;
  const pid = (p: number) => `gid://shopify/Product/${p + 1}`;
  const vid = (p: number, v: number) => `gid://shopify/ProductVariant/${p * VARIANTS_PER_PRODUCT + v + 1}`;
  const iid = (p: number, v: number) => `gid://shopify/InventoryItem/${p * VARIANTS_PER_PRODUCT + v + 1}`;
  const price = (p: number) => 1_000 + ((p * 37) % 90) * 100;
  const cost = (p: number) => Math.round(price(p) * 0.4);
  const install = addDays(asOf, -120);

  const products: SqlValue[][] = [];
  const variants: SqlValue[][] = [];
  const costs: SqlValue[][] = [];
  const levels: SqlValue[][] = [];
  const snapshots: SqlValue[][] = [];
  const locations = [1, 2, 3].map((n) => `gid://shopify/Location/${n}`);
  for (let p = 0; p < PRODUCTS; p++) {
    products.push([shop, pid(p), `Product ${p + 1}`, "ACTIVE", `Vendor ${(p % 40) + 1}`, now, now]);
    for (let v = 0; v < VARIANTS_PER_PRODUCT; v++) {
      variants.push([shop, vid(p, v), pid(p), `Size ${v + 1}`, `SKU-${p + 1}-${v + 1}`, price(p), "EUR", iid(p, v), cost(p), "EUR", 300, true, true, now, now, now]);
      costs.push([shop, vid(p, v), new Date(`${install}T00:00:00Z`), cost(p), "EUR", "backfill"]);
      let total = 0;
      for (const loc of locations) {
        const q = Math.floor(rand() * 40);
        total += q;
        levels.push([shop, iid(p, v), loc, vid(p, v), q, q, 0, 0, now, "bench", now]);
      }
      const value = (n: number) => n * cost(p);
      snapshots.push([shop, vid(p, v), install, total, cost(p), value(total), "EUR", now]);
      if (rand() < 0.02) {
        const out = addDays(asOf, -60 + Math.floor(rand() * 30));
        snapshots.push([shop, vid(p, v), out, 0, cost(p), 0, "EUR", now]);
        snapshots.push([shop, vid(p, v), addDays(out, 10), total, cost(p), value(total), "EUR", now]);
      }
    }
  }

  // A year of day margins: each line a variant drawn with a skew (u³ puts the best-sellers first).
  const variantDays: SqlValue[][] = [];
  const productDays: SqlValue[][] = [];
  const sold = Math.floor(PRODUCTS * VARIANTS_PER_PRODUCT * 0.66);
  for (let d = 0; d < days; d++) {
    const day = addDays(asOf, -d);
    const perVariant = new Map<number, number>();
    for (let i = 0; i < linesPerDay; i++) {
      const k = Math.floor(sold * rand() ** 3);
      perVariant.set(k, (perVariant.get(k) ?? 0) + 1 + Math.floor(rand() * 2));
    }
    const perProduct = new Map<number, { lines: number; units: number }>();
    for (const [k, units] of perVariant) {
      const p = Math.floor(k / VARIANTS_PER_PRODUCT);
      const lines = 1;
      const merch = units * price(p);
      const net = merch - units * cost(p) - 300 * lines;
      variantDays.push([shop, day, pid(p), vid(p, k % VARIANTS_PER_PRODUCT), `Product ${p + 1}`, "EUR", ...marginValues(lines, units, merch, units * cost(p), net)]);
      const agg = perProduct.get(p) ?? { lines: 0, units: 0 };
      agg.lines += lines;
      agg.units += units;
      perProduct.set(p, agg);
    }
    for (const [p, a] of perProduct) {
      const merch = a.units * price(p);
      productDays.push([shop, day, pid(p), `Product ${p + 1}`, "EUR", ...marginValues(a.lines, a.units, merch, a.units * cost(p), merch - a.units * cost(p) - 300 * a.lines)]);
    }
  }

  await sql.transaction(async (tx) => {
    await tx.insertMany("Shop", ["shop", "installedAt", "scopes", "currencyCode", "ianaTimezone", "createdAt", "updatedAt"], [[shop, new Date(`${install}T00:00:00Z`), "read_products,read_orders,read_inventory", "EUR", "Europe/Paris", now, now]]);
    await tx.insertMany("Product", ["shop", "id", "title", "status", "vendor", "updatedAt", "syncedAt"], products);
    await tx.insertMany("Variant", ["shop", "id", "productId", "title", "sku", "price", "currency", "inventoryItemId", "unitCost", "unitCostCurrency", "weightGrams", "requiresShipping", "tracked", "updatedAt", "costUpdatedAt", "syncedAt"], variants);
    await tx.insertMany("UnitCostSnapshot", ["shop", "variantId", "observedAt", "cost", "currency", "source"], costs);
    await tx.insertMany("InventoryLocation", ["shop", "id", "name", "isActive", "runId", "syncedAt"], locations.map((id, n) => [shop, id, ["Warehouse", "Shop floor", "Logistics partner"][n]!, true, "bench", now]));
    await tx.insertMany("InventoryLevel", ["shop", "inventoryItemId", "locationId", "variantId", "available", "onHand", "committed", "incoming", "updatedAt", "runId", "syncedAt"], levels);
    await tx.insertMany("StockSnapshot", ["shop", "variantId", "day", "onHand", "unitCost", "valueAtCost", "currency", "recordedAt"], snapshots);
    await tx.insertMany("VariantDayMargin", ["shop", "day", "productId", "variantId", "title", "currency", ...MARGIN_COLUMNS], variantDays);
    await tx.insertMany("ProductDayMargin", ["shop", "day", "productId", "title", "currency", ...MARGIN_COLUMNS], productDays);
  });
  return { variantDays: variantDays.length, productDays: productDays.length };
}

function marginValues(lines: number, units: number, merchandise: number, costOfGoods: number, netMargin: number): number[] {
  // orders, lines, units, merchandise, shippingRevenue, discounts, costOfGoods, shipping, packaging, labour, paymentFees,
  // fixedCosts, stockCarrying, returns, fraud, spoilage, netMargin, withoutDiscounts, missing×3, estimatedLines
  return [lines, lines, units, merchandise, 0, 0, costOfGoods, 300 * lines, 0, 0, 0, 0, 0, 0, 0, 0, netMargin, netMargin, 0, 0, 0, 0];
}
