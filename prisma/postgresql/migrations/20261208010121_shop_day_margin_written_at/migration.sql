-- AlterTable
ALTER TABLE "ShopDayMargin" ADD COLUMN     "writtenAt" TIMESTAMP(3);
