import { describe, expect, it } from "vitest";

import { isoOf, openRowReader } from "~/store/row-reader.server";
import { Instant, openSqlDb } from "~/store/sql.server";
import { describeEachProvider } from "../db/databases";

describe("isoOf (instants read back from either database)", () => {
  it("turns Prisma's SQLite text, other offsets, dates and ISO strings into one UTC ISO form", () => {
    expect(isoOf("2026-11-10T10:00:00.123+00:00")).toBe("2026-11-10T10:00:00.123Z");
    // Not the text sync writes: parsed, so the offset is applied.
    expect(isoOf("2026-11-10T10:00:00.000+01:00")).toBe("2026-11-10T09:00:00.000Z");
    expect(isoOf("2026-11-10T10:00:00Z")).toBe("2026-11-10T10:00:00.000Z");
    expect(isoOf(new Date("2026-11-10T10:00:00.5Z"))).toBe("2026-11-10T10:00:00.500Z");
  });
});

describeEachProvider("RowReader.rows", (provider, database) => {
  it("binds parameters as the writer does and returns rows as arrays", async () => {
    const sql = openSqlDb(database().url);
    try {
      await sql.execute(`CREATE TABLE "R" ("id" TEXT NOT NULL, "at" ${provider === "postgresql" ? "TIMESTAMP(3)" : "DATETIME"} NOT NULL, "flag" BOOLEAN NOT NULL)`);
      await sql.insertMany(
        "R",
        ["id", "at", "flag"],
        [
          ["a", new Instant("2026-11-10T10:00:00Z"), true],
          ["b", new Instant("2026-11-10T11:00:00.500Z"), true],
          ["c", new Instant("2026-11-10T12:00:00Z"), false],
          ["d", new Instant("2026-11-09T10:00:00Z"), true],
        ],
      );
    } finally {
      await sql.close();
    }
    const reader = openRowReader(database().url);
    try {
      const query = `SELECT "id", "at", "flag" FROM "R" WHERE "at" >= ? AND "flag" = ? ORDER BY "id"`;
      const rows = await reader.rows(query, [new Instant("2026-11-10T10:00:00Z"), true]);
      expect(rows.map((r) => [r[0], isoOf(r[1]), r[2] === true || r[2] === 1])).toEqual([
        ["a", "2026-11-10T10:00:00.000Z", true],
        ["b", "2026-11-10T11:00:00.500Z", true],
      ]);
      // The same statement again, other parameters.
      expect(await reader.rows(query, [new Instant("2026-11-10T11:00:00Z"), false])).toEqual([["c", expect.anything(), provider === "postgresql" ? false : 0]]);
    } finally {
      await reader.close();
    }
  });
});
