/**
 * Bulk query operations: validation with Shopify's bulk rules and the JSONL writer.
 *
 * The writer walks the bulk query over the same resolver table the GraphQL server uses
 * (resolvers.ts), so a line holds exactly what a regular query would return for that
 * node. Output follows Shopify's rules for `groupObjects: false`:
 * - one line per connection node; nested connection nodes get their own lines with
 *   `"__parentId"` (the id of the nearest enclosing object that has one), placed last;
 * - plain nested objects and lists are embedded in the parent's line (nested connections
 *   inside them are left out of the embedded object and emitted as lines);
 * - children are NOT guaranteed to follow their parent: the writer deterministically
 *   (from a hash of the ids) holds some parents back until after their children and
 *   delays some children until after later parents;
 * - forward slashes are escaped ("gid:\/\/shopify\/Order\/1"), as in Shopify's files.
 *
 * `writeBulkJsonl` streams straight from an order iterator (the generator) without a
 * Store holding the orders: the 1,000,000-order benchmark file. For the same store it
 * produces byte-identical output to a bulk operation run through the server.
 */
import {
  GraphQLError,
  Kind,
  getArgumentValues,
  getNamedType,
  getNullableType,
  isAbstractType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  parse,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLOutputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from "graphql";
import { validateShopify, type ShopifyError } from "./errors";
import type { CatalogModel, OrderModel } from "./model";
import { mix32 } from "./prng";
import { ORDER_SEARCH, RESOLVERS, typenameOf, type ResolverContext } from "./resolvers";
import { loadAdminSchema } from "./schema";
import { compileSearch } from "./search";
import { Store } from "./store";

/** NetMargin's bulk order export (same as /work/shared/docs/admin-queries/03_bulk_orders_inner.graphql). */
export const ORDERS_BULK_QUERY = `{
  orders(query: "processed_at:>=2025-01-01 AND test:false") {
    edges {
      node {
        id
        name
        processedAt
        updatedAt
        cancelledAt
        test
        displayFinancialStatus
        taxesIncluded
        presentmentCurrencyCode
        currentSubtotalPriceSet { shopMoney { amount currencyCode } }
        currentTotalTaxSet { shopMoney { amount } }
        totalShippingPriceSet { shopMoney { amount } }
        totalRefundedSet { shopMoney { amount } }
        transactions { id kind status gateway amountSet { shopMoney { amount } } fees { type amount { amount currencyCode } taxAmount { amount } } }
        refunds { id processedAt totalRefundedSet { shopMoney { amount } } }
        lineItems {
          edges {
            node {
              id sku quantity currentQuantity requiresShipping
              variant { id }
              product { id }
              originalUnitPriceSet { shopMoney { amount } }
              priceAfterAllDiscountsBeforeTaxesSet { shopMoney { amount } }
              taxLines { rate priceSet { shopMoney { amount } } }
            }
          }
        }
        shippingLines {
          edges { node { id title source carrierIdentifier originalPriceSet { shopMoney { amount } } discountedPriceSet { shopMoney { amount } } } }
        }
      }
    }
  }
}`;

export const MAX_BULK_CONNECTIONS = 5;
export const MAX_BULK_NESTING = 2;

export interface BulkUserError {
  field: string[] | null;
  message: string;
  code: "INVALID" | "LIMIT_REACHED" | "OPERATION_IN_PROGRESS";
}

export interface PreparedBulkQuery {
  query: string;
  document: DocumentNode;
  operation: OperationDefinitionNode;
  fragments: Map<string, FragmentDefinitionNode>;
  rootField: FieldNode;
  rootFieldDef: GraphQLField<unknown, unknown>;
  connections: number;
}

export function isConnectionType(type: GraphQLNamedType): type is GraphQLObjectType {
  if (!isObjectType(type) || !type.name.endsWith("Connection")) return false;
  const f = type.getFields();
  return "pageInfo" in f && ("edges" in f || "nodes" in f);
}

/**
 * Shopify's bulk query rules, each with the message, field and code Shopify's live API
 * returns (API 2026-04 captures; the rules are the same in the 2026-10 docs:
 * shopify.dev/docs/api/usage/bulk-operations/queries, "Operation restrictions").
 * Captures: airhorns/shopify-draft-proxy fixtures/conformance/harry-test-heelo.myshopify.com/2026-04/bulk-operations/
 * (VALIDATORS = bulk-operation-run-query-validators.json, CODES = …-user-error-codes.json,
 * BYTES = bulk-operation-storage-byte-limit.json).
 */
export const BULK_MESSAGES = {
  /** Source: BYTES (cases.query): a 65,536-byte query. */
  tooLarge: (bytes: number) => `Query is too large (${bytes} bytes; maximum is ${MAX_BULK_QUERY_BYTES} bytes)`,
  /** Source: CODES (validations.emptyQuery), query "". */
  unexpectedEnd: "Invalid bulk query: syntax error, unexpected end of file",
  /** Source: VALIDATORS (validations.invalidOperationType). */
  operationType: "Invalid operation type. Only `query` operations are supported.",
  /** Source: VALIDATORS (validations.topLevelNode); the `nodes` wording is inferred from it. */
  topLevel: (field: "node" | "nodes") => `Bulk queries cannot contain a top level \`${field}\` field.`,
  /** Source: VALIDATORS (validations.nodesInsteadOfEdges, validations.ordersNodesInsteadOfEdges); the list separator for several fields is inferred. */
  nodesSelection: (fields: string[]) =>
    `All connection fields in a bulk query must select their contents using 'edges' > 'node', e.g: '${fields[0]} { edges { node {'. Selecting via 'nodes' is not supported. Invalid connection fields: ${fields.map((f) => `'${f}'`).join(", ")}.`,
  /** Source: VALIDATORS (validations.connectionWithinList): orders → fulfillments (a list) → events (a connection). */
  connectionInList: "Queries that contain a connection field within a list field are not currently supported.",
  /** Source: VALIDATORS (validations.sixConnections). */
  tooManyConnections: `Bulk queries cannot contain more than ${MAX_BULK_CONNECTIONS} connections.`,
  /** Source: VALIDATORS (validations.depthThreeNesting). */
  tooDeep: `Bulk queries cannot contain connections with a nesting depth greater than ${MAX_BULK_NESTING}.`,
  /** Source: VALIDATORS (validations.nestedWithoutParentId); the separator for several fields is inferred. */
  parentId: (fields: string[]) =>
    `The parent 'node' field for a nested connection must select the 'id' field without an alias and must be of 'ID' return type. Connection fields without 'id': ${fields.join(", ")}.`,
  /** Source: VALIDATORS (validations.topLevelNode, 2nd error), CODES (validations.noConnectionWithCode). */
  noConnection: "Bulk queries must contain at least one connection.",
  /**
   * Source: live capture, airhorns/shopify-draft-proxy fixtures/conformance/harry-test-heelo.myshopify.com/2026-04/bulk-operations/bulk-operation-run-query-concurrency-limit.json
   * (sixthRun): field null, code OPERATION_IN_PROGRESS, the running operations' ids in creation order.
   */
  inProgress: (ids: string[]) => `A bulk query operation for this app and shop is already in progress: ${ids.join(", ")}.`,
} as const;

/** Source: live capture …/bulk-operation-storage-byte-limit.json (byteLimit: 65535). */
export const MAX_BULK_QUERY_BYTES = 65_535;

function invalid(...messages: string[]): { ok: false; errors: BulkUserError[] } {
  return { ok: false, errors: messages.map((message) => ({ field: ["query"], message, code: "INVALID" as const })) };
}

/**
 * Parses and validates a bulk query: size, syntax, operation type, the schema, then
 * Shopify's structural rules. The structural rules are all checked and reported
 * together, in this order (captured: a top-level `node` gives its own error followed by
 * "at least one connection"; the order among the other rules is our choice, as no
 * capture shows two of them at once): top-level node/nodes, `nodes` selections,
 * connection within a list, more than 5 connections, depth over 2, parent without
 * `id`, no connection.
 */
export function prepareBulkQuery(schema: GraphQLSchema, query: string): { ok: true; prepared: PreparedBulkQuery } | { ok: false; errors: BulkUserError[] } {
  const bytes = Buffer.byteLength(query, "utf8");
  if (bytes > MAX_BULK_QUERY_BYTES) return invalid(BULK_MESSAGES.tooLarge(bytes));
  let document: DocumentNode;
  try {
    document = parse(query);
  } catch (e) {
    const message = (e as Error).message.replace(/^Syntax Error: /, "");
    // graphql-ruby's wording for a document that ends early (captured for ""); other
    // syntax errors keep graphql-js's wording (no capture).
    if (/Unexpected <EOF>/.test(message)) return invalid(BULK_MESSAGES.unexpectedEnd);
    return invalid(`Invalid bulk query: ${message}`);
  }
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  // Checked before the schema (the captured mutation was refused for its type alone).
  if (operations.some((o) => o.operation !== "query")) return invalid(BULK_MESSAGES.operationType);
  // Simulator's own wording (no capture): several operations, variables.
  if (operations.length !== 1) return invalid("Invalid bulk query: the bulk query must contain exactly one operation.");
  const operation = operations[0]!;
  if ((operation.variableDefinitions ?? []).length > 0) return invalid("Invalid bulk query: variables are not supported in bulk queries.");
  // Schema errors in graphql-ruby's wording, prefixed like the captured syntax error (no capture of this case).
  const staticErrors: ShopifyError[] = validateShopify(schema, document);
  if (staticErrors.length > 0) return invalid(`Invalid bulk query: ${staticErrors[0]!.message}`);
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);

  const queryType = schema.getQueryType()!;
  const rootFields = collectFieldNodes(schema, fragments, {}, queryType, [operation.selectionSet]);
  const topLevel = new Set<"node" | "nodes">();
  for (const [, nodes] of rootFields) {
    const name = nodes[0]!.name.value;
    if (name === "node" || name === "nodes") topLevel.add(name);
  }

  let connections = 0;
  const counted = new Set<FieldNode>();
  let tooDeep = false;
  let connectionInList = false;
  const viaNodes: string[] = [];
  const withoutId: string[] = [];
  /**
   * `inList`: a list field lies between the nearest enclosing connection's node and here.
   * `parent`: the nearest enclosing connection (its field name, and whether its node selects an unaliased `id`).
   */
  const walk = (type: GraphQLObjectType, sets: readonly SelectionSetNode[], depth: number, inList: boolean, parent: { name: string; hasId: boolean } | null) => {
    for (const [, nodes] of collectFieldNodes(schema, fragments, {}, type, sets)) {
      const name = nodes[0]!.name.value;
      if (name === "__typename") continue;
      const def = type.getFields()[name];
      if (!def) continue;
      const named = getNamedType(def.type);
      const childSets = nodes.flatMap((n) => (n.selectionSet ? [n.selectionSet] : []));
      if (isConnectionType(named)) {
        // counted once per field in the document, although an abstract parent is walked per possible type
        if (!counted.has(nodes[0]!)) connections++;
        counted.add(nodes[0]!);
        if (inList) connectionInList = true;
        if (depth + 1 > MAX_BULK_NESTING) tooDeep = true;
        if (parent && !parent.hasId && !withoutId.includes(parent.name)) withoutId.push(parent.name);
        const selected = collectFieldNodes(schema, fragments, {}, named, childSets);
        if ([...selected.values()].some((n) => n[0]!.name.value === "nodes") && !viaNodes.includes(name)) viaNodes.push(name);
        const nodeSets = connectionNodeSelections(schema, fragments, {}, named, childSets);
        const nodeType = connectionNodeType(named);
        if (nodeType) {
          const forEach = isObjectType(nodeType) ? [nodeType] : isAbstractType(nodeType) ? schema.getPossibleTypes(nodeType) : [];
          for (const t of forEach) walk(t, nodeSets, depth + 1, false, { name, hasId: selectsPlainId(schema, fragments, t, nodeSets) });
        }
      } else if (!isLeafType(named)) {
        const list = inList || isListType(getNullableType(def.type));
        const forEach = isObjectType(named) ? [named] : isAbstractType(named) ? schema.getPossibleTypes(named) : [];
        for (const t of forEach) walk(t, childSets, depth, list, parent);
      }
    }
  };
  walk(queryType, [operation.selectionSet], 0, false, null);

  const messages: string[] = [];
  for (const f of ["node", "nodes"] as const) if (topLevel.has(f)) messages.push(BULK_MESSAGES.topLevel(f));
  if (viaNodes.length > 0) messages.push(BULK_MESSAGES.nodesSelection(viaNodes));
  if (connectionInList) messages.push(BULK_MESSAGES.connectionInList);
  if (connections > MAX_BULK_CONNECTIONS) messages.push(BULK_MESSAGES.tooManyConnections);
  if (tooDeep) messages.push(BULK_MESSAGES.tooDeep);
  if (withoutId.length > 0) messages.push(BULK_MESSAGES.parentId(withoutId));
  if (connections === 0) messages.push(BULK_MESSAGES.noConnection);
  if (messages.length > 0) return invalid(...messages);

  // Shopify allows a single top-level field (guide: "querying a single top-level field");
  // the simulator's wording, as no capture shows Shopify's.
  if (rootFields.size !== 1) return invalid("Invalid bulk query: the NetMargin simulator supports exactly one top-level field in a bulk query.");
  const rootField = [...rootFields.values()][0]![0]!;
  const rootFieldDef = queryType.getFields()[rootField.name.value]!;
  if (!isConnectionType(getNamedType(rootFieldDef.type))) {
    return invalid("Invalid bulk query: the NetMargin simulator supports bulk queries whose top-level field is a connection.");
  }
  return { ok: true, prepared: { query, document, operation, fragments, rootField, rootFieldDef, connections } };
}

