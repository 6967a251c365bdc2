/**
 * Calculated query cost of the Shopify GraphQL Admin API, as the simulator charges it.
 *
 * Shopify computes a *requested* cost by static analysis before running an operation
 * (that amount must be in the leaky bucket, see throttle.ts) and an *actual* cost from
 * what the operation returned; the difference is refunded to the bucket.
 *
 * Sources (all rules below cite one of these):
 *  [RL]   shopify.dev "GraphQL Admin API rate limits", section "Cost calculation":
 *         "Every field in the schema has an integer cost value"; by default a field costs
 *         Scalar 0, Enum 0, Object 1, Interface / Union "maximum of possible selections",
 *         Connection "sized by first and last arguments", Mutation 10. "The cost of a query
 *         is the maximum of possible fields selected."
 *         https://shopify.dev/docs/apps/build/apis/graphql-admin/rate-limits
 *  [BLOG] Shopify Engineering, "Rate Limiting GraphQL APIs by Calculating Query Complexity":
 *         objects one point, scalars and enums zero, "connections: two points plus the
 *         number of returned objects" (children of a connection are multiplied by
 *         first/last), mutations ten points; requested cost is a static analysis before
 *         execution, actual cost is computed during execution and the difference is refunded.
 *         https://shopify.engineering/rate-limiting-graphql-apis-calculating-query-complexity
 *  [CL]   shopify.dev changelog "Dynamic complexity cost for productCreate and productUpdate
 *         mutations" (2025-10): mutations have "a base cost of 10 points".
 *  [DOC]  /work/shared/docs/shopify-admin-api.md §5 (same rules, checked against 2026 responses).
 *  [BRIEF] rules the simulator team fixed where Shopify publishes nothing (marked as such).
 *
 * Known, deliberate differences from production Shopify:
 *  - Shopify says connection costs use "logarithmic scaling" and some mutations scale with
 *    their input (community.shopify.dev thread "How to calculate GraphQL cost estimates",
 *    answered by Shopify staff; the formulas are intentionally unpublished). A real
 *    `product { variants(first: 250) { nodes { inventoryItem { id } } } }` reports 25 where
 *    the documented linear rule gives 503. The simulator uses the documented linear rules,
 *    which over-estimate: an app that stays under the limits here stays under them on Shopify.
 */
import {
  Kind,
  getNamedType,
  getNullableType,
  isAbstractType,
  isLeafType,
  isListType,
  isObjectType,
  valueFromASTUntyped,
  type DirectiveNode,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLAbstractType,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
} from "graphql";

/** [RL] [BLOG] Objects cost one point. */
export const OBJECT_COST = 1;
/** [BLOG] A connection costs two points for itself, plus its items. */
export const CONNECTION_COST = 2;
/** [RL] [BLOG] [CL] Every mutation root field costs ten points. */
export const MUTATION_COST = 10;
/** [DOC] §5: `first`/`last` go up to 250. */
export const MAX_PAGE_SIZE = 250;
/** [DOC] §5: a single query cannot exceed 1,000 points (MAX_COST_EXCEEDED). */
export const SINGLE_QUERY_MAX_COST = 1000;

/** Arguments that size a list or connection (see sizeOf). */
const SIZE_ARGUMENTS = ["first", "last", "limit"] as const;

interface Context {
  schema: GraphQLSchema;
  fragments: Map<string, FragmentDefinitionNode>;
  variables: Record<string, unknown>;
  /** Requested cost of a single selection set per concrete type (abstract types revisit them). */
  memo: WeakMap<SelectionSetNode, Map<string, number>>;
}

type FieldGroups = Map<string, FieldNode[]>;

