/**
 * `ShopDayMargin`: a shop's stored order margins summed per shop-local day, payment
 * gateway and currency (cancelled and test orders left out, as Home leaves them out),
 * so Home reads a few hundred rows for a year instead of every order's margin twice
 * (issue 17, item 7: 2.3 s at 1M orders, three scans of `OrderMargin`).
 *
 * The rows are derived from `OrderMargin` by one INSERT … SELECT … GROUP BY, run in the
 * transaction of whatever wrote the margins: the month-wide recompute rebuilds its
 * month's days (recompute.server.ts, after the month's last margins), the per-order
 * refresh the days of the orders it wrote (order-margin.server.ts). The sums are
 * therefore the ones a query over the margins gives, by construction; the migration
 * that made the table filled it the same way from the margins already stored.
 *
 * `gateway` is "" for an order without one (a key column cannot be NULL).
 */
import { Prisma, type PrismaClient } from "@prisma/client";

import { addDays, startOfLocalDate } from "~/domain/time";

import { Instant, type SqlDb } from "./sql.server";

/** The summed columns, each with its expression over the margins `m` (one placeholder: the gift-card flag `true`). */
const SUMS: readonly (readonly [string, string])[] = [
  ["orders", `COUNT(*)`],
  // Gift-card-only orders have no margin % (net revenue 0); the Order row is read only for those, by its key.
  ["giftCardOnly", `SUM(CASE WHEN m."marginBp" IS NULL AND EXISTS (SELECT 1 FROM "Order" o WHERE o."shop" = m."shop" AND o."id" = m."orderId" AND o."giftCardOnly" = ?) THEN 1 ELSE 0 END)`],
  ["lossOrders", `SUM(CASE WHEN m."netMargin" < 0 THEN 1 ELSE 0 END)`],
  ["items", `SUM(m."items")`],
  ["netRevenue", `SUM(m."netRevenue")`],
  ["costOfGoods", `SUM(m."costOfGoods")`],
  ["shipping", `SUM(m."shipping")`],
  ["packaging", `SUM(m."packaging")`],
  ["labour", `SUM(m."labour")`],
  ["paymentFees", `SUM(m."paymentFees")`],
  ["fixedCosts", `SUM(m."fixedCosts")`],
  ["stockCarrying", `SUM(m."stockCarrying")`],
  ["provisions", `SUM(m."provisions")`],
  ["netMargin", `SUM(m."netMargin")`],
  // Orders that lose money on shipping alone: a loss no larger than what the carrier cost above the shipping paid.
  ["shippingLossOrders", `SUM(CASE WHEN ${shippingLoss()} THEN 1 ELSE 0 END)`],
  ["shippingLoss", `SUM(CASE WHEN ${shippingLoss()} THEN -m."netMargin" ELSE 0 END)`],
  ["unpaidShipping", `SUM(CASE WHEN ${shippingLoss()} THEN m."shipping" - m."shippingRevenue" ELSE 0 END)`],
];

function shippingLoss(): string {
  return `m."netMargin" < 0 AND m."shipping" - m."shippingRevenue" >= -m."netMargin"`;
}

export type ShopDaySum = "orders" | "giftCardOnly" | "lossOrders" | "items" | "netRevenue" | "costOfGoods" | "shipping" | "packaging" | "labour" | "paymentFees" | "fixedCosts" | "stockCarrying" | "provisions" | "netMargin" | "shippingLossOrders" | "shippingLoss" | "unpaidShipping";
export const SHOP_DAY_SUMS = SUMS.map(([c]) => c) as ShopDaySum[];

const KEY_COLUMNS = ["shop", "day", "gateway", "currency"] as const;

/** The rebuild's INSERT … SELECT over the margins processed in [from, to) whose local day is in [fromDay, toDay). */
const REBUILD_SQL = `INSERT INTO "ShopDayMargin" (${[...KEY_COLUMNS, ...SHOP_DAY_SUMS, "writtenAt"].map((c) => `"${c}"`).join(", ")})
  SELECT m."shop", m."localDate", COALESCE(m."gateway", ''), m."currency", ${SUMS.map(([, e]) => e).join(", ")}, ?
    FROM "OrderMargin" m
   WHERE m."shop" = ? AND m."processedAt" >= ? AND m."processedAt" < ? AND m."localDate" >= ? AND m."localDate" < ? AND m."cancelled" = ? AND m."test" = ?
   GROUP BY m."shop", m."localDate", COALESCE(m."gateway", ''), m."currency"`;

