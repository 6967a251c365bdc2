/**
 * npm run bench:pages -- [--orders 1000000] [--variants 50000] [--runs 20] [--seed 1] [--no-build] [--server build/server/index.js] [--source] [--only "Order detail"] [--json]
 *
 * Every page's server time at scale (issue 17, item 7; prints, asserts nothing): the
 * simulator's N-order store in SQLite (the one bench:margin builds and caches in
 * ~/.cache/netmargin/bench: imported through the real sync path, the catalog's unit costs,
 * the EU example settings, margins computed), then each page's loader called directly as
 * the production build calls it (`routes[id].module.loader({ request, params, context })`
 * of build/server/index.js, NODE_ENV=production), `--runs` times a page, one request at a
 * time: Home, Products, Product detail, Orders, Order detail, Settings, Promotions, and the
 * Planner with 12 months replayed. A request carries a session token signed as Shopify's
 * admin signs it (the shop's offline session is stored in the copy), so `authenticate.admin`
 * runs as in production; the Admin API calls of Home and the Planner go to the simulator on
 * loopback (test/bench/load-transport.mjs), so Shopify's own latency is not in the times,
 * and the table says how much of each page's time those calls took.
 *
 * Server time: from the loader's call until its result is serialised (JSON.stringify of what
 * it returned, or the Response's body read). Printed per page: median, p95, max (ms), the
 * target (p95 ≤ 300 ms; Planner ≤ 1 s) and whether it is met.
 *
 * `--source` loads the route modules from app/ (through tsx) instead of a build: quicker, and
 * what test/bench/pages.test.ts runs on a tiny store; the numbers of record come from a build.
 * `--only` measures the pages named (comma-separated), e.g. to profile one with
 * `NODE_OPTIONS=--cpu-prof`. `--json` prints the rows as one JSON line after the table.
 */
import { execFileSync } from "node:child_process";
import { createHmac, randomUUID } from "node:crypto";
import { copyFileSync, existsSync, rmSync } from "node:fs";
import { cpus, homedir, loadavg } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";

import { Session } from "@shopify/shopify-api";
import { PrismaSessionStorage } from "@shopify/shopify-app-session-storage-prisma";

import { createPrismaClient } from "~/db.server";
import { createGenerator } from "../simulator/generator";
import { weightInGrams } from "../simulator/model";
import { startSimulator } from "../simulator/server";
import { Store } from "../simulator/store";
import { BENCH_NOW as NOW, BENCH_SHOP as SHOP, marginStore, round } from "./fixtures";

// ---------------------------------------------------------------------------
// The core: pages, timing, the table (test/bench/pages.test.ts runs it on a tiny store)

/** A page as the bench requests it. */
export interface PageSpec {
  page: string;
  /** The route's id in the build (`routes/app._index`) and its file under app/ (`routes/app._index/route.tsx`). */
  routeId: string;
  /** Path and query after the app's origin. */
  path: string;
  params: Record<string, string>;
  /** p95 budget (ms). */
  targetMs: number;
}

/** One page's measurements (ms). */
export interface PageRow {
  page: string;
  runs: number;
  median: number;
  p95: number;
  max: number;
  /** Median time spent waiting on the Admin API (the simulator) within a request. */
  adminMedian: number;
  targetMs: number;
  met: boolean;
}

/** The issue's budgets: p95 ≤ 300 ms for every page, the Planner (12 months replayed) ≤ 1 s. */
export const PAGE_BUDGET_MS = 300;
export const PLANNER_BUDGET_MS = 1000;

/** The pages of issue 17, item 7, for a product and an order of the store (numeric ids). */
export function pageSpecs(ids: { productId: string; orderId: string }): PageSpec[] {
  const page = (p: string, routeId: string, path: string, params: Record<string, string> = {}, targetMs = PAGE_BUDGET_MS): PageSpec => ({ page: p, routeId, path, params, targetMs });
  return [
    page("Home", "routes/app._index", "/app?range=12m"),
    page("Products", "routes/app.products._index", "/app/products?range=12m"),
    page("Product detail", "routes/app.products.$id", `/app/products/${ids.productId}?range=12m`, { id: ids.productId }),
    page("Orders", "routes/app.orders._index", "/app/orders?range=12m"),
    page("Order detail", "routes/app.orders.$id", `/app/orders/${ids.orderId}`, { id: ids.orderId }),
    page("Settings", "routes/app.settings._index", "/app/settings"),
    page("Promotions", "routes/app.promotions", "/app/promotions"),
    page("Planner (12 months)", "routes/app.planner", "/app/planner?months=12", {}, PLANNER_BUDGET_MS),
    page("Stock", "routes/app.stock._index", "/app/stock"),
  ];
}

