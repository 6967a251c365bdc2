import { type Locator, type Page } from "playwright-core";
import { describe, expect, it } from "vitest";

import { browserSuite, hydrated, openAppPage, SIZES } from "../helpers/browser";
import { screenshot } from "../helpers/screenshot";

/**
 * Issue 17, items 3 and 6, on Settings: file imports are Polaris DropZones that say the type
 * and size they take, and show the import's result or each bad row with its line under them;
 * the sections keep off the screen's edges on a phone; gateways, weights and countries in a
 * merchant's words, no field paths in messages. Desktop 1280×900 and mobile 390×844.
 * Screenshots: test/output/settings-*.png.
 */

const suite = browserSuite();

/** The settings page at `viewport`, hydrated, recording the app's errors (not Vite's hot-reload socket); no Shopify CDN (offline). */
async function openSettings(viewport: { width: number; height: number }): Promise<{ page: Page; errors: string[] }> {
  const { page, errors } = await openAppPage(suite.browser, viewport);
  await page.goto(`${suite.demo.url}/app/settings`, { waitUntil: "networkidle", timeout: 120_000 });
  await page.getByRole("heading", { name: "Cost settings" }).waitFor({ timeout: 60_000 });
  await hydrated(page, page.getByRole("button", { name: "Add a CSV file" }));
  return { page, errors };
}

const csv = (name: string, text: string) => ({ name, mimeType: "text/csv", buffer: Buffer.from(text) });

/** The top of `below` is under the bottom of `above` (a result shown under its DropZone). */
async function isBelow(below: Locator, above: Locator): Promise<boolean> {
  const [a, b] = [await above.boundingBox(), await below.boundingBox()];
  return a !== null && b !== null && b.y >= a.y + a.height;
}

