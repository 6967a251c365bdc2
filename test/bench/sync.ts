/**
 * npm run bench:sync -- [--orders 1000000] [--pg-orders 100000] [--webhooks 1000] [--seed 1] [--no-verify] [--live-simulator]
 *
 * Sync's benchmark (prints its numbers; targets are not asserted):
 * 1. Backfill of the simulator's N-order store from bulk JSONL into SQLite,
 *    through the real import path (runBulkImport → download → assembler →
 *    parse → batched writes with checkpoints), the file served as a download.
 *    Reports orders/s, lines/s, peak RSS, total time, and the time of a plain
 *    JSON.parse of every line of the same file, with the ratio (target ≤ 4;
 *    peak RSS target ≤ 500 MB). The refunded orders' refund lines come from the
 *    simulator by the real follow-up (refund-lines.server.ts) during the import: its
 *    requests, requested and actual cost, and the time that cost takes at Shopify's
 *    restore rates (100 points/s standard, 1,000 Plus). The simulator's answers are
 *    recorded on the first run of a file and replayed after (refund-simulator.ts),
 *    so the time is NetMargin's, not the simulator's on the same cores;
 *    --live-simulator has the simulator answer every request. Then every order, line,
 *    refund and refunded line stored is compared with the generator's store.
 * 2. The same for M orders into PostgreSQL (a throwaway database on
 *    127.0.0.1:5432, dropped afterwards).
 * 3. Webhook-to-stored latency: K signed orders/create deliveries posted one after
 *    another to the app's real route (HMAC check, dedup, REST mapping, write),
 *    p50/p95 from send to 200 (the write is inline, so 200 means stored).
 * The JSONL files are generated once by the simulator and cached in
 * ~/.cache/netmargin/bench.
 */
import { createHmac, randomUUID } from "node:crypto";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import pg from "pg";

import { createPrismaClient } from "~/db.server";
import { applyMigrations } from "../../prisma/tools/migrator";
import { createGenerator } from "../simulator/generator";
import { importInto, jsonlFile, mb, plainParse, print, round } from "./fixtures";

const args = process.argv.slice(2);
function option(name: string, fallback: number): number {
  const i = args.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const v = Number(args[i + 1]);
  if (!Number.isInteger(v) || v < 0) {
    console.error(`--${name}: expected a whole number, got ${JSON.stringify(args[i + 1])}`);
    process.exit(2);
  }
  return v;
}
const ORDERS = option("orders", 1_000_000);
const PG_ORDERS = option("pg-orders", 100_000);
const WEBHOOKS = option("webhooks", 1000);
const SEED = option("seed", 1);
/** --no-verify skips the store = database check after each backfill. */
const VERIFY = !args.includes("--no-verify");
/** --live-simulator: no recorded answers replayed; the simulator works out each one on the same cores. */
const REPLAY = !args.includes("--live-simulator");
const NOW = "2026-10-15T12:00:00Z";
const SHOP = "maison-verte.myshopify.com";


