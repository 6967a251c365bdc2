/**
 * A date as a merchant types it into a date field, read in the admin's locale: "1 Jun 2026"
 * (what the field shows, formatDate's form), "1 June 2026", "Jun 1, 2026", "01/06/2026" or
 * "1.6.26" (day, month and year in the locale's numeric order: day first in English, as formatDate
 * writes dates; Intl's order elsewhere, year first in ja), or ISO "2026-06-01". The field then
 * shows the date as read, so a day and month read the other way round are seen at once. Replaces
 * the browser's <input type=date>, which showed mm/dd/yyyy in English whatever the admin's dates
 * looked like (issue 17, item 3).
 */
import { isLocalDate } from "./time";

export type TypedDate = { ok: true; iso: string } | { ok: false; message: string };

const EN_MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
const EN_LONG = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"];

function isEnglish(locale: string): boolean {
  return locale === "en" || locale.startsWith("en-");
}

/** Lower case, accents and trailing dots off: "févr." → "fevr". */
function fold(s: string): string {
  return s
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/\.$/, "")
    .toLowerCase();
}

/** The locale's month names, short and long, folded, by month (0-11). */
function monthNames(locale: string): string[][] {
  const names = Array.from({ length: 12 }, (_, m) => [EN_MONTHS[m]!, EN_LONG[m]!, ...(m === 8 ? ["sept"] : [])]);
  if (isEnglish(locale)) return names;
  for (const month of ["short", "long"] as const) {
    const f = new Intl.DateTimeFormat(locale, { month, timeZone: "UTC" });
    for (let m = 0; m < 12; m++) names[m]!.push(fold(f.format(new Date(Date.UTC(2026, m, 1)))));
  }
  return names;
}

/** Which of day, month and year the locale writes first in a numeric date: English day first (as formatDate). */
export function numericOrder(locale: string): ("day" | "month" | "year")[] {
  if (isEnglish(locale)) return ["day", "month", "year"];
  const parts = new Intl.DateTimeFormat(locale, { day: "2-digit", month: "2-digit", year: "numeric", timeZone: "UTC" }).formatToParts(new Date(Date.UTC(2026, 5, 1)));
  const order = parts.map((p) => p.type).filter((t): t is "day" | "month" | "year" => t === "day" || t === "month" || t === "year");
  return order.length === 3 ? order : ["day", "month", "year"];
}

/** "dd/mm/yyyy" in the locale's numeric order (a hint beside the example). */
export function numericPattern(locale: string): string {
  return numericOrder(locale)
    .map((p) => (p === "day" ? "dd" : p === "month" ? "mm" : "yyyy"))
    .join("/");
}

const MONTH_WORDS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

function checked(year: number, month: number, day: number, locale: string): TypedDate {
  if (year < 100) year += 2000;
  if (month < 1 || month > 12) return { ok: false, message: `there is no month ${month}: write the date like ${example(locale)}` };
  const iso = `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
  if (year < 2000 || year > 2100) return { ok: false, message: `${year} is not a year of your orders` };
  if (!isLocalDate(iso)) return { ok: false, message: `${MONTH_WORDS[month - 1]} ${year} has no day ${day}` };
  return { ok: true, iso };
}

function example(locale: string): string {
  return isEnglish(locale)
    ? "1 Jun 2026"
    : new Intl.DateTimeFormat(locale, { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" }).format(new Date(Date.UTC(2026, 5, 1)));
}

/** The date the merchant typed, or what is wrong with it (a sentence to show under the field). */
export function parseTypedDate(text: string, locale = "en"): TypedDate {
  const t = text.trim();
  if (t === "") return { ok: false, message: "enter a date" };
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(t);
  if (iso) return checked(Number(iso[1]), Number(iso[2]), Number(iso[3]), locale);
  const tokens = t.split(/[\s/.,-]+/).filter((x) => x !== "" && x !== "de" && x !== "del");
  if (tokens.length !== 3) return { ok: false, message: `write the date like ${example(locale)} or ${numericPattern(locale)}` };
  const words = tokens.filter((x) => !/^\d+$/.test(x));
  if (words.length === 0) {
    const n = tokens.map(Number);
    const order = numericOrder(locale);
    // A 4-digit first number is a year whatever the locale (2026/06/01).
    const o = tokens[0]!.length === 4 ? (["year", "month", "day"] as const) : order;
    const at = (p: "day" | "month" | "year") => n[o.indexOf(p)]!;
    return checked(at("year"), at("month"), at("day"), locale);
  }
  if (words.length === 1) {
    const word = fold(words[0]!);
    const month = monthNames(locale).findIndex((names) => names.includes(word));
    if (month === -1) return { ok: false, message: `"${words[0]}" is not a month: write the date like ${example(locale)}` };
    const [a, b] = tokens.filter((x) => /^\d+$/.test(x)).map(Number) as [number, number];
    // Day then year ("1 Jun 2026", "Jun 1, 2026"); a 4-digit first number is the year ("2026 Jun 1").
    const [day, year] = a > 31 ? [b, a] : [a, b];
    return checked(year, month + 1, day, locale);
  }
  return { ok: false, message: `write the date like ${example(locale)} or ${numericPattern(locale)}` };
}

/** The example the field's placeholder and messages give, in the locale ("1 Jun 2026"). */
export function typedDateExample(locale = "en"): string {
  return example(locale);
}
