-- CreateTable
CREATE TABLE "StockSnapshot" (
    "shop" TEXT NOT NULL,
    "variantId" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "onHand" INTEGER NOT NULL,
    "unitCost" INTEGER,
    "valueAtCost" BIGINT,
    "currency" TEXT NOT NULL,
    "recordedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "StockSnapshot_pkey" PRIMARY KEY ("shop","variantId","day")
);

-- CreateIndex
CREATE INDEX "StockSnapshot_shop_day_idx" ON "StockSnapshot"("shop", "day");
