/**
 * Receivables and settlement delays in the store (issue 19, items 2-3), on SQLite and
 * PostgreSQL: the unpaid orders written by sync (outstanding, due date, gateway), the
 * payments still settling, the saved delays over the defaults, and another shop's rows
 * never read. Amounts in minor units (100 = €1.00).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import type { OrderRecord } from "~/domain/types";
import { moneyInTransit, summariseReceivables } from "~/domain/receivables";
import { readGatewayDelayRows, readGatewayDelays, saveGatewayDelays } from "~/store/gateway-settlement.server";
import { listReceivableOrders, listSettlingPayments } from "~/store/receivables.server";
import { describeEachProvider } from "../db/databases";
import { freshDatabase, type FreshDatabase } from "../helpers/database";
import { createShop, storeOrders } from "../helpers/factories";
import { oneLineOrder } from "../helpers/orders";

const SHOP = "alpha.myshopify.com";
const OTHER = "beta.myshopify.com";
const BULK = "gamma.myshopify.com";
const NOW = new Date("2026-12-08T12:00:00Z");

/** A one-line order with a financial status, receivable facts and its transactions. */
function unpaid(id: number, processedAt: string, price: number, financialStatus: string, receivable: OrderRecord["receivable"], transactions: OrderRecord["order"]["transactions"]): OrderRecord {
  const r = oneLineOrder({ id, processedAt, price });
  return { ...r, financialStatus, order: { ...r.order, transactions }, ...(receivable ? { receivable } : {}) };
}

const pendingSale = (gateway: string, amount: number) => ({ gateway, kind: "SALE", status: "PENDING", amount, feesActual: null });
const sale = (gateway: string, amount: number) => ({ gateway, kind: "SALE", status: "SUCCESS", amount, feesActual: null });

const ORDERS: OrderRecord[] = [
  // #1 pending bank deposit, no terms, 10 days old: 0–30, overdue (past 7 days)
  unpaid(1, "2026-11-28T12:00:00Z", 5_000, "PENDING", { outstanding: 5_000, paymentTermsType: null, dueInDays: null, dueAt: null }, [pendingSale("bank_deposit", 5_000)]),
  // #2 NET 30 issued 2026-10-01, due 2026-10-31: 38 days past due (31–60)
  unpaid(2, "2026-10-01T00:00:00Z", 40_000, "PENDING", { outstanding: 40_000, paymentTermsType: "NET", dueInDays: 30, dueAt: "2026-10-31T00:00:00Z" }, [pendingSale("manual", 40_000)]),
  // #3 partly paid 40 % of 10,000 by PayPal: 6,000 outstanding, 2 days old
  unpaid(3, "2026-12-06T12:00:00Z", 10_000, "PARTIALLY_PAID", { outstanding: 6_000, paymentTermsType: null, dueInDays: null, dueAt: null }, [sale("paypal", 4_000)]),
  // #4 paid by PayPal today: not a receivable; its payment settles tomorrow (PayPal 1 day)
  unpaid(4, "2026-12-08T09:00:00Z", 3_000, "PAID", { outstanding: 0, paymentTermsType: null, dueInDays: null, dueAt: null }, [sale("paypal", 3_000)]),
  // #5 pending but stored before the outstanding amount was read: left out
  unpaid(5, "2026-12-01T00:00:00Z", 2_000, "PENDING", undefined, [pendingSale("manual", 2_000)]),
  // #6 authorised, placed after NOW: not yet a receivable at NOW
  unpaid(6, "2026-12-09T00:00:00Z", 1_000, "AUTHORIZED", { outstanding: 1_000, paymentTermsType: null, dueInDays: null, dueAt: null }, []),
];

