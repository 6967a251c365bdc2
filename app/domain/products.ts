/**
 * Per-product results over a date range, aggregated from order-line results
 * (margin.ts). Streaming: feed order margins one by one (memory grows with the
 * number of products, not orders). Because line results add up exactly to their
 * orders, the products of a period add up to its orders (lines left out for an
 * unknown cost are counted apart).
 */
import { mulDiv, type CurrencyCode } from "./money";
import {
  ZERO_COSTS,
  addCosts,
  flagsFor,
  marginPercent,
  totalOf,
  type CostAmounts,
  type Flag,
  type LineMargin,
  type MarginPct,
  type OrderMargin,
} from "./margin";
import { localDate } from "./time";
import { type CostSettings } from "./settings";

export interface ProductPeriod {
  /** Inclusive ISO instant, or null for no lower bound. */
  readonly from: string | null;
  /** Exclusive ISO instant, or null for no upper bound. */
  readonly to: string | null;
}

export interface ProductAggregationOptions {
  readonly period: ProductPeriod;
  /** Thresholds for the flags (usually the current settings'). */
  readonly thresholds: CostSettings["thresholds"];
  /** Cancelled and test orders are excluded unless asked for. */
  readonly includeCancelled?: boolean;
  readonly includeTest?: boolean;
}

export interface ProductMargin {
  /** `LineItem.product.id`; null groups custom items and deleted products. */
  readonly productId: string | null;
  /** Title of the latest line seen. */
  readonly title: string;
  readonly currency: CurrencyCode;
  readonly orders: number;
  /** Lines counted in the totals. */
  readonly lines: number;
  /** Units kept. */
  readonly units: number;
  readonly netRevenue: number;
  readonly revenue: { readonly merchandise: number; readonly shipping: number };
  readonly discounts: number;
  readonly costs: CostAmounts;
  readonly totalCosts: number;
  readonly netMargin: number;
  readonly marginPct: MarginPct;
  readonly withoutDiscounts: { readonly netMargin: number };
  /** Lines left out of the totals because their cost is unknown, and their revenue. */
  readonly missingCost: { readonly lines: number; readonly units: number; readonly netRevenue: number };
  readonly estimatedCostLines: number;
  readonly flags: readonly Flag[];
}

/**
 * Sums of a product's lines (one period, one day, or days added up): what
 * `productMarginFromTotals` turns into a result. Storable as is (app/margins keeps
 * one per product and shop-local day), and additive: totals of disjoint sets of
 * orders add up field by field (`addProductTotals`).
 */
export interface ProductTotals {
  productId: string | null;
  title: string;
  /** Distinct orders with a line of the product. */
  orders: number;
  lines: number;
  units: number;
  merchandise: number;
  shipping: number;
  discounts: number;
  costs: CostAmounts;
  netMargin: number;
  withoutDiscounts: number;
  missingLines: number;
  missingUnits: number;
  missingRevenue: number;
  estimatedLines: number;
  /** The "% of price" of estimated lines (the latest seen), for the flag's wording. */
  estimatedPercent: number | null;
}

export function emptyProductTotals(productId: string | null, title: string): ProductTotals {
  return {
    productId,
    title: productId === null ? "Custom items (no product)" : title,
    orders: 0,
    lines: 0,
    units: 0,
    merchandise: 0,
    shipping: 0,
    discounts: 0,
    costs: ZERO_COSTS,
    netMargin: 0,
    withoutDiscounts: 0,
    missingLines: 0,
    missingUnits: 0,
    missingRevenue: 0,
    estimatedLines: 0,
    estimatedPercent: null,
  };
}

/** Adds one line's result (orders are counted by the caller, once per order). */
export function addLineToTotals(acc: ProductTotals, line: LineMargin): void {
  if (line.productId !== null) acc.title = line.title;
  if (!line.included) {
    acc.missingLines += 1;
    acc.missingUnits += line.units;
    acc.missingRevenue += line.netRevenue;
    return;
  }
  acc.lines += 1;
  acc.units += line.units;
  acc.merchandise += line.revenue.merchandise;
  acc.shipping += line.revenue.shipping;
  acc.discounts += line.discount;
  acc.costs = addCosts(acc.costs, line.costs);
  acc.netMargin += line.netMargin;
  acc.withoutDiscounts += line.withoutDiscounts.netMargin;
  if (line.costOfGoodsStatus.status === "estimated") {
    acc.estimatedLines += 1;
    acc.estimatedPercent = line.costOfGoodsStatus.percentOfPrice;
  }
}

