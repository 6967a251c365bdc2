import { beforeAll, expect, it } from "vitest";

import { applyMigrations } from "../../prisma/tools/migrator";
import { openSqlDb, type SqlDb } from "~/sync/sql.server";
import { describeEachProvider } from "./databases";

/**
 * OrderMarginRank (the orders page's net-margin order) follows OrderMargin through
 * the triggers of migration margin_rank, on both providers: whatever writes the
 * rows (the recompute's upsert, Prisma, a plain DELETE), except for a shop a
 * recompute has paused (MarginRankPaused) to rebuild its entries itself.
 */
const A = "alpha.myshopify.com";
const B = "beta.myshopify.com";
const COLUMNS = [
  "shop", "orderId", "orderName", "processedAt", "localDate", "currency", "cancelled", "test", "items", "netRevenue", "costOfGoods", "shipping",
  "packaging", "labour", "paymentFees", "fixedCosts", "provisions", "totalCosts", "netMargin", "withoutDiscounts", "flags", "shippingSource",
  "feesEstimated", "missingCostLines", "computedAt",
];
const UPSERT = { key: ["shop", "orderId"], update: ["netMargin", "computedAt"] };
const T = new Date("2026-11-10T10:00:00Z");

function row(shop: string, n: number, netMargin: number) {
  return [shop, `gid://shopify/Order/${n}`, `#${n}`, T, "2026-11-10", "EUR", false, false, 1, 1000, 0, 0, 0, 0, 0, 0, 0, 0, netMargin, netMargin, 0, "rule", false, 0, T];
}

async function rank(sql: SqlDb, shop: string): Promise<[string, number][]> {
  const rows = await sql.query<{ orderId: string; netMargin: unknown }>(
    `SELECT "orderId", "netMargin" FROM "OrderMarginRank" WHERE "shop" = ? ORDER BY "netMargin", "orderId"`,
    [shop],
  );
  return rows.map((r) => [r.orderId.replace("gid://shopify/Order/", "#"), Number(r.netMargin)]);
}

describeEachProvider("OrderMarginRank triggers", (_provider, database) => {
  beforeAll(async () => {
    await applyMigrations({ databaseUrl: database().url });
  });

  it("insert, update and delete of OrderMargin rows move their entries; a paused shop's are left alone", async () => {
    const sql = openSqlDb(database().url);
    try {
      await sql.insertMany("OrderMargin", COLUMNS, [row(A, 1, 500), row(A, 2, -200), row(B, 1, 700)], UPSERT);
      expect(await rank(sql, A)).toEqual([["#2", -200], ["#1", 500]]);
      // The recompute's upsert: #1 drops below #2, #2 keeps its margin (only the computedAt changes), #3 is new.
      await sql.transaction((tx) => tx.insertMany("OrderMargin", COLUMNS, [row(A, 1, -900), row(A, 2, -200), row(A, 3, 0)], UPSERT));
      expect(await rank(sql, A)).toEqual([["#1", -900], ["#2", -200], ["#3", 0]]);
      await sql.execute(`UPDATE "OrderMargin" SET "netMargin" = 50 WHERE "shop" = ? AND "orderId" = ?`, [A, "gid://shopify/Order/2"]);
      await sql.execute(`DELETE FROM "OrderMargin" WHERE "shop" = ? AND "orderId" = ?`, [A, "gid://shopify/Order/3"]);
      expect(await rank(sql, A)).toEqual([["#1", -900], ["#2", 50]]);

      // Paused: A's rows change, its entries do not; B's still follow.
      await sql.execute(`INSERT INTO "MarginRankPaused" ("shop", "since") VALUES (?, ?)`, [A, T]);
      await sql.insertMany("OrderMargin", COLUMNS, [row(A, 1, 10), row(A, 4, 20), row(B, 1, -1)], UPSERT);
      await sql.execute(`DELETE FROM "OrderMargin" WHERE "shop" = ? AND "orderId" = ?`, [A, "gid://shopify/Order/2"]);
      expect(await rank(sql, A)).toEqual([["#1", -900], ["#2", 50]]);
      expect(await rank(sql, B)).toEqual([["#1", -1]]);
      await sql.execute(`DELETE FROM "MarginRankPaused" WHERE "shop" = ?`, [A]);
      await sql.insertMany("OrderMargin", COLUMNS, [row(A, 5, 30)], UPSERT);
      // Unpaused, new writes follow again; what changed meanwhile waits for the recompute's rebuild.
      expect(await rank(sql, A)).toEqual([["#1", -900], ["#5", 30], ["#2", 50]]);
    } finally {
      await sql.close();
    }
  });
});
