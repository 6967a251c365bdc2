import type { NetMarginLatestOrdersQuery } from "~/types/admin.generated";
import { LATEST_ORDERS_QUERY } from "~/shopify/graphql/LatestOrdersQuery";

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

type GraphqlClient = (
  query: typeof LATEST_ORDERS_QUERY,
  options: { variables: { first: number } },
) => Promise<{ json(): Promise<{ data?: NetMarginLatestOrdersQuery | null }> }>;

/** The shop's latest orders read live through the Admin API; a failure is a result, not an exception. */
export async function latestOrders(graphql: GraphqlClient, first = 5): Promise<LatestOrders> {
  try {
    const response = await graphql(LATEST_ORDERS_QUERY, { variables: { first } });
    const { data } = await response.json();
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
