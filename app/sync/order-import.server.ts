/**
 * The orders bulk importer: JSONL lines → assembled orders (bulk-assembler.ts) →
 * OrderRecords (parseGraphqlOrderRecord) → batched writes (order-store.server.ts),
 * with the checkpoint and the orders to fetch one by one written in the same
 * transaction. Also the one-by-one fetch of those orders after the file.
 */
import type { PrismaClient } from "@prisma/client";

import { parseGraphqlOrderRecord } from "~/domain/graphql-order";
import type { OrderRecord } from "~/domain/types";
import { summariseIssues } from "~/domain/validation";
import { REFUND_LINES_FIRST } from "~/shopify/graphql/RefundLinesQuery";
import { logger } from "~/logger.server";
import { BulkOrderAssembler, type LateChild } from "~/shopify/bulk-assembler";
import type { AdminGraphql } from "~/shopify/admin-client.server";
import type { BulkImporter } from "./bulk-run.server";
import { fetchOrderRecord } from "~/shopify/order-fetch.server";
import { writeOrders } from "~/store/order-store.server";
import { fetchRefundLines, type RefundFetchStats, type RefundLines, type RefundLineSizes } from "~/shopify/refund-lines.server";
import type { SqlDb } from "~/store/sql.server";

export interface ImportStats {
  orders: number;
  lines: number;
  stale: number;
  invalid: number;
  late: number;
  /** Orders of the file with refunds, held until their refunds' lines arrived (refund-lines.server.ts). */
  refundedOrders: number;
  /** The follow-up's refunds, batch requests and overflow pages. */
  refunds: RefundFetchStats;
  /** Time the file waited for the follow-up (ms): past the held limit, and at its end. */
  refundWaitMs: number;
}

export function newImportStats(): ImportStats {
  return { orders: 0, lines: 0, stale: 0, invalid: 0, late: 0, refundedOrders: 0, refunds: { refunds: 0, requests: 0, pages: 0 }, refundWaitMs: 0 };
}

/** Queues orders to fetch on their own (idempotent). */
export async function queueRefetch(tx: SqlDb, shop: string, items: readonly { id: string; reason: string }[], now: Date): Promise<void> {
  for (const it of items) {
    const sql =
      tx.provider === "sqlite"
        ? `INSERT OR IGNORE INTO "OrderRefetch" ("shop", "orderId", "reason", "createdAt") VALUES (?, ?, ?, ?)`
        : `INSERT INTO "OrderRefetch" ("shop", "orderId", "reason", "createdAt") VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING`;
    await tx.execute(sql, [shop, it.id, it.reason, now]);
  }
}

export interface OrderImporterOptions {
  /** Orders the assembler keeps waiting for late children (default 1000). */
  window?: number;
  /** Page and batch sizes of the refund follow-up (default REFUND_LINES_FIRST). */
  refundSizes?: RefundLineSizes;
  /** Refunds held at most while their lines are fetched; past it the file waits (default 2,000). */
  maxHeldRefunds?: number;
  /** Follow-up requests in flight at once (default 2: the Admin client paces them against the bucket). */
  parallel?: number;
}

type Json = Record<string, unknown>;

interface Held {
  order: Json;
  firstLine: number;
  /** Refunds whose lines have not arrived yet. */
  waiting: number;
  lines: Map<string, RefundLines>;
  /** A refund Shopify did not return: the order is fetched on its own instead. */
  lost: boolean;
}

/**
 * The orders bulk importer. An order with refunds is held (not written) until the
 * lines of every refund have arrived from the follow-up (refund-lines.server.ts),
 * so no margin is ever computed from a refund without its lines. The follow-up
 * runs while the file is read, `parallel` requests at a time (so the wait for one
 * answer does not set the pace on a Plus bucket); past `maxHeldRefunds` the file
 * waits for it. The checkpoint never passes the first line of a held order: after
 * a crash the held orders are read again and their lines fetched again (writes
 * replace whole orders, so nothing doubles).
 */
