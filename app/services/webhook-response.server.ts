import { logger } from "~/logger.server";
import { WebhookPayloadError } from "~/sync/webhook-sync.server";

import { InvalidPayloadError } from "./compliance.server";

/**
 * Runs a webhook handler and turns its outcome into the response Shopify gets:
 * 200 with a JSON summary, 400 naming the bad field for a malformed payload
 * (Shopify would retry a 5xx; a malformed payload will not improve), and a
 * rethrow for anything else so Shopify retries.
 */
export async function webhookResponse(handler: () => Promise<{ summary: string } & object>): Promise<Response> {
  try {
    const result = await handler();
    return Response.json(result, { status: 200 });
  } catch (error) {
    if (error instanceof InvalidPayloadError || error instanceof WebhookPayloadError) {
      logger.warn(error.message);
      return Response.json({ error: error.message }, { status: 400 });
    }
    throw error;
  }
}
