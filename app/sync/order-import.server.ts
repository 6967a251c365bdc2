/**
 * The orders bulk importer: JSONL lines → assembled orders (bulk-assembler.ts) →
 * OrderRecords (parseGraphqlOrderRecord) → batched writes (order-store.server.ts),
 * with the checkpoint and the orders to fetch one by one written in the same
 * transaction. Also the one-by-one fetch of those orders after the file.
 */
import type { PrismaClient } from "@prisma/client";

import { parseGraphqlOrderRecord } from "~/domain/graphql-order";
import { unstorableAmounts } from "~/domain/storable";
import type { OrderRecord } from "~/domain/types";
import { summariseIssues } from "~/domain/validation";
import { REFUND_LINES_FIRST } from "~/shopify/graphql/RefundLinesQuery";
import { logger } from "~/logger.server";
import { BulkWindow, composeOrder, headOfObject, headOfText, parseParts, type LateChild, type OrderParts } from "~/shopify/bulk-assembler";
import type { AdminGraphql } from "~/shopify/admin-client.server";
import type { BulkImporter } from "./bulk-run.server";
import { fetchOrderRecord } from "~/shopify/order-fetch.server";
import { writeOrders } from "~/store/order-store.server";
import { fetchRefundLines, type RefundFetchStats, type RefundLines, type RefundLineSizes } from "~/shopify/refund-lines.server";
import type { SqlDb } from "~/store/sql.server";
import { writeRunCheckpoint, type RunCheckpoint } from "~/store/sync-run.server";

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
export function orderImporter(sql: SqlDb, shop: string, stats: ImportStats, admin: AdminGraphql, opts: OrderImporterOptions = {}): BulkImporter {
  return new OrderImporter(sql, shop, stats, admin, opts);
}

type Settled = (id: string, order: Json | null) => void;

/**
 * The refund follow-up of one importer: the orders held for their refunds' lines,
 * the refunds still to ask for, and the requests in flight (`parallel` at a time).
 * `reset` starts a new download: answers for the previous one's orders are dropped.
 */
class RefundFollowUp {
  private held = new Map<string, Held>();
  private heldRefunds = 0;
  private toAsk: { id: string; orderId: string }[] = [];
  private finishing = false;
  private readonly running = new Set<Promise<void>>();
  private error: unknown = null;

  constructor(
    private readonly admin: AdminGraphql,
    private readonly stats: ImportStats,
    private readonly sizes: RefundLineSizes,
    private readonly parallel: number,
    /** Called once per held order when every refund answered: the order with its lines, or null when one was lost. */
    private readonly settled: Settled,
  ) {}

  reset(): void {
    this.held = new Map();
    this.heldRefunds = 0;
    this.toAsk = [];
    this.finishing = false;
  }

  /** Holds `order` until its refunds' lines arrive; false when none needs asking for. */
  hold(order: Json, firstLine: number, refunds: Json[]): boolean {
    const id = String(order.id);
    const h: Held = { order, firstLine, waiting: 0, lines: new Map(), lost: false };
    for (const r of refunds) {
      if (typeof r.id !== "string" || "refundLineItems" in r) continue;
      h.waiting++;
      this.toAsk.push({ id: r.id, orderId: id });
    }
    if (h.waiting === 0) return false;
    this.stats.refundedOrders++;
    this.held.set(id, h);
    this.heldRefunds += h.waiting;
    this.pump();
    return true;
  }

  /** The file has ended: ask for what is left, even a part batch. */
  finish(): void {
    this.finishing = true;
    this.pump();
  }

  /** The first line of a held order (the checkpoint may not pass it), or `limit`. */
  firstHeldLine(limit: number): number {
    let min = limit;
    for (const h of this.held.values()) if (h.firstLine < min) min = h.firstLine;
    return min;
  }

  /** Waits while too many refunds wait for their lines, and at the file's end until every held order is settled. */
  async waitForRoom(maxHeld: number): Promise<void> {
    this.raise();
    while (this.running.size > 0 && (this.finishing ? this.held.size > 0 : this.heldRefunds > maxHeld)) {
      const waited = performance.now();
      await Promise.race(this.running);
      this.stats.refundWaitMs += performance.now() - waited;
      this.raise();
    }
  }

  async drain(): Promise<void> {
    while (this.running.size > 0) await Promise.all(this.running);
  }

  raise(): void {
    if (this.error) throw this.error;
  }

  /** Starts requests while a batch is full (or the file has ended), `parallel` at a time. */
  private pump(): void {
    while (!this.error && this.running.size < this.parallel && (this.toAsk.length >= this.sizes.refunds || (this.finishing && this.toAsk.length > 0))) {
      const batch = this.toAsk.splice(0, this.sizes.refunds);
      const request: Promise<void> = this.ask(batch, this.held)
        .catch((error: unknown) => {
          this.error ??= error;
        })
        .finally(() => {
          this.running.delete(request);
          this.pump();
        });
      this.running.add(request);
    }
  }

