/**
 * The stored stock health at scale (issue 18, performance): `npx tsx test/bench/stock-scale.ts <file.sqlite>`
 * on a copy of the 50,000-variant SQLite store built by /work/notes/stock-page-scale.mts
 * (6,250 products × 8 variants, 3 locations, a quarter selling over 95 days). Applies the
 * pending migrations, times `refreshStockHealth` (the job's work, written through the bulk SqlDb), then the Stock page's
 * loader (`stockPage`: the summary + one page of rows) over a mix of
 * tabs, sorts, searches and pages, Home's stock read and a product's stock. Prints p50/p95.
 */
import { createPrismaClient } from "~/db.server";
import { flaggedStockProducts, refreshStockHealth, stockForProduct, stockPage, type StockParams } from "~/services/stock.server";
import { openSqlDb } from "~/store/sql.server";
import { applyMigrations } from "../../prisma/tools/migrator";

const file = process.argv[2];
if (!file) throw new Error("usage: tsx test/bench/stock-scale.ts <file.sqlite>");
const url = `file:${file}`;
const SHOP = "scale.myshopify.com";
const now = new Date("2026-12-07T10:00:00Z");
await applyMigrations({ databaseUrl: url });
const db = createPrismaClient(url);
// The job's writer (the runtime's bulk SqlDb).
const sql = openSqlDb(url);

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
};
const ms = (n: number) => `${n.toFixed(0)} ms`;

const refresh: number[] = [];
for (let i = 0; i < 3; i++) {
  const t = performance.now();
  const r = await refreshStockHealth(db, SHOP, { now, sql });
  refresh.push(performance.now() - t);
  console.log(`refresh ${i + 1}: ${ms(refresh.at(-1)!)} (${r.variants} variants, as of ${r.asOf})`);
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
