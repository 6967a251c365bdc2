/**
 * The net-margin engine: one order + the cost settings in force → a waterfall of
 * every cost, the net margin, flags, and per-line results that add up exactly to
 * the order.
 *
 * Semantics (all amounts integer minor units of the order currency, before tax):
 * - Net revenue = Σ lines' revenue of kept units after all discounts
 *   (`netRevenueBeforeTax`) + shipping charged − shipping refunded.
 * - Cost of goods = kept units × unit cost in force at processedAt (direct per line).
 *   Unknown cost: per settings, the line is left out of the totals (flag
 *   MISSING_COST) or estimated as a % of its list price (flag MISSING_COST, estimated).
 * - Shipping paid: the per-order import when given, else the first matching rule
 *   (zone, weight band, service), else the default; 0 when nothing ships. The parcel
 *   weight is the shipped lines' weight on the order + packaging; a line the order
 *   did not weigh takes its variant's weight in the catalog today (`catalogWeights`,
 *   "estimated"); with neither, the weight is unknown and banded rules are skipped.
 *   Packaging per parcel; labour per order + per item. Physical costs follow the
 *   units shipped (`quantity`): a refund does not give back the outbound parcel.
 *   But an order cancelled or refunded in full before anything was fulfilled
 *   (`fulfilment.parcels` 0) shipped nothing: no carrier, packaging or labour cost;
 *   stopped after some parcels left, it pays carrier and packaging per parcel.
 * - Payment fees: Shopify's actual fees on SUCCESS transactions when reported,
 *   else the gateway's % of the amount paid + fixed amount per SUCCESS SALE/CAPTURE.
 * - Gift cards sold (`isGiftCard`) are not merchandise: no cost of goods, no margin,
 *   no share of shipping, packaging, labour, fixed costs or provisions; their amount
 *   and the payment fees charged on it are kept apart (`giftCards`) for cash reports
 *   (a liability until redeemed). An order of gift cards only is left out of margin
 *   totals. Paying with a gift card (gateway "gift_card") has no fee.
 * - Fixed costs: the order's share, computed by fixed-costs.ts and passed in.
 * - Provisions: % of net revenue, per kind.
 * - Rounding: every percentage is applied once per cost line at order level with
 *   the context's rounding mode (default round-half-even); order-level amounts are
 *   then allocated to lines with exact largest-remainder splits:
 *   shipping charged/paid and packaging by weight share (revenue share when a
 *   weight is missing), labour by item share, fees/fixed costs/provisions by
 *   revenue share. So Σ line margins = order margin, to the minor unit.
 */
import { settingsInForce, type FixedCostMethod, type CostSettings, type SettingsHistory, type ShippingRule } from "./settings";
import { importedShippingCost, type ShippingCostImport } from "./shipping-import";
import { unitCostResolver, type UnitCostHistory, type UnitCostResolution, type UnitCostResolver, type UnitCostSource } from "./unit-costs";
import { type NormalisedOrder, type OrderLine, type OrderShippingLine } from "./types";
import {
  addMinor,
  allocate,
  applyRate,
  formatMoney,
  mulDiv,
  percentRate,
  sumMinor,
  type CurrencyCode,
  type Rate,
  type RoundingMode,
} from "./money";

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
}

/**
 * Variant id → its weight in Shopify's catalog today (`InventoryItem.measurement.weight`,
 * stored by sync on the variant), in whole grams > 0 (0 is a weight nobody entered).
 * Loaded once per recompute run, looked up only for lines without a weight.
 */
export type CatalogWeights = ReadonlyMap<string, number>;

function sameCurrency(what: string, currency: string, order: Pick<NormalisedOrder, "name" | "currency">): void {
  if (currency !== order.currency) throw new RangeError(`${what} are in ${currency} but order ${order.name} is in ${order.currency}`);
}

/** One resolver per unit-cost history (a recompute builds a context per order from the same one). */
const resolvers = new WeakMap<UnitCostHistory, UnitCostResolver>();
function resolverOf(history: UnitCostHistory): UnitCostResolver {
  let r = resolvers.get(history);
  if (!r) {
    r = unitCostResolver(history);
    resolvers.set(history, r);
  }
  return r;
}

/**
 * The context for one order from the stored sources: the settings version in force
 * at its processedAt, its unit costs, its fixed-cost share, its imported shipping
 * cost. Throws (a caller bug) when the sources are in another currency than the order.
 */
export function marginContextFor(
  order: Pick<NormalisedOrder, "id" | "name" | "processedAt" | "currency">,
  sources: {
    readonly settings: SettingsHistory;
    readonly unitCosts: UnitCostHistory;
    readonly fixedCosts?: FixedCostInput | null;
    readonly shippingCosts?: ShippingCostImport | null;
    readonly rounding?: RoundingMode;
    readonly lineFlags?: boolean;
    readonly catalogWeights?: CatalogWeights | null;
  },
): MarginContext {
  // Plain checks, no arrays or closures: the recompute builds a context per order.
  sameCurrency("settings", sources.settings.currency, order);
  sameCurrency("unit costs", sources.unitCosts.currency, order);
  if (sources.shippingCosts) sameCurrency("shipping costs", sources.shippingCosts.currency, order);
  return {
    settings: settingsInForce(sources.settings, order.processedAt),
    unitCost: resolverOf(sources.unitCosts),
    fixedCosts: sources.fixedCosts ?? null,
    actualShippingCost: importedShippingCost(sources.shippingCosts ?? null, order),
    ...(sources.rounding ? { rounding: sources.rounding } : {}),
    ...(sources.lineFlags === false ? { lineFlags: false } : {}),
    catalogWeights: sources.catalogWeights ?? null,
  };
}

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
  readonly provisions: Provisions;
}

