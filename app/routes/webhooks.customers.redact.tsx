import type { ActionFunctionArgs } from "@remix-run/node";

import { handleCustomersRedact } from "~/services/compliance.server";
import { authenticate } from "~/shopify.server";
import { webhookResponse } from "~/services/webhook-response.server";

export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop, payload } = await authenticate.webhook(request);
  return webhookResponse(() => handleCustomersRedact(shop, payload));
};
