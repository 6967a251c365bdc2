/**
 * Shopify Payments of the simulated shop (issue 19, item 1): the account, its payout
 * schedule, the balance transactions of every Shopify Payments charge and refund of the
 * store's orders (with the fees those orders' transactions carry), and the payouts that
 * collect them on the schedule; resolvers of the Admin 2026-10 types
 * `shopifyPaymentsAccount` → `payoutSchedule`, `payouts`, `balanceTransactions`.
 *
 * Sources:
 * - Fields, enums and arguments: the committed schema (app/types/admin-2026-10.schema.json.gz):
 *   `ShopifyPaymentsBalanceTransaction` (type, sourceType, amount, fee, net, associatedOrder
 *   { id name }, associatedPayout { id status } non-null with a nullable id,
 *   sourceOrderTransactionId, transactionDate, test), `ShopifyPaymentsPayout` (issuedAt, net,
 *   status, transactionType, summary; `gross` deprecated "Use `net` instead"),
 *   `ShopifyPaymentsPayoutSchedule` (interval DAILY/WEEKLY/MONTHLY/MANUAL, monthlyAnchor 1–31,
 *   "Payouts scheduled between 29-31st of the month are sent on the last day of shorter
 *   months", weeklyAnchor Monday–Friday), `ShopifyPaymentsBalanceTransactionPayoutStatus`
 *   PENDING ("has not been assigned a payout yet") and SCHEDULED ("created and had
 *   transactions assigned to it, but it has not yet been submitted to the bank"), the
 *   `query` filters of `balanceTransactions` (processed_at, payout_date, payout_status,
 *   transaction_type, id, …) and `payouts` (issued_at, status, id, …), `hideTransfers`.
 * - Access: live capture, airhorns/shopify-draft-proxy
 *   fixtures/conformance/harry-test-heelo.myshopify.com/2025-01/payments/shopify-payments-account-access-denied.json:
 *   an app without `read_shopify_payments` / `read_shopify_payments_accounts` (it held
 *   `read_shopify_payments_payouts` and `read_shopify_payments_disputes`, per
 *   2025-01/apps/app-billing-access-read.json of the same store) gets HTTP 200,
 *   `data.shopifyPaymentsAccount: null` and one error (message, code ACCESS_DENIED,
 *   `documentation`, `requiredAccess`, `path: ["shopifyPaymentsAccount"]`), with
 *   `extensions.cost` present (requested 10, actual 1 for that probe).
 *
 * Simulator decisions (no capture of a real ledger exists in the draft-proxy fixtures):
 * - a charge is available for payout 2 business days after it was processed, and goes
 *   into the first payout on or after that day allowed by the schedule (issued 08:00 UTC);
 *   a payout issued after `now` is SCHEDULED, one before is PAID; a charge not yet
 *   available is PENDING with no payout id;
 * - CHARGE (SUCCESS SALE/CAPTURE) amount = the transaction's amount, fee = Σ its fees,
 *   net = amount − fee; REFUND amount is negative, fee = −Σ the refund transaction's fees
 *   (0 when none), net = amount − fee; one TRANSFER per payout (−net, no order), left out by
 *   `hideTransfers: true`;
 * - payout summary: chargesGross/chargesFee and refundsFeeGross/refundsFee, other totals 0,
 *   so net = Σ gross − Σ fees; `gross` (deprecated) answers the net;
 * - the schedule: USD shops DAILY, others WEEKLY on Friday (`setShopifyPayments` changes it
 *   or removes the account: then `shopifyPaymentsAccount` is null without an error);
 * - default order: by id (sortKey ID), `reverse` and PROCESSED_AT / ISSUED_AT sort keys.
 */
import { GraphQLError } from "graphql";

import { decodeCursor, encodeCursor, paginate, validateWindow, type ConnectionArgs } from "./connection";
import { gid, parseGid, type OrderModel } from "./model";
import type { MoneyV2Src, ResolverContext } from "./resolvers";
import { compileSearch, type ResourceSearch } from "./search";
import type { Store } from "./store";

// ---------------------------------------------------------------------------
// Model
// ---------------------------------------------------------------------------

export type PayoutInterval = "DAILY" | "WEEKLY" | "MONTHLY" | "MANUAL";
export type Weekday = "MONDAY" | "TUESDAY" | "WEDNESDAY" | "THURSDAY" | "FRIDAY";

