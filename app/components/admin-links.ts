/**
 * Links from NetMargin's pages to the same product or order in Shopify's admin (issue 17,
 * item 4). Inside the admin an embedded app links there with the `shopify://admin` protocol
 * and `target="_top"`, which App Bridge turns into the admin's own navigation.
 * Source: shopify.dev/docs/api/app-home/v1.0/apis/user-interface-and-interactions/navigation-api
 * ("Navigate to Shopify admin pages": `<a href="shopify://admin/products/123" target="_top">`,
 * `<a href="shopify://admin/orders/456" target="_top">`), the resource's numeric id appended.
 */

/** Shopify's numeric id of a GID ("gid://shopify/Product/123" → "123"); null when it has none. */
export function legacyId(gid: string | null | undefined): string | null {
  const m = gid ? /^gid:\/\/shopify\/[A-Za-z]+\/(\d+)$/.exec(gid) : null;
  return m ? m[1]! : null;
}

/** The product's page in Shopify's admin; null for a line without a product (custom item). */
export function adminProductUrl(productGid: string | null | undefined): string | null {
  const id = legacyId(productGid);
  return id ? `shopify://admin/products/${id}` : null;
}

/** The order's page in Shopify's admin. */
export function adminOrderUrl(orderGid: string | null | undefined): string | null {
  const id = legacyId(orderGid);
  return id ? `shopify://admin/orders/${id}` : null;
}

/** Where such a link opens: the admin's top frame, as the Navigation API asks. */
export const ADMIN_LINK_TARGET = "_top" as const;

/**
 * Opens the admin page from a page action: the Navigation API's programmatic form,
 * `open(url, "_top")` (same source). A page's header actions are buttons on a wide screen but
 * roll up into a menu on a phone, whose items Polaris renders without a link target, so the
 * action opens the URL itself rather than relying on an anchor's `target`.
 */
export function openInAdmin(url: string): void {
  window.open(url, ADMIN_LINK_TARGET);
}
