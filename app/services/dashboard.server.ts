/**
 * The home page's margin summary for a shop-local range, compared with the
 * previous period of the same length: from the stored order margins (one
 * aggregate query per period), the cost waterfall, net margin per month, and the
 * worst products (the product report's loss-makers).
 */
import type { PrismaClient } from "@prisma/client";

import { addDays, startOfLocalDate } from "~/domain/time";
import { productReport } from "~/margins/product-report.server";
import { loadSettingsHistory, settingsToday, shopFacts } from "~/models/cost-settings.server";

export interface PeriodTotals {
  orders: number;
  items: number;
  lossOrders: number;
  netRevenue: number;
  costOfGoods: number;
  shipping: number;
  packaging: number;
  labour: number;
  paymentFees: number;
  fixedCosts: number;
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
  worstProducts: { productId: string | null; title: string; netMargin: number; reason: string }[];
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
 * every period of the range present (0 when it had no order).
 */
export function trendOf(days: readonly { day: string; netRevenue: number; netMargin: number }[], range: { from: string; to: string }): { granularity: TrendGranularity; points: TrendPoint[] } {
  const span = Math.round((Date.parse(range.to) - Date.parse(range.from)) / 86_400_000);
  const granularity: TrendGranularity = span <= 31 ? "day" : span <= 120 ? "week" : "month";
  const points = new Map<string, TrendPoint>();
  for (let d = range.from; d < range.to; d = addDays(d, 1)) {
    const start = periodStart(d, granularity);
    if (!points.has(start)) points.set(start, { start, netRevenue: 0, netMargin: 0 });
  }
  for (const d of days) {
    const p = points.get(periodStart(d.day, granularity));
    if (!p) continue;
    p.netRevenue += d.netRevenue;
    p.netMargin += d.netMargin;
  }
  return { granularity, points: [...points.values()] };
}

async function totals(db: PrismaClient, shop: string, from: Date, to: Date): Promise<PeriodTotals> {
  const where = { shop, cancelled: false, test: false, processedAt: { gte: from, lt: to } };
  const [agg, loss] = await Promise.all([
    db.orderMargin.aggregate({
      where,
      _count: { _all: true },
      _sum: { items: true, netRevenue: true, costOfGoods: true, shipping: true, packaging: true, labour: true, paymentFees: true, fixedCosts: true, provisions: true, netMargin: true },
    }),
    db.orderMargin.count({ where: { ...where, netMargin: { lt: 0 } } }),
  ]);
  const s = agg._sum;
  return {
    orders: agg._count._all,
    items: s.items ?? 0,
    lossOrders: loss,
    netRevenue: s.netRevenue ?? 0,
    costOfGoods: s.costOfGoods ?? 0,
    shipping: s.shipping ?? 0,
    packaging: s.packaging ?? 0,
    labour: s.labour ?? 0,
    paymentFees: s.paymentFees ?? 0,
    fixedCosts: s.fixedCosts ?? 0,
    provisions: s.provisions ?? 0,
    netMargin: s.netMargin ?? 0,
  };
}

/** `range`: shop-local dates, `to` exclusive (products-view's resolveRange). */
export async function dashboard(db: PrismaClient, shop: string, range: { from: string; to: string }): Promise<Dashboard> {
  const facts = await shopFacts(db, shop);
  const days = Math.round((Date.parse(range.to) - Date.parse(range.from)) / 86_400_000);
  const previous = { from: addDays(range.from, -days), to: range.from };
  const at = (d: string) => new Date(startOfLocalDate(d, facts.timeZone));
  const history = await loadSettingsHistory(db, shop, facts);
  const settings = settingsToday(history);
  const [current, before, byDay, report] = await Promise.all([
    totals(db, shop, at(range.from), at(range.to)),
    totals(db, shop, at(previous.from), at(previous.to)),
    db.productDayMargin.groupBy({ by: ["day"], where: { shop, day: { gte: range.from, lt: range.to } }, _sum: { merchandise: true, shippingRevenue: true, netMargin: true } }),
    productReport(db, shop, { ...range, flag: "LOSS", limit: 5 }, settings, facts.currency),
  ]);
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
    worstProducts: report.products.map((p) => ({ productId: p.productId, title: p.title, netMargin: p.netMargin, reason: p.flags[0]?.reason ?? "" })),
  };
}
