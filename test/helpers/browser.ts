/**
 * What every browser test file (test/e2e) shares: Debian's Chromium headless, the two
 * sizes pages are looked at (desktop 1280×900, mobile 390×844), a demo of the file's
 * own with a browser (`browserSuite`), pages that record the app's errors and have no
 * Shopify CDN (offline), and the wait for React's hydration before a click.
 */
import { mkdirSync } from "node:fs";

import { type Browser, chromium, type Locator, type Page } from "playwright-core";
import { afterAll, beforeAll } from "vitest";

import { type DemoOptions, type RunningDemo, startDemo } from "./demo-process";

export const CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];

export const SIZES = [
  { name: "desktop", viewport: { width: 1280, height: 900 } },
  { name: "mobile", viewport: { width: 390, height: 844 } },
] as const;

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: "/usr/bin/chromium", args: CHROMIUM_ARGS });
}

/** A demo (`options`, 300 orders by default) and a browser for the file's tests, started before them and stopped after. */
export function browserSuite(options: DemoOptions = { orders: 300 }): { readonly demo: RunningDemo; readonly browser: Browser } {
  let demo: RunningDemo | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    demo = await startDemo(options);
    browser = await launchChromium();
    await warmUp(browser, demo.url);
    mkdirSync("test/output", { recursive: true });
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    await demo?.stop();
  });
  return {
    get demo() {
      return demo!;
    },
    get browser() {
      return browser!;
    },
  };
}

/**
 * A page at `viewport` that records the app's errors (not Vite's hot-reload socket) and has
 * no Shopify CDN (offline); `recordWindowOpen` keeps the URLs given to `window.open` in
 * `window.opened` (the Shopify admin links) instead of opening them.
 */
export async function openAppPage(
  browser: Browser,
  viewport: { width: number; height: number },
  options: { acceptDownloads?: boolean; recordWindowOpen?: boolean } = {},
): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ viewport, ...(options.acceptDownloads ? { acceptDownloads: true } : {}) });
  const errors: string[] = [];
  page.on("pageerror", (error) => (/WebSocket closed without opened/.test(error.message) ? undefined : errors.push(error.message)));
  await page.route("https://cdn.shopify.com/**", (route) => route.abort("internetdisconnected"));
  if (options.recordWindowOpen) {
    await page.addInitScript(() => {
      const w = window as unknown as { opened: string[][] };
      w.opened = [];
      window.open = (url?: string | URL, target?: string) => (w.opened.push([String(url), String(target)]), null);
    });
  }
  return { page, errors };
}

/** Waits until React has hydrated `target` (its props on the DOM node), so that a click, a keystroke or a file set on an input is not lost. */
export async function hydrated(page: Page, target: Locator): Promise<void> {
  await page.waitForLoadState("networkidle");
  await target.waitFor({ timeout: 60_000 });
  for (let i = 0; i < 240; i++) {
    if (await target.evaluate((el) => Object.keys(el).some((k) => k.startsWith("__reactProps$"))).catch(() => false)) return;
    await page.waitForTimeout(250);
  }
}

/**
 * Clicks a list's tab until the URL says it is in force (up to 3 clicks, 10 s each): after a
 * navigation IndexFilters measures its tabs again and may redraw the bar, and a click landing
 * as it does changes nothing (a CI run of 5f5ee84: the Products list stayed on Loss after a
 * click on Shipping-heavy). A tab that never takes fails the test on the last wait.
 */
export async function clickTab(page: Page, tab: Locator, inForce: (url: URL) => boolean): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    await tab.click();
    try {
      await page.waitForURL(inForce, { timeout: attempt < 3 ? 10_000 : 30_000 });
      return;
    } catch (error) {
      if (attempt >= 3) throw error;
    }
  }
}

/**
 * Reloads the page, again when the load was cut short by another navigation: Vite's dev
 * server reloads the page by itself once it has optimised a dependency it saw for the first
 * time, and a reload asked at that moment ends in net::ERR_ABORTED (a CI run of c974709).
 */
export async function reload(page: Page): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await page.reload({ waitUntil: "domcontentloaded" });
      return;
    } catch (error) {
      if (attempt >= 3 || !/ERR_ABORTED|frame was detached|interrupted by another navigation/.test(String(error))) throw error;
      await page.waitForLoadState("domcontentloaded").catch(() => undefined);
    }
  }
}

/**
 * Loads the app's pages once before the tests do. On a fresh checkout Vite's dev server
 * bundles the browser's packages on the first page loads and then reloads the page by
 * itself; a test's click, reload or chart caught in that reload failed (CI runs of c974709
 * and 65c74b7, both in the first browser file). Errors here are not the tests' business.
 */
export async function warmUp(browser: Browser, url: string): Promise<void> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.route("https://cdn.shopify.com/**", (route) => route.abort("internetdisconnected"));
  try {
    for (const path of ["/app", "/app/products", "/app/orders", "/app/planner", "/app/promotions", "/app/settings", "/app"]) {
      await page.goto(`${url}${path}`, { waitUntil: "networkidle", timeout: 120_000 }).catch(() => undefined);
      await page.waitForTimeout(1000);
    }
  } finally {
    await page.close();
  }
}
