/**
 * Reorder suggestions (issue 18, item 5): when to reorder a variant, how many units,
 * what it costs, grouped per supplier, and when each supplier is paid (the cash
 * forecast's input, issue 19).
 *
 * Rules (README "Reorder suggestions"):
 * - Velocity is stock-health's (units sold / days in stock over a trailing window), kept
 *   exact: every threshold below is `ceil(days × unitsSold / inStockDays)` units
 *   (`unitsForCover`), never a float.
 * - Stock position = on hand + incoming (units already ordered from the supplier count).
 * - Reorder point = velocity × lead time + safety stock, safety stock = velocity × safety
 *   days: `unitsForCover(v, lead + safety)`. A variant is reordered when its position is
 *   AT or BELOW it; above it the suggestion is 0.
 * - Order-up-to level = velocity × (lead time + target cover): what arrives after the
 *   lead time then lasts the target cover (stock health calls more than that overstock).
 *   Needed = order-up-to − position; the quantity is that, raised to the supplier's
 *   minimum order quantity when below it (the MOQ is a minimum per variant ordered, not a
 *   case size). No sale in the window: velocity 0, nothing suggested.
 * - Cost = quantity × the unit cost in force on the order date (integer minor units of
 *   the shop's currency). It is exact: no rounding happens here, the unit cost was
 *   rounded once when Shopify or the merchant set it. A variant without a cost has a
 *   null cost, counted in `linesWithoutCost`; totals add the known costs.
 * - Order date = `orderOn` (today) for every suggestion: a variant at or below its reorder
 *   point is to be ordered now. Payment due = order date + the supplier's payment terms.
 * - Amounts are in the shop's currency (unit costs are); the supplier's invoicing currency
 *   is carried beside them, never converted.
 *
 * Pure module: no clock, no I/O.
 */
import { isCurrencyCode, type CurrencyCode } from "./money";
import { unitsForCover, type Velocity } from "./stock-health";
import { addDays, isLocalDate } from "./time";

/** What NetMargin needs to know of a supplier. */
export interface SupplierTerms {
  /** Days from placing an order to receiving it. */
  readonly leadTimeDays: number;
  /** Fewest units per variant ordered. */
  readonly minOrderQuantity: number;
  /** Days after the order date the supplier is paid. */
  readonly paymentTermsDays: number;
}

export interface ReorderSupplier extends SupplierTerms {
  readonly id: string;
  readonly name: string;
  /** The currency the supplier invoices in. */
  readonly currency: CurrencyCode;
}

/** Terms of a supplier the merchant has not edited yet (a vendor's), and of products without one. */
export const DEFAULT_SUPPLIER_TERMS: SupplierTerms = Object.freeze({ leadTimeDays: 14, minOrderQuantity: 1, paymentTermsDays: 30 });

/** Bounds of the terms, shared by the store's validation and the CSV import. */
export const SUPPLIER_LIMITS = Object.freeze({ maxDays: 365, maxMinOrderQuantity: 1_000_000 });

export interface ReorderOptions {
  /** Safety days on top of the lead time (stock health's, default 7). */
  readonly safetyDays: number;
  /** Target cover in days (stock health's, default 90). */
  readonly targetCoverDays: number;
}

export interface ReorderItem {
  readonly variantId: string;
  readonly productId: string;
  /** Product and variant name as the merchant reads it. */
  readonly title: string;
  readonly sku: string | null;
  /** The supplier's id (ReorderSupplier.id); null: the product has none. */
  readonly supplierId: string | null;
  /** On hand now, all active locations (may be negative when oversold). */
  readonly onHand: number;
  /** Units on their way (Shopify's `incoming`). */
  readonly incoming: number;
  /** Unit cost in force on the order date (minor units of `currency`); null when unknown. */
  readonly unitCost: number | null;
  readonly currency: CurrencyCode;
  readonly velocity: Velocity;
}

export interface ReorderLine {
  readonly variantId: string;
  readonly productId: string;
  readonly title: string;
  readonly sku: string | null;
  readonly onHand: number;
  readonly incoming: number;
  /** onHand + incoming. */
  readonly position: number;
  readonly reorderPoint: number;
  readonly safetyStock: number;
  readonly orderUpTo: number;
  /** Units suggested (0: not to reorder now). */
  readonly quantity: number;
  readonly unitCost: number | null;
  /** quantity × unitCost (exact); null when the cost is unknown and something is suggested. */
  readonly cost: number | null;
  readonly currency: CurrencyCode;
  /** Why, in plain words. */
  readonly reason: string;
}

const units = (n: number) => `${n} unit${n === 1 ? "" : "s"}`;
const days = (n: number) => `${n} day${n === 1 ? "" : "s"}`;

