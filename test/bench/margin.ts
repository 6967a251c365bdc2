/**
 * npm run bench:margin -- [--orders 1000000] [--seed 1] [--runs 40] [--recomputes 5] [--main-thread-only]
 *
 * The margin engine's benchmark (prints its numbers; targets are not asserted):
 * 1. Full recompute of the simulator's N-order store already in SQLite, after a
 *    settings change for all history (labour per order +0.25 EUR, so every
 *    stored margin with a parcel changes and is rewritten): total time, orders/s,
 *    peak RSS, longest event-loop block (target ≤ 15 s for 1M orders), for each
 *    of `--recomputes` changes in a row (+0.25 each) and their median. The store
 *    is imported once through the real sync path (bench fixtures), with the
 *    catalog's unit costs and the EU example settings, its margins computed once,
 *    and cached in ~/.cache/netmargin/bench.
 * 2. The per-product report for the last 12 months (all products): time of each
 *    of `--runs` runs, p50/p95/max (target ≤ 1 s).
 * 3. The free-shipping planner's data for the last 12 months (its replay): p50/p95.
 * 4. The products page query (a page of 50, loss-makers first, other sorts,
 *    pages and filters): p50/p95 (target p95 ≤ 150 ms), and the orders page
 *    query on OrderMargin (loss-makers first, 50 a page): p50/p95.
 */
import { closeSync, copyFileSync, fsyncSync, openSync, readFileSync, rmSync } from "node:fs";
import { createHash } from "node:crypto";
import { homedir } from "node:os";
import { join } from "node:path";
import { getHeapSpaceStatistics, getHeapStatistics, type HeapInfo } from "node:v8";

import { createPrismaClient } from "~/db.server";
import { openRowReader, type RowReader } from "~/store/row-reader.server";
import { productReport, type ProductReportQuery } from "~/margins/product-report.server";
import { ComputeThread } from "~/margins/compute-thread.server";
import { loadMarginSources, recomputeMargins } from "~/margins/recompute.server";
import { ordersView, parseOrdersParams } from "~/services/orders-view.server";
import { forgetPreparedReplays, plannerView } from "~/services/planner.server";
import { saveSettingsVersion } from "~/store/cost-settings.server";
import { openSqlDb, SqliteWorkerDb, type SqlDb, type SqlValue } from "~/store/sql.server";
import { BENCH_NOW as NOW, BENCH_SHOP as SHOP, marginStore, mb, print, round, settingsFile } from "./fixtures";

const args = process.argv.slice(2);
function option(name: string, fallback: number): number {
  const i = args.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const v = Number(args[i + 1]);
  if (!Number.isInteger(v) || v <= 0) {
    console.error(`--${name}: expected a whole number > 0, got ${JSON.stringify(args[i + 1])}`);
    process.exit(2);
  }
  return v;
}
const ORDERS = option("orders", 1_000_000);
const SEED = option("seed", 1);
const RUNS = option("runs", 40);
const RECOMPUTES = option("recomputes", 5);
/** Without the compute thread (app/margins/compute-thread.server.ts), as before it. */
const MAIN_THREAD_ONLY = args.includes("--main-thread-only");
/** The form input of the file's version with that effective date. */
function settingsFileVersion(file: ReturnType<typeof settingsFile>, effectiveFrom: string | null): Record<string, unknown> {
  const v = file.versions.find((x) => x.effectiveFrom === effectiveFrom);
  if (!v) throw new Error(`settings-eu.json has no version from ${String(effectiveFrom)}`);
  return v.settings;
}

/** What a sample of the process's memory holds (bytes; heaps as V8's physical size). */
interface MemorySample {
  rss: number;
  mainHeap: number;
  mainYoung: number;
  computeHeap: number | null;
  writerHeap: number | null;
  /** Buffers and other memory V8 counts outside the heaps, all three threads. */
  external: number;
  /** RSS less the above: SQLite's page caches, malloc's arenas, code. */
  rest: number;
  /** Of the RSS, mapped files (code, SQLite's -shm): /proc/self/status RssFile + RssShmem, when there is one. */
  files: number | null;
}

/** RssFile + RssShmem of /proc/self/status (bytes), or null elsewhere than Linux. */
function mappedFiles(): number | null {
  try {
    const status = readFileSync("/proc/self/status", "utf8");
    const kib = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? 0);
    return (kib("RssFile") + kib("RssShmem")) * 1024;
  } catch {
    return null;
  }
}

/**
 * Samples RSS every 50 ms and each thread's heap every 200 ms (a message to each
 * worker), keeping the sample at the highest RSS: where the peak's memory is.
 */
