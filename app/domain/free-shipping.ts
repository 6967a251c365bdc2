/**
 * Free-shipping threshold planner: replays past orders as if shipping had been free
 * from a basket value T, and finds the threshold from which the shop still earns.
 *
 * Threshold basis (what Shopify compares a free-shipping discount's `minimumRequirement.
 * subtotal.greaterThanOrEqualToSubtotal` AND a shipping rate's TOTAL_PRICE condition
 * against): ASSUMED to be the cart's merchandise subtotal, shipping excluded, after
 * product and order discounts, in the prices the customer sees, so tax-INCLUSIVE for
 * shops whose prices include tax (EU) and tax-exclusive otherwise (US). Sources, and
 * what they leave open:
 * - shopify.dev/docs/api/admin-graphql/latest/objects/DiscountMinimumSubtotal (2026-10):
 *   "The minimum subtotal that's required for the discount to be applied." (a subtotal:
 *   shipping excluded; discounts and tax not stated);
 * - Admin 2026-10 schema (app/types/admin-2026-10.schema.json.gz), DeliveryConditionField
 *   TOTAL_PRICE: "The condition will check against the total price of the order.", and
 *   shopify.dev/docs/api/admin-graphql/latest/input-objects/DeliveryPriceConditionInput:
 *   criteria is "The monetary value to compare the price of an order to." (discounts and
 *   tax not stated).
 * No Shopify page found (docs, help-center pages and issues searched 2026-12-07) says
 * whether either compares before or after discounts, with or without tax, so the planner
 * takes both on this one basis and says so on its page; verify on a dev store.
 * `basketSubtotal` is the one place that encodes it.
 *
 * Economics of an order at or above T (all amounts before tax, minor units):
 * - the shop loses the shipping it charged (net of shipping refunds) and still pays
 *   the carrier (unchanged, already in the order's margin);
 * - payment fees and provisions shrink with the revenue lost, in the engine's own
 *   proportions (fees × lost / net revenue; provision % × lost), so a free-shipping
 *   order's margin = margin − lost + fee saving + provision saving.
 * Orders already charged 0 shipping (or without a parcel) are unchanged.
 *
 * Pure module: takes the engine's OrderMargin plus the facts of the normalised order.
 */
import { applyRate, mulDiv, percentRate, sumMinor, type Rate, type RoundingMode } from "./money";
import { type OrderMargin } from "./margin";
import { unitPrice, type ProductMargin } from "./products";
import { unitAtDiscount, unitEconomicsFromProduct } from "./promotions";
import { type CostSettings } from "./settings";
import { type NormalisedOrder } from "./types";

// ---------------------------------------------------------------------------
// Inputs
// ---------------------------------------------------------------------------

/** What the planner needs of one order. */
export interface ReplayOrder {
  readonly orderId: string;
  readonly orderName: string;
  /** Merchandise subtotal on Shopify's threshold basis (`basketSubtotal`). */
  readonly basket: number;
  /** Shipping charged − refunded, before tax: the revenue lost when shipping is free. */
  readonly shippingRevenue: number;
  readonly netRevenue: number;
  readonly netMargin: number;
  readonly paymentFees: number;
  /** Zone key (`zoneOf`): the shipping rule's countries, else the destination country. */
  readonly zone: string;
}

/**
 * The merchandise subtotal Shopify's minimum-subtotal requirement compares against:
 * Σ lines after all discounts (kept units) + line refunds before tax, plus the kept
 * units' tax when the shop's prices include tax. Shipping is never part of it.
 * (Refunded units' tax is unknown here; for tax-inclusive shops a partly refunded
 * order's subtotal is therefore slightly understated.)
 */
export function basketSubtotal(order: Pick<NormalisedOrder, "lines" | "taxesIncluded" | "refunds">): number {
  const lines = sumMinor(order.lines.map((l) => l.netRevenueBeforeTax + (order.taxesIncluded ? l.tax : 0)));
  return lines + order.refunds.lineItemsBeforeTax;
}

/** Zone of an order: the matched shipping rule's countries ("DE,AT"), else its country, else "unknown". */
export function zoneOf(margin: Pick<OrderMargin, "steps">, order: Pick<NormalisedOrder, "shippingCountryCode">, settings: Pick<CostSettings, "shipping">): string {
  const i = margin.steps.shipping.ruleIndex;
  const rule = i === null ? undefined : settings.shipping.rules[i];
  if (rule && rule.countries !== null) return [...rule.countries].sort().join(",");
  return order.shippingCountryCode?.toUpperCase() ?? "unknown";
}

