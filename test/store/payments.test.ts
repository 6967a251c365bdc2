/**
 * Shopify Payments in the database (issue 19, item 1), on both providers: payouts and
 * balance transactions written and read back for the Cash page, the sale-to-cash delays,
 * the account's status, tenant isolation, and the order margin taking a balance
 * transaction's fee as the actual payment fee where the order transaction carries none.
 *
 * Shapes are those of app/shopify/payments.ts (parsed from Shopify's answers); amounts in
 * minor units (1 EUR = 100), worked out in the comments.
 */
import { beforeEach, describe, expect, it } from "vitest";

import { computeOrderMargin, type MarginContext } from "~/domain/index";
import { LEDGER_FEE_RULE, paymentFeesOf } from "~/domain/margin-steps";
import type { BalanceTransactionRecord, PayoutRecord } from "~/shopify/payments";
import { pendingDirty } from "~/store/dirty.server";
import { ledgerFeesOfOrders, listPayouts, payoutSchedule, recordPaymentsAccount, saleToCashDelays, shopifyPaymentsStatus, writeBalanceTransactions, writePayouts } from "~/store/payments.server";
import { recomputeMargins } from "~/margins/recompute.server";
import { openRowReader, readOrderBatch } from "~/store/row-reader.server";
import { deleteShopData } from "~/store/shop-data.server";
import { describeEachProvider } from "../db/databases";
import { settings, unitCosts } from "../domain/helpers";
import { useFreshDatabase } from "../helpers/database";
import { costSettings, createShop, createUnitCost, saveSettings, storeOrders } from "../helpers/factories";
import { oneLineOrder } from "../helpers/orders";

const SHOP = "alpha.myshopify.com";
const OTHER = "beta.myshopify.com";
const NOW = new Date("2026-11-20T10:00:00Z");
const ORDER_1 = "gid://shopify/Order/1";
const ORDER_2 = "gid://shopify/Order/2";
const PAYOUT_A = "gid://shopify/ShopifyPaymentsPayout/501";
const PAYOUT_B = "gid://shopify/ShopifyPaymentsPayout/502";

const payout = (id: string, issuedAt: string, status: string, gross: number, fees: number): PayoutRecord => ({ id, issuedAt: new Date(issuedAt), status, transactionType: "DEPOSIT", currency: "EUR", gross, fees, net: gross - fees });
const bt = (id: number, o: Partial<BalanceTransactionRecord>): BalanceTransactionRecord => ({
  id: `gid://shopify/ShopifyPaymentsBalanceTransaction/${id}`,
  type: "CHARGE",
  sourceType: "CHARGE",
  test: false,
  transactionDate: new Date("2026-11-02T09:00:00Z"),
  currency: "EUR",
  amount: 4500,
  fee: 161,
  net: 4339,
  orderId: ORDER_1,
  payoutId: PAYOUT_A,
  payoutStatus: "PAID",
  sourceOrderTransactionId: String(9000 + id),
  ...o,
});

// Default gateway fee 1.4 % + 0.25: the estimate of a 45.00 sale is 45.00 × 1.4 % = 0.63 + 0.25 = 0.88.
const S = settings({ paymentFees: { default: { percent: 1.4, fixed: "0.25" } } }, "EUR");
const ctx: MarginContext = { settings: S, unitCost: unitCosts({ "11": 1500 }), fixedCosts: null, actualShippingCost: null };

describe("paymentFeesOf with the ledger's fee (hand-worked)", () => {
  const sale = { gateway: "shopify_payments", kind: "SALE", status: "SUCCESS", amount: 4500, feesActual: null };
  it("replaces the estimate of the Shopify Payments sale when the transaction carries no fee", () => {
    // Without the ledger: estimated 63 + 25 = 88. With it: actual 161, nothing estimated.
    expect(paymentFeesOf([sale], S, "half-even", null)).toMatchObject({ actual: 0, estimated: 88, total: 88 });
    const f = paymentFeesOf([sale], S, "half-even", 161);
    expect(f).toMatchObject({ actual: 161, estimated: 0, total: 161 });
    expect(f.transactions).toEqual([{ gateway: "shopify_payments", kind: "SALE", amount: 4500, fee: 161, source: "actual", rule: LEDGER_FEE_RULE }]);
  });
  it("keeps the order transaction's own fees (authoritative) when it carries some", () => {
    const f = paymentFeesOf([{ ...sale, feesActual: 140 }], S, "half-even", 161);
    expect(f).toMatchObject({ actual: 140, estimated: 0, total: 140 });
    expect(f.transactions[0]).toMatchObject({ source: "actual", rule: null });
  });
  it("leaves other gateways estimated", () => {
    // PayPal 45.00: 88 estimated; the ledger's fee has no Shopify Payments sale to go to.
    const f = paymentFeesOf([{ ...sale, gateway: "paypal" }], S, "half-even", 161);
    expect(f).toMatchObject({ actual: 0, estimated: 88 });
  });
});

