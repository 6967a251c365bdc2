/**
 * Shared by the benchmarks: the simulator's bulk JSONL for N orders (generated once,
 * cached in ~/.cache/netmargin/bench), a fake Shopify serving it as a COMPLETED bulk
 * operation, the simulator answering the refund follow-up (its store generates the
 * orders it is asked about, so 1M orders are never in memory), and the import into
 * a database through the real sync path, checked against the generator's store.
 */
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { createReadStream, createWriteStream, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from "node:fs";
import { once } from "node:events";
import { getHeapStatistics } from "node:v8";
import { homedir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { Readable } from "node:stream";
import { fileURLToPath } from "node:url";

import { createPrismaClient } from "~/db.server";
import { recomputeMargins } from "~/margins/recompute.server";
import { importSettingsFile } from "~/store/cost-settings.server";
import { openRowReader } from "~/store/row-reader.server";
import { AdminClient, type AdminGraphql } from "~/shopify/admin-client.server";
import { ordersBulkQuery } from "~/shopify/bulk-queries";
import { runBulkImport } from "~/sync/bulk-run.server";
import { jsonlBatches } from "~/shopify/jsonl.server";
import { newImportStats, orderImporter } from "~/sync/order-import.server";
import { openSqlDb, SqliteWorkerDb } from "~/store/sql.server";
import { applyMigrations } from "../../prisma/tools/migrator";
import { writeBulkJsonl } from "../simulator/bulk";
import { createGenerator, ID_BASE, SLOTS, type StoreGenerator } from "../simulator/generator";
import type { OrderModel } from "../simulator/model";
import { startSimulator, type Simulator } from "../simulator/server";
import { Store } from "../simulator/store";
import { storeDifferences } from "../sync/store-equality";

export const round = (x: number, d = 1) => Math.round(x * 10 ** d) / 10 ** d;
export const mb = (bytes: number) => Math.round(bytes / 1048576);
export function print(label: string, value: unknown) {
  console.log(`${label.padEnd(44)} ${typeof value === "number" ? value.toLocaleString("en") : String(value)}`);
}

export async function jsonlFile(orders: number, SEED: number, NOW: string): Promise<{ path: string; lines: number }> {
  const query = ordersBulkQuery(null);
  // The simulator's code is in the key: a file written by an older generator would not match its store.
  const code = ["generator.ts", "model.ts", "bulk.ts", "resolvers.ts"].map((f) => readFileSync(new URL(`../simulator/${f}`, import.meta.url), "utf8")).join("\n");
  const key = createHash("sha256").update(`${orders}:${SEED}:${NOW}:${query}:${code}`).digest("hex").slice(0, 12);
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
  for await (const batch of jsonlBatches(createReadStream(path, { highWaterMark: 1 << 20 }))) lines += batch.length;
  return { path, lines };
}

export async function plainParse(path: string): Promise<number> {
  const started = performance.now();
  for await (const batch of jsonlBatches(createReadStream(path, { highWaterMark: 1 << 20 }))) for (const l of batch) JSON.parse(l.text);
  return (performance.now() - started) / 1000;
}

/**
 * A simulator whose store generates the order of each refund it is asked about
 * (`Store.getRefund`, behind `nodes(ids:)` and `refund(id:)`), so the refund
 * follow-up of a 1M-order store is answered without holding its orders. Its bucket
 * never throttles: the follow-up's time at Shopify's restore rates is worked out
 * from the costs it reports.
 */
export async function refundSimulator(gen: StoreGenerator): Promise<Simulator> {
  const store = new Store({ ...gen.catalog, orders: [] }, { preset: "eu" });
  const recent = new Map<number, OrderModel>();
  store.getRefund = (id: string) => {
    const n = Number(/\/Refund\/(\d+)$/.exec(id)?.[1] ?? NaN) - ID_BASE.refund;
    const index = Math.floor(n / SLOTS.refunds);
    if (!Number.isInteger(index) || index < 0 || index >= gen.options.orders) return null;
    let order = recent.get(index);
    if (!order) {
      order = gen.orderAt(index);
      if (recent.size >= 256) recent.delete(recent.keys().next().value!);
      recent.set(index, order);
    }
    const refund = order.refunds.find((r) => r.id === id);
    return refund ? { order, refund } : null;
  };
  return startSimulator({ store, bucket: { maximumAvailable: 1e12, restoreRate: 1e12 } });
}

/** What the refund simulator's process did: its CPU, the answers it replayed or worked out live, their cost. */
export interface SimulatorUsage {
  cpuSeconds: number;
  replayed: number;
  live: number;
  cost: FollowUpCost;
}

/**
 * The file of the refund simulator's recorded answers for the JSONL file `jsonlPath`
 * (refund-simulator.ts replays them). The simulator's code is in the name: a changed
 * simulator answers anew.
 */
export function answersFile(jsonlPath: string): string {
  const dir = fileURLToPath(new URL("../simulator/", import.meta.url));
  const hash = createHash("sha256");
  for (const f of readdirSync(dir).filter((f) => f.endsWith(".ts")).sort()) hash.update(f).update(readFileSync(join(dir, f)));
  return jsonlPath.replace(/\.jsonl$/, `-answers-v2-${hash.digest("hex").slice(0, 12)}.json`);
}

/** The refund simulator of `gen`'s store in a child process (refund-simulator.ts), replaying `answers` when given. */
export async function spawnRefundSimulator(
  seed: number,
  orders: number,
  now: string,
  answers?: string,
): Promise<{ graphqlUrl: string; accessToken: string; shopDomain: string; close(): Promise<SimulatorUsage> }> {
  const child = spawn(process.execPath, ["--import", "tsx", fileURLToPath(new URL("./refund-simulator.ts", import.meta.url)), JSON.stringify({ seed, orders, now, answers })], {
    stdio: ["pipe", "pipe", "inherit"],
  });
  const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  const endpoint = JSON.parse((await lines.next()).value as string) as { graphqlUrl: string; accessToken: string; shopDomain: string };
  return {
    ...endpoint,
    close: async () => {
      child.stdin!.end();
      const usage = JSON.parse((await lines.next()).value as string) as SimulatorUsage;
      if (child.exitCode === null) await once(child, "exit");
      return usage;
    },
  };
}

/** What the refund follow-up cost, as the simulator reported it (Shopify's linear cost rules). */
export interface FollowUpCost {
  requests: number;
  pages: number;
  requested: number;
  actual: number;
}

/**
 * A bulk operation that is already COMPLETED, its file served from disk; other
 * operations go to the refund simulator through the app's Admin client (the
 * simulator's process adds up the answers' `extensions.cost`).
 */
export function fakeShopify(path: string, sim: { graphqlUrl: string; accessToken: string; shopDomain: string }): { admin: AdminGraphql; fetch: typeof fetch } {
  const client = new AdminClient({ shop: sim.shopDomain, accessToken: sim.accessToken, endpoint: sim.graphqlUrl });
  const admin = (async (query: string, variables?: Record<string, unknown>) => {
    if (query.includes("bulkOperationRunQuery")) {
      return { bulkOperationRunQuery: { bulkOperation: { id: "gid://shopify/BulkOperation/1", status: "CREATED" }, userErrors: [] } };
    }
    if (query.includes("bulkOperation(")) {
      return {
        bulkOperation: { id: "gid://shopify/BulkOperation/1", status: "COMPLETED", errorCode: null, objectCount: null, url: "https://storage.example/bulk.jsonl", partialDataUrl: null },
      };
    }
    return client.request(query, variables);
  }) as AdminGraphql;
  const serve = (async () =>
    new Response(Readable.toWeb(createReadStream(path, { highWaterMark: 1 << 20 })) as ReadableStream, {
      headers: { "content-length": String(statSync(path).size) },
    })) as unknown as typeof fetch;
  return { admin, fetch: serve };
}

export async function importInto(databaseUrl: string, path: string, SHOP: string, gen: StoreGenerator, opts: { verify?: boolean; replay?: boolean } = {}) {
  await applyMigrations({ databaseUrl });
  const db = createPrismaClient(databaseUrl);
  const sql = openSqlDb(databaseUrl);
  await db.shop.create({ data: { shop: SHOP, installedAt: new Date(), scopes: "read_orders,read_all_orders", currencyCode: "EUR" } });
  const sim = await spawnRefundSimulator(gen.options.seed, gen.options.orders, gen.options.now, opts.replay === false ? undefined : answersFile(path));
  const { admin, fetch } = fakeShopify(path, sim);
  const stats = newImportStats();
  let peak = process.memoryUsage.rss();
  // memoryUsage.rss() alone: the full memoryUsage() every 50 ms took ≈ 2 % of the main thread.
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 50);
  // Where the memory is at the highest RSS seen by a slower sampler: each thread's V8 heap, the rest outside them.
  const atPeak = { rss: 0, main: 0, writer: 0 };
  let sampling = false;
  const heapSampler = setInterval(() => {
    if (sampling) return;
    sampling = true;
    void Promise.resolve(sql instanceof SqliteWorkerDb ? sql.heapStatistics() : null)
      .then((writer) => {
        const rss = process.memoryUsage.rss();
        if (rss > atPeak.rss) Object.assign(atPeak, { rss, main: getHeapStatistics().total_heap_size, writer: writer?.total_heap_size ?? 0 });
      })
      .finally(() => (sampling = false));
  }, 500);
  const started = performance.now();
  const outcome = await runBulkImport({ db, sql, admin, fetch }, SHOP, "orders", ordersBulkQuery(null), () =>
    orderImporter(sql, SHOP, stats, admin),
  );
  clearInterval(heapSampler);
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage.rss());
  const simulator = await sim.close();
  const cost = simulator.cost;
  const stored = await db.order.count();
  const storedLines = await db.orderLine.count();
  const storedRefunds = await db.refund.count();
  const storedRefundLines = await db.refundLine.count();
  // The whole store against the database, 400 orders at a time (under SQLite's bound-parameter limit).
  let differences: string[] | null = null;
  let verifySeconds = 0;
  if (opts.verify !== false && outcome.ok) {
    const t = performance.now();
    differences = [];
    let chunk: OrderModel[] = [];
    let refunds = 0;
    let refundLines = 0;
    const check = async () => {
      if (differences!.length < 20) differences!.push(...(await storeDifferences(db, SHOP, chunk)));
      chunk = [];
    };
    for (const o of gen.orders()) {
      chunk.push(o);
      refunds += o.refunds.length;
      for (const r of o.refunds) refundLines += r.refundLineItems.length;
      if (chunk.length === 400) await check();
    }
    await check();
    // Nothing besides: no duplicate or foreign rows.
    if (stored !== gen.options.orders) differences.push(`orders: stored ${stored}, store has ${gen.options.orders}`);
    if (storedRefunds !== refunds) differences.push(`refunds: stored ${storedRefunds}, store has ${refunds}`);
    if (storedRefundLines !== refundLines) differences.push(`refund lines: stored ${storedRefundLines}, store has ${refundLines}`);
    verifySeconds = (performance.now() - t) / 1000;
  }
  await sql.close();
  await db.$disconnect();
  if (!outcome.ok) throw new Error(outcome.message);
  return { seconds, stats, peak, atPeak, stored, storedLines, storedRefunds, storedRefundLines, cost, differences, verifySeconds, simulator };
}

