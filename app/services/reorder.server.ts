/**
 * Reorder suggestions for a shop (issue 18, item 5): every tracked variant's velocity,
 * stock position and unit cost, its product's supplier, through app/domain/reorder.ts.
 *
 * - Velocity is the Stock page's (app/domain/stock-health.ts, its reads in
 *   app/store/stock-read.server.ts, its thresholds from stockHealthOptionsFor): the short
 *   window (28 days) when it sold and had at least 7 days in stock, else the long one (90
 *   days); days out of stock (from the stock snapshots) are left out, a day with a sale
 *   never is.
 * - The order date is the day after `asOf` (today, when `asOf` is the last complete day);
 *   the unit cost is the one in force at the start of that day (shop time).
 * - `reorderPurchases` is the cash forecast's input (issue 19): one purchase per supplier
 *   with something to order, its cost and payment due date.
 */
import type { PrismaClient } from "@prisma/client";

import { formatDecimal, type CurrencyCode } from "~/domain/money";
import { reorderPlan, type PlannedPurchase, type ReorderItem, type ReorderLine, type ReorderOptions, type ReorderPlan } from "~/domain/reorder";
import { salesVelocity, type StockHealthOptions, type Velocity } from "~/domain/stock-health";
import { addDays, isLocalDate, localDate, startOfLocalDate } from "~/domain/time";
import { costInForce } from "~/domain/unit-costs";
import { shopFacts } from "~/store/cost-settings.server";
import { readReorderVariants, type ReorderVariant } from "~/store/reorder-read.server";
import { readSaleDays, readSalesWindow, readSnapshotFacts, readSnapshotsIn, type SnapshotFacts } from "~/store/stock-read.server";
import { readSuppliers, type StoredSupplier } from "~/store/suppliers.server";
import { loadUnitCostHistory } from "~/store/unit-costs.server";
import { csvText, type CsvColumn } from "./csv.server";
import { stockHealthOptionsFor } from "./stock.server";

export type ReorderDb = PrismaClient;

export interface ReorderSuggestions {
  readonly currency: CurrencyCode;
  readonly asOf: string;
  readonly plan: ReorderPlan;
  /** Every supplier (stored and vendors' unsaved ones) with its product count, by name. */
  readonly suppliers: readonly StoredSupplier[];
  readonly productsWithoutSupplier: number;
  /** Where the stock history starts (days out of stock are known from then on); null: none yet. */
  readonly stockHistoryStarts: string | null;
}

/** Days of [from, to] out of stock: the latest snapshot on or before the day is ≤ 0 and nothing sold that day. */
function outOfStockDays(snapshots: readonly { date: string; onHand: number }[], sales: ReadonlySet<string> | undefined, from: string, to: string): Set<string> {
  const out = new Set<string>();
  let k = -1;
  for (let day = from; day <= to; day = addDays(day, 1)) {
    while (k + 1 < snapshots.length && snapshots[k + 1]!.date <= day) k++;
    if (k >= 0 && snapshots[k]!.onHand <= 0 && !sales?.has(day)) out.add(day);
  }
  return out;
}

/** Whether a variant's snapshots show it with nothing on hand some day from `from` on (as the Stock page decides it). */
function outDuringWindow(f: SnapshotFacts | undefined, from: string): boolean {
  if (!f || f.lastOut === null) return false;
  if (f.lastOut >= from) return true;
  // Out before the window: still out when it came back only inside it, or never.
  return f.restocked === null || f.restocked < f.lastOut || f.restocked > from;
}

type Options = Pick<StockHealthOptions, "shortWindowDays" | "longWindowDays" | "minInStockDays"> & ReorderOptions;

