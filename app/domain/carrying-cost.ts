/**
 * The cost of keeping stock for a month (issue 18, item 4, the math): storage and the
 * capital tied up, per product (or variant: any item with stock), and each product's
 * monthly cost spread over the units it sold that month.
 *
 * - Stock over the month is measured in unit-days and value-days (Σ over the month's
 *   days of on hand, and of value at cost: `stockDays` in stock-health.ts), so an item
 *   held half the month carries half the cost. Average on hand = unitDays / days.
 * - Storage, one of:
 *   - `monthly`: an amount a month (a 3PL's invoice, rent);
 *   - `perArea`: price per m² a month × m² (e.g. 10.00 × 25.5 m²), rounded once half-even;
 *   - `perUnit`: price per unit a month; each item pays price × unitDays / days, rounded
 *     once per item (half-even), and the total is the sum of the items.
 *   A monthly or per-area total is spread over the items by `units` (unit-days), `volume`
 *   (unit-days × a unit's volume in cm³) or `value` (value-days at cost), by largest
 *   remainder: the items' shares add up exactly to the total. By volume, if an item with
 *   stock has no volume, the whole month is spread by units instead (said in `spreadNote`).
 *   Today no item has one: Shopify's Admin API 2026-10 gives an item's weight, not its size
 *   (InventoryItemMeasurement: `id`, `weight`; shopify.dev), so the volume spread is units
 *   until sizes can be read (`packedDimensions`, Admin API 2027-01) or entered.
 *   With no stock at all in the month nothing is spread (`unallocatedStorage`).
 * - Capital: annual rate (a loan's APR, or the factoring rate the merchant pays because
 *   the cash sits in stock) × average stock value at cost / 12:
 *   total = round(Σ valueDays × rate / (12 × days in month)), rounded once half-even, then
 *   spread by value-days by largest remainder (shares add up exactly).
 *   E.g. 4,000.00 held all month at 6 %: 4,000.00 × 6 % / 12 = 20.00.
 * - Per unit sold: a product's monthly cost is split over its order lines of the month by
 *   units sold (largest remainder, ties to the earlier line: pass lines in (processedAt,
 *   id) order), so the lines' shares add up exactly to the product's cost. A product that
 *   sells nothing in the month carries its whole cost as a loss (`unsoldLoss`).
 *
 * Pure module.
 */
import { allocate, applyRate, decimalToRate, mulDiv, percentRate, type CurrencyCode, type RoundingMode } from "./money";
import { formatMoney, formatMonth } from "./format";
import { firstDayOfMonth, nextMonth } from "./time";
import { daysBetween } from "./stock-health";

export type StorageCost =
  | { readonly kind: "none" }
  /** An amount a month (minor units). */
  | { readonly kind: "monthly"; readonly amount: number }
  /** Minor units per m² a month × m² (a decimal: 25.5). */
  | { readonly kind: "perArea"; readonly perSquareMetre: number; readonly squareMetres: number | string }
  /** Minor units per unit on hand a month. */
  | { readonly kind: "perUnit"; readonly perUnitPerMonth: number };

export const STORAGE_SPREADS = ["units", "volume", "value"] as const;
export type StorageSpread = (typeof STORAGE_SPREADS)[number];

export interface CarryingCostSettings {
  readonly storage: StorageCost;
  readonly spread: StorageSpread;
  /** Annual rate on stock value at cost, in percent (6 = 6 % APR); 0 for none. */
  readonly capitalAnnualPercent: number;
}

/** An item's stock over the month (stock-health.ts `stockDays`). */
export interface CarryingItem {
  readonly id: string;
  /** Σ daily on hand over the month. */
  readonly unitDays: number;
  /** Σ daily value at cost over the month (minor units × days). */
  readonly valueDays: number;
  /** Volume of one unit in cm³, when known (for the volume spread). */
  readonly unitVolumeCm3?: number | null;
}

export interface ItemCarryingCost {
  readonly id: string;
  readonly storage: number;
  readonly capital: number;
  /** storage + capital: the item's carrying cost of the month. */
  readonly total: number;
}

export interface MonthCarryingCost {
  readonly month: string;
  readonly days: number;
  readonly currency: CurrencyCode;
  /** Storage of the month (the total the items share, or the sum of per-unit charges). */
  readonly storageTotal: number;
  /** Storage not spread because nothing was in stock all month. */
  readonly unallocatedStorage: number;
  readonly capitalTotal: number;
  /** How storage was spread (volume falls back to units when a volume is missing); null for per-unit storage or none. */
  readonly spreadUsed: StorageSpread | null;
  readonly spreadNote: string | null;
  readonly items: readonly ItemCarryingCost[];
}

