/**
 * Caps on request bodies, enforced before anything reads them whole: a declared
 * Content-Length above the cap is refused unread, and otherwise bytes are counted
 * as they arrive (chunked, or a Content-Length that lies) and reading stops at the
 * first chunk past the cap. The caller answers 413 with the error's message.
 */
import { malformedTextIssue } from "~/domain/validation";

const MiB = 1024 * 1024;

/**
 * Webhook deliveries. shopify.dev states no cap for HTTPS deliveries; its changelog
 * gives 1,000,000 bytes as the largest inline payload it sends to EventBridge
 * (https://shopify.dev/changelog/amazon-eventbridge-webhook-payload-size-limit-increased-to-1-mb),
 * and Shopify's staff put the largest order payloads "upwards of a megabyte". 5 MiB
 * leaves room for both while an unauthenticated sender cannot make the HMAC check
 * read more.
 */
export const WEBHOOK_BODY_LIMIT_BYTES = 5 * MiB;

/**
 * The settings page's JSON posts (app/settings/data, app/settings/costs). The
 * largest is a shipping-cost CSV of up to 20 MB (app/store/shipping-costs.server.ts)
 * sent as a JSON string, where escaping at most doubles a byte (quote, backslash,
 * tab, CR, LF; other control characters, which a CSV does not carry, aside): twice
 * that plus 1 MiB for the rest of the body, so every file the store accepts still
 * arrives.
 */
export const SETTINGS_BODY_LIMIT_BYTES = 2 * 20 * MiB + MiB;

/** Small admin forms (the planner's threshold, "Sync now"): a few fields. */
export const FORM_BODY_LIMIT_BYTES = 64 * 1024;

export class BodyTooLargeError extends Error {
  constructor(readonly limitBytes: number) {
    super(`The request body is larger than ${formatBytes(limitBytes)}, the most this endpoint accepts.`);
    this.name = "BodyTooLargeError";
  }
}

function formatBytes(bytes: number): string {
  return bytes % MiB === 0 ? `${bytes / MiB} MiB` : `${bytes} bytes`;
}

/** The body as UTF-8 text (as Request.text() decodes it), or BodyTooLargeError past `limitBytes`. */
export async function readBodyText(request: Request, limitBytes: number): Promise<string> {
  return new TextDecoder().decode(await readBodyBytes(request, limitBytes));
}

/** A form post (urlencoded or multipart) within `limitBytes`; past it a 413 Response is thrown (Remix answers with it). */
export async function readFormData(request: Request, limitBytes = FORM_BODY_LIMIT_BYTES): Promise<FormData> {
  let bytes: Buffer;
  try {
    bytes = await readBodyBytes(request, limitBytes);
  } catch (error) {
    if (error instanceof BodyTooLargeError) throw new Response(error.message, { status: 413 });
    throw error;
  }
  try {
    return await new Response(new Uint8Array(bytes), { headers: { "Content-Type": request.headers.get("Content-Type") ?? "application/x-www-form-urlencoded" } }).formData();
  } catch {
    // Another content type, or a multipart body that does not parse: the admin pages never send one.
    throw new Response("The request body is not a form (application/x-www-form-urlencoded or multipart/form-data).", { status: 400 });
  }
}

async function readBodyBytes(request: Request, limitBytes: number): Promise<Buffer> {
  const declared = request.headers.get("Content-Length");
  if (declared !== null && Number(declared) > limitBytes) {
    // Refused unread; the stream is cancelled so the connection does not keep feeding it.
    await request.body?.cancel().catch(() => undefined);
    throw new BodyTooLargeError(limitBytes);
  }
  if (!request.body) return Buffer.alloc(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limitBytes) {
      await reader.cancel().catch(() => undefined);
      throw new BodyTooLargeError(limitBytes);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

/**
 * A JSON body within `limitBytes`, or the answer to give instead: 413 past the cap,
 * 400 when it is not JSON, 422 naming the field when a text in it is not well-formed
 * (a lone surrogate, which the database client cannot encode), all in the
 * `{ errors: [{ path, message }] }` shape of the settings actions.
 */
export async function readJsonBody(
  request: Request,
  limitBytes: number,
): Promise<{ ok: true; body: unknown } | { ok: false; response: Response }> {
  try {
    const body: unknown = JSON.parse(await readBodyText(request, limitBytes));
    const malformed = malformedTextIssue(body);
    if (malformed) return { ok: false, response: Response.json({ errors: [malformed] }, { status: 422 }) };
    return { ok: true, body };
  } catch (error) {
    const [status, message] = error instanceof BodyTooLargeError ? [413, error.message] : [400, "expected a JSON body"];
    return { ok: false, response: Response.json({ errors: [{ path: "", message }] }, { status }) };
  }
}

/** The 413 for a body past its cap, in the `{ error }` shape of the webhook answers. */
export function bodyTooLargeResponse(error: BodyTooLargeError): Response {
  return Response.json({ error: error.message }, { status: 413 });
}
