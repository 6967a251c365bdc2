/**
 * The flags step of the margin engine: LOSS, THIN, MISSING_COST, SHIPPING_HEAVY and
 * DISCOUNT_DRIVEN, each with a sentence a merchant understands. Shared by orders,
 * lines and products (products.ts raises them on sums).
 */
import type { CostSettings } from "./settings";
import { formatBasisPoints, formatMoney, formatPercent } from "./format";
import { mulDiv, percentRate, type CurrencyCode, type Rate } from "./money";
import { marginPercent, type Flag, type FlagCode } from "./margin-model";

/** a·d vs n·b exactly: −1, 0 or 1 (BigInt only when a product leaves the safe range). */
function compareProducts(a: number, d: number, n: number, b: number): number {
  const left = a * d;
  const right = n * b;
  if (Number.isSafeInteger(left) && Number.isSafeInteger(right)) return left < right ? -1 : left > right ? 1 : 0;
  const l = BigInt(a) * BigInt(d);
  const r = BigInt(n) * BigInt(b);
  return l < r ? -1 : l > r ? 1 : 0;
}

/** a/b < r exactly (b > 0). */
function ratioBelow(a: number, b: number, r: Rate): boolean {
  return compareProducts(a, r.den, r.num, b) < 0;
}

/** a/b > r exactly (b > 0). */
function ratioAbove(a: number, b: number, r: Rate): boolean {
  return compareProducts(a, r.den, r.num, b) > 0;
}

/** Basis points with one decimal, as every page shows percentages ("7.5%"). */
function pct(bp: number): string {
  return formatBasisPoints(bp);
}

export interface FlagFacts {
  readonly subject: "order" | "line" | "product";
  readonly currency: CurrencyCode;
  readonly netRevenue: number;
  readonly netMargin: number;
  readonly totalCosts: number;
  readonly shippingCost: number;
  readonly discount: number;
  readonly withoutDiscountsMargin: number;
  /** Lines whose cost is unknown and left out / estimated. */
  readonly missingLines: number;
  readonly estimatedLines: number;
  readonly missingPercentOfPrice: number | null;
  readonly thresholds: CostSettings["thresholds"];
}

const SUBJECT: Record<FlagFacts["subject"], string> = { order: "This order", line: "This line", product: "This product" };

/**
 * A flag whose reason is written when first read: a recompute raises flags on
 * millions of lines and orders but stores only their codes, so formatting every
 * sentence would be wasted. The reason is an ordinary enumerable property for
 * readers (JSON, equality in tests).
 */
function flag(code: FlagCode, write: () => string): Flag {
  let reason: string | undefined;
  return {
    code,
    get reason() {
      return (reason ??= write());
    },
  };
}

/** An amount in a flag's reason, as the pages write amounts ("€2,219.04"; module-level: a nested helper would be re-created per call). */
export function money(currency: CurrencyCode, amount: number): string {
  return formatMoney(amount, currency);
}

/** The flags of a line whose flags were not asked for (MarginContext.lineFlags). */
export const NO_FLAGS: readonly Flag[] = Object.freeze([]);

/** LOSS, THIN, MISSING_COST, SHIPPING_HEAVY, DISCOUNT_DRIVEN with reasons. Shared by orders, lines and products. */
export function flagsFor(f: FlagFacts): Flag[] {
  const who = SUBJECT[f.subject];
  const flags: Flag[] = [];
  if (f.netMargin < 0) {
    flags.push(flag("LOSS", () => `${who} loses ${money(f.currency, -f.netMargin)}: its costs (${money(f.currency, f.totalCosts)}) exceed its net revenue (${money(f.currency, f.netRevenue)}).`));
  } else if (f.netRevenue > 0) {
    const thin = percentRate(f.thresholds.thinMarginPercent);
    if (ratioBelow(f.netMargin, f.netRevenue, thin)) {
      flags.push(
        flag("THIN", () => {
          const mp = marginPercent(f.netMargin, f.netRevenue);
          const shown = mp.kind === "percent" ? pct(mp.basisPoints) : "";
          return `${who} keeps only ${money(f.currency, f.netMargin)} (${shown} of net revenue), under the ${formatPercent(f.thresholds.thinMarginPercent)} threshold.`;
        }),
      );
    }
  }
  if (f.missingLines > 0) {
    flags.push(flag("MISSING_COST", () => `Unit cost unknown for ${f.missingLines} line${f.missingLines === 1 ? "" : "s"}: left out of the margin totals until a cost is entered.`));
  } else if (f.estimatedLines > 0) {
    flags.push(flag("MISSING_COST", () => `Unit cost unknown for ${f.estimatedLines} line${f.estimatedLines === 1 ? "" : "s"}: estimated at ${f.missingPercentOfPrice === null ? "a share" : formatPercent(f.missingPercentOfPrice)} of the price; enter the real cost.`));
  }
  if (f.shippingCost > 0) {
    const heavy = percentRate(f.thresholds.shippingHeavyPercent);
    if (f.netRevenue <= 0) {
      flags.push(flag("SHIPPING_HEAVY", () => `Shipping costs ${money(f.currency, f.shippingCost)} with no net revenue to pay for it.`));
    } else if (ratioAbove(f.shippingCost, f.netRevenue, heavy)) {
      flags.push(
        flag("SHIPPING_HEAVY", () => {
          const bp = mulDiv(f.shippingCost, 10_000, f.netRevenue, "half-even");
          return `Shipping paid (${money(f.currency, f.shippingCost)}) is ${pct(bp)} of net revenue (${money(f.currency, f.netRevenue)}), above the ${formatPercent(f.thresholds.shippingHeavyPercent)} threshold.`;
        }),
      );
    }
  }
  if (f.netMargin < 0 && f.withoutDiscountsMargin > 0 && f.discount > 0) {
    flags.push(flag("DISCOUNT_DRIVEN", () => `Without its discounts (${money(f.currency, f.discount)}) it would earn ${money(f.currency, f.withoutDiscountsMargin)}; with them it loses ${money(f.currency, -f.netMargin)}.`));
  }
  return flags;
}
