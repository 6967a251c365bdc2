/**
 * Home's totals and the Planner's replay, before and after issue 17 item 7, in one run on
 * bench:margin's store (`marginStore`, cached): each step is timed the old way and the new
 * way back to back, `--runs` times, and the medians printed (the machine is shared:
 * compare within a run only).
 *
 *   npx tsx test/bench/home-planner.ts [--orders 150000] [--runs 5] [--seed 1]
 *
 * Home: its totals of the range and of the previous period and the order patterns of
 * "Fix these first" from every order's stored margin (three scans of `OrderMargin`, the
 * queries as they were) against the day summary (`ShopDayMargin`, readShopDays twice);
 * then the whole `dashboard`. Planner, 12 months: the read of the replay facts, then the
 * replay as it was (the domain's `replayThresholds`, one pass over the orders per
 * threshold) against `replayMany` (sorted once, cumulative sums), the break-even, the
 * candidates, then the whole `plannerView`: the first request after the margins changed
 * (reads and prepares the replay) and the next ones (the prepared replay's version
 * checked, the thresholds replayed). Both answers are compared (they must be equal).
 */
import { copyFileSync, rmSync } from "node:fs";
import { cpus, homedir, loadavg } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";

import { Prisma, type PrismaClient } from "@prisma/client";

import { createPrismaClient } from "~/db.server";
import { breakEvenThresholds, marginIfFree, replayThresholds } from "~/domain/free-shipping";
import { addDays, addMonths, localDate, startOfLocalDate } from "~/domain/time";
import { productMargins } from "~/margins/product-report.server";
import { dashboard } from "~/services/dashboard.server";
import { candidateThresholds, forgetPreparedReplays, plannerView, replayMany, replayOrders } from "~/services/planner.server";
import { loadSettingsHistory, settingsToday, shopFacts } from "~/store/cost-settings.server";
import { readShopDays } from "~/store/day-summary.server";
import { openRowReader } from "~/store/row-reader.server";
import { BENCH_SHOP as SHOP, marginStore } from "./fixtures";

const { values } = parseArgs({ options: { orders: { type: "string", default: "150000" }, runs: { type: "string", default: "5" }, seed: { type: "string", default: "1" } } });
const ORDERS = Number(values.orders);
const RUNS = Number(values.runs);

/** Home's totals as they were: one aggregate over the period's OrderMargin rows. */
async function legacyTotals(db: PrismaClient, shop: string, from: Date, to: Date) {
  const giftCardOnly = Prisma.sql`m."marginBp" IS NULL AND EXISTS (SELECT 1 FROM "Order" o WHERE o."shop" = m."shop" AND o."id" = m."orderId" AND o."giftCardOnly" = ${true})`;
  const [row] = await db.$queryRaw<Record<string, unknown>[]>`
    SELECT COUNT(*) AS "rows", SUM(CASE WHEN ${giftCardOnly} THEN 1 ELSE 0 END) AS "giftCardOnly", SUM(CASE WHEN m."netMargin" < 0 THEN 1 ELSE 0 END) AS "lossOrders",
           SUM(m."items") AS "items", SUM(m."netRevenue") AS "netRevenue", SUM(m."costOfGoods") AS "costOfGoods", SUM(m."shipping") AS "shipping", SUM(m."packaging") AS "packaging",
           SUM(m."labour") AS "labour", SUM(m."paymentFees") AS "paymentFees", SUM(m."fixedCosts") AS "fixedCosts", SUM(m."stockCarrying") AS "stockCarrying",
           SUM(m."provisions") AS "provisions", SUM(m."netMargin") AS "netMargin"
      FROM "OrderMargin" m
     WHERE m."shop" = ${shop} AND m."cancelled" = ${false} AND m."test" = ${false} AND m."processedAt" >= ${from} AND m."processedAt" < ${to}`;
  const n = (k: string) => Number(row?.[k] ?? 0);
  return { orders: n("rows") - n("giftCardOnly"), netRevenue: n("netRevenue"), netMargin: n("netMargin"), lossOrders: n("lossOrders"), giftCardOnly: n("giftCardOnly") };
}

