/**
 * One bulk import from start to finish, resumable: start a bulk query (or pick up
 * the shop's unfinished run of the same kind), wait for Shopify to finish it,
 * stream the JSONL into an importer in batches, checkpoint after each batch.
 *
 * Failure handling:
 * - a download cut mid-way (network, short read) is retried from the checkpoint;
 *   after `downloadAttempts` cuts in a row without progress the operation is run again;
 * - an expired URL (Shopify's links last 7 days) → the operation is run again;
 * - FAILED with a partialDataUrl → the partial data is imported (complete lines
 *   only), then the operation is run again; ACCESS_DENIED → the shop needs
 *   attention (a scope is missing), nothing is retried;
 * - after `operationAttempts` operations the run fails with Shopify's error code,
 *   and the merchant is told.
 * A crash at any point leaves a SyncRun row with `linesRead`: the next attempt
 * resumes the same operation and skips every line before the checkpoint (writes
 * are idempotent, so re-reading a line never doubles anything).
 */
import { randomUUID } from "node:crypto";

import type { PrismaClient } from "@prisma/client";

import { logger } from "~/logger.server";
import { jsonlBatches, TruncatedJsonlError } from "~/shopify/jsonl.server";
import type { SqlDb } from "~/store/sql.server";
import type { RunCheckpoint } from "~/store/sync-run.server";

import type { AdminGraphql } from "~/shopify/admin-client.server";
import { startOperation, waitForOperation } from "~/shopify/bulk-operation.server";

export interface BulkImporter {
  /** Called once per download, with the line it resumes from. */
  begin(resumeFrom: number): void;
  /** One line of the file, as text; false when it is not valid JSON (only the last line of a cut file can be). */
  line(text: string, line: number): boolean;
  /** Number of objects waiting to be written. */
  waiting(): number;
  /**
   * Writes what is waiting in one transaction, with the run's checkpoint
   * (app/store/sync-run.server.ts: the first line still needed, at most `nextLine`).
   */
  flush(nextLine: number, checkpoint: RunCheckpoint): Promise<void>;
  /** End of the download; `complete` false when it was cut (partial data). */
  end(complete: boolean): void;
  /** Waits for writes still in flight (an importer may write one batch while the next is read). */
  drain?(): Promise<void>;
}

export interface BulkRunDeps {
  db: PrismaClient;
  sql: SqlDb;
  admin: AdminGraphql;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  now?: () => Date;
  /** Objects per write transaction (default 2500: peak RSS stays under 500 MB on the 1M-order bench, test/bench/README.md). */
  batchSize?: number;
  downloadAttempts?: number;
  operationAttempts?: number;
  /** Poll delays in ms (default 1 s growing to 10 s). */
  pollMs?: { first: number; max: number };
}

export type BulkRunOutcome =
  | { ok: true; runId: string; linesRead: number; objectsWritten: number; late: number; operations: number }
  | { ok: false; runId: string; code: "ACCESS_DENIED" | "FAILED"; message: string; operations: number };

const ACTIVE = ["created", "running", "downloading"];

type DownloadResult = { kind: "done"; complete: boolean } | { kind: "expired" } | { kind: "cut"; error: string };

/**
 * Streams one download into the importer, skipping lines before `resumeFrom`.
 * Checkpoints after each batch.
 */
async function download(
  deps: BulkRunDeps,
  runId: string,
  url: string,
  importer: BulkImporter,
  resumeFrom: number,
  opts: { partial: boolean },
): Promise<DownloadResult> {
  const doFetch = deps.fetch ?? fetch;
  const batch = deps.batchSize ?? 2500;
  let response: Response;
  try {
    response = await doFetch(url);
  } catch (error) {
    return { kind: "cut", error: `download failed: ${(error as Error).message}` };
  }
  if (response.status === 400 || response.status === 403 || response.status === 404 || response.status === 410) {
    await response.body?.cancel();
    return { kind: "expired" };
  }
  if (!response.ok || !response.body) return { kind: "cut", error: `download answered HTTP ${response.status}` };
  const length = Number(response.headers.get("content-length"));
  const now = deps.now ?? (() => new Date());
  importer.begin(resumeFrom);
  let next = 0;
  let broken: string | null = null;
  try {
    reading: for await (const lines of jsonlBatches(response.body as unknown as AsyncIterable<Uint8Array>, { expectedBytes: Number.isFinite(length) && length > 0 ? length : null })) {
      for (const l of lines) {
        next = l.line + 1;
        if (l.line < resumeFrom) continue;
        if (!importer.line(l.text, l.line)) {
          // Only the last line of a cut file can be incomplete; a partial file ends with one.
          broken = `line ${l.line + 1} is not valid JSON`;
          break reading;
        }
        if (importer.waiting() >= batch) await importer.flush(next, { runId, at: now() });
        // Let the event loop run now and then: a write in flight (on the SQLite worker)
        // needs it to move to its next statement, or the writer idles while we parse.
        else if (l.line % 128 === 0) await new Promise((resolve) => setImmediate(resolve));
      }
    }
  } catch (error) {
    if (!(error instanceof TruncatedJsonlError)) {
      // Let a write in flight finish (or fail) before giving up.
      await importer.drain?.().catch(() => undefined);
      throw error;
    }
    broken = error.message;
  }
  const complete = broken === null && !opts.partial;
  importer.end(complete);
  await importer.flush(complete ? Number.MAX_SAFE_INTEGER : next, { runId, at: now(), ...(complete ? { line: next } : {}) });
  await importer.drain?.();
  if (broken !== null && !opts.partial) return { kind: "cut", error: broken };
  return { kind: "done", complete };
}

