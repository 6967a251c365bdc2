import { type Locator, type Page } from "playwright-core";
import { describe, expect, it } from "vitest";

import { browserSuite, clickTab, hydrated, openAppPage, reload, SIZES } from "../helpers/browser";
import { screenshot } from "../helpers/screenshot";

/**
 * Issue 17 (items 4 and 6): the Products and Orders lists as Shopify's own admin lists are
 * built — IndexFilters with the flags as tabs, the search and the sort in the URL; a condensed
 * IndexTable on a phone with the row's name and net margin in view; a Shipping column; each
 * row's NetMargin page and Shopify admin page — tried at 1280×900 and 390×844.
 * Screenshots: test/output/lists-*.png.
 */

const suite = browserSuite();

/** A page that keeps the URLs given to window.open (the admin links). */
const openPage = (viewport: { width: number; height: number }) => openAppPage(suite.browser, viewport, { recordWindowOpen: true });

const rowsOf = (page: Page) => page.locator(".Polaris-IndexTable__TableRow");

/** The list at `path` once the recompute has stored margins, hydrated (condensed on a phone by then). */
async function list(page: Page, path: string, heading: string): Promise<Locator> {
  const rows = rowsOf(page);
  for (let i = 0; i < 90; i++) {
    await page.goto(`${suite.demo.url}${path}`, { waitUntil: "domcontentloaded", timeout: 120_000 });
    await page.getByRole("heading", { name: heading }).waitFor({ timeout: 60_000 });
    if ((await rows.count()) > 0) break;
    await page.waitForTimeout(1000);
  }
  expect(await rows.count()).toBeGreaterThan(0);
  await hydrated(page, page.getByRole("button", { name: "Search and filter results" }));
  return rows;
}

/** Each row's text in the element marked data-cell=`cell` ("title", "net-margin", "shipping"). */
function cellTexts(rows: Locator, cell: string): Promise<string[]> {
  return rows.evaluateAll((trs, c) => trs.map((tr) => (tr.querySelector(`[data-cell="${c}"]`)?.textContent ?? "").trim()), cell);
}

/** "-€333.32" → -333.32. */
const amount = (text: string) => Number(text.replace(/[^0-9.,−-]/g, "").replace(/,/g, "").replace("−", "-"));

/** Polls `read` until `ok` (up to 30 s): the list is replaced once the loader answers. */
async function until<T>(page: Page, read: () => Promise<T>, ok: (v: T) => boolean): Promise<T> {
  let v = await read();
  for (let i = 0; i < 120 && !ok(v); i++) {
    await page.waitForTimeout(250);
    v = await read();
  }
  return v;
}

