/** The job queue engine for the app's database: in-process on SQLite, pg-boss on PostgreSQL (queue.server.ts). */
import { InProcessQueue } from "./in-process-queue.server";
import { PgBossQueue } from "./pg-boss-queue.server";
import type { JobQueue, JobQueueConfig } from "./queue.server";

export function createJobQueue(config: JobQueueConfig): JobQueue {
  const { provider, databaseUrl, pgBoss, ...retry } = config;
  if (provider === "postgresql") return new PgBossQueue({ databaseUrl, ...retry, ...pgBoss });
  return new InProcessQueue(retry);
}