describeEachProvider("Shopify Payments store", (_provider, database) => {
  const d = useFreshDatabase(database);
  beforeEach(async () => {
    for (const shop of [SHOP, OTHER]) await deleteShopData(d.db, shop);
    await createShop(d.db, { shop: SHOP, currencyCode: "EUR" });
    await createShop(d.db, { shop: OTHER, currencyCode: "EUR" });
  });

  it("says whether the shop's Shopify Payments are known, per shop", async () => {
    expect(await shopifyPaymentsStatus(SHOP, d.db)).toBe("unknown");
    await recordPaymentsAccount(d.db, SHOP, { accountId: "gid://shopify/ShopifyPaymentsAccount/1", activated: true, currency: "EUR", interval: "WEEKLY", monthlyAnchor: null, weeklyAnchor: "FRIDAY" }, NOW);
    await recordPaymentsAccount(d.db, OTHER, "no_access", NOW);
    expect(await shopifyPaymentsStatus(SHOP, d.db)).toBe("active");
    expect(await payoutSchedule(SHOP, d.db)).toMatchObject({ status: "active", interval: "WEEKLY", weeklyAnchor: "FRIDAY", currency: "EUR" });
    expect(await shopifyPaymentsStatus(OTHER, d.db)).toBe("no_access");
    await recordPaymentsAccount(d.db, OTHER, "not_used", NOW);
    expect(await shopifyPaymentsStatus(OTHER, d.db)).toBe("not_used");
  });

  it("lists the payouts of a range and the sale-to-cash delays, one shop's only", async () => {
    await writePayouts(d.db, SHOP, [payout(PAYOUT_A, "2026-11-06T08:00:00Z", "PAID", 4500, 161), payout(PAYOUT_B, "2026-11-13T08:00:00Z", "FAILED", 1000, 39)], NOW);
    await writePayouts(d.db, OTHER, [payout(PAYOUT_A, "2026-11-06T08:00:00Z", "PAID", 99_999, 1)], NOW);
    await storeOrders(d.sql, SHOP, [oneLineOrder({ id: 1, processedAt: "2026-11-02T08:59:00Z", price: 4000, shipping: 500, gateway: "shopify_payments" })], NOW);
    await writeBalanceTransactions(d.db, SHOP, [bt(1, {}), bt(2, { orderId: ORDER_2, amount: 1000, fee: 39, net: 961, payoutId: PAYOUT_B, payoutStatus: "FAILED" }), bt(3, { type: "REFUND", sourceType: "REFUND", amount: -500, fee: 0, net: -500, payoutId: null, payoutStatus: "PENDING" })], NOW);
    const range = { from: new Date("2026-11-01T00:00:00Z"), to: new Date("2026-12-01T00:00:00Z") };
    expect(await listPayouts(SHOP, range, d.db)).toEqual([
      { id: PAYOUT_A, date: new Date("2026-11-06T08:00:00Z"), status: "PAID", currency: "EUR", gross: 4500, fees: 161, net: 4339 },
      { id: PAYOUT_B, date: new Date("2026-11-13T08:00:00Z"), status: "FAILED", currency: "EUR", gross: 1000, fees: 39, net: 961 },
    ]);
    expect(await listPayouts(SHOP, { from: new Date("2026-11-07T00:00:00Z"), to: range.to }, d.db)).toHaveLength(1);
    // Order 1 sold 2 Nov 08:59, its charge paid out 6 Nov 08:00 (4 days less a minute); order 2's
    // payout FAILED (no cash) and the refund is in no payout: neither counts.
    expect(await saleToCashDelays(SHOP, range, d.db)).toEqual([{ orderId: ORDER_1, processedAt: new Date("2026-11-02T08:59:00Z"), paidOutAt: new Date("2026-11-06T08:00:00Z"), amount: 4500, currency: "EUR" }]);
    expect(await saleToCashDelays(OTHER, range, d.db)).toEqual([]);
    expect(await listPayouts(OTHER, range, d.db)).toEqual([{ id: PAYOUT_A, date: new Date("2026-11-06T08:00:00Z"), status: "PAID", currency: "EUR", gross: 99_999, fees: 1, net: 99_998 }]);
  });

  it("a balance transaction's fee becomes the order's actual payment fee in its margin, marked for recompute", async () => {
    // A 40.00 tote + 5.00 shipping paid 45.00 by Shopify Payments, the transaction without fees.
    await storeOrders(d.sql, SHOP, [oneLineOrder({ id: 1, processedAt: "2026-11-02T08:59:00Z", price: 4000, shipping: 500, gateway: "shopify_payments" })], NOW);
    await storeOrders(d.sql, OTHER, [oneLineOrder({ id: 1, processedAt: "2026-11-02T08:59:00Z", price: 4000, shipping: 500, gateway: "shopify_payments" })], NOW);
    await d.db.marginDirty.deleteMany({ where: { shop: SHOP } });
    const reader = openRowReader(database().url);
    try {
      const all = { from: "2026-01-01T00:00:00Z", to: "2027-01-01T00:00:00Z" };
      const [before] = await readOrderBatch(reader, SHOP, all, null, 10);
      expect(before!.ledgerPaymentFee).toBeUndefined();
      // Estimated: 45.00 × 1.4 % = 63 + 25 = 88.
      expect(computeOrderMargin(before!, ctx).costs.paymentFees).toBe(88);

      // The charge (fee 1.61) and a partial refund whose fee Shopify gave back (−0.11): 161 − 11 = 150.
      const w = await writeBalanceTransactions(d.db, SHOP, [bt(1, {}), bt(2, { type: "REFUND", sourceType: "REFUND", amount: -1000, fee: -11, net: -989 })], NOW);
      expect(w).toEqual({ written: 2, ordersMarked: 1 });
      expect((await pendingDirty(d.db, SHOP))?.ranges).toEqual([{ since: new Date("2026-11-02T08:59:00Z"), until: new Date("2026-11-02T08:59:00Z"), reason: "sync" }]);
      expect(await ledgerFeesOfOrders(d.db, SHOP, [{ id: ORDER_1, currency: "EUR" }])).toEqual(new Map([[ORDER_1, 150]]));

      const [after] = await readOrderBatch(reader, SHOP, all, null, 10);
      expect(after!.ledgerPaymentFee).toBe(150);
      const m = computeOrderMargin(after!, ctx);
      expect(m.costs.paymentFees).toBe(150);
      expect(m.steps.paymentFees).toMatchObject({ actual: 150, estimated: 0 });
      expect(m.steps.paymentFees.transactions).toEqual([{ gateway: "shopify_payments", kind: "SALE", amount: 4500, fee: 150, source: "actual", rule: LEDGER_FEE_RULE }]);
      // Net margin 40.00 + 5.00 shipping revenue − 15.00 cost of goods − payment fee, the rest of the costs alike:
      // the ledger's fee (1.50) instead of the estimate (0.88) lowers it by 0.62.
      expect(computeOrderMargin(before!, ctx).netMargin - m.netMargin).toBe(62);

      // The same write again changes nothing: no order marked.
      expect(await writeBalanceTransactions(d.db, SHOP, [bt(1, {})], NOW)).toEqual({ written: 1, ordersMarked: 0 });
      // The stored margin (the recompute reads orders the same way): 150 actual, not 88 estimated.
      await createUnitCost(d.db, { shop: SHOP, variantId: "gid://shopify/ProductVariant/11", cost: 1500 });
      await saveSettings(d.db, SHOP, costSettings({ paymentFees: { gateways: [], default: { percent: 1.4, fixed: "0.25" } } }), { now: new Date("2026-01-02T00:00:00Z") });
      await recomputeMargins({ db: d.db, sql: d.sql, reader, now: () => NOW }, SHOP);
      expect(await d.db.orderMargin.findFirst({ where: { shop: SHOP, orderId: ORDER_1 }, select: { paymentFees: true } })).toEqual({ paymentFees: 150 });
      // The other shop's order is untouched.
      const [other] = await readOrderBatch(reader, OTHER, all, null, 10);
      expect(other!.ledgerPaymentFee).toBeUndefined();
    } finally {
      await reader.close();
    }
  });
});
