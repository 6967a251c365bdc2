/**
 * Reconciliation: the periodic catch-up that makes a dropped webhook harmless.
 * Lists the orders updated since the shop's checkpoint (`sortKey: UPDATED_AT`
 * with an `updated_at` filter, oldest change first), fetches each one that is
 * missing or older in the database, stores it, then moves the checkpoint to the
 * newest `updatedAt` seen (minus a small overlap: Shopify's search index lags
 * writes by a few seconds). Orders the webhooks already brought are only listed,
 * not fetched again. Also fetches the orders queued for a one-by-one fetch.
 */
import type { PrismaClient } from "@prisma/client";

import { ORDERS_UPDATED_SINCE_QUERY } from "~/shopify/graphql/OrdersUpdatedSinceQuery";
import { logger } from "~/logger.server";
import type { AdminGraphql } from "~/shopify/admin-client.server";
import { processRefetches } from "./order-import.server";
import type { SqlDb } from "~/store/sql.server";
import { updateSyncState } from "~/store/sync-state.server";

const OVERLAP_MS = 60_000;

export interface ReconcileDeps {
  db: PrismaClient;
  sql: SqlDb;
  admin: AdminGraphql;
  now?: () => Date;
}

export interface ReconcileResult {
  listed: number;
  fetched: number;
  cursor: string | null;
}

interface Page {
  orders: { pageInfo: { hasNextPage: boolean; endCursor: string | null }; nodes: { id: string; updatedAt: string }[] };
}

export async function reconcileShop(deps: ReconcileDeps, shop: string): Promise<ReconcileResult> {
  const { db } = deps;
  const now = deps.now ?? (() => new Date());
  const state = await db.syncState.findUnique({ where: { shop } });
  if (!state?.reconcileCursor) {
    // Nothing to reconcile against before the first backfill.
    return { listed: 0, fetched: 0, cursor: null };
  }
  const since = state.reconcileCursor;
  const search = `updated_at:>'${since.toISOString()}'`;
  let after: string | null = null;
  let listed = 0;
  let newest = since.getTime();
  const toFetch: string[] = [];
  do {
    const page: Page = await deps.admin<Page>(ORDERS_UPDATED_SINCE_QUERY, { query: search, after });
    const ids = page.orders.nodes.map((n) => n.id);
    const stored = await db.order.findMany({ where: { shop, id: { in: ids } }, select: { id: true, shopifyUpdatedAt: true, transactionsKnown: true } });
    const byId = new Map(stored.map((s) => [s.id, s]));
    for (const n of page.orders.nodes) {
      listed++;
      const t = Date.parse(n.updatedAt);
      if (t > newest) newest = t;
      const s = byId.get(n.id);
      if (!s || s.shopifyUpdatedAt.getTime() < t || !s.transactionsKnown) toFetch.push(n.id);
    }
    after = page.orders.pageInfo.hasNextPage ? page.orders.pageInfo.endCursor : null;
  } while (after);

  for (const orderId of toFetch) {
    await db.orderRefetch.upsert({ where: { shop_orderId: { shop, orderId } }, create: { shop, orderId, reason: "reconcile", createdAt: now() }, update: {} });
  }
  const fetched = await processRefetches(db, deps.sql, deps.admin, shop, now);
  const cursor = new Date(Math.max(since.getTime(), newest - OVERLAP_MS));
  await updateSyncState(db, shop, { lastReconcileAt: now(), reconcileCursor: cursor });
  if (fetched > 0) logger.info("reconciliation fetched orders", { shop, listed, fetched });
  return { listed, fetched, cursor: cursor.toISOString() };
}
