/**
 * Joins the lines of an orders bulk-operation JSONL file back into one GraphQL-shaped
 * order each, in constant memory, without assuming any line order.
 *
 * With `groupObjects: false` Shopify writes each connection node on its own line
 * with `__parentId` and does not promise that children follow their parent (they
 * may come before it, or after later orders). The assembler keeps a sliding window:
 * - an order is complete for our purposes once `window` further orders have been
 *   read after it; it is then handed out (`takeReady`);
 * - a child whose parent is not in the window is kept as an orphan; if its parent
 *   arrives within `window` orders it is attached, otherwise it is "late" and is
 *   reported (`takeLate`): its order was (or will be) written without it, so sync
 *   fetches that order again on its own after the file.
 * Memory is bounded by the window, whatever the file size. `checkpoint()` gives
 * the first line still needed by anything in memory: a resumed import may skip
 * every line before it.
 *
 * Line kinds (bulk query in bulk-queries.ts): roots are orders; children of an
 * order are line items (ids gid://shopify/LineItem/…) and shipping lines. Refunds
 * are embedded in the order's line without their lines (Shopify refuses a
 * connection inside a list in a bulk query); refund-lines.server.ts fetches those.
 * Children of a refund (parent gid://shopify/Refund/…: refund line items with
 * `subtotalSet`, refund shipping lines with `subtotalAmountSet`) are still joined
 * when a file has them, and only then is the refund given `refundLineItems` and
 * `refundShippingLines`.
 */

type Json = Record<string, unknown>;

interface Pending {
  order: Json | null;
  rootIndex: number;
  firstLine: number;
  lineItems: Json[];
  shippingLines: Json[];
  refundLines: Map<string, { items: Json[]; shipping: Json[] }>;
}

interface Orphan {
  parentId: string;
  parentKind: "order" | "refund";
  children: { obj: Json; line: number }[];
  rootIndexAtArrival: number;
  firstLine: number;
}

export interface LateChild {
  /** The order id, or the refund id when the refund's order was not in memory. */
  parentId: string;
  parentKind: "order" | "refund";
  count: number;
}

const ORDER_PREFIX = "gid://shopify/Order/";
const REFUND_PREFIX = "gid://shopify/Refund/";

export class BulkOrderAssembler {
  private readonly pending = new Map<string, Pending>();
  private readonly refundOwner = new Map<string, string>();
  private readonly orphans = new Map<string, Orphan>();
  private readonly ready: Json[] = [];
  /** The first line each ready order (same index in `ready`) was built from. */
  private readonly readyLines: number[] = [];
  private readonly late: LateChild[] = [];
  private roots = 0;

  constructor(private readonly window = 1000) {}

  /** Feeds one parsed JSONL line; `line` is its 0-based number in the file. */
  push(obj: Json, line: number): void {
    const parentId = obj.__parentId;
    if (typeof parentId !== "string") {
      this.pushOrder(obj, line);
    } else if (parentId.startsWith(REFUND_PREFIX)) {
      const owner = this.refundOwner.get(parentId);
      const p = owner === undefined ? undefined : this.pending.get(owner);
      if (p) this.attachRefundChild(p, parentId, obj, line);
      else this.orphan(parentId, "refund", obj, line);
    } else {
      const p = this.pending.get(parentId);
      if (p && p.order !== null) this.attachOrderChild(p, obj, line);
      else this.orphan(parentId, parentId.startsWith(ORDER_PREFIX) ? "order" : "order", obj, line);
    }
    this.age();
  }

  /** Orders complete enough to write (in arrival order), removed from memory. */
  takeReady(): Json[] {
    this.readyLines.length = 0;
    return this.ready.splice(0, this.ready.length);
  }

  /** Same as takeReady, with the first line each order was built from (a checkpoint must not pass an order not written yet). */
  takeReadyEntries(): { order: Json; firstLine: number }[] {
    const lines = this.readyLines.splice(0, this.readyLines.length);
    return this.ready.splice(0, this.ready.length).map((order, i) => ({ order, firstLine: lines[i]! }));
  }

  /** Children whose parent was not in the window, removed from memory. */
  takeLate(): LateChild[] {
    return this.late.splice(0, this.late.length);
  }

  /** End of a complete file: every order still in memory is ready; orphans are late. */
  finish(): void {
    for (const [id, p] of this.pending) this.release(id, p);
    for (const o of this.orphans.values()) this.late.push({ parentId: o.parentId, parentKind: o.parentKind, count: o.children.length });
    this.orphans.clear();
  }

  /** The first line any order or orphan in memory came from (or `next` when none). */
  checkpoint(next: number): number {
    let min = next;
    for (const p of this.pending.values()) if (p.firstLine < min) min = p.firstLine;
    for (const o of this.orphans.values()) if (o.firstLine < min) min = o.firstLine;
    return min;
  }

