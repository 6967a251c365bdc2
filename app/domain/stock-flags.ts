/**
 * A product's stock flags (issue 18, item 6): DEAD_STOCK, OVERSTOCK and STOCKOUT_RISK, each
 * with a sentence in the merchant's words, from its variants' stock health
 * (stock-health.ts). They stand beside the margin flags (margin-flags.ts) but are not the
 * engine's: stock is read today, not per order, so they are never stored with a margin.
 *
 * - DEAD_STOCK: variants with stock on hand and no sale for the dead-stock threshold; the
 *   amount is their whole value at cost (cash that sits on the shelf).
 * - OVERSTOCK: variants with more stock than the target cover; the amount is the value at
 *   cost above the target (what a smaller reorder would have left in the bank).
 * - STOCKOUT_RISK: variants whose cover is shorter than the supplier's lead time plus the
 *   safety days, and variants already out of stock that sold in the long window.
 *
 * Pure: values in, flags out; money as integer minor units of `currency`.
 */
import { formatDate, formatMoney } from "./format";
import type { StockHealthOptions, VariantStockHealth } from "./stock-health";

export const STOCK_FLAG_CODES = ["DEAD_STOCK", "OVERSTOCK", "STOCKOUT_RISK"] as const;
export type StockFlagCode = (typeof STOCK_FLAG_CODES)[number];

export const STOCK_FLAG_LABELS: Readonly<Record<StockFlagCode, string>> = {
  DEAD_STOCK: "Dead stock",
  OVERSTOCK: "Overstock",
  STOCKOUT_RISK: "Stock-out risk",
};

/** What a stock flag means, with the shop's thresholds (a badge's tooltip). */
export function stockFlagTooltip(code: StockFlagCode, o: Pick<StockHealthOptions, "deadAfterDays" | "targetCoverDays" | "leadTimeDays" | "safetyDays">): string {
  switch (code) {
    case "DEAD_STOCK":
      return `Stock on hand and no sale for ${o.deadAfterDays} days or more.`;
    case "OVERSTOCK":
      return `More stock than ${o.targetCoverDays} days of sales need.`;
    case "STOCKOUT_RISK":
      return `Runs out before a reorder arrives (${o.leadTimeDays} days of lead time plus ${o.safetyDays} of safety), or is out of stock and was selling.`;
  }
}

export interface StockFlag {
  readonly code: StockFlagCode;
  readonly reason: string;
  /** Dead stock: its value at cost; overstock: the value at cost above the target; null for a stock-out risk or when no cost is known. */
  readonly value: number | null;
  /** Units concerned: dead units on hand, units above the target, or units on hand of the variants running out. */
  readonly units: number;
}

/** One variant as the flags read it: its own title (null for a product's only variant) and its health. */
export interface StockFlagVariant {
  readonly variantTitle: string | null;
  readonly health: VariantStockHealth;
}

function count(n: number, what: string, locale: string): string {
  return `${n.toLocaleString(locale)} ${what}${n === 1 ? "" : "s"}`;
}

/** "Blue", "Blue and Red", "Blue, Red and 3 more" (the variants concerned by name, at most two). */
function which(variants: readonly StockFlagVariant[]): string {
  const names = variants.map((v) => v.variantTitle ?? "Default");
  if (names.length <= 2) return names.join(" and ");
  return `${names.slice(0, 2).join(", ")} and ${names.length - 2} more`;
}

/** "4 of 6 variants (Blue, Red and 2 more)": the part of a product concerned. */
function share(some: readonly StockFlagVariant[], all: number): string {
  return `${some.length} of ${all} variants (${which(some)})`;
}

/** Σ of known amounts and whether one was unknown. */
function total(values: readonly (number | null)[]): { sum: number; unknown: boolean } {
  let sum = 0;
  let unknown = false;
  for (const v of values) {
    if (v === null) unknown = true;
    else sum += v;
  }
  return { sum, unknown };
}

/** "€4,000.00 at cost", with what is left out when some variants have no cost. */
function atCost(t: { sum: number; unknown: boolean }, currency: string, locale: string): string {
  return t.unknown ? `${formatMoney(t.sum, currency, locale)} at cost for those with a unit cost` : `${formatMoney(t.sum, currency, locale)} at cost`;
}