/** Waterfall order of the cost steps. */
export const COST_STEPS = ["costOfGoods", "shipping", "packaging", "labour", "paymentFees", "fixedCosts", "provisions"] as const;
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

/** The usual case, shared: no allocation per order. */
const WEIGHED_BY_ORDER: ParcelWeight = Object.freeze({ source: "order", lineIds: Object.freeze([]) as readonly string[] });

export interface FeeDetail {
  readonly gateway: string | null;
  readonly kind: string;
  /** Amount paid (tax and shipping included). */
  readonly amount: number;
  readonly fee: number;
  readonly source: "actual" | "estimated";
  /** The settings rule used: the gateway name, "default", or "gift_card (no fee)"; null for actual fees. */
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
// Order facts independent of settings
// ---------------------------------------------------------------------------

/** Net shipping revenue: charged before tax − refunded before tax. */
export function shippingRevenue(order: Pick<NormalisedOrder, "shippingLines">): number {
  return sumMinor(order.shippingLines.map((s) => s.chargedBeforeTax - s.refundedBeforeTax));
}

/** Net revenue of the whole order before tax, gift cards sold left out (what fixed costs by revenue share use). */
export function orderNetRevenue(order: Pick<NormalisedOrder, "lines" | "shippingLines">): number {
  let merchandise = 0;
  for (const l of order.lines) if (l.isGiftCard !== true) merchandise = addMinor(merchandise, l.netRevenueBeforeTax);
  return merchandise + shippingRevenue(order);
}

/** Every line sells a gift card: the order has no margin and is left out of margin totals and fixed costs. */
export function giftCardOnly(order: Pick<NormalisedOrder, "lines">): boolean {
  if (order.lines.length === 0) return false;
  for (const l of order.lines) if (l.isGiftCard !== true) return false;
  return true;
}

/** Why a gift-card-only order has no margin (the order page shows it). */
/** The order page's note for a point-of-sale sale taken away in the shop. */
export const TAKEN_AWAY_NOTE = "Sold in your shop (point of sale) and taken away: no parcel, so no carrier, packaging or labour cost.";

export const GIFT_CARD_ONLY_REASON =
  "This order only sold gift cards. A gift card is paid in advance for goods bought later, so it is not merchandise revenue: it has no cost of goods and no margin, and the order is left out of margin totals.";

/**
 * The gateway of the order's first successful payment (SALE or CAPTURE), or null:
 * what the orders page shows and filters on. Sync stores it with the order's
 * margin row (order-store.server.ts) and the recompute when it inserts one.
 */
export function mainGateway(order: Pick<NormalisedOrder, "transactions">): string | null {
  for (const t of order.transactions) if (t.status === "SUCCESS" && (t.kind === "SALE" || t.kind === "CAPTURE")) return t.gateway;
  return null;
}

/** Units kept (Σ currentQuantity), gift cards left out. */
export function orderItems(order: Pick<NormalisedOrder, "lines">): number {
  let items = 0;
  for (const l of order.lines) if (l.isGiftCard !== true) items += l.currentQuantity;
  return items;
}

/** The facts fixed-costs.ts needs from an order. */
export function fixedCostFacts(order: NormalisedOrder): { id: string; processedAt: string; items: number; netRevenue: number } {
  return { id: order.id, processedAt: order.processedAt, items: orderItems(order), netRevenue: orderNetRevenue(order) };
}

// ---------------------------------------------------------------------------
// Shipping rules
// ---------------------------------------------------------------------------

export type ShippingMatch = { readonly kind: "rule"; readonly index: number; readonly rule: ShippingRule } | { readonly kind: "default" };

function norm(s: string): string {
  return s.trim().toLowerCase();
}

/** Whether some rule is for given countries (then a hidden destination can change the carrier cost). */
export function hasCountryRule(rules: readonly ShippingRule[]): boolean {
  for (const r of rules) if (r.countries !== null) return true;
  return false;
}

/** A rule's services, normalised once per rule (a recompute matches a million orders against the same rules). */
const normalisedServices = new WeakMap<ShippingRule, readonly string[]>();
function ruleServices(r: ShippingRule): readonly string[] {
  let out = normalisedServices.get(r);
  if (!out) {
    out = (r.services ?? []).map(norm);
    normalisedServices.set(r, out);
  }
  return out;
}

/**
 * First rule that matches the destination country, the parcel weight and one of
 * the shipping lines' title or code. A rule with a country list never matches an
 * unknown country; a rule with a weight band never matches an unknown weight.
 * When Shopify hides the order's destination (protected customer data), the engine
 * passes the merchant's country for unknown destinations
 * (`shipping.unknownDestinationCountry`) instead, when set.
 */
export function matchShippingRule(
  rules: readonly ShippingRule[],
  parcel: { readonly countryCode: string | null; readonly weightGrams: number | null; readonly shippingLines: readonly Pick<OrderShippingLine, "title" | "code">[] },
): ShippingMatch {
  // The order's services, normalised once and only when a rule asks for one.
  let services: Set<string> | null = null;
  const country = parcel.countryCode === null ? null : parcel.countryCode.toUpperCase();
  for (let i = 0; i < rules.length; i++) {
    const r = rules[i]!;
    if (r.countries !== null && (country === null || !r.countries.includes(country))) continue;
    const banded = r.minWeightGrams > 0 || r.maxWeightGrams !== null;
    if (banded) {
      if (parcel.weightGrams === null) continue;
      if (parcel.weightGrams < r.minWeightGrams) continue;
      if (r.maxWeightGrams !== null && parcel.weightGrams >= r.maxWeightGrams) continue;
    }
    if (r.services !== null) {
      if (services === null) {
        services = new Set<string>();
        for (const s of parcel.shippingLines) {
          services.add(norm(s.title));
          if (s.code !== null) services.add(norm(s.code));
        }
      }
      if (!ruleServices(r).some((x) => services!.has(x))) continue;
    }
    return { kind: "rule", index: i, rule: r };
  }
  return { kind: "default" };
}

// ---------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------

const SALE_KINDS = new Set(["SALE", "CAPTURE"]);

/** `allocate`'s weights then fallbacks, in order. */
type AllocationKeys = readonly [readonly number[], ...(readonly number[])[]];
/** No extra key (orders without gift cards: the usual case). */
const NO_KEY: readonly number[] = Object.freeze([]);
const NO_KEYS: readonly (readonly number[])[] = Object.freeze([]);
function lastResort(mask: readonly number[]): readonly (readonly number[])[] {
  return mask === NO_KEY ? NO_KEYS : [mask];
}

const GIFT_CARD_STATUS: CostOfGoodsStatus = Object.freeze({ status: "gift-card", reason: "a gift card sold is not merchandise: it has no cost of goods and no margin" });
const ACTUAL_FEE_KINDS = new Set(["SALE", "CAPTURE", "REFUND"]);

function checkedProduct(a: number, b: number, what: string): number {
  const p = a * b;
  if (!Number.isSafeInteger(p)) throw new RangeError(`${what} overflows: ${a} × ${b}`);
  return p;
}

function sumProvisions(p: Provisions): number {
  return p.returns + p.fraud + p.spoilage;
}

export function totalOf(c: CostAmounts): number {
  return c.costOfGoods + c.shipping + c.packaging + c.labour + c.paymentFees + c.fixedCosts + sumProvisions(c.provisions);
}

export const ZERO_COSTS: CostAmounts = {
  costOfGoods: 0,
  shipping: 0,
  packaging: 0,
  labour: 0,
  paymentFees: 0,
  fixedCosts: 0,
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

function pct(bp: number): string {
  return `${(bp / 100).toString()} %`;
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

/** An amount in a flag's reason (module-level: a nested helper would be re-created per call). */
function money(currency: CurrencyCode, amount: number): string {
  return formatMoney({ amount, currency });
}

/** The flags of a line whose flags were not asked for (MarginContext.lineFlags). */
const NO_FLAGS: readonly Flag[] = Object.freeze([]);

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
          return `${who} keeps only ${money(f.currency, f.netMargin)} (${shown} of net revenue), under the ${f.thresholds.thinMarginPercent} % threshold.`;
        }),
      );
    }
  }
  if (f.missingLines > 0) {
    flags.push(flag("MISSING_COST", () => `Unit cost unknown for ${f.missingLines} line${f.missingLines === 1 ? "" : "s"}: left out of the margin totals until a cost is entered.`));
  } else if (f.estimatedLines > 0) {
    flags.push(flag("MISSING_COST", () => `Unit cost unknown for ${f.estimatedLines} line${f.estimatedLines === 1 ? "" : "s"}: estimated at ${f.missingPercentOfPrice ?? "?"} % of the price; enter the real cost.`));
  }
  if (f.shippingCost > 0) {
    const heavy = percentRate(f.thresholds.shippingHeavyPercent);
    if (f.netRevenue <= 0) {
      flags.push(flag("SHIPPING_HEAVY", () => `Shipping costs ${money(f.currency, f.shippingCost)} with no net revenue to pay for it.`));
    } else if (ratioAbove(f.shippingCost, f.netRevenue, heavy)) {
      flags.push(
        flag("SHIPPING_HEAVY", () => {
          const bp = mulDiv(f.shippingCost, 10_000, f.netRevenue, "half-even");
          return `Shipping paid (${money(f.currency, f.shippingCost)}) is ${pct(bp)} of net revenue (${money(f.currency, f.netRevenue)}), above the ${f.thresholds.shippingHeavyPercent} % threshold.`;
        }),
      );
    }
  }
  if (f.netMargin < 0 && f.withoutDiscountsMargin > 0 && f.discount > 0) {
    flags.push(flag("DISCOUNT_DRIVEN", () => `Without its discounts (${money(f.currency, f.discount)}) it would earn ${money(f.currency, f.withoutDiscountsMargin)}; with them it loses ${money(f.currency, -f.netMargin)}.`));
  }
  return flags;
}

