import { addDocumentResponseHeaders } from "~/shopify.server";

/**
 * Who may frame a document NetMargin serves (clickjacking). Shopify's
 * addDocumentResponseHeaders allows the shop and Shopify's admin when the request
 * names a valid shop (`?shop=`, as the admin opens the embedded app) and sets
 * nothing otherwise; then no one may frame it: `frame-ancestors 'none'`, and
 * X-Frame-Options for browsers that predate CSP.
 */
export function addDocumentSecurityHeaders(request: Request, headers: Headers): void {
  addDocumentResponseHeaders(request, headers);
  const policy = headers.get("Content-Security-Policy");
  if (policy && /(^|;)\s*frame-ancestors\s/i.test(policy)) return;
  headers.set("Content-Security-Policy", policy ? `${policy.replace(/;?\s*$/, "; ")}frame-ancestors 'none';` : "frame-ancestors 'none';");
  headers.set("X-Frame-Options", "DENY");
}
