/**
 * Receivables (issue 19, item 3): money customers still owe on their orders, aged, the
 * overdue ones to remind, and money already paid that a gateway has not yet settled.
 *
 * Rules (app/domain/README.md, "Receivables"):
 * - An order is a receivable when its financial status is PENDING, AUTHORIZED or
 *   PARTIALLY_PAID, it is neither cancelled nor a test, and Shopify reports an amount
 *   outstanding above 0 (`Order.totalOutstandingSet`).
 * - Age: whole days (24 h periods, UTC) from the payment terms' due date when the order
 *   has one, else from the order date. An order with terms not yet due is "not yet due";
 *   the others fall in 0–30, 31–60 or over 60 days.
 * - Overdue: past the due date when there are payment terms; without terms the customer
 *   was to pay at checkout, so the order is overdue once more than 7 days old
 *   (`UNPAID_GRACE_DAYS`: time for a bank transfer to arrive, and the life of a card
 *   authorisation on most gateways). The overdue list shows the longest overdue first,
 *   then the largest amount, then the order name.
 * - In transit: a successful sale or capture on an order not yet settled, i.e. whose
 *   order date + the gateway's settlement delay (gateway-settlement.ts) is after "now".
 *   Gateways without a delay (0 days, or not in the delays given) settle at payment.
 */

export const RECEIVABLE_STATUSES = ["PENDING", "AUTHORIZED", "PARTIALLY_PAID"] as const;
export const UNPAID_GRACE_DAYS = 7;
const DAY_MS = 86_400_000;

export interface ReceivableOrder {
  orderId: string;
  name: string;
  processedAt: Date;
  financialStatus: string | null;
  /** Order.totalOutstandingSet in minor units of `currency`. */
  outstanding: number;
  currency: string;
  /** The payment terms' due date; null without terms (or terms without a date). */
  dueAt: Date | null;
  gateway: string | null;
}

export type AgeBucket = "notDue" | "days0to30" | "days31to60" | "days60plus";
export const AGE_BUCKETS: readonly AgeBucket[] = ["notDue", "days0to30", "days31to60", "days60plus"];

export interface ReceivableAge {
  /** Whole days since the due date (terms) or the order date; negative before a due date. */
  days: number;
  bucket: AgeBucket;
  overdue: boolean;
  /** When payment was expected: the due date, else the order date + the grace days. */
  expectedAt: Date;
  /** Whole days past `expectedAt` (0 or more when overdue). */
  daysOverdue: number;
}

function wholeDays(from: Date, to: Date): number {
  return Math.floor((to.getTime() - from.getTime()) / DAY_MS);
}

export function isReceivableStatus(status: string | null | undefined): boolean {
  return status !== null && status !== undefined && (RECEIVABLE_STATUSES as readonly string[]).includes(status.toUpperCase());
}

export function ageOf(r: Pick<ReceivableOrder, "processedAt" | "dueAt">, asOf: Date): ReceivableAge {
  const reference = r.dueAt ?? r.processedAt;
  const days = wholeDays(reference, asOf);
  const bucket: AgeBucket = r.dueAt !== null && asOf.getTime() <= r.dueAt.getTime() ? "notDue" : days <= 30 ? "days0to30" : days <= 60 ? "days31to60" : "days60plus";
  const expectedAt = r.dueAt ?? new Date(r.processedAt.getTime() + UNPAID_GRACE_DAYS * DAY_MS);
  const overdue = asOf.getTime() > expectedAt.getTime();
  return { days, bucket, overdue, expectedAt, daysOverdue: overdue ? wholeDays(expectedAt, asOf) : 0 };
}

export interface BucketTotal {
  count: number;
  amount: number;
}

export interface ReceivablesSummary {
  currency: string | null;
  total: BucketTotal;
  buckets: Record<AgeBucket, BucketTotal>;
  overdue: BucketTotal;
}

/** Totals per age bucket and overdue; amounts in minor units (one currency: the shop's). */
export function summariseReceivables(orders: readonly ReceivableOrder[], asOf: Date): ReceivablesSummary {
  const zero = (): BucketTotal => ({ count: 0, amount: 0 });
  const buckets = { notDue: zero(), days0to30: zero(), days31to60: zero(), days60plus: zero() };
  const total = zero();
  const overdue = zero();
  for (const o of orders) {
    const age = ageOf(o, asOf);
    buckets[age.bucket].count++;
    buckets[age.bucket].amount += o.outstanding;
    total.count++;
    total.amount += o.outstanding;
    if (age.overdue) {
      overdue.count++;
      overdue.amount += o.outstanding;
    }
  }
  return { currency: orders[0]?.currency ?? null, total, buckets, overdue };
}

export type OverdueOrder = ReceivableOrder & ReceivableAge;

/** The overdue orders, longest overdue first, then the largest amount, then by name. */
export function overdueOrders(orders: readonly ReceivableOrder[], asOf: Date): OverdueOrder[] {
  return orders
    .map((o) => ({ ...o, ...ageOf(o, asOf) }))
    .filter((o) => o.overdue)
    .sort((a, b) => b.daysOverdue - a.daysOverdue || b.outstanding - a.outstanding || a.name.localeCompare(b.name, "en", { numeric: true }));
}

export interface SettlingPayment {
  orderId: string;
  name: string;
  /** When the payment was taken (the order date: stored transactions carry no date). */
  paidAt: Date;
  gateway: string | null;
  /** Minor units. */
  amount: number;
}

export interface InTransitGateway {
  gateway: string;
  count: number;
  amount: number;
  /** The latest settlement among them. */
  lastSettlesAt: Date;
}

export interface InTransit {
  amount: number;
  count: number;
  byGateway: InTransitGateway[];
}

/**
 * Payments not settled yet at `asOf`: paidAt ≤ asOf < paidAt + delay days. Largest
 * gateway amount first.
 */
export function moneyInTransit(payments: readonly SettlingPayment[], delays: Readonly<Record<string, number>>, asOf: Date): InTransit {
  const by = new Map<string, InTransitGateway>();
  let amount = 0;
  let count = 0;
  for (const p of payments) {
    const gateway = (p.gateway ?? "").toLowerCase();
    const days = delays[gateway] ?? 0;
    if (days <= 0 || p.amount <= 0) continue;
    const settlesAt = new Date(p.paidAt.getTime() + days * DAY_MS);
    if (p.paidAt.getTime() > asOf.getTime() || settlesAt.getTime() <= asOf.getTime()) continue;
    amount += p.amount;
    count++;
    const g = by.get(gateway) ?? { gateway, count: 0, amount: 0, lastSettlesAt: settlesAt };
    g.count++;
    g.amount += p.amount;
    if (settlesAt.getTime() > g.lastSettlesAt.getTime()) g.lastSettlesAt = settlesAt;
    by.set(gateway, g);
  }
  const byGateway = [...by.values()].sort((a, b) => b.amount - a.amount || a.gateway.localeCompare(b.gateway));
  return { amount, count, byGateway };
}

/** The longest delay among `delays` (how far back a store read of payments in transit must look). */
export function longestDelay(delays: Readonly<Record<string, number>>): number {
  return Math.max(0, ...Object.values(delays));
}
