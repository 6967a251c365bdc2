-- AlterTable
ALTER TABLE "Order" ADD COLUMN     "outstanding" INTEGER,
ADD COLUMN     "paymentDueAt" TIMESTAMP(3),
ADD COLUMN     "paymentDueInDays" INTEGER,
ADD COLUMN     "paymentTermsType" TEXT;

-- CreateTable
CREATE TABLE "GatewaySettlement" (
    "shop" TEXT NOT NULL,
    "gateway" TEXT NOT NULL,
    "days" INTEGER NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "GatewaySettlement_pkey" PRIMARY KEY ("shop","gateway")
);

-- CreateIndex
CREATE INDEX "Order_shop_financialStatus_idx" ON "Order"("shop", "financialStatus");
