-- AlterTable
ALTER TABLE "OrderMargin" ADD COLUMN     "basket" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "shippingRevenue" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "shippingZone" TEXT NOT NULL DEFAULT '';

-- Data: stored margins have no planner facts until they are recomputed, so every
-- shop with margins gets its whole history marked dirty (the app enqueues the
-- recompute at boot, app/sync/sync-jobs.server.ts).
INSERT INTO "MarginDirty" ("shop", "since", "until", "reason", "markedAt")
SELECT DISTINCT "shop", TIMESTAMP '1970-01-01 00:00:00', CAST(NULL AS TIMESTAMP(3)), 'migration', CURRENT_TIMESTAMP FROM "OrderMargin";