/** Suggestions on `asOf` (shop-local date, the last complete day): orders are placed the day after. */
export async function reorderSuggestions(db: ReorderDb, shop: string, asOf: string, options: Partial<Options> = {}): Promise<ReorderSuggestions> {
  if (!isLocalDate(asOf)) throw new RangeError(`reorderSuggestions: invalid date ${JSON.stringify(asOf)}`);
  const o: Options = { ...(await stockHealthOptionsFor(db, shop)), ...options };
  const facts = await shopFacts(db, shop);
  const orderOn = addDays(asOf, 1);
  // The Stock page's windows and reads (app/store/stock-read.server.ts), so both pages count a sale alike.
  const inner = Math.min(o.shortWindowDays, o.longWindowDays);
  const outer = Math.max(o.shortWindowDays, o.longWindowDays);
  const w = { from: addDays(asOf, 1 - outer), innerFrom: addDays(asOf, 1 - inner), to: asOf };
  const [variants, suppliers, costs, sales, stock] = await Promise.all([
    readReorderVariants(db, shop),
    readSuppliers(db, shop),
    loadUnitCostHistory(db, shop, facts),
    readSalesWindow(db, shop, w),
    readSnapshotFacts(db, shop),
  ]);
  const historyStarts = stock.historyStarts;
  const salesOf = (v: ReorderVariant) => (v.onlyVariant ? sales.products.get(v.productId) : sales.variants.get(v.variantId));
  // Only a variant that sold can need reordering; one with nothing on hand some day of the window
  // (its snapshot facts say so) needs its snapshots and days with a sale (a day with a sale is in stock).
  const selling = variants.filter((v) => {
    const t = salesOf(v);
    return t !== undefined && t.innerUnits + t.outerUnits > 0;
  });
  const wasOut = selling.filter((v) => outDuringWindow(stock.variants.get(v.variantId), w.from));
  const [snapshots, saleDays] = await Promise.all([
    readSnapshotsIn(db, shop, wasOut.map((v) => v.variantId), w.from, w.to),
    readSaleDays(db, shop, w.from, w.to, wasOut.filter((v) => v.onlyVariant).map((v) => v.productId), wasOut.filter((v) => !v.onlyVariant).map((v) => v.variantId)),
  ]);
  const costAt = startOfLocalDate(orderOn, facts.timeZone);
  const velocityOf = (v: ReorderVariant): Velocity => {
    const t = salesOf(v);
    // Units on their part's last sale day: a sale day is in stock, and only the totals count (as the Stock page does).
    const unitsSoldByDay = new Map<string, number>();
    if (t && t.innerLastSale !== null && t.innerUnits > 0) unitsSoldByDay.set(t.innerLastSale, t.innerUnits);
    if (t && t.outerLastSale !== null && t.outerUnits > 0) unitsSoldByDay.set(t.outerLastSale, t.outerUnits);
    const days = v.onlyVariant ? saleDays.products.get(v.productId) : saleDays.variants.get(v.variantId);
    const out = outOfStockDays(snapshots.get(v.variantId) ?? [], days, w.from, w.to);
    const short = salesVelocity({ unitsSoldByDay, outOfStockDays: out }, asOf, o.shortWindowDays);
    if (short.unitsSold > 0 && short.inStockDays >= o.minInStockDays) return short;
    return salesVelocity({ unitsSoldByDay, outOfStockDays: out }, asOf, o.longWindowDays);
  };
  const items: ReorderItem[] = variants.map((v) => {
    const velocity = velocityOf(v);
    const cost = costInForce(costs, v.variantId, costAt);
    return {
      variantId: v.variantId,
      productId: v.productId,
      title: v.title,
      sku: v.sku,
      supplierId: suppliers.productSupplier.get(v.productId) ?? null,
      onHand: v.onHand,
      incoming: v.incoming,
      unitCost: cost.kind === "known" ? cost.unitCost : null,
      currency: facts.currency,
      velocity,
    };
  });
  const plan = reorderPlan(items, suppliers.suppliers, { safetyDays: o.safetyDays, targetCoverDays: o.targetCoverDays }, orderOn, facts.currency);
  return { currency: facts.currency, asOf, plan, suppliers: suppliers.suppliers, productsWithoutSupplier: suppliers.productsWithoutSupplier, stockHistoryStarts: historyStarts };
}

/** The purchases the cash forecast counts (issue 19): per supplier, order date, units, cost and payment due date. */
export async function reorderPurchases(db: ReorderDb, shop: string, asOf: string, options: Partial<Options> = {}): Promise<readonly PlannedPurchase[]> {
  return (await reorderSuggestions(db, shop, asOf, options)).plan.purchases;
}

// ---------------------------------------------------------------------------
// The Suppliers page and its CSV
// ---------------------------------------------------------------------------

/** The last complete shop-local day at `now`: yesterday in the shop's time zone. */
export function lastCompleteDay(timeZone: string, now: Date = new Date()): string {
  return addDays(localDate(now.toISOString(), timeZone), -1);
}

/** Lines listed per supplier on the page (the CSV has them all). */
export const LINES_SHOWN = 50;

export interface SupplierRowView {
  readonly id: string;
  readonly name: string;
  /** False: a vendor's supplier still on the default terms. */
  readonly saved: boolean;
  readonly leadTimeDays: number;
  readonly minOrderQuantity: number;
  readonly paymentTermsDays: number;
  readonly currency: string;
  readonly products: number;
  /** The suggested purchase: units, known cost (shop currency), lines without a cost. */
  readonly quantity: number;
  readonly cost: number;
  readonly linesWithoutCost: number;
}

