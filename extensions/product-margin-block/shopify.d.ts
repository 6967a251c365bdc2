// The global `shopify` API of this extension's target (the Shopify CLI writes the
// same declaration when it builds the extension).
import "@shopify/ui-extensions";

declare module "./src/BlockExtension.tsx" {
  const shopify: import("@shopify/ui-extensions/admin.product-details.block.render").Api;
  const globalThis: { shopify: typeof shopify };
}
