/**
 * Stock carrying cost in the stored margins (issue 18, item 4): each product's cost of
 * keeping stock in a shop-local month (storage and capital, app/domain/carrying-cost.ts)
 * from that month's stock snapshots, and the units its counted orders kept that month,
 * for the recompute to share over the order lines (`CarryingShares`) and to book what
 * the lines did not carry on the product (`unsoldCarryingRows`).
 *
 * - The settings are the version in force on the month's first day (as fixed costs).
 * - Only days with stock history count: none before the shop's first snapshot (Shopify
 *   keeps no inventory history, nothing is invented), none after today.
 * - Variants are grouped by their product (the catalog's `Variant.productId`); a variant
 *   the catalog no longer knows is left out.
 */
import { Prisma, type PrismaClient } from "@prisma/client";

import { CarryingShares, daysInMonth, monthCarryingCost, type CarryingItem, type ProductMonthCarrying } from "~/domain/carrying-cost";
import { emptyProductTotals, type ProductTotals } from "~/domain/products";
import { carryingIsOn, carryingOf, versionInForceOn, type SettingsHistory } from "~/domain/settings";
import { daysBetween, stockDays, type StockSnapshot } from "~/domain/stock-health";
import { giftCardOnly, type StockCarryingInput } from "~/domain/margin";
import { addDays, firstDayOfMonth, monthKey, nextMonth, startOfLocalDate } from "~/domain/time";
import type { NormalisedOrder } from "~/domain/types";
import { isCurrencyCode } from "~/domain/money";
import { Instant, chunks } from "~/store/sql.server";
import type { RowReader } from "~/store/row-reader.server";

/** A month's carrying cost per product, ready to share over its lines. */
export interface MonthCarrying {
  readonly month: string;
  /** The last day counted: the product's unsold rest is booked on it. */
  readonly lastDay: string;
  readonly shares: CarryingShares;
  /** Product titles from the catalog (for a product that sold nothing in the month). */
  readonly titles: ReadonlyMap<string, string>;
  /** Why storage was spread differently or not at all, in plain words; null when nothing to say. */
  readonly note: string | null;
}

/**
 * The month's carrying cost per product, or null when the settings count none, the month
 * has no stock history, or it has not begun. `today` is the shop-local date. Reads with
 * the recompute's reader only (the compute thread has no Prisma).
 */
