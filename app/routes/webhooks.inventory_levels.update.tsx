import type { ActionFunctionArgs } from "@remix-run/node";

import { handleSyncWebhook } from "~/services/sync-webhook.server";

/** inventory_levels/update: a stock level's available quantity, applied to NetMargin's copy of the shop's stock (app/services/sync-webhook.server.ts). */
export const action = ({ request }: ActionFunctionArgs) => handleSyncWebhook(request);
