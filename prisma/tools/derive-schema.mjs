// Derives prisma/postgresql/schema.prisma from prisma/schema.prisma (SQLite, the
// single source of truth). A Prisma client generated for one provider refuses a
// driver adapter of another, so PostgreSQL needs its own schema, its own
// generated client and its own migrations; everything else in the two schemas is
// identical. Plain JavaScript so that both `node prisma/tools/generate.mjs` and
// the TypeScript tools (tsx) can import it.
import { readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";

/**
 * The prisma/ folder (schemas, migrations, these tools), found from the working
 * directory: npm scripts, tests and the server all run from the repository
 * root. Not from import.meta.url, because the app bundles these modules
 * (build/server/index.js), where that URL no longer points into prisma/tools.
 */
export const PRISMA_DIR = resolve("prisma");

/**
 * Where each provider keeps its schema and migrations, relative to a prisma/
 * folder (tests run the tools on a temporary copy of it).
 */
export const LAYOUT = {
  sqlite: { schema: "schema.prisma", migrations: "migrations" },
  postgresql: { schema: join("postgresql", "schema.prisma"), migrations: join("postgresql", "migrations") },
};

/**
 * Where the PostgreSQL client is generated, relative to prisma/postgresql/.
 * node_modules/.prisma/client-postgresql sits next to the SQLite client
 * (node_modules/.prisma/client): git-ignored, and resolvable from app code.
 */
export const POSTGRESQL_CLIENT_OUTPUT = "../../node_modules/.prisma/client-postgresql";

const HEADER =
  "// GENERATED from ../schema.prisma by prisma/tools/derive-schema.mjs: do not edit.\n" +
  "// Edit prisma/schema.prisma, then run `npm run prisma:generate` (or\n" +
  "// `npm run db:migration:new -- <name>`, which also rewrites this file).\n\n";

/**
 * The PostgreSQL schema for a SQLite source schema: same models, provider
 * switched, client generated to POSTGRESQL_CLIENT_OUTPUT.
 * @param {string} source the text of prisma/schema.prisma
 * @returns {string}
 */
export function derivePostgresqlSchema(source) {
  if (/@db\./.test(source)) {
    // Native types differ per provider: this derivation would copy them verbatim.
    throw new Error("prisma/schema.prisma uses a native type (@db.*); they are provider-specific and not supported");
  }
  const withProvider = replaceOnce(
    source,
    /(datasource\s+db\s*\{[^}]*?provider\s*=\s*)"sqlite"/,
    '$1"postgresql"',
    'a `datasource db` block with provider = "sqlite"',
  );
  const withOutput = replaceOnce(
    withProvider,
    /(generator\s+client\s*\{[^}]*?provider\s*=\s*"prisma-client-js"\n)/,
    `$1  output     = "${POSTGRESQL_CLIENT_OUTPUT}"\n`,
    'a `generator client` block with provider = "prisma-client-js"',
  );
  return HEADER + withOutput;
}

/**
 * Rewrites <prismaDir>/postgresql/schema.prisma from <prismaDir>/schema.prisma.
 * @param {string} [prismaDir]
 * @returns {boolean} whether the file changed
 */
export function writeDerivedSchema(prismaDir = PRISMA_DIR) {
  const derived = derivePostgresqlSchema(readFileSync(join(prismaDir, LAYOUT.sqlite.schema), "utf8"));
  const target = join(prismaDir, LAYOUT.postgresql.schema);
  let current = null;
  try {
    current = readFileSync(target, "utf8");
  } catch {
    // First run: the file does not exist yet.
  }
  if (current === derived) return false;
  writeFileSync(target, derived);
  return true;
}

/**
 * @param {string} text
 * @param {RegExp} pattern
 * @param {string} replacement
 * @param {string} what
 */
function replaceOnce(text, pattern, replacement, what) {
  const global = new RegExp(pattern.source, "g");
  const count = [...text.matchAll(global)].length;
  if (count !== 1) {
    throw new Error(`prisma/schema.prisma must contain exactly one ${what} (found ${count})`);
  }
  return text.replace(pattern, replacement);
}
