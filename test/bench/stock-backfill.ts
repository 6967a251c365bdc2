/**
 * The inventory backfill at scale (issue 18, performance): `npx tsx test/bench/stock-backfill.ts [dir]`
 * writes the JSONL of INVENTORY_BULK_QUERY for 50,000 inventory items × 3 locations (an item line
 * and three level lines each, the shape app/shopify/inventory-levels.ts parses), then, alternately
 * (A/B in one run, the machine is shared), times
 * - the import: the file read as runBulkImport reads a download (jsonlBatches), each line through
 *   the inventory importer (`inventoryImporter`: parse, batches of 2,500 written with the run's
 *   checkpoint through the bulk SqlDb), `finishInventoryImport` and the day's stock snapshots
 *   (`recordStockSnapshots`), what `importInventory` does after Shopify's file is ready, into a
 *   store with the catalog's 50,000 variants;
 * - a plain JSON.parse of every line of the same file, read the same way;
 * and prints the ratio (the bench:sync target: ≤ 4).
 */
import { createReadStream, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

import { createPrismaClient } from "~/db.server";
import { jsonlBatches } from "~/shopify/jsonl.server";
import { openSqlDb, type SqlValue } from "~/store/sql.server";
import { recordStockSnapshots } from "~/store/stock-snapshots.server";
import { finishInventoryImport, inventoryImporter, newInventoryStats } from "~/sync/inventory-import.server";
import { applyMigrations } from "../../prisma/tools/migrator";

const ITEMS = 50_000;
const LOCATIONS = [
  { id: "gid://shopify/Location/1", name: "Warehouse", isActive: true },
  { id: "gid://shopify/Location/2", name: "Shop floor", isActive: true },
  { id: "gid://shopify/Location/3", name: "Logistics partner", isActive: true },
];
const SHOP = "backfill.myshopify.com";
const dir = process.argv[2] ?? "/tmp/stock-backfill-bench";
mkdirSync(dir, { recursive: true });
const jsonl = join(dir, "inventory.jsonl");

// The file, as Shopify's bulk operation writes it (groupObjects: false): an item line, then its levels.
const lines: string[] = [];
for (let n = 1; n <= ITEMS; n++) {
  const item = `gid://shopify/InventoryItem/${n}`;
  lines.push(JSON.stringify({ id: item }));
  LOCATIONS.forEach((location, k) => {
    const onHand = (n * 7 + k * 13) % 60;
    const committed = onHand % 3;
    lines.push(
      JSON.stringify({
        id: `gid://shopify/InventoryLevel/${n * 10 + k}?inventory_item_id=${n}`,
        updatedAt: "2026-12-01T09:30:00Z",
        location,
        quantities: [
          { name: "available", quantity: onHand - committed },
          { name: "on_hand", quantity: onHand },
          { name: "committed", quantity: committed },
          { name: "incoming", quantity: n % 17 === 0 ? 24 : 0 },
        ],
        __parentId: item,
      }),
    );
  });
}
writeFileSync(jsonl, lines.join("\n") + "\n");
console.log(`${jsonl}: ${lines.length.toLocaleString("en")} lines`);

async function plainParse(): Promise<number> {
  const t = performance.now();
  let n = 0;
  for await (const batch of jsonlBatches(createReadStream(jsonl))) for (const l of batch) if (JSON.parse(l.text)) n++;
  if (n !== lines.length) throw new Error(`parsed ${n} lines`);
  return performance.now() - t;
}

async function importOnce(round: number): Promise<number> {
  const file = join(dir, `store-${round}.sqlite`);
  rmSync(file, { force: true });
  const url = `file:${file}`;
  await applyMigrations({ databaseUrl: url });
  const db = createPrismaClient(url);
  const sql = openSqlDb(url);
  const now = new Date("2026-12-07T10:00:00Z");
  // The catalog the import maps items to (imported just before it by the backfill).
  await sql.transaction(async (tx) => {
    await tx.insertMany("Shop", ["shop", "installedAt", "scopes", "currencyCode", "ianaTimezone", "createdAt", "updatedAt"], [[SHOP, now, "read_inventory", "EUR", "Europe/Paris", now, now]]);
    await tx.insertMany("Product", ["shop", "id", "title", "status", "updatedAt", "syncedAt"], Array.from({ length: ITEMS / 8 }, (_, p): SqlValue[] => [SHOP, `gid://shopify/Product/${p + 1}`, `Product ${p + 1}`, "ACTIVE", now, now]));
    await tx.insertMany(
      "Variant",
      ["shop", "id", "productId", "title", "price", "currency", "inventoryItemId", "unitCost", "unitCostCurrency", "tracked", "updatedAt", "syncedAt"],
      Array.from({ length: ITEMS }, (_, i): SqlValue[] => [SHOP, `gid://shopify/ProductVariant/${i + 1}`, `gid://shopify/Product/${Math.floor(i / 8) + 1}`, `Size ${(i % 8) + 1}`, 2500, "EUR", `gid://shopify/InventoryItem/${i + 1}`, 1000, "EUR", true, now, now]),
    );
    await tx.insertMany("SyncRun", ["id", "shop", "kind", "status", "startedAt", "updatedAt"], [["run-1", SHOP, "inventory", "downloading", now, now]]);
  });
  const t = performance.now();
  const stats = newInventoryStats();
  const importer = inventoryImporter(sql, SHOP, () => now, stats);
  importer.begin(0);
  let next = 0;
  for await (const batch of jsonlBatches(createReadStream(jsonl))) {
    for (const l of batch) {
      next = l.line + 1;
      if (!importer.line(l.text, l.line)) throw new Error(`line ${l.line + 1} is not JSON`);
      if (importer.waiting() >= 2500) await importer.flush(next, { runId: "run-1", at: now });
      else if (l.line % 128 === 0) await new Promise((resolve) => setImmediate(resolve));
    }
  }
  importer.end(true);
  await importer.flush(Number.MAX_SAFE_INTEGER, { runId: "run-1", at: now, line: next });
  await importer.drain?.();
  const levelsAt = performance.now();
  await finishInventoryImport(sql, SHOP, "run-1");
  const finishAt = performance.now();
  await recordStockSnapshots(db, sql, SHOP, "2026-12-07", now);
  const ms = performance.now() - t;
  console.log(`  levels ${((levelsAt - t) / 1000).toFixed(2)} s, removing the unseen ${((finishAt - levelsAt) / 1000).toFixed(2)} s, the day's snapshots ${((performance.now() - finishAt) / 1000).toFixed(2)} s`);
  if (stats.levels !== ITEMS * LOCATIONS.length) throw new Error(`stored ${stats.levels} levels`);
  await sql.close();
  await db.$disconnect();
  return ms;
}

const imports: number[] = [];
const parses: number[] = [];
for (let round = 1; round <= 3; round++) {
  parses.push(await plainParse());
  imports.push(await importOnce(round));
  console.log(`round ${round}: import ${(imports.at(-1)! / 1000).toFixed(2)} s, JSON.parse ${(parses.at(-1)! / 1000).toFixed(2)} s, ratio ${(imports.at(-1)! / parses.at(-1)!).toFixed(2)}`);
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
console.log(`inventory backfill, ${ITEMS.toLocaleString("en")} items × ${LOCATIONS.length} locations: median import ${(median(imports) / 1000).toFixed(2)} s, median JSON.parse ${(median(parses) / 1000).toFixed(2)} s, ratio of medians ${(median(imports) / median(parses)).toFixed(2)} (target ≤ 4)`);
