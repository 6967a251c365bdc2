import { rmSync } from "node:fs";

import { afterAll, expect, it } from "vitest";

import { openSqlDb, type SqlDb } from "~/sync/sql.server";
import { applyMigrations } from "../../prisma/tools/migrator";
import { describeEachProvider, prismaBefore } from "./databases";

/**
 * The migration margin_rank gives every stored margin its OrderMarginRank entry,
 * drops OrderMargin's net-margin index, and installs the triggers that keep the
 * entries in step from then on.
 */

const MIGRATION = "margin_rank";
const A = "alpha.myshopify.com";
const B = "beta.myshopify.com";
const T = new Date("2026-11-10T10:00:00Z");

const tmp: string[] = [];
afterAll(() => {
  for (const dir of tmp) rmSync(dir, { recursive: true, force: true });
});

const COLUMNS = [
  "shop", "orderId", "orderName", "processedAt", "localDate", "currency", "cancelled", "test", "items", "netRevenue", "costOfGoods", "shipping",
  "packaging", "labour", "paymentFees", "fixedCosts", "provisions", "totalCosts", "netMargin", "withoutDiscounts", "flags", "shippingSource",
  "feesEstimated", "missingCostLines", "computedAt",
];
const row = (shop: string, n: number, netMargin: number) => [
  shop, `gid://shopify/Order/${n}`, `#${n}`, T, "2026-11-10", "EUR", false, false, 1, 1000, 0, 0, 0, 0, 0, 0, 0, 0, netMargin, netMargin, 0, "rule", false, 0, T,
];

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