async function backfillBench(label: string, orders: number, databaseUrl: () => Promise<{ url: string; drop(): Promise<void> }>) {
  const file = await jsonlFile(orders, SEED, NOW);
  console.log(`\n${label}: ${orders.toLocaleString("en")} orders, ${file.lines.toLocaleString("en")} JSONL lines, ${mb(statSync(file.path).size)} MB`);
  const target = await databaseUrl();
  try {
    // The backfill first, so its peak RSS is not inflated by the baseline's garbage.
    const gen = createGenerator({ seed: SEED, orders, preset: "eu", now: NOW });
    const r = await importInto(target.url, file.path, SHOP, gen, { verify: VERIFY, replay: REPLAY });
    const parseSeconds = await plainParse(file.path);
    print("backfill total time (s)", round(r.seconds));
    print("orders stored", r.stored);
    print("order lines stored", r.storedLines);
    print("orders/s", Math.round(r.stats.orders / r.seconds));
    print("lines/s (order line items)", Math.round(r.stats.lines / r.seconds));
    print("JSONL lines/s", Math.round(file.lines / r.seconds));
    print("children fetched one by one (late)", r.stats.late);
    print("peak RSS (MB)", mb(r.peak));
    print("  at the highest sampled RSS (MB)", `${mb(r.atPeak.rss)}: heaps main ${mb(r.atPeak.main)}, writer ${mb(r.atPeak.writer)}; outside them ${mb(r.atPeak.rss - r.atPeak.main - r.atPeak.writer)}`);
    print("plain JSON.parse of every line (s)", round(parseSeconds));
    print("ratio backfill / JSON.parse", round(r.seconds / parseSeconds, 2));
    // The refund follow-up (refund-lines.server.ts), inside the backfill time above.
    print("refunded orders (held for their lines)", r.stats.refundedOrders);
    print("refunds stored / refund lines stored", `${r.storedRefunds.toLocaleString("en")} / ${r.storedRefundLines.toLocaleString("en")}`);
    print("follow-up requests (nodes batches + pages)", `${r.cost.requests.toLocaleString("en")} + ${r.cost.pages.toLocaleString("en")}`);
    print("follow-up cost requested / actual (points)", `${r.cost.requested.toLocaleString("en")} / ${r.cost.actual.toLocaleString("en")}`);
    print("  actual points per refund", round(r.cost.actual / Math.max(1, r.stats.refunds.refunds), 1));
    // Here the follow-up is answered at once, so the file waits only for its speed; on Shopify the bucket sets the pace.
    // Answers replayed cost the cores next to nothing; the ones the simulator worked out live took its CPU from the import.
    print("answers replayed / worked out live", `${r.simulator.replayed.toLocaleString("en")} / ${r.simulator.live.toLocaleString("en")}${r.simulator.live > 0 ? " (live answers: run again for NetMargin's time alone)" : ""}`);
    print("simulator's CPU answering it (s, other process)", round(r.simulator.cpuSeconds));
    print("import waiting for the follow-up (s)", round(r.stats.refundWaitMs / 1000));
    print("ratio without that wait", round((r.seconds - r.stats.refundWaitMs / 1000) / parseSeconds, 2));
    // The bucket refills at the restore rate and gives back requested − actual after each request.
    print("follow-up at 100 points/s (standard) (min)", round(r.cost.actual / 100 / 60, 1));
    print("follow-up at 1,000 points/s (Plus) (min)", round(r.cost.actual / 1000 / 60, 1));
    if (r.differences !== null) {
      print("store = database (orders, lines, refunds)", r.differences.length === 0 ? `yes, checked in ${round(r.verifySeconds)} s` : `NO: ${r.differences.slice(0, 5).join("; ")}`);
      if (r.differences.length > 0) process.exitCode = 1;
    }
  } finally {
    await target.drop();
  }
}

