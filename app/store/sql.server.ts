/**
 * A thin SQL connection for the bulk writes of sync and the margin recompute, on
 * the same database as Prisma.
 *
 * Why not Prisma for these writes: a backfill writes millions of rows, and Prisma's
 * raw queries through the driver adapters are several times slower than
 * better-sqlite3 prepared statements (app/DECISIONS.md 2026-11-22, numbers in
 * test/bench/README.md). Prisma still owns the schema (migrations) and every other
 * read and write. Statements are written once with `?` placeholders and quoted
 * identifiers and work on both providers:
 * - SQLite: better-sqlite3 on the DATABASE_URL file (sqlite-connection.mjs), WAL
 *   journal (readers are not blocked by a backfill), 5 s busy timeout like Prisma's
 *   connection. Dates are written as Prisma writes them
 *   ("2026-01-02T03:04:05.678+00:00"), booleans as 1/0.
 * - PostgreSQL: a `pg` pool; `?` becomes `$n`.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { serialize, type HeapInfo } from "node:v8";
import { MessageChannel, type MessagePort, Worker } from "node:worker_threads";

import pg from "pg";

import { parseDatabaseUrl, type Provider } from "../../prisma/tools/database-url";
import { logger } from "~/logger.server";
import { SqliteWriter, type BatchStatement } from "./sqlite-connection.mjs";
import { startWorker } from "./worker-heap.server";

export type SqlValue = string | number | boolean | Date | Instant | null;

export interface SqlDb {
  readonly provider: Provider;
  query<T extends Record<string, unknown>>(sql: string, params?: readonly SqlValue[]): Promise<T[]>;
  /** Runs a statement; returns the number of rows changed. */
  execute(sql: string, params?: readonly SqlValue[]): Promise<number>;
  /**
   * Inserts rows into a table (SQLite: one prepared statement in a loop; PostgreSQL:
   * multi-row INSERTs). With `upsert`, a row whose `key` columns match an existing
   * row updates that row's `update` columns in place instead (ON CONFLICT … DO
   * UPDATE): indexes over columns left out of `update` are not touched.
   */
  insertMany(table: string, columns: readonly string[], rows: Rows, upsert?: Upsert): Promise<void>;
  /**
   * Rows handed over ahead of the insert that writes them (`insertMany(…, stage)`),
   * a part at a time. On SQLite's writer thread each part is posted as it is added,
   * so a transaction of many rows is not bound and copied in one go on the calling
   * thread (the margin recompute adds 1,000 rows per part and inserts 20,000).
   * A stage is inserted once; `discard` drops one that will not be. With `collect`
   * (SQLite's writer thread only; ignored elsewhere), two values of each row are also
   * added to a collection the writer keeps (SqliteWorkerDb.startCollection).
   */
  stage(collect?: PairCollection): RowStage;
  /**
   * Runs `fn` as one transaction (one at a time per SqlDb). On SQLite the writes
   * `fn` issues are collected and committed together in one step, and its reads
   * see the data as it was before them (see LockedSqlite): write first what you
   * read, never read back what you wrote in the same transaction.
   */
  transaction<T>(fn: (tx: SqlDb) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export interface RowStage {
  /** Hands rows over: the stage owns them from then on (it may convert them in place). */
  add(rows: readonly SqlValue[][]): void;
  readonly size: number;
  discard(): void;
}

/**
 * Where a staged row's pair goes on SQLite's writer thread: the collection `name`
 * gets row[key] (a number) and row[id] (a text) as the rows arrive.
 */
export interface PairCollection {
  readonly name: string;
  readonly key: number;
  readonly id: number;
}

/** Rows to insert: given now, or staged before. */
export type Rows = readonly SqlValue[][] | RowStage;

/** A stage kept on the calling thread: rows converted for the database as they are added. */
class MemoryStage implements RowStage {
  private rows: unknown[][] = [];
  private used = false;
  constructor(private readonly convert: (row: readonly SqlValue[]) => unknown[]) {}
  add(rows: readonly SqlValue[][]): void {
    if (this.used) throw new Error("rows added to a stage already inserted");
    for (const r of rows) this.rows.push(this.convert(r));
  }
  get size(): number {
    return this.rows.length;
  }
  /** The rows, for the insert; a stage is inserted once. */
  take(): unknown[][] {
    if (this.used) throw new Error("a stage is inserted once");
    this.used = true;
    const rows = this.rows;
    this.rows = [];
    return rows;
  }
  discard(): void {
    this.used = true;
    this.rows = [];
  }
}

/** ON CONFLICT (key) DO UPDATE SET each of `update` to the row's value. */
export interface Upsert {
  readonly key: readonly string[];
  readonly update: readonly string[];
}

/** A quoted identifier: statements here quote every table and column name. */
const quote = (identifier: string) => `"${identifier}"`;

/** `INSERT INTO table (columns) VALUES ` plus the ON CONFLICT clause to append after the values. */
function insertParts(table: string, columns: readonly string[], upsert?: Upsert): { head: string; tail: string } {
  const head = `INSERT INTO ${quote(table)} (${columns.map(quote).join(",")}) VALUES `;
  if (!upsert) return { head, tail: "" };
  return { head, tail: ` ON CONFLICT (${upsert.key.map(quote).join(",")}) DO UPDATE SET ${upsert.update.map((c) => `${quote(c)} = excluded.${quote(c)}`).join(", ")}` };
}

/** The INSERT of one row of `columns`. */
function insertRowSql(table: string, columns: readonly string[]): string {
  return insertParts(table, columns).head + valuesPlaceholders(1, columns.length);
}

/** `UPDATE table SET (upsert.update) WHERE (upsert.key)`, and where each parameter is in a row of `columns`. */
function updateByKey(table: string, columns: readonly string[], upsert: Upsert): { sql: string; order: number[] } {
  const at = (c: string) => {
    const i = columns.indexOf(c);
    if (i < 0) throw new Error(`upsert column ${c} is not among the inserted columns`);
    return i;
  };
  return {
    sql: `UPDATE ${quote(table)} SET ${upsert.update.map((c) => `${quote(c)} = ?`).join(", ")} WHERE ${upsert.key.map((c) => `${quote(c)} = ?`).join(" AND ")}`,
    order: [...upsert.update.map(at), ...upsert.key.map(at)],
  };
}

/** Largest number of bound parameters per statement (SQLite ≥ 3.32 allows 32,766; PostgreSQL 65,535). */
const MAX_PARAMS = 30_000;

/**
 * Opens a connection for DATABASE_URL (`file:` → SQLite, `postgresql://` → PostgreSQL).
 * SQLite runs on a worker thread when its script is found (`thread: "worker"`,
 * the default), so a backfill parses the next batch while the previous one is
 * written; `thread: "main"` keeps it on the calling thread.
 */
export function openSqlDb(databaseUrl: string, opts: { thread?: "worker" | "main" } = {}): SqlDb {
  const target = parseDatabaseUrl(databaseUrl);
  if (target.provider === "postgresql") return new PostgresDb(target.url);
  const script = opts.thread === "main" ? null : workerScript();
  return script ? SqliteWorkerDb.start(target.file, script) : new SqliteDb(target.file);
}

/** The writer's SQLite page cache (KiB). The margin recompute borrows more while it runs. */
export const SQLITE_CACHE_KIB = 32 * 1024;

/** WAL pages after which a commit of the writer checkpoints (≈ 40 MB; SQLite's default is 1,000). */
export const SQLITE_WAL_AUTOCHECKPOINT = 10_000;

const SQLITE_PRAGMAS = [
  "journal_mode = WAL",
  "synchronous = NORMAL",
  // Bulk writes: a 32 MB page cache and checkpoints every ~40 MB of WAL instead of 4 MB.
  `cache_size = -${SQLITE_CACHE_KIB}`,
  `wal_autocheckpoint = ${SQLITE_WAL_AUTOCHECKPOINT}`,
];

/** The worker script: beside this module in the source tree (dev, tests), else from the app root (a built server). */
function workerScript(): string | null {
  const candidates: string[] = [];
  try {
    candidates.push(fileURLToPath(new URL("./sqlite-writer.worker.mjs", import.meta.url)));
  } catch {
    // not a file: URL (bundled)
  }
  candidates.push(join(process.cwd(), "app", "store", "sqlite-writer.worker.mjs"));
  return candidates.find((c) => existsSync(c)) ?? null;
}

/** `( ?, ?, … )` repeated: placeholders for a multi-row INSERT. */
export function valuesPlaceholders(rows: number, columns: number): string {
  const one = `(${Array.from({ length: columns }, () => "?").join(",")})`;
  return Array.from({ length: rows }, () => one).join(",");
}

/** Splits rows into chunks whose parameters fit in one statement. */
export function* chunks<T>(rows: readonly T[], columns: number): Generator<T[]> {
  const size = Math.max(1, Math.floor(MAX_PARAMS / columns));
  for (let i = 0; i < rows.length; i += size) yield rows.slice(i, i + size);
}

/** A Prisma-compatible text timestamp for SQLite: "2026-01-02T03:04:05.678+00:00". */
function sqliteDate(d: Date): string {
  return d.toISOString().replace("Z", "+00:00");
}

const ISO_Z = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?Z$/;

/**
 * A timestamp parameter from a UTC ISO string ("…Z", as sync's records hold them),
 * without a Date round trip on SQLite. Other forms go through Date.
 */
export class Instant {
  private sqlite: string | undefined;
  constructor(readonly iso: string) {}
  /** Prisma's SQLite text, worked out once per Instant (one may be bound on many rows). */
  forSqlite(): string {
    return (this.sqlite ??= ISO_Z.test(this.iso)
      ? this.iso.length === 20
        ? `${this.iso.slice(0, 19)}.000+00:00`
        : `${this.iso.slice(0, 23)}+00:00`
      : sqliteDate(new Date(this.iso)));
  }
}

/** Mutex so async transactions on one connection never interleave. */
class Lock {
  private tail: Promise<void> = Promise.resolve();
  run<T>(fn: () => Promise<T>): Promise<T> {
    const result = this.tail.then(fn);
    this.tail = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }
}

/**
 * The SQLite connections' shared discipline: one connection, so statements from
 * concurrent flows (a backfill, a webhook) must not interleave inside another's
 * transaction. Every statement outside a transaction takes the lock; a
 * transaction holds it and hands its callback a recorder that runs reads at
 * once and collects writes for one batch (see `transaction`).
 */
abstract class LockedSqlite implements SqlDb {
  readonly provider = "sqlite" as const;
  private readonly lock = new Lock();
  // The raw* methods run at once, without the lock, on parameters already bound (SqliteWriter's methods).
  protected abstract rawQuery(sql: string, params: unknown[]): Promise<unknown[]>;
  protected abstract rawExecute(sql: string, params: unknown[]): Promise<number>;
  protected abstract rawInsertMany(sql: string, rows: unknown[][]): Promise<void>;
  /** Runs the statements in one transaction without yielding (SqliteWriter.batch). */
  protected abstract rawBatch(statements: BatchStatement[]): Promise<void>;
  abstract close(): Promise<void>;

  abstract stage(collect?: PairCollection): RowStage;

  /**
   * The batch statement that inserts `rows` (bound now, or staged). An upsert runs
   * on SQLite as an UPDATE by the key and an INSERT when it matched no row
   * (SqliteWriter.insertRows): its rows usually exist (the recompute rewriting its
   * margins), and ON CONFLICT … DO UPDATE would try the insert first, which is
   * slower (test/bench/README.md).
   */
  protected insertStatement(table: string, columns: readonly string[], rows: Rows, upsert?: Upsert): BatchStatement | null {
    const sql = insertRowSql(table, columns);
    const update = upsert ? updateByKey(table, columns, upsert) : undefined;
    if (isStage(rows)) {
      if (rows instanceof MemoryStage) {
        const taken = rows.take();
        return taken.length === 0 ? null : { sql, rows: taken, update };
      }
      if (rows instanceof WorkerStage) return { sql, stage: rows.take(), update };
      throw new TypeError("a stage of another connection");
    }
    return rows.length === 0 ? null : { sql, rows: rows.map(bindSqlite), update };
  }

  query<T extends Record<string, unknown>>(sql: string, params: readonly SqlValue[] = []): Promise<T[]> {
    return this.lock.run(async () => (await this.rawQuery(sql, bindSqlite(params))) as T[]);
  }

  execute(sql: string, params: readonly SqlValue[] = []): Promise<number> {
    return this.lock.run(() => this.rawExecute(sql, bindSqlite(params)));
  }

  /** Statements already bound, in one transaction (under the connection's lock). */
  protected batch(statements: BatchStatement[]): Promise<void> {
    return this.lock.run(() => this.rawBatch(statements));
  }

  async insertMany(table: string, columns: readonly string[], rows: Rows, upsert?: Upsert): Promise<void> {
    const st = this.insertStatement(table, columns, rows, upsert);
    if (!st) return;
    // Rows given now: one statement per row as before; staged rows and upserts: in one transaction.
    await this.lock.run(() => (st.rows && !st.update ? this.rawInsertMany(st.sql, st.rows) : this.rawBatch([st])));
  }

  /**
   * Why writes are collected: Prisma's SQLite driver is synchronous, so a Prisma
   * write that meets this connection's write lock blocks the main thread in
   * SQLite's busy handler. If this transaction were then waiting for the main
   * thread to send its next statement, both would wait until the 5 s timeout.
   * So the transaction's reads run first (under this connection's lock, outside
   * any SQLite transaction) and its writes run afterwards in one step
   * (`rawBatch`: BEGIN IMMEDIATE … COMMIT without returning to the main thread).
   */
  transaction<T>(fn: (tx: SqlDb) => Promise<T>): Promise<T> {
    return this.lock.run(async () => {
      const writes: BatchStatement[] = [];
      const recorder: SqlDb = {
        provider: "sqlite",
        query: async <R extends Record<string, unknown>>(sql: string, params: readonly SqlValue[] = []) => (await this.rawQuery(sql, bindSqlite(params))) as R[],
        execute: (sql, params = []) => {
          writes.push({ sql, params: bindSqlite(params) });
          return Promise.resolve(0);
        },
        insertMany: async (table, columns, rows, upsert) => {
          const st = this.insertStatement(table, columns, rows, upsert);
          if (st) writes.push(st);
        },
        stage: () => this.stage(),
        transaction: (inner) => inner(recorder),
        close: () => Promise.resolve(),
      };
      const result = await fn(recorder);
      if (writes.length > 0) await this.rawBatch(writes);
      return result;
    });
  }
}

/** SQLite on the calling thread. */
class SqliteDb extends LockedSqlite {
  private readonly writer: SqliteWriter;

  constructor(file: string) {
    super();
    this.writer = new SqliteWriter(file, SQLITE_PRAGMAS);
  }

  stage(): RowStage {
    return new MemoryStage(bindSqlite);
  }
  protected rawQuery(sql: string, params: unknown[]): Promise<unknown[]> {
    return Promise.resolve(this.writer.query(sql, params));
  }
  protected rawExecute(sql: string, params: unknown[]): Promise<number> {
    return Promise.resolve(this.writer.execute(sql, params));
  }
  protected rawInsertMany(sql: string, rows: unknown[][]): Promise<void> {
    this.writer.insertRows(sql, rows);
    return Promise.resolve();
  }
  protected rawBatch(statements: BatchStatement[]): Promise<void> {
    this.writer.batch(statements);
    return Promise.resolve();
  }
  close(): Promise<void> {
    this.writer.close();
    return Promise.resolve();
  }
}

/** Multi-row INSERTs of a fixed size (statements PostgreSQL can cache), then the rest. */
async function insertManyPg(
  run: (sql: string, params: unknown[]) => Promise<unknown>,
  table: string,
  columns: readonly string[],
  rows: readonly SqlValue[][],
  upsert?: Upsert,
) {
  const { head, tail } = insertParts(table, columns, upsert);
  const size = Math.max(1, Math.min(500, Math.floor(MAX_PARAMS / columns.length)));
  for (let i = 0; i < rows.length; i += size) {
    const part = rows.slice(i, i + size);
    await run(toPg(head + valuesPlaceholders(part.length, columns.length) + tail), pgParams(part.flat()));
  }
}

function pgRows(rows: Rows): readonly SqlValue[][] {
  if (!isStage(rows)) return rows;
  if (rows instanceof MemoryStage) return rows.take() as SqlValue[][];
  throw new TypeError("a stage of another connection");
}

/** Parameters for `pg`: an Instant as its ISO string (dates and booleans pg binds itself). */
export function pgParams(params: readonly SqlValue[]): unknown[] {
  return params.map((p) => (p instanceof Instant ? p.iso : p));
}

/** A parameter for better-sqlite3: instants and dates as Prisma's text, booleans as 1/0. */
function sqliteValue(p: SqlValue | undefined): unknown {
  return p instanceof Instant ? p.forSqlite() : p instanceof Date ? sqliteDate(p) : typeof p === "boolean" ? (p ? 1 : 0) : p;
}

/** Parameters for better-sqlite3 (sqliteValue), in a new array. */
export function bindSqlite(params: readonly SqlValue[]): unknown[] {
  const out = new Array<unknown>(params.length);
  for (let i = 0; i < params.length; i++) out[i] = sqliteValue(params[i]);
  return out;
}

/** bindSqlite in place, for rows a stage owns: no second array per row. */
function bindSqliteInPlace(row: unknown[]): void {
  for (let i = 0; i < row.length; i++) row[i] = sqliteValue(row[i] as SqlValue);
}

interface WorkerReply {
  id: number;
  ok: boolean;
  result?: unknown;
  error?: string;
}

function isStage(rows: Rows): rows is RowStage {
  return !Array.isArray(rows);
}

/**
 * Rows posted to the writer thread as they are added (bound on this thread, one
 * message per part), kept there under the stage's id until the batch statement
 * that names it runs (or `discard`). A part travels and waits as its serialized
 * bytes (v8.serialize), turned back into rows only by the insert: rows kept there
 * as objects for the second or so before their commit outlived the writer's young
 * generation, and the writer's heap grew to hundreds of MB of promoted rows
 * (test/bench/README.md, bench:margin).
 */
class WorkerStage implements RowStage {
  private count = 0;
  private used = false;
  constructor(
    readonly id: number,
    private readonly post: (message: Record<string, unknown>, transfer?: ArrayBuffer[]) => void,
    private readonly collect?: PairCollection,
  ) {}
  add(rows: readonly SqlValue[][]): void {
    if (this.used) throw new Error("rows added to a stage already inserted");
    if (rows.length === 0) return;
    for (const row of rows) bindSqliteInPlace(row as unknown[]);
    const bytes = serialize(rows);
    // Moved rather than copied when the bytes have their memory to themselves.
    const own = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && bytes.buffer instanceof ArrayBuffer;
    const c = this.collect;
    // The collection's pairs travel beside the bytes, collected as they arrive.
    const message = c ? { op: "stage", stage: this.id, bytes, collect: c.name, keys: rows.map((r) => r[c.key]), ids: rows.map((r) => r[c.id]) } : { op: "stage", stage: this.id, bytes };
    this.post(message, own ? [bytes.buffer as ArrayBuffer] : undefined);
    this.count += rows.length;
  }
  get size(): number {
    return this.count;
  }
  /** The id for the batch statement; a stage is inserted once. */
  take(): number {
    if (this.used) throw new Error("a stage is inserted once");
    this.used = true;
    return this.id;
  }
  discard(): void {
    if (this.used) return;
    this.used = true;
    this.post({ op: "unstage", stage: this.id });
  }
}

/**
 * SQLite on a worker thread (sqlite-writer.worker.mjs): the same API, statements
 * run off the main thread. Either the owner of the writer thread (`openSqlDb`), or
 * a client over a port the owner handed out (`connectPort`), for another thread to
 * write through the same connection: the writer runs each message whole (a
 * transaction is one "batch" message), so the two never interleave inside one.
 */
export class SqliteWorkerDb extends LockedSqlite {
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private seq = 0;
  private dead: Error | undefined;

  private constructor(private readonly endpoint: Worker | MessagePort) {
    super();
    endpoint.on("message", (m: WorkerReply) => {
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      // Keep the process alive only while a statement is running.
      if (this.pending.size === 0) this.endpoint.unref();
      if (m.ok) p.resolve(m.result);
      else p.reject(new Error(m.error));
    });
    this.endpoint.unref();
  }

  /** Fails every statement, pending and later, instead of leaving them waiting forever. */
  private die(error: Error): void {
    this.dead ??= error;
    for (const p of this.pending.values()) p.reject(error);
    this.pending.clear();
  }

  /** Starts the writer thread on `file`. */
  static start(file: string, script: string): SqliteWorkerDb {
    const worker = startWorker(script, { workerData: { file, pragmas: SQLITE_PRAGMAS } });
    const db = new SqliteWorkerDb(worker);
    // A worker that failed (e.g. could not open the file) or exited.
    worker.on("error", (error) => db.die(error instanceof Error ? error : new Error(`SQLite writer failed: ${JSON.stringify(error)}`)));
    worker.on("exit", (code) => db.die(new Error(`SQLite writer thread exited (code ${code})`)));
    return db;
  }

  /** A client over a port from `connectPort` (on the thread it was transferred to). */
  static overPort(port: MessagePort): SqliteWorkerDb {
    const db = new SqliteWorkerDb(port);
    port.on("close", () => db.die(new Error("SQLite writer port closed")));
    return db;
  }

  /**
   * A new port to this writer thread, to transfer to another thread and open there
   * with `overPort`. Its statements run on this connection, with its settings.
   */
  connectPort(): MessagePort {
    if (!(this.endpoint instanceof Worker)) throw new Error("only the writer's owner hands out ports");
    if (this.dead) throw this.dead;
    const { port1, port2 } = new MessageChannel();
    this.endpoint.postMessage({ op: "port", port: port2 }, [port2]);
    return port1;
  }

  /** The writer thread's V8 heap (benchmarks); null on a port's client or a dead thread. */
  async heapStatistics(): Promise<HeapInfo | null> {
    return this.endpoint instanceof Worker && !this.dead ? this.endpoint.getHeapStatistics().catch(() => null) : null;
  }

  private stages = 0;

  stage(collect?: PairCollection): RowStage {
    // Posted without a reply: the worker handles messages in order, so the parts
    // arrive before the batch that inserts them. A dead worker fails that batch.
    return new WorkerStage(
      ++this.stages,
      (message, transfer) => {
        if (!this.dead) this.endpoint.postMessage(message, transfer);
      },
      collect,
    );
  }

  /**
   * Starts (or starts again, empty) the writer's collection `name`: stages opened with
   * it add their pairs from then on, from every port. Ended by `insertCollected` or
   * `dropCollection`.
   */
  async startCollection(name: string): Promise<void> {
    await this.call({ op: "collect", name });
  }

  async dropCollection(name: string): Promise<void> {
    await this.call({ op: "uncollect", name });
  }

  /**
   * One transaction: `before`, then an INSERT into `table` (`columns`: the prefix's, then
   * the pair's) of every pair collected under `name`, in key order, then `after`. The
   * collection is gone afterwards, whatever the outcome.
   */
  async insertCollected(opts: {
    name: string;
    table: string;
    columns: readonly string[];
    prefix: readonly SqlValue[];
    before: { sql: string; params: readonly SqlValue[] }[];
    after: { sql: string; params: readonly SqlValue[] }[];
  }): Promise<void> {
    const chunk = Math.max(1, Math.min(100, Math.floor(MAX_PARAMS / opts.columns.length)));
    const { head } = insertParts(opts.table, opts.columns);
    const statements: BatchStatement[] = [
      ...opts.before.map((st) => ({ sql: st.sql, params: bindSqlite(st.params) })),
      {
        sql: insertRowSql(opts.table, opts.columns),
        sorted: { name: opts.name, prefix: bindSqlite(opts.prefix), chunk, many: head + valuesPlaceholders(chunk, opts.columns.length) },
      },
      ...opts.after.map((st) => ({ sql: st.sql, params: bindSqlite(st.params) })),
    ];
    await this.batch(statements);
  }

  private call(message: Record<string, unknown>): Promise<unknown> {
    if (this.dead) return Promise.reject(this.dead);
    const id = ++this.seq;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.endpoint.ref();
      this.endpoint.postMessage({ ...message, id });
    });
  }

  protected async rawQuery(sql: string, params: unknown[]): Promise<unknown[]> {
    return (await this.call({ op: "query", sql, params })) as unknown[];
  }
  protected async rawExecute(sql: string, params: unknown[]): Promise<number> {
    return (await this.call({ op: "execute", sql, params })) as number;
  }
  protected async rawInsertMany(sql: string, rows: unknown[][]): Promise<void> {
    await this.call({ op: "insertMany", sql, rows });
  }
  protected async rawBatch(statements: BatchStatement[]): Promise<void> {
    await this.call({ op: "batch", statements });
  }
  async close(): Promise<void> {
    if (this.endpoint instanceof Worker) {
      if (!this.dead) await this.call({ op: "close" });
      await this.endpoint.terminate();
      return;
    }
    // A port's client leaves the connection to its owner.
    this.die(new Error("SQLite writer port closed"));
    this.endpoint.close();
  }
}

