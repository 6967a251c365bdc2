/**
 * Settlement delay per payment gateway (issue 19, item 2): the whole days between a
 * customer's payment and the money reaching the merchant's bank, for the gateways whose
 * cash timing Shopify does not report. Shopify Payments (and Shop Pay Installments and
 * Shop Cash, paid out with it) is left out: its delay comes from the synced payouts.
 * Gift cards are not cash (the money came in when the card was sold) and the test
 * gateway is not a sale, so neither has a delay.
 *
 * The defaults are editable starting points, not facts about one merchant's contract:
 * - PayPal 1 day: the payment lands in the PayPal balance at once; a standard transfer
 *   to the bank takes about one business day (PayPal's help centre on transfers).
 * - Bank deposit, money order, cash, cash on delivery, manual: 0, because Shopify marks
 *   such an order paid when the merchant records the money as received.
 * - Klarna 7 days and Amazon Pay 7 days: buy-now-pay-later and wallet providers settle
 *   on their own schedule (daily to weekly, set in the merchant's contract); a week is
 *   the cautious end.
 * - Stripe 2 days: Stripe's standard automatic payout schedule is two business days in
 *   many countries, longer in some.
 * - Any other gateway seen in the shop's orders: 0 until the merchant enters a delay.
 */
import { z } from "zod";
import { gatewayName, isTestGateway } from "./format";

export const MAX_SETTLEMENT_DAYS = 120;

/** Gateways whose delay does not come from these settings (see the module comment). */
const NOT_SETTLED_HERE = new Set(["shopify_payments", "shopify_installments", "shop_cash", "gift_card"]);

export const DEFAULT_SETTLEMENT_DAYS: Readonly<Record<string, number>> = {
  paypal: 1,
  bank_deposit: 0,
  money_order: 0,
  cash: 0,
  cash_on_delivery: 0,
  manual: 0,
  klarna: 7,
  amazon_payments: 7,
  stripe: 2,
};

/** Whether a gateway's settlement delay is set on this page (not Shopify Payments, gift cards or the test gateway). */
export function hasSettlementSetting(code: string): boolean {
  const c = code.trim().toLowerCase();
  return c !== "" && !isTestGateway(c) && !NOT_SETTLED_HERE.has(c);
}

export interface GatewayDelayRow {
  gateway: string;
  /** The name the merchant sees in Shopify ("PayPal", "Bank Deposit"). */
  label: string;
  days: number;
  /** True when the merchant saved this delay; false when it is the default. */
  saved: boolean;
  defaultDays: number;
}

/**
 * The rows of the settings form: the known gateways, then those seen in the shop's
 * orders (`inUse`), each with the saved delay or its default; sorted by name.
 */
export function gatewayDelayRows(saved: Readonly<Record<string, number>>, inUse: readonly string[]): GatewayDelayRow[] {
  const codes = new Set<string>();
  for (const code of [...Object.keys(DEFAULT_SETTLEMENT_DAYS), ...inUse, ...Object.keys(saved)]) {
    const c = code.trim().toLowerCase();
    if (hasSettlementSetting(c)) codes.add(c);
  }
  return [...codes]
    .map((gateway) => {
      const defaultDays = DEFAULT_SETTLEMENT_DAYS[gateway] ?? 0;
      const own = saved[gateway];
      return { gateway, label: gatewayName(gateway), days: own ?? defaultDays, saved: own !== undefined, defaultDays };
    })
    .sort((a, b) => a.label.localeCompare(b.label, "en"));
}

/** The delays in force: defaults overlaid with what the merchant saved. */
export function delaysInForce(saved: Readonly<Record<string, number>>): Record<string, number> {
  return { ...DEFAULT_SETTLEMENT_DAYS, ...saved };
}

export type DelayValidation = { ok: true; delays: Record<string, number> } | { ok: false; errors: Record<string, string> };

/**
 * Validates the form's fields (`gateway code → text typed`): each a whole number of days
 * from 0 to 120. Errors are keyed by gateway code and name the gateway as Shopify does.
 */
export function validateGatewayDelays(input: Readonly<Record<string, unknown>>): DelayValidation {
  const errors: Record<string, string> = {};
  const delays: Record<string, number> = {};
  for (const [raw, value] of Object.entries(input)) {
    const gateway = raw.trim().toLowerCase();
    const name = gatewayName(gateway);
    if (!hasSettlementSetting(gateway)) {
      errors[raw] = `${name}: its settlement delay is not set here`;
      continue;
    }
    const parsed = daysSchema(name).safeParse(typeof value === "string" ? value.trim() : value);
    if (parsed.success) delays[gateway] = parsed.data;
    else errors[raw] = parsed.error.issues[0]!.message;
  }
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, delays };
}

function daysSchema(name: string) {
  const message = `${name}: enter a whole number of days from 0 to ${MAX_SETTLEMENT_DAYS}`;
  return z
    .union([z.string(), z.number()], { error: message })
    .refine((v) => (typeof v === "number" ? Number.isInteger(v) : /^\d{1,3}$/.test(v)), { error: message })
    .transform((v) => Number(v))
    .refine((n) => n >= 0 && n <= MAX_SETTLEMENT_DAYS, { error: message });
}
