/**
 * The offline demo: NetMargin's real app, on SQLite, against a seeded demo
 * store served by the Admin API simulator. `bash .ci/start` runs it.
 *
 *   npx tsx test/demo/run.ts [--port 3000] [--simulator-port 3457] [--orders 2000] [--seed 7] [--preset eu|us] [--now hour|2026-10-15T12:00:00Z]
 *
 * 1. generates the demo store (deterministic from the seed) and serves it with the simulator;
 * 2. applies the migrations to a fresh prisma/demo.sqlite and "installs" the shop: stores its
 *    offline session and records the shop's facts read through the simulator, as afterAuth does;
 * 3. starts the app (Vite dev server, NODE_ENV=development) with NETMARGIN_MODE=demo, which swaps
 *    only the Shopify transport and admin login (app/demo.server.ts), and prints its URL.
 */
import { spawn } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";

import { Session } from "@shopify/shopify-api";
import { PrismaSessionStorage } from "@shopify/shopify-app-session-storage-prisma";

import { createPrismaClient } from "../../app/db.server";
import { importSettingsFile } from "../../app/store/cost-settings.server";
import { installShop } from "../../app/services/installation.server";
import { seedDemoSupplierInvoices } from "./supplier-invoices";
import { adminGraphql } from "../../app/shopify/admin-client.server";
import { applyMigrations } from "../../prisma/tools/migrator";
import { startSimulator } from "../simulator/server";

const SCOPES = "read_orders,read_all_orders,read_products,read_inventory,read_locations,read_shipping,write_discounts";

function flags() {
  const { values } = parseArgs({
    options: {
      port: { type: "string", default: process.env.PORT ?? "3000" },
      "simulator-port": { type: "string", default: "3457" },
      orders: { type: "string", default: "2000" },
      seed: { type: "string", default: "7" },
      preset: { type: "string", default: "eu" },
      // When the store's history ends: "hour" (default) the current hour, as the app's clock reads it
      // (with a fixed date, a demo run weeks later shows no recent sale: every stocked line overstock
      // or dead stock on the Stock page, issue 18), or an ISO instant (the browser tests' fixed date).
      now: { type: "string", default: "hour" },
    },
    strict: true,
  });
  const int = (name: string, value: string, min: number, max: number) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min || n > max) {
      throw new Error(`--${name} must be a whole number from ${min} to ${max} (got "${value}")`);
    }
    return n;
  };
  if (values.preset !== "eu" && values.preset !== "us") throw new Error(`--preset must be eu or us (got "${values.preset}")`);
  return {
    port: int("port", values.port, 1, 65535),
    simulatorPort: int("simulator-port", values["simulator-port"], 0, 65535),
    orders: int("orders", values.orders, 1, 100_000),
    seed: int("seed", values.seed, 0, 2 ** 31 - 1),
    preset: values.preset as "eu" | "us",
    now: values.now === "hour" ? new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000).toISOString().replace(".000Z", "Z") : isoNow(values.now),
  };
}

function isoNow(value: string): string {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/.test(value) || !Number.isFinite(Date.parse(value))) throw new Error(`--now must be "hour" or an instant like 2026-10-15T12:00:00Z (got "${value}")`);
  return value;
}

