// Home's heading (issue 17, item 1/3): the period and what it is compared with, in plain words.
import { describe, expect, it } from "vitest";

import { formatComparedRange } from "../../app/domain/format";

describe("formatComparedRange", () => {
  it("says 'the 12 months before' for a year against the year before", () => {
    // 8 Dec 2025 to 7 Dec 2026 (to 8 Dec excluded); the 365 days before run from 8 Dec 2024 to 7 Dec 2025: 12 whole months.
    expect(formatComparedRange({ from: "2025-12-08", to: "2026-12-08" }, { from: "2024-12-08", to: "2025-12-08" })).toBe(
      "8 Dec 2025 – 7 Dec 2026, compared with the 12 months before",
    );
  });

  it("counts days when the previous period is not whole months", () => {
    // 30 days: 8 Nov – 7 Dec 2026; the 30 days before: 9 Oct – 7 Nov (9 Oct to 8 Nov: not the same day of the month).
    expect(formatComparedRange({ from: "2026-11-08", to: "2026-12-08" }, { from: "2026-10-09", to: "2026-11-08" })).toBe("8 Nov – 7 Dec 2026, compared with the 30 days before");
    expect(formatComparedRange({ from: "2026-06-02", to: "2026-06-03" }, { from: "2026-06-01", to: "2026-06-02" })).toBe("2 Jun 2026, compared with the day before");
  });

  it("names the previous range when it does not end where the period starts", () => {
    expect(formatComparedRange({ from: "2026-06-01", to: "2026-07-01" }, { from: "2025-06-01", to: "2025-07-01" })).toBe("1–30 Jun 2026, compared with 1–30 Jun 2025");
  });
});
