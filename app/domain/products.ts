/**
 * Per-product results over a date range, aggregated from order-line results
 * (margin.ts). Streaming: feed order margins one by one (memory grows with the
 * number of products, not orders). Because line results add up exactly to their
 * orders, the products of a period add up to its orders (lines left out for an
 * unknown cost are counted apart).
 */
import { type CurrencyCode } from "./money";
import {
  ZERO_COSTS,
  addCosts,
  flagsFor,
  marginPercent,
  totalOf,
  type CostAmounts,
  type Flag,
  type MarginPct,
  type OrderMargin,
} from "./margin";
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

interface Acc {
  productId: string | null;
  title: string;
  orderIds: Set<string>;
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
  estimatedPercent: number | null;
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
  private readonly byProduct = new Map<string, Acc>();
  private currency: CurrencyCode | null = null;

  constructor(private readonly options: ProductAggregationOptions) {}

  /** Adds an order's lines; returns false when the order is filtered out. */
  add(m: OrderMargin): boolean {
    if (!orderCounts(m, this.options)) return false;
    if (this.currency === null) this.currency = m.currency;
    else if (this.currency !== m.currency) throw new RangeError(`cannot aggregate ${m.currency} orders with ${this.currency} orders`);
    for (const line of m.lines) {
      const key = line.productId ?? NO_PRODUCT;
      let acc = this.byProduct.get(key);
      if (!acc) {
        acc = {
          productId: line.productId,
          title: line.productId === null ? "Custom items (no product)" : line.title,
          orderIds: new Set(),
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
        this.byProduct.set(key, acc);
      }
      if (line.productId !== null) acc.title = line.title;
      acc.orderIds.add(m.orderId);
      if (!line.included) {
        acc.missingLines += 1;
        acc.missingUnits += line.units;
        acc.missingRevenue += line.netRevenue;
        continue;
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
    return true;
  }

  addAll(margins: Iterable<OrderMargin>): this {
    for (const m of margins) this.add(m);
    return this;
  }

  /** Results, loss-makers first (lowest net margin), then by product id. */
  results(): ProductMargin[] {
    const currency = this.currency ?? "XXX";
    const out: ProductMargin[] = [];
    for (const acc of this.byProduct.values()) {
      const netRevenue = acc.merchandise + acc.shipping;
      const totalCosts = totalOf(acc.costs);
      out.push({
        productId: acc.productId,
        title: acc.title,
        currency,
        orders: acc.orderIds.size,
        lines: acc.lines,
        units: acc.units,
        netRevenue,
        revenue: { merchandise: acc.merchandise, shipping: acc.shipping },
        discounts: acc.discounts,
        costs: acc.costs,
        totalCosts,
        netMargin: acc.netMargin,
        marginPct:
          acc.lines === 0 ? { kind: "undefined", reason: "no line of this product has a known cost in the period" } : marginPercent(acc.netMargin, netRevenue),
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
          thresholds: this.options.thresholds,
        }),
      });
    }
    const id = (p: ProductMargin) => p.productId ?? "";
    return out.sort((a, b) => a.netMargin - b.netMargin || (id(a) < id(b) ? -1 : id(a) > id(b) ? 1 : 0));
  }
}

/** One-shot form of `ProductAggregator`. */
export function aggregateProducts(margins: Iterable<OrderMargin>, options: ProductAggregationOptions): ProductMargin[] {
  return new ProductAggregator(options).addAll(margins).results();
}
