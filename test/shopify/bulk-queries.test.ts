import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";

import { parse, validate } from "graphql";
import ts from "typescript";
import { describe, expect, it } from "vitest";

import { VARIANTS_BULK_QUERY } from "~/domain/catalog";
import * as bulkQueries from "~/shopify/bulk-queries";
import { INVENTORY_BULK_QUERY } from "~/shopify/inventory-levels";
import { CATALOG_BULK_QUERY } from "~/sync/catalog-import.server";
import { prepareBulkQuery, runBulkQuery } from "../simulator/bulk";
import { loadAdminSchema } from "../simulator/schema";
import { Store } from "../simulator/store";

/**
 * Every query NetMargin hands to `bulkOperationRunQuery` is checked: it is a plain string
 * (not a `#graphql` literal, so test/shopify/operations.test.ts cannot see it), built by
 * a function or constant. This test finds every place in the app's sources that starts a
 * bulk operation and every bulk query builder, and fails, naming the file, when one is
 * not in BUILDERS below. Each builder's texts (with their argument variants) must pass
 * the Admin API 2026-10 schema, Shopify's bulk rules as the simulator enforces them
 * (test/conformance/bulk-rules.test.ts gives the source of each rule), and run in the
 * simulator's bulk writer.
 *
 * To add a bulk query: export its builder, call it through the bulk runner's entry point
 * (runBulkImport), and add it to BUILDERS with every argument shape it is called with.
 */

const schema = loadAdminSchema();

/** The builders NetMargin passes to bulk operations, with the texts they produce. */
const BUILDERS: Record<string, () => string[]> = {
  // app/shopify/bulk-queries.ts: the whole history, and from a date (incremental backfill)
  ordersBulkQuery: () => [bulkQueries.ordersBulkQuery(null), bulkQueries.ordersBulkQuery(new Date("2026-03-31T22:00:00.000Z"))],
  // app/sync/catalog-import.server.ts re-exports app/domain/catalog.ts's query
  CATALOG_BULK_QUERY: () => [CATALOG_BULK_QUERY],
  VARIANTS_BULK_QUERY: () => [VARIANTS_BULK_QUERY],
  // app/shopify/inventory-levels.ts (issue 18): stock per item and location, re-exported by app/sync/inventory-import.server.ts
  INVENTORY_BULK_QUERY: () => [INVENTORY_BULK_QUERY],
};

/** Files allowed to name the bulkOperationRunQuery mutation: its definition and the runner that sends it. */
const MUTATION_FILES = [join("app", "shopify", "graphql", "BulkOperationRunQueryMutation.ts")];
// (the doctor starts each bulk query and cancels it at once: tryBulkQueryStart, called with the builders)
// (app/shopify/bulk-operation.server.ts starts one operation; app/sync/bulk-run.server.ts is the runner around it)
const RUNNER_FILES = [join("app", "shopify", "bulk-operation.server.ts"), join("app", "sync", "bulk-run.server.ts"), join("app", "services", "doctor.server.ts")];

const SOURCE_ROOTS = ["app", "scripts"];

function sourceFiles(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names.flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return path === join("app", "types") || name === "node_modules" ? [] : sourceFiles(path);
    return /\.(ts|tsx|mts|js|mjs)$/.test(name) && !/\.d\.ts$/.test(name) ? [path] : [];
  });
}

interface Source {
  file: string;
  text: string;
  ast: ts.SourceFile;
}

const sources: Source[] = SOURCE_ROOTS.flatMap(sourceFiles).map((path) => {
  const text = readFileSync(path, "utf8");
  const file = relative(".", path);
  return { file, text, ast: ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, path.endsWith("x") ? ts.ScriptKind.TSX : ts.ScriptKind.TS) };
});

function visit(node: ts.Node, f: (n: ts.Node) => void): void {
  f(node);
  node.forEachChild((c) => visit(c, f));
}

function where(src: Source, node: ts.Node): string {
  const { line } = src.ast.getLineAndCharacterOfPosition(node.getStart());
  return `${src.file}:${line + 1}`;
}

/** Exported functions of the runner files that take a query: name → index of that parameter. */
function entryPoints(): Map<string, number> {
  const out = new Map<string, number>();
  for (const src of sources.filter((s) => RUNNER_FILES.includes(s.file))) {
    visit(src.ast, (n) => {
      if (!ts.isFunctionDeclaration(n) || !n.name) return;
      if (!n.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)) return;
      const index = n.parameters.findIndex((p) => ts.isIdentifier(p.name) && /query/i.test(p.name.text));
      if (index >= 0) out.set(n.name.text, index);
    });
  }
  return out;
}