export interface PurchaseView {
  readonly supplierId: string | null;
  readonly supplierName: string;
  readonly quantity: number;
  readonly cost: number;
  readonly linesWithoutCost: number;
  readonly orderBy: string;
  readonly payDue: string;
  readonly lines: readonly ReorderLine[];
  readonly moreLines: number;
}

export interface SuppliersView {
  readonly currency: string;
  readonly asOf: string;
  readonly orderOn: string;
  readonly suppliers: readonly SupplierRowView[];
  readonly productsWithoutSupplier: number;
  readonly purchases: readonly PurchaseView[];
  readonly totalQuantity: number;
  readonly totalCost: number;
  readonly stockHistoryStarts: string | null;
}

/** What /app/suppliers shows. */
export async function suppliersView(db: ReorderDb, shop: string, asOf: string): Promise<SuppliersView> {
  const r = await reorderSuggestions(db, shop, asOf);
  const orders = new Map(r.plan.suppliers.map((o) => [o.supplierId, o]));
  return {
    currency: r.currency,
    asOf,
    orderOn: r.plan.orderOn,
    suppliers: r.suppliers.map((s) => {
      const o = orders.get(s.id);
      return {
        id: s.id,
        name: s.name,
        saved: s.saved,
        leadTimeDays: s.leadTimeDays,
        minOrderQuantity: s.minOrderQuantity,
        paymentTermsDays: s.paymentTermsDays,
        currency: s.currency,
        products: s.products,
        quantity: o?.quantity ?? 0,
        cost: o?.cost ?? 0,
        linesWithoutCost: o?.linesWithoutCost ?? 0,
      };
    }),
    productsWithoutSupplier: r.productsWithoutSupplier,
    purchases: r.plan.suppliers
      .filter((o) => o.orderBy !== null)
      .map((o) => ({
        supplierId: o.supplierId,
        supplierName: o.supplierName,
        quantity: o.quantity,
        cost: o.cost,
        linesWithoutCost: o.linesWithoutCost,
        orderBy: o.orderBy!,
        payDue: o.payDue!,
        lines: o.lines.slice(0, LINES_SHOWN),
        moreLines: Math.max(0, o.lines.length - LINES_SHOWN),
      })),
    totalQuantity: r.plan.quantity,
    totalCost: r.plan.cost,
    stockHistoryStarts: r.stockHistoryStarts,
  };
}

/** The `supplier` parameter of the CSV meaning products without a supplier. */
export const NO_SUPPLIER_PARAM = "none";

type CsvLine = ReorderLine & { readonly supplierName: string; readonly orderBy: string; readonly payDue: string };

/**
 * The suggested purchase list as CSV: one supplier's (`supplierId`; NO_SUPPLIER_PARAM for
 * products without one) or every supplier's (undefined). Null when the supplier is unknown.
 */
export function reorderCsv(plan: ReorderPlan, supplierId: string | undefined): { csv: string; name: string } | null {
  const wanted = supplierId === undefined ? plan.suppliers : plan.suppliers.filter((o) => (supplierId === NO_SUPPLIER_PARAM ? o.supplierId === null : o.supplierId === supplierId));
  if (supplierId !== undefined && wanted.length === 0 && supplierId !== NO_SUPPLIER_PARAM) return null;
  const rows: CsvLine[] = wanted.flatMap((o) => o.lines.map((l) => ({ ...l, supplierName: o.supplierName, orderBy: o.orderBy!, payDue: o.payDue! })));
  const money = (n: number) => formatDecimal(n, plan.currency);
  const columns: CsvColumn<CsvLine>[] = [
    { header: "Supplier", text: (l) => l.supplierName },
    { header: "Product", text: (l) => l.title },
    { header: "SKU", text: (l) => l.sku ?? "" },
    { header: "On hand", number: (l) => l.onHand },
    { header: "Incoming", number: (l) => l.incoming },
    { header: "Reorder point", number: (l) => l.reorderPoint },
    { header: "Quantity to order", number: (l) => l.quantity },
    { header: `Unit cost (${plan.currency})`, number: (l) => l.unitCost, format: money },
    { header: `Cost (${plan.currency})`, number: (l) => l.cost, format: money },
    { header: "Order date", text: (l) => l.orderBy },
    { header: "Payment due", text: (l) => l.payDue },
  ];
  const who = supplierId === undefined ? "all-suppliers" : (wanted[0]?.supplierName ?? "no-supplier").toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "") || "supplier";
  return { csv: csvText(columns, rows), name: `netmargin-purchases-${who}-${plan.orderOn}.csv` };
}