export async function loadMonthCarrying(
  reader: RowReader,
  shop: string,
  month: string,
  sources: { readonly currency: string; readonly timeZone: string; readonly settings: SettingsHistory },
  today: string,
): Promise<MonthCarrying | null> {
  const settings = versionInForceOn(sources.settings, firstDayOfMonth(month)).version.settings;
  if (!carryingIsOn(settings) || !isCurrencyCode(sources.currency)) return null;
  const from = firstDayOfMonth(month);
  const end = firstDayOfMonth(nextMonth(month));
  const to = end < addDays(today, 1) ? end : addDays(today, 1);
  if (from >= to) return null;
  const first = await reader.rows(`SELECT MIN("day") FROM "StockSnapshot" WHERE "shop" = ?`, [shop]);
  const historyStarts = first[0]?.[0] === null || first[0]?.[0] === undefined ? null : String(first[0][0]);
  if (historyStarts === null || historyStarts >= to) return null;
  const knownFrom = historyStarts > from ? historyStarts : from;

  // Each variant's snapshots in force over the month (the one carried in from before it, then the month's),
  // with its product: the same reading as stockOnDays (app/store/stock-snapshots.server.ts).
  const rows = await reader.rows(
    `SELECT s."variantId", s."day", s."onHand", s."valueAtCost", s."currency", v."productId" FROM "StockSnapshot" s
       JOIN "Variant" v ON v."shop" = s."shop" AND v."id" = s."variantId"
      WHERE s."shop" = ? AND s."day" >= ? AND s."day" < ?
     UNION ALL
     SELECT s."variantId", s."day", s."onHand", s."valueAtCost", s."currency", v."productId" FROM "StockSnapshot" s
       JOIN (SELECT p."variantId", MAX(p."day") AS "day" FROM "StockSnapshot" p WHERE p."shop" = ? AND p."day" < ? GROUP BY p."variantId") m
         ON m."variantId" = s."variantId" AND m."day" = s."day"
       JOIN "Variant" v ON v."shop" = s."shop" AND v."id" = s."variantId"
      WHERE s."shop" = ?`,
    [shop, from, to, shop, from, shop],
  );
  const byVariant = new Map<string, { productId: string; otherCurrency: boolean; snapshots: StockSnapshot[] }>();
  for (const r of rows) {
    const variantId = String(r[0]);
    const v = byVariant.get(variantId) ?? { productId: String(r[5]), otherCurrency: false, snapshots: [] };
    if (r[4] !== sources.currency) v.otherCurrency = true;
    v.snapshots.push({ date: String(r[1]), onHand: Number(r[2]), valueAtCost: r[3] === null || r[3] === undefined ? null : Number(r[3]) });
    byVariant.set(variantId, v);
  }
  const byProduct = new Map<string, { unitDays: number; valueDays: number }>();
  for (const v of byVariant.values()) {
    if (v.otherCurrency) continue;
    const d = stockDays(v.snapshots, from, to);
    const acc = byProduct.get(v.productId) ?? { unitDays: 0, valueDays: 0 };
    acc.unitDays += d.unitDays;
    acc.valueDays += d.valueDays;
    byProduct.set(v.productId, acc);
  }
  // No unitVolumeCm3: Shopify gives no item size in Admin API 2026-10 (InventoryItem.measurement has
  // only `weight`, shopify.dev/docs/api/admin-graphql/2026-10/objects/InventoryItemMeasurement;
  // `packedDimensions` first appears in 2027-01), so the "volume" spread falls back to units.
  const items: CarryingItem[] = [...byProduct].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([id, d]) => ({ id, unitDays: d.unitDays, valueDays: d.valueDays }));
  const coveredDays = Math.min(daysInMonth(month), daysBetween(knownFrom, to));
  const cost = monthCarryingCost(month, sources.currency, carryingOf(settings), items, "half-even", coveredDays);

  const units = await unitsSoldByProduct(reader, shop, monthRange(month, sources.timeZone));
  const products = new Map<string, ProductMonthCarrying>();
  for (const i of cost.items) if (i.total > 0) products.set(i.id, { total: i.total, unitsSold: units.get(i.id) ?? 0 });
  // Titles for the products that may sell nothing (a product with sales takes its line's title).
  const titles = new Map<string, string>();
  const unsold = [...products.keys()].filter((id) => !units.has(id));
  for (const ids of chunks(unsold, 1)) {
    const list = await reader.rows(`SELECT "id", "title" FROM "Product" WHERE "shop" = ? AND "id" IN (${ids.map(() => "?").join(", ")})`, [shop, ...ids]);
    for (const r of list) titles.set(String(r[0]), String(r[1]));
  }
  return { month, lastDay: addDays(to, -1), shares: new CarryingShares(month, products), titles, note: cost.spreadNote };
}

/** A month's bounds in UTC instants. */
function monthRange(month: string, timeZone: string): { from: string; to: string } {
  return { from: startOfLocalDate(firstDayOfMonth(month), timeZone), to: startOfLocalDate(firstDayOfMonth(nextMonth(month)), timeZone) };
}

/**
 * Units kept per product by the month's counted orders (not cancelled, not test, not gift
 * cards only: those the fixed costs count too), gift card lines left out: what
 * `CarryingShares` shares each product's cost over.
 */
export async function unitsSoldByProduct(reader: RowReader, shop: string, range: { from: string; to: string }): Promise<Map<string, number>> {
  const rows = await reader.rows(
    `SELECT l."productId", SUM(l."currentQuantity") FROM "Order" o
       JOIN "OrderLine" l ON l."shop" = o."shop" AND l."orderId" = o."id"
      WHERE o."shop" = ? AND o."processedAt" >= ? AND o."processedAt" < ? AND o."cancelled" = ? AND o."test" = ? AND o."giftCardOnly" = ?
        AND l."productId" IS NOT NULL AND l."isGiftCard" = ? AND l."currentQuantity" > 0
      GROUP BY l."productId"`,
    [shop, new Instant(range.from), new Instant(range.to), false, false, false, false],
  );
  const out = new Map<string, number>();
  for (const r of rows) out.set(String(r[0]), Number(r[1]));
  return out;
}

/**
 * The month's product-day rows with each product's unsold carrying cost added on
 * `lastDay`: into that day's row when the product sold that day, else as a row of its
 * own (no orders, no units, the cost and a negative margin). So a product's rows over the
 * month add up to its orders' lines plus what they did not carry.
 */
