/**
 * Live updates: applies one sync webhook (orders/create, orders/updated,
 * orders/cancelled, refunds/create, products/update, inventory_items/update,
 * inventory_levels/update, bulk_operations/finish) to the stored data, inline, so the order is stored by
 * the time Shopify gets its 200. Its margin is not recomputed inline: writing the
 * order marks its month out of date, and a `recompute` job is queued (coalesced
 * per shop) that brings the stored margins up to date afterwards.
 *
 * - Deduplicated on X-Shopify-Event-Id (a redelivery of the same event is
 *   recognised and skipped): the event id is inserted (insert-or-ignore) first in
 *   the transaction that applies it, and the delivery stops there when it was
 *   already recorded. Copies arriving together therefore apply once (PostgreSQL:
 *   a copy waits on the first one's uncommitted row, SQLite: one transaction at a
 *   time), and a delivery that failed recorded nothing, so Shopify's retry applies it.
 * - Out of order: an order payload older than the stored order (updated_at) is
 *   ignored (order-store.server.ts), and so is an inventory item or product
 *   update older than the stored variant, and a stock level update older than
 *   the stored level (inventory-store.server.ts).
 * - inventory_levels/update brings only `available`: that quantity is updated on
 *   the stored level, on hand, committed and incoming stay as the last import set
 *   them. A level NetMargin has not stored (an item or location the last import did
 *   not see) is ignored like inventory_items/update's unknown item: the delivery is
 *   recorded, nothing is stored or queued, and the next import brings the level.
 * - REST order payloads carry no transactions: the stored transactions are kept;
 *   a new order is queued for a one-by-one GraphQL fetch that brings them (with
 *   Shopify Payments fees). refunds/create queues the same fetch, because a
 *   refund changes the kept revenue of the order's lines.
 * - orders/create snapshots the unit cost of each line's variant (Shopify keeps
 *   only the current cost, so the cost at the order's date is recorded now).
 */
import type { PrismaClient } from "@prisma/client";

import { parseInventoryItemPayload, parseProductPayload } from "~/domain/catalog";
import { parseRestOrderRecord, parseRestRefund } from "~/domain/rest-order";
import type { OrderRecord } from "~/domain/types";
import { summariseIssues } from "~/domain/validation";
import { parseInventoryLevelPayload } from "~/shopify/inventory-level-webhook";
import { recordCostSnapshots, upsertVariants, applyInventoryItemCost } from "~/store/catalog-store.server";
import { applyInventoryLevelUpdate } from "~/store/inventory-store.server";
import { queueRefetch } from "./order-import.server";
import { writeOrders } from "~/store/order-store.server";
import type { SqlDb } from "~/store/sql.server";
import { recordWebhookAt } from "~/store/sync-state.server";

export const SYNC_WEBHOOK_TOPICS = [
  "orders/create",
  "orders/updated",
  "orders/cancelled",
  "refunds/create",
  "products/update",
  "inventory_items/update",
  "inventory_levels/update",
  "bulk_operations/finish",
] as const;
export type SyncWebhookTopic = (typeof SYNC_WEBHOOK_TOPICS)[number];

export class WebhookPayloadError extends Error {
  override name = "WebhookPayloadError";
}

export interface WebhookSyncDeps {
  db: PrismaClient;
  sql: SqlDb;
  now?: () => Date;
  /** Asks the job queue to fetch queued orders (`order-refresh`), continue a backfill, or bring margins up to date (`recompute`). */
  enqueue: (job: "order-refresh" | "backfill" | "recompute", shop: string) => Promise<void>;
  /** Filled with the milliseconds each step took (read, write, enqueue, state), for the log line. */
  steps?: Record<string, number>;
}

export interface WebhookDelivery {
  shop: string;
  topic: string;
  /** X-Shopify-Event-Id (the same for every retry of one event); null when absent. */
  eventId: string | null;
  payload: unknown;
}

export type WebhookSyncResult =
  | { summary: string; applied: false; reason: "duplicate" | "stale" | "not-installed" | "unknown" | "untracked" }
  | { summary: string; applied: true };

function isTopic(topic: string): topic is SyncWebhookTopic {
  return (SYNC_WEBHOOK_TOPICS as readonly string[]).includes(topic);
}

