/**
 * A second thread for the margin recompute (compute.worker.ts). A month's margins
 * depend on that month's orders only, so a run over many months shares them with
 * this thread, each thread taking the next month when it is free
 * (recompute.server.ts, `MonthLanes`). On SQLite both write through the one
 * writer thread (a port to it), on PostgreSQL each through its own connection.
 *
 * The thread starts at the first run that wants it and stays for the next runs
 * (the engine's code is compiled and optimised once per thread, which a first run
 * pays); it does not keep the process alive while idle.
 *
 * Where the worker's code comes from: a built server has it bundled beside the
 * server (`build/server/compute-worker.mjs`, vite.config.ts); in development and
 * tests it is the TypeScript source, loaded through tsx. Without either, or on a
 * SQLite connection that has no writer thread, `openComputeThread` returns null
 * and the recompute runs on the main thread alone.
 */
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { HeapInfo } from "node:v8";
import type { Worker } from "node:worker_threads";

import type { MonthTally } from "~/domain/fixed-costs";
import { SqliteWorkerDb, type PairCollection, type SqlDb } from "~/store/sql.server";
import { startWorker } from "~/store/worker-heap.server";
import type { ComputeReply, ComputeRequest } from "./compute.worker";
import type { MarginSources } from "./recompute.server";

type Request = ComputeRequest extends infer R ? (R extends { id: number } ? Omit<R, "id"> : never) : never;

/** How to start the worker: a script and the Node flags it needs. */
export interface ComputeScript {
  file: string;
  execArgv: string[];
}

/** The built worker beside this module (a built server), else the source with tsx (development, tests). */
export function computeWorkerScript(): ComputeScript | null {
  const dirs: string[] = [];
  try {
    dirs.push(dirname(fileURLToPath(import.meta.url)));
  } catch {
    // not a file: URL
  }
  dirs.push(join(process.cwd(), "build", "server"), join(process.cwd(), "app", "margins"));
  for (const dir of dirs) {
    const built = join(dir, "compute-worker.mjs");
    if (existsSync(built)) return { file: built, execArgv: [] };
    const source = join(dir, "compute.worker.ts");
    if (existsSync(source) && existsSync(join(process.cwd(), "node_modules", "tsx", "package.json"))) {
      return { file: source, execArgv: ["--import", "tsx"] };
    }
  }
  return null;
}

export class ComputeThread {
  private worker: Worker | null = null;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private seq = 0;
  private closed = false;
  private held = false;

  private constructor(
    private readonly databaseUrl: string,
    private readonly sql: SqlDb,
    private readonly script: ComputeScript,
  ) {}

  /**
   * The recompute's second thread for `databaseUrl`, writing as `sql` does (on
   * SQLite through its writer thread), or null when it cannot run here.
   */
  static open(databaseUrl: string, sql: SqlDb, script: ComputeScript | null = computeWorkerScript()): ComputeThread | null {
    if (!script) return null;
    if (sql.provider === "sqlite" && !(sql instanceof SqliteWorkerDb)) return null;
    return new ComputeThread(databaseUrl, sql, script);
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const writerPort = this.sql instanceof SqliteWorkerDb ? this.sql.connectPort() : null;
    // A young generation of its own size (startWorker), not the main thread's 2 × 64 MB.
    const worker = startWorker(this.script.file, {
      execArgv: this.script.execArgv,
      workerData: { databaseUrl: this.databaseUrl, writerPort },
      transferList: writerPort ? [writerPort] : [],
    });
    worker.on("message", (m: ComputeReply) => {
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      if (this.pending.size === 0) worker.unref();
      if (m.ok) p.resolve(m.result);
      else p.reject(new Error(m.error));
    });
    // A thread that failed or ended fails what it was asked; the next run starts a new one.
    const die = (error: Error) => {
      if (this.worker !== worker) return;
      this.worker = null;
      for (const p of this.pending.values()) p.reject(error);
      this.pending.clear();
    };
    // Raised to the recompute that was waiting on it (which logs it).
    worker.on("error", (error) => die(error instanceof Error ? error : new Error(String(error))));
    worker.on("exit", (code) => die(new Error(`margin compute thread exited (code ${code})`)));
    worker.unref();
    this.worker = worker;
    return worker;
  }

  private call(request: Request): Promise<unknown> {
    if (this.closed) return Promise.reject(new Error("margin compute thread closed"));
    const worker = this.start();
    const id = ++this.seq;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.ref();
      worker.postMessage({ ...request, id });
    });
  }

  /**
   * Takes the thread for one run, or returns false when another run (another shop's
   * recompute in this process) has it: that run computes on its own thread alone.
   */
  acquire(): boolean {
    if (this.held || this.closed) return false;
    this.held = true;
    return true;
  }

  release(): void {
    this.held = false;
  }

  /** A run starts: the thread gets the shop's margin sources (copied once). */
  async begin(shop: string, sources: MarginSources, opts: { batchSize?: number; writeBatchSize?: number; collect?: PairCollection }): Promise<void> {
    await this.call({ op: "begin", shop, sources, batchSize: opts.batchSize, writeBatchSize: opts.writeBatchSize, collect: opts.collect });
  }

  /** Recomputes one month on the thread (its writes queued there). */
  async month(month: string, tally: MonthTally, computedAt: Date): Promise<{ orders: number; productDays: number }> {
    return (await this.call({ op: "month", month, tally, computedAt: computedAt.toISOString() })) as { orders: number; productDays: number };
  }

  /** Waits for the run's writes to commit; raises the first that failed. */
  async drain(): Promise<void> {
    await this.call({ op: "drain" });
  }

  /** After a failure: waits for the run's queued writes, raising nothing (nothing to wait for if the thread ended). */
  async settle(): Promise<void> {
    if (!this.worker) return;
    await this.call({ op: "settle" }).catch(() => undefined);
  }

  /** The thread's V8 heap (benchmarks), or null when it is not running. */
  async heapStatistics(): Promise<HeapInfo | null> {
    return this.worker ? this.worker.getHeapStatistics().catch(() => null) : null;
  }

  async close(): Promise<void> {
    const worker = this.worker;
    if (this.closed || !worker) {
      this.closed = true;
      return;
    }
    await this.call({ op: "close" }).catch(() => undefined);
    this.closed = true;
    this.worker = null;
    await worker.terminate();
  }
}
