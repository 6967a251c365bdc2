import { execFile } from "node:child_process";
import { promisify } from "node:util";

import { describe, expect, it } from "vitest";

import { measurePages, pageSpecs, pageTable, PAGE_BUDGET_MS, PLANNER_BUDGET_MS, type PageRow } from "./pages";

/**
 * bench:pages (test/bench/pages.ts) works: its core on made-up timings, and the whole script
 * on a tiny store (300 orders, 2 requests a page, loaders from app/). Shapes only: no time
 * is asserted (the machine's load decides them).
 */

const PAGES = ["Home", "Products", "Product detail", "Orders", "Order detail", "Settings", "Promotions", "Planner (12 months)", "Stock"];

describe("bench:pages core", () => {
  it("measures every page after a warm-up, with the budgets of issue 17", async () => {
    const specs = pageSpecs({ productId: "101", orderId: "202" });
    expect(specs.map((s) => s.page)).toEqual(PAGES);
    expect(specs.map((s) => s.targetMs)).toEqual([...Array(7).fill(PAGE_BUDGET_MS), PLANNER_BUDGET_MS, PAGE_BUDGET_MS]);
    expect(specs.find((s) => s.page === "Product detail")).toMatchObject({ routeId: "routes/app.products.$id", params: { id: "101" } });
    const calls: string[] = [];
    const rows = await measurePages(specs.slice(0, 2), 3, async (spec) => {
      calls.push(spec.page);
      return { page: spec.page };
    });
    // One warm-up request a page, then 3 measured.
    expect(calls).toEqual(["Home", "Home", "Home", "Home", "Products", "Products", "Products", "Products"]);
    expect(rows.map((r) => [r.page, r.runs, r.targetMs])).toEqual([
      ["Home", 3, 300],
      ["Products", 3, 300],
    ]);
  });

  it("names the page whose loader threw (a redirect to login, a 404) rather than timing it", async () => {
    const [home] = pageSpecs({ productId: "1", orderId: "1" });
    await expect(
      measurePages([home!], 1, async () => {
        throw new Response("Not found", { status: 404 });
      }),
    ).rejects.toThrow("Home (/app?range=12m) threw a 404 response: Not found");
  });

  it("prints one table row a page, with its budget and whether it is met", () => {
    const row = (page: string, p95: number, targetMs: number): PageRow => ({ page, runs: 5, median: p95 / 2, p95, max: p95 + 1, adminMedian: 0, targetMs, met: p95 <= targetMs });
    const table = pageTable([row("Home", 120, 300), row("Planner (12 months)", 1234.5, 1000)]);
    expect(table.split("\n")).toEqual([
      "| Page | Median (ms) | p95 (ms) | Max (ms) | of it Admin API, median (ms) | Target p95 | Met |",
      "| --- | ---: | ---: | ---: | ---: | --- | --- |",
      "| Home | 60.0 | 120.0 | 121.0 | 0.0 | ≤ 300 ms | yes |",
      "| Planner (12 months) | 617.3 | 1,234.5 | 1,235.5 | 0.0 | ≤ 1,000 ms | no |",
    ]);
  });
});

describe("npm run bench:pages on a tiny store", () => {
  it("builds (or reuses) the store, calls every page's loader and prints the table", async () => {
    const { stdout } = await promisify(execFile)("npx", ["--no-install", "tsx", "test/bench/pages.ts", "--orders", "300", "--variants", "2000", "--runs", "2", "--source", "--json"], {
      maxBuffer: 16 * 1024 * 1024,
      timeout: 280_000,
    });
    expect(stdout).toContain("| Page | Median (ms) | p95 (ms) | Max (ms) |");
    const last = stdout.trim().split("\n").at(-1)!;
    const { store, rows } = JSON.parse(last) as { store: { orders: number; variants: number }; rows: PageRow[] };
    expect(store).toMatchObject({ orders: 300, variants: 2000 });
    expect(rows.map((r) => r.page)).toEqual(PAGES);
    for (const r of rows) {
      expect(r.runs).toBe(2);
      expect(r.median).toBeGreaterThan(0);
      expect(r.median).toBeLessThanOrEqual(r.p95);
      expect(r.p95).toBeLessThanOrEqual(r.max);
      expect(r.met).toBe(r.p95 <= r.targetMs);
      expect(stdout).toContain(`| ${r.page} |`);
    }
    // Only Home and the Planner ask Shopify (here the simulator); the Planner may answer from what it read before.
    expect(rows.filter((r) => r.adminMedian > 0).every((r) => r.page === "Home" || r.page === "Planner (12 months)")).toBe(true);
    expect(rows.find((r) => r.page === "Home")!.adminMedian).toBeGreaterThan(0);
    expect(stdout).toMatch(/Stock health \(refreshStockHealth, [\d,]+ stocked variants of 2,000\): [\d.]+ s, [\d.]+ s, [\d.]+ s \(target ≤ 3 s\)/);
  }, 300_000);
});
