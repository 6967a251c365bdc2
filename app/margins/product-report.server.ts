/**
 * Per-product results over a shop-local date range, from the stored day totals
 * (`ProductDayMargin`, rebuilt by recompute.server.ts): one GROUP BY over at most
 * (days × products) rows, never over order lines. The domain turns the sums into
 * margins and flags (domain/products.ts), with the current thresholds. Cancelled
 * and test orders are not in the day totals.
 */
import type { PrismaClient } from "@prisma/client";

import { type FlagCode } from "~/domain/margin";
import { compareProductMargins, productMarginFromTotals, type ProductMargin, type ProductTotals } from "~/domain/products";
import type { CostSettings } from "~/domain/settings";

export interface ProductReportQuery {
  /** Shop-local dates "YYYY-MM-DD": from inclusive, to exclusive. */
  from: string;
  to: string;
  /** Only products raising this flag. */
  flag?: FlagCode;
  /** Case-insensitive substring of the title. */
  search?: string;
  sort?: "netMargin" | "marginPct" | "netRevenue" | "units" | "title";
  direction?: "asc" | "desc";
  /** Page size (default 50, at most 250) and 0-based offset. */
  limit?: number;
  offset?: number;
}

export interface ProductReport {
  currency: string;
  /** Products in the range after the flag and search filters. */
  total: number;
  products: ProductMargin[];
  /** Sums over every product in the range (before filters). */
  totals: { netRevenue: number; netMargin: number; products: number };
}

const SUM_FIELDS = [
  "orders", "lines", "units", "merchandise", "shippingRevenue", "discounts", "costOfGoods", "shipping", "packaging", "labour", "paymentFees",
  "fixedCosts", "stockCarrying", "returns", "fraud", "spoilage", "netMargin", "withoutDiscounts", "missingLines", "missingUnits", "missingRevenue", "estimatedLines",
] as const;

type Sums = Record<(typeof SUM_FIELDS)[number], number>;

/** The groupBy `_sum` selection of every summed column, and its result as numbers (a sum of no rows is 0). */
const SUM_SELECT = Object.fromEntries(SUM_FIELDS.map((f) => [f, true])) as { [K in (typeof SUM_FIELDS)[number]]: true };
function sumsOf(sum: { [K in (typeof SUM_FIELDS)[number]]?: number | null }): Sums {
  return Object.fromEntries(SUM_FIELDS.map((f) => [f, Number(sum[f] ?? 0)])) as Sums;
}

function totalsOf(productId: string, title: string, s: Sums, estimatedPercent: number | null): ProductTotals {
  return {
    productId: productId === "" ? null : productId,
    title,
    orders: s.orders,
    lines: s.lines,
    units: s.units,
    merchandise: s.merchandise,
    shipping: s.shippingRevenue,
    discounts: s.discounts,
    costs: {
      costOfGoods: s.costOfGoods,
      shipping: s.shipping,
      packaging: s.packaging,
      labour: s.labour,
      paymentFees: s.paymentFees,
      fixedCosts: s.fixedCosts,
      stockCarrying: s.stockCarrying,
      provisions: { returns: s.returns, fraud: s.fraud, spoilage: s.spoilage },
    },
    netMargin: s.netMargin,
    withoutDiscounts: s.withoutDiscounts,
    missingLines: s.missingLines,
    missingUnits: s.missingUnits,
    missingRevenue: s.missingRevenue,
    estimatedLines: s.estimatedLines,
    estimatedPercent: s.estimatedLines > 0 ? estimatedPercent : null,
  };
}

