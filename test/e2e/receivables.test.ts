import { describe, expect, it } from "vitest";

import { browserSuite, hydrated, openAppPage, SIZES } from "../helpers/browser";
import { screenshot } from "../helpers/screenshot";

/**
 * Issue 19, items 2-3: the Receivables page on the offline demo at desktop (1280×900) and
 * mobile (390×844): what customers owe by age, the overdue orders (the demo's pending and
 * partly paid manual orders, and its B2B orders on NET 30 / NET 60 terms) each linking to
 * its page in Shopify's admin, money in transit, and the settlement delays form (a wrong
 * delay named with its payment method, nothing saved; a right one saved). Expected amounts
 * come from the service on the demo's own database. Screenshots: test/output/.
 */

const suite = browserSuite();
const SHOTS = process.env.RECEIVABLES_SHOTS ?? "test/output";

function euros(minor: number): string {
  return `€${(minor / 100).toLocaleString("en", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

async function prepare() {
  const { createPrismaClient } = await import("~/db.server");
  const service = await import("~/services/receivables.server");
  const delays = await import("~/store/gateway-settlement.server");
  const db = createPrismaClient(suite.demo.databaseUrl);
  const shop = (await db.shop.findFirstOrThrow()).shop;
  // The demo's sync and margins done: every order stored.
  for (let i = 0; i < 180 && ((await db.marginDirty.count({ where: { shop } })) > 0 || (await db.order.count({ where: { shop } })) === 0); i++) await new Promise((r) => setTimeout(r, 1000));
  return {
    view: () => service.receivablesView(db, shop, new Date()),
    delays: () => delays.readGatewayDelays(shop, db),
    close: () => db.$disconnect(),
  };
}

describe("issue 19, items 2-3: receivables and settlement delays", () => {
  it("shows the ageing, the overdue orders linking to Shopify, money in transit, and saves a delay with its errors named, at both sizes", async () => {
    const s = await prepare();
    try {
      const view = await s.view();
      // The demo has unpaid orders of every kind, some overdue, some on payment terms.
      expect(view.summary.total.count).toBeGreaterThan(5);
      expect(view.summary.overdue.count).toBeGreaterThan(0);
      expect(view.overdue.some((o) => o.withTerms)).toBe(true);
      expect(view.overdue.some((o) => o.financialStatus === "PARTIALLY_PAID")).toBe(true);
      const first = view.overdue[0]!;
      for (const size of SIZES) {
        const { page, errors } = await openAppPage(suite.browser, size.viewport);
        // First load: Vite optimises the page's new packages and reloads it by itself.
        await page.goto(`${suite.demo.url}/app/cash/receivables`, { waitUntil: "networkidle", timeout: 120_000 });
        await page.waitForTimeout(3000);
        await page.goto(`${suite.demo.url}/app/cash/receivables`, { waitUntil: "domcontentloaded", timeout: 120_000 });
        await page.getByRole("heading", { name: "Overdue orders" }).waitFor({ timeout: 60_000 });
        const body = await page.locator("body").innerText();
        expect(body).toContain(`Customers owe you ${euros(view.summary.total.amount)}`);
        expect(body).toContain(`${euros(view.summary.overdue.amount)} of it overdue`);
        expect(await page.locator('[data-bucket="days0to30"]').innerText()).toContain(euros(view.summary.buckets.days0to30.amount));
        expect(await page.locator('[data-bucket="days60plus"]').innerText()).toContain(euros(view.summary.buckets.days60plus.amount));
        expect(body).toContain(first.name);
        expect(body).toContain(euros(first.outstanding));
        expect(body).toContain(`On its way to your bank: ${euros(view.inTransit.amount)}`);
        // The longest overdue order links to its page in Shopify's admin, opened in the admin's frame.
        const link = page.locator(`[data-admin-link="shopify://admin/orders/${first.orderId.split("/").pop()}"] a`).first();
        expect(await link.getAttribute("href")).toBe(`shopify://admin/orders/${first.orderId.split("/").pop()}`);
        expect(await link.getAttribute("target")).toBe("_top");
        const save = page.getByRole("button", { name: "Save delays" });
        await hydrated(page, save);
        await screenshot(page, `${SHOTS}/receivables-${size.name}.png`, { fullPage: true });

        // A wrong PayPal delay is named under its field, and nothing is saved.
        const before = await s.delays();
        await page.getByLabel("PayPal").fill("200");
        await save.click();
        await page.getByText("PayPal: enter a whole number of days from 0 to 120").waitFor({ timeout: 30_000 });
        expect(await s.delays()).toEqual(before);
        await page.locator("#settlement-delays").scrollIntoViewIfNeeded();
        await screenshot(page, `${SHOTS}/receivables-delay-error-${size.name}.png`);
        const days = size.name === "desktop" ? 2 : 3;
        await page.getByLabel("PayPal").fill(String(days));
        await save.click();
        for (let i = 0; i < 60 && (await s.delays()).paypal !== days; i++) await page.waitForTimeout(500);
        expect((await s.delays()).paypal).toBe(days);
        expect(errors).toEqual([]);
        await page.close();
      }
    } finally {
      await s.close();
    }
  }, 600_000);
});