  private async ask(batch: { id: string; orderId: string }[], held: Map<string, Held>): Promise<void> {
    const got = await fetchRefundLines(this.admin, batch, this.stats.refunds, this.sizes);
    // A new download started meanwhile: this one's held orders are read again.
    if (held !== this.held) return;
    for (const { id, orderId } of batch) {
      const h = held.get(orderId);
      if (!h) continue;
      const lines = got.get(id);
      if (lines) h.lines.set(id, lines);
      else h.lost = true;
      h.waiting--;
      this.heldRefunds--;
      if (h.waiting === 0) {
        held.delete(orderId);
        this.settled(orderId, h.lost ? null : withRefundLines(h));
      }
    }
  }
}

/** The held order with each refund's lines in place, as a connection like the bulk file's. */
function withRefundLines(h: Held): Json {
  const refunds = (h.order.refunds as Json[]).map((r) => {
    const l = typeof r.id === "string" ? h.lines.get(r.id) : undefined;
    return l ? { ...r, refundLineItems: { nodes: l.refundLineItems }, refundShippingLines: { nodes: l.refundShippingLines } } : r;
  });
  return { ...h.order, refunds };
}

/**
 * Where assembled orders are parsed and written: held for their refunds' lines or
 * parsed at once, then written in batches with the run's checkpoint, one batch in
 * flight.
 */
class OrderSink {
  private readonly maxHeld: number;
  private readonly followUp: RefundFollowUp;
  // Orders are parsed as soon as they are complete, so their raw JSON is garbage at once.
  private records: OrderRecord[] = [];
  private refetch: { id: string; reason: string }[] = [];
  private late: LateChild[] = [];
  // Batches are written while the next ones are read and parsed (the SQLite writer
  // runs on its own thread); they commit in order, so checkpoints stay in order.
  private inflight: Promise<void> = Promise.resolve();

  constructor(
    private readonly sql: SqlDb,
    private readonly shop: string,
    readonly stats: ImportStats,
    admin: AdminGraphql,
    opts: OrderImporterOptions,
  ) {
    this.maxHeld = opts.maxHeldRefunds ?? 2000;
    this.followUp = new RefundFollowUp(admin, stats, opts.refundSizes ?? REFUND_LINES_FIRST, opts.parallel ?? 2, (id, order) => {
      if (order) this.parse(order);
      else this.refetch.push({ id, reason: "refund not returned" });
    });
  }

  begin(): void {
    this.records = [];
    this.refetch = [];
    this.late = [];
    this.followUp.reset();
  }

  /** Complete orders (raw lines) and late children from the window: parsed now, or held for their refunds' lines. */
  add(orders: readonly OrderParts<string>[], late: readonly LateChild[]): void {
    for (const raw of orders) {
      let order: Json;
      try {
        order = composeOrder(parseParts(raw));
      } catch {
        // Only the last line of a cut file can be incomplete: the order is fetched on its own.
        this.invalid(raw.id, ["a line of the order is not valid JSON"]);
        continue;
      }
      const refunds = Array.isArray(order.refunds) ? (order.refunds as Json[]) : [];
      if (refunds.length === 0 || !this.followUp.hold(order, raw.firstLine, refunds)) this.parse(order);
    }
    for (const l of late) this.late.push(l);
  }

  waiting(): number {
    return this.records.length + this.refetch.length + this.late.length;
  }

  /** Writes what is waiting with the checkpoint: `windowLine`, the window's first line still needed, or a held order's. */
  async flush(windowLine: number, checkpoint: RunCheckpoint): Promise<void> {
    await this.followUp.waitForRoom(this.maxHeld);
    const batch = this.records;
    const lateBatch = this.late;
    const refetchBatch = this.refetch;
    this.records = [];
    this.late = [];
    this.refetch = [];
    for (const l of lateBatch) refetchBatch.push({ id: l.parentId, reason: l.parentKind === "refund" ? "late refund child" : "late child" });
    const linesRead = this.followUp.firstHeldLine(windowLine);
    const previous = this.inflight;
    this.inflight = previous.then(() => this.write(batch, refetchBatch, lateBatch.length, checkpoint.at, (tx) => writeRunCheckpoint(tx, checkpoint, linesRead, batch.length, lateBatch.length)));
    // A failure is raised by the next flush or drain, not as an unhandled rejection.
    this.inflight.catch(() => undefined);
    // Keep at most one batch in flight: wait for the one before this.
    await previous;
  }

  /** End of the download: held orders are complete orders, their lines are fetched and they are written whether or not the file was. */
  end(): void {
    this.followUp.finish();
  }

  async drain(): Promise<void> {
    await this.followUp.drain();
    await this.inflight;
    this.followUp.raise();
  }

