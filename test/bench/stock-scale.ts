/**
 * The stored stock health at scale (issue 18, performance):
 * `npx tsx test/bench/stock-scale.ts <file.sqlite>` builds the 50,000-variant store of
 * test/bench/stock-scale-store.ts in the file when it is new (6,250 products × 8 variants, 3 locations,
 * a year of day margins as 1M orders leave them), applies the pending migrations, then:
 * - the refresh (`refreshStockHealth`, the `stock-health` job's work, written through the
 *   bulk SqlDb), the computation alone (`computeStockHealth`) and its largest read
 *   (`readSalesWindow`), A/B in the same run: without and with candidate covering indexes
 *   on the day tables for the sales window (created and dropped here, not in the schema);
 * - the Stock page's loader (`stockPage`) over a mix of tabs, sorts, searches and pages,
 *   Home's stock read and a product's stock. Prints p50/p95.
 */
import { existsSync } from "node:fs";

import { createPrismaClient } from "~/db.server";
import { computeStockHealth } from "~/margins/stock-health.server";
import { flaggedStockProducts, refreshStockHealth, stockForProduct, stockPage, type StockParams } from "~/services/stock.server";
import { openSqlDb } from "~/store/sql.server";
import { readSalesWindow } from "~/store/stock-read.server";
import { applyMigrations } from "../../prisma/tools/migrator";
import { buildScaleStore, SCALE_SHOP } from "./stock-scale-store";

const file = process.argv[2];
if (!file) throw new Error("usage: tsx test/bench/stock-scale.ts <file.sqlite>");
const url = `file:${file}`;
const SHOP = SCALE_SHOP;
const now = new Date("2026-12-07T10:00:00Z");
const fresh = !existsSync(file);
await applyMigrations({ databaseUrl: url });
const db = createPrismaClient(url);
// The job's writer (the runtime's bulk SqlDb).
const sql = openSqlDb(url);
if (fresh) {
  const t = performance.now();
  const built = await buildScaleStore(sql, "2026-12-06");
  console.log(`built ${file}: ${built.variantDays} variant-days, ${built.productDays} product-days in ${((performance.now() - t) / 1000).toFixed(1)} s`);
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
};
const ms = (n: number) => `${n.toFixed(0)} ms`;
const time = async <T>(f: () => Promise<T>): Promise<[T, number]> => {
  const t = performance.now();
  const r = await f();
  return [r, performance.now() - t];
};

// Candidate covering indexes of the sales window (not in the schema: measured here, A/B, before adding them).
const COVERING = [
  { name: "VariantDayMargin_shop_day_variantId_units_missingUnits_netMargin_idx", on: `"VariantDayMargin"("shop", "day", "variantId", "units", "missingUnits", "netMargin")` },
  { name: "ProductDayMargin_shop_day_productId_units_missingUnits_netMargin_idx", on: `"ProductDayMargin"("shop", "day", "productId", "units", "missingUnits", "netMargin")` },
];
async function covering(on: boolean) {
  for (const ix of COVERING) {
    await sql.execute(on ? `CREATE INDEX IF NOT EXISTS "${ix.name}" ON ${ix.on}` : `DROP INDEX IF EXISTS "${ix.name}"`);
  }
  await sql.execute("ANALYZE");
}

const window = { from: "2026-09-08", innerFrom: "2026-11-09", to: "2026-12-06" };
// Left as the schema has it (without) after the A/B.
const results: Record<string, { refresh: number[]; compute: number[]; sales: number[] }> = { without: { refresh: [], compute: [], sales: [] }, with: { refresh: [], compute: [], sales: [] } };
for (let round = 0; round < 2; round++) {
  for (const mode of ["without", "with"] as const) {
    await covering(mode === "with");
    const r = results[mode]!;
    const [, sales] = await time(() => readSalesWindow(db, SHOP, window));
    const [, compute] = await time(() => computeStockHealth(db, SHOP, { now }));
    const [out, refresh] = await time(() => refreshStockHealth(db, SHOP, { now, sql }));
    r.sales.push(sales);
    r.compute.push(compute);
    r.refresh.push(refresh);
    console.log(`${mode} covering index, round ${round + 1}: readSalesWindow ${ms(sales)}, computeStockHealth ${ms(compute)}, refreshStockHealth ${ms(refresh)} (${out.variants} variants, as of ${out.asOf})`);
  }
}
await covering(false);
for (const mode of ["without", "with"] as const) {
  const r = results[mode]!;
  console.log(`${mode}: readSalesWindow ${r.sales.map(ms).join(", ")}; computeStockHealth ${r.compute.map(ms).join(", ")}; refresh ${r.refresh.map(ms).join(", ")} (target ≤ 3 s)`);
}

const base: StockParams = { stockClass: null, search: "", location: null, sort: "cash", direction: "desc", page: 1 };
const mix: StockParams[] = [
  base,
  { ...base, stockClass: "dead" },
  { ...base, stockClass: "overstock", sort: "value" },
  { ...base, sort: "title", direction: "asc", page: 40 },
  { ...base, sort: "cover", direction: "asc" },
  { ...base, sort: "lastSale" },
  { ...base, search: "product 12" },
  { ...base, stockClass: "healthy", sort: "onHand", page: 3 },
];
const loader: number[] = [];
for (let round = 0; round < 5; round++) {
  for (const params of mix) {
    const t = performance.now();
    await stockPage(db, SHOP, params, { now });
    loader.push(performance.now() - t);
  }
}
console.log(`Stock page loader (stockPage, ${loader.length} requests): p50 ${ms(pct(loader, 50))}, p95 ${ms(pct(loader, 95))}, max ${ms(Math.max(...loader))}`);

const home: number[] = [];
const product: number[] = [];
for (let i = 0; i < 5; i++) {
  let t = performance.now();
  const f = await flaggedStockProducts(db, SHOP);
  home.push(performance.now() - t);
  if (i === 0) console.log(`Home's stock read: ${f?.products.length ?? 0} flagged products`);
  t = performance.now();
  await stockForProduct(db, SHOP, `gid://shopify/Product/${1 + i * 997}`, undefined, { now });
  product.push(performance.now() - t);
}
console.log(`Home's stock read (flaggedStockProducts): p50 ${ms(pct(home, 50))}, max ${ms(Math.max(...home))}`);
console.log(`A product's stock (stockForProduct): p50 ${ms(pct(product, 50))}, max ${ms(Math.max(...product))}`);
await db.$disconnect();
await sql.close();