/**
 * Records the delivery's event id, first in the transaction that applies it: false
 * when it was already recorded (a redelivery), and the transaction then writes
 * nothing. No event id: always applied.
 */
function eventClaim(d: WebhookDelivery, at: Date): (tx: SqlDb) => Promise<boolean> {
  return async (tx) => {
    if (!d.eventId) return true;
    const values = [d.shop, d.eventId, d.topic, at];
    if (tx.provider === "postgresql") {
      // A copy in flight holds the row uncommitted: this waits for it, then inserts nothing.
      const n = await tx.execute(`INSERT INTO "WebhookEvent" ("shop", "eventId", "topic", "receivedAt") VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING`, values);
      return n > 0;
    }
    // SQLite: the transaction's reads and its writes run under the writer's lock, one transaction at a time.
    const seen = await tx.query(`SELECT 1 AS "seen" FROM "WebhookEvent" WHERE "shop" = ? AND "eventId" = ?`, [d.shop, d.eventId]);
    if (seen.length > 0) return false;
    await tx.execute(`INSERT OR IGNORE INTO "WebhookEvent" ("shop", "eventId", "topic", "receivedAt") VALUES (?, ?, ?, ?)`, values);
    return true;
  };
}

/**
 * Order deliveries written together (group commit): while one transaction of a shop's order
 * deliveries is under way, the deliveries arriving meanwhile wait and are then written in the
 * next one, up to ORDER_BATCH_MAX. On PostgreSQL each transaction is about twenty round trips
 * (claim, lock, reads, deletes, inserts) on a pool of four connections an instance: one
 * transaction per delivery held 50 deliveries/s to what the round trips allowed on a busy
 * machine, and the answers queued for tens of seconds (bench:load, test/bench/README.md). One
 * transaction for the waiting deliveries costs the same round trips for all of them. Alone, a
 * delivery is written at once, as before.
 *
 * Each delivery keeps its own outcome: its event id is claimed in the batch's transaction
 * (a copy already recorded, or earlier in the batch, is a duplicate), its order written unless
 * the stored one is newer (stale); two versions of one order in a batch end as the newest, as
 * one after the other would.
 */
export const ORDER_BATCH_MAX = 50;

/** New orders of a batch placed within this of its latest have their unit costs checked together. */
const BATCH_SNAPSHOT_WINDOW_MS = 60_000;

interface PendingOrderWrite {
  d: WebhookDelivery;
  record: OrderRecord;
  at: Date;
  /** The delivery's step times: the size of the batch it was written in is added (`batch`). */
  steps?: Record<string, number>;
}

/** duplicate: the event was already applied; stale: the stored order is newer; queued: written, transactions to fetch. */
type OrderWriteOutcome = "duplicate" | "stale" | "written" | "queued";

class OrderWriteBatcher {
  private readonly shops = new Map<string, { running: boolean; waiting: { item: PendingOrderWrite; done: (o: OrderWriteOutcome) => void; failed: (e: unknown) => void }[] }>();

  constructor(private readonly sql: SqlDb) {}

  write(shop: string, item: PendingOrderWrite): Promise<OrderWriteOutcome> {
    return new Promise((done, failed) => {
      let state = this.shops.get(shop);
      if (!state) this.shops.set(shop, (state = { running: false, waiting: [] }));
      state.waiting.push({ item, done, failed });
      if (!state.running) void this.drain(shop, state);
    });
  }

  private async drain(shop: string, state: { running: boolean; waiting: { item: PendingOrderWrite; done: (o: OrderWriteOutcome) => void; failed: (e: unknown) => void }[] }) {
    state.running = true;
    while (state.waiting.length > 0) {
      const batch = state.waiting.splice(0, ORDER_BATCH_MAX);
      try {
        const outcomes = await writeOrderBatch(this.sql, shop, batch.map((b) => b.item));
        batch.forEach((b, i) => {
          if (b.item.steps) b.item.steps.batch = batch.length;
          b.done(outcomes[i]!);
        });
      } catch (error) {
        if (batch.length === 1) batch[0]!.failed(error);
        else {
          // One delivery's failure must not fail the others: each alone, so only it gets the error (and Shopify's retry).
          for (const b of batch) {
            try {
              b.done((await writeOrderBatch(this.sql, shop, [b.item]))[0]!);
            } catch (alone) {
              b.failed(alone);
            }
          }
        }
      }
    }
    state.running = false;
    this.shops.delete(shop);
  }
}

