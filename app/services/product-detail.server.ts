/**
 * One product's page: its margin over the range with every cost step, per unit
 * and in total; net margin per month; its variants with the unit cost in force and
 * the merchant's overrides; the price or cost that would reach break-even and
 * the thin-margin target (domain/products.ts); and its stock today: on hand, value
 * at cost, days of cover, class with its reason, last sale, per variant, and its
 * stock flags (stock.server.ts, domain/stock-flags.ts).
 */
import { Prisma, type PrismaClient } from "@prisma/client";

import { localDate, startOfLocalDate } from "~/domain/time";
import { profitabilityTargets, type ProductMargin } from "~/domain/products";
import { stockFlags, type StockFlag } from "~/domain/stock-flags";
import type { StockClass, StockHealthOptions } from "~/domain/stock-health";
import { productMargins } from "~/margins/product-report.server";
import { loadSettingsHistory, settingsToday, shopFacts } from "~/store/cost-settings.server";

import { resolveRange } from "~/domain/time";
import type { ProductsParams } from "./products-view.server";
import { stockForProduct, type StockVariantRow } from "./stock.server";

/** What the stock section shows of a product or one of its variants. */
export interface StockFigures {
  onHand: number;
  /** Minor units; null when a variant with stock has no unit cost. */
  valueAtCost: number | null;
  /** Whole days at the current pace; null: no sale in the window (never runs out at this pace). */
  daysOfCover: number | null;
  lastSaleOn: string | null;
  stockClass: StockClass;
  /** The class in words ("No sale for 120 days, 200 units on hand."). */
  reason: string;
}

export interface ProductStockSection {
  /** An inventory import has run; before it there is nothing to show. */
  inventorySynced: boolean;
  /** The shop's first stock snapshot (Shopify keeps no stock history before install); null before the first. */
  historyStarts: string | null;
  /** The last complete day the figures are for. */
  asOf: string;
  options: StockHealthOptions;
  /** Null when no variant is stocked and tracked by Shopify. */
  product: (StockFigures & { knownValueAtCost: number }) | null;
  /** Its variants, only when it has more than one. */
  variants: (StockFigures & { variantId: string; title: string })[];
  flags: StockFlag[];
  /** Variants Shopify does not track quantities for. */
  untracked: number;
}

export interface ProductDetail {
  currency: string;
  /** The product's title: as sold in the range, else the catalog's (a product that sold nothing, dead stock among them); null when unknown. */
  title: string | null;
  range: { from: string; to: string };
  product: ProductMargin | null;
  thresholds: { thinMarginPercent: number; shippingHeavyPercent: number };
  months: { month: string; units: number; netRevenue: number; netMargin: number }[];
  variants: { id: string; title: string | null; sku: string | null; shopifyCost: number | null; override: { cost: number; effectiveFrom: string | null } | null }[];
  /** None of the units sold in the range has a unit cost: "Cost missing", with the variants still without one. Null otherwise. */
  costMissing: { units: number; variants: number } | null;
  /** The latest orders of the range with a line of this product (up to 10, newest first), for links to their pages. */
  orders: { orderId: string; orderName: string; localDate: string; netMargin: number; marginBp: number | null }[];
  targets: { breakEven: ReturnType<typeof profitabilityTargets>; thin: ReturnType<typeof profitabilityTargets>; thinPercent: number; variablePercent: number } | null;
  stock: ProductStockSection;
}

function variantFigures(v: StockVariantRow): StockFigures & { variantId: string; title: string } {
  return { variantId: v.variantId, title: v.variantTitle ?? v.productTitle, onHand: v.onHand, valueAtCost: v.valueAtCost, daysOfCover: v.daysOfCover, lastSaleOn: v.lastSaleOn, stockClass: v.stockClass, reason: v.reason };
}

/** The product's stock today for its page (stock.server.ts's stockForProduct), with its stock flags in `locale`. */
async function productStock(db: PrismaClient, shop: string, productId: string, now: Date, locale: string): Promise<ProductStockSection> {
  const s = await stockForProduct(db, shop, productId, undefined, { now });
  const p = s.product;
  return {
    inventorySynced: s.inventorySynced,
    historyStarts: s.historyStarts,
    asOf: s.asOf,
    options: s.options,
    product: p && {
      onHand: p.health.onHand,
      valueAtCost: p.health.valueAtCost,
      knownValueAtCost: p.health.knownValueAtCost,
      daysOfCover: p.daysOfCover,
      lastSaleOn: p.health.lastSaleOn,
      stockClass: p.health.stockClass,
      reason: p.health.reason,
    },
    variants: p && p.variants.length > 1 ? p.variants.map(variantFigures) : [],
    flags: p ? stockFlags(p.variants, s.options, s.currency, locale) : [],
    untracked: s.untracked,
  };
}

