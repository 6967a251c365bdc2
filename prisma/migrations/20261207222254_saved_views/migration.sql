-- CreateTable
CREATE TABLE "SavedView" (
    "shop" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "list" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "nameKey" TEXT NOT NULL,
    "query" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL,
    "updatedAt" DATETIME NOT NULL,

    PRIMARY KEY ("shop", "id")
);

-- CreateIndex
CREATE UNIQUE INDEX "SavedView_shop_list_nameKey_key" ON "SavedView"("shop", "list", "nameKey");