  /** Orders and orphans held (for tests and memory reporting). */
  get held(): number {
    return this.pending.size + this.orphans.size;
  }

  private pushOrder(obj: Json, line: number): void {
    const id = String(obj.id);
    const p: Pending = { order: obj, rootIndex: this.roots++, firstLine: line, lineItems: [], shippingLines: [], refundLines: new Map() };
    this.pending.set(id, p);
    const adopted = this.orphans.get(id);
    if (adopted) {
      this.orphans.delete(id);
      p.firstLine = Math.min(p.firstLine, adopted.firstLine);
      for (const c of adopted.children) this.attachOrderChild(p, c.obj, c.line);
    }
    const refunds = Array.isArray(obj.refunds) ? (obj.refunds as Json[]) : [];
    for (const r of refunds) {
      if (typeof r.id !== "string") continue;
      this.refundOwner.set(r.id, id);
      const o = this.orphans.get(r.id);
      if (o) {
        this.orphans.delete(r.id);
        p.firstLine = Math.min(p.firstLine, o.firstLine);
        for (const c of o.children) this.attachRefundChild(p, r.id, c.obj, c.line);
      }
    }
  }

  private attachOrderChild(p: Pending, obj: Json, line: number): void {
    p.firstLine = Math.min(p.firstLine, line);
    const id = typeof obj.id === "string" ? obj.id : "";
    if (id.startsWith("gid://shopify/LineItem/") || "originalUnitPriceSet" in obj) p.lineItems.push(obj);
    else p.shippingLines.push(obj);
  }

  private attachRefundChild(p: Pending, refundId: string, obj: Json, line: number): void {
    p.firstLine = Math.min(p.firstLine, line);
    let r = p.refundLines.get(refundId);
    if (!r) {
      r = { items: [], shipping: [] };
      p.refundLines.set(refundId, r);
    }
    if ("subtotalAmountSet" in obj) r.shipping.push(obj);
    else r.items.push(obj);
  }

  private orphan(parentId: string, parentKind: "order" | "refund", obj: Json, line: number): void {
    let o = this.orphans.get(parentId);
    if (!o) {
      o = { parentId, parentKind, children: [], rootIndexAtArrival: this.roots, firstLine: line };
      this.orphans.set(parentId, o);
    }
    o.children.push({ obj, line });
  }

  private age(): void {
    // Maps iterate in insertion order, so the oldest entries come first.
    for (const [id, p] of this.pending) {
      if (this.roots - p.rootIndex <= this.window) break;
      this.release(id, p);
    }
    for (const [id, o] of this.orphans) {
      if (this.roots - o.rootIndexAtArrival <= this.window) break;
      this.orphans.delete(id);
      this.late.push({ parentId: o.parentId, parentKind: o.parentKind, count: o.children.length });
    }
  }

  private release(id: string, p: Pending): void {
    this.pending.delete(id);
    const order = p.order!;
    const refunds = Array.isArray(order.refunds) ? (order.refunds as Json[]) : [];
    for (const r of refunds) if (typeof r.id === "string") this.refundOwner.delete(r.id);
    this.readyLines.push(p.firstLine);
    this.ready.push({
      ...order,
      // Lines come in any order: put them back in Shopify's (creation, i.e. id) order.
      // `__parentId` stays on the children: the order parser reads only the fields it knows.
      lineItems: { nodes: p.lineItems.sort(byId) },
      shippingLines: { nodes: p.shippingLines.sort(byId) },
      refunds: refunds.map((r) => {
        const kids = typeof r.id === "string" ? p.refundLines.get(r.id) : undefined;
        if (!kids) return r;
        return {
          ...r,
          refundLineItems: { nodes: kids.items.sort(byLineItem) },
          refundShippingLines: { nodes: kids.shipping.sort(byShippingLine) },
        };
      }),
    });
  }
}

/** Numeric order of GIDs ("…/LineItem/9" before "…/LineItem/10"). */
function gidCompare(a: unknown, b: unknown): number {
  const x = typeof a === "string" ? a : "";
  const y = typeof b === "string" ? b : "";
  return x.length - y.length || (x < y ? -1 : x > y ? 1 : 0);
}
const byId = (a: Json, b: Json) => gidCompare(a.id, b.id);
const refId = (o: Json, key: string) => (typeof o[key] === "object" && o[key] !== null ? (o[key] as Json).id : undefined);
const byLineItem = (a: Json, b: Json) => gidCompare(refId(a, "lineItem"), refId(b, "lineItem"));
const byShippingLine = (a: Json, b: Json) => gidCompare(refId(a, "shippingLine"), refId(b, "shippingLine"));

