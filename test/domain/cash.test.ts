/**
 * Cash KPIs per month (issue 19, item 5), worked out by hand (minor units: 100 = €1.00).
 */
import { describe, expect, it } from "vitest";

import { cashKpis, parseOpeningBalance, previousMonth, type CashMonthInput } from "../../app/domain/cash";

const month = (m: string, cashIn: number, cashOut: number): CashMonthInput => ({
  month: m,
  revenue: 500_000,
  costOfGoods: 200_000,
  netMargin: 60_000,
  stockValue: 900_000,
  receivables: 10_000,
  payables: 50_000,
  cashIn,
  cashOut,
});

describe("cash KPIs", () => {
  it("flow, burn, a balance anchored on the opening balance, and the runway", () => {
    const k = cashKpis(
      [month("2026-11", 400_000, 430_000), month("2026-09", 500_000, 500_000), month("2026-10", 500_000, 562_000), month("2026-12", 600_000, 570_000)],
      // €1,000.00 in the bank at the start of 16 October.
      { date: "2026-10-16", amount: 100_000 },
    );
    expect(k.months.map((m) => m.month)).toEqual(["2026-09", "2026-10", "2026-11", "2026-12"]);
    // Gross margin = 500,000 − 200,000.
    expect(k.months[0]!.grossMargin).toBe(300_000);
    // September is before the opening balance: no balance.
    expect(k.months[0]!.balance).toBeNull();
    // October: flow 500,000 − 562,000 = −62,000, burn 62,000; 16 of its 31 days are from the 16th on:
    // −62,000 × 16 ÷ 31 = −32,000; balance 100,000 − 32,000 = 68,000.
    expect(k.months[1]).toMatchObject({ netCashFlow: -62_000, burn: 62_000, balance: 68_000 });
    // November: −30,000 → 38,000. December: +30,000 (no burn) → 68,000.
    expect(k.months[2]).toMatchObject({ netCashFlow: -30_000, burn: 30_000, balance: 38_000 });
    expect(k.months[3]).toMatchObject({ netCashFlow: 30_000, burn: 0, balance: 68_000 });
    // Last three months: (−62,000 − 30,000 + 30,000) ÷ 3 = −20,666.7 → burn 20,667 a month;
    // runway 68,000 ÷ 20,667 = 3.29 → 3.3 months.
    expect(k.averageBurn).toBe(20_667);
    expect(k.runwayMonths).toBe(3.3);
  });

  it("no runway when not burning, nor without an opening balance", () => {
    expect(cashKpis([month("2026-10", 500_000, 400_000)], { date: "2026-10-01", amount: 0 })).toMatchObject({ averageBurn: 0, runwayMonths: null });
    const k = cashKpis([month("2026-10", 400_000, 500_000)], null);
    expect(k.averageBurn).toBe(100_000);
    expect(k.runwayMonths).toBeNull();
    expect(k.months[0]!.balance).toBeNull();
  });

  it("previous month", () => {
    expect(previousMonth("2026-01")).toBe("2025-12");
    expect(previousMonth("2026-11")).toBe("2026-10");
  });
});

describe("opening balance form", () => {
  const today = "2026-12-08";
  it("reads the amount in minor units of the shop's currency", () => {
    expect(parseOpeningBalance({ date: "2026-12-01", amount: "12500,50" }, 2, today)).toEqual({ ok: true, value: { date: "2026-12-01", amount: 1_250_050 } });
    expect(parseOpeningBalance({ date: "2026-12-01", amount: "-300" }, 2, today)).toEqual({ ok: true, value: { date: "2026-12-01", amount: -30_000 } });
    expect(parseOpeningBalance({ date: "2026-12-08", amount: "1000" }, 0, today)).toEqual({ ok: true, value: { date: "2026-12-08", amount: 1000 } });
  });

  it("names the field in the merchant's words", () => {
    const bad = (form: Record<string, unknown>, exponent: 0 | 2 = 2) => {
      const r = parseOpeningBalance(form, exponent, today);
      return r.ok ? [] : r.errors;
    };
    expect(bad({ date: "2026-12-09", amount: "10" })).toEqual([{ path: "date", message: "The date of the balance cannot be in the future" }]);
    expect(bad({ date: "2026-02-30", amount: "10" })).toEqual([{ path: "date", message: "The date of the balance is not a real date" }]);
    expect(bad({ date: "2026-12-01", amount: "" })[0]).toEqual({ path: "amount", message: "Enter the bank balance" });
    expect(bad({ date: "2026-12-01", amount: "ten" })).toEqual([{ path: "amount", message: "Enter the bank balance as a number, like 12500.50" }]);
    expect(bad({ date: "2026-12-01", amount: "10.555" })).toEqual([{ path: "amount", message: "The bank balance takes at most 2 decimals" }]);
    expect(bad({ date: "2026-12-01", amount: "10.5" }, 0)).toEqual([{ path: "amount", message: "The bank balance takes no decimals in your currency" }]);
  });
});
