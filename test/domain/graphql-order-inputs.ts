/**
 * Inputs for the GraphQL order adapter's tests and benchmark:
 * - `simulatedGraphqlOrders`: every order of a generated store as the app reads it,
 *   through the app's ORDER_SYNC_QUERY (refunds with their lines, gift cards, POS
 *   sales, tax-included or added shops), executed in-process with graphql-js over the
 *   simulator's resolvers as its server does, without HTTP;
 * - `asEdges`: the same order with its connections as edges;
 * - `brokenVariants`: the order with one field or rule broken at a time.
 */
import { executeSync, GraphQLError, isNonNullType, parse, responsePathAsArray, type GraphQLFieldResolver, type GraphQLTypeResolver } from "graphql";

import { ORDER_SYNC_QUERY } from "~/shopify/graphql/OrderSyncQuery";
import type { GeneratorOptions } from "../simulator/generator";
import { RESOLVERS, typenameOf, type ResolverContext } from "../simulator/resolvers";
import { loadAdminSchema } from "../simulator/schema";
import { Store } from "../simulator/store";

const fieldResolver: GraphQLFieldResolver<unknown, ResolverContext> = (source, args, ctx, info) => {
  const r = RESOLVERS[info.parentType.name]?.[info.fieldName];
  ctx.path = responsePathAsArray(info.path);
  if (r) return r(source, args, ctx);
  const v = (source as Record<string, unknown> | null)?.[info.fieldName];
  if (v !== undefined) return v;
  if (isNonNullType(info.returnType)) throw new GraphQLError(`the simulator does not implement ${info.parentType.name}.${info.fieldName}`);
  return null;
};
const typeResolver: GraphQLTypeResolver<unknown, ResolverContext> = (value) => typenameOf(value);

/** Each order of the generated store as `{ data: { order } }`, the response ORDER_SYNC_QUERY gets. */
export function* simulatedGraphqlOrders(opts: GeneratorOptions): Generator<{ id: string; raw: unknown }> {
  const schema = loadAdminSchema();
  const document = parse(ORDER_SYNC_QUERY);
  const store = Store.generate(opts);
  const nowMs = Date.parse(opts.now ?? "2026-10-15T12:00:00Z");
  for (const o of store.orders) {
    const ctx: ResolverContext = { store, nowMs, bulk: false, searchWarnings: [] };
    const result = executeSync({ schema, document, contextValue: ctx, variableValues: { id: o.id }, fieldResolver, typeResolver });
    if (result.errors?.length) throw new Error(`order ${o.id}: ${result.errors.map((e) => e.message).join("; ")}`);
    // As a response body reads: plain JSON (graphql-js builds null-prototype objects).
    yield { id: o.id, raw: JSON.parse(JSON.stringify({ data: result.data })) as unknown };
  }
}

type Json = unknown;

/** The same order with every connection as `{ edges: [{ node }] }` instead of `{ nodes }`. */
export function asEdges(raw: Json): Json {
  if (Array.isArray(raw)) return raw.map(asEdges);
  if (typeof raw !== "object" || raw === null) return raw;
  const out: Record<string, Json> = {};
  for (const [k, v] of Object.entries(raw)) {
    if (k === "nodes" && Array.isArray(v)) out.edges = v.map((node) => ({ node: asEdges(node) }));
    else out[k] = asEdges(v);
  }
  return out;
}

/** Values that break a field of the given value's kind (wrong type, out of range, badly formed). */
function breakersFor(key: string, value: Json): Json[] {
  const common: Json[] = [null, undefined];
  if (typeof value === "string") {
    const more: Json[] = [42, "", "x"];
    if (key === "amount") more.push("-1.00", "1.234567", "1e3", " 2.00", "12,50");
    if (key === "currencyCode") more.push("XYZ", value === "EUR" ? "USD" : "EUR", "eur");
    if (/At$/.test(key)) more.push("2026-13-45T00:00:00Z", "2026-11-03", "yesterday");
    if (key === "countryCodeV2" || key === "shippingCountryCode") more.push("FRA", "F1");
    if (key === "unit") more.push("STONES");
    return [...common, ...more];
  }
  if (typeof value === "number") return [...common, "1", -1, 0.5, 1e20, Number.NaN, Number.POSITIVE_INFINITY, 0];
  if (typeof value === "boolean") return [...common, "true", 1, !value];
  if (Array.isArray(value)) return [...common, {}, "x", [], [null], [42]];
  return [...common, "x", [], {}];
}

