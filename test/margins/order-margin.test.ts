/**
 * A changed order's margin ahead of its month (app/margins/order-margin.server.ts):
 * the row written for one order is the row the month-wide recompute writes for it,
 * fixed-cost share included, and the month's other orders are left to that run.
 */
import { describe, expect, it } from "vitest";

import type { PrismaClient } from "@prisma/client";

import { InProcessQueue } from "~/jobs/in-process-queue.server";
import { registerMarginJobs } from "~/margins/jobs.server";
import { MAX_ORDERS, refreshChangedOrderMargins } from "~/margins/order-margin.server";
import { recomputeMargins } from "~/margins/recompute.server";
import type { OrderRecord } from "~/domain/types";
import { writeOrders } from "~/store/order-store.server";
import { postgresqlUnavailable } from "../db/databases";
import { closeAfterEach } from "../helpers/cleanup";
import { costSettings, createShop, createUnitCost, oneLineOrder, saveSettings, storeOrders } from "../helpers/factories";

const SHOP = "maison-verte.myshopify.com";
const V1 = "gid://shopify/ProductVariant/11";
const cleanup = closeAfterEach();

/** Shipping 5.00 a parcel, packaging 1.00, labour 0.50 an order, rent 30.00 a month shared by order count. */
const SIMPLE = costSettings({
  shipping: { defaultCost: "5.00" },
  packaging: { perParcel: "1.00" },
  labour: { perOrder: "0.50" },
  fixedCosts: { allocation: "orders", items: [{ name: "Rent", monthlyAmount: "30.00" }] },
});

/** One unit of the tote bag (unit cost 4.00) at 10.00, no shipping charged. */
const tote = (id: number, processedAt: string): OrderRecord => oneLineOrder({ id, processedAt, price: 1000 });

/** Nov 2026 (Europe/Paris): A on the 10th, B on the 20th, D on the 28th; margins computed. */
async function november(provider: "sqlite" | "postgresql") {
  const { db, sql, reader } = await cleanup.openOn(provider);
  await createShop(db, { shop: SHOP, ianaTimezone: "Europe/Paris" });
  await createUnitCost(db, { shop: SHOP, variantId: V1, cost: 400 });
  await saveSettings(db, SHOP, SIMPLE, { now: new Date("2026-01-02T00:00:00Z") });
  await storeOrders(sql, SHOP, [tote(1, "2026-11-10T10:00:00Z"), tote(2, "2026-11-20T10:00:00Z"), tote(4, "2026-11-28T10:00:00Z")], new Date("2026-11-29T00:00:00Z"));
  const deps = { db, sql, reader, now: () => new Date("2026-11-29T01:00:00Z") };
  await recomputeMargins(deps, SHOP);
  return { db, sql, reader, deps };
}

/** The stored margin row of an order, without computedAt. */
async function marginRow(db: PrismaClient, id: number) {
  const row = await db.orderMargin.findUniqueOrThrow({ where: { shop_orderId: { shop: SHOP, orderId: `gid://shopify/Order/${id}` } } });
  const { computedAt, ...rest } = row;
  return { computedAt, rest };
}

