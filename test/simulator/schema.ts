/**
 * The real Shopify Admin GraphQL schema (2026-10), built once per process from the
 * committed introspection result (app/types/admin-2026-10.schema.json.gz).
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";
import { buildClientSchema, type GraphQLSchema, type IntrospectionQuery } from "graphql";

export const ADMIN_API_VERSION = "2026-10";

const SCHEMA_PATH = fileURLToPath(new URL("../../app/types/admin-2026-10.schema.json.gz", import.meta.url));

let cached: GraphQLSchema | undefined;

/** Builds (first call) or returns (later calls) the Admin API 2026-10 schema. */
export function loadAdminSchema(): GraphQLSchema {
  if (cached) return cached;
  const raw = gunzipSync(readFileSync(SCHEMA_PATH)).toString("utf8");
  const parsed = JSON.parse(raw) as { data?: IntrospectionQuery } & Partial<IntrospectionQuery>;
  const introspection = parsed.data ?? (parsed as IntrospectionQuery);
  cached = buildClientSchema(introspection, { assumeValid: true });
  return cached;
}
