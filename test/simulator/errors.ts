/**
 * Shopify-shaped GraphQL errors. Shopify runs graphql-ruby, whose static validation
 * messages and `extensions.code`s differ from graphql-js'. The common ones are produced
 * here with graphql-ruby's wording (undefinedField, argumentNotAccepted,
 * missingRequiredArguments, selectionMismatch, argumentLiteralsIncompatible, variable
 * and fragment errors, parse errors); anything else keeps graphql-js' message.
 *
 * graphql-ruby error paths start with the operation ("query OrderHeader", "query",
 * "mutation Foo", "fragment F") followed by the field names (aliases) leading to the node.
 */
import {
  Kind,
  Lexer,
  Source,
  TokenKind,
  TypeInfo,
  getNamedType,
  isCompositeType,
  isEnumType,
  isLeafType,
  isNonNullType,
  print,
  specifiedRules,
  validate,
  valueFromAST,
  visit,
  visitWithTypeInfo,
  FieldsOnCorrectTypeRule,
  KnownArgumentNamesRule,
  ProvidedRequiredArgumentsRule,
  ScalarLeafsRule,
  ValuesOfCorrectTypeRule,
  type ASTNode,
  type GraphQLError,
  type DocumentNode,
  type GraphQLSchema,
  type SourceLocation,
  type ValueNode,
} from "graphql";

export interface ShopifyError {
  message: string;
  locations?: SourceLocation[];
  path?: (string | number)[];
  extensions?: Record<string, unknown>;
}

function loc(node: ASTNode | undefined): SourceLocation[] | undefined {
  if (!node?.loc) return undefined;
  const { line, column } = node.loc.startToken;
  return [{ line, column }];
}

function hasVariable(value: ValueNode): boolean {
  let found = false;
  visit(value, {
    Variable() {
      found = true;
    },
  });
  return found;
}

/** The graphql-ruby-style checks (returns [] when the document passes them). */
function rubyStaticErrors(schema: GraphQLSchema, document: DocumentNode): ShopifyError[] {
  const errors: ShopifyError[] = [];
  const typeInfo = new TypeInfo(schema);
  const path: string[] = [];
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      OperationDefinition: {
        enter(node) {
          path.push(node.name ? `${node.operation} ${node.name.value}` : node.operation);
        },
        leave() {
          path.pop();
        },
      },
      FragmentDefinition: {
        enter(node) {
          path.push(`fragment ${node.name.value}`);
        },
        leave() {
          path.pop();
        },
      },
      InlineFragment: {
        enter(node) {
          path.push(node.typeCondition ? `... on ${node.typeCondition.name.value}` : "...");
        },
        leave() {
          path.pop();
        },
      },
      Field: {
        enter(node) {
          const name = node.name.value;
          const key = node.alias?.value ?? name;
          path.push(key);
          const parent = typeInfo.getParentType();
          const def = typeInfo.getFieldDef();
          if (!def) {
            if (parent && !name.startsWith("__")) {
              errors.push({
                message: `Field '${name}' doesn't exist on type '${parent.name}'`,
                locations: loc(node),
                path: [...path],
                extensions: { code: "undefinedField", typeName: parent.name, fieldName: name },
              });
            }
            path.pop();
            return false;
          }
          for (const arg of node.arguments ?? []) {
            const argDef = def.args.find((a) => a.name === arg.name.value);
            if (!argDef) {
              errors.push({
                message: `Field '${name}' doesn't accept argument '${arg.name.value}'`,
                locations: loc(arg),
                path: [...path, arg.name.value],
                extensions: { code: "argumentNotAccepted", name, typeName: "Field", argumentName: arg.name.value },
              });
            } else if (!hasVariable(arg.value) && valueFromAST(arg.value, argDef.type) === undefined) {
              errors.push({
                message: `Argument '${arg.name.value}' on Field '${name}' has an invalid value (${print(arg.value)}). Expected type '${String(argDef.type)}'.`,
                locations: loc(arg),
                path: [...path, arg.name.value],
                extensions: { code: "argumentLiteralsIncompatible", typeName: "Field", argumentName: arg.name.value },
              });
            }
          }
          const missing = def.args.filter((a) => isNonNullType(a.type) && a.defaultValue === undefined && !(node.arguments ?? []).some((x) => x.name.value === a.name)).map((a) => a.name);
          if (missing.length > 0) {
            errors.push({
              message: `Field '${name}' is missing required arguments: ${missing.join(", ")}`,
              locations: loc(node),
              path: [...path],
              extensions: { code: "missingRequiredArguments", className: "Field", name, arguments: missing.join(", ") },
            });
          }
          const named = getNamedType(def.type);
          if (isLeafType(named) && node.selectionSet) {
            const kind = isEnumType(named) ? "enums" : "scalars";
            const selected = node.selectionSet.selections.map((s) => (s.kind === Kind.FIELD ? s.name.value : s.kind === Kind.FRAGMENT_SPREAD ? `...${s.name.value}` : "...")).join(", ");
            errors.push({
              message: `Selections can't be made on ${kind} (field '${name}' returns ${named.name} but has selections [${selected}])`,
              locations: loc(node),
              path: [...path],
              extensions: { code: "selectionMismatch", nodeName: `field '${name}'`, typeName: named.name },
            });
          }
          if (isCompositeType(named) && !node.selectionSet) {
            errors.push({
              message: `Field must have selections (field '${name}' returns ${named.name} but has no selections. Did you mean '${name} { ... }'?)`,
              locations: loc(node),
              path: [...path],
              extensions: { code: "selectionMismatch", nodeName: `field '${name}'`, typeName: named.name },
            });
          }
          return undefined;
        },
        leave() {
          path.pop();
        },
      },
    }),
  );
  return errors;
}