/** The planner's view of an order, from the normalised order and its engine result. */
export function replayOrder(order: NormalisedOrder, margin: OrderMargin, settings: Pick<CostSettings, "shipping">): ReplayOrder {
  return {
    orderId: margin.orderId,
    orderName: margin.orderName,
    basket: basketSubtotal(order),
    shippingRevenue: margin.revenue.shippingCharged - margin.revenue.shippingRefunded,
    netRevenue: margin.netRevenue,
    netMargin: margin.netMargin,
    paymentFees: margin.costs.paymentFees,
    zone: zoneOf(margin, order, settings),
  };
}

/**
 * Basket uplift, an explicit assumption: of the orders whose basket is below T by at
 * most the typical item's price, a share `share` would have added one typical item
 * to reach T. Default (`CAUTIOUS_UPLIFT`): 10 %.
 */
export interface UpliftAssumption {
  /** Share of the "just below" orders that add an item (0..1 as a rate). */
  readonly share: Rate;
  readonly item: TypicalItem;
}

/** The item a customer adds: its price on the threshold basis and what it adds to the margin. */
export interface TypicalItem {
  readonly title: string;
  /** Added to the basket subtotal (threshold basis). */
  readonly basketPrice: number;
  /** Net revenue before tax it adds. */
  readonly netRevenue: number;
  /** Marginal margin of one more unit in an existing parcel: revenue − cost − per-item labour − fees − provisions. */
  readonly marginalMargin: number;
}

export const CAUTIOUS_UPLIFT_SHARE: Rate = { num: 1, den: 10 };

/** Provision rates of the settings (returns, fraud, spoilage), as exact rates. */
function provisionRates(settings: Pick<CostSettings, "provisions">): Rate[] {
  return [settings.provisions.returnsPercent, settings.provisions.fraudPercent, settings.provisions.spoilagePercent].map((p) => percentRate(p));
}

/** The order's net margin had its shipping been free (carrier still paid). */
export function marginIfFree(o: ReplayOrder, settings: Pick<CostSettings, "provisions">, mode: RoundingMode = "half-even"): number {
  const lost = o.shippingRevenue;
  if (lost <= 0) return o.netMargin;
  const fees = o.netRevenue > 0 ? mulDiv(o.paymentFees, lost, o.netRevenue, mode) : 0;
  let provisions = 0;
  for (const r of provisionRates(settings)) provisions += applyRate(lost, r, mode);
  return o.netMargin - lost + fees + provisions;
}

// ---------------------------------------------------------------------------
// Replay per threshold
// ---------------------------------------------------------------------------

export interface ThresholdScenario {
  /** Orders (possibly fractional with uplift) at or above T. */
  readonly qualifyingOrders: number;
  /** qualifyingOrders / orders, in basis points (rounded half-even). */
  readonly qualifyingShareBp: number;
  /** Shipping revenue given up (before tax). */
  readonly shippingRevenueLost: number;
  /** Total net margin with free shipping from T, and its change vs. today. */
  readonly netMargin: number;
  readonly netMarginChange: number;
  /** Change per order of the whole period (rounded half-even). */
  readonly netMarginChangePerOrder: number;
}

export interface ThresholdResult {
  readonly threshold: number;
  readonly orders: number;
  readonly baseline: { readonly netMargin: number };
  readonly withoutUplift: ThresholdScenario;
  readonly withUplift: ThresholdScenario & {
    /** Orders just below T (gap ≤ typical item's basket price) considered for uplift. */
    readonly ordersJustBelow: number;
    /** Expected orders that add an item: share × ordersJustBelow (exact fraction as number). */
    readonly ordersAddingItem: number;
  };
  /** Orders profitable today that would lose money with free shipping (names). */
  readonly newLossMakers: readonly string[];
}

export interface ReplayOptions {
  readonly settings: Pick<CostSettings, "provisions">;
  /** null = no uplift (with-uplift scenario equals the without one). */
  readonly uplift: UpliftAssumption | null;
  readonly rounding?: RoundingMode;
}

