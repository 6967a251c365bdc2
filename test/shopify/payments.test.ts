/**
 * The Shopify Payments queries and their parse (app/shopify/payments.ts).
 *
 * Shapes: the committed 2026-10 schema (field names, nullability, enums); MoneyV2 amounts
 * as Shopify renders its Decimal in captured responses ("45.0", "1.61", "-10.0", "0.0":
 * test/simulator/README.md, "Money rendering"); BigInt ids as JSON strings. No live capture
 * of a ledger with data exists in airhorns/shopify-draft-proxy: its one Shopify Payments
 * capture (fixtures/conformance/harry-test-heelo.myshopify.com/2025-01/payments/
 * shopify-payments-account-access-denied.json) is the access denial, whose scope set
 * (read_shopify_payments_payouts and read_shopify_payments_disputes, per 2025-01/apps/
 * app-billing-access-read.json) is the `canReadPayments` case below.
 */
import { parse, validate } from "graphql";
import { describe, expect, it } from "vitest";

import {
  BALANCE_TRANSACTIONS_QUERY,
  canReadPayments,
  issuedSince,
  parseBalanceTransaction,
  parsePaymentsAccount,
  parsePayout,
  PAYMENTS_ACCOUNT_QUERY,
  PAYMENTS_SCOPES_QUERY,
  PAYOUTS_QUERY,
  processedSince,
} from "~/shopify/payments";
import { loadAdminSchema } from "../simulator/schema";

const eur = (amount: string) => ({ amount, currencyCode: "EUR" });
const zero = eur("0.0");

describe("the queries", () => {
  it.each([PAYMENTS_SCOPES_QUERY, PAYMENTS_ACCOUNT_QUERY, PAYOUTS_QUERY, BALANCE_TRANSACTIONS_QUERY])("validates against the Admin API 2026-10 schema: %#", (q) => {
    expect(validate(loadAdminSchema(), parse(q)).map((e) => e.message)).toEqual([]);
  });
  it("filters with Shopify's search syntax, instants in quotes", () => {
    expect(processedSince(new Date("2026-10-01T00:00:00Z"))).toBe("processed_at:>='2026-10-01T00:00:00.000Z'");
    expect(issuedSince(new Date("2026-10-01T00:00:00Z"))).toBe("issued_at:>='2026-10-01T00:00:00.000Z'");
  });
});

describe("canReadPayments", () => {
  it("is false for the capture's scopes (payouts and disputes only), true with either account scope", () => {
    expect(canReadPayments(["read_orders", "read_shopify_payments_disputes", "read_shopify_payments_payouts"])).toBe(false);
    expect(canReadPayments(["read_shopify_payments_accounts"])).toBe(true);
    expect(canReadPayments(["read_shopify_payments"])).toBe(true);
  });
});

describe("parsePaymentsAccount", () => {
  it("a null account is a shop without Shopify Payments", () => {
    expect(parsePaymentsAccount(null)).toEqual({ ok: true, value: null });
  });
  it("reads the schedule (weekly on Friday; monthly on the 31st)", () => {
    const a = { id: "gid://shopify/ShopifyPaymentsAccount/77", activated: true, defaultCurrency: "EUR", payoutSchedule: { interval: "WEEKLY", monthlyAnchor: null, weeklyAnchor: "FRIDAY" } };
    expect(parsePaymentsAccount(a)).toEqual({ ok: true, value: { accountId: a.id, activated: true, currency: "EUR", interval: "WEEKLY", monthlyAnchor: null, weeklyAnchor: "FRIDAY" } });
    expect(parsePaymentsAccount({ ...a, payoutSchedule: { interval: "MONTHLY", monthlyAnchor: 31, weeklyAnchor: null } })).toMatchObject({ ok: true, value: { interval: "MONTHLY", monthlyAnchor: 31 } });
  });
  it("reports a day of the month out of range, with its path", () => {
    const r = parsePaymentsAccount({ id: "gid://shopify/ShopifyPaymentsAccount/77", defaultCurrency: "EUR", payoutSchedule: { interval: "MONTHLY", monthlyAnchor: 32, weeklyAnchor: null } });
    expect(r).toMatchObject({ ok: false, errors: [{ path: "payoutSchedule.monthlyAnchor" }] });
  });
});