/**
 * Requested query cost of the operation `operationName` selects in `document` ([RL]:
 * computed up front, per operation; the other operations of the document are ignored).
 * The document is expected to be valid against `schema` (run graphql's `validate` first);
 * unknown fields cost 0 here rather than throwing.
 *
 * Rules:
 *  - scalars, enums, lists of them, and `__typename` / introspection fields: 0 [RL];
 *  - an object field: 1 + the cost of its selection [RL]; a null result is still charged;
 *  - an interface or union field: 1 + the most expensive selection over its possible
 *    types [RL "maximum of possible selections"]; fragments narrowing the type count only
 *    for the types they apply to;
 *  - a connection (a `*Connection` type with `pageInfo` and `edges`/`nodes`): 2 + n × the
 *    cost of one item, n = `first` or `last` (the larger if both) [BLOG]. One item is the
 *    node object (1) + its selection, whether reached through `nodes { … }` or
 *    `edges { node { … } }` (both are summed if both are selected; `cursor` is a scalar).
 *    `pageInfo` is covered by the connection's 2 points [BRIEF: Shopify's example
 *    "products(first: 10) { … }" charges 2 + 10 × node]. A connection without `first`
 *    and `last` is rejected by Shopify; it is charged as MAX_PAGE_SIZE items here so it
 *    is never under-estimated;
 *  - a plain list of objects that takes a size argument (`Order.transactions(first:)`,
 *    `Order.refunds(first:)`, `LineItem.taxLines(first:)`, `Order.fulfillments(first:)`,
 *    `Menu.items(limit:)`, and `nodes(ids:)` sized by the number of ids): charged like a
 *    connection of that many items, 2 + n × (1 + selection) [BRIEF; Shopify publishes no
 *    rule for non-connection lists]. Without a size argument value the list is charged
 *    as one object, 1 + selection [BRIEF];
 *  - a mutation: 10 per root field, whatever the payload selects [RL "Mutation 10"],
 *    [CL "base cost of 10 points"]. Input-dependent surcharges (productCreate media and
 *    metafields, [CL]) are not simulated;
 *  - named fragments and inline fragments are expanded; `@skip` / `@include` are honoured;
 *    fields with the same response key are merged as GraphQL execution merges them;
 *    aliases of the same field are charged separately;
 *  - variables are resolved (`first: $n`), falling back to the variable's default value.
 */
export function calculateQueryCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  variables: Record<string, unknown>,
  operationName?: string | null,
): number {
  const { ctx, operation } = prepare(schema, document, variables, operationName);
  if (operation.operation === "mutation") {
    const root = schema.getMutationType();
    if (!root) return 0;
    let cost = 0;
    for (const [, fields] of collectFields(ctx, root, [operation.selectionSet])) {
      if (!fields[0]!.name.value.startsWith("__")) cost += MUTATION_COST;
    }
    return cost;
  }
  const root = operation.operation === "query" ? schema.getQueryType() : schema.getSubscriptionType();
  if (!root) return 0;
  return selectionCost(ctx, root, [operation.selectionSet]);
}

/**
 * Actual query cost of an executed operation ([BLOG]: "actual query cost" is computed from
 * what the operation returned and the difference to the requested cost is refunded).
 * `data` is the `data` member of the execution result. The same rules as
 * calculateQueryCost apply, except that connections and sized lists charge for the items
 * actually returned instead of `first`/`last`, children of a null object cost nothing
 * (the community-reported `product(id:)` returning null is charged 1), unsized lists charge
 * their most expensive element, and an abstract-typed object is charged for its concrete
 * type (read from `__typename` when selected, else the most expensive type whose fields are
 * present). A field absent from `data` (never resolved) costs nothing. Mutations charge 10
 * per root field present in `data`. When the result holds no more items than requested,
 * the actual cost never exceeds the requested cost.
 */
export function calculateActualQueryCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  variables: Record<string, unknown>,
  operationName: string | null | undefined,
  data: unknown,
): number {
  if (!isRecord(data)) return 0;
  const { ctx, operation } = prepare(schema, document, variables, operationName);
  if (operation.operation === "mutation") {
    const root = schema.getMutationType();
    if (!root) return 0;
    let cost = 0;
    for (const [key, fields] of collectFields(ctx, root, [operation.selectionSet])) {
      if (!fields[0]!.name.value.startsWith("__") && key in data) cost += MUTATION_COST;
    }
    return cost;
  }
  const root = operation.operation === "query" ? schema.getQueryType() : schema.getSubscriptionType();
  if (!root) return 0;
  return actualSelectionCost(ctx, root, [operation.selectionSet], data);
}

/** Both costs at once; `actual` is min(actual, requested) so a refund is never negative. */
export function calculateQueryCosts(
  schema: GraphQLSchema,
  document: DocumentNode,
  variables: Record<string, unknown>,
  operationName: string | null | undefined,
  data?: unknown,
): { requested: number; actual: number } {
  const requested = calculateQueryCost(schema, document, variables, operationName);
  const actual = data === undefined ? requested : calculateActualQueryCost(schema, document, variables, operationName, data);
  return { requested, actual: Math.min(actual, requested) };
}

// ---------------------------------------------------------------------------
// Operation, variables, directives

