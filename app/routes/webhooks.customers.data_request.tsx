import type { ActionFunctionArgs } from "@remix-run/node";

import { handleCustomersDataRequest } from "~/services/compliance.server";
import { authenticate } from "~/shopify.server";
import { webhookResponse } from "~/services/webhook-response.server";

export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop, payload } = await authenticate.webhook(request);
  return webhookResponse(() => handleCustomersDataRequest(shop, payload));
};