export interface PayoutScheduleModel {
  interval: PayoutInterval;
  weeklyAnchor: Weekday | null;
  monthlyAnchor: number | null;
}

export interface PaymentsSettings {
  /** False: the shop does not use Shopify Payments (the account is null). */
  enabled: boolean;
  schedule: PayoutScheduleModel;
  /** Business days between a charge and its availability for payout. */
  availableAfterBusinessDays: number;
}

export interface BalanceTransactionModel {
  id: string;
  type: "CHARGE" | "REFUND" | "TRANSFER";
  sourceType: "CHARGE" | "REFUND" | "TRANSFER";
  test: boolean;
  transactionDate: string;
  currency: string;
  /** Minor units: positive for a charge, negative for a refund or a transfer out. */
  amount: number;
  fee: number;
  net: number;
  order: { id: string; name: string } | null;
  sourceId: string | null;
  sourceOrderTransactionId: string | null;
  payoutId: string | null;
}

export interface PayoutModel {
  id: string;
  issuedAt: string;
  status: "SCHEDULED" | "PAID";
  transactionType: "DEPOSIT" | "WITHDRAWAL";
  currency: string;
  net: number;
  chargesGross: number;
  chargesFee: number;
  refundsGross: number;
  refundsFee: number;
}

export interface PaymentsLedger {
  accountId: string;
  currency: string;
  schedule: PayoutScheduleModel;
  /** Charges, refunds and transfers, by id. */
  transactions: BalanceTransactionModel[];
  payouts: PayoutModel[];
}

const DAY = 86_400_000;
const BT_BASE = 3_310_000_000_000;
const PAYOUT_BASE = 98_700_000;
const WEEKDAYS: Weekday[] = ["MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY"];

const settingsOf = new WeakMap<Store, PaymentsSettings>();

export function defaultPaymentsSettings(store: Store): PaymentsSettings {
  const daily = store.shop.currencyCode === "USD";
  return { enabled: true, schedule: daily ? { interval: "DAILY", weeklyAnchor: null, monthlyAnchor: null } : { interval: "WEEKLY", weeklyAnchor: "FRIDAY", monthlyAnchor: null }, availableAfterBusinessDays: 2 };
}

/** Changes the shop's Shopify Payments (schedule, or none at all). */
export function setShopifyPayments(store: Store, settings: Partial<PaymentsSettings>): void {
  settingsOf.set(store, { ...paymentsSettings(store), ...settings });
}

export function paymentsSettings(store: Store): PaymentsSettings {
  return settingsOf.get(store) ?? defaultPaymentsSettings(store);
}

const isBusinessDay = (ms: number) => {
  const d = new Date(ms).getUTCDay();
  return d !== 0 && d !== 6;
};
const startOfDay = (ms: number) => Math.floor(ms / DAY) * DAY;

function addBusinessDays(dayMs: number, n: number): number {
  let d = dayMs;
  let left = n;
  while (left > 0) {
    d += DAY;
    if (isBusinessDay(d)) left--;
  }
  return d;
}

/** The first payout day on or after `dayMs` (UTC midnight) allowed by the schedule; null for MANUAL. */
export function nextPayoutDay(schedule: PayoutScheduleModel, dayMs: number): number | null {
  if (schedule.interval === "MANUAL") return null;
  for (let d = dayMs; d < dayMs + 62 * DAY; d += DAY) {
    const date = new Date(d);
    if (!isBusinessDay(d) && schedule.interval !== "MONTHLY") continue;
    if (schedule.interval === "DAILY") return d;
    if (schedule.interval === "WEEKLY") {
      if (WEEKDAYS[date.getUTCDay() - 1] === (schedule.weeklyAnchor ?? "MONDAY")) return d;
      continue;
    }
    // MONTHLY: the anchor day, or the month's last day when the month is shorter.
    const last = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 0)).getUTCDate();
    if (date.getUTCDate() === Math.min(schedule.monthlyAnchor ?? 1, last)) return d;
  }
  return null;
}

const legacy = (id: string) => parseGid(id)?.id ?? "0";

