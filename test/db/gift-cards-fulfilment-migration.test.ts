import { rmSync } from "node:fs";

import { afterAll, expect, it } from "vitest";

import type { OrderRecord } from "~/domain/types";
import { ENGINE_INPUT_VERSION, unpackEngineInput } from "~/store/engine-input";
import { writeOrders } from "~/store/order-store.server";
import { Instant, openSqlDb } from "~/store/sql.server";
import { applyMigrations } from "../../prisma/tools/migrator";
import { describeEachProvider, prismaBefore } from "./databases";

/**
 * The migration order_gift_cards_fulfilment adds `OrderLine.isGiftCard`,
 * `Order.fulfillmentStatus`, `Order.parcelsShipped` and `Order.giftCardOnly`, and the
 * engine input moves to layout 2. Orders stored before it keep their layout-1
 * engine input: it must still be read, as what the engine assumed before (no gift
 * card, fulfilment not known: the order ships), and the new columns must say the
 * same; the next sync write of the order stores the new facts.
 */

const MIGRATION = "order_gift_cards_fulfilment";
const SHOP = "maison-verte.myshopify.com";
const ID = "gid://shopify/Order/1";

const tmp: string[] = [];
afterAll(() => {
  for (const dir of tmp) rmSync(dir, { recursive: true, force: true });
});

// Layout 1, as the migration order_engine_input and sync wrote it: one 50.00 gift card line.
const V1 = JSON.stringify([1, [["gid://shopify/LineItem/9", "gid://shopify/Product/9", "gid://shopify/ProductVariant/9", null, "Gift Card", 1, 1, 5000, 0, 0, 5000, null, 0]], [], []]);

const record: OrderRecord = {
  order: {
    id: ID,
    name: "#1",
    processedAt: "2026-11-10T10:00:00Z",
    currency: "EUR",
    taxesIncluded: false,
    cancelled: true,
    test: false,
    sourceName: "web",
    shippingCountryCode: null,
    fulfilment: { status: "UNFULFILLED", parcels: 0 },
    lines: [
      {
        id: "gid://shopify/LineItem/9",
        productId: "gid://shopify/Product/9",
        variantId: "gid://shopify/ProductVariant/9",
        sku: null,
        title: "Gift Card",
        quantity: 1,
        currentQuantity: 1,
        netRevenueBeforeTax: 5000,
        discountBeforeTax: 0,
        tax: 0,
        unitPriceBeforeTax: 5000,
        unitWeightGrams: null,
        requiresShipping: false,
        isGiftCard: true,
      },
    ],
    shippingLines: [],
    transactions: [],
    refunds: { lineItemsBeforeTax: 0, shippingBeforeTax: 0 },
  },
  updatedAt: "2026-11-11T10:00:00Z",
  financialStatus: "PAID",
  refunds: [],
};

describeEachProvider(`migration ${MIGRATION}`, (_provider, database) => {
  it("keeps orders stored before it readable as before, and the next sync write stores the new facts", async () => {
    const { url } = database();
    const dir = prismaBefore(MIGRATION);
    tmp.push(dir);
    await applyMigrations({ databaseUrl: url, prismaDir: dir });
    const before = openSqlDb(url, { thread: "main" });
    try {
      const at = new Instant("2026-11-10T10:00:00Z");
      await before.insertMany(
        "Order",
        ["shop", "id", "name", "processedAt", "shopifyUpdatedAt", "currency", "taxesIncluded", "financialStatus", "cancelled", "test", "sourceName",
          "shippingCountryCode", "refundedLinesBeforeTax", "refundedShippingBeforeTax", "lineCount", "items", "netRevenue", "transactionsKnown", "engineInput", "origin", "syncedAt"],
        [[SHOP, ID, "#1", at, at, "EUR", false, "PAID", false, false, "web", null, 0, 0, 1, 1, 5000, true, V1, "bulk", at]],
      );
      await before.insertMany(
        "OrderLine",
        ["shop", "orderId", "id", "position", "productId", "variantId", "sku", "title", "quantity", "currentQuantity", "netRevenueBeforeTax",
          "discountBeforeTax", "tax", "unitPriceBeforeTax", "unitWeightGrams", "requiresShipping"],
        [[SHOP, ID, "gid://shopify/LineItem/9", 0, "gid://shopify/Product/9", "gid://shopify/ProductVariant/9", null, "Gift Card", 1, 1, 5000, 0, 0, 5000, null, false]],
      );
    } finally {
      await before.close();
    }

    const applied = await applyMigrations({ databaseUrl: url });
    expect(applied.some((m) => m.endsWith(`_${MIGRATION}`))).toBe(true);

    const after = openSqlDb(url, { thread: "main" });
    try {
      const read = async () =>
        (await after.query<{ engineInput: string; fulfillmentStatus: string | null; parcelsShipped: unknown; giftCardOnly: unknown }>(
          `SELECT "engineInput", "fulfillmentStatus", "parcelsShipped", "giftCardOnly" FROM "Order" WHERE "shop" = ? AND "id" = ?`,
          [SHOP, ID],
        ))[0]!;
      const lineFlag = async () =>
        (await after.query<{ isGiftCard: unknown }>(`SELECT "isGiftCard" FROM "OrderLine" WHERE "shop" = ? AND "orderId" = ?`, [SHOP, ID]))[0]!.isGiftCard;

      // Before a new write: nothing learnt, read as the engine read it until now.
      const old = await read();
      expect(old.engineInput).toBe(V1);
      expect([old.fulfillmentStatus, old.parcelsShipped]).toEqual([null, null]);
      expect(Boolean(old.giftCardOnly)).toBe(false);
      expect(Boolean(await lineFlag())).toBe(false);
      const unpacked = unpackEngineInput(ID, old.engineInput);
      expect(unpacked.lines[0]!.isGiftCard).toBeUndefined();
      expect(unpacked.fulfilment).toBeUndefined();

      // Sync stores the order again (a webhook, the reconciliation): layout 2 and the columns.
      await writeOrders(after, SHOP, [record], { origin: "webhook", now: new Date("2026-11-11T10:00:01Z") });
      const fresh = await read();
      expect(JSON.parse(fresh.engineInput)[0]).toBe(ENGINE_INPUT_VERSION);
      expect([fresh.fulfillmentStatus, Number(fresh.parcelsShipped), Boolean(fresh.giftCardOnly)]).toEqual(["UNFULFILLED", 0, true]);
      expect(Boolean(await lineFlag())).toBe(true);
      const repacked = unpackEngineInput(ID, fresh.engineInput);
      expect(repacked.lines[0]!.isGiftCard).toBe(true);
      expect(repacked.fulfilment).toEqual({ status: "UNFULFILLED", parcels: 0 });
    } finally {
      await after.close();
    }
  });
});
