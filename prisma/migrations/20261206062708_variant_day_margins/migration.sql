-- CreateTable
CREATE TABLE "VariantDayMargin" (
    "shop" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "productId" TEXT NOT NULL,
    "variantId" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "currency" TEXT NOT NULL,
    "orders" INTEGER NOT NULL,
    "lines" INTEGER NOT NULL,
    "units" INTEGER NOT NULL,
    "merchandise" INTEGER NOT NULL,
    "shippingRevenue" INTEGER NOT NULL,
    "discounts" INTEGER NOT NULL,
    "costOfGoods" INTEGER NOT NULL,
    "shipping" INTEGER NOT NULL,
    "packaging" INTEGER NOT NULL,
    "labour" INTEGER NOT NULL,
    "paymentFees" INTEGER NOT NULL,
    "fixedCosts" INTEGER NOT NULL,
    "returns" INTEGER NOT NULL,
    "fraud" INTEGER NOT NULL,
    "spoilage" INTEGER NOT NULL,
    "netMargin" INTEGER NOT NULL,
    "withoutDiscounts" INTEGER NOT NULL,
    "missingLines" INTEGER NOT NULL,
    "missingUnits" INTEGER NOT NULL,
    "missingRevenue" INTEGER NOT NULL,
    "estimatedLines" INTEGER NOT NULL,

    PRIMARY KEY ("shop", "day", "productId", "variantId")
);

-- CreateIndex
CREATE INDEX "VariantDayMargin_shop_productId_day_idx" ON "VariantDayMargin"("shop", "productId", "day");

-- Data: the variant sums are written by the recompute, so every shop with margins
-- gets its whole history marked dirty (recomputed at the app's next boot).
INSERT INTO "MarginDirty" ("shop", "since", "until", "reason", "markedAt")
SELECT DISTINCT "shop", '1970-01-01T00:00:00.000+00:00', NULL, 'migration', '2026-12-06T00:00:00.000+00:00' FROM "OrderMargin";
