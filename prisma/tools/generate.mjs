// `npm run prisma:generate`: generates the Prisma clients for both providers,
// offline. First rewrites prisma/postgresql/schema.prisma from
// prisma/schema.prisma, then runs `prisma generate` on each schema:
//   prisma/schema.prisma            -> node_modules/.prisma/client (@prisma/client)
//   prisma/postgresql/schema.prisma -> node_modules/.prisma/client-postgresql
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { join, relative } from "node:path";

import { LAYOUT, PRISMA_DIR, writeDerivedSchema } from "./derive-schema.mjs";

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