/** Replays `orders` for each threshold T (minor units, threshold basis). Orders are assumed filtered already (period, cancelled, test). */
export function replayThresholds(orders: readonly ReplayOrder[], thresholds: readonly number[], options: ReplayOptions): ThresholdResult[] {
  const mode = options.rounding ?? "half-even";
  const free = orders.map((o) => marginIfFree(o, options.settings, mode));
  const baseline = sumMinor(orders.map((o) => o.netMargin));
  const n = orders.length;
  return thresholds.map((t) => {
    let qualifying = 0;
    let lost = 0;
    let margin = 0;
    let justBelow = 0;
    let upliftGain = 0;
    let upliftLost = 0;
    const newLossMakers: string[] = [];
    orders.forEach((o, i) => {
      if (o.basket >= t) {
        qualifying += 1;
        lost += Math.max(0, o.shippingRevenue);
        margin += free[i]!;
        if (o.netMargin >= 0 && free[i]! < 0) newLossMakers.push(o.orderName);
      } else {
        margin += o.netMargin;
        const u = options.uplift;
        if (u !== null && o.basket + u.item.basketPrice >= t) {
          justBelow += 1;
          // This order, had its customer added the item: free shipping + the item's margin.
          upliftGain += free[i]! - o.netMargin + u.item.marginalMargin;
          upliftLost += Math.max(0, o.shippingRevenue);
        }
      }
    });
    const scenario = (q: number, l: number, m: number): ThresholdScenario => ({
      qualifyingOrders: q,
      qualifyingShareBp: n === 0 ? 0 : Math.round((q * 10_000) / n),
      shippingRevenueLost: l,
      netMargin: m,
      netMarginChange: m - baseline,
      netMarginChangePerOrder: n === 0 ? 0 : mulDiv(m - baseline, 1, n, mode),
    });
    const without = scenario(qualifying, lost, margin);
    const share = options.uplift?.share ?? { num: 0, den: 1 };
    const adding = (justBelow * share.num) / share.den;
    const withU = scenario(qualifying + adding, lost + applyRate(upliftLost, share, mode), margin + applyRate(upliftGain, share, mode));
    return {
      threshold: t,
      orders: n,
      baseline: { netMargin: baseline },
      withoutUplift: without,
      withUplift: { ...withU, ordersJustBelow: justBelow, ordersAddingItem: adding },
      newLossMakers,
    };
  });
}

// ---------------------------------------------------------------------------
// Break-even threshold
// ---------------------------------------------------------------------------

export type BreakEven =
  | {
      readonly kind: "threshold";
      /** Lower bound of the lowest basket band from which every band above keeps the target with shipping paid by the shop. */
      readonly threshold: number;
      /** Orders at or above the threshold, and their Σ margin / Σ net revenue with free shipping. */
      readonly qualifyingOrders: number;
      readonly netMargin: number;
      readonly netRevenue: number;
      /** The lowest passing group of bands: the orders "just at" the threshold. */
      readonly marginalBand: { readonly from: number; readonly to: number; readonly orders: number; readonly netMargin: number; readonly netRevenue: number };
    }
  | { readonly kind: "none"; readonly reason: string };

export interface BreakEvenResult {
  /** Target margin ≥ 0. */
  readonly zero: BreakEven;
  /** Target margin ≥ thin % of net revenue. */
  readonly thin: BreakEven;
}

export interface BreakEvenOptions {
  /** Width of the basket bands, minor units (e.g. 500 = 5.00). */
  readonly bandWidth: number;
  /** Bands with fewer orders are merged with the band(s) below them, from the top, until a group has this many (default 20). */
  readonly minOrdersPerBand?: number;
  readonly rounding?: RoundingMode;
}

/**
 * Break-even thresholds from the shop's own orders (their basket values, and the
 * weights and destinations already priced into each order's carrier cost). The
 * question is the qualifying order AT the threshold: would an order of that basket
 * value still earn with shipping paid by the shop? Orders are grouped in basket bands
 * [k·w, (k+1)·w); from the top down, sparse bands are merged until a group holds
 * `minOrdersPerBand` orders; a group passes when its orders together keep
 * Σ margin ≥ target × Σ net revenue (free shipping). The threshold is the lower bound
 * of the lowest group from which every group above passes (safe to raise). "none" when
 * even the top group fails. Summing ALL qualifying orders instead would let large
 * baskets hide the losses of the small ones and put the threshold near the smallest
 * basket.
 */
