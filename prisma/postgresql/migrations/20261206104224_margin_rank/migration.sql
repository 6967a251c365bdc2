-- DropIndex
DROP INDEX "OrderMargin_shop_netMargin_orderId_idx";

-- CreateTable
CREATE TABLE "OrderMarginRank" (
    "shop" TEXT NOT NULL,
    "netMargin" INTEGER NOT NULL,
    "orderId" TEXT NOT NULL,

    CONSTRAINT "OrderMarginRank_pkey" PRIMARY KEY ("shop","netMargin","orderId")
);

-- CreateTable
CREATE TABLE "MarginRankPaused" (
    "shop" TEXT NOT NULL,
    "since" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "MarginRankPaused_pkey" PRIMARY KEY ("shop")
);

-- Every stored margin gets its entry (the orders page's net-margin order).
INSERT INTO "OrderMarginRank" ("shop", "netMargin", "orderId")
SELECT "shop", "netMargin", "orderId" FROM "OrderMargin";

-- A trigger keeps OrderMarginRank in step with OrderMargin, except for the shops a
-- recompute has paused (MarginRankPaused): it rebuilds their entries at the end
-- (app/margins/recompute.server.ts). An upsert that updates a row fires the UPDATE trigger.
CREATE FUNCTION "order_margin_rank"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    IF NOT EXISTS (SELECT 1 FROM "MarginRankPaused" WHERE "shop" = OLD."shop") THEN
      DELETE FROM "OrderMarginRank" WHERE "shop" = OLD."shop" AND "netMargin" = OLD."netMargin" AND "orderId" = OLD."orderId";
    END IF;
    RETURN NULL;
  END IF;
  IF EXISTS (SELECT 1 FROM "MarginRankPaused" WHERE "shop" = NEW."shop") THEN
    RETURN NULL;
  END IF;
  IF TG_OP = 'UPDATE' THEN
    IF OLD."netMargin" = NEW."netMargin" THEN
      RETURN NULL;
    END IF;
    DELETE FROM "OrderMarginRank" WHERE "shop" = OLD."shop" AND "netMargin" = OLD."netMargin" AND "orderId" = OLD."orderId";
  END IF;
  INSERT INTO "OrderMarginRank" ("shop", "netMargin", "orderId") VALUES (NEW."shop", NEW."netMargin", NEW."orderId");
  RETURN NULL;
END;
$$;

CREATE TRIGGER "OrderMargin_rank" AFTER INSERT OR DELETE OR UPDATE OF "netMargin" ON "OrderMargin"
FOR EACH ROW EXECUTE FUNCTION "order_margin_rank"();
