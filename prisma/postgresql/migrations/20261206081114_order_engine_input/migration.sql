-- AlterTable
ALTER TABLE "Order" ADD COLUMN     "engineInput" TEXT NOT NULL DEFAULT '';

-- Data: every stored order gets its engine input from its child rows, in the
-- layout of app/sync/engine-input.ts (version 1, lists in position order).
UPDATE "Order" AS o SET "engineInput" = json_build_array(
    1,
    COALESCE((SELECT json_agg(json_build_array(c."id", c."productId", c."variantId", c."sku", c."title", c."quantity", c."currentQuantity",
                                               c."netRevenueBeforeTax", c."discountBeforeTax", c."tax", c."unitPriceBeforeTax", c."unitWeightGrams",
                                               c."requiresShipping") ORDER BY c."position")
                FROM "OrderLine" c WHERE c."shop" = o."shop" AND c."orderId" = o."id"), '[]'::json),
    COALESCE((SELECT json_agg(json_build_array(c."title", c."code", c."source", c."chargedBeforeTax", c."tax", c."refundedBeforeTax") ORDER BY c."position")
                FROM "OrderShippingLine" c WHERE c."shop" = o."shop" AND c."orderId" = o."id"), '[]'::json),
    COALESCE((SELECT json_agg(json_build_array(c."gateway", c."kind", c."status", c."amount", c."feesActual") ORDER BY c."position")
                FROM "OrderTransaction" c WHERE c."shop" = o."shop" AND c."orderId" = o."id"), '[]'::json)
)::text;
