/**
 * The margin engine's steps, in waterfall order; `computeOrderMargin` (margin.ts)
 * composes them. Each takes plain values and returns the order-level amounts of its
 * step (see margin.ts for the semantics); the last steps split those amounts over
 * the lines and add the included lines back up.
 *
 * These run a million times in a recompute: plain loops and arrays, and the usual
 * order (no gift card, weighed by Shopify) builds no gift-card or weight lists.
 */
import type { CostSettings, FixedCostMethod, MissingCostPolicy, ShippingRule } from "./settings";
import type { UnitCostResolution, UnitCostResolver } from "./unit-costs";
import type { NormalisedOrder, OrderLine, OrderShippingLine, OrderTransaction } from "./types";
import { addMinor, allocate, applyRate, mulDiv, percentRate, sumMinor, type Rate, type RoundingMode } from "./money";
import { flagsFor, NO_FLAGS } from "./margin-flags";
import {
  marginPercent,
  sumProvisions,
  totalOf,
  type CatalogWeights,
  type CostAmounts,
  type CostOfGoodsStatus,
  type FeeDetail,
  type FixedCostInput,
  type LineMargin,
  type OrderMargin,
  type ParcelWeight,
  type Provisions,
  type ShippingSource,
} from "./margin-model";

/** The order page's note for a point-of-sale sale taken away in the shop. */
export const TAKEN_AWAY_NOTE = "Sold in your shop (point of sale) and taken away: no parcel, so no carrier, packaging or labour cost.";

/** Why a gift-card-only order has no margin (the order page shows it). */
export const GIFT_CARD_ONLY_REASON =
  "This order only sold gift cards. A gift card is paid in advance for goods bought later, so it is not merchandise revenue: it has no cost of goods and no margin, and the order is left out of margin totals.";

// ---------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------

/** `allocate`'s weights then fallbacks, in order. */
export type AllocationKeys = readonly [readonly number[], ...(readonly number[])[]];
/** No extra key (orders without gift cards: the usual case). */
const NO_KEY: readonly number[] = Object.freeze([]);
const NO_KEYS: readonly (readonly number[])[] = Object.freeze([]);
function lastResort(mask: readonly number[]): readonly (readonly number[])[] {
  return mask === NO_KEY ? NO_KEYS : [mask];
}

function checkedProduct(a: number, b: number, what: string): number {
  const p = a * b;
  if (!Number.isSafeInteger(p)) throw new RangeError(`${what} overflows: ${a} × ${b}`);
  return p;
}

function norm(s: string): string {
  return s.trim().toLowerCase();
}

// ---------------------------------------------------------------------------
// Parcel: what ships, its weight, and the keys that split amounts over lines
// ---------------------------------------------------------------------------

export interface Parcel {
  /** Per line, whether it sells a gift card; null when none does (the usual order, no extra arrays). */
  readonly gift: readonly boolean[] | null;
  readonly giftCount: number;
  /** Per line: needs shipping, has units, is not a gift card. */
  readonly shippable: readonly boolean[];
  /** A point-of-sale sale without a shipping line: taken away in the shop. */
  readonly takenAway: boolean;
  readonly hasParcel: boolean;
  /** Per line: units × unit grams when it ships and its weight is known, else 0. */
  readonly lineGrams: readonly number[];
  readonly weightsKnown: boolean;
  /** Lines' weight + packaging; null when nothing ships or a shipped line has no weight. */
  readonly weightGrams: number | null;
  readonly weight: ParcelWeight | null;
  /** Per line: units shipped (quantity) when it ships, else 0. */
  readonly shippedUnits: readonly number[];
  readonly itemsShipped: number;
}

/** The usual case, shared: no allocation per order. */
const WEIGHED_BY_ORDER: ParcelWeight = Object.freeze({ source: "order", lineIds: Object.freeze([]) as readonly string[] });

