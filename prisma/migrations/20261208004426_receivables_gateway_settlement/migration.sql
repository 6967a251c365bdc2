-- AlterTable
ALTER TABLE "Order" ADD COLUMN "outstanding" INTEGER;
ALTER TABLE "Order" ADD COLUMN "paymentDueAt" DATETIME;
ALTER TABLE "Order" ADD COLUMN "paymentDueInDays" INTEGER;
ALTER TABLE "Order" ADD COLUMN "paymentTermsType" TEXT;

-- CreateTable
CREATE TABLE "GatewaySettlement" (
    "shop" TEXT NOT NULL,
    "gateway" TEXT NOT NULL,
    "days" INTEGER NOT NULL,
    "updatedAt" DATETIME NOT NULL,

    PRIMARY KEY ("shop", "gateway")
);

-- CreateIndex
CREATE INDEX "Order_shop_financialStatus_idx" ON "Order"("shop", "financialStatus");