/** Totals of disjoint sets of orders, added (the title of `b` wins: it is the later one). */
export function addProductTotals(a: ProductTotals, b: ProductTotals): ProductTotals {
  return {
    productId: a.productId,
    title: b.title,
    orders: a.orders + b.orders,
    lines: a.lines + b.lines,
    units: a.units + b.units,
    merchandise: a.merchandise + b.merchandise,
    shipping: a.shipping + b.shipping,
    discounts: a.discounts + b.discounts,
    costs: addCosts(a.costs, b.costs),
    netMargin: a.netMargin + b.netMargin,
    withoutDiscounts: a.withoutDiscounts + b.withoutDiscounts,
    missingLines: a.missingLines + b.missingLines,
    missingUnits: a.missingUnits + b.missingUnits,
    missingRevenue: a.missingRevenue + b.missingRevenue,
    estimatedLines: a.estimatedLines + b.estimatedLines,
    estimatedPercent: b.estimatedPercent ?? a.estimatedPercent,
  };
}

/** A product's result from its totals: margin %, flags (with the given thresholds). */
export function productMarginFromTotals(acc: ProductTotals, currency: CurrencyCode, thresholds: CostSettings["thresholds"]): ProductMargin {
  const netRevenue = acc.merchandise + acc.shipping;
  const totalCosts = totalOf(acc.costs);
  return {
    productId: acc.productId,
    title: acc.title,
    currency,
    orders: acc.orders,
    lines: acc.lines,
    units: acc.units,
    netRevenue,
    revenue: { merchandise: acc.merchandise, shipping: acc.shipping },
    discounts: acc.discounts,
    costs: acc.costs,
    totalCosts,
    netMargin: acc.netMargin,
    marginPct: acc.lines === 0 ? { kind: "undefined", reason: "no line of this product has a known cost in the period" } : marginPercent(acc.netMargin, netRevenue),
    withoutDiscounts: { netMargin: acc.withoutDiscounts },
    missingCost: { lines: acc.missingLines, units: acc.missingUnits, netRevenue: acc.missingRevenue },
    estimatedCostLines: acc.estimatedLines,
    flags: flagsFor({
      subject: "product",
      currency,
      netRevenue,
      netMargin: acc.netMargin,
      totalCosts,
      shippingCost: acc.costs.shipping,
      discount: acc.discounts,
      withoutDiscountsMargin: acc.withoutDiscounts,
      missingLines: acc.missingLines,
      estimatedLines: acc.estimatedLines,
      missingPercentOfPrice: acc.estimatedPercent,
      thresholds,
    }),
  };
}

/** Loss-makers first (lowest net margin), then by product id. */
export function compareProductMargins(a: Pick<ProductMargin, "netMargin" | "productId">, b: Pick<ProductMargin, "netMargin" | "productId">): number {
  const ia = a.productId ?? "";
  const ib = b.productId ?? "";
  return a.netMargin - b.netMargin || (ia < ib ? -1 : ia > ib ? 1 : 0);
}

/** Whether an order margin falls in the period and passes the cancelled/test filters. */
export function orderCounts(m: Pick<OrderMargin, "processedAt" | "cancelled" | "test">, options: ProductAggregationOptions): boolean {
  if (m.cancelled && !options.includeCancelled) return false;
  if (m.test && !options.includeTest) return false;
  const t = Date.parse(m.processedAt);
  if (options.period.from !== null && t < Date.parse(options.period.from)) return false;
  if (options.period.to !== null && t >= Date.parse(options.period.to)) return false;
  return true;
}

const NO_PRODUCT = "\u0000none";

export class ProductAggregator {
  private readonly byProduct = new Map<string, ProductTotals>();
  private currency: CurrencyCode | null = null;

  constructor(private readonly options: ProductAggregationOptions) {}

  /** Adds an order's lines; returns false when the order is filtered out. */
  add(m: OrderMargin): boolean {
    if (!orderCounts(m, this.options)) return false;
    if (this.currency === null) this.currency = m.currency;
    else if (this.currency !== m.currency) throw new RangeError(`cannot aggregate ${m.currency} orders with ${this.currency} orders`);
    const seen = new Set<string>();
    for (const line of m.lines) {
      // A gift card sold is not a product sale (margin.ts keeps it apart).
      if (line.costOfGoodsStatus.status === "gift-card") continue;
      const key = line.productId ?? NO_PRODUCT;
      let acc = this.byProduct.get(key);
      if (!acc) {
        acc = emptyProductTotals(line.productId, line.title);
        this.byProduct.set(key, acc);
      }
      if (!seen.has(key)) {
        seen.add(key);
        acc.orders += 1;
      }
      addLineToTotals(acc, line);
    }
    return true;
  }

  addAll(margins: Iterable<OrderMargin>): this {
    for (const m of margins) this.add(m);
    return this;
  }

  /** Results, loss-makers first (lowest net margin), then by product id. */
  results(): ProductMargin[] {
    const currency = this.currency ?? "XXX";
    return [...this.byProduct.values()].map((acc) => productMarginFromTotals(acc, currency, this.options.thresholds)).sort(compareProductMargins);
  }
}

/**
 * Per product and shop-local day: the totals a store keeps so that a period's
 * product report adds up days instead of reading every line. Cancelled and test
 * orders are left out (the report's default).
 */
