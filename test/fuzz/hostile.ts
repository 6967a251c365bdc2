/**
 * Shared pieces of the fuzz properties (test/fuzz/README.md): hostile JSON values,
 * a mutator that plants them at arbitrary places of a real payload, and a snapshot
 * of every row of the database (to prove a refused request wrote nothing).
 */
import BetterSqlite3 from "better-sqlite3";
import fc from "fast-check";
import pg from "pg";


/** A JSON integer kept as its digits (JSON.rawJSON), as Shopify writes ids above 2^53. */
export interface RawJson {
  readonly rawJSON: string;
}
const rawJson = (JSON as unknown as { rawJSON(text: string): RawJson }).rawJSON;
export type Json = null | boolean | number | string | RawJson | Json[] | { [key: string]: Json };

/**
 * Runs and seeds: fixed in CI (reproducible), scaled up for a deeper local hunt with
 * FUZZ_SCALE=10 and moved with FUZZ_SEED=<n> (added to every property's seed).
 */
export function runs(n: number): number {
  return Math.max(1, Math.round(n * Number(process.env.FUZZ_SCALE ?? 1)));
}
export function seed(n: number): number {
  return n + Number(process.env.FUZZ_SEED ?? 0);
}

/** Strings a merchant's data or a broken client could carry in any text or amount field. */
export const HOSTILE_STRINGS = [
  "", " ", "-0", "0", "-1", "1e309", "-1e309", "1e-7", "12,50", "12.345", "12.", ".5", "+12.50", " 12.50 ", "1 234,56", "€12.50",
  "0x10", "NaN", "Infinity", "-Infinity", "null", "undefined", "true", "[]", "{}",
  "99999999999999999999999999.99", "-99999999999999999999999999.99", "9007199254740993",
  "2026-13-45T25:61:00Z", "0000-00-00T00:00:00Z", "2026-02-30", "+275760-09-13T00:00:00Z", "-271821-04-20T00:00:00Z", "not a date", "2026-10-01T09:30:00+25:00",
  "gid://shopify/Order/-1", "gid://shopify/Order/abc", "gid://shopify/ProductVariant/", "gid://other/Order/1", "gid://shopify/Order/1.5",
  "=HYPERLINK(\"http://x\",\"y\")", "+SUM(1,2)", "@cmd", "-2+3", "\t=1", "\r=1",
  "\u0000", "\u0000\u0001\u001f", "\u202e\u200b", "\ud800", "🎉🧾💶", "Ünïcødé ñ 漢字", "a\nb\r\nc", "\"quoted\"", "'; DROP TABLE \"Order\"; --", "%s%n",
];

const rawIntegers = fc.constantFrom(
  "123456789012345678901234567890", "-9999999999999999999", "18446744073709551616", "9007199254740993", "1e400", "-0", "0.0000000001", "1E2",
).map((digits) => rawJson(digits) as Json);

/** Deeply nested arrays/objects (parsers and validators that recurse). */
const deep = fc.integer({ min: 20, max: 400 }).map((depth) => {
  let v: Json = 1;
  for (let i = 0; i < depth; i++) v = i % 2 === 0 ? [v] : { a: v };
  return v;
});

/** One value that does not belong where it is put: wrong type, out of range, malformed, huge, or nested. */
export const hostileValue: fc.Arbitrary<Json> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom<Json>(null, [], {}, true, false, 0, -1, -0, 1.5, -2.5, 1e308, -1e308, 2 ** 53 + 2, -(2 ** 63), 0.1 + 0.2) },
  { weight: 5, arbitrary: fc.constantFrom<Json>(...HOSTILE_STRINGS) },
  { weight: 2, arbitrary: rawIntegers },
  { weight: 2, arbitrary: fc.integer().map((n) => n as Json) },
  { weight: 2, arbitrary: fc.double().map((n) => n as Json) },
  { weight: 2, arbitrary: fc.string({ unit: "binary", maxLength: 40 }).map((s) => s as Json) },
  { weight: 1, arbitrary: fc.string({ minLength: 5_000, maxLength: 20_000, unit: fc.constantFrom("a", "é", "🎉", "\u0000") }).map((s) => s as Json) },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 3 }).map((v) => v as Json) },
  { weight: 1, arbitrary: deep },
);

/** What to do at one place of a payload: remove the key, or put a hostile value there. */
export type Mutation = { at: number; op: "delete" } | { at: number; op: "set"; value: Json };
export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 1, arbitrary: fc.record({ at: fc.nat(), op: fc.constant("delete" as const) }) },
  { weight: 3, arbitrary: fc.record({ at: fc.nat(), op: fc.constant("set" as const), value: hostileValue }) },
);

