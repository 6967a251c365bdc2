/**
 * The backfill's follow-up for refunded orders: the refunded lines and refunded
 * shipping lines of their refunds, which the orders bulk query cannot carry
 * (`Order.refunds` is a list; Shopify refuses a bulk query with a connection
 * inside a list field, see bulk-queries.ts).
 *
 * Refunds are asked for by id, REFUND_LINES_FIRST.refunds at a time, with
 * `nodes(ids:)` (app/shopify/graphql/RefundLinesQuery.ts); a refund whose first page of
 * lines or shipping lines is full is completed with OrderRefundPageQuery, each
 * connection after its own cursor. A refund's lines never change once it exists
 * (Shopify has no refund edit), so lines fetched after the bulk snapshot fit the
 * snapshot's order. Requests go one at a time through the Admin client, which paces
 * them against the cost bucket and retries THROTTLED.
 */
import { ORDER_REFUND_PAGE_QUERY } from "./graphql/OrderRefundPageQuery";
import { REFUND_LINES_FIRST, REFUND_LINES_QUERY } from "./graphql/RefundLinesQuery";
import type { AdminGraphql } from "./admin-client.server";

export interface RefundLines {
  refundLineItems: unknown[];
  refundShippingLines: unknown[];
}

export interface RefundLineSizes {
  lines: number;
  shipping: number;
  refunds: number;
}

export interface RefundFetchStats {
  /** Refunds asked for. */
  refunds: number;
  /** NetMarginRefundLines requests (batches). */
  requests: number;
  /** OrderRefundPageQuery requests for refunds with more lines than the first page. */
  pages: number;
}

interface PageInfo {
  hasNextPage: boolean;
  endCursor: string | null;
}
interface Page {
  pageInfo: PageInfo;
  nodes: unknown[];
}
interface RefundNode {
  id: string;
  refundLineItems: Page;
  refundShippingLines: Page;
}

const more = (p: Page) => p.pageInfo.hasNextPage && typeof p.pageInfo.endCursor === "string";

/**
 * The lines of `refunds` (each with the order the bulk file put it under), fetched
 * in batches. A refund Shopify does not return, or returns under another order, maps
 * to null: its order is then fetched again on its own.
 */
export async function fetchRefundLines(
  request: AdminGraphql,
  refunds: readonly { id: string; orderId: string }[],
  stats: RefundFetchStats,
  sizes: RefundLineSizes = REFUND_LINES_FIRST,
): Promise<Map<string, RefundLines | null>> {
  const out = new Map<string, RefundLines | null>();
  for (let i = 0; i < refunds.length; i += sizes.refunds) {
    const batch = refunds.slice(i, i + sizes.refunds);
    stats.refunds += batch.length;
    stats.requests++;
    const data = await request<{ nodes: (RefundNode | Record<string, never> | null)[] }>(REFUND_LINES_QUERY, {
      ids: batch.map((r) => r.id),
      linesFirst: sizes.lines,
      shippingFirst: sizes.shipping,
    });
    const byId = new Map<string, RefundNode>();
    for (const n of data.nodes) if (n && typeof n.id === "string") byId.set(n.id, n as RefundNode);
    for (const r of batch) {
      const node = byId.get(r.id);
      out.set(r.id, node ? await complete(request, node, r.orderId, stats) : null);
    }
  }
  return out;
}

/** Follows a refund's two connections to their ends; null when the refund moved or vanished. */
async function complete(request: AdminGraphql, refund: RefundNode, orderId: string, stats: RefundFetchStats): Promise<RefundLines | null> {
  let lines = refund.refundLineItems;
  let shipping = refund.refundShippingLines;
  const items = [...lines.nodes];
  const ship = [...shipping.nodes];
  while (more(lines) || more(shipping)) {
    const wantLines = more(lines);
    const wantShipping = more(shipping);
    stats.pages++;
    const data = await request<{ refund: { order: { id: string }; refundLineItems: Page; refundShippingLines: Page } | null }>(ORDER_REFUND_PAGE_QUERY, {
      id: refund.id,
      // A finished connection continues after its last cursor (an empty page).
      linesAfter: lines.pageInfo.endCursor,
      shippingAfter: shipping.pageInfo.endCursor,
    });
    if (!data.refund || data.refund.order.id !== orderId) return null;
    if (wantLines) {
      lines = data.refund.refundLineItems;
      items.push(...lines.nodes);
    }
    if (wantShipping) {
      shipping = data.refund.refundShippingLines;
      ship.push(...shipping.nodes);
    }
  }
  return { refundLineItems: items, refundShippingLines: ship };
}
