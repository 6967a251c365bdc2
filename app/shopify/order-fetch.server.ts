/**
 * Fetches one order through the Admin API and parses it into the OrderRecord sync
 * stores (`parseGraphqlOrderRecord`). Null when Shopify has no such order (deleted).
 *
 * ORDER_SYNC_QUERY reads the first page of everything; a page that may have more is
 * completed with the follow-up queries (see app/shopify/graphql/OrderSyncQuery.ts), so no
 * line, shipping line, transaction, refund or refunded line is left out:
 * - connections (lineItems, shippingLines, a refund's refundLineItems and
 *   refundShippingLines) are followed by their cursors;
 * - plain lists (transactions, refunds) that came back full are asked for again
 *   with a larger size; a list that is still full gets a warning.
 * Every follow-up reads the order's `updatedAt`: when the order changed between two
 * requests the pages may not fit together, so the fetch starts again (up to
 * MAX_ATTEMPTS times; after that the record is returned with a warning, and the
 * change's own webhook brings the newer state).
 */
import { parseGraphqlOrderRecord, type GraphqlOrderRecordResult } from "~/domain/graphql-order";
import { unstorableAmounts } from "~/domain/storable";
import type { Issue } from "~/domain/validation";
import type { AdminGraphql } from "./admin-client.server";
import { ORDER_LINES_PAGE_QUERY } from "./graphql/OrderLinesPageQuery";
import { ORDER_REFUND_IDS_PAGE_QUERY, ORDER_REFUND_IDS_PAGE_SIZE } from "./graphql/OrderRefundIdsPageQuery";
import { ORDER_REFUND_PAGE_QUERY } from "./graphql/OrderRefundPageQuery";
import { ORDER_SHIPPING_LINES_PAGE_QUERY } from "./graphql/OrderShippingLinesPageQuery";
import { ORDER_SYNC_FIRST, ORDER_SYNC_QUERY } from "./graphql/OrderSyncQuery";
import { ORDER_TRANSACTIONS_PAGE_QUERY, ORDER_TRANSACTIONS_PAGE_SIZE } from "./graphql/OrderTransactionsPageQuery";

const MAX_ATTEMPTS = 3;

interface PageInfo {
  hasNextPage: boolean;
  endCursor: string | null;
}
interface Page {
  pageInfo?: PageInfo;
  nodes: unknown[];
}
interface RefundData {
  id: string;
  refundLineItems: Page;
  refundShippingLines: Page;
  [field: string]: unknown;
}
interface OrderData {
  updatedAt: string;
  lineItems: Page;
  shippingLines: Page;
  transactions: unknown[];
  refunds: RefundData[];
  [field: string]: unknown;
}

/** The order changed (or vanished) between two requests of one fetch. */
class OrderMoved extends Error {}

const more = (p: Page) => p.pageInfo?.hasNextPage === true && typeof p.pageInfo.endCursor === "string";

/**
 * Runs ORDER_SYNC_QUERY for `orderId` (a gid) and the follow-up pages it needs, then
 * parses the assembled order. `request` returns a response's `data` and throws on
 * GraphQL errors (AdminClient.request).
 */
export async function fetchOrderRecord(request: AdminGraphql, orderId: string): Promise<GraphqlOrderRecordResult | null> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fetchOnce(request, orderId, attempt === MAX_ATTEMPTS);
    } catch (error) {
      if (!(error instanceof OrderMoved) || attempt === MAX_ATTEMPTS) throw error;
    }
  }
}