function prepare(
  schema: GraphQLSchema,
  document: DocumentNode,
  variables: Record<string, unknown>,
  operationName?: string | null,
): { ctx: Context; operation: OperationDefinitionNode } {
  const operations: OperationDefinitionNode[] = [];
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const def of document.definitions) {
    if (def.kind === Kind.OPERATION_DEFINITION) operations.push(def);
    else if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
  }
  let operation: OperationDefinitionNode | undefined;
  if (operationName) {
    operation = operations.find((op) => op.name?.value === operationName);
    if (!operation) throw new Error(`Unknown operation named "${operationName}".`);
  } else {
    if (operations.length !== 1) {
      throw new Error(
        operations.length === 0
          ? "Must provide an operation."
          : "Must provide operation name if query contains multiple operations.",
      );
    }
    operation = operations[0]!;
  }
  // Variables: the provided value, else the declared default (lenient: coercion errors are
  // reported by execution, the cost only needs the numbers).
  const resolved: Record<string, unknown> = {};
  for (const def of operation.variableDefinitions ?? []) {
    const name = def.variable.name.value;
    if (variables && Object.prototype.hasOwnProperty.call(variables, name)) resolved[name] = variables[name];
    else if (def.defaultValue) resolved[name] = valueFromASTUntyped(def.defaultValue);
  }
  return { ctx: { schema, fragments, variables: resolved, memo: new WeakMap() }, operation };
}

function evaluate(ctx: Context, node: ValueNode): unknown {
  return valueFromASTUntyped(node, ctx.variables);
}

/** `@skip(if:)` / `@include(if:)` (GraphQL spec §3.13). */
function shouldInclude(ctx: Context, directives: readonly DirectiveNode[] | undefined): boolean {
  for (const directive of directives ?? []) {
    const name = directive.name.value;
    if (name !== "skip" && name !== "include") continue;
    const arg = directive.arguments?.find((a) => a.name.value === "if");
    const value = arg ? evaluate(ctx, arg.value) === true : false;
    if (name === "skip" && value) return false;
    if (name === "include" && !value) return false;
  }
  return true;
}

// ---------------------------------------------------------------------------
// Field collection (GraphQL spec §6.3.2 CollectFields, for one concrete object type)

function fragmentApplies(ctx: Context, typeName: string | undefined, type: GraphQLObjectType): boolean {
  if (!typeName) return true;
  const condition = ctx.schema.getType(typeName);
  if (!condition) return false;
  if (condition === type) return true;
  return isAbstractType(condition) && ctx.schema.isSubType(condition, type);
}

function collectFields(
  ctx: Context,
  type: GraphQLObjectType,
  selectionSets: readonly SelectionSetNode[],
  groups: FieldGroups = new Map(),
  visited: Set<string> = new Set(),
): FieldGroups {
  for (const set of selectionSets) {
    for (const selection of set.selections) {
      if (!shouldInclude(ctx, selection.directives)) continue;
      switch (selection.kind) {
        case Kind.FIELD: {
          const key = selection.alias?.value ?? selection.name.value;
          const group = groups.get(key);
          if (group) group.push(selection);
          else groups.set(key, [selection]);
          break;
        }
        case Kind.INLINE_FRAGMENT:
          if (fragmentApplies(ctx, selection.typeCondition?.name.value, type)) {
            collectFields(ctx, type, [selection.selectionSet], groups, visited);
          }
          break;
        case Kind.FRAGMENT_SPREAD: {
          const name = selection.name.value;
          if (visited.has(name)) break;
          visited.add(name);
          const fragment = ctx.fragments.get(name);
          if (fragment && fragmentApplies(ctx, fragment.typeCondition.name.value, type)) {
            collectFields(ctx, type, [fragment.selectionSet], groups, visited);
          }
          break;
        }
      }
    }
  }
  return groups;
}

function subSelections(fields: readonly FieldNode[]): SelectionSetNode[] {
  const sets: SelectionSetNode[] = [];
  for (const field of fields) if (field.selectionSet) sets.push(field.selectionSet);
  return sets;
}

// ---------------------------------------------------------------------------
// Type classification

/** A Relay connection as Shopify shapes them: `XConnection { edges nodes pageInfo }`. */
export function isConnectionType(type: GraphQLNamedType): type is GraphQLObjectType {
  if (!isObjectType(type) || !type.name.endsWith("Connection")) return false;
  const fields = type.getFields();
  return "pageInfo" in fields && ("edges" in fields || "nodes" in fields);
}

type FieldKind = "leaf" | "connection" | "list" | "object";

function fieldKind(def: GraphQLField<unknown, unknown>): FieldKind {
  const named = getNamedType(def.type);
  if (isLeafType(named)) return "leaf";
  if (isConnectionType(named)) return "connection";
  if (isListType(getNullableType(def.type))) return "list";
  return "object";
}

/**
 * The number of items a connection or list field asks for: `first`/`last` (the larger if
 * both), `limit`, or the length of `ids` (QueryRoot.nodes). undefined when none is given.
 */
