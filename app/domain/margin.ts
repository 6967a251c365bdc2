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
 * - Stock carrying: each line's share of its product's monthly cost of keeping stock
 *   (storage and capital, carrying-cost.ts), worked out by the recompute over the units
 *   the product sold that month and passed in (`stockCarrying`); gift cards none.
 * - Provisions: % of net revenue, per kind.
 * - Rounding: every percentage is applied once per cost line at order level with
 *   the context's rounding mode (default round-half-even); order-level amounts are
 *   then allocated to lines with exact largest-remainder splits:
 *   shipping charged/paid and packaging by weight share (revenue share when a
 *   weight is missing), labour by item share, fees/fixed costs/provisions by
 *   revenue share. So Σ line margins = order margin, to the minor unit.
 *
 * Files: margin-model.ts (context and result types, cost arithmetic), margin-steps.ts
 * (one function per step, composed by `computeOrderMargin` below), margin-flags.ts
 * (the flags). Everything public is exported from here.
 */
import { settingsInForce, type SettingsHistory } from "./settings";
import { importedShippingCost, type ShippingCostImport } from "./shipping-import";
import { unitCostResolver, type UnitCostHistory, type UnitCostResolver } from "./unit-costs";
import type { NormalisedOrder } from "./types";
import { addMinor, sumMinor, type RoundingMode } from "./money";
import { countryName } from "./format";
import { money } from "./margin-flags";
import {
  COST_STEPS,
  sumProvisions,
  type CatalogWeights,
  type CostStep,
  type FixedCostInput,
  type MarginContext,
  type OrderMargin,
  type StockCarryingInput,
} from "./margin-model";
import {
  costOfGoodsOf,
  fixedCostsOf,
  GIFT_CARD_ONLY_REASON,
  labourOf,
  lineBases,
  lineMarginsOf,
  lineSharesOf,
  orderMarginOf,
  orderTotalsOf,
  packagingOf,
  parcelOf,
  paymentFeesOf,
  provisionsOf,
  revenueOf,
  shipmentOf,
  shippingPaidOf,
} from "./margin-steps";

export {
  addCosts,
  COST_STEPS,
  FLAG_CODES,
  marginPercent,
  totalOf,
  ZERO_COSTS,
  type CatalogWeights,
  type CostAmounts,
  type CostOfGoodsStatus,
  type CostStep,
  type FeeDetail,
  type FixedCostInput,
  type Flag,
  type FlagCode,
  type LineMargin,
  type MarginContext,
  type MarginPct,
  type OrderMargin,
  type ParcelWeight,
  type Provisions,
  type ShippingSource,
  type StockCarryingInput,
} from "./margin-model";
export { flagsFor, type FlagFacts } from "./margin-flags";
export { GIFT_CARD_ONLY_REASON, hasCountryRule, matchShippingRule, TAKEN_AWAY_NOTE, type ShippingMatch } from "./margin-steps";

// ---------------------------------------------------------------------------
// Context
// ---------------------------------------------------------------------------

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
    readonly stockCarrying?: StockCarryingInput | null;
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
    stockCarrying: sources.stockCarrying ?? null,
  };
}

// ---------------------------------------------------------------------------
// The engine
// ---------------------------------------------------------------------------

/**
 * Computes the margin breakdown of one order. Precondition (guaranteed by the
 * adapter): at least one line, amounts in `order.currency`, the context's amounts in
 * the same currency. Throws only on those bugs.
 */
export function computeOrderMargin(order: NormalisedOrder, ctx: MarginContext): OrderMargin {
  if (order.lines.length === 0) throw new RangeError(`order ${order.id} has no line items`);
  const mode: RoundingMode = ctx.rounding ?? "half-even";
  const s = ctx.settings;
  const parcel = parcelOf(order, s.shipping.packagingWeightGrams, ctx.catalogWeights ?? null);
  const bases = lineBases(order.lines, parcel);
  const revenue = revenueOf(order, parcel.gift, bases);
  const costOfGoods = costOfGoodsOf(order, ctx.unitCost, s.costOfGoods.missingCost, mode);
  const shipment = shipmentOf(order, parcel, ctx.actualShippingCost);
  const shipping = shippingPaidOf(order, s.shipping, parcel, shipment, ctx.actualShippingCost);
  const packaging = packagingOf(s.packaging, shipment.parcels);
  const labour = labourOf(s.labour, shipment.parcels, parcel.itemsShipped);
  const fees = paymentFeesOf(order.transactions, s, mode, order.ledgerPaymentFee ?? null);
  const provisions = provisionsOf(revenue.orderRevenue, s.provisions, mode);
  const fixedCosts = fixedCostsOf(ctx.fixedCosts);
  const shares = lineSharesOf(
    { shipping: shipping.amount, packaging, labour, paymentFees: fees.total, fixedCosts: fixedCosts.amount, provisions },
    bases,
    revenue,
  );
  const provisionRates = provisions.rates;
  const lineFlags = ctx.lineFlags !== false;
  const carrying = ctx.stockCarrying ?? null;
  const lines = lineMarginsOf({ order, gift: parcel.gift, revenue, costOfGoods, shares, stockCarrying: carrying?.byLine ?? null, provisionRates, thresholds: s.thresholds, lineFlags, mode });
  const totals = orderTotalsOf(lines);
  return orderMarginOf(order, s, mode, { parcel, revenue, shipment, shipping, fees, fixedCosts, stockCarryingMonth: carrying?.month ?? null, provisionRates, lines, totals });
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
        : `${hidden}: the carrier cost is priced as a parcel to ${countryName(m.unknownDestination.assumedCountry)}, your setting for unknown destinations.`,
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
