/**
 * The app as its routes meet it in tests: the environment the routes validate at
 * boot, a fresh migrated SQLite database as DATABASE_URL, and the app's own Prisma
 * client (app/db.server.ts) on it. Imported lazily, after a test's `vi.mock`s, so
 * the routes it then imports see the mocks.
 */
import type { Db } from "~/db.server";
import type { RowReader } from "~/store/row-reader.server";
import type { SqlDb } from "~/store/sql.server";
import { applyMigrations } from "../../prisma/tools/migrator";
import { createSqliteDatabase, type TestDatabase } from "../db/databases";

export interface TestApp {
  db: Db;
  databaseUrl: string;
  /** Disconnects the app's client and removes the database. */
  close(): Promise<void>;
}

/**
 * Boots the app's environment (the API key, secret and scopes given, or test ones) on a new
 * migrated SQLite database, or on the database given (a PostgreSQL one), dropped on close.
 */
export async function openApp(env: { apiKey?: string; apiSecret?: string; scopes?: string; database?: TestDatabase } = {}): Promise<TestApp> {
  const database = env.database ?? createSqliteDatabase();
  Object.assign(process.env, {
    SHOPIFY_API_KEY: env.apiKey ?? "test-api-key",
    SHOPIFY_API_SECRET: env.apiSecret ?? "test-secret",
    SHOPIFY_APP_URL: "https://netmargin.example.com",
    SCOPES: env.scopes ?? "read_orders",
    DATABASE_URL: database.url,
    NODE_ENV: "test",
  });
  await applyMigrations({ databaseUrl: database.url });
  const db = (await import("~/db.server")).default;
  return {
    db,
    databaseUrl: database.url,
    async close() {
      await db.$disconnect();
      await database.drop();
    },
  };
}

/** `openApp` with sync's writer and the row reader on the same database, closed with it (route tests that store orders and margins). */
export async function openAppWithStores(env: Parameters<typeof openApp>[0] = {}): Promise<TestApp & { sql: SqlDb; reader: RowReader }> {
  const app = await openApp(env);
  const { openSqlDb } = await import("~/store/sql.server");
  const { openRowReader } = await import("~/store/row-reader.server");
  const sql = openSqlDb(app.databaseUrl);
  const reader = openRowReader(app.databaseUrl);
  return {
    ...app,
    sql,
    reader,
    async close() {
      await sql.close();
      await reader.close();
      await app.close();
    },
  };
}

/**
 * The jobs runtime (app/jobs/runtime.server.ts) as route tests replace it: a job is
 * appended to `enqueued` as "job:shop" instead of queued (the jobs have their own
 * tests), sync writes through its own writer on DATABASE_URL, and nothing starts.
 * Use: `vi.mock("~/jobs/runtime.server", async () => (await import("../helpers/app")).runtimeMock(enqueued))`.
 */
export async function runtimeMock(enqueued: string[]) {
  const { openSqlDb } = await import("~/store/sql.server");
  let sql: ReturnType<typeof openSqlDb> | null = null;
  return {
    syncSql: () => (sql ??= openSqlDb(process.env.DATABASE_URL!)),
    enqueueSync: async (job: string, shop: string) => {
      enqueued.push(`${job}:${shop}`);
    },
    startSyncJobs: async () => undefined,
    provideOfflineSessions: () => undefined,
  };
}
