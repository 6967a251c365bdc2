import { afterAll, beforeAll, describe, expect, it } from "vitest";

import type { Db } from "~/db.server";
import { openSqlDb, type SqlDb } from "~/store/sql.server";
import { createSqliteDatabase, type TestDatabase } from "../db/databases";
import { migratedPrisma } from "../helpers/database";
import { createShop } from "../helpers/factories";

/**
 * Two connections write the SQLite file: Prisma's (the app) and sync's writer
 * thread. A Prisma transaction that reads, then writes after the writer thread
 * has committed, must wait for the lock rather than fail with SQLITE_BUSY.
 */
describe("SQLite: Prisma transactions beside sync's writer", () => {
  let database: TestDatabase;
  let db: Db;
  let sql: SqlDb;
  beforeAll(async () => {
    database = createSqliteDatabase();
    db = await migratedPrisma(database.url);
    sql = openSqlDb(database.url);
    // No currency yet: the transaction below sets it.
    await createShop(db, { shop: "alpha.myshopify.com", currencyCode: null, ianaTimezone: null });
  });
  afterAll(async () => {
    await sql.close();
    await db.$disconnect();
    await database.drop();
  });

  it("a read-then-write Prisma transaction survives a commit by the writer thread in between", async () => {
    let writer: Promise<number> | undefined;
    await db.$transaction(async (tx) => {
      const before = await tx.shop.findUniqueOrThrow({ where: { shop: "alpha.myshopify.com" } });
      expect(before.scopes).toBe("read_orders");
      // The writer thread tries to commit while this transaction is open...
      writer = sql.execute(`UPDATE "Shop" SET "scopes" = ? WHERE "shop" = ?`, ["read_orders,read_products", "alpha.myshopify.com"]);
      await new Promise((resolve) => setTimeout(resolve, 50));
      // ...and this write must not find its snapshot stale (SQLITE_BUSY with a deferred BEGIN).
      await tx.shop.update({ where: { shop: "alpha.myshopify.com" }, data: { currencyCode: "EUR" } });
    });
    expect(await writer).toBe(1);
    const after = await db.shop.findUniqueOrThrow({ where: { shop: "alpha.myshopify.com" } });
    // Both writes landed, the writer's after the transaction.
    expect(after).toMatchObject({ currencyCode: "EUR", scopes: "read_orders,read_products" });
  });

  it("the writer thread opens (and switches the file to WAL) while a Prisma write transaction is open", async () => {
    const fresh = createSqliteDatabase();
    const prisma = await migratedPrisma(fresh.url);
    let writer: SqlDb | undefined;
    try {
      await prisma.$transaction(async (tx) => {
        await createShop(tx, { shop: "beta.myshopify.com", currencyCode: null, ianaTimezone: null });
        writer = openSqlDb(fresh.url);
        await new Promise((resolve) => setTimeout(resolve, 100));
      });
      const rows = await writer!.query<{ journal_mode: string }>("PRAGMA journal_mode");
      expect(rows[0]!.journal_mode).toBe("wal");
      expect(await writer!.query(`SELECT "shop" FROM "Shop"`)).toEqual([{ shop: "beta.myshopify.com" }]);
    } finally {
      await writer?.close();
      await prisma.$disconnect();
      await fresh.drop();
    }
  });

  it("a writer thread that cannot open its file fails every statement instead of hanging", async () => {
    const broken = openSqlDb("file:/nonexistent-dir/netmargin/db.sqlite");
    await expect(broken.query("SELECT 1")).rejects.toThrow(/unable to open|directory does not exist|SQLite writer/i);
    await expect(broken.execute(`DELETE FROM "Shop"`)).rejects.toThrow();
    await broken.close();
  });
});
