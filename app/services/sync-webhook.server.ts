import db from "~/db.server";
import { parseRestJson } from "~/domain/rest-order";
import { logger } from "~/logger.server";
import { enqueueSync, syncSql } from "~/jobs/runtime.server";
import { nulCharacterPath } from "~/domain/validation";
import { applySyncWebhook, WebhookPayloadError } from "~/sync/webhook-sync.server";

import { authenticateWebhook, webhookResponse } from "./webhook-response.server";

/**
 * The sync webhook routes (one per topic, as shopify.app.toml declares them) all
 * do this: read the body within its cap and check the HMAC (authenticateWebhook: 413
 * past the cap, 401 forged, 400 not JSON or not a shop), parse it keeping ids above
 * 2^53 exact (parseRestJson), apply the change inline (app/sync/webhook-sync.server.ts:
 * deduplicated on X-Shopify-Event-Id, stale payloads ignored), answer 200. A malformed payload
 * gets 400 naming the field; anything else throws, so Shopify retries.
 */
export async function handleSyncWebhook(request: Request): Promise<Response> {
  const started = performance.now();
  const eventId = request.headers.get("X-Shopify-Event-Id");
  const topicHeader = request.headers.get("X-Shopify-Topic");
  // authenticate.webhook JSON.parses the body, which rounds ids above 2^53 (Shopify's
  // sample payloads). The raw bytes the HMAC covered are parsed again keeping them exact.
  const { shop, rawBody } = await authenticateWebhook(request);
  const payload = parseRestJson(rawBody);
  // Milliseconds by step, in the log line: where an answer's time goes under load (bench:load prints them).
  const steps: Record<string, number> = { auth: Math.round(performance.now() - started) };
  return webhookResponse(async () => {
    // PostgreSQL text cannot hold a NUL: refused on every database, so a shop gets the same answer whichever it runs on.
    const nul = nulCharacterPath(payload);
    if (nul !== null) throw new WebhookPayloadError(`${topicHeader} payload: ${nul === "" ? "" : `${nul}: `}contains a NUL character (\\u0000), which NetMargin cannot store`);
    const result = await applySyncWebhook(
      { db, sql: syncSql(), enqueue: (job, s) => enqueueSync(job, s), steps },
      { shop, topic: topicHeader ?? "", eventId, payload },
    );
    steps.total = Math.round(performance.now() - started);
    logger.info("sync webhook", { shop, topic: topicHeader, eventId, applied: result.applied, steps });
    return result;
  });
}
