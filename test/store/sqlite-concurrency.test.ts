import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createPrismaClient, type Db } from "~/db.server";
import { openSqlDb, type SqlDb } from "~/store/sql.server";
import { applyMigrations } from "../../prisma/tools/migrator";
import { createSqliteDatabase, type TestDatabase } from "../db/databases";

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
    await applyMigrations({ databaseUrl: database.url });
    db = createPrismaClient(database.url);
    sql = openSqlDb(database.url);
    await db.shop.create({ data: { shop: "alpha.myshopify.com", installedAt: new Date("2026-01-01T00:00:00Z"), scopes: "read_orders" } });
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
    await applyMigrations({ databaseUrl: fresh.url });
    const prisma = createPrismaClient(fresh.url);
    let writer: SqlDb | undefined;
    try {
      await prisma.$transaction(async (tx) => {
        await tx.shop.create({ data: { shop: "beta.myshopify.com", installedAt: new Date("2026-01-01T00:00:00Z"), scopes: "read_orders" } });
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
