import { describe, expect, it } from "vitest";

import { isoOf } from "~/store/row-reader.server";

describe("isoOf (instants read back from either database)", () => {
  it("turns Prisma's SQLite text, other offsets, dates and ISO strings into one UTC ISO form", () => {
    expect(isoOf("2026-11-10T10:00:00.123+00:00")).toBe("2026-11-10T10:00:00.123Z");
    // Not the text sync writes: parsed, so the offset is applied.
    expect(isoOf("2026-11-10T10:00:00.000+01:00")).toBe("2026-11-10T09:00:00.000Z");
    expect(isoOf("2026-11-10T10:00:00Z")).toBe("2026-11-10T10:00:00.000Z");
    expect(isoOf(new Date("2026-11-10T10:00:00.5Z"))).toBe("2026-11-10T10:00:00.500Z");
  });
});
