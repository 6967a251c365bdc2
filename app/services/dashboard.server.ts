/**
 * The home page's margin summary for a shop-local range, compared with the
 * previous period of the same length: from the stored order margins summed per day
 * (`ShopDayMargin`, one small query per period), the cost waterfall, net margin per month, and what
 * to fix first: the loss-making products and order patterns costing the most, each
 * with its cause and one action (domain/fix-actions.ts), and the stock tying up the most
 * cash today (dead stock, overstock: the products' stock flags, domain/stock-flags.ts).
 */
import type { PrismaClient } from "@prisma/client";

import { allCostMissing, fixTheseFirst, type FixItem, type GatewayTotals, type ShippingLossOrders, type StockFixInput } from "~/domain/fix-actions";
import { stockFlags } from "~/domain/stock-flags";
import { addDays } from "~/domain/time";
import { productMargins } from "~/margins/product-report.server";
import { loadSettingsHistory, settingsToday, shopFacts } from "~/store/cost-settings.server";
import { readShopDays, type ShopDaySum, type ShopPeriodRows } from "~/store/day-summary.server";

import { cashFixes } from "./cash-fixes.server";
import { flaggedStockProducts } from "./stock.server";

export interface PeriodTotals {
  /** Orders with a margin: gift-card-only orders left out (counted apart below). */
  orders: number;
  /** Orders that only sold gift cards: no margin, not in these totals. */
  giftCardOnlyOrders: number;
  items: number;
  lossOrders: number;
  netRevenue: number;
  costOfGoods: number;
  shipping: number;
  packaging: number;
  labour: number;
  paymentFees: number;
  fixedCosts: number;
  /** The orders' shares of their products' stock carrying cost (a product's unsold rest is on the product, not here). */
  stockCarrying: number;
  provisions: number;
  netMargin: number;
}

export interface Dashboard {
  currency: string;
  range: { from: string; to: string };
  previous: { from: string; to: string };
  current: PeriodTotals;
  before: PeriodTotals;
  months: { month: string; netRevenue: number; netMargin: number }[];
  /** Net revenue and net margin per day (ranges up to 31 days), week (up to 120) or month; empty periods are 0. */
  trend: { granularity: TrendGranularity; points: TrendPoint[] };
  /**
   * "Fix these first": the loss-making products and order patterns costing the most, each with
   * its main cause and one action (domain/fix-actions.ts), then dead stock and overstock, then the
   * products sold without a cost.
   */
  fixes: FixItem[];
}

export type TrendGranularity = "day" | "week" | "month";
export interface TrendPoint {
  /** First day of the period (YYYY-MM-DD). */
  start: string;
  netRevenue: number;
  netMargin: number;
}

/** The period a day falls in: itself, its week's Monday, or its month's first day. */
function periodStart(day: string, g: TrendGranularity): string {
  if (g === "day") return day;
  if (g === "month") return `${day.slice(0, 7)}-01`;
  const d = new Date(`${day}T00:00:00Z`);
  const back = (d.getUTCDay() + 6) % 7;
  return addDays(day, -back);
}

/**
 * Groups day totals over [from, to) by day, week (Monday first) or month, with
 * every period of the range present (0 when it had no order) up to the last one
 * with an order: the periods after it are left out, so a chart stops where the
 * data stops instead of diving to 0 (issue 17: that read as sales collapsing).
 */
export function trendOf(days: readonly { day: string; netRevenue: number; netMargin: number }[], range: { from: string; to: string }): { granularity: TrendGranularity; points: TrendPoint[] } {
  const span = Math.round((Date.parse(range.to) - Date.parse(range.from)) / 86_400_000);
  const granularity: TrendGranularity = span <= 31 ? "day" : span <= 120 ? "week" : "month";
  const points = new Map<string, TrendPoint>();
  for (let d = range.from; d < range.to; d = addDays(d, 1)) {
    const start = periodStart(d, granularity);
    if (!points.has(start)) points.set(start, { start, netRevenue: 0, netMargin: 0 });
  }
  let last = "";
  for (const d of days) {
    const start = periodStart(d.day, granularity);
    const p = points.get(start);
    if (!p) continue;
    p.netRevenue += d.netRevenue;
    p.netMargin += d.netMargin;
    if (start > last) last = start;
  }
  return { granularity, points: [...points.values()].filter((p) => p.start <= last) };
}

/**
 * A period's totals and order patterns from the day rows (`ShopDayMargin`,
 * store/day-summary.server.ts: the stored order margins summed per local day and
 * gateway when they are written), so a year is a few hundred rows, not every order.
 *
 * Gift-card-only orders (`Order.giftCardOnly`) are left out of the totals: they have
 * no margin (their OrderMargin row is all 0), so counting them would lower the average
 * basket and the loss share. The order patterns for "Fix these first": per payment
 * gateway its orders, net revenue and fees (domain gatewayFix), and the orders that lose
 * money on shipping alone: a loss no larger than what the carrier cost above the shipping
 * the customer paid (domain shippingOrdersFix). Cancelled and test orders left out.
 */