/** Whether a node selection has `id` under its own name (no alias) of type ID. */
function selectsPlainId(schema: GraphQLSchema, fragments: Map<string, FragmentDefinitionNode>, type: GraphQLObjectType, sets: readonly SelectionSetNode[]): boolean {
  const idDef = type.getFields().id;
  if (!idDef || getNamedType(idDef.type).name !== "ID") return false;
  const fields = collectFieldNodes(schema, fragments, {}, type, sets).get("id");
  return !!fields && fields.some((f) => f.name.value === "id");
}

// ---------------------------------------------------------------------------
// Field collection (merging, fragments, @skip/@include)
// ---------------------------------------------------------------------------

function included(node: { directives?: readonly { name: { value: string }; arguments?: readonly { name: { value: string }; value: unknown }[] }[] }, variables: Record<string, unknown>): boolean {
  for (const d of node.directives ?? []) {
    if (d.name.value !== "skip" && d.name.value !== "include") continue;
    const arg = d.arguments?.find((a) => a.name.value === "if");
    if (!arg) continue;
    const v = arg.value as { kind: string; value?: boolean; name?: { value: string } };
    const on = v.kind === Kind.VARIABLE ? Boolean(variables[v.name!.value]) : Boolean(v.value);
    if (d.name.value === "skip" && on) return false;
    if (d.name.value === "include" && !on) return false;
  }
  return true;
}

