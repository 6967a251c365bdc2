import { describe, expect, it } from "vitest";

import type { OrderRecord } from "~/domain/types";
import { recomputeMargins } from "~/margins/recompute.server";
import { ordersExportPage, ordersView, parseOrdersParams, type OrderCursor, type OrdersParams } from "~/services/orders-view.server";
import { closeAfterEach } from "../helpers/cleanup";
import { createShop, createUnitCost, oneLineOrder, saveSettings, storeOrders } from "../helpers/factories";

/**
 * Issue 17 (item 2): the orders export read page n with OFFSET (n − 1) × 1,000, so a 1M-order
 * export read ~500M rows in all. It now reads each page after the previous page's last order
 * (keyset). Pages of 7 through 2,400 orders whose margins and dates tie in large groups (the
 * cursor's order-id tie-break is what keeps a tie from being cut, repeated or skipped at a page
 * boundary) must give every order exactly once, in the list's order.
 */
const SHOP = "alpha.myshopify.com";
const NOW = new Date("2026-11-30T12:00:00Z");
const ORDERS = 2400;
const PAGE = 7;
const cleanup = closeAfterEach();
const TOTE = { productId: "gid://shopify/Product/1", variantId: "gid://shopify/ProductVariant/1", title: "Tote" };

/**
 * Order n: one tote at one of 6 prices (10.00 … 15.00, so ~400 orders share each margin), on one of
 * 30 days in November at 10:00 (~80 orders share each instant), by paypal for even n.
 */
function order(n: number): OrderRecord {
  const day = String(1 + (n % 30)).padStart(2, "0");
  return oneLineOrder({ id: n, processedAt: `2026-11-${day}T10:00:00Z`, price: 1000 + (n % 6) * 100, variant: TOTE, unitWeightGrams: null, gateway: n % 2 === 0 ? "paypal" : "manual", country: "FR" });
}

const params = (q: string): OrdersParams => {
  const p = parseOrdersParams(new URLSearchParams(q));
  if (!p.ok) throw new Error(JSON.stringify(p.errors));
  return p.params;
};

/** Every page of the export, following the cursors; also how many pages were read. */
async function exportAll(db: Parameters<typeof ordersView>[0], p: OrdersParams, sparseProductLines?: number) {
  const ids: string[] = [];
  let after: OrderCursor | null = null;
  let pages = 0;
  do {
    const page = await ordersExportPage(db, SHOP, p, { now: NOW, pageSize: PAGE, after, sparseProductLines });
    pages += 1;
    expect(page.rows.length).toBeLessThanOrEqual(PAGE);
    ids.push(...page.rows.map((r) => r.orderId));
    after = page.next;
  } while (after !== null);
  return { ids, pages };
}

