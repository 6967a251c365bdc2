/**
 * "Fix these first" (issue 17, item 1): what costs the shop the most over a period, each
 * with its main cause in plain words and ONE concrete action computed from the engine's
 * results, so Home answers "what loses me money, why, and what do I do":
 *
 * - a product sold without any unit cost: "Enter the unit cost of 3 variants" (its margin
 *   would otherwise be shipping alone: never shown as a loss);
 * - a loss-making product, by the lever that alone ends the loss, the larger first:
 *   - discounts: "Stop discounts deeper than 5.8%" (the average discount at which the
 *     product breaks even; see `breakEvenDiscountBp`);
 *   - shipping: "Exclude from free shipping" when its customers paid no shipping at all,
 *     else "Add a €6.62 shipping surcharge" per unit (heavy-products.ts breakEvenSurcharge,
 *     the planner's own computation);
 *   - otherwise the price: "Raise the price to €34.25" (products.ts profitabilityTargets at
 *     a 0 % target: the price per unit kept, after discounts, before tax, at which the net
 *     margin reaches 0);
 * - order patterns: orders that lose money only on shipping ("Add a €2.15 shipping
 *   surcharge" per order), and a payment gateway whose fees are well above the shop's
 *   cheapest paid one ("Offer Shopify Payments first");
 * - stock that ties up cash (issue 18, item 6): dead stock ("Free €4,000.00: sell off or
 *   return the 40 units") and overstock ("Skip reorders until 210 units have sold"), from
 *   the product's stock flags (stock-flags.ts), the most cash first. Not a loss over the
 *   period, so they are not ranked against the losses: they follow them.
 *
 * Pure: takes the engine's results and the settings, returns values and sentences.
 */
import { breakEvenSurcharge } from "./heavy-products";
import { formatBasisPoints, formatMoney, gatewayName, isTestGateway } from "./format";
import { profitabilityTargets, type ProductMargin } from "./products";
import { type CostSettings } from "./settings";
import type { StockFlag } from "./stock-flags";

export type FixAction =
  | { readonly kind: "enter-costs"; readonly variants: number }
  | { readonly kind: "raise-price"; /** Price per unit kept, before tax and after discounts. */ readonly to: number; readonly from: number }
  | { readonly kind: "limit-discounts"; /** Deepest average discount (basis points of the list price) that keeps the margin ≥ 0. */ readonly maxBp: number }
  | { readonly kind: "exclude-free-shipping" }
  | { readonly kind: "product-surcharge"; /** Per unit, before tax. */ readonly perUnit: number }
  | { readonly kind: "order-surcharge"; /** Per order, before tax. */ readonly perOrder: number }
  | { readonly kind: "steer-gateway"; readonly from: string; readonly to: string }
  | { readonly kind: "clear-dead-stock"; readonly units: number; /** Its value at cost; null when no cost is known. */ readonly value: number | null }
  | { readonly kind: "trim-overstock"; /** Units above the target cover. */ readonly units: number; readonly value: number | null }
  | { readonly kind: "pay-suppliers"; /** Overdue supplier invoices, minor units. */ readonly amount: number; readonly penalties: number }
  | { readonly kind: "chase-receivables"; /** Overdue unpaid orders, minor units. */ readonly amount: number };

export type FixSubject =
  | { readonly kind: "product"; readonly productId: string | null; readonly title: string }
  | { readonly kind: "missing-costs"; readonly products: number; readonly productId: string | null; readonly title: string }
  | { readonly kind: "shipping-orders"; readonly orders: number }
  | { readonly kind: "gateway"; readonly gateway: string; readonly orders: number }
  | { readonly kind: "stock"; readonly flag: "DEAD_STOCK" | "OVERSTOCK"; readonly productId: string; readonly title: string }
  /** Cash items (domain/cash-fix.ts): overdue supplier invoices, overdue unpaid orders. */
  | { readonly kind: "supplier-payments"; readonly invoices: number }
  | { readonly kind: "receivables"; readonly orders: number };

export interface FixItem {
  readonly subject: FixSubject;
  /** What it costs over the period (minor units, > 0); null for missing costs (the margin is unknown, not a loss) and stock (cash tied up, in its action). */
  readonly amount: number | null;
  /** The main cause in plain words. */
  readonly cause: string;
  readonly action: FixAction;
  /** The action in words ("Raise the price to €34.25"). */
  readonly actionText: string;
}

/** What the settings say about costs that move with revenue (fees and provisions) and a surcharge's gain. */
export type FixSettings = Pick<CostSettings, "paymentFees" | "provisions">;

/** Fees and provisions as a % of revenue: what a price rise does not keep (product page's ProfitabilityCard). */
export function variablePercentOf(settings: FixSettings): number {
  const p = settings.provisions;
  return settings.paymentFees.default.percent + p.returnsPercent + p.fraudPercent + p.spoilagePercent;
}

