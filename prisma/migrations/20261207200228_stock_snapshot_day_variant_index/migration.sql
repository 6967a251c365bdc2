-- DropIndex
DROP INDEX "StockSnapshot_shop_day_idx";

-- CreateIndex
CREATE INDEX "StockSnapshot_shop_day_variantId_idx" ON "StockSnapshot"("shop", "day", "variantId");