/** What ships in the order's parcel, and its weight. */
export function parcelOf(order: Pick<NormalisedOrder, "lines" | "sourceName" | "shippingLines">, packagingWeightGrams: number, catalog: CatalogWeights | null): Parcel {
  const lines = order.lines;
  let giftCount = 0;
  for (const l of lines) if (l.isGiftCard === true) giftCount++;
  const gift: readonly boolean[] | null = giftCount === 0 ? null : lines.map((l) => l.isGiftCard === true);
  // A gift card rides along in the parcel (or is sent by email): the parcel's costs belong to the merchandise.
  const shippable = lines.map((l, i) => l.requiresShipping && l.quantity > 0 && (gift === null || !gift[i]));
  // A point-of-sale order without a shipping line was taken away in the shop: POS marks
  // such sales fulfilled at the counter, while ship-to-customer sales carry a shipping
  // line (help.shopify.com/en/manual/sell-in-person/transactions/cart/unfulfilled).
  // No parcel, so no carrier, packaging or labour cost.
  const shipsSomething = shippable.some(Boolean);
  const takenAway = shipsSomething && order.sourceName === "pos" && order.shippingLines.length === 0;
  const hasParcel = shipsSomething && !takenAway;
  const w = lineWeights(lines, shippable, catalog);
  const weightsKnown = w.unknownIds === null;
  const weight: ParcelWeight | null = !hasParcel
    ? null
    : w.unknownIds !== null
      ? { source: "unknown", lineIds: w.unknownIds }
      : w.estimatedIds !== null
        ? { source: "estimated", lineIds: w.estimatedIds }
        : WEIGHED_BY_ORDER;
  const weightGrams = hasParcel && weightsKnown ? w.lineGrams.reduce((a, b) => a + b, 0) + packagingWeightGrams : null;
  const shippedUnits = lines.map((l, i) => (shippable[i] ? l.quantity : 0));
  const itemsShipped = sumMinor(shippedUnits);
  return { gift, giftCount, shippable, takenAway, hasParcel, lineGrams: w.lineGrams, weightsKnown, weightGrams, weight, shippedUnits, itemsShipped };
}

/**
 * A shipped line's weight: the order's, else its variant's weight in the catalog today
 * (an estimate, listed: Shopify itself weighs a line with its variant's weight when
 * none is given, shopify.dev/changelog/line-item-weight-input-for-ordercreate-mutation),
 * else unknown. Lists only when a line needs them: the usual order, weighed by
 * Shopify, allocates nothing more.
 */
function lineWeights(
  lines: readonly OrderLine[],
  shippable: readonly boolean[],
  catalog: CatalogWeights | null,
): { lineGrams: number[]; estimatedIds: string[] | null; unknownIds: string[] | null } {
  const lineGrams: number[] = [];
  let estimatedIds: string[] | null = null;
  let unknownIds: string[] | null = null;
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!;
    let unitGrams = 0;
    if (shippable[i]) {
      if (l.unitWeightGrams !== null) unitGrams = l.unitWeightGrams;
      else {
        const c = catalog !== null && l.variantId !== null ? catalog.get(l.variantId) : undefined;
        if (c !== undefined) {
          unitGrams = c;
          (estimatedIds ??= []).push(l.id);
        } else (unknownIds ??= []).push(l.id);
      }
    }
    lineGrams.push(unitGrams * l.quantity);
  }
  return { lineGrams, estimatedIds, unknownIds };
}

/** What the physical costs are split by, and what the revenue keys reuse. */
export interface LineBases {
  /** Per line: units kept (currentQuantity). */
  readonly keptUnitsAll: readonly number[];
  /** The same, gift cards 0 (allocation keys give gift-card lines nothing but their payment fees). */
  readonly keptUnits: readonly number[];
  /** 1 per merchandise line, 0 per gift card; NO_KEY when the order has no gift card. */
  readonly merchMask: readonly number[];
  /**
   * Shipping charged and paid, packaging: weight share; revenue share among shipped
   * lines when a weight is missing; then units; then all lines. With gift cards, the
   * last resort is an equal split among the merchandise lines, never onto a gift card.
   */
  readonly byWeight: AllocationKeys;
  /** Labour: units shipped, then kept, then equal among the merchandise lines. */
  readonly byItem: AllocationKeys;
}

export function lineBases(lines: readonly OrderLine[], parcel: Parcel): LineBases {
  const { gift, shippable, shippedUnits } = parcel;
  const keptUnitsAll = lines.map((l) => l.currentQuantity);
  const keptUnits = gift === null ? keptUnitsAll : keptUnitsAll.map((u, i) => (gift[i] ? 0 : u));
  const merchPos = lines.map((l, i) => (gift !== null && gift[i] ? 0 : Math.max(0, l.netRevenueBeforeTax)));
  const shippedMerch = merchPos.map((x, i) => (shippable[i] ? x : 0));
  const milligrams = parcel.weightsKnown ? parcel.lineGrams.map((g) => Math.round(g * 1000)) : lines.map(() => 0);
  const shippableMask = shippable.map((b) => (b ? 1 : 0));
  const merchMask: readonly number[] = gift === null ? NO_KEY : gift.map((g) => (g ? 0 : 1));
  return {
    keptUnitsAll,
    keptUnits,
    merchMask,
    byWeight: [milligrams, shippedMerch, shippedUnits, shippableMask, merchPos, keptUnits, ...lastResort(merchMask)],
    byItem: [shippedUnits, keptUnits, ...lastResort(merchMask)],
  };
}

