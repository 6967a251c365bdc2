/**
 * The job queue of the embedded default (SQLite): jobs in this process's memory,
 * with pg-boss's "stately" rules mirrored so both engines behave alike (see
 * queue.server.ts). Per queue and key there is at most one job in each state:
 * waiting (created), waiting for a retry, running.
 *
 * Timers (delays, retries, `every`) are unref'd, so they never keep a process
 * alive on their own, except while someone awaits `idle()`; `stop()` clears them.
 * Jobs still waiting at `stop()` are dropped, with a warning.
 */
import { randomUUID } from "node:crypto";

import { logger } from "~/logger.server";
import {
  asStored,
  assertCount,
  assertJobName,
  assertJobOptions,
  cronForInterval,
  errorMessage,
  EVERY_KEY,
  jobFields,
  notifyFailed,
  RETRY_DEFAULTS,
  type JobFailedHook,
  type JobHandler,
  type JobOptions,
  type JobQueue,
  type RegisterOptions,
  type RetryDefaults,
} from "./queue.server";

type WaitingState = "created" | "retry";

interface Entry {
  id: string;
  name: string;
  data: object;
  /** The singleton key, or the job's id when it has none (never deduplicated). */
  key: string;
  state: WaitingState | "active";
  attempt: number;
  retryLimit: number;
  notBefore: number;
  /** Enqueue order; a retry keeps its place, as in pg-boss (ordered by created_on). */
  seq: number;
}

/** The jobs of one queue and key: at most one per state. */
interface Slot {
  created?: Entry;
  retry?: Entry;
  active?: Entry;
}

interface Registration {
  handler: JobHandler<object>;
  onFailed: JobFailedHook<object> | undefined;
  concurrency: number;
  running: number;
}

export class InProcessQueue implements JobQueue {
  readonly kind = "in-process" as const;
  private readonly retry: Required<RetryDefaults>;
  private readonly registrations = new Map<string, Registration>();
  /** Waiting jobs (created or retry) in enqueue order. */
  private waiting: Entry[] = [];
  private readonly slots = new Map<string, Slot>();
  private readonly running = new Set<Promise<void>>();
  private activeCount = 0;
  private seq = 0;
  private state: "new" | "started" | "stopping" | "stopped" = "new";
  private stopping: Promise<void> | undefined;
  private wake: NodeJS.Timeout | undefined;
  private readonly periodic = new Map<string, NodeJS.Timeout>();
  private idleWaiters: (() => void)[] = [];

  constructor(retry: RetryDefaults = {}) {
    this.retry = { ...RETRY_DEFAULTS, ...retry };
    assertCount("retryLimit", this.retry.retryLimit, 0);
    if (!(this.retry.retryDelaySeconds >= 0)) throw new RangeError("retryDelaySeconds must be >= 0");
  }

  async register<T extends object>(name: string, handler: JobHandler<T>, opts: RegisterOptions<T> = {}): Promise<void> {
    assertJobName(name);
    const concurrency = opts.concurrency ?? 1;
    assertCount("concurrency", concurrency, 1);
    if (this.registrations.has(name)) throw new Error(`a handler for job "${name}" is already registered`);
    if (this.state === "stopping" || this.state === "stopped") throw new Error("the job queue is stopped");
    this.registrations.set(name, { handler: handler as JobHandler<object>, onFailed: opts.onFailed as JobFailedHook<object> | undefined, concurrency, running: 0 });
    this.pump();
  }

  async enqueue<T extends object>(name: string, data: T, opts: JobOptions = {}): Promise<string | null> {
    this.assertStarted("enqueue");
    assertJobName(name);
    assertJobOptions(opts);
    const id = randomUUID();
    const key = opts.singletonKey ?? id;
    const slot = this.slot(name, key);
    if (slot.created) return null;
    const entry: Entry = {
      id,
      name,
      data: asStored(data),
      key,
      state: "created",
      attempt: 1,
      retryLimit: opts.retryLimit ?? this.retry.retryLimit,
      notBefore: Date.now() + (opts.delayMs ?? 0),
      seq: ++this.seq,
    };
    slot.created = entry;
    this.waiting.push(entry);
    this.pump();
    return id;
  }

  async every(name: string, intervalMinutes: number, data: object = {}): Promise<void> {
    this.assertStarted("every");
    assertJobName(name);
    cronForInterval(intervalMinutes); // the same intervals as pg-boss's cron
    const stored = asStored(data);
    clearInterval(this.periodic.get(name));
    const timer = setInterval(() => {
      this.enqueue(name, stored, { singletonKey: EVERY_KEY }).catch((error: unknown) =>
        logger.warn("periodic job not enqueued", { job: name, error: errorMessage(error) }),
      );
    }, intervalMinutes * 60_000);
    timer.unref();
    this.periodic.set(name, timer);
  }

  async start(): Promise<void> {
    if (this.state === "started") return;
    if (this.state !== "new") throw new Error("a stopped job queue cannot be started again");
    this.state = "started";
    this.pump();
  }

  stop(): Promise<void> {
    this.stopping ??= this.shutdown();
    return this.stopping;
  }

