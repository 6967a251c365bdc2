/**
 * Background jobs (backfill, reconcile, recompute, order refresh): the contract of
 * the two engines (factory.server.ts picks one by the database the app runs on).
 *
 * - SQLite, the embedded default: `InProcessQueue`, a queue in this process's
 *   memory. Jobs still waiting when the process stops are dropped; sync work is
 *   resumable from its own checkpoints and is re-enqueued at boot.
 * - PostgreSQL: `PgBossQueue`, jobs stored by pg-boss in the database and shared
 *   by every app instance on it.
 *
 * Semantics both engines share (test/jobs/queue.test.ts runs the same tests on
 * both):
 * - Per `singletonKey` (per queue), pg-boss's "stately" policy: at most one job
 *   running and one waiting. Enqueuing while one waits is deduplicated
 *   (`enqueue` returns null); enqueuing while one runs queues exactly one
 *   follow-up. Jobs of one key never run at the same time, on any instance.
 *   A job without a key is never deduplicated.
 * - Different keys run in parallel, up to `concurrency` per queue (per
 *   instance with pg-boss).
 * - A handler that throws is retried up to `retryLimit` times with backoff; then
 *   the job is failed and logged as an error. Nothing is thrown out of the queue.
 *   The handler's `onFailed` (RegisterOptions) hears of each failed attempt, with
 *   when the retry is due or, once the retries are spent, that none is left; it runs
 *   before the retry can start, and its own errors are logged, not thrown.
 * - Job data goes through JSON (as pg-boss stores it): pass plain data.
 * - `stop()` lets running handlers finish and starts nothing afterwards.
 */
import { logger } from "~/logger.server";

/** The app's jobs. Queue methods take any valid name; these are the ones the app uses. */
export const JOB_NAMES = ["backfill", "reconcile", "reconcile-all", "recompute", "order-refresh", "stock-snapshot", "stock-snapshot-all"] as const;
export type JobName = (typeof JOB_NAMES)[number];

export interface JobOptions {
  /** Jobs with the same key (in one queue) never run at the same time; see the stately rules above. */
  singletonKey?: string;
  /** Start no earlier than this many milliseconds from now. */
  delayMs?: number;
  /** Retries after the first attempt (default: the queue's, 3). */
  retryLimit?: number;
}

export interface JobContext {
  id: string;
  name: string;
  /** 1 on the first run, 2 on the first retry, ... */
  attempt: number;
}

export type JobHandler<T> = (data: T, job: JobContext) => Promise<void>;

/** One failed attempt of a job, as its `onFailed` hook hears of it. */
export interface JobFailure {
  /** What the handler threw. */
  error: unknown;
  /**
   * The latest time the retry is due (it may start a little earlier, or later by
   * the polling interval), or null: no retry is left, the job has failed for good.
   */
  retryAt: Date | null;
}

export type JobFailedHook<T> = (data: T, job: JobContext, failure: JobFailure) => Promise<void>;

export interface RegisterOptions<T = object> {
  /** Jobs of this queue run at once (per instance with pg-boss); default 1. */
  concurrency?: number;
  /** Hears of each failed attempt (e.g. to tell the merchant); see the contract above. */
  onFailed?: JobFailedHook<T>;
}

export interface JobQueue {
  readonly kind: "in-process" | "pg-boss";
  /** One handler per queue name; before or after `start()`. */
  register<T extends object>(name: string, handler: JobHandler<T>, opts?: RegisterOptions<T>): Promise<void>;
  /** The job's id, or null when a job with the same `singletonKey` is already waiting. Only after `start()`. */
  enqueue<T extends object>(name: string, data: T, opts?: JobOptions): Promise<string | null>;
  /**
   * A periodic job, every `intervalMinutes` (a divisor of 60, or whole hours
   * dividing 24). It is keyed ("every"), so runs never overlap or pile up. With
   * pg-boss it is a cron schedule stored in the database: sent once per interval
   * across all instances. Only after `start()`.
   */
  every(name: string, intervalMinutes: number, data?: object): Promise<void>;
  /** Starts running registered handlers (idempotent). */
  start(): Promise<void>;
  /** Graceful: starts nothing more and waits for running handlers (idempotent). A stopped queue does not restart. */
  stop(): Promise<void>;
  /**
   * Resolves when nothing is waiting (including delayed jobs and pending retries) or
   * running: for tests, the CLI and the demo. Call it before `stop()`. With pg-boss
   * it polls the queues this instance has used, whichever instance holds their jobs.
   */
  idle(): Promise<void>;
}

