import { createRequire } from "node:module";

import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@prisma/client";
import type { SqlDriverAdapter, SqlDriverAdapterFactory } from "@prisma/driver-adapter-utils";

import { parseDatabaseUrl } from "../prisma/tools/database-url";
import { config } from "./config.server";

/**
 * The Prisma client, on SQLite (`file:` URLs, the embedded default) or
 * PostgreSQL (`postgresql://` URLs), through Prisma's driver adapters.
 *
 * A Prisma client is generated for one provider and refuses the other's
 * adapter, so there are two generated clients (npm run prisma:generate):
 * @prisma/client from prisma/schema.prisma (SQLite) and
 * node_modules/.prisma/client-postgresql from the PostgreSQL schema derived
 * from it. Both are typed as @prisma/client's PrismaClient: the SQLite client's
 * API is the portable one (test/db/schema.test.ts checks that every call
 * it accepts is valid for the PostgreSQL client).
 */
export type Db = PrismaClient;

/**
 * A client on any database URL, e.g. for tests. Relative SQLite paths are
 * resolved from prisma/, as the migrator resolves them.
 */
export function createPrismaClient(databaseUrl: string): PrismaClient {
  const target = parseDatabaseUrl(databaseUrl);
  if (target.provider === "sqlite") {
    return new PrismaClient({ adapter: immediateTransactions(new PrismaBetterSQLite3({ url: `file:${target.file}` })) });
  }
  // CommonJS like @prisma/client, and loaded only when PostgreSQL is in use.
  const { PrismaClient: PostgresqlPrismaClient } = createRequire(import.meta.url)(".prisma/client-postgresql") as {
    PrismaClient: typeof PrismaClient;
  };
  return new PostgresqlPrismaClient({ adapter: new PrismaPg({ connectionString: target.url }) });
}

/**
 * Prisma's SQLite adapter opens its transactions with a plain (deferred) BEGIN.
 * Sync writes to the same file from a second connection (app/store/sql.server.ts),
 * and a deferred transaction that has read before another connection committed
 * cannot upgrade to a write: SQLite answers SQLITE_BUSY at once, without waiting
 * (the busy timeout does not apply). BEGIN IMMEDIATE takes the write lock first,
 * waiting for it like any other statement, so Prisma's transactions (upserts,
 * nested writes, $transaction) queue behind sync's batches instead of failing.
 * The adapter keeps its better-sqlite3 connection in `client`; if a Prisma
 * upgrade changes that, this fails loudly at connect rather than going back to BEGIN.
 */
function immediateTransactions(factory: PrismaBetterSQLite3): SqlDriverAdapterFactory {
  const patch = (adapter: SqlDriverAdapter): SqlDriverAdapter => {
    const client = (adapter as unknown as { client?: { prepare?: (sql: string) => unknown } }).client;
    if (typeof client?.prepare !== "function") throw new Error("@prisma/adapter-better-sqlite3 changed: cannot make its transactions BEGIN IMMEDIATE");
    const prepare = client.prepare.bind(client);
    client.prepare = (sql: string) => prepare(sql === "BEGIN" ? "BEGIN IMMEDIATE" : sql);
    return adapter;
  };
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: async () => patch(await factory.connect()),
  };
}

/** The database a client talks to (each provider has its generated client, which knows it). */
export function providerOf(db: PrismaClient): "sqlite" | "postgresql" {
  const provider = (db as unknown as { _activeProvider?: string })._activeProvider;
  if (provider !== "sqlite" && provider !== "postgresql") throw new Error(`unknown Prisma provider ${String(provider)}`);
  return provider;
}

declare global {
  // Survives Vite's module reloads in development, so edits do not open new connections.
  var netmarginDb: PrismaClient | undefined;
}

let appClient: PrismaClient | undefined;

function getAppClient(): PrismaClient {
  if (appClient) return appClient;
  const { DATABASE_URL, NODE_ENV } = config();
  if (NODE_ENV === "development") {
    globalThis.netmarginDb ??= createPrismaClient(DATABASE_URL);
    appClient = globalThis.netmarginDb;
  } else {
    appClient = createPrismaClient(DATABASE_URL);
  }
  return appClient;
}

/**
 * The app's client, on DATABASE_URL. Created on first use, so that importing
 * this module (e.g. for createPrismaClient) needs no app configuration.
 */
const db: Db = new Proxy({} as PrismaClient, {
  get(_target, property) {
    const client = getAppClient();
    const value: unknown = Reflect.get(client, property, client);
    return typeof value === "function" ? value.bind(client) : value;
  },
});
export default db;
