import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";

import { applyMigrations, createMigration, migrationSlug } from "../../prisma/tools/migrator";
import { derivePostgresqlSchema } from "../../prisma/tools/derive-schema.mjs";
import {
  createPostgresqlDatabase,
  createSqliteDatabase,
  onServer,
  POSTGRESQL_SERVER_URL,
  postgresqlUnavailable,
} from "./databases";

/**
 * createMigration and `npm run db:migration:new`, on a temporary copy of
 * prisma/ (schemas and migrations). Writing the PostgreSQL migration replays
 * the existing ones on a temporary database of the PostgreSQL server, so these
 * need one.
 */

const EXTRA_MODEL = `
model CostNote {
  id   Int     @id @default(autoincrement())
  shop String
  note String?

  @@index([shop])
}
`;

const NOW = new Date("2030-01-02T03:04:05Z");

let root: string;
let prismaDir: string;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), "netmargin-migrate-"));
  prismaDir = join(root, "prisma");
  mkdirSync(prismaDir);
  for (const entry of ["schema.prisma", "migrations", "postgresql"]) {
    cpSync(join("prisma", entry), join(prismaDir, entry), { recursive: true });
  }
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const listMigrations = (dir: string) =>
  readdirSync(dir)
    .filter((name) => !name.endsWith(".toml"))
    .sort();
const addModel = () =>
  writeFileSync(join(prismaDir, "schema.prisma"), readFileSync("prisma/schema.prisma", "utf8") + EXTRA_MODEL);

describe("migrationSlug", () => {
  it("turns a description into a directory-safe name", () => {
    expect(migrationSlug("Add cost notes")).toBe("add_cost_notes");
    expect(migrationSlug("  order-costs: v2 ")).toBe("order_costs_v2");
    expect(() => migrationSlug("!!!")).toThrow(/Invalid migration name "!!!"/);
  });
});

if (postgresqlUnavailable)
  console.warn(`Skipping the createMigration and db:migration:new tests: ${postgresqlUnavailable}`);

