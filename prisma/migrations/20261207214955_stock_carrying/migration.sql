-- Stock carrying cost (issue 18, item 4): a new cost step in the stored margins.
-- Written by hand as ADD COLUMN: the generated redefinition (new table, copy, DROP
-- TABLE "OrderMargin") would also drop the OrderMarginRank triggers on OrderMargin
-- (migration margin_rank) and copy every stored margin.

-- AlterTable
ALTER TABLE "OrderMargin" ADD COLUMN "stockCarrying" INTEGER NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "ProductDayMargin" ADD COLUMN "stockCarrying" INTEGER NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "VariantDayMargin" ADD COLUMN "stockCarrying" INTEGER NOT NULL DEFAULT 0;
