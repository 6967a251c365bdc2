/**
 * Receivables (issue 19, item 3): ageing buckets, overdue list and its order, money in
 * transit. Every expected number is worked out by hand in the comments (money in minor
 * units: 100 = €1.00). "Now" is 2026-12-08T12:00:00Z throughout.
 */
import { describe, expect, it } from "vitest";
import { ageOf, isReceivableStatus, moneyInTransit, overdueOrders, summariseReceivables, type ReceivableOrder } from "../../app/domain/receivables";

const asOf = new Date("2026-12-08T12:00:00Z");
const at = (iso: string) => new Date(iso);

function order(name: string, processedAt: string, outstanding: number, dueAt: string | null = null, financialStatus = "PENDING"): ReceivableOrder {
  return { orderId: `gid://shopify/Order/${name.slice(1)}`, name, processedAt: at(processedAt), financialStatus, outstanding, currency: "EUR", dueAt: dueAt ? at(dueAt) : null, gateway: "manual" };
}

// The small store's receivables:
// #1001 pending, no terms, ordered 2026-12-05 12:00 → 3 days old: 0–30, not overdue (3 ≤ 7).
// #1002 pending, no terms, ordered 2026-11-20 12:00 → 18 days: 0–30; overdue (expected 11-27 12:00, 11 days late).
// #1003 NET 30 issued 2026-11-01 → due 2026-12-01 00:00 → 7.5 days → 7 whole days past due: 0–30, overdue 7 days.
// #1004 NET 60 issued 2026-11-15 → due 2027-01-14: not yet due.
// #1005 authorised, no terms, ordered 2026-10-20 12:00 → 49 days: 31–60; overdue 42 days.
// #1006 partly paid, NET 30 due 2026-09-30 00:00 → 69.5 → 69 days past due: 60+; overdue 69 days.
const orders = [
  order("#1001", "2026-12-05T12:00:00Z", 4_000),
  order("#1002", "2026-11-20T12:00:00Z", 2_500),
  order("#1003", "2026-11-01T00:00:00Z", 120_000, "2026-12-01T00:00:00Z"),
  order("#1004", "2026-11-15T00:00:00Z", 90_000, "2027-01-14T00:00:00Z"),
  order("#1005", "2026-10-20T12:00:00Z", 7_000, null, "AUTHORIZED"),
  order("#1006", "2026-08-31T00:00:00Z", 30_000, "2026-09-30T00:00:00Z", "PARTIALLY_PAID"),
];

