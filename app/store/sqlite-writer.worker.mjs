// SQLite on a worker thread, for sync's bulk writes (app/store/sql.server.ts,
// SqliteWorkerDb). Plain JavaScript so it loads as is in development, tests and
// production. Parameters arrive already converted (dates as Prisma-format text,
// booleans as 1/0). One message per statement; replies carry the same id, on the
// port the message came in on: the parent's, or a port it handed over ("port"
// messages) for another thread to write through this connection (the margin
// recompute's compute thread). Each port has its own staged rows.
import { parentPort, workerData } from "node:worker_threads";

import Database from "better-sqlite3";

const db = new Database(workerData.file, { timeout: 5000 });
// Switching to WAL needs a moment alone with the file: SQLite answers SQLITE_BUSY at
// once (no busy wait) while another connection is in a transaction, so retry for 5 s.
const pause = new Int32Array(new SharedArrayBuffer(4));
for (const pragma of workerData.pragmas) {
  for (let waited = 0; ; waited += 10) {
    try {
      db.pragma(pragma);
      break;
    } catch (error) {
      if (error?.code !== "SQLITE_BUSY" || waited >= 5000) throw error;
      Atomics.wait(pause, 0, 0, 10);
    }
  }
}
const statements = new Map();
// Pairs (a number and a text) taken from staged rows as they arrive, by collection name,
// from every port: the margin recompute collects each margin's (netMargin, orderId), so
// that OrderMarginRank is rebuilt from them sorted here rather than by SQLite's sorter
// ("sorted" batch statements; 1M entries: ≈ 1.3 s against ≈ 2.7 s).
const collections = new Map();

/**
 * The indexes of a collection's pairs in key order (ties in arrival order). Keys and
 * indexes packed into one float each when they fit in 53 bits, which a typed array
 * sorts natively; a comparator otherwise.
 */
function sortedOrder(keys) {
  const n = keys.length;
  let min = Infinity;
  let max = -Infinity;
  for (const k of keys) {
    if (k < min) min = k;
    if (k > max) max = k;
  }
  const shift = 2 ** Math.max(1, Math.ceil(Math.log2(n + 1)));
  if (n > 0 && Number.isSafeInteger(min) && Number.isSafeInteger(max) && (max - min + 1) * shift <= Number.MAX_SAFE_INTEGER) {
    const packed = new Float64Array(n);
    for (let i = 0; i < n; i++) packed[i] = (keys[i] - min) * shift + i;
    packed.sort();
    const order = new Uint32Array(n);
    for (let i = 0; i < n; i++) order[i] = packed[i] % shift;
    return order;
  }
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  return order.sort((a, b) => (keys[a] < keys[b] ? -1 : keys[a] > keys[b] ? 1 : a - b));
}

/** Runs a "sorted" statement: the collection's pairs in key order, `chunk` rows per statement, after `prefix`. */
function insertSorted(st) {
  const { name, prefix, chunk, many } = st.sorted;
  const c = collections.get(name);
  if (!c) throw new Error(`no collection ${name}`);
  collections.delete(name);
  const order = sortedOrder(c.keys);
  const width = prefix.length + 2;
  const one = statement(st.sql);
  const all = statement(many);
  const params = new Array(chunk * width);
  let i = 0;
  for (; i + chunk <= order.length; i += chunk) {
    for (let k = 0; k < chunk; k++) {
      const at = order[i + k];
      const base = k * width;
      for (let p = 0; p < prefix.length; p++) params[base + p] = prefix[p];
      params[base + prefix.length] = c.keys[at];
      params[base + prefix.length + 1] = c.ids[at];
    }
    all.run(params);
  }
  for (; i < order.length; i++) one.run(...prefix, c.keys[order[i]], c.ids[order[i]]);
}

// An upsert's rows: its UPDATE by key first, the INSERT when that changed no row
// (sql.server.ts, BatchStatement.update).
function runRows(insert, update, rows) {
  if (!update) {
    for (const row of rows) insert.run(row);
    return;
  }
  const upd = statement(update.sql);
  const order = update.order;
  const params = new Array(order.length);
  for (const row of rows) {
    for (let k = 0; k < order.length; k++) params[k] = row[order[k]];
    if (upd.run(params).changes === 0) insert.run(row);
  }
}

function statement(sql) {
  let st = statements.get(sql);
  if (!st) {
    st = db.prepare(sql);
    if (statements.size > 200) statements.clear();
    statements.set(sql, st);
  }
  return st;
}

// Rows posted ahead of the batch that inserts them ("stage" messages), by stage id, per port.
function serve(port) {
  const staged = new Map();
  port.on("message", (m) => handle(m, port, staged));
}

function handle(m, port, staged) {
  // Stage messages carry no id and get no reply.
  if (m.op === "stage") {
    if (m.collect) {
      const c = collections.get(m.collect.name);
      if (c) {
        for (const row of m.rows) {
          c.keys.push(row[m.collect.key]);
          c.ids.push(row[m.collect.id]);
        }
      }
    }
    const parts = staged.get(m.stage);
    if (parts) parts.push(m.rows);
    else staged.set(m.stage, [m.rows]);
    return;
  }
  if (m.op === "unstage") {
    staged.delete(m.stage);
    return;
  }
  if (m.op === "port") {
    serve(m.port);
    return;
  }
  try {
    let result = null;
    switch (m.op) {
      case "query":
        result = statement(m.sql).all(...m.params);
        break;
      case "execute":
        result = statement(m.sql).run(...m.params).changes;
        break;
      case "insertMany": {
        const st = statement(m.sql);
        for (const row of m.rows) st.run(...row);
        break;
      }
      case "exec":
        db.exec(m.sql);
        break;
      case "collect":
        collections.set(m.name, { keys: [], ids: [] });
        break;
      case "uncollect":
        collections.delete(m.name);
        break;
      case "batch":
        // One transaction, start to finish, without waiting for the main thread.
        db.exec("BEGIN IMMEDIATE");
        try {
          for (const st of m.statements) {
            const prepared = statement(st.sql);
            if (st.stage !== undefined) {
              const parts = staged.get(st.stage) ?? [];
              staged.delete(st.stage);
              for (const rows of parts) runRows(prepared, st.update, rows);
            } else if (st.sorted) insertSorted(st);
            else if (st.rows) runRows(prepared, st.update, st.rows);
            else prepared.run(...(st.params ?? []));
          }
          db.exec("COMMIT");
        } catch (error) {
          if (db.inTransaction) db.exec("ROLLBACK");
          for (const st of m.statements) if (st.stage !== undefined) staged.delete(st.stage);
          throw error;
        }
        break;
      case "rollback":
        if (db.inTransaction) db.exec("ROLLBACK");
        break;
      case "close":
        db.close();
        break;
      default:
        throw new Error(`unknown op ${m.op}`);
    }
    port.postMessage({ id: m.id, ok: true, result });
  } catch (error) {
    port.postMessage({ id: m.id, ok: false, error: String(error && error.message ? error.message : error) });
  }
}

serve(parentPort);