function sizeOf(ctx: Context, def: GraphQLField<unknown, unknown>, node: FieldNode): number | undefined {
  let size: number | undefined;
  const consider = (value: unknown): void => {
    if (typeof value === "number" && Number.isFinite(value)) size = Math.max(size ?? 0, Math.max(0, Math.floor(value)));
  };
  for (const argDef of def.args) {
    const isSize = (SIZE_ARGUMENTS as readonly string[]).includes(argDef.name);
    if (!isSize && argDef.name !== "ids") continue;
    const argNode = node.arguments?.find((a) => a.name.value === argDef.name);
    const value = argNode ? evaluate(ctx, argNode.value) : argDef.defaultValue;
    if (isSize) consider(value);
    else if (Array.isArray(value)) consider(value.length);
  }
  return size;
}

// ---------------------------------------------------------------------------
// Requested cost

function selectionCost(ctx: Context, type: GraphQLCompositeType, sets: readonly SelectionSetNode[]): number {
  if (sets.length === 0) return 0;
  if (isAbstractType(type)) {
    // [RL] interfaces and unions: the maximum of the possible selections.
    let max = 0;
    for (const possible of ctx.schema.getPossibleTypes(type as GraphQLAbstractType)) {
      max = Math.max(max, selectionCost(ctx, possible, sets));
    }
    return max;
  }
  const object = type as GraphQLObjectType;
  const single = sets.length === 1 ? sets[0]! : undefined;
  const cached = single && ctx.memo.get(single)?.get(object.name);
  if (cached !== undefined) return cached;
  let cost = 0;
  for (const [, fields] of collectFields(ctx, object, sets)) cost += fieldCost(ctx, object, fields);
  if (single) {
    let byType = ctx.memo.get(single);
    if (!byType) ctx.memo.set(single, (byType = new Map()));
    byType.set(object.name, cost);
  }
  return cost;
}

function fieldCost(ctx: Context, parent: GraphQLObjectType, fields: FieldNode[]): number {
  const first = fields[0]!;
  const name = first.name.value;
  if (name.startsWith("__")) return 0;
  const def = parent.getFields()[name];
  if (!def) return 0;
  const sets = subSelections(fields);
  const named = getNamedType(def.type) as GraphQLCompositeType;
  switch (fieldKind(def)) {
    case "leaf":
      return 0;
    case "connection": {
      const size = sizeOf(ctx, def, first) ?? MAX_PAGE_SIZE;
      const { perItem, extra } = connectionItemCost(ctx, named as GraphQLObjectType, sets);
      return CONNECTION_COST + size * perItem + extra;
    }
    case "list": {
      const size = sizeOf(ctx, def, first);
      const item = OBJECT_COST + selectionCost(ctx, named, sets);
      return size === undefined ? item : CONNECTION_COST + size * item;
    }
    case "object":
      return OBJECT_COST + selectionCost(ctx, named, sets);
  }
}

/** One item of a connection (`nodes` element, or `edges` element with its `node`), and the rest. */
function connectionItemCost(
  ctx: Context,
  connection: GraphQLObjectType,
  sets: readonly SelectionSetNode[],
): { perItem: number; extra: number } {
  let perItem = 0;
  let extra = 0;
  const fieldDefs = connection.getFields();
  for (const [, fields] of collectFields(ctx, connection, sets)) {
    const name = fields[0]!.name.value;
    const def = fieldDefs[name];
    if (!def || name.startsWith("__")) continue;
    const subSets = subSelections(fields);
    if (name === "nodes") {
      perItem += OBJECT_COST + selectionCost(ctx, getNamedType(def.type) as GraphQLCompositeType, subSets);
    } else if (name === "edges") {
      perItem += edgeCost(ctx, getNamedType(def.type) as GraphQLObjectType, subSets);
    } else if (name === "pageInfo") {
      // covered by the connection's own 2 points
    } else {
      extra += fieldCost(ctx, connection, fields);
    }
  }
  return { perItem, extra };
}

function edgeCost(ctx: Context, edge: GraphQLObjectType, sets: readonly SelectionSetNode[]): number {
  let cost = 0;
  for (const [, fields] of collectFields(ctx, edge, sets)) {
    const name = fields[0]!.name.value;
    const def = edge.getFields()[name];
    if (!def) continue;
    if (name === "node") cost += OBJECT_COST + selectionCost(ctx, getNamedType(def.type) as GraphQLCompositeType, subSelections(fields));
    else cost += fieldCost(ctx, edge, fields);
  }
  return cost;
}

