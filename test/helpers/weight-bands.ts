/**
 * The store of the parcel-weight tests (estimated from the catalog, and recomputed
 * when the catalog weight changes): a 30.00 tote and a 30.00 scarf shipped to France
 * by weight band, nothing else costing.
 */
import type { OrderRecord } from "~/domain/types";
import { costSettings } from "./factories";
import { oneLineOrder } from "./orders";

export const TOTE = { productId: "gid://shopify/Product/1", variantId: "gid://shopify/ProductVariant/11", title: "Tote bag" };
export const SCARF = { productId: "gid://shopify/Product/2", variantId: "gid://shopify/ProductVariant/21", title: "Silk scarf" };

// France by weight band: [0, 1 kg) 4.90, [1 kg, 5 kg) 8.90; 200 g of packaging; 12.00 otherwise. Nothing else costs.
export const WEIGHT_BAND_SETTINGS = costSettings({
  shipping: {
    packagingWeightGrams: 200,
    defaultCost: "12.00",
    rules: [
      { name: "Colissimo 0-1 kg", countries: ["FR"], minWeightGrams: 0, maxWeightGrams: 1000, cost: "4.90" },
      { name: "Colissimo 1-5 kg", countries: ["FR"], minWeightGrams: 1000, maxWeightGrams: 5000, cost: "8.90" },
    ],
  },
});

/** `units` of one variant at 30.00, paid manually; `grams` is the order's unit weight (null: the order has none). */
export function weightOrder(id: number, processedAt: string, variant: typeof TOTE, units: number, grams: number | null): OrderRecord {
  return oneLineOrder({ id, processedAt, price: 3000, units, variant, unitWeightGrams: grams, gateway: "manual" });
}