/** `locale`: the admin's, for the stock flags' sentences. */
export async function productDetail(db: PrismaClient, shop: string, productId: string, params: Pick<ProductsParams, "range" | "from" | "to">, now = new Date(), locale = "en"): Promise<ProductDetail> {
  const facts = await shopFacts(db, shop);
  const history = await loadSettingsHistory(db, shop, facts);
  const settings = settingsToday(history, now);
  const range = resolveRange(params, localDate(now.toISOString(), facts.timeZone));
  const [all, days, variants, stock, catalog] = await Promise.all([
    productMargins(db, shop, range, settings, facts.currency),
    db.productDayMargin.findMany({
      where: { shop, productId, day: { gte: range.from, lt: range.to } },
      select: { day: true, units: true, merchandise: true, shippingRevenue: true, netMargin: true },
      orderBy: { day: "asc" },
    }),
    db.variant.findMany({ where: { shop, productId }, select: { id: true, title: true, sku: true, unitCost: true }, orderBy: { id: "asc" } }),
    productStock(db, shop, productId, now, locale),
    db.product.findUnique({ where: { shop_id: { shop, id: productId } }, select: { title: true } }),
  ]);
  const [overrides, orders] = await Promise.all([
    db.unitCostOverride.findMany({ where: { shop, variantId: { in: variants.map((v) => v.id) } }, orderBy: { position: "asc" } }),
    latestOrdersWith(db, shop, productId, { from: new Date(startOfLocalDate(range.from, facts.timeZone)), to: new Date(startOfLocalDate(range.to, facts.timeZone)) }),
  ]);
  const product = all.find((p) => p.productId === productId) ?? null;
  const months = new Map<string, { units: number; netRevenue: number; netMargin: number }>();
  for (const d of days) {
    const key = d.day.slice(0, 7);
    const m = months.get(key) ?? { units: 0, netRevenue: 0, netMargin: 0 };
    m.units += d.units;
    m.netRevenue += d.merchandise + d.shippingRevenue;
    m.netMargin += d.netMargin;
    months.set(key, m);
  }
  const lastOverride = new Map<string, { cost: number; effectiveFrom: string | null }>();
  for (const o of overrides) lastOverride.set(o.variantId, { cost: o.cost, effectiveFrom: o.effectiveFrom });
  // Fees and provisions that scale with the price: the default gateway's % and the provisions.
  const p = settings.provisions;
  const variablePercent = settings.paymentFees.default.percent + p.returnsPercent + p.fraudPercent + p.spoilagePercent;
  const thinPercent = settings.thresholds.thinMarginPercent;
  const variantRows = variants.map((v) => ({ id: v.id, title: v.title, sku: v.sku, shopifyCost: v.unitCost, override: lastOverride.get(v.id) ?? null }));
  const costMissing =
    product && product.units === 0 && product.missingCost.units > 0
      ? { units: product.missingCost.units, variants: variantRows.filter((v) => v.shopifyCost === null && v.override === null).length }
      : null;
  const totals = product && {
    units: product.units,
    merchandise: product.revenue.merchandise,
    shipping: product.revenue.shipping,
    netMargin: product.netMargin,
    costs: product.costs,
  };
  return {
    currency: facts.currency,
    title: product?.title ?? catalog?.title ?? null,
    range,
    product,
    // The flags' thresholds today (the badges' tooltips; products are flagged with today's settings).
    thresholds: settings.thresholds,
    months: [...months].map(([month, v]) => ({ month, ...v })),
    variants: variantRows,
    costMissing,
    orders,
    targets: totals
      ? {
          breakEven: profitabilityTargets(totals, { variablePercent, targetPercent: 0 }),
          thin: profitabilityTargets(totals, { variablePercent, targetPercent: thinPercent }),
          thinPercent,
          variablePercent,
        }
      : null,
    stock,
  };
}

/**
 * The latest orders of a period with a line of the product, found through its variants' lines
 * (OrderLine is indexed by variant), newest first; cancelled and test orders left out, as in
 * the product's totals.
 */
async function latestOrdersWith(db: PrismaClient, shop: string, productId: string, period: { from: Date; to: Date }, limit = 10): Promise<ProductDetail["orders"]> {
  const rows = await db.$queryRaw<{ orderId: string; orderName: string; localDate: string; netMargin: number | bigint; marginBp: number | bigint | null }[]>(Prisma.sql`
    SELECT DISTINCT m."orderId", m."orderName", m."localDate", m."netMargin", m."marginBp", m."processedAt"
      FROM "OrderLine" l
      JOIN "OrderMargin" m ON m."shop" = l."shop" AND m."orderId" = l."orderId"
     WHERE l."shop" = ${shop} AND l."variantId" IN (SELECT v."id" FROM "Variant" v WHERE v."shop" = ${shop} AND v."productId" = ${productId})
       AND m."cancelled" = ${false} AND m."test" = ${false} AND m."processedAt" >= ${period.from} AND m."processedAt" < ${period.to}
     ORDER BY m."processedAt" DESC, m."orderId" DESC
     LIMIT ${limit}`);
  return rows.map((r) => ({ orderId: r.orderId, orderName: r.orderName, localDate: r.localDate, netMargin: Number(r.netMargin), marginBp: r.marginBp === null ? null : Number(r.marginBp) }));
}
