/**
 * The job queue on PostgreSQL: pg-boss (v12) in its own schema, shared by every
 * app instance on the database (see queue.server.ts for the contract).
 *
 * - Every queue is created with the "stately" policy: per singletonKey one job
 *   created, one waiting for a retry and one active, enforced by unique indexes,
 *   so one shop's backfill never runs on two instances at once. A job enqueued
 *   without a key gets a unique one, so it is never deduplicated.
 * - `concurrency` is the number of pg-boss workers (one job each) this instance
 *   runs for the queue. A worker enqueuing here is woken at once; others poll.
 * - `every` stores a cron schedule; pg-boss's timekeeper sends it once per tick
 *   across instances.
 * - Retries are pg-boss's: `retryDelay` seconds plus, with backoff, 1-2 s, 2-4 s,
 *   4-8 s... after each failure.
 * - `idle()` polls the queue sizes of the queues this instance has used.
 */
import { randomUUID } from "node:crypto";

import { PgBoss, type JobWithMetadata, type SendOptions } from "pg-boss";

import { logger } from "~/logger.server";
import {
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
  type PgBossSettings,
  type RegisterOptions,
  type RetryDefaults,
} from "./queue.server";

export interface PgBossQueueOptions extends RetryDefaults, PgBossSettings {
  databaseUrl: string;
}

interface Registration {
  handler: JobHandler<object>;
  onFailed: JobFailedHook<object> | undefined;
  concurrency: number;
  workers: string[];
}

const IDLE_POLL_MS = 100;

/**
 * The latest start of the retry pg-boss schedules when this attempt fails: its fail
 * plan sets start_after to now() + retryDelay, with backoff + 2^(retryCount+1)/2 *
 * (1 + random()) seconds, capped at retryDelayMax (node_modules/pg-boss/dist/plans.js, failJobs).
 */
export function latestRetryAt(job: Pick<JobWithMetadata<object>, "retryCount" | "retryDelay" | "retryBackoff" | "retryDelayMax">, nowMs: number): Date {
  let seconds = job.retryDelay;
  if (job.retryBackoff) {
    seconds += 2 ** Math.min(16, job.retryCount + 1);
    if (job.retryDelayMax != null) seconds = Math.min(job.retryDelayMax, seconds);
  }
  return new Date(nowMs + seconds * 1000);
}

export class PgBossQueue implements JobQueue {
  readonly kind = "pg-boss" as const;
  private readonly boss: PgBoss;
  private readonly retry: Required<RetryDefaults>;
  private readonly pollingIntervalSeconds: number;
  private readonly expireInSeconds: number;
  private readonly registrations = new Map<string, Registration>();
  /** Queues created (or found) in the database, by name. */
  private readonly queues = new Map<string, Promise<void>>();
  private state: "new" | "starting" | "started" | "stopping" | "stopped" = "new";
  private starting: Promise<void> | undefined;
  private stopping: Promise<void> | undefined;

  constructor(options: PgBossQueueOptions) {
    const { databaseUrl, schema = "pgboss", pollingIntervalSeconds = 2, superviseIntervalSeconds = 10, expireInSeconds = 6 * 60 * 60, ...retry } = options;
    this.retry = { ...RETRY_DEFAULTS, ...retry };
    assertCount("retryLimit", this.retry.retryLimit, 0);
    assertCount("retryDelaySeconds", this.retry.retryDelaySeconds, 0);
    this.pollingIntervalSeconds = pollingIntervalSeconds;
    this.expireInSeconds = expireInSeconds;
    this.boss = new PgBoss({
      connectionString: databaseUrl,
      schema,
      application_name: "netmargin-jobs",
      superviseIntervalSeconds,
      monitorIntervalSeconds: superviseIntervalSeconds,
      queueCacheIntervalSeconds: superviseIntervalSeconds,
    });
    this.boss.on("error", (error: Error) => {
      // pg-boss's stop() clears its maintenance, cron and cache timers but does not wait
      // for a run already under way; its next query, after the pool is closed, fails
      // ("Database not opened"). Each step is its own transaction, so nothing is left
      // half done: expected while stopping, not worth an error.
      if (this.state === "stopping" || this.state === "stopped") logger.debug("pg-boss error while stopping", { error: error.message });
      else logger.error("pg-boss error", { error: error.message });
    });
    this.boss.on("warning", (warning) => logger.warn(`pg-boss: ${warning.message}`, { data: warning.data }));
  }

  async register<T extends object>(name: string, handler: JobHandler<T>, opts: RegisterOptions<T> = {}): Promise<void> {
    assertJobName(name);
    const concurrency = opts.concurrency ?? 1;
    assertCount("concurrency", concurrency, 1);
    if (this.registrations.has(name)) throw new Error(`a handler for job "${name}" is already registered`);
    if (this.state === "stopping" || this.state === "stopped") throw new Error("the job queue is stopped");
    const registration: Registration = { handler: handler as JobHandler<object>, onFailed: opts.onFailed as JobFailedHook<object> | undefined, concurrency, workers: [] };
    this.registrations.set(name, registration);
    if (this.state === "started") await this.startWorkers(name, registration);
  }

