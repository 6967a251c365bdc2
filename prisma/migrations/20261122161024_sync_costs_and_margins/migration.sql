-- CreateTable
CREATE TABLE "Product" (
    "shop" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "status" TEXT,
    "updatedAt" DATETIME NOT NULL,
    "syncedAt" DATETIME NOT NULL,

    PRIMARY KEY ("shop", "id")
);

-- CreateTable
CREATE TABLE "Variant" (
    "shop" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "productId" TEXT NOT NULL,
    "title" TEXT,
    "sku" TEXT,
    "price" INTEGER,
    "currency" TEXT NOT NULL,
    "inventoryItemId" TEXT,
    "unitCost" INTEGER,
    "unitCostCurrency" TEXT,
    "weightGrams" REAL,
    "requiresShipping" BOOLEAN,
    "tracked" BOOLEAN,
    "updatedAt" DATETIME NOT NULL,
    "costUpdatedAt" DATETIME,
    "syncedAt" DATETIME NOT NULL,

    PRIMARY KEY ("shop", "id")
);

-- CreateTable
CREATE TABLE "UnitCostSnapshot" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "shop" TEXT NOT NULL,
    "variantId" TEXT NOT NULL,
    "observedAt" DATETIME NOT NULL,
    "cost" INTEGER,
    "currency" TEXT NOT NULL,
    "source" TEXT NOT NULL
);

-- CreateTable
CREATE TABLE "Order" (
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
    "origin" TEXT NOT NULL,
    "syncedAt" DATETIME NOT NULL,

    PRIMARY KEY ("shop", "id")
);

-- CreateTable
CREATE TABLE "OrderLine" (
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

    PRIMARY KEY ("shop", "orderId", "position")
);

-- CreateTable
CREATE TABLE "OrderShippingLine" (
    "shop" TEXT NOT NULL,
    "orderId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    "code" TEXT,
    "source" TEXT,
    "chargedBeforeTax" INTEGER NOT NULL,
    "tax" INTEGER NOT NULL,
    "refundedBeforeTax" INTEGER NOT NULL,

    PRIMARY KEY ("shop", "orderId", "position")
);

-- CreateTable
CREATE TABLE "OrderTransaction" (
    "shop" TEXT NOT NULL,
    "orderId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "gateway" TEXT,
    "kind" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "amount" INTEGER NOT NULL,
    "feesActual" INTEGER,

    PRIMARY KEY ("shop", "orderId", "position")
);

-- CreateTable
CREATE TABLE "Refund" (
    "shop" TEXT NOT NULL,
    "orderId" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "processedAt" DATETIME NOT NULL,
    "linesBeforeTax" INTEGER NOT NULL,
    "linesTax" INTEGER NOT NULL,
    "shippingBeforeTax" INTEGER NOT NULL,
    "shippingTax" INTEGER NOT NULL,

    PRIMARY KEY ("shop", "id")
);

-- CreateTable
CREATE TABLE "RefundLine" (
    "shop" TEXT NOT NULL,
    "refundId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "orderId" TEXT NOT NULL,
    "lineItemId" TEXT NOT NULL,
    "quantity" INTEGER NOT NULL,
    "subtotalBeforeTax" INTEGER NOT NULL,
    "tax" INTEGER NOT NULL,

    PRIMARY KEY ("shop", "refundId", "position")
);