function orderTransactions(order: OrderModel): BalanceTransactionModel[] {
  const out: BalanceTransactionModel[] = [];
  for (const tx of order.transactions) {
    if (tx.gateway !== "shopify_payments" || tx.status !== "SUCCESS") continue;
    const kind = tx.kind === "SALE" || tx.kind === "CAPTURE" ? "CHARGE" : tx.kind === "REFUND" ? "REFUND" : null;
    if (kind === null) continue;
    const fees = tx.fees.reduce((s, f) => s + f.amount, 0);
    const amount = kind === "CHARGE" ? tx.amount : -tx.amount;
    const fee = kind === "CHARGE" ? fees : -fees;
    out.push({
      id: gid("ShopifyPaymentsBalanceTransaction", BT_BASE + Number(legacy(tx.id)) % 1_000_000_000_000),
      type: kind,
      sourceType: kind,
      test: tx.test,
      transactionDate: tx.processedAt,
      currency: order.currencyCode,
      amount,
      fee,
      net: amount - fee,
      order: { id: order.id, name: order.name },
      sourceId: legacy(tx.id),
      sourceOrderTransactionId: legacy(tx.id),
      payoutId: null,
    });
  }
  return out;
}

const cache = new WeakMap<Store, { key: string; ledger: PaymentsLedger }>();
const versions = new WeakMap<Store, { n: number }>();

function versionOf(store: Store): number {
  let v = versions.get(store);
  if (!v) {
    const counter = { n: 0 };
    store.onChange(() => counter.n++);
    versions.set(store, counter);
    v = counter;
  }
  return v.n;
}

/** The shop's ledger as it stands at `nowMs` (null: no Shopify Payments). */
export function paymentsLedger(store: Store, nowMs: number): PaymentsLedger | null {
  const settings = paymentsSettings(store);
  if (!settings.enabled) return null;
  const key = `${versionOf(store)}:${store.orders.length}:${Math.floor(nowMs / 60_000)}:${JSON.stringify(settings)}`;
  const hit = cache.get(store);
  if (hit && hit.key === key) return hit.ledger;
  const currency = store.shop.currencyCode;
  const charges = store.orders.flatMap(orderTransactions).filter((t) => Date.parse(t.transactionDate) <= nowMs);
  const byDay = new Map<number, BalanceTransactionModel[]>();
  for (const t of charges) {
    const available = addBusinessDays(startOfDay(Date.parse(t.transactionDate)), settings.availableAfterBusinessDays);
    // Only what is available by now is assigned to a payout (PENDING otherwise).
    if (available > startOfDay(nowMs)) continue;
    const day = nextPayoutDay(settings.schedule, available);
    if (day === null) continue;
    const list = byDay.get(day) ?? [];
    list.push(t);
    byDay.set(day, list);
  }
  const payouts: PayoutModel[] = [];
  const transfers: BalanceTransactionModel[] = [];
  let seq = 0;
  for (const day of [...byDay.keys()].sort((a, b) => a - b)) {
    const list = byDay.get(day)!;
    const id = gid("ShopifyPaymentsPayout", PAYOUT_BASE + ++seq);
    const issuedMs = day + 8 * 3_600_000;
    const sum = (f: (t: BalanceTransactionModel) => number, type: string) => list.filter((t) => t.type === type).reduce((s, t) => s + f(t), 0);
    const p: PayoutModel = {
      id,
      issuedAt: new Date(issuedMs).toISOString().replace(".000Z", "Z"),
      status: issuedMs > nowMs ? "SCHEDULED" : "PAID",
      transactionType: "DEPOSIT",
      currency,
      chargesGross: sum((t) => t.amount, "CHARGE"),
      chargesFee: sum((t) => t.fee, "CHARGE"),
      refundsGross: sum((t) => t.amount, "REFUND"),
      refundsFee: sum((t) => t.fee, "REFUND"),
      net: 0,
    };
    p.net = p.chargesGross + p.refundsGross - p.chargesFee - p.refundsFee;
    if (p.net < 0) p.transactionType = "WITHDRAWAL";
    for (const t of list) t.payoutId = id;
    payouts.push(p);
    transfers.push({
      id: gid("ShopifyPaymentsBalanceTransaction", BT_BASE + 900_000_000_000 + seq),
      type: "TRANSFER",
      sourceType: "TRANSFER",
      test: false,
      transactionDate: p.issuedAt,
      currency,
      amount: -p.net,
      fee: 0,
      net: -p.net,
      order: null,
      sourceId: legacy(id),
      sourceOrderTransactionId: null,
      payoutId: id,
    });
  }
  const transactions = [...charges, ...transfers];
  const ledger: PaymentsLedger = { accountId: gid("ShopifyPaymentsAccount", legacy(store.shop.id)), currency, schedule: settings.schedule, transactions, payouts };
  cache.set(store, { key, ledger });
  return ledger;
}