export class ProductDayRollup {
  /** Per day, per product: a two-level map, so adding a line builds no key string. */
  private readonly byDay = new Map<string, Map<string, RollupEntry>>();

  constructor(private readonly timeZone: string) {}

  add(m: OrderMargin): void {
    if (m.cancelled || m.test) return;
    const day = localDate(m.processedAt, this.timeZone);
    let products = this.byDay.get(day);
    if (!products) {
      products = new Map();
      this.byDay.set(day, products);
    }
    for (const line of m.lines) {
      if (line.costOfGoodsStatus.status === "gift-card") continue;
      const key = line.productId ?? NO_PRODUCT;
      let entry = products.get(key);
      if (!entry) {
        entry = { day, totals: emptyProductTotals(line.productId, line.title), lastOrder: null, variants: new Map() };
        products.set(key, entry);
      }
      // Orders are counted once per product-day, and once per variant-day.
      if (entry.lastOrder !== m.orderId) {
        entry.lastOrder = m.orderId;
        entry.totals.orders += 1;
      }
      addLineToTotals(entry.totals, line);
      const vid = line.variantId ?? "";
      let v = entry.variants.get(vid);
      if (!v) {
        v = { variantId: line.variantId, totals: { ...emptyProductTotals(line.productId, line.title), title: line.title }, lastOrder: null };
        entry.variants.set(vid, v);
      }
      if (v.lastOrder !== m.orderId) {
        v.lastOrder = m.orderId;
        v.totals.orders += 1;
      }
      addLineToTotals(v.totals, line);
    }
  }

  private *entries(): Generator<RollupEntry> {
    for (const products of this.byDay.values()) yield* products.values();
  }

  rows(): { day: string; totals: ProductTotals }[] {
    return [...this.entries()].map((e) => ({ day: e.day, totals: e.totals }));
  }

  /** Per day, product and variant (variantId null: lines without a variant). */
  variantRows(): { day: string; variantId: string | null; totals: ProductTotals }[] {
    const out: { day: string; variantId: string | null; totals: ProductTotals }[] = [];
    for (const e of this.entries()) for (const v of e.variants.values()) out.push({ day: e.day, variantId: v.variantId, totals: v.totals });
    return out;
  }

  get size(): number {
    let n = 0;
    for (const products of this.byDay.values()) n += products.size;
    return n;
  }
}

interface RollupEntry {
  day: string;
  totals: ProductTotals;
  /** The last order counted (an order's lines come together). */
  lastOrder: string | null;
  variants: Map<string, { variantId: string | null; totals: ProductTotals; lastOrder: string | null }>;
}

/** One-shot form of `ProductAggregator`. */
export function aggregateProducts(margins: Iterable<OrderMargin>, options: ProductAggregationOptions): ProductMargin[] {
  return new ProductAggregator(options).addAll(margins).results();
}

/**
 * The one "unit price" every page shows (product page, Promotions, planner; issue 17): net
 * revenue per unit kept from merchandise, after all discounts and before tax, shipping
 * charged left out. Half-even to the minor unit; null when no unit was kept.
 */
export function unitPrice(p: { readonly merchandise: number; readonly units: number }): number | null {
  return p.units > 0 ? mulDiv(p.merchandise, 1, p.units, "half-even") : null;
}

/**
 * What would bring a product to a margin target over the same sales: the price per
 * unit kept, or the unit cost. Fees and provisions are a share of revenue
 * (`variablePercent`), so a price rise keeps only (1 − v) of itself; a lower unit
 * cost counts in full. Null when the product kept no units. Minor units, rounded up
 * (a target is reached, never missed by a rounding).
 */
export function profitabilityTargets(
  p: Pick<ProductTotals, "units" | "merchandise" | "shipping" | "netMargin" | "costs">,
  opts: { variablePercent: number; targetPercent: number },
): { priceIncreasePerUnit: number; unitCostDecrease: number; currentPricePerUnit: number; currentCostPerUnit: number } | null {
  if (p.units <= 0) return null;
  const revenue = p.merchandise + p.shipping;
  const v = opts.variablePercent / 100;
  const t = opts.targetPercent / 100;
  // Margin after a rise of x per unit: M + units·x·(1 − v); the target asks for t·(R + units·x).
  const priceGap = t * revenue - p.netMargin;
  const priceIncrease = priceGap <= 0 ? 0 : Math.ceil(priceGap / (p.units * (1 - v - t)));
  // A unit cost lower by y: M + units·y ≥ t·R.
  const costGap = t * revenue - p.netMargin;
  const costDecrease = costGap <= 0 ? 0 : Math.ceil(costGap / p.units);
  return {
    priceIncreasePerUnit: priceIncrease,
    unitCostDecrease: costDecrease,
    currentPricePerUnit: unitPrice(p) ?? 0,
    currentCostPerUnit: Math.round(p.costs.costOfGoods / p.units),
  };
}
