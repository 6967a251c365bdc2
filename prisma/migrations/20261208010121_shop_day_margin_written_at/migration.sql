-- AlterTable
ALTER TABLE "ShopDayMargin" ADD COLUMN "writtenAt" DATETIME;
