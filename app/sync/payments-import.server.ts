/**
 * The Shopify Payments import (issue 19, item 1): the account's payout schedule, its
 * payouts and balance transactions, paged (app/shopify/payments.ts says why not bulk),
 * each page written in one transaction (app/store/payments.server.ts).
 *
 * - First the app's granted scopes: without `read_shopify_payments` or
 *   `read_shopify_payments_accounts` the shop is recorded as "no_access" and nothing else is
 *   asked (Shopify would answer ACCESS_DENIED, which the Admin client reports as the shop
 *   needing attention and stops its whole sync; the capture is named in app/shopify/payments.ts).
 * - A null account: the shop does not use Shopify Payments ("not_used"); the rest of
 *   NetMargin works without it and the Cash page says so.
 * - Install backfill (`full`): every payout and balance transaction. Periodic refresh:
 *   those issued / processed since the checkpoint less REFRESH_OVERLAP_DAYS, because a
 *   balance transaction's payout status moves after it was processed (PENDING → SCHEDULED →
 *   PAID) and a payout's after it was issued, for up to a month on a monthly schedule.
 *   The checkpoint is the time the run started, written once it completes.
 * - A node that does not parse is logged with its problems and skipped (like a bad bulk line).
 */
import type { PrismaClient } from "@prisma/client";

import { summariseIssues } from "~/domain/validation";
import { logger } from "~/logger.server";
import type { AdminGraphql } from "~/shopify/admin-client.server";
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
  type AccountAnswer,
  type BalanceTransactionRecord,
  type BalanceTransactionsAnswer,
  type PageInfo,
  type Parsed,
  type PayoutRecord,
  type PayoutsAnswer,
  type ScopesAnswer,
} from "~/shopify/payments";
import { paymentsCheckpoint, recordPaymentsAccount, setPaymentsCheckpoint, writeBalanceTransactions, writePayouts, type ShopifyPaymentsStatus } from "~/store/payments.server";

export const REFRESH_OVERLAP_DAYS = 40;
/** How often the refresh runs (the payments-all job): payouts move at most daily. */
export const PAYMENTS_REFRESH_EVERY_MINUTES = 360;

export interface PaymentsImportDeps {
  db: PrismaClient;
  admin: AdminGraphql;
  now?: () => Date;
}

export interface PaymentsImportResult {
  status: ShopifyPaymentsStatus;
  mode: "full" | "since" | "none";
  payouts: number;
  balanceTransactions: number;
  rejected: number;
  /** Stored orders whose margin a new or changed ledger fee marked dirty. */
  ordersMarked: number;
}

async function eachPage<A, T>(
  admin: AdminGraphql,
  query: string,
  filter: string | null,
  connection: (answer: A) => { pageInfo: PageInfo; nodes: unknown[] } | null,
  parse: (node: unknown) => Parsed<T>,
  write: (page: T[]) => Promise<void>,
  onRejected: (id: string | null, problems: string) => void,
): Promise<void> {
  let after: string | null = null;
  for (;;) {
    const answer: A = await admin<A>(query, { after, query: filter });
    const conn = connection(answer);
    // The account went away between two pages: nothing more to read.
    if (!conn) return;
    const page: T[] = [];
    for (const node of conn.nodes) {
      const r = parse(node);
      if (r.ok) page.push(r.value);
      else onRejected(r.id, summariseIssues(r.errors));
    }
    await write(page);
    if (!conn.pageInfo.hasNextPage || !conn.pageInfo.endCursor) return;
    after = conn.pageInfo.endCursor;
  }
}

/** Imports the shop's Shopify Payments (everything with `full`, else what changed since the checkpoint). */
export async function importPayments(deps: PaymentsImportDeps, shop: string, opts: { full?: boolean } = {}): Promise<PaymentsImportResult> {
  const now = deps.now ?? (() => new Date());
  const { db, admin } = deps;
  const result: PaymentsImportResult = { status: "unknown", mode: "none", payouts: 0, balanceTransactions: 0, rejected: 0, ordersMarked: 0 };
  const startedAt = now();

  const scopes = await admin<ScopesAnswer>(PAYMENTS_SCOPES_QUERY);
  if (!canReadPayments(scopes.currentAppInstallation.accessScopes.map((s) => s.handle))) {
    await recordPaymentsAccount(db, shop, "no_access", startedAt);
    return { ...result, status: "no_access" };
  }
  const account = parsePaymentsAccount((await admin<AccountAnswer>(PAYMENTS_ACCOUNT_QUERY)).shopifyPaymentsAccount);
  if (!account.ok) throw new Error(`Shopify Payments account of ${shop} not understood: ${summariseIssues(account.errors)}`);
  if (account.value === null) {
    await recordPaymentsAccount(db, shop, "not_used", startedAt);
    return { ...result, status: "not_used" };
  }
  const checkpoint = opts.full ? null : await paymentsCheckpoint(db, shop);
  await recordPaymentsAccount(db, shop, account.value, startedAt);
  const since = checkpoint ? new Date(checkpoint.getTime() - REFRESH_OVERLAP_DAYS * 86_400_000) : null;
  result.status = "active";
  result.mode = since ? "since" : "full";
  const rejected = (what: string) => (id: string | null, problems: string) => {
    result.rejected++;
    logger.warn(`Shopify Payments ${what} rejected`, { shop, id, errors: problems });
  };

  await eachPage<PayoutsAnswer, PayoutRecord>(
    admin,
    PAYOUTS_QUERY,
    since ? issuedSince(since) : null,
    (a) => a.shopifyPaymentsAccount?.payouts ?? null,
    parsePayout,
    async (page) => {
      result.payouts += await writePayouts(db, shop, page, now());
    },
    rejected("payout"),
  );
  await eachPage<BalanceTransactionsAnswer, BalanceTransactionRecord>(
    admin,
    BALANCE_TRANSACTIONS_QUERY,
    since ? processedSince(since) : null,
    (a) => a.shopifyPaymentsAccount?.balanceTransactions ?? null,
    parseBalanceTransaction,
    async (page) => {
      const w = await writeBalanceTransactions(db, shop, page, now());
      result.balanceTransactions += w.written;
      result.ordersMarked += w.ordersMarked;
    },
    rejected("balance transaction"),
  );
  await setPaymentsCheckpoint(db, shop, startedAt);
  logger.info("Shopify Payments imported", { shop, ...result });
  return result;
}
