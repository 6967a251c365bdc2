-- CreateTable
CREATE TABLE "Product" (
    "shop" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "status" TEXT,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "syncedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Product_pkey" PRIMARY KEY ("shop","id")
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
    "weightGrams" DOUBLE PRECISION,
    "requiresShipping" BOOLEAN,
    "tracked" BOOLEAN,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "costUpdatedAt" TIMESTAMP(3),
    "syncedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Variant_pkey" PRIMARY KEY ("shop","id")
);

-- CreateTable
CREATE TABLE "UnitCostSnapshot" (
    "id" SERIAL NOT NULL,
    "shop" TEXT NOT NULL,
    "variantId" TEXT NOT NULL,
    "observedAt" TIMESTAMP(3) NOT NULL,
    "cost" INTEGER,
    "currency" TEXT NOT NULL,
    "source" TEXT NOT NULL,

    CONSTRAINT "UnitCostSnapshot_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Order" (
    "shop" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "processedAt" TIMESTAMP(3) NOT NULL,
    "shopifyUpdatedAt" TIMESTAMP(3) NOT NULL,
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
    "syncedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Order_pkey" PRIMARY KEY ("shop","id")
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
    "unitWeightGrams" DOUBLE PRECISION,
    "requiresShipping" BOOLEAN NOT NULL,

    CONSTRAINT "OrderLine_pkey" PRIMARY KEY ("shop","orderId","position")
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

    CONSTRAINT "OrderShippingLine_pkey" PRIMARY KEY ("shop","orderId","position")
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

    CONSTRAINT "OrderTransaction_pkey" PRIMARY KEY ("shop","orderId","position")
);

-- CreateTable
CREATE TABLE "Refund" (
    "shop" TEXT NOT NULL,
    "orderId" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "processedAt" TIMESTAMP(3) NOT NULL,
    "linesBeforeTax" INTEGER NOT NULL,
    "linesTax" INTEGER NOT NULL,
    "shippingBeforeTax" INTEGER NOT NULL,
    "shippingTax" INTEGER NOT NULL,

    CONSTRAINT "Refund_pkey" PRIMARY KEY ("shop","id")
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

    CONSTRAINT "RefundLine_pkey" PRIMARY KEY ("shop","refundId","position")
);

-- CreateTable
CREATE TABLE "SyncState" (
    "shop" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "attentionCode" TEXT,
    "attentionMessage" TEXT,
    "ordersSince" TIMESTAMP(3),
    "ordersWindowReason" TEXT,
    "lastBackfillAt" TIMESTAMP(3),
    "lastReconcileAt" TIMESTAMP(3),
    "reconcileCursor" TIMESTAMP(3),
    "catalogCursor" TIMESTAMP(3),
    "lastWebhookAt" TIMESTAMP(3),
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SyncState_pkey" PRIMARY KEY ("shop")
);

-- CreateTable
CREATE TABLE "SyncRun" (
    "id" TEXT NOT NULL,
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
    "startedAt" TIMESTAMP(3) NOT NULL,
    "finishedAt" TIMESTAMP(3),
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SyncRun_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OrderRefetch" (
    "shop" TEXT NOT NULL,
    "orderId" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "OrderRefetch_pkey" PRIMARY KEY ("shop","orderId")
);

-- CreateTable
CREATE TABLE "WebhookEvent" (
    "shop" TEXT NOT NULL,
    "eventId" TEXT NOT NULL,
    "topic" TEXT NOT NULL,
    "receivedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "WebhookEvent_pkey" PRIMARY KEY ("shop","eventId")
);

-- CreateTable
CREATE TABLE "CostSettingsVersion" (
    "shop" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "effectiveFrom" TEXT,
    "savedAt" TIMESTAMP(3) NOT NULL,
    "note" TEXT,
    "settings" TEXT NOT NULL,

    CONSTRAINT "CostSettingsVersion_pkey" PRIMARY KEY ("shop","position")
);

-- CreateTable
CREATE TABLE "UnitCostOverride" (
    "shop" TEXT NOT NULL,
    "variantId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "effectiveFrom" TEXT,
    "cost" INTEGER NOT NULL,
    "currency" TEXT NOT NULL,
    "savedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "UnitCostOverride_pkey" PRIMARY KEY ("shop","variantId","position")
);

-- CreateTable
CREATE TABLE "ShippingCostActual" (
    "shop" TEXT NOT NULL,
    "orderKey" TEXT NOT NULL,
    "amount" INTEGER NOT NULL,
    "currency" TEXT NOT NULL,
    "importedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ShippingCostActual_pkey" PRIMARY KEY ("shop","orderKey")
);

-- CreateTable
CREATE TABLE "OrderMargin" (
    "shop" TEXT NOT NULL,
    "orderId" TEXT NOT NULL,
    "orderName" TEXT NOT NULL,
    "processedAt" TIMESTAMP(3) NOT NULL,
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
    "computedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "OrderMargin_pkey" PRIMARY KEY ("shop","orderId")
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

    CONSTRAINT "ProductDayMargin_pkey" PRIMARY KEY ("shop","day","productId")
);

-- CreateTable
CREATE TABLE "MarginDirty" (
    "id" SERIAL NOT NULL,
    "shop" TEXT NOT NULL,
    "since" TIMESTAMP(3) NOT NULL,
    "until" TIMESTAMP(3),
    "reason" TEXT NOT NULL,
    "markedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "MarginDirty_pkey" PRIMARY KEY ("id")
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
