import { describe, expect, it } from "vitest";

import { createPrismaClient } from "~/db.server";
import { refreshStockHealth } from "~/margins/stock-health.server";
import { browserSuite, hydrated, openAppPage, SIZES } from "../helpers/browser";
import { screenshot } from "../helpers/screenshot";

/**
 * Issue 18, performance: the Stock page reads the stock health the `stock-health` job stores
 * after a sync. On the demo store: once the job has run the page lists rows; with the stored
 * summary gone (as before a shop's first refresh) it says the numbers are being worked out
 * (not an error, not an empty list), at 1280×900 and 390×844; a refresh brings the rows back.
 * Screenshots: /work/notes/shots/stock-summary/.
 */

const suite = browserSuite();
const SHOTS = "/work/notes/shots/stock-summary";
const SHOP = "maison-verte.myshopify.com";

describe("issue 18: the Stock page before and after the stored stock health", () => {
  it("says the numbers are being worked out until the refresh, then lists the rows", async () => {
    const db = createPrismaClient(suite.demo.databaseUrl);
    try {
      // The demo's backfill queues the refresh: wait for it (up to 2 minutes).
      for (let i = 0; i < 240 && (await db.stockHealthSummary.count({ where: { shop: SHOP } })) === 0; i++) await new Promise((r) => setTimeout(r, 500));
      const summary = await db.stockHealthSummary.findUnique({ where: { shop: SHOP } });
      expect(summary).not.toBeNull();
      expect(await db.stockHealthVariant.count({ where: { shop: SHOP } })).toBe(summary!.variants);

      for (const size of SIZES) {
        const { page, errors } = await openAppPage(suite.browser, size.viewport);
        await page.goto(`${suite.demo.url}/app/stock`, { waitUntil: "domcontentloaded", timeout: 120_000 });
        await hydrated(page, page.getByRole("button", { name: "Search and filter results" }));
        expect(await page.locator(".Polaris-IndexTable__TableRow").count()).toBeGreaterThan(0);
        await screenshot(page, `${SHOTS}/stock-stored-${size.name}.png`);
        expect(errors).toEqual([]);
        await page.close();
      }

      // As before the first refresh: no summary, no rows.
      await db.$transaction([db.stockHealthVariant.deleteMany({ where: { shop: SHOP } }), db.stockHealthSummary.deleteMany({ where: { shop: SHOP } })]);
      for (const size of SIZES) {
        const { page, errors } = await openAppPage(suite.browser, size.viewport);
        await page.goto(`${suite.demo.url}/app/stock`, { waitUntil: "domcontentloaded", timeout: 120_000 });
        await page.getByText("Working out your stock health").waitFor({ timeout: 60_000 });
        await expect(page.getByText("reload the page shortly", { exact: false }).count()).resolves.toBe(1);
        await screenshot(page, `${SHOTS}/stock-pending-${size.name}.png`);
        expect(errors).toEqual([]);
        await page.close();
      }
      await refreshStockHealth(db, SHOP);
      const { page } = await openAppPage(suite.browser, SIZES[0]!.viewport);
      await page.goto(`${suite.demo.url}/app/stock`, { waitUntil: "domcontentloaded", timeout: 120_000 });
      await hydrated(page, page.getByRole("button", { name: "Search and filter results" }));
      expect(await page.locator(".Polaris-IndexTable__TableRow").count()).toBeGreaterThan(0);
      await page.close();
    } finally {
      await db.$disconnect();
    }
  });
});
