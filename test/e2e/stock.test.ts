import { type Page } from "playwright-core";
import { describe, expect, it } from "vitest";

import { browserSuite, hydrated, openAppPage, SIZES } from "../helpers/browser";
import { screenshot } from "../helpers/screenshot";

/**
 * Issue 18, item 6: the Stock page on the demo store (the simulator's stock profiles:
 * best-sellers near a stock-out, overstocked lines, stock that never sells, a delivery just
 * received), at 1280×900 and 390×844: the headline with the cash above the target cover, the
 * class tabs kept in the URL with every row of a tab carrying its badge, the note that
 * Shopify keeps no stock history. Screenshots: /work/notes/shots/stock-page/.
 */

// The demo as `npm run demo` runs it: its history ends at the current hour, so the stock health (on the real clock) sees its recent sales.
const suite = browserSuite({ orders: 300, now: "hour" });
const SHOTS = "/work/notes/shots/stock-page";

const rowsOf = (page: Page) => page.locator(".Polaris-IndexTable__TableRow");

/** The page once the first sync has imported the stock (the demo's backfill runs in the background), hydrated. */
async function stockPage(page: Page, path = "/app/stock"): Promise<void> {
  for (let i = 0; i < 120; i++) {
    await page.goto(`${suite.demo.url}${path}`, { waitUntil: "domcontentloaded", timeout: 120_000 });
    await page.getByRole("heading", { name: "Stock", exact: true }).first().waitFor({ timeout: 60_000 });
    if ((await rowsOf(page).count()) > 0) break;
    await page.waitForTimeout(1000);
  }
  expect(await rowsOf(page).count()).toBeGreaterThan(0);
  await hydrated(page, page.getByRole("button", { name: "Search and filter results" }));
}

/** Polls `read` until `ok` (up to 30 s): the list is replaced once the loader answers. */
async function until<T>(page: Page, read: () => Promise<T>, ok: (v: T) => boolean): Promise<T> {
  let v = await read();
  for (let i = 0; i < 120 && !ok(v); i++) {
    await page.waitForTimeout(250);
    v = await read();
  }
  return v;
}

describe("issue 18: the Stock page", () => {
  it("shows the headline, the class tabs in the URL, and the history note", async () => {
    for (const size of SIZES) {
      const { page, errors } = await openAppPage(suite.browser, size.viewport);
      await stockPage(page);
      // "€111,441.59 of cash sits in stock you will not sell within 90 days": an amount in euros, the target cover.
      const headline = (await page.locator("#stock-headline").innerText()).trim();
      expect(headline).toMatch(/^€[\d,]+\.\d{2} of cash sits in stock you will not sell within 90 days$/);
      expect(Number(headline.replace(/[^\d.]/g, ""))).toBeGreaterThan(0);
      await expect(page.locator("#stock-history-note").innerText()).resolves.toContain("Shopify keeps no stock history");
      for (const name of ["All", "Out of stock", "At risk", "Overstock", "Dead stock", "New", "Healthy"]) {
        await expect(page.getByRole("tab", { name: new RegExp(`^${name} \\(\\d[\\d,]*\\)$`) }).count(), name).resolves.toBe(1);
      }
      await screenshot(page, `${SHOTS}/stock-${size.name}.png`);

      // Overstock: kept in the URL, every row carries the badge.
      await page.getByRole("tab", { name: /^Overstock \(/ }).click();
      await page.waitForURL((url) => url.searchParams.get("class") === "overstock", { timeout: 30_000 });
      const badges = await until(
        page,
        () => rowsOf(page).evaluateAll((trs) => trs.map((tr) => (tr.querySelector('[data-cell="class"]')?.textContent ?? "").trim())),
        (b) => b.length > 0 && b.every((t) => t.endsWith("Overstock")),
      );
      expect(badges.length).toBeGreaterThan(0);
      expect(badges.every((t) => t.endsWith("Overstock"))).toBe(true);
      await expect(page.getByRole("tab", { name: /^Overstock \(/ }).getAttribute("aria-selected")).resolves.toBe("true");
      if (size.name === "desktop") {
        const headings = await page.locator(".Polaris-IndexTable__TableHeading").allInnerTexts();
        expect(headings.map((h) => h.trim()).filter(Boolean)).toEqual(["Product", "On hand", "Value at cost", "Days of cover", "Class", "Cash tied up", "Last sale"]);
      }
      await screenshot(page, `${SHOTS}/stock-overstock-${size.name}.png`);

      if (size.name === "desktop") {
        // The location filter (IndexFilters' "Add filter", then "Location"): the first location's stock, named in the headline and the URL.
        await page.getByRole("button", { name: "Search and filter results" }).click();
        await page.getByRole("button", { name: "Add filter" }).click();
        await page.locator(".Polaris-Popover").getByText("Location", { exact: true }).click();
        // Polaris draws its own radio over a hidden input: the label is what a merchant clicks.
        const choice = page.locator(".Polaris-Popover label").first();
        const name = (await choice.innerText()).trim();
        await choice.click();
        await page.waitForURL((url) => (url.searchParams.get("location") ?? "").startsWith("gid://shopify/Location/"), { timeout: 30_000 });
        const at = await until(page, () => page.locator("#stock-headline").innerText(), (t) => t.endsWith(` at ${name}`));
        expect(at).toMatch(new RegExp(`within 90 days at ${name}$`));
        await screenshot(page, `${SHOTS}/stock-location-${size.name}.png`);
      }
      expect(errors).toEqual([]);
      await page.close();
    }
  }, 600_000);
});