// ---------------------------------------------------------------------------
// Revenue
// ---------------------------------------------------------------------------

export interface Revenue {
  /** Whole order: shipping charged to the customer before tax, and refunded. */
  readonly shippingCharged: number;
  readonly shippingRefunded: number;
  /** Per line: its share of net shipping revenue (by weight). */
  readonly shippingShares: readonly number[];
  /** Per line: merchandise (kept units, after discounts, before tax) + shipping share. */
  readonly lineRevenue: readonly number[];
  /** Σ lineRevenue of the merchandise lines: the provisions' base. */
  readonly orderRevenue: number;
  /** Fixed costs and provisions: revenue share, then units kept, then units sold (gift cards nothing). */
  readonly byRevenue: AllocationKeys;
  /** Payment fees are charged on everything paid, gift cards sold included: their share is kept apart with them. */
  readonly forFees: AllocationKeys;
}

/** Net revenue per line: merchandise plus its share of shipping charged − refunded. */
export function revenueOf(order: Pick<NormalisedOrder, "lines" | "shippingLines">, gift: readonly boolean[] | null, bases: LineBases): Revenue {
  const lines = order.lines;
  const shippingCharged = sumMinor(order.shippingLines.map((x) => x.chargedBeforeTax));
  const shippingRefunded = sumMinor(order.shippingLines.map((x) => x.refundedBeforeTax));
  const shippingShares = allocate(shippingCharged - shippingRefunded, ...bases.byWeight);
  const lineRevenue = lines.map((l, i) => l.netRevenueBeforeTax + shippingShares[i]!);
  let orderRevenue = 0;
  for (let i = 0; i < lines.length; i++) if (gift === null || !gift[i]) orderRevenue = addMinor(orderRevenue, lineRevenue[i]!);
  const quantities = lines.map((l) => l.quantity);
  const weightsAll = lineRevenue.map((x) => Math.max(0, x));
  const weights = gift === null ? weightsAll : weightsAll.map((x, i) => (gift[i] ? 0 : x));
  const byRevenue: AllocationKeys =
    gift === null ? [weights, bases.keptUnits, quantities] : [weights, bases.keptUnits, quantities.map((q, i) => (gift[i] ? 0 : q)), bases.merchMask];
  const forFees: AllocationKeys = gift === null ? byRevenue : [weightsAll, bases.keptUnitsAll, quantities];
  return { shippingCharged, shippingRefunded, shippingShares, lineRevenue, orderRevenue, byRevenue, forFees };
}

// ---------------------------------------------------------------------------
// Cost of goods
// ---------------------------------------------------------------------------

export interface CostOfGoods {
  /** Per line. */
  readonly status: readonly CostOfGoodsStatus[];
  readonly amounts: readonly number[];
  /** False: left out of the totals (unknown cost with the "exclude" policy, or a gift card). */
  readonly included: readonly boolean[];
}

const GIFT_CARD_STATUS: CostOfGoodsStatus = Object.freeze({ status: "gift-card", reason: "a gift card sold is not merchandise: it has no cost of goods and no margin" });

/** Kept units × the unit cost in force at processedAt, per line; an unknown cost estimated or left out per the settings. */
export function costOfGoodsOf(
  order: Pick<NormalisedOrder, "lines" | "processedAt">,
  unitCost: UnitCostResolver,
  missing: MissingCostPolicy,
  mode: RoundingMode,
): CostOfGoods {
  const status: CostOfGoodsStatus[] = [];
  const amounts: number[] = [];
  const included: boolean[] = [];
  for (const line of order.lines) {
    if (line.isGiftCard === true) {
      status.push(GIFT_CARD_STATUS);
      amounts.push(0);
      included.push(false);
      continue;
    }
    if (line.currentQuantity === 0) {
      status.push({ status: "no-units", reason: "every unit was refunded or removed" });
      amounts.push(0);
      included.push(true);
      continue;
    }
    const r: UnitCostResolution = unitCost(line, order.processedAt);
    if (r.kind === "known") {
      status.push({ status: "known", unitCost: r.unitCost, source: r.source, since: r.since, beforeFirstSnapshot: r.beforeFirstSnapshot });
      amounts.push(checkedProduct(r.unitCost, line.currentQuantity, "cost of goods"));
      included.push(true);
    } else if (missing.mode === "percentOfPrice") {
      const base = checkedProduct(line.unitPriceBeforeTax, line.currentQuantity, "price");
      status.push({ status: "estimated", percentOfPrice: missing.percent, reason: r.reason });
      amounts.push(applyRate(base, percentRate(missing.percent), mode));
      included.push(true);
    } else {
      status.push({ status: "missing", reason: r.reason });
      amounts.push(0);
      included.push(false);
    }
  }
  return { status, amounts, included };
}

