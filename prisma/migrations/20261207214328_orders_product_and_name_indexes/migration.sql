-- CreateIndex
CREATE INDEX "OrderLine_shop_productId_orderId_idx" ON "OrderLine"("shop", "productId", "orderId");

-- CreateIndex
CREATE INDEX "OrderMargin_shop_orderName_idx" ON "OrderMargin"("shop", "orderName");