/** Every product with a line in the range, as the domain's ProductMargin, loss-makers first. */
export async function productMargins(
  db: PrismaClient,
  shop: string,
  range: { from: string; to: string },
  settings: Pick<CostSettings, "thresholds" | "costOfGoods">,
  currency: string,
): Promise<ProductMargin[]> {
  const groups = await db.productDayMargin.groupBy({
    by: ["productId"],
    where: { shop, day: { gte: range.from, lt: range.to } },
    _sum: SUM_SELECT,
    _max: { title: true },
  });
  if (groups.length === 0) return [];
  // Titles: the catalog's current one; for a product no longer in it, one seen on its lines.
  const ids = groups.map((g) => g.productId).filter((id) => id !== "");
  const catalog = await db.product.findMany({ where: { shop, id: { in: ids } }, select: { id: true, title: true } });
  const title = new Map(groups.map((g) => [g.productId, g._max.title ?? ""]));
  for (const p of catalog) title.set(p.id, p.title);
  const percent = settings.costOfGoods.missingCost.mode === "percentOfPrice" ? settings.costOfGoods.missingCost.percent : null;
  return groups
    .map((g) => {
      const sums = sumsOf(g._sum);
      return productMarginFromTotals(totalsOf(g.productId, title.get(g.productId) ?? "Custom items (no product)", sums, percent), currency, settings.thresholds);
    })
    .sort(compareProductMargins);
}

const pctKey = (p: ProductMargin) => (p.marginPct.kind === "percent" ? p.marginPct.basisPoints : Number.NEGATIVE_INFINITY);

/** A page of the product report: filtered, sorted and cut on the server. */
export async function productReport(
  db: PrismaClient,
  shop: string,
  q: ProductReportQuery,
  settings: Pick<CostSettings, "thresholds" | "costOfGoods">,
  currency: string,
): Promise<ProductReport> {
  const all = await productMargins(db, shop, { from: q.from, to: q.to }, settings, currency);
  const search = q.search?.trim().toLowerCase();
  const filtered = all.filter((p) => (!q.flag || p.flags.some((f) => f.code === q.flag)) && (!search || p.title.toLowerCase().includes(search)));
  const sort = q.sort ?? "netMargin";
  const dir = (q.direction ?? "asc") === "asc" ? 1 : -1;
  const key: (p: ProductMargin) => number | string =
    sort === "title" ? (p) => p.title.toLowerCase() : sort === "marginPct" ? pctKey : sort === "netRevenue" ? (p) => p.netRevenue : sort === "units" ? (p) => p.units : (p) => p.netMargin;
  const sorted = [...filtered].sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    return (ka < kb ? -1 : ka > kb ? 1 : 0) * dir || compareProductMargins(a, b);
  });
  const limit = Math.min(Math.max(1, q.limit ?? 50), 250);
  const offset = Math.max(0, q.offset ?? 0);
  let netRevenue = 0;
  let netMargin = 0;
  for (const p of all) {
    netRevenue += p.netRevenue;
    netMargin += p.netMargin;
  }
  return { currency, total: filtered.length, products: sorted.slice(offset, offset + limit), totals: { netRevenue, netMargin, products: all.length } };
}

/**
 * Per variant of the given products over the range, as the domain's ProductMargin
 * (its `title` is the line title as sold), from `VariantDayMargin`: for the
 * products page's variant rows, only the products on screen.
 */
export async function variantMargins(
  db: PrismaClient,
  shop: string,
  range: { from: string; to: string },
  productIds: readonly string[],
  settings: Pick<CostSettings, "thresholds" | "costOfGoods">,
  currency: string,
): Promise<Map<string, (ProductMargin & { variantId: string | null })[]>> {
  const out = new Map<string, (ProductMargin & { variantId: string | null })[]>();
  if (productIds.length === 0) return out;
  const groups = await db.variantDayMargin.groupBy({
    by: ["productId", "variantId"],
    where: { shop, productId: { in: [...productIds] }, day: { gte: range.from, lt: range.to } },
    _sum: SUM_SELECT,
    _max: { title: true },
  });
  const percent = settings.costOfGoods.missingCost.mode === "percentOfPrice" ? settings.costOfGoods.missingCost.percent : null;
  for (const g of groups) {
    const sums = sumsOf(g._sum);
    const m = productMarginFromTotals(totalsOf(g.productId, g._max.title ?? "", sums, percent), currency, settings.thresholds);
    const list = out.get(g.productId) ?? [];
    list.push({ ...m, variantId: g.variantId === "" ? null : g.variantId });
    out.set(g.productId, list);
  }
  for (const list of out.values()) list.sort(compareProductMargins);
  return out;
}
