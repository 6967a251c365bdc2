import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";

import { type DocumentNode, Kind, parse } from "graphql";

export interface Operation {
  file: string;
  /** The operation's text as sent: its `${FRAGMENT}` interpolations written out. */
  text: string;
  document: DocumentNode;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return path.endsWith(join("app", "types")) ? [] : sourceFiles(path);
    return /\.(ts|tsx|js|jsx)$/.test(name) ? [path] : [];
  });
}

/**
 * Every `#graphql` tagged template literal under app/ that holds an operation
 * (NetMargin's Admin API operations). A `${NAME}` in one is the `#graphql` literal
 * assigned to `NAME` (a fragment), resolved by name as Shopify's codegen does; any
 * other interpolation is an error. Fragment-only literals are not operations.
 */
export function findOperations(): Operation[] {
  const literals: { file: string; name: string | undefined; text: string }[] = [];
  for (const file of sourceFiles("app")) {
    const source = readFileSync(file, "utf8");
    for (const match of source.matchAll(/(?:(\w+)\s*=\s*)?`(#graphql[\s\S]*?)`/g)) {
      literals.push({ file: relative(".", file), name: match[1], text: match[2]! });
    }
  }
  const byName = new Map(literals.flatMap((l) => (l.name ? [[l.name, l.text] as const] : [])));
  const resolve = (file: string, text: string, depth = 0): string =>
    text.replace(/\$\{([^}]*)\}/g, (_, name: string) => {
      const fragment = byName.get(name.trim());
      if (fragment === undefined || depth > 5) throw new Error(`${file}: \${${name}} is not a #graphql fragment constant (never interpolate anything else into an operation)`);
      return resolve(file, fragment, depth + 1);
    });
  return literals.flatMap(({ file, text }) => {
    const resolved = resolve(file, text);
    const document = parse(resolved);
    return document.definitions.some((d) => d.kind === Kind.OPERATION_DEFINITION) ? [{ file, text: resolved, document }] : [];
  });
}
