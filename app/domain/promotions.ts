/**
 * Promotion limits: how deep a product's discount can go before its net margin
 * falls below 0 or below the thin-margin target, and what a pack offer ("3 for 2",
 * "2+1 free", "-X % on a pack of N") earns once the pack is shipped and packed.
 *
 * Exact arithmetic in minor units. Payment fees are a % of the amount paid (tax
 * included) + a fixed amount per transaction, provisions a % of net revenue, so both
 * shrink with the price; cost of goods and the per-unit fixed costs do not. Each
 * amount is rounded once, like the engine (default half-even).
 *
 * Pure module.
 */
import { formatBasisPoints, formatPercent } from "./format";
import { applyRate, basisPoints, mulDiv, percentRate, sumMinor, type Rate, type RoundingMode } from "./money";
import { marginPercent, matchShippingRule, type MarginPct } from "./margin";
import { type ProductMargin } from "./products";
import { type CostSettings } from "./settings";

// ---------------------------------------------------------------------------
// Maximum discount per product
// ---------------------------------------------------------------------------

/** One unit's economics at list price. */
export interface UnitEconomics {
  readonly title: string;
  /** List price per unit before tax (minor units). */
  readonly price: number;
  /** Cost of goods per unit. */
  readonly unitCost: number;
  /** Costs per unit that do not move with the price: shipping paid net of shipping charged, packaging, labour, fixed costs, fixed fee share. */
  readonly fixedPerUnit: number;
  /** Payment fee rate on the amount paid (tax included). */
  readonly feeRate: Rate;
  /** Tax rate on the price (fees are charged on the amount paid); 0/1 when prices carry no tax. */
  readonly taxRate: Rate;
  /** Provision rates (returns, fraud, spoilage), % of net revenue. */
  readonly provisionRates: readonly Rate[];
}

export interface DiscountedUnit {
  readonly discountBp: number;
  readonly revenue: number;
  readonly paymentFees: number;
  readonly provisions: number;
  readonly netMargin: number;
}

/** One unit sold at `discountBp` basis points off its list price. */
export function unitAtDiscount(u: UnitEconomics, discountBp: number, mode: RoundingMode = "half-even"): DiscountedUnit {
  if (!Number.isSafeInteger(discountBp) || discountBp < 0 || discountBp > 10_000) throw new RangeError(`discount must be 0..10000 bp, got ${discountBp}`);
  const revenue = u.price - applyRate(u.price, basisPoints(discountBp), mode);
  const paid = revenue + applyRate(revenue, u.taxRate, mode);
  const paymentFees = applyRate(paid, u.feeRate, mode);
  const provisions = sumMinor(u.provisionRates.map((r) => applyRate(revenue, r, mode)));
  return { discountBp, revenue, paymentFees, provisions, netMargin: revenue - u.unitCost - u.fixedPerUnit - paymentFees - provisions };
}

export type MaxDiscount =
  | { readonly kind: "max"; /** Deepest discount (bp) that keeps the target; one more bp breaks it. */ readonly basisPoints: number; readonly unit: DiscountedUnit }
  | { readonly kind: "none"; readonly reason: string; readonly unit: DiscountedUnit };

function meets(u: DiscountedUnit, target: Rate): boolean {
  return BigInt(u.netMargin) * BigInt(target.den) >= BigInt(target.num) * BigInt(Math.max(0, u.revenue));
}

function maxFor(u: UnitEconomics, target: Rate, label: string, mode: RoundingMode): MaxDiscount {
  const atZero = unitAtDiscount(u, 0, mode);
  if (!meets(atZero, target)) return { kind: "none", reason: `already below ${label} at full price`, unit: atZero };
  // The answer is the last bp before the first failure (then d+1 fails by construction);
  // the margin is not strictly monotone under per-line rounding, so the end is scanned
  // bp by bp. Before it, a discount whose margin clears the target by more than twice
  // the rounding can move is "clear"; where the margin before rounding falls as the
  // discount deepens, every bp between two clear ones meets the target, so the scan
  // starts from the last clear bp found by doubling steps and halving them (≈ 30
  // evaluations instead of up to 10,000 a target: Promotions computed this for every
  // product on the page).
  let from = 0;
  let last = atZero;
  if (fallsWithDiscount(u, target)) {
    const slack = BigInt(2 * (5 + u.provisionRates.length));
    const clear = (x: DiscountedUnit) => BigInt(x.netMargin) * BigInt(target.den) - BigInt(target.num) * BigInt(Math.max(0, x.revenue)) >= slack * BigInt(target.den);
    let step = 1;
    while (from + step <= 10_000) {
      const x = unitAtDiscount(u, from + step, mode);
      if (!clear(x)) break;
      from += step;
      last = x;
      step *= 2;
    }
    for (step = Math.floor(step / 2); step >= 1; step = Math.floor(step / 2)) {
      if (from + step > 10_000) continue;
      const x = unitAtDiscount(u, from + step, mode);
      if (clear(x)) {
        from += step;
        last = x;
      }
    }
  }
  for (let bp = from + 1; bp <= 10_000; bp++) {
    const x = unitAtDiscount(u, bp, mode);
    if (!meets(x, target)) return { kind: "max", basisPoints: bp - 1, unit: last };
    last = x;
  }
  return { kind: "max", basisPoints: 10_000, unit: last };
}

