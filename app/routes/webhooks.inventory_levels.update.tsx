import type { ActionFunctionArgs } from "@remix-run/node";

import { enqueueSync } from "~/jobs/runtime.server";
import { handleSyncWebhook } from "~/services/sync-webhook.server";

/**
 * inventory_levels/update: a stock level's available quantity, applied to NetMargin's copy of
 * the shop's stock (app/services/sync-webhook.server.ts). The delivery carries `available` only
 * (shopify.dev, webhook topic inventory_levels/update: inventory_item_id, location_id, available,
 * updated_at), while the Stock page counts on hand; so an applied move also queues the shop's
 * reconciliation, which reads the moved levels' four quantities and then
 * refreshes the stored stock health, instead of waiting for the next 15-minute run. One
 * reconciliation runs and one waits per shop at most (singleton per shop): a burst of moves costs
 * one more read of the levels updated since the last check, not one per delivery.
 */
export const action = async ({ request }: ActionFunctionArgs) => {
  const shop = request.headers.get("X-Shopify-Shop-Domain");
  const response = await handleSyncWebhook(request);
  // 200 only once the HMAC and the shop were checked; `applied` is false for duplicates, stale or unknown levels.
  if (response.status === 200 && shop !== null) {
    const result = (await response.clone().json()) as { applied?: boolean };
    if (result.applied === true) await enqueueSync("reconcile", shop);
  }
  return response;
};