export function breakEvenThresholds(
  orders: readonly ReplayOrder[],
  settings: Pick<CostSettings, "provisions" | "thresholds">,
  options: BreakEvenOptions,
): BreakEvenResult {
  const w = options.bandWidth;
  if (!Number.isSafeInteger(w) || w <= 0) throw new RangeError(`bandWidth must be a positive integer, got ${w}`);
  const minOrders = Math.max(1, options.minOrdersPerBand ?? 20);
  const mode = options.rounding ?? "half-even";
  const bands = new Map<number, { orders: number; margin: number; revenue: number }>();
  for (const o of orders) {
    const k = Math.floor(o.basket / w);
    const b = bands.get(k) ?? { orders: 0, margin: 0, revenue: 0 };
    b.orders += 1;
    b.margin += marginIfFree(o, settings, mode);
    b.revenue += o.netRevenue - Math.max(0, o.shippingRevenue);
    bands.set(k, b);
  }
  const keys = [...bands.keys()].sort((a, b) => b - a);
  const thin = percentRate(settings.thresholds.thinMarginPercent);
  const target = (r: Rate): BreakEven => {
    let best: BreakEven = { kind: "none", reason: keys.length === 0 ? "no orders to replay" : "even the largest baskets lose money with free shipping" };
    let totalOrders = 0;
    let totalMargin = 0;
    let totalRevenue = 0;
    let i = 0;
    while (i < keys.length) {
      const top = keys[i]!;
      let g = { orders: 0, margin: 0, revenue: 0 };
      let low = top;
      while (i < keys.length && g.orders < minOrders) {
        const b = bands.get(keys[i]!)!;
        g = { orders: g.orders + b.orders, margin: g.margin + b.margin, revenue: g.revenue + b.revenue };
        low = keys[i]!;
        i += 1;
      }
      const ok = BigInt(g.margin) * BigInt(r.den) >= BigInt(r.num) * BigInt(Math.max(0, g.revenue));
      if (!ok) break;
      totalOrders += g.orders;
      totalMargin += g.margin;
      totalRevenue += g.revenue;
      best = {
        kind: "threshold",
        threshold: low * w,
        qualifyingOrders: totalOrders,
        netMargin: totalMargin,
        netRevenue: totalRevenue,
        marginalBand: { from: low * w, to: (top + 1) * w, orders: g.orders, netMargin: g.margin, netRevenue: g.revenue },
      };
    }
    return best;
  };
  return { zero: target({ num: 0, den: 1 }), thin: target(thin) };
}

/** The break-even threshold (thin target, else 0) rounded UP to a multiple of `step` minor units (e.g. 100 = whole euros). */
export function recommendedThreshold(be: BreakEvenResult, step: number): number | null {
  const pick = be.thin.kind === "threshold" ? be.thin : be.zero.kind === "threshold" ? be.zero : null;
  if (pick === null) return null;
  if (!Number.isSafeInteger(step) || step <= 0) throw new RangeError(`step must be a positive integer, got ${step}`);
  return Math.ceil(pick.threshold / step) * step;
}

// ---------------------------------------------------------------------------
// Per zone
// ---------------------------------------------------------------------------

export interface ZonePlan {
  readonly zone: string;
  readonly orders: number;
  readonly breakEven: BreakEvenResult;
  readonly results: readonly ThresholdResult[];
}

/** Replay and break-even per zone (zones sorted by order count, descending, then name). */
export function planByZone(
  orders: readonly ReplayOrder[],
  thresholds: readonly number[],
  options: ReplayOptions & { readonly settings: Pick<CostSettings, "provisions" | "thresholds">; readonly breakEven: BreakEvenOptions },
): ZonePlan[] {
  const groups = new Map<string, ReplayOrder[]>();
  for (const o of orders) {
    const g = groups.get(o.zone);
    if (g) g.push(o);
    else groups.set(o.zone, [o]);
  }
  return [...groups.entries()]
    .map(([zone, list]) => ({
      zone,
      orders: list.length,
      breakEven: breakEvenThresholds(list, options.settings, options.breakEven),
      results: replayThresholds(list, thresholds, options),
    }))
    .sort((a, b) => b.orders - a.orders || (a.zone < b.zone ? -1 : a.zone > b.zone ? 1 : 0));
}

