/**
 * The Cash page with its real sources (issue 19, items 1-3 into 5-6): a Shopify Payments shop's
 * November, worked out by hand (minor units: 100 = €1.00). Shop in UTC, EUR, today 8 December.
 */
import { describe, expect, it } from "vitest";

import { cashView } from "~/services/cash.server";
import { cashSources } from "~/services/cash-sources.server";
import { closeAfterEach } from "../helpers/cleanup";
import { createShop } from "../helpers/factories";

const SHOP = "alpha.myshopify.com";
const NOW = new Date("2026-12-08T12:00:00Z");
const T = new Date("2026-11-10T10:00:00Z");
const cleanup = closeAfterEach();

describe("cashView with the Payments, settlement and receivables stores", () => {
  it("takes cash in from payouts, the delay from the charge to its payout, and no fees twice", async () => {
    const { db } = await cleanup.open();
    await createShop(db, { shop: SHOP, currencyCode: "EUR", ianaTimezone: "UTC" });
    await db.payoutSchedule.create({ data: { shop: SHOP, status: "active", accountId: "gid://shopify/ShopifyPaymentsAccount/1", currency: "EUR", interval: "DAILY", checkedAt: NOW } });
    // One order paid with Shopify Payments on 10 November: €400.00 of revenue, €150.00 at cost, €12.00 of fees.
    await db.orderMargin.create({
      data: {
        shop: SHOP, orderId: "gid://shopify/Order/1", orderName: "#1001", processedAt: T, localDate: "2026-11-10", currency: "EUR", cancelled: false, test: false, gateway: "shopify_payments",
        items: 1, netRevenue: 40_000, costOfGoods: 15_000, shipping: 0, packaging: 0, labour: 0, paymentFees: 1_200, fixedCosts: 0, provisions: 0, totalCosts: 16_200,
        netMargin: 23_800, marginBp: null, withoutDiscounts: 0, flags: 0, shippingSource: "rule", feesEstimated: false, missingCostLines: 0, computedAt: T,
      },
    });
    // Its charge (€400.00, fee €12.00) paid out on 13 November: 3 days after the sale; the payout's net €388.00.
    await db.payout.create({ data: { shop: SHOP, id: "gid://shopify/ShopifyPaymentsPayout/1", issuedAt: new Date("2026-11-13T10:00:00Z"), status: "PAID", transactionType: "DEPOSIT", currency: "EUR", net: 38_800, gross: 40_000, fees: 1_200, syncedAt: NOW } });
    await db.balanceTransaction.create({
      data: {
        shop: SHOP, id: "gid://shopify/ShopifyPaymentsBalanceTransaction/1", type: "CHARGE", sourceType: "CHARGE", test: false, transactionDate: T, currency: "EUR", amount: 40_000, fee: 1_200, net: 38_800,
        orderId: "gid://shopify/Order/1", payoutId: "gid://shopify/ShopifyPaymentsPayout/1", payoutStatus: "PAID", sourceOrderTransactionId: "1", syncedAt: NOW,
      },
    });
    const v = await cashView(db, SHOP, { now: NOW, sources: cashSources(db) });
    const nov = v.months.find((m) => m.month === "2026-11")!;
    // In: the payout's net 38,800 (Shopify took its fees already). Out: purchases estimated as cost of goods 15,000 (no invoices,
    // no stock recorded); the fees are not counted again. Flow 38,800 − 15,000 = 23,800.
    expect(nov).toMatchObject({ cashIn: 38_800, cashOut: 15_000, netCashFlow: 23_800 });
    // DSO: the one charge took 3 days from the order to its payout.
    expect(nov.cycle.dso).toBe(3);
    expect(v.hasPayouts).toBe(true);
    // No unpaid order: receivables are known and 0.
    expect(v.receivables).toEqual({ total: 0, orders: 0, overdue: 0, overdueOrders: 0 });
    expect(v.notices.map((n) => n.key)).toEqual(["no-invoices", "no-balance", "no-stock"]);
    expect(v.explanations.dso.explanation).toBe("€400.00 of sales reached your bank 3.0 days after the order on average (Shopify Payments payouts and other gateways' settlement delays), each sale weighted by its amount.");
  });
});