/** The function (its name, and the parameter index) whose parameter `id` is, when the identifier is a parameter of its enclosing function. */
function forwardedParameter(id: ts.Identifier): { name: string; index: number; exported: boolean } | null {
  for (let n: ts.Node | undefined = id.parent; n; n = n.parent) {
    if (!ts.isFunctionDeclaration(n) && !ts.isArrowFunction(n) && !ts.isFunctionExpression(n) && !ts.isMethodDeclaration(n)) continue;
    const index = n.parameters.findIndex((p) => ts.isIdentifier(p.name) && p.name.text === id.text);
    if (index < 0) continue;
    const name = ts.isFunctionDeclaration(n) || ts.isMethodDeclaration(n) ? n.name?.getText() : ts.isVariableDeclaration(n.parent) ? n.parent.name.getText() : undefined;
    const statement = ts.isFunctionDeclaration(n) ? n : ts.isVariableDeclaration(n.parent) ? n.parent.parent.parent : undefined;
    const exported = !!statement && ts.canHaveModifiers(statement) && !!ts.getModifiers(statement)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
    return name ? { name, index, exported } : null;
  }
  return null;
}

/** The builder a query expression comes from: `X`, `ns.X`, `f(...)`, or a local `const q = <one of these>`. */
function builderOf(src: Source, expr: ts.Expression, depth = 0): string | null {
  if (ts.isParenthesizedExpression(expr) || ts.isAsExpression(expr)) return builderOf(src, expr.expression, depth);
  if (ts.isCallExpression(expr)) return builderOf(src, expr.expression, depth);
  if (ts.isPropertyAccessExpression(expr)) return expr.name.text;
  if (!ts.isIdentifier(expr)) return null;
  if (expr.text in BUILDERS || depth > 3) return expr.text;
  let init: ts.Expression | undefined;
  visit(src.ast, (n) => {
    if (ts.isVariableDeclaration(n) && ts.isIdentifier(n.name) && n.name.text === expr.text && n.initializer) init = n.initializer;
  });
  return init ? builderOf(src, init, depth + 1) : expr.text;
}

interface CallSite {
  at: string;
  entry: string;
  builder: string | null;
  text: string;
}

/**
 * Every call that hands a query to an entry point, directly or through wrappers: a call
 * whose query argument is a parameter of its enclosing function (e.g. the backfill's
 * `run(kind, query, …)`) makes that function an entry point too, and its own call
 * sites are followed instead.
 */
function callSites(): CallSite[] {
  const entries = entryPoints();
  for (;;) {
    const out: CallSite[] = [];
    let grew = false;
    for (const src of sources) {
      visit(src.ast, (n) => {
        if (!ts.isCallExpression(n)) return;
        const callee = ts.isIdentifier(n.expression) ? n.expression.text : ts.isPropertyAccessExpression(n.expression) ? n.expression.name.text : null;
        // exported entry points by name; a file's own (unexported) wrappers as "file#name"
        if (callee === null) return;
        const index = entries.get(`${src.file}#${callee}`) ?? entries.get(callee);
        if (index === undefined) return;
        const arg = n.arguments[index];
        if (!arg) return;
        const forwarded = ts.isIdentifier(arg) ? forwardedParameter(arg) : null;
        if (forwarded) {
          const key = forwarded.exported ? forwarded.name : `${src.file}#${forwarded.name}`;
          if (!entries.has(key)) {
            entries.set(key, forwarded.index);
            grew = true;
          }
          return;
        }
        out.push({ at: where(src, n), entry: callee, builder: builderOf(src, arg), text: arg.getText(src.ast) });
      });
    }
    if (!grew) return out;
  }
}

/** Exported names that look like bulk query builders (…BulkQuery / …BULK_QUERY), anywhere in the sources. */
function exportedBuilders(): { at: string; name: string }[] {
  const out: { at: string; name: string }[] = [];
  for (const src of sources) {
    visit(src.ast, (n) => {
      const exported = (ts.isFunctionDeclaration(n) || ts.isVariableStatement(n)) && n.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
      if (!exported) return;
      const names = ts.isFunctionDeclaration(n) ? (n.name ? [n.name.text] : []) : n.declarationList.declarations.flatMap((d) => (ts.isIdentifier(d.name) ? [d.name.text] : []));
      for (const name of names) if (/BulkQuery$|BULK_QUERY$|BulkQueries$|BULK_QUERIES$/.test(name)) out.push({ at: where(src, n), name });
    });
  }
  return out;
}

