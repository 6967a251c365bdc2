import { describe, expect, it } from "vitest";
import { isInstant, isLocalDate, isTimeZone, localDate, monthKey } from "../../app/domain/index";

describe("shop-local dates", () => {
  it("reads the date and month in the shop's time zone", () => {
    expect(localDate("2026-10-31T23:30:00Z", "Europe/Paris")).toBe("2026-11-01");
    expect(localDate("2026-10-31T22:59:59Z", "Europe/Paris")).toBe("2026-10-31");
    expect(monthKey("2026-11-30T23:30:00Z", "Europe/Paris")).toBe("2026-12");
    expect(monthKey("2026-12-01T04:00:00Z", "America/New_York")).toBe("2026-11");
    expect(localDate("2026-11-03T09:15:00+09:00", "UTC")).toBe("2026-11-03");
  });

  it("is exact at quarter-hour offsets and across DST changes (memoised per UTC quarter hour)", () => {
    // Kathmandu is UTC+05:45: midnight local is 18:15 UTC
    expect(localDate("2026-11-01T18:14:59Z", "Asia/Kathmandu")).toBe("2026-11-01");
    expect(localDate("2026-11-01T18:15:00Z", "Asia/Kathmandu")).toBe("2026-11-02");
    expect(localDate("2026-11-01T18:14:59Z", "Asia/Kathmandu")).toBe("2026-11-01");
    // Paris leaves summer time on 25 October 2026: midnight local is 22:00 UTC before, 23:00 UTC after
    expect(localDate("2026-10-24T22:00:00Z", "Europe/Paris")).toBe("2026-10-25");
    expect(localDate("2026-10-25T22:59:00Z", "Europe/Paris")).toBe("2026-10-25");
    expect(localDate("2026-10-25T23:00:00Z", "Europe/Paris")).toBe("2026-10-26");
  });

  it("validates instants, dates and zones", () => {
    expect(isInstant("2026-11-03T09:15:00Z")).toBe(true);
    expect(isInstant("2026-11-03")).toBe(false);
    expect(isInstant("2026-11-03T09:15:00")).toBe(false);
    expect(isLocalDate("2026-02-28")).toBe(true);
    expect(isLocalDate("2026-02-29")).toBe(false);
    expect(isTimeZone("Europe/Paris")).toBe(true);
    expect(isTimeZone("Mars/Olympus")).toBe(false);
    expect(() => localDate("soon", "UTC")).toThrow(RangeError);
  });
});
