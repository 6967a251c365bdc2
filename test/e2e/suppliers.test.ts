import { describe, expect, it } from "vitest";

import { browserSuite, hydrated, openAppPage, SIZES } from "../helpers/browser";
import { screenshot } from "../helpers/screenshot";

/**
 * Issue 18, item 5: the Suppliers page on the offline demo at desktop (1280×900) and
 * mobile (390×844). The catalog sync stores the demo's vendors (supplier-vendors.test.ts);
 * this test gives the products three vendors of its own in turn, so each supplier here has
 * products of every kind. Expected amounts come from the service on the demo's own
 * database. Screenshots: test/output/.
 */

// The demo as `npm run demo` runs it: its history ends at the current hour, so the stock health (on the real clock) sees its recent sales.
const suite = browserSuite({ orders: 300, now: "hour" });
const SHOTS = process.env.REORDER_SHOTS ?? "test/output";
const VENDORS = ["Maison Verte", "Atelier Roux", "Céramiques du Lot"];

function euros(minor: number): string {
  return `€${(minor / 100).toLocaleString("en", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

async function prepare() {
  const { createPrismaClient } = await import("~/db.server");
  const reorder = await import("~/services/reorder.server");
  const suppliers = await import("~/store/suppliers.server");
  const db = createPrismaClient(suite.demo.databaseUrl);
  const shop = (await db.shop.findFirstOrThrow()).shop;
  // Margins and stock imported before comparing: the page reads both. The stock import is complete
  // once its day's snapshots are recorded and the stock health refreshed after it (a level count
  // alone can end the wait before the snapshots, which change the days in stock, hence the pace).
  const waiting = async () =>
    (await db.marginDirty.count({ where: { shop } })) > 0 || (await db.inventoryLevel.count({ where: { shop } })) === 0 || (await db.stockHealthSummary.count({ where: { shop } })) === 0;
  for (let i = 0; i < 180 && (await waiting()); i++) await new Promise((r) => setTimeout(r, 1000));
  const products = await db.product.findMany({ where: { shop }, orderBy: { id: "asc" }, select: { id: true } });
  for (const [i, p] of products.entries()) await db.product.update({ where: { shop_id: { shop, id: p.id } }, data: { vendor: VENDORS[i % VENDORS.length] } });
  const saved = await suppliers.saveSupplier(db, shop, "vendor:atelier roux", { name: "Atelier Roux", leadTimeDays: 21, minOrderQuantity: 24, paymentTermsDays: 45, currency: "EUR" });
  expect(saved.ok).toBe(true);
  const facts = { timeZone: (await db.shop.findFirstOrThrow()).ianaTimezone ?? "UTC" };
  return {
    view: () => reorder.suppliersView(db, shop, reorder.lastCompleteDay(facts.timeZone)),
    close: () => db.$disconnect(),
  };
}

describe("issue 18, item 5: suppliers and suggested purchases", () => {
  it("lists suppliers with their terms and suggested purchase, edits one with its errors named, at both sizes", async () => {
    const s = await prepare();
    try {
      const view = await s.view();
      expect(view.suppliers.map((x) => x.name)).toEqual(["Atelier Roux", "Céramiques du Lot", "Maison Verte"]);
      for (const size of SIZES) {
        // Each size after the last one's edit of Maison Verte's lead time, which changes its suggested purchase.
        const view = await s.view();
        const { page, errors } = await openAppPage(suite.browser, size.viewport);
        // First load: Vite's dev server optimises this page's new packages (DataTable, DropZone…) and
        // reloads the page by itself, which would drop a click (warmUp in test/helpers/browser.ts does it for the other pages).
        await page.goto(`${suite.demo.url}/app/suppliers`, { waitUntil: "networkidle", timeout: 120_000 });
        await page.waitForTimeout(3000);
        await page.goto(`${suite.demo.url}/app/suppliers`, { waitUntil: "domcontentloaded", timeout: 120_000 });
        await page.getByRole("heading", { name: "Your suppliers" }).waitFor({ timeout: 60_000 });
        const body = await page.locator("body").innerText();
        for (const x of view.suppliers) expect(body).toContain(x.name);
        expect(body).toContain("Default terms");
        if (view.totalQuantity > 0) expect(body).toContain(`${euros(view.totalCost)} in all`);
        const edit = page.getByRole("button", { name: "Edit Maison Verte" });
        await hydrated(page, edit);
        await screenshot(page, `${SHOTS}/suppliers-${size.name}.png`, { fullPage: true });

        // Edit Maison Verte: a wrong lead time is named under its field and nothing is saved; a right one is saved.
        await edit.click();
        await page.getByLabel("Lead time").fill("-3");
        await page.getByRole("button", { name: "Save supplier" }).click();
        await page.getByText("Lead time: enter a whole number of days from 0 to 365, e.g. 14.").waitFor({ timeout: 30_000 });
        await screenshot(page, `${SHOTS}/suppliers-edit-error-${size.name}.png`);
        await page.getByLabel("Lead time").fill(size.name === "desktop" ? "10" : "12");
        await page.getByRole("button", { name: "Save supplier" }).click();
        await page.getByRole("button", { name: "Save supplier" }).waitFor({ state: "detached", timeout: 30_000 });
        const after = (await s.view()).suppliers.find((x) => x.name === "Maison Verte")!;
        expect(after).toMatchObject({ saved: true, leadTimeDays: size.name === "desktop" ? 10 : 12 });
        expect(errors).toEqual([]);
        await page.close();
      }
    } finally {
      await s.close();
    }
  }, 600_000);
});
