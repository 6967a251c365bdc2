/**
 * Reorder suggestions for a shop (issue 18, item 5): every tracked variant's velocity,
 * stock position and unit cost, its product's supplier, through app/domain/reorder.ts.
 *
 * - Velocity is stock health's (app/domain/stock-health.ts): the short window (28 days)
 *   when it sold and had at least 7 days in stock, else the long one (90 days); days out
 *   of stock (from the stock snapshots) are left out.
 * - The order date is the day after `asOf` (today, when `asOf` is the last complete day);
 *   the unit cost is the one in force at the start of that day (shop time).
 * - `reorderPurchases` is the cash forecast's input (issue 19): one purchase per supplier
 *   with something to order, its cost and payment due date.
 */
import type { PrismaClient } from "@prisma/client";

import { formatDecimal, type CurrencyCode } from "~/domain/money";
import { reorderPlan, type PlannedPurchase, type ReorderItem, type ReorderLine, type ReorderOptions, type ReorderPlan } from "~/domain/reorder";
import { DEFAULT_STOCK_HEALTH_OPTIONS, salesVelocity, type StockHealthOptions, type Velocity } from "~/domain/stock-health";
import { addDays, isLocalDate, localDate, startOfLocalDate } from "~/domain/time";
import { costInForce } from "~/domain/unit-costs";
import { shopFacts } from "~/store/cost-settings.server";
import { readReorderVariants, readSnapshotsInWindow, readUnitTotals, readUnitsByDay } from "~/store/reorder-read.server";
import { readSuppliers, type StoredSupplier } from "~/store/suppliers.server";
import { loadUnitCostHistory } from "~/store/unit-costs.server";
import { csvText, type CsvColumn } from "./csv.server";

export type ReorderDb = Pick<
  PrismaClient,
  "$queryRaw" | "$transaction" | "shop" | "supplier" | "productSupplier" | "product" | "unitCostSnapshot" | "unitCostOverride"
>;

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

type Options = Pick<StockHealthOptions, "shortWindowDays" | "longWindowDays" | "minInStockDays"> & ReorderOptions;

/** Suggestions on `asOf` (shop-local date, the last complete day): orders are placed the day after. */
export async function reorderSuggestions(db: ReorderDb, shop: string, asOf: string, options: Partial<Options> = {}): Promise<ReorderSuggestions> {
  if (!isLocalDate(asOf)) throw new RangeError(`reorderSuggestions: invalid date ${JSON.stringify(asOf)}`);
  const o: Options = { ...DEFAULT_STOCK_HEALTH_OPTIONS, ...options };
  const facts = await shopFacts(db, shop);
  const orderOn = addDays(asOf, 1);
  const longFrom = addDays(asOf, 1 - Math.max(o.longWindowDays, o.shortWindowDays));
  const [variants, suppliers, costs] = await Promise.all([readReorderVariants(db, shop), readSuppliers(db, shop), loadUnitCostHistory(db, shop, facts)]);
  const onlyVariants = new Map(variants.filter((v) => v.onlyVariant).map((v) => [v.productId, v.variantId]));
  const shortFrom = addDays(asOf, 1 - o.shortWindowDays);
  const [totals, stock] = await Promise.all([readUnitTotals(db, shop, { longFrom, shortFrom, to: asOf }, onlyVariants), readSnapshotsInWindow(db, shop, longFrom, asOf)]);
  // Days out of stock need the days with a sale (a day with a sale is in stock): read only for
  // variants with a snapshot at 0 or below in the window. For the others no day of the window is
  // out of stock, so how their sales spread over the days changes nothing: the totals, put on
  // one day, give salesVelocity the same units and days in stock.
  const outSome = variants.filter((v) => (totals.get(v.variantId)?.long ?? 0) > 0 && (stock.variants.get(v.variantId) ?? []).some((s) => s.onHand <= 0));
  const daily = await readUnitsByDay(db, shop, longFrom, asOf, outSome);
  const costAt = startOfLocalDate(orderOn, facts.timeZone);
  const velocityOf = (variantId: string): Velocity => {
    const snapshots = stock.variants.get(variantId) ?? [];
    const total = totals.get(variantId);
    const days = daily.get(variantId);
    const byDay = (units: number) => (units > 0 ? new Map([[asOf, units]]) : new Map<string, number>());
    const short = salesVelocity({ unitsSoldByDay: days ?? byDay(total?.short ?? 0), snapshots }, asOf, o.shortWindowDays);
    if (short.unitsSold > 0 && short.inStockDays >= o.minInStockDays) return short;
    return salesVelocity({ unitsSoldByDay: days ?? byDay(total?.long ?? 0), snapshots }, asOf, o.longWindowDays);
  };
  const items: ReorderItem[] = variants.map((v) => {
    const velocity = velocityOf(v.variantId);
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
  return { currency: facts.currency, asOf, plan, suppliers: suppliers.suppliers, productsWithoutSupplier: suppliers.productsWithoutSupplier, stockHistoryStarts: stock.historyStarts };
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
