/**
 * Shopify Payments as the Admin API gives it (issue 19, item 1): the account and its
 * payout schedule, payouts and balance transactions, paged, and each node read into plain
 * values (money in integer minor units with its currency).
 *
 * Sources (committed schema app/types/admin-2026-10.schema.json.gz, shopify.dev Admin
 * GraphQL 2026-10 "ShopifyPaymentsAccount", "ShopifyPaymentsPayout",
 * "ShopifyPaymentsBalanceTransaction", "ShopifyPaymentsPayoutSchedule"):
 * - `QueryRoot.shopifyPaymentsAccount` is nullable: null for a shop without Shopify Payments.
 *   It needs `read_shopify_payments` or `read_shopify_payments_accounts`: without either,
 *   Shopify answers `ACCESS_DENIED` on the field (live capture, airhorns/shopify-draft-proxy
 *   fixtures/conformance/harry-test-heelo.myshopify.com/2025-01/payments/shopify-payments-account-access-denied.json,
 *   an app holding `read_shopify_payments_payouts` and `read_shopify_payments_disputes`).
 *   So the app reads its granted scopes first (`currentAppInstallation.accessScopes`) and
 *   does not ask at all without them: an ACCESS_DENIED would stop the shop's whole sync
 *   (the Admin client treats it as the merchant's attention).
 * - `ShopifyPaymentsPayout` has no `date` or `fees` field in 2026-10: the date is `issuedAt`
 *   ("The exact time when the payout was issued"), `gross` is deprecated ("Use `net`
 *   instead"), and the fees and gross are the totals of `summary`
 *   (`ShopifyPaymentsPayoutSummary`: charges, refunds, adjustments, advances, reserved
 *   funds and retried payouts, each with a gross and a fee). NetMargin stores
 *   fees = Σ the six fees, gross = Σ the six gross amounts.
 * - `status`: SCHEDULED, IN_TRANSIT (deprecated), PAID, FAILED, CANCELED.
 * - Balance transactions: `type`, `sourceType`, `amount`/`fee`/`net` (MoneyV2, net =
 *   amount − fee), `associatedOrder { id }` (nullable), `associatedPayout { id status }`
 *   (non-null; its id is null and its status PENDING until a payout takes it),
 *   `sourceOrderTransactionId` (BigInt: the order transaction's legacy id, kept as text),
 *   `transactionDate`; `hideTransfers: true` leaves out the payouts' own transfer rows.
 * - Filters: `balanceTransactions(query:)` takes `processed_at` (the refresh reads those
 *   processed since a checkpoint); `payouts(query:)` takes `issued_at`.
 *
 * Paged rather than bulk: the two connections would pass the bulk rules (one connection
 * under an object root, edges/node), but no capture shows Shopify running a bulk query on
 * `shopifyPaymentsAccount`; a shop has one balance transaction per Shopify Payments charge
 * or refund, read 100 a page. Cost by the documented rule (objects 1, connection 2 + items,
 * test/simulator/cost.ts): a payouts page of 50 (payout, net, summary and its 12 amounts:
 * 15 each) is 752 points, a balance-transactions page of 100 (6 each) 602: both under the
 * 1,000-point limit of one query. Live costs are lower (docs/shopify-admin-api.md §5).
 */
import { parseDecimal } from "~/domain/money";
import type { Issue } from "~/domain/validation";

export const PAYMENTS_SCOPES = ["read_shopify_payments", "read_shopify_payments_accounts"] as const;

export const PAYMENTS_SCOPES_QUERY = `query NetMarginPaymentsScopes {
  currentAppInstallation { accessScopes { handle } }
}`;

export const PAYMENTS_ACCOUNT_QUERY = `query NetMarginPaymentsAccount {
  shopifyPaymentsAccount {
    id
    activated
    defaultCurrency
    payoutSchedule { interval monthlyAnchor weeklyAnchor }
  }
}`;

export const PAYOUTS_PAGE = 50;
export const PAYOUTS_QUERY = `query NetMarginPayouts($after: String, $query: String) {
  shopifyPaymentsAccount {
    payouts(first: 50, after: $after, query: $query) {
      pageInfo { hasNextPage endCursor }
      nodes {
        id
        issuedAt
        status
        transactionType
        net { amount currencyCode }
        summary {
          chargesGross { amount currencyCode }
          chargesFee { amount currencyCode }
          refundsFeeGross { amount currencyCode }
          refundsFee { amount currencyCode }
          adjustmentsGross { amount currencyCode }
          adjustmentsFee { amount currencyCode }
          advanceGross { amount currencyCode }
          advanceFees { amount currencyCode }
          reservedFundsGross { amount currencyCode }
          reservedFundsFee { amount currencyCode }
          retriedPayoutsGross { amount currencyCode }
          retriedPayoutsFee { amount currencyCode }
        }
      }
    }
  }
}`;

