-- CreateTable
CREATE TABLE "CashBalance" (
    "shop" TEXT NOT NULL,
    "date" TEXT NOT NULL,
    "amount" BIGINT NOT NULL,
    "currency" TEXT NOT NULL,
    "enteredAt" DATETIME NOT NULL,

    PRIMARY KEY ("shop", "date")
);