describe("issue 17: the Products and Orders lists", () => {
  it("Products: flags as tabs kept in the URL; the sort in IndexFilters; Shipping column; admin link", async () => {
    for (const size of SIZES) {
      const { page, errors } = await openPage(size.viewport);
      const rows = await list(page, "/app/products", "Products");
      // Every tab Shopify's lists would show as saved views: All, then each flag (drawn once Polaris has measured them).
      await page.getByRole("tab", { name: "All", exact: true }).waitFor({ timeout: 60_000 });
      for (const name of ["All", "Loss", "Thin margin", "Cost missing", "Shipping-heavy", "Discount-driven"]) {
        await expect(page.getByRole("tab", { name, exact: true }).count(), name).resolves.toBe(1);
      }
      // Loss: the URL keeps it, and every row loses money.
      await clickTab(page, page.getByRole("tab", { name: "Loss", exact: true }), (url) => url.searchParams.get("flag") === "LOSS");
      const losses = await until(page, async () => (await cellTexts(rows, "net-margin")).map(amount), (m) => m.length > 0 && m.every((x) => x < 0));
      expect(losses.every((x) => x < 0)).toBe(true);
      await expect(page.getByRole("tab", { name: "Loss", exact: true }).getAttribute("aria-selected")).resolves.toBe("true");
      // Shipping-heavy: every row carries the badge, its shipping (the column beside the other costs) above zero.
      await clickTab(page, page.getByRole("tab", { name: "Shipping-heavy", exact: true }), (url) => url.searchParams.get("flag") === "SHIPPING_HEAVY");
      const heavy = await until(page, () => rows.evaluateAll((trs) => trs.map((tr) => (tr as HTMLElement).innerText.includes("Shipping-heavy"))), (b) => b.length > 0 && b.every(Boolean));
      expect(heavy.every(Boolean)).toBe(true);
      if (size.name === "desktop") {
        const headings = await page.locator(".Polaris-IndexTable__TableHeading").allInnerTexts();
        expect(headings.map((h) => h.trim()).filter(Boolean)).toEqual(["Product", "Units", "Net revenue", "Cost of goods", "Shipping", "Other costs", "Net margin", "Margin %", "Flags"]);
        expect((await cellTexts(rows, "shipping")).map(amount).every((x) => x > 0)).toBe(true);
      } else {
        expect((await rows.first().innerText())).toMatch(/shipping €[\d,.]+/);
      }
      // The sort menu: by units, most first.
      await page.getByRole("button", { name: "Sort the results" }).click();
      // (The choice's label: the radio itself sits under Polaris's drawn button.)
      await page.locator("label", { hasText: /^Units$/ }).click();
      await page.waitForURL((url) => url.searchParams.get("sort") === "units" && url.searchParams.get("flag") === "SHIPPING_HEAVY", { timeout: 30_000 });
      await page.keyboard.press("Escape");
      // The product's NetMargin page is its title's link; its Shopify admin page opens in the admin around the app.
      const first = rows.first();
      const href = await first.locator('[data-cell="title"] a').getAttribute("href");
      expect(href).toMatch(/^\/app\/products\/\d+\?/);
      const id = /^\/app\/products\/(\d+)/.exec(href!)![1];
      await first.getByRole("button", { name: /^Open .* in Shopify admin$/ }).click();
      await expect(page.evaluate(() => (window as unknown as { opened: string[][] }).opened)).resolves.toEqual([[`shopify://admin/products/${id}`, "_top"]]);
      expect(new URL(page.url()).pathname).toBe("/app/products");
      // All again: the flag leaves the URL.
      await clickTab(page, page.getByRole("tab", { name: "All", exact: true }), (url) => !url.searchParams.has("flag"));
      // The screenshot once the list has loaded (IndexTable says "Loading products…" meanwhile), from the top.
      await page.waitForLoadState("networkidle");
      await page.getByText(/^Loading products/).waitFor({ state: "detached", timeout: 30_000 }).catch(() => undefined);
      await page.evaluate(() => window.scrollTo(0, 0));
      await screenshot(page, `test/output/lists-products-${size.name}.png`);
      expect(errors).toEqual([]);
      await page.close();
    }
  }, 600_000);

  it("Orders: on a phone each order and its net margin are in view without scrolling sideways (condensed); search on Enter", async () => {
    for (const size of SIZES) {
      const { page, errors } = await openPage(size.viewport);
      const rows = await list(page, "/app/orders?range=all", "Orders");
      const width = size.viewport.width;
      if (size.name === "mobile") {
        // Condensed: a block per order (li), not a table row with columns to scroll to.
        await until(page, () => rows.first().evaluate((el) => el.tagName), (t) => t === "LI");
        await expect(rows.first().evaluate((el) => el.tagName)).resolves.toBe("LI");
      } else {
        await expect(rows.first().evaluate((el) => el.tagName)).resolves.toBe("TR");
      }
      // The first five orders: name and net margin inside the window's width, and nothing wider than the window.
      for (let i = 0; i < 5; i++) {
        for (const cell of ["title", "net-margin"]) {
          const box = (await rows.nth(i).locator(`[data-cell="${cell}"]`).boundingBox())!;
          expect(box.x, `${cell} of row ${i}`).toBeGreaterThanOrEqual(0);
          expect(box.x + box.width, `${cell} of row ${i}`).toBeLessThanOrEqual(width);
        }
      }
      await expect(page.evaluate(() => document.documentElement.scrollWidth)).resolves.toBeLessThanOrEqual(width);
      const margins = (await cellTexts(rows, "net-margin")).map(amount);
      for (let i = 1; i < margins.length; i++) expect(margins[i]!).toBeGreaterThanOrEqual(margins[i - 1]!);
      await screenshot(page, `test/output/lists-orders-${size.name}.png`);

      // The admin link of the worst order.
      const href = await rows.first().locator('[data-cell="title"] a').getAttribute("href");
      const id = /^\/app\/orders\/(\d+)/.exec(href!)![1];
      await rows.first().getByRole("button", { name: /^Open order #\d+ in Shopify admin$/ }).click();
      await expect(page.evaluate(() => (window as unknown as { opened: string[][] }).opened)).resolves.toEqual([[`shopify://admin/orders/${id}`, "_top"]]);

      // Search inside IndexFilters: the worst order's number, then Enter.
      const name = (await cellTexts(rows, "title"))[0]!;
      await page.getByRole("button", { name: "Search and filter results" }).click();
      const field = page.getByPlaceholder("Search orders by number");
      await field.fill(name);
      await field.press("Enter");
      await page.waitForURL((url) => url.searchParams.get("q") === name, { timeout: 30_000 });
      const found = await until(page, () => cellTexts(rows, "title"), (t) => t.length > 0 && t.every((n) => n === name));
      expect(found).toEqual([name]);
      // The query survives a reload (it is the URL's), in the field.
      await reload(page);
      await page.getByPlaceholder("Search orders by number").waitFor({ timeout: 60_000 });
      await expect(page.getByPlaceholder("Search orders by number").inputValue()).resolves.toBe(name);
      // (The server renders the full table; the phone's condensed one comes with hydration.)
      if (size.name === "mobile") await until(page, () => rows.first().evaluate((el) => el.tagName), (t) => t === "LI");
      await screenshot(page, `test/output/lists-orders-search-${size.name}.png`);
      expect(errors).toEqual([]);
      await page.close();
    }
    // A phone gets the condensed list from the server already (no wide table snapping to blocks on hydration).
    const html = async (userAgent: string) => (await (await fetch(`${suite.demo.url}/app/orders?range=all`, { headers: { "user-agent": userAgent } })).text());
    const iphone = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148";
    const desktop = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36";
    expect(await html(iphone)).toContain("Polaris-IndexTable__CondensedList");
    expect(await html(desktop)).not.toContain("Polaris-IndexTable__CondensedList");
  }, 600_000);
});
