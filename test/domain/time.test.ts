import { describe, expect, it } from "vitest";
import { isInstant, isLocalDate, isTimeZone, localDate, monthKey, nextMonth, startOfLocalDate } from "../../app/domain/index";

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

  it("equals Intl's own formatting every 5 minutes across DST changes and a skipped day, in time order and shuffled (the day memo)", () => {
    const reference = (ms: number, timeZone: string) => {
      const parts = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).formatToParts(new Date(ms));
      const get = (t: string) => parts.find((p) => p.type === t)!.value;
      return `${get("year")}-${get("month")}-${get("day")}`;
    };
    const spans: [string, string, string][] = [
      ["Europe/Paris", "2026-03-27T00:00:00Z", "2026-04-01T00:00:00Z"],
      ["Europe/Paris", "2026-10-23T00:00:00Z", "2026-10-28T00:00:00Z"],
      ["Australia/Lord_Howe", "2026-04-03T00:00:00Z", "2026-04-07T00:00:00Z"], // 30-minute DST
      ["Asia/Kathmandu", "2026-11-01T00:00:00Z", "2026-11-03T00:00:00Z"],
      ["Pacific/Apia", "2011-12-28T00:00:00Z", "2012-01-02T00:00:00Z"], // 30 December 2011 skipped
    ];
    for (const [zone, from, to] of spans) {
      const instants: number[] = [];
      for (let t = Date.parse(from); t < Date.parse(to); t += 5 * 60_000) instants.push(t);
      const shuffled = instants.map((t, i) => instants[(i * 7919) % instants.length]!);
      for (const t of [...instants, ...shuffled]) expect([zone, new Date(t).toISOString(), localDate(new Date(t).toISOString(), zone)]).toEqual([zone, new Date(t).toISOString(), reference(t, zone)]);
    }
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

  it("finds the first instant of a local date, across DST and at quarter-hour offsets", () => {
    // Paris: UTC+2 until 25 October 2026, UTC+1 after.
    expect(startOfLocalDate("2026-10-25", "Europe/Paris")).toBe("2026-10-24T22:00:00.000Z");
    expect(startOfLocalDate("2026-11-01", "Europe/Paris")).toBe("2026-10-31T23:00:00.000Z");
    // Kathmandu UTC+05:45; New York UTC−5 in December; Kiritimati UTC+14.
    expect(startOfLocalDate("2026-11-02", "Asia/Kathmandu")).toBe("2026-11-01T18:15:00.000Z");
    expect(startOfLocalDate("2026-12-01", "America/New_York")).toBe("2026-12-01T05:00:00.000Z");
    expect(startOfLocalDate("2026-12-01", "Pacific/Kiritimati")).toBe("2026-11-30T10:00:00.000Z");
    expect(() => startOfLocalDate("2026-02-30", "UTC")).toThrow(RangeError);
  });

  it("steps months, over a year end", () => {
    expect(nextMonth("2026-11")).toBe("2026-12");
    expect(nextMonth("2026-12")).toBe("2027-01");
    expect(() => nextMonth("2026-13")).toThrow(RangeError);
  });
});

describe("addDays / addMonths", () => {
  it("step local dates across month and year ends", async () => {
    const { addDays, addMonths } = await import("~/domain/time");
    expect(addDays("2026-02-28", 1)).toBe("2026-03-01");
    expect(addDays("2024-02-28", 1)).toBe("2024-02-29");
    expect(addDays("2026-01-01", -1)).toBe("2025-12-31");
    expect(addMonths("2026-11-22", -12)).toBe("2025-11-22");
    // 31 January + 1 month overflows as Date does: 3 March (2026 is not a leap year).
    expect(addMonths("2026-01-31", 1)).toBe("2026-03-03");
  });
});