// ---------------------------------------------------------------------------
// Resolvers
// ---------------------------------------------------------------------------

type Args = Record<string, unknown>;
type Resolver = (src: any, args: Args, ctx: ResolverContext) => unknown; // eslint-disable-line @typescript-eslint/no-explicit-any

interface AccountSrc {
  __typename: "ShopifyPaymentsAccount";
  ledger: PaymentsLedger;
  payoutById: Map<string, PayoutModel>;
  country: string;
}
interface TxSrc {
  __typename: "ShopifyPaymentsBalanceTransaction";
  t: BalanceTransactionModel;
  account: AccountSrc;
}
interface PayoutSrc {
  __typename: "ShopifyPaymentsPayout";
  p: PayoutModel;
}

const money = (minor: number, currency: string): MoneyV2Src => ({ __typename: "MoneyV2", minor, currency });
const date = (s: string | null) => ({ date: s });

function connArgs(args: Args): ConnectionArgs {
  return {
    first: (args.first as number | null | undefined) ?? null,
    last: (args.last as number | null | undefined) ?? null,
    after: (args.after as string | null | undefined) ?? null,
    before: (args.before as string | null | undefined) ?? null,
    reverse: (args.reverse as boolean | null | undefined) ?? false,
  };
}

function search<T>(items: readonly T[], args: Args, ctx: ResolverContext, resource: ResourceSearch<T>): T[] {
  const query = (args.query as string | null | undefined) ?? null;
  const compiled = compileSearch(query, resource, { timeZone: ctx.store.shop.ianaTimezone, nowMs: ctx.nowMs });
  if (compiled.warnings.length > 0 && query !== null) ctx.searchWarnings.push({ path: ctx.path ?? [], query, parsed: null, warnings: compiled.warnings });
  return items.filter(compiled.matches);
}

/** The associated payout's status: PENDING until the transaction is in a payout. */
function payoutStatusOf(s: TxSrc): string {
  return s.t.payoutId === null ? "PENDING" : (s.account.payoutById.get(s.t.payoutId)?.status ?? "PENDING");
}

const TX_SEARCH: ResourceSearch<TxSrc> = {
  fields: {
    id: (s) => Number(legacy(s.t.id)),
    processed_at: (s) => date(s.t.transactionDate),
    payout_date: (s) => date(s.t.payoutId === null ? null : (s.account.payoutById.get(s.t.payoutId)?.issuedAt ?? null)),
    payout_status: (s) => payoutStatusOf(s).toLowerCase(),
    transaction_type: (s) => s.t.type.toLowerCase(),
    currency: (s) => s.t.currency,
    payments_transfer_id: (s) => (s.t.payoutId === null ? null : Number(legacy(s.t.payoutId))),
  },
};

const PAYOUT_SEARCH: ResourceSearch<PayoutModel> = {
  fields: {
    id: (p) => Number(legacy(p.id)),
    issued_at: (p) => date(p.issuedAt),
    status: (p) => p.status.toLowerCase(),
    currency: (p) => p.currency,
  },
};

export const REQUIRED_ACCESS = "the `read_shopify_payments` or the `read_shopify_payments_accounts` access scope.";

/** QueryRoot.shopifyPaymentsAccount: ACCESS_DENIED without either scope (as captured), null without Shopify Payments. */
export const PAYMENTS_QUERY_FIELDS: Record<string, Resolver> = {
  shopifyPaymentsAccount: (_s, _a, ctx): AccountSrc | null => {
    const scopes = ctx.store.appInstallation.accessScopes;
    if (!scopes.includes("read_shopify_payments") && !scopes.includes("read_shopify_payments_accounts")) {
      throw new GraphQLError(`Access denied for shopifyPaymentsAccount field. Required access: ${REQUIRED_ACCESS}`, {
        extensions: { code: "ACCESS_DENIED", documentation: "https://shopify.dev/api/usage/access-scopes", requiredAccess: REQUIRED_ACCESS },
      });
    }
    const ledger = paymentsLedger(ctx.store, ctx.nowMs);
    if (!ledger) return null;
    let account = accounts.get(ledger);
    if (!account) {
      account = { __typename: "ShopifyPaymentsAccount", ledger, payoutById: new Map(ledger.payouts.map((p) => [p.id, p])), country: ctx.store.shop.currencyCode === "USD" ? "US" : "FR" };
      accounts.set(ledger, account);
    }
    return account;
  },
};

