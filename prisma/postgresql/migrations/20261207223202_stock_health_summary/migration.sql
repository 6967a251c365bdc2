-- CreateTable
CREATE TABLE "StockHealthVariant" (
    "shop" TEXT NOT NULL,
    "variantId" TEXT NOT NULL,
    "productId" TEXT NOT NULL,
    "productTitle" TEXT NOT NULL,
    "variantTitle" TEXT,
    "sku" TEXT,
    "productKey" TEXT NOT NULL,
    "variantKey" TEXT NOT NULL,
    "searchText" TEXT NOT NULL,
    "stockClass" TEXT NOT NULL,
    "abc" TEXT NOT NULL,
    "onHand" INTEGER NOT NULL,
    "unitCost" INTEGER,
    "valueAtCost" BIGINT,
    "valueAtPrice" BIGINT,
    "unitsPerDayShort" DOUBLE PRECISION,
    "unitsPerDayLong" DOUBLE PRECISION,
    "daysOfCover" INTEGER,
    "lastSaleOn" TEXT,
    "daysWithoutSale" INTEGER,
    "cashExcess" BIGINT,
    "cashDead" BIGINT,
    "lostMargin" INTEGER NOT NULL,
    "detail" TEXT NOT NULL,

    CONSTRAINT "StockHealthVariant_pkey" PRIMARY KEY ("shop","variantId")
);

-- CreateTable
CREATE TABLE "StockHealthSummary" (
    "shop" TEXT NOT NULL,
    "asOf" TEXT NOT NULL,
    "refreshedAt" TIMESTAMP(3) NOT NULL,
    "currency" TEXT NOT NULL,
    "stockValue" BIGINT NOT NULL,
    "excessValue" BIGINT NOT NULL,
    "deadValue" BIGINT NOT NULL,
    "lostMargin" BIGINT NOT NULL,
    "variants" INTEGER NOT NULL,
    "detail" TEXT NOT NULL,

    CONSTRAINT "StockHealthSummary_pkey" PRIMARY KEY ("shop")
);

-- CreateIndex
CREATE INDEX "StockHealthVariant_shop_stockClass_idx" ON "StockHealthVariant"("shop", "stockClass");

-- CreateIndex
CREATE INDEX "StockHealthVariant_shop_productId_idx" ON "StockHealthVariant"("shop", "productId");
