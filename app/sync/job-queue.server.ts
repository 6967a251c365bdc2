/**
 * Background jobs of sync (backfill, reconcile, order-refresh, recompute), with
 * one contract and two engines:
 * - in-process (the embedded SQLite default): a small queue in memory. Work that
 *   is interrupted is not lost: backfills resume from their checkpoint
 *   (SyncRun) and queued fetches live in OrderRefetch; the app re-enqueues them
 *   at boot (sync-jobs.server.ts).
 * - pg-boss (PostgreSQL): jobs in the database, shared by every app instance.
 *   Queues use pg-boss's "stately" policy with the shop as singletonKey: at most
 *   one job per shop is active and one waiting, whichever instance sent it, so
 *   one shop's backfill never runs twice at once.
 * The in-process engine keeps the same semantics: per key, one active and one
 * waiting; a second enqueue while one waits is dropped (returns null).
 */
import { PgBoss } from "pg-boss";

import { logger } from "../logger.server";

export type JobHandler<T> = (data: T, job: { id: string; name: string; attempt: number }) => Promise<void>;

export interface EnqueueOptions {
  /** Jobs with the same key never run at the same time (default: none). */
  singletonKey?: string;
  delayMs?: number;
  retryLimit?: number;
}

export interface JobQueue {
  readonly kind: "in-process" | "pg-boss";
  register<T extends object>(name: string, handler: JobHandler<T>): Promise<void>;
  enqueue<T extends object>(name: string, data: T, opts?: EnqueueOptions): Promise<string | null>;
  /** A periodic job, once per interval across all instances. */
  every(name: string, intervalMinutes: number, data?: object): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Resolves when nothing is waiting or running (tests, the demo launcher, benchmarks). */
  idle(timeoutMs?: number): Promise<void>;
}

const RETRY_LIMIT = 3;
const RETRY_BASE_MS = 2000;

interface Pending {
  id: string;
  name: string;
  data: object;
  key: string | null;
  attempt: number;
  retryLimit: number;
  notBefore: number;
}

export class InProcessQueue implements JobQueue {
  readonly kind = "in-process" as const;
  private readonly handlers = new Map<string, JobHandler<object>>();
  private readonly waiting: Pending[] = [];
  private readonly activeKeys = new Set<string>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private active = 0;
  private running = false;
  private seq = 0;
  private idleWaiters: (() => void)[] = [];

  constructor(private readonly opts: { concurrency?: number; retryBaseMs?: number } = {}) {}

  register<T extends object>(name: string, handler: JobHandler<T>): Promise<void> {
    this.handlers.set(name, handler as JobHandler<object>);
    return Promise.resolve();
  }

  enqueue<T extends object>(name: string, data: T, opts: EnqueueOptions = {}): Promise<string | null> {
    const key = opts.singletonKey ? `${name}:${opts.singletonKey}` : null;
    if (key && this.waiting.some((p) => p.key === key)) return Promise.resolve(null);
    const job: Pending = { id: `${name}-${++this.seq}`, name, data, key, attempt: 1, retryLimit: opts.retryLimit ?? RETRY_LIMIT, notBefore: Date.now() + (opts.delayMs ?? 0) };
    this.waiting.push(job);
    if (opts.delayMs) this.wakeAt(opts.delayMs);
    this.pump();
    return Promise.resolve(job.id);
  }

  async every(name: string, intervalMinutes: number, data: object = {}): Promise<void> {
    const timer = setInterval(() => void this.enqueue(name, data, { singletonKey: "every" }), intervalMinutes * 60_000);
    timer.unref();
    this.timers.add(timer);
  }

  start(): Promise<void> {
    this.running = true;
    this.pump();
    return Promise.resolve();
  }

  async stop(): Promise<void> {
    this.running = false;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    while (this.active > 0) await new Promise((r) => setTimeout(r, 10));
  }

