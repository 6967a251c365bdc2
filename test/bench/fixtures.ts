/**
 * Shared by the benchmarks: the simulator's bulk JSONL for N orders (generated once,
 * cached in ~/.cache/netmargin/bench), a fake Shopify serving it as a COMPLETED bulk
 * operation, and its import into a database through the real sync path.
 */
import { createHash } from "node:crypto";
import { createReadStream, createWriteStream, existsSync, mkdirSync, renameSync, statSync } from "node:fs";
import { once } from "node:events";
import { homedir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";

import { createPrismaClient } from "~/db.server";
import { ordersBulkQuery } from "~/sync/bulk-queries";
import { runBulkImport, type AdminRequestFn } from "~/sync/bulk-run.server";
import { jsonlLines } from "~/sync/jsonl.server";
import { newImportStats, orderImporter } from "~/sync/order-import.server";
import { openSqlDb } from "~/sync/sql.server";
import { applyMigrations } from "../../prisma/tools/migrator";
import { writeBulkJsonl } from "../simulator/bulk";
import { createGenerator } from "../simulator/generator";

export const round = (x: number, d = 1) => Math.round(x * 10 ** d) / 10 ** d;
export const mb = (bytes: number) => Math.round(bytes / 1048576);
export function print(label: string, value: unknown) {
  console.log(`${label.padEnd(44)} ${typeof value === "number" ? value.toLocaleString("en") : String(value)}`);
}

export async function jsonlFile(orders: number, SEED: number, NOW: string): Promise<{ path: string; lines: number }> {
  const query = ordersBulkQuery(null);
  const key = createHash("sha256").update(`${orders}:${SEED}:${NOW}:${query}`).digest("hex").slice(0, 12);
  const dir = join(homedir(), ".cache", "netmargin", "bench");
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `orders-${orders}-${key}.jsonl`);
  if (!existsSync(path)) {
    const started = performance.now();
    console.log(`generating ${orders.toLocaleString("en")} orders of JSONL (cached for next time) …`);
    const gen = createGenerator({ seed: SEED, orders, preset: "eu", now: NOW });
    const tmp = `${path}.tmp`;
    const out = createWriteStream(tmp, { highWaterMark: 1 << 22 });
    await writeBulkJsonl({ query, catalog: gen.catalog, orders: gen.orders(), out, nowMs: Date.parse(NOW) });
    out.end();
    await once(out, "finish");
    renameSync(tmp, path);
    console.log(`generated in ${round((performance.now() - started) / 1000)} s`);
  }
  let lines = 0;
  for await (const _ of jsonlLines(createReadStream(path, { highWaterMark: 1 << 20 }))) lines++;
  return { path, lines };
}

export async function plainParse(path: string): Promise<number> {
  const started = performance.now();
  for await (const l of jsonlLines(createReadStream(path, { highWaterMark: 1 << 20 }))) JSON.parse(l.text);
  return (performance.now() - started) / 1000;
}

/** A bulk operation that is already COMPLETED, its file served from disk. */
export function fakeShopify(path: string): { admin: AdminRequestFn; fetch: typeof fetch } {
  const admin = (async (query: string) => {
    if (query.includes("bulkOperationRunQuery")) {
      return { bulkOperationRunQuery: { bulkOperation: { id: "gid://shopify/BulkOperation/1", status: "CREATED" }, userErrors: [] } };
    }
    return {
      bulkOperation: { id: "gid://shopify/BulkOperation/1", status: "COMPLETED", errorCode: null, objectCount: null, url: "https://storage.example/bulk.jsonl", partialDataUrl: null },
    };
  }) as AdminRequestFn;
  const serve = (async () =>
    new Response(Readable.toWeb(createReadStream(path, { highWaterMark: 1 << 20 })) as ReadableStream, {
      headers: { "content-length": String(statSync(path).size) },
    })) as unknown as typeof fetch;
  return { admin, fetch: serve };
}

export async function importInto(databaseUrl: string, path: string, SHOP: string) {
  await applyMigrations({ databaseUrl });
  const db = createPrismaClient(databaseUrl);
  const sql = openSqlDb(databaseUrl);
  await db.shop.create({ data: { shop: SHOP, installedAt: new Date(), scopes: "read_orders,read_all_orders", currencyCode: "EUR" } });
  const { admin, fetch } = fakeShopify(path);
  const stats = newImportStats();
  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
  const started = performance.now();
  const outcome = await runBulkImport({ db, sql, admin, fetch }, SHOP, "orders", ordersBulkQuery(null), () =>
    orderImporter(sql, SHOP, () => new Date(), stats),
  );
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss);
  const stored = await db.order.count();
  const storedLines = await db.orderLine.count();
  await sql.close();
  await db.$disconnect();
  if (!outcome.ok) throw new Error(outcome.message);
  return { seconds, stats, peak, stored, storedLines };
}

