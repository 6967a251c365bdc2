import { rmSync } from "node:fs";

import { afterAll, beforeAll, expect, it } from "vitest";

import { applyMigrations } from "../../prisma/tools/migrator";
import { openSqlDb, type SqlDb } from "~/store/sql.server";
import { describeEachProvider, prismaBefore } from "./databases";

/**
 * OrderMarginRank (the orders page's net-margin order) follows OrderMargin through
 * the triggers of migration margin_rank, on both providers: whatever writes the
 * rows (the recompute's upsert, Prisma, a plain DELETE), except for a shop a
 * recompute has paused (MarginRankPaused) to rebuild its entries itself. The
 * migration gives the margins stored before it their entries and drops
 * OrderMargin's net-margin index.
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

const MIGRATION = "margin_rank";

const tmp: string[] = [];
afterAll(() => {
  for (const dir of tmp) rmSync(dir, { recursive: true, force: true });
});

async function entries(sql: SqlDb): Promise<[string, string, number][]> {
  const rows = await sql.query<{ shop: string; orderId: string; netMargin: unknown }>(
    `SELECT "shop", "orderId", "netMargin" FROM "OrderMarginRank" ORDER BY "shop", "netMargin", "orderId"`,
  );
  return rows.map((r) => [r.shop.split(".")[0]!, r.orderId.replace("gid://shopify/Order/", "#"), Number(r.netMargin)]);
}

describeEachProvider(`migration ${MIGRATION}`, (_provider, database) => {
  it("gives the stored margins their entries, drops the net-margin index, and the triggers follow later writes", async () => {
    const { url } = database();
    const before = prismaBefore(MIGRATION);
    tmp.push(before);
    await applyMigrations({ databaseUrl: url, prismaDir: before });
    const old = openSqlDb(url, { thread: "main" });
    try {
      await old.insertMany("OrderMargin", COLUMNS, [row(A, 1, 500), row(A, 2, -200), row(B, 1, -200)]);
    } finally {
      await old.close();
    }
    const applied = await applyMigrations({ databaseUrl: url });
    expect(applied.some((m) => m.endsWith(`_${MIGRATION}`))).toBe(true);
    const sql = openSqlDb(url, { thread: "main" });
    try {
      expect(await entries(sql)).toEqual([["alpha", "#2", -200], ["alpha", "#1", 500], ["beta", "#1", -200]]);
      const indexes = await sql.query<{ name: string }>(
        sql.provider === "sqlite"
          ? `SELECT "name" FROM "sqlite_master" WHERE "type" = 'index' AND "tbl_name" = 'OrderMargin'`
          : `SELECT "indexname" AS "name" FROM "pg_indexes" WHERE "tablename" = 'OrderMargin'`,
      );
      expect(indexes.map((i) => i.name).filter((n) => n.includes("netMargin"))).toEqual([]);
      await sql.execute(`UPDATE "OrderMargin" SET "netMargin" = -900 WHERE "shop" = ? AND "orderId" = ?`, [A, "gid://shopify/Order/1"]);
      await sql.execute(`DELETE FROM "OrderMargin" WHERE "shop" = ?`, [B]);
      expect(await entries(sql)).toEqual([["alpha", "#1", -900], ["alpha", "#2", -200]]);
    } finally {
      await sql.close();
    }
  });
});