// ---------------------------------------------------------------------------
// Shipping paid (what left the warehouse, then the carrier's price)
// ---------------------------------------------------------------------------

export interface Shipment {
  /** Parcels costed: 1 for an order with a parcel, 0 without; those that left for an order stopped mid-way. */
  readonly parcels: number;
  /** Cancelled or refunded in full before anything was fulfilled: nothing shipped. */
  readonly notShipped: boolean;
  /** Why carrier, packaging and labour were skipped or counted per parcel, in plain words. */
  readonly note: string | null;
}

/**
 * What left the warehouse: an order stopped (cancelled, or every unit refunded)
 * before anything was fulfilled shipped nothing: no carrier, packaging or labour
 * cost. Stopped after some parcels left, it pays for those parcels. A live order is
 * costed as the one parcel it takes to ship it all; an order whose fulfilment is
 * not known (stored before NetMargin read it) too, and so is one whose carrier cost
 * was imported.
 */
export function shipmentOf(
  order: Pick<NormalisedOrder, "lines" | "cancelled" | "fulfilment">,
  parcel: Pick<Parcel, "hasParcel" | "takenAway">,
  actualShippingCost: number | null,
): Shipment {
  const note = parcel.takenAway ? TAKEN_AWAY_NOTE : null;
  const ful = order.fulfilment;
  if (!parcel.hasParcel) return { parcels: 0, notShipped: false, note };
  if (ful === null || ful === undefined || actualShippingCost !== null) return { parcels: 1, notShipped: false, note };
  let kept = 0;
  for (const l of order.lines) kept += l.currentQuantity;
  if (!order.cancelled && kept !== 0) return { parcels: 1, notShipped: false, note };
  const what = order.cancelled ? "Cancelled" : "Refunded in full";
  if (ful.parcels === 0) {
    return { parcels: 0, notShipped: true, note: `${what} before anything was fulfilled: nothing shipped, so no carrier, packaging or labour cost.` };
  }
  const n = ful.parcels;
  return { parcels: n, notShipped: false, note: `${what} after ${n} parcel${n === 1 ? "" : "s"} left: carrier and packaging costs are for ${n === 1 ? "that parcel" : "those parcels"}.` };
}

export interface ShippingPaid {
  readonly source: ShippingSource;
  /** Whole-order carrier cost. */
  readonly amount: number;
  readonly rule: string | null;
  readonly ruleIndex: number | null;
  /** OrderMargin.unknownDestination. */
  readonly unknownDestination: { readonly assumedCountry: string | null } | null;
}

/** The carrier cost: the imported one, else the first matching rule's (or the default) per parcel that left. */
export function shippingPaidOf(
  order: Pick<NormalisedOrder, "shippingCountryCode" | "shippingLines">,
  settings: CostSettings["shipping"],
  parcel: Pick<Parcel, "hasParcel" | "weightGrams">,
  shipment: Shipment,
  actualShippingCost: number | null,
): ShippingPaid {
  if (actualShippingCost !== null) return { source: "import", amount: actualShippingCost, rule: null, ruleIndex: null, unknownDestination: null };
  if (!parcel.hasParcel) return { source: "no-parcel", amount: 0, rule: null, ruleIndex: null, unknownDestination: null };
  if (shipment.notShipped) return { source: "not-shipped", amount: 0, rule: null, ruleIndex: null, unknownDestination: null };
  // Shopify hides the destination from apps without protected-customer-data approval
  // (shippingAddress null): the merchant's country for unknown destinations, if set.
  // Said only where it matters: a country is assumed, or some rule is for given countries.
  let country = order.shippingCountryCode;
  let unknownDestination: { readonly assumedCountry: string | null } | null = null;
  if (country === null) {
    const assumed = settings.unknownDestinationCountry ?? null;
    country = assumed;
    if (assumed !== null || hasCountryRule(settings.rules)) unknownDestination = { assumedCountry: assumed };
  }
  const match = matchShippingRule(settings.rules, { countryCode: country, weightGrams: parcel.weightGrams, shippingLines: order.shippingLines });
  if (match.kind === "rule") {
    return { source: "rule", amount: checkedProduct(match.rule.cost, shipment.parcels, "shipping"), rule: match.rule.name, ruleIndex: match.index, unknownDestination };
  }
  return { source: "default", amount: checkedProduct(settings.defaultCost, shipment.parcels, "shipping"), rule: null, ruleIndex: null, unknownDestination };
}