// ---------------------------------------------------------------------------
// The engine
// ---------------------------------------------------------------------------

interface FeeRule {
  readonly percent: Rate;
  readonly fixed: number;
  readonly label: string;
}

/** Fee rules per settings version and gateway: a recompute applies one version to many orders. */
const feeRules = new WeakMap<CostSettings, Map<string | null, FeeRule | null>>();

function feeRuleFor(settings: CostSettings, gateway: string | null): FeeRule | null {
  let byGateway = feeRules.get(settings);
  if (!byGateway) {
    byGateway = new Map();
    feeRules.set(settings, byGateway);
  }
  let rule = byGateway.get(gateway);
  if (rule === undefined) {
    rule = feeRuleOf(settings, gateway);
    if (byGateway.size < 1_000) byGateway.set(gateway, rule);
  }
  return rule;
}

function feeRuleOf(settings: CostSettings, gateway: string | null): FeeRule | null {
  const g = gateway === null ? null : norm(gateway);
  const listed = g === null ? undefined : settings.paymentFees.gateways.find((x) => norm(x.gateway) === g);
  if (listed) return { percent: percentRate(listed.percent), fixed: listed.fixed, label: listed.gateway };
  // Gift-card redemptions move no money through a processor: no fee unless the merchant lists one.
  if (g === "gift_card") return null;
  return { percent: percentRate(settings.paymentFees.default.percent), fixed: settings.paymentFees.default.fixed, label: "default" };
}

