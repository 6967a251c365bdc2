/**
 * The margin engine's vocabulary: what it takes (MarginContext) and what it returns
 * (OrderMargin, LineMargin, their cost amounts, flags and margin %), with the
 * arithmetic shared by orders, lines and products. margin.ts re-exports all of it.
 */
import type { CostSettings, FixedCostMethod } from "./settings";
import type { UnitCostResolver, UnitCostSource } from "./unit-costs";
import { mulDiv, type CurrencyCode, type RoundingMode } from "./money";

// ---------------------------------------------------------------------------
// Context and result types
// ---------------------------------------------------------------------------

export interface FixedCostInput {
  /** The order's share of its month's fixed costs (minor units). */
  readonly amount: number;
  readonly month?: string;
  readonly method?: FixedCostMethod;
}

export interface MarginContext {
  /** The settings version in force at the order's processedAt (`settingsInForce`). */
  readonly settings: CostSettings;
  readonly unitCost: UnitCostResolver;
  /** The order's fixed-cost share (fixed-costs.ts); null when not allocated (counts as 0, said so in the step). */
  readonly fixedCosts: FixedCostInput | null;
  /** Actual shipping cost imported for this order (minor units); overrides the rules. */
  readonly actualShippingCost: number | null;
  /** Rounding of percentages; default "half-even". */
  readonly rounding?: RoundingMode;
  /**
   * Whether each line gets its flags (default true). The stored-margin recompute
   * keeps only the order's flags and sums per product, whose flags come from the
   * sums, so it asks for none (≈ 1.2 KB of the ≈ 14 KB a recompute allocates per
   * order, and building flag objects was among its costliest steps).
   */
  readonly lineFlags?: boolean;
  /**
   * Each variant's current weight in Shopify's catalog (CatalogWeights): the estimate
   * for a shipped line whose order recorded no weight. Absent: such a line's weight
   * is unknown.
   */
  readonly catalogWeights?: CatalogWeights | null;
  /**
   * Each line's share of its product's stock carrying cost of the month (carrying-cost.ts,
   * by units sold; the recompute works the shares out), aligned with `order.lines`;
   * absent or null: none. A gift card carries none.
   */
  readonly stockCarrying?: StockCarryingInput | null;
}

/** The order's lines' stock carrying shares (minor units), by line index, and the month they belong to. */
export interface StockCarryingInput {
  readonly month: string;
  readonly byLine: readonly number[];
}

/**
 * Variant id → its weight in Shopify's catalog today (`InventoryItem.measurement.weight`,
 * stored by sync on the variant), in whole grams > 0 (0 is a weight nobody entered).
 * Loaded once per recompute run, looked up only for lines without a weight.
 */
export type CatalogWeights = ReadonlyMap<string, number>;

export const FLAG_CODES = ["LOSS", "THIN", "MISSING_COST", "SHIPPING_HEAVY", "DISCOUNT_DRIVEN"] as const;
export type FlagCode = (typeof FLAG_CODES)[number];
export interface Flag {
  readonly code: FlagCode;
  /** One sentence a merchant understands. */
  readonly reason: string;
}

/** Margin % = net margin / net revenue; never NaN or ±Infinity. */
export type MarginPct =
  | { readonly kind: "percent"; /** Rounded half-even to 0.01 %. */ readonly value: number; readonly basisPoints: number }
  | { readonly kind: "undefined"; readonly reason: string };

export interface Provisions {
  readonly returns: number;
  readonly fraud: number;
  readonly spoilage: number;
}

/** Cost amounts of an order, a line or a product (minor units, all ≥ 0 for valid settings). */
export interface CostAmounts {
  readonly costOfGoods: number;
  readonly shipping: number;
  readonly packaging: number;
  readonly labour: number;
  readonly paymentFees: number;
  readonly fixedCosts: number;
  /** Share of the product's monthly cost of keeping stock (storage and capital), by units sold. */
  readonly stockCarrying: number;
  readonly provisions: Provisions;
}

/** Waterfall order of the cost steps. */
export const COST_STEPS = ["costOfGoods", "shipping", "packaging", "labour", "paymentFees", "fixedCosts", "stockCarrying", "provisions"] as const;
export type CostStep = (typeof COST_STEPS)[number];

