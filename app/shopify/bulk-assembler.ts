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

/** What the window needs of one JSONL line: its id, its parent's, and (an order's) its refunds' ids. */
export interface LineHead {
  id: string;
  parentId: string | null;
  /** An order's refund ids (children of a refund are joined through them); empty for children. */
  refundIds: readonly string[];
}

/**
 * One order's lines as they were joined, not yet merged: the order's own line and
 * its children's, each as given to `push` (parsed objects or raw JSON text).
 * `composeOrder` merges parsed parts into the GraphQL-shaped order.
 */
export interface OrderParts<P> {
  /** The order's id. */
  id: string;
  order: P;
  /** Line items and shipping lines, in arrival order. */
  children: P[];
  /** Refund line items and refund shipping lines by refund id, in arrival order. */
  refundChildren: Map<string, P[]> | null;
  /** The first line the order was built from (a checkpoint must not pass an order not written yet). */
  firstLine: number;
}

interface Pending<P> {
  parts: OrderParts<P>;
  rootIndex: number;
  refundIds: readonly string[];
}

interface Orphan<P> {
  parentId: string;
  parentKind: "order" | "refund";
  children: { payload: P; line: number }[];
  rootIndexAtArrival: number;
  firstLine: number;
}

export interface LateChild {
  /** The order id, or the refund id when the refund's order was not in memory. */
  parentId: string;
  parentKind: "order" | "refund";
  count: number;
}

const REFUND_PREFIX = "gid://shopify/Refund/";

/**
 * The sliding window over any payload: an order and its children are joined by
 * their heads, the payloads are carried along untouched. The backfill gives it
 * raw line texts (each order's lines are parsed once it is complete,
 * app/sync/order-import.server.ts); `BulkOrderAssembler` gives it parsed objects.
 */
export class BulkWindow<P> {
  private readonly pending = new Map<string, Pending<P>>();
  private readonly refundOwner = new Map<string, string>();
  private readonly orphans = new Map<string, Orphan<P>>();
  private ready: OrderParts<P>[] = [];
  private readonly late: LateChild[] = [];
  private roots = 0;

  constructor(private readonly window = 1000) {}

  /** Feeds one JSONL line; `line` is its 0-based number in the file. */
  push(head: LineHead, payload: P, line: number): void {
    const parentId = head.parentId;
    if (parentId === null) {
      this.pushOrder(head, payload, line);
      // Only a new order moves the window on (children leave every age unchanged).
      this.age();
    } else if (parentId.startsWith(REFUND_PREFIX)) {
      const owner = this.refundOwner.get(parentId);
      const p = owner === undefined ? undefined : this.pending.get(owner);
      if (p) attachRefundChild(p.parts, parentId, payload, line);
      else this.orphan(parentId, "refund", payload, line);
    } else {
      const p = this.pending.get(parentId);
      if (p) attach(p.parts, payload, line);
      else this.orphan(parentId, "order", payload, line);
    }
  }

  /** Orders complete enough to write (in arrival order), removed from memory. */
  takeReady(): OrderParts<P>[] {
    const out = this.ready;
    this.ready = [];
    return out;
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
    for (const p of this.pending.values()) if (p.parts.firstLine < min) min = p.parts.firstLine;
    for (const o of this.orphans.values()) if (o.firstLine < min) min = o.firstLine;
    return min;
  }

  /** Orders and orphans held (for tests and memory reporting). */
  get held(): number {
    return this.pending.size + this.orphans.size;
  }

  private pushOrder(head: LineHead, payload: P, line: number): void {
    const id = head.id;
    const p: Pending<P> = { parts: { id, order: payload, children: [], refundChildren: null, firstLine: line }, rootIndex: this.roots++, refundIds: head.refundIds };
    this.pending.set(id, p);
    const adopted = this.orphans.get(id);
    if (adopted) {
      this.orphans.delete(id);
      p.parts.firstLine = Math.min(p.parts.firstLine, adopted.firstLine);
      for (const c of adopted.children) attach(p.parts, c.payload, c.line);
    }
    for (const r of head.refundIds) {
      this.refundOwner.set(r, id);
      const o = this.orphans.get(r);
      if (o) {
        this.orphans.delete(r);
        p.parts.firstLine = Math.min(p.parts.firstLine, o.firstLine);
        for (const c of o.children) attachRefundChild(p.parts, r, c.payload, c.line);
      }
    }
  }