const OTHER_RULES = specifiedRules.filter(
  (r) => r !== FieldsOnCorrectTypeRule && r !== KnownArgumentNamesRule && r !== ProvidedRequiredArgumentsRule && r !== ScalarLeafsRule && r !== ValuesOfCorrectTypeRule,
);

/** graphql-js messages mapped to graphql-ruby wording where the shape is known. */
function mapJsError(e: GraphQLError): ShopifyError {
  const m = e.message;
  const base = { locations: e.locations ? [...e.locations] : undefined };
  let r: RegExpExecArray | null;
  if ((r = /^Variable "\$(\w+)" is never used in operation "(\w+)"\.$/.exec(m)) || (r = /^Variable "\$(\w+)" is never used\.$/.exec(m))) {
    return { ...base, message: `Variable $${r[1]} is declared by ${r[2] ?? "anonymous query"} but not used`, extensions: { code: "variableNotUsed", variableName: r[1] } };
  }
  if ((r = /^Variable "\$(\w+)" is not defined by operation "(\w+)"\.$/.exec(m)) || (r = /^Variable "\$(\w+)" is not defined\.$/.exec(m))) {
    return { ...base, message: `Variable $${r[1]} is used by ${r[2] ?? "anonymous query"} but not declared`, extensions: { code: "variableNotDefined", variableName: r[1] } };
  }
  if ((r = /^Unknown fragment "(\w+)"\.$/.exec(m))) {
    return { ...base, message: `Fragment ${r[1]} was used, but not defined`, extensions: { code: "useAndDefineFragment", fragmentName: r[1] } };
  }
  if ((r = /^Fragment "(\w+)" is never used\.$/.exec(m))) {
    return { ...base, message: `Fragment ${r[1]} was defined, but not used`, extensions: { code: "useAndDefineFragment", fragmentName: r[1] } };
  }
  if ((r = /^Unknown type "(\w+)"\./.exec(m))) {
    return { ...base, message: `No such type ${r[1]}, so it can't be a fragment condition`, extensions: { code: "undefinedType", typeName: r[1] } };
  }
  if ((r = /^Fragment (?:"(\w+)" )?cannot be spread here as objects of type "(\w+)" can never be of type "(\w+)"\.$/.exec(m))) {
    return { ...base, message: `Fragment${r[1] ? ` ${r[1]}` : ""} on ${r[3]} can't be spread inside ${r[2]}`, extensions: { code: "cannotSpreadFragment", typeName: r[3], fragmentName: r[1] ?? "unknown", parentName: r[2] } };
  }
  if ((r = /^Unknown directive "@(\w+)"\.$/.exec(m))) {
    return { ...base, message: `Directive @${r[1]} is not defined`, extensions: { code: "undefinedDirective", directiveName: r[1] } };
  }
  if ((r = /^There can be only one operation named "(\w+)"\.$/.exec(m))) {
    return { ...base, message: `Operation name "${r[1]}" must be unique`, extensions: { code: "uniquelyNamedOperations", operationName: r[1] } };
  }
  if (/^This anonymous operation must be the only defined operation\.$/.exec(m)) {
    return { ...base, message: "Operation name is required when multiple operations are present", extensions: { code: "uniquelyNamedOperations" } };
  }
  return { ...base, message: m, extensions: { code: "validationFailed" } };
}

