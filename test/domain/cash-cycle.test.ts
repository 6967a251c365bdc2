/**
 * Cash conversion cycle (issue 19, item 6), worked out by hand in the comments (minor units:
 * 100 = €1.00).
 */
import { describe, expect, it } from "vitest";

import { cashCycle, explainCycle, NO_LEVERS, whatIf, type CyclePeriodInput } from "../../app/domain/cash-cycle";
import { moneyFormatter } from "../../app/domain/format";

// A small store's 30-day month.
const small: CyclePeriodInput = {
  days: 30,
  // DIO = average stock €6,000.00 ÷ cost of goods sold €3,000.00 × 30 days = 2 × 30 = 60 days.
  averageStockValue: 600_000,
  costOfGoods: 300_000,
  revenue: 400_000,
  // DSO = (€1,000 paid out after 2 days + €3,000 settled after 6 days) weighted by amount:
  //       (100,000 × 2 + 300,000 × 6) ÷ 400,000 = (200,000 + 1,800,000) ÷ 400,000 = 5 days.
  sales: [
    { amount: 100_000, days: 2 },
    { amount: 300_000, days: 6 },
  ],
  // DPO = (€2,000 paid 30 days after issue + €1,000 paid 60 days after) weighted by amount:
  //       (200,000 × 30 + 100,000 × 60) ÷ 300,000 = 12,000,000 ÷ 300,000 = 40 days.
  paidInvoices: [
    { amount: 200_000, days: 30 },
    { amount: 100_000, days: 60 },
  ],
};

describe("cash conversion cycle", () => {
  it("works out DIO, DSO, DPO and CCC on a small store", () => {
    const c = cashCycle(small);
    expect(c.dio).toBe(60);
    expect(c.dso).toBe(5);
    expect(c.dpo).toBe(40);
    // CCC = 60 + 5 − 40 = 25 days.
    expect(c.ccc).toBe(25);
    // €3,000 ÷ 30 = €100.00 of goods a day; €4,000 ÷ 30 = €133.33 of sales a day.
    expect(c.cogsPerDay).toBe(10_000);
    expect(c.revenuePerDay).toBeCloseTo(13_333.33, 2);
  });

  it("the seed's example: supplier terms 30 → 45 days and delivery 5 → 2 days shorten the CCC by 15 + 3 = 18 days", () => {
    const seed: CyclePeriodInput = {
      days: 30,
      // DIO = 450,000 ÷ 300,000 × 30 = 45 days.
      averageStockValue: 450_000,
      costOfGoods: 300_000,
      revenue: 400_000,
      // Every sale reaches the bank 5 days after the order (delivery): DSO 5.
      sales: [{ amount: 400_000, days: 5 }],
      // Suppliers paid on 30-day terms: DPO 30.
      paidInvoices: [{ amount: 250_000, days: 30 }],
    };
    const w = whatIf(seed, { supplierDays: 15, settlementDays: 3, stockPercent: 0 });
    // Before: 45 + 5 − 30 = 20 days. After: 45 + 2 − 45 = 2 days.
    expect(w.before.ccc).toBe(20);
    expect(w.after).toMatchObject({ dio: 45, dso: 2, dpo: 45, ccc: 2 });
    expect(w.shorterBy).toBe(18);
    // Cash freed: suppliers 15 days × €100.00 of goods a day (300,000 ÷ 30) = €1,500.00;
    // customers 3 days × €133.33 of sales a day (400,000 ÷ 30) = 40,000 = €400.00; total €1,900.00.
    expect(w.freed).toEqual({ supplier: 150_000, settlement: 40_000, stock: 0, total: 190_000 });
  });

  it("stock −10 % takes 10 % off DIO and frees 10 % of the average stock", () => {
    const w = whatIf(small, { ...NO_LEVERS, stockPercent: 10 });
    // DIO 60 × 0.9 = 54; CCC 54 + 5 − 40 = 19, 6 days shorter; freed 600,000 × 10 % = 60,000.
    expect(w.after.dio).toBe(54);
    expect(w.after.ccc).toBe(19);
    expect(w.shorterBy).toBe(6);
    expect(w.freed).toEqual({ supplier: 0, settlement: 0, stock: 60_000, total: 60_000 });
  });

  it("settlement cannot go below 0 days, and frees only the days it saves", () => {
    const w = whatIf(small, { ...NO_LEVERS, settlementDays: 8 });
    // DSO 5 − 8 → 0: 5 days saved × 400,000 ÷ 30 = 66,666.7 → 66,667.
    expect(w.after.dso).toBe(0);
    expect(w.freed.settlement).toBe(66_667);
    expect(w.shorterBy).toBe(5);
  });

  it("no levers: nothing changes and nothing is freed", () => {
    const w = whatIf(small, NO_LEVERS);
    expect(w.after).toEqual(w.before);
    expect(w.shorterBy).toBe(0);
    expect(w.freed.total).toBe(0);
  });

  it("missing inputs: no stock → no DIO nor CCC; no paid invoice → DPO unknown, counted as 0", () => {
    expect(cashCycle({ ...small, averageStockValue: null })).toMatchObject({ dio: null, ccc: null });
    expect(cashCycle({ ...small, costOfGoods: 0 })).toMatchObject({ dio: null, ccc: null });
    expect(cashCycle({ ...small, sales: [] })).toMatchObject({ dso: null, ccc: null });
    // 60 + 5 − 0 = 65.
    expect(cashCycle({ ...small, paidInvoices: [] })).toMatchObject({ dpo: null, ccc: 65 });
    // Supplier terms +15 on an unknown DPO start from 0: 60 + 5 − 15 = 50.
    expect(whatIf({ ...small, paidInvoices: [] }, { ...NO_LEVERS, supplierDays: 15 }).after.ccc).toBe(50);
  });

  it("explains each component in plain words with its inputs", () => {
    const e = explainCycle(small, cashCycle(small), moneyFormatter("EUR", "en"), { hasPayouts: true });
    expect(e.dio.explanation).toBe("Your stock was worth €6,000.00 at cost on average; you sold €3,000.00 of goods at cost in 30 days, so the stock lasts about 60.0 days.");
    expect(e.dso.explanation).toContain("€4,000.00 of sales reached your bank 5.0 days after the order");
    expect(e.dpo.explanation).toBe("You paid 2 supplier invoices (€3,000.00) 40.0 days after their issue date on average, weighted by amount.");
    expect(e.ccc.explanation).toBe("60.0 days in stock + 5.0 days to get paid − 40.0 days before you pay suppliers = 25.0 days between paying for stock and getting the customer's money.");
    const estimated = explainCycle({ ...small, stockEstimated: true }, cashCycle(small), moneyFormatter("EUR", "en"), { hasPayouts: true });
    expect(estimated.dio.explanation).toBe(
      "No stock was recorded this month (NetMargin records it from install on), so the earliest known stock value stands in: €6,000.00 at cost; you sold €3,000.00 of goods at cost in 30 days, so the stock lasts about 60.0 days.",
    );
    const none = explainCycle({ ...small, paidInvoices: [] }, cashCycle({ ...small, paidInvoices: [] }), moneyFormatter("EUR", "en"), { hasPayouts: false });
    expect(none.dpo.explanation).toContain("enter your supplier invoices");
  });
});