function cloneWith(root: Json, path: readonly (string | number)[], value: Json): Json {
  if (path.length === 0) return value;
  const [head, ...rest] = path;
  if (Array.isArray(root)) return root.map((x, i) => (i === head ? cloneWith(x, rest, value) : x));
  const obj = root as Record<string, Json>;
  const out: Record<string, Json> = { ...obj };
  if (rest.length === 0 && value === undefined) delete out[head as string];
  else out[head as string] = cloneWith(obj[head as string], rest, value);
  return out;
}

/**
 * Variants of a valid raw order, each with one field broken (removed, null, of
 * another type, out of range, badly formed) or a cross-field rule broken (more kept
 * than sold, a shipping line without a price, a refund of a line not in the order).
 * Some stay valid (an optional field removed): they count as inputs too.
 */
export function* brokenVariants(raw: Json): Generator<{ what: string; raw: Json }> {
  function* walk(node: Json, path: (string | number)[]): Generator<{ what: string; raw: Json }> {
    if (path.length > 0) {
      const key = String(path[path.length - 1]);
      for (const v of breakersFor(key, node)) yield { what: `${path.join(".")} = ${JSON.stringify(v) ?? "undefined"}`, raw: cloneWith(raw, path, v) };
    }
    if (Array.isArray(node)) for (let i = 0; i < node.length; i++) yield* walk(node[i], [...path, i]);
    else if (typeof node === "object" && node !== null) for (const [k, v] of Object.entries(node)) yield* walk(v, [...path, k]);
  }
  yield* walk(raw, []);
  // Cross-field rules.
  const order = (raw as { data: { order: Record<string, Json> } }).data.order;
  const lines = (order.lineItems as { nodes: Record<string, Json>[] }).nodes;
  for (let i = 0; i < lines.length; i++) {
    const base = ["data", "order", "lineItems", "nodes", i];
    yield { what: `line ${i}: currentQuantity > quantity`, raw: cloneWith(raw, [...base, "currentQuantity"], (lines[i]!.quantity as number) + 1) };
    yield { what: `line ${i}: no units sold`, raw: cloneWith(cloneWith(raw, [...base, "quantity"], 0), [...base, "currentQuantity"], 0) };
  }
  const shipping = (order.shippingLines as { nodes: Record<string, Json>[] } | undefined)?.nodes ?? [];
  for (let i = 0; i < shipping.length; i++) {
    const base = ["data", "order", "shippingLines", "nodes", i];
    yield { what: `shipping line ${i}: no price at all`, raw: cloneWith(cloneWith(raw, [...base, "originalPriceSet"], undefined), [...base, "discountedPriceSet"], undefined) };
  }
  yield { what: "no line items", raw: cloneWith(raw, ["data", "order", "lineItems", "nodes"], []) };
  yield { what: "lineItems neither nodes nor edges", raw: cloneWith(raw, ["data", "order", "lineItems"], {}) };
  // Both forms of a connection at once: the schema checks both.
  yield { what: "lineItems with edges too", raw: cloneWith(raw, ["data", "order", "lineItems", "edges"], (asEdges(order.lineItems) as { edges: Json }).edges) };
  yield { what: "lineItems with broken edges too", raw: cloneWith(raw, ["data", "order", "lineItems", "edges"], [{ node: {} }]) };
  // The bare order and `{ order }` instead of a response.
  yield { what: "bare order", raw: order };
  yield { what: "{ order }", raw: { order } };
}
