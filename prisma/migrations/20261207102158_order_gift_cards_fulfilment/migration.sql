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
    "fulfillmentStatus" TEXT,
    "parcelsShipped" INTEGER,
    "giftCardOnly" BOOLEAN NOT NULL DEFAULT false,
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
INSERT INTO "new_Order" ("cancelled", "currency", "engineInput", "financialStatus", "id", "items", "lineCount", "name", "netRevenue", "origin", "processedAt", "refundedLinesBeforeTax", "refundedShippingBeforeTax", "shippingCountryCode", "shop", "shopifyUpdatedAt", "sourceName", "syncedAt", "taxesIncluded", "test", "transactionsKnown") SELECT "cancelled", "currency", "engineInput", "financialStatus", "id", "items", "lineCount", "name", "netRevenue", "origin", "processedAt", "refundedLinesBeforeTax", "refundedShippingBeforeTax", "shippingCountryCode", "shop", "shopifyUpdatedAt", "sourceName", "syncedAt", "taxesIncluded", "test", "transactionsKnown" FROM "Order";
DROP TABLE "Order";
ALTER TABLE "new_Order" RENAME TO "Order";
CREATE INDEX "Order_shop_processedAt_idx" ON "Order"("shop", "processedAt");
CREATE TABLE "new_OrderLine" (
    "shop" TEXT NOT NULL,
    "orderId" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "productId" TEXT,
    "variantId" TEXT,
    "sku" TEXT,
    "title" TEXT NOT NULL,
    "quantity" INTEGER NOT NULL,
    "currentQuantity" INTEGER NOT NULL,
    "netRevenueBeforeTax" INTEGER NOT NULL,
    "discountBeforeTax" INTEGER NOT NULL,
    "tax" INTEGER NOT NULL,
    "unitPriceBeforeTax" INTEGER NOT NULL,
    "unitWeightGrams" REAL,
    "requiresShipping" BOOLEAN NOT NULL,
    "isGiftCard" BOOLEAN NOT NULL DEFAULT false,

    PRIMARY KEY ("shop", "orderId", "position")
);
INSERT INTO "new_OrderLine" ("currentQuantity", "discountBeforeTax", "id", "netRevenueBeforeTax", "orderId", "position", "productId", "quantity", "requiresShipping", "shop", "sku", "tax", "title", "unitPriceBeforeTax", "unitWeightGrams", "variantId") SELECT "currentQuantity", "discountBeforeTax", "id", "netRevenueBeforeTax", "orderId", "position", "productId", "quantity", "requiresShipping", "shop", "sku", "tax", "title", "unitPriceBeforeTax", "unitWeightGrams", "variantId" FROM "OrderLine";
DROP TABLE "OrderLine";
ALTER TABLE "new_OrderLine" RENAME TO "OrderLine";
CREATE INDEX "OrderLine_shop_variantId_idx" ON "OrderLine"("shop", "variantId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
