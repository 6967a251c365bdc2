import { logger } from "~/logger.server";
import { authenticate } from "~/shopify.server";
import { WebhookPayloadError } from "~/sync/webhook-sync.server";

import { BodyTooLargeError, bodyTooLargeResponse, readBodyText, WEBHOOK_BODY_LIMIT_BYTES } from "./body-limit.server";
import { InvalidPayloadError } from "./compliance.server";

export type WebhookContext = Awaited<ReturnType<typeof authenticate.webhook>> & { rawBody: string };

/**
 * authenticate.webhook (the HMAC check; a forged delivery gets its 401) on a body
 * read within WEBHOOK_BODY_LIMIT_BYTES (413 past it, before anything is checked),
 * with the raw body the HMAC covered. A correctly signed delivery that can never
 * be applied, a body that is not JSON or an X-Shopify-Shop-Domain that is not a
 * shop domain, gets 400 with the reason and one log line instead of the library's
 * throw (a 500 that Shopify would retry for 48 hours). Throws the Response to answer.
 */
export async function authenticateWebhook(request: Request): Promise<WebhookContext> {
  // The library answers anything but a POST with 405 without reading it.
  if (request.method !== "POST") return { ...(await authenticate.webhook(request)), rawBody: "" };
  let rawBody: string;
  try {
    rawBody = await readBodyText(request, WEBHOOK_BODY_LIMIT_BYTES);
  } catch (error) {
    if (!(error instanceof BodyTooLargeError)) throw error;
    logger.warn("webhook refused: body too large", { path: new URL(request.url).pathname, limitBytes: error.limitBytes });
    throw bodyTooLargeResponse(error);
  }
  const read = new Request(request.url, { method: "POST", headers: request.headers, body: rawBody, signal: request.signal });
  try {
    return { ...(await authenticate.webhook(read)), rawBody };
  } catch (error) {
    if (error instanceof Response) throw error;
    // Both are thrown only once the HMAC has passed: the delivery is Shopify's.
    const reason =
      error instanceof SyntaxError
        ? "The webhook body is not valid JSON."
        : isInvalidShopError(error)
          ? "X-Shopify-Shop-Domain is not a valid shop domain."
          : null;
    if (reason === null) throw error;
    logger.warn(`webhook refused: ${reason}`, {
      topic: request.headers.get("X-Shopify-Topic"),
      shop: request.headers.get("X-Shopify-Shop-Domain"),
      webhookId: request.headers.get("X-Shopify-Webhook-Id"),
    });
    throw Response.json({ error: reason }, { status: 400 });
  }
}

/**
 * @shopify/shopify-api's InvalidShopError (sanitizeShop on the header). Matched by
 * class name: the app does not depend on that package directly, and its CommonJS
 * and ES builds are different classes.
 */
function isInvalidShopError(error: unknown): boolean {
  return error instanceof Error && error.constructor.name === "InvalidShopError";
}

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
