import { describe, expect, it } from "vitest";

import { bindSqlite, Instant, pgParams, toPg } from "~/store/sql.server";

/**
 * Parameter plumbing shared by the writer (SqlDb) and the row reader: `?` to
 * PostgreSQL's `$n`, and values bound per provider.
 */
describe("toPg", () => {
  it("numbers the ? placeholders in order", () => {
    expect(toPg(`SELECT "a" FROM "T" WHERE "shop" = ? AND "at" >= ? AND "at" < ? LIMIT ?`)).toBe(`SELECT "a" FROM "T" WHERE "shop" = $1 AND "at" >= $2 AND "at" < $3 LIMIT $4`);
    expect(toPg(`SELECT 1`)).toBe(`SELECT 1`);
  });

  it("does not parse SQL: a ? inside a quoted literal is numbered too", () => {
    expect(toPg(`SELECT '?', ?`)).toBe(`SELECT '$1', $2`);
  });
});

describe("bound parameters", () => {
  const params = [new Instant("2026-11-10T10:00:00Z"), new Instant("2026-11-10T10:00:00.123Z"), new Date("2026-11-10T10:00:00.5Z"), true, false, 7, "x", null];

  it("SQLite: instants and dates as Prisma's text, booleans as 1/0, the rest as is", () => {
    expect(bindSqlite(params)).toEqual([
      "2026-11-10T10:00:00.000+00:00",
      "2026-11-10T10:00:00.123+00:00",
      "2026-11-10T10:00:00.500+00:00",
      1,
      0,
      7,
      "x",
      null,
    ]);
    // An instant not in UTC "Z" form goes through Date.
    expect(bindSqlite([new Instant("2026-11-10T11:00:00+01:00")])).toEqual(["2026-11-10T10:00:00.000+00:00"]);
  });

  it("PostgreSQL: instants as their ISO string, the rest left to pg", () => {
    expect(pgParams(params)).toEqual(["2026-11-10T10:00:00Z", "2026-11-10T10:00:00.123Z", params[2], true, false, 7, "x", null]);
  });
});
