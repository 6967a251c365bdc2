import type { ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";

import db from "~/db.server";
import { logger } from "~/logger.server";
import { recordScopesUpdate } from "~/store/shop.server";
import { authenticateWebhook } from "~/services/webhook-response.server";

const payloadSchema = z.object({
  current: z.array(z.string(), { error: "current must be a list of scopes" }),
});

export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop, payload, topic } = await authenticateWebhook(request);
  const parsed = payloadSchema.safeParse(payload);
  if (!parsed.success) {
    const message = `Invalid app/scopes_update payload: ${parsed.error.issues.map((i) => i.message).join("; ")}`;
    logger.warn(message, { shop });
    return Response.json({ error: message }, { status: 400 });
  }
  await recordScopesUpdate(db, { shop, scopes: parsed.data.current });
  logger.info("scopes updated", { shop, topic, scopes: parsed.data.current });
  return Response.json({ summary: "Scopes recorded.", scopes: parsed.data.current });
};
