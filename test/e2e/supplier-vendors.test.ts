import { describe, expect, it } from "vitest";

import { browserSuite, openAppPage, SIZES } from "../helpers/browser";
import { screenshot } from "../helpers/screenshot";

/**
 * Issue 18, item 5 ("suppliers (default: the product's vendor)") end to end on the offline
 * demo: nothing is written by the test. The demo's backfill reads each product's vendor
 * from the simulator (the catalog bulk query's `product.vendor`), so the Suppliers page lists
 * the EU preset's vendors (test/simulator/generator.ts) with their products, and every
 * product has a supplier. "Suppliers" is in the app's navigation after "Stock"
 * (app/routes/app.tsx; App Bridge's <ui-nav-menu>, drawn by the Shopify admin, not in the
 * page). Screenshots at 1280×900 and 390×844: VENDOR_SHOTS (/work/notes/shots/vendor-sync/
 * when looked at), else test/output/.
 */

const suite = browserSuite();
const SHOTS = process.env.VENDOR_SHOTS ?? "test/output";
const EU_VENDORS = ["Atelier Roux", "Céramiques du Lot", "Jardin & Co", "Maison Verte"];

describe("issue 18, item 5: suppliers from the synced vendors", () => {
  it("lists the vendors the catalog sync stored, and the nav links the page", async () => {
    const { createPrismaClient } = await import("~/db.server");
    const db = createPrismaClient(suite.demo.databaseUrl);
    let vendors: Map<string, number>;
    try {
      const shop = (await db.shop.findFirstOrThrow()).shop;
      // The catalog is the backfill's first step; wait until every product has come with its vendor.
      for (let i = 0; i < 180 && ((await db.product.count({ where: { shop } })) === 0 || (await db.product.count({ where: { shop, vendor: null } })) > 0); i++) {
        await new Promise((r) => setTimeout(r, 1000));
      }
      const products = await db.product.findMany({ where: { shop }, select: { vendor: true } });
      expect(products.length).toBeGreaterThan(0);
      vendors = new Map<string, number>();
      for (const p of products) vendors.set(p.vendor!, (vendors.get(p.vendor!) ?? 0) + 1);
      // Every vendor is one of the preset's four, and the products are spread over more than one.
      expect([...vendors.keys()].every((v) => EU_VENDORS.includes(v))).toBe(true);
      expect(vendors.size).toBeGreaterThan(1);
    } finally {
      await db.$disconnect();
    }

    for (const size of SIZES) {
      const { page, errors } = await openAppPage(suite.browser, size.viewport);
      // First load: Vite optimises the page's packages and reloads it by itself (see test/e2e/suppliers.test.ts).
      await page.goto(`${suite.demo.url}/app/suppliers`, { waitUntil: "networkidle", timeout: 120_000 });
      await page.waitForTimeout(3000);
      await page.goto(`${suite.demo.url}/app/suppliers`, { waitUntil: "domcontentloaded", timeout: 120_000 });
      await page.getByRole("heading", { name: "Your suppliers" }).waitFor({ timeout: 60_000 });
      const body = await page.locator("body").innerText();
      for (const vendor of vendors.keys()) expect(body).toContain(vendor);
      expect(body).not.toContain("No supplier");
      // The navigation's links in order: Suppliers right after Stock.
      const nav = await page.locator("ui-nav-menu a").evaluateAll((links) => links.map((a) => [a.getAttribute("href"), a.textContent?.trim()]));
      const stock = nav.findIndex(([href]) => href === "/app/stock");
      expect(stock).toBeGreaterThan(0);
      expect(nav[stock + 1]).toEqual(["/app/suppliers", "Suppliers"]);
      await screenshot(page, `${SHOTS}/suppliers-${size.name}.png`, { fullPage: true });
      expect(errors).toEqual([]);
      await page.close();
    }
  });
});
