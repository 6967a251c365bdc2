import { readFileSync } from "node:fs";
import { join } from "node:path";

import { type Download, type Locator, type Page } from "playwright-core";
import { describe, expect, it } from "vitest";

import { parseTypedDate } from "~/domain/typed-date";

import { browserSuite, hydrated, openAppPage, SIZES } from "../helpers/browser";

/**
 * Issue 17, item 2: the actions a merchant found broken on the offline demo, each tried
 * as they would, at desktop (1280×900) and mobile (390×844) sizes. Screenshots:
 * test/output/issue17-*.png.
 */

const suite = browserSuite();

const openPage = (viewport: { width: number; height: number }, options: { acceptDownloads?: boolean } = {}) => openAppPage(suite.browser, viewport, options);

/** The list page at `path` once the recompute has stored margins (rows shown). */
async function listWithRows(page: Page, path: string, heading: string): Promise<Locator> {
  const rows = page.locator(".Polaris-IndexTable__TableRow");
  for (let i = 0; i < 90; i++) {
    await page.goto(`${suite.demo.url}${path}`, { waitUntil: "domcontentloaded", timeout: 120_000 });
    await page.getByRole("heading", { name: heading }).waitFor({ timeout: 60_000 });
    if ((await rows.count()) > 0) break;
    await page.waitForTimeout(1000);
  }
  expect(await rows.count()).toBeGreaterThan(0);
  return rows;
}

/**
 * The product titles of the list's rows, each read from the title's own element (data-cell="title", in the
 * table's first cell or a condensed row's block): the cell's innerText also holds the "3 variants" toggle, and
 * without layout (a row being replaced) innerText is textContent, "Stoneware Garden Bench Pot3 variants".
 */
function readTitles(rows: Locator): Promise<string[]> {
  return rows.evaluateAll((trs) => trs.map((tr) => (tr.querySelector('[data-cell="title"]')?.textContent ?? "").trim()));
}

/** The rows' titles once every row contains `query` (polled up to 30 s; what stayed otherwise, for the assertion to show). */
async function rowsMatching(page: Page, rows: Locator, query: string): Promise<string[]> {
  const matches = (titles: string[]) => titles.length > 0 && titles.every((t) => t.toLowerCase().includes(query.toLowerCase()));
  let found = await readTitles(rows);
  for (let i = 0; i < 120 && !matches(found); i++) {
    await page.waitForTimeout(250);
    found = await readTitles(rows);
  }
  return found;
}

/**
 * The page's secondary action named `name`, ready to click: a button in the page header on a
 * desktop, in the header's "View actions" menu on a phone (Polaris rolls them up there).
 */
async function pageAction(page: Page, title: string, name: RegExp): Promise<Locator> {
  const menu = page.getByRole("button", { name: `View actions for ${title}` });
  const visible = page.getByText(name).filter({ visible: true });
  for (let i = 0; i < 120 && (await visible.count()) === 0; i++) {
    if ((await menu.count()) > 0) {
      await hydrated(page, menu);
      await menu.click();
      await visible.first().waitFor({ timeout: 5000 }).catch(() => undefined);
    } else await page.waitForTimeout(250);
  }
  const action = visible.first();
  await hydrated(page, action);
  return action;
}

/** The shop-local date `days` before today, as a date field takes it. */
function daysAgo(days: number): string {
  const local = new Date(new Date().toLocaleString("en-US", { timeZone: "Europe/Paris" }));
  local.setDate(local.getDate() - days);
  return `${local.getFullYear()}-${String(local.getMonth() + 1).padStart(2, "0")}-${String(local.getDate()).padStart(2, "0")}`;
}