/**
 * Whether the margin before rounding, less the target's share of revenue, falls as the
 * discount deepens: revenue × (1 − fee × (1 + tax) − provisions − target) − fixed costs
 * falls with revenue when that factor is positive (with room, so float error cannot
 * flip its sign).
 */
function fallsWithDiscount(u: UnitEconomics, target: Rate): boolean {
  const r = (x: Rate) => x.num / x.den;
  const factor = 1 - r(u.feeRate) * (1 + r(u.taxRate)) - u.provisionRates.reduce((t, p) => t + r(p), 0) - r(target);
  return factor > 1e-6;
}

/** Deepest discount keeping net margin ≥ 0 and ≥ thin % of net revenue. */
export function maxDiscount(u: UnitEconomics, thinMarginPercent: number, mode: RoundingMode = "half-even"): { readonly zero: MaxDiscount; readonly thin: MaxDiscount } {
  return {
    zero: maxFor(u, { num: 0, den: 1 }, "a zero margin", mode),
    thin: maxFor(u, percentRate(thinMarginPercent), `the ${formatPercent(thinMarginPercent)} thin-margin target`, mode),
  };
}

/**
 * A product's unit economics from its period aggregate: list price = (merchandise +
 * discounts) / units, cost = cost of goods / units; per-unit fixed = (shipping paid −
 * shipping charged + packaging + labour + fixed costs + default fixed fee × orders) /
 * units; fee rate = the default gateway %; provisions from the settings. Null when no
 * unit was sold with a known cost.
 */
export function unitEconomicsFromProduct(
  p: ProductMargin,
  settings: Pick<CostSettings, "paymentFees" | "provisions">,
  taxRate: Rate = { num: 0, den: 1 },
  mode: RoundingMode = "half-even",
): UnitEconomics | null {
  if (p.units <= 0) return null;
  const fixedTotal =
    p.costs.shipping - p.revenue.shipping + p.costs.packaging + p.costs.labour + p.costs.fixedCosts + settings.paymentFees.default.fixed * p.orders;
  return {
    title: p.title,
    price: mulDiv(p.revenue.merchandise + p.discounts, 1, p.units, mode),
    unitCost: mulDiv(p.costs.costOfGoods, 1, p.units, mode),
    fixedPerUnit: mulDiv(fixedTotal, 1, p.units, mode),
    feeRate: percentRate(settings.paymentFees.default.percent),
    taxRate,
    provisionRates: provisionRatesOf(settings),
  };
}

function provisionRatesOf(settings: Pick<CostSettings, "provisions">): Rate[] {
  return [settings.provisions.returnsPercent, settings.provisions.fraudPercent, settings.provisions.spoilagePercent].map((x) => percentRate(x));
}

// ---------------------------------------------------------------------------
// Pack simulator
// ---------------------------------------------------------------------------

export type PackOffer =
  /** N units at list price (the reference). */
  | { readonly kind: "none"; readonly units: number }
  /** "3 for 2": `units` units for the price of `pay`. */
  | { readonly kind: "x-for-y"; readonly units: number; readonly pay: number }
  /** "2+1 free": `paid` units bought, `free` more given. */
  | { readonly kind: "n-plus-free"; readonly paid: number; readonly free: number }
  /** "-X % on a pack of N": `percentBp` basis points off the pack. */
  | { readonly kind: "pack-percent"; readonly units: number; readonly percentBp: number };

export interface PackInput {
  readonly offer: PackOffer;
  readonly unit: {
    readonly title: string;
    /** List price before tax. */
    readonly price: number;
    readonly unitCost: number;
    /** Grams per unit; null when unknown (weight-banded rules then do not match). */
    readonly unitWeightGrams: number | null;
  };
  readonly settings: CostSettings;
  readonly destination: { readonly countryCode: string | null; readonly service: string | null };
  /** Shipping charged to the customer for the pack, before tax (0 when free). */
  readonly shippingCharged: number;
  /** Tax rate on what the customer pays (fees are charged on it). */
  readonly taxRate?: Rate;
  /** Gateway for the fee rule (settings' gateways, else default). */
  readonly gateway?: string | null;
  /** Fixed costs per order to include (default 0: packs are compared on variable costs). */
  readonly fixedCostPerOrder?: number;
  readonly rounding?: RoundingMode;
}