describeEachProvider("receivables store", (_provider, database) => {
  let d: FreshDatabase;
  beforeAll(async () => {
    d = await freshDatabase(database().url);
    await createShop(d.db, { shop: SHOP });
    await createShop(d.db, { shop: OTHER });
    await createShop(d.db, { shop: BULK });
    await storeOrders(d.sql, SHOP, ORDERS, NOW);
    // The other shop's unpaid order under the same id: never read for SHOP.
    await storeOrders(d.sql, OTHER, [unpaid(2, "2026-10-01T00:00:00Z", 99_900, "PENDING", { outstanding: 99_900, paymentTermsType: null, dueInDays: null, dueAt: null }, [])], NOW);
  });
  afterAll(async () => {
    await d.close();
  });

  it("lists the unpaid orders with what is owed, the due date and the gateway", async () => {
    const rows = await listReceivableOrders(SHOP, NOW, d.db);
    expect(rows).toEqual([
      { orderId: "gid://shopify/Order/2", name: "#2", processedAt: new Date("2026-10-01T00:00:00Z"), financialStatus: "PENDING", outstanding: 40_000, currency: "EUR", dueAt: new Date("2026-10-31T00:00:00Z"), gateway: "manual" },
      { orderId: "gid://shopify/Order/1", name: "#1", processedAt: new Date("2026-11-28T12:00:00Z"), financialStatus: "PENDING", outstanding: 5_000, currency: "EUR", dueAt: null, gateway: "bank_deposit" },
      { orderId: "gid://shopify/Order/3", name: "#3", processedAt: new Date("2026-12-06T12:00:00Z"), financialStatus: "PARTIALLY_PAID", outstanding: 6_000, currency: "EUR", dueAt: null, gateway: "paypal" },
    ]);
    const s = summariseReceivables(rows, NOW);
    // 0–30: #1 5,000 + #3 6,000 = 11,000; 31–60: #2 40,000; overdue: #1 + #2 = 45,000
    expect(s.buckets.days0to30).toEqual({ count: 2, amount: 11_000 });
    expect(s.buckets.days31to60).toEqual({ count: 1, amount: 40_000 });
    expect(s.overdue).toEqual({ count: 2, amount: 45_000 });
    expect(await listReceivableOrders(OTHER, NOW, d.db)).toHaveLength(1);
  });

  it("leaves the payments unread when the gateway is not asked for: the same orders, gateway null", async () => {
    const full = await listReceivableOrders(SHOP, NOW, d.db);
    const slim = await listReceivableOrders(SHOP, NOW, d.db, { withGateway: false });
    expect(slim).toEqual(full.map((r) => ({ ...r, gateway: null })));
  });

  it("reads more unpaid orders than SQLite binds in one query (999), and their payments", async () => {
    // 1,200 pending orders of 1,000 each, paid in part by PayPal on 2026-12-07: the store reads the
    // transactions in chunks (P2029 otherwise). Outstanding 1,200 × 600 = 720,000.
    const many = Array.from({ length: 1_200 }, (_, k) =>
      unpaid(10_000 + k, "2026-12-07T12:00:00Z", 1_000, "PARTIALLY_PAID", { outstanding: 600, paymentTermsType: null, dueInDays: null, dueAt: null }, [sale("paypal", 400)]),
    );
    await storeOrders(d.sql, BULK, many, NOW);
    const rows = await listReceivableOrders(BULK, NOW, d.db);
    expect(rows).toHaveLength(1_200);
    expect(rows.reduce((a, r) => a + r.outstanding, 0)).toBe(720_000);
    expect(rows.every((r) => r.gateway === "paypal")).toBe(true);
    // PayPal's default 1 day: paid 12-07 12:00, settled 12-08 12:00 = NOW, so none in transit; 1,200 payments read
    const payments = await listSettlingPayments(BULK, NOW, 7, d.db);
    expect(payments).toHaveLength(1_200);
  });

  it("keeps the defaults until the merchant saves a delay, validates all before saving any", async () => {
    expect(await readGatewayDelays(SHOP, d.db)).toMatchObject({ paypal: 1, bank_deposit: 0, klarna: 7 });
    const bad = await saveGatewayDelays(SHOP, { paypal: "3", klarna: "200" }, NOW, d.db);
    expect(bad).toEqual({ ok: false, errors: { klarna: "Klarna: enter a whole number of days from 0 to 120" } });
    // Nothing written: PayPal is still 1 day
    expect((await readGatewayDelays(SHOP, d.db)).paypal).toBe(1);
    expect(await saveGatewayDelays(SHOP, { paypal: "3", bank_deposit: "2" }, NOW, d.db)).toEqual({ ok: true, saved: 2 });
    expect(await readGatewayDelays(SHOP, d.db)).toMatchObject({ paypal: 3, bank_deposit: 2, klarna: 7 });
    expect((await readGatewayDelays(OTHER, d.db)).paypal).toBe(1);
    // Saving again replaces the value
    await saveGatewayDelays(SHOP, { paypal: "2" }, NOW, d.db);
    expect((await readGatewayDelays(SHOP, d.db)).paypal).toBe(2);
    const rows = await readGatewayDelayRows(SHOP, d.db);
    expect(rows.find((r) => r.gateway === "paypal")).toMatchObject({ label: "PayPal", days: 2, saved: true, defaultDays: 1 });
    expect(rows.find((r) => r.gateway === "klarna")).toMatchObject({ days: 7, saved: false });
    expect(rows.some((r) => r.gateway === "shopify_payments")).toBe(false);
  });

  it("finds the payments still settling", async () => {
    // Delays in force: PayPal 2 days (saved above), bank deposit 2, manual 0.
    const delays = await readGatewayDelays(SHOP, d.db);
    const payments = await listSettlingPayments(SHOP, NOW, 7, d.db);
    // Orders of the last 7 days with a successful sale: #3 (PayPal 4,000), #4 (PayPal 3,000)
    expect(payments.map((p) => [p.name, p.gateway, p.amount]).sort()).toEqual([
      ["#3", "paypal", 4_000],
      ["#4", "paypal", 3_000],
    ]);
    // #3 paid 12-06 12:00 + 2 days = 12-08 12:00 = NOW: settled; #4 12-08 09:00 + 2 days: in transit
    expect(moneyInTransit(payments, delays, NOW)).toMatchObject({ amount: 3_000, count: 1 });
  });
});

describe("receivables store: no delay window", () => {
  it("reads no payments for a window of 0 days", async () => {
    expect(await listSettlingPayments(SHOP, NOW, 0, {} as never)).toEqual([]);
  });
});
