import { type Page } from "playwright-core";
import { describe, expect, it } from "vitest";

import { browserSuite, hydrated, openAppPage, SIZES } from "../helpers/browser";
import { screenshot } from "../helpers/screenshot";

/**
 * Issue 19, item 7: the Cash page on the demo store, at 1280×900 and 390×844: KPI tiles with
 * amounts, the cash conversion cycle in days with its components, a what-if lever that changes
 * the cycle as the merchant types, and the bank balance form (a bad amount named on its field,
 * a good one anchoring the balance tile). Screenshots: test/output/cash-*.png.
 */

const suite = browserSuite();

/** The page once the demo's margins and stock health are stored (the sync runs in the background), hydrated. */
async function cashPage(page: Page): Promise<void> {
  // Up to 10 minutes: on a busy machine the demo's stock health (the cycle's stock value) comes minutes after the margins.
  for (const until = Date.now() + 600_000; Date.now() < until; ) {
    await page.goto(`${suite.demo.url}/app/cash`, { waitUntil: "domcontentloaded", timeout: 120_000 });
    await page
      .getByRole("heading", { name: "Cash", exact: true })
      .first()
      .waitFor({ timeout: 60_000 })
      .catch(async (e: unknown) => {
        // What the page said instead (an error page names its cause).
        throw new Error(`${String(e)}\n${(await page.locator("body").innerText()).slice(0, 2000)}`);
      });
    const ccc = (await page.locator("#ccc-days").innerText()).trim();
    const revenue = (await page.locator("#tile-revenue").innerText()).trim();
    if (/^\d+\.\d days$/.test(ccc) && revenue !== "€0.00") break;
    await page.waitForTimeout(2000);
  }
  await hydrated(page, page.getByLabel("Less stock"));
}

describe("issue 19: the Cash page", () => {
  it("shows the KPIs and the cycle with numbers, and a lever changes the cycle", async () => {
    for (const size of SIZES) {
      const { page, errors } = await openAppPage(suite.browser, size.viewport);
      await cashPage(page);
      await expect(page.locator("#tile-revenue").innerText()).resolves.toMatch(/^€[\d,]+\.\d{2}$/);
      await expect(page.locator("#tile-gross").innerText()).resolves.toMatch(/^-?€[\d,]+\.\d{2}$/);
      const ccc = (await page.locator("#ccc-days").innerText()).trim();
      expect(ccc).toMatch(/^\d+\.\d days$/);
      await expect(page.locator("#cycle-dio").innerText()).resolves.toMatch(/^\d+\.\d days$/);
      // No bank balance on a fresh demo: said in plain words, with what to do.
      await expect(page.locator("[data-notice=no-balance]").innerText()).resolves.toContain("Enter your bank balance");
      await expect(page.getByTestId("cycle-trend-chart")).toBeDefined();
      await screenshot(page, `test/output/cash-${size.name}.png`);
      await screenshot(page, `test/output/cash-full-${size.name}.png`, { fullPage: true });

      // Stock −50 %: days in stock halve, so the cycle is shorter, and the stock's cash is freed.
      const before = (await page.locator("#whatif-ccc").innerText()).trim();
      expect(before).toBe(`Cycle ${ccc}`);
      await page.getByLabel("Less stock").fill("50");
      await expect.poll(() => page.locator("#whatif-ccc").innerText(), { timeout: 10_000 }).not.toBe(before);
      const after = Number((await page.locator("#whatif-ccc").innerText()).replace(/[^\d.]/g, ""));
      expect(after).toBeLessThan(Number(ccc.replace(/[^\d.]/g, "")));
      await expect(page.locator("#whatif-freed").innerText()).resolves.toMatch(/^Cash freed: €[\d,]+\.\d{2} \(suppliers €0\.00, customers €0\.00, stock €[\d,]+\.\d{2}\)$/);
      await page.locator("#whatif-ccc").scrollIntoViewIfNeeded();
      await screenshot(page, `test/output/cash-whatif-${size.name}.png`);
      expect(errors).toEqual([]);
      await page.close();
    }
  }, 1_200_000);

  it("saves the bank balance, naming a bad date and a bad amount on their fields", async () => {
    const { page, errors } = await openAppPage(suite.browser, SIZES[0].viewport);
    await cashPage(page);
    // The date is typed the admin's way, like every date field of the app (no mm/dd/yyyy browser field).
    await page.getByLabel("Date", { exact: true }).fill("31 Feb 2026");
    await page.getByLabel("Balance (EUR)").fill("12500.50");
    await page.getByRole("button", { name: "Save balance" }).click();
    await expect(page.getByText("Date: February 2026 has no day 31").waitFor({ timeout: 30_000 })).resolves.toBeUndefined();
    await page.getByLabel("Date", { exact: true }).fill("1 Dec 2026");
    await page.getByLabel("Balance (EUR)").fill("ten");
    await page.getByRole("button", { name: "Save balance" }).click();
    await expect(page.getByText("Enter the bank balance as a number, like 12500.50").waitFor({ timeout: 30_000 })).resolves.toBeUndefined();
    await page.getByLabel("Balance (EUR)").fill("12500.50");
    await page.getByRole("button", { name: "Save balance" }).click();
    await expect.poll(() => page.locator("#tile-balance").innerText(), { timeout: 30_000 }).toMatch(/^-?€[\d,]+\.\d{2}$/);
    await expect(page.locator("[data-notice=no-balance]").count()).resolves.toBe(0);
    await page.getByRole("button", { name: "Save balance" }).scrollIntoViewIfNeeded();
    await screenshot(page, "test/output/cash-balance-desktop.png");
    expect(errors).toEqual([]);
    await page.close();
  }, 900_000);
});
