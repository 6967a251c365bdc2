import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

import type { MigrationList } from "@prisma/schema-engine-wasm";

import { type DatabaseTarget, parseDatabaseUrl, type Provider } from "./database-url";
import { derivePostgresqlSchema, LAYOUT, PRISMA_DIR, writeDerivedSchema } from "./derive-schema.mjs";
import { withSchemaEngine } from "./schema-engine";

/**
 * The offline migrator: Prisma migrations (standard folders of
 * <timestamp>_<name>/migration.sql, recorded in _prisma_migrations) applied and
 * created with @prisma/schema-engine-wasm. SQLite migrations live in
 * prisma/migrations, PostgreSQL ones in prisma/postgresql/migrations.
 */

const LOCKFILE = "migration_lock.toml";
const NO_FILTERS = { externalTables: [], externalEnums: [] };

/** A migration problem that the message fully explains (no stack trace needed). */
export class MigrationError extends Error {
  override name = "MigrationError";
}

/** The PostgreSQL server on which `createMigration` creates its temporary shadow database by default. */
export const DEFAULT_POSTGRESQL_SHADOW_URL = "postgresql://postgres@127.0.0.1:5432/postgres";

export interface ApplyMigrationsOptions {
  databaseUrl: string;
  /** The prisma/ folder holding the migrations (default: ./prisma). */
  prismaDir?: string;
}

/**
 * Applies the migrations the database has not had yet, in order, and returns
 * their names (empty when it was up to date). A SQLite database file and its
 * folder are created when missing; a PostgreSQL database must exist.
 */
export async function applyMigrations({
  databaseUrl,
  prismaDir = PRISMA_DIR,
}: ApplyMigrationsOptions): Promise<string[]> {
  const target = parseDatabaseUrl(databaseUrl, prismaDir);
  const migrationsList = readMigrations(prismaDir, target.provider);
  if (migrationsList.migrationDirectories.length === 0) {
    throw new MigrationError(`No migrations in ${migrationsList.baseDir}`);
  }
  if (target.provider === "sqlite") mkdirSync(dirname(target.file), { recursive: true });
  // The engine will not start without a schema, though applying migrations does not read it.
  const schemaPath = join(prismaDir, LAYOUT[target.provider].schema);
  const schemaFiles: [string, string][] = [[schemaPath, readFileSync(schemaPath, "utf8")]];
  const { appliedMigrationNames } = await withSchemaEngine(target, schemaFiles, (engine) =>
    engine.applyMigrations({ migrationsList, filters: NO_FILTERS }),
  );
  return appliedMigrationNames;
}

export interface CreateMigrationOptions {
  /** What the migration does, e.g. "add_order_costs"; becomes <timestamp>_<name>. */
  name: string;
  /** The prisma/ folder (default: ./prisma); tests use a temporary copy. */
  prismaDir?: string;
  /**
   * A PostgreSQL server on which to create (and drop) a temporary shadow
   * database that the existing PostgreSQL migrations are replayed on. Its
   * database is only connected to, never changed.
   */
  postgresqlUrl?: string;
  /** The migration's timestamp (default: now). */
  now?: Date;
}

export interface CreatedMigration {
  /** <timestamp>_<name>, the same for both providers. */
  name: string;
  /** The migration.sql files written (one per provider whose schema changed), with their SQL. */
  files: { provider: Provider; path: string; sql: string }[];
}

/**
 * Writes migrations/<timestamp>_<name>/migration.sql for SQLite and PostgreSQL
 * from the difference between the existing migrations and prisma/schema.prisma
 * (and the PostgreSQL schema derived from it, which it rewrites first). Returns
 * null, writing nothing, when the migrations already match the schema. Both
 * SQL scripts are computed before either is written.
 */