export const BALANCE_TRANSACTIONS_PAGE = 100;
export const BALANCE_TRANSACTIONS_QUERY = `query NetMarginBalanceTransactions($after: String, $query: String) {
  shopifyPaymentsAccount {
    balanceTransactions(first: 100, after: $after, query: $query, hideTransfers: true) {
      pageInfo { hasNextPage endCursor }
      nodes {
        id
        type
        sourceType
        test
        transactionDate
        sourceOrderTransactionId
        amount { amount currencyCode }
        fee { amount currencyCode }
        net { amount currencyCode }
        associatedOrder { id }
        associatedPayout { id status }
      }
    }
  }
}`;

export interface PageInfo {
  hasNextPage: boolean;
  endCursor: string | null;
}

export interface ScopesAnswer {
  currentAppInstallation: { accessScopes: { handle: string }[] };
}
export interface AccountAnswer {
  shopifyPaymentsAccount: unknown;
}
export interface PayoutsAnswer {
  shopifyPaymentsAccount: { payouts: { pageInfo: PageInfo; nodes: unknown[] } } | null;
}
export interface BalanceTransactionsAnswer {
  shopifyPaymentsAccount: { balanceTransactions: { pageInfo: PageInfo; nodes: unknown[] } } | null;
}

export interface PayoutScheduleRecord {
  accountId: string;
  activated: boolean;
  currency: string;
  interval: string;
  monthlyAnchor: number | null;
  weeklyAnchor: string | null;
}

export interface PayoutRecord {
  id: string;
  issuedAt: Date;
  status: string;
  transactionType: string;
  currency: string;
  /** Minor units. */
  net: number;
  gross: number;
  fees: number;
}

export interface BalanceTransactionRecord {
  id: string;
  type: string;
  sourceType: string | null;
  test: boolean;
  transactionDate: Date;
  currency: string;
  /** Minor units (a refund's amount is negative). */
  amount: number;
  fee: number;
  net: number;
  orderId: string | null;
  payoutId: string | null;
  payoutStatus: string | null;
  sourceOrderTransactionId: string | null;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; id: string | null; errors: Issue[] };

/** True when the granted scopes let the app read the account (either scope; `write_` includes `read_`). */
export function canReadPayments(granted: readonly string[]): boolean {
  const set = new Set(granted);
  return PAYMENTS_SCOPES.some((s) => set.has(s) || set.has(s.replace(/^read_/, "write_")));
}

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj | null => (typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Obj) : null);

class Reader {
  readonly errors: Issue[] = [];
  constructor(readonly node: Obj) {}
  str(path: string, v: unknown, nullable = false): string | null {
    if (typeof v === "string" && v !== "") return v;
    if (nullable && (v === null || v === undefined)) return null;
    this.errors.push({ path, message: "expected text" });
    return null;
  }
  date(path: string, v: unknown): Date | null {
    const t = typeof v === "string" ? Date.parse(v) : NaN;
    if (Number.isFinite(t)) return new Date(t);
    this.errors.push({ path, message: "expected a date and time" });
    return null;
  }
  /** A MoneyV2 in minor units; `currency` (when given) must match. */
  money(path: string, v: unknown, currency?: string | null): { amount: number; currency: string } | null {
    const m = obj(v);
    const cc = m?.currencyCode;
    if (!m || typeof cc !== "string" || typeof m.amount !== "string") {
      this.errors.push({ path, message: "expected an amount with its currency" });
      return null;
    }
    if (currency && cc !== currency) {
      this.errors.push({ path: `${path}.currencyCode`, message: `in ${cc}, not ${currency}` });
      return null;
    }
    const p = parseDecimal(m.amount, cc);
    if (!p.ok) {
      this.errors.push({ path: `${path}.amount`, message: p.error });
      return null;
    }
    return { amount: p.value, currency: cc };
  }
}