export interface PackResult {
  readonly label: string;
  readonly units: number;
  /** List value of the units before the offer. */
  readonly listValue: number;
  readonly discount: number;
  readonly merchandise: number;
  readonly shippingRevenue: number;
  readonly netRevenue: number;
  readonly costs: {
    readonly costOfGoods: number;
    readonly shipping: number;
    readonly packaging: number;
    readonly labour: number;
    readonly paymentFees: number;
    readonly fixedCosts: number;
    readonly provisions: number;
  };
  readonly parcelWeightGrams: number | null;
  readonly shippingRule: string | null;
  readonly netMargin: number;
  readonly marginPct: MarginPct;
  /** Net margin / units, rounded half-even. */
  readonly netMarginPerUnit: number;
}

function offerShape(o: PackOffer): { units: number; label: string; listPriced: (price: number, mode: RoundingMode) => number } {
  const pos = (n: number, what: string) => {
    if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`${what} must be a non-negative integer, got ${n}`);
  };
  switch (o.kind) {
    case "none":
      pos(o.units, "units");
      return { units: o.units, label: `${o.units} at list price`, listPriced: (p) => p * o.units };
    case "x-for-y":
      pos(o.units, "units");
      pos(o.pay, "pay");
      if (o.pay > o.units) throw new RangeError("pay cannot exceed units");
      return { units: o.units, label: `${o.units} for ${o.pay}`, listPriced: (p) => p * o.pay };
    case "n-plus-free":
      pos(o.paid, "paid");
      pos(o.free, "free");
      return { units: o.paid + o.free, label: `${o.paid}+${o.free} free`, listPriced: (p) => p * o.paid };
    case "pack-percent":
      pos(o.units, "units");
      if (o.percentBp > 10_000) throw new RangeError("percent above 100 %");
      pos(o.percentBp, "percentBp");
      return {
        units: o.units,
        label: `-${formatBasisPoints(o.percentBp)} on a pack of ${o.units}`,
        listPriced: (p, mode) => p * o.units - applyRate(p * o.units, basisPoints(o.percentBp), mode),
      };
  }
}

/** Net margin of one pack sold in one parcel. */
export function simulatePack(input: PackInput): PackResult {
  const mode = input.rounding ?? "half-even";
  const s = input.settings;
  const shape = offerShape(input.offer);
  const units = shape.units;
  const listValue = input.unit.price * units;
  const merchandise = shape.listPriced(input.unit.price, mode);
  const shippingRevenue = input.shippingCharged;
  const netRevenue = merchandise + shippingRevenue;
  const tax = input.taxRate ?? { num: 0, den: 1 };

  const parcelWeightGrams = input.unit.unitWeightGrams === null ? null : input.unit.unitWeightGrams * units + s.shipping.packagingWeightGrams;
  const match = matchShippingRule(s.shipping.rules, {
    countryCode: input.destination.countryCode,
    weightGrams: parcelWeightGrams,
    shippingLines: input.destination.service === null ? [] : [{ title: input.destination.service, code: null }],
  });
  const shipping = units === 0 ? 0 : match.kind === "rule" ? match.rule.cost : s.shipping.defaultCost;
  const packaging = units === 0 ? 0 : s.packaging.perParcel;
  const labour = units === 0 ? 0 : s.labour.perOrder + s.labour.perItem * units;

  const g = input.gateway?.trim().toLowerCase() ?? null;
  const gw = g === null ? undefined : s.paymentFees.gateways.find((x) => x.gateway.trim().toLowerCase() === g);
  const fee = gw ?? s.paymentFees.default;
  const paid = netRevenue + applyRate(netRevenue, tax, mode);
  const paymentFees = paid > 0 ? applyRate(paid, percentRate(fee.percent), mode) + fee.fixed : 0;
  const provisions = sumMinor(provisionRatesOf(s).map((r) => applyRate(Math.max(0, netRevenue), r, mode)));
  const costOfGoods = input.unit.unitCost * units;
  const fixedCosts = input.fixedCostPerOrder ?? 0;
  const netMargin = netRevenue - costOfGoods - shipping - packaging - labour - paymentFees - fixedCosts - provisions;
  return {
    label: shape.label,
    units,
    listValue,
    discount: listValue - merchandise,
    merchandise,
    shippingRevenue,
    netRevenue,
    costs: { costOfGoods, shipping, packaging, labour, paymentFees, fixedCosts, provisions },
    parcelWeightGrams,
    shippingRule: match.kind === "rule" ? match.rule.name : null,
    netMargin,
    marginPct: marginPercent(netMargin, netRevenue),
    netMarginPerUnit: units === 0 ? 0 : mulDiv(netMargin, 1, units, mode),
  };
}