-- CreateTable
CREATE TABLE "SyncState" (
    "shop" TEXT NOT NULL PRIMARY KEY,
    "status" TEXT NOT NULL,
    "attentionCode" TEXT,
    "attentionMessage" TEXT,
    "ordersSince" DATETIME,
    "ordersWindowReason" TEXT,
    "lastBackfillAt" DATETIME,
    "lastReconcileAt" DATETIME,
    "reconcileCursor" DATETIME,
    "catalogCursor" DATETIME,
    "lastWebhookAt" DATETIME,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "SyncRun" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "bulkOperationId" TEXT,
    "query" TEXT,
    "linesRead" INTEGER NOT NULL DEFAULT 0,
    "objectsWritten" INTEGER NOT NULL DEFAULT 0,
    "childrenLate" INTEGER NOT NULL DEFAULT 0,
    "objectCount" INTEGER,
    "error" TEXT,
    "partial" BOOLEAN NOT NULL DEFAULT false,
    "startedAt" DATETIME NOT NULL,
    "finishedAt" DATETIME,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "OrderRefetch" (
    "shop" TEXT NOT NULL,
    "orderId" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL,

    PRIMARY KEY ("shop", "orderId")
);

-- CreateTable
CREATE TABLE "WebhookEvent" (
    "shop" TEXT NOT NULL,
    "eventId" TEXT NOT NULL,
    "topic" TEXT NOT NULL,
    "receivedAt" DATETIME NOT NULL,

    PRIMARY KEY ("shop", "eventId")
);

-- CreateTable
CREATE TABLE "CostSettingsVersion" (
    "shop" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "effectiveFrom" TEXT,
    "savedAt" DATETIME NOT NULL,
    "note" TEXT,
    "settings" TEXT NOT NULL,

    PRIMARY KEY ("shop", "position")
);

-- CreateTable
CREATE TABLE "UnitCostOverride" (
    "shop" TEXT NOT NULL,
    "variantId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "effectiveFrom" TEXT,
    "cost" INTEGER NOT NULL,
    "currency" TEXT NOT NULL,
    "savedAt" DATETIME NOT NULL,

    PRIMARY KEY ("shop", "variantId", "position")
);

-- CreateTable
CREATE TABLE "ShippingCostActual" (
    "shop" TEXT NOT NULL,
    "orderKey" TEXT NOT NULL,
    "amount" INTEGER NOT NULL,
    "currency" TEXT NOT NULL,
    "importedAt" DATETIME NOT NULL,

    PRIMARY KEY ("shop", "orderKey")
);

-- CreateTable
CREATE TABLE "OrderMargin" (
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
    "computedAt" DATETIME NOT NULL,

    PRIMARY KEY ("shop", "orderId")
);

-- CreateTable
CREATE TABLE "ProductDayMargin" (
    "shop" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "productId" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "currency" TEXT NOT NULL,
    "orders" INTEGER NOT NULL,
    "lines" INTEGER NOT NULL,
    "units" INTEGER NOT NULL,
    "merchandise" INTEGER NOT NULL,
    "shippingRevenue" INTEGER NOT NULL,
    "discounts" INTEGER NOT NULL,
    "costOfGoods" INTEGER NOT NULL,
    "shipping" INTEGER NOT NULL,
    "packaging" INTEGER NOT NULL,
    "labour" INTEGER NOT NULL,
    "paymentFees" INTEGER NOT NULL,
    "fixedCosts" INTEGER NOT NULL,
    "returns" INTEGER NOT NULL,
    "fraud" INTEGER NOT NULL,
    "spoilage" INTEGER NOT NULL,
    "netMargin" INTEGER NOT NULL,
    "withoutDiscounts" INTEGER NOT NULL,
    "missingLines" INTEGER NOT NULL,
    "missingUnits" INTEGER NOT NULL,
    "missingRevenue" INTEGER NOT NULL,
    "estimatedLines" INTEGER NOT NULL,

    PRIMARY KEY ("shop", "day", "productId")
);

-- CreateTable
CREATE TABLE "MarginDirty" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "shop" TEXT NOT NULL,
    "since" DATETIME NOT NULL,
    "until" DATETIME,
    "reason" TEXT NOT NULL,
    "markedAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE INDEX "Variant_shop_productId_idx" ON "Variant"("shop", "productId");

-- CreateIndex
CREATE INDEX "Variant_shop_inventoryItemId_idx" ON "Variant"("shop", "inventoryItemId");

-- CreateIndex
CREATE INDEX "Variant_shop_sku_idx" ON "Variant"("shop", "sku");

-- CreateIndex
CREATE INDEX "UnitCostSnapshot_shop_variantId_observedAt_idx" ON "UnitCostSnapshot"("shop", "variantId", "observedAt");

-- CreateIndex
CREATE INDEX "Order_shop_processedAt_idx" ON "Order"("shop", "processedAt");

-- CreateIndex
CREATE INDEX "OrderLine_shop_variantId_idx" ON "OrderLine"("shop", "variantId");

-- CreateIndex
CREATE INDEX "Refund_shop_orderId_idx" ON "Refund"("shop", "orderId");

-- CreateIndex
CREATE INDEX "Refund_shop_processedAt_idx" ON "Refund"("shop", "processedAt");

-- CreateIndex
CREATE INDEX "RefundLine_shop_orderId_idx" ON "RefundLine"("shop", "orderId");

-- CreateIndex
CREATE INDEX "SyncRun_shop_status_idx" ON "SyncRun"("shop", "status");

-- CreateIndex
CREATE INDEX "WebhookEvent_receivedAt_idx" ON "WebhookEvent"("receivedAt");

-- CreateIndex
CREATE INDEX "OrderMargin_shop_processedAt_idx" ON "OrderMargin"("shop", "processedAt");

-- CreateIndex
CREATE INDEX "OrderMargin_shop_netMargin_orderId_idx" ON "OrderMargin"("shop", "netMargin", "orderId");

-- CreateIndex
CREATE INDEX "OrderMargin_shop_gateway_idx" ON "OrderMargin"("shop", "gateway");

-- CreateIndex
CREATE INDEX "OrderMargin_shop_countryCode_idx" ON "OrderMargin"("shop", "countryCode");

-- CreateIndex
CREATE INDEX "ProductDayMargin_shop_productId_day_idx" ON "ProductDayMargin"("shop", "productId", "day");

-- CreateIndex
CREATE INDEX "MarginDirty_shop_idx" ON "MarginDirty"("shop");
