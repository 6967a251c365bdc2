/**
 * The margin jobs. `recompute` is queued after each sync job, each order or
 * unit-cost webhook and each cost change; it writes the margins of the orders sync
 * changed at once, one by one (order-margin.server.ts), then queues `recompute-months`,
 * which recomputes the shop's months marked dirty (recompute.server.ts). Queued jobs
 * of one shop coalesce per queue (one running, one waiting), so a burst of webhooks
 * costs a few quick per-order runs and one or two recomputes of the current month,
 * and a month-wide run under way does not hold up the next webhook's margin.
 *
 * `stock-health` (stock-health.server.ts) stores the shop's stock health; queued after the
 * month-wide recompute (velocities and lost margin read VariantDayMargin; a cost-settings
 * change, stock thresholds included, queues a recompute), and by the sync jobs after a
 * backfill, a reconciliation (inventory import) and the stock snapshots (hourly: a changed
 * snapshot, or a new day, since the windows move with the date). Debounced the same way.
 */
import type { PrismaClient } from "@prisma/client";

import type { JobQueue } from "~/jobs/queue.server";
import { logger } from "~/logger.server";
import type { RowReader } from "~/store/row-reader.server";
import type { SqlDb } from "~/store/sql.server";
import { queueStockHealth, STOCK_HEALTH_JOB } from "~/store/stock-health.server";
import type { ComputeThread } from "./compute-thread.server";
import { refreshChangedOrderMargins } from "./order-margin.server";
import { recomputeMargins } from "./recompute.server";
import { refreshStockHealth } from "./stock-health.server";

export interface MarginJobDeps {
  db: PrismaClient;
  sql: SqlDb;
  reader: RowReader;
  /** The recompute's second thread, or null where it cannot run. */
  compute: ComputeThread | null;
}

/** The month-wide half of a recompute. */
export const RECOMPUTE_MONTHS = "recompute-months";

/**
 * How long the month-wide run waits after changed orders were written ahead. At 20
 * webhooks/s it ran 230 times a minute without a wait, three quarters of the app's
 * CPU (bench:load, test/bench/README.md); the other orders' fixed-cost shares lag by this much more.
 */
export const MONTHS_AFTER_CHANGES_MS = 2_000;

/** Registers the stock-health refresh (also on its own: tests, and processes without the margin recompute). */
export async function registerStockHealthJob(queue: JobQueue, deps: Pick<MarginJobDeps, "db" | "sql">): Promise<void> {
  await queue.register<{ shop: string }>(STOCK_HEALTH_JOB, async ({ shop }) => {
    const row = await deps.db.shop.findUnique({ where: { shop }, select: { uninstalledAt: true } });
    if (row === null || row.uninstalledAt !== null) return;
    const started = Date.now();
    const done = await refreshStockHealth(deps.db, shop, { sql: deps.sql });
    logger.info("stock health stored", { shop, variants: done.variants, asOf: done.asOf, ms: Date.now() - started });
  });
}

export async function registerMarginJobs(queue: JobQueue, deps: MarginJobDeps): Promise<void> {
  const installed = async (shop: string) => {
    const row = await deps.db.shop.findUnique({ where: { shop }, select: { uninstalledAt: true } });
    return row !== null && row.uninstalledAt === null;
  };
  // A failure here costs only the head start: the month-wide run writes the same rows.
  const changedOrders = async (shop: string): Promise<number> => {
    try {
      const started = Date.now();
      const done = await refreshChangedOrderMargins(deps, shop);
      if (done && done.orders > 0) logger.info("changed orders' margins written", { shop, orders: done.orders, ms: Date.now() - started });
      return done?.orders ?? 0;
    } catch (error) {
      logger.warn("changed orders' margins not written ahead; the month-wide recompute follows", { shop, error: String(error) });
      return 0;
    }
  };
  await queue.register<{ shop: string }>("recompute", async ({ shop }) => {
    if (!(await installed(shop))) return;
    const ahead = await changedOrders(shop);
    // The changed orders show their margins already: their month waits a little and takes in
    // the burst's next changes too (the waiting job absorbs them), instead of a run per webhook.
    await queue.enqueue(RECOMPUTE_MONTHS, { shop }, { singletonKey: shop, ...(ahead > 0 ? { delayMs: MONTHS_AFTER_CHANGES_MS } : {}) });
  });
  await queue.register<{ shop: string }>(RECOMPUTE_MONTHS, async ({ shop }) => {
    if (!(await installed(shop))) return;
    await recomputeMargins(deps, shop);
    // An order written while its month was read may have just had its margin overwritten from the older copy.
    await changedOrders(shop);
    await queueStockHealth(queue, shop);
  });
  await registerStockHealthJob(queue, deps);
}