export function orderImporter(sql: SqlDb, shop: string, now: () => Date, stats: ImportStats, admin: AdminGraphql, opts: OrderImporterOptions = {}): BulkImporter {
  const window = opts.window ?? 1000;
  const sizes = opts.refundSizes ?? REFUND_LINES_FIRST;
  const maxHeld = opts.maxHeldRefunds ?? 2000;
  const parallel = opts.parallel ?? 2;
  let assembler = new BulkOrderAssembler(window);
  // Orders are parsed as soon as they are complete, so their raw JSON is garbage at once.
  let records: OrderRecord[] = [];
  let refetch: { id: string; reason: string }[] = [];
  let late: LateChild[] = [];
  // Orders waiting for refund lines (by id), and the refunds still to ask for.
  let held = new Map<string, Held>();
  let heldRefunds = 0;
  let toAsk: { id: string; orderId: string }[] = [];
  let finishing = false;
  const running = new Set<Promise<void>>();
  let followError: unknown = null;
  // Batches are written while the next ones are read and parsed (the SQLite writer
  // runs on its own thread); they commit in order, so checkpoints stay in order.
  let inflight: Promise<void> = Promise.resolve();

  const parse = (raw: Json) => {
    const r = parseGraphqlOrderRecord(raw);
    if (r.ok) records.push(r.record);
    else {
      stats.invalid++;
      const id = typeof raw.id === "string" ? raw.id : "(no id)";
      logger.warn("bulk order line rejected; fetching the order on its own", { shop, order: id, errors: summariseIssues(r.errors) });
      if (typeof raw.id === "string") refetch.push({ id: raw.id, reason: "invalid bulk data" });
    }
  };
  const hold = (order: Json, firstLine: number, refunds: Json[]) => {
    const id = String(order.id);
    const h: Held = { order, firstLine, waiting: 0, lines: new Map(), lost: false };
    for (const r of refunds) {
      if (typeof r.id !== "string" || "refundLineItems" in r) continue;
      h.waiting++;
      toAsk.push({ id: r.id, orderId: id });
    }
    if (h.waiting === 0) return parse(order);
    stats.refundedOrders++;
    held.set(id, h);
    heldRefunds += h.waiting;
    pump();
  };
  /** A held order whose refunds all answered: parsed with its lines, or sent to a one-by-one fetch. */
  const settle = (id: string, h: Held) => {
    held.delete(id);
    if (h.lost) {
      refetch.push({ id, reason: "refund not returned" });
      return;
    }
    const refunds = (h.order.refunds as Json[]).map((r) => {
      const l = typeof r.id === "string" ? h.lines.get(r.id) : undefined;
      return l ? { ...r, refundLineItems: { nodes: l.refundLineItems }, refundShippingLines: { nodes: l.refundShippingLines } } : r;
    });
    parse({ ...h.order, refunds });
  };
  /** Starts follow-up requests while a batch is full (or the file has ended), `parallel` at a time. */
  const pump = () => {
    while (!followError && running.size < parallel && (toAsk.length >= sizes.refunds || (finishing && toAsk.length > 0))) {
      const batch = toAsk.splice(0, sizes.refunds);
      const mine = held;
      const request: Promise<void> = (async () => {
        const got = await fetchRefundLines(admin, batch, stats.refunds, sizes);
        // A new download started meanwhile: this one's held orders are read again.
        if (mine !== held) return;
        for (const { id, orderId } of batch) {
          const h = held.get(orderId);
          if (!h) continue;
          const lines = got.get(id);
          if (lines) h.lines.set(id, lines);
          else h.lost = true;
          h.waiting--;
          heldRefunds--;
          if (h.waiting === 0) settle(orderId, h);
        }
      })()
        .catch((error: unknown) => {
          followError ??= error;
        })
        .finally(() => {
          running.delete(request);
          pump();
        });
      running.add(request);
    }
  };
  const raise = () => {
    if (followError) throw followError;
  };
  const drain = () => {
    for (const { order, firstLine } of assembler.takeReadyEntries()) {
      const refunds = Array.isArray(order.refunds) ? (order.refunds as Json[]) : [];
      if (refunds.length > 0) hold(order, firstLine, refunds);
      else parse(order);
    }
    for (const l of assembler.takeLate()) late.push(l);
  };
  /** The first line still needed: the assembler's, or a held order's. */
  const checkpoint = (nextLine: number) => {
    let min = assembler.checkpoint(nextLine);
    for (const h of held.values()) if (h.firstLine < min) min = h.firstLine;
    return min;
  };
  return {
    begin() {
      assembler = new BulkOrderAssembler(window);
      records = [];
      refetch = [];
      late = [];
      held = new Map();
      heldRefunds = 0;
      toAsk = [];
      finishing = false;
    },
    line(obj, line) {
      assembler.push(obj, line);
      drain();
    },
    waiting() {
      return records.length + refetch.length + late.length;
    },
    async flush(nextLine, writeCheckpoint) {
      raise();
      // The file waits while too many refunds are waiting for their lines, and at
      // its end until every held order is settled.
      while (running.size > 0 && (finishing ? held.size > 0 : heldRefunds > maxHeld)) {
        const waited = performance.now();
        await Promise.race(running);
        stats.refundWaitMs += performance.now() - waited;
        raise();
      }
      const batch = records;
      const lateBatch = late;
      const refetchBatch = refetch;
      records = [];
      late = [];
      refetch = [];
      for (const l of lateBatch) refetchBatch.push({ id: l.parentId, reason: l.parentKind === "refund" ? "late refund child" : "late child" });
      const linesRead = checkpoint(nextLine);
      const previous = inflight;
      inflight = (async () => {
        await previous;
        const result = await writeOrders(sql, shop, batch, {
          origin: "bulk",
          now: now(),
          alsoInTransaction: async (tx) => {
            await queueRefetch(tx, shop, refetchBatch, now());
            await writeCheckpoint(tx, linesRead, batch.length, lateBatch.length);
          },
        });
        stats.orders += result.written;
        stats.stale += result.stale;
        stats.late += lateBatch.length;
        for (const r of batch) stats.lines += r.order.lines.length;
      })();
      // A failure is raised by the next flush or drain, not as an unhandled rejection.
      inflight.catch(() => undefined);
      // Keep at most one batch in flight: wait for the one before this.
      await previous;
    },
    async drain() {
      while (running.size > 0) await Promise.all(running);
      await inflight;
      raise();
    },
    end(complete) {
      if (complete) {
        assembler.finish();
        drain();
      }
      // Held orders are complete orders: their lines are fetched and they are written
      // whether or not the file was (a cut file's checkpoint stays before the rest).
      finishing = true;
      pump();
    },
  };
}