async function fetchOnce(request: AdminGraphql, orderId: string, lastAttempt: boolean): Promise<GraphqlOrderRecordResult | null> {
  const first = await request<{ order: OrderData | null }>(ORDER_SYNC_QUERY, { id: orderId });
  const order = first.order;
  if (!order) return null;
  const warnings: Issue[] = [];
  let changed = false;
  /** Checks that a follow-up saw the same version of the order. */
  const same = (o: { updatedAt: string } | null | undefined) => {
    if (o && o.updatedAt === order.updatedAt) return;
    if (!lastAttempt) throw new OrderMoved();
    changed = true;
  };

  // Line items and shipping lines: follow the cursors.
  const lines = [...order.lineItems.nodes];
  for (let page = order.lineItems; more(page); ) {
    const next = await request<{ order: { updatedAt: string; lineItems: Page } | null }>(ORDER_LINES_PAGE_QUERY, { id: orderId, after: page.pageInfo!.endCursor });
    same(next.order);
    if (!next.order) break;
    page = next.order.lineItems;
    lines.push(...page.nodes);
  }
  const shipping = [...order.shippingLines.nodes];
  for (let page = order.shippingLines; more(page); ) {
    const next = await request<{ order: { updatedAt: string; shippingLines: Page } | null }>(ORDER_SHIPPING_LINES_PAGE_QUERY, { id: orderId, after: page.pageInfo!.endCursor });
    same(next.order);
    if (!next.order) break;
    page = next.order.shippingLines;
    shipping.push(...page.nodes);
  }

  // Transactions: a plain list; a full one is read again, larger.
  let transactions = order.transactions;
  if (transactions.length >= ORDER_SYNC_FIRST.transactions) {
    const again = await request<{ order: { updatedAt: string; transactions: unknown[] } | null }>(ORDER_TRANSACTIONS_PAGE_QUERY, { id: orderId });
    same(again.order);
    if (again.order) transactions = again.order.transactions;
    if (transactions.length >= ORDER_TRANSACTIONS_PAGE_SIZE) {
      warnings.push({ path: "transactions", message: `the order has ${ORDER_TRANSACTIONS_PAGE_SIZE} or more transactions; only the first ${ORDER_TRANSACTIONS_PAGE_SIZE} are read` });
    }
  }

  // Refunds: a plain list; a full one is listed again by id, and the refunds not
  // read yet are fetched one by one.
  let refunds: RefundData[] = order.refunds;
  if (refunds.length >= ORDER_SYNC_FIRST.refunds) {
    const ids = await request<{ order: { updatedAt: string; refunds: { id: string }[] } | null }>(ORDER_REFUND_IDS_PAGE_QUERY, { id: orderId });
    same(ids.order);
    const known = new Map(refunds.map((r) => [r.id, r]));
    const all: RefundData[] = [];
    for (const { id } of ids.order?.refunds ?? []) {
      const r = known.get(id) ?? (await fetchRefund(request, id, orderId, same));
      if (r) all.push(r);
    }
    if (ids.order) refunds = all;
    if ((ids.order?.refunds.length ?? 0) >= ORDER_REFUND_IDS_PAGE_SIZE) {
      warnings.push({ path: "refunds", message: `the order has ${ORDER_REFUND_IDS_PAGE_SIZE} or more refunds; only the first ${ORDER_REFUND_IDS_PAGE_SIZE} are read` });
    }
  }
  // Each refund's further pages of refunded lines and shipping lines.
  // (One request at a time: the client paces them against the cost bucket.)
  const complete: RefundData[] = [];
  for (const r of refunds) complete.push(await completeRefund(request, r, orderId, same));
  refunds = complete;

  if (changed) warnings.push({ path: "updatedAt", message: `the order changed while it was fetched (${MAX_ATTEMPTS} attempts); its pages may not fit together` });
  const parsed = parseGraphqlOrderRecord({
    ...order,
    lineItems: { nodes: lines },
    shippingLines: { nodes: shipping },
    transactions,
    refunds: refunds.map((r) => ({ ...r, refundLineItems: { nodes: r.refundLineItems.nodes }, refundShippingLines: { nodes: r.refundShippingLines.nodes } })),
  });
  if (!parsed.ok) return parsed;
  // An amount storage cannot hold would fail (PostgreSQL) or corrupt (SQLite) the write.
  const unstorable = unstorableAmounts(parsed.record.order);
  if (unstorable.length > 0) return { ok: false, errors: unstorable };
  return warnings.length > 0 ? { ...parsed, warnings: [...warnings, ...parsed.warnings] } : parsed;
}

type RefundPage = { refund: (RefundData & { order: { id: string; updatedAt: string } }) | null };

async function fetchRefund(request: AdminGraphql, id: string, orderId: string, same: (o: { updatedAt: string } | null) => void): Promise<RefundData | null> {
  const data = await request<RefundPage>(ORDER_REFUND_PAGE_QUERY, { id, linesAfter: null, shippingAfter: null });
  if (!data.refund || data.refund.order.id !== orderId) {
    same(null);
    return null;
  }
  same(data.refund.order);
  const { order: _order, ...refund } = data.refund;
  return completeRefund(request, refund, orderId, same);
}

/** Follows a refund's two connections to their ends (each after its own cursor). */
async function completeRefund(request: AdminGraphql, refund: RefundData, orderId: string, same: (o: { updatedAt: string } | null) => void): Promise<RefundData> {
  let lines = refund.refundLineItems;
  let shipping = refund.refundShippingLines;
  if (!more(lines) && !more(shipping)) return refund;
  const lineNodes = [...lines.nodes];
  const shippingNodes = [...shipping.nodes];
  while (more(lines) || more(shipping)) {
    const wantLines = more(lines);
    const wantShipping = more(shipping);
    const data = await request<RefundPage>(ORDER_REFUND_PAGE_QUERY, {
      id: refund.id,
      // A finished connection continues after its last cursor (an empty page).
      linesAfter: lines.pageInfo?.endCursor ?? null,
      shippingAfter: shipping.pageInfo?.endCursor ?? null,
    });
    if (!data.refund || data.refund.order.id !== orderId) {
      same(null);
      break;
    }
    same(data.refund.order);
    if (wantLines) {
      lines = data.refund.refundLineItems;
      lineNodes.push(...lines.nodes);
    }
    if (wantShipping) {
      shipping = data.refund.refundShippingLines;
      shippingNodes.push(...shipping.nodes);
    }
  }
  return { ...refund, refundLineItems: { nodes: lineNodes }, refundShippingLines: { nodes: shippingNodes } };
}