/** Days in a month key ("2026-12" → 31). */
export function daysInMonth(month: string): number {
  return daysBetween(firstDayOfMonth(month), firstDayOfMonth(nextMonth(month)));
}

/** Storage of a month when it is one total (monthly or per area); null for per-unit storage. */
export function monthlyStorageTotal(storage: StorageCost, mode: RoundingMode = "half-even"): number | null {
  switch (storage.kind) {
    case "none":
      return 0;
    case "monthly":
      return storage.amount;
    case "perArea":
      return applyRate(storage.perSquareMetre, decimalToRate(storage.squareMetres), mode);
    case "perUnit":
      return null;
  }
}

function sum(xs: readonly number[]): number {
  let s = 0;
  for (const x of xs) s += x;
  return s;
}

/** Each item's storage and capital cost for `month`; the shares add up exactly to the month's totals. */
export function monthCarryingCost(
  month: string,
  currency: CurrencyCode,
  settings: CarryingCostSettings,
  items: readonly CarryingItem[],
  mode: RoundingMode = "half-even",
  /**
   * Days of the month with stock history (from the shop's first snapshot, up to today in
   * the current month); default the whole month. A monthly or per-area bill is counted for
   * those days only (total × coveredDays / days, rounded once): no cost for days NetMargin
   * knows nothing about, and the current month accrues day by day like capital and
   * per-unit storage do.
   */
  coveredDays?: number,
): MonthCarryingCost {
  const days = daysInMonth(month);
  const covered = coveredDays ?? days;
  if (!Number.isSafeInteger(covered) || covered < 0 || covered > days) throw new RangeError(`coveredDays must be 0 to ${days}, got ${coveredDays}`);
  for (const i of items) {
    if (!Number.isSafeInteger(i.unitDays) || i.unitDays < 0 || !Number.isSafeInteger(i.valueDays) || i.valueDays < 0) {
      throw new RangeError(`stock of ${i.id} must be whole non-negative unit-days and value-days`);
    }
  }
  const unitWeights = items.map((i) => i.unitDays);
  const valueWeights = items.map((i) => i.valueDays);

  // Storage
  let storage: number[];
  let storageTotal: number;
  let unallocatedStorage = 0;
  let spreadUsed: StorageSpread | null = null;
  let spreadNote: string | null = null;
  const bill = monthlyStorageTotal(settings.storage, mode);
  const total = bill === null || covered === days ? bill : mulDiv(bill, covered, days, mode);
  if (settings.storage.kind === "perUnit" || total === null) {
    const per = settings.storage.kind === "perUnit" ? settings.storage.perUnitPerMonth : 0;
    storage = items.map((i) => mulDiv(per, i.unitDays, days, mode));
    storageTotal = sum(storage);
  } else {
    storageTotal = total;
    spreadUsed = settings.spread;
    let weights = settings.spread === "value" ? valueWeights : unitWeights;
    if (settings.spread === "volume") {
      const missing = items.filter((i) => i.unitDays > 0 && !(i.unitVolumeCm3 && i.unitVolumeCm3 > 0));
      if (missing.length > 0) {
        spreadUsed = "units";
        spreadNote = `${missing.length} product${missing.length === 1 ? " has" : "s have"} no size, so storage is spread by units in ${formatMonth(month)}.`;
      } else {
        weights = items.map((i) => i.unitDays * Math.round(i.unitVolumeCm3 ?? 0));
      }
    }
    if (sum(weights) === 0) {
      storage = items.map(() => 0);
      unallocatedStorage = total;
      if (total > 0) spreadNote = `Nothing was in stock in ${formatMonth(month)}: ${formatMoney(total, currency)} of storage is not spread over products.`;
    } else {
      storage = allocate(total, weights);
    }
  }

  // Capital
  const rate = percentRate(settings.capitalAnnualPercent);
  const valueDays = sum(valueWeights);
  if (!Number.isSafeInteger(valueDays) || !Number.isSafeInteger(sum(unitWeights))) throw new RangeError("stock of the month too large to add up exactly (a bug)");
  const capitalTotal = mulDiv(valueDays, rate.num, rate.den * 12 * days, mode);
  const capital = valueDays > 0 ? allocate(capitalTotal, valueWeights) : items.map(() => 0);

  return {
    month,
    days,
    currency,
    storageTotal,
    unallocatedStorage,
    capitalTotal,
    spreadUsed,
    spreadNote,
    items: items.map((i, k) => ({ id: i.id, storage: storage[k]!, capital: capital[k]!, total: storage[k]! + capital[k]! })),
  };
}

