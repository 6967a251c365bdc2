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
      })),
    };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}