export function withUnsoldCarrying(rows: { day: string; totals: ProductTotals }[], carrying: MonthCarrying | null): { day: string; totals: ProductTotals }[] {
  if (carrying === null) return rows;
  const rest = carrying.shares.rest();
  if (rest.length === 0) return rows;
  const onLastDay = new Map<string, ProductTotals>();
  for (const r of rows) if (r.day === carrying.lastDay && r.totals.productId !== null) onLastDay.set(r.totals.productId, r.totals);
  const out = [...rows];
  for (const { productId, amount } of rest) {
    const existing = onLastDay.get(productId);
    const t: ProductTotals = existing ?? emptyProductTotals(productId, carrying.titles.get(productId) ?? productId);
    const next: ProductTotals = {
      ...t,
      costs: { ...t.costs, stockCarrying: t.costs.stockCarrying + amount },
      netMargin: t.netMargin - amount,
      withoutDiscounts: t.withoutDiscounts - amount,
    };
    if (existing) out[out.findIndex((r) => r.day === carrying.lastDay && r.totals === existing)] = { day: carrying.lastDay, totals: next };
    else out.push({ day: carrying.lastDay, totals: next });
  }
  return out;
}

/**
 * One order's stock carrying shares as the month's run gave them (the order page works its
 * margin out again): each of its products' cost of the month as stored (the product's day
 * rows of the month add up to it: its lines' shares and the unsold rest), its units sold
 * that month and those of the counted orders before this one in (processedAt, id) order.
 * Null when the order is not counted or carries nothing.
 */
export async function orderStockCarrying(
  db: Pick<PrismaClient, "$queryRaw">,
  shop: string,
  order: Pick<NormalisedOrder, "id" | "processedAt" | "cancelled" | "test" | "lines">,
  timeZone: string,
): Promise<StockCarryingInput | null> {
  if (order.cancelled || order.test || giftCardOnly(order)) return null;
  const productIds = [...new Set(order.lines.filter((l) => l.productId !== null && l.isGiftCard !== true && l.currentQuantity > 0).map((l) => l.productId!))];
  if (productIds.length === 0) return null;
  const month = monthKey(order.processedAt, timeZone);
  const range = monthRange(month, timeZone);
  const costs = await db.$queryRaw<{ productId: string; total: unknown }[]>(Prisma.sql`
    SELECT "productId", SUM("stockCarrying") AS "total" FROM "ProductDayMargin"
     WHERE "shop" = ${shop} AND "productId" IN (${Prisma.join(productIds)}) AND "day" >= ${firstDayOfMonth(month)} AND "day" < ${firstDayOfMonth(nextMonth(month))}
     GROUP BY "productId"`);
  const withCost = costs.filter((c) => Number(c.total) > 0);
  if (withCost.length === 0) return null;
  const at = new Date(order.processedAt);
  const units = await db.$queryRaw<{ productId: string; sold: unknown; before: unknown }[]>(Prisma.sql`
    SELECT l."productId", SUM(l."currentQuantity") AS "sold",
           SUM(CASE WHEN o."processedAt" < ${at} OR (o."processedAt" = ${at} AND o."id" < ${order.id}) THEN l."currentQuantity" ELSE 0 END) AS "before"
      FROM "Order" o JOIN "OrderLine" l ON l."shop" = o."shop" AND l."orderId" = o."id"
     WHERE o."shop" = ${shop} AND o."processedAt" >= ${new Date(range.from)} AND o."processedAt" < ${new Date(range.to)}
       AND o."cancelled" = ${false} AND o."test" = ${false} AND o."giftCardOnly" = ${false}
       AND l."productId" IN (${Prisma.join(withCost.map((c) => c.productId))}) AND l."isGiftCard" = ${false} AND l."currentQuantity" > 0
     GROUP BY l."productId"`);
  const products = new Map<string, ProductMonthCarrying>();
  const before = new Map<string, number>();
  for (const c of withCost) {
    const u = units.find((x) => x.productId === c.productId);
    products.set(c.productId, { total: Number(c.total), unitsSold: Number(u?.sold ?? 0) });
    before.set(c.productId, Number(u?.before ?? 0));
  }
  const byLine = new CarryingShares(month, products, "half-even", before).sharesFor(order.lines);
  return byLine ? { month, byLine } : null;
}