/** The suggestion for one variant from its supplier's terms. */
export function reorderLine(item: ReorderItem, terms: SupplierTerms, options: ReorderOptions): ReorderLine {
  const v = item.velocity;
  const position = item.onHand + item.incoming;
  const reorderPoint = unitsForCover(v, terms.leadTimeDays + options.safetyDays);
  const safetyStock = unitsForCover(v, options.safetyDays);
  const orderUpTo = unitsForCover(v, terms.leadTimeDays + options.targetCoverDays);
  const base = {
    variantId: item.variantId,
    productId: item.productId,
    title: item.title,
    sku: item.sku,
    onHand: item.onHand,
    incoming: item.incoming,
    position,
    reorderPoint,
    safetyStock,
    orderUpTo,
    unitCost: item.unitCost,
    currency: item.currency,
  };
  const pace = `sold ${v.unitsSold} in ${days(v.inStockDays)} in stock`;
  if (v.unitsSold <= 0 || v.inStockDays <= 0) {
    return { ...base, quantity: 0, cost: 0, reason: "No sale in the window: nothing to reorder." };
  }
  if (position > reorderPoint) {
    return { ...base, quantity: 0, cost: 0, reason: `${units(position)} on hand and incoming, above the reorder point of ${units(reorderPoint)} (it ${pace}).` };
  }
  const needed = orderUpTo - position;
  if (needed <= 0) return { ...base, quantity: 0, cost: 0, reason: `${units(position)} on hand and incoming already reach ${units(orderUpTo)}.` };
  const quantity = Math.max(needed, terms.minOrderQuantity);
  const raised = quantity > needed ? `, raised to the minimum order of ${units(terms.minOrderQuantity)}` : "";
  return {
    ...base,
    quantity,
    cost: item.unitCost === null ? null : quantity * item.unitCost,
    reason:
      `${units(position)} on hand and incoming, at or below the reorder point of ${units(reorderPoint)} (it ${pace}): ` +
      `order ${units(needed)} to cover the ${days(terms.leadTimeDays)} of lead time and ${days(options.targetCoverDays)} after${raised}.`,
  };
}

/** One supplier's suggested order. */
export interface SupplierOrder {
  /** null: products without a supplier (default terms). */
  readonly supplierId: string | null;
  readonly supplierName: string;
  readonly terms: SupplierTerms;
  readonly supplierCurrency: CurrencyCode | null;
  /** Lines with a quantity > 0, by title. */
  readonly lines: readonly ReorderLine[];
  readonly variantsChecked: number;
  readonly quantity: number;
  /** Σ known line costs (minor units of `currency`). */
  readonly cost: number;
  readonly linesWithoutCost: number;
  readonly currency: CurrencyCode;
  /** Order date and payment due date; null when nothing is to be ordered. */
  readonly orderBy: string | null;
  readonly payDue: string | null;
}

/** A purchase the cash forecast (issue 19) counts: paid `cost` on `payDue`. */
export interface PlannedPurchase {
  readonly supplierId: string | null;
  readonly supplierName: string;
  readonly orderBy: string;
  readonly quantity: number;
  /** Minor units of `currency` (the shop's); known costs only (`linesWithoutCost` says how many lines lack one). */
  readonly cost: number;
  readonly currency: CurrencyCode;
  readonly linesWithoutCost: number;
  readonly payDue: string;
}

export interface ReorderPlan {
  readonly currency: CurrencyCode;
  readonly orderOn: string;
  /** Every supplier given (even with nothing to order), then products without a supplier when any; by name. */
  readonly suppliers: readonly SupplierOrder[];
  readonly quantity: number;
  readonly cost: number;
  readonly linesWithoutCost: number;
  /** Suppliers with something to order: the cash forecast's input. */
  readonly purchases: readonly PlannedPurchase[];
}

export const NO_SUPPLIER_NAME = "No supplier";

/**
 * Suggestions for every item, grouped per supplier, on `orderOn` (shop-local date, the
 * order date). An item whose supplier id is not among `suppliers` counts as without one.
 */
