/**
 * The home page's trend: day totals grouped by day, week or month over the range,
 * with empty periods present (numbers by hand).
 */
import { describe, expect, it } from "vitest";

import { trendOf } from "~/services/dashboard.server";

const days = [
  { day: "2026-11-02", netRevenue: 10000, netMargin: 1500 }, // Monday
  { day: "2026-11-04", netRevenue: 5000, netMargin: -200 }, // Wednesday, same week
  { day: "2026-11-10", netRevenue: 2000, netMargin: 300 }, // next Tuesday
  { day: "2026-12-01", netRevenue: 999, netMargin: 99 }, // outside a November range
];

describe("trendOf", () => {
  it("is daily up to 31 days, with days without orders at 0", () => {
    const t = trendOf(days, { from: "2026-11-01", to: "2026-12-01" });
    expect(t.granularity).toBe("day");
    expect(t.points).toHaveLength(30);
    expect(t.points[0]).toEqual({ start: "2026-11-01", netRevenue: 0, netMargin: 0 });
    expect(t.points[1]).toEqual({ start: "2026-11-02", netRevenue: 10000, netMargin: 1500 });
    // December 1st is outside the range.
    expect(t.points.reduce((s, p) => s + p.netRevenue, 0)).toBe(17000);
  });

  it("is weekly (Monday first) up to 120 days", () => {
    const t = trendOf(days, { from: "2026-10-01", to: "2026-12-01" });
    expect(t.granularity).toBe("week");
    // 1 October 2026 is a Thursday: its week starts Monday 28 September.
    expect(t.points[0]!.start).toBe("2026-09-28");
    const week = t.points.find((p) => p.start === "2026-11-02");
    expect(week).toEqual({ start: "2026-11-02", netRevenue: 15000, netMargin: 1300 });
    expect(t.points.find((p) => p.start === "2026-11-09")).toEqual({ start: "2026-11-09", netRevenue: 2000, netMargin: 300 });
    expect(t.points.at(-1)!.start).toBe("2026-11-30");
  });

  it("is monthly beyond 120 days", () => {
    const t = trendOf(days, { from: "2025-12-01", to: "2026-12-02" });
    expect(t.granularity).toBe("month");
    expect(t.points.map((p) => p.start)).toHaveLength(13);
    expect(t.points.find((p) => p.start === "2026-11-01")).toEqual({ start: "2026-11-01", netRevenue: 17000, netMargin: 1600 });
    expect(t.points.at(-1)).toEqual({ start: "2026-12-01", netRevenue: 999, netMargin: 99 });
  });
});