function periodOf(rows: readonly ShopPeriodRows[]): { totals: PeriodTotals; gateways: GatewayTotals[]; shippingOrders: ShippingLossOrders } {
  const sum = (k: ShopDaySum) => rows.reduce((s, r) => s + r.totals[k], 0);
  const giftCardOnlyOrders = sum("giftCardOnly");
  const totals: PeriodTotals = {
    orders: sum("orders") - giftCardOnlyOrders,
    giftCardOnlyOrders,
    items: sum("items"),
    lossOrders: sum("lossOrders"),
    netRevenue: sum("netRevenue"),
    costOfGoods: sum("costOfGoods"),
    shipping: sum("shipping"),
    packaging: sum("packaging"),
    labour: sum("labour"),
    paymentFees: sum("paymentFees"),
    fixedCosts: sum("fixedCosts"),
    stockCarrying: sum("stockCarrying"),
    provisions: sum("provisions"),
    netMargin: sum("netMargin"),
  };
  // Gateways in name order, none first: ties in gatewayFix then go the same way on either database.
  const gateways = [...rows]
    .sort((a, b) => (a.gateway === b.gateway ? 0 : a.gateway === null ? -1 : b.gateway === null ? 1 : a.gateway < b.gateway ? -1 : 1))
    .map((r) => ({ gateway: r.gateway, orders: r.totals.orders, netRevenue: r.totals.netRevenue, paymentFees: r.totals.paymentFees }));
  const shippingOrders = { orders: sum("shippingLossOrders"), loss: sum("shippingLoss"), unpaidShipping: sum("unpaidShipping") };
  return { totals, gateways, shippingOrders };
}

/**
 * Variants of these products that have no unit cost today, neither Shopify's nor one entered
 * in NetMargin: what the bulk unit-cost editor lists for them.
 */
async function variantsWithoutCost(db: PrismaClient, shop: string, productIds: readonly string[]): Promise<number> {
  if (productIds.length === 0) return 0;
  let count = 0;
  // In chunks: SQLite binds at most 999 parameters a statement.
  for (let i = 0; i < productIds.length; i += 500) {
    const variants = await db.variant.findMany({ where: { shop, productId: { in: productIds.slice(i, i + 500) }, unitCost: null }, select: { id: true } });
    if (variants.length === 0) continue;
    const overridden = await db.unitCostOverride.findMany({ where: { shop, variantId: { in: variants.map((v) => v.id) } }, select: { variantId: true }, distinct: ["variantId"] });
    count += variants.length - overridden.length;
  }
  return count;
}

/**
 * The products whose stock has a flag today (stock.server.ts's health, domain/stock-flags.ts), for
 * the stock items; none before the first inventory import. Stock is today's whatever the range.
 */
async function stockFixInput(db: PrismaClient, shop: string, locale: string): Promise<StockFixInput[]> {
  // The stored stock health (worked out after each sync), only the products with a flag's class: none before its first refresh.
  const o = await flaggedStockProducts(db, shop);
  if (!o) return [];
  return o.products.map((p) => ({ productId: p.productId, title: p.title, flags: stockFlags(p.variants, o.options, o.currency, locale) })).filter((p) => p.flags.length > 0);
}

/** `range`: shop-local dates, `to` exclusive (products-view's resolveRange); `locale` the admin's, for the fixes' sentences; `_now` unused since the stock is read stored (kept for the callers). */
export async function dashboard(db: PrismaClient, shop: string, range: { from: string; to: string }, locale = "en", _now = new Date()): Promise<Dashboard> {
  const facts = await shopFacts(db, shop);
  const days = Math.round((Date.parse(range.to) - Date.parse(range.from)) / 86_400_000);
  const previous = { from: addDays(range.from, -days), to: range.from };
  const history = await loadSettingsHistory(db, shop, facts);
  const settings = settingsToday(history);
  const [currentRows, beforeRows, byDay, products, stock] = await Promise.all([
    readShopDays(db, shop, range.from, range.to),
    readShopDays(db, shop, previous.from, previous.to),
    db.productDayMargin.groupBy({ by: ["day"], where: { shop, day: { gte: range.from, lt: range.to } }, _sum: { merchandise: true, shippingRevenue: true, netMargin: true } }),
    productMargins(db, shop, range, settings, facts.currency),
    stockFixInput(db, shop, locale),
  ]);
  const patterns = periodOf(currentRows);
  const current = patterns.totals;
  const before = periodOf(beforeRows).totals;
  const costless = products.filter(allCostMissing).map((p) => p.productId).filter((id): id is string => id !== null);
  const fixes = fixTheseFirst(
    { products, missingCostVariants: await variantsWithoutCost(db, shop, costless), shippingOrders: patterns.shippingOrders, gateways: patterns.gateways, stock },
    settings,
    facts.currency,
    { locale },
  );
  fixes.push(...(await cashFixes(db, shop, locale)));
  // Months from the product days (cancelled and test orders are not in them either).
  const months = new Map<string, { netRevenue: number; netMargin: number }>();
  for (const d of byDay) {
    const m = d.day.slice(0, 7);
    const acc = months.get(m) ?? { netRevenue: 0, netMargin: 0 };
    acc.netRevenue += (d._sum.merchandise ?? 0) + (d._sum.shippingRevenue ?? 0);
    acc.netMargin += d._sum.netMargin ?? 0;
    months.set(m, acc);
  }
  const dayTotals = byDay.map((d) => ({ day: d.day, netRevenue: (d._sum.merchandise ?? 0) + (d._sum.shippingRevenue ?? 0), netMargin: d._sum.netMargin ?? 0 }));
  return {
    currency: facts.currency,
    range,
    previous,
    current,
    before,
    trend: trendOf(dayTotals, range),
    months: [...months].sort(([a], [b]) => (a < b ? -1 : 1)).map(([month, v]) => ({ month, ...v })),
    fixes,
  };
}