/** `shopifyPaymentsAccount` of PAYMENTS_ACCOUNT_QUERY (null: the shop has no Shopify Payments account). */
export function parsePaymentsAccount(value: unknown): Parsed<PayoutScheduleRecord | null> {
  if (value === null || value === undefined) return { ok: true, value: null };
  const a = obj(value);
  if (!a) return { ok: false, id: null, errors: [{ path: "shopifyPaymentsAccount", message: "expected an object" }] };
  const r = new Reader(a);
  const id = r.str("id", a.id);
  const currency = r.str("defaultCurrency", a.defaultCurrency);
  const s = obj(a.payoutSchedule);
  const interval = r.str("payoutSchedule.interval", s?.interval);
  const monthly = s?.monthlyAnchor;
  if (monthly !== null && monthly !== undefined && !(Number.isInteger(monthly) && (monthly as number) >= 1 && (monthly as number) <= 31)) {
    r.errors.push({ path: "payoutSchedule.monthlyAnchor", message: "expected a day of the month (1 to 31)" });
  }
  const weekly = r.str("payoutSchedule.weeklyAnchor", s?.weeklyAnchor, true);
  if (r.errors.length > 0) return { ok: false, id, errors: r.errors };
  return {
    ok: true,
    value: { accountId: id!, activated: a.activated === true, currency: currency!, interval: interval!, monthlyAnchor: (monthly as number | null | undefined) ?? null, weeklyAnchor: weekly },
  };
}

const SUMMARY_PAIRS = [
  ["chargesGross", "chargesFee"],
  ["refundsFeeGross", "refundsFee"],
  ["adjustmentsGross", "adjustmentsFee"],
  ["advanceGross", "advanceFees"],
  ["reservedFundsGross", "reservedFundsFee"],
  ["retriedPayoutsGross", "retriedPayoutsFee"],
] as const;

/** One node of PAYOUTS_QUERY. */
export function parsePayout(node: unknown): Parsed<PayoutRecord> {
  const n = obj(node) ?? {};
  const r = new Reader(n);
  const id = r.str("id", n.id);
  const issuedAt = r.date("issuedAt", n.issuedAt);
  const status = r.str("status", n.status);
  const transactionType = r.str("transactionType", n.transactionType);
  const net = r.money("net", n.net);
  const summary = obj(n.summary);
  let gross = 0;
  let fees = 0;
  if (!summary) r.errors.push({ path: "summary", message: "expected the payout's summary" });
  else {
    for (const [g, f] of SUMMARY_PAIRS) {
      gross += r.money(`summary.${g}`, summary[g], net?.currency)?.amount ?? 0;
      fees += r.money(`summary.${f}`, summary[f], net?.currency)?.amount ?? 0;
    }
  }
  if (r.errors.length > 0) return { ok: false, id, errors: r.errors };
  return { ok: true, value: { id: id!, issuedAt: issuedAt!, status: status!, transactionType: transactionType!, currency: net!.currency, net: net!.amount, gross, fees } };
}

/** One node of BALANCE_TRANSACTIONS_QUERY. */
export function parseBalanceTransaction(node: unknown): Parsed<BalanceTransactionRecord> {
  const n = obj(node) ?? {};
  const r = new Reader(n);
  const id = r.str("id", n.id);
  const type = r.str("type", n.type);
  const sourceType = r.str("sourceType", n.sourceType, true);
  const transactionDate = r.date("transactionDate", n.transactionDate);
  const amount = r.money("amount", n.amount);
  const fee = r.money("fee", n.fee, amount?.currency);
  const net = r.money("net", n.net, amount?.currency);
  const order = obj(n.associatedOrder);
  const orderId = order ? r.str("associatedOrder.id", order.id) : null;
  const payout = obj(n.associatedPayout);
  const payoutId = r.str("associatedPayout.id", payout?.id, true);
  const payoutStatus = r.str("associatedPayout.status", payout?.status, true);
  const src = n.sourceOrderTransactionId;
  // BigInt comes as a JSON string (or a number from some clients): kept as text.
  const sourceOrderTransactionId = typeof src === "string" && /^\d+$/.test(src) ? src : typeof src === "number" && Number.isSafeInteger(src) ? String(src) : null;
  if (src !== null && src !== undefined && sourceOrderTransactionId === null) r.errors.push({ path: "sourceOrderTransactionId", message: "expected a whole number" });
  if (r.errors.length > 0) return { ok: false, id, errors: r.errors };
  return {
    ok: true,
    value: {
      id: id!,
      type: type!,
      sourceType,
      test: n.test === true,
      transactionDate: transactionDate!,
      currency: amount!.currency,
      amount: amount!.amount,
      fee: fee!.amount,
      net: net!.amount,
      orderId,
      payoutId,
      payoutStatus,
      sourceOrderTransactionId,
    },
  };
}

/** The search that lists what changed since `since` (Shopify's search syntax, an instant in quotes). */
export function processedSince(since: Date): string {
  return `processed_at:>='${since.toISOString()}'`;
}
export function issuedSince(since: Date): string {
  return `issued_at:>='${since.toISOString()}'`;
}