/** Whether an out-of-stock variant was selling: a sale in the long window. */
function wasSelling(h: VariantStockHealth): boolean {
  return h.velocity.long.unitsSold > 0;
}

/**
 * The product's stock flags, in the order DEAD_STOCK, OVERSTOCK, STOCKOUT_RISK (each at most
 * once), from its stocked variants' health on one day.
 */
export function stockFlags(variants: readonly StockFlagVariant[], options: Pick<StockHealthOptions, "deadAfterDays" | "targetCoverDays">, currency: string, locale = "en"): StockFlag[] {
  const units = (k: number) => count(k, "unit", locale);
  const days = (k: number) => count(k, "day", locale);
  const flags: StockFlag[] = [];
  const n = variants.length;
  const one = n === 1;

  const dead = variants.filter((v) => v.health.stockClass === "dead");
  if (dead.length > 0) {
    const value = total(dead.map((v) => v.health.valueAtCost));
    const held = dead.reduce((s, v) => s + Math.max(0, v.health.onHand), 0);
    const longest = Math.max(...dead.map((v) => v.health.daysWithoutSale ?? 0));
    const since = dead.every((v) => v.health.lastSaleOn === null) ? "never sold since NetMargin has known its stock" : one ? `no sale for ${days(longest)}` : `no sale for ${days(options.deadAfterDays)} or more`;
    const what = one ? `${units(held)} on hand` : `${share(dead, n)}: ${units(held)} on hand`;
    flags.push({
      code: "DEAD_STOCK",
      reason: `${what} and ${since}: ${atCost(value, currency, locale)} sits on the shelf.`,
      value: value.unknown && value.sum === 0 ? null : value.sum,
      units: held,
    });
  }

  const over = variants.filter((v) => v.health.stockClass === "overstock");
  if (over.length > 0) {
    const value = total(over.map((v) => v.health.excessValue));
    const extra = over.reduce((s, v) => s + v.health.excessUnits, 0);
    const cover = one ? over[0]!.health.daysOfCover : null;
    const pace = cover === null ? (one ? ", at a pace of no sale in the window" : "") : `, about ${days(cover)} of cover at the current pace`;
    const what = one ? `${units(Math.max(0, over[0]!.health.onHand))} on hand${pace}` : share(over, n);
    flags.push({
      code: "OVERSTOCK",
      reason: `${what}: ${units(extra)} (${atCost(value, currency, locale)}) more than ${days(options.targetCoverDays)} of sales need.`,
      value: value.unknown && value.sum === 0 ? null : value.sum,
      units: extra,
    });
  }

  const risky = variants.filter((v) => v.health.stockClass === "at-risk" || (v.health.stockClass === "out-of-stock" && wasSelling(v.health)));
  if (risky.length > 0) {
    const out = risky.filter((v) => v.health.stockClass === "out-of-stock");
    const held = risky.reduce((s, v) => s + Math.max(0, v.health.onHand), 0);
    let reason: string;
    if (one) {
      const h = risky[0]!.health;
      reason =
        h.stockClass === "out-of-stock"
          ? `Out of stock while it was selling (${h.velocity.long.unitsSold.toLocaleString(locale)} sold in the last ${days(h.velocity.long.inStockDays)} in stock${h.lastSaleOn ? `, last on ${formatDate(h.lastSaleOn, locale)}` : ""}): every day out is a lost sale.`
          : `${units(h.onHand)} on hand, about ${days(h.daysOfCover ?? 0)} of cover at the current pace: it runs out before a reorder arrives.`;
    } else {
      const soon = risky.length - out.length;
      const parts = [soon > 0 ? `${soon} running out before a reorder arrives` : null, out.length > 0 ? `${out.length} out of stock while selling` : null].filter((p) => p !== null);
      reason = `${share(risky, n)}: ${parts.join(", ")}.`;
    }
    flags.push({ code: "STOCKOUT_RISK", reason, value: null, units: held });
  }
  return flags;
}
