/**
 * The Cash page's reads of the stored order margins (issue 19, items 5 and 6): per shop-local
 * month and payment gateway, revenue and the costs that leave as cash (cancelled and test orders
 * left out, as Home counts them). One aggregate query per month over the (shop, processedAt)
 * index; scoped to one shop.
 */
import type { PrismaClient } from "@prisma/client";

import { nextMonth, startOfLocalDate } from "~/domain/time";

export interface GatewayMonth {
  gateway: string;
  netRevenue: number;
  costOfGoods: number;
  netMargin: number;
  shipping: number;
  packaging: number;
  labour: number;
  paymentFees: number;
  fixedCosts: number;
}

/** Each month's totals per gateway ("" for none), months as "YYYY-MM" in the shop's time zone. */
export async function readMonthGatewayTotals(db: Pick<PrismaClient, "$queryRaw">, shop: string, months: readonly string[], timeZone: string): Promise<Map<string, GatewayMonth[]>> {
  const out = new Map<string, GatewayMonth[]>();
  for (const month of months) {
    const from = new Date(startOfLocalDate(`${month}-01`, timeZone));
    const to = new Date(startOfLocalDate(`${nextMonth(month)}-01`, timeZone));
    const rows = await db.$queryRaw<Record<string, bigint | number | string | null>[]>`
      SELECT m."gateway" AS "gateway", SUM(m."netRevenue") AS "netRevenue", SUM(m."costOfGoods") AS "costOfGoods", SUM(m."netMargin") AS "netMargin",
             SUM(m."shipping") AS "shipping", SUM(m."packaging") AS "packaging", SUM(m."labour") AS "labour", SUM(m."paymentFees") AS "paymentFees", SUM(m."fixedCosts") AS "fixedCosts"
        FROM "OrderMargin" m
       WHERE m."shop" = ${shop} AND m."cancelled" = ${false} AND m."test" = ${false} AND m."processedAt" >= ${from} AND m."processedAt" < ${to}
       GROUP BY m."gateway"`;
    // SUM is a bigint (PostgreSQL) or a numeric string on some drivers.
    out.set(
      month,
      rows.map((r) => {
        const n = (k: string) => Number(r[k] ?? 0);
        return {
          gateway: r.gateway === null ? "" : String(r.gateway),
          netRevenue: n("netRevenue"),
          costOfGoods: n("costOfGoods"),
          netMargin: n("netMargin"),
          shipping: n("shipping"),
          packaging: n("packaging"),
          labour: n("labour"),
          paymentFees: n("paymentFees"),
          fixedCosts: n("fixedCosts"),
        };
      }),
    );
  }
  return out;
}