/** The value at percentile `p` of sorted samples (nearest rank). */
function at(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/** Calls a loader once and serialises what it returns, as the server would before answering. */
async function serialised(result: unknown): Promise<number> {
  if (result instanceof Response) return (await result.text()).length;
  return JSON.stringify(result)?.length ?? 0;
}

/**
 * Runs each page `runs` times, one request at a time, after one warm-up request (a server's
 * first request of a page pays its module's start-up). `call` answers a page's loader result;
 * `adminMs` tells the time spent in Admin API calls so far (to subtract per request).
 * A loader that throws a Response (a 404, a redirect to login) stops the bench: the page was
 * not measured.
 */
export async function measurePages(specs: readonly PageSpec[], runs: number, call: (spec: PageSpec) => Promise<unknown>, adminMs: () => number = () => 0): Promise<PageRow[]> {
  const rows: PageRow[] = [];
  for (const spec of specs) {
    const times: number[] = [];
    const admin: number[] = [];
    for (let i = 0; i <= runs; i++) {
      const adminBefore = adminMs();
      const started = performance.now();
      let result: unknown;
      try {
        result = await call(spec);
      } catch (error) {
        const detail = error instanceof Response ? `a ${error.status} response${error.headers.get("location") ? ` to ${error.headers.get("location")}` : ""}: ${(await error.text()).slice(0, 300)}` : String(error instanceof Error ? (error.stack ?? error.message) : error);
        throw new Error(`${spec.page} (${spec.path}) threw ${detail}`);
      }
      await serialised(result);
      const ms = performance.now() - started;
      if (i === 0) continue; // warm-up
      times.push(ms);
      admin.push(adminMs() - adminBefore);
    }
    const sorted = [...times].sort((a, b) => a - b);
    const p95 = at(sorted, 95);
    rows.push({
      page: spec.page,
      runs,
      median: round(at(sorted, 50), 1),
      p95: round(p95, 1),
      max: round(sorted.at(-1)!, 1),
      adminMedian: round(at([...admin].sort((a, b) => a - b), 50), 1),
      targetMs: spec.targetMs,
      met: p95 <= spec.targetMs,
    });
  }
  return rows;
}

/** The table as printed (Markdown, so it can be pasted into test/bench/README.md). */
export function pageTable(rows: readonly PageRow[]): string {
  const n = (x: number) => x.toLocaleString("en", { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  const lines = [
    "| Page | Median (ms) | p95 (ms) | Max (ms) | of it Admin API, median (ms) | Target p95 | Met |",
    "| --- | ---: | ---: | ---: | ---: | --- | --- |",
    ...rows.map((r) => `| ${r.page} | ${n(r.median)} | ${n(r.p95)} | ${n(r.max)} | ${n(r.adminMedian)} | ≤ ${r.targetMs.toLocaleString("en")} ms | ${r.met ? "yes" : "no"} |`),
  ];
  return lines.join("\n");
}

// ---------------------------------------------------------------------------
// The store (bench:margin's, shared through the cache)

const SCOPES = "read_orders,read_all_orders,read_products,read_inventory,read_locations,read_shipping,write_discounts";
const API_KEY = "netmargin-bench-pages";
const API_SECRET = "netmargin-bench-pages-secret";
/** A browser's User-Agent: shopify-app-remix answers 410 to bots (isbot), Node's fetch among them. */
const BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";

/**
 * The catalog as the catalog sync stores it (Product, Variant): the generator's products, then
 * products never sold, 8 variants each, until the store has `variants` variants (the issue's
 * store has ~50k; the generator's catalog is a few hundred). Written into the run's copy.
 */
async function storeCatalog(db: ReturnType<typeof createPrismaClient>, seed: number, orders: number, variants: number): Promise<void> {
  const gen = createGenerator({ seed, orders, preset: "eu", now: NOW });
  const now = new Date(NOW);
  const products: { shop: string; id: string; title: string; status: string; updatedAt: Date; syncedAt: Date }[] = [];
  const rows: { shop: string; id: string; productId: string; title: string; sku: string | null; price: number; currency: string; inventoryItemId: string; unitCost: number | null; unitCostCurrency: string; weightGrams: number; requiresShipping: boolean; tracked: boolean; updatedAt: Date; syncedAt: Date }[] = [];
  for (const p of gen.catalog.products) {
    products.push({ shop: SHOP, id: p.id, title: p.title, status: p.status, updatedAt: new Date(p.updatedAt), syncedAt: now });
    for (const v of p.variants) {
      rows.push({
        shop: SHOP,
        id: v.id,
        productId: p.id,
        title: v.title,
        sku: v.sku,
        price: v.price,
        currency: "EUR",
        inventoryItemId: v.inventoryItem.id,
        unitCost: v.inventoryItem.unitCost,
        unitCostCurrency: "EUR",
        weightGrams: Math.round(weightInGrams(v.inventoryItem.weight)),
        requiresShipping: v.inventoryItem.requiresShipping,
        tracked: v.inventoryItem.tracked,
        updatedAt: new Date(v.updatedAt),
        syncedAt: now,
      });
    }
  }
  // Products never sold, as a large catalog has: 8 variants each, priced 10–89 EUR, cost 40 %.
  for (let n = 0; rows.length < variants; n++) {
    const productId = `gid://shopify/Product/${9_000_000_000 + n}`;
    products.push({ shop: SHOP, id: productId, title: `Catalog item ${n + 1}`, status: "ACTIVE", updatedAt: now, syncedAt: now });
    for (let v = 0; v < 8 && rows.length < variants; v++) {
      const price = 1000 + ((n * 37 + v * 11) % 80) * 100;
      rows.push({
        shop: SHOP,
        id: `gid://shopify/ProductVariant/${9_000_000_000 + n * 8 + v}`,
        productId,
        title: `Size ${v + 1}`,
        sku: `CAT-${n + 1}-${v + 1}`,
        price,
        currency: "EUR",
        inventoryItemId: `gid://shopify/InventoryItem/${9_000_000_000 + n * 8 + v}`,
        unitCost: Math.round(price * 0.4),
        unitCostCurrency: "EUR",
        weightGrams: 300 + v * 100,
        requiresShipping: true,
        tracked: true,
        updatedAt: now,
        syncedAt: now,
      });
    }
  }
  await db.variant.deleteMany({ where: { shop: SHOP } });
  await db.product.deleteMany({ where: { shop: SHOP } });
  for (let i = 0; i < products.length; i += 1000) await db.product.createMany({ data: products.slice(i, i + 1000) });
  for (let i = 0; i < rows.length; i += 1000) await db.variant.createMany({ data: rows.slice(i, i + 1000) });
}

/** A session token as Shopify's admin issues it (HS256 with the app's secret; shopify.dev "Session tokens"). */
function sessionToken(shop: string): string {
  const now = Math.floor(Date.now() / 1000);
  const b64 = (s: string) => Buffer.from(s).toString("base64url");
  const header = b64(JSON.stringify({ alg: "HS256", typ: "JWT" }));
  const payload = b64(JSON.stringify({ iss: `https://${shop}/admin`, dest: `https://${shop}`, aud: API_KEY, sub: "1", exp: now + 60, nbf: now - 5, iat: now, jti: randomUUID(), sid: randomUUID() }));
  const signature = createHmac("sha256", API_SECRET).update(`${header}.${payload}`).digest("base64url");
  return `${header}.${payload}.${signature}`;
}

type Loader = (args: { request: Request; params: Record<string, string>; context: Record<string, unknown> }) => Promise<unknown>;

/** The pages' loaders from a production build (`routes` of build/server/index.js) or from app/ (`--source`). */
async function loaders(specs: readonly PageSpec[], from: { server: string } | "source"): Promise<Map<string, Loader>> {
  const out = new Map<string, Loader>();
  if (from === "source") {
    for (const s of specs) {
      const file = resolve("app", `${s.routeId}/route.tsx`);
      const module = (await import(pathToFileURL(existsSync(file) ? file : resolve("app", `${s.routeId}.tsx`)).href)) as { loader: Loader };
      out.set(s.routeId, module.loader);
    }
    return out;
  }
  const build = (await import(pathToFileURL(resolve(from.server)).href)) as { routes: Record<string, { module: { loader?: Loader } }> };
  for (const s of specs) {
    const loader = build.routes[s.routeId]?.module.loader;
    if (!loader) throw new Error(`${from.server} has no loader for ${s.routeId}`);
    out.set(s.routeId, loader);
  }
  return out;
}

interface Flags {
  orders: number;
  variants: number;
  runs: number;
  seed: number;
  build: boolean;
  server: string;
  source: boolean;
  only: string[] | null;
  json: boolean;
}

function flags(): Flags {
  const { values } = parseArgs({
    options: {
      orders: { type: "string", default: "1000000" },
      variants: { type: "string", default: "50000" },
      runs: { type: "string", default: "20" },
      seed: { type: "string", default: "1" },
      "no-build": { type: "boolean", default: false },
      server: { type: "string", default: "build/server/index.js" },
      source: { type: "boolean", default: false },
      only: { type: "string" },
      json: { type: "boolean", default: false },
    },
    strict: true,
  });
  const int = (name: string, value: string, min: number, max: number) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min || n > max) {
      console.error(`--${name} must be a whole number from ${min} to ${max} (got "${value}")`);
      process.exit(2);
    }
    return n;
  };
  return {
    orders: int("orders", values.orders, 50, 5_000_000),
    variants: int("variants", values.variants, 1, 1_000_000),
    runs: int("runs", values.runs, 1, 10_000),
    seed: int("seed", values.seed, 0, 2 ** 31 - 1),
    build: !values["no-build"] && !values.source,
    server: values.server,
    source: values.source,
    only: values.only ? values.only.split(",").map((x) => x.trim()) : null,
    json: values.json,
  };
}

async function main() {
  const f = flags();
  console.log(`NetMargin bench:pages (Node ${process.version}, ${new Date().toISOString()}, ${cpus().length} cores, load average ${loadavg().map((x) => x.toFixed(2)).join(" ")})`);
  const cached = await marginStore(f.orders, f.seed);
  const file = join(homedir(), ".cache", "netmargin", "bench", `pages-run-${process.pid}.sqlite`);
  copyFileSync(cached, file);
  const url = `file:${file}`;

  // Shopify's side: the Admin API simulator for the shop (a small store: only Home's latest orders and the planner's discounts and rates are read from it).
  const sim = await startSimulator({ store: Store.generate({ seed: f.seed, orders: 50, preset: "eu", now: NOW }), bucket: { maximumAvailable: 20_000, restoreRate: 1_000 } });
  if (sim.shopDomain !== SHOP) throw new Error(`the simulator's shop is ${sim.shopDomain}, the store's ${SHOP}`);
  const setup = createPrismaClient(url);
  await storeCatalog(setup, f.seed, f.orders, f.variants);
  await new PrismaSessionStorage(setup).storeSession(new Session({ id: `offline_${SHOP}`, shop: SHOP, state: "", isOnline: false, scope: SCOPES, accessToken: sim.accessToken }));
  // A product and an order with something to show: the best-selling product of the store, and its latest order with the most lines.
  const [product] = await setup.$queryRawUnsafe<{ productId: string }[]>(`SELECT "productId" FROM "OrderLine" WHERE "shop" = ? AND "productId" IS NOT NULL GROUP BY "productId" ORDER BY COUNT(*) DESC LIMIT 1`, SHOP);
  const [order] = await setup.$queryRawUnsafe<{ orderId: string }[]>(`SELECT "orderId" FROM "OrderLine" WHERE "shop" = ? GROUP BY "orderId" ORDER BY COUNT(*) DESC, "orderId" DESC LIMIT 1`, SHOP);
  const stats = {
    orders: await setup.order.count({ where: { shop: SHOP } }),
    lines: await setup.orderLine.count({ where: { shop: SHOP } }),
    products: await setup.product.count({ where: { shop: SHOP } }),
    variants: await setup.variant.count({ where: { shop: SHOP } }),
  };
  await setup.$disconnect();
  if (!product || !order) throw new Error("the store has no order lines");
  const all = pageSpecs({ productId: product.productId.replace(/\D/g, ""), orderId: order.orderId.replace(/\D/g, "") });
  const specs = f.only ? all.filter((s) => f.only!.includes(s.page)) : all;
  if (specs.length === 0) throw new Error(`--only: none of ${f.only!.join(", ")} is a page (${all.map((s) => s.page).join(", ")})`);

  // The app's environment as `npm start` gives it, Shopify's hosts swapped for the simulator (as bench:load does).
  Object.assign(process.env, {
    NODE_ENV: "production",
    DATABASE_URL: url,
    SHOPIFY_API_KEY: API_KEY,
    SHOPIFY_API_SECRET: API_SECRET,
    SHOPIFY_APP_URL: "http://127.0.0.1:3000",
    SCOPES,
    LOG_LEVEL: "warn",
    NETMARGIN_MODE: "shopify",
    NETMARGIN_BENCH_SHOP: SHOP,
    NETMARGIN_BENCH_ADMIN_URL: sim.url,
  });
  await import(new URL("./load-transport.mjs", import.meta.url).href);
  // Time spent in Admin API calls (the simulator), to tell it apart from the app's own time.
  // Wall-clock time with at least one call in flight (calls made at once count once).
  let adminMs = 0;
  let inFlight = 0;
  let since = 0;
  const inner = globalThis.fetch;
  globalThis.fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    if (inFlight++ === 0) since = performance.now();
    try {
      return await inner(input, init);
    } finally {
      if (--inFlight === 0) adminMs += performance.now() - since;
    }
  }) as typeof fetch;

  let from: { server: string } | "source" = "source";
  if (!f.source) {
    if (f.build) {
      console.log("building the app (npm run build) …");
      execFileSync("npm", ["run", "build"], { stdio: ["ignore", "ignore", "inherit"] });
    }
    if (!existsSync(f.server)) throw new Error(`no ${f.server}: run npm run build first (or drop --no-build)`);
    from = { server: f.server };
  }
  const pageLoaders = await loaders(specs, from);
  const host = Buffer.from(`admin.shopify.com/store/${SHOP.replace(".myshopify.com", "")}`).toString("base64url");
  const call = (spec: PageSpec) => {
    const target = new URL(spec.path, "http://127.0.0.1:3000");
    for (const [k, v] of Object.entries({ embedded: "1", shop: SHOP, host, id_token: sessionToken(SHOP) })) target.searchParams.set(k, v);
    const request = new Request(target, { headers: { "User-Agent": BROWSER } });
    return pageLoaders.get(spec.routeId)!({ request, params: spec.params, context: {} });
  };

  console.log(`\nStore: ${stats.orders.toLocaleString("en")} orders, ${stats.lines.toLocaleString("en")} order lines, ${stats.products.toLocaleString("en")} products, ${stats.variants.toLocaleString("en")} variants (SQLite)`);
  console.log(`Loaders from ${from === "source" ? "app/ (--source, through tsx)" : from.server} (NODE_ENV=production); ${f.runs} requests a page after one warm-up, one at a time`);
  console.log(`Product detail: gid://shopify/Product/${all[2]!.params.id}; order detail: gid://shopify/Order/${all[4]!.params.id}\n`);
  // shopify-app-remix logs every authentication at info level: not the bench's output.
  const log = console.log;
  console.log = (...args: unknown[]) => (typeof args[0] === "string" && args[0].startsWith("[shopify-app/") ? undefined : log(...args));
  // Stock health worked out and stored for the whole shop (issue 18: ≤ 3 s at 50,000 variants), as the stock-health job
  // does after a sync; before the pages, so the Stock page, Home and the product page read the stored rows.
  const { refreshStockHealth } = await import("~/services/stock.server");
  const stockDb = createPrismaClient(url);
  const stockTimes: number[] = [];
  let stocked = 0;
  for (let i = 0; i < 3; i++) {
    const started = performance.now();
    stocked = (await refreshStockHealth(stockDb, SHOP)).variants;
    stockTimes.push(performance.now() - started);
  }
  await stockDb.$disconnect();
  const stockLine = `Stock health (refreshStockHealth, ${stocked.toLocaleString("en")} stocked variants of ${stats.variants.toLocaleString("en")}): ${stockTimes.map((t) => `${(t / 1000).toFixed(2)} s`).join(", ")} (target ≤ 3 s)`;
  const rows = await measurePages(specs, f.runs, call, () => adminMs);
  console.log = log;
  console.log(pageTable(rows));
  console.log(`\n${stockLine}`);
  console.log(`\nload average after: ${loadavg().map((x) => x.toFixed(2)).join(" ")}`);
  if (f.json) console.log(JSON.stringify({ store: stats, rows }));
  await sim.close();
  for (const suffix of ["", "-wal", "-shm"]) rmSync(`${file}${suffix}`, { force: true });
  process.exit(0);
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(new URL(import.meta.url).pathname)) await main();