export type CostOfGoodsStatus =
  | { readonly status: "known"; readonly unitCost: number; readonly source: UnitCostSource; readonly since: string | null; readonly beforeFirstSnapshot: boolean }
  | { readonly status: "estimated"; readonly percentOfPrice: number; readonly reason: string }
  | { readonly status: "missing"; readonly reason: string }
  | { readonly status: "no-units"; readonly reason: string }
  /** A gift card sold: money received for goods sold later, kept apart (OrderMargin.giftCards). */
  | { readonly status: "gift-card"; readonly reason: string };

export interface LineMargin {
  readonly lineId: string;
  readonly productId: string | null;
  readonly variantId: string | null;
  readonly sku: string | null;
  readonly title: string;
  /** Units kept (currentQuantity). */
  readonly units: number;
  /** Units shipped (quantity, refunded units included). */
  readonly unitsShipped: number;
  /** False when the unit cost is unknown and the settings exclude such lines, or for a gift card: then it is not in the order totals. */
  readonly included: boolean;
  readonly costOfGoodsStatus: CostOfGoodsStatus;
  readonly revenue: { readonly merchandise: number; readonly shipping: number };
  readonly netRevenue: number;
  /** Discounts on the kept units, before tax. */
  readonly discount: number;
  readonly costs: CostAmounts;
  readonly totalCosts: number;
  readonly netMargin: number;
  readonly marginPct: MarginPct;
  /** The same line with its discounts added back (fees and provisions scaled). */
  readonly withoutDiscounts: { readonly netRevenue: number; readonly netMargin: number };
  readonly flags: readonly Flag[];
}

/** Where the carrier cost came from; "not-shipped": cancelled or refunded in full before anything was fulfilled. */
export type ShippingSource = "import" | "rule" | "default" | "no-parcel" | "not-shipped";

/**
 * Where the parcel weight came from: "order", every shipped line weighed on the order;
 * "estimated", some lines weighed with their variant's catalog weight (`lineIds`);
 * "unknown", a shipped line has no weight on the order nor in the catalog (`lineIds`).
 */
export interface ParcelWeight {
  readonly source: "order" | "estimated" | "unknown";
  readonly lineIds: readonly string[];
}

export interface FeeDetail {
  readonly gateway: string | null;
  readonly kind: string;
  /** Amount paid (tax and shipping included). */
  readonly amount: number;
  readonly fee: number;
  readonly source: "actual" | "estimated";
  /** The settings rule used: the gateway name, "default", or "gift_card (no fee)"; null for actual fees (LEDGER_FEE_RULE when from the payouts' ledger). */
  readonly rule: string | null;
}

