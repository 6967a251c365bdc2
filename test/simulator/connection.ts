/**
 * Relay connections as Shopify serves them: keyset pagination over (sort value, id)
 * with opaque base64 cursors shaped like Shopify's ({"last_id":…,"last_value":…}),
 * first/last/after/before, pageInfo, edges and nodes, `reverse`.
 *
 * Keyset (not offset) cursors mean an item that changes its sort value between two
 * page requests moves, exactly as on Shopify: an order updated while an app walks
 * `orders(sortKey: UPDATED_AT)` shows up again on a later page.
 */
import { GraphQLError } from "graphql";
import { parseGid } from "./model";

export const MAX_PAGE_SIZE = 250;

export interface ConnectionArgs {
  first?: number | null;
  last?: number | null;
  after?: string | null;
  before?: string | null;
  reverse?: boolean | null;
}

export type SortValue = string | number | null;

export interface Edge<T> {
  cursor: string;
  node: T;
}

/** An edge whose cursor is only encoded when read (bulk exports never read it). */
class LazyEdge<T> implements Edge<T> {
  private encoded: string | undefined;
  constructor(
    readonly node: T,
    private readonly encode: () => string,
  ) {}
  get cursor(): string {
    return (this.encoded ??= this.encode());
  }
}

export interface Page<T> {
  edges: Edge<T>[];
  nodes: T[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
}

export interface PaginateOptions<T> {
  id: (item: T) => string;
  /** Sort value (null: sort by id only). */
  sortValue?: ((item: T) => SortValue) | null;
  /** false for nested connections inside bulk queries (no first/last needed). */
  requireWindow?: boolean;
  /** Items are already in the wanted order (no sorting); cursors still carry id + position. */
  presorted?: boolean;
}

function numericId(id: string): number | string {
  const p = parseGid(id);
  const n = Number(p?.id);
  return p && Number.isSafeInteger(n) ? n : id;
}

export function encodeCursor(lastId: number | string, lastValue: SortValue): string {
  return Buffer.from(JSON.stringify({ last_id: lastId, last_value: lastValue }), "utf8").toString("base64");
}

export function decodeCursor(cursor: string): { last_id: number | string; last_value: SortValue } {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, "base64").toString("utf8")) as { last_id?: unknown; last_value?: unknown };
    if (parsed && (typeof parsed.last_id === "number" || typeof parsed.last_id === "string")) {
      return { last_id: parsed.last_id, last_value: (parsed.last_value ?? null) as SortValue };
    }
  } catch {
    // fall through
  }
  throw new GraphQLError(`Invalid cursor for current pagination sort.`, { extensions: { code: "BAD_REQUEST" } });
}

function cmpValues(a: SortValue, b: SortValue): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  if (typeof a === "number" && typeof b === "number") return a - b;
  return String(a) < String(b) ? -1 : 1;
}

function cmpIds(a: number | string, b: number | string): number {
  if (typeof a === "number" && typeof b === "number") return a - b;
  return String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0;
}

export function validateWindow(args: ConnectionArgs): void {
  const { first, last } = args;
  if (first == null && last == null) throw new GraphQLError("you must provide one of first or last");
  for (const [name, v] of [["first", first], ["last", last]] as const) {
    if (v != null && v < 0) throw new GraphQLError(`Argument '${name}' on Field must be a positive integer`);
    if (v != null && v > MAX_PAGE_SIZE) throw new GraphQLError(`Requested page size exceeded maximum (${MAX_PAGE_SIZE}). Use a smaller value for \`${name}\`.`, { extensions: { code: "MAX_PAGE_SIZE_EXCEEDED" } });
  }
}

/** Sorts (unless presorted), applies reverse, cursors and the first/last window. */
export function paginate<T>(items: readonly T[], args: ConnectionArgs, opts: PaginateOptions<T>): Page<T> {
  if (opts.requireWindow !== false) validateWindow(args);
  const sortValue = opts.sortValue ?? null;
  type Keyed = { item: T; id: number | string; value: SortValue; pos: number };
  const keyed: Keyed[] = items.map((item, pos) => ({ item, id: numericId(opts.id(item)), value: sortValue ? sortValue(item) : null, pos }));
  const cmp = (a: { id: number | string; value: SortValue; pos?: number }, b: { id: number | string; value: SortValue; pos?: number }) =>
    opts.presorted ? (a.pos ?? 0) - (b.pos ?? 0) : cmpValues(a.value, b.value) || cmpIds(a.id, b.id);
  if (!opts.presorted) keyed.sort(cmp);
  if (args.reverse) keyed.reverse();
  const dir = args.reverse ? -1 : 1;

  const locate = (cursor: string): { id: number | string; value: SortValue; pos?: number } => {
    const c = decodeCursor(cursor);
    if (!opts.presorted) return { id: c.last_id, value: c.last_value };
    const hit = keyed.find((k) => k.id === c.last_id);
    return { id: c.last_id, value: c.last_value, pos: hit ? hit.pos : typeof c.last_value === "number" ? c.last_value : -1 };
  };
  const cursorOf = (k: Keyed) => encodeCursor(k.id, opts.presorted ? k.pos : k.value);

  let start = 0;
  let end = keyed.length;
  if (args.after) {
    const a = locate(args.after);
    while (start < end && dir * cmp(keyed[start]!, a) <= 0) start++;
  }
  if (args.before) {
    const b = locate(args.before);
    while (end > start && dir * cmp(keyed[end - 1]!, b) >= 0) end--;
  }
  let from = start;
  let to = end;
  if (args.first != null) to = Math.min(to, from + args.first);
  if (args.last != null) from = Math.max(from, to - args.last);
  const slice = keyed.slice(from, to);
  const edges: Edge<T>[] = slice.map((k) => new LazyEdge(k.item, () => cursorOf(k)));
  return {
    edges,
    nodes: edges.map((e) => e.node),
    pageInfo: {
      hasNextPage: to < items.length,
      hasPreviousPage: from > 0,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    },
  };
}
