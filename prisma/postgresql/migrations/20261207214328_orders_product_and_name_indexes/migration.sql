-- CreateIndex
CREATE INDEX "OrderLine_shop_productId_orderId_idx" ON "OrderLine"("shop", "productId", "orderId");

-- CreateIndex
-- The orders search is a prefix range on the name compared byte by byte (COLLATE "C", as SQLite's
-- BINARY): under a language collation such as en_US a range from '#1042' to '#1043' is not "starts
-- with #1042", and a plain index could not serve it. The query says COLLATE "C" too
-- (app/services/orders-view.server.ts).
CREATE INDEX "OrderMargin_shop_orderName_idx" ON "OrderMargin"("shop", "orderName" COLLATE "C");