export interface OrderMargin {
  readonly orderId: string;
  readonly orderName: string;
  readonly processedAt: string;
  readonly currency: CurrencyCode;
  readonly cancelled: boolean;
  readonly test: boolean;
  readonly revenue: {
    /** Included lines' merchandise revenue (kept units, after discounts, before tax). */
    readonly merchandise: number;
    /** Included lines' share of net shipping revenue. */
    readonly shipping: number;
    /** Whole order: shipping charged to the customer before tax, and refunded. */
    readonly shippingCharged: number;
    readonly shippingRefunded: number;
    /** Included lines' discounts before tax. */
    readonly discounts: number;
  };
  readonly netRevenue: number;
  readonly steps: {
    readonly costOfGoods: { readonly amount: number; readonly knownLines: number; readonly estimatedLines: number; readonly missingLines: number };
    readonly shipping: {
      readonly amount: number;
      /** Whole-order carrier cost (before any excluded line's share is removed). */
      readonly orderAmount: number;
      readonly source: ShippingSource;
      readonly rule: string | null;
      readonly ruleIndex: number | null;
      /** Lines' weight + packaging weight; null when a shipped line has no weight (on the order nor in the catalog). */
      readonly parcelWeightGrams: number | null;
      /** Where that weight came from; null when nothing ships. */
      readonly weight: ParcelWeight | null;
    };
    readonly packaging: { readonly amount: number; readonly parcels: number };
    readonly labour: { readonly amount: number; readonly items: number };
    readonly paymentFees: { readonly amount: number; readonly actual: number; readonly estimated: number; readonly transactions: readonly FeeDetail[] };
    readonly fixedCosts: { readonly amount: number; readonly allocated: boolean; readonly month: string | null; readonly method: FixedCostMethod | null };
    /** The lines' shares of their products' stock carrying cost of `month` (null: none given). */
    readonly stockCarrying: { readonly amount: number; readonly month: string | null };
    readonly provisions: Provisions & { readonly amount: number };
  };
  readonly costs: CostAmounts;
  readonly totalCosts: number;
  readonly netMargin: number;
  readonly marginPct: MarginPct;
  readonly withoutDiscounts: { readonly netRevenue: number; readonly netMargin: number };
  readonly flags: readonly Flag[];
  readonly lines: readonly LineMargin[];
  /** Lines left out of the totals (unknown cost, "exclude" policy), with what they would have carried. */
  readonly excluded: { readonly lineIds: readonly string[]; readonly netRevenue: number; readonly totalCosts: number } | null;
  /**
   * Gift cards sold, kept apart from the totals: not merchandise revenue (no cost of
   * goods, no margin) but money owed in goods later, which cash reports show as a
   * liability. `sold` is what the customer paid for them before tax; `paymentFees`
   * the share of the order's payment fees charged on that money.
   */
  readonly giftCards: { readonly lineIds: readonly string[]; readonly sold: number; readonly paymentFees: number } | null;
  /**
   * Why carrier, packaging and labour costs were skipped or counted per parcel, in
   * plain words, for an order stopped (cancelled, or every unit refunded) with its
   * fulfilment known; null otherwise (costed as one parcel, the usual case).
   */
  readonly fulfilmentNote: string | null;
  /**
   * Set when the carrier cost was looked up for a parcel whose destination Shopify
   * hid (no `shippingAddress`: protected customer data): the country it was priced
   * as going to (the setting `shipping.unknownDestinationCountry`), or null when none
   * is set (then only rules for any destination could match). Null otherwise, and
   * when no rule is for given countries (the destination changed nothing).
   */
  readonly unknownDestination: { readonly assumedCountry: string | null } | null;
}

// ---------------------------------------------------------------------------
// Cost amounts and margin %
// ---------------------------------------------------------------------------

export function sumProvisions(p: Provisions): number {
  return p.returns + p.fraud + p.spoilage;
}

export function totalOf(c: CostAmounts): number {
  return c.costOfGoods + c.shipping + c.packaging + c.labour + c.paymentFees + c.fixedCosts + c.stockCarrying + sumProvisions(c.provisions);
}

export const ZERO_COSTS: CostAmounts = {
  costOfGoods: 0,
  shipping: 0,
  packaging: 0,
  labour: 0,
  paymentFees: 0,
  fixedCosts: 0,
  stockCarrying: 0,
  provisions: { returns: 0, fraud: 0, spoilage: 0 },
};

export function addCosts(a: CostAmounts, b: CostAmounts): CostAmounts {
  return {
    costOfGoods: a.costOfGoods + b.costOfGoods,
    shipping: a.shipping + b.shipping,
    packaging: a.packaging + b.packaging,
    labour: a.labour + b.labour,
    paymentFees: a.paymentFees + b.paymentFees,
    fixedCosts: a.fixedCosts + b.fixedCosts,
    stockCarrying: a.stockCarrying + b.stockCarrying,
    provisions: {
      returns: a.provisions.returns + b.provisions.returns,
      fraud: a.provisions.fraud + b.provisions.fraud,
      spoilage: a.provisions.spoilage + b.provisions.spoilage,
    },
  };
}

/** Margin % rounded half-even to the basis point, or a typed "undefined" (revenue 0 or negative). */
export function marginPercent(netMargin: number, netRevenue: number): MarginPct {
  if (netRevenue === 0) return { kind: "undefined", reason: "net revenue is 0, so there is no margin percentage" };
  if (netRevenue < 0) return { kind: "undefined", reason: "net revenue is negative, so a margin percentage would be meaningless" };
  const bp = mulDiv(netMargin, 10_000, netRevenue, "half-even");
  return { kind: "percent", value: bp / 100, basisPoints: bp };
}
