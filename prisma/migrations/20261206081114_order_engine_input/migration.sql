-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Order" (
    "shop" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "processedAt" DATETIME NOT NULL,
    "shopifyUpdatedAt" DATETIME NOT NULL,
    "currency" TEXT NOT NULL,
    "taxesIncluded" BOOLEAN NOT NULL,
    "financialStatus" TEXT,
    "cancelled" BOOLEAN NOT NULL,
    "test" BOOLEAN NOT NULL,
    "sourceName" TEXT,
    "shippingCountryCode" TEXT,
    "refundedLinesBeforeTax" INTEGER NOT NULL,
    "refundedShippingBeforeTax" INTEGER NOT NULL,
    "lineCount" INTEGER NOT NULL,
    "items" INTEGER NOT NULL,
    "netRevenue" INTEGER NOT NULL,
    "transactionsKnown" BOOLEAN NOT NULL,
    "engineInput" TEXT NOT NULL DEFAULT '',
    "origin" TEXT NOT NULL,
    "syncedAt" DATETIME NOT NULL,

    PRIMARY KEY ("shop", "id")
);
INSERT INTO "new_Order" ("cancelled", "currency", "financialStatus", "id", "items", "lineCount", "name", "netRevenue", "origin", "processedAt", "refundedLinesBeforeTax", "refundedShippingBeforeTax", "shippingCountryCode", "shop", "shopifyUpdatedAt", "sourceName", "syncedAt", "taxesIncluded", "test", "transactionsKnown") SELECT "cancelled", "currency", "financialStatus", "id", "items", "lineCount", "name", "netRevenue", "origin", "processedAt", "refundedLinesBeforeTax", "refundedShippingBeforeTax", "shippingCountryCode", "shop", "shopifyUpdatedAt", "sourceName", "syncedAt", "taxesIncluded", "test", "transactionsKnown" FROM "Order";
DROP TABLE "Order";
ALTER TABLE "new_Order" RENAME TO "Order";
CREATE INDEX "Order_shop_processedAt_idx" ON "Order"("shop", "processedAt");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- Data: every stored order gets its engine input from its child rows, in the
-- layout of app/sync/engine-input.ts (version 1, lists in position order).
UPDATE "Order" AS o SET "engineInput" = json_array(
    1,
    (SELECT json_group_array(json_array(c."id", c."productId", c."variantId", c."sku", c."title", c."quantity", c."currentQuantity",
                                        c."netRevenueBeforeTax", c."discountBeforeTax", c."tax", c."unitPriceBeforeTax", c."unitWeightGrams",
                                        c."requiresShipping") ORDER BY c."position")
       FROM "OrderLine" c WHERE c."shop" = o."shop" AND c."orderId" = o."id"),
    (SELECT json_group_array(json_array(c."title", c."code", c."source", c."chargedBeforeTax", c."tax", c."refundedBeforeTax") ORDER BY c."position")
       FROM "OrderShippingLine" c WHERE c."shop" = o."shop" AND c."orderId" = o."id"),
    (SELECT json_group_array(json_array(c."gateway", c."kind", c."status", c."amount", c."feesActual") ORDER BY c."position")
       FROM "OrderTransaction" c WHERE c."shop" = o."shop" AND c."orderId" = o."id")
);