function conditionMatches(schema: GraphQLSchema, condition: string | undefined, type: GraphQLObjectType): boolean {
  if (!condition || condition === type.name) return true;
  const c = schema.getType(condition);
  return !!c && isAbstractType(c) && schema.isSubType(c, type);
}

export function collectFieldNodes(
  schema: GraphQLSchema,
  fragments: Map<string, FragmentDefinitionNode>,
  variables: Record<string, unknown>,
  type: GraphQLObjectType,
  sets: readonly SelectionSetNode[],
  out = new Map<string, FieldNode[]>(),
  visited = new Set<string>(),
): Map<string, FieldNode[]> {
  for (const set of sets) {
    for (const sel of set.selections) {
      if (!included(sel, variables)) continue;
      if (sel.kind === Kind.FIELD) {
        const key = sel.alias?.value ?? sel.name.value;
        const list = out.get(key);
        if (list) list.push(sel);
        else out.set(key, [sel]);
      } else if (sel.kind === Kind.INLINE_FRAGMENT) {
        if (conditionMatches(schema, sel.typeCondition?.name.value, type)) collectFieldNodes(schema, fragments, variables, type, [sel.selectionSet], out, visited);
      } else {
        const name = sel.name.value;
        if (visited.has(name)) continue;
        visited.add(name);
        const frag = fragments.get(name);
        if (frag && conditionMatches(schema, frag.typeCondition.name.value, type)) collectFieldNodes(schema, fragments, variables, type, [frag.selectionSet], out, visited);
      }
    }
  }
  return out;
}