// ---------------------------------------------------------------------------
// Actual cost

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function actualSelectionCost(
  ctx: Context,
  type: GraphQLCompositeType,
  sets: readonly SelectionSetNode[],
  value: Record<string, unknown>,
): number {
  if (sets.length === 0) return 0;
  if (isAbstractType(type)) {
    let max = 0;
    for (const possible of ctx.schema.getPossibleTypes(type as GraphQLAbstractType)) {
      const groups = collectFields(ctx, possible, sets);
      // When __typename was selected, only the concrete type counts.
      let mismatch = false;
      for (const [key, fields] of groups) {
        if (fields[0]!.name.value === "__typename" && typeof value[key] === "string" && value[key] !== possible.name) {
          mismatch = true;
          break;
        }
      }
      if (mismatch) continue;
      max = Math.max(max, actualGroupsCost(ctx, possible, groups, value));
    }
    return max;
  }
  const object = type as GraphQLObjectType;
  return actualGroupsCost(ctx, object, collectFields(ctx, object, sets), value);
}

function actualGroupsCost(ctx: Context, type: GraphQLObjectType, groups: FieldGroups, value: Record<string, unknown>): number {
  let cost = 0;
  for (const [key, fields] of groups) {
    if (!(key in value)) continue;
    cost += actualFieldCost(ctx, type, fields, value[key]);
  }
  return cost;
}

function actualObjectCost(ctx: Context, type: GraphQLCompositeType, sets: readonly SelectionSetNode[], value: unknown): number {
  return OBJECT_COST + (isRecord(value) ? actualSelectionCost(ctx, type, sets, value) : 0);
}

function actualFieldCost(ctx: Context, parent: GraphQLObjectType, fields: FieldNode[], value: unknown): number {
  const first = fields[0]!;
  const name = first.name.value;
  if (name.startsWith("__")) return 0;
  const def = parent.getFields()[name];
  if (!def) return 0;
  const sets = subSelections(fields);
  const named = getNamedType(def.type) as GraphQLCompositeType;
  switch (fieldKind(def)) {
    case "leaf":
      return 0;
    case "connection":
      return CONNECTION_COST + (isRecord(value) ? actualConnectionItems(ctx, named as GraphQLObjectType, sets, value) : 0);
    case "list": {
      const items = Array.isArray(value) ? value.filter((item) => item !== null && item !== undefined) : [];
      if (sizeOf(ctx, def, first) === undefined) {
        // Requested as one object: charge the most expensive element (1 for an empty list).
        let max = 0;
        for (const item of items) max = Math.max(max, actualObjectCost(ctx, named, sets, item) - OBJECT_COST);
        return OBJECT_COST + max;
      }
      let cost = CONNECTION_COST;
      for (const item of items) cost += actualObjectCost(ctx, named, sets, item);
      return cost;
    }
    case "object":
      return actualObjectCost(ctx, named, sets, value);
  }
}

function actualConnectionItems(
  ctx: Context,
  connection: GraphQLObjectType,
  sets: readonly SelectionSetNode[],
  value: Record<string, unknown>,
): number {
  let cost = 0;
  const fieldDefs = connection.getFields();
  for (const [key, fields] of collectFields(ctx, connection, sets)) {
    const name = fields[0]!.name.value;
    const def = fieldDefs[name];
    if (!def || name.startsWith("__") || name === "pageInfo" || !(key in value)) continue;
    const subSets = subSelections(fields);
    const itemType = getNamedType(def.type) as GraphQLCompositeType;
    const items = Array.isArray(value[key]) ? (value[key] as unknown[]) : [];
    if (name === "nodes") {
      for (const item of items) if (item != null) cost += actualObjectCost(ctx, itemType, subSets, item);
    } else if (name === "edges") {
      const edgeType = itemType as GraphQLObjectType;
      for (const edge of items) {
        if (!isRecord(edge)) continue;
        for (const [edgeKey, edgeFields] of collectFields(ctx, edgeType, subSets)) {
          if (!(edgeKey in edge)) continue;
          const edgeFieldName = edgeFields[0]!.name.value;
          const edgeDef = edgeType.getFields()[edgeFieldName];
          if (!edgeDef) continue;
          cost +=
            edgeFieldName === "node"
              ? actualObjectCost(ctx, getNamedType(edgeDef.type) as GraphQLCompositeType, subSelections(edgeFields), edge[edgeKey])
              : actualFieldCost(ctx, edgeType, edgeFields, edge[edgeKey]);
        }
      }
    } else {
      cost += actualFieldCost(ctx, connection, fields, value[key]);
    }
  }
  return cost;
}
