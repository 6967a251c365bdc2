import { describe, expect, it } from "vitest";

import { numericPattern, parseTypedDate } from "~/domain/typed-date";

/** Dates typed into the date fields, read in the admin's locale (issue 17, item 3). */
describe("parseTypedDate", () => {
  it("reads the forms an English admin writes, day first as the app shows dates", () => {
    for (const text of ["1 Jun 2026", "1 June 2026", "Jun 1, 2026", "june 1 2026", "01/06/2026", "1.6.26", "2026-06-01", " 1-6-2026 "]) {
      expect(parseTypedDate(text, "en"), text).toEqual({ ok: true, iso: "2026-06-01" });
    }
    expect(parseTypedDate("1 Sept 2026", "en-GB")).toEqual({ ok: true, iso: "2026-09-01" });
    expect(numericPattern("en")).toBe("dd/mm/yyyy");
  });

  it("reads the locale's month names and numeric order", () => {
    expect(parseTypedDate("1 juin 2026", "fr")).toEqual({ ok: true, iso: "2026-06-01" });
    expect(parseTypedDate("3 févr. 2026", "fr")).toEqual({ ok: true, iso: "2026-02-03" });
    expect(parseTypedDate("01.06.2026", "de")).toEqual({ ok: true, iso: "2026-06-01" });
    // Japanese writes the year first: 2026/06/01; a 4-digit first number is a year anywhere.
    expect(numericPattern("ja")).toBe("yyyy/mm/dd");
    expect(parseTypedDate("2026/06/01", "ja")).toEqual({ ok: true, iso: "2026-06-01" });
    expect(parseTypedDate("2026/06/01", "en")).toEqual({ ok: true, iso: "2026-06-01" });
  });

  it("says what is wrong, in words", () => {
    expect(parseTypedDate("", "en")).toEqual({ ok: false, message: "enter a date" });
    expect(parseTypedDate("31 Jun 2026", "en")).toEqual({ ok: false, message: "June 2026 has no day 31" });
    // 29 February exists in 2028 (a leap year: divisible by 4, not a century), not in 2026.
    expect(parseTypedDate("29/02/2026", "en")).toEqual({ ok: false, message: "February 2026 has no day 29" });
    expect(parseTypedDate("29/02/2028", "en")).toEqual({ ok: true, iso: "2028-02-29" });
    // Month first (US order) is read day first: 06/13 has no month 13.
    expect(parseTypedDate("06/13/2026", "en")).toEqual({ ok: false, message: "there is no month 13: write the date like 1 Jun 2026" });
    expect(parseTypedDate("1 Juin 2026", "en")).toEqual({ ok: false, message: '"Juin" is not a month: write the date like 1 Jun 2026' });
    expect(parseTypedDate("yesterday", "en")).toEqual({ ok: false, message: "write the date like 1 Jun 2026 or dd/mm/yyyy" });
    expect(parseTypedDate("1 Jun 1926", "en")).toEqual({ ok: false, message: "1926 is not a year of your orders" });
  });
});
