/**
 * An order queued for a one-by-one fetch that Shopify no longer returns (`order: null`)
 * is deleted from the copy, and its month is marked for recompute so its stored
 * margin goes too (the recompute deletes a month's margins it did not rewrite).
 */
import { afterEach, describe, expect, it } from "vitest";

import type { AdminGraphql } from "~/shopify/admin-client.server";
import { processRefetches, queueRefetch } from "~/sync/order-import.server";
import { freshDatabase, type FreshDatabase } from "../helpers/database";
import { createShop, oneLineOrder, storeOrders } from "../helpers/factories";

const SHOP = "alpha.myshopify.com";
const NOW = new Date("2026-03-01T10:00:00Z");
let opened: FreshDatabase | null = null;
afterEach(async () => {
  await opened?.close();
  opened = null;
});

describe("processRefetches: an order Shopify no longer returns", () => {
  it("deletes the order and marks its processedAt for recompute", async () => {
    const { db, sql } = (opened = await freshDatabase());
    await createShop(db, { shop: SHOP });
    await storeOrders(sql, SHOP, [oneLineOrder({ id: 7, processedAt: "2026-02-14T09:30:00Z", price: 2000 })], NOW);
    await storeOrders(sql, SHOP, [oneLineOrder({ id: 8, processedAt: "2026-02-20T09:30:00Z", price: 1500 })], NOW);
    // The ranges the writes marked are handled: only what the refetch marks is left.
    await db.marginDirty.deleteMany({ where: { shop: SHOP } });
    await sql.transaction((tx) => queueRefetch(tx, SHOP, [{ id: "gid://shopify/Order/7", reason: "test" }], NOW));
    const asked: unknown[] = [];
    const admin: AdminGraphql = async <T,>(_query: string, variables?: Record<string, unknown>) => {
      asked.push(variables);
      return { order: null } as T;
    };

    expect(await processRefetches(db, sql, admin, SHOP, () => NOW)).toBe(1);

    expect(asked).toEqual([{ id: "gid://shopify/Order/7" }]);
    expect(await db.order.findMany({ where: { shop: SHOP }, select: { id: true } })).toEqual([{ id: "gid://shopify/Order/8" }]);
    expect(await db.orderLine.count({ where: { shop: SHOP, orderId: "gid://shopify/Order/7" } })).toBe(0);
    const dirty = await db.marginDirty.findMany({ where: { shop: SHOP }, select: { since: true, until: true, reason: true } });
    expect(dirty).toEqual([{ since: new Date("2026-02-14T09:30:00Z"), until: new Date("2026-02-14T09:30:00Z"), reason: "sync" }]);
    expect(await db.orderRefetch.count({ where: { shop: SHOP } })).toBe(0);
  });
});