const summary = {
  chargesGross: eur("145.0"),
  chargesFee: eur("4.65"),
  refundsFeeGross: eur("-10.0"),
  refundsFee: eur("-0.11"),
  adjustmentsGross: zero,
  adjustmentsFee: zero,
  advanceGross: zero,
  advanceFees: zero,
  reservedFundsGross: zero,
  reservedFundsFee: zero,
  retriedPayoutsGross: zero,
  retriedPayoutsFee: zero,
};

describe("parsePayout", () => {
  const node = { id: "gid://shopify/ShopifyPaymentsPayout/98700001", issuedAt: "2026-10-16T08:00:00Z", status: "PAID", transactionType: "DEPOSIT", net: eur("130.46"), summary };
  it("takes the date from issuedAt, gross and fees from the summary, in minor units", () => {
    // Gross 145.00 − 10.00 = 135.00; fees 4.65 − 0.11 = 4.54; net 130.46 = 135.00 − 4.54.
    expect(parsePayout(node)).toEqual({
      ok: true,
      value: { id: node.id, issuedAt: new Date("2026-10-16T08:00:00Z"), status: "PAID", transactionType: "DEPOSIT", currency: "EUR", net: 13046, gross: 13500, fees: 454 },
    });
  });
  it("refuses a summary amount in another currency than the net, and a missing summary", () => {
    expect(parsePayout({ ...node, summary: { ...summary, chargesFee: { amount: "4.65", currencyCode: "USD" } } })).toMatchObject({ ok: false, id: node.id, errors: [{ path: "summary.chargesFee.currencyCode", message: "in USD, not EUR" }] });
    expect(parsePayout({ ...node, summary: null })).toMatchObject({ ok: false, errors: [{ path: "summary" }] });
  });
});

describe("parseBalanceTransaction", () => {
  const charge = {
    id: "gid://shopify/ShopifyPaymentsBalanceTransaction/3310000000123",
    type: "CHARGE",
    sourceType: "CHARGE",
    test: false,
    transactionDate: "2026-10-12T14:03:11Z",
    sourceOrderTransactionId: "7350000001234",
    amount: eur("45.0"),
    fee: eur("1.61"),
    net: eur("43.39"),
    associatedOrder: { id: "gid://shopify/Order/5500000000001" },
    associatedPayout: { id: "gid://shopify/ShopifyPaymentsPayout/98700001", status: "PAID" },
  };
  it("reads a charge in minor units, with its order, payout and order transaction", () => {
    expect(parseBalanceTransaction(charge)).toEqual({
      ok: true,
      value: {
        id: charge.id,
        type: "CHARGE",
        sourceType: "CHARGE",
        test: false,
        transactionDate: new Date("2026-10-12T14:03:11Z"),
        currency: "EUR",
        amount: 4500,
        fee: 161,
        net: 4339,
        orderId: "gid://shopify/Order/5500000000001",
        payoutId: "gid://shopify/ShopifyPaymentsPayout/98700001",
        payoutStatus: "PAID",
        sourceOrderTransactionId: "7350000001234",
      },
    });
  });
  it("a refund not in a payout yet: negative amount, payout id null and PENDING (associatedPayout is non-null, its id nullable)", () => {
    const r = parseBalanceTransaction({ ...charge, type: "REFUND", sourceType: "REFUND", amount: eur("-10.0"), fee: eur("0.0"), net: eur("-10.0"), associatedPayout: { id: null, status: "PENDING" } });
    expect(r).toMatchObject({ ok: true, value: { type: "REFUND", amount: -1000, fee: 0, net: -1000, payoutId: null, payoutStatus: "PENDING" } });
  });
  it("an adjustment without an order", () => {
    expect(parseBalanceTransaction({ ...charge, type: "ADJUSTMENT", sourceType: "ADJUSTMENT", associatedOrder: null, sourceOrderTransactionId: null })).toMatchObject({ ok: true, value: { orderId: null, sourceOrderTransactionId: null } });
  });
  it("reports every problem with its path", () => {
    const r = parseBalanceTransaction({ ...charge, amount: eur("abc"), transactionDate: "soon", sourceOrderTransactionId: "12a" });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.errors.map((e) => e.path)).toEqual(["transactionDate", "amount.amount", "sourceOrderTransactionId"]);
  });
});