  idle(timeoutMs = 60_000): Promise<void> {
    if (this.active === 0 && this.waiting.length === 0) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`jobs still running after ${timeoutMs} ms`)), timeoutMs);
      t.unref();
      this.idleWaiters.push(() => {
        clearTimeout(t);
        resolve();
      });
    });
  }

  private wakeAt(ms: number) {
    const t = setTimeout(() => {
      this.timers.delete(t);
      this.pump();
    }, ms);
    t.unref();
    this.timers.add(t);
  }

  private pump(): void {
    if (!this.running) return;
    const limit = this.opts.concurrency ?? 2;
    const now = Date.now();
    for (let i = 0; i < this.waiting.length && this.active < limit; ) {
      const job = this.waiting[i]!;
      if (job.notBefore > now || (job.key && this.activeKeys.has(job.key))) {
        i++;
        continue;
      }
      this.waiting.splice(i, 1);
      void this.run(job);
    }
    if (this.active === 0 && this.waiting.length === 0) {
      const waiters = this.idleWaiters.splice(0);
      for (const w of waiters) w();
    }
  }

  private async run(job: Pending): Promise<void> {
    const handler = this.handlers.get(job.name);
    this.active++;
    if (job.key) this.activeKeys.add(job.key);
    try {
      if (!handler) throw new Error(`no handler registered for job ${job.name}`);
      await handler(job.data, { id: job.id, name: job.name, attempt: job.attempt });
    } catch (error) {
      if (job.attempt <= job.retryLimit) {
        const delay = (this.opts.retryBaseMs ?? RETRY_BASE_MS) * 2 ** (job.attempt - 1);
        logger.warn("job failed; retrying", { job: job.name, attempt: job.attempt, delayMs: delay, error: (error as Error).message });
        this.waiting.push({ ...job, attempt: job.attempt + 1, notBefore: Date.now() + delay });
        this.wakeAt(delay);
      } else {
        logger.warn("job failed for good", { job: job.name, attempts: job.attempt, error: (error as Error).message });
      }
    } finally {
      this.active--;
      if (job.key) this.activeKeys.delete(job.key);
      this.pump();
    }
  }
}

export class PgBossQueue implements JobQueue {
  readonly kind = "pg-boss" as const;
  private readonly boss: PgBoss;
  private readonly names = new Set<string>();
  private started = false;

  constructor(databaseUrl: string, private readonly opts: { schema?: string; pollingIntervalSeconds?: number } = {}) {
    this.boss = new PgBoss({ connectionString: databaseUrl, schema: opts.schema ?? "pgboss" });
    this.boss.on("error", (error: Error) => logger.warn("pg-boss error", { error: error.message }));
  }

  private async ensureQueue(name: string): Promise<void> {
    if (this.names.has(name)) return;
    if (!(await this.boss.getQueue(name))) {
      await this.boss.createQueue(name, { policy: "stately", retryLimit: RETRY_LIMIT, retryDelay: RETRY_BASE_MS / 1000, retryBackoff: true }).catch(async (error: unknown) => {
        // Another instance created it first.
        if (!(await this.boss.getQueue(name))) throw error;
      });
    }
    this.names.add(name);
  }

  async start(): Promise<void> {
    if (this.started) return;
    await this.boss.start();
    this.started = true;
  }

  async register<T extends object>(name: string, handler: JobHandler<T>): Promise<void> {
    await this.start();
    await this.ensureQueue(name);
    await this.boss.work<T>(name, { pollingIntervalSeconds: this.opts.pollingIntervalSeconds ?? 2, batchSize: 1 }, async (jobs) => {
      for (const job of jobs) {
        await handler(job.data, { id: job.id, name, attempt: 1 });
      }
    });
  }

  async enqueue<T extends object>(name: string, data: T, opts: EnqueueOptions = {}): Promise<string | null> {
    await this.start();
    await this.ensureQueue(name);
    return this.boss.send(name, data, {
      ...(opts.singletonKey ? { singletonKey: opts.singletonKey } : {}),
      ...(opts.delayMs ? { startAfter: Math.ceil(opts.delayMs / 1000) } : {}),
      ...(opts.retryLimit !== undefined ? { retryLimit: opts.retryLimit } : {}),
    });
  }

  async every(name: string, intervalMinutes: number, data: object = {}): Promise<void> {
    await this.start();
    await this.ensureQueue(name);
    const minutes = Math.max(1, Math.round(intervalMinutes));
    await this.boss.schedule(name, minutes >= 60 ? `0 */${Math.round(minutes / 60)} * * *` : `*/${minutes} * * * *`, data);
  }

  async stop(): Promise<void> {
    if (!this.started) return;
    await this.boss.stop({ graceful: true });
    this.started = false;
  }

  async idle(timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      let busy = 0;
      for (const name of this.names) {
        const s = await this.boss.getQueueStats(name);
        busy += s.queuedCount + s.activeCount + s.deferredCount;
      }
      if (busy === 0) return;
      if (Date.now() > deadline) throw new Error(`jobs still queued after ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

export function createJobQueue(opts: { provider: "sqlite" | "postgresql"; databaseUrl: string; pgBossSchema?: string }): JobQueue {
  return opts.provider === "postgresql" ? new PgBossQueue(opts.databaseUrl, { schema: opts.pgBossSchema }) : new InProcessQueue();
}
