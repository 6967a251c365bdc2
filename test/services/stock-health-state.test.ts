import { expect, it } from "vitest";

import { refreshStockHealth, stockHealthState } from "~/services/stock.server";
import { describeEachProvider } from "../db/databases";
import { useFreshDatabase } from "../helpers/database";
import { createShop } from "../helpers/factories";
import { STOCK_NOW } from "../helpers/stock-shop";

/**
 * Home's note before the first stock health (issue 18): a shop with no stock import yet is
 * "waiting-for-stock"; once a stock import stored a location (the `stock-health` job is then
 * queued) it is "computing"; once the job stored a summary, "ready" (Home lists its stock items
 * and shows no note). Another shop's summary does not count.
 */
describeEachProvider("stock health state for Home", (_provider, database) => {
  const d = useFreshDatabase(database);

  it("waiting for the stock import, then computing, then ready; per shop", async () => {
    const shop = "alpha.myshopify.com";
    const other = "beta.myshopify.com";
    for (const s of [shop, other]) await createShop(d.db, { shop: s, currencyCode: "EUR", ianaTimezone: "UTC" });
    expect(await stockHealthState(d.db, shop)).toBe("waiting-for-stock");
    for (const s of [shop, other]) await d.db.inventoryLocation.create({ data: { shop: s, id: "gid://shopify/Location/1", name: "Paris", isActive: true, runId: "r", syncedAt: STOCK_NOW } });
    expect(await stockHealthState(d.db, shop)).toBe("computing");
    await refreshStockHealth(d.db, other, { now: STOCK_NOW });
    expect(await stockHealthState(d.db, shop)).toBe("computing");
    await refreshStockHealth(d.db, shop, { now: STOCK_NOW });
    expect(await stockHealthState(d.db, shop)).toBe("ready");
  });
});