export async function createMigration({
  name,
  prismaDir = PRISMA_DIR,
  postgresqlUrl = DEFAULT_POSTGRESQL_SHADOW_URL,
  now = new Date(),
}: CreateMigrationOptions): Promise<CreatedMigration | null> {
  const directory = `${timestamp(now)}_${migrationSlug(name)}`;
  for (const provider of ["sqlite", "postgresql"] as const) {
    const existing = join(prismaDir, LAYOUT[provider].migrations, directory);
    if (existsSync(existing)) throw new MigrationError(`${existing} already exists`);
  }
  const source = readFileSync(join(prismaDir, LAYOUT.sqlite.schema), "utf8");
  writeDerivedSchema(prismaDir);

  const server = parseDatabaseUrl(postgresqlUrl, prismaDir);
  if (server.provider !== "postgresql") {
    throw new MigrationError("createMigration: postgresqlUrl must be a postgresql:// URL");
  }
  const targets: Record<Provider, { target: DatabaseTarget; schema: string }> = {
    // SQLite's shadow database is in memory; the engine's main connection is unused.
    sqlite: { target: { provider: "sqlite", url: "file::memory:", file: ":memory:" }, schema: source },
    postgresql: { target: server, schema: derivePostgresqlSchema(source) },
  };

  const files: CreatedMigration["files"] = [];
  for (const provider of ["sqlite", "postgresql"] as const) {
    const { target, schema } = targets[provider];
    const sql = await diffMigrationsToSchema(provider, target, readMigrations(prismaDir, provider), schema);
    if (sql !== null) {
      files.push({ provider, path: join(prismaDir, LAYOUT[provider].migrations, directory, "migration.sql"), sql });
    }
  }
  if (files.length === 0) return null;

  for (const file of files) {
    mkdirSync(dirname(file.path), { recursive: true });
    writeFileSync(file.path, file.sql);
    const lockfile = join(prismaDir, LAYOUT[file.provider].migrations, LOCKFILE);
    if (!existsSync(lockfile)) writeFileSync(lockfile, lockfileContent(file.provider));
  }
  return { name: directory, files };
}

/**
 * The SQL that takes a database from the end state of `migrations` to `schema`
 * (null when there is nothing to do). The migrations are replayed on a shadow
 * database: in memory for SQLite, a temporary database for PostgreSQL.
 */
async function diffMigrationsToSchema(
  provider: Provider,
  target: DatabaseTarget,
  migrations: MigrationList,
  schema: string,
): Promise<string | null> {
  const schemaFile = { path: "schema.prisma", content: schema };
  const { stdout } = await withSchemaEngine(target, [[schemaFile.path, schema]], (engine) =>
    engine.diff({
      // Before the first migration there is no lockfile yet; the engine needs one to know the provider.
      from: {
        tag: "migrations",
        ...migrations,
        lockfile: { ...migrations.lockfile, content: migrations.lockfile.content ?? lockfileContent(provider) },
      },
      to: { tag: "schemaDatamodel", files: [schemaFile] },
      shadowDatabaseUrl: null,
      script: true,
      exitCode: null,
      filters: NO_FILTERS,
    }),
  );
  // An empty diff is the engine's "-- This is an empty migration." comment.
  const sql = stdout ?? "";
  return /^\s*(--[^\n]*\n?\s*)*$/.test(sql) ? null : sql;
}

/** The migrations folder of one provider, as the schema engine wants it: every migration.sql in name order. */
function readMigrations(prismaDir: string, provider: Provider): MigrationList {
  const baseDir = join(prismaDir, LAYOUT[provider].migrations);
  const names = existsSync(baseDir)
    ? readdirSync(baseDir, { withFileTypes: true })
        .filter((entry) => entry.isDirectory())
        .map((entry) => entry.name)
        .sort()
    : [];
  const lockfile = join(baseDir, LOCKFILE);
  return {
    baseDir,
    lockfile: { path: LOCKFILE, content: existsSync(lockfile) ? readFileSync(lockfile, "utf8") : null },
    shadowDbInitScript: "",
    migrationDirectories: names.map((name) => {
      const file = join(baseDir, name, "migration.sql");
      return {
        path: name,
        migrationFile: {
          path: "migration.sql",
          content: existsSync(file)
            ? { tag: "ok", value: readFileSync(file, "utf8") }
            : { tag: "error", value: `${file} is missing` },
        },
      };
    }),
  };
}

/** "Add order costs" -> "add_order_costs". Throws when nothing usable is left. */
export function migrationSlug(name: string): string {
  const slug = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "");
  if (slug === "") throw new MigrationError(`Invalid migration name "${name}": use letters, digits and underscores`);
  return slug;
}

/** YYYYMMDDHHMMSS in UTC, as `prisma migrate dev` names migrations. */
function timestamp(date: Date): string {
  return date.toISOString().replace(/\D/g, "").slice(0, 14);
}

function lockfileContent(provider: Provider): string {
  return (
    "# Please do not edit this file manually\n" +
    "# It should be added in your version-control system (e.g., Git)\n" +
    `provider = "${provider}"\n`
  );
}