function connectionNodeType(conn: GraphQLObjectType): GraphQLNamedType | null {
  const f = conn.getFields();
  if (f.nodes) return getNamedType(f.nodes.type);
  const edge = f.edges ? getNamedType(f.edges.type) : null;
  return edge && isObjectType(edge) ? getNamedType(edge.getFields().node!.type) : null;
}

/** Selection sets applying to the nodes of a connection (`edges { node {…} }` and `nodes {…}`). */
function connectionNodeSelections(schema: GraphQLSchema, fragments: Map<string, FragmentDefinitionNode>, variables: Record<string, unknown>, conn: GraphQLObjectType, sets: readonly SelectionSetNode[]): SelectionSetNode[] {
  const out: SelectionSetNode[] = [];
  const fields = collectFieldNodes(schema, fragments, variables, conn, sets);
  for (const [, nodes] of fields) {
    const name = nodes[0]!.name.value;
    if (name === "nodes") out.push(...nodes.flatMap((n) => (n.selectionSet ? [n.selectionSet] : [])));
    if (name === "edges") {
      const edgeType = getNamedType(conn.getFields().edges!.type) as GraphQLObjectType;
      const edgeFields = collectFieldNodes(schema, fragments, variables, edgeType, nodes.flatMap((n) => (n.selectionSet ? [n.selectionSet] : [])));
      for (const [, en] of edgeFields) if (en[0]!.name.value === "node") out.push(...en.flatMap((n) => (n.selectionSet ? [n.selectionSet] : [])));
    }
  }
  return out;
}