/**
 * Fetches the queued orders one by one (late children, invalid bulk data, refunds
 * whose lines did not arrive, webhook orders without transactions, refunds/create)
 * and stores them; an order Shopify no longer returns is deleted from the copy.
 * Refund ids are resolved to their order through the stored refunds. Returns how
 * many were fetched.
 */
export async function processRefetches(db: PrismaClient, sql: SqlDb, admin: AdminGraphql, shop: string, now: () => Date): Promise<number> {
  let done = 0;
  for (;;) {
    const rows = await db.orderRefetch.findMany({ where: { shop }, take: 50, orderBy: { createdAt: "asc" } });
    if (rows.length === 0) return done;
    for (const row of rows) {
      let orderId: string | null = row.orderId;
      if (orderId.startsWith("gid://shopify/Refund/")) {
        const refund = await db.refund.findUnique({ where: { shop_id: { shop, id: orderId } }, select: { orderId: true } });
        orderId = refund?.orderId ?? null;
      }
      if (orderId !== null) {
        const r = await fetchOrderRecord(admin, orderId);
        if (r === null) {
          await db.$transaction([
            db.orderLine.deleteMany({ where: { shop, orderId } }),
            db.orderShippingLine.deleteMany({ where: { shop, orderId } }),
            db.orderTransaction.deleteMany({ where: { shop, orderId } }),
            db.refundLine.deleteMany({ where: { shop, orderId } }),
            db.refund.deleteMany({ where: { shop, orderId } }),
            db.order.deleteMany({ where: { shop, id: orderId } }),
          ]);
        } else if (r.ok) {
          await writeOrders(sql, shop, [r.record], { origin: "fetch", now: now() });
        } else {
          logger.warn("order rejected after a fetch; it is left out of margins", { shop, order: orderId, errors: summariseIssues(r.errors) });
        }
        done++;
      } else {
        logger.warn("late refund lines whose refund is not stored; skipped", { shop, refund: row.orderId });
      }
      await db.orderRefetch.delete({ where: { shop_orderId: { shop, orderId: row.orderId } } });
    }
  }
}