class MemoryProbe {
  peak: MemorySample;
  readonly idle: MemorySample;
  readonly largest = { main: 0, compute: 0, writer: 0 };
  private workers: { compute: HeapInfo | null; writer: HeapInfo | null } = { compute: null, writer: null };
  private timers: NodeJS.Timeout[] = [];
  private spaces = "";
  /** The main heap's spaces at the peak: physical / used MB. */
  peakSpaces = "";

  constructor(
    private readonly compute: ComputeThread | null,
    private readonly sql: SqlDb,
  ) {
    this.idle = this.sample();
    this.peak = this.idle;
  }

  start(): void {
    this.timers.push(setInterval(() => this.take(), 50));
    this.timers.push(setInterval(() => void this.askWorkers(), 200));
  }

  stop(): void {
    for (const t of this.timers.splice(0)) clearInterval(t);
  }

  private async askWorkers(): Promise<void> {
    const [compute, writer] = await Promise.all([
      this.compute?.heapStatistics() ?? null,
      this.sql instanceof SqliteWorkerDb ? this.sql.heapStatistics() : null,
    ]);
    this.workers = { compute, writer };
    this.largest.compute = Math.max(this.largest.compute, compute?.total_physical_size ?? 0);
    this.largest.writer = Math.max(this.largest.writer, writer?.total_physical_size ?? 0);
  }

  private sample(): MemorySample {
    const usage = process.memoryUsage();
    const heap = getHeapStatistics();
    const spaces = getHeapSpaceStatistics();
    const young = spaces.find((x) => x.space_name === "new_space")?.physical_space_size ?? 0;
    this.spaces = spaces.map((x) => `${x.space_name.replace(/_space$/, "")} ${mb(x.physical_space_size)}/${mb(x.space_used_size)}`).join(", ");
    const { compute, writer } = this.workers;
    const external = usage.external + (compute?.external_memory ?? 0) + (writer?.external_memory ?? 0);
    const heaps = heap.total_physical_size + (compute?.total_physical_size ?? 0) + (writer?.total_physical_size ?? 0);
    this.largest.main = Math.max(this.largest.main, heap.total_physical_size);
    return {
      rss: usage.rss,
      mainHeap: heap.total_physical_size,
      mainYoung: young,
      computeHeap: compute ? compute.total_physical_size : null,
      writerHeap: writer ? writer.total_physical_size : null,
      external,
      rest: usage.rss - heaps - external,
      files: null,
    };
  }

  private take(): void {
    const s = this.sample();
    if (s.rss > this.peak.rss) {
      this.peak = { ...s, files: mappedFiles() };
      this.peakSpaces = this.spaces;
    }
  }
}

/**
 * A hash of every stored margin, product-day and variant-day row and rank entry of
 * the shop, computedAt left out, read in key order a chunk at a time.
 */
async function storedMarginsChecksum(reader: RowReader, shop: string): Promise<string> {
  const tables: { table: string; key: string[] }[] = [
    { table: "OrderMargin", key: ["orderId"] },
    { table: "ProductDayMargin", key: ["day", "productId"] },
    { table: "VariantDayMargin", key: ["day", "productId", "variantId"] },
    { table: "OrderMarginRank", key: ["netMargin", "orderId"] },
  ];
  const out: string[] = [];
  for (const { table, key } of tables) {
    const columns = (await reader.rows(`SELECT "name" FROM pragma_table_info('${table}') ORDER BY "cid"`, [])).map((r) => String(r[0])).filter((c) => c !== "computedAt");
    const keyAt = key.map((k) => columns.indexOf(k));
    const hash = createHash("sha256");
    const after = key.map((k) => `"${k}"`).join(", ");
    let cursor: unknown[] | null = null;
    for (;;) {
      const where: string = cursor ? ` AND (${after}) > (${key.map(() => "?").join(", ")})` : "";
      const rows: unknown[][] = await reader.rows(
        `SELECT ${columns.map((c) => `"${c}"`).join(", ")} FROM "${table}" WHERE "shop" = ?${where} ORDER BY ${after} LIMIT 50000`,
        [shop, ...((cursor ?? []) as SqlValue[])],
      );
      for (const r of rows) hash.update(`${JSON.stringify(r, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v))}\n`);
      if (rows.length < 50_000) break;
      cursor = keyAt.map((i) => rows.at(-1)![i]);
    }
    out.push(hash.digest("hex").slice(0, 12));
  }
  return out.join(" / ");
}

function percentiles(samples: number[]): { p50: number; p95: number; max: number } {
  const s = [...samples].sort((a, b) => a - b);
  const at = (p: number) => s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
  return { p50: round(at(50), 1), p95: round(at(95), 1), max: round(s.at(-1)!, 1) };
}