function withoutDiscountsMargin(
  netMargin: number,
  netRevenue: number,
  paymentFees: number,
  discount: number,
  provisionRates: readonly Rate[],
  mode: RoundingMode,
): number {
  if (discount <= 0) return netMargin;
  // Fees scale with the revenue they are charged on; provisions are % of revenue.
  const feesDelta = netRevenue > 0 ? mulDiv(paymentFees, discount, netRevenue, mode) : 0;
  let provisionsDelta = 0;
  for (const r of provisionRates) provisionsDelta += applyRate(discount, r, mode);
  return netMargin + discount - feesDelta - provisionsDelta;
}

/**
 * Computes the margin breakdown of one order. Precondition (guaranteed by the
 * adapter): at least one line, amounts in `order.currency`, the context's amounts in
 * the same currency. Throws only on those bugs.
 */
export function computeOrderMargin(order: NormalisedOrder, ctx: MarginContext): OrderMargin {
  const lines = order.lines;
  const n = lines.length;
  if (n === 0) throw new RangeError(`order ${order.id} has no line items`);
  const mode: RoundingMode = ctx.rounding ?? "half-even";
  const s = ctx.settings;
  const currency = order.currency;

  // --- Gift cards: kept apart (no cost of goods, no margin); null when the order has none (the common case, no extra arrays)
  let giftCount = 0;
  for (let i = 0; i < n; i++) if (lines[i]!.isGiftCard === true) giftCount++;
  const gift: readonly boolean[] | null = giftCount === 0 ? null : lines.map((l) => l.isGiftCard === true);

  // --- Physical facts: parcel, weights, items -----------------------------------
  // A gift card rides along in the parcel (or is sent by email): the parcel's costs belong to the merchandise.
  const shippable = lines.map((l, i) => l.requiresShipping && l.quantity > 0 && (gift === null || !gift[i]));
  // A point-of-sale order without a shipping line was taken away in the shop: POS marks
  // such sales fulfilled at the counter, while ship-to-customer sales carry a shipping
  // line (help.shopify.com/en/manual/sell-in-person/transactions/cart/unfulfilled).
  // No parcel, so no carrier, packaging or labour cost.
  const shipsSomething = shippable.some(Boolean);
  const takenAway = shipsSomething && order.sourceName === "pos" && order.shippingLines.length === 0;
  const hasParcel = shipsSomething && !takenAway;
  // A shipped line's weight: the order's, else its variant's weight in the catalog today
  // (an estimate, listed: Shopify itself weighs a line with its variant's weight when
  // none is given, shopify.dev/changelog/line-item-weight-input-for-ordercreate-mutation),
  // else unknown. Lists only when a line needs them: the usual order, weighed by
  // Shopify, allocates nothing more.
  const catalog = ctx.catalogWeights ?? null;
  const lineGrams: number[] = [];
  let estimatedWeightIds: string[] | null = null;
  let unknownWeightIds: string[] | null = null;
  for (let i = 0; i < n; i++) {
    const l = lines[i]!;
    let unitGrams = 0;
    if (shippable[i]) {
      if (l.unitWeightGrams !== null) unitGrams = l.unitWeightGrams;
      else {
        const c = catalog !== null && l.variantId !== null ? catalog.get(l.variantId) : undefined;
        if (c !== undefined) {
          unitGrams = c;
          (estimatedWeightIds ??= []).push(l.id);
        } else (unknownWeightIds ??= []).push(l.id);
      }
    }
    lineGrams.push(unitGrams * l.quantity);
  }
  const weightsKnown = unknownWeightIds === null;
  const parcelWeight: ParcelWeight | null = !hasParcel
    ? null
    : unknownWeightIds !== null
      ? { source: "unknown", lineIds: unknownWeightIds }
      : estimatedWeightIds !== null
        ? { source: "estimated", lineIds: estimatedWeightIds }
        : WEIGHED_BY_ORDER;
  const parcelWeightGrams = hasParcel && weightsKnown ? lineGrams.reduce((a, b) => a + b, 0) + s.shipping.packagingWeightGrams : null;
  const shippedUnits = lines.map((l, i) => (shippable[i] ? l.quantity : 0));
  const itemsShipped = sumMinor(shippedUnits);
  // Allocation keys give gift-card lines nothing (except the payment fees, below).
  const keptUnitsAll = lines.map((l) => l.currentQuantity);
  const keptUnits = gift === null ? keptUnitsAll : keptUnitsAll.map((u, i) => (gift[i] ? 0 : u));
  const merch = lines.map((l) => l.netRevenueBeforeTax);
  const merchPos = merch.map((x, i) => (gift !== null && gift[i] ? 0 : Math.max(0, x)));
  const shippedMerch = merchPos.map((x, i) => (shippable[i] ? x : 0));
  const milligrams = weightsKnown ? lineGrams.map((g) => Math.round(g * 1000)) : lines.map(() => 0);
  const shippableMask = shippable.map((b) => (b ? 1 : 0));
  // Allocation keys (plain calls rather than closures: this runs a million times in a recompute).
  // By weight: weight share; revenue share among shipped lines when a weight is missing; then units; then all lines.
  // With gift cards, the last resort is an equal split among the merchandise lines, never onto a gift card.
  const merchMask: readonly number[] = gift === null ? NO_KEY : gift.map((g) => (g ? 0 : 1));
  const weightKeys: AllocationKeys = [milligrams, shippedMerch, shippedUnits, shippableMask, merchPos, keptUnits, ...lastResort(merchMask)];

  // --- Revenue -------------------------------------------------------------------
  const shippingCharged = sumMinor(order.shippingLines.map((x) => x.chargedBeforeTax));
  const shippingRefunded = sumMinor(order.shippingLines.map((x) => x.refundedBeforeTax));
  const shippingRevenueShares = allocate(shippingCharged - shippingRefunded, ...weightKeys);
  const lineRevenue = lines.map((_, i) => merch[i]! + shippingRevenueShares[i]!);
  const quantities = lines.map((l) => l.quantity);
  let orderRevenue = 0;
  for (let i = 0; i < n; i++) if (gift === null || !gift[i]) orderRevenue = addMinor(orderRevenue, lineRevenue[i]!);
  const revenueWeightsAll = lineRevenue.map((x) => Math.max(0, x));
  const revenueWeights = gift === null ? revenueWeightsAll : revenueWeightsAll.map((x, i) => (gift[i] ? 0 : x));
  const revenueKeys: AllocationKeys =
    gift === null ? [revenueWeights, keptUnits, quantities] : [revenueWeights, keptUnits, quantities.map((q, i) => (gift[i] ? 0 : q)), merchMask];
  // Payment fees are charged on everything paid, gift cards sold included: their share is kept apart with them.
  const feeKeys: AllocationKeys = gift === null ? revenueKeys : [revenueWeightsAll, keptUnitsAll, quantities];
  const itemKeys: AllocationKeys = [shippedUnits, keptUnits, ...lastResort(merchMask)];

  // --- Cost of goods ---------------------------------------------------------------
  const missing = s.costOfGoods.missingCost;
  const cogsStatus: CostOfGoodsStatus[] = [];
  const cogs: number[] = [];
  const included: boolean[] = [];
  for (const line of lines) {
    if (line.isGiftCard === true) {
      cogsStatus.push(GIFT_CARD_STATUS);
      cogs.push(0);
      included.push(false);
      continue;
    }
    if (line.currentQuantity === 0) {
      cogsStatus.push({ status: "no-units", reason: "every unit was refunded or removed" });
      cogs.push(0);
      included.push(true);
      continue;
    }
    const r: UnitCostResolution = ctx.unitCost(line, order.processedAt);
    if (r.kind === "known") {
      cogsStatus.push({ status: "known", unitCost: r.unitCost, source: r.source, since: r.since, beforeFirstSnapshot: r.beforeFirstSnapshot });
      cogs.push(checkedProduct(r.unitCost, line.currentQuantity, "cost of goods"));
      included.push(true);
    } else if (missing.mode === "percentOfPrice") {
      const base = checkedProduct(line.unitPriceBeforeTax, line.currentQuantity, "price");
      cogsStatus.push({ status: "estimated", percentOfPrice: missing.percent, reason: r.reason });
      cogs.push(applyRate(base, percentRate(missing.percent), mode));
      included.push(true);
    } else {
      cogsStatus.push({ status: "missing", reason: r.reason });
      cogs.push(0);
      included.push(false);
    }
  }

  // --- Shipping paid, packaging, labour ----------------------------------------------
  let shippingSource: ShippingSource;
  let shippingCost: number;
  let rule: string | null = null;
  let ruleIndex: number | null = null;
  let unknownDestination: { readonly assumedCountry: string | null } | null = null;
  if (ctx.actualShippingCost !== null) {
    shippingSource = "import";
    shippingCost = ctx.actualShippingCost;
  } else if (!hasParcel) {
    shippingSource = "no-parcel";
    shippingCost = 0;
  } else {
    // Shopify hides the destination from apps without protected-customer-data approval
    // (shippingAddress null): the merchant's country for unknown destinations, if set.
    // Said only where it matters: a country is assumed, or some rule is for given countries.
    let country = order.shippingCountryCode;
    if (country === null) {
      const assumed = s.shipping.unknownDestinationCountry ?? null;
      country = assumed;
      if (assumed !== null || hasCountryRule(s.shipping.rules)) unknownDestination = { assumedCountry: assumed };
    }
    const match = matchShippingRule(s.shipping.rules, {
      countryCode: country,
      weightGrams: parcelWeightGrams,
      shippingLines: order.shippingLines,
    });
    if (match.kind === "rule") {
      shippingSource = "rule";
      shippingCost = match.rule.cost;
      rule = match.rule.name;
      ruleIndex = match.index;
    } else {
      shippingSource = "default";
      shippingCost = s.shipping.defaultCost;
    }
  }
  // --- What left the warehouse: an order stopped (cancelled, or every unit refunded)
  // before anything was fulfilled shipped nothing: no carrier, packaging or labour
  // cost. Stopped after some parcels left, it pays for those parcels. A live order is
  // costed as the one parcel it takes to ship it all; an order whose fulfilment is
  // not known (stored before NetMargin read it) too.
  let parcels = hasParcel ? 1 : 0;
  let fulfilmentNote: string | null = takenAway ? TAKEN_AWAY_NOTE : null;
  const ful = order.fulfilment;
  if (hasParcel && ful !== null && ful !== undefined && ctx.actualShippingCost === null) {
    const cancelled = order.cancelled;
    let kept = 0;
    for (const l of lines) kept += l.currentQuantity;
    if (cancelled || kept === 0) {
      const what = cancelled ? "Cancelled" : "Refunded in full";
      if (ful.parcels === 0) {
        parcels = 0;
        unknownDestination = null;
        shippingSource = "not-shipped";
        shippingCost = 0;
        rule = null;
        ruleIndex = null;
        fulfilmentNote = `${what} before anything was fulfilled: nothing shipped, so no carrier, packaging or labour cost.`;
      } else {
        parcels = ful.parcels;
        shippingCost = checkedProduct(shippingCost, parcels, "shipping");
        fulfilmentNote = `${what} after ${parcels} parcel${parcels === 1 ? "" : "s"} left: carrier and packaging costs are for ${parcels === 1 ? "that parcel" : "those parcels"}.`;
      }
    }
  }
  const packagingCost = checkedProduct(s.packaging.perParcel, parcels, "packaging");
  const labourCost = parcels > 0 ? s.labour.perOrder + checkedProduct(s.labour.perItem, itemsShipped, "labour") : 0;

  // --- Payment fees ---------------------------------------------------------------------
  const feeDetails: FeeDetail[] = [];
  let feesActual = 0;
  let feesEstimated = 0;
  for (const t of order.transactions) {
    if (t.status !== "SUCCESS") continue;
    if (t.feesActual !== null && ACTUAL_FEE_KINDS.has(t.kind)) {
      feesActual += t.feesActual;
      feeDetails.push({ gateway: t.gateway, kind: t.kind, amount: t.amount, fee: t.feesActual, source: "actual", rule: null });
    } else if (t.feesActual === null && SALE_KINDS.has(t.kind)) {
      const fr = feeRuleFor(s, t.gateway);
      const fee = fr === null ? 0 : applyRate(t.amount, fr.percent, mode) + fr.fixed;
      feesEstimated += fee;
      feeDetails.push({ gateway: t.gateway, kind: t.kind, amount: t.amount, fee, source: "estimated", rule: fr === null ? "gift_card (no fee)" : fr.label });
    }
  }
  const feesTotal = feesActual + feesEstimated;

  // --- Provisions (once per kind, on the order's net revenue) ------------------------
  const provisionRates = [
    percentRate(s.provisions.returnsPercent),
    percentRate(s.provisions.fraudPercent),
    percentRate(s.provisions.spoilagePercent),
  ] as const;
  const provisionBase = Math.max(0, orderRevenue);
  const provReturns = applyRate(provisionBase, provisionRates[0], mode);
  const provFraud = applyRate(provisionBase, provisionRates[1], mode);
  const provSpoilage = applyRate(provisionBase, provisionRates[2], mode);

  const fixedTotal = ctx.fixedCosts?.amount ?? 0;

  // --- Allocation to lines ----------------------------------------------------------------
  const shipShares = allocate(shippingCost, ...weightKeys);
  const packShares = allocate(packagingCost, ...weightKeys);
  const labourShares = allocate(labourCost, ...itemKeys);
  const feeShares = allocate(feesTotal, ...feeKeys);
  const fixedShares = allocate(fixedTotal, ...revenueKeys);
  const returnsShares = allocate(provReturns, ...revenueKeys);
  const fraudShares = allocate(provFraud, ...revenueKeys);
  const spoilageShares = allocate(provSpoilage, ...revenueKeys);

  const thresholds = s.thresholds;
  const lineFlags = ctx.lineFlags !== false;
  const lineResults: LineMargin[] = lines.map((line: OrderLine, i) => {
    const costs: CostAmounts = {
      costOfGoods: cogs[i]!,
      shipping: shipShares[i]!,
      packaging: packShares[i]!,
      labour: labourShares[i]!,
      paymentFees: feeShares[i]!,
      fixedCosts: fixedShares[i]!,
      provisions: { returns: returnsShares[i]!, fraud: fraudShares[i]!, spoilage: spoilageShares[i]! },
    };
    const totalCosts = totalOf(costs);
    const netRevenue = lineRevenue[i]!;
    const netMargin = netRevenue - totalCosts;
    const discount = line.discountBeforeTax;
    const wd = withoutDiscountsMargin(netMargin, netRevenue, costs.paymentFees, discount, provisionRates, mode);
    const st = cogsStatus[i]!;
    return {
      lineId: line.id,
      productId: line.productId,
      variantId: line.variantId,
      sku: line.sku,
      title: line.title,
      units: line.currentQuantity,
      unitsShipped: line.quantity,
      included: included[i]!,
      costOfGoodsStatus: st,
      revenue: { merchandise: merch[i]!, shipping: shippingRevenueShares[i]! },
      netRevenue,
      discount,
      costs,
      totalCosts,
      netMargin,
      marginPct: marginPercent(netMargin, netRevenue),
      withoutDiscounts: { netRevenue: netRevenue + Math.max(0, discount), netMargin: wd },
      flags:
        !lineFlags || (gift !== null && gift[i])
        ? NO_FLAGS
        : flagsFor({
            subject: "line",
            currency,
            netRevenue,
            netMargin,
            totalCosts,
            shippingCost: costs.shipping,
            discount,
            withoutDiscountsMargin: wd,
            missingLines: st.status === "missing" ? 1 : 0,
            estimatedLines: st.status === "estimated" ? 1 : 0,
            missingPercentOfPrice: st.status === "estimated" ? st.percentOfPrice : null,
            thresholds,
          }),
    };
  });

  // --- Order totals over included lines (one pass: this runs a million times in a recompute) ---
  let costOfGoods = 0;
  let shipping = 0;
  let packaging = 0;
  let labour = 0;
  let paymentFees = 0;
  let fixedCosts = 0;
  let returns = 0;
  let fraud = 0;
  let spoilage = 0;
  let netRevenue = 0;
  let netMargin = 0;
  let discounts = 0;
  let merchandise = 0;
  let shippingShare = 0;
  let includedLines = 0;
  let estimatedLines = 0;
  let knownLines = 0;
  const excludedIds: string[] = [];
  let excludedRevenue = 0;
  let excludedCosts = 0;
  const giftIds: string[] | null = gift === null ? null : [];
  let giftSold = 0;
  let giftFees = 0;
  for (const l of lineResults) {
    const status = l.costOfGoodsStatus.status;
    if (status === "gift-card") {
      giftIds!.push(l.lineId);
      giftSold = addMinor(giftSold, l.netRevenue);
      giftFees += l.costs.paymentFees;
      continue;
    }
    if (status === "estimated") estimatedLines += 1;
    else if (status === "known") knownLines += 1;
    if (!l.included) {
      excludedIds.push(l.lineId);
      excludedRevenue = addMinor(excludedRevenue, l.netRevenue);
      excludedCosts = addMinor(excludedCosts, l.totalCosts);
      continue;
    }
    includedLines += 1;
    const c = l.costs;
    costOfGoods += c.costOfGoods;
    shipping += c.shipping;
    packaging += c.packaging;
    labour += c.labour;
    paymentFees += c.paymentFees;
    fixedCosts += c.fixedCosts;
    returns += c.provisions.returns;
    fraud += c.provisions.fraud;
    spoilage += c.provisions.spoilage;
    netRevenue = addMinor(netRevenue, l.netRevenue);
    netMargin = addMinor(netMargin, l.netMargin);
    discounts = addMinor(discounts, l.discount);
    merchandise = addMinor(merchandise, l.revenue.merchandise);
    shippingShare = addMinor(shippingShare, l.revenue.shipping);
  }
  const costs: CostAmounts = { costOfGoods, shipping, packaging, labour, paymentFees, fixedCosts, provisions: { returns, fraud, spoilage } };
  const totalCosts = totalOf(costs);
  const wdOrder = withoutDiscountsMargin(netMargin, netRevenue, costs.paymentFees, discounts, provisionRates, mode);

  return {
    orderId: order.id,
    orderName: order.name,
    processedAt: order.processedAt,
    currency,
    cancelled: order.cancelled,
    test: order.test,
    revenue: {
      merchandise,
      shipping: shippingShare,
      shippingCharged,
      shippingRefunded,
      discounts,
    },
    netRevenue,
    steps: {
      costOfGoods: { amount: costs.costOfGoods, knownLines, estimatedLines, missingLines: excludedIds.length },
      shipping: { amount: costs.shipping, orderAmount: shippingCost, source: shippingSource, rule, ruleIndex, parcelWeightGrams, weight: parcelWeight },
      packaging: { amount: costs.packaging, parcels },
      labour: { amount: costs.labour, items: parcels > 0 ? itemsShipped : 0 },
      paymentFees: { amount: costs.paymentFees, actual: feesActual, estimated: feesEstimated, transactions: feeDetails },
      fixedCosts: {
        amount: costs.fixedCosts,
        allocated: ctx.fixedCosts !== null,
        month: ctx.fixedCosts?.month ?? null,
        method: ctx.fixedCosts?.method ?? null,
      },
      provisions: { amount: sumProvisions(costs.provisions), ...costs.provisions },
    },
    costs,
    totalCosts,
    netMargin,
    marginPct:
      includedLines === 0
        ? giftCount === n
          ? { kind: "undefined", reason: GIFT_CARD_ONLY_REASON }
          : { kind: "undefined", reason: "every line has an unknown unit cost, so the order is left out of margin totals" }
        : marginPercent(netMargin, netRevenue),
    withoutDiscounts: { netRevenue: netRevenue + Math.max(0, discounts), netMargin: wdOrder },
    flags: flagsFor({
      subject: "order",
      currency,
      netRevenue,
      netMargin,
      totalCosts,
      shippingCost: costs.shipping,
      discount: discounts,
      withoutDiscountsMargin: wdOrder,
      missingLines: excludedIds.length,
      estimatedLines,
      missingPercentOfPrice: missing.mode === "percentOfPrice" ? missing.percent : null,
      thresholds,
    }),
    lines: lineResults,
    excluded: excludedIds.length === 0 ? null : { lineIds: excludedIds, netRevenue: excludedRevenue, totalCosts: excludedCosts },
    giftCards: giftIds === null ? null : { lineIds: giftIds, sold: giftSold, paymentFees: giftFees },
    fulfilmentNote,
    unknownDestination,
  };
}