for (const provider of ["sqlite", "postgresql"] as const) {
  describe.skipIf(provider === "postgresql" && postgresqlUnavailable !== null)(`one changed order's margin (${provider})`, () => {
    it("writes a new order's margin with its share of the month as it stands, the row the month-wide run writes, and leaves the other orders", async () => {
      const { db, sql, reader } = await november(provider);
      // Three orders share the rent: 30.00 / 3 = 10.00 each.
      expect((await marginRow(db, 1)).rest.fixedCosts).toBe(1000);
      // A webhook's order on the 15th: second of four in (processedAt, id) order.
      await writeOrders(sql, SHOP, [tote(3, "2026-11-15T10:00:00Z")], { origin: "webhook", now: new Date("2026-11-29T02:00:00Z"), withTransactions: false });

      const ahead = await refreshChangedOrderMargins({ db, sql, reader, now: () => new Date("2026-11-29T02:00:01Z") }, SHOP);

      expect(ahead).toEqual({ orders: 1 });
      const c = await marginRow(db, 3);
      // Rent by cumulative rounding over 4 orders: floor(3000 × 2/4) − floor(3000 × 1/4) = 1500 − 750 = 750.
      expect(c.rest.fixedCosts).toBe(750);
      // 10.00 − 4.00 goods − 5.00 shipping − 1.00 packaging − 0.50 labour − 7.50 rent = −8.00.
      expect(c.rest.netMargin).toBe(-800);
      expect(c.computedAt.toISOString()).toBe("2026-11-29T02:00:01.000Z");
      // The month's other orders keep their rows (and their 10.00) until the month-wide run.
      const a = await marginRow(db, 1);
      expect(a.rest.fixedCosts).toBe(1000);
      expect(a.computedAt.toISOString()).toBe("2026-11-29T01:00:00.000Z");

      await recomputeMargins({ db, sql, reader, now: () => new Date("2026-11-29T03:00:00Z") }, SHOP);

      expect((await marginRow(db, 3)).rest).toEqual(c.rest);
      expect((await marginRow(db, 1)).rest.fixedCosts).toBe(750);
      // Nothing left to do ahead: every margin is newer than its order.
      expect(await refreshChangedOrderMargins({ db, sql, reader }, SHOP)).toEqual({ orders: 0 });
    });

    it("rewrites a stored order changed by a webhook (an edit: 2 units instead of 1) and nothing else", async () => {
      const { db, sql, reader } = await november(provider);
      const edited: OrderRecord = { ...oneLineOrder({ id: 2, processedAt: "2026-11-20T10:00:00Z", price: 1000, units: 2 }), updatedAt: "2026-11-29T02:00:00Z" };
      await writeOrders(sql, SHOP, [edited], { origin: "webhook", now: new Date("2026-11-29T02:00:00Z"), withTransactions: false });

      expect(await refreshChangedOrderMargins({ db, sql, reader, now: () => new Date("2026-11-29T02:00:01Z") }, SHOP)).toEqual({ orders: 1 });

      const ahead = await marginRow(db, 2);
      expect(ahead.rest.netRevenue).toBe(2000);
      // 20.00 − 8.00 goods − 5.00 shipping − 1.00 packaging − 0.50 labour − 10.00 rent = −4.50.
      expect(ahead.rest.netMargin).toBe(-450);
      expect(ahead.computedAt.toISOString()).toBe("2026-11-29T02:00:01.000Z");
      expect((await marginRow(db, 1)).computedAt.toISOString()).toBe("2026-11-29T01:00:00.000Z");
      await recomputeMargins({ db, sql, reader, now: () => new Date("2026-11-29T03:00:00Z") }, SHOP);
      expect((await marginRow(db, 2)).rest).toEqual(ahead.rest);
    });

    it(`leaves more than ${MAX_ORDERS} changed orders to the month-wide run`, async () => {
      const { db, sql, reader } = await november(provider);
      const many = Array.from({ length: MAX_ORDERS + 1 }, (_, i) => tote(100 + i, `2026-11-2${i % 2}T11:${String(i % 60).padStart(2, "0")}:00Z`));
      await writeOrders(sql, SHOP, many, { origin: "webhook", now: new Date("2026-11-29T02:00:00Z"), withTransactions: false });

      expect(await refreshChangedOrderMargins({ db, sql, reader }, SHOP)).toBeNull();
      expect(await db.orderMargin.count({ where: { shop: SHOP } })).toBe(3);
    });

    it("the recompute job writes the changed order ahead, then its month, and leaves nothing dirty", async () => {
      const { db, sql, reader } = await november(provider);
      const queue = new InProcessQueue();
      await queue.start();
      cleanup.later(() => queue.stop());
      await registerMarginJobs(queue, { db, sql, reader, compute: null });
      await writeOrders(sql, SHOP, [tote(3, "2026-11-15T10:00:00Z")], { origin: "webhook", now: new Date(), withTransactions: false });

      await queue.enqueue("recompute", { shop: SHOP }, { singletonKey: SHOP });
      await queue.idle();

      expect((await marginRow(db, 3)).rest.fixedCosts).toBe(750);
      // recompute-months ran after it: every order of the month has its share of four.
      expect((await marginRow(db, 1)).rest.fixedCosts).toBe(750);
      expect(await db.marginDirty.count({ where: { shop: SHOP } })).toBe(0);
    });
  });
}
