import db from "~/db.server";
import { parseRestJson } from "~/domain/rest-order";
import { logger } from "~/logger.server";
import { authenticate } from "~/shopify.server";
import { enqueueSync, syncSql } from "~/jobs/runtime.server";
import { applySyncWebhook } from "~/sync/webhook-sync.server";

import { webhookResponse } from "./webhook-response.server";

/**
 * The sync webhook routes (one per topic, as shopify.app.toml declares them) all
 * do this: check the HMAC (authenticate.webhook; a forged request gets 401), read
 * the body keeping ids above 2^53 exact (parseRestJson),
 * apply the change inline (app/sync/webhook-sync.server.ts: deduplicated on
 * X-Shopify-Event-Id, stale payloads ignored), answer 200. A malformed payload
 * gets 400 naming the field; anything else throws, so Shopify retries.
 */
export async function handleSyncWebhook(request: Request): Promise<Response> {
  const eventId = request.headers.get("X-Shopify-Event-Id");
  const topicHeader = request.headers.get("X-Shopify-Topic");
  // authenticate.webhook checks the HMAC over the raw body, then JSON.parses it, which
  // rounds ids above 2^53 (Shopify's sample payloads). The same bytes are read again
  // from a copy, once the HMAC has passed, and parsed keeping those ids exact.
  const copy = request.clone();
  const { shop } = await authenticate.webhook(request);
  const payload = parseRestJson(await copy.text());
  return webhookResponse(async () => {
    const result = await applySyncWebhook(
      { db, sql: syncSql(), enqueue: (job, s) => enqueueSync(job, s) },
      { shop, topic: topicHeader ?? "", eventId, payload },
    );
    logger.info("sync webhook", { shop, topic: topicHeader, eventId, applied: result.applied });
    return result;
  });
}