/** The order patterns as they were: per gateway over the period's OrderMargin rows. */
async function legacyPatterns(db: PrismaClient, shop: string, from: Date, to: Date) {
  const loss = Prisma.sql`m."netMargin" < 0 AND m."shipping" - m."shippingRevenue" >= -m."netMargin"`;
  const rows = await db.$queryRaw<Record<string, unknown>[]>`
    SELECT m."gateway" AS "gateway", COUNT(*) AS "orders", SUM(m."netRevenue") AS "netRevenue", SUM(m."paymentFees") AS "paymentFees",
           SUM(CASE WHEN ${loss} THEN 1 ELSE 0 END) AS "shippingOrders", SUM(CASE WHEN ${loss} THEN -m."netMargin" ELSE 0 END) AS "shippingLoss"
      FROM "OrderMargin" m
     WHERE m."shop" = ${shop} AND m."cancelled" = ${false} AND m."test" = ${false} AND m."processedAt" >= ${from} AND m."processedAt" < ${to}
     GROUP BY m."gateway"`;
  return rows.map((r) => ({ gateway: r.gateway === null ? null : String(r.gateway), orders: Number(r.orders), netRevenue: Number(r.netRevenue), paymentFees: Number(r.paymentFees), shippingOrders: Number(r.shippingOrders) }));
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function timed<T>(times: Map<string, number[]>, label: string, fn: () => Promise<T> | T): Promise<T> {
  const started = performance.now();
  const out = await fn();
  const list = times.get(label) ?? [];
  list.push(performance.now() - started);
  times.set(label, list);
  return out;
}

function same(label: string, a: unknown, b: unknown): void {
  if (JSON.stringify(a) !== JSON.stringify(b)) throw new Error(`${label}: the old and new answers differ\n${JSON.stringify(a)}\n${JSON.stringify(b)}`);
}

async function main() {
  console.log(`home-planner A/B (Node ${process.version}, ${new Date().toISOString()}, ${cpus().length} cores, load average ${loadavg().map((x) => x.toFixed(2)).join(" ")})`);
  const cached = await marginStore(ORDERS, Number(values.seed));
  const file = join(homedir(), ".cache", "netmargin", "bench", `home-planner-${process.pid}.sqlite`);
  copyFileSync(cached, file);
  const url = `file:${file}`;
  process.env.DATABASE_URL = url;
  const db = createPrismaClient(url);
  const reader = openRowReader(url);
  try {
    const facts = await shopFacts(db, SHOP);
    const now = new Date();
    const today = localDate(now.toISOString(), facts.timeZone);
    // Home's "last 12 months" and the Planner's 12 months: [today − 12 months + 1 day, tomorrow).
    const range = { from: addDays(addMonths(today, -12), 1), to: addDays(today, 1) };
    const days = Math.round((Date.parse(range.to) - Date.parse(range.from)) / 86_400_000);
    const previous = { from: addDays(range.from, -days), to: range.from };
    const at = (d: string) => new Date(startOfLocalDate(d, facts.timeZone));
    const settings = settingsToday(await loadSettingsHistory(db, SHOP, facts), now);
    const times = new Map<string, number[]>();
    let replayed = 0;
    for (let run = 0; run <= RUNS; run++) {
      // Run 0 warms up (not counted).
      const t = run === 0 ? new Map<string, number[]>() : times;
      const old = await timed(t, "Home: totals ×2 + patterns from OrderMargin (before)", () =>
        Promise.all([legacyTotals(db, SHOP, at(range.from), at(range.to)), legacyTotals(db, SHOP, at(previous.from), at(previous.to)), legacyPatterns(db, SHOP, at(range.from), at(range.to))]),
      );
      const [cur] = await timed(t, "Home: readShopDays ×2 (after)", () => Promise.all([readShopDays(db, SHOP, range.from, range.to), readShopDays(db, SHOP, previous.from, previous.to)]));
      const sum = (k: "orders" | "giftCardOnly" | "netRevenue" | "netMargin" | "lossOrders") => cur.reduce((s, r) => s + r.totals[k], 0);
      same("Home totals", old[0], { orders: sum("orders") - sum("giftCardOnly"), netRevenue: sum("netRevenue"), netMargin: sum("netMargin"), lossOrders: sum("lossOrders"), giftCardOnly: sum("giftCardOnly") });
      await timed(t, "Home: its trend, ProductDayMargin by day (unchanged)", () =>
        db.productDayMargin.groupBy({ by: ["day"], where: { shop: SHOP, day: { gte: range.from, lt: range.to } }, _sum: { merchandise: true, shippingRevenue: true, netMargin: true } }),
      );
      await timed(t, "Home: its products, productMargins (unchanged)", () => productMargins(db, SHOP, range, settings, facts.currency));
      // The whole page's data (with the parts other work adds to it): a failure is printed, not fatal to the A/B.
      await timed(t, "Home: dashboard() (after, whole)", () =>
        dashboard(db, SHOP, range).catch((e: unknown) => {
          if (run === 0) console.log(`dashboard() failed: ${String(e).split("\n").find((l) => l.trim() !== "")} …`);
        }),
      );

      const orders = await timed(t, "Planner: read the replay facts", () => replayOrders(reader, SHOP, at(range.from), at(range.to)));
      replayed = orders.length;
      const baseStep = 500;
      const prep = await timed(t, "Planner: break-even + candidates (both)", () => {
        const be = breakEvenThresholds(orders, settings, { bandWidth: baseStep });
        return { be, ...candidateThresholds(orders.map((o) => o.basket), baseStep, []) };
      });
      const options = { settings, uplift: { share: { num: 1, den: 10 }, item: { title: "item", basketPrice: 2500, netRevenue: 2000, marginalMargin: 600 } } };
      const before = await timed(t, "Planner: replay, domain replayThresholds (before)", () => replayThresholds(orders, prep.thresholds, options));
      const after = await timed(t, "Planner: replay, replayMany (after)", () => replayMany(orders, orders.map((o) => marginIfFree(o, settings)), prep.thresholds, options));
      same("Planner replay", before.map((r) => ({ ...r, newLossMakers: r.newLossMakers.length })), after.map(({ newLossMakerCount, ...r }) => ({ ...r, newLossMakers: newLossMakerCount })));
      await timed(t, "Planner: per-zone break-even (both)", () => {
        const zones = new Map<string, typeof orders>();
        for (const o of orders) {
          const list = zones.get(o.zone);
          if (list) list.push(o);
          else zones.set(o.zone, [o]);
        }
        for (const list of zones.values()) breakEvenThresholds(list, settings, { bandWidth: baseStep });
      });
      forgetPreparedReplays();
      await timed(t, "Planner: plannerView() (after, whole, first request after the margins changed)", () => plannerView(db, reader, SHOP, { months: 12, upliftPercent: 10 }, { now }));
      await timed(t, "Planner: plannerView() (after, whole, next requests: replay prepared)", () => plannerView(db, reader, SHOP, { months: 12, upliftPercent: 10 }, { now }));
    }
    console.log(`\n${ORDERS.toLocaleString("en")} orders; last 12 months ${range.from} to ${range.to}: ${replayed.toLocaleString("en")} orders replayed; ${RUNS} runs after a warm-up\n`);
    console.log("| Step | median (ms) | runs (ms) |\n| --- | ---: | --- |");
    for (const [label, list] of times) console.log(`| ${label} | ${median(list).toFixed(1)} | ${list.map((x) => x.toFixed(0)).join(", ")} |`);
    console.log(`\nload average after: ${loadavg().map((x) => x.toFixed(2)).join(" ")}`);
  } finally {
    await db.$disconnect();
    await reader.close();
    rmSync(file, { force: true });
    for (const ext of ["-wal", "-shm"]) rmSync(file + ext, { force: true });
  }
}

await main();