// ---------------------------------------------------------------------------
// The typical item (for uplift)
// ---------------------------------------------------------------------------

export interface ItemCandidate {
  readonly title: string;
  /** Units sold in the period (weight of the median). */
  readonly units: number;
  readonly basketPrice: number;
  readonly netRevenue: number;
  readonly marginalMargin: number;
  /**
   * The product loses money over the period (its Loss flag, or a net margin below 0): a
   * clearance line or a loss-maker, never suggested as the item a customer adds.
   */
  readonly lossMaking?: boolean;
}

/**
 * Item candidates from the period's products: the unit price (`unitPrice`: after discounts,
 * before tax, as the product page and Promotions show it), its basket price
 * (tax added when the shop's prices include tax, the threshold basis), and the margin
 * of one more unit in a parcel that ships anyway: price − unit cost − per-item labour −
 * fees (default gateway %, on the tax-inclusive amount) − provisions. The extra weight
 * is assumed not to change the parcel's weight band. Custom items are left out.
 */
export function itemCandidates(
  products: readonly ProductMargin[],
  settings: Pick<CostSettings, "paymentFees" | "provisions" | "labour">,
  tax: { readonly rate: Rate; readonly pricesIncludeTax: boolean },
  mode: RoundingMode = "half-even",
): ItemCandidate[] {
  const out: ItemCandidate[] = [];
  for (const p of products) {
    if (p.productId === null) continue;
    const atList = unitEconomicsFromProduct(p, settings, tax.rate, mode);
    if (atList === null) continue;
    // What the added unit typically sells for: the price customers paid, not the list price.
    const u = { ...atList, price: unitPrice({ merchandise: p.revenue.merchandise, units: p.units }) ?? atList.price };
    const one = unitAtDiscount({ ...u, fixedPerUnit: settings.labour.perItem }, 0, mode);
    out.push({
      title: p.title,
      units: p.units,
      basketPrice: tax.pricesIncludeTax ? u.price + applyRate(u.price, tax.rate, mode) : u.price,
      netRevenue: u.price,
      marginalMargin: one.netMargin,
      lossMaking: p.netMargin < 0 || p.flags.some((f) => f.code === "LOSS"),
    });
  }
  return out;
}

/**
 * The unit-weighted median item by marginal margin ("the shop's typical item by margin")
 * among the items worth adding: products that make money over the period and earn
 * something on one more unit (a loss-maker or a clearance line sold below cost is never
 * the suggested add-on, issue 17); null when no such item sold.
 */
export function typicalItem(candidates: readonly ItemCandidate[]): TypicalItem | null {
  const sold = candidates.filter((c) => c.units > 0 && c.lossMaking !== true && c.marginalMargin > 0).sort((a, b) => a.marginalMargin - b.marginalMargin || (a.title < b.title ? -1 : 1));
  const total = sumMinor(sold.map((c) => c.units));
  if (total === 0) return null;
  let seen = 0;
  for (const c of sold) {
    seen += c.units;
    if (2 * seen >= total) return { title: c.title, basketPrice: c.basketPrice, netRevenue: c.netRevenue, marginalMargin: c.marginalMargin };
  }
  return null;
}

// ---------------------------------------------------------------------------
// Free shipping on the store today: shipping rates and discounts
// ---------------------------------------------------------------------------

/**
 * A condition of a shipping rate (Shopify's DeliveryCondition): TOTAL_PRICE in minor
 * units of the shop currency, TOTAL_WEIGHT in grams. The rate applies when every
 * condition holds (≥ for GREATER_THAN_OR_EQUAL_TO, ≤ for LESS_THAN_OR_EQUAL_TO).
 * Source: Admin API 2026-10 reference, DeliveryMethodDefinition.methodConditions "The method
 * conditions that must pass for this method definition to be applied to an order"; the order
 * price a TOTAL_PRICE condition compares is taken on the same basis as `basketSubtotal`
 * (an assumption, see the header: Shopify's reference only says "the total price of the order").
 */
export interface RateCondition {
  readonly field: "TOTAL_PRICE" | "TOTAL_WEIGHT";
  readonly operator: "GREATER_THAN_OR_EQUAL_TO" | "LESS_THAN_OR_EQUAL_TO";
  readonly value: number;
}