// One account source per ledger, and per account the filtered, id-sorted balance transactions of
// each (query, hideTransfers): a shop's full read pages through them (10,000 pages at 1M orders),
// so a page is a binary search and a slice, not a filter and sort of the whole ledger.
const accounts = new WeakMap<PaymentsLedger, AccountSrc>();
const txViews = new WeakMap<AccountSrc, Map<string, { items: TxSrc[]; ids: number[] }>>();

function txView(a: AccountSrc, args: Args, ctx: ResolverContext): { items: TxSrc[]; ids: number[] } {
  let byKey = txViews.get(a);
  if (!byKey) {
    byKey = new Map();
    txViews.set(a, byKey);
  }
  const key = JSON.stringify([args.query ?? null, args.hideTransfers === true]);
  let view = byKey.get(key);
  if (!view) {
    let all = a.ledger.transactions.map((t): TxSrc => ({ __typename: "ShopifyPaymentsBalanceTransaction", t, account: a }));
    if (args.hideTransfers === true) all = all.filter((x) => x.t.type !== "TRANSFER");
    const items = search(all, args, ctx, TX_SEARCH).sort((x, y) => Number(legacy(x.t.id)) - Number(legacy(y.t.id)));
    view = { items, ids: items.map((x) => Number(legacy(x.t.id))) };
    if (byKey.size < 50) byKey.set(key, view);
  }
  return view;
}

