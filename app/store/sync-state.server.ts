/**
 * What the merchant sees about sync, and the one place sync's state changes:
 * last sync times, the progress of a running backfill, and errors that need the
 * merchant (a revoked token, a missing scope, a bulk operation Shopify failed).
 * Every read and write is scoped to one shop.
 */
import type { PrismaClient } from "@prisma/client";

/**
 * BULK_REFUSED: Shopify refused to start a bulk query (its message is shown); not retried until "Sync now".
 * BACKFILL_FAILED, SYNC_FAILED: the backfill, or a reconciliation or order fetch, failed after all its
 * retries (status "failed", markSyncFailed); jobs go on, and the next success of that work clears it.
 */
export const ATTENTION_CODES = ["TOKEN_REVOKED", "SCOPE_MISSING", "BULK_FAILED", "BULK_REFUSED", "SYNC_FAILED", "BACKFILL_FAILED"] as const;
export type AttentionCode = (typeof ATTENTION_CODES)[number];
export type SyncFailureCode = Extract<AttentionCode, "SYNC_FAILED" | "BACKFILL_FAILED">;

export type SyncStatusKind = "never" | "idle" | "running" | "needs_attention" | "failed";

export interface SyncProgress {
  kind: string;
  status: string;
  /** JSONL lines imported (checkpoint) and objects Shopify reported, when known. */
  linesRead: number;
  objectCount: number | null;
  objectsWritten: number;
  /** 0–100 when Shopify reported the object count, else null. */
  percent: number | null;
  startedAt: string;
}

export interface SyncStatus {
  shop: string;
  status: SyncStatusKind;
  lastBackfillAt: string | null;
  lastReconcileAt: string | null;
  lastWebhookAt: string | null;
  /** The oldest processedAt NetMargin was allowed to sync (null: the whole history). */
  ordersSince: string | null;
  /** Why older orders are missing, when they are (no read_all_orders). */
  ordersWindowReason: string | null;
  attention: { code: string; message: string } | null;
  /**
   * While running or idle: why sync is slow or behind, in the merchant's words (e.g. Shopify not
   * answering and NetMargin retrying, with the next try). A sync that needs attention or failed says so in `attention`.
   */
  message: string | null;
  running: SyncProgress[];
  counts: { orders: number; variants: number };
}

const ACTIVE_RUN = ["created", "running", "downloading"];

/** The sync status a page loader returns (the UI renders it). */
export async function getSyncStatus(db: PrismaClient, shop: string): Promise<SyncStatus> {
  const [state, runs, orders, variants] = await Promise.all([
    db.syncState.findUnique({ where: { shop } }),
    db.syncRun.findMany({ where: { shop, status: { in: ACTIVE_RUN } }, orderBy: { startedAt: "asc" } }),
    db.order.count({ where: { shop } }),
    db.variant.count({ where: { shop } }),
  ]);
  const running = runs.map(
    (r): SyncProgress => ({
      kind: r.kind,
      status: r.status,
      linesRead: r.linesRead,
      objectCount: r.objectCount,
      objectsWritten: r.objectsWritten,
      percent: r.objectCount && r.objectCount > 0 ? Math.min(100, Math.floor((r.linesRead * 100) / r.objectCount)) : null,
      startedAt: r.startedAt.toISOString(),
    }),
  );
  let status: SyncStatusKind = "never";
  if (state) status = (state.status as SyncStatusKind) ?? "idle";
  // A stalled run of a failed sync keeps its row "running": the failure is what the merchant must see.
  if (running.length > 0 && status !== "needs_attention" && status !== "failed") status = "running";
  return {
    shop,
    status,
    lastBackfillAt: state?.lastBackfillAt?.toISOString() ?? null,
    lastReconcileAt: state?.lastReconcileAt?.toISOString() ?? null,
    lastWebhookAt: state?.lastWebhookAt?.toISOString() ?? null,
    ordersSince: state?.ordersSince?.toISOString() ?? null,
    ordersWindowReason: state?.ordersWindowReason ?? null,
    attention: state?.attentionCode ? { code: state.attentionCode, message: state.attentionMessage ?? "" } : null,
    message: status === "running" || status === "idle" ? (state?.statusMessage ?? null) : null,
    running,
    counts: { orders, variants },
  };
}

type StatePatch = Partial<{
  status: SyncStatusKind;
  ordersSince: Date | null;
  ordersWindowReason: string | null;
  lastBackfillAt: Date;
  lastReconcileAt: Date;
  reconcileCursor: Date;
  catalogCursor: Date;
  lastWebhookAt: Date;
  attentionCode: string | null;
  attentionMessage: string | null;
  statusMessage: string | null;
}>;