export type ShippingMatch = { readonly kind: "rule"; readonly index: number; readonly rule: ShippingRule } | { readonly kind: "default" };

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
// Packaging and labour
// ---------------------------------------------------------------------------

/** Box and filling per parcel costed. */
export function packagingOf(settings: CostSettings["packaging"], parcels: number): number {
  return checkedProduct(settings.perParcel, parcels, "packaging");
}

/** Pick, pack and ship: per order + per item shipped, when a parcel is costed. */
export function labourOf(settings: CostSettings["labour"], parcels: number, itemsShipped: number): number {
  return parcels > 0 ? settings.perOrder + checkedProduct(settings.perItem, itemsShipped, "labour") : 0;
}

// ---------------------------------------------------------------------------
// Payment fees
// ---------------------------------------------------------------------------

export interface PaymentFees {
  readonly actual: number;
  readonly estimated: number;
  readonly total: number;
  readonly transactions: readonly FeeDetail[];
}

const SALE_KINDS = new Set(["SALE", "CAPTURE"]);
const ACTUAL_FEE_KINDS = new Set(["SALE", "CAPTURE", "REFUND"]);

/** The rule shown on an actual fee taken from the Shopify Payments ledger. */
export const LEDGER_FEE_RULE = "Shopify Payments payouts";

/**
 * Shopify's actual fees on SUCCESS transactions when reported, else the gateway's % + fixed
 * per SUCCESS SALE/CAPTURE.
 *
 * `ledgerFee` (Σ fee of the order's Shopify Payments balance transactions, or null): the
 * order transaction's `fees` come first (per transaction, in the shop currency, with
 * `read_orders`; docs/shopify-admin-api.md "Use OrderTransaction.fees for per-order fees");
 * the ledger's fee is the actual fee only when no SUCCESS transaction of the order carries
 * fees, in place of the estimates of its SUCCESS SALE/CAPTURE transactions on
 * `shopify_payments` (the whole ledger fee on the first of them, the others 0), source
 * "actual". An order whose transactions carry some fees keeps them (no double count).
 */
export function paymentFeesOf(transactions: readonly OrderTransaction[], settings: CostSettings, mode: RoundingMode, ledgerFee: number | null = null): PaymentFees {
  const details: FeeDetail[] = [];
  let actual = 0;
  let estimated = 0;
  const useLedger = ledgerFee !== null && !transactions.some((t) => t.status === "SUCCESS" && t.feesActual !== null);
  let ledgerLeft = useLedger;
  for (const t of transactions) {
    if (t.status !== "SUCCESS") continue;
    if (t.feesActual !== null && ACTUAL_FEE_KINDS.has(t.kind)) {
      actual += t.feesActual;
      details.push({ gateway: t.gateway, kind: t.kind, amount: t.amount, fee: t.feesActual, source: "actual", rule: null });
    } else if (useLedger && SALE_KINDS.has(t.kind) && t.gateway === "shopify_payments") {
      const fee = ledgerLeft ? ledgerFee! : 0;
      ledgerLeft = false;
      actual += fee;
      details.push({ gateway: t.gateway, kind: t.kind, amount: t.amount, fee, source: "actual", rule: LEDGER_FEE_RULE });
    } else if (t.feesActual === null && SALE_KINDS.has(t.kind)) {
      const fr = feeRuleFor(settings, t.gateway);
      const fee = fr === null ? 0 : applyRate(t.amount, fr.percent, mode) + fr.fixed;
      estimated += fee;
      details.push({ gateway: t.gateway, kind: t.kind, amount: t.amount, fee, source: "estimated", rule: fr === null ? "gift_card (no fee)" : fr.label });
    }
  }
  return { actual, estimated, total: actual + estimated, transactions: details };
}

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

// ---------------------------------------------------------------------------
// Fixed costs and provisions
// ---------------------------------------------------------------------------

