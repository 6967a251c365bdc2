/**
 * Issue 16 (a risk left by item 6): the webhook path refused amounts past what a stored
 * money or count column holds (INTEGER: at most 2,147,483,647), the bulk backfill and
 * the one-by-one fetch did not. On PostgreSQL one such order failed its whole batch of
 * 2,500 orders, so the backfill failed every time it got there; on SQLite it was stored
 * and could not be read back. Now that order is left out (and logged) and the rest of
 * the store is imported.
 */
import { afterEach, describe, expect, it, vi } from "vitest";

import { logger } from "~/logger.server";
import { backfillShop } from "~/sync/backfill.server";
import { createPostgresqlDatabase, postgresqlUnavailable } from "../db/databases";
import { syncHarness, type SyncHarness } from "./helpers";

let h: SyncHarness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
  vi.restoreAllMocks();
});

/** The simulator's store plus one order whose line comes to more than 21,474,836.47 EUR (a stored amount's limit). */
async function storeWithAHugeOrder(databaseUrl?: string) {
  h = await syncHarness({ generator: { seed: 5, orders: 40, preset: "eu" }, ...(databaseUrl ? { databaseUrl } : {}) });
  const { variant } = h.sim.store.variants()[0]!;
  // Units × price (minor units) just past 2,147,483,647.
  const quantity = Math.ceil(2_200_000_000 / variant.price);
  const huge = h.sim.store.createOrder({ lineItems: [{ variantId: variant.id, quantity }] });
  return { h, huge };
}

for (const provider of ["sqlite", "postgresql"] as const) {
  describe.skipIf(provider === "postgresql" && postgresqlUnavailable !== null)(`an order beyond what NetMargin stores, by bulk operation (${provider})`, () => {
    it("is left out and logged; every other order is imported", async () => {
      const pg = provider === "postgresql" ? await createPostgresqlDatabase() : null;
      try {
        const { h, huge } = await storeWithAHugeOrder(pg?.url);
        const warn = vi.spyOn(logger, "warn");
        const result = await backfillShop(h.deps, h.shop);
        expect(result.ok).toBe(true);
        // 40 generated orders + the huge one; the huge one alone is missing.
        expect(await h.db.order.count({ where: { shop: h.shop } })).toBe(40);
        expect(await h.db.order.count({ where: { shop: h.shop, id: huge.id } })).toBe(0);
        expect(result.orders.invalid).toBe(1);
        expect(warn.mock.calls.some(([message, fields]) => message === "bulk order left out: an amount is beyond what NetMargin stores" && (fields as { order?: string }).order === huge.id)).toBe(true);
        // Nothing queued to fetch it again (the same amounts would come back).
        expect(await h.db.orderRefetch.count({ where: { shop: h.shop } })).toBe(0);
        await h.close();
      } finally {
        h = null;
        await pg?.drop();
      }
    });
  });
}