const batchers = new WeakMap<SqlDb, OrderWriteBatcher>();

function orderWrites(sql: SqlDb): OrderWriteBatcher {
  let b = batchers.get(sql);
  if (!b) batchers.set(sql, (b = new OrderWriteBatcher(sql)));
  return b;
}

/**
 * The event ids of a batch recorded, first in its transaction, in one statement: which
 * deliveries are new. A copy of an event already recorded, or given earlier in the batch,
 * is not. Ids are inserted in sorted order, so two instances' batches sharing events never
 * wait on each other in a circle (PostgreSQL: a copy in flight holds its row uncommitted, and
 * this waits for it, then inserts nothing).
 */
async function claimEvents(tx: SqlDb, shop: string, items: readonly PendingOrderWrite[]): Promise<boolean[]> {
  const firstOf = new Map<string, number>();
  items.forEach((it, i) => {
    if (it.d.eventId && !firstOf.has(it.d.eventId)) firstOf.set(it.d.eventId, i);
  });
  const ids = [...firstOf.keys()].sort();
  let fresh = new Set<string>();
  if (ids.length > 0) {
    if (tx.provider === "postgresql") {
      const values = ids.map(() => "(?, ?, ?, ?)").join(", ");
      const params = ids.flatMap((id) => {
        const it = items[firstOf.get(id)!]!;
        return [shop, id, it.d.topic, it.at];
      });
      const rows = await tx.query<{ eventId: string }>(`INSERT INTO "WebhookEvent" ("shop", "eventId", "topic", "receivedAt") VALUES ${values} ON CONFLICT DO NOTHING RETURNING "eventId"`, params);
      fresh = new Set(rows.map((r) => r.eventId));
    } else {
      // SQLite: the transaction's reads and its writes run under the writer's lock, one transaction at a time.
      const seen = await tx.query<{ eventId: string }>(`SELECT "eventId" FROM "WebhookEvent" WHERE "shop" = ? AND "eventId" IN (${ids.map(() => "?").join(",")})`, [shop, ...ids]);
      const recorded = new Set(seen.map((r) => r.eventId));
      fresh = new Set(ids.filter((id) => !recorded.has(id)));
      for (const id of fresh) {
        const it = items[firstOf.get(id)!]!;
        await tx.execute(`INSERT OR IGNORE INTO "WebhookEvent" ("shop", "eventId", "topic", "receivedAt") VALUES (?, ?, ?, ?)`, [shop, id, it.d.topic, it.at]);
      }
    }
  }
  return items.map((it, i) => !it.d.eventId || (fresh.has(it.d.eventId) && firstOf.get(it.d.eventId) === i));
}

