-- AlterTable
ALTER TABLE "Product" ADD COLUMN "vendor" TEXT;

-- CreateTable
CREATE TABLE "Supplier" (
    "shop" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "nameKey" TEXT NOT NULL,
    "vendorKey" TEXT,
    "leadTimeDays" INTEGER NOT NULL,
    "minOrderQuantity" INTEGER NOT NULL,
    "paymentTermsDays" INTEGER NOT NULL,
    "currency" TEXT NOT NULL,
    "updatedAt" DATETIME NOT NULL,

    PRIMARY KEY ("shop", "id")
);

-- CreateTable
CREATE TABLE "ProductSupplier" (
    "shop" TEXT NOT NULL,
    "productId" TEXT NOT NULL,
    "supplierId" TEXT NOT NULL,
    "savedAt" DATETIME NOT NULL,

    PRIMARY KEY ("shop", "productId")
);

-- CreateIndex
CREATE UNIQUE INDEX "Supplier_shop_nameKey_key" ON "Supplier"("shop", "nameKey");

-- CreateIndex
CREATE UNIQUE INDEX "Supplier_shop_vendorKey_key" ON "Supplier"("shop", "vendorKey");

-- CreateIndex
CREATE INDEX "ProductSupplier_shop_supplierId_idx" ON "ProductSupplier"("shop", "supplierId");
