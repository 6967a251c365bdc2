import type { PrismaClient } from "@prisma/client";

import { AdminGraphqlError, type AdminGraphql } from "~/shopify/admin-client.server";
import { LATEST_ORDERS_QUERY } from "~/shopify/graphql/LatestOrdersQuery";
import type { NetMarginLatestOrdersQuery } from "~/types/admin.generated";

export interface LatestOrderRow {
  id: string;
  name: string;
  processedAt: string;
  financialStatus: string | null;
  /** Shopify's decimal string in the shop currency, after refunds and discounts (tax included when the shop's prices are). */
  subtotal: string;
  currencyCode: string;
  /**
   * NetMargin's net margin of the order (minor units of `marginCurrency`) and its margin % in
   * basis points, once its margin is computed; null before that (a new order, the first sync).
   */
  netMargin: number | null;
  marginBp: number | null;
  marginCurrency: string | null;
}

export type LatestOrders = { ok: true; orders: LatestOrderRow[] } | { ok: false; error: string };

/** The shop's latest orders read live through the Admin API; a failure is a result, not an exception. */
export async function latestOrders(graphql: AdminGraphql, first = 5): Promise<LatestOrders> {
  try {
    let data: NetMarginLatestOrdersQuery | null | undefined;
    try {
      data = await graphql<NetMarginLatestOrdersQuery | null | undefined>(LATEST_ORDERS_QUERY, { first });
    } catch (error) {
      // GraphQL errors: the preview keeps what data came with them (without any, "no data").
      if (!(error instanceof AdminGraphqlError)) throw error;
      data = error.data as NetMarginLatestOrdersQuery | null;
    }
    if (!data) return { ok: false, error: "Shopify returned no data" };
    return {
      ok: true,
      orders: data.orders.nodes.map((order) => ({
        id: order.id,
        name: order.name,
        processedAt: order.processedAt,
        financialStatus: order.displayFinancialStatus ?? null,
        subtotal: order.currentSubtotalPriceSet?.shopMoney.amount ?? "0",
        currencyCode: order.currentSubtotalPriceSet?.shopMoney.currencyCode ?? "",
        netMargin: null,
        marginBp: null,
        marginCurrency: null,
      })),
    };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * The latest orders with their net margin (issue 17, item 1: Home shows what each order
 * earned, not its subtotal): the stored margins of these orders, by key, one query.
 */
export async function withMargins(db: Pick<PrismaClient, "orderMargin">, shop: string, latest: LatestOrders): Promise<LatestOrders> {
  if (!latest.ok || latest.orders.length === 0) return latest;
  const stored = await db.orderMargin.findMany({
    where: { shop, orderId: { in: latest.orders.map((o) => o.id) } },
    select: { orderId: true, netMargin: true, marginBp: true, currency: true },
  });
  const byId = new Map(stored.map((m) => [m.orderId, m]));
  return {
    ok: true,
    orders: latest.orders.map((o) => {
      const m = byId.get(o.id);
      return m ? { ...o, netMargin: m.netMargin, marginBp: m.marginBp, marginCurrency: m.currency } : o;
    }),
  };
}