async function main() {
  if (process.env.NODE_ENV === "production") {
    throw new Error("the offline demo cannot run with NODE_ENV=production: it serves a simulated store");
  }
  const opts = flags();
  const started = performance.now();
  const simulator = await startSimulator({
    generator: { seed: opts.seed, orders: opts.orders, preset: opts.preset, now: opts.now },
    port: opts.simulatorPort,
  });
  log(`simulator: ${simulator.shopDomain} (${opts.orders} orders, seed ${opts.seed}) at ${simulator.url}`);

  // Browser tests start one demo per test file, at the same time: each gets its own file
  // (NETMARGIN_DEMO_DATABASE), or one would delete the other's database under it.
  const databaseFile = process.env.NETMARGIN_DEMO_DATABASE ?? join(process.cwd(), "prisma", "demo.sqlite");
  for (const suffix of ["", "-journal", "-wal", "-shm"]) rmSync(databaseFile + suffix, { force: true });
  const databaseUrl = `file:${databaseFile}`;
  await applyMigrations({ databaseUrl });
  await install(databaseUrl, simulator);
  log(`installed ${simulator.shopDomain} in ${databaseFile}`);

  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "development",
    NETMARGIN_MODE: "demo",
    NETMARGIN_DEMO_ADMIN_URL: simulator.url,
    NETMARGIN_DEMO_SHOP: simulator.shopDomain,
    SHOPIFY_API_KEY: "netmargin-demo",
    SHOPIFY_API_SECRET: "netmargin-demo-secret",
    SHOPIFY_APP_URL: `http://localhost:${opts.port}`,
    SCOPES,
    DATABASE_URL: databaseUrl,
    PORT: String(opts.port),
  };
  const app = spawn("npx", ["--no-install", "remix", "vite:dev", "--port", String(opts.port), "--strictPort"], {
    env,
    stdio: ["ignore", "inherit", "inherit"],
  });
  const stop = async (code: number) => {
    app.kill("SIGTERM");
    await simulator.close();
    process.exit(code);
  };
  process.on("SIGINT", () => void stop(0));
  process.on("SIGTERM", () => void stop(0));
  app.on("exit", (code) => void stop(code ?? 1));

  await waitForHealthy(`http://localhost:${opts.port}/healthz`, 120_000);
  log(`ready in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  log(`NetMargin demo: open http://localhost:${opts.port}/app`);
}

/** A real install's steps: the offline session (Shopify's token exchange), then afterAuth's installShop. */
async function install(databaseUrl: string, simulator: { shopDomain: string; accessToken: string; graphqlUrl: string }) {
  const db = createPrismaClient(databaseUrl);
  try {
    await new PrismaSessionStorage(db).storeSession(
      new Session({
        id: `offline_${simulator.shopDomain}`,
        shop: simulator.shopDomain,
        state: "",
        isOnline: false,
        scope: SCOPES,
        accessToken: simulator.accessToken,
      }),
    );
    // The same install as afterAuth, with the Admin API reached straight at the simulator.
    await installShop(db, {
      shop: simulator.shopDomain,
      scopes: SCOPES,
      graphql: adminGraphql(
        {
          graphql: async (query) =>
            fetch(simulator.graphqlUrl, {
              method: "POST",
              headers: { "Content-Type": "application/json", "X-Shopify-Access-Token": simulator.accessToken },
              body: JSON.stringify({ query }),
            }),
        },
        simulator.shopDomain,
      ),
    });
    // Example cost settings (carrier rules, packaging, labour, gateway fees, fixed costs,
    // provisions), so the demo's margins carry every cost step. In the shop's currency.
    const example = JSON.parse(readFileSync(join(process.cwd(), "test", "fixtures", "margin", "settings-eu.json"), "utf8")) as Record<string, unknown>;
    const shopRow = await db.shop.findUniqueOrThrow({ where: { shop: simulator.shopDomain } });
    const imported = await importSettingsFile(db, simulator.shopDomain, { ...example, currency: shopRow.currencyCode });
    if (!imported.ok) throw new Error(`demo settings: ${JSON.stringify(imported.errors)}`);
    await seedDemoSupplierInvoices(db, simulator.shopDomain, shopRow.currencyCode ?? "EUR");
  } finally {
    await db.$disconnect();
  }
}

async function waitForHealthy(url: string, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`the app did not answer ${url} within ${timeoutMs / 1000} s`);
}

function log(message: string) {
  console.info(`[demo] ${message}`);
}

main().catch((error: unknown) => {
  console.error(`[demo] ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