/** A rate of a shipping zone (Shopify's DeliveryMethodDefinition). */
export interface ShippingRate {
  readonly name: string;
  readonly active: boolean;
  /** What the customer pays, minor units of the shop currency; null when a carrier prices it at checkout. */
  readonly price: number | null;
  readonly conditions: readonly RateCondition[];
}

/** A shipping zone of a delivery profile, with its rates. */
export interface ShippingZone {
  readonly profile: string;
  readonly defaultProfile: boolean;
  readonly name: string;
  /** ISO country codes; "*" stands for Shopify's "Rest of world". */
  readonly countries: readonly string[];
  readonly rates: readonly ShippingRate[];
}

export interface ZoneShipping {
  readonly profile: string;
  readonly defaultProfile: boolean;
  readonly zone: string;
  readonly countries: readonly string[];
  /** Lowest minimum order price from which an active rate ships free (0: always free); null when no rate is free. */
  readonly freeFrom: number | null;
  readonly freeRate: string | null;
  /** The free rate also has weight conditions: heavier (or lighter) parcels do not get it. */
  readonly freeWeightLimited: boolean;
  /** Lowest and highest price of the active paid rates a customer below `freeFrom` can pick; null when none. */
  readonly paid: { readonly min: number; readonly max: number; readonly byWeight: boolean } | null;
  /** A carrier prices some rate at checkout (its price is unknown here). */
  readonly carrierCalculated: boolean;
}

const priceBound = (r: ShippingRate, op: RateCondition["operator"]): number | null => {
  const values = r.conditions.filter((c) => c.field === "TOTAL_PRICE" && c.operator === op).map((c) => c.value);
  if (values.length === 0) return null;
  return op === "GREATER_THAN_OR_EQUAL_TO" ? Math.max(...values) : Math.min(...values);
};
const hasWeight = (r: ShippingRate) => r.conditions.some((c) => c.field === "TOTAL_WEIGHT");

/**
 * A zone's free threshold and the shipping price its customers pay. A rate ships free
 * from X when it is active, priced 0, has "order price ≥ X" (none: X = 0) and no upper
 * price limit. The paid rates are the active ones priced above 0 that a basket below
 * the free threshold can reach (their minimum order price, if any, is below it).
 */
export function zoneShipping(zone: ShippingZone): ZoneShipping {
  const active = zone.rates.filter((r) => r.active);
  let freeFrom: number | null = null;
  let freeRate: ShippingRate | null = null;
  for (const r of active) {
    if (r.price !== 0 || priceBound(r, "LESS_THAN_OR_EQUAL_TO") !== null) continue;
    const from = priceBound(r, "GREATER_THAN_OR_EQUAL_TO") ?? 0;
    if (freeFrom === null || from < freeFrom || (from === freeFrom && freeRate !== null && hasWeight(freeRate) && !hasWeight(r))) {
      freeFrom = from;
      freeRate = r;
    }
  }
  const paid = active.filter((r) => r.price !== null && r.price > 0 && (freeFrom === null || (priceBound(r, "GREATER_THAN_OR_EQUAL_TO") ?? 0) < freeFrom));
  const prices = paid.map((r) => r.price!);
  return {
    profile: zone.profile,
    defaultProfile: zone.defaultProfile,
    zone: zone.name,
    countries: zone.countries,
    freeFrom,
    freeRate: freeRate?.name ?? null,
    freeWeightLimited: freeRate !== null && hasWeight(freeRate),
    paid: prices.length === 0 ? null : { min: Math.min(...prices), max: Math.max(...prices), byWeight: paid.some(hasWeight) },
    carrierCalculated: active.some((r) => r.price === null),
  };
}

/** An automatic free-shipping discount in force (NetMargin's or another). */
export interface FreeShippingOffer {
  readonly title: string;
  /** Minimum order value, minor units (0: no minimum). */
  readonly minimum: number;
  /** Countries it ships free to; null: every destination. */
  readonly countries: readonly string[] | null;
  readonly netMargin: boolean;
}

export type FreeShippingSource = { readonly kind: "rate"; readonly name: string } | { readonly kind: "discount"; readonly title: string; readonly netMargin: boolean };

