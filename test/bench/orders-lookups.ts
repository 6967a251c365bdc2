/**
 * npx tsx test/bench/orders-lookups.ts [--orders 50000] [--runs 7]
 *
 * The orders page's search by order name and its product filter on a store of N synthetic orders
 * (OrderMargin rows and two lines each), on SQLite and PostgreSQL: the median server time of the
 * page's data (ordersView: page + capped count + filter options) and the plan of the page's query.
 * Then the search as it was before the migration 20261207214328 (LIKE '%…%' without an index on the
 * name): the two indexes dropped, the old query text, against the new one's. Prints; asserts nothing.
 */
import { Prisma, type PrismaClient } from "@prisma/client";

import { createPrismaClient, providerOf } from "~/db.server";
import { nameMatches, ordersView, parseOrdersParams } from "~/services/orders-view.server";
import { applyMigrations } from "../../prisma/tools/migrator";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";

// test/db/databases.ts's two databases, without its vitest import (this runs under tsx).
const SERVER = process.env.TEST_POSTGRESQL_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
async function onServer(sql: string) {
  const client = new pg.Client({ connectionString: SERVER });
  await client.connect();
  await client.query(sql).finally(() => client.end());
}
const createDatabase = {
  sqlite: async () => {
    const dir = mkdtempSync(join(tmpdir(), "netmargin-lookups-"));
    return { url: `file:${join(dir, "bench.sqlite")}`, drop: async () => rmSync(dir, { recursive: true, force: true }) };
  },
  postgresql: async () => {
    const name = `netmargin_lookups_${process.pid}`;
    await onServer(`CREATE DATABASE "${name}"`);
    const url = new URL(SERVER);
    url.pathname = `/${name}`;
    return { url: url.href, drop: () => onServer(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`) };
  },
};

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? fallback : Number(process.argv[i + 1]);
};
const ORDERS = arg("orders", 50_000);
const RUNS = arg("runs", 7);
const SHOP = "maison-verte.myshopify.com";
const NOW = new Date("2026-10-15T12:00:00Z");
const PRODUCTS = 500;
/** Product 1 is in every 5th order (dense), product 2 in 20 orders (sparse); the others share the rest. */
const productOf = (i: number, line: number) => (line === 0 && i % 5 === 0 ? 1 : line === 1 && i % (ORDERS / 20) === 7 ? 2 : 3 + ((i * 7 + line) % (PRODUCTS - 2)));

async function seed(db: PrismaClient) {
  await db.shop.create({ data: { shop: SHOP, installedAt: new Date("2024-01-01T00:00:00Z"), scopes: "read_orders", currencyCode: "EUR", ianaTimezone: "Europe/Paris" } });
  const span = 365 * 86_400_000;
  for (let start = 0; start < ORDERS; start += 5000) {
    const margins: Prisma.OrderMarginCreateManyInput[] = [];
    const lines: Prisma.OrderLineCreateManyInput[] = [];
    for (let i = start; i < Math.min(ORDERS, start + 5000); i++) {
      const orderId = `gid://shopify/Order/${1_000_000 + i}`;
      const processedAt = new Date(NOW.getTime() - span + Math.floor((i / ORDERS) * span));
      const netMargin = ((i * 7919) % 20_000) - 5000;
      margins.push({
        shop: SHOP,
        orderId,
        orderName: `#${1001 + i}`,
        processedAt,
        localDate: processedAt.toISOString().slice(0, 10),
        currency: "EUR",
        cancelled: false,
        test: false,
        countryCode: i % 3 === 0 ? "DE" : "FR",
        gateway: i % 4 === 0 ? "paypal" : "shopify_payments",
        items: 2,
        netRevenue: 5000,
        costOfGoods: 2000,
        shipping: 500,
        packaging: 0,
        labour: 0,
        paymentFees: 100,
        fixedCosts: 0,
        provisions: 0,
        totalCosts: 5000 - netMargin,
        netMargin,
        marginBp: Math.round((netMargin / 5000) * 10_000),
        withoutDiscounts: netMargin,
        flags: netMargin < 0 ? 1 : 0,
        shippingSource: "default",
        feesEstimated: false,
        missingCostLines: 0,
        computedAt: NOW,
      });
      for (const line of [0, 1]) {
        const p = productOf(i, line);
        lines.push({
          shop: SHOP,
          orderId,
          id: `gid://shopify/LineItem/${2 * (1_000_000 + i) + line}`,
          position: line,
          productId: `gid://shopify/Product/${p}`,
          variantId: `gid://shopify/ProductVariant/${p}`,
          title: `Product ${p}`,
          quantity: 1,
          currentQuantity: 1,
          netRevenueBeforeTax: 2500,
          discountBeforeTax: 0,
          tax: 0,
          unitPriceBeforeTax: 2500,
          requiresShipping: true,
        });
      }
    }
    await db.orderMargin.createMany({ data: margins });
    await db.orderLine.createMany({ data: lines });
  }
  if (providerOf(db) === "postgresql") await db.$executeRawUnsafe(`ANALYZE`);
}

/** The search's page and capped count as they were before the index (LIKE '%…%', ESCAPE), by net margin. */
async function oldSearch(db: PrismaClient, search: string) {
  const from = new Date(NOW.getTime() - 365 * 86_400_000);
  const where = Prisma.sql`m."shop" = ${SHOP} AND m."cancelled" = ${false} AND m."test" = ${false} AND m."processedAt" >= ${from} AND m."processedAt" < ${NOW}
    AND m."orderName" LIKE ${`%${search}%`} ESCAPE '\\'`;
  await db.$queryRaw`SELECT m."orderId", m."netMargin" FROM "OrderMargin" m WHERE ${where} ORDER BY m."netMargin" ASC, m."orderId" ASC LIMIT 50`;
  await db.$queryRaw`SELECT COUNT(*) AS "n" FROM (SELECT 1 FROM "OrderMargin" m WHERE ${where} LIMIT 10001) AS "capped"`;
}

async function median(run: () => Promise<unknown>): Promise<number> {
  await run();
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    await run();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return Math.round(times[Math.floor(times.length / 2)]! * 10) / 10;
}

const params = (q: string) => {
  const p = parseOrdersParams(new URLSearchParams(q));
  if (!p.ok) throw new Error(JSON.stringify(p.errors));
  return p.params;
};

const SEARCHES: [string, string][] = [
  ["#12345", "#12345 only"],
  ["4321", "#4321 and #43210-#43219 (old: also #14321, #24321…)"],
  ["12", "#12, #120-#129, … (old: every name holding 12)"],
];

/** The search's page and capped count as the new code writes them (driven by the name index): the same two queries `oldSearch` times. */
async function newSearch(db: PrismaClient, provider: "sqlite" | "postgresql", search: string) {
  const from = new Date(NOW.getTime() - 365 * 86_400_000);
  const where = Prisma.sql`m."shop" = ${SHOP} AND m."orderId" = x."orderId" AND m."cancelled" = ${false} AND m."test" = ${false} AND m."processedAt" >= ${from} AND m."processedAt" < ${NOW}`;
  const driver = nameMatches(provider, SHOP, search)!;
  await db.$queryRaw`SELECT m."orderId", m."netMargin" FROM (${driver}) x CROSS JOIN "OrderMargin" m WHERE ${where} ORDER BY m."netMargin" ASC, m."orderId" ASC LIMIT 50`;
  await db.$queryRaw`SELECT COUNT(*) AS "n" FROM (SELECT 1 FROM (${driver}) x CROSS JOIN "OrderMargin" m WHERE ${where} LIMIT 10001) AS "capped"`;
}

for (const provider of ["sqlite", "postgresql"] as const) {
  const database = await createDatabase[provider]();
  try {
    await applyMigrations({ databaseUrl: database.url });
    const db = createPrismaClient(database.url);
    const t = performance.now();
    await seed(db);
    console.log(`\n${provider}: ${ORDERS.toLocaleString("en")} orders seeded in ${Math.round(performance.now() - t)} ms`);
    console.log("  the search's page + capped count (median ms): after (prefix ranges, name index) | before (LIKE '%…%', no index)");
    const after: number[] = [];
    for (const [search] of SEARCHES) after.push(await median(() => newSearch(db, provider, search)));
    const cases: [string, string][] = [
      ["search 4321", "range=12m&q=4321"],
      ["search 12, by date", "range=12m&q=12&sort=processedAt"],
      ["product in 20 orders, by margin", "range=12m&product=gid%3A%2F%2Fshopify%2FProduct%2F2"],
      ["product in 20 orders, by date", "range=12m&product=gid%3A%2F%2Fshopify%2FProduct%2F2&sort=processedAt"],
      [`product in ${(ORDERS / 5).toLocaleString("en")} orders, by margin`, "range=12m&product=gid%3A%2F%2Fshopify%2FProduct%2F1"],
      [`product in ${(ORDERS / 5).toLocaleString("en")} orders, page 40`, "range=12m&product=gid%3A%2F%2Fshopify%2FProduct%2F1&page=40"],
      [`product in ${(ORDERS / 5).toLocaleString("en")} orders, by date`, "range=12m&product=gid%3A%2F%2Fshopify%2FProduct%2F1&sort=processedAt"],
      ["no filter, by margin", "range=12m"],
    ];
    const views: string[] = [];
    for (const [label, q] of cases) {
      const ms = await median(() => ordersView(db, SHOP, params(q), { now: NOW }));
      views.push(`  ${label.padEnd(48)} ${String(ms).padStart(8)} ms (${(await ordersView(db, SHOP, params(q), { now: NOW })).total} matching)`);
    }
    // The page's query for a search, as orderPage writes it (by net margin, the range's bounds), and its plan.
    const from = new Date(NOW.getTime() - 365 * 86_400_000);
    const q = Prisma.sql`SELECT m."orderId" FROM (${nameMatches(provider, SHOP, "4321")!}) x CROSS JOIN "OrderMargin" m WHERE m."shop" = ${SHOP} AND m."orderId" = x."orderId"
      AND m."cancelled" = ${false} AND m."test" = ${false} AND m."processedAt" >= ${from} AND m."processedAt" < ${NOW} ORDER BY m."netMargin" ASC, m."orderId" ASC LIMIT 50`;
    const plan = await db.$queryRaw<Record<string, unknown>[]>(provider === "sqlite" ? Prisma.sql`EXPLAIN QUERY PLAN ${q}` : Prisma.sql`EXPLAIN ${q}`);
    // Before: the migration's two indexes dropped, the old query text.
    for (const index of ["OrderMargin_shop_orderName_idx", "OrderLine_shop_productId_orderId_idx"]) await db.$executeRawUnsafe(`DROP INDEX "${index}"`);
    for (const [i, [search, label]] of SEARCHES.entries()) {
      const before = await median(() => oldSearch(db, search.replace(/^#/, "")));
      console.log(`  search ${search.padEnd(8)} ${String(after[i]).padStart(8)} ms | ${String(before).padStart(8)} ms   ${label}`);
    }
    console.log("  the page's data (ordersView: page, count, filter options), median ms, after:");
    console.log(views.join("\n"));
    console.log(`  plan of the search "4321":\n${plan.map((r) => `    ${String(r.detail ?? r["QUERY PLAN"])}`).join("\n")}`);
    await db.$disconnect();
  } finally {
    await database.drop();
  }
}