/** Defaults for jobs that do not set their own. */
export interface RetryDefaults {
  /** Retries after the first attempt (default 3). */
  retryLimit?: number;
  /** Base delay before a retry, in whole seconds for pg-boss (default 10). */
  retryDelaySeconds?: number;
  /** Grow the delay exponentially with each retry (default true). */
  retryBackoff?: boolean;
}

export const RETRY_DEFAULTS: Required<RetryDefaults> = { retryLimit: 3, retryDelaySeconds: 10, retryBackoff: true };

/** pg-boss settings; ignored by the in-process queue. */
export interface PgBossSettings {
  /** PostgreSQL schema of pg-boss's tables (default "pgboss"). */
  schema?: string;
  /** How often an idle worker polls for jobs (default 2, minimum 0.5). */
  pollingIntervalSeconds?: number;
  /**
   * How often queue statistics (including which keys are running) are refreshed
   * (default 10). A job waiting behind its own running key can hold back other
   * keys of its queue until then (pg-boss fetches in order).
   */
  superviseIntervalSeconds?: number;
  /**
   * A job running longer than this is failed by pg-boss (and retried, perhaps
   * while the slow run goes on): keep it above the longest backfill (default 6 hours, under 24).
   */
  expireInSeconds?: number;
}

export interface JobQueueConfig extends RetryDefaults {
  provider: "sqlite" | "postgresql";
  databaseUrl: string;
  pgBoss?: PgBossSettings;
}

// Shared by both engines, so they accept and refuse the same things.

/** The singleton key of periodic jobs (`every`). */
export const EVERY_KEY = "every";

const NAME = /^[\w.-]+$/;

/** pg-boss's rule for queue names, applied by both engines. */
export function assertJobName(name: string): void {
  if (typeof name !== "string" || !NAME.test(name)) {
    throw new TypeError(`job name ${JSON.stringify(name)} may only contain letters, digits, "_", "-" and "."`);
  }
}

export function assertJobOptions(opts: JobOptions): void {
  const { singletonKey, delayMs, retryLimit } = opts;
  if (singletonKey !== undefined && (typeof singletonKey !== "string" || singletonKey === "")) {
    throw new TypeError("singletonKey must be a non-empty string");
  }
  if (delayMs !== undefined && !(Number.isFinite(delayMs) && delayMs >= 0)) {
    throw new RangeError(`delayMs must be a number >= 0, not ${delayMs}`);
  }
  if (retryLimit !== undefined) assertCount("retryLimit", retryLimit, 0);
}

export function assertCount(what: string, value: number, min: number): void {
  if (!Number.isInteger(value) || value < min) throw new RangeError(`${what} must be a whole number >= ${min}, not ${value}`);
}

/**
 * The cron expression (UTC) of "every N minutes". Cron cannot express every
 * interval evenly, so only those it can are accepted, by both engines.
 */
export function cronForInterval(minutes: number): string {
  if (Number.isInteger(minutes) && minutes > 0) {
    if (minutes < 60 && 60 % minutes === 0) return minutes === 1 ? "* * * * *" : `*/${minutes} * * * *`;
    const hours = minutes / 60;
    if (Number.isInteger(hours) && 24 % hours === 0) return hours === 24 ? "0 0 * * *" : `0 */${hours} * * *`;
  }
  throw new RangeError(
    `every(): ${minutes} minutes is not a cron interval; use a divisor of 60 (1, 2, 3, 4, 5, 6, 10, 12, 15, 20, 30) or 60, 120, 180, 240, 360, 480, 720, 1440`,
  );
}

/** JSON round trip: handlers see what pg-boss would give them. */
export function asStored<T extends object>(data: T): T {
  const json = JSON.stringify(data);
  if (json === undefined) throw new TypeError("job data must be JSON-serialisable");
  return JSON.parse(json) as T;
}

/** Log fields of a job: its queue, id, attempt, and its shop when the data names one (never the data itself). */
export function jobFields(name: string, id: string, attempt: number, data: unknown): Record<string, unknown> {
  const shop = typeof data === "object" && data !== null && "shop" in data && typeof data.shop === "string" ? data.shop : undefined;
  return { job: name, jobId: id, attempt, ...(shop ? { shop } : {}) };
}

/** Runs a job's `onFailed` hook; its failure is logged, never thrown into the queue. */
export async function notifyFailed(hook: JobFailedHook<object> | undefined, data: object, job: JobContext, failure: JobFailure): Promise<void> {
  if (!hook) return;
  try {
    await hook(data, job, failure);
  } catch (error) {
    logger.warn("job failure hook failed", { ...jobFields(job.name, job.id, job.attempt, data), error: errorMessage(error) });
  }
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
