import { expect, it } from "vitest";

import { openSqlDb } from "~/sync/sql.server";
import { describeEachProvider } from "./databases";

/**
 * `SqlDb.insertMany` with `upsert`: rows whose key exists update the listed
 * columns in place and leave the others; new keys are inserted. The recompute
 * writes OrderMargin this way (app/margins/recompute.server.ts).
 */
describeEachProvider("insertMany with upsert", (_provider, database) => {
  it("updates the listed columns of existing keys, inserts new keys, in and out of a transaction", async () => {
    // SQLite on its writer thread (the app's default) and PostgreSQL's pool.
    const sql = openSqlDb(database().url);
    try {
      await sql.execute(`CREATE TABLE "Kv" ("shop" TEXT NOT NULL, "k" TEXT NOT NULL, "v" INTEGER NOT NULL, "kept" TEXT NOT NULL, PRIMARY KEY ("shop", "k"))`);
      const cols = ["shop", "k", "v", "kept"];
      const upsert = { key: ["shop", "k"], update: ["v"] };
      await sql.insertMany("Kv", cols, [["s", "a", 1, "first"], ["s", "b", 2, "first"], ["other", "a", 9, "first"]]);
      await sql.insertMany("Kv", cols, [["s", "a", 10, "second"], ["s", "c", 3, "second"]], upsert);
      await sql.transaction((tx) => tx.insertMany("Kv", cols, [["s", "b", 20, "third"]], upsert));
      const rows = await sql.query<{ shop: string; k: string; v: unknown; kept: string }>(`SELECT "shop", "k", "v", "kept" FROM "Kv" ORDER BY "shop", "k"`);
      expect(rows.map((r) => [r.shop, r.k, Number(r.v), r.kept])).toEqual([
        ["other", "a", 9, "first"],
        ["s", "a", 10, "first"],
        ["s", "b", 20, "first"],
        ["s", "c", 3, "second"],
      ]);
      // Many rows: PostgreSQL splits them over several statements.
      const keys = Array.from({ length: 1200 }, (_, i) => i);
      await sql.insertMany("Kv", cols, keys.map((i) => ["m", `k${i}`, i, "x"]), upsert);
      await sql.insertMany("Kv", cols, keys.map((i) => ["m", `k${i}`, i * 2, "y"]), upsert);
      const sum = await sql.query<{ n: unknown; total: unknown; kept: unknown }>(
        `SELECT COUNT(*) AS "n", SUM("v") AS "total", SUM(CASE WHEN "kept" = 'x' THEN 1 ELSE 0 END) AS "kept" FROM "Kv" WHERE "shop" = 'm'`,
      );
      expect([Number(sum[0]!.n), Number(sum[0]!.total), Number(sum[0]!.kept)]).toEqual([1200, 2 * ((1199 * 1200) / 2), 1200]);
    } finally {
      await sql.close();
    }
  });
});