export interface CarryingCostPerUnitSold {
  /** Each order line's share, in the order given; they add up to the cost unless nothing sold. */
  readonly shares: readonly number[];
  /** The whole cost when nothing sold in the month (a loss), else 0. */
  readonly unsoldLoss: number;
  readonly reason: string | null;
}

/**
 * A product's monthly carrying cost over the units it sold that month: `unitsByLine`
 * (units kept per order line, in (processedAt, id) order). Largest remainder: shares add
 * up exactly to `monthlyCost`. Selling nothing: every share 0 and the whole cost a loss.
 */
export function spreadOverUnitsSold(monthlyCost: number, unitsByLine: readonly number[], month: string, currency: CurrencyCode): CarryingCostPerUnitSold {
  const sold = sum(unitsByLine.map((u) => Math.max(0, u)));
  if (sold === 0) {
    return {
      shares: unitsByLine.map(() => 0),
      unsoldLoss: monthlyCost,
      reason: monthlyCost > 0 ? `Sold nothing in ${formatMonth(month)}: its ${formatMoney(monthlyCost, currency)} of stock carrying cost is a loss.` : null,
    };
  }
  return { shares: allocate(monthlyCost, unitsByLine.map((u) => Math.max(0, u))), unsoldLoss: 0, reason: null };
}

/** A product's carrying cost of the month and the units its counted orders kept that month (the run's tally). */
export interface ProductMonthCarrying {
  readonly total: number;
  readonly unitsSold: number;
}

/** An order line as the carrying shares see it. */
export interface CarryingLine {
  readonly productId: string | null;
  /** Units kept. */
  readonly currentQuantity: number;
  readonly isGiftCard?: boolean;
}

/**
 * Each product's monthly carrying cost over its order lines as the month's orders stream
 * in (processedAt, id) order: the recompute cannot hold a month's lines to split them by
 * largest remainder (`spreadOverUnitsSold`), so a line's share is the cumulative rounding
 * round(C × unitsAfter / U) − round(C × unitsBefore / U), half-even, as fixed costs are
 * shared (fixed-costs.ts). The shares of all U units add up to C exactly; each is ≥ 0.
 * Should more units stream in than the tally counted (orders changed meanwhile), the
 * extra units carry nothing; whatever the lines did not carry (`rest`) is the product's
 * own loss for the month: the unsold carrying cost, whole when it sold nothing.
 */
export class CarryingShares {
  private readonly unitsBefore = new Map<string, number>();
  private readonly carriedBy = new Map<string, number>();

  constructor(
    readonly month: string,
    private readonly products: ReadonlyMap<string, ProductMonthCarrying>,
    private readonly mode: RoundingMode = "half-even",
    /** Units of each product already shared out (one order's shares, worked out apart from the month's run). */
    unitsBefore?: ReadonlyMap<string, number>,
  ) {
    if (unitsBefore) for (const [id, n] of unitsBefore) this.unitsBefore.set(id, n);
  }

  /** The lines' shares, aligned with `lines`; null when none of them carries anything. */
  sharesFor(lines: readonly CarryingLine[]): number[] | null {
    let out: number[] | null = null;
    for (let i = 0; i < lines.length; i++) {
      const l = lines[i]!;
      if (l.productId === null || l.isGiftCard === true || l.currentQuantity <= 0) continue;
      const p = this.products.get(l.productId);
      if (!p || p.total === 0 || p.unitsSold <= 0) continue;
      const before = Math.min(this.unitsBefore.get(l.productId) ?? 0, p.unitsSold);
      const after = Math.min(before + l.currentQuantity, p.unitsSold);
      this.unitsBefore.set(l.productId, (this.unitsBefore.get(l.productId) ?? 0) + l.currentQuantity);
      const share = mulDiv(p.total, after, p.unitsSold, this.mode) - mulDiv(p.total, before, p.unitsSold, this.mode);
      if (share === 0) continue;
      out ??= lines.map(() => 0);
      out[i] = share;
    }
    return out;
  }

  /** Records a share that reached the product's margin (an included line of a counted order). */
  carried(productId: string, amount: number): void {
    if (amount !== 0) this.carriedBy.set(productId, (this.carriedBy.get(productId) ?? 0) + amount);
  }

  /** Per product: its cost of the month less what its lines carried (> 0 only), in product id order. */
  rest(): { productId: string; amount: number }[] {
    const out: { productId: string; amount: number }[] = [];
    for (const [productId, p] of [...this.products].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      const amount = p.total - (this.carriedBy.get(productId) ?? 0);
      if (amount !== 0) out.push({ productId, amount });
    }
    return out;
  }
}
