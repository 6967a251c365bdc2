import { describe, expect, it } from "vitest";

import { checkInvoice, checkPaidDate, dateOfDay, invoiceCsvHeader, isoWeekKey, isoWeekStart, paymentCalendar, type InvoiceInput, type SupplierInvoiceRow } from "~/domain/payables";

/** An unpaid EUR invoice due on `due`, `amount` in cents. */
const inv = (id: string, due: string, amount: number, extra: Partial<SupplierInvoiceRow> = {}): SupplierInvoiceRow => ({
  id, supplierId: null, supplierName: `Supplier ${id}`, reference: `R-${id}`, kind: "invoice", amount, currency: "EUR",
  issueDate: dateOfDay("2026-11-01"), dueDate: dateOfDay(due), paidDate: null, penalty: null, ...extra,
});

// Tuesday 8 Dec 2026, 11:00 in Paris: today is 2026-12-08, in ISO week 2026-W50 (Mon 7 – Sun 13 Dec).
const NOW = new Date("2026-12-08T10:00:00Z");
const INVOICES = [
  inv("A", "2026-12-01", 30000, { penalty: 4000 }), // overdue by 7 days, €40 penalty
  inv("B", "2026-12-07", 10000), // due yesterday (this week's Monday): overdue by 1 day
  inv("C", "2026-12-08", 20000), // due today: W50
  inv("D", "2026-12-16", 15000), // W51
  inv("E", "2026-12-31", 100000), // Thursday of 2026-W53 (2026 starts on a Thursday: it has 53 ISO weeks)
  inv("F", "2027-01-04", 50000), // 2027-W01: after a 4-week horizon
  inv("G", "2026-12-10", 99900, { paidDate: dateOfDay("2026-12-05") }), // paid: not in the calendar
  inv("H", "2026-12-20", 8000, { currency: "USD" }), // another currency: totalled apart
];

describe("ISO weeks", () => {
  it("starts weeks on Monday and gives them the year of their Thursday", () => {
    expect(isoWeekStart("2026-12-08")).toBe("2026-12-07");
    expect(isoWeekStart("2026-12-13")).toBe("2026-12-07"); // Sunday: same week
    // 2026-01-01 is a Thursday, so week 1 starts Mon 29 Dec 2025; 7 Dec 2026 is 343 days later: 343 / 7 = 49 weeks on, week 50.
    expect(isoWeekKey("2026-12-08")).toBe("2026-W50");
    expect(isoWeekKey("2027-01-01")).toBe("2026-W53"); // Friday of the week whose Thursday is 31 Dec 2026
    expect(isoWeekKey("2024-12-30")).toBe("2025-W01"); // Monday; its Thursday is 2 Jan 2025
    expect(isoWeekKey("2021-01-03")).toBe("2020-W53"); // Sunday; its Thursday is 31 Dec 2020
  });
});

