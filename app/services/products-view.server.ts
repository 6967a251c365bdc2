/**
 * The products page's data: its URL parameters validated, the date range resolved
 * in the shop's time zone, a page of the product report (app/margins), and the
 * CSV of the same view. Amounts stay integer minor units; the page formats them.
 */
import type { PrismaClient } from "@prisma/client";

import { FLAG_CODES, type FlagCode } from "~/domain/margin";
import { formatDecimal } from "~/domain/money";
import type { ProductMargin } from "~/domain/products";
import { isLocalDate, localDate, RANGE_PRESETS, resolveRange, type RangePreset } from "~/domain/time";

import { choicePicker, type Issue } from "~/domain/validation";
import { productReport, variantMargins, type ProductReportQuery } from "~/margins/product-report.server";
import { loadSettingsHistory, settingsToday, shopFacts } from "~/store/cost-settings.server";

import { csvStream, csvText, type CsvColumn } from "./csv.server";

export const PRODUCT_SORTS = ["netMargin", "marginPct", "netRevenue", "units", "title"] as const;
export const PAGE_SIZE = 50;

export interface ProductsParams {
  range: RangePreset;
  /** Custom range, shop-local dates, both inclusive. */
  from: string | null;
  to: string | null;
  sort: (typeof PRODUCT_SORTS)[number];
  direction: "asc" | "desc";
  flag: FlagCode | null;
  search: string;
  page: number;
}

/** Reads the page's query string; a bad value gets an error naming the parameter. */
export function parseProductsParams(search: URLSearchParams): { ok: true; params: ProductsParams } | { ok: false; errors: Issue[] } {
  const errors: Issue[] = [];
  const pick = choicePicker(search, errors);
  const range = pick("range", RANGE_PRESETS, "12m");
  const sort = pick("sort", PRODUCT_SORTS, "netMargin");
  const direction = pick("direction", ["asc", "desc"] as const, "asc");
  const flagText = search.get("flag");
  const flag = flagText ? pick("flag", FLAG_CODES, "LOSS") : null;
  const from = search.get("from") || null;
  const to = search.get("to") || null;
  if (range === "custom") {
    if (!isLocalDate(from)) errors.push({ path: "from", message: "not a valid date" });
    if (!isLocalDate(to)) errors.push({ path: "to", message: "not a valid date" });
    if (isLocalDate(from) && isLocalDate(to) && from > to) errors.push({ path: "to", message: "the end date is before the start date" });
  }
  const pageText = search.get("page") ?? "1";
  const page = Number(pageText);
  if (!Number.isInteger(page) || page < 1 || page > 10_000) errors.push({ path: "page", message: "no such page" });
  const searchText = (search.get("q") ?? "").slice(0, 200);
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, params: { range, from, to, sort, direction, flag, search: searchText, page } };
}


export interface ProductRow {
  productId: string | null;
  title: string;
  units: number;
  orders: number;
  netRevenue: number;
  costOfGoods: number;
  /** Shipping paid for its units (their share of each parcel): the cost that drives a Shipping-heavy flag. */
  shipping: number;
  /** Every other cost: packaging, labour, payment fees, fixed costs, provisions. */
  otherCosts: number;
  netMargin: number;
  /** Basis points; null when undefined (no revenue or no costed line). */
  marginBp: number | null;
  flags: { code: FlagCode; reason: string }[];
  /**
   * None of its sold units has a known unit cost (all its lines left out of the margin): the
   * page shows "Cost missing" and what to enter instead of flags, which would blame shipping
   * alone. `units` sold without a cost, `variants` of them to enter a cost for. Null otherwise.
   */
  costMissing: { units: number; variants: number } | null;
  /** Its variants over the same range (loss-makers first); empty for custom items. */
  variants?: (ProductRow & { variantId: string | null })[];
}

export interface ProductsView {
  currency: string;
  timeZone: string;
  range: { from: string; to: string };
  total: number;
  page: number;
  pageSize: number;
  rows: ProductRow[];
  totals: { netRevenue: number; netMargin: number; products: number };
}

