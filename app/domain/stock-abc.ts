/**
 * ABC classes by share of NET MARGIN, not revenue (issue 18, item 3): a product that
 * sells a lot at a loss is not an "A".
 *
 * Rules (README "Stock health"):
 * - Only products with a positive net margin share the 100 %. They are ranked by net
 *   margin, highest first; equal margins by product id (ascending), so the result never
 *   depends on input order.
 * - A product is A when the products ranked before it make less than `aPercent` (80) of
 *   the positive total: the product that crosses 80 % is still A. B likewise up to
 *   aPercent + bPercent (95); C the rest.
 * - A net margin of zero or below is C ("makes no margin" / "loses …"), whatever it sells.
 * - No product with a positive margin: every product is C.
 * Comparisons are exact integers (cumulative × 100 vs percent × total). Shares are
 * basis points, rounded half-even (display only).
 *
 * Pure module.
 */
import { mulDiv, percentRate, type CurrencyCode } from "./money";
import { formatBasisPoints, formatMoney } from "./format";

export const ABC_CLASSES = ["A", "B", "C"] as const;
export type AbcClass = (typeof ABC_CLASSES)[number];

export interface AbcInput {
  readonly productId: string;
  /** Net margin over the period (minor units), products.ts. */
  readonly netMargin: number;
}

export interface AbcOptions {
  /** Share of positive net margin that makes A (default 80). */
  readonly aPercent: number;
  /** The next share that makes B (default 15). */
  readonly bPercent: number;
}

export const DEFAULT_ABC_OPTIONS: AbcOptions = Object.freeze({ aPercent: 80, bPercent: 15 });

export interface AbcRow {
  readonly productId: string;
  readonly netMargin: number;
  readonly abcClass: AbcClass;
  /** 1 = the highest net margin; null for margins of zero or below. */
  readonly rank: number | null;
  /** Share of the positive total in basis points (half-even); 0 for margins of zero or below. */
  readonly shareBasisPoints: number;
  /** Cumulative share up to and including this product, basis points (half-even); null for margins of zero or below. */
  readonly cumulativeBasisPoints: number | null;
  readonly reason: string;
}

/** ABC classes of products by net margin, ranked (positive margins first, then zero, then losses, biggest loss last). */
export function abcByNetMargin(products: readonly AbcInput[], currency: CurrencyCode, options: Partial<AbcOptions> = {}): AbcRow[] {
  const o = { ...DEFAULT_ABC_OPTIONS, ...options };
  if (!(o.aPercent >= 0 && o.bPercent >= 0 && o.aPercent + o.bPercent <= 100)) throw new RangeError(`invalid ABC shares ${o.aPercent} / ${o.bPercent}`);
  const aRate = percentRate(o.aPercent);
  const abRate = percentRate(o.aPercent + o.bPercent);
  const sorted = [...products].sort((x, y) => y.netMargin - x.netMargin || (x.productId < y.productId ? -1 : x.productId > y.productId ? 1 : 0));
  let total = 0;
  for (const p of sorted) if (p.netMargin > 0) total += p.netMargin;
  const below = (cum: number, r: { num: number; den: number }) => BigInt(cum) * BigInt(r.den) < BigInt(r.num) * BigInt(total);
  const a = formatBasisPoints(o.aPercent * 100);
  const ab = formatBasisPoints((o.aPercent + o.bPercent) * 100);
  const rows: AbcRow[] = [];
  let before = 0;
  let rank = 0;
  for (const p of sorted) {
    if (p.netMargin <= 0) {
      rows.push({
        productId: p.productId,
        netMargin: p.netMargin,
        abcClass: "C",
        rank: null,
        shareBasisPoints: 0,
        cumulativeBasisPoints: null,
        reason: p.netMargin < 0 ? `Loses ${formatMoney(-p.netMargin, currency)}: C whatever it sells.` : "Makes no net margin: C whatever it sells.",
      });
      continue;
    }
    rank++;
    const cls: AbcClass = below(before, aRate) ? "A" : below(before, abRate) ? "B" : "C";
    const after = before + p.netMargin;
    const share = mulDiv(p.netMargin, 10_000, total);
    const cumulative = mulDiv(after, 10_000, total);
    const where =
      cls === "A"
        ? `among the products making the first ${a}`
        : cls === "B"
          ? `among the products making the next share up to ${ab}`
          : `after the first ${ab}`;
    rows.push({
      productId: p.productId,
      netMargin: p.netMargin,
      abcClass: cls,
      rank,
      shareBasisPoints: share,
      cumulativeBasisPoints: cumulative,
      reason: `Makes ${formatMoney(p.netMargin, currency)}, ${formatBasisPoints(share)} of the net margin, ${where}.`,
    });
    before = after;
  }
  return rows;
}
