import type { ActionFunctionArgs } from "@remix-run/node";

import db from "~/db.server";
import { logger } from "~/logger.server";
import { recordUninstall } from "~/store/shop.server";
import { authenticateWebhook } from "~/services/webhook-response.server";

/**
 * The shop removed NetMargin: its access token is void, so its sessions go now.
 * Its data stays until shop/redact (48 hours later) in case of a quick reinstall.
 * Webhooks can arrive more than once, even after the sessions are gone: idempotent.
 */
export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop, topic } = await authenticateWebhook(request);
  const { sessionsDeleted } = await recordUninstall(db, { shop });
  logger.info("app uninstalled", { shop, topic, sessionsDeleted });
  return Response.json({ summary: "Sessions removed.", sessionsDeleted });
};
