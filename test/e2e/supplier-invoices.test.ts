import { describe, expect, it } from "vitest";

import { browserSuite, hydrated, openAppPage, SIZES } from "../helpers/browser";
import { screenshot } from "../helpers/screenshot";

/**
 * Issue 19, item 4: Supplier payments on the offline demo, at desktop (1280×900) and mobile
 * (390×844). The demo seeds seven invoices (test/demo/supplier-invoices.ts): two paid, one
 * overdue (Papeterie Nord's PN-88, €40 penalty), four upcoming. A CSV with bad rows dropped
 * on the DropZone lists them by line and writes nothing; a good one lists its invoices;
 * Mark paid moves one to Paid. Screenshots: test/output/.
 */

const suite = browserSuite();
const csv = (name: string, text: string) => ({ name, mimeType: "text/csv", buffer: Buffer.from(text) });
const HEADER = "Supplier,Reference,Type,Amount,Currency,Issue date,Due date,Paid on,Late-payment penalty";

describe("issue 19, item 4: supplier payments", () => {
  it("shows the calendar and the invoices, refuses a CSV with bad rows by line, imports a good one and marks one paid, at both sizes", async () => {
    const { createPrismaClient } = await import("~/db.server");
    const db = createPrismaClient(suite.demo.databaseUrl);
    try {
      const shop = (await db.shop.findFirstOrThrow()).shop;
      expect(await db.supplierInvoice.count({ where: { shop } })).toBe(7);
      for (const size of SIZES) {
        const { page, errors } = await openAppPage(suite.browser, size.viewport);
        // First load: Vite's dev server optimises the page's new packages and reloads it by itself.
        await page.goto(`${suite.demo.url}/app/cash/invoices`, { waitUntil: "networkidle", timeout: 120_000 });
        await page.waitForTimeout(3000);
        await page.goto(`${suite.demo.url}/app/cash/invoices`, { waitUntil: "domcontentloaded", timeout: 120_000 });
        await page.getByRole("heading", { name: "Payment calendar" }).waitFor({ timeout: 60_000 });
        await hydrated(page, page.getByRole("button", { name: "Add a CSV file" }));
        const body = await page.locator("body").innerText();
        // The overdue one, with its penalty: €415.50 + €40.00.
        expect(body).toContain("1 supplier payment is overdue: €415.50");
        expect(body).toContain("Plus €40.00 of late-payment penalties.");
        expect(body).toContain("Peak");
        await screenshot(page, `test/output/supplier-invoices-${size.name}.png`, { fullPage: true });

        // Add an invoice: blank fields are named under each, nothing saved; then one saved with its due date from the default terms.
        await page.getByRole("button", { name: "Add an invoice" }).first().click();
        await page.getByRole("button", { name: "Add", exact: true }).click();
        await page.getByText("Reference: enter the invoice or order number, e.g. F-2026-014.").waitFor({ timeout: 30_000 });
        await expect(page.getByText("Amount: enter the amount, e.g. 1250.50.").count()).resolves.toBe(1);
        await page.getByText("Reference: enter the invoice or order number, e.g. F-2026-014.").scrollIntoViewIfNeeded();
        await screenshot(page, `test/output/supplier-invoices-form-error-${size.name}.png`);
        await page.getByLabel("Reference").fill(`FORM-${size.name}`);
        await page.getByLabel("Amount").fill("75,20");
        await page.getByLabel("Issue date").fill("1 Dec 2026");
        await page.getByRole("button", { name: "Add", exact: true }).click();
        await page.getByRole("button", { name: "Add", exact: true }).waitFor({ state: "detached", timeout: 30_000 });
        const added = await db.supplierInvoice.findFirstOrThrow({ where: { shop, reference: `FORM-${size.name}` } });
        // 1 Dec + 30 days (a vendor's default terms, or a name only) = 31 Dec.
        expect([added.amount, added.issueDate, added.dueDate]).toEqual([7520, "2026-12-01", "2026-12-31"]);

        // Months: the toggle switches the calendar.
        await page.getByRole("button", { name: "Months" }).click();
        await page.getByText(/to pay in the next 6 months/).waitFor({ timeout: 30_000 });
        await page.getByRole("button", { name: "Weeks" }).click();

        // Bad rows (lines 3 and 4) dropped as a file: each named with its line and column, nothing written.
        const input = page.getByLabel("Invoices CSV file");
        const before = await db.supplierInvoice.count({ where: { shop } });
        await input.setInputFiles(csv("bad-invoices.csv", `${HEADER}\nAtelier Roux,T-${size.name}-1,invoice,99.00,EUR,2026-11-02,,,\nAtelier Roux,,invoice,lots,EUR,2026-11-02,,,\nPapeterie Nord,T-${size.name}-2,receipt,10,EUR,31/02/2026,,,\n`));
        await page.getByText("Nothing was imported: 4 problems to fix in bad-invoices.csv").waitFor({ timeout: 30_000 });
        for (const line of [
          "line 3: Reference: enter the invoice or order number, e.g. F-2026-014.",
          "line 3: Amount: “lots” is not an amount; write it like 1250.50.",
          "line 4: Type: “receipt” is neither an invoice nor a purchase order; write invoice or purchase order.",
          "line 4: Issue date: February 2026 has no day 31.",
        ])
          await expect(page.getByText(line, { exact: true }).count()).resolves.toBe(1);
        expect(await db.supplierInvoice.count({ where: { shop } })).toBe(before);
        await screenshot(page, `test/output/supplier-invoices-import-error-${size.name}.png`, { fullPage: true });

        // A good file: both rows listed under Upcoming.
        const ref = `T-${size.name}`;
        await input.setInputFiles(csv("invoices.csv", `${HEADER}\nAtelier Roux,${ref}-1,invoice,99.00,EUR,2026-11-02,2099-01-15,,\nCéramiques du Lot,${ref}-2,purchase order,"1,250.00",EUR,2026-11-02,2099-02-01,,\n`));
        await page.getByText("2 invoices added, 0 updated from invoices.csv").waitFor({ timeout: 30_000 });
        expect(await db.supplierInvoice.count({ where: { shop } })).toBe(before + 2);
        await page.getByRole("button", { name: `Mark ${ref}-1 paid` }).waitFor({ timeout: 30_000 });
        await expect(page.getByText("Céramiques du Lot", { exact: true }).count()).resolves.toBeGreaterThan(0);

        // Mark paid: it leaves Upcoming for Paid, dated today.
        await page.getByRole("button", { name: `Mark ${ref}-1 paid` }).click();
        await page.getByRole("button", { name: `Mark ${ref}-1 paid` }).waitFor({ state: "detached", timeout: 30_000 });
        const paid = await db.supplierInvoice.findFirstOrThrow({ where: { shop, reference: `${ref}-1` } });
        expect(paid.paidDate).not.toBeNull();
        await page.getByRole("tab", { name: /^Paid/ }).click();
        await page.getByRole("button", { name: `Mark ${ref}-1 unpaid` }).waitFor({ timeout: 30_000 });
        await screenshot(page, `test/output/supplier-invoices-paid-${size.name}.png`, { fullPage: true });
        expect(errors).toEqual([]);
        await page.close();
      }
    } finally {
      await db.$disconnect();
    }
  }, 600_000);
});