/** None of the product's units sold has a unit cost: its margin is shipping and handling alone. */
export function allCostMissing(p: Pick<ProductMargin, "units" | "missingCost">): boolean {
  return p.units === 0 && p.missingCost.units > 0;
}

/**
 * The average discount (basis points of the list price, rounded down to 0.1 %) at which a
 * product's net margin reaches 0. The engine gives the margin with its discounts (M) and
 * without them (W); the discounts D cost W − M (less than D: fees and provisions shrink with
 * the price), in proportion to D. So a discount d costs d·(W − M)/D, and the margin is 0 at
 * d = D·W/(W − M), out of a list price of merchandise + D. Null when the product loses money
 * even without discounts (W < 0) or gave none.
 */
export function breakEvenDiscountBp(p: Pick<ProductMargin, "discounts" | "netMargin" | "withoutDiscounts" | "revenue">): number | null {
  const w = p.withoutDiscounts.netMargin;
  const cost = w - p.netMargin;
  const list = p.revenue.merchandise + p.discounts;
  if (p.discounts <= 0 || w < 0 || cost <= 0 || list <= 0) return null;
  // d / list in tenths of a percent, rounded down: D·W·1000 / ((W − M)·list), exactly in integers.
  const tenths = (BigInt(p.discounts) * BigInt(w) * 1000n) / (BigInt(cost) * BigInt(list));
  return Number(tenths) * 10;
}

/** One loss-making product's item: the lever that alone ends the loss (the larger of discounts and shipping), else the price. */
export function productFix(p: ProductMargin, settings: FixSettings, currency: string, locale = "en"): FixItem | null {
  if (p.netMargin >= 0 || allCostMissing(p)) return null;
  const money = (minor: number) => formatMoney(minor, currency, locale);
  const subject: FixSubject = { kind: "product", productId: p.productId, title: p.title };
  const loss = -p.netMargin;
  const discountCost = p.withoutDiscounts.netMargin - p.netMargin;
  const unpaidShipping = p.costs.shipping - p.revenue.shipping;
  const discountsEndIt = p.discounts > 0 && p.withoutDiscounts.netMargin >= 0;
  const shippingEndsIt = unpaidShipping > 0 && unpaidShipping >= loss;
  if (discountsEndIt && (!shippingEndsIt || discountCost >= unpaidShipping)) {
    const maxBp = breakEvenDiscountBp(p);
    if (maxBp !== null) {
      const average = formatBasisPoints(Number((BigInt(p.discounts) * 10_000n) / BigInt(p.revenue.merchandise + p.discounts)), locale);
      return {
        subject,
        amount: loss,
        cause: `Discounts (${money(p.discounts)}, ${average} of the price on average): without them it would earn ${money(p.withoutDiscounts.netMargin)}.`,
        action: { kind: "limit-discounts", maxBp },
        actionText: `Stop discounts deeper than ${formatBasisPoints(maxBp, locale)}`,
      };
    }
  }
  if (shippingEndsIt) {
    if (p.revenue.shipping === 0) {
      return {
        subject,
        amount: loss,
        cause: `Shipping it costs ${money(p.costs.shipping)} and its customers paid none of it.`,
        action: { kind: "exclude-free-shipping" },
        actionText: "Exclude from free shipping",
      };
    }
    const perUnit = breakEvenSurcharge(loss, p.units, settings);
    if (perUnit !== null) {
      return {
        subject,
        amount: loss,
        cause: `Shipping it costs ${money(p.costs.shipping)}; its customers paid ${money(p.revenue.shipping)} of it.`,
        action: { kind: "product-surcharge", perUnit },
        actionText: `Add a ${money(perUnit)} shipping surcharge`,
      };
    }
  }
  const targets = profitabilityTargets(
    { units: p.units, merchandise: p.revenue.merchandise, shipping: p.revenue.shipping, netMargin: p.netMargin, costs: p.costs },
    { variablePercent: variablePercentOf(settings), targetPercent: 0 },
  );
  if (!targets) return null;
  const to = targets.currentPricePerUnit + targets.priceIncreasePerUnit;
  return {
    subject,
    amount: loss,
    // Costs per unit net of the shipping its customers paid, so price − cost is the loss per unit.
    cause: `Sold at ${money(targets.currentPricePerUnit)} a unit, it costs ${money(Math.round((p.totalCosts - p.revenue.shipping) / p.units))} a unit to buy, ship and sell.`,
    action: { kind: "raise-price", from: targets.currentPricePerUnit, to },
    actionText: `Raise the price to ${money(to)}`,
  };
}

