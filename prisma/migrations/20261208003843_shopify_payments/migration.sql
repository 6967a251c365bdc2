-- CreateTable
CREATE TABLE "PayoutSchedule" (
    "shop" TEXT NOT NULL PRIMARY KEY,
    "status" TEXT NOT NULL,
    "accountId" TEXT,
    "currency" TEXT,
    "interval" TEXT,
    "monthlyAnchor" INTEGER,
    "weeklyAnchor" TEXT,
    "checkedAt" DATETIME NOT NULL,
    "syncedThrough" DATETIME
);

-- CreateTable
CREATE TABLE "Payout" (
    "shop" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "issuedAt" DATETIME NOT NULL,
    "status" TEXT NOT NULL,
    "transactionType" TEXT NOT NULL,
    "currency" TEXT NOT NULL,
    "net" INTEGER NOT NULL,
    "gross" INTEGER NOT NULL,
    "fees" INTEGER NOT NULL,
    "syncedAt" DATETIME NOT NULL,

    PRIMARY KEY ("shop", "id")
);

-- CreateTable
CREATE TABLE "BalanceTransaction" (
    "shop" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "sourceType" TEXT,
    "test" BOOLEAN NOT NULL,
    "transactionDate" DATETIME NOT NULL,
    "currency" TEXT NOT NULL,
    "amount" INTEGER NOT NULL,
    "fee" INTEGER NOT NULL,
    "net" INTEGER NOT NULL,
    "orderId" TEXT,
    "payoutId" TEXT,
    "payoutStatus" TEXT,
    "sourceOrderTransactionId" TEXT,
    "syncedAt" DATETIME NOT NULL,

    PRIMARY KEY ("shop", "id")
);

-- CreateIndex
CREATE INDEX "Payout_shop_issuedAt_idx" ON "Payout"("shop", "issuedAt");

-- CreateIndex
CREATE INDEX "BalanceTransaction_shop_orderId_idx" ON "BalanceTransaction"("shop", "orderId");

-- CreateIndex
CREATE INDEX "BalanceTransaction_shop_payoutId_idx" ON "BalanceTransaction"("shop", "payoutId");

-- CreateIndex
CREATE INDEX "BalanceTransaction_shop_transactionDate_idx" ON "BalanceTransaction"("shop", "transactionDate");
