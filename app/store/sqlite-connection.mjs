// @ts-check
/**
 * The better-sqlite3 code every SQLite path shares: the writer, on the calling
 * thread (sql.server.ts, SqliteDb) or on its own (sqlite-writer.worker.mjs), and
 * the recompute's row reader (row-reader.server.ts). Plain JavaScript with JSDoc
 * types (checked by tsc): the worker thread loads it as is, the TypeScript modules
 * import it (Vite bundles it into the built server; the worker keeps loading it
 * from app/store beside itself).
 */
import Database from "better-sqlite3";

/** How long a statement waits for another connection's lock: 5 s, like Prisma's connection. */
export const BUSY_TIMEOUT_MS = 5000;

/** Distinct statements kept prepared; past this the cache starts again empty. */
const CACHED_STATEMENTS = 200;

/**
 * Statements prepared once per SQL text: the same few statements run for every
 * batch. Cleared when full, so statements built per call (a varying number of
 * placeholders) cannot grow it without bound.
 */
export class StatementCache {
  /** @type {Map<string, Database.Statement>} */
  #statements = new Map();

  /**
   * @param {Database.Database} db
   * @param {{ raw?: boolean }} [options] `raw`: statements that return rows as arrays
   */
  constructor(db, options = {}) {
    this.db = db;
    this.raw = options.raw ?? false;
  }

  /**
   * @param {string} sql
   * @returns {Database.Statement}
   */
  get(sql) {
    let st = this.#statements.get(sql);
    if (!st) {
      st = this.db.prepare(sql);
      if (this.raw) st.raw(true);
      if (this.#statements.size > CACHED_STATEMENTS) this.#statements.clear();
      this.#statements.set(sql, st);
    }
    return st;
  }
}

/**
 * Runs a pragma, retrying for up to 5 s while SQLite answers SQLITE_BUSY: switching
 * to WAL needs the file to itself and does not wait on the busy timeout (another
 * connection in a transaction makes it fail at once). Blocks the calling thread
 * while it waits, as opening the connection does.
 *
 * @param {Database.Database} db
 * @param {string} pragma
 */
export function pragmaWhenFree(db, pragma) {
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (let waited = 0; ; waited += 10) {
    try {
      db.pragma(pragma);
      return;
    } catch (error) {
      if (/** @type {{ code?: string } | null} */ (error)?.code !== "SQLITE_BUSY" || waited >= BUSY_TIMEOUT_MS) throw error;
      Atomics.wait(pause, 0, 0, 10);
    }
  }
}

/**
 * An upsert's UPDATE by key: for each row, run first with the row's values at
 * `order`; the row's INSERT runs only when it changed no row.
 *
 * @typedef {{ sql: string; order: number[] }} UpdateByKey
 */

/**
 * One statement of an atomic batch: run once with `params`, or once per row of
 * `rows`. The writer thread also runs statements whose rows it holds: `stage`
 * (rows posted ahead, SqlDb.stage) and `sorted` (each pair of the collection
 * `name`, in key order, with `prefix` before the pair; `many` is the same INSERT
 * with `chunk` rows).
 *
 * @typedef {object} BatchStatement
 * @property {string} sql
 * @property {unknown[]} [params]
 * @property {unknown[][]} [rows]
 * @property {number} [stage]
 * @property {UpdateByKey} [update]
 * @property {{ name: string; prefix: unknown[]; chunk: number; many: string }} [sorted]
 */

/**
 * The writer's connection: WAL and the given pragmas, statements prepared once.
 * Parameters arrive bound for SQLite (dates as Prisma's text, booleans as 1/0).
 */
export class SqliteWriter {
  /**
   * @param {string} file
   * @param {readonly string[]} pragmas
   */
  constructor(file, pragmas) {
    this.db = new Database(file, { timeout: BUSY_TIMEOUT_MS });
    for (const pragma of pragmas) pragmaWhenFree(this.db, pragma);
    this.statements = new StatementCache(this.db);
  }

  /**
   * @param {string} sql
   * @returns {Database.Statement}
   */
  statement(sql) {
    return this.statements.get(sql);
  }

  /**
   * @param {string} sql
   * @param {readonly unknown[]} params
   * @returns {unknown[]}
   */
  query(sql, params) {
    return this.statement(sql).all(...params);
  }

  /**
   * Runs a statement; returns the number of rows changed.
   *
   * @param {string} sql
   * @param {readonly unknown[]} params
   * @returns {number}
   */
  execute(sql, params) {
    return this.statement(sql).run(...params).changes;
  }

  /**
   * Runs the INSERT `sql` for each row; for an upsert, `update` first and the
   * INSERT only when that changed no row (most rows of an upsert here exist
   * already; same result as ON CONFLICT … DO UPDATE where the key is the table's
   * only unique constraint, as in every upsert here).
   *
   * @param {string} sql
   * @param {readonly unknown[][]} rows
   * @param {UpdateByKey} [update]
   */
  insertRows(sql, rows, update) {
    const insert = this.statement(sql);
    if (!update) {
      for (const row of rows) insert.run(row);
      return;
    }
    const statement = this.statement(update.sql);
    const order = update.order;
    const params = new Array(order.length);
    for (const row of rows) {
      for (let k = 0; k < order.length; k++) params[k] = row[/** @type {number} */ (order[k])];
      if (statement.run(params).changes === 0) insert.run(row);
    }
  }

  /**
   * Runs the statements as one transaction without yielding (BEGIN IMMEDIATE …
   * COMMIT, ROLLBACK on error). `runOwn` runs a statement whose rows the caller
   * holds (the writer thread's `stage` and `sorted`) and returns true, or
   * returns false for the ordinary ones.
   *
   * @param {readonly BatchStatement[]} statements
   * @param {(st: BatchStatement) => boolean} [runOwn]
   */
  batch(statements, runOwn) {
    this.db.exec("BEGIN IMMEDIATE");
    try {
      for (const st of statements) {
        if (runOwn?.(st)) continue;
        if (st.rows) this.insertRows(st.sql, st.rows, st.update);
        else this.statement(st.sql).run(...(st.params ?? []));
      }
      this.db.exec("COMMIT");
    } catch (error) {
      if (this.db.inTransaction) this.db.exec("ROLLBACK");
      throw error;
    }
  }

  close() {
    this.db.close();
  }
}
