// SQLite on a worker thread, for sync's bulk writes (app/sync/sql.server.ts,
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
      case "batch":
        // One transaction, start to finish, without waiting for the main thread.
        db.exec("BEGIN IMMEDIATE");
        try {
          for (const st of m.statements) {
            const prepared = statement(st.sql);
            if (st.stage !== undefined) {
              const parts = staged.get(st.stage) ?? [];
              staged.delete(st.stage);
              for (const rows of parts) for (const row of rows) prepared.run(...row);
            } else if (st.rows) for (const row of st.rows) prepared.run(...row);
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