describe("settings in a browser (issue 17, items 3 and 6)", () => {
  it("imports shipping costs dropped on the DropZone; a bad file lists its rows by line and saves nothing", async () => {
    const { createPrismaClient } = await import("~/db.server");
    const db = createPrismaClient(suite.demo.databaseUrl);
    try {
      const shop = (await db.shop.findFirstOrThrow()).shop;
      for (const size of SIZES) {
        const { page, errors } = await openSettings(size.viewport);
        const drop = page.locator(".Polaris-DropZone").first();
        // The accepted type and the size limit, in words.
        await expect(page.getByText("CSV file (.csv), up to 20 MB").count()).resolves.toBe(1);
        const input = page.getByLabel("Shipping costs CSV file");
        const before = await db.shippingCostActual.count({ where: { shop } });

        // Two bad rows (lines 3 and 4): both named by their line, nothing written.
        await input.setInputFiles(csv("carrier-invoice-bad.csv", "order,amount\n#1145,6.55\n#1146,six\n#1147,-2.00\n"));
        const refused = page.getByText("Nothing was imported: 2 rows to fix in carrier-invoice-bad.csv");
        await refused.waitFor({ timeout: 30_000 });
        await expect(page.getByText('Line 3: the amount "six" is not a number; write it like 6.55', { exact: true }).count()).resolves.toBe(1);
        await expect(page.getByText("Line 4: a shipping cost cannot be negative", { exact: true }).count()).resolves.toBe(1);
        expect(await isBelow(refused, drop)).toBe(true);
        expect(await db.shippingCostActual.count({ where: { shop } })).toBe(before);
        await drop.scrollIntoViewIfNeeded();
        await screenshot(page, `test/output/settings-import-error-${size.name}.png`);

        // Not a CSV: refused in the browser with its name, nothing sent.
        await input.setInputFiles({ name: "invoice.pdf", mimeType: "application/pdf", buffer: Buffer.from("%PDF-1.4") });
        await page.getByText("invoice.pdf is not a CSV file (.csv). Nothing was imported.").waitFor({ timeout: 30_000 });
        expect(await db.shippingCostActual.count({ where: { shop } })).toBe(before);

        if (size.name === "desktop") {
          // Kept with the costs imported before (none): three rows, two orders found in the demo's 300.
          await input.setInputFiles(csv("carrier-invoice.csv", "order,amount\n#1145,6.55\n#1146,4.10\n#99999,3.00\n"));
          const imported = page.getByText("3 orders imported from carrier-invoice.csv");
          await imported.waitFor({ timeout: 30_000 });
          await expect(page.getByText("2 matched orders in NetMargin; their margins are being recomputed. Not found yet: 99999.").count()).resolves.toBe(1);
          expect(await isBelow(imported, drop)).toBe(true);
          expect(await db.shippingCostActual.count({ where: { shop } })).toBe(3);
        } else {
          // Replacing them all: the one order of this file is all that is left.
          await page.getByText("Replace them all with this file").click();
          await input.setInputFiles(csv("one-parcel.csv", "#1150;5,40\n"));
          await page.getByText("1 order imported from one-parcel.csv").waitFor({ timeout: 30_000 });
          const rows = await db.shippingCostActual.findMany({ where: { shop }, select: { orderKey: true, amount: true } });
          expect(rows).toEqual([{ orderKey: "name:1150", amount: 540 }]);
        }
        await drop.scrollIntoViewIfNeeded();
        await screenshot(page, `test/output/settings-import-${size.name}.png`);
        expect(errors).toEqual([]);
        await page.close();
      }
    } finally {
      await db.$disconnect();
    }
  }, 600_000);

  it("imports a settings file dropped on its DropZone; a bad one names each problem in the page's words and changes nothing", async () => {
    const { createPrismaClient } = await import("~/db.server");
    const db = createPrismaClient(suite.demo.databaseUrl);
    try {
      const shop = (await db.shop.findFirstOrThrow()).shop;
      for (const size of SIZES) {
        const { page, errors } = await openSettings(size.viewport);
        await expect(page.getByText("JSON file (.json), up to 20 MB").count()).resolves.toBe(1);
        const input = page.getByLabel("Import a settings file");
        const versions = await db.costSettingsVersion.count({ where: { shop } });
        const bad = {
          format: "netmargin.cost-settings",
          version: 1,
          currency: "EUR",
          timeZone: "Europe/Paris",
          versions: [{ effectiveFrom: null, settings: { labour: { perOrder: "-1.00" }, shipping: { rules: [{ name: "Heavy", minWeightGrams: 500, maxWeightGrams: 200, cost: "5.00" }] } } }],
        };
        await input.setInputFiles({ name: "settings-bad.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(bad)) });
        const banner = page.locator(".Polaris-Banner", { hasText: "Nothing was imported: 2 problems in the file" });
        await banner.waitFor({ timeout: 30_000 });
        const items = await banner.locator("li").allInnerTexts();
        expect(items.sort()).toEqual(["Version 1, labour, per order: a cost cannot be negative", "Version 1, shipping rule 1, up to weight: must be more than the from weight (0.5 kg)"]);
        // No file keys or codes: no "maxWeightGrams", "versions[0]", "effectiveFrom".
        expect(await banner.innerText()).not.toMatch(/Grams|\[\d+\]|effectiveFrom|perOrder/);
        expect(await db.costSettingsVersion.count({ where: { shop } })).toBe(versions);
        await banner.scrollIntoViewIfNeeded();
        await screenshot(page, `test/output/settings-file-error-${size.name}.png`);

        if (size.name === "desktop") {
          // The shop's own export, imported back: every version kept.
          const exported = (await page.evaluate(async () => (await fetch("/app/settings/data")).json())) as { versions: unknown[] };
          await input.setInputFiles({ name: "netmargin-cost-settings.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(exported)) });
          await page.getByText(`Imported: ${exported.versions.length} version${exported.versions.length > 1 ? "s" : ""}`, { exact: true }).waitFor({ timeout: 30_000 });
          expect(await db.costSettingsVersion.count({ where: { shop } })).toBe(exported.versions.length);
        }
        expect(errors).toEqual([]);
        await page.close();
      }
    } finally {
      await db.$disconnect();
    }
  }, 600_000);

  it("keeps every section off the screen's edges at 390 px, and names gateways, weights and countries as a merchant does", async () => {
    for (const size of SIZES) {
      const { page, errors } = await openSettings(size.viewport);
      // Each section, its title and description, and its card (the annotation content's child).
      const boxes = await page.evaluate(() =>
        [...document.querySelectorAll(".Polaris-Layout__Section, .Polaris-Layout__AnnotatedSection, .Polaris-Layout__Annotation, .Polaris-Layout__AnnotationContent > *, .Polaris-DropZone")].map((el) => {
          const box = el.getBoundingClientRect();
          return { what: `${el.className.split(" ")[0]} ${(el.textContent ?? "").slice(0, 30)}`, left: box.left, right: box.right };
        }),
      );
      expect(boxes.length).toBeGreaterThan(10);
      const width = size.viewport.width;
      // A section's box starting at x=0 (or ending at the right edge) touches the screen's edge.
      expect(boxes.filter((b) => b.left < 8 || b.right > width - 8)).toEqual([]);

      // Payment gateways by the admin's names; Shopify's test gateway never offered; no codes on the page.
      const gateways = page.getByLabel("Gateway", { exact: true });
      await expect(gateways.count()).resolves.toBe(2);
      const chosen = await gateways.evaluateAll((selects) => selects.map((s) => (s as HTMLSelectElement).selectedOptions[0]?.textContent));
      expect(chosen).toEqual(["PayPal", "Shopify Payments"]);
      const options = await gateways.first().locator("option").allInnerTexts();
      expect(options).toEqual(expect.arrayContaining(["Manual", "PayPal", "Shopify Payments"]));
      expect(options.some((o) => /test gateway|bogus/i.test(o))).toBe(false);
      expect(await page.locator(".Polaris-Page").innerText()).not.toMatch(/shopify_payments|\bbogus\b/);

      // Weights in kg: the demo's second rule is 1–2 kg, packaging 100 g; countries by name.
      await expect(page.getByLabel("From weight").nth(1).inputValue()).resolves.toBe("1");
      await expect(page.getByLabel("Up to weight (not included; empty for no limit)").nth(1).inputValue()).resolves.toBe("2");
      await expect(page.getByLabel("Packaging weight per parcel").inputValue()).resolves.toBe("0.1");
      await expect(page.getByText("Belgium, Germany, Luxembourg", { exact: true }).count()).resolves.toBe(1);
      // Percentages with one decimal: the demo's thin-margin threshold is 10, PayPal's fee 3.4.
      await expect(page.getByLabel("Thin margin below").inputValue()).resolves.toBe("10.0");
      await expect(page.getByLabel("Percent", { exact: true }).first().inputValue()).resolves.toBe("3.4");

      // A weight typed in kg reaches the server in grams, and its error is worded in kg on its field.
      await page.getByLabel("Up to weight (not included; empty for no limit)").first().fill("0");
      await page.getByRole("button", { name: "Save" }).first().click();
      await page.getByText("Nothing was saved: 1 field to fix").waitFor({ timeout: 30_000 });
      await expect(page.getByText("must be more than the from weight (0 kg)", { exact: true }).count()).resolves.toBe(1);
      await screenshot(page, `test/output/settings-${size.name}.png`, { fullPage: true });
      expect(errors).toEqual([]);
      await page.close();
    }
  }, 600_000);
});
