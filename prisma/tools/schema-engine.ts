import { randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import {
  bindMigrationAwareSqlAdapterFactory,
  type ErrorCapturingSqlMigrationAwareDriverAdapterFactory,
  type SqlDriverAdapter,
  type SqlMigrationAwareDriverAdapterFactory,
} from "@prisma/driver-adapter-utils";
import * as bindings from "@prisma/schema-engine-wasm/schema_engine_bg";
import pg from "pg";

import type { DatabaseTarget } from "./database-url";

/**
 * Prisma's schema engine (migrations, diffs) compiled to WebAssembly, talking
 * to the database through the same driver adapters as the app: no native
 * binary, no download.
 *
 * The package's entry point imports the .wasm file as an ES module, which Node
 * cannot do, so we instantiate it ourselves and hand the instance to the
 * wasm-bindgen glue (schema_engine_bg.js). The package is Prisma 7's engine;
 * the adapters are Prisma 6.19's, and the wrappers below bridge the few places
 * where they disagree.
 */
type SchemaEngine = bindings.SchemaEngine;
type ErrorRegistry = ErrorCapturingSqlMigrationAwareDriverAdapterFactory["errorRegistry"];

let wasmReady: Promise<void> | undefined;

function loadWasm(): Promise<void> {
  wasmReady ??= (async () => {
    const glue = createRequire(import.meta.url).resolve("@prisma/schema-engine-wasm/schema_engine_bg");
    const bytes = await readFile(join(dirname(glue), "schema_engine_bg.wasm"));
    const { instance } = await WebAssembly.instantiate(bytes, {
      "./schema_engine_bg.js": bindings as unknown as WebAssembly.ModuleImports,
    });
    bindings.__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as (() => void) | undefined)?.();
  })();
  return wasmReady;
}

/**
 * The glue reports a Rust panic's message to the global
 * PRISMA_WASM_PANIC_REGISTRY, just before the WebAssembly trap ("unreachable")
 * that carries no message of its own. Prisma's client runtime installs its own
 * registry, so ours only records while an engine runs, then hands back.
 */
let panicMessage = "";

function recordPanics(): () => void {
  const global = globalThis as { PRISMA_WASM_PANIC_REGISTRY?: { set_message?: (message: string) => void } };
  const registry = (global.PRISMA_WASM_PANIC_REGISTRY ??= {});
  const previous = registry.set_message;
  registry.set_message = (message) => {
    panicMessage = message;
  };
  return () => {
    registry.set_message = previous;
  };
}

/** A failure reported by the schema engine, with Prisma's error code when it gave one (e.g. P3018). */
export class SchemaEngineError extends Error {
  override name = "SchemaEngineError";
  constructor(message: string, readonly code?: string) {
    super(message);
  }
}

/**
 * A readable error for a WebAssembly trap (a panic in the engine). Some panics
 * escape the promise (they happen in a callback) and reach the process's
 * uncaughtException handler: the CLI passes them here too.
 */
export function describeCrash(error: WebAssembly.RuntimeError): SchemaEngineError {
  // A panic leaves the wasm instance unusable: start afresh next time.
  wasmReady = undefined;
  return new SchemaEngineError(`The schema engine crashed: ${panicMessage || error.message}`);
}

/**
 * Opens a schema engine on the database, runs `use`, then frees the engine and
 * closes its connections. `schemaFiles` are the Prisma schemas ([path, text])
 * the engine starts from; it refuses to start without one.
 */
export async function withSchemaEngine<T>(
  target: DatabaseTarget,
  schemaFiles: [string, string][],
  use: (engine: SchemaEngine) => Promise<T>,
): Promise<T> {
  await loadWasm();
  const stopRecordingPanics = recordPanics();
  const connections = trackConnections(
    target.provider === "sqlite" ? sqliteAdapterFactory(target.file) : postgresqlAdapterFactory(target.url),
  );
  const factory = bindMigrationAwareSqlAdapterFactory(connections.factory);
  let engine: SchemaEngine | undefined;
  try {
    // The engine logs tracing events through the callback; its errors say enough.
    engine = await bindings.SchemaEngine.new({ datamodels: schemaFiles }, () => {}, factory);
    return await use(engine);
  } catch (error) {
    if (error instanceof WebAssembly.RuntimeError) throw describeCrash(error);
    throw toSchemaEngineError(error, factory.errorRegistry);
  } finally {
    engine?.free();
    await connections.closeAll();
    stopRecordingPanics();
  }
}

/**
 * The engine's error, with the driver's own errors spelled out: the engine only
 * says "External error id#N", and the adapter binding keeps error N.
 */
function toSchemaEngineError(error: unknown, registry: ErrorRegistry): SchemaEngineError {
  const { message, code } =
    typeof error === "object" && error !== null && "message" in error
      ? (error as { message: unknown; code?: unknown })
      : { message: error, code: undefined };
  // Drop the engine's span trace ("   0: schema_engine_wasm::…"): it locates Rust code, not the problem.
  const withoutTrace = String(message)
    .split(/\n\s+0: /)[0]!
    .trimEnd();
  const text = withoutTrace.replace(/External error id#(\d+)/g, (whole, id: string) => {
    const external = registry.consumeError(Number(id))?.error;
    if (external === undefined) return whole;
    if (!(external instanceof Error)) return JSON.stringify(external);
    // DriverAdapterError keeps the driver's details (kind, code, message) in its cause.
    const cause = (external as { cause?: unknown }).cause;
    return cause === undefined ? external.message : `${external.message} ${JSON.stringify(cause)}`;
  });
  return new SchemaEngineError(text, typeof code === "string" ? code : undefined);
}

