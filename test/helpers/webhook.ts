import { createHmac, randomUUID } from "node:crypto";

export const TEST_API_SECRET = "test-api-secret";

/** A webhook request exactly as Shopify sends it, signed with `secret` (or forged). */
export function webhookRequest(
  topic: string,
  payload: unknown,
  opts: { shop: string; secret?: string; forge?: boolean; apiVersion?: string },
): Request {
  const body = JSON.stringify(payload);
  const secret = opts.secret ?? TEST_API_SECRET;
  const hmac = createHmac("sha256", opts.forge ? `${secret}-forged` : secret)
    .update(body, "utf8")
    .digest("base64");
  return new Request(`https://netmargin.example.com/webhooks/${topic}`, {
    method: "POST",
    body,
    headers: {
      "Content-Type": "application/json",
      "X-Shopify-Topic": topic,
      "X-Shopify-Hmac-Sha256": hmac,
      "X-Shopify-Shop-Domain": opts.shop,
      "X-Shopify-API-Version": opts.apiVersion ?? "2026-10",
      "X-Shopify-Webhook-Id": randomUUID(),
      "X-Shopify-Event-Id": randomUUID(),
      "X-Shopify-Triggered-At": new Date().toISOString(),
    },
  });
}