/**
 * `?` placeholders as PostgreSQL's `$1`, `$2`, … in order. Every `?` is numbered,
 * one inside a quoted literal too (no SQL parsing): statements here bind such values.
 */
export function toPg(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

const TIMESTAMP_OID = 1114;

/**
 * Prisma's DateTime columns are `timestamp(3)` (no zone) holding UTC. pg would
 * read them in the process's time zone; read them as UTC ISO strings instead, as
 * the SQLite side returns text.
 */
const typeParser = ((oid: number, format?: string) =>
  oid === TIMESTAMP_OID ? (value: string) => `${value.replace(" ", "T")}Z` : pg.types.getTypeParser(oid, format as "text")) as typeof pg.types.getTypeParser;

/** A `pg` pool reading timestamps as UTC ISO strings (typeParser); `purpose` names it in the log. */
export function openPgPool(url: string, max: number, purpose: string): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, max, types: { getTypeParser: typeParser } });
  // An idle connection that the server closes (restart, failover, a dropped test
  // database) is replaced on next use; without a listener it would crash the process.
  pool.on("error", (error) => logger.warn(`PostgreSQL connection lost (${purpose})`, { error: error.message }));
  return pool;
}

class PostgresDb implements SqlDb {
  readonly provider = "postgresql" as const;
  private readonly pool: pg.Pool;