describe.skipIf(postgresqlUnavailable !== null)("createMigration", () => {
  afterAll(async () => {
    const leftovers = await onServer((client) =>
      client.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE 'netmargin_shadow_%'`),
    );
    expect(leftovers.rows, "shadow databases left behind").toEqual([]);
  });

  it("writes nothing when the migrations already match the schema (the committed ones do)", async () => {
    const before = {
      sqlite: listMigrations(join(prismaDir, "migrations")),
      pg: listMigrations(join(prismaDir, "postgresql", "migrations")),
    };
    expect(
      await createMigration({ name: "nothing", prismaDir, postgresqlUrl: POSTGRESQL_SERVER_URL, now: NOW }),
    ).toBeNull();
    expect(listMigrations(join(prismaDir, "migrations"))).toEqual(before.sqlite);
    expect(listMigrations(join(prismaDir, "postgresql", "migrations"))).toEqual(before.pg);
  });

  it("writes the SQL of a schema change for both providers, which then apply", async () => {
    addModel();
    const created = await createMigration({
      name: "add cost notes",
      prismaDir,
      postgresqlUrl: POSTGRESQL_SERVER_URL,
      now: NOW,
    });

    expect(created?.name).toBe("20300102030405_add_cost_notes");
    const sqlite = join(prismaDir, "migrations", "20300102030405_add_cost_notes", "migration.sql");
    const postgresql = join(prismaDir, "postgresql", "migrations", "20300102030405_add_cost_notes", "migration.sql");
    expect(created?.files.map((file) => [file.provider, file.path])).toEqual([
      ["sqlite", sqlite],
      ["postgresql", postgresql],
    ]);
    // Only the new table: the existing ones come from the earlier migrations.
    expect(readFileSync(sqlite, "utf8")).toMatch(
      /CREATE TABLE "CostNote" \(\s+"id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT/,
    );
    expect(readFileSync(postgresql, "utf8")).toMatch(/CREATE TABLE "CostNote" \(\s+"id" SERIAL NOT NULL/);
    for (const file of [sqlite, postgresql]) {
      const sql = readFileSync(file, "utf8");
      expect(sql).toContain(`CREATE INDEX "CostNote_shop_idx" ON "CostNote"("shop")`);
      expect(sql).not.toContain(`CREATE TABLE "Shop"`);
    }
    // The PostgreSQL schema was re-derived from the changed source.
    expect(readFileSync(join(prismaDir, "postgresql", "schema.prisma"), "utf8")).toBe(
      derivePostgresqlSchema(readFileSync(join(prismaDir, "schema.prisma"), "utf8")),
    );

    // Nothing more to do now, and the migrations apply on fresh databases of both providers.
    expect(
      await createMigration({ name: "again", prismaDir, postgresqlUrl: POSTGRESQL_SERVER_URL, now: NOW }),
    ).toBeNull();
    for (const database of [createSqliteDatabase(), await createPostgresqlDatabase()]) {
      try {
        const applied = await applyMigrations({ databaseUrl: database.url, prismaDir });
        expect(applied.at(-1)).toBe("20300102030405_add_cost_notes");
      } finally {
        await database.drop();
      }
    }
  });

  it("refuses to overwrite an existing migration directory", async () => {
    addModel();
    mkdirSync(join(prismaDir, "postgresql", "migrations", "20300102030405_add_cost_notes"));
    await expect(
      createMigration({ name: "add_cost_notes", prismaDir, postgresqlUrl: POSTGRESQL_SERVER_URL, now: NOW }),
    ).rejects.toThrow(/20300102030405_add_cost_notes already exists/);
    expect(existsSync(join(prismaDir, "migrations", "20300102030405_add_cost_notes")), "nothing written").toBe(false);
  });

  it("starts a migration history from scratch, with lockfiles", async () => {
    rmSync(join(prismaDir, "migrations"), { recursive: true });
    rmSync(join(prismaDir, "postgresql", "migrations"), { recursive: true });
    const created = await createMigration({ name: "init", prismaDir, postgresqlUrl: POSTGRESQL_SERVER_URL, now: NOW });
    expect(created?.files).toHaveLength(2);
    expect(readFileSync(join(prismaDir, "migrations", "migration_lock.toml"), "utf8")).toContain('provider = "sqlite"');
    expect(readFileSync(join(prismaDir, "postgresql", "migrations", "migration_lock.toml"), "utf8")).toContain(
      'provider = "postgresql"',
    );
    expect(readFileSync(created!.files[1]!.path, "utf8")).toMatch(/^-- CreateTable\nCREATE TABLE "Session"/);
  });
});

describe.skipIf(postgresqlUnavailable !== null)("npm run db:migration:new (prisma/tools/cli.ts new)", () => {
  // The CLI finds prisma/ in its working directory: run it in the temporary copy.
  const cli = (...args: string[]) =>
    spawnSync(process.execPath, [resolve("node_modules/tsx/dist/cli.mjs"), resolve("prisma/tools/cli.ts"), ...args], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: undefined, MIGRATION_POSTGRESQL_URL: POSTGRESQL_SERVER_URL },
      encoding: "utf8",
    });

  it("says so when there are no schema changes", () => {
    const result = cli("new", "nothing");
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("No schema changes");
  });

  it("writes both migrations, which `apply` then applies to the default prisma/dev.sqlite", () => {
    addModel();
    const created = cli("new", "add_cost_notes");
    expect(created.status).toBe(0);
    expect(created.stdout).toMatch(/Wrote prisma\/migrations\/\d{14}_add_cost_notes\/migration\.sql \(sqlite\)/);
    expect(created.stdout).toMatch(
      /Wrote prisma\/postgresql\/migrations\/\d{14}_add_cost_notes\/migration\.sql \(postgresql\)/,
    );

    const applied = cli("apply");
    expect(applied.status).toBe(0);
    expect(applied.stdout).toContain(
      `Applying migrations to the SQLite database ${join(prismaDir, "dev.sqlite")} (DATABASE_URL from the default)`,
    );
    expect(applied.stdout).toMatch(/Applied \d{14}_add_cost_notes/);
    expect(existsSync(join(prismaDir, "dev.sqlite"))).toBe(true);
  });

  it("rejects a missing or unusable name", () => {
    expect(cli("new").stderr).toMatch(/^db: Usage: /);
    const invalid = cli("new", "???");
    expect(invalid.status).toBe(1);
    expect(invalid.stderr).toMatch(/^db: Invalid migration name "\?\?\?"/);
  });
});
