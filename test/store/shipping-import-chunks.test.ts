import { afterAll, beforeAll, beforeEach, expect, it } from "vitest";

import type { Db } from "~/db.server";
import { importShippingCosts } from "~/store/shipping-costs.server";
import { describeEachProvider } from "../db/databases";
import { migratedPrisma } from "../helpers/database";
import { createShop } from "../helpers/factories";

/**
 * Large shipping-cost imports (issue 16): a merge import of more orders than one SQL
 * statement can bind (SQLite's variable limit, PostgreSQL's 65,535 parameters) is
 * written in chunks, still in one transaction: all of it or, on an error, none of it.
 */

const SHOP = "alpha.myshopify.com";
const T0 = new Date("2026-01-01T00:00:00Z");
const NOW = new Date("2026-06-01T00:00:00Z");

/** `order,amount` rows for orders #1..#n, amount (i mod 1000) + cents. */
function csvOf(n: number, cents: number): string {
  const lines = ["order,amount"];
  for (let i = 1; i <= n; i++) lines.push(`#${i},${i % 1000}.${String(cents).padStart(2, "0")}`);
  return lines.join("\n");
}

describeEachProvider("large shipping-cost imports", (provider, database) => {
  // Beyond what one statement can bind on each provider (and, on PostgreSQL, beyond
  // what Prisma's default 5 s transaction could write).
  const ROWS = provider === "sqlite" ? 5_000 : 70_000;
  // Enough for several lookup, delete and insert chunks on either provider.
  const SOME = 5_000;
  let db: Db;
  beforeAll(async () => {
    db = await migratedPrisma(database().url);
  });
  afterAll(async () => {
    await db.$disconnect();
  });
  beforeEach(async () => {
    for (const t of [db.marginDirty, db.shippingCostActual, db.order, db.shop] as { deleteMany(): Promise<unknown> }[]) await t.deleteMany();
    await createShop(db, { shop: SHOP });
    const order = (id: number, processedAt: string) => ({
      shop: SHOP, id: `gid://shopify/Order/${id}`, name: `#${id}`, processedAt: new Date(processedAt), shopifyUpdatedAt: new Date(processedAt), currency: "EUR",
      taxesIncluded: true, cancelled: false, test: false, refundedLinesBeforeTax: 0, refundedShippingBeforeTax: 0, lineCount: 1, items: 1, netRevenue: 1000,
      transactionsKnown: true, origin: "bulk", syncedAt: T0,
    });
    await db.order.createMany({ data: [order(7, "2026-03-10T10:00:00Z"), order(ROWS, "2026-04-20T10:00:00Z")] });
  });

  const stored = async () => {
    const rows = await db.shippingCostActual.findMany({ where: { shop: SHOP }, select: { amount: true } });
    return { count: rows.length, total: rows.reduce((s, r) => s + r.amount, 0) };
  };
  /** Sum of csvOf(n, cents)'s amounts in cents. */
  const totalOf = (n: number, cents: number) => {
    let s = 0;
    for (let i = 1; i <= n; i++) s += (i % 1000) * 100 + cents;
    return s;
  };

  it(`merges ${ROWS.toLocaleString("en")} rows into what is stored, and merges them again over themselves`, async () => {
    await importShippingCosts(db, SHOP, "#1,9.99\n#999999,1.00", { mode: "merge" }, NOW);
    const first = await importShippingCosts(db, SHOP, csvOf(ROWS, 10), { mode: "merge" }, NOW);
    expect(first).toEqual({ ok: true, rows: ROWS, matchedOrders: 2, unmatched: expect.any(Array) });
    // #1 replaced, #999999 kept.
    expect(await stored()).toEqual({ count: ROWS + 1, total: totalOf(ROWS, 10) + 100 });
    const second = await importShippingCosts(db, SHOP, csvOf(ROWS, 20), { mode: "merge" }, NOW);
    expect(second.ok).toBe(true);
    expect(await stored()).toEqual({ count: ROWS + 1, total: totalOf(ROWS, 20) + 100 });
    const dirty = await db.marginDirty.findMany({ where: { shop: SHOP }, orderBy: { id: "asc" } });
    expect(dirty.at(-1)).toMatchObject({ since: new Date("2026-03-10T10:00:00Z"), until: new Date("2026-04-20T10:00:00Z"), reason: "shipping-import" });
  });

  it(`replaces with ${ROWS.toLocaleString("en")} rows`, async () => {
    await importShippingCosts(db, SHOP, "#999999,1.00", { mode: "merge" }, NOW);
    const r = await importShippingCosts(db, SHOP, csvOf(ROWS, 5), { mode: "replace" }, NOW);
    expect(r.ok).toBe(true);
    expect(await stored()).toEqual({ count: ROWS, total: totalOf(ROWS, 5) });
  });

  it(`matches ${SOME.toLocaleString("en")} rows by order number and GID`, async () => {
    // Each number is looked up as an id and as two names.
    const lines = ["order;amount"];
    for (let i = 1; i <= SOME; i++) lines.push(`${i % 2 === 1 ? String(i) : `gid://shopify/Order/${i === SOME ? ROWS : i}`};1,00`);
    const r = await importShippingCosts(db, SHOP, lines.join("\r\n"), { mode: "merge" }, NOW);
    expect(r).toEqual({ ok: true, rows: SOME, matchedOrders: 2, unmatched: expect.any(Array) });
    expect(await stored()).toEqual({ count: SOME, total: SOME * 100 });
  });

  it("writes nothing when a write fails after some chunks were written", async () => {
    await importShippingCosts(db, SHOP, "#1,9.99\n#999999,1.00", { mode: "merge" }, NOW);
    let calls = 0;
    // The third batch of rows fails: the chunks before it are rolled back with it.
    const failing = db.$extends({
      query: {
        shippingCostActual: {
          async createMany({ args, query }) {
            calls++;
            if (calls === 3) throw new Error("disk full");
            return query(args);
          },
        },
      },
    }) as unknown as Db;
    await expect(importShippingCosts(failing, SHOP, csvOf(SOME, 10), { mode: "merge" }, NOW)).rejects.toThrow("disk full");
    expect(calls).toBe(3);
    expect(await stored()).toEqual({ count: 2, total: 999 + 100 });
    expect(await db.marginDirty.count({ where: { shop: SHOP } })).toBe(0);
  });
});
