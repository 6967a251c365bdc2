/**
 * The margin recompute's second thread (compute-thread.server.ts): computes the
 * months the main thread hands it, with the same code (`recomputeMonth`), its own
 * reader and, on SQLite, a port to the writer thread (so both threads' rows are
 * written by the one connection); on PostgreSQL its own connection.
 *
 * Messages, each answered with the same id:
 * - `begin`: a run starts (shop, margin sources, batch sizes, the writer's collection of rank pairs);
 * - `month`: recompute one month (its fixed-cost tally and computedAt given);
 * - `drain`: wait until the run's writes are committed (or raise the first failure);
 * - `settle`: after a failure elsewhere, wait for the queued writes, raising nothing;
 * - `close`: close the reader and the writer's client (the thread then ends).
 */
import { type MessagePort, parentPort, workerData } from "node:worker_threads";

import type { MonthTally } from "~/domain/fixed-costs";
import { openSqlDb, SqliteWorkerDb, type PairCollection, type SqlDb } from "~/store/sql.server";
import { openRowReader } from "~/store/row-reader.server";
import { recomputeMonth, WriteQueue, type MarginSources, type MonthDeps } from "./recompute.server";

export type ComputeRequest =
  | { id: number; op: "begin"; shop: string; sources: MarginSources; batchSize?: number; writeBatchSize?: number; collect?: PairCollection }
  | { id: number; op: "month"; month: string; tally: MonthTally; computedAt: string }
  | { id: number; op: "drain" }
  | { id: number; op: "settle" }
  | { id: number; op: "close" };

export type ComputeReply = { id: number; ok: true; result: unknown } | { id: number; ok: false; error: string };

if (!parentPort) throw new Error("compute.worker runs as a worker thread");
const port = parentPort;
const { databaseUrl, writerPort } = workerData as { databaseUrl: string; writerPort: MessagePort | null };
const reader = openRowReader(databaseUrl);
const sql: SqlDb = writerPort ? SqliteWorkerDb.overPort(writerPort) : openSqlDb(databaseUrl);

let run: { shop: string; sources: MarginSources; queue: WriteQueue; deps: MonthDeps; computedAt: Date } | null = null;

async function handle(m: ComputeRequest): Promise<unknown> {
  switch (m.op) {
    case "begin": {
      const deps: MonthDeps = { sql, reader, batchSize: m.batchSize, writeBatchSize: m.writeBatchSize, collect: m.collect, now: () => current.computedAt };
      const current = { shop: m.shop, sources: m.sources, queue: new WriteQueue(sql), deps, computedAt: new Date() };
      run = current;
      return null;
    }
    case "month": {
      if (!run) throw new Error("month before begin");
      run.computedAt = new Date(m.computedAt);
      return recomputeMonth(run.deps, run.shop, m.month, run.sources, run.queue, Promise.resolve(m.tally));
    }
    case "drain": {
      const queue = run?.queue;
      run = null;
      await queue?.drain();
      return null;
    }
    case "settle": {
      const queue = run?.queue;
      run = null;
      await queue?.settle();
      return null;
    }
    case "close":
      await reader.close();
      await sql.close();
      return null;
  }
}

// One message at a time, in order: a month's writes are queued before the next starts.
let chain: Promise<void> = Promise.resolve();
port.on("message", (m: ComputeRequest) => {
  chain = chain.then(async () => {
    let reply: ComputeReply;
    try {
      reply = { id: m.id, ok: true, result: await handle(m) };
    } catch (error) {
      reply = { id: m.id, ok: false, error: error instanceof Error ? error.message : String(error) };
    }
    port.postMessage(reply);
  });
});
