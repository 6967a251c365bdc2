/**
 * The sales forecast's backtest (issue 20, item 1): on a store's stored order margins, per
 * shop-local day → complete ISO weeks, forecast the last 13 weeks from the weeks before them and
 * print MAPE and bias for the method (app/domain/forecast.ts) and the naive baseline, for net
 * revenue and units; then the time to forecast the next 26 weeks from the whole history.
 *
 *   npx tsx test/bench/forecast-backtest.ts [--orders 2000] [--seed 7|1]
 *
 * Default: the demo store (test/demo/run.ts: 2,000 orders, seed 7, the generator's 18 months of
 * history) at the bench's fixed now (2026-10-15). `--orders 1000000` runs on the bench store
 * (bench:margin's seed 1 unless --seed says otherwise). The store is marginStore's cached SQLite
 * (imported through the real sync path, margins computed once); only read here.
 */
import { cpus, loadavg } from "node:os";
import { parseArgs } from "node:util";

import { createPrismaClient } from "~/db.server";
import { addDays } from "~/domain/time";
import { BASELINE_LABELS, FORECAST_METHOD_LABELS, HOLDOUT_WEEKS, backtest, forecastSales, weeklyTotals, type Accuracy, type DayTotal } from "~/domain/forecast";
import { BENCH_NOW, BENCH_SHOP, marginStore, round } from "./fixtures";

const { values } = parseArgs({ options: { orders: { type: "string", default: "2000" }, seed: { type: "string" } }, strict: true });
const ORDERS = Number(values.orders);
if (!Number.isInteger(ORDERS) || ORDERS < 50) throw new Error(`--orders must be a whole number ≥ 50 (got "${values.orders}")`);
// The demo's seed (test/demo/run.ts) for the demo's size, bench:margin's otherwise (its cached store).
const SEED = values.seed !== undefined ? Number(values.seed) : ORDERS === 2000 ? 7 : 1;

const pct = (x: number | null) => (x === null ? "—" : `${x >= 0 && x !== 0 ? "+" : ""}${round(x, 1)} %`);
const mape = (x: number | null) => (x === null ? "—" : `${round(x, 1)} %`);

async function main() {
  console.log(`forecast backtest (Node ${process.version}, ${new Date().toISOString()}, ${cpus().length} cores, load average ${loadavg().map((x) => x.toFixed(2)).join(" ")})`);
  const file = await marginStore(ORDERS, SEED);
  const db = createPrismaClient(`file:${file}`);
  try {
    const t0 = performance.now();
    const rows = await db.$queryRaw<{ day: string; netRevenue: bigint | number; units: bigint | number }[]>`
      SELECT "localDate" AS "day", SUM("netRevenue") AS "netRevenue", SUM("items") AS "units"
        FROM "OrderMargin"
       WHERE "shop" = ${BENCH_SHOP} AND "cancelled" = 0 AND "test" = 0
       GROUP BY "localDate" ORDER BY "localDate"`;
    const readMs = performance.now() - t0;
    const days: DayTotal[] = rows.map((r) => ({ day: r.day, netRevenue: Number(r.netRevenue), units: Number(r.units) }));
    if (days.length === 0) throw new Error("the store has no orders");
    // The history's last finished day: the day before the store's "now" (Europe/Paris; same date at noon UTC).
    const today = BENCH_NOW.slice(0, 10);
    const t1 = performance.now();
    const weeks = weeklyTotals(days, { firstDay: days[0]!.day, lastDay: addDays(today, -1) });
    const forecast = forecastSales(weeks, today);
    const forecastMs = performance.now() - t1;
    console.log(`store: ${ORDERS.toLocaleString("en")} orders, seed ${SEED}, ${days.length} days with sales, ${weeks.length} complete weeks (${weeks[0]!.week} … ${weeks.at(-1)!.week})`);
    console.log(`read per day ${round(readMs)} ms; weekly buckets + 26-week forecast ${round(forecastMs, 2)} ms; method ${forecast.method.netRevenue}${forecast.rough ? ` (rough: ${forecast.roughReason})` : ""}`);
    console.log(`\nbacktest: the last ${HOLDOUT_WEEKS} weeks forecast from the ${weeks.length - HOLDOUT_WEEKS} before them`);
    const table: { series: string; forecaster: string; mape: string; bias: string }[] = [];
    for (const [series, y] of [
      ["net revenue", weeks.map((w) => w.netRevenue)],
      ["units", weeks.map((w) => w.units)],
    ] as const) {
      const b = backtest(y);
      const row = (forecaster: string, a: Accuracy) => table.push({ series, forecaster, mape: mape(a.mape), bias: pct(a.bias) });
      row(`method: ${FORECAST_METHOD_LABELS[b.method]}`, b.methodAccuracy);
      row(`baseline: ${BASELINE_LABELS[b.baseline]}`, b.baselineAccuracy);
      const beats = b.methodAccuracy.mape !== null && b.baselineAccuracy.mape !== null && b.methodAccuracy.mape < b.baselineAccuracy.mape;
      console.log(`${series}: method ${beats ? "beats" : "does NOT beat"} the baseline on MAPE; ${b.coverage === null ? "—" : `${round(b.coverage, 0)} %`} of the held-out weeks inside its 80 % interval`);
    }
    console.table(table);
    const first = forecast.weeks[0]!;
    const last = forecast.weeks.at(-1)!;
    console.log(`next 26 weeks, net revenue (minor units, 80 % interval): ${first.week} ${first.netRevenue.forecast} [${first.netRevenue.low}, ${first.netRevenue.high}] … ${last.week} ${last.netRevenue.forecast} [${last.netRevenue.low}, ${last.netRevenue.high}]`);
  } finally {
    await db.$disconnect();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