/** Orders that lose money only because shipping cost more than the customer paid for it. */
export interface ShippingLossOrders {
  readonly orders: number;
  /** Σ of their losses (> 0). */
  readonly loss: number;
  /** Σ (carrier cost − shipping charged) over them. */
  readonly unpaidShipping: number;
}

/** The shipping pattern's item: the per-order surcharge (before tax) whose gain after fees and provisions covers their losses. */
export function shippingOrdersFix(s: ShippingLossOrders, settings: FixSettings, currency: string, locale = "en"): FixItem | null {
  if (s.orders <= 0 || s.loss <= 0) return null;
  const perOrder = breakEvenSurcharge(s.loss, s.orders, settings);
  if (perOrder === null) return null;
  const money = (minor: number) => formatMoney(minor, currency, locale);
  return {
    subject: { kind: "shipping-orders", orders: s.orders },
    amount: s.loss,
    cause: `${s.orders.toLocaleString(locale)} ${s.orders === 1 ? "order loses" : "orders lose"} money on shipping alone: carriers cost ${money(s.unpaidShipping)} more than customers paid.`,
    action: { kind: "order-surcharge", perOrder },
    actionText: `Add a ${money(perOrder)} shipping surcharge to such orders`,
  };
}

export interface GatewayTotals {
  /** `OrderTransaction.gateway` code; null when the order had no payment. */
  readonly gateway: string | null;
  readonly orders: number;
  readonly netRevenue: number;
  readonly paymentFees: number;
}

/** Gateways with fewer orders than this are not compared (a handful of orders says little). */
export const GATEWAY_MIN_ORDERS = 10;

/**
 * Payments outside a payment provider (Shopify's manual payment methods: bank deposit, cash on
 * delivery, money order, other manual; gift cards): never offered as the cheaper alternative, as
 * customers paying online do not switch to them.
 */
const OFFLINE_GATEWAYS: ReadonlySet<string> = new Set(["manual", "cash", "cash_on_delivery", "bank_deposit", "money_order", "gift_card"]);

/**
 * The online payment gateway whose fees cost the most above the shop's cheapest one:
 * extra = its fees − its net revenue × the cheapest one's fee rate (rounded down). Manual
 * payments and gift cards (OFFLINE_GATEWAYS), gateways without fees and Shopify's test gateway
 * are left out.
 */
export function gatewayFix(gateways: readonly GatewayTotals[], currency: string, locale = "en"): FixItem | null {
  const paid = gateways.filter(
    (g) => g.gateway !== null && !isTestGateway(g.gateway) && !OFFLINE_GATEWAYS.has(g.gateway.toLowerCase()) && g.orders >= GATEWAY_MIN_ORDERS && g.netRevenue > 0 && g.paymentFees > 0,
  );
  if (paid.length < 2) return null;
  // Cheapest rate: fees/revenue compared by cross-multiplication (exact).
  const cheapest = paid.reduce((a, b) => (BigInt(b.paymentFees) * BigInt(a.netRevenue) < BigInt(a.paymentFees) * BigInt(b.netRevenue) ? b : a));
  let worst: { g: GatewayTotals; extra: number } | null = null;
  for (const g of paid) {
    if (g === cheapest) continue;
    const atCheapest = Number((BigInt(g.netRevenue) * BigInt(cheapest.paymentFees)) / BigInt(cheapest.netRevenue));
    const extra = g.paymentFees - atCheapest;
    if (extra > 0 && (worst === null || extra > worst.extra)) worst = { g, extra };
  }
  if (!worst) return null;
  const money = (minor: number) => formatMoney(minor, currency, locale);
  const rate = (t: GatewayTotals) => formatBasisPoints(Math.round((t.paymentFees * 10_000) / t.netRevenue), locale);
  const from = gatewayName(worst.g.gateway);
  const to = gatewayName(cheapest.gateway);
  return {
    subject: { kind: "gateway", gateway: worst.g.gateway!, orders: worst.g.orders },
    amount: worst.extra,
    cause: `${from} fees take ${rate(worst.g)} of its orders' net revenue (${money(worst.g.paymentFees)}); ${to} takes ${rate(cheapest)}.`,
    action: { kind: "steer-gateway", from, to },
    actionText: `Offer ${to} first: ${money(worst.extra)} less in fees`,
  };
}

