/**
 * The orders bulk importer: JSONL lines → assembled orders (bulk-assembler.ts) →
 * OrderRecords (parseGraphqlOrderRecord) → batched writes (order-store.server.ts),
 * with the checkpoint and the orders to fetch one by one written in the same
 * transaction. Also the one-by-one fetch of those orders after the file.
 */
import type { PrismaClient } from "@prisma/client";

import { parseGraphqlOrderRecord } from "../domain/graphql-order";
import type { OrderRecord } from "../domain/types";
import { summariseIssues } from "../domain/validation";
import { logger } from "../logger.server";
import { BulkOrderAssembler, type LateChild } from "./bulk-assembler";
import type { AdminRequestFn, BulkImporter } from "./bulk-run.server";
import { fetchOrderRecord } from "./order-fetch.server";
import { writeOrders } from "./order-store.server";
import type { SqlDb } from "./sql.server";

export interface ImportStats {
  orders: number;
  lines: number;
  stale: number;
  invalid: number;
  late: number;
}

export function newImportStats(): ImportStats {
  return { orders: 0, lines: 0, stale: 0, invalid: 0, late: 0 };
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

export function orderImporter(sql: SqlDb, shop: string, now: () => Date, stats: ImportStats, window = 1000): BulkImporter {
  let assembler = new BulkOrderAssembler(window);
  // Orders are parsed as soon as they are complete, so their raw JSON is garbage at once.
  let records: OrderRecord[] = [];
  let refetch: { id: string; reason: string }[] = [];
  let late: LateChild[] = [];
  // Batches are written while the next ones are read and parsed (the SQLite writer
  // runs on its own thread); they commit in order, so checkpoints stay in order.
  let inflight: Promise<void> = Promise.resolve();
  const drain = () => {
    for (const raw of assembler.takeReady()) {
      const r = parseGraphqlOrderRecord(raw);
      if (r.ok) records.push(r.record);
      else {
        stats.invalid++;
        const id = typeof raw.id === "string" ? raw.id : "(no id)";
        logger.warn("bulk order line rejected; fetching the order on its own", { shop, order: id, errors: summariseIssues(r.errors) });
        if (typeof raw.id === "string") refetch.push({ id: raw.id, reason: "invalid bulk data" });
      }
    }
    for (const l of assembler.takeLate()) late.push(l);
  };
  return {
    begin() {
      assembler = new BulkOrderAssembler(window);
      records = [];
      refetch = [];
      late = [];
    },
    line(obj, line) {
      assembler.push(obj, line);
      drain();
    },
    waiting() {
      return records.length + refetch.length + late.length;
    },
    async flush(nextLine, checkpoint) {
      const batch = records;
      const lateBatch = late;
      const refetchBatch = refetch;
      records = [];
      late = [];
      refetch = [];
      for (const l of lateBatch) refetchBatch.push({ id: l.parentId, reason: l.parentKind === "refund" ? "late refund child" : "late child" });
      const linesRead = assembler.checkpoint(nextLine);
      const previous = inflight;
      inflight = (async () => {
        await previous;
        const result = await writeOrders(sql, shop, batch, {
          origin: "bulk",
          now: now(),
          alsoInTransaction: async (tx) => {
            await queueRefetch(tx, shop, refetchBatch, now());
            await checkpoint(tx, linesRead, batch.length, lateBatch.length);
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
      await inflight;
    },
    end(complete) {
      if (complete) {
        assembler.finish();
        drain();
      }
    },
  };
}

/**
 * Fetches the queued orders one by one (late children, invalid bulk data, webhook
 * orders without transactions) and stores them. Refund ids are resolved to their
 * order through the stored refunds. Returns how many were fetched.
 */
export async function processRefetches(db: PrismaClient, sql: SqlDb, admin: AdminRequestFn, shop: string, now: () => Date): Promise<number> {
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
