/**
 * Heavy or bulky products: products whose shipping paid to the carrier exceeds the
 * margin they make before shipping, so they lose money; with the per-unit shipping
 * surcharge (before tax) that would bring each back to break-even.
 *
 * A surcharge S charged on top of the price earns S − fees on S (tax included, the
 * fee % of the settings' default gateway) − provisions on S. The surcharge per unit is
 * the smallest whole minor unit amount s with gain(s × units) ≥ the product's loss,
 * exactly under the engine's rounding.
 *
 * Pure module.
 */
import { applyRate, percentRate, sumMinor, type Rate, type RoundingMode } from "./money";
import { type ProductMargin } from "./products";
import { type CostSettings } from "./settings";

export interface HeavyProduct {
  readonly productId: string | null;
  readonly title: string;
  readonly units: number;
  /** Carrier cost attributed to the product in the period. */
  readonly shippingPaid: number;
  /** Shipping charged to customers attributed to the product. */
  readonly shippingCharged: number;
  /** Net margin with the carrier cost left out. */
  readonly marginBeforeShipping: number;
  readonly netMargin: number;
  /** Carrier cost per unit, rounded down. */
  readonly shippingPaidPerUnit: number;
  /** Surcharge per unit (before tax) that brings the net margin to ≥ 0; null when fees and provisions take 100 % or more. */
  readonly surchargePerUnit: number | null;
  /** True when the product loses money even without shipping (a price problem more than a shipping one). */
  readonly lossBeforeShipping: boolean;
}

export interface HeavyOptions {
  /** Tax rate on what the customer pays (fees are charged on it); default none. */
  readonly taxRate?: Rate;
  readonly rounding?: RoundingMode;
}

/** Gain of a surcharge total S: S − fees on S (tax included) − provisions on S. */
export function surchargeGain(total: number, settings: Pick<CostSettings, "paymentFees" | "provisions">, taxRate: Rate, mode: RoundingMode = "half-even"): number {
  const paid = total + applyRate(total, taxRate, mode);
  const fees = applyRate(paid, percentRate(settings.paymentFees.default.percent), mode);
  const p = settings.provisions;
  const provisions = sumMinor([p.returnsPercent, p.fraudPercent, p.spoilagePercent].map((x) => applyRate(total, percentRate(x), mode)));
  return total - fees - provisions;
}

/** Smallest surcharge per unit whose gain over `units` covers `deficit`; null when none can. */
export function breakEvenSurcharge(
  deficit: number,
  units: number,
  settings: Pick<CostSettings, "paymentFees" | "provisions">,
  taxRate: Rate = { num: 0, den: 1 },
  mode: RoundingMode = "half-even",
): number | null {
  if (deficit <= 0) return 0;
  if (units <= 0) return null;
  const gain = (s: number) => surchargeGain(s * units, settings, taxRate, mode);
  // Estimate with floats (only a starting point), then settle exactly.
  const p = settings.provisions;
  const rateSum =
    (settings.paymentFees.default.percent * (1 + taxRate.num / taxRate.den) + p.returnsPercent + p.fraudPercent + p.spoilagePercent) / 100;
  if (rateSum >= 1) return null;
  let s = Math.max(1, Math.ceil(deficit / (units * (1 - rateSum))));
  while (s > 1 && gain(s - 1) >= deficit) s -= 1;
  let guard = 0;
  while (gain(s) < deficit) {
    s += 1;
    if (++guard > 1_000_000) return null;
  }
  return s;
}

/** Products losing money because of shipping, biggest loss first. */
export function heavyProducts(
  products: readonly ProductMargin[],
  settings: Pick<CostSettings, "paymentFees" | "provisions">,
  options: HeavyOptions = {},
): HeavyProduct[] {
  const tax = options.taxRate ?? { num: 0, den: 1 };
  const mode = options.rounding ?? "half-even";
  const out: HeavyProduct[] = [];
  for (const p of products) {
    if (p.units <= 0 || p.costs.shipping <= 0) continue;
    const marginBeforeShipping = p.netMargin + p.costs.shipping;
    if (p.costs.shipping <= marginBeforeShipping) continue;
    out.push({
      productId: p.productId,
      title: p.title,
      units: p.units,
      shippingPaid: p.costs.shipping,
      shippingCharged: p.revenue.shipping,
      marginBeforeShipping,
      netMargin: p.netMargin,
      shippingPaidPerUnit: Math.floor(p.costs.shipping / p.units),
      surchargePerUnit: breakEvenSurcharge(-p.netMargin, p.units, settings, tax, mode),
      lossBeforeShipping: marginBeforeShipping < 0,
    });
  }
  return out.sort((a, b) => a.netMargin - b.netMargin || ((a.productId ?? "") < (b.productId ?? "") ? -1 : 1));
}