  constructor(url: string) {
    this.pool = openPgPool(url, 4, "sync pool");
  }

  async query<T extends Record<string, unknown>>(sql: string, params: readonly SqlValue[] = []): Promise<T[]> {
    const r = await this.pool.query(toPg(sql), pgParams(params));
    return r.rows as T[];
  }

  async execute(sql: string, params: readonly SqlValue[] = []): Promise<number> {
    const r = await this.pool.query(toPg(sql), pgParams(params));
    return r.rowCount ?? 0;
  }

  async insertMany(table: string, columns: readonly string[], rows: Rows, upsert?: Upsert): Promise<void> {
    await insertManyPg((sql, params) => this.pool.query(sql, params), table, columns, pgRows(rows), upsert);
  }

  stage(): RowStage {
    return new MemoryStage((row) => [...row]);
  }

  async transaction<T>(fn: (tx: SqlDb) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    const tx: SqlDb = {
      provider: "postgresql",
      insertMany: async (table, columns, rows, upsert) => insertManyPg((sql, params) => client.query(sql, params), table, columns, pgRows(rows), upsert),
      stage: () => this.stage(),
      query: async <R extends Record<string, unknown>>(sql: string, params: readonly SqlValue[] = []) =>
        (await client.query(toPg(sql), pgParams(params))).rows as R[],
      execute: async (sql, params = []) => (await client.query(toPg(sql), pgParams(params))).rowCount ?? 0,
      transaction: (inner) => inner(tx),
      close: () => Promise.resolve(),
    };
    try {
      await client.query("BEGIN");
      const result = await fn(tx);
      await client.query("COMMIT");
      return result;
    } catch (error) {
      await client.query("ROLLBACK").catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  close(): Promise<void> {
    return this.pool.end();
  }
}