describe("issue 17: the actions that were broken", () => {
  it("Sync now stays on the home page and confirms (App Bridge toast, or a banner offline)", async () => {
    for (const size of SIZES) {
      const { page, errors } = await openPage(size.viewport);
      // The boot backfill (or the previous size's) must be over: the button is disabled while a sync runs.
      const button = page.getByRole("button", { name: "Sync now" });
      for (let i = 0; i < 120; i++) {
        await page.goto(`${suite.demo.url}/app`, { waitUntil: "domcontentloaded", timeout: 120_000 });
        await page.getByText("Data sync").waitFor({ timeout: 60_000 });
        if ((await page.getByText("Up to date").count()) > 0 && (await button.isEnabled())) break;
        await page.waitForTimeout(1000);
      }
      await hydrated(page, button);
      await button.click();
      await page.getByText("Sync started: your orders and products are being imported again.").waitFor({ timeout: 30_000 });
      // Still the home page, with its content (the form used to navigate to /app/sync's JSON: a blank page).
      expect(new URL(page.url()).pathname).toBe("/app");
      await expect(page.getByRole("heading", { name: "maison-verte.myshopify.com" }).count()).resolves.toBe(1);
      await expect(page.getByText("Data sync").count()).resolves.toBe(1);
      await page.screenshot({ path: `test/output/issue17-sync-${size.name}.png` });
      expect(errors).toEqual([]);
      await page.close();
    }
  }, 600_000);

  it("Products search inside IndexFilters: typing searches once the merchant pauses, and every row then matches", async () => {
    for (const size of SIZES) {
      const { page, errors } = await openPage(size.viewport);
      const rows = await listWithRows(page, "/app/products", "Products");
      const before = await rows.count();
      // A word from the third product's title, which not every product has.
      const titles = (await readTitles(rows)).filter(Boolean);
      const query = titles[Math.min(2, titles.length - 1)]!.split(/\s+/).sort((a, b) => b.length - a.length)[0]!;
      // The list's search button (a magnifier, as on Shopify's admin lists) opens the field inside IndexFilters.
      const open = page.getByRole("button", { name: "Search and filter results" });
      await hydrated(page, open);
      await open.click();
      const field = page.getByPlaceholder("Search products by title");
      await field.waitFor({ timeout: 30_000 });
      // Typed, no button and no Enter: the search applies after the pause (the old field needed its button, which moved).
      await field.pressSequentially(query, { delay: 30 });
      await page.waitForURL((url) => url.searchParams.get("q") === query, { timeout: 30_000 });
      // The list is replaced once the loader answers; the demo's recompute may still reorder the old rows meanwhile,
      // so a list that merely differs from the first one is not yet the answer: wait (up to 30 s) for every row to match.
      const found = await rowsMatching(page, rows, query);
      for (const title of found) expect(title.toLowerCase()).toContain(query.toLowerCase());
      expect(found.length).toBeLessThan(before);
      await page.screenshot({ path: `test/output/issue17-products-search-${size.name}.png` });
      expect(errors).toEqual([]);
      await page.close();
    }
  }, 600_000);

  it("Enter in a custom date applies the range", async () => {
    for (const size of SIZES) {
      const { page, errors } = await openPage(size.viewport);
      await listWithRows(page, "/app/orders", "Orders");
      const rangeSelect = page.getByLabel("Date range");
      await hydrated(page, rangeSelect);
      await rangeSelect.selectOption("custom");
      const [from, to] = [daysAgo(60), daysAgo(1)];
      await page.getByLabel("From").fill(from);
      const toField = page.getByLabel("To (included)");
      await toField.fill(to);
      // The list's count, under the table ("262 orders · page 1 of 6").
      const counted = page.getByText(/^[\d,]+\+? orders? · page /);
      const exportBefore = await counted.innerText();
      // The list's data for the new range, fetched by the client-side navigation.
      const answered = page.waitForResponse((r) => r.request().resourceType() === "fetch" && new URL(r.url()).searchParams.get("from") === from, { timeout: 30_000 });
      await toField.press("Enter");
      await page.waitForURL((url) => url.searchParams.get("range") === "custom" && url.searchParams.get("from") === from && url.searchParams.get("to") === to, { timeout: 30_000 });
      await answered;
      // The last 12 months' orders, then those of 60 days: fewer (the demo's orders span a year).
      const exportAfter = counted;
      for (let i = 0; i < 40 && (await exportAfter.innerText()) === exportBefore; i++) await page.waitForTimeout(250);
      const count = (text: string) => Number(text.split("·")[0]!.replace(/[^\d]/g, ""));
      expect(count(await exportAfter.innerText())).toBeLessThan(count(exportBefore));
      // The range is in force (no "could not be used" banner) and the fields keep it.
      await expect(page.getByText("Some filters could not be used").count()).resolves.toBe(0);
      // The field shows the date the admin's way ("9 Oct 2026"), which reads back as the date in force.
      const shown = await page.getByLabel("From").inputValue();
      expect(parseTypedDate(shown)).toEqual({ ok: true, iso: from });
      expect(shown).not.toBe(from);
      await page.screenshot({ path: `test/output/issue17-orders-dates-${size.name}.png` });
      expect(errors).toEqual([]);
      await page.close();
    }
  }, 600_000);

  it("Export CSV, a page action, says how many orders it exports and exports them all, not the 50 on screen", async () => {
    for (const size of SIZES) {
      const { page, errors } = await openPage(size.viewport, { acceptDownloads: true });
      const rows = await listWithRows(page, "/app/orders?range=all", "Orders");
      const button = await pageAction(page, "Orders", /^Export [\d,]+ orders \(CSV\)$/);
      const total = Number((await button.innerText()).replace(/[^\d]/g, ""));
      // The demo's 300 orders (less any left out): more than the page's 50 rows.
      expect(await rows.count()).toBe(50);
      expect(total).toBeGreaterThan(50);
      expect(total).toBeLessThanOrEqual(300);
      let download: Download | undefined;
      for (let attempt = 0; attempt < 4 && !download; attempt++) {
        const action = attempt === 0 ? button : await pageAction(page, "Orders", /^Export [\d,]+ orders \(CSV\)$/);
        [download] = await Promise.all([page.waitForEvent("download", { timeout: 20_000 }).catch(() => undefined), action.click()]);
      }
      if (!download) throw new Error("the CSV export never started a download");
      const path = join("test/output", `issue17-orders-${size.name}.csv`);
      await download.saveAs(path);
      const lines = readFileSync(path, "utf8").split("\r\n");
      expect(lines[0]).toMatch(/^order,date,/);
      // A header, one line per order, and the final line end.
      expect(lines.length).toBe(total + 2);
      expect(new Set(lines.slice(1, -1).map((l) => l.split(",")[0])).size).toBe(total);
      await page.screenshot({ path: `test/output/issue17-orders-export-${size.name}.png` });
      expect(errors).toEqual([]);
      await page.close();
    }
  }, 600_000);

  it("settings: three bad fields are counted three, each marked on its field, and the page scrolls to the first", async () => {
    for (const size of SIZES) {
      const { page, errors } = await openPage(size.viewport);
      await page.goto(`${suite.demo.url}/app/settings`, { waitUntil: "networkidle", timeout: 120_000 });
      await page.getByRole("heading", { name: "Cost settings" }).waitFor({ timeout: 60_000 });
      const labour = page.getByLabel("Labour per order (EUR)");
      await hydrated(page, labour);
      // An emptied shipping-rule cost (the one that was counted but never shown), a bad default cost, a negative labour cost.
      await page.getByLabel("Cost (EUR)", { exact: true }).first().fill("");
      await page.getByLabel("Default cost when no rule matches (EUR)").fill("abc");
      await labour.fill("-1.00");
      await page.getByRole("button", { name: "Save" }).first().click();
      await page.getByText("Nothing was saved: 3 fields to fix").waitFor({ timeout: 30_000 });
      const invalid = page.locator('.Polaris-Page input[aria-invalid="true"]');
      await expect(invalid.count()).resolves.toBe(3);
      await expect(page.getByLabel("Cost (EUR)", { exact: true }).first().getAttribute("aria-invalid")).resolves.toBe("true");
      // The first field to fix (the rule's cost, first on the page) is in view and focused.
      await page.waitForFunction(() => {
        const first = document.querySelector('.Polaris-Page input[aria-invalid="true"]');
        if (!first) return false;
        const box = first.getBoundingClientRect();
        return box.top >= 0 && box.bottom <= window.innerHeight && document.activeElement === first;
      }, undefined, { timeout: 10_000 });
      await page.screenshot({ path: `test/output/issue17-settings-errors-${size.name}.png` });
      expect(errors).toEqual([]);
      await page.close();
    }
  }, 600_000);
});
