/**
 * The Cash page's numbers (issue 19, items 5-6) on a small shop worked out by hand (minor
 * units: 100 = €1.00). Shop in UTC, EUR, today 8 December 2026: the tiles and the cycle show
 * November (the last complete month) against October. Another shop's order, invoice and balance
 * are never counted (tenant isolation).
 */
import type { PrismaClient } from "@prisma/client";
import { describe, expect, it } from "vitest";

import { cashView, NO_SOURCES, type CashSources } from "~/services/cash.server";
import { cashCsv } from "~/services/cash-csv.server";
import { cashFixes } from "~/services/cash-fixes.server";
import { saveOpeningBalance } from "~/store/cash-balance.server";
import { describeEachProvider } from "../db/databases";
import { closeAfterEach } from "../helpers/cleanup";
import { useFreshDatabase } from "../helpers/database";
import { createShop } from "../helpers/factories";

const SHOP = "alpha.myshopify.com";
const OTHER = "beta.myshopify.com";
const NOW = new Date("2026-12-08T12:00:00Z");
const cleanup = closeAfterEach();

async function order(db: PrismaClient, shop: string, id: number, day: string, gateway: string, m: { netRevenue: number; costOfGoods: number; shipping: number; paymentFees: number }) {
  const at = new Date(`${day}T10:00:00Z`);
  const totalCosts = m.costOfGoods + m.shipping + m.paymentFees;
  await db.orderMargin.create({
    data: {
      shop, orderId: `gid://shopify/Order/${id}`, orderName: `#${1000 + id}`, processedAt: at, localDate: day, currency: "EUR", cancelled: false, test: false, gateway,
      items: 1, netRevenue: m.netRevenue, costOfGoods: m.costOfGoods, shipping: m.shipping, packaging: 0, labour: 0, paymentFees: m.paymentFees, fixedCosts: 0, provisions: 0, totalCosts,
      netMargin: m.netRevenue - totalCosts, marginBp: null, withoutDiscounts: 0, flags: 0, shippingSource: "rule", feesEstimated: false, missingCostLines: 0, computedAt: at,
    },
  });
}

async function invoice(db: PrismaClient, shop: string, id: string, v: { amount: number; issueDate: string; dueDate: string; paidDate: string | null; penalty?: number }) {
  await db.supplierInvoice.create({
    data: { shop, id, supplierName: "Maison Verte", supplierKey: "maison verte", kind: "invoice", reference: id, referenceKey: id, currency: "EUR", penalty: v.penalty ?? null, createdAt: NOW, updatedAt: NOW, ...v },
  });
}

async function seed(db: PrismaClient) {
  for (const shop of [SHOP, OTHER]) await createShop(db, { shop, currencyCode: "EUR", ianaTimezone: "UTC" });
  // November: one PayPal order, €400.00 of revenue, €150.00 of goods at cost, €10.00 of shipping, €5.00 of fees.
  await order(db, SHOP, 1, "2026-11-10", "paypal", { netRevenue: 40_000, costOfGoods: 15_000, shipping: 1_000, paymentFees: 500 });
  await order(db, OTHER, 2, "2026-11-10", "paypal", { netRevenue: 9_900_000, costOfGoods: 0, shipping: 0, paymentFees: 0 });
  // Invoice A: issued 1 October, paid 15 November (45 days). Invoice B: issued 20 November, due 5 December, unpaid (overdue today), €5.00 penalty.
  await invoice(db, SHOP, "A", { amount: 30_000, issueDate: "2026-10-01", dueDate: "2026-10-31", paidDate: "2026-11-15" });
  await invoice(db, SHOP, "B", { amount: 10_000, issueDate: "2026-11-20", dueDate: "2026-12-05", paidDate: null, penalty: 500 });
  await invoice(db, OTHER, "C", { amount: 777_000, issueDate: "2026-11-01", dueDate: "2026-11-02", paidDate: "2026-11-03" });
  // Stock worth €300.00 at cost from 1 November on.
  await db.stockSnapshot.create({ data: { shop: SHOP, variantId: "gid://shopify/ProductVariant/1", day: "2026-11-01", onHand: 10, unitCost: 3_000, valueAtCost: 30_000n, currency: "EUR", recordedAt: NOW } });
}

const sources: CashSources = {
  ...NO_SOURCES,
  paymentsActive: async () => false,
  gatewayDelays: async (shop): Promise<Record<string, number>> => (shop === SHOP ? { paypal: 3 } : {}),
  // Unpaid orders: one due 1 December (overdue), one of 5 December without terms (within the 7 days' grace: not overdue).
  receivables: async () => [
    { outstanding: 2_500, currency: "EUR", processedAt: new Date("2026-11-01T10:00:00Z"), dueAt: new Date("2026-12-01T00:00:00Z") },
    { outstanding: 1_000, currency: "EUR", processedAt: new Date("2026-12-05T10:00:00Z"), dueAt: null },
  ],
};

