import db from "~/db.server";
import { logger } from "~/logger.server";
import { authenticate } from "~/shopify.server";
import { enqueueSync, syncSql } from "~/sync/sync-jobs.server";
import { applySyncWebhook } from "~/sync/webhook-sync.server";

import { webhookResponse } from "./webhook-response.server";

/**
 * The sync webhook routes (one per topic, as shopify.app.toml declares them) all
 * do this: check the HMAC (authenticate.webhook; a forged request gets 401),
 * apply the change inline (app/sync/webhook-sync.server.ts: deduplicated on
 * X-Shopify-Event-Id, stale payloads ignored), answer 200. A malformed payload
 * gets 400 naming the field; anything else throws, so Shopify retries.
 */
export async function handleSyncWebhook(request: Request): Promise<Response> {
  const eventId = request.headers.get("X-Shopify-Event-Id");
  const topicHeader = request.headers.get("X-Shopify-Topic");
  const { shop, payload } = await authenticate.webhook(request);
  return webhookResponse(async () => {
    const result = await applySyncWebhook(
      { db, sql: syncSql(), enqueue: (job, s) => enqueueSync(job, s) },
      { shop, topic: topicHeader ?? "", eventId, payload },
    );
    logger.info("sync webhook", { shop, topic: topicHeader, eventId, applied: result.applied });
    return result;
  });
}
