import { expect, it } from "vitest";

import { openSqlDb } from "~/store/sql.server";
import { describeEachProvider } from "../db/databases";

/**
 * `SqlDb.insertMany` with `upsert`: rows whose key exists update the listed
 * columns in place and leave the others; new keys are inserted. The recompute
 * writes OrderMargin this way (app/margins/recompute.server.ts).
 */
describeEachProvider("insertMany with upsert", (provider, database) => {
  // SQLite on its writer thread (the app's default) and on the calling thread; PostgreSQL's pool.
  const threads = provider === "sqlite" ? (["worker", "main"] as const) : (["worker"] as const);
  for (const thread of threads) {
    it(`updates the listed columns of existing keys, inserts new keys, in and out of a transaction (${thread} thread)`, async () => {
      const sql = openSqlDb(database().url, { thread });
      try {
        await sql.execute(`CREATE TABLE "Kv_${thread}" ("shop" TEXT NOT NULL, "k" TEXT NOT NULL, "v" INTEGER NOT NULL, "kept" TEXT NOT NULL, PRIMARY KEY ("shop", "k"))`);
        const cols = ["shop", "k", "v", "kept"];
        const upsert = { key: ["shop", "k"], update: ["v"] };
        await sql.insertMany(`Kv_${thread}`, cols, [["s", "a", 1, "first"], ["s", "b", 2, "first"], ["other", "a", 9, "first"]]);
        await sql.insertMany(`Kv_${thread}`, cols, [["s", "a", 10, "second"], ["s", "c", 3, "second"]], upsert);
        await sql.transaction((tx) => tx.insertMany(`Kv_${thread}`, cols, [["s", "b", 20, "third"]], upsert));
        const rows = await sql.query<{ shop: string; k: string; v: unknown; kept: string }>(`SELECT "shop", "k", "v", "kept" FROM "Kv_${thread}" ORDER BY "shop", "k"`);
        expect(rows.map((r) => [r.shop, r.k, Number(r.v), r.kept])).toEqual([
          ["other", "a", 9, "first"],
          ["s", "a", 10, "first"],
          ["s", "b", 20, "first"],
          ["s", "c", 3, "second"],
        ]);
        // Many rows: PostgreSQL splits them over several statements.
        const keys = Array.from({ length: 1200 }, (_, i) => i);
        await sql.insertMany(`Kv_${thread}`, cols, keys.map((i) => ["m", `k${i}`, i, "x"]), upsert);
        await sql.insertMany(`Kv_${thread}`, cols, keys.map((i) => ["m", `k${i}`, i * 2, "y"]), upsert);
        const sum = await sql.query<{ n: unknown; total: unknown; kept: unknown }>(
          `SELECT COUNT(*) AS "n", SUM("v") AS "total", SUM(CASE WHEN "kept" = 'x' THEN 1 ELSE 0 END) AS "kept" FROM "Kv_${thread}" WHERE "shop" = 'm'`,
        );
        expect([Number(sum[0]!.n), Number(sum[0]!.total), Number(sum[0]!.kept)]).toEqual([1200, 2 * ((1199 * 1200) / 2), 1200]);
      } finally {
        await sql.close();
      }
    });
  }
});

describeEachProvider("insertMany from a stage", (provider, database) => {
  const threads = provider === "sqlite" ? (["worker", "main"] as const) : (["worker"] as const);
  for (const thread of threads) {
    it(`inserts the rows added in parts, once, and a discarded stage writes nothing (${thread} thread)`, async () => {
      const sql = openSqlDb(database().url, { thread });
      const table = `Staged_${thread}`;
      try {
        await sql.execute(`CREATE TABLE "${table}" ("k" TEXT NOT NULL PRIMARY KEY, "v" INTEGER NOT NULL, "at" TEXT)`);
        const cols = ["k", "v", "at"];
        await sql.insertMany(table, cols, [["a", 1, null]]);
        const stage = sql.stage();
        stage.add([["a", 10, null], ["b", 2, null]]);
        stage.add([]);
        stage.add([["c", 3, null]]);
        expect(stage.size).toBe(3);
        const dropped = sql.stage();
        dropped.add([["z", 99, null]]);
        dropped.discard();
        await sql.transaction((tx) => tx.insertMany(table, cols, stage, { key: ["k"], update: ["v"] }));
        // Staged outside a transaction too.
        const more = sql.stage();
        more.add([["d", 4, null]]);
        await sql.insertMany(table, cols, more);
        const rows = await sql.query<{ k: string; v: unknown }>(`SELECT "k", "v" FROM "${table}" ORDER BY "k"`);
        expect(rows.map((r) => [r.k, Number(r.v)])).toEqual([["a", 10], ["b", 2], ["c", 3], ["d", 4]]);
        // A stage is inserted once and takes no rows after.
        await expect(sql.insertMany(table, cols, stage)).rejects.toThrow("a stage is inserted once");
        expect(() => stage.add([["e", 5, null]])).toThrow("rows added to a stage already inserted");
      } finally {
        await sql.close();
      }
    });
  }
});