async function webhookBench(count: number) {
  if (count === 0) return;
  const { startSimulator } = await import("../simulator/server");
  const { orderTopicPayload } = await import("../simulator/rest-payloads");
  const { Session } = await import("@shopify/shopify-api");
  const { PrismaSessionStorage } = await import("@shopify/shopify-app-session-storage-prisma");
  const sim = await startSimulator({ generator: { seed: SEED, orders: count, preset: "eu", now: NOW } });
  const dir = mkdtempSync(join(tmpdir(), "netmargin-bench-"));
  const databaseUrl = `file:${join(dir, "webhooks.sqlite")}`;
  await applyMigrations({ databaseUrl });
  const secret = "bench-secret";
  Object.assign(process.env, {
    SHOPIFY_API_KEY: "bench",
    SHOPIFY_API_SECRET: secret,
    SHOPIFY_APP_URL: "https://netmargin.example.com",
    SCOPES: "read_orders,read_all_orders,read_products,read_inventory",
    DATABASE_URL: databaseUrl,
    NODE_ENV: "development",
    NETMARGIN_MODE: "demo",
    NETMARGIN_DEMO_ADMIN_URL: sim.url,
    NETMARGIN_DEMO_SHOP: sim.shopDomain,
    LOG_LEVEL: "warn",
  });
  const db = createPrismaClient(databaseUrl);
  await new PrismaSessionStorage(db).storeSession(
    new Session({ id: `offline_${sim.shopDomain}`, shop: sim.shopDomain, state: "", isOnline: false, scope: process.env.SCOPES, accessToken: sim.accessToken }),
  );
  await db.shop.create({ data: { shop: sim.shopDomain, installedAt: new Date(), scopes: process.env.SCOPES!, currencyCode: "EUR" } });
  // Already backfilled: the boot does not start one; the deliveries' order fetches run in the background.
  await db.syncState.create({ data: { shop: sim.shopDomain, status: "idle", lastBackfillAt: new Date() } });
  const { action } = await import("~/routes/webhooks.orders.create");
  const { startSyncJobs } = await import("~/jobs/runtime.server");
  await startSyncJobs();
  const latencies: number[] = [];
  for (const order of sim.store.orders.slice(0, count)) {
    const body = JSON.stringify(orderTopicPayload("orders/create", order, { currencyCode: "EUR", timezoneOffsetMinutes: 60 }));
    const hmac = createHmac("sha256", secret).update(body, "utf8").digest("base64");
    const request = new Request("https://netmargin.example.com/webhooks/orders/create", {
      method: "POST",
      body,
      headers: {
        "Content-Type": "application/json",
        "X-Shopify-Topic": "orders/create",
        "X-Shopify-Hmac-Sha256": hmac,
        "X-Shopify-Shop-Domain": sim.shopDomain,
        "X-Shopify-API-Version": "2026-10",
        "X-Shopify-Webhook-Id": randomUUID(),
        "X-Shopify-Event-Id": randomUUID(),
        "X-Shopify-Triggered-At": new Date().toISOString(),
      },
    });
    const started = performance.now();
    const response = await action({ request, params: {}, context: {} });
    latencies.push(performance.now() - started);
    if (response.status !== 200) throw new Error(`orders/create answered ${response.status}: ${await response.text()}`);
  }
  const stored = await db.order.count();
  const slowest = latencies.indexOf(Math.max(...latencies));
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => round(latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))]!, 2);
  console.log(`\nWebhooks: ${count.toLocaleString("en")} signed orders/create deliveries to the real route, one after another`);
  print("orders stored", stored);
  print("webhook-to-stored latency p50 (ms)", pct(50));
  print("webhook-to-stored latency p95 (ms)", pct(95));
  print("webhook-to-stored latency max (ms)", `${round(latencies.at(-1)!, 2)} (delivery #${slowest + 1})`);
  await globalThis.netmarginSync?.queue.stop();
  await db.$disconnect();
  await sim.close();
  rmSync(dir, { recursive: true, force: true });
}

async function main() {
  console.log(`NetMargin bench:sync (Node ${process.version}, ${new Date().toISOString()})`);
  if (ORDERS > 0) {
    await backfillBench("SQLite", ORDERS, async () => {
      const dir = mkdtempSync(join(tmpdir(), "netmargin-bench-"));
      return { url: `file:${join(dir, "bench.sqlite")}`, drop: async () => rmSync(dir, { recursive: true, force: true }) };
    });
  }
  if (PG_ORDERS > 0) {
    await backfillBench("PostgreSQL", PG_ORDERS, async () => {
      const name = `netmargin_bench_${process.pid}`;
      const server = process.env.BENCH_POSTGRESQL_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
      const admin = new pg.Client({ connectionString: server });
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await admin.query(`CREATE DATABASE "${name}"`);
      await admin.end();
      const url = new URL(server);
      url.pathname = `/${name}`;
      return {
        url: url.href,
        drop: async () => {
          const c = new pg.Client({ connectionString: server });
          await c.connect();
          await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
          await c.end();
        },
      };
    });
  }
  await webhookBench(WEBHOOKS);
  process.exit(process.exitCode ?? 0);
}

await main();