/** One transaction for a batch of one shop's order deliveries: each delivery's outcome, in order. */
async function writeOrderBatch(sql: SqlDb, shop: string, items: readonly PendingOrderWrite[]): Promise<OrderWriteOutcome[]> {
  const at = items.reduce((latest, it) => (it.at > latest ? it.at : latest), items[0]!.at);
  return sql.transaction(async (tx) => {
    const claimed = await claimEvents(tx, shop, items);
    const chosen = items.filter((_, i) => claimed[i]);
    if (chosen.length === 0) return items.map(() => "duplicate" as const);
    const w = await writeOrders(tx, shop, chosen.map((it) => it.record), {
      origin: "webhook",
      now: at,
      withTransactions: false,
      // In the same transaction: applied with the orders, or not at all.
      alsoInTransaction: async (inner, written) => {
        const refetch = chosen.filter((it, i) => written.withoutTransactions.includes(it.record.order.id) && chosen.findIndex((o) => o.record.order.id === it.record.order.id) === i);
        // One statement for the batch (queueRefetch makes one per order).
        if (refetch.length > 0) {
          const values = refetch.map(() => "(?, ?, ?, ?)").join(", ");
          const params = refetch.flatMap((it) => [shop, it.record.order.id, `${it.d.topic} (no transactions in webhook payloads)`, at]);
          await inner.execute(
            inner.provider === "sqlite"
              ? `INSERT OR IGNORE INTO "OrderRefetch" ("shop", "orderId", "reason", "createdAt") VALUES ${values}`
              : `INSERT INTO "OrderRefetch" ("shop", "orderId", "reason", "createdAt") VALUES ${values} ON CONFLICT DO NOTHING`,
            params,
          );
        }
        // The new orders' variants' costs at their dates. The orders placed within a minute of the batch's
        // latest (a burst's) are checked together at the earliest of their dates: today's cost observed
        // then holds for each of them, and it costs one read and one insert for the batch instead of two
        // a new order. An older order is checked at its own date. A variant checked for an earlier order
        // of the batch needs no second look (SQLite cannot read the batch's own snapshot back).
        const creates = chosen.filter((it) => it.d.topic === "orders/create" && written.ids.includes(it.record.order.id));
        const placed = (it: PendingOrderWrite) => Date.parse(it.record.order.processedAt);
        creates.sort((a, b) => placed(a) - placed(b));
        const latest = creates.length > 0 ? placed(creates[creates.length - 1]!) : 0;
        const groups: { at: number; items: PendingOrderWrite[] }[] = [];
        for (const it of creates) {
          const recent = latest - placed(it) <= BATCH_SNAPSHOT_WINDOW_MS;
          const last = groups[groups.length - 1];
          if (recent && last && latest - last.at <= BATCH_SNAPSHOT_WINDOW_MS) last.items.push(it);
          else groups.push({ at: placed(it), items: [it] });
        }
        const checked = new Set<string>();
        for (const g of groups) {
          const variantIds = [...new Set(g.items.flatMap((it) => it.record.order.lines.map((l) => l.variantId)))].filter((v): v is string => v !== null && !checked.has(v));
          variantIds.forEach((v) => checked.add(v));
          await recordCostSnapshots(inner, shop, variantIds, new Date(g.at), "order");
        }
      },
    });
    return items.map((it, i): OrderWriteOutcome => {
      if (!claimed[i]) return "duplicate";
      if (!w.ids.includes(it.record.order.id)) return "stale";
      // As one after the other: a version older than one given before it in the batch is stale.
      const t = Date.parse(it.record.updatedAt);
      if (items.some((o, j) => j < i && claimed[j] && o.record.order.id === it.record.order.id && Date.parse(o.record.updatedAt) > t)) return "stale";
      return w.withoutTransactions.includes(it.record.order.id) ? "queued" : "written";
    });
  });
}

const duplicate = (d: WebhookDelivery): WebhookSyncResult => ({ summary: `Event ${d.eventId} was already applied.`, applied: false, reason: "duplicate" });

