import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

import { Prisma } from "@prisma/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createPrismaClient, type Db } from "~/db.server";
import {
  databaseUrlFromEnvironment,
  DatabaseUrlError,
  DEFAULT_DATABASE_URL,
  describeDatabase,
  parseDatabaseUrl,
} from "../../prisma/tools/database-url";
import { applyMigrations } from "../../prisma/tools/migrator";
import { describeEachProvider } from "./databases";

describe("parseDatabaseUrl", () => {
  it("resolves relative SQLite paths from prisma/, as Prisma does from the schema's folder", () => {
    expect(parseDatabaseUrl("file:./dev.sqlite")).toEqual({
      provider: "sqlite",
      url: "file:./dev.sqlite",
      file: resolve("prisma", "dev.sqlite"),
    });
    expect(parseDatabaseUrl("file:dev.sqlite")).toMatchObject({ file: resolve("prisma", "dev.sqlite") });
    expect(parseDatabaseUrl("file:../data/app.sqlite", "/srv/app/prisma")).toMatchObject({
      file: "/srv/app/data/app.sqlite",
    });
  });

  it("keeps absolute SQLite paths, written as paths or as file:// URLs", () => {
    expect(parseDatabaseUrl("file:/var/lib/netmargin/db.sqlite")).toMatchObject({
      file: "/var/lib/netmargin/db.sqlite",
    });
    expect(parseDatabaseUrl("file:///var/lib/netmargin/db.sqlite")).toMatchObject({
      file: "/var/lib/netmargin/db.sqlite",
    });
  });

  it("recognises PostgreSQL URLs under both schemes", () => {
    for (const url of [
      "postgresql://app:secret@db.internal:5432/netmargin",
      "postgres://app@db.internal/netmargin?sslmode=require",
    ]) {
      expect(parseDatabaseUrl(url)).toEqual({ provider: "postgresql", url });
    }
    expect(parseDatabaseUrl("postgresql://app@db.internal/netmargin?schema=public").provider).toBe("postgresql");
  });

  it.each([
    ["", /^DATABASE_URL is empty/],
    [
      "mysql://root:secret@db/netmargin",
      /^DATABASE_URL must start with "file:" \(SQLite\) or "postgresql:\/\/" \(PostgreSQL\), not "mysql:"/,
    ],
    ["./dev.sqlite", /^DATABASE_URL must start with "file:"/],
    ["file:", /^DATABASE_URL "file:" names no database file/],
    ["file:./dev.sqlite?connection_limit=1", /^DATABASE_URL: SQLite URLs take no parameters/],
    ["postgresql://app@db.internal", /^DATABASE_URL names no PostgreSQL database/],
    ["postgresql://app@db.internal/netmargin?schema=tenant", /^DATABASE_URL: \?schema=tenant is not supported/],
  ])("rejects %j with a message naming DATABASE_URL", (url, message) => {
    expect(() => parseDatabaseUrl(url)).toThrow(DatabaseUrlError);
    expect(() => parseDatabaseUrl(url)).toThrow(message);
  });

  it("never puts a password in its messages", () => {
    expect(() => parseDatabaseUrl("mysql://root:hunter2@db/x")).not.toThrow(/hunter2/);
    expect(describeDatabase(parseDatabaseUrl("postgresql://app:hunter2@db.internal:5433/netmargin"))).toBe(
      'PostgreSQL database "netmargin" on db.internal:5433',
    );
  });
});

describe("databaseUrlFromEnvironment (the command line tools)", () => {
  const dir = mkdtempSync(join(tmpdir(), "netmargin-env-"));
  const envFile = join(dir, ".env");
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("prefers the environment variable", () => {
    writeFileSync(envFile, "DATABASE_URL=file:./from-dotenv.sqlite\n");
    expect(databaseUrlFromEnvironment({ DATABASE_URL: "file:./from-env.sqlite" }, envFile)).toEqual({
      url: "file:./from-env.sqlite",
      source: "the environment",
    });
  });

  it("then the .env file at the repository root", () => {
    writeFileSync(
      envFile,
      '# local settings\nSCOPES=read_orders\nDATABASE_URL="postgresql://postgres@127.0.0.1:5432/dev"\n',
    );
    expect(databaseUrlFromEnvironment({}, envFile)).toEqual({
      url: "postgresql://postgres@127.0.0.1:5432/dev",
      source: envFile,
    });
  });

  it("then prisma/dev.sqlite", () => {
    expect(databaseUrlFromEnvironment({}, join(dir, "missing.env"))).toEqual({
      url: DEFAULT_DATABASE_URL,
      source: "the default",
    });
    expect(parseDatabaseUrl(DEFAULT_DATABASE_URL)).toMatchObject({ file: resolve("prisma", "dev.sqlite") });
  });
});

describeEachProvider("createPrismaClient", (provider, database) => {
  let db: Db;

  beforeAll(async () => {
    await applyMigrations({ databaseUrl: database().url });
    db = createPrismaClient(database().url);
  });
  afterAll(async () => {
    await db.$disconnect();
  });

  it("talks to the database named by the URL, through that provider's driver", async () => {
    const [row] = await db.$queryRawUnsafe<{ name: string }[]>(
      provider === "sqlite" ? "SELECT 'sqlite ' || sqlite_version() AS name" : "SELECT version() AS name",
    );
    expect(row!.name.toLowerCase()).toMatch(provider === "sqlite" ? /^sqlite 3\./ : /^postgresql \d+/);
  });

  it("round-trips dates and 64-bit integers", async () => {
    const installedAt = new Date("2026-03-29T01:30:00.123Z");
    await db.shop.create({ data: { shop: "dates.myshopify.com", installedAt, scopes: "read_orders" } });
    await db.session.create({
      data: { id: "big", shop: "dates.myshopify.com", state: "", accessToken: "x", userId: 9_007_199_254_740_993n },
    });
    expect((await db.shop.findUniqueOrThrow({ where: { shop: "dates.myshopify.com" } })).installedAt).toEqual(
      installedAt,
    );
    expect((await db.session.findUniqueOrThrow({ where: { id: "big" } })).userId).toBe(9_007_199_254_740_993n);
  });

  it("reports a unique violation as @prisma/client's PrismaClientKnownRequestError P2002", async () => {
    // PrismaSessionStorage and the app test errors with @prisma/client's classes, whichever client threw.
    const duplicate = db.shop.create({
      data: { shop: "dates.myshopify.com", installedAt: new Date(), scopes: "read_orders" },
    });
    const error = await duplicate.catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Prisma.PrismaClientKnownRequestError);
    expect((error as Prisma.PrismaClientKnownRequestError).code).toBe("P2002");
  });

  it("runs interactive transactions and rolls them back on error", async () => {
    await expect(
      db.$transaction(async (tx) => {
        await tx.shop.update({ where: { shop: "dates.myshopify.com" }, data: { scopes: "changed" } });
        throw new Error("abort");
      }),
    ).rejects.toThrow("abort");
    expect((await db.shop.findUniqueOrThrow({ where: { shop: "dates.myshopify.com" } })).scopes).toBe("read_orders");
  });
});