/** Every unit sold lacks a unit cost: nothing of the product is in its margin but shipping. */
function allCostMissing(p: ProductMargin): boolean {
  return p.units === 0 && p.missingCost.units > 0;
}

/** `variantsMissing`: its variants sold without a cost (a variant row: itself). */
function row(p: ProductMargin, variantsMissing = 1): ProductRow {
  const missing = allCostMissing(p);
  return {
    productId: p.productId,
    title: p.title,
    units: p.units,
    orders: p.orders,
    netRevenue: p.netRevenue,
    costOfGoods: p.costs.costOfGoods,
    shipping: p.costs.shipping,
    otherCosts: p.totalCosts - p.costs.costOfGoods - p.costs.shipping,
    netMargin: p.netMargin,
    marginBp: p.marginPct.kind === "percent" ? p.marginPct.basisPoints : null,
    // The domain's flags stay as they are; the page shows them only when a cost is known.
    flags: missing ? [] : p.flags.map((f) => ({ code: f.code, reason: f.reason })),
    costMissing: missing ? { units: p.missingCost.units, variants: variantsMissing } : null,
  };
}

export async function productsView(db: PrismaClient, shop: string, params: ProductsParams, opts: { now?: Date; pageSize?: number } = {}): Promise<ProductsView> {
  const facts = await shopFacts(db, shop);
  const history = await loadSettingsHistory(db, shop, facts);
  const current = settingsToday(history, opts?.now);
  const range = resolveRange(params, localDate((opts.now ?? new Date()).toISOString(), facts.timeZone));
  const pageSize = opts.pageSize ?? PAGE_SIZE;
  const query: ProductReportQuery = {
    ...range,
    sort: params.sort,
    direction: params.direction,
    ...(params.flag ? { flag: params.flag } : {}),
    ...(params.search ? { search: params.search } : {}),
    limit: pageSize,
    offset: (params.page - 1) * pageSize,
  };
  const report = await productReport(db, shop, query, current, facts.currency);
  // Variant rows for the products on this page only.
  const ids = report.products.map((p) => p.productId).filter((id): id is string => id !== null);
  const variants = await variantMargins(db, shop, range, ids, current, facts.currency);
  const rows = report.products.map((p) => {
    const own = p.productId === null ? [] : (variants.get(p.productId) ?? []);
    return {
      ...row(p, own.filter((v) => v.missingCost.units > 0).length),
      variants: own.map((v) => ({ ...row(v), variantId: v.variantId })),
    };
  });
  return { currency: facts.currency, timeZone: facts.timeZone, range, total: report.total, page: params.page, pageSize, rows, totals: report.totals };
}

type ProductCsvRow = ProductsView["rows"][number];

/** The view's CSV columns: decimal amounts in the shop currency, margin % with two decimals. */
function productColumns(currency: string): CsvColumn<ProductCsvRow>[] {
  const money = (n: number) => formatDecimal(n, currency);
  return [
    { header: "product_id", text: (r) => r.productId ?? "" },
    { header: "title", text: (r) => r.title },
    { header: "units", number: (r) => r.units },
    { header: "orders", number: (r) => r.orders },
    { header: `net_revenue_${currency}`, number: (r) => r.netRevenue, format: money },
    { header: `cost_of_goods_${currency}`, number: (r) => r.costOfGoods, format: money },
    { header: `shipping_${currency}`, number: (r) => r.shipping, format: money },
    { header: `other_costs_${currency}`, number: (r) => r.otherCosts, format: money },
    { header: `net_margin_${currency}`, number: (r) => r.netMargin, format: money },
    { header: "margin_percent", number: (r) => r.marginBp, format: (bp) => (bp / 100).toFixed(2) },
    { header: "flags", text: (r) => r.flags.map((f) => f.code).join(" ") },
  ];
}

/** The view as CSV text. */
export function productsCsv(view: Pick<ProductsView, "currency" | "rows">): string {
  return csvText(productColumns(view.currency), view.rows);
}

/** The view as a CSV byte stream (the download's body). */
export function productsCsvStream(view: Pick<ProductsView, "currency" | "rows">): ReadableStream<Uint8Array> {
  return csvStream(productColumns(view.currency), view.rows);
}
