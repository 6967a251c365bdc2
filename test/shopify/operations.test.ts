import { readFileSync } from "node:fs";
import { join } from "node:path";

import { type DocumentNode, Kind, parse, validate } from "graphql";
import { describe, expect, it } from "vitest";

import { findOperations } from "../helpers/operations";
import { loadAdminSchema } from "../simulator/schema";

/**
 * Every GraphQL operation NetMargin sends lives in app/ as a `#graphql` tagged
 * template literal. Each one must parse, be named, and validate against the real
 * Admin API 2026-10 schema, so a misspelt field or argument fails CI; and the
 * committed codegen output must know its exact text (its fragments written out, as
 * sent), so types never go stale.
 */

const schema = loadAdminSchema();
const operations = findOperations();

describe("GraphQL operations in app/", () => {
  it("finds the operations (the scan itself works)", () => {
    expect(operations.length).toBeGreaterThan(0);
    expect(operations.map((o) => o.file)).toContain(join("app", "shopify", "graphql", "ShopQuery.ts"));
  });

  it.each(operations.map((o) => [operationNames(o.document).join(", "), o] as const))(
    "%s validates against the Admin API 2026-10 schema",
    (_name, operation) => {
      expect(operation.text, `${operation.file}: only #graphql fragment constants are interpolated into an operation`).not.toContain("${");
      for (const definition of operation.document.definitions) {
        if (definition.kind === Kind.OPERATION_DEFINITION) {
          expect(definition.name?.value, `${operation.file}: every operation is named`).toBeTruthy();
        }
      }
      const errors = validate(schema, operation.document).map((e) => e.message);
      expect(errors, operation.file).toEqual([]);
    },
  );

  it("has committed codegen types for the exact text of every operation (run npm run graphql-codegen)", () => {
    const generated = readFileSync("app/types/admin.generated.d.ts", "utf8");
    for (const operation of operations) {
      expect(generated, `${operation.file}: stale app/types/admin.generated.d.ts`).toContain(
        `${JSON.stringify(operation.text)}: {return:`,
      );
    }
  });

  it("rejects a misspelt field, so a typo cannot pass", () => {
    const typo = parse(`query Typo { shop { currencyCod } }`);
    expect(validate(schema, typo).map((e) => e.message)).toEqual([
      'Cannot query field "currencyCod" on type "Shop". Did you mean "currencyCode"?',
    ]);
    const badArgument = parse(`query BadArg { orders(frist: 5) { nodes { id } } }`);
    expect(validate(schema, badArgument).map((e) => e.message)).toEqual([
      'Unknown argument "frist" on field "QueryRoot.orders". Did you mean "first" or "last"?',
    ]);
  });
});

function operationNames(document: DocumentNode): string[] {
  return document.definitions.flatMap((d) =>
    d.kind === Kind.OPERATION_DEFINITION ? [d.name?.value ?? "(anonymous)"] : [],
  );
}