// ---------------------------------------------------------------------------
// Walking
// ---------------------------------------------------------------------------

interface PendingConnection {
  parentType: GraphQLObjectType;
  source: unknown;
  field: FieldPlan;
  parentId: string | null;
}

function resolve(type: GraphQLObjectType, fieldName: string, source: unknown, args: Record<string, unknown>, ctx: ResolverContext): unknown {
  const r = RESOLVERS[type.name]?.[fieldName];
  if (r) return r(source, args, ctx);
  const v = (source as Record<string, unknown> | null)?.[fieldName];
  return v === undefined ? null : v;
}

interface FieldPlan {
  key: string;
  name: string;
  def: GraphQLField<unknown, unknown> | null;
  args: Record<string, unknown>;
  connection: boolean;
  nodes: FieldNode[];
  childSets: SelectionSetNode[];
}

type TypeShape =
  | { kind: "leaf"; serialize: (v: unknown) => unknown }
  | { kind: "list"; of: GraphQLOutputType }
  | { kind: "object"; type: GraphQLObjectType }
  | { kind: "abstract"; name: string };

const setIds = new WeakMap<SelectionSetNode, number>();
let nextSetId = 1;
function setsKey(sets: readonly SelectionSetNode[]): string {
  let k = "";
  for (const s of sets) {
    let id = setIds.get(s);
    if (id === undefined) {
      id = nextSetId++;
      setIds.set(s, id);
    }
    k += `${id},`;
  }
  return k;
}

class Walker {
  private readonly plans = new Map<string, FieldPlan[]>();
  private readonly connectionSets = new Map<string, SelectionSetNode[]>();

  constructor(
    private readonly schema: GraphQLSchema,
    private readonly fragments: Map<string, FragmentDefinitionNode>,
    private readonly ctx: ResolverContext,
  ) {}

  private readonly planByArray = new WeakMap<readonly SelectionSetNode[], Map<string, FieldPlan[]>>();

  /** Field plan of a selection on a type (collected, merged, arguments coerced) — cached. */
  private plan(type: GraphQLObjectType, sets: readonly SelectionSetNode[]): FieldPlan[] {
    let byType = this.planByArray.get(sets);
    if (!byType) {
      byType = new Map();
      this.planByArray.set(sets, byType);
    }
    const hit = byType.get(type.name);
    if (hit) return hit;
    const key = `${type.name}|${setsKey(sets)}`;
    let plan = this.plans.get(key);
    if (plan) {
      byType.set(type.name, plan);
      return plan;
    }
    plan = [];
    for (const [responseKey, nodes] of collectFieldNodes(this.schema, this.fragments, {}, type, sets)) {
      const name = nodes[0]!.name.value;
      const def = name === "__typename" ? null : type.getFields()[name]!;
      plan.push({
        key: responseKey,
        name,
        def,
        args: def ? getArgumentValues(def, nodes[0]!, {}) : {},
        connection: def ? isConnectionType(getNamedType(def.type)) : false,
        nodes,
        childSets: nodes.flatMap((n) => (n.selectionSet ? [n.selectionSet] : [])),
      });
    }
    this.plans.set(key, plan);
    byType.set(type.name, plan);
    return plan;
  }