export interface ZoneToday extends ZoneShipping {
  /** The lowest basket value from which this zone's customers ship free today, from either source; null: never. */
  readonly threshold: number | null;
  readonly source: FreeShippingSource | null;
  /** The best discount for this zone (lowest minimum), if any. */
  readonly discountFrom: number | null;
}

function offerReaches(o: FreeShippingOffer, countries: readonly string[]): boolean {
  return o.countries === null || countries.some((c) => o.countries!.includes(c));
}

/**
 * The free-shipping threshold customers of each zone get today: the lower of the zone's
 * free rate and the best free-shipping discount that ships to it (Shopify gives the
 * customer the cheapest option: a 0-priced rate, or the discount on a paid rate). On a
 * tie the rate is named (it ships free even without the discount).
 */
export function freeShippingToday(zones: readonly ShippingZone[], offers: readonly FreeShippingOffer[]): ZoneToday[] {
  return zones.map((z) => {
    const s = zoneShipping(z);
    const best = offers.filter((o) => offerReaches(o, z.countries)).sort((a, b) => a.minimum - b.minimum || Number(b.netMargin) - Number(a.netMargin))[0] ?? null;
    const discountFrom = best?.minimum ?? null;
    let threshold: number | null = s.freeFrom;
    let source: FreeShippingSource | null = s.freeFrom !== null ? { kind: "rate", name: s.freeRate! } : null;
    if (best !== null && (threshold === null || best.minimum < threshold)) {
      threshold = best.minimum;
      source = { kind: "discount", title: best.title, netMargin: best.netMargin };
    }
    return { ...s, threshold, source, discountFrom };
  });
}

/**
 * What a discount from `threshold` does in zones whose rate already ships free
 * ("rate-first": the rate is free at or below it, the discount changes nothing there;
 * "discount-first": customers between `threshold` and the rate's minimum get the
 * discount, from that minimum the rate already made shipping free).
 */
export interface RateOverlap {
  readonly kind: "rate-first" | "discount-first";
  readonly zone: string;
  readonly profile: string;
  readonly defaultProfile: boolean;
  readonly rate: string;
  readonly rateFrom: number;
  readonly threshold: number;
}

export function rateOverlaps(threshold: number, zones: readonly ZoneShipping[]): RateOverlap[] {
  return zones
    .filter((z) => z.freeFrom !== null && z.freeRate !== null)
    .map((z) => ({
      kind: z.freeFrom! <= threshold ? ("rate-first" as const) : ("discount-first" as const),
      zone: z.zone,
      profile: z.profile,
      defaultProfile: z.defaultProfile,
      rate: z.freeRate!,
      rateFrom: z.freeFrom!,
      threshold,
    }));
}

/**
 * Today's threshold for a planner zone (its countries, `zoneOf`): the zones of the
 * default delivery profile that ship to those countries (else to "Rest of world").
 * `threshold` is the lowest of them; `varies` when they differ; null when no zone ships there.
 */
export function todayForCountries(
  countries: readonly string[],
  today: readonly ZoneToday[],
): { readonly threshold: number | null; readonly source: FreeShippingSource | null; readonly paid: ZoneShipping["paid"]; readonly varies: boolean } | null {
  const profileZones = today.some((z) => z.defaultProfile) ? today.filter((z) => z.defaultProfile) : today;
  const matched: ZoneToday[] = [];
  for (const c of countries) {
    const z = profileZones.find((x) => x.countries.includes(c)) ?? profileZones.find((x) => x.countries.includes("*"));
    if (z && !matched.includes(z)) matched.push(z);
  }
  if (matched.length === 0) return null;
  const thresholds = matched.map((z) => z.threshold);
  const known = thresholds.filter((t): t is number => t !== null);
  const lowest = known.length === 0 ? null : Math.min(...known);
  const at = matched.find((z) => z.threshold === lowest) ?? matched[0]!;
  const paid = matched.map((z) => z.paid).filter((p): p is NonNullable<ZoneShipping["paid"]> => p !== null);
  return {
    threshold: lowest,
    source: at.source,
    paid: paid.length === 0 ? null : { min: Math.min(...paid.map((p) => p.min)), max: Math.max(...paid.map((p) => p.max)), byWeight: paid.some((p) => p.byWeight) },
    varies: new Set(thresholds).size > 1,
  };
}
