import type { ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";

import db from "~/db.server";
import { logger } from "~/logger.server";
import { recordScopesUpdate } from "~/store/shop.server";
import { authenticateWebhook } from "~/services/webhook-response.server";

// Access scope names are lower-case words joined by "_" (read_orders, write_products,
// unauthenticated_read_product_listings: https://shopify.dev/docs/api/usage/access-scopes);
// anything else (a NUL included, which PostgreSQL cannot store) is not a scope.
const payloadSchema = z.object({
  current: z.array(z.string().regex(/^[a-z][a-z0-9_]*$/, { error: "must be an access scope name such as read_orders" }), { error: "current must be a list of scopes" }),
});

export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop, payload, topic } = await authenticateWebhook(request);
  const parsed = payloadSchema.safeParse(payload);
  if (!parsed.success) {
    const message = `Invalid app/scopes_update payload: ${parsed.error.issues.map((i) => (i.path.length > 1 ? `current[${String(i.path[1])}] ${i.message}` : i.message)).join("; ")}`;
    logger.warn(message, { shop });
    return Response.json({ error: message }, { status: 400 });
  }
  await recordScopesUpdate(db, { shop, scopes: parsed.data.current });
  logger.info("scopes updated", { shop, topic, scopes: parsed.data.current });
  return Response.json({ summary: "Scopes recorded.", scopes: parsed.data.current });
};