  private nodeSets(conn: GraphQLObjectType, sets: readonly SelectionSetNode[]): SelectionSetNode[] {
    const key = `${conn.name}|${setsKey(sets)}`;
    let out = this.connectionSets.get(key);
    if (!out) {
      out = connectionNodeSelections(this.schema, this.fragments, {}, conn, sets);
      this.connectionSets.set(key, out);
    }
    return out;
  }

  private idOf(type: GraphQLObjectType, source: unknown): string | null {
    if (!("id" in type.getFields())) return null;
    const id = resolve(type, "id", source, {}, this.ctx);
    return typeof id === "string" ? id : null;
  }

  /** The plain-JSON object for `source` (nested connections go to `pending`). */
  object(type: GraphQLObjectType, source: unknown, sets: readonly SelectionSetNode[], inheritedId: string | null, pending: PendingConnection[]): Record<string, unknown> {
    const result: Record<string, unknown> = {};
    let ownId: string | null | undefined;
    for (const f of this.plan(type, sets)) {
      if (f.def === null) {
        result[f.key] = type.name;
        continue;
      }
      if (f.connection) {
        if (ownId === undefined) ownId = this.idOf(type, source) ?? inheritedId;
        pending.push({ parentType: type, source, field: f, parentId: ownId });
        continue;
      }
      const value = resolve(type, f.name, source, f.args, this.ctx);
      if (value !== null && value !== undefined && f.childSets.length > 0 && ownId === undefined) ownId = this.idOf(type, source) ?? inheritedId;
      result[f.key] = this.complete(f.def.type, value, f.childSets, ownId ?? inheritedId, pending);
    }
    return result;
  }

  private readonly shapes = new Map<GraphQLOutputType, TypeShape>();

  private shape(type: GraphQLOutputType): TypeShape {
    let s = this.shapes.get(type);
    if (s) return s;
    const nullable = (isNonNullType(type) ? getNullableType(type) : type) as GraphQLOutputType;
    if (isListType(nullable)) s = { kind: "list", of: nullable.ofType as GraphQLOutputType };
    else if (isLeafType(nullable)) s = { kind: "leaf", serialize: (v) => nullable.serialize(v) };
    else if (isAbstractType(nullable)) s = { kind: "abstract", name: nullable.name };
    else s = { kind: "object", type: nullable as GraphQLObjectType };
    this.shapes.set(type, s);
    return s;
  }

  private complete(type: GraphQLOutputType, value: unknown, sets: readonly SelectionSetNode[], inheritedId: string | null, pending: PendingConnection[]): unknown {
    if (value === null || value === undefined) return null;
    const s = this.shape(type);
    switch (s.kind) {
      case "leaf":
        return s.serialize(value);
      case "list":
        return (value as unknown[]).map((v) => this.complete(s.of, v, sets, inheritedId, pending));
      case "object":
        return this.object(s.type, value, sets, inheritedId, pending);
      case "abstract": {
        const runtime = this.schema.getType(typenameOf(value) ?? "") as GraphQLObjectType | undefined;
        if (!runtime) throw new GraphQLError(`Cannot resolve the runtime type of a ${s.name} value`);
        return this.object(runtime, value, sets, inheritedId, pending);
      }
    }
  }

  /** Emits the lines of the nested connections collected while building a parent line. */
  children(pending: PendingConnection[], out: JsonlOutput, depth: number): void {
    for (const p of pending) {
      const def = p.field.def!;
      const conn = getNamedType(def.type) as GraphQLObjectType;
      const nodeType = connectionNodeType(conn);
      const sets = this.nodeSets(conn, p.field.childSets);
      const { first: _first, last: _last, ...args } = p.field.args;
      void _first;
      void _last;
      const page = resolve(p.parentType, def.name, p.source, args, this.ctx) as { nodes: unknown[] } | null;
      for (const child of page?.nodes ?? []) {
        const runtime = nodeType && isObjectType(nodeType) ? nodeType : (this.schema.getType(typenameOf(child) ?? "") as GraphQLObjectType);
        const childPending: PendingConnection[] = [];
        const line = this.object(runtime, child, sets, null, childPending);
        line.__parentId = p.parentId;
        out.child(line, this.idOf(runtime, child) ?? "");
        if (childPending.length) this.children(childPending, out, depth + 1);
      }
    }
  }
}

