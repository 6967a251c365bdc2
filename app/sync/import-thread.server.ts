/**
 * The orders backfill on two threads: this one downloads the file, splits it into
 * lines and joins each order's lines in the window (`OrderWindow`, no parsing);
 * the import thread (order-import.worker.ts) parses the orders, asks for refunded
 * orders' lines and writes. Each batch of joined orders is handed over as text (a
 * copy of strings, cheap next to parsing them), and at most two batches are with
 * the import thread at a time: the download waits for the writes, so memory stays
 * bounded however slow the database or the machine is (backpressure).
 *
 * Where the thread's code comes from: a built server has it bundled beside the
 * server (`build/server/import-worker.mjs`, vite.config.ts); development and tests
 * load the TypeScript source through tsx. Without either, or on a SQLite
 * connection without a writer thread, `importThreadOpener` returns null and the
 * import runs on one thread (order-import.server.ts `orderImporter`).
 */
import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { HeapInfo } from "node:v8";
import type { Worker } from "node:worker_threads";

import type { LateChild, OrderParts } from "~/shopify/bulk-assembler";
import type { AdminGraphql } from "~/shopify/admin-client.server";
import { SqliteWorkerDb, type SqlDb } from "~/store/sql.server";
import { startWorker } from "~/store/worker-heap.server";
import type { RunCheckpoint } from "~/store/sync-run.server";
import type { BulkImporter } from "./bulk-run.server";
import { OrderWindow, type ImportStats, type OrderImporterOptions } from "./order-import.server";
import type { ImportReply, ImportRequest, ImportThreadData } from "./order-import.worker";

/** Batches handed to the import thread and not yet taken in hand: the download waits past this. */
const AHEAD = 2;

/**
 * The import thread's heap: what it holds at once is bounded (three batches, the
 * refunded orders held for their lines), and V8 sizes a heap from its limit, so a
 * small limit keeps it from growing garbage to hundreds of MB (bench:sync's peak
 * RSS, test/bench/README.md). 256 MB leaves several times what it holds.
 */
const IMPORT_THREAD_HEAP = { maxOldGenerationSizeMb: 256, maxYoungGenerationSizeMb: 16 };
const IMPORT_THREAD_SEMI_SPACE_MB = 8;

interface Script {
  file: string;
  execArgv: string[];
}

/** The built worker beside this module (a built server), else the source with tsx (development, tests). */
export function importWorkerScript(): Script | null {
  const dirs: string[] = [];
  try {
    dirs.push(dirname(fileURLToPath(import.meta.url)));
  } catch {
    // not a file: URL
  }
  dirs.push(join(process.cwd(), "build", "server"), join(process.cwd(), "app", "sync"));
  for (const dir of dirs) {
    const built = join(dir, "import-worker.mjs");
    if (existsSync(built)) return { file: built, execArgv: [] };
    const source = join(dir, "order-import.worker.ts");
    if (existsSync(source) && existsSync(join(process.cwd(), "node_modules", "tsx", "package.json"))) {
      return { file: source, execArgv: ["--import", "tsx"] };
    }
  }
  return null;
}

export type OrderImporterFactory = (shop: string, stats: ImportStats, admin: AdminGraphql, opts?: OrderImporterOptions) => BulkImporter & { heapStatistics(): Promise<HeapInfo | null> };

/**
 * Cores below which the import runs on one thread: with the SQLite writer busy too,
 * a third busy thread on 2 cores made a 1M-order backfill slower, 122–133 s against
 * 78–89 s on one thread (test/bench/README.md, bench:sync; app/DECISIONS.md 2026-12-07).
 */
export const IMPORT_THREAD_MIN_CORES = 4;

/**
 * Makes the orders importer of a backfill on its own import thread, for the
 * database `databaseUrl` written through `sql`; null when it cannot run here, or
 * would not pay for itself (fewer than `minCores` cores).
 */
export function importThreadOpener(
  databaseUrl: string,
  sql: SqlDb,
  opts: { script?: Script | null; minCores?: number } = {},
): OrderImporterFactory | null {
  const script = opts.script === undefined ? importWorkerScript() : opts.script;
  if (!script) return null;
  if (availableParallelism() < (opts.minCores ?? IMPORT_THREAD_MIN_CORES)) return null;
  if (sql.provider === "sqlite" && !(sql instanceof SqliteWorkerDb)) return null;
  return (shop, stats, admin, opts = {}) => new ThreadedOrderImporter(script, databaseUrl, sql, shop, stats, admin, opts);
}

type Pending = { resolve: () => void; reject: (e: Error) => void };

