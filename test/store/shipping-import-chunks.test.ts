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

/** A stored order #id. */
const orderRow = (id: number, processedAt: string) => ({
  shop: SHOP, id: `gid://shopify/Order/${id}`, name: `#${id}`, processedAt: new Date(processedAt), shopifyUpdatedAt: new Date(processedAt), currency: "EUR",
  taxesIncluded: true, cancelled: false, test: false, refundedLinesBeforeTax: 0, refundedShippingBeforeTax: 0, lineCount: 1, items: 1, netRevenue: 1000,
  transactionsKnown: true, origin: "bulk", syncedAt: T0,
});

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
    await db.order.createMany({ data: [orderRow(7, "2026-03-10T10:00:00Z"), orderRow(ROWS, "2026-04-20T10:00:00Z")] });
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

  it("matches a large file's rows to stored orders as a small file's lookup does", async () => {
    // Beyond one page of the shop's orders; names with and without "#"; names compare
    // as stored, so the capitalised one is found by neither (as before).
    const more = Array.from({ length: 6_000 }, (_, i) => ({ ...orderRow(10_000 + i, "2026-02-01T10:00:00Z"), name: `#${10_000 + i}` }));
    more.push({ ...orderRow(20_001, "2026-01-15T10:00:00Z"), name: "eu-20001" }, { ...orderRow(20_002, "2026-05-15T10:00:00Z"), name: "#Ab20002" });
    for (let i = 0; i < more.length; i += 1_000) await db.order.createMany({ data: more.slice(i, i + 1_000) });
    const named = ["#15999", "10001", "gid://shopify/Order/10002", "eu-20001", "#ab20002", "#Ab20002", "#nowhere"];
    const small = await importShippingCosts(db, SHOP, named.map((n) => `${n},1.00`).join("\n"), { mode: "replace" }, NOW);
    const filler = Array.from({ length: 400 }, (_, i) => `#none-${i},1.00`);
    const large = await importShippingCosts(db, SHOP, [...named.map((n) => `${n},1.00`), ...filler].join("\n"), { mode: "replace" }, NOW);
    expect(small).toMatchObject({ ok: true, matchedOrders: 4 });
    expect(large).toMatchObject({ ok: true, matchedOrders: 4 });
    if (!small.ok || !large.ok) return;
    expect(large.unmatched.slice(0, small.unmatched.length)).toEqual(small.unmatched);
    const ranges = (await db.marginDirty.findMany({ where: { shop: SHOP, since: { gt: new Date(0) } }, orderBy: { id: "asc" } })).map((d) => [d.since, d.until]);
    expect(ranges).toEqual([[new Date("2026-01-15T10:00:00Z"), new Date("2026-02-01T10:00:00Z")], [new Date("2026-01-15T10:00:00Z"), new Date("2026-02-01T10:00:00Z")]]);
  });

  it("writes nothing when a write fails after some chunks were written", async () => {
    await importShippingCosts(db, SHOP, "#1,9.99\n#999999,1.00", { mode: "merge" }, NOW);
    // The database refuses row #4000, in the fourth chunk of inserts: the chunks
    // before it, and the deletes, are rolled back with it.
    if (provider === "sqlite") {
      await db.$executeRawUnsafe(`CREATE TRIGGER "refuse" BEFORE INSERT ON "ShippingCostActual" WHEN NEW."orderKey" = 'name:4000' BEGIN SELECT RAISE(ABORT, 'disk full'); END`);
    } else {
      await db.$executeRawUnsafe(`CREATE FUNCTION "refuse"() RETURNS trigger AS $$ BEGIN IF NEW."orderKey" = 'name:4000' THEN RAISE EXCEPTION 'disk full'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql`);
      await db.$executeRawUnsafe(`CREATE TRIGGER "refuse" BEFORE INSERT ON "ShippingCostActual" FOR EACH ROW EXECUTE FUNCTION "refuse"()`);
    }
    try {
      await expect(importShippingCosts(db, SHOP, csvOf(SOME, 10), { mode: "merge" }, NOW)).rejects.toThrow("disk full");
    } finally {
      await db.$executeRawUnsafe(provider === "sqlite" ? `DROP TRIGGER "refuse"` : `DROP TRIGGER "refuse" ON "ShippingCostActual"`);
    }
    expect(await stored()).toEqual({ count: 2, total: 999 + 100 });
    expect(await db.marginDirty.count({ where: { shop: SHOP } })).toBe(0);
  });
});