/** Static validation with Shopify/graphql-ruby wording. Empty when valid. */
export function validateShopify(schema: GraphQLSchema, document: DocumentNode): ShopifyError[] {
  const ruby = rubyStaticErrors(schema, document);
  const others = validate(schema, document, OTHER_RULES).map(mapJsError);
  return [...ruby, ...others];
}

/**
 * graphql-js syntax error → Shopify's parse error: HTTP 200, `errors` alone, code
 * PARSE_ERROR, "syntax error, …". A document cut short reads "syntax error,
 * unexpected end of file at [line, column]" located at its last token (graphql-ruby's
 * lexer), not past it. Source: live capture, airhorns/shopify-draft-proxy
 * fixtures/conformance/harry-test-heelo.myshopify.com/2025-01/admin-platform/graphql-base-validation-unhappy-paths.json
 * (cases.invalidSyntax: "query … {\n  shop {\n    id\n" → "syntax error, unexpected end of file at [3, 5]").
 * Other syntax errors keep graphql-js's wording after "syntax error, " (no capture shows them).
 */
export function parseErrorToShopify(e: GraphQLError, source?: string): ShopifyError {
  const detail = e.message.replace(/^Syntax Error: /, "");
  let location = e.locations?.[0];
  let said = detail;
  if (/found <EOF>/.test(detail) || /^Unexpected <EOF>/.test(detail)) {
    said = "unexpected end of file";
    const last = source === undefined ? null : lastTokenLocation(source);
    if (last) location = last;
  }
  return {
    message: location ? `syntax error, ${said} at [${location.line}, ${location.column}]` : `syntax error, ${said}`,
    locations: location ? [{ line: location.line, column: location.column }] : undefined,
    extensions: { code: "PARSE_ERROR" },
  };
}

/** Where the last token of a document starts (1-based), or null when it has none. */
function lastTokenLocation(source: string): { line: number; column: number } | null {
  const lexer = new Lexer(new Source(source));
  let last: { line: number; column: number } | null = null;
  try {
    for (let t = lexer.advance(); t.kind !== TokenKind.EOF; t = lexer.advance()) last = { line: t.line, column: t.column };
  } catch {
    // a lexical error: the tokens read so far stand
  }
  return last;
}

/** graphql-js variable coercion error → Shopify's INVALID_VARIABLE shape. */
export function variableErrorToShopify(e: GraphQLError, variables: Record<string, unknown>, typeOf: (name: string) => string | undefined): ShopifyError {
  const r = /^Variable "\$(\w+)"/.exec(e.message);
  if (!r) return { message: e.message, locations: e.locations ? [...e.locations] : undefined };
  const name = r[1]!;
  const explanation = e.message
    .replace(/^Variable "\$\w+" of (required |non-null )?type "[^"]+" (must not be null|was not provided)\.$/, "Expected value to not be null")
    .replace(/^Variable "\$\w+" got invalid value [^;]*; /, "");
  return {
    message: `Variable $${name} of type ${typeOf(name) ?? "?"} was provided invalid value`,
    locations: e.locations ? [...e.locations] : undefined,
    extensions: { code: "INVALID_VARIABLE", value: variables[name] ?? null, problems: [{ path: [], explanation }] },
  };
}