/** First index whose id is greater than `id` (ids ascending). */
function after(ids: readonly number[], id: number): number {
  let lo = 0;
  let hi = ids.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (ids[mid]! <= id) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

const emptyConnection = () => ({ edges: [], nodes: [], pageInfo: { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null } });

export const PAYMENTS_RESOLVERS: Record<string, Record<string, Resolver>> = {
  ShopifyPaymentsAccount: {
    id: (a: AccountSrc) => a.ledger.accountId,
    activated: () => true,
    onboardable: () => false,
    country: (a: AccountSrc) => a.country,
    defaultCurrency: (a: AccountSrc) => a.ledger.currency,
    accountOpenerName: () => null,
    payoutStatementDescriptor: () => "NETMARGIN SIM",
    balance: (a: AccountSrc) => [money(a.ledger.transactions.filter((t) => t.payoutId === null || a.payoutById.get(t.payoutId)?.status !== "PAID").filter((t) => t.type !== "TRANSFER").reduce((s, t) => s + t.net, 0), a.ledger.currency)],
    payoutSchedule: (a: AccountSrc) => ({ __typename: "ShopifyPaymentsPayoutSchedule", ...a.ledger.schedule }),
    bankAccounts: emptyConnection,
    disputes: emptyConnection,
    payouts: (a: AccountSrc, args, ctx) => {
      let list = search(a.ledger.payouts, args, ctx, PAYOUT_SEARCH);
      if (args.transactionType) list = list.filter((p) => p.transactionType === args.transactionType);
      const page = paginate(list, connArgs(args), { id: (p) => p.id, sortValue: args.sortKey === "ISSUED_AT" ? (p) => p.issuedAt : null, requireWindow: !ctx.bulk });
      return { ...page, edges: page.edges.map((e) => ({ cursor: e.cursor, node: payoutSrc(e.node) })), nodes: page.nodes.map(payoutSrc) };
    },
    balanceTransactions: (a: AccountSrc, args, ctx) => {
      const view = txView(a, args, ctx);
      const c = connArgs(args);
      const byId = (args.sortKey == null || args.sortKey === "ID") && !c.reverse && c.before === null && c.last === null && c.first !== null;
      if (!byId) return paginate(view.items, c, { id: (s) => s.t.id, sortValue: args.sortKey === "PROCESSED_AT" ? (s) => s.t.transactionDate : null, requireWindow: !ctx.bulk });
      // The common case, first/after by id, as paginate would answer it (same cursors).
      validateWindow(c);
      const from = c.after ? after(view.ids, Number(decodeCursor(c.after).last_id)) : 0;
      const to = Math.min(view.items.length, from + c.first!);
      const edges = view.items.slice(from, to).map((node, i) => ({ cursor: encodeCursor(view.ids[from + i]!, null), node }));
      return {
        edges,
        nodes: edges.map((e) => e.node),
        pageInfo: { hasNextPage: to < view.items.length, hasPreviousPage: from > 0, startCursor: edges[0]?.cursor ?? null, endCursor: edges[edges.length - 1]?.cursor ?? null },
      };
    },
  },
  ShopifyPaymentsPayoutSchedule: {},
  ShopifyPaymentsPayout: {
    id: (s: PayoutSrc) => s.p.id,
    legacyResourceId: (s: PayoutSrc) => legacy(s.p.id),
    issuedAt: (s: PayoutSrc) => s.p.issuedAt,
    status: (s: PayoutSrc) => s.p.status,
    transactionType: (s: PayoutSrc) => s.p.transactionType,
    net: (s: PayoutSrc) => money(s.p.net, s.p.currency),
    gross: (s: PayoutSrc) => money(s.p.net, s.p.currency),
    externalTraceId: () => null,
    bankAccount: () => null,
    summary: (s: PayoutSrc) => ({ __typename: "ShopifyPaymentsPayoutSummary", p: s.p }),
  },
  ShopifyPaymentsPayoutSummary: {
    chargesGross: (s: { p: PayoutModel }) => money(s.p.chargesGross, s.p.currency),
    chargesFee: (s: { p: PayoutModel }) => money(s.p.chargesFee, s.p.currency),
    refundsFeeGross: (s: { p: PayoutModel }) => money(s.p.refundsGross, s.p.currency),
    refundsFee: (s: { p: PayoutModel }) => money(s.p.refundsFee, s.p.currency),
    adjustmentsGross: (s: { p: PayoutModel }) => money(0, s.p.currency),
    adjustmentsFee: (s: { p: PayoutModel }) => money(0, s.p.currency),
    advanceGross: (s: { p: PayoutModel }) => money(0, s.p.currency),
    advanceFees: (s: { p: PayoutModel }) => money(0, s.p.currency),
    reservedFundsGross: (s: { p: PayoutModel }) => money(0, s.p.currency),
    reservedFundsFee: (s: { p: PayoutModel }) => money(0, s.p.currency),
    retriedPayoutsGross: (s: { p: PayoutModel }) => money(0, s.p.currency),
    retriedPayoutsFee: (s: { p: PayoutModel }) => money(0, s.p.currency),
    usdcRebateCreditAmount: (s: { p: PayoutModel }) => money(0, s.p.currency),
  },
  ShopifyPaymentsBalanceTransaction: {
    id: (s: TxSrc) => s.t.id,
    type: (s: TxSrc) => s.t.type,
    sourceType: (s: TxSrc) => s.t.sourceType,
    test: (s: TxSrc) => s.t.test,
    transactionDate: (s: TxSrc) => s.t.transactionDate,
    amount: (s: TxSrc) => money(s.t.amount, s.t.currency),
    fee: (s: TxSrc) => money(s.t.fee, s.t.currency),
    net: (s: TxSrc) => money(s.t.net, s.t.currency),
    sourceId: (s: TxSrc) => s.t.sourceId,
    sourceOrderTransactionId: (s: TxSrc) => s.t.sourceOrderTransactionId,
    adjustmentReason: () => null,
    adjustmentsOrders: () => [],
    associatedOrder: (s: TxSrc) => (s.t.order ? { __typename: "ShopifyPaymentsAssociatedOrder", ...s.t.order } : null),
    associatedPayout: (s: TxSrc) => ({ __typename: "ShopifyPaymentsBalanceTransactionAssociatedPayout", id: s.t.payoutId, status: payoutStatusOf(s) }),
  },
};

const payoutSrc = (p: PayoutModel): PayoutSrc => ({ __typename: "ShopifyPaymentsPayout", p });