export class ThreadedOrderImporter implements BulkImporter {
  private readonly window: OrderWindow;
  private worker: Worker | null = null;
  private orders: OrderParts<string>[] = [];
  private late: LateChild[] = [];
  private ended = false;
  private readonly pending = new Map<number, Pending>();
  /** Replies still due for batches handed over, oldest first. */
  private ahead: Promise<void>[] = [];
  private seq = 0;
  private failure: Error | null = null;
  /** Admin errors by request number: a failure of the thread caused by one is raised as that error. */
  private readonly adminErrors = new Map<number, Error>();

  constructor(
    private readonly script: Script,
    private readonly databaseUrl: string,
    private readonly sql: SqlDb,
    private readonly shop: string,
    private readonly stats: ImportStats,
    private readonly admin: AdminGraphql,
    private readonly opts: OrderImporterOptions,
  ) {
    this.window = new OrderWindow(opts.window ?? 1000);
  }

  begin(): void {
    this.window.reset();
    this.orders = [];
    this.late = [];
    this.ended = false;
    void this.call({ op: "begin", id: 0 }).catch(() => undefined);
  }

  line(text: string, line: number): boolean {
    if (!this.window.push(text, line)) return false;
    this.take();
    return true;
  }

  waiting(): number {
    return this.orders.length + this.late.length;
  }

  async flush(nextLine: number, checkpoint: RunCheckpoint): Promise<void> {
    this.raise();
    const request = { op: "batch" as const, id: 0, orders: this.orders, late: this.late, end: this.ended, flush: { windowLine: this.window.checkpoint(nextLine), checkpoint } };
    this.orders = [];
    this.late = [];
    const reply = this.call(request);
    reply.catch(() => undefined);
    this.ahead.push(reply);
    while (this.ahead.length > AHEAD) await this.ahead.shift();
  }

  end(complete: boolean): void {
    if (complete) {
      this.window.finish();
      this.take();
    }
    this.ended = true;
  }

  async drain(): Promise<void> {
    try {
      if (!this.worker) return;
      for (const reply of this.ahead.splice(0)) await reply;
      await this.call({ op: "drain", id: 0 });
    } finally {
      await this.close();
    }
  }

  /** The import thread's V8 heap (benchmarks), or null when it is not running. */
  async heapStatistics(): Promise<HeapInfo | null> {
    return this.worker ? this.worker.getHeapStatistics().catch(() => null) : null;
  }

  private take(): void {
    for (const o of this.window.takeReady()) this.orders.push(o);
    for (const l of this.window.takeLate()) this.late.push(l);
  }

  private raise(): void {
    if (this.failure) throw this.failure;
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const writerPort = this.sql instanceof SqliteWorkerDb ? this.sql.connectPort() : null;
    const data: ImportThreadData = { databaseUrl: this.databaseUrl, writerPort, shop: this.shop, options: this.opts };
    const worker = startWorker(
      this.script.file,
      { execArgv: this.script.execArgv, workerData: data, transferList: writerPort ? [writerPort] : [], resourceLimits: IMPORT_THREAD_HEAP },
      IMPORT_THREAD_SEMI_SPACE_MB,
    );
    worker.on("message", (m: ImportReply) => {
      if (m.op === "admin") {
        this.admin(m.query, m.variables).then(
          (result) => worker.postMessage({ op: "admin-reply", rid: m.rid, ok: true, data: result } satisfies ImportRequest),
          (error: unknown) => {
            this.adminErrors.set(m.rid, error as Error);
            worker.postMessage({ op: "admin-reply", rid: m.rid, ok: false, error: (error as Error).message } satisfies ImportRequest);
          },
        );
        return;
      }
      Object.assign(this.stats, m.stats);
      const p = this.pending.get(m.id);
      this.pending.delete(m.id);
      if (m.ok) p?.resolve();
      else this.fail((m.adminRid !== null ? this.adminErrors.get(m.adminRid) : undefined) ?? new Error(m.error), p);
    });
    worker.on("error", (error) => this.fail(error instanceof Error ? error : new Error(String(error))));
    worker.on("exit", (code) => this.fail(new Error(`order import thread exited (code ${code})`)));
    this.worker = worker;
    return worker;
  }

  private fail(error: Error, p?: Pending): void {
    this.failure ??= error;
    p?.reject(error);
    for (const other of this.pending.values()) other.reject(this.failure);
    this.pending.clear();
  }

  private call(request: Exclude<ImportRequest, { op: "admin-reply" }>): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    const worker = this.start();
    const id = ++this.seq;
    return new Promise<void>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.postMessage({ ...request, id });
    });
  }

  private async close(): Promise<void> {
    const worker = this.worker;
    if (!worker) return;
    if (!this.failure) await this.call({ op: "close", id: 0 }).catch(() => undefined);
    this.worker = null;
    worker.removeAllListeners("exit");
    await worker.terminate();
  }
}