/**
 * Runs (or resumes) a bulk import of `kind` for a shop. `makeImporter` is called per
 * download. Returns when the data is imported or the run has failed for good.
 */
export async function runBulkImport(
  deps: BulkRunDeps,
  shop: string,
  kind: string,
  query: string,
  makeImporter: () => BulkImporter,
): Promise<BulkRunOutcome> {
  const { db } = deps;
  const now = deps.now ?? (() => new Date());
  const downloadAttempts = deps.downloadAttempts ?? 3;
  const operationAttempts = deps.operationAttempts ?? 3;
  let run = await db.syncRun.findFirst({ where: { shop, kind, status: { in: ACTIVE } }, orderBy: { startedAt: "desc" } });
  let operations = 0;
  if (run && run.query !== query) {
    await db.syncRun.update({ where: { id: run.id }, data: { status: "failed", error: "superseded by a run with another query", finishedAt: now() } });
    run = null;
  }
  for (;;) {
    if (!run || !run.bulkOperationId) {
      const bulkOperationId = await startOperation(deps.admin, query);
      operations++;
      run = run
        ? await db.syncRun.update({ where: { id: run.id }, data: { bulkOperationId, status: "running", linesRead: 0 } })
        : await db.syncRun.create({ data: { id: randomUUID(), shop, kind, status: "running", bulkOperationId, query, startedAt: now() } });
      logger.info("bulk operation started", { shop, kind, bulkOperationId });
    }
    const op = await waitForOperation(deps.admin, run.bulkOperationId!, { sleep: deps.sleep, pollMs: deps.pollMs });
    const objectCount = op.objectCount === null ? null : Number(op.objectCount);
    run = await db.syncRun.update({ where: { id: run.id }, data: { status: "downloading", objectCount } });
    let retryOperation: string | null = null;
    if (op.status === "COMPLETED") {
      if (op.url === null) {
        await finish(db, run.id, now(), null);
        return { ok: true, runId: run.id, linesRead: 0, objectsWritten: run.objectsWritten, late: run.childrenLate, operations };
      }
      let attempt = 0;
      for (;;) {
        attempt++;
        const resumeFrom = (await db.syncRun.findUniqueOrThrow({ where: { id: run.id } })).linesRead;
        const r = await download(deps, run.id, op.url, makeImporter(), resumeFrom, { partial: false });
        // A cut after progress is not held against the link: a long import (paced by
        // the refund follow-up) may outlive one connection, and resumes from its checkpoint.
        if (r.kind === "cut" && (await db.syncRun.findUniqueOrThrow({ where: { id: run.id } })).linesRead > resumeFrom) attempt = 0;
        if (r.kind === "done") {
          const done = await finish(db, run.id, now(), null);
          return { ok: true, runId: run.id, linesRead: done.linesRead, objectsWritten: done.objectsWritten, late: done.childrenLate, operations };
        }
        if (r.kind === "expired") {
          retryOperation = "the download link expired";
          break;
        }
        logger.warn("bulk download cut, retrying from the checkpoint", { shop, kind, attempt, error: r.error });
        if (attempt >= downloadAttempts) {
          retryOperation = `the download broke off ${attempt} times (${r.error})`;
          break;
        }
      }
    } else if (op.status === "FAILED" && op.errorCode === "ACCESS_DENIED") {
      await finish(db, run.id, now(), "ACCESS_DENIED");
      return { ok: false, runId: run.id, code: "ACCESS_DENIED", message: "Shopify denied the bulk query (ACCESS_DENIED): a required access scope is missing.", operations };
    } else {
      if (op.partialDataUrl) {
        const resumeFrom = (await db.syncRun.findUniqueOrThrow({ where: { id: run.id } })).linesRead;
        await download(deps, run.id, op.partialDataUrl, makeImporter(), resumeFrom, { partial: true });
        await db.syncRun.update({ where: { id: run.id }, data: { partial: true } });
      }
      retryOperation = `Shopify's bulk operation ended ${op.status}${op.errorCode ? ` (${op.errorCode})` : ""}`;
    }
    // Run the operation again: a new file, so the line checkpoint starts over.
    logger.warn("bulk operation to be run again", { shop, kind, reason: retryOperation });
    if (operations >= operationAttempts) {
      await finish(db, run.id, now(), retryOperation);
      return { ok: false, runId: run.id, code: "FAILED", message: `Import of ${kind} failed: ${retryOperation}.`, operations };
    }
    run = await db.syncRun.update({ where: { id: run.id }, data: { bulkOperationId: null, linesRead: 0, error: retryOperation } });
  }
}

async function finish(db: PrismaClient, id: string, at: Date, error: string | null) {
  return db.syncRun.update({ where: { id }, data: { status: error === null ? "completed" : "failed", finishedAt: at, ...(error === null ? {} : { error }) } });
}
