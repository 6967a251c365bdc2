/**
 * Live updates: applies one sync webhook (orders/create, orders/updated,
 * orders/cancelled, refunds/create, products/update, inventory_items/update,
 * bulk_operations/finish) to the stored data, inline, so the order is stored by
 * the time Shopify gets its 200. Its margin is not recomputed inline: writing the
 * order marks its month out of date, and a `recompute` job is queued (coalesced
 * per shop) that brings the stored margins up to date afterwards.
 *
 * - Deduplicated on X-Shopify-Event-Id (a redelivery of the same event is
 *   recognised and skipped); the event is recorded only after it was applied, so
 *   a delivery that failed is applied by Shopify's retry.
 * - Out of order: an order payload older than the stored order (updated_at) is
 *   ignored (order-store.server.ts), and so is an inventory item or product
 *   update older than the stored variant.
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
import { recordCostSnapshots, upsertVariants, applyInventoryItemCost } from "~/store/catalog-store.server";
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
  | { summary: string; applied: false; reason: "duplicate" | "stale" | "not-installed" }
  | { summary: string; applied: true };

function isTopic(topic: string): topic is SyncWebhookTopic {
  return (SYNC_WEBHOOK_TOPICS as readonly string[]).includes(topic);
}

async function recordEvent(sql: SqlDb, d: WebhookDelivery, at: Date): Promise<void> {
  if (!d.eventId) return;
  const sqlText =
    sql.provider === "sqlite"
      ? `INSERT OR IGNORE INTO "WebhookEvent" ("shop", "eventId", "topic", "receivedAt") VALUES (?, ?, ?, ?)`
      : `INSERT INTO "WebhookEvent" ("shop", "eventId", "topic", "receivedAt") VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING`;
  await sql.execute(sqlText, [d.shop, d.eventId, d.topic, at]);
}

export async function applySyncWebhook(deps: WebhookSyncDeps, d: WebhookDelivery): Promise<WebhookSyncResult> {
  const { db, sql } = deps;
  const now = deps.now ?? (() => new Date());
  if (!isTopic(d.topic)) throw new WebhookPayloadError(`X-Shopify-Topic: ${d.topic} is not a sync topic`);
  if (d.eventId) {
    const seen = await db.webhookEvent.findUnique({ where: { shop_eventId: { shop: d.shop, eventId: d.eventId } }, select: { eventId: true } });
    if (seen) return { summary: `Event ${d.eventId} was already applied.`, applied: false, reason: "duplicate" };
  }
  const shop = await db.shop.findUnique({ where: { shop: d.shop }, select: { currencyCode: true, uninstalledAt: true } });
  if (!shop || shop.uninstalledAt) return { summary: "The shop has not installed NetMargin.", applied: false, reason: "not-installed" };
  const currency = shop.currencyCode ?? "USD";
  const at = now();
  let result: WebhookSyncResult;

  switch (d.topic) {
    case "orders/create":
    case "orders/updated":
    case "orders/cancelled": {
      const parsed = parseRestOrderRecord(d.payload);
      if (!parsed.ok) throw new WebhookPayloadError(`${d.topic} payload: ${summariseIssues(parsed.errors)}`);
      const record = parsed.record;
      const w = await writeOrders(sql, d.shop, [record], { origin: "webhook", now: at, withTransactions: false });
      const queued = w.withoutTransactions.includes(record.order.id);
      if (queued) {
        await sql.transaction((tx) => queueRefetch(tx, d.shop, [{ id: record.order.id, reason: `${d.topic} (no transactions in webhook payloads)` }], at));
      }
      if (w.written === 0) {
        result = { summary: `Order ${record.order.name} is older than the stored one; ignored.`, applied: false, reason: "stale" };
        break;
      }
      if (d.topic === "orders/create") {
        const variantIds = record.order.lines.map((l) => l.variantId).filter((v): v is string => v !== null);
        await recordCostSnapshots(db, sql, d.shop, variantIds, new Date(record.order.processedAt), "order");
      }
      if (queued) await deps.enqueue("order-refresh", d.shop);
      result = { summary: `Order ${record.order.name} stored.`, applied: true };
      break;
    }
    case "refunds/create": {
      const parsed = parseRestRefund(d.payload);
      if (!parsed.ok) throw new WebhookPayloadError(`refunds/create payload: ${summariseIssues(parsed.errors)}`);
      await sql.transaction((tx) => queueRefetch(tx, d.shop, [{ id: parsed.value.orderId, reason: "refunds/create" }], at));
      await deps.enqueue("order-refresh", d.shop);
      result = { summary: `Refund of ${parsed.value.orderId} queued for a fetch of the order.`, applied: true };
      break;
    }
    case "products/update": {
      const parsed = parseProductPayload(d.payload, currency);
      if (!parsed.ok) throw new WebhookPayloadError(`products/update payload: ${summariseIssues(parsed.errors)}`);
      const n = await upsertVariants(sql, d.shop, parsed.value, at, { partial: true });
      result = n.written === 0 ? { summary: "Product update older than the stored one; ignored.", applied: false, reason: "stale" } : { summary: `${n.written} variant(s) updated.`, applied: true };
      break;
    }
    case "inventory_items/update": {
      const parsed = parseInventoryItemPayload(d.payload, currency);
      if (!parsed.ok) throw new WebhookPayloadError(`inventory_items/update payload: ${summariseIssues(parsed.errors)}`);
      const n = await applyInventoryItemCost(db, sql, d.shop, parsed.value, at);
      result = n === 0 ? { summary: "Inventory item update older than the stored one, or unknown item; ignored.", applied: false, reason: "stale" } : { summary: "Unit cost updated.", applied: true };
      break;
    }
    case "bulk_operations/finish": {
      await deps.enqueue("backfill", d.shop);
      result = { summary: "Backfill continues.", applied: true };
      break;
    }
  }
  // An order or a unit cost changed: its month's stored margins follow (coalesced per shop).
  if (result.applied && (d.topic.startsWith("orders/") || d.topic === "inventory_items/update")) await deps.enqueue("recompute", d.shop);
  await recordEvent(sql, d, at);
  await updateSyncState(db, d.shop, { lastWebhookAt: at });
  return result;
}
