import type { ActionFunctionArgs } from "@remix-run/node";

import { handleCustomersDataRequest } from "~/services/compliance.server";
import { authenticateWebhook, webhookResponse } from "~/services/webhook-response.server";

export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop, payload } = await authenticateWebhook(request);
  return webhookResponse(() => handleCustomersDataRequest(shop, payload));
};