// ---------------------------------------------------------------------------
// JSONL output with deterministic interleaving
// ---------------------------------------------------------------------------

function hashId(id: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193);
  return mix32(h >>> 0);
}

export function jsonlLine(obj: unknown): string {
  return `${JSON.stringify(obj).replaceAll("/", "\\/")}\n`;
}

/**
 * Orders lines the way a parallel exporter would: some root lines are held back until
 * after their children, some child lines are delayed until after 2–4 later roots.
 */
export class JsonlOutput {
  objectCount = 0;
  rootObjectCount = 0;
  bytes = 0;
  private chunks: string[] = [];
  private chunkLength = 0;
  private root = -1;
  private heldRoot: string | null = null;
  private deferred: { release: number; line: string }[] = [];

  constructor(private readonly interleave = true) {}

  beginRoot(line: Record<string, unknown>, id: string): void {
    this.endRoot();
    this.root++;
    this.rootObjectCount++;
    // children delayed by earlier roots come out now, before this root's line
    if (this.deferred.length) {
      const keep: { release: number; line: string }[] = [];
      for (const d of this.deferred) {
        if (d.release <= this.root) this.push(d.line);
        else keep.push(d);
      }
      this.deferred = keep;
    }
    const text = jsonlLine(line);
    if (this.interleave && hashId(id) % 7 === 3) this.heldRoot = text;
    else this.push(text);
  }

  child(line: Record<string, unknown>, id: string): void {
    const text = jsonlLine(line);
    const h = hashId(id);
    if (this.interleave && h % 4 === 1) this.deferred.push({ release: this.root + 2 + ((h >>> 3) % 3), line: text });
    else this.push(text);
  }

  endRoot(): void {
    if (this.heldRoot !== null) {
      this.push(this.heldRoot);
      this.heldRoot = null;
    }
  }

  finish(): void {
    this.endRoot();
    for (const d of this.deferred) this.push(d.line);
    this.deferred = [];
  }

  /** Takes the text accumulated so far. */
  drain(): string {
    const s = this.chunks.join("");
    this.chunks = [];
    this.chunkLength = 0;
    this.bytes += Buffer.byteLength(s, "utf8");
    return s;
  }

  get pendingLength(): number {
    return this.chunkLength;
  }

  private push(text: string): void {
    this.objectCount++;
    this.chunks.push(text);
    this.chunkLength += text.length;
  }
}

// ---------------------------------------------------------------------------
// Running a bulk query
// ---------------------------------------------------------------------------

export interface BulkRunStats {
  objectCount: number;
  rootObjectCount: number;
  bytes: number;
}

export type ChunkSink = (chunk: string) => void | Promise<void>;

/**
 * Runs a prepared bulk query. Root nodes come from `rootNodes` when given (streaming
 * from a generator; they must be what the root connection would list, in order),
 * otherwise from the root connection's resolver over the store.
 */