async function main() {
  console.log(`NetMargin bench:margin (Node ${process.version}, ${new Date().toISOString()})`);
  const cached = await marginStore(ORDERS, SEED);
  // Work on a copy, so every run starts from the same file.
  const file = join(homedir(), ".cache", "netmargin", "bench", `margin-run-${process.pid}.sqlite`);
  copyFileSync(cached, file);
  // Written to disk before timing: otherwise the kernel writes the copy back during the first recompute.
  const fd = openSync(file, "r+");
  fsyncSync(fd);
  closeSync(fd);
  const url = `file:${file}`;
  const db = createPrismaClient(url);
  const sql = openSqlDb(url);
  const reader = openRowReader(url);
  // As the app's jobs run it (app/jobs/runtime.server.ts): one compute thread for the process.
  const compute = MAIN_THREAD_ONLY ? null : ComputeThread.open(url, sql);
  if (!MAIN_THREAD_ONLY && !compute) throw new Error("the compute thread cannot run here");
  try {
    const orders = await db.order.count({ where: { shop: SHOP } });
    const lines = await db.orderLine.count({ where: { shop: SHOP } });
    console.log(`\nStore: ${orders.toLocaleString("en")} orders, ${lines.toLocaleString("en")} order lines (SQLite)`);

    // 1. Full recompute after a settings change for all history: labour per order
    //    +0.25, `--recomputes` times in a row (runs on these machines vary by ±15 %; the
    //    first is the process's first: its compute thread starts and no code is optimised yet).
    const before = await loadMarginSources(db, SHOP);
    const inForce = before.settings.versions.find((v) => v.effectiveFrom === null)!.settings;
    const changed = settingsFileVersion(settingsFile(), null);
    const labour = changed.labour as { perOrder: string };
    const runs: { seconds: number; orders: number; months: number; onThread: number; productDays: number; rewritten: number; labour: string }[] = [];
    const memory = new MemoryProbe(compute, sql);
    let lag = 0;
    for (let i = 1; i <= RECOMPUTES; i++) {
      const from = labour.perOrder;
      labour.perOrder = ((inForce.labour.perOrder + 25 * i) / 100).toFixed(2);
      const saved = await saveSettingsVersion(db, SHOP, { settings: changed, effectiveFrom: null, note: `bench: labour per order ${labour.perOrder}` });
      if (!saved.ok) throw new Error(JSON.stringify(saved.errors));
      const changedAt = new Date();
      memory.start();
      let last = performance.now();
      const lagProbe = setInterval(() => {
        const now = performance.now();
        lag = Math.max(lag, now - last - 10);
        last = now;
      }, 10);
      const started = performance.now();
      const r = await recomputeMargins({ db, sql, reader, compute }, SHOP);
      const seconds = (performance.now() - started) / 1000;
      memory.stop();
      clearInterval(lagProbe);
      const rewritten = await db.orderMargin.count({ where: { shop: SHOP, computedAt: { gte: changedAt } } });
      runs.push({ seconds, orders: r.orders, months: r.months.length, onThread: r.monthsOnThread, productDays: r.productDays, rewritten, labour: `${from} → ${labour.perOrder}` });
    }
    const runTimes = runs.map((x) => x.seconds).sort((x, y) => x - y);
    const median = runTimes[Math.floor(runTimes.length / 2)]!;
    console.log(`\nFull recompute (all history), ${RECOMPUTES} settings changes in a row`);
    print("months", runs[0]!.months);
    print("months on the compute thread", MAIN_THREAD_ONLY ? "none (--main-thread-only)" : runs.map((x) => x.onThread).join(" / "));
    print("orders recomputed per run", runs[0]!.orders);
    print("product-day rows", runs[0]!.productDays);
    print("stored margins rewritten per run", runs.map((x) => x.rewritten.toLocaleString("en")).join(" / "));
    print("labour per order (EUR)", runs.map((x) => x.labour).join(", "));
    print("time of each run (s)", runs.map((x) => round(x.seconds, 1)).join(" / "));
    print("total time, median / best (s)", `${round(median, 1)} / ${round(runTimes[0]!, 1)}`);
    print("first run, the process's first (s)", round(runs[0]!.seconds, 1));
    print("orders/s (median)", Math.round(runs[0]!.orders / median));
    print("RSS before the first run / peak RSS (MB)", `${mb(memory.idle.rss)} / ${mb(memory.peak.rss)}`);
    print("  before the first run: main heap / the rest (MB)", `${mb(memory.idle.mainHeap)} / ${mb(memory.idle.rest)}`);
    print("  at the peak: main heap / young (MB)", `${mb(memory.peak.mainHeap)} / ${mb(memory.peak.mainYoung)}`);
    print("  main heap spaces, physical/used (MB)", memory.peakSpaces);
    print("  compute thread heap / writer heap (MB)", `${memory.peak.computeHeap === null ? "none" : mb(memory.peak.computeHeap)} / ${memory.peak.writerHeap === null ? "none" : mb(memory.peak.writerHeap)}`);
    print("  buffers outside the heaps (MB)", mb(memory.peak.external));
    print("  the rest: SQLite, malloc, code / of it mapped files (MB)", `${mb(memory.peak.rest)} / ${memory.peak.files === null ? "?" : mb(memory.peak.files)}`);
    print("largest heap of each thread (MB)", `main ${mb(memory.largest.main)}, compute ${mb(memory.largest.compute)}, writer ${mb(memory.largest.writer)}`);
    print("longest event-loop block (ms)", round(lag, 0));
    // What the runs stored, the same whatever the code's speed or memory: compare between versions.
    const sums = await storedMarginsChecksum(reader, SHOP);
    print("stored margins checksum (orders / days / rank)", sums);

    // 2. Product report, last 12 months.
    const sources = await loadMarginSources(db, SHOP);
    const settings = sources.settings.versions.at(-1)!.settings;
    const range = { from: "2025-10-15", to: "2026-10-15" };
    const times: number[] = [];
    let products = 0;
    for (let i = 0; i < RUNS; i++) {
      const t = performance.now();
      const report = await productReport(db, SHOP, { ...range, limit: 250 }, settings, sources.currency);
      times.push(performance.now() - t);
      products = report.total;
    }
    const rep = percentiles(times);
    console.log(`\nProduct report, 12 months (${products} products), ${RUNS} runs`);
    print("time p50 / p95 / max (ms)", `${rep.p50} / ${rep.p95} / ${rep.max}`);

    // 3. Free-shipping planner: the replay of the last 12 months (what the planner page's loader runs).
    const plannerTimes: number[] = [];
    let plan: Awaited<ReturnType<typeof plannerView>> | null = null;
    const plannerRuns = Math.max(3, Math.round(RUNS / 8));
    for (let i = 0; i < plannerRuns; i++) {
      // Each run reads and replays (the page keeps a prepared replay until the margins change: not what this measures).
      forgetPreparedReplays();
      const t = performance.now();
      plan = await plannerView(db, reader, SHOP, { months: 12, upliftPercent: 10 }, { now: new Date(NOW) });
      plannerTimes.push(performance.now() - t);
    }
    const pl = percentiles(plannerTimes);
    const eur = (minor: number | null) => (minor === null ? "none" : `${(minor / 100).toFixed(2)} EUR`);
    console.log(`\nFree-shipping planner, 12 months replayed (${plan!.orders.toLocaleString("en")} orders, ${plan!.curve.length} thresholds), ${plannerRuns} runs`);
    print("page data time p50 / p95 / max (ms)", `${pl.p50} / ${pl.p95} / ${pl.max}`);
    print("recommended / break-even threshold", `${eur(plan!.recommended)} / ${eur(plan!.breakEven.zero.kind === "threshold" ? plan!.breakEven.zero.threshold : null)}`);

    // 4. Page queries.
    const pageQueries: ProductReportQuery[] = [
      { ...range },
      { ...range, offset: 50 },
      { ...range, sort: "netRevenue", direction: "desc" },
      { ...range, sort: "marginPct" },
      { ...range, flag: "LOSS" },
      { ...range, search: "a" },
      { from: "2026-09-15", to: "2026-10-15" },
      { from: "2026-07-01", to: "2026-10-01", sort: "units", direction: "desc" },
    ];
    const pageTimes: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const q = pageQueries[i % pageQueries.length]!;
      const t = performance.now();
      await productReport(db, SHOP, { ...q, limit: 50 }, settings, sources.currency);
      pageTimes.push(performance.now() - t);
    }
    const page = percentiles(pageTimes);
    console.log(`\nProducts page query (50 a page, ${pageQueries.length} sorts/filters/pages), ${RUNS} runs`);
    print("server time p50 / p95 / max (ms)", `${page.p50} / ${page.p95} / ${page.max}`);

    const orderQueries = ["", "page=2", "flag=LOSS", "sort=netMargin&direction=desc", "range=30d", "sort=processedAt", "gateway=paypal", "country=DE"];
    const orderTimes: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const parsed = parseOrdersParams(new URLSearchParams(orderQueries[i % orderQueries.length]));
      if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
      const t = performance.now();
      await ordersView(db, SHOP, parsed.params, { now: new Date(NOW) });
      orderTimes.push(performance.now() - t);
    }
    const op = percentiles(orderTimes);
    console.log(`\nOrders page query (50 a page with the total count, ${orderQueries.length} sorts/filters/pages), ${RUNS} runs`);
    print("server time p50 / p95 / max (ms)", `${op.p50} / ${op.p95} / ${op.max}`);
  } finally {
    await compute?.close();
    await sql.close();
    await reader.close();
    await db.$disconnect();
    for (const suffix of ["", "-wal", "-shm"]) rmSync(`${file}${suffix}`, { force: true });
  }
  process.exit(0);
}

await main();
