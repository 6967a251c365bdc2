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
import { summariseIssues } from "~/domain/validation";
import { parseInventoryLevelPayload } from "~/shopify/inventory-level-webhook";
import { recordCostSnapshots, upsertVariants, applyInventoryItemCost } from "~/store/catalog-store.server";
import { applyInventoryLevelUpdate } from "~/store/inventory-store.server";
import { queueRefetch } from "./order-import.server";
import { writeOrders } from "~/store/order-store.server";
import type { SqlDb } from "~/store/sql.server";
import { updateSyncState } from "~/store/sync-state.server";

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

const duplicate = (d: WebhookDelivery): WebhookSyncResult => ({ summary: `Event ${d.eventId} was already applied.`, applied: false, reason: "duplicate" });

export async function applySyncWebhook(deps: WebhookSyncDeps, d: WebhookDelivery): Promise<WebhookSyncResult> {
  const { db, sql } = deps;
  const now = deps.now ?? (() => new Date());
  if (!isTopic(d.topic)) throw new WebhookPayloadError(`X-Shopify-Topic: ${d.topic} is not a sync topic`);
  // A redelivery of an event already applied is answered without reading further.
  if (d.eventId) {
    const seen = await db.webhookEvent.findUnique({ where: { shop_eventId: { shop: d.shop, eventId: d.eventId } }, select: { eventId: true } });
    if (seen) return duplicate(d);
  }
  const shop = await db.shop.findUnique({ where: { shop: d.shop }, select: { currencyCode: true, uninstalledAt: true } });
  if (!shop || shop.uninstalledAt) return { summary: "The shop has not installed NetMargin.", applied: false, reason: "not-installed" };
  const currency = shop.currencyCode ?? "USD";
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
      const w = await writeOrders(sql, d.shop, [record], {
        origin: "webhook",
        now: at,
        withTransactions: false,
        claim,
        // In the same transaction: applied with the order, or not at all (a redelivery).
        alsoInTransaction: async (tx, written) => {
          if (written.withoutTransactions.includes(record.order.id)) {
            await queueRefetch(tx, d.shop, [{ id: record.order.id, reason: `${d.topic} (no transactions in webhook payloads)` }], at);
          }
          if (d.topic === "orders/create" && written.ids.includes(record.order.id)) {
            const variantIds = record.order.lines.map((l) => l.variantId).filter((v): v is string => v !== null);
            await recordCostSnapshots(tx, d.shop, variantIds, new Date(record.order.processedAt), "order");
          }
        },
      });
      if (w.claimed === false) return duplicate(d);
      const queued = w.withoutTransactions.includes(record.order.id);
      if (w.written === 0) {
        result = { summary: `Order ${record.order.name} is older than the stored one; ignored.`, applied: false, reason: "stale" };
        break;
      }
      if (queued) await deps.enqueue("order-refresh", d.shop);
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
  await updateSyncState(db, d.shop, { lastWebhookAt: at });
  return result;
}