describe.each([["sqlite"], ["postgresql"]] as const)("orders export, keyset pages (%s)", (provider) => {
  it(`pages of ${PAGE} through ${ORDERS.toLocaleString("en")} orders give each order once, in the list's order`, async () => {
    const { db, sql, reader } = await cleanup.openOn(provider);
    await createShop(db, { shop: SHOP, installedAt: NOW, ianaTimezone: "Europe/Paris" });
    await createUnitCost(db, { shop: SHOP, variantId: TOTE.variantId, cost: 1000 });
    await saveSettings(db, SHOP, { shipping: { rules: [], defaultCost: "5.00" } });
    await storeOrders(sql, SHOP, Array.from({ length: ORDERS }, (_, i) => order(i + 1)), NOW);
    await recomputeMargins({ db, sql, reader }, SHOP);
    // PostgreSQL plans from statistics, which autovacuum keeps on a live database but a fresh test
    // database lacks: without them it guesses 1 row per table and drives each page from the date
    // range, probing the rank for every order (70 ms a page at 1,120 orders, growing), where with
    // them it walks the rank index from the cursor (0.2 ms a page, EXPLAIN ANALYZE).
    if (provider === "postgresql") await db.$executeRawUnsafe("ANALYZE");

    const cases = [
      // Loss-makers first (the default): by the rank's net margin, then order id.
      { q: "range=all", expected: ORDERS },
      { q: "range=all&direction=desc", expected: ORDERS },
      // Newest first, and oldest first.
      { q: "range=all&sort=processedAt", expected: ORDERS },
      { q: "range=all&sort=processedAt&direction=asc", expected: ORDERS },
      // A filter: the 1,200 even-numbered orders.
      { q: "range=all&gateway=paypal", expected: ORDERS / 2 },
      // A range, 5 to 20 November (16 of the 30 days, 80 orders each): by date the cursor bounds one side, the range the other.
      { q: "range=custom&from=2026-11-05&to=2026-11-20&sort=processedAt", expected: 16 * 80 },
      { q: "range=custom&from=2026-11-05&to=2026-11-20&sort=processedAt&direction=asc", expected: 16 * 80 },
      { q: "range=custom&from=2026-11-05&to=2026-11-20", expected: 16 * 80 },
      // A search (read from the name index and sorted, not from the rank): the names #1 … #2400 starting
      // with 7: #7, #70–#79, #700–#799: 1 + 10 + 100 = 111.
      { q: "range=all&q=7", expected: 111 },
      // The product filter: every order has a tote. Read from its 2,400 lines and sorted (sparse: 2,400 ≤ the
      // bound), and by walking the rank or the dates with the (product, order) index (dense: a bound of 100).
      { q: "range=all&product=gid%3A%2F%2Fshopify%2FProduct%2F1", expected: ORDERS },
      { q: "range=all&product=gid%3A%2F%2Fshopify%2FProduct%2F1", expected: ORDERS, sparseProductLines: 100 },
      { q: "range=all&product=gid%3A%2F%2Fshopify%2FProduct%2F1&sort=processedAt&gateway=paypal", expected: ORDERS / 2 },
      { q: "range=all&product=gid%3A%2F%2Fshopify%2FProduct%2F1&sort=processedAt&gateway=paypal", expected: ORDERS / 2, sparseProductLines: 100 },
      // A product in no order: nothing, in one (empty) page.
      { q: "range=all&product=gid%3A%2F%2Fshopify%2FProduct%2F2", expected: 0 },
    ];
    for (const c of cases) {
      const p = params(c.q);
      const { ids, pages } = await exportAll(db, p, c.sparseProductLines);
      // Each order once.
      expect(ids.length, c.q).toBe(c.expected);
      expect(new Set(ids).size, c.q).toBe(c.expected);
      // 2,400 / 7: 343 pages, the last one short (6 orders); 1,200 / 7: 172 (the last, 3 orders). A full last page is followed by an empty one.
      expect(pages, c.q).toBe(Math.floor(c.expected / PAGE) + 1);
      // In the list's order: the same as one page holding them all (the SQL ORDER BY the list uses).
      const whole = await ordersView(db, SHOP, p, { now: NOW, pageSize: ORDERS, sparseProductLines: c.sparseProductLines });
      expect(whole.total, c.q).toBe(c.expected);
      expect(ids, c.q).toEqual(whole.rows.map((r) => r.orderId));
    }
    // And the keys really do tie across page boundaries: 6 margins, 30 instants.
    const whole = await ordersView(db, SHOP, params("range=all"), { now: NOW, pageSize: ORDERS });
    expect(new Set(whole.rows.map((r) => r.netMargin)).size).toBe(6);
    expect(new Set(whole.rows.map((r) => r.processedAt)).size).toBe(30);
    // Net margin = price − 10.00 cost − 5.00 shipping: −5.00 … 0.00, loss-makers first.
    expect([whole.rows[0]!.netMargin, whole.rows.at(-1)!.netMargin]).toEqual([-500, 0]);
  }, 240_000);
});