describe("paymentCalendar", () => {
  it("splits unpaid invoices into overdue, the weeks ahead and later, and marks the peak week", () => {
    const c = paymentCalendar(INVOICES, { by: "week", now: NOW, timeZone: "Europe/Paris", currency: "EUR", horizon: 4 });
    expect(c.today).toBe("2026-12-08");
    // Overdue: A €300 (7 days late, penalty €40) and B €100 (1 day): €400, penalties €40.
    expect(c.overdue.items.map((o) => [o.id, o.daysLate, o.penalty])).toEqual([["A", 7, 4000], ["B", 1, 0]]);
    expect([c.overdue.amount, c.overdue.penalties]).toEqual([40000, 4000]);
    // W50 from today: C €200; W51: D €150; W52: nothing; W53 (28 Dec – 3 Jan): E €1,000.
    expect(c.buckets.map((b) => [b.key, b.start, b.end, b.amount, b.items.map((i) => i.id).join("")])).toEqual([
      ["2026-W50", "2026-12-08", "2026-12-13", 20000, "C"],
      ["2026-W51", "2026-12-14", "2026-12-20", 15000, "D"],
      ["2026-W52", "2026-12-21", "2026-12-27", 0, ""],
      ["2026-W53", "2026-12-28", "2027-01-03", 100000, "E"],
    ]);
    // Average week: (200 + 150 + 0 + 1,000) / 4 = €337.50; a peak holds ≥ 1.5 × 337.50 = €506.25: only W53.
    expect(c.peaks).toEqual(["2026-W53"]);
    expect(c.buckets.map((b) => b.peak)).toEqual([false, false, false, true]);
    // F (4 Jan 2027) is after the horizon; G is paid; H is in USD.
    expect(c.later).toEqual({ amount: 50000, count: 1 });
    expect(c.otherCurrencies).toEqual([{ currency: "USD", amount: 8000, count: 1 }]);
  });

  it("buckets by month", () => {
    const c = paymentCalendar(INVOICES, { by: "month", now: NOW, timeZone: "Europe/Paris", currency: "EUR", horizon: 3 });
    // December from today: C 200 + D 150 + E 1,000 = €1,350; January: F €500; February: nothing.
    expect(c.buckets.map((b) => [b.key, b.start, b.end, b.amount])).toEqual([
      ["2026-12", "2026-12-08", "2026-12-31", 135000],
      ["2027-01", "2027-01-01", "2027-01-31", 50000],
      ["2027-02", "2027-02-01", "2027-02-28", 0],
    ]);
    // Average month: 1,850 / 3 = €616.67; 1.5 × that = €925: December only.
    expect(c.peaks).toEqual(["2026-12"]);
    expect(c.later).toEqual({ amount: 0, count: 0 });
  });

  it("takes today in the shop's time zone", () => {
    // Sunday 13 Dec 23:30 UTC is already Monday 14 Dec 00:30 in Paris: the current week is W51, and D (16 Dec) is in it.
    const late = new Date("2026-12-13T23:30:00Z");
    const paris = paymentCalendar(INVOICES, { by: "week", now: late, timeZone: "Europe/Paris", currency: "EUR", horizon: 1 });
    expect([paris.today, paris.buckets[0]!.key, paris.buckets[0]!.amount]).toEqual(["2026-12-14", "2026-W51", 15000]);
    // In New York it is still Sunday 13 Dec, 18:30: W50, where only Sunday is left and nothing falls due (C was due 8 Dec: overdue by 5 days).
    const ny = paymentCalendar(INVOICES, { by: "week", now: late, timeZone: "America/New_York", currency: "EUR", horizon: 1 });
    expect([ny.today, ny.buckets[0]!.key, ny.buckets[0]!.start, ny.buckets[0]!.amount]).toEqual(["2026-12-13", "2026-W50", "2026-12-13", 0]);
    expect(ny.overdue.items.find((o) => o.id === "C")?.daysLate).toBe(5);
  });

  it("marks no peak when payments are even, and at most three", () => {
    const even = [inv("a", "2026-12-08", 100), inv("b", "2026-12-15", 100)];
    expect(paymentCalendar(even, { by: "week", now: NOW, timeZone: "UTC", currency: "EUR", horizon: 2 }).peaks).toEqual([]);
    // 4 spikes of €1,000 (the last €0.01 more) in 13 weeks: the average is €307.69, all four are ≥ 1.5 × that = €461.54;
    // three are kept, the largest first (19 Jan 2027: 2027's week 1 starts Mon 4 Jan, so W03), then by date.
    const spikes = ["2026-12-08", "2026-12-22", "2027-01-05", "2027-01-19"].map((d, i) => inv(`s${i}`, d, 100000 + (i === 3 ? 1 : 0)));
    expect(paymentCalendar(spikes, { by: "week", now: NOW, timeZone: "UTC", currency: "EUR" }).peaks).toEqual(["2027-W03", "2026-W50", "2026-W52"]);
    // Scattered payments: €2,350, €4,800 and €380 in three weeks of 13 (average €579.23, × 1.5 = €868.85): €2,350 is above
    // that but under half the largest (€2,400), so only the €4,800 week is a peak.
    const scattered = [inv("x", "2026-12-08", 235000), inv("y", "2026-12-22", 480000), inv("z", "2027-01-05", 38000)];
    expect(paymentCalendar(scattered, { by: "week", now: NOW, timeZone: "UTC", currency: "EUR" }).peaks).toEqual(["2026-W52"]);
  });
});