export async function applySyncWebhook(deps: WebhookSyncDeps, d: WebhookDelivery): Promise<WebhookSyncResult> {
  const { db, sql } = deps;
  const now = deps.now ?? (() => new Date());
  let mark = performance.now();
  const lap = (step: string) => {
    const t = performance.now();
    if (deps.steps) deps.steps[step] = Math.round((deps.steps[step] ?? 0) + t - mark);
    mark = t;
  };
  if (!isTopic(d.topic)) throw new WebhookPayloadError(`X-Shopify-Topic: ${d.topic} is not a sync topic`);
  // A redelivery of an event already applied is answered without reading further.
  if (d.eventId) {
    const seen = await db.webhookEvent.findUnique({ where: { shop_eventId: { shop: d.shop, eventId: d.eventId } }, select: { eventId: true } });
    if (seen) return duplicate(d);
  }
  const shop = await db.shop.findUnique({ where: { shop: d.shop }, select: { currencyCode: true, uninstalledAt: true } });
  if (!shop || shop.uninstalledAt) return { summary: "The shop has not installed NetMargin.", applied: false, reason: "not-installed" };
  const currency = shop.currencyCode ?? "USD";
  lap("read");
  const at = now();
  const claim = eventClaim(d, at);
  let result: WebhookSyncResult;

  switch (d.topic) {
    case "orders/create":
    case "orders/updated":
    case "orders/cancelled": {
      const parsed = parseRestOrderRecord(d.payload);
      if (!parsed.ok) throw new WebhookPayloadError(`${d.topic} payload: ${summariseIssues(parsed.errors)}`);
      const record = parsed.record;
      const w = await orderWrites(sql).write(d.shop, { d, record, at, steps: deps.steps });
      lap("write");
      if (w === "duplicate") return duplicate(d);
      if (w === "stale") {
        result = { summary: `Order ${record.order.name} is older than the stored one; ignored.`, applied: false, reason: "stale" };
        break;
      }
      if (w === "queued") await deps.enqueue("order-refresh", d.shop);
      result = { summary: `Order ${record.order.name} stored.`, applied: true };
      break;
    }
    case "refunds/create": {
      const parsed = parseRestRefund(d.payload);
      if (!parsed.ok) throw new WebhookPayloadError(`refunds/create payload: ${summariseIssues(parsed.errors)}`);
      const claimed = await sql.transaction(async (tx) => {
        if (!(await claim(tx))) return false;
        await queueRefetch(tx, d.shop, [{ id: parsed.value.orderId, reason: "refunds/create" }], at);
        return true;
      });
      lap("write");
      if (!claimed) return duplicate(d);
      await deps.enqueue("order-refresh", d.shop);
      result = { summary: `Refund of ${parsed.value.orderId} queued for a fetch of the order.`, applied: true };
      break;
    }
    case "products/update": {
      const parsed = parseProductPayload(d.payload, currency);
      if (!parsed.ok) throw new WebhookPayloadError(`products/update payload: ${summariseIssues(parsed.errors)}`);
      const n = await upsertVariants(sql, d.shop, parsed.value, at, { partial: true, claim });
      if (n.claimed === false) return duplicate(d);
      result = n.written === 0 ? { summary: "Product update older than the stored one; ignored.", applied: false, reason: "stale" } : { summary: `${n.written} variant(s) updated.`, applied: true };
      break;
    }
    case "inventory_items/update": {
      const parsed = parseInventoryItemPayload(d.payload, currency);
      if (!parsed.ok) throw new WebhookPayloadError(`inventory_items/update payload: ${summariseIssues(parsed.errors)}`);
      const n = await applyInventoryItemCost(sql, d.shop, parsed.value, at, claim);
      if (!n.claimed) return duplicate(d);
      result = n.written === 0 ? { summary: "Inventory item update older than the stored one, or unknown item; ignored.", applied: false, reason: "stale" } : { summary: "Unit cost updated.", applied: true };
      break;
    }
    case "inventory_levels/update": {
      const parsed = parseInventoryLevelPayload(d.payload);
      if (!parsed.ok) throw new WebhookPayloadError(`inventory_levels/update payload: ${summariseIssues(parsed.errors)}`);
      const level = parsed.value;
      const w = await applyInventoryLevelUpdate(sql, d.shop, level, at, claim);
      if (!w.claimed) return duplicate(d);
      const where = `${level.inventoryItemId} at ${level.locationId}`;
      result =
        w.outcome === "written"
          ? { summary: `Available stock of ${where} is now ${level.available}.`, applied: true }
          : w.outcome === "stale"
            ? { summary: `Stock level update of ${where} older than the stored one; ignored.`, applied: false, reason: "stale" }
            : w.outcome === "untracked"
              ? { summary: `Shopify does not track the stock of ${level.inventoryItemId}; nothing to update.`, applied: false, reason: "untracked" }
              : { summary: `Stock level ${where} is not stored yet; the next stock import brings it.`, applied: false, reason: "unknown" };
      break;
    }
    case "bulk_operations/finish": {
      if (!(await sql.transaction(claim))) return duplicate(d);
      await deps.enqueue("backfill", d.shop);
      result = { summary: "Backfill continues.", applied: true };
      break;
    }
  }
  // An order or a unit cost changed: its month's stored margins follow (coalesced per shop).
  if (result.applied && (d.topic.startsWith("orders/") || d.topic === "inventory_items/update")) await deps.enqueue("recompute", d.shop);
  lap("enqueue");
  await recordWebhookAt(db, d.shop, at);
  lap("state");
  return result;
}
