// SQLite on a worker thread, for sync's bulk writes and the recompute's (the other
// side of app/store/sql.server.ts, SqliteWorkerDb). Plain JavaScript so it loads as
// is in development, tests and production; the connection itself is
// sqlite-connection.mjs, shared with the calling-thread writer. Parameters arrive
// already bound (dates as Prisma-format text, booleans as 1/0). One message per
// statement; replies carry the same id, on the port the message came in on: the
// parent's, or a port it handed over ("port" messages) for another thread to write
// through this connection (the margin recompute's compute thread). Each port has
// its own staged rows.
import { deserialize } from "node:v8";
import { parentPort, workerData } from "node:worker_threads";

import { SqliteWriter } from "./sqlite-connection.mjs";

const writer = new SqliteWriter(workerData.file, workerData.pragmas);
// Pairs (a number and a text) taken from staged rows as they arrive, by collection name,
// from every port: the margin recompute collects each margin's (netMargin, orderId), so
// that OrderMarginRank is rebuilt from them sorted here, faster than SQLite's sorter
// ("sorted" batch statements; test/bench/README.md).
const collections = new Map();

/**
 * A collection's pairs, packed: the keys in a Float64Array, and the ids as the
 * number after a prefix they all share (Shopify's "gid://shopify/Order/…"), or as
 * strings from the first one that does not fit. A million order ids held as
 * strings took ≈ 60 MB of this thread's heap, as numbers 8 MB.
 */
class Pairs {
  constructor() {
    this.n = 0;
    this.keys = new Float64Array(4096);
    this.nums = new Float64Array(4096);
    this.prefix = null;
    this.strs = null;
  }

  push(key, id) {
    if (this.n === this.keys.length) {
      this.keys = grown(this.keys);
      if (!this.strs) this.nums = grown(this.nums);
    }
    this.keys[this.n] = key;
    if (this.strs) this.strs.push(id);
    else {
      const num = this.numberOf(id);
      if (num === null) {
        const strs = [];
        for (let i = 0; i < this.n; i++) strs.push(this.id(i));
        strs.push(id);
        this.strs = strs;
        this.nums = null;
      } else this.nums[this.n] = num;
    }
    this.n++;
  }

  /** The id's digits after the shared prefix, when a double holds them exactly and they read back the same (no leading zero). */
  numberOf(id) {
    const m = /^(.*?)([1-9]\d{0,14}|0)$/.exec(id);
    if (!m) return null;
    if (this.prefix === null) this.prefix = m[1];
    else if (m[1] !== this.prefix) return null;
    return Number(m[2]);
  }

  id(i) {
    return this.strs ? this.strs[i] : this.prefix + String(this.nums[i]);
  }

  get sortKeys() {
    return this.keys.subarray(0, this.n);
  }
}

function grown(a) {
  const b = new Float64Array(a.length * 2);
  b.set(a);
  return b;
}

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
  const keys = c.sortKeys;
  const order = sortedOrder(keys);
  const width = prefix.length + 2;
  const one = writer.statement(st.sql);
  const all = writer.statement(many);
  const params = new Array(chunk * width);
  let i = 0;
  for (; i + chunk <= order.length; i += chunk) {
    for (let k = 0; k < chunk; k++) {
      const at = order[i + k];
      const base = k * width;
      for (let p = 0; p < prefix.length; p++) params[base + p] = prefix[p];
      params[base + prefix.length] = keys[at];
      params[base + prefix.length + 1] = c.id(at);
    }
    all.run(params);
  }
  for (; i < order.length; i++) one.run(...prefix, keys[order[i]], c.id(order[i]));
}

// Rows posted ahead of the batch that inserts them ("stage" messages), by stage id, per port:
// each part as its serialized bytes (v8.serialize), turned into rows by the insert.
function serve(port) {
  const staged = new Map();
  port.on("message", (m) => handle(m, port, staged));
}

function handle(m, port, staged) {
  // Stage messages carry no id and get no reply.
  if (m.op === "stage") {
    if (m.collect) {
      const c = collections.get(m.collect);
      if (c) {
        for (let i = 0; i < m.keys.length; i++) c.push(m.keys[i], m.ids[i]);
      }
    }
    const parts = staged.get(m.stage);
    if (parts) parts.push(m.bytes);
    else staged.set(m.stage, [m.bytes]);
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
        result = writer.query(m.sql, m.params);
        break;
      case "execute":
        result = writer.execute(m.sql, m.params);
        break;
      case "insertMany":
        writer.insertRows(m.sql, m.rows);
        break;
      case "collect":
        collections.set(m.name, new Pairs());
        break;
      case "uncollect":
        collections.delete(m.name);
        break;
      case "batch":
        // One transaction, start to finish, without waiting for the main thread.
        try {
          writer.batch(m.statements, (st) => {
            if (st.stage !== undefined) {
              const parts = staged.get(st.stage) ?? [];
              staged.delete(st.stage);
              for (const bytes of parts) writer.insertRows(st.sql, deserialize(bytes), st.update);
              return true;
            }
            if (st.sorted) {
              insertSorted(st);
              return true;
            }
            return false;
          });
        } catch (error) {
          // A failed batch's stages are not kept for a retry.
          for (const st of m.statements) if (st.stage !== undefined) staged.delete(st.stage);
          throw error;
        }
        break;
      case "close":
        writer.close();
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
