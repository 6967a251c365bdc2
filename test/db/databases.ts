import { randomBytes } from "node:crypto";
import { cpSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import pg from "pg";
import { afterAll, beforeAll, describe } from "vitest";

import type { Provider } from "../../prisma/tools/database-url";

/**
 * Throwaway databases for the database tests: a SQLite file in a temporary
 * folder, or a uniquely named database on the local PostgreSQL server
 * (127.0.0.1:5432, user postgres, trust auth), dropped afterwards. Without a
 * server, the PostgreSQL cases are skipped with the reason printed.
 */

/**
 * The PostgreSQL server's maintenance database: test databases are created and
 * dropped through it. TEST_POSTGRESQL_URL points the tests at another server.
 */
export const POSTGRESQL_SERVER_URL = process.env.TEST_POSTGRESQL_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

export interface TestDatabase {
  provider: Provider;
  url: string;
  drop(): Promise<void>;
}

export function createSqliteDatabase(): TestDatabase {
  const dir = mkdtempSync(join(tmpdir(), "netmargin-db-"));
  return {
    provider: "sqlite",
    url: `file:${join(dir, "test.sqlite")}`,
    drop: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

export async function createPostgresqlDatabase(): Promise<TestDatabase> {
  const name = `netmargin_test_${randomBytes(6).toString("hex")}`;
  await onServer((client) => client.query(`CREATE DATABASE "${name}"`));
  const url = new URL(POSTGRESQL_SERVER_URL);
  url.pathname = `/${name}`;
  return {
    provider: "postgresql",
    url: url.href,
    drop: async () => {
      await onServer((client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
    },
  };
}

/** Runs `use` on a connection to the PostgreSQL server's maintenance database. */
export async function onServer<T>(use: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: POSTGRESQL_SERVER_URL, connectionTimeoutMillis: 3000 });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}

/** Why the PostgreSQL cases cannot run here (no server answers), or null when they can. */
export const postgresqlUnavailable: string | null = await onServer((client) => client.query("SELECT 1")).then(
  () => null,
  (error: Error) => `no PostgreSQL server answers at ${new URL(POSTGRESQL_SERVER_URL).host} (${error.message})`,
);

export const createDatabase: Record<Provider, () => Promise<TestDatabase> | TestDatabase> = {
  sqlite: createSqliteDatabase,
  postgresql: createPostgresqlDatabase,
};

/**
 * Declares `suite` once per provider, each with its own fresh database
 * (`database()` inside tests and hooks). The PostgreSQL suite is skipped, with
 * the reason printed, when no server answers.
 */
export function describeEachProvider(
  title: string,
  suite: (provider: Provider, database: () => TestDatabase) => void,
): void {
  for (const provider of ["sqlite", "postgresql"] as const) {
    const skip = provider === "postgresql" ? postgresqlUnavailable : null;
    if (skip) console.warn(`Skipping "${title}" on PostgreSQL: ${skip}`);
    describe.skipIf(skip !== null)(`${title} (${provider})`, () => {
      let current: TestDatabase | undefined;
      beforeAll(async () => {
        current = await createDatabase[provider]();
      });
      afterAll(async () => {
        await current?.drop();
      });
      suite(provider, () => {
        if (!current) throw new Error("the test database is not created yet");
        return current;
      });
    });
  }
}

/**
 * A copy of prisma/ (schemas, tools, both providers' migrations) without the
 * migration named `migration` and any later one: a database migrated from it is
 * as the app left it before that migration. The caller removes the folder.
 */
export function prismaBefore(migration: string): string {
  const dir = mkdtempSync(join(tmpdir(), "netmargin-prisma-"));
  cpSync("prisma", dir, { recursive: true });
  for (const folder of [join(dir, "migrations"), join(dir, "postgresql", "migrations")]) {
    const names = readdirSync(folder).filter((n) => /^\d/.test(n)).sort();
    const at = names.findIndex((n) => n.endsWith(`_${migration}`));
    if (at <= 0) throw new Error(`no migration ${migration} after the first in ${folder}`);
    for (const n of names.slice(at)) rmSync(join(folder, n), { recursive: true });
  }
  return dir;
}