describe("checkInvoice", () => {
  const blank: InvoiceInput = { supplier: "", reference: "", kind: "", amount: "", currency: "", issueDate: "", dueDate: "", paidDate: "", penalty: "" };
  const ctx = {
    currency: "EUR",
    today: "2026-12-08",
    locale: "en",
    supplier: (name: string) => (name.toLowerCase() === "atelier roux" ? { id: "s-roux", name: "Atelier Roux", paymentTermsDays: 45, currency: "USD" } : null),
  };

  it("defaults the due date from the supplier's payment terms and the currency from the supplier", () => {
    const r = checkInvoice({ ...blank, supplier: " atelier  roux ", reference: "F-14", amount: "1 250,50", issueDate: "2 Nov 2026" }, ctx);
    // 2 Nov + 45 days: 28 days to 30 Nov, 17 more: 17 Dec.
    expect(r).toEqual({
      ok: true,
      supplierId: "s-roux",
      value: { supplierName: "Atelier Roux", reference: "F-14", kind: "invoice", amount: 125050, currency: "USD", issueDate: "2026-11-02", dueDate: "2026-12-17", paidDate: null, penalty: null },
    });
  });

  it("uses the default 30 days and the shop's currency for a supplier known by name only", () => {
    const r = checkInvoice({ ...blank, supplier: "Papeterie Nord", reference: "PO-7", kind: "Purchase order", amount: "1,250.00", issueDate: "2026-11-02", paidDate: "05/12/2026", penalty: "15" }, ctx);
    // 2 Nov + 30 days = 2 Dec; "05/12/2026" is day first in English: 5 Dec.
    expect(r).toMatchObject({ ok: true, supplierId: null, value: { kind: "purchase_order", amount: 125000, currency: "EUR", dueDate: "2026-12-02", paidDate: "2026-12-05", penalty: 1500 } });
  });

  it("names every wrong field in the merchant's words", () => {
    const r = checkInvoice({ supplier: "", reference: "", kind: "receipt", amount: "12.345", currency: "", issueDate: "31 Feb 2026", dueDate: "", paidDate: "", penalty: "lots" }, ctx);
    expect(r).toEqual({
      ok: false,
      errors: {
        supplier: "Supplier: enter the supplier's name.",
        reference: "Reference: enter the invoice or order number, e.g. F-2026-014.",
        kind: "Type: “receipt” is neither an invoice nor a purchase order; write invoice or purchase order.",
        amount: "Amount: EUR amounts have at most 2 decimals; write it like 1250.50.",
        penalty: "Late-payment penalty: “lots” is not an amount; write it like 1250.50.",
        issueDate: "Issue date: February 2026 has no day 31.",
      },
    });
    const dates = checkInvoice({ ...blank, supplier: "X", reference: "1", amount: "0", issueDate: "2026-12-01", dueDate: "2026-11-30", paidDate: "2026-12-09" }, ctx);
    expect(dates).toEqual({
      ok: false,
      errors: { amount: "Amount: enter an amount above zero.", dueDate: "Due date: it is before the issue date.", paidDate: "Paid on: the date is in the future; mark it paid once it is paid." },
    });
  });

  it("checks a paid date alone (blank: today)", () => {
    expect(checkPaidDate("", "2026-11-02", "2026-12-08", "en")).toEqual({ ok: true, value: "2026-12-08" });
    expect(checkPaidDate("1 Nov 2026", "2026-11-02", "2026-12-08", "en")).toEqual({ ok: false, error: "Paid on: it is before the issue date." });
  });
});

describe("invoiceCsvHeader", () => {
  it("reads the columns a header names, in any order, ignoring others", () => {
    expect(invoiceCsvHeader(["Invoice number", "Supplier", "Total", "Notes", "Due date"])).toEqual(["reference", "supplier", "amount", null, "dueDate"]);
    expect(invoiceCsvHeader(["Atelier Roux", "F-1", "120.00"])).toBeNull();
  });
});