/**
 * Records every connection the engine opens. Freeing the engine does not close
 * its main connection, and an open SQLite connection keeps the engine's
 * exclusive lock on the database file.
 */
function trackConnections(factory: SqlMigrationAwareDriverAdapterFactory) {
  const open = new Set<SqlDriverAdapter>();
  const track = async (connecting: Promise<SqlDriverAdapter>) => {
    const adapter = await connecting;
    const dispose = adapter.dispose.bind(adapter);
    adapter.dispose = async () => {
      if (open.delete(adapter)) await dispose();
    };
    open.add(adapter);
    return adapter;
  };
  return {
    factory: {
      provider: factory.provider,
      adapterName: factory.adapterName,
      connect: () => track(factory.connect()),
      connectToShadowDb: () => track(factory.connectToShadowDb()),
    } satisfies SqlMigrationAwareDriverAdapterFactory,
    closeAll: async () => {
      await Promise.all([...open].map((adapter) => adapter.dispose()));
    },
  };
}

/**
 * PrismaBetterSQLite3, whose shadow database (where a diff replays the
 * migrations) is in memory. The engine replays each migration.sql there as one
 * executeRaw call, but better-sqlite3 prepares one statement at a time ("The
 * supplied SQL string contains more than one statement"), so parameterless SQL
 * on the shadow database runs as a script.
 */
function sqliteAdapterFactory(file: string): SqlMigrationAwareDriverAdapterFactory {
  const factory = new PrismaBetterSQLite3({ url: `file:${file}` });
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: () => factory.connect(),
    async connectToShadowDb() {
      const adapter = await factory.connectToShadowDb();
      const executeRaw = adapter.executeRaw.bind(adapter);
      adapter.executeRaw = async (query) => {
        if (query.args.length > 0) return executeRaw(query);
        await adapter.executeScript(query.sql);
        return 0;
      };
      return adapter;
    },
  };
}

/**
 * PrismaPg, whose shadow database is a temporary database on the same server,
 * created for a diff and dropped afterwards. (PrismaPg's own
 * connectToShadowDb() sets `database` next to the connection string, which pg
 * lets win: its "shadow" would be the real database.)
 */
function postgresqlAdapterFactory(url: string): SqlMigrationAwareDriverAdapterFactory {
  const connectTo = async (connectionString: string) => {
    const pool = enginePool(connectionString);
    return wholeScripts(await new PrismaPg(pool, { disposeExternalPool: true }).connect(), pool);
  };
  const main = new PrismaPg({ connectionString: url });
  return {
    provider: main.provider,
    adapterName: main.adapterName,
    connect: () => connectTo(url),
    async connectToShadowDb() {
      const name = `netmargin_shadow_${randomBytes(8).toString("hex")}`;
      await runOnServer(url, `CREATE DATABASE "${name}"`);
      const shadowUrl = new URL(url);
      shadowUrl.pathname = `/${name}`;
      const adapter = await connectTo(shadowUrl.href);
      const dispose = adapter.dispose.bind(adapter);
      adapter.dispose = async () => {
        await dispose();
        await runOnServer(url, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      };
      return adapter;
    },
  };
}

/**
 * adapter-pg 6.19 runs a migration script one statement at a time, split at every
 * ";", which cuts a PL/pgSQL function body (migration margin_rank's trigger) in
 * pieces. PostgreSQL's simple-query protocol takes a whole script in one message
 * and runs it as one implicit transaction, so the script goes to the pool as is;
 * errors are converted by the adapter as before.
 */
function wholeScripts(adapter: SqlDriverAdapter, pool: pg.Pool): SqlDriverAdapter {
  const convert = (adapter as unknown as { onError(error: unknown): never }).onError.bind(adapter);
  adapter.executeScript = async (script: string) => {
    try {
      await pool.query(script);
    } catch (error) {
      convert(error);
    }
  };
  return adapter;
}

// PostgreSQL catalog types that pg returns as strings, by type OID.
const PG_CHAR = 18;
const PG_NAME = 19;
const PG_TEXT = 25;
const CATALOG_STRING_TYPES = new Set([PG_CHAR, PG_NAME]);

/**
 * A pg pool whose result columns of the catalog types "char" and name are
 * announced as text. The engine reads catalog columns of these types, which
 * @prisma/adapter-pg 6.19 refuses ("Column type 'name' could not be
 * deserialized"); pg already returns their values as strings. Only the
 * migrator's connections get this, never the app's.
 */
function enginePool(connectionString: string): pg.Pool {
  const pool = new pg.Pool({ connectionString });
  pool.on("connect", (client) => {
    client.connection.prependListener("rowDescription", (message: { fields: { dataTypeID: number }[] }) => {
      for (const field of message.fields) if (CATALOG_STRING_TYPES.has(field.dataTypeID)) field.dataTypeID = PG_TEXT;
    });
  });
  return pool;
}

async function runOnServer(url: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}
