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

import type { CurrencyCode } from "~/domain/money";
import { reorderPlan, type PlannedPurchase, type ReorderItem, type ReorderOptions, type ReorderPlan } from "~/domain/reorder";
import { DEFAULT_STOCK_HEALTH_OPTIONS, salesVelocity, type StockHealthOptions, type Velocity } from "~/domain/stock-health";
import { addDays, isLocalDate, startOfLocalDate } from "~/domain/time";
import { costInForce } from "~/domain/unit-costs";
import { shopFacts } from "~/store/cost-settings.server";
import { readReorderVariants, readUnitsByDay } from "~/store/reorder-read.server";
import { stockOnDays } from "~/store/stock-snapshots.server";
import { readSuppliers, type StoredSupplier } from "~/store/suppliers.server";
import { loadUnitCostHistory } from "~/store/unit-costs.server";

export type ReorderDb = Pick<
  PrismaClient,
  "$queryRaw" | "$transaction" | "shop" | "supplier" | "productSupplier" | "product" | "stockSnapshot" | "unitCostSnapshot" | "unitCostOverride"
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
  const [units, stock] = await Promise.all([readUnitsByDay(db, shop, longFrom, asOf, onlyVariants), stockOnDays(db, shop, undefined, longFrom, orderOn)]);
  const costAt = startOfLocalDate(orderOn, facts.timeZone);
  const noSales = new Map<string, number>();
  const items: ReorderItem[] = variants.map((v) => {
    const history = { unitsSoldByDay: units.get(v.variantId) ?? noSales, snapshots: stock.variants.get(v.variantId)?.snapshots ?? [] };
    const short = salesVelocity(history, asOf, o.shortWindowDays);
    const velocity: Velocity = short.unitsSold > 0 && short.inStockDays >= o.minInStockDays ? short : salesVelocity(history, asOf, o.longWindowDays);
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