describe("cashView", () => {
  it("works out November's KPIs, cycle and the balance from the opening balance", async () => {
    const { db } = await cleanup.open();
    await seed(db);
    // €1,000.00 in the bank at the start of 16 November; the other shop's €5 is not ours.
    await saveOpeningBalance(db, SHOP, { date: "2026-11-16", amount: 100_000 }, "EUR", NOW);
    await saveOpeningBalance(db, OTHER, { date: "2026-12-01", amount: 500 }, "EUR", NOW);
    const v = await cashView(db, SHOP, { now: NOW, sources });
    expect(v.months.map((m) => m.month)).toEqual(["2026-01", "2026-02", "2026-03", "2026-04", "2026-05", "2026-06", "2026-07", "2026-08", "2026-09", "2026-10", "2026-11", "2026-12"]);
    expect([v.focus, v.previous]).toEqual(["2026-11", "2026-10"]);
    const nov = v.months.find((m) => m.month === "2026-11")!;
    const dec = v.months.find((m) => m.month === "2026-12")!;
    // Revenue 40,000; gross margin 40,000 − 15,000 = 25,000; net margin 40,000 − 16,500 = 23,500.
    expect(nov).toMatchObject({ revenue: 40_000, grossMargin: 25_000, netMargin: 23_500, stockValue: 30_000 });
    // Payables at 30 November: A was paid on the 15th, B (issued the 20th) is not: 10,000. At 31 October: A, 30,000.
    expect(nov.payables).toBe(10_000);
    expect(v.months.find((m) => m.month === "2026-10")!.payables).toBe(30_000);
    // In: PayPal's 3-day delay moves 3/30 of November's 40,000 (4,000) to December: 36,000.
    // Out: invoice A paid 30,000 + shipping 1,000 + fees 500 = 31,500. Flow +4,500.
    expect(nov).toMatchObject({ cashIn: 36_000, cashOut: 31_500, netCashFlow: 4_500, burn: 0 });
    // Balance: 15 of November's 30 days from the 16th on: 100,000 + 4,500 × 15 ÷ 30 = 102,250.
    expect(nov.balance).toBe(102_250);
    // December: in 4,000 (November's spill-over), out nothing yet: 106,250.
    expect(dec).toMatchObject({ cashIn: 4_000, cashOut: 0, balance: 106_250 });
    expect(v.balanceNow).toBe(106_250);
    // Cycle: DIO 30,000 ÷ 15,000 × 30 = 60; DSO PayPal's 3 days; DPO invoice A's 45 days; CCC 60 + 3 − 45 = 18.
    expect(nov.cycle).toMatchObject({ dio: 60, dso: 3, dpo: 45, ccc: 18 });
    // October has no stock recorded (the first snapshot is 1 November): its cycle takes November's 30,000 as an estimate; its KPI stays unknown.
    expect(v.months.find((m) => m.month === "2026-10")!.cycleInput).toMatchObject({ averageStockValue: 30_000, stockEstimated: true });
    expect(v.months.find((m) => m.month === "2026-10")!.stockValue).toBeNull();
    // Receivables today: 2,500 + 1,000, the first overdue (due 1 December).
    expect(v.receivables).toEqual({ total: 3_500, orders: 2, overdue: 2_500, overdueOrders: 1 });
    expect(dec.receivables).toBe(3_500);
    // Payables today: B, overdue since 5 December with its €5.00 penalty.
    expect(v.payables).toEqual({ total: 10_000, overdue: 10_000, overdueCount: 1, penalties: 500, next30: 0, invoices: 2 });
    expect(v.upcoming).toEqual([{ supplierName: "Maison Verte", reference: "B", dueDate: "2026-12-05", amount: 10_000, overdue: true, penalty: 500 }]);
    expect(v.notices.map((n) => n.key)).toEqual(["no-payments"]);
    // The CSV: one row a month; November's as worked out above (receivables are known for today only: empty).
    const lines = cashCsv(v).split("\r\n");
    expect(lines[0]).toBe(
      "Month,Revenue (EUR),Cost of goods (EUR),Gross margin (EUR),Net margin (EUR),Stock value at cost (EUR),Receivables (EUR),Supplier payables (EUR),Cash in (EUR),Cash out (EUR),Net cash flow (EUR),Cash burn (EUR),Bank balance (EUR),Days in stock,Days to get paid,Days to pay suppliers,Cash conversion cycle (days)",
    );
    expect(lines).toHaveLength(14);
    expect(lines[11]).toBe("2026-11,400.00,150.00,250.00,235.00,300.00,,100.00,360.00,315.00,45.00,0.00,1022.50,60.0,3.0,45.0,18.0");
    expect(lines[12]).toBe("2026-12,0.00,0.00,0.00,0.00,300.00,35.00,100.00,40.00,0.00,40.00,0.00,1062.50,,,,");
    expect(v.calendar.week.overdue.items.map((o) => o.reference)).toEqual(["B"]);
    expect(v.explanations.dpo.explanation).toBe("You paid 1 supplier invoice (€300.00) 45.0 days after their issue date on average, weighted by amount.");
  });

  it("gives Home's 'Fix these first' the overdue supplier invoices and unpaid orders", async () => {
    const { db } = await cleanup.open();
    await seed(db);
    // Invoice B: €100.00 due 5 December, 3 days late on the 8th, €5.00 penalty. Unpaid orders: €25.00 due 1 December (7 days overdue).
    const fixes = await cashFixes(db, SHOP, "en", { now: NOW, sources });
    expect(fixes.map((f) => [f.subject.kind, f.cause, f.actionText])).toEqual([
      ["supplier-payments", "A supplier invoice is past due (the oldest by 3 days), with €5.00 of late-payment penalties.", "Pay €100.00 now or agree a new date with the supplier"],
      ["receivables", "A customer has not paid past the due date (the oldest by 7 days).", "Send a payment reminder for €25.00"],
    ]);
    // The other shop's invoice C was paid: nothing for it.
    await expect(cashFixes(db, OTHER, "en", { now: NOW, sources: NO_SOURCES })).resolves.toEqual([]);
  });

  it("says what is missing: payouts not read, no invoices, no balance, no stock, no sales", async () => {
    const { db } = await cleanup.open();
    await createShop(db, { shop: SHOP, currencyCode: "EUR", ianaTimezone: "UTC" });
    const v = await cashView(db, SHOP, { now: NOW });
    expect(v.notices.map((n) => n.key)).toEqual(["payments-unknown", "no-invoices", "no-balance", "no-stock", "no-sales"]);
    expect(v.balanceNow).toBeNull();
    expect(v.runwayMonths).toBeNull();
    // No month with sales: the tiles show the last complete month.
    expect([v.focus, v.previous]).toEqual(["2026-11", "2026-10"]);
    expect(v.months.find((m) => m.month === "2026-11")!.cycle.ccc).toBeNull();
  });

  it("without supplier invoices, purchases are estimated as cost of goods + the change in stock, and burning months give a runway", async () => {
    const { db } = await cleanup.open();
    await createShop(db, { shop: SHOP, currencyCode: "EUR", ianaTimezone: "UTC" });
    // October: 20,000 of revenue by bank deposit (0 days), 30,000 at cost; stock 50,000 at 31 October, 40,000 from 1 November.
    await order(db, SHOP, 1, "2026-10-05", "bank_deposit", { netRevenue: 20_000, costOfGoods: 30_000, shipping: 0, paymentFees: 0 });
    await db.stockSnapshot.create({ data: { shop: SHOP, variantId: "gid://shopify/ProductVariant/1", day: "2026-10-31", onHand: 10, unitCost: 5_000, valueAtCost: 50_000n, currency: "EUR", recordedAt: NOW } });
    await db.stockSnapshot.create({ data: { shop: SHOP, variantId: "gid://shopify/ProductVariant/1", day: "2026-11-01", onHand: 8, unitCost: 5_000, valueAtCost: 40_000n, currency: "EUR", recordedAt: NOW } });
    await saveOpeningBalance(db, SHOP, { date: "2026-10-01", amount: 60_000 }, "EUR", NOW);
    const v = await cashView(db, SHOP, { now: NOW });
    const oct = v.months.find((m) => m.month === "2026-10")!;
    // October: no stock value is known for September, so purchases = cost of goods 30,000; flow 20,000 − 30,000 = −10,000.
    expect(oct).toMatchObject({ cashIn: 20_000, cashOut: 30_000, netCashFlow: -10_000, burn: 10_000, balance: 50_000 });
    // November: no sales; purchases 0 + (40,000 − 50,000) = −10,000 (stock sold off): flow +10,000 → 60,000. December: 0 → 60,000.
    expect(v.months.find((m) => m.month === "2026-11")).toMatchObject({ cashOut: -10_000, netCashFlow: 10_000, balance: 60_000 });
    // October is the last complete month with sales: the tiles and the cycle show it, against September.
    expect([v.focus, v.previous]).toEqual(["2026-10", "2026-09"]);
    // Last three months' flows −10,000, +10,000, 0: not burning, no runway.
    expect(v.averageBurn).toBe(0);
    expect(v.runwayMonths).toBeNull();
  });
});

// The same month on both databases: the month queries' SQL (SUM over OrderMargin, grouped by gateway) and the BigInt balance.
describeEachProvider("cashView's November", (_provider, database) => {
  const d = useFreshDatabase(database);
  it("revenue, flow, cycle and balance as worked out above", async () => {
    await seed(d.db);
    await saveOpeningBalance(d.db, SHOP, { date: "2026-11-16", amount: 100_000 }, "EUR", NOW);
    const v = await cashView(d.db, SHOP, { now: NOW, sources });
    expect(v.months.find((m) => m.month === "2026-11")).toMatchObject({ revenue: 40_000, netMargin: 23_500, cashIn: 36_000, cashOut: 31_500, balance: 102_250, cycle: { dio: 60, dso: 3, dpo: 45, ccc: 18 } });
    expect(v.balanceNow).toBe(106_250);
  });
});
