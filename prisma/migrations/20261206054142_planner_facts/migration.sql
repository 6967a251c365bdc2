-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_OrderMargin" (
    "shop" TEXT NOT NULL,
    "orderId" TEXT NOT NULL,
    "orderName" TEXT NOT NULL,
    "processedAt" DATETIME NOT NULL,
    "localDate" TEXT NOT NULL,
    "currency" TEXT NOT NULL,
    "cancelled" BOOLEAN NOT NULL,
    "test" BOOLEAN NOT NULL,
    "countryCode" TEXT,
    "gateway" TEXT,
    "items" INTEGER NOT NULL,
    "netRevenue" INTEGER NOT NULL,
    "costOfGoods" INTEGER NOT NULL,
    "shipping" INTEGER NOT NULL,
    "packaging" INTEGER NOT NULL,
    "labour" INTEGER NOT NULL,
    "paymentFees" INTEGER NOT NULL,
    "fixedCosts" INTEGER NOT NULL,
    "provisions" INTEGER NOT NULL,
    "totalCosts" INTEGER NOT NULL,
    "netMargin" INTEGER NOT NULL,
    "marginBp" INTEGER,
    "withoutDiscounts" INTEGER NOT NULL,
    "flags" INTEGER NOT NULL,
    "shippingSource" TEXT NOT NULL,
    "feesEstimated" BOOLEAN NOT NULL,
    "missingCostLines" INTEGER NOT NULL,
    "basket" INTEGER NOT NULL DEFAULT 0,
    "shippingRevenue" INTEGER NOT NULL DEFAULT 0,
    "shippingZone" TEXT NOT NULL DEFAULT '',
    "computedAt" DATETIME NOT NULL,

    PRIMARY KEY ("shop", "orderId")
);
INSERT INTO "new_OrderMargin" ("cancelled", "computedAt", "costOfGoods", "countryCode", "currency", "feesEstimated", "fixedCosts", "flags", "gateway", "items", "labour", "localDate", "marginBp", "missingCostLines", "netMargin", "netRevenue", "orderId", "orderName", "packaging", "paymentFees", "processedAt", "provisions", "shipping", "shippingSource", "shop", "test", "totalCosts", "withoutDiscounts") SELECT "cancelled", "computedAt", "costOfGoods", "countryCode", "currency", "feesEstimated", "fixedCosts", "flags", "gateway", "items", "labour", "localDate", "marginBp", "missingCostLines", "netMargin", "netRevenue", "orderId", "orderName", "packaging", "paymentFees", "processedAt", "provisions", "shipping", "shippingSource", "shop", "test", "totalCosts", "withoutDiscounts" FROM "OrderMargin";
DROP TABLE "OrderMargin";
ALTER TABLE "new_OrderMargin" RENAME TO "OrderMargin";
CREATE INDEX "OrderMargin_shop_processedAt_idx" ON "OrderMargin"("shop", "processedAt");
CREATE INDEX "OrderMargin_shop_netMargin_orderId_idx" ON "OrderMargin"("shop", "netMargin", "orderId");
CREATE INDEX "OrderMargin_shop_gateway_idx" ON "OrderMargin"("shop", "gateway");
CREATE INDEX "OrderMargin_shop_countryCode_idx" ON "OrderMargin"("shop", "countryCode");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- Data: stored margins have no planner facts until they are recomputed, so every
-- shop with margins gets its whole history marked dirty (the app enqueues the
-- recompute at boot, app/sync/sync-jobs.server.ts).
INSERT INTO "MarginDirty" ("shop", "since", "until", "reason", "markedAt")
SELECT DISTINCT "shop", '1970-01-01T00:00:00.000+00:00', NULL, 'migration', '2026-12-06T00:00:00.000+00:00' FROM "OrderMargin";