// ---------------------------------------------------------------------------
// Notes for the order page
// ---------------------------------------------------------------------------

/**
 * What the order page says about costs left out or counted differently, in plain
 * words: gift cards kept apart, carrier/packaging/labour skipped for an order that
 * shipped nothing (or counted per parcel that left), a destination Shopify hid.
 */
export function marginNotes(m: Pick<OrderMargin, "currency" | "giftCards" | "fulfilmentNote" | "lines" | "unknownDestination">): string[] {
  const notes: string[] = [];
  const g = m.giftCards;
  if (g !== null) {
    if (g.lineIds.length === m.lines.length) notes.push(GIFT_CARD_ONLY_REASON);
    else {
      notes.push(
        `Gift cards sold (${money(m.currency, g.sold)}) are kept apart: paid in advance for goods bought later, they are not merchandise revenue and have no cost of goods or margin.`,
      );
    }
    if (g.paymentFees > 0) notes.push(`The payment fees charged on the gift cards (${money(m.currency, g.paymentFees)}) are kept apart with them.`);
  }
  if (m.fulfilmentNote !== null) notes.push(m.fulfilmentNote);
  if (m.unknownDestination !== null) {
    const hidden = "Shopify did not share where this order was shipped (addresses are protected customer data, shared only with apps approved for them)";
    notes.push(
      m.unknownDestination.assumedCountry === null
        ? `${hidden}: shipping rules for specific countries could not apply. Choose the country to price such parcels as in Settings, under Shipping.`
        : `${hidden}: the carrier cost is priced as a parcel to ${m.unknownDestination.assumedCountry}, your setting for unknown destinations.`,
    );
  }
  return notes;
}

// ---------------------------------------------------------------------------
// Waterfall
// ---------------------------------------------------------------------------

export interface WaterfallStep {
  readonly step: "netRevenue" | CostStep | "netMargin";
  /** Signed: revenue positive, costs negative, the final margin as is. */
  readonly amount: number;
  /** Running total after this step. */
  readonly running: number;
}

/** Net revenue, then each cost as a negative step, ending at the net margin. */
export function waterfall(m: Pick<OrderMargin, "netRevenue" | "costs" | "netMargin">): WaterfallStep[] {
  const out: WaterfallStep[] = [{ step: "netRevenue", amount: m.netRevenue, running: m.netRevenue }];
  let running = m.netRevenue;
  for (const step of COST_STEPS) {
    const amount = step === "provisions" ? sumProvisions(m.costs.provisions) : m.costs[step];
    running -= amount;
    out.push({ step, amount: -amount, running });
  }
  out.push({ step: "netMargin", amount: m.netMargin, running: m.netMargin });
  return out;
}
