#!/usr/bin/env node
// Placeholder for Prisma's native engines, which cannot be downloaded here (no
// network) and are not needed: the client is Rust-free (engineType = "client")
// and migrations run on @prisma/schema-engine-wasm. prisma/tools/generate.mjs
// points PRISMA_SCHEMA_ENGINE_BINARY and PRISMA_QUERY_ENGINE_LIBRARY at this
// file because the Prisma CLI insists that they exist. Should a CLI command
// actually run it, say what to use instead.
console.error(
  "NetMargin: Prisma's native schema engine is not installed. Use `npm run db:migrate` " +
    "and `npm run db:migration:new -- <name>` (prisma/tools/cli.ts) instead of `prisma migrate`.",
);
process.exit(1);
