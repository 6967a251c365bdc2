import { relative } from "node:path";

import { databaseUrlFromEnvironment, DatabaseUrlError, describeDatabase, parseDatabaseUrl } from "./database-url";
import { applyMigrations, createMigration, DEFAULT_POSTGRESQL_SHADOW_URL, MigrationError } from "./migrator";
import { describeCrash, SchemaEngineError } from "./schema-engine";

/**
 * npm run db:migrate                    apply pending migrations to DATABASE_URL
 * npm run db:migration:new -- <name>    write a migration for both providers
 *
 * DATABASE_URL comes from the environment, else from .env at the repository
 * root, else file:./dev.sqlite (prisma/dev.sqlite). `new` replays the
 * PostgreSQL migrations on a temporary database, created and dropped on the
 * server of DATABASE_URL when it is PostgreSQL, else of MIGRATION_POSTGRESQL_URL
 * (default postgresql://postgres@127.0.0.1:5432/postgres).
 */

const USAGE = "Usage: tsx prisma/tools/cli.ts apply | new <migration_name>";

class UsageError extends Error {}

async function main([command, ...rest]: string[]): Promise<void> {
  const { url, source } = databaseUrlFromEnvironment();
  if (command === "apply" && rest.length === 0) {
    console.log(`Applying migrations to the ${describeDatabase(parseDatabaseUrl(url))} (DATABASE_URL from ${source})`);
    const applied = await applyMigrations({ databaseUrl: url });
    for (const name of applied) console.log(`Applied ${name}`);
    console.log(
      applied.length === 0
        ? "No pending migrations: the database is up to date."
        : `${applied.length} migration(s) applied.`,
    );
  } else if (command === "new" && rest.length === 1) {
    const postgresqlUrl =
      parseDatabaseUrl(url).provider === "postgresql"
        ? url
        : process.env.MIGRATION_POSTGRESQL_URL ?? DEFAULT_POSTGRESQL_SHADOW_URL;
    const created = await createMigration({ name: rest[0]!, postgresqlUrl });
    if (created === null) {
      console.log("No schema changes: the migrations already match prisma/schema.prisma.");
      return;
    }
    for (const file of created.files) console.log(`Wrote ${relative(process.cwd(), file.path)} (${file.provider})`);
    console.log("Next: `npm run prisma:generate` (clients), then `npm run db:migrate` (apply).");
  } else {
    throw new UsageError(USAGE);
  }
}

function fail(error: unknown): never {
  const failure = error instanceof WebAssembly.RuntimeError ? describeCrash(error) : error;
  const explained = [DatabaseUrlError, MigrationError, SchemaEngineError, UsageError].some(
    (type) => failure instanceof type,
  );
  const message =
    failure instanceof Error ? (explained ? failure.message : failure.stack ?? failure.message) : String(failure);
  console.error(`db: ${message.trimEnd()}`);
  process.exit(1);
}

// Some engine panics surface outside the awaited promise.
process.on("uncaughtException", fail);
main(process.argv.slice(2)).catch(fail);
