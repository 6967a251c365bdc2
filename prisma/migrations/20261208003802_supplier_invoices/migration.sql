-- CreateTable
CREATE TABLE "SupplierInvoice" (
    "shop" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "supplierId" TEXT,
    "supplierName" TEXT NOT NULL,
    "supplierKey" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "reference" TEXT NOT NULL,
    "referenceKey" TEXT NOT NULL,
    "amount" INTEGER NOT NULL,
    "currency" TEXT NOT NULL,
    "issueDate" TEXT NOT NULL,
    "dueDate" TEXT NOT NULL,
    "paidDate" TEXT,
    "penalty" INTEGER,
    "createdAt" DATETIME NOT NULL,
    "updatedAt" DATETIME NOT NULL,

    PRIMARY KEY ("shop", "id")
);

-- CreateIndex
CREATE INDEX "SupplierInvoice_shop_dueDate_idx" ON "SupplierInvoice"("shop", "dueDate");

-- CreateIndex
CREATE UNIQUE INDEX "SupplierInvoice_shop_supplierKey_referenceKey_key" ON "SupplierInvoice"("shop", "supplierKey", "referenceKey");
