// `npm run prisma:generate`: generates the Prisma clients for both providers,
// offline. First rewrites prisma/postgresql/schema.prisma from
// prisma/schema.prisma, then runs `prisma generate` on each schema:
//   prisma/schema.prisma            -> node_modules/.prisma/client (@prisma/client)
//   prisma/postgresql/schema.prisma -> node_modules/.prisma/client-postgresql
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative } from "node:path";

import { LAYOUT, POSTGRESQL_CLIENT_OUTPUT, PRISMA_DIR, writeDerivedSchema } from "./derive-schema.mjs";

// The Prisma CLI wants its native engines to exist even for `generate`, which
// never runs them, and would otherwise try to download them. Point it at a
// placeholder unless the developer has real engines configured.
const placeholder = join(PRISMA_DIR, "tools", "no-native-engine.mjs");
const env = {
  ...process.env,
  PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY || placeholder,
  PRISMA_QUERY_ENGINE_LIBRARY: process.env.PRISMA_QUERY_ENGINE_LIBRARY || placeholder,
  // No update check or telemetry: both would reach out to the network.
  PRISMA_HIDE_UPDATE_MESSAGE: "1",
  CHECKPOINT_DISABLE: "1",
};

if (writeDerivedSchema()) {
  console.log(`Updated prisma/${LAYOUT.postgresql.schema} from prisma/${LAYOUT.sqlite.schema}`);
}

const prismaCli = createRequire(import.meta.url).resolve("prisma/build/index.js");
for (const schema of [LAYOUT.sqlite.schema, LAYOUT.postgresql.schema]) {
  const schemaPath = join(PRISMA_DIR, schema);
  const result = spawnSync(process.execPath, [prismaCli, "generate", "--schema", schemaPath], {
    env,
    stdio: "inherit",
  });
  if (result.status !== 0) {
    console.error(`prisma generate failed for ${relative(process.cwd(), schemaPath)}`);
    process.exit(result.status ?? 1);
  }
}

shareRuntime(join(PRISMA_DIR, dirname(LAYOUT.postgresql.schema), POSTGRESQL_CLIENT_OUTPUT));

/**
 * A client generated to a custom output gets its own copy of Prisma's runtime
 * (./runtime), so its error classes would not be @prisma/client's:
 * `error instanceof Prisma.PrismaClientKnownRequestError` (the app's and
 * PrismaSessionStorage's check for P2002) would be false on PostgreSQL. Point
 * the PostgreSQL client at @prisma/client's runtime, as the default client is,
 * and drop the copy (the same files, same version).
 */
function shareRuntime(clientDir) {
  for (const entry of readdirSync(clientDir, { withFileTypes: true })) {
    if (!entry.isFile() || !/\.(c?js|mjs|d\.ts)$/.test(entry.name)) continue;
    const file = join(clientDir, entry.name);
    const text = readFileSync(file, "utf8");
    const shared = text.replace(/(["'])\.\/runtime\//g, "$1@prisma/client/runtime/");
    if (shared !== text) writeFileSync(file, shared);
  }
  rmSync(join(clientDir, "runtime"), { recursive: true, force: true });
}