/**
 * Replaces the shop's day rows of the local days [fromDay, toDay) by the sums of the
 * margins stored for them, inside `tx` (after the margins' own writes: on SQLite the
 * statements of a transaction run in the order issued, on the writer thread). The
 * margins are found by processedAt (the shop's index) within the days' bounds in
 * `timeZone`, and by their stored local day (so a row is never summed into a day
 * outside the range replaced). `writtenAt`: when (the writer's run time), what
 * `shopDaysVersion` reads.
 */
export async function rebuildShopDays(tx: SqlDb, shop: string, fromDay: string, toDay: string, timeZone: string, writtenAt: Date): Promise<void> {
  await tx.execute(`DELETE FROM "ShopDayMargin" WHERE "shop" = ? AND "day" >= ? AND "day" < ?`, [shop, fromDay, toDay]);
  const from = new Instant(startOfLocalDate(fromDay, timeZone));
  const to = new Instant(startOfLocalDate(toDay, timeZone));
  await tx.execute(REBUILD_SQL, [true, new Instant(writtenAt.toISOString()), shop, from, to, fromDay, toDay, false, false]);
}

/** The days to rebuild after some orders' margins were written: their local days, runs of consecutive days merged. */
export function dayRuns(days: Iterable<string>): { fromDay: string; toDay: string }[] {
  const sorted = [...new Set(days)].sort();
  const runs: { fromDay: string; toDay: string }[] = [];
  for (const d of sorted) {
    const last = runs.at(-1);
    if (last && last.toDay === d) last.toDay = addDays(d, 1);
    else runs.push({ fromDay: d, toDay: addDays(d, 1) });
  }
  return runs;
}

/**
 * What the stored margins of the local days [fromDay, toDay) are at: their day rows'
 * count and latest `writtenAt`, with a few sums. Every write of those margins rebuilds
 * their days (see the header), so a different answer means different margins; the
 * Planner keys its cached replay by it.
 */
export async function shopDaysVersion(db: PrismaClient, shop: string, fromDay: string, toDay: string): Promise<string> {
  const [r] = await db.$queryRaw<Record<string, unknown>[]>`
    SELECT COUNT(*) AS "rows", MAX(d."writtenAt") AS "writtenAt", SUM(d."orders") AS "orders", SUM(d."netMargin") AS "netMargin", SUM(d."netRevenue") AS "netRevenue"
      FROM "ShopDayMargin" d
     WHERE d."shop" = ${shop} AND d."day" >= ${fromDay} AND d."day" < ${toDay}`;
  const at = r?.writtenAt;
  return [Number(r?.rows ?? 0), at instanceof Date ? at.toISOString() : String(at ?? ""), Number(r?.orders ?? 0), Number(r?.netMargin ?? 0), Number(r?.netRevenue ?? 0)].join("|");
}

/** Σ of the summed columns. */
export type ShopDayTotals = Record<ShopDaySum, number>;

/** A period's totals per gateway (null: none) from the day rows. */
export interface ShopPeriodRows {
  gateway: string | null;
  totals: ShopDayTotals;
}

/**
 * The day rows of [fromDay, toDay) summed per gateway (every currency together, as Home
 * always summed the margins): at most a few rows.
 */
export async function readShopDays(db: PrismaClient, shop: string, fromDay: string, toDay: string): Promise<ShopPeriodRows[]> {
  const sums = Prisma.raw(SHOP_DAY_SUMS.map((c) => `SUM(d."${c}") AS "${c}"`).join(", "));
  const rows = await db.$queryRaw<Record<string, bigint | number | string | null>[]>`
    SELECT d."gateway" AS "gateway", ${sums}
      FROM "ShopDayMargin" d
     WHERE d."shop" = ${shop} AND d."day" >= ${fromDay} AND d."day" < ${toDay}
     GROUP BY d."gateway"`;
  // SUM is a bigint (PostgreSQL) or a numeric string on some drivers.
  return rows.map((r) => ({
    gateway: r.gateway === "" || r.gateway === null ? null : String(r.gateway),
    totals: Object.fromEntries(SHOP_DAY_SUMS.map((c) => [c, Number(r[c] ?? 0)])) as ShopDayTotals,
  }));
}
