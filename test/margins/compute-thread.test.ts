import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { join } from "node:path";

import { describe, expect, it, vi } from "vitest";

import type { PrismaClient } from "@prisma/client";

import type { OrderRecord } from "~/domain/types";
import { ComputeThread } from "~/margins/compute-thread.server";
import { ALL_HISTORY, markMarginsDirty } from "~/store/dirty.server";
import { openRowReader, type RowReader } from "~/store/row-reader.server";
import { recomputeMargins } from "~/margins/recompute.server";
import { saveSettingsVersion } from "~/store/cost-settings.server";
import { backfillShop } from "~/sync/backfill.server";
import { writeOrders } from "~/store/order-store.server";
import { createPostgresqlDatabase } from "../db/databases";
import { closeAfterEach } from "../helpers/cleanup";
import { syncHarness, type SyncHarness } from "../sync/helpers";

/**
 * The recompute's compute thread (app/margins/compute.worker.ts): months handed to
 * it are stored exactly as the main thread stores them, a failure there fails the
 * run like one on the main thread, and a thread that cannot start leaves every
 * month to the main thread.
 */

const cleanup = closeAfterEach();

const SETTINGS = {
  costOfGoods: { missingCost: { mode: "exclude" } },
  shipping: { packagingWeightGrams: 0, rules: [], defaultCost: "5.00" },
  packaging: { perParcel: "1.00" },
  labour: { perOrder: "0.50", perItem: "0.10" },
  paymentFees: { gateways: [{ gateway: "paypal", percent: 3.4, fixed: "0.35" }], default: { percent: 1.4, fixed: "0.25" } },
  fixedCosts: { allocation: "revenue", items: [{ name: "Rent", monthlyAmount: "300.00" }] },
  provisions: { returnsPercent: 2, fraudPercent: 0.5, spoilagePercent: 1 },
};

/** Everything a recompute stores for a shop, but the time it ran. */
async function storedState(db: PrismaClient, shop: string) {
  const margins = (await db.orderMargin.findMany({ where: { shop }, orderBy: { orderId: "asc" } })).map(({ computedAt: _, ...rest }) => rest);
  const productDays = await db.productDayMargin.findMany({ where: { shop }, orderBy: [{ day: "asc" }, { productId: "asc" }] });
  const variantDays = await db.variantDayMargin.findMany({ where: { shop }, orderBy: [{ day: "asc" }, { productId: "asc" }, { variantId: "asc" }] });
  const rank = await db.orderMarginRank.findMany({ where: { shop }, orderBy: [{ netMargin: "asc" }, { orderId: "asc" }] });
  return { margins, productDays, variantDays, rank };
}

async function clearStored(db: PrismaClient, shop: string): Promise<void> {
  await db.orderMargin.deleteMany({ where: { shop } });
  await db.productDayMargin.deleteMany({ where: { shop } });
  await db.variantDayMargin.deleteMany({ where: { shop } });
  await db.orderMarginRank.deleteMany({ where: { shop } });
}

/**
 * A simulator store backfilled into a fresh database (PostgreSQL with `databaseUrl`),
 * SETTINGS saved for all history, and a reader on it; all closed after the test.
 */
async function simulatedStore(opts: { seed: number; orders: number; databaseUrl?: string; timeZone?: string }): Promise<{ h: SyncHarness; reader: RowReader }> {
  const h = await syncHarness({ generator: { seed: opts.seed, orders: opts.orders, preset: "eu" }, databaseUrl: opts.databaseUrl });
  cleanup.later(() => h.close());
  if (opts.timeZone) await h.db.shop.update({ where: { shop: h.shop }, data: { ianaTimezone: opts.timeZone } });
  await backfillShop(h.deps, h.shop);
  expect((await saveSettingsVersion(h.db, h.shop, { settings: SETTINGS, effectiveFrom: null })).ok).toBe(true);
  const reader = openRowReader(h.url);
  cleanup.later(() => reader.close());
  return { h, reader };
}

