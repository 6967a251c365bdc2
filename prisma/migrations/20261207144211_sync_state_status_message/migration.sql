-- AlterTable
ALTER TABLE "SyncState" ADD COLUMN "statusMessage" TEXT;
