/**
 * The data of NetMargin's block on Shopify's product page (extensions/
 * product-margin-block): the product's net margin, margin % and flags over the
 * last 90 days, from the stored product-day totals, with the path of its page in
 * the app. Served by /api/product-margin (authenticated with the admin session
 * token the extension's fetch carries).
 */
import type { PrismaClient } from "@prisma/client";

import type { FlagCode } from "~/domain/margin";
import { localDate } from "~/domain/time";
import { productMargins } from "~/margins/product-report.server";
import { loadSettingsHistory, settingsToday, shopFacts } from "~/store/cost-settings.server";

import { resolveRange } from "~/domain/time";

export const PRODUCT_BLOCK_DAYS = 90;

export interface ProductBlockData {
  productId: string;
  currency: string;
  /** Shop-local dates, `to` exclusive. */
  range: { from: string; to: string };
  /** False when the product sold nothing in the range (or is unknown). */
  sold: boolean;
  title: string | null;
  units: number;
  netRevenue: number;
  netMargin: number;
  /** Margin % in basis points; null when net revenue is 0 or less. */
  marginBp: number | null;
  flags: { code: FlagCode; reason: string }[];
  /** The product's page in the app, relative to the app's URL. */
  appPath: string;
}

/** "gid://shopify/Product/123" or "123" → the product GID; null for anything else. */
export function productGid(id: string | null): string | null {
  if (id === null) return null;
  const m = /^(?:gid:\/\/shopify\/Product\/)?(\d{1,20})$/.exec(id.trim());
  return m ? `gid://shopify/Product/${m[1]}` : null;
}

export async function productBlock(db: PrismaClient, shop: string, productId: string, now = new Date()): Promise<ProductBlockData> {
  const facts = await shopFacts(db, shop);
  const settings = settingsToday(await loadSettingsHistory(db, shop, facts), now);
  const range = resolveRange({ range: "90d", from: null, to: null }, localDate(now.toISOString(), facts.timeZone));
  const product = (await productMargins(db, shop, range, settings, facts.currency)).find((p) => p.productId === productId);
  const numeric = productId.split("/").pop()!;
  const appPath = `app/products/${numeric}?range=90d`;
  if (!product) {
    const known = await db.product.findUnique({ where: { shop_id: { shop, id: productId } }, select: { title: true } });
    return { productId, currency: facts.currency, range, sold: false, title: known?.title ?? null, units: 0, netRevenue: 0, netMargin: 0, marginBp: null, flags: [], appPath };
  }
  return {
    productId,
    currency: facts.currency,
    range,
    sold: product.units > 0,
    title: product.title,
    units: product.units,
    netRevenue: product.netRevenue,
    netMargin: product.netMargin,
    marginBp: product.marginPct.kind === "percent" ? product.marginPct.basisPoints : null,
    flags: product.flags.map((f) => ({ code: f.code, reason: f.reason })),
    appPath,
  };
}