export interface FixedCosts {
  /** The order's share (0 when not allocated). */
  readonly amount: number;
  readonly allocated: boolean;
  readonly month: string | null;
  readonly method: FixedCostMethod | null;
}

/** The order's share of its month's fixed costs, worked out by fixed-costs.ts and passed in. */
export function fixedCostsOf(input: FixedCostInput | null): FixedCosts {
  return { amount: input?.amount ?? 0, allocated: input !== null, month: input?.month ?? null, method: input?.method ?? null };
}

export interface ProvisionAmounts extends Provisions {
  /** Returns, fraud, spoilage: also what the discounts' provisions are scaled with. */
  readonly rates: readonly [Rate, Rate, Rate];
}

/** Each provision once, as its % of the order's net revenue (0 when negative). */
export function provisionsOf(orderRevenue: number, settings: CostSettings["provisions"], mode: RoundingMode): ProvisionAmounts {
  const rates = [percentRate(settings.returnsPercent), percentRate(settings.fraudPercent), percentRate(settings.spoilagePercent)] as const;
  const base = Math.max(0, orderRevenue);
  return {
    returns: applyRate(base, rates[0], mode),
    fraud: applyRate(base, rates[1], mode),
    spoilage: applyRate(base, rates[2], mode),
    rates,
  };
}

// ---------------------------------------------------------------------------
// Lines: each order-level amount split exactly, then each line's margin and flags
// ---------------------------------------------------------------------------

/** Per line: its share of each order-level cost (largest-remainder splits, so they add up exactly). */
export interface LineShares {
  readonly shipping: readonly number[];
  readonly packaging: readonly number[];
  readonly labour: readonly number[];
  readonly paymentFees: readonly number[];
  readonly fixedCosts: readonly number[];
  readonly returns: readonly number[];
  readonly fraud: readonly number[];
  readonly spoilage: readonly number[];
}

export function lineSharesOf(
  amounts: { readonly shipping: number; readonly packaging: number; readonly labour: number; readonly paymentFees: number; readonly fixedCosts: number; readonly provisions: Provisions },
  bases: LineBases,
  revenue: Pick<Revenue, "byRevenue" | "forFees">,
): LineShares {
  return {
    shipping: allocate(amounts.shipping, ...bases.byWeight),
    packaging: allocate(amounts.packaging, ...bases.byWeight),
    labour: allocate(amounts.labour, ...bases.byItem),
    paymentFees: allocate(amounts.paymentFees, ...revenue.forFees),
    fixedCosts: allocate(amounts.fixedCosts, ...revenue.byRevenue),
    returns: allocate(amounts.provisions.returns, ...revenue.byRevenue),
    fraud: allocate(amounts.provisions.fraud, ...revenue.byRevenue),
    spoilage: allocate(amounts.provisions.spoilage, ...revenue.byRevenue),
  };
}