/** Code (not comments) that names the mutation: its constant, or a GraphQL text calling bulkOperationRunQuery. */
function sendsBulkMutation(src: Source): ts.Node[] {
  const out: ts.Node[] = [];
  visit(src.ast, (n) => {
    if (ts.isIdentifier(n) && n.text === "BULK_OPERATION_RUN_QUERY_MUTATION") out.push(n);
    else if ((ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n) || ts.isTemplateLiteralToken(n)) && /bulkOperationRunQuery\s*\(/.test(n.text)) out.push(n);
  });
  return out;
}

describe("bulk queries NetMargin sends (bulkOperationRunQuery)", () => {
  it("only the bulk runner sends the bulkOperationRunQuery mutation", () => {
    const senders = sources
      .filter((s) => !MUTATION_FILES.includes(s.file) && !RUNNER_FILES.includes(s.file))
      .flatMap((s) => sendsBulkMutation(s).map((n) => where(s, n)));
    expect(
      senders,
      "these files start bulk operations without the runner: go through runBulkImport (app/sync/bulk-run.server.ts), or add the file to RUNNER_FILES in test/shopify/bulk-queries.test.ts with an exported entry point taking `query`",
    ).toEqual([]);
  });

  it("finds the runner's entry points and their call sites (the scan itself works)", () => {
    expect([...entryPoints().keys()]).toContain("runBulkImport");
    const sites = callSites();
    // the backfill's three imports, found through its local wrapper around runBulkImport
    expect(sites.filter((s) => s.at.startsWith(join("app", "sync", "backfill.server.ts"))).map((s) => s.builder)).toEqual(["CATALOG_BULK_QUERY", "INVENTORY_BULK_QUERY", "ordersBulkQuery"]);
  });

  it("every query handed to the runner comes from a builder this test checks", () => {
    const unknown = callSites().filter((s) => s.builder === null || !(s.builder in BUILDERS));
    expect(
      unknown.map((s) => `${s.at}: ${s.entry}(…, ${s.text}, …)`),
      "a bulk query this test does not check: add its builder to BUILDERS in test/shopify/bulk-queries.test.ts with each argument variant",
    ).toEqual([]);
  });

  it("every exported bulk query builder is checked", () => {
    const unknown = exportedBuilders().filter((b) => !(b.name in BUILDERS));
    expect(unknown.map((b) => `${b.at}: ${b.name}`), "add these to BUILDERS in test/shopify/bulk-queries.test.ts").toEqual([]);
    // and the module of bulk queries exports no other function or string that is not a checked builder or helper
    const unchecked = Object.entries(bulkQueries)
      .filter(([name, value]) => (typeof value === "function" || typeof value === "string") && /BulkQuery$|BULK_QUERY$/.test(name) && !(name in BUILDERS))
      .map(([name]) => name);
    expect(unchecked).toEqual([]);
  });

  const texts = Object.entries(BUILDERS).flatMap(([name, make]) => make().map((text, i) => [`${name} #${i + 1}`, text] as const));

  it.each(texts)("%s validates against the Admin API 2026-10 schema", (_name, text) => {
    expect(validate(schema, parse(text)).map((e) => e.message)).toEqual([]);
  });

  it.each(texts)("%s obeys Shopify's bulk rules (the simulator's validator)", (_name, text) => {
    const r = prepareBulkQuery(schema, text);
    expect(r.ok ? [] : r.errors).toEqual([]);
  });

  it.each(texts)("%s runs in the simulator's bulk writer", async (_name, text) => {
    const r = prepareBulkQuery(schema, text);
    if (!r.ok) throw new Error(r.errors.map((e) => e.message).join("; "));
    const store = Store.generate({ seed: 14, orders: 30, now: "2026-10-15T12:00:00Z" });
    let lines = 0;
    await runBulkQuery(r.prepared, { store, nowMs: Date.parse(store.now()), bulk: true, searchWarnings: [] }, (chunk) => {
      lines += chunk.split("\n").length - 1;
    });
    expect(lines).toBeGreaterThan(0);
  });

  it("the checks refuse a bulk query Shopify refuses (so a bad builder cannot pass)", () => {
    // Shopify's answer: test/conformance/bulk-rules.test.ts ("a connection within a list field")
    const r = prepareBulkQuery(schema, "{ orders { edges { node { id refunds { refundLineItems { edges { node { quantity } } } } } } } }");
    expect(r.ok ? [] : r.errors.map((e) => e.message)).toEqual(["Queries that contain a connection field within a list field are not currently supported."]);
  });
});