  private orphan(parentId: string, parentKind: "order" | "refund", payload: P, line: number): void {
    let o = this.orphans.get(parentId);
    if (!o) {
      o = { parentId, parentKind, children: [], rootIndexAtArrival: this.roots, firstLine: line };
      this.orphans.set(parentId, o);
    }
    o.children.push({ payload, line });
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

  private release(id: string, p: Pending<P>): void {
    this.pending.delete(id);
    for (const r of p.refundIds) this.refundOwner.delete(r);
    this.ready.push(p.parts);
  }
}

function attach<P>(parts: OrderParts<P>, payload: P, line: number): void {
  parts.firstLine = Math.min(parts.firstLine, line);
  parts.children.push(payload);
}

function attachRefundChild<P>(parts: OrderParts<P>, refundId: string, payload: P, line: number): void {
  parts.firstLine = Math.min(parts.firstLine, line);
  parts.refundChildren ??= new Map();
  const list = parts.refundChildren.get(refundId);
  if (list) list.push(payload);
  else parts.refundChildren.set(refundId, [payload]);
}

/** The head of a parsed line. */
export function headOfObject(obj: Json): LineHead {
  const parentId = typeof obj.__parentId === "string" ? obj.__parentId : null;
  const refunds = parentId === null && Array.isArray(obj.refunds) ? (obj.refunds as Json[]) : [];
  const refundIds: string[] = [];
  for (const r of refunds) if (typeof r?.id === "string") refundIds.push(r.id);
  return { id: String(obj.id), parentId, refundIds };
}

const ID_START = '{"id":"';
const PARENT_KEY = ',"__parentId":"';
// Not after a backslash: an escaped quote is text inside a string, not a string of its own.
// Shopify writes the slashes escaped (`gid:\/\/shopify\/Refund\/1`); both forms are read.
const REFUND_GID = /(?<!\\)"(gid:\\?\/\\?\/shopify\\?\/Refund\\?\/[0-9]+)"/g;

/** A GID as written in the line, unescaped: only `\/` is expected in one; anything else → null (parse the line instead). */
function gidOf(raw: string): string | null {
  if (!raw.includes("\\")) return raw;
  const gid = raw.replaceAll("\\/", "/");
  return gid.includes("\\") ? null : gid;
}

/**
 * The head of a raw JSONL line without parsing it, or null when the line does not
 * have the shape Shopify writes (then parse it: `headOfObject`). Safe on any text
 * because a JSON string escapes every `"` inside it: an unescaped `"__parentId":"`
 * can only be a key, and ending the line (`"}`) only the top-level one, which
 * Shopify writes last; `{"id":"` opening the line can only be the top-level id,
 * which comes first because a GraphQL response keeps the selection's order and
 * every node of the bulk queries selects `id` first (bulk-queries.ts). Shopify's
 * files escape the slashes of GIDs (`"gid:\/\/shopify\/Order\/1"`).
 * Sources: shopify.dev, "Perform bulk operations with the GraphQL Admin API"
 * (JSONL output, `__parentId`); bulk files published on GitHub (escaped slashes);
 * test/simulator/bulk.ts writes the same.
 */
export function headOfText(text: string): LineHead | null {
  if (!text.startsWith(ID_START)) return null;
  const idEnd = text.indexOf('"', ID_START.length);
  if (idEnd < 0) return null;
  const id = gidOf(text.slice(ID_START.length, idEnd));
  if (id === null) return null;
  const at = text.lastIndexOf(PARENT_KEY);
  if (at > 0) {
    const from = at + PARENT_KEY.length;
    const end = text.indexOf('"', from);
    if (end === text.length - 2 && text.charCodeAt(text.length - 1) === 125 /* } */) {
      const parentId = gidOf(text.slice(from, end));
      return parentId === null ? null : { id, parentId, refundIds: [] };
    }
  }
  if (text.charCodeAt(text.length - 1) !== 125) return null;
  // An order: its refunds' ids (the only Refund GIDs an order's line holds).
  const refundIds: string[] = [];
  if (text.includes("Refund")) {
    for (const m of text.matchAll(REFUND_GID)) {
      const gid = gidOf(m[1]!);
      if (gid !== null) refundIds.push(gid);
    }
  }
  return { id, parentId: null, refundIds };
}

/**
 * Merges parsed parts into the GraphQL-shaped order, as Shopify's nested response
 * would hold it: line items and shipping lines as connections in Shopify's order
 * (creation, i.e. id order); refunds given `refundLineItems` and
 * `refundShippingLines` only when the file had children for them.
 * `__parentId` stays on the children: the order parser reads only the fields it knows.
 */
export function composeOrder(parts: OrderParts<Json>): Json {
  const order = parts.order;
  const lineItems: Json[] = [];
  const shippingLines: Json[] = [];
  for (const c of parts.children) {
    const id = typeof c.id === "string" ? c.id : "";
    if (id.startsWith("gid://shopify/LineItem/") || "originalUnitPriceSet" in c) lineItems.push(c);
    else shippingLines.push(c);
  }
  const refunds = Array.isArray(order.refunds) ? (order.refunds as Json[]) : [];
  const kidsOf = parts.refundChildren;
  return {
    ...order,
    lineItems: { nodes: lineItems.sort(byId) },
    shippingLines: { nodes: shippingLines.sort(byId) },
    refunds: kidsOf
      ? refunds.map((r) => {
          const kids = typeof r.id === "string" ? kidsOf.get(r.id) : undefined;
          if (!kids) return r;
          const items: Json[] = [];
          const shipping: Json[] = [];
          for (const k of kids) ("subtotalAmountSet" in k ? shipping : items).push(k);
          return { ...r, refundLineItems: { nodes: items.sort(byLineItem) }, refundShippingLines: { nodes: shipping.sort(byShippingLine) } };
        })
      : refunds,
  };
}

/** Parses the raw parts of an order (JSON text each); throws on a line that is not JSON. */
export function parseParts(parts: OrderParts<string>): OrderParts<Json> {
  let refundChildren: Map<string, Json[]> | null = null;
  if (parts.refundChildren) {
    refundChildren = new Map();
    for (const [id, texts] of parts.refundChildren) refundChildren.set(id, texts.map((t) => JSON.parse(t) as Json));
  }
  return {
    id: parts.id,
    order: JSON.parse(parts.order) as Json,
    children: parts.children.map((t) => JSON.parse(t) as Json),
    refundChildren,
    firstLine: parts.firstLine,
  };
}

/** The window over parsed lines, handing out merged orders (tests, benchmarks). */
export class BulkOrderAssembler {
  private readonly window: BulkWindow<Json>;
  constructor(window = 1000) {
    this.window = new BulkWindow<Json>(window);
  }
  push(obj: Json, line: number): void {
    this.window.push(headOfObject(obj), obj, line);
  }
  takeReady(): Json[] {
    return this.window.takeReady().map(composeOrder);
  }
  takeReadyEntries(): { order: Json; firstLine: number }[] {
    return this.window.takeReady().map((p) => ({ order: composeOrder(p), firstLine: p.firstLine }));
  }
  takeLate(): LateChild[] {
    return this.window.takeLate();
  }
  finish(): void {
    this.window.finish();
  }
  checkpoint(next: number): number {
    return this.window.checkpoint(next);
  }
  get held(): number {
    return this.window.held;
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

