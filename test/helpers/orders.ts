/**
 * A one-line EUR order record, for stores worked out by hand in tests: `units` (1
 * unless given) of "Tote bag" (product 1, variant 11, unless given) at `price` a
 * unit before tax, shipping charged `shipping` (no shipping line when 0), to France
 * (or `country`);
 * with a successful SALE through `gateway` of units × price + shipping when a
 * gateway is given.
 */
import type { NormalisedOrder, OrderRecord } from "~/domain/types";

export function oneLineOrder(o: {
  id: number;
  processedAt: string;
  price: number;
  units?: number;
  variant?: { productId: string; variantId: string; title: string };
  shipping?: number;
  country?: string;
  unitWeightGrams?: number | null;
  gateway?: string;
  cancelled?: boolean;
  /** The line sells a gift card (not merchandise, nothing to ship). */
  giftCard?: boolean;
}): OrderRecord {
  const shipping = o.shipping ?? 0;
  const units = o.units ?? 1;
  const variant = o.variant ?? { productId: "gid://shopify/Product/1", variantId: "gid://shopify/ProductVariant/11", title: "Tote bag" };
  const order: NormalisedOrder = {
    id: `gid://shopify/Order/${o.id}`,
    name: `#${o.id}`,
    processedAt: o.processedAt,
    currency: "EUR",
    taxesIncluded: false,
    cancelled: o.cancelled ?? false,
    test: false,
    sourceName: "web",
    shippingCountryCode: o.country ?? "FR",
    lines: [
      {
        id: `gid://shopify/LineItem/${o.id}`,
        productId: variant.productId,
        variantId: variant.variantId,
        sku: null,
        title: variant.title,
        quantity: units,
        currentQuantity: units,
        netRevenueBeforeTax: units * o.price,
        discountBeforeTax: 0,
        tax: 0,
        unitPriceBeforeTax: o.price,
        unitWeightGrams: o.unitWeightGrams === undefined ? 500 : o.unitWeightGrams,
        requiresShipping: o.giftCard !== true,
        ...(o.giftCard === true ? { isGiftCard: true } : {}),
      },
    ],
    shippingLines: shipping > 0 ? [{ title: "Standard", code: "standard", source: "shopify", chargedBeforeTax: shipping, tax: 0, refundedBeforeTax: 0 }] : [],
    transactions: o.gateway ? [{ gateway: o.gateway, kind: "SALE", status: "SUCCESS", amount: units * o.price + shipping, feesActual: null }] : [],
    refunds: { lineItemsBeforeTax: 0, shippingBeforeTax: 0 },
  };
  return { order, updatedAt: o.processedAt, financialStatus: "PAID", refunds: [] };
}