type Path = (string | number)[];
function paths(value: Json, prefix: Path = [], out: Path[] = []): Path[] {
  if (value === null || typeof value !== "object" || "rawJSON" in value) return out;
  const entries: [string | number, Json][] = Array.isArray(value) ? value.map((v, i) => [i, v]) : Object.entries(value);
  for (const [k, v] of entries) {
    const p = [...prefix, k];
    out.push(p);
    paths(v, p, out);
  }
  return out;
}

/** A copy of `payload` with each mutation applied at one of its places (chosen by `at`, among every key and index). */
export function mutate(payload: Json, mutations: readonly Mutation[]): Json {
  let root = structuredClone(payload);
  for (const m of mutations) {
    const all = paths(root);
    if (all.length === 0) {
      if (m.op === "set") root = m.value;
      continue;
    }
    const path = all[m.at % all.length]!;
    let parent = root as Record<string | number, Json>;
    for (const k of path.slice(0, -1)) parent = parent[k] as Record<string | number, Json>;
    const key = path[path.length - 1]!;
    if (m.op === "delete") {
      if (Array.isArray(parent)) parent.splice(Number(key), 1);
      else delete parent[key];
    } else parent[key] = m.value;
  }
  return root;
}

const stringify = (rows: unknown) => JSON.stringify(rows, (_k, v: unknown) => (typeof v === "bigint" ? `${v}n` : v instanceof Date ? v.toISOString() : v));

// PostgreSQL: a connection of our own (pg), each row as its row_to_json text.
let pgReader: { url: string; client: pg.Client; tables: string[] } | null = null;
async function postgresReader(): Promise<{ client: pg.Client; tables: string[] }> {
  const url = process.env.DATABASE_URL ?? "";
  if (pgReader?.url !== url) {
    await pgReader?.client.end();
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const rows = await client.query<{ name: string }>(`SELECT table_name::text AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`);
    pgReader = { url, client, tables: rows.rows.map((r) => r.name).filter((n) => !/migration|pgboss/i.test(n)).sort() };
  }
  return pgReader;
}

export const isPostgres = () => (process.env.DATABASE_URL ?? "").startsWith("postgres");

// SQLite: a read-only connection of our own reads every table in a few milliseconds (Prisma's raw queries take ~50 ms for all of them).
let reader: { file: string; db: BetterSqlite3.Database; tables: string[] } | null = null;
function sqliteReader(): { db: BetterSqlite3.Database; tables: string[] } {
  const file = (process.env.DATABASE_URL ?? "").replace(/^file:/, "");
  if (reader?.file !== file) {
    reader?.db.close();
    const db = new BetterSqlite3(file, { readonly: true });
    db.defaultSafeIntegers(true);
    const tables = (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`).all() as { name: string }[])
      .map((r) => r.name)
      .filter((n) => !/migration/i.test(n))
      .sort();
    reader = { file, db, tables };
  }
  return reader;
}

/** The rows of a read-only query (SQLite through the reader, PostgreSQL through the app's client). */
export async function readRows(sql: string): Promise<Record<string, unknown>[]> {
  if (!isPostgres()) return sqliteReader().db.prepare(sql).all() as Record<string, unknown>[];
  return (await (await postgresReader()).client.query<Record<string, unknown>>(sql)).rows;
}

/** Closes the connections snapshot() and readRows() opened (afterAll). */
export async function closeSnapshotReader(): Promise<void> {
  reader?.db.close();
  reader = null;
  await pgReader?.client.end();
  pgReader = null;
}

/**
 * Every row of every table (all shops: a request for one shop must not touch another's
 * either), each table's rows sorted as text, so two snapshots are equal exactly when
 * nothing was written.
 */
export async function snapshot(): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  if (!isPostgres()) {
    const r = sqliteReader();
    for (const t of r.tables) out[t] = (r.db.prepare(`SELECT * FROM "${t}"`).all() as unknown[]).map(stringify).sort();
    return out;
  }
  const r = await postgresReader();
  for (const t of r.tables) out[t] = (await r.client.query<{ r: string }>(`SELECT row_to_json(t)::text AS r FROM "${t}" t`)).rows.map((row) => row.r).sort();
  return out;
}

/** The tables whose rows differ between two snapshots (for a readable failure). */
export function changedTables(before: Record<string, string[]>, after: Record<string, string[]>): string[] {
  return Object.keys({ ...before, ...after }).filter((t) => stringify(before[t]) !== stringify(after[t]));
}
