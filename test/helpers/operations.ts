import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";

import { type DocumentNode, parse } from "graphql";

export interface Operation {
  file: string;
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

/** Every `#graphql` tagged template literal under app/ (NetMargin's Admin API operations). */
export function findOperations(): Operation[] {
  const operations: Operation[] = [];
  for (const file of sourceFiles("app")) {
    const source = readFileSync(file, "utf8");
    for (const match of source.matchAll(/`(#graphql[\s\S]*?)`/g)) {
      const text = match[1]!;
      operations.push({ file: relative(".", file), text, document: parse(text) });
    }
  }
  return operations;
}
