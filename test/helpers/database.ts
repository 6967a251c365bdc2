/**
 * Databases for tests, migrated as the app migrates them at boot: `freshDatabase` for
 * a test that writes as sync does (the Prisma client and sync's writer thread), and
 * `migratedPrisma` for a suite that only needs the app's Prisma client.
 */
import { afterAll, beforeAll } from "vitest";

import { createPrismaClient, type Db } from "~/db.server";
import { openSqlDb, type SqlDb } from "~/store/sql.server";
import { applyMigrations } from "../../prisma/tools/migrator";
import { createSqliteDatabase } from "../db/databases";

export interface FreshDatabase {
  url: string;
  db: Db;
  sql: SqlDb;
  /** Closes the writer and the client (a temporary SQLite file stays, as a reader may still hold it). */
  close(): Promise<void>;
}

/** The database at `url` (created by the caller), or a new SQLite file in a temporary folder: migrated, with the app's Prisma client and sync's writer on it. */
export async function freshDatabase(url?: string): Promise<FreshDatabase> {
  const databaseUrl = url ?? createSqliteDatabase().url;
  await applyMigrations({ databaseUrl });
  const db = createPrismaClient(databaseUrl);
  const sql = openSqlDb(databaseUrl);
  return {
    url: databaseUrl,
    db,
    sql,
    async close() {
      await sql.close();
      await db.$disconnect();
    },
  };
}

/** The database at `url`, migrated, and the app's Prisma client on it (the caller disconnects it). */
export async function migratedPrisma(url: string): Promise<Db> {
  await applyMigrations({ databaseUrl: url });
  return createPrismaClient(url);
}

/**
 * Inside a suite (e.g. `describeEachProvider`'s): a fresh database at `database().url`, opened
 * before the suite's tests and closed after them. Its fields read the open database.
 */
export function useFreshDatabase(database: () => { url: string }): FreshDatabase {
  let current: FreshDatabase | undefined;
  beforeAll(async () => {
    current = await freshDatabase(database().url);
  });
  afterAll(async () => {
    await current?.close();
  });
  const open = (): FreshDatabase => {
    if (!current) throw new Error("the fresh database is not open yet (use it inside tests and hooks)");
    return current;
  };
  return {
    get url() {
      return open().url;
    },
    get db() {
      return open().db;
    },
    get sql() {
      return open().sql;
    },
    close: () => open().close(),
  };
}