describe("receivables: ageing", () => {
  it("ages from the due date with terms, else from the order date", () => {
    expect(ageOf(orders[0]!, asOf)).toMatchObject({ days: 3, bucket: "days0to30", overdue: false, daysOverdue: 0 });
    expect(ageOf(orders[1]!, asOf)).toMatchObject({ days: 18, bucket: "days0to30", overdue: true, daysOverdue: 11 });
    expect(ageOf(orders[2]!, asOf)).toMatchObject({ days: 7, bucket: "days0to30", overdue: true, daysOverdue: 7 });
    // 2027-01-14 00:00 − 2026-12-08 12:00 = 36.5 days ahead → floor(−36.5) = −37
    expect(ageOf(orders[3]!, asOf)).toMatchObject({ days: -37, bucket: "notDue", overdue: false, daysOverdue: 0 });
    expect(ageOf(orders[4]!, asOf)).toMatchObject({ days: 49, bucket: "days31to60", overdue: true, daysOverdue: 42 });
    expect(ageOf(orders[5]!, asOf)).toMatchObject({ days: 69, bucket: "days60plus", overdue: true, daysOverdue: 69 });
  });

  it("puts day 30 in 0–30, day 31 in 31–60, day 60 in 31–60 and day 61 in 60+", () => {
    const daysAgo = (d: number) => new Date(asOf.getTime() - d * 86_400_000).toISOString();
    expect(ageOf(order("#1", daysAgo(30), 1), asOf).bucket).toBe("days0to30");
    expect(ageOf(order("#2", daysAgo(31), 1), asOf).bucket).toBe("days31to60");
    expect(ageOf(order("#3", daysAgo(60), 1), asOf).bucket).toBe("days31to60");
    expect(ageOf(order("#4", daysAgo(61), 1), asOf).bucket).toBe("days60plus");
    // Without terms: exactly 7 days old is not overdue yet; 7 days and a minute is.
    expect(ageOf(order("#5", daysAgo(7), 1), asOf).overdue).toBe(false);
    expect(ageOf(order("#6", new Date(asOf.getTime() - 7 * 86_400_000 - 60_000).toISOString(), 1), asOf).overdue).toBe(true);
    // With terms due exactly now: not overdue, still "not yet due".
    expect(ageOf(order("#7", daysAgo(30), 1, asOf.toISOString()), asOf)).toMatchObject({ bucket: "notDue", overdue: false });
  });

  it("sums the buckets", () => {
    const s = summariseReceivables(orders, asOf);
    // 0–30: #1001 4,000 + #1002 2,500 + #1003 120,000 = 126,500 (3 orders)
    expect(s.buckets.days0to30).toEqual({ count: 3, amount: 126_500 });
    expect(s.buckets.notDue).toEqual({ count: 1, amount: 90_000 });
    expect(s.buckets.days31to60).toEqual({ count: 1, amount: 7_000 });
    expect(s.buckets.days60plus).toEqual({ count: 1, amount: 30_000 });
    // total 126,500 + 90,000 + 7,000 + 30,000 = 253,500
    expect(s.total).toEqual({ count: 6, amount: 253_500 });
    // overdue: #1002 2,500 + #1003 120,000 + #1005 7,000 + #1006 30,000 = 159,500
    expect(s.overdue).toEqual({ count: 4, amount: 159_500 });
    expect(s.currency).toBe("EUR");
  });

  it("lists the overdue orders longest overdue first, then the larger amount, then by name", () => {
    // 69 (#1006), 42 (#1005), 11 (#1002), 7 (#1003)
    expect(overdueOrders(orders, asOf).map((o) => o.name)).toEqual(["#1006", "#1005", "#1002", "#1003"]);
    // Same days overdue: larger amount first; same amount: #2 before #10 (numeric names).
    const tie = [order("#10", "2026-11-20T12:00:00Z", 500), order("#2", "2026-11-20T12:00:00Z", 500), order("#3", "2026-11-20T12:00:00Z", 900)];
    expect(overdueOrders(tie, asOf).map((o) => o.name)).toEqual(["#3", "#2", "#10"]);
  });

  it("knows the receivable statuses", () => {
    expect(["PENDING", "authorized", "PARTIALLY_PAID"].map(isReceivableStatus)).toEqual([true, true, true]);
    expect(["PAID", "REFUNDED", "VOIDED", "PARTIALLY_REFUNDED", null].map(isReceivableStatus)).toEqual([false, false, false, false, false]);
  });
});

describe("receivables: money in transit", () => {
  const delays = { paypal: 1, klarna: 7, manual: 0 };
  const pay = (name: string, gateway: string | null, paidAt: string, amount: number) => ({ orderId: name, name, gateway, paidAt: at(paidAt), amount });

  it("counts payments whose gateway has not settled them yet", () => {
    const t = moneyInTransit(
      [
        pay("#1", "paypal", "2026-12-08T01:00:00Z", 5_000), // settles 12-09 01:00 > now: in transit
        pay("#2", "paypal", "2026-12-07T11:00:00Z", 3_000), // settled 12-08 11:00 ≤ now: not
        pay("#3", "klarna", "2026-12-02T00:00:00Z", 10_000), // settles 12-09 00:00: in transit
        pay("#4", "klarna", "2026-12-01T12:00:00Z", 8_000), // settles 12-08 12:00 = now: settled
        pay("#5", "manual", "2026-12-08T10:00:00Z", 2_000), // 0 days: settled at payment
        pay("#6", "shopify_payments", "2026-12-08T10:00:00Z", 9_000), // no delay given: left out
        pay("#7", "PayPal", "2026-12-08T02:00:00Z", 1_000), // code in another case: paypal, in transit
        pay("#8", "paypal", "2026-12-09T02:00:00Z", 1_000), // after now: not yet paid
      ],
      delays,
      asOf,
    );
    // paypal 5,000 + 1,000 = 6,000 (2); klarna 10,000 (1); total 16,000 (3)
    expect(t.amount).toBe(16_000);
    expect(t.count).toBe(3);
    expect(t.byGateway).toEqual([
      { gateway: "klarna", count: 1, amount: 10_000, lastSettlesAt: at("2026-12-09T00:00:00Z") },
      { gateway: "paypal", count: 2, amount: 6_000, lastSettlesAt: at("2026-12-09T02:00:00Z") },
    ]);
  });
});
