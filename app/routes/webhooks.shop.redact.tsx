import type { ActionFunctionArgs } from "@remix-run/node";

import db from "~/db.server";
import { handleShopRedact } from "~/services/compliance.server";
import { webhookResponse } from "~/services/webhook-response.server";
import { authenticate } from "~/shopify.server";

export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop, payload } = await authenticate.webhook(request);
  return webhookResponse(() => handleShopRedact(db, shop, payload));
};
