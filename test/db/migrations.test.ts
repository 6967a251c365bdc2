import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { join } from "node:path";

import { Prisma } from "@prisma/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createPrismaClient, type Db } from "~/db.server";
import { applyMigrations } from "../../prisma/tools/migrator";
import { createSqliteDatabase, describeEachProvider, type TestDatabase } from "./databases";

const MODELS = Prisma.dmmf.datamodel.models.map((model) => model.dbName ?? model.name);
const migrationNames = (dir: string) =>
  readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();

describeEachProvider("applyMigrations", (provider, database) => {
  const folder = provider === "sqlite" ? "prisma/migrations" : "prisma/postgresql/migrations";
  let db: Db;

  beforeAll(() => {
    db = createPrismaClient(database().url);
  });
  afterAll(async () => {
    await db.$disconnect();
  });

  it("applies every migration, in order, to a fresh database", async () => {
    const applied = await applyMigrations({ databaseUrl: database().url });
    expect(applied).toEqual(migrationNames(folder));
    expect(applied.length).toBeGreaterThan(0);

    const recorded = await db.$queryRawUnsafe<{ migration_name: string }[]>(
      `SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL ORDER BY migration_name`,
    );
    expect(recorded.map((row) => row.migration_name)).toEqual(applied);
  });

  it("creates a table for every model of the schema", async () => {
    const sql =
      provider === "sqlite"
        ? `SELECT name FROM sqlite_master WHERE type = 'table'`
        : `SELECT table_name::text AS name FROM information_schema.tables WHERE table_schema = 'public'`;
    const tables = (await db.$queryRawUnsafe<{ name: string }[]>(sql)).map((row) => row.name);
    expect(tables).toEqual(expect.arrayContaining([...MODELS, "_prisma_migrations"]));
  });

  it("gives every table an index that starts with its shop column", async () => {
    // Every query is scoped to one shop, and deleteShopData deletes by shop.
    const sql =
      provider === "sqlite"
        ? `SELECT m.name AS "table", ii.name AS "column"
             FROM sqlite_master m, pragma_index_list(m.name) il, pragma_index_info(il.name) ii
            WHERE m.type = 'table' AND ii.seqno = 0`
        : `SELECT t.relname::text AS "table", a.attname::text AS "column"
             FROM pg_index i
             JOIN pg_class t ON t.oid = i.indrelid
             JOIN pg_namespace n ON n.oid = t.relnamespace AND n.nspname = 'public'
             JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = i.indkey[0]`;
    const leading = await db.$queryRawUnsafe<{ table: string; column: string }[]>(sql);
    const unindexed = MODELS.filter((table) => !leading.some((row) => row.table === table && row.column === "shop"));
    expect(unindexed, "tables without an index (or primary key) starting with `shop`").toEqual([]);
  });

  it("applies nothing the second time", async () => {
    expect(await applyMigrations({ databaseUrl: database().url })).toEqual([]);
    const rows = await db.$queryRawUnsafe<{ n: bigint | number }[]>(`SELECT COUNT(*) AS n FROM _prisma_migrations`);
    expect(Number(rows[0]!.n)).toBe(migrationNames(folder).length);
  });

  it("leaves the database usable by the app's client", async () => {
    await db.shop.create({ data: { shop: "migrated.myshopify.com", installedAt: new Date(), scopes: "read_orders" } });
    expect(await db.shop.count()).toBe(1);
  });
});

describe("applyMigrations with a malformed DATABASE_URL", () => {
  it("names DATABASE_URL and does not echo credentials", async () => {
    await expect(applyMigrations({ databaseUrl: "mysql://admin:hunter2@db/netmargin" })).rejects.toThrow(
      /^DATABASE_URL must start with "file:" \(SQLite\) or "postgresql:\/\/" \(PostgreSQL\), not "mysql:"/,
    );
    await expect(applyMigrations({ databaseUrl: "mysql://admin:hunter2@db/netmargin" })).rejects.not.toThrow(/hunter2/);
    await expect(applyMigrations({ databaseUrl: "postgresql://postgres@127.0.0.1:5432" })).rejects.toThrow(
      /DATABASE_URL names no PostgreSQL database/,
    );
    await expect(applyMigrations({ databaseUrl: "file:./dev.sqlite?mode=ro" })).rejects.toThrow(
      /DATABASE_URL: SQLite URLs take no parameters/,
    );
  });
});

describe("npm run db:migrate (prisma/tools/cli.ts apply)", () => {
  let database: TestDatabase;
  beforeAll(() => {
    database = createSqliteDatabase();
  });
  afterAll(() => database.drop());

  const migrate = (databaseUrl: string) =>
    spawnSync(
      process.execPath,
      [join("node_modules", "tsx", "dist", "cli.mjs"), join("prisma", "tools", "cli.ts"), "apply"],
      {
        env: { ...process.env, DATABASE_URL: databaseUrl },
        encoding: "utf8",
      },
    );

  it("prints what it applied, then that there is nothing to apply", () => {
    const first = migrate(database.url);
    expect(first.stderr).toBe("");
    expect(first.status).toBe(0);
    expect(first.stdout).toContain(`Applying migrations to the SQLite database ${database.url.slice("file:".length)}`);
    for (const name of migrationNames("prisma/migrations")) expect(first.stdout).toContain(`Applied ${name}`);

    const second = migrate(database.url);
    expect(second.status).toBe(0);
    expect(second.stdout).toContain("No pending migrations: the database is up to date.");
  });

  it("exits non-zero with a message naming DATABASE_URL when it is malformed", () => {
    const result = migrate("sqlserver://localhost");
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/^db: DATABASE_URL must start with "file:"/);
  });

  it("exits non-zero with the database's error when it cannot connect", () => {
    const result = migrate("postgresql://postgres@127.0.0.1:1/netmargin");
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/^db: Can't reach database server at `127\.0\.0\.1:1`/);
  });
});
