/**
 * The backfill's import thread (import-thread.server.ts): parses the assembled
 * orders' lines, holds refunded orders for their refunds' lines and writes the
 * batches with their checkpoints (`OrderSink`), while the main thread reads the
 * file and joins its lines. On SQLite it writes through a port to the writer
 * thread (one connection for the whole process), on PostgreSQL through its own.
 * The refund follow-up's Admin API requests are asked of the main thread, whose
 * client paces them against the shop's bucket.
 *
 * Requests are handled one at a time, in order; each is answered with its id, the
 * import's statistics so far, and the failure if any.
 */
import { type MessagePort, parentPort, workerData } from "node:worker_threads";

import type { LateChild, OrderParts } from "~/shopify/bulk-assembler";
import type { AdminGraphql } from "~/shopify/admin-client.server";
import { openSqlDb, SqliteWorkerDb, type SqlDb } from "~/store/sql.server";
import type { RunCheckpoint } from "~/store/sync-run.server";
import { newImportStats, OrderSink, type ImportStats, type OrderImporterOptions } from "./order-import.server";

export interface ImportThreadData {
  databaseUrl: string;
  writerPort: MessagePort | null;
  shop: string;
  options: OrderImporterOptions;
}

export type ImportRequest =
  | { op: "begin"; id: number }
  | {
      op: "batch";
      id: number;
      orders: OrderParts<string>[];
      late: LateChild[];
      /** The file has ended: the held orders' lines are asked for, and the last batch waits for them. */
      end?: boolean;
      flush?: { windowLine: number; checkpoint: RunCheckpoint };
    }
  | { op: "drain"; id: number }
  | { op: "close"; id: number }
  | { op: "admin-reply"; rid: number; ok: true; data: unknown }
  | { op: "admin-reply"; rid: number; ok: false; error: string };

export type ImportReply =
  | { op: "reply"; id: number; ok: true; stats: ImportStats }
  | { op: "reply"; id: number; ok: false; error: string; adminRid: number | null; stats: ImportStats }
  | { op: "admin"; rid: number; query: string; variables: Record<string, unknown> | undefined };

if (!parentPort) throw new Error("order-import.worker runs as a worker thread");
const port = parentPort;
const data = workerData as ImportThreadData;
const sql: SqlDb = data.writerPort ? SqliteWorkerDb.overPort(data.writerPort) : openSqlDb(data.databaseUrl);

/** A failed Admin request keeps its number, so the main thread raises its own error (its class decides what the job does). */
class ProxiedAdminError extends Error {
  constructor(
    message: string,
    readonly rid: number,
  ) {
    super(message);
  }
}

const asked = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
let rid = 0;
const admin: AdminGraphql = <T>(query: string, variables?: Record<string, unknown>) =>
  new Promise<T>((resolve, reject) => {
    const n = ++rid;
    asked.set(n, { resolve: resolve as (v: unknown) => void, reject });
    port.postMessage({ op: "admin", rid: n, query, variables } satisfies ImportReply);
  });

const stats = newImportStats();
const sink = new OrderSink(sql, data.shop, stats, admin, data.options);

async function handle(m: Exclude<ImportRequest, { op: "admin-reply" }>): Promise<void> {
  switch (m.op) {
    case "begin":
      sink.begin();
      return;
    case "batch":
      sink.add(m.orders, m.late);
      if (m.end) sink.end();
      if (m.flush) await sink.flush(m.flush.windowLine, m.flush.checkpoint);
      return;
    case "drain":
      await sink.drain();
      return;
    case "close":
      await sink.drain().catch(() => undefined);
      await sql.close();
      return;
  }
}

let queue: Promise<void> = Promise.resolve();
port.on("message", (m: ImportRequest) => {
  if (m.op === "admin-reply") {
    const p = asked.get(m.rid);
    asked.delete(m.rid);
    if (m.ok) p?.resolve(m.data);
    else p?.reject(new ProxiedAdminError(m.error, m.rid));
    return;
  }
  queue = queue.then(async () => {
    try {
      await handle(m);
      port.postMessage({ op: "reply", id: m.id, ok: true, stats } satisfies ImportReply);
    } catch (error) {
      const adminRid = error instanceof ProxiedAdminError ? error.rid : null;
      port.postMessage({ op: "reply", id: m.id, ok: false, error: (error as Error).message, adminRid, stats } satisfies ImportReply);
    }
    if (m.op === "close") port.close();
  });
});
