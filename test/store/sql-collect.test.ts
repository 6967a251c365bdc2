import { afterEach, describe, expect, it } from "vitest";

import { openSqlDb, SqliteWorkerDb, type SqlValue } from "~/store/sql.server";
import { createSqliteDatabase, type TestDatabase } from "../db/databases";

/**
 * SQLite's writer thread collects pairs from staged rows (`stage(collect)`) and
 * inserts them in key order (`insertCollected`): the margin recompute's rank
 * rebuild. Insertion order is read back from a rowid table.
 */

let database: TestDatabase | null = null;
afterEach(async () => {
  await database?.drop();
  database = null;
});

function writer(): SqliteWorkerDb {
  database = createSqliteDatabase();
  const sql = openSqlDb(database.url);
  expect(sql).toBeInstanceOf(SqliteWorkerDb);
  return sql as SqliteWorkerDb;
}

const TABLE = `CREATE TABLE "Ranked" ("shop" TEXT NOT NULL, "k" INTEGER NOT NULL, "id" TEXT NOT NULL)`;

async function inserted(sql: SqliteWorkerDb): Promise<[number, string][]> {
  const rows = await sql.query<{ shop: string; k: unknown; id: string }>(`SELECT "shop", "k", "id" FROM "Ranked" ORDER BY rowid`);
  expect(new Set(rows.map((r) => r.shop))).toEqual(new Set(["s"]));
  return rows.map((r) => [Number(r.k), r.id]);
}

function insertCollected(sql: SqliteWorkerDb, name: string) {
  return sql.insertCollected({
    name,
    table: "Ranked",
    columns: ["shop", "k", "id"],
    prefix: ["s"],
    before: [{ sql: `DELETE FROM "Ranked" WHERE "shop" = ?`, params: ["s"] }],
    after: [{ sql: `INSERT INTO "Ranked" ("shop", "k", "id") VALUES (?, ?, ?)`, params: ["s", 999, "after"] }],
  });
}

describe("collected pairs on SQLite's writer thread", () => {
  it("inserts every pair staged since the start, from the owner and from a port, in key order with ties in arrival order", async () => {
    const sql = writer();
    const port = SqliteWorkerDb.overPort(sql.connectPort());
    try {
      await sql.execute(TABLE);
      await sql.execute(`INSERT INTO "Ranked" VALUES ('s', 1, 'old')`);
      const collect = { name: "c", key: 2, id: 0 };
      // Staged before the collection starts: not collected.
      sql.stage(collect).add([["early", "x", 0]]);
      await sql.startCollection("c");
      // Rows of three columns (id, other, key), 250 of them over two threads' stages:
      // more than one chunk of 100, keys with ties and negatives.
      const rows: SqlValue[][] = Array.from({ length: 250 }, (_, i) => [`o${i}`, "x", ((i * 37) % 50) - 25]);
      sql.stage(collect).add(rows.slice(0, 120).map((r) => [...r]));
      port.stage(collect).add(rows.slice(120).map((r) => [...r]));
      // A stage without `collect` adds nothing.
      sql.stage().add([["other", "x", -1000]]);
      await port.query("SELECT 1"); // the port's messages have arrived
      await insertCollected(sql, "c");
      // Arrival order: the owner's 120, then the port's 130 (each port's messages in order).
      const byArrival = rows.map((r, i) => ({ k: r[2] as number, id: r[0] as string, i }));
      const expected = [...byArrival].sort((a, b) => a.k - b.k || a.i - b.i).map((r): [number, string] => [r.k, r.id]);
      expect(await inserted(sql)).toEqual([...expected, [999, "after"]]);
      // The collection is used up.
      await expect(insertCollected(sql, "c")).rejects.toThrow(/no collection c/);
      expect((await inserted(sql)).length).toBe(251);
    } finally {
      await port.close();
      await sql.close();
    }
  });

  it("sorts keys too far apart to pack with the index, and starts again empty", async () => {
    const sql = writer();
    try {
      await sql.execute(TABLE);
      await sql.startCollection("big");
      const collect = { name: "big", key: 0, id: 1 };
      sql.stage(collect).add([[5, "b"], [-3, "a"], [5, "a"], [2 ** 52, "z"], [-(2 ** 52), "y"]]);
      await sql.startCollection("big"); // restart: the five pairs are dropped
      sql.stage(collect).add([[5, "b"], [-3, "a"], [5, "a"], [2 ** 52, "z"], [-(2 ** 52), "y"]]);
      await insertCollected(sql, "big");
      expect(await inserted(sql)).toEqual([[-(2 ** 52), "y"], [-3, "a"], [5, "b"], [5, "a"], [2 ** 52, "z"], [999, "after"]]);
      // A dropped collection collects nothing more.
      await sql.startCollection("gone");
      await sql.dropCollection("gone");
      sql.stage({ name: "gone", key: 0, id: 1 }).add([[1, "q"]]);
      await expect(insertCollected(sql, "gone")).rejects.toThrow(/no collection gone/);
    } finally {
      await sql.close();
    }
  });
  it("gives back every id as it came, packed as a number after a shared prefix or not (growth past 4,096 pairs, then ids that do not pack)", async () => {
    const sql = writer();
    try {
      await sql.execute(TABLE);
      await sql.startCollection("ids");
      const collect = { name: "ids", key: 0, id: 1 };
      // 5,000 Shopify order ids (packed: the writer keeps the number after "gid://shopify/Order/"),
      // then ids that cannot be packed: a leading zero, 16 digits (beyond a double's exact
      // integers at this size), another prefix, no digits. From the first of those every id is kept as text.
      const ids = Array.from({ length: 5_000 }, (_, i) => `gid://shopify/Order/${5_000_000_000_000 + i * 7}`);
      ids.push("gid://shopify/Order/0123", "gid://shopify/Order/1234567890123456", "gid://shopify/DraftOrder/42", "plain");
      const rows = ids.map((id, i) => [ids.length - i, id]);
      sql.stage(collect).add(rows.slice(0, 2_500).map((r) => [...r]));
      sql.stage(collect).add(rows.slice(2_500).map((r) => [...r]));
      await insertCollected(sql, "ids");
      // Keys run from ids.length down to 1: key order is the reverse of arrival.
      const expected = rows.map((r): [number, string] => [r[0] as number, r[1] as string]).reverse();
      expect(await inserted(sql)).toEqual([...expected, [999, "after"]]);
    } finally {
      await sql.close();
    }
  });
});
