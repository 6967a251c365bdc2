// Links to Shopify's admin from the product and order pages (issue 17, item 4): the documented
// `shopify://admin/<resource>/<id>` form (source named in app/components/admin-links.ts).
import { describe, expect, it } from "vitest";

import { adminOrderUrl, adminProductUrl, legacyId } from "~/components/admin-links";

describe("admin links", () => {
  it("use the resource's numeric id", () => {
    expect(adminProductUrl("gid://shopify/Product/8545732395300")).toBe("shopify://admin/products/8545732395300");
    expect(adminOrderUrl("gid://shopify/Order/1300")).toBe("shopify://admin/orders/1300");
  });

  it("have none for a custom item or a malformed id", () => {
    expect(adminProductUrl(null)).toBeNull();
    expect(legacyId("gid://shopify/Product/")).toBeNull();
    expect(legacyId("8545732395300")).toBeNull();
  });
});