/** Every month of the shop out of date, as a settings change for all history leaves them. */
function dirtyAll(h: SyncHarness): Promise<void> {
  return markMarginsDirty(h.db, h.shop, [{ since: ALL_HISTORY, until: null, reason: "manual" }]);
}

for (const provider of ["sqlite", "postgresql"] as const) {
  describe(`compute thread (${provider})`, () => {
    async function store(): Promise<{ h: SyncHarness; reader: RowReader }> {
      let databaseUrl: string | undefined;
      if (provider === "postgresql") {
        const pg = await createPostgresqlDatabase();
        cleanup.later(() => pg.drop());
        databaseUrl = pg.url;
      }
      return simulatedStore({ seed: 77, orders: 300, databaseUrl, timeZone: "Europe/Paris" });
    }

    it("stores every month as the main thread alone does, rows, day totals and the loss-makers order", async () => {
      const { h, reader } = await store();
      const thread = ComputeThread.open(h.url, h.sql);
      expect(thread).not.toBeNull();
      cleanup.later(() => thread!.close());

      // Main thread alone, small batches (several reads and writes per month).
      const alone = await recomputeMargins({ db: h.db, sql: h.sql, reader, batchSize: 23, writeBatchSize: 61 }, h.shop, { all: true });
      expect(alone.monthsOnThread).toBe(0);
      expect(alone.months.length).toBeGreaterThan(10);
      const expected = await storedState(h.db, h.shop);
      expect(expected.margins).toHaveLength(300);
      expect(expected.rank).toHaveLength(300);

      const warn = vi.spyOn(console, "warn");
      // Nothing stored, then the same run with the thread: each thread takes the next
      // month when it is free, so both compute some. Once with the rank triggers, once
      // with the rank rebuilt at the end.
      for (const rankMode of ["rows", "rebuild"] as const) {
        await clearStored(h.db, h.shop);
        await dirtyAll(h);
        const shared = await recomputeMargins(
          { db: h.db, sql: h.sql, reader, batchSize: 23, writeBatchSize: 61, compute: thread, computeThreadMinOrders: 0, rankMode },
          h.shop,
        );
        expect(shared.orders).toBe(300);
        expect(shared.months).toEqual(alone.months);
        expect(shared.monthsOnThread).toBeGreaterThan(0);
        expect(shared.monthsOnThread).toBeLessThan(shared.months.length);
        expect(await storedState(h.db, h.shop)).toEqual(expected);
        expect(await h.db.marginDirty.count({ where: { shop: h.shop } })).toBe(0);
        // The rebuild used both threads' pairs: no margin was missing from them.
        expect(warn.mock.calls.map((c) => String(c[0])).join("\n")).not.toMatch(/did not cover/);
      }
      // While another run holds the thread (another shop's recompute in this process),
      // this one computes alone; once released, the thread is there again.
      expect(thread!.acquire()).toBe(true);
      await dirtyAll(h);
      const held = await recomputeMargins({ db: h.db, sql: h.sql, reader, compute: thread, computeThreadMinOrders: 0 }, h.shop);
      expect(held.monthsOnThread).toBe(0);
      expect(await storedState(h.db, h.shop)).toEqual(expected);
      expect(thread!.acquire()).toBe(false);
      thread!.release();
      await dirtyAll(h);
      expect((await recomputeMargins({ db: h.db, sql: h.sql, reader, compute: thread, computeThreadMinOrders: 0 }, h.shop)).monthsOnThread).toBeGreaterThan(0);
      // Below the shop size that wants the thread, the main thread computes all.
      await dirtyAll(h);
      const small = await recomputeMargins({ db: h.db, sql: h.sql, reader, compute: thread, computeThreadMinOrders: 301 }, h.shop);
      expect(small.monthsOnThread).toBe(0);
      expect(await storedState(h.db, h.shop)).toEqual(expected);
    });

    it("fails the run when a month on the thread fails, keeps what was committed, and the thread works for the next run", async () => {
      const { h, reader } = await store();
      const thread = ComputeThread.open(h.url, h.sql)!;
      cleanup.later(() => thread.close());
      const deps = { db: h.db, sql: h.sql, reader, compute: thread, computeThreadMinOrders: 0 };
      const first = await recomputeMargins(deps, h.shop, { all: true });
      expect(first.monthsOnThread).toBeGreaterThan(0);
      const months = first.months;

      // An order in USD in the second month: the main thread takes the first month, the
      // compute thread the second, where the engine refuses it (settings are in EUR).
      const at = `${months[1]}-15T12:00:00Z`;
      const usd: OrderRecord = {
        order: {
          id: "gid://shopify/Order/999999",
          name: "#USD",
          processedAt: at,
          currency: "USD",
          taxesIncluded: false,
          cancelled: false,
          test: false,
          sourceName: "web",
          shippingCountryCode: "US",
          lines: [],
          shippingLines: [],
          transactions: [],
          refunds: { lineItemsBeforeTax: 0, shippingBeforeTax: 0 },
        },
        updatedAt: at,
        financialStatus: "PAID",
        refunds: [],
      };
      await writeOrders(h.sql, h.shop, [usd], { origin: "bulk", now: new Date(at) });
      // Labour per order 0.50 → 1.50 for all history: every order that ships a parcel
      // (labour above 0 before) gets more (1.00 over its lines; lines without a unit cost
      // are left out of the totals), the others none.
      expect((await saveSettingsVersion(h.db, h.shop, { settings: { ...SETTINGS, labour: { perOrder: "1.50", perItem: "0.10" } }, effectiveFrom: null })).ok).toBe(true);
      const before = new Map((await h.db.orderMargin.findMany({ where: { shop: h.shop } })).map((m) => [m.orderId, m]));
      await expect(recomputeMargins(deps, h.shop)).rejects.toThrow(/order #USD is in USD/);
      // The first month (main thread) is committed with the new labour; the second (the
      // thread's) kept its previous margins; the dirty ranges stay for the next run.
      const after = await h.db.orderMargin.findMany({ where: { shop: h.shop } });
      const local = (m: { localDate: string }) => m.localDate.slice(0, 7);
      const firstMonth = after.filter((m) => local(m) === months[0]);
      const secondMonth = after.filter((m) => local(m) === months[1]);
      expect(firstMonth.length).toBeGreaterThan(0);
      expect(secondMonth.length).toBeGreaterThan(0);
      for (const m of firstMonth) {
        const was = before.get(m.orderId)!.labour;
        if (was > 0) expect(m.labour, m.orderName).toBeGreaterThan(was);
        else expect(m.labour, m.orderName).toBe(0);
      }
      expect(firstMonth.some((m) => m.labour > 0)).toBe(true);
      for (const m of secondMonth) expect(m.labour, m.orderName).toBe(before.get(m.orderId)!.labour);
      expect(await h.db.marginDirty.count({ where: { shop: h.shop } })).toBeGreaterThan(0);

      // Without the bad order, the next run completes, partly on the same thread.
      await h.sql.execute(`DELETE FROM "Order" WHERE "shop" = ? AND "id" = ?`, [h.shop, usd.order.id]);
      const next = await recomputeMargins(deps, h.shop);
      expect(next.orders).toBe(300);
      expect(next.monthsOnThread).toBeGreaterThan(0);
      const shared = await storedState(h.db, h.shop);
      // The same as the main thread alone from nothing.
      await clearStored(h.db, h.shop);
      await dirtyAll(h);
      await recomputeMargins({ db: h.db, sql: h.sql, reader }, h.shop);
      expect(shared).toEqual(await storedState(h.db, h.shop));
    });
  });
}

describe("compute thread that cannot start", () => {
  it("leaves every month to the main thread", async () => {
    const { h, reader } = await simulatedStore({ seed: 78, orders: 60 });
    const thread = ComputeThread.open(h.url, h.sql, { file: "/nonexistent/compute.worker.mjs", execArgv: [] })!;
    cleanup.later(() => thread.close());
    const r = await recomputeMargins({ db: h.db, sql: h.sql, reader, compute: thread, computeThreadMinOrders: 0 }, h.shop, { all: true });
    expect(r.orders).toBe(60);
    expect(r.monthsOnThread).toBe(0);
    expect(await h.db.orderMargin.count({ where: { shop: h.shop } })).toBe(60);
  });
});

describe("compute thread that dies during a run", () => {
  it("fails the run with the reason instead of waiting, keeps the main thread's months, and starts a new thread for the next run", async () => {
    const { h, reader } = await simulatedStore({ seed: 80, orders: 60 });
    const dies = ComputeThread.open(h.url, h.sql, { file: join(process.cwd(), "test", "fixtures", "compute", "dies-on-month.mjs"), execArgv: [] })!;
    cleanup.later(() => dies.close());
    await expect(recomputeMargins({ db: h.db, sql: h.sql, reader, compute: dies, computeThreadMinOrders: 0 }, h.shop, { all: true })).rejects.toThrow(
      /margin compute thread exited \(code 3\)/,
    );
    // The main thread's first month was committed; the run's ranges stay for the next run.
    expect(await h.db.orderMargin.count({ where: { shop: h.shop } })).toBeGreaterThan(0);
    expect(await h.db.orderMargin.count({ where: { shop: h.shop } })).toBeLessThan(60);
    // Released, and the next run starts a new thread (which dies the same way: not "closed").
    await expect(recomputeMargins({ db: h.db, sql: h.sql, reader, compute: dies, computeThreadMinOrders: 0 }, h.shop)).rejects.toThrow(
      /margin compute thread exited \(code 3\)/,
    );
    // A working thread completes the run.
    const thread = ComputeThread.open(h.url, h.sql)!;
    cleanup.later(() => thread.close());
    await dirtyAll(h);
    const r = await recomputeMargins({ db: h.db, sql: h.sql, reader, compute: thread, computeThreadMinOrders: 0 }, h.shop);
    expect(r.orders).toBe(60);
    expect(r.monthsOnThread).toBeGreaterThan(0);
    expect(await h.db.orderMargin.count({ where: { shop: h.shop } })).toBe(60);
  });
});

describe("compute thread of a built server", () => {
  it("runs from the bundle the production build writes beside the server, without tsx", async () => {
    const { buildComputeWorker } = await import("../../vite.config");
    // Inside the project, as build/server is: the bundle imports its packages from node_modules.
    mkdirSync(join(process.cwd(), "test", "output"), { recursive: true });
    const out = mkdtempSync(join(process.cwd(), "test", "output", "compute-worker-"));
    cleanup.later(async () => rmSync(out, { recursive: true, force: true }));
    await buildComputeWorker(out);
    const file = join(out, "compute-worker.mjs");
    expect(existsSync(file)).toBe(true);

    const { h, reader } = await simulatedStore({ seed: 79, orders: 80 });
    const alone = await recomputeMargins({ db: h.db, sql: h.sql, reader }, h.shop, { all: true });
    const expected = await storedState(h.db, h.shop);
    await clearStored(h.db, h.shop);
    const thread = ComputeThread.open(h.url, h.sql, { file, execArgv: [] })!;
    cleanup.later(() => thread.close());
    const r = await recomputeMargins({ db: h.db, sql: h.sql, reader, compute: thread, computeThreadMinOrders: 0 }, h.shop, { all: true });
    expect(r.orders).toBe(alone.orders);
    expect(r.monthsOnThread).toBeGreaterThan(0);
    expect(await storedState(h.db, h.shop)).toEqual(expected);
  });
});