export function reorderPlan(
  items: readonly ReorderItem[],
  suppliers: readonly ReorderSupplier[],
  options: ReorderOptions,
  orderOn: string,
  currency: CurrencyCode,
  defaultTerms: SupplierTerms = DEFAULT_SUPPLIER_TERMS,
): ReorderPlan {
  if (!isLocalDate(orderOn)) throw new RangeError(`reorderPlan: invalid order date ${JSON.stringify(orderOn)}`);
  const byId = new Map(suppliers.map((s) => [s.id, s]));
  const groups = new Map<string | null, ReorderLine[]>();
  const checked = new Map<string | null, number>();
  for (const s of suppliers) groups.set(s.id, []);
  for (const item of items) {
    if (item.currency !== currency) throw new RangeError(`currency mismatch: ${currency} vs ${item.currency}`);
    const supplier = item.supplierId === null ? undefined : byId.get(item.supplierId);
    const key = supplier ? supplier.id : null;
    const line = reorderLine(item, supplier ?? defaultTerms, options);
    checked.set(key, (checked.get(key) ?? 0) + 1);
    const list = groups.get(key) ?? [];
    if (line.quantity > 0) list.push(line);
    groups.set(key, list);
  }
  const orders: SupplierOrder[] = [];
  for (const [key, lines] of groups) {
    const s = key === null ? null : byId.get(key)!;
    lines.sort((a, b) => (a.title < b.title ? -1 : a.title > b.title ? 1 : a.variantId < b.variantId ? -1 : 1));
    let quantity = 0;
    let cost = 0;
    let linesWithoutCost = 0;
    for (const l of lines) {
      quantity += l.quantity;
      if (l.cost === null) linesWithoutCost++;
      else cost += l.cost;
    }
    const terms: SupplierTerms = s ? { leadTimeDays: s.leadTimeDays, minOrderQuantity: s.minOrderQuantity, paymentTermsDays: s.paymentTermsDays } : defaultTerms;
    const ordering = lines.length > 0;
    orders.push({
      supplierId: key,
      supplierName: s ? s.name : NO_SUPPLIER_NAME,
      terms,
      supplierCurrency: s ? s.currency : null,
      lines,
      variantsChecked: checked.get(key) ?? 0,
      quantity,
      cost,
      linesWithoutCost,
      currency,
      orderBy: ordering ? orderOn : null,
      payDue: ordering ? addDays(orderOn, terms.paymentTermsDays) : null,
    });
  }
  // Suppliers by name; products without a supplier last.
  orders.sort((a, b) => (a.supplierId === null ? 1 : b.supplierId === null ? -1 : a.supplierName.localeCompare(b.supplierName, "en")));
  const purchases: PlannedPurchase[] = orders
    .filter((o) => o.orderBy !== null)
    .map((o) => ({
      supplierId: o.supplierId,
      supplierName: o.supplierName,
      orderBy: o.orderBy!,
      quantity: o.quantity,
      cost: o.cost,
      currency,
      linesWithoutCost: o.linesWithoutCost,
      payDue: o.payDue!,
    }));
  return {
    currency,
    orderOn,
    suppliers: orders,
    quantity: orders.reduce((t, o) => t + o.quantity, 0),
    cost: orders.reduce((t, o) => t + o.cost, 0),
    linesWithoutCost: orders.reduce((t, o) => t + o.linesWithoutCost, 0),
    purchases,
  };
}

// ---------------------------------------------------------------------------
// Supplier names and terms from the merchant (the page's form and the CSV import)
// ---------------------------------------------------------------------------

/** The key a name is unique by: trimmed, inner spaces collapsed, lower-cased. */
export function supplierKey(name: string): string {
  return name.trim().replace(/\s+/g, " ").toLowerCase();
}

export interface SupplierInput {
  readonly name: string;
  readonly leadTimeDays: string | number;
  readonly minOrderQuantity: string | number;
  readonly paymentTermsDays: string | number;
  readonly currency: string;
}

export interface CheckedSupplier extends SupplierTerms {
  readonly name: string;
  readonly currency: CurrencyCode;
}

export type SupplierField = "name" | "leadTimeDays" | "minOrderQuantity" | "paymentTermsDays" | "currency";

/** Merchant words for each field, used in every message. */
export const SUPPLIER_FIELD_LABELS: Readonly<Record<SupplierField, string>> = {
  name: "Supplier name",
  leadTimeDays: "Lead time",
  minOrderQuantity: "Minimum order",
  paymentTermsDays: "Payment terms",
  currency: "Currency",
};

function wholeNumber(raw: string | number, min: number, max: number): number | null {
  const text = typeof raw === "number" ? String(raw) : raw.trim();
  if (!/^\d+$/.test(text)) return null;
  const n = Number(text);
  return Number.isSafeInteger(n) && n >= min && n <= max ? n : null;
}

/** Validates a supplier's fields; every problem names its field in the merchant's words. */
export function checkSupplier(input: SupplierInput): { ok: true; value: CheckedSupplier } | { ok: false; errors: Partial<Record<SupplierField, string>> } {
  const errors: Partial<Record<SupplierField, string>> = {};
  const name = input.name.trim().replace(/\s+/g, " ");
  if (name === "") errors.name = "Enter the supplier's name.";
  else if (name.length > 100) errors.name = "Supplier name: use at most 100 characters.";
  const { maxDays, maxMinOrderQuantity } = SUPPLIER_LIMITS;
  const lead = wholeNumber(input.leadTimeDays, 0, maxDays);
  if (lead === null) errors.leadTimeDays = `Lead time: enter a whole number of days from 0 to ${maxDays}, e.g. 14.`;
  const moq = wholeNumber(input.minOrderQuantity, 1, maxMinOrderQuantity);
  if (moq === null) errors.minOrderQuantity = `Minimum order: enter a whole number of units from 1 to ${maxMinOrderQuantity.toLocaleString("en")}, e.g. 12.`;
  const terms = wholeNumber(input.paymentTermsDays, 0, maxDays);
  if (terms === null) errors.paymentTermsDays = `Payment terms: enter a whole number of days from 0 (paid when ordering) to ${maxDays}, e.g. 30.`;
  const currency = input.currency.trim().toUpperCase();
  if (!isCurrencyCode(currency)) errors.currency = "Currency: enter a three-letter code, e.g. EUR.";
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, value: { name, leadTimeDays: lead!, minOrderQuantity: moq!, paymentTermsDays: terms!, currency } };
}