/** The margin the order or line would make without its discounts: fees and provisions scale with the revenue added back. */
export function withoutDiscountsMargin(
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

export interface LineInputs {
  readonly order: Pick<NormalisedOrder, "lines" | "currency">;
  readonly gift: readonly boolean[] | null;
  readonly revenue: Pick<Revenue, "lineRevenue" | "shippingShares">;
  readonly costOfGoods: CostOfGoods;
  readonly shares: LineShares;
  /** MarginContext.stockCarrying's shares by line (none: 0). */
  readonly stockCarrying: readonly number[] | null;
  readonly provisionRates: readonly Rate[];
  readonly thresholds: CostSettings["thresholds"];
  /** MarginContext.lineFlags. */
  readonly lineFlags: boolean;
  readonly mode: RoundingMode;
}

/** Every line's revenue, costs, margin and flags. */
export function lineMarginsOf(x: LineInputs): LineMargin[] {
  return x.order.lines.map((line, i) => lineMarginOf(x, line, i));
}

function lineMarginOf(x: LineInputs, line: OrderLine, i: number): LineMargin {
  const sh = x.shares;
  const costs: CostAmounts = {
    costOfGoods: x.costOfGoods.amounts[i]!,
    shipping: sh.shipping[i]!,
    packaging: sh.packaging[i]!,
    labour: sh.labour[i]!,
    paymentFees: sh.paymentFees[i]!,
    fixedCosts: sh.fixedCosts[i]!,
    // A gift card is not stock the shop keeps: it carries nothing.
    stockCarrying: x.stockCarrying === null || (x.gift !== null && x.gift[i]) ? 0 : (x.stockCarrying[i] ?? 0),
    provisions: { returns: sh.returns[i]!, fraud: sh.fraud[i]!, spoilage: sh.spoilage[i]! },
  };
  const totalCosts = totalOf(costs);
  const netRevenue = x.revenue.lineRevenue[i]!;
  const netMargin = netRevenue - totalCosts;
  const discount = line.discountBeforeTax;
  const wd = withoutDiscountsMargin(netMargin, netRevenue, costs.paymentFees, discount, x.provisionRates, x.mode);
  const st = x.costOfGoods.status[i]!;
  return {
    lineId: line.id,
    productId: line.productId,
    variantId: line.variantId,
    sku: line.sku,
    title: line.title,
    units: line.currentQuantity,
    unitsShipped: line.quantity,
    included: x.costOfGoods.included[i]!,
    costOfGoodsStatus: st,
    revenue: { merchandise: line.netRevenueBeforeTax, shipping: x.revenue.shippingShares[i]! },
    netRevenue,
    discount,
    costs,
    totalCosts,
    netMargin,
    marginPct: marginPercent(netMargin, netRevenue),
    withoutDiscounts: { netRevenue: netRevenue + Math.max(0, discount), netMargin: wd },
    flags:
      !x.lineFlags || (x.gift !== null && x.gift[i])
        ? NO_FLAGS
        : flagsFor({
            subject: "line",
            currency: x.order.currency,
            netRevenue,
            netMargin,
            totalCosts,
            shippingCost: costs.shipping,
            discount,
            withoutDiscountsMargin: wd,
            missingLines: st.status === "missing" ? 1 : 0,
            estimatedLines: st.status === "estimated" ? 1 : 0,
            missingPercentOfPrice: st.status === "estimated" ? st.percentOfPrice : null,
            thresholds: x.thresholds,
          }),
  };
}

// ---------------------------------------------------------------------------
// Order totals over the included lines
// ---------------------------------------------------------------------------

export interface OrderTotals {
  readonly costs: CostAmounts;
  readonly netRevenue: number;
  readonly netMargin: number;
  readonly discounts: number;
  readonly merchandise: number;
  readonly shipping: number;
  readonly includedLines: number;
  readonly knownLines: number;
  readonly estimatedLines: number;
  readonly excluded: OrderMargin["excluded"];
  readonly giftCards: OrderMargin["giftCards"];
}

/** Σ over the included lines; gift cards and excluded lines summed apart (one pass: this runs a million times in a recompute). */
export function orderTotalsOf(lines: readonly LineMargin[]): OrderTotals {
  let costOfGoods = 0;
  let shipping = 0;
  let packaging = 0;
  let labour = 0;
  let paymentFees = 0;
  let fixedCosts = 0;
  let stockCarrying = 0;
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
  let excluded: { lineIds: string[]; netRevenue: number; totalCosts: number } | null = null;
  let giftCards: { lineIds: string[]; sold: number; paymentFees: number } | null = null;
  for (const l of lines) {
    const status = l.costOfGoodsStatus.status;
    if (status === "gift-card") {
      giftCards ??= { lineIds: [], sold: 0, paymentFees: 0 };
      giftCards.lineIds.push(l.lineId);
      giftCards.sold = addMinor(giftCards.sold, l.netRevenue);
      giftCards.paymentFees += l.costs.paymentFees;
      continue;
    }
    if (status === "estimated") estimatedLines += 1;
    else if (status === "known") knownLines += 1;
    if (!l.included) {
      excluded ??= { lineIds: [], netRevenue: 0, totalCosts: 0 };
      excluded.lineIds.push(l.lineId);
      excluded.netRevenue = addMinor(excluded.netRevenue, l.netRevenue);
      excluded.totalCosts = addMinor(excluded.totalCosts, l.totalCosts);
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
    stockCarrying += c.stockCarrying;
    returns += c.provisions.returns;
    fraud += c.provisions.fraud;
    spoilage += c.provisions.spoilage;
    netRevenue = addMinor(netRevenue, l.netRevenue);
    netMargin = addMinor(netMargin, l.netMargin);
    discounts = addMinor(discounts, l.discount);
    merchandise = addMinor(merchandise, l.revenue.merchandise);
    shippingShare = addMinor(shippingShare, l.revenue.shipping);
  }
  const costs: CostAmounts = { costOfGoods, shipping, packaging, labour, paymentFees, fixedCosts, stockCarrying, provisions: { returns, fraud, spoilage } };
  return { costs, netRevenue, netMargin, discounts, merchandise, shipping: shippingShare, includedLines, knownLines, estimatedLines, excluded, giftCards };
}

// ---------------------------------------------------------------------------
// The order's result
// ---------------------------------------------------------------------------

export interface OrderSteps {
  readonly parcel: Parcel;
  readonly revenue: Revenue;
  readonly shipment: Shipment;
  readonly shipping: ShippingPaid;
  readonly fees: PaymentFees;
  readonly fixedCosts: FixedCosts;
  /** The month of the stock carrying shares given, or null. */
  readonly stockCarryingMonth: string | null;
  readonly provisionRates: readonly Rate[];
  readonly lines: readonly LineMargin[];
  readonly totals: OrderTotals;
}

/** The order's breakdown from its steps and its included lines' totals, with the order's flags. */
export function orderMarginOf(order: NormalisedOrder, settings: CostSettings, mode: RoundingMode, x: OrderSteps): OrderMargin {
  const t = x.totals;
  const costs = t.costs;
  const totalCosts = totalOf(costs);
  const wd = withoutDiscountsMargin(t.netMargin, t.netRevenue, costs.paymentFees, t.discounts, x.provisionRates, mode);
  const missing = settings.costOfGoods.missingCost;
  const missingLines = t.excluded === null ? 0 : t.excluded.lineIds.length;
  return {
    orderId: order.id,
    orderName: order.name,
    processedAt: order.processedAt,
    currency: order.currency,
    cancelled: order.cancelled,
    test: order.test,
    revenue: {
      merchandise: t.merchandise,
      shipping: t.shipping,
      shippingCharged: x.revenue.shippingCharged,
      shippingRefunded: x.revenue.shippingRefunded,
      discounts: t.discounts,
    },
    netRevenue: t.netRevenue,
    steps: stepsOf(x, missingLines),
    costs,
    totalCosts,
    netMargin: t.netMargin,
    marginPct:
      t.includedLines === 0
        ? x.parcel.giftCount === order.lines.length
          ? { kind: "undefined", reason: GIFT_CARD_ONLY_REASON }
          : { kind: "undefined", reason: "every line has an unknown unit cost, so the order is left out of margin totals" }
        : marginPercent(t.netMargin, t.netRevenue),
    withoutDiscounts: { netRevenue: t.netRevenue + Math.max(0, t.discounts), netMargin: wd },
    flags: flagsFor({
      subject: "order",
      currency: order.currency,
      netRevenue: t.netRevenue,
      netMargin: t.netMargin,
      totalCosts,
      shippingCost: costs.shipping,
      discount: t.discounts,
      withoutDiscountsMargin: wd,
      missingLines,
      estimatedLines: t.estimatedLines,
      missingPercentOfPrice: missing.mode === "percentOfPrice" ? missing.percent : null,
      thresholds: settings.thresholds,
    }),
    lines: x.lines,
    excluded: t.excluded,
    giftCards: t.giftCards,
    fulfilmentNote: x.shipment.note,
    unknownDestination: x.shipping.unknownDestination,
  };
}

/** OrderMargin.steps: each step's amount over the included lines, and how it was worked out. */
function stepsOf(x: OrderSteps, missingLines: number): OrderMargin["steps"] {
  const { costs, knownLines, estimatedLines } = x.totals;
  const parcels = x.shipment.parcels;
  const sh = x.shipping;
  return {
    costOfGoods: { amount: costs.costOfGoods, knownLines, estimatedLines, missingLines },
    shipping: {
      amount: costs.shipping,
      orderAmount: sh.amount,
      source: sh.source,
      rule: sh.rule,
      ruleIndex: sh.ruleIndex,
      parcelWeightGrams: x.parcel.weightGrams,
      weight: x.parcel.weight,
    },
    packaging: { amount: costs.packaging, parcels },
    labour: { amount: costs.labour, items: parcels > 0 ? x.parcel.itemsShipped : 0 },
    paymentFees: { amount: costs.paymentFees, actual: x.fees.actual, estimated: x.fees.estimated, transactions: x.fees.transactions },
    fixedCosts: { amount: costs.fixedCosts, allocated: x.fixedCosts.allocated, month: x.fixedCosts.month, method: x.fixedCosts.method },
    stockCarrying: { amount: costs.stockCarrying, month: x.stockCarryingMonth },
    provisions: { amount: sumProvisions(costs.provisions), ...costs.provisions },
  };
}
