/**
 * Settlement delay per gateway (issue 19, item 2): the form's rows, defaults, and the
 * validation messages in the merchant's words.
 */
import { describe, expect, it } from "vitest";
import { delaysInForce, gatewayDelayRows, hasSettlementSetting, validateGatewayDelays } from "../../app/domain/gateway-settlement";

describe("gateway settlement delays", () => {
  it("lists the known gateways and those in use, without Shopify Payments, gift cards or the test gateway", () => {
    const rows = gatewayDelayRows({ paypal: 3 }, ["shopify_payments", "gift_card", "bogus", "adyen_cse", "PayPal"]);
    const byCode = Object.fromEntries(rows.map((r) => [r.gateway, r]));
    expect(byCode.paypal).toEqual({ gateway: "paypal", label: "PayPal", days: 3, saved: true, defaultDays: 1 });
    expect(byCode.adyen_cse).toEqual({ gateway: "adyen_cse", label: "Adyen cse", days: 0, saved: false, defaultDays: 0 });
    expect(byCode.bank_deposit).toMatchObject({ label: "Bank Deposit", days: 0, saved: false });
    expect(byCode.klarna).toMatchObject({ label: "Klarna", days: 7 });
    for (const code of ["shopify_payments", "gift_card", "bogus", "shopify_installments", "shop_cash"]) expect(byCode[code]).toBeUndefined();
    // sorted by name
    expect(rows.map((r) => r.label)).toEqual([...rows.map((r) => r.label)].sort((a, b) => a.localeCompare(b, "en")));
    expect(hasSettlementSetting("Shopify_Payments")).toBe(false);
  });

  it("overlays the saved delays on the defaults", () => {
    expect(delaysInForce({ paypal: 2, adyen_cse: 4 })).toMatchObject({ paypal: 2, adyen_cse: 4, klarna: 7, manual: 0 });
  });

  it("accepts whole days from 0 to 120", () => {
    expect(validateGatewayDelays({ paypal: "0", klarna: " 120 ", manual: 5 })).toEqual({ ok: true, delays: { paypal: 0, klarna: 120, manual: 5 } });
  });

  it("names the gateway in each message", () => {
    const r = validateGatewayDelays({ paypal: "1.5", klarna: "121", bank_deposit: "", manual: "-1", stripe: "two", shopify_payments: "2" });
    expect(r).toEqual({
      ok: false,
      errors: {
        paypal: "PayPal: enter a whole number of days from 0 to 120",
        klarna: "Klarna: enter a whole number of days from 0 to 120",
        bank_deposit: "Bank Deposit: enter a whole number of days from 0 to 120",
        manual: "Manual: enter a whole number of days from 0 to 120",
        stripe: "Stripe: enter a whole number of days from 0 to 120",
        shopify_payments: "Shopify Payments: its settlement delay is not set here",
      },
    });
  });
});