  /** One batch in one transaction, with the orders to fetch one by one and the checkpoint. */
  private async write(batch: OrderRecord[], refetch: { id: string; reason: string }[], late: number, now: Date, checkpoint: (tx: SqlDb) => Promise<void>): Promise<void> {
    const result = await writeOrders(this.sql, this.shop, batch, {
      origin: "bulk",
      now,
      alsoInTransaction: async (tx) => {
        await queueRefetch(tx, this.shop, refetch, now);
        await checkpoint(tx);
      },
    });
    this.stats.orders += result.written;
    this.stats.stale += result.stale;
    this.stats.late += late;
    for (const r of batch) this.stats.lines += r.order.lines.length;
  }

  private parse(raw: Json): void {
    const r = parseGraphqlOrderRecord(raw);
    if (!r.ok) {
      this.invalid(typeof raw.id === "string" ? raw.id : null, summariseIssues(r.errors));
      return;
    }
    // An amount storage cannot hold would fail the whole batch on PostgreSQL: the order is
    // left out and said so (fetching it again would give the same amount).
    const unstorable = unstorableAmounts(r.record.order);
    if (unstorable.length > 0) {
      this.stats.invalid++;
      logger.warn("bulk order left out: an amount is beyond what NetMargin stores", { shop: this.shop, order: r.record.order.id, errors: summariseIssues(unstorable) });
      return;
    }
    this.records.push(r.record);
  }

  private invalid(id: string | null, errors: unknown): void {
    this.stats.invalid++;
    logger.warn("bulk order line rejected; fetching the order on its own", { shop: this.shop, order: id ?? "(no id)", errors });
    if (id !== null) this.refetch.push({ id, reason: "invalid bulk data" });
  }
}

/**
 * The window over the file's lines (bulk-assembler.ts). Lines stay text:
 * `headOfText` finds what the window needs without parsing, and an order's lines
 * are parsed once it is complete (`OrderSink`).
 */
class OrderWindow {
  private window: BulkWindow<string>;
  constructor(private readonly size: number) {
    this.window = new BulkWindow<string>(size);
  }
  reset(): void {
    this.window = new BulkWindow<string>(this.size);
  }
  /** False when the line is not JSON. */
  push(text: string, line: number): boolean {
    let head = headOfText(text);
    if (head === null) {
      try {
        head = headOfObject(JSON.parse(text) as Json);
      } catch {
        return false;
      }
    }
    this.window.push(head, text, line);
    return true;
  }
  finish(): void {
    this.window.finish();
  }
  takeReady(): OrderParts<string>[] {
    return this.window.takeReady();
  }
  takeLate(): LateChild[] {
    return this.window.takeLate();
  }
  checkpoint(next: number): number {
    return this.window.checkpoint(next);
  }
}

/** The orders importer: the window and the sink together. */
class OrderImporter implements BulkImporter {
  private readonly window: OrderWindow;
  private readonly sink: OrderSink;

  constructor(sql: SqlDb, shop: string, stats: ImportStats, admin: AdminGraphql, opts: OrderImporterOptions) {
    this.window = new OrderWindow(opts.window ?? 1000);
    this.sink = new OrderSink(sql, shop, stats, admin, opts);
  }

  begin(): void {
    this.window.reset();
    this.sink.begin();
  }

  line(text: string, line: number): boolean {
    if (!this.window.push(text, line)) return false;
    this.sink.add(this.window.takeReady(), this.window.takeLate());
    return true;
  }

  waiting(): number {
    return this.sink.waiting();
  }

  flush(nextLine: number, checkpoint: RunCheckpoint): Promise<void> {
    return this.sink.flush(this.window.checkpoint(nextLine), checkpoint);
  }

  end(complete: boolean): void {
    if (complete) {
      this.window.finish();
      this.sink.add(this.window.takeReady(), this.window.takeLate());
    }
    this.sink.end();
  }

  drain(): Promise<void> {
    return this.sink.drain();
  }
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
          // Gone from Shopify: its month is recomputed, which drops its stored margin.
          const stored = await db.order.findUnique({ where: { shop_id: { shop, id: orderId } }, select: { processedAt: true } });
          await db.$transaction([
            db.orderLine.deleteMany({ where: { shop, orderId } }),
            db.orderShippingLine.deleteMany({ where: { shop, orderId } }),
            db.orderTransaction.deleteMany({ where: { shop, orderId } }),
            db.refundLine.deleteMany({ where: { shop, orderId } }),
            db.refund.deleteMany({ where: { shop, orderId } }),
            db.order.deleteMany({ where: { shop, id: orderId } }),
            ...(stored ? [db.marginDirty.create({ data: { shop, since: stored.processedAt, until: stored.processedAt, reason: "sync", markedAt: now() } })] : []),
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
