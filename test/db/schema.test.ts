import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";

import { Prisma as SqlitePrisma } from "@prisma/client";
import { describe, expect, expectTypeOf, it } from "vitest";

import type { Prisma as PostgresqlPrisma } from "../../node_modules/.prisma/client-postgresql/index.js";
import { derivePostgresqlSchema } from "../../prisma/tools/derive-schema.mjs";

const read = (path: string) => readFileSync(path, "utf8");
const requireHere = createRequire(import.meta.url);
const postgresqlClient = requireHere(".prisma/client-postgresql") as { Prisma: typeof SqlitePrisma };

describe("the two schemas", () => {
  it("prisma/postgresql/schema.prisma is derived from prisma/schema.prisma (run `npm run prisma:generate`)", () => {
    expect(read("prisma/postgresql/schema.prisma")).toBe(derivePostgresqlSchema(read("prisma/schema.prisma")));
  });

  it("differ only in provider and client output", () => {
    const derived = derivePostgresqlSchema(read("prisma/schema.prisma"));
    expect(derived).toContain('provider = "postgresql"');
    expect(derived).toContain('output     = "../../node_modules/.prisma/client-postgresql"');
    expect(derived).not.toContain('"sqlite"');
  });

  it("refuses provider-specific native types, which the derivation would copy verbatim", () => {
    const withNativeType = read("prisma/schema.prisma").replace(
      "scopes        String",
      "scopes        String @db.Text",
    );
    expect(() => derivePostgresqlSchema(withNativeType)).toThrow(/native type/);
  });

  it("each record their provider in their migrations' lockfile", () => {
    expect(read("prisma/migrations/migration_lock.toml")).toContain('provider = "sqlite"');
    expect(read("prisma/postgresql/migrations/migration_lock.toml")).toContain('provider = "postgresql"');
  });
});

describe("the generated clients (run `npm run prisma:generate` when these fail)", () => {
  const generatedSchema = (client: string) =>
    read(join(requireHere.resolve(`${client}/package.json`, { paths: [process.cwd()] }), "..", "schema.prisma"));

  it("are generated from the current schemas", () => {
    expect(generatedSchema(".prisma/client")).toBe(read("prisma/schema.prisma"));
    expect(generatedSchema(".prisma/client-postgresql")).toBe(read("prisma/postgresql/schema.prisma"));
  });

  it("have the same models, fields and enums", () => {
    expect(postgresqlClient.Prisma.dmmf.datamodel).toEqual(SqlitePrisma.dmmf.datamodel);
  });

  it("share one TypeScript API: every SQLite call is a valid PostgreSQL call, and results agree", () => {
    // app/db.server.ts types both clients as @prisma/client's (the SQLite one).
    // This is checked by `tsc` (npm run typecheck): a model or operation whose
    // arguments or results differ between the two makes `Mismatches` non-never.
    type Args<T> = T extends { args: infer A } ? A : never;
    type Result<T> = T extends { result: infer R } ? R : never;
    type Operations<T> = T extends { operations: infer O } ? O : never;
    type OperationMismatch<S, P> = {
      [O in keyof S]: O extends keyof P
        ? [Args<S[O]>] extends [Args<P[O]>]
          ? [Result<P[O]>] extends [Result<S[O]>]
            ? never
            : `${O & string}: results differ`
          : `${O & string}: arguments differ`
        : `${O & string}: missing from the PostgreSQL client`;
    }[keyof S];
    type SqliteModels = SqlitePrisma.TypeMap["model"];
    type PostgresqlModels = PostgresqlPrisma.TypeMap["model"];
    type Mismatches =
      | {
          [M in keyof SqliteModels]: M extends keyof PostgresqlModels
            ? OperationMismatch<Operations<SqliteModels[M]>, Operations<PostgresqlModels[M]>>
            : `${M & string} is missing from the PostgreSQL client`;
        }[keyof SqliteModels]
      | Exclude<keyof PostgresqlModels, keyof SqliteModels>;
    expectTypeOf<Mismatches>().toEqualTypeOf<never>();
    expectTypeOf<keyof SqliteModels>().toEqualTypeOf<SqlitePrisma.ModelName>();
  });
});
