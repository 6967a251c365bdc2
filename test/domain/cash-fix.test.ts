/**
 * "Fix these first" cash items (issue 19, item 7): overdue supplier invoices and overdue unpaid
 * orders, worked out by hand (minor units: 100 = €1.00).
 */
import { describe, expect, it } from "vitest";

import { overdueReceivablesFix, overdueSuppliersFix } from "../../app/domain/cash-fix";

describe("cash fix items", () => {
  it("overdue supplier invoices: the total, the penalties, the oldest", () => {
    // €1,200.00 late 3 days with a €40.00 penalty, €300.00 late 12 days without: €1,500.00, penalties €40.00, oldest 12 days.
    const f = overdueSuppliersFix(
      [
        { amount: 120_000, penalty: 4_000, daysLate: 3 },
        { amount: 30_000, penalty: null, daysLate: 12 },
      ],
      "EUR",
    );
    expect(f).toEqual({
      subject: { kind: "supplier-payments", invoices: 2 },
      amount: null,
      cause: "2 supplier invoices are past due (the oldest by 12 days), with €40.00 of late-payment penalties.",
      action: { kind: "pay-suppliers", amount: 150_000, penalties: 4_000 },
      actionText: "Pay €1,500.00 now or agree a new date with your suppliers",
    });
    expect(overdueSuppliersFix([{ amount: 5_000, penalty: null, daysLate: 1 }], "EUR")?.cause).toBe("A supplier invoice is past due (the oldest by 1 day).");
    expect(overdueSuppliersFix([], "EUR")).toBeNull();
  });

  it("overdue unpaid orders: the total and the oldest", () => {
    // €25.00 7 days overdue + €80.00 30 days overdue = €105.00.
    const f = overdueReceivablesFix(
      [
        { outstanding: 2_500, daysOverdue: 7 },
        { outstanding: 8_000, daysOverdue: 30 },
      ],
      "EUR",
    );
    expect(f).toEqual({
      subject: { kind: "receivables", orders: 2 },
      amount: null,
      cause: "2 customers have not paid past the due date (the oldest by 30 days).",
      action: { kind: "chase-receivables", amount: 10_500 },
      actionText: "Send a payment reminder for €105.00",
    });
    expect(overdueReceivablesFix([], "EUR")).toBeNull();
  });
});