  idle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    this.wake?.ref(); // a pending delay or retry must not let the process exit under an awaited idle()
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private async shutdown(): Promise<void> {
    this.state = "stopping";
    for (const timer of this.periodic.values()) clearInterval(timer);
    this.periodic.clear();
    clearTimeout(this.wake);
    this.wake = undefined;
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
    if (this.waiting.length > 0) {
      const jobs = [...new Set(this.waiting.map((e) => e.name))];
      logger.warn("job queue stopped: waiting jobs dropped", { count: this.waiting.length, jobs });
    }
    this.waiting = [];
    this.slots.clear();
    this.state = "stopped";
    this.settleIdle();
  }

  private assertStarted(what: string): void {
    if (this.state === "new") throw new Error(`${what}(): start the job queue first`);
    if (this.state !== "started") throw new Error(`${what}(): the job queue is stopped`);
  }

  private slot(name: string, key: string): Slot {
    const id = `${name}\u0000${key}`;
    let slot = this.slots.get(id);
    if (!slot) {
      slot = {};
      this.slots.set(id, slot);
    }
    return slot;
  }

  private releaseSlot(entry: Entry, state: Entry["state"]): void {
    const id = `${entry.name}\u0000${entry.key}`;
    const slot = this.slots.get(id);
    if (!slot || slot[state] !== entry) return;
    slot[state] = undefined;
    if (!slot.created && !slot.retry && !slot.active) this.slots.delete(id);
  }

  /** Starts what can start, in enqueue order; arms a timer for the next delayed job. */
  private pump(): void {
    if (this.state !== "started") return;
    const now = Date.now();
    let next = Infinity;
    for (let i = 0; i < this.waiting.length; ) {
      const entry = this.waiting[i]!;
      const registration = this.registrations.get(entry.name);
      if (entry.notBefore > now) {
        next = Math.min(next, entry.notBefore);
      } else if (registration && registration.running < registration.concurrency && !this.slot(entry.name, entry.key).active) {
        this.waiting.splice(i, 1);
        this.run(entry, registration);
        continue;
      }
      i++;
    }
    this.armWake(next, now);
    this.settleIdle();
  }

  private armWake(at: number, now: number): void {
    clearTimeout(this.wake);
    this.wake = undefined;
    if (at === Infinity) return;
    this.wake = setTimeout(() => {
      this.wake = undefined;
      this.pump();
    }, at - now);
    if (this.idleWaiters.length === 0) this.wake.unref();
  }

  private run(entry: Entry, registration: Registration): void {
    this.releaseSlot(entry, entry.state);
    entry.state = "active";
    this.slot(entry.name, entry.key).active = entry;
    registration.running++;
    this.activeCount++;
    const done: Promise<void> = this.execute(entry, registration).finally(() => this.running.delete(done));
    this.running.add(done);
  }

  private async execute(entry: Entry, registration: Registration): Promise<void> {
    const job = { id: entry.id, name: entry.name, attempt: entry.attempt };
    try {
      await registration.handler(entry.data, job);
    } catch (error) {
      const retryAt = this.failed(entry, error);
      // Still the key's active job here, so the retry cannot start before the hook is done.
      await notifyFailed(registration.onFailed, entry.data, job, { error, retryAt });
    } finally {
      registration.running--;
      this.activeCount--;
      this.releaseSlot(entry, "active");
      this.pump();
      this.settleIdle();
    }
  }

  /** Schedules the retry (returning when it is due) or fails the job for good (null). */
  private failed(entry: Entry, error: unknown): Date | null {
    const fields = { ...jobFields(entry.name, entry.id, entry.attempt, entry.data), error: errorMessage(error) };
    const slot = this.slot(entry.name, entry.key);
    // As pg-boss: a key holds one pending retry; a second failure then fails for good.
    if (entry.attempt <= entry.retryLimit && !slot.retry) {
      const delayMs = this.retryDelayMs(entry.attempt);
      logger.warn("job failed; it will be retried", { ...fields, retryInMs: delayMs });
      entry.state = "retry";
      entry.attempt++;
      entry.notBefore = Date.now() + delayMs;
      slot.retry = entry;
      const at = this.waiting.findIndex((e) => e.seq > entry.seq);
      this.waiting.splice(at === -1 ? this.waiting.length : at, 0, entry);
      return new Date(entry.notBefore);
    }
    logger.error("job failed", { ...fields, retries: entry.attempt - 1 });
    return null;
  }

  /** The base delay, doubled after each retry (up to 2^16 times), with up to 50% jitter. */
  private retryDelayMs(attempt: number): number {
    const base = this.retry.retryDelaySeconds * 1000;
    if (!this.retry.retryBackoff) return base;
    return Math.round(base * 2 ** Math.min(16, attempt - 1) * (1 + Math.random() / 2));
  }

  private isIdle(): boolean {
    return this.state === "stopped" || (this.waiting.length === 0 && this.activeCount === 0);
  }

  private settleIdle(): void {
    if (this.idleWaiters.length === 0 || !this.isIdle()) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }
}
