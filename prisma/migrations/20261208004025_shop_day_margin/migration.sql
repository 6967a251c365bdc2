-- CreateTable
CREATE TABLE "ShopDayMargin" (
    "shop" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "gateway" TEXT NOT NULL,
    "currency" TEXT NOT NULL,
    "orders" INTEGER NOT NULL,
    "giftCardOnly" INTEGER NOT NULL,
    "lossOrders" INTEGER NOT NULL,
    "items" INTEGER NOT NULL,
    "netRevenue" INTEGER NOT NULL,
    "costOfGoods" INTEGER NOT NULL,
    "shipping" INTEGER NOT NULL,
    "packaging" INTEGER NOT NULL,
    "labour" INTEGER NOT NULL,
    "paymentFees" INTEGER NOT NULL,
    "fixedCosts" INTEGER NOT NULL,
    "stockCarrying" INTEGER NOT NULL,
    "provisions" INTEGER NOT NULL,
    "netMargin" INTEGER NOT NULL,
    "shippingLossOrders" INTEGER NOT NULL,
    "shippingLoss" INTEGER NOT NULL,
    "unpaidShipping" INTEGER NOT NULL,

    PRIMARY KEY ("shop", "day", "gateway", "currency")
);

-- Filled from the margins already stored (app/store/day-summary.server.ts rebuilds it the same way)
INSERT INTO "ShopDayMargin" ("shop", "day", "gateway", "currency", "orders", "giftCardOnly", "lossOrders", "items", "netRevenue", "costOfGoods", "shipping", "packaging", "labour", "paymentFees", "fixedCosts", "stockCarrying", "provisions", "netMargin", "shippingLossOrders", "shippingLoss", "unpaidShipping")
SELECT m."shop", m."localDate", COALESCE(m."gateway", ''), m."currency", COUNT(*),
       SUM(CASE WHEN m."marginBp" IS NULL AND EXISTS (SELECT 1 FROM "Order" o WHERE o."shop" = m."shop" AND o."id" = m."orderId" AND o."giftCardOnly" = 1) THEN 1 ELSE 0 END),
       SUM(CASE WHEN m."netMargin" < 0 THEN 1 ELSE 0 END), SUM(m."items"), SUM(m."netRevenue"), SUM(m."costOfGoods"), SUM(m."shipping"),
       SUM(m."packaging"), SUM(m."labour"), SUM(m."paymentFees"), SUM(m."fixedCosts"), SUM(m."stockCarrying"), SUM(m."provisions"), SUM(m."netMargin"),
       SUM(CASE WHEN m."netMargin" < 0 AND m."shipping" - m."shippingRevenue" >= -m."netMargin" THEN 1 ELSE 0 END),
       SUM(CASE WHEN m."netMargin" < 0 AND m."shipping" - m."shippingRevenue" >= -m."netMargin" THEN -m."netMargin" ELSE 0 END),
       SUM(CASE WHEN m."netMargin" < 0 AND m."shipping" - m."shippingRevenue" >= -m."netMargin" THEN m."shipping" - m."shippingRevenue" ELSE 0 END)
  FROM "OrderMargin" m
 WHERE m."cancelled" = 0 AND m."test" = 0
 GROUP BY m."shop", m."localDate", COALESCE(m."gateway", ''), m."currency";
