import { existsSync, readFileSync } from "node:fs";
import { dirname, isAbsolute, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseEnv } from "node:util";

import { PRISMA_DIR } from "./derive-schema.mjs";

/**
 * DATABASE_URL, understood the same way by the migrator (prisma/tools) and the
 * app (app/db.server.ts):
 * - `file:<path>`: SQLite. A relative path is resolved from the prisma/ folder,
 *   as Prisma resolves it from the folder of schema.prisma: `file:./dev.sqlite`
 *   is prisma/dev.sqlite. `file:/abs/path` and `file:///abs/path` are absolute.
 * - `postgresql://…` or `postgres://…`: PostgreSQL, passed to `pg` as is.
 */
export type DatabaseTarget =
  | { provider: "sqlite"; url: string; /** absolute path of the database file */ file: string }
  | { provider: "postgresql"; url: string };

export type Provider = DatabaseTarget["provider"];

/** The embedded default: prisma/dev.sqlite. */
export const DEFAULT_DATABASE_URL = "file:./dev.sqlite";

export class DatabaseUrlError extends Error {
  override name = "DatabaseUrlError";
}

const EXAMPLES = 'e.g. "file:./dev.sqlite" (SQLite) or "postgresql://postgres@127.0.0.1:5432/netmargin"';

/** Validates a database URL and tells which provider it targets. Throws DatabaseUrlError naming DATABASE_URL. */
export function parseDatabaseUrl(url: string, prismaDir: string = PRISMA_DIR): DatabaseTarget {
  if (url.trim() === "") throw new DatabaseUrlError(`DATABASE_URL is empty; ${EXAMPLES}`);
  if (url.startsWith("file:")) return { provider: "sqlite", url, file: sqliteFile(url, prismaDir) };
  if (/^postgres(ql)?:\/\//.test(url)) {
    checkPostgresqlUrl(url);
    return { provider: "postgresql", url };
  }
  // Never echo the URL: it may carry a password.
  const scheme = /^[a-z][a-z0-9+.-]*:/i.exec(url)?.[0];
  throw new DatabaseUrlError(
    `DATABASE_URL must start with "file:" (SQLite) or "postgresql://" (PostgreSQL)` +
      `${scheme ? `, not "${scheme}"` : ""}; ${EXAMPLES}`,
  );
}

function sqliteFile(url: string, prismaDir: string): string {
  if (url.includes("?")) {
    throw new DatabaseUrlError(`DATABASE_URL: SQLite URLs take no parameters ("${url}"); ${EXAMPLES}`);
  }
  let path: string;
  if (url.startsWith("file://")) {
    try {
      path = fileURLToPath(url);
    } catch (error) {
      throw new DatabaseUrlError(`DATABASE_URL "${url}" is not a valid file URL: ${(error as Error).message}`);
    }
  } else {
    path = url.slice("file:".length);
  }
  if (path === "") throw new DatabaseUrlError(`DATABASE_URL "file:" names no database file; ${EXAMPLES}`);
  return isAbsolute(path) ? path : resolve(prismaDir, path);
}

function checkPostgresqlUrl(url: string): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new DatabaseUrlError(`DATABASE_URL is not a valid PostgreSQL URL; ${EXAMPLES}`);
  }
  if (parsed.hostname === "" && !parsed.searchParams.has("host")) {
    throw new DatabaseUrlError(`DATABASE_URL names no PostgreSQL host; ${EXAMPLES}`);
  }
  if (parsed.pathname.length <= 1) {
    throw new DatabaseUrlError(`DATABASE_URL names no PostgreSQL database (the path after the host); ${EXAMPLES}`);
  }
  const schema = parsed.searchParams.get("schema");
  if (schema !== null && schema !== "public") {
    // pg ignores the parameter, so the tables would silently land in "public".
    throw new DatabaseUrlError(
      `DATABASE_URL: ?schema=${schema} is not supported; NetMargin uses the database's "public" schema`,
    );
  }
}

/** A human description of the database, without credentials. */
export function describeDatabase(target: DatabaseTarget): string {
  if (target.provider === "sqlite") return `SQLite database ${target.file}`;
  const url = new URL(target.url);
  return `PostgreSQL database "${decodeURIComponent(url.pathname.slice(1))}" on ${
    url.host || url.searchParams.get("host")
  }`;
}

/**
 * DATABASE_URL for the command line tools: the environment variable, else the
 * one in the .env file at the repository root, else DEFAULT_DATABASE_URL.
 */
export function databaseUrlFromEnvironment(
  env: Record<string, string | undefined> = process.env,
  envFile: string = join(dirname(PRISMA_DIR), ".env"),
): { url: string; source: string } {
  if (env.DATABASE_URL !== undefined) return { url: env.DATABASE_URL, source: "the environment" };
  if (existsSync(envFile)) {
    const fromFile = parseEnv(readFileSync(envFile, "utf8")).DATABASE_URL;
    if (fromFile !== undefined) return { url: fromFile, source: envFile };
  }
  return { url: DEFAULT_DATABASE_URL, source: "the default" };
}
