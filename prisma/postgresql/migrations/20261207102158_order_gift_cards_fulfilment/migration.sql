-- AlterTable
ALTER TABLE "Order" ADD COLUMN     "fulfillmentStatus" TEXT,
ADD COLUMN     "giftCardOnly" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "parcelsShipped" INTEGER;

-- AlterTable
ALTER TABLE "OrderLine" ADD COLUMN     "isGiftCard" BOOLEAN NOT NULL DEFAULT false;
