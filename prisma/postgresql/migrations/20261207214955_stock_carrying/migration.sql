-- AlterTable
ALTER TABLE "OrderMargin" ADD COLUMN     "stockCarrying" INTEGER NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "ProductDayMargin" ADD COLUMN     "stockCarrying" INTEGER NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "VariantDayMargin" ADD COLUMN     "stockCarrying" INTEGER NOT NULL DEFAULT 0;