export async function runBulkQuery(
  prepared: PreparedBulkQuery,
  ctx: ResolverContext,
  sink: ChunkSink,
  opts: { rootNodes?: Iterable<unknown>; schema?: GraphQLSchema; chunkSize?: number; shouldStop?: () => boolean; interleave?: boolean } = {},
): Promise<BulkRunStats> {
  const schema = opts.schema ?? loadAdminSchema();
  const queryType = schema.getQueryType()!;
  const walker = new Walker(schema, prepared.fragments, { ...ctx, bulk: true });
  const conn = getNamedType(prepared.rootFieldDef.type) as GraphQLObjectType;
  const nodeType = connectionNodeType(conn);
  const nodeSets = connectionNodeSelections(schema, prepared.fragments, {}, conn, prepared.rootField.selectionSet ? [prepared.rootField.selectionSet] : []);
  let roots: Iterable<unknown>;
  if (opts.rootNodes) roots = opts.rootNodes;
  else {
    const args = getArgumentValues(prepared.rootFieldDef, prepared.rootField, {});
    delete args.first;
    delete args.last;
    // bulk exports list the root connection by id unless a sortKey is given
    if (args.sortKey === undefined || prepared.rootField.arguments?.every((a) => a.name.value !== "sortKey")) args.sortKey = "ID";
    const page = resolve(queryType, prepared.rootField.name.value, {}, args, { ...ctx, bulk: true }) as { nodes: unknown[] };
    roots = page.nodes;
  }
  const out = new JsonlOutput(opts.interleave ?? true);
  const chunkSize = opts.chunkSize ?? 1 << 20;
  for (const node of roots) {
    if (opts.shouldStop?.()) break;
    const runtime = nodeType && isObjectType(nodeType) ? nodeType : (schema.getType(typenameOf(node) ?? "") as GraphQLObjectType);
    const pending: PendingConnection[] = [];
    const line = walker.object(runtime, node, nodeSets, null, pending);
    const id = typeof line.id === "string" ? line.id : (typenameOf(node) ?? "");
    out.beginRoot(line, id);
    walker.children(pending, out, 1);
    out.endRoot();
    if (out.pendingLength >= chunkSize) await sink(out.drain());
  }
  out.finish();
  const rest = out.drain();
  if (rest) await sink(rest);
  return { objectCount: out.objectCount, rootObjectCount: out.rootObjectCount, bytes: out.bytes };
}

/** A context for running bulk queries over a catalogue without a Store of orders. */
export function catalogContext(catalog: CatalogModel, nowMs: number): ResolverContext {
  const store = new Store({ ...catalog, orders: [] });
  return { store, nowMs, bulk: true, searchWarnings: [] };
}

export interface WriteBulkJsonlOptions {
  /** The bulk query (default: NetMargin's order export, ORDERS_BULK_QUERY). Its root field must be `orders`. */
  query?: string;
  catalog: CatalogModel;
  /** Orders in id order, e.g. `generator.orders()`. Filtered here with the root connection's `query:`. */
  orders: Iterable<OrderModel>;
  out: ChunkSink | NodeJS.WritableStream;
  /** "now" of the store (ms), for relative search terms. */
  nowMs: number;
  schema?: GraphQLSchema;
}

/**
 * Streams the JSONL of a bulk `orders` query straight from an order iterator: no Store,
 * no order kept after its lines are produced. Same bytes as the server's bulk operation
 * for the same orders.
 */
export async function writeBulkJsonl(opts: WriteBulkJsonlOptions): Promise<BulkRunStats> {
  const schema = opts.schema ?? loadAdminSchema();
  const prepared = prepareBulkQuery(schema, opts.query ?? ORDERS_BULK_QUERY);
  if (!prepared.ok) throw new Error(prepared.errors.map((e) => e.message).join("; "));
  const p = prepared.prepared;
  if (p.rootField.name.value !== "orders") throw new Error("writeBulkJsonl streams `orders` bulk queries only");
  const args = getArgumentValues(p.rootFieldDef, p.rootField, {});
  if ((args.sortKey !== undefined && p.rootField.arguments?.some((a) => a.name.value === "sortKey") && args.sortKey !== "ID") || args.reverse === true) {
    throw new Error("writeBulkJsonl streams in id order; sortKey/reverse other than ID are not supported");
  }
  const ctx = catalogContext(opts.catalog, opts.nowMs);
  const filter = compileSearch((args.query as string | null | undefined) ?? null, ORDER_SEARCH, { timeZone: opts.catalog.shop.ianaTimezone, nowMs: opts.nowMs });
  function* matching(): Iterable<OrderModel> {
    for (const o of opts.orders) if (filter.matches(o)) yield o;
  }
  const out = opts.out;
  const sink: ChunkSink =
    typeof out === "function"
      ? out
      : (chunk) =>
          new Promise<void>((resolveWrite, reject) => {
            const ok = out.write(chunk, (err?: Error | null) => (err ? reject(err) : undefined));
            if (ok) resolveWrite();
            else out.once("drain", () => resolveWrite());
          });
  return runBulkQuery(p, ctx, sink, { rootNodes: matching(), schema });
}