export async function updateSyncState(db: PrismaClient, shop: string, patch: StatePatch): Promise<void> {
  await db.syncState.upsert({
    where: { shop },
    create: { shop, status: patch.status ?? "idle", ...patch },
    update: patch,
  });
}

/**
 * How fresh "last webhook" is kept: a delivery writes it only when the stored time is at least
 * this much older. Every delivery writing the shop's one SyncState row made every delivery of
 * the shop, on every app instance, wait for the previous one's commit on PostgreSQL (row lock,
 * then WAL flush): bench:load, test/bench/README.md.
 */
export const WEBHOOK_TIME_RESOLUTION_MS = 10_000;

/**
 * A delivery arrived at `at`: "last webhook" becomes `at` when the stored one is older than
 * WEBHOOK_TIME_RESOLUTION_MS (or missing). The stored time this process last wrote or read is
 * remembered, so the deliveries in between make no query at all (on SQLite even an UPDATE that
 * matches nothing takes the write lock the sync writer needs); otherwise a conditional UPDATE,
 * which on PostgreSQL does not lock a row its condition leaves out.
 */
export async function recordWebhookAt(db: PrismaClient, shop: string, at: Date): Promise<void> {
  const known = storedTimes.get(db) ?? new Map<string, number>();
  storedTimes.set(db, known);
  const stored = known.get(shop);
  const t = at.getTime();
  if (stored !== undefined && t >= stored && t - stored < WEBHOOK_TIME_RESOLUTION_MS) return;
  const cutoff = new Date(t - WEBHOOK_TIME_RESOLUTION_MS);
  const { count } = await db.syncState.updateMany({ where: { shop, OR: [{ lastWebhookAt: null }, { lastWebhookAt: { lte: cutoff } }] }, data: { lastWebhookAt: at } });
  if (count > 0) {
    known.set(shop, t);
    return;
  }
  // Nothing written: another instance wrote a recent time, or the shop has no row yet.
  const row = await db.syncState.findUnique({ where: { shop }, select: { lastWebhookAt: true } });
  if (row?.lastWebhookAt) known.set(shop, row.lastWebhookAt.getTime());
  else {
    await updateSyncState(db, shop, { lastWebhookAt: at });
    known.set(shop, t);
  }
}

/** The "last webhook" time each shop's row held when this process last wrote or read it, per client. */
const storedTimes = new WeakMap<PrismaClient, Map<string, number>>();

/** Marks the shop's sync as needing the merchant; jobs stop retrying until it is cleared. */
export async function markAttention(db: PrismaClient, shop: string, code: AttentionCode, message: string): Promise<void> {
  await updateSyncState(db, shop, { status: "needs_attention", attentionCode: code, attentionMessage: message });
}

/**
 * A sync job gave up after all its retries: the sync shows "failed" with the message (and "Sync now")
 * instead of "running" forever. Jobs go on running (unlike "needs attention"), so the next success
 * clears it (clearSyncFailure). Never replaces another attention, which says what the merchant must do.
 */
export async function markSyncFailed(db: PrismaClient, shop: string, code: SyncFailureCode, message: string): Promise<void> {
  const data = { status: "failed", attentionCode: code, attentionMessage: message, statusMessage: null };
  const { count } = await db.syncState.updateMany({
    where: { shop, status: { not: "needs_attention" }, OR: [{ attentionCode: null }, { attentionCode: code }] },
    data,
  });
  if (count === 0 && !(await db.syncState.findUnique({ where: { shop }, select: { shop: true } }))) await db.syncState.create({ data: { shop, ...data } });
}

/** Work of this kind succeeded: its failure (if any) and any retrying message are cleared. */
export async function clearSyncFailure(db: PrismaClient, shop: string, code: SyncFailureCode): Promise<void> {
  await db.syncState.updateMany({ where: { shop, status: "failed", attentionCode: code }, data: { status: "idle", attentionCode: null, attentionMessage: null } });
  await db.syncState.updateMany({ where: { shop, statusMessage: { not: null } }, data: { statusMessage: null } });
}

/** Clears an attention flag (after re-authentication or a granted scope). */
export async function clearAttention(db: PrismaClient, shop: string): Promise<void> {
  const state = await db.syncState.findUnique({ where: { shop } });
  if (state?.attentionCode) await updateSyncState(db, shop, { status: "idle", attentionCode: null, attentionMessage: null });
}

export async function needsAttention(db: PrismaClient, shop: string): Promise<boolean> {
  const state = await db.syncState.findUnique({ where: { shop }, select: { status: true } });
  return state?.status === "needs_attention";
}
