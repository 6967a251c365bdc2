import { mkdirSync } from "node:fs";

import { type Browser, chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { type RunningDemo, startDemo } from "../helpers/demo-process";

/**
 * Browser smoke test: the offline demo (real app + simulator store) renders a
 * Polaris page with the demo shop's data in Debian's Chromium, although
 * Shopify's CDN (App Bridge, fonts) is unreachable. Screenshot:
 * test/output/demo-home.png.
 */

export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

let demo: RunningDemo;
let browser: Browser;

beforeAll(async () => {
  demo = await startDemo({ orders: 300 });
  browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: CHROMIUM_ARGS });
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await demo?.stop();
});

describe("offline demo in a browser", () => {
  it("renders the home page with the demo shop's data", async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const pageErrors: string[] = [];
    page.on("pageerror", (error) => pageErrors.push(error.message));
    // Shopify's CDN (App Bridge script, fonts) is unreachable offline; make that certain, and count the attempts.
    let cdnRequests = 0;
    await page.route("https://cdn.shopify.com/**", (route) => {
      cdnRequests += 1;
      return route.abort("internetdisconnected");
    });
    await page.goto(`${demo.url}/app`, { waitUntil: "domcontentloaded", timeout: 120_000 });

    // Installation facts stored from the simulator's shop query, and live orders read through the demo transport.
    const title = page.getByRole("heading", { name: "maison-verte.myshopify.com" });
    await title.waitFor({ timeout: 120_000 });
    await expect(page.locator(".Polaris-Page").count()).resolves.toBeGreaterThan(0);
    await expect(page.getByText("Margins are computed in EUR, with days counted in Europe/Paris.").count()).resolves.toBe(1);
    await expect(page.getByText("Connected").count()).resolves.toBe(1);
    const rows = page.locator(".Polaris-DataTable__TableRow");
    await rows.first().waitFor();
    await expect(rows.count()).resolves.toBe(5);
    // The demo store has 300 orders; the latest is #1300, shown first.
    await expect(rows.first().textContent()).resolves.toContain("#1300");
    await expect(rows.first().textContent()).resolves.toMatch(/€\d/);

    // The backfill ran on its own at boot (bulk operations against the simulator): all 300 orders synced.
    let upToDate = 0;
    for (let i = 0; i < 60 && upToDate === 0; i++) {
      if (i > 0) {
        await page.waitForTimeout(1000);
        await page.reload({ waitUntil: "domcontentloaded" });
      }
      await page.getByText("Data sync").waitFor({ timeout: 60_000 });
      upToDate = await page.getByText("Up to date").count();
    }
    expect(upToDate).toBe(1);
    await expect(page.getByText(/variants synced/).textContent()).resolves.toMatch(/^300 orders and \d+ variants synced/);

    mkdirSync("test/output", { recursive: true });
    await page.screenshot({ path: "test/output/demo-home.png", fullPage: true });
    expect(cdnRequests).toBeGreaterThan(0); // App Bridge was asked for and could not load
    expect(pageErrors).toEqual([]);
  }, 180_000);
});
