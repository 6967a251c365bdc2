/**
 * Rows for tests on a database: a shop, its offline session, its cost settings, its
 * catalog (products, variants, the unit costs sync saw) and its orders, written the
 * way the app writes them. The defaults are a plain shop: alpha.myshopify.com, EUR,
 * Europe/Paris, installed on 1 January 2026, selling the tote bag (product 1, variant
 * 11) of `oneLineOrder`. A test passes as an override whatever its numbers depend on.
 */
import type { Prisma } from "@prisma/client";

import type { Db } from "~/db.server";
import type { OrderRecord } from "~/domain/types";
import { saveSettingsVersion } from "~/store/cost-settings.server";
import { writeOrders } from "~/store/order-store.server";
import type { SqlDb } from "~/store/sql.server";

export { oneLineOrder } from "./orders";

/** 1 January 2026 (UTC): the default install date, and when sync first saw the catalog. */
export const JANUARY_1 = new Date("2026-01-01T00:00:00Z");

type Client = Db | Prisma.TransactionClient;

// ---------------------------------------------------------------------------
// Shop
// ---------------------------------------------------------------------------

/** A Shop row. `currencyCode: null, ianaTimezone: null` is a shop whose details were never read. */
export async function createShop(db: Client, overrides: Partial<Prisma.ShopUncheckedCreateInput> = {}) {
  return db.shop.create({
    data: { shop: "alpha.myshopify.com", installedAt: JANUARY_1, scopes: "read_orders", currencyCode: "EUR", ianaTimezone: "Europe/Paris", ...overrides },
  });
}

/** The offline session install stores for `shop` (what the app's Admin calls and authenticate look up). */
export async function createOfflineSession(db: Client, shop: string, overrides: Partial<Prisma.SessionUncheckedCreateInput> = {}) {
  return db.session.create({
    data: { id: `offline_${shop}`, shop, state: "", isOnline: false, scope: "read_orders", accessToken: "shpat_x", ...overrides },
  });
}

// ---------------------------------------------------------------------------
// Cost settings
// ---------------------------------------------------------------------------

/** Cost settings as the settings page posts them: amounts as decimal strings, percentages as numbers. */
export interface CostSettingsInput {
  costOfGoods: Record<string, unknown>;
  shipping: Record<string, unknown>;
  packaging: Record<string, unknown>;
  labour: Record<string, unknown>;
  paymentFees: Record<string, unknown>;
  fixedCosts: Record<string, unknown>;
  provisions: { returnsPercent: number; fraudPercent: number; spoilagePercent: number };
  thresholds: { thinMarginPercent: number; shippingHeavyPercent: number };
}

/** Nothing costs: no shipping rules, every amount 0.00, no fees, fixed costs or provisions; thresholds are the app's defaults. */
function nothingCosts(): CostSettingsInput {
  return {
    costOfGoods: { missingCost: { mode: "exclude" } },
    shipping: { packagingWeightGrams: 0, rules: [], defaultCost: "0.00" },
    packaging: { perParcel: "0.00" },
    labour: { perOrder: "0.00", perItem: "0.00" },
    paymentFees: { gateways: [], default: { percent: 0, fixed: "0.00" } },
    fixedCosts: { allocation: "orders", items: [] },
    provisions: { returnsPercent: 0, fraudPercent: 0, spoilagePercent: 0 },
    thresholds: { thinMarginPercent: 10, shippingHeavyPercent: 25 },
  };
}

/**
 * Cost settings in which nothing costs but what `sections` says: each section given
 * is laid over its nothing-costs value (`{ labour: { perOrder: "0.50" } }` keeps
 * perItem at 0.00).
 */
export function costSettings(sections: { [K in keyof CostSettingsInput]?: Partial<CostSettingsInput[K]> } = {}): CostSettingsInput {
  const settings = nothingCosts();
  for (const name of Object.keys(sections) as (keyof CostSettingsInput)[]) Object.assign(settings[name], sections[name]);
  return settings;
}

/**
 * Saves a cost settings version as the settings page does: for all history unless
 * `effectiveFrom`, saved at `now` (the clock when not given). `settings` may be
 * partial: what it leaves out is the app's defaults. Fails the test if it is refused.
 */
export async function saveSettings(db: Db, shop: string, settings: unknown, opts: { effectiveFrom?: string | null; now?: Date } = {}): Promise<void> {
  const saved = await saveSettingsVersion(db, shop, { settings, effectiveFrom: opts.effectiveFrom ?? null }, opts.now);
  if (!saved.ok) throw new Error(`the settings were refused: ${JSON.stringify(saved.errors)}`);
}

// ---------------------------------------------------------------------------
// Catalog
// ---------------------------------------------------------------------------

/** A Product row, as sync stores it. */
export async function createProduct(db: Client, overrides: Partial<Prisma.ProductUncheckedCreateInput> = {}) {
  return db.product.create({
    data: { shop: "alpha.myshopify.com", id: "gid://shopify/Product/1", title: "Tote bag", updatedAt: JANUARY_1, syncedAt: JANUARY_1, ...overrides },
  });
}

/** A Variant row, as sync stores it: no price, cost or weight unless given. */
export async function createVariant(db: Client, overrides: Partial<Prisma.VariantUncheckedCreateInput> = {}) {
  return db.variant.create({
    data: {
      shop: "alpha.myshopify.com",
      id: "gid://shopify/ProductVariant/11",
      productId: "gid://shopify/Product/1",
      currency: "EUR",
      updatedAt: JANUARY_1,
      syncedAt: JANUARY_1,
      ...overrides,
    },
  });
}

/**
 * A unit cost sync saw in Shopify (a UnitCostSnapshot): `cost` in minor units, seen
 * by the backfill on 1 January 2026 unless given, so before every order of a test.
 */
export async function createUnitCost(db: Client, snapshot: { cost: number | null } & Partial<Prisma.UnitCostSnapshotUncheckedCreateInput>) {
  return db.unitCostSnapshot.create({
    data: { shop: "alpha.myshopify.com", variantId: "gid://shopify/ProductVariant/11", observedAt: JANUARY_1, currency: "EUR", source: "backfill", ...snapshot },
  });
}

// ---------------------------------------------------------------------------
// Orders
// ---------------------------------------------------------------------------

/** Writes orders through sync's writer as the backfill does (a bulk import at `now`), marking their margins for recompute. */
export async function storeOrders(sql: SqlDb, shop: string, orders: readonly OrderRecord[], now: Date) {
  return writeOrders(sql, shop, orders, { origin: "bulk", now });
}
