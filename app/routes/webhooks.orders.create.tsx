import type { ActionFunctionArgs } from "@remix-run/node";

import { handleSyncWebhook } from "~/services/sync-webhook.server";

/** orders/create: applied to NetMargin's copy of the shop's data (app/services/sync-webhook.server.ts). */
export const action = ({ request }: ActionFunctionArgs) => handleSyncWebhook(request);