  async enqueue<T extends object>(name: string, data: T, opts: JobOptions = {}): Promise<string | null> {
    this.assertStarted("enqueue");
    assertJobName(name);
    assertJobOptions(opts);
    await this.ensureQueue(name);
    const id = await this.boss.send(name, data, {
      ...this.sendOptions(opts.retryLimit),
      singletonKey: opts.singletonKey ?? randomUUID(),
      ...(opts.delayMs ? { startAfter: Math.ceil(opts.delayMs) / 1000 } : {}), // seconds, as an interval from the database's now()
    });
    if (id && !opts.delayMs) {
      for (const worker of this.registrations.get(name)?.workers ?? []) this.boss.notifyWorker(worker);
    }
    return id;
  }

  async every(name: string, intervalMinutes: number, data: object = {}): Promise<void> {
    this.assertStarted("every");
    assertJobName(name);
    const cron = cronForInterval(intervalMinutes);
    await this.ensureQueue(name);
    await this.boss.schedule(name, cron, data, { ...this.sendOptions(), singletonKey: EVERY_KEY, tz: "UTC" });
  }

  start(): Promise<void> {
    if (this.state === "stopping" || this.state === "stopped") {
      return Promise.reject(new Error("a stopped job queue cannot be started again"));
    }
    this.starting ??= this.startup();
    return this.starting;
  }

  stop(): Promise<void> {
    this.stopping ??= this.shutdown();
    return this.stopping;
  }

  async idle(): Promise<void> {
    for (;;) {
      if (this.state === "stopping" || this.state === "stopped") throw new Error("idle(): the job queue is stopped");
      let busy = 0;
      for (const name of this.queues.keys()) {
        await this.queues.get(name);
        const stats = await this.boss.getQueueStats(name);
        busy += stats.queuedCount + stats.activeCount;
      }
      if (busy === 0) return;
      await new Promise((resolve) => setTimeout(resolve, IDLE_POLL_MS));
    }
  }

  private async startup(): Promise<void> {
    this.state = "starting";
    await this.boss.start();
    for (const [name, registration] of this.registrations) await this.startWorkers(name, registration);
    this.state = "started";
  }

  private async shutdown(): Promise<void> {
    if (this.state === "new") {
      this.state = "stopped";
      return;
    }
    await this.starting?.catch(() => undefined);
    this.state = "stopping";
    // Stop fetching and wait for running handlers; then close pg-boss (timekeeper, supervisor, pool).
    await Promise.all([...this.registrations.keys()].map((name) => this.boss.offWork(name, { wait: true })));
    await this.boss.stop({ graceful: true, close: true });
    this.state = "stopped";
  }

  private assertStarted(what: string): void {
    if (this.state === "stopping" || this.state === "stopped") throw new Error(`${what}(): the job queue is stopped`);
    if (this.state !== "started") throw new Error(`${what}(): start the job queue first`);
  }

  private ensureQueue(name: string): Promise<void> {
    let created = this.queues.get(name);
    if (!created) {
      // Idempotent across instances: create_queue inserts ON CONFLICT DO NOTHING under an advisory lock.
      created = this.boss.createQueue(name, {
        policy: "stately",
        retryLimit: this.retry.retryLimit,
        retryDelay: this.retry.retryDelaySeconds,
        retryBackoff: this.retry.retryBackoff,
        expireInSeconds: this.expireInSeconds,
      });
      this.queues.set(name, created);
      created.catch(() => this.queues.delete(name));
    }
    return created;
  }

  /** Retry and expiry settings on every job, so changed settings apply to queues created earlier. */
  private sendOptions(retryLimit = this.retry.retryLimit): SendOptions {
    return {
      retryLimit,
      retryDelay: this.retry.retryDelaySeconds,
      retryBackoff: this.retry.retryBackoff,
      expireInSeconds: this.expireInSeconds,
    };
  }

  private async startWorkers(name: string, registration: Registration): Promise<void> {
    await this.ensureQueue(name);
    for (let i = registration.workers.length; i < registration.concurrency; i++) {
      const worker = await this.boss.work<object>(
        name,
        { batchSize: 1, includeMetadata: true, pollingIntervalSeconds: this.pollingIntervalSeconds },
        async (jobs) => {
          for (const job of jobs) await this.runJob(name, registration, job);
        },
      );
      registration.workers.push(worker);
    }
  }

  private async runJob(name: string, registration: Registration, job: JobWithMetadata<object>): Promise<void> {
    const fields = jobFields(name, job.id, job.retryCount + 1, job.data);
    const onExpired = () =>
      logger.error("job ran past its time limit (expireInSeconds); pg-boss failed it while it still runs", fields);
    job.signal.addEventListener("abort", onExpired, { once: true });
    const context = { id: job.id, name, attempt: job.retryCount + 1 };
    try {
      await registration.handler(job.data, context);
    } catch (error) {
      const message = errorMessage(error);
      const retries = job.retryCount < job.retryLimit;
      if (retries) logger.warn("job failed; it will be retried", { ...fields, error: message });
      else logger.error("job failed", { ...fields, error: message, retries: job.retryCount });
      // The job stays active until this handler throws, so the retry cannot start before the hook is done.
      await notifyFailed(registration.onFailed, job.data, context, { error, retryAt: retries ? latestRetryAt(job, Date.now()) : null });
      throw error; // pg-boss records the failure and schedules the retry
    } finally {
      job.signal.removeEventListener("abort", onExpired);
    }
  }
}