/** The generated store's "now" and shop (the EU preset's) in bench:margin's and bench:pages's store. */
export const BENCH_NOW = "2026-10-15T12:00:00Z";
export const BENCH_SHOP = "maison-verte.myshopify.com";

/** The EU example settings file (test/fixtures/margin/settings-eu.json). */
export function settingsFile(): { versions: { effectiveFrom: string | null; settings: Record<string, unknown> }[] } {
  return JSON.parse(readFileSync(new URL("../fixtures/margin/settings-eu.json", import.meta.url), "utf8")) as ReturnType<typeof settingsFile>;
}

/**
 * The imported store with its margins (bench:margin's and bench:pages's): imported through the
 * real sync path, the catalog's unit costs, the EU example settings, its margins computed once.
 * Cached in ~/.cache/netmargin/bench per order count, seed and migration set, so either bench
 * reuses the other's file.
 */
export async function marginStore(orders: number, seed: number): Promise<string> {
  // The cache follows the migrations' text, not only their names (a migration edited in place).
  const migrationsDir = new URL("../../prisma/migrations/", import.meta.url);
  const migrations = readdirSync(migrationsDir)
    .filter((d) => /^\d/.test(d))
    .sort()
    .map((d) => `${d}\n${readFileSync(new URL(`${d}/migration.sql`, migrationsDir), "utf8")}`)
    .join("\n");
  const dir = join(homedir(), ".cache", "netmargin", "bench");
  mkdirSync(dir, { recursive: true });
  const key = createHash("sha256").update(`${orders}:${seed}:${migrations}:with-margins`).digest("base64url").slice(0, 16);
  const file = join(dir, `margin-store-${orders}-${key}.sqlite`);
  if (existsSync(file)) return file;
  const jsonl = await jsonlFile(orders, seed, BENCH_NOW);
  console.log(`importing ${orders.toLocaleString("en")} orders into SQLite (cached for next time) …`);
  const tmp = `${file}.tmp`;
  rmSync(tmp, { force: true });
  const gen = createGenerator({ seed, orders, preset: "eu", now: BENCH_NOW });
  const r = await importInto(`file:${tmp}`, jsonl.path, BENCH_SHOP, gen, { verify: false });
  console.log(`imported in ${round(r.seconds)} s`);
  const db = createPrismaClient(`file:${tmp}`);
  await db.shop.update({ where: { shop: BENCH_SHOP }, data: { ianaTimezone: "Europe/Paris" } });
  // Unit costs as sync records them: one snapshot per variant, from the generator's catalog.
  const snapshots = gen.catalog.products.flatMap((p) =>
    p.variants.map((v) => ({ shop: BENCH_SHOP, variantId: v.id, observedAt: new Date("2024-01-01T00:00:00Z"), cost: v.inventoryItem.unitCost, currency: "EUR", source: "backfill" })),
  );
  await db.unitCostSnapshot.createMany({ data: snapshots });
  const imported = await importSettingsFile(db, BENCH_SHOP, settingsFile());
  if (!imported.ok) throw new Error(JSON.stringify(imported.errors));
  // The margins as they stand before anything a bench changes.
  console.log("computing the stored margins once (cached) …");
  const sql = openSqlDb(`file:${tmp}`);
  const reader = openRowReader(`file:${tmp}`);
  const first = await recomputeMargins({ db, sql, reader }, BENCH_SHOP);
  console.log(`computed ${first.orders.toLocaleString("en")} orders in ${round(first.ms / 1000, 1)} s`);
  await sql.close();
  await reader.close();
  await db.$disconnect();
  for (const suffix of ["-wal", "-shm"]) rmSync(`${tmp}${suffix}`, { force: true });
  renameSync(tmp, file);
  return file;
}
