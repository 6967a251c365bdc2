import { Worker } from "node:worker_threads";

import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";

import { pragmaWhenFree, SqliteWriter, StatementCache } from "~/store/sqlite-connection.mjs";
import { createSqliteDatabase, type TestDatabase } from "../db/databases";

/**
 * The better-sqlite3 code shared by the writer (either thread) and the row reader
 * (app/store/sqlite-connection.mjs).
 */

let database: TestDatabase | null = null;
const open: Database.Database[] = [];
afterEach(async () => {
  for (const db of open.splice(0)) if (db.open) db.close();
  await database?.drop();
  database = null;
});

function file(): string {
  database = createSqliteDatabase();
  return database.url.slice("file:".length);
}

function connect(path: string, options?: Database.Options): Database.Database {
  const db = new Database(path, options);
  open.push(db);
  return db;
}

describe("StatementCache", () => {
  it("prepares a SQL text once, returns rows as arrays when raw, and starts again empty past 200 texts", () => {
    const db = connect(":memory:");
    const cache = new StatementCache(db);
    const first = cache.get("SELECT ? AS v");
    expect(cache.get("SELECT ? AS v")).toBe(first);
    expect(first.all(1)).toEqual([{ v: 1 }]);
    expect(new StatementCache(db, { raw: true }).get("SELECT ? AS v").all(1)).toEqual([[1]]);
    // 201 texts kept (this one and 200 more); the next new one empties the cache first.
    for (let i = 0; i < 200; i++) cache.get(`SELECT ${i}`);
    expect(cache.get("SELECT ? AS v")).toBe(first);
    cache.get("SELECT 'one more'");
    const again = cache.get("SELECT ? AS v");
    expect(again).not.toBe(first);
    expect(cache.get("SELECT ? AS v")).toBe(again);
  });
});

describe("pragmaWhenFree", () => {
  it("waits while another connection holds a write transaction, where a plain pragma fails at once", async () => {
    const path = file();
    connect(path).exec(`CREATE TABLE "T" ("v" INTEGER)`);
    // Another thread holds a write transaction for 300 ms (this thread blocks while the pragma waits).
    const holder = new Worker(
      `const { parentPort, workerData } = require("node:worker_threads");
       const db = new (require("better-sqlite3"))(workerData);
       db.exec('BEGIN IMMEDIATE; INSERT INTO "T" VALUES (1)');
       parentPort.postMessage("locked");
       setTimeout(() => { db.exec("COMMIT"); db.close(); }, 300);`,
      { eval: true, workerData: path },
    );
    const exited = new Promise((resolve) => holder.once("exit", resolve));
    await new Promise((resolve, reject) => {
      holder.once("message", resolve);
      holder.once("error", reject);
    });
    const db = connect(path, { timeout: 5000 });
    expect(() => db.pragma("journal_mode = WAL")).toThrow(expect.objectContaining({ code: "SQLITE_BUSY" }));
    pragmaWhenFree(db, "journal_mode = WAL");
    expect(db.pragma("journal_mode", { simple: true })).toBe("wal");
    expect(db.prepare(`SELECT COUNT(*) AS n FROM "T"`).get()).toEqual({ n: 1 });
    await exited;
  });

  it("throws other errors at once", () => {
    const db = connect(":memory:");
    db.close();
    expect(() => pragmaWhenFree(db, "journal_mode = WAL")).toThrow(/not open/);
  });
});

describe("SqliteWriter", () => {
  it("upserts by an UPDATE first and an INSERT when no row matched, and rolls a failed batch back whole", () => {
    const writer = new SqliteWriter(file(), ["journal_mode = WAL"]);
    try {
      writer.execute(`CREATE TABLE "Kv" ("k" TEXT PRIMARY KEY, "v" INTEGER NOT NULL, "kept" TEXT)`, []);
      const insert = `INSERT INTO "Kv" ("k", "v", "kept") VALUES (?,?,?)`;
      writer.insertRows(insert, [["a", 1, "first"]]);
      // Row values at `order`: v, then the key k.
      const update = { sql: `UPDATE "Kv" SET "v" = ? WHERE "k" = ?`, order: [1, 0] };
      writer.batch([{ sql: insert, rows: [["a", 10, "second"], ["b", 2, "second"]], update }]);
      expect(writer.query(`SELECT "k", "v", "kept" FROM "Kv" ORDER BY "k"`, [])).toEqual([
        { k: "a", v: 10, kept: "first" },
        { k: "b", v: 2, kept: "second" },
      ]);
      // A statement the caller runs itself (the writer thread's stages), then a failing one.
      const own: string[] = [];
      const failing = [
        { sql: `DELETE FROM "Kv"`, params: [] },
        { sql: "own", stage: 1 },
        { sql: insert, rows: [["c", null, "x"]] },
      ];
      expect(() =>
        writer.batch(failing, (st) => {
          if (st.stage === undefined) return false;
          own.push(st.sql);
          return true;
        }),
      ).toThrow(/NOT NULL/);
      expect(own).toEqual(["own"]);
      expect(writer.db.inTransaction).toBe(false);
      expect(writer.query(`SELECT COUNT(*) AS n FROM "Kv"`, [])).toEqual([{ n: 2 }]);
    } finally {
      writer.close();
    }
  });
});