/** The products sold without any unit cost, as one item: enter the costs first. */
export function missingCostsFix(products: readonly Pick<ProductMargin, "productId" | "title" | "units" | "missingCost">[], variants: number): FixItem | null {
  const missing = products.filter(allCostMissing);
  if (missing.length === 0) return null;
  const one = missing.length === 1 ? missing[0] : null;
  const units = missing.reduce((n, p) => n + p.missingCost.units, 0);
  const which = variants === 1 ? "1 variant" : `${variants} variants`;
  return {
    subject: { kind: "missing-costs", products: missing.length, productId: one?.productId ?? null, title: one ? one.title : `${missing.length} products without a unit cost` },
    amount: null,
    cause: `${units === 1 ? "The unit sold has" : `The ${units} units sold have`} no unit cost, so ${one ? "its" : "their"} margin is unknown.`,
    action: { kind: "enter-costs", variants },
    actionText: `Enter the unit cost of ${which}`,
  };
}

/** A product's stock flags today (stock-flags.ts), for the stock items. */
export interface StockFixInput {
  readonly productId: string;
  readonly title: string;
  readonly flags: readonly StockFlag[];
}

/** Stock items shown at most (the Stock page lists the rest). */
export const STOCK_FIX_LIMIT = 3;

/**
 * Dead stock and overstock as items, the most cash first (dead before overstock at equal
 * value; no known value last), the largest of each kind always among them: the flag's
 * reason is the cause, the action frees the cash.
 */
export function stockFixes(products: readonly StockFixInput[], currency: string, locale = "en", limit = STOCK_FIX_LIMIT): FixItem[] {
  const money = (minor: number) => formatMoney(minor, currency, locale);
  const units = (n: number) => `${n.toLocaleString(locale)} unit${n === 1 ? "" : "s"}`;
  const items: FixItem[] = [];
  for (const p of products) {
    for (const f of p.flags) {
      if (f.code === "STOCKOUT_RISK") continue;
      const subject: FixSubject = { kind: "stock", flag: f.code, productId: p.productId, title: p.title };
      if (f.code === "DEAD_STOCK") {
        const text = f.value === null ? `Sell off or return the ${units(f.units)}` : `Free ${money(f.value)}: sell off or return the ${units(f.units)}`;
        items.push({ subject, amount: null, cause: f.reason, action: { kind: "clear-dead-stock", units: f.units, value: f.value }, actionText: text });
      } else {
        items.push({ subject, amount: null, cause: f.reason, action: { kind: "trim-overstock", units: f.units, value: f.value }, actionText: `Skip reorders until ${units(f.units)} have sold` });
      }
    }
  }
  const value = (f: FixItem) => (f.action.kind === "clear-dead-stock" || f.action.kind === "trim-overstock" ? f.action.value : null);
  const byCash = (a: FixItem, b: FixItem) => (value(b) ?? -1) - (value(a) ?? -1) || (a.action.kind === "clear-dead-stock" ? 0 : 1) - (b.action.kind === "clear-dead-stock" ? 0 : 1);
  items.sort(byCash);
  // The largest of each kind is always shown (dead stock's cash does not come back by waiting), the rest by cash.
  const firsts = [items.find((f) => f.action.kind === "clear-dead-stock"), items.find((f) => f.action.kind === "trim-overstock")].filter((f) => f !== undefined).slice(0, limit);
  const rest = items.filter((f) => !firsts.includes(f)).slice(0, limit - firsts.length);
  return [...firsts, ...rest].sort(byCash);
}

export interface FixInput {
  /** Every product of the period (the engine's results). */
  readonly products: readonly ProductMargin[];
  /** Catalog variants of the products sold without any cost that still have none. */
  readonly missingCostVariants: number;
  readonly shippingOrders: ShippingLossOrders;
  readonly gateways: readonly GatewayTotals[];
  /** Products with stock flags today (none before the first inventory import). */
  readonly stock?: readonly StockFixInput[];
}

/**
 * The list Home leads with: the `limit` items costing the most (products and order
 * patterns, largest amount first), then the stock tying up the most cash (dead stock and
 * overstock, up to STOCK_FIX_LIMIT), then the missing costs as one item (their margin is
 * unknown, so it has no amount to rank by, but is never left out).
 */
export function fixTheseFirst(input: FixInput, settings: FixSettings, currency: string, opts: { locale?: string; limit?: number } = {}): FixItem[] {
  const locale = opts.locale ?? "en";
  const ranked: FixItem[] = [];
  for (const p of input.products) {
    const fix = productFix(p, settings, currency, locale);
    if (fix) ranked.push(fix);
  }
  const shipping = shippingOrdersFix(input.shippingOrders, settings, currency, locale);
  if (shipping) ranked.push(shipping);
  const gateway = gatewayFix(input.gateways, currency, locale);
  if (gateway) ranked.push(gateway);
  ranked.sort((a, b) => (b.amount ?? 0) - (a.amount ?? 0));
  const out = ranked.slice(0, opts.limit ?? 5);
  out.push(...stockFixes(input.stock ?? [], currency, locale));
  const missing = missingCostsFix(input.products, input.missingCostVariants);
  if (missing) out.push(missing);
  return out;
}
