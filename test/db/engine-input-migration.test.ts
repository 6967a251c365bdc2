import { rmSync } from "node:fs";

import { afterAll, expect, it } from "vitest";

import type { NormalisedOrder } from "~/domain/types";
import { unpackEngineInput } from "~/store/engine-input";
import { openSqlDb, type SqlDb, Instant } from "~/store/sql.server";
import { applyMigrations } from "../../prisma/tools/migrator";
import { describeEachProvider, prismaBefore } from "./databases";

/**
 * The migration that added `Order.engineInput` fills it for the orders already
 * stored, from their child rows, in SQL (one statement per provider). What it
 * writes must unpack to the same lines, shipping lines and transactions sync
 * would have packed.
 */

const MIGRATION = "order_engine_input";
const SHOP = "maison-verte.myshopify.com";

const tmp: string[] = [];
afterAll(() => {
  for (const dir of tmp) rmSync(dir, { recursive: true, force: true });
});

function prismaBeforeThis(): string {
  const dir = prismaBefore(MIGRATION);
  tmp.push(dir);
  return dir;
}

const A: Pick<NormalisedOrder, "lines" | "shippingLines" | "transactions"> = {
  lines: [
    {
      id: "gid://shopify/LineItem/2",
      productId: null,
      variantId: null,
      sku: null,
      title: "Gift wrapping",
      quantity: 1,
      currentQuantity: 0,
      netRevenueBeforeTax: 0,
      discountBeforeTax: 0,
      tax: 0,
      unitPriceBeforeTax: 300,
      unitWeightGrams: null,
      requiresShipping: false,
    },
    {
      id: "gid://shopify/LineItem/1",
      productId: "gid://shopify/Product/1",
      variantId: "gid://shopify/ProductVariant/11",
      sku: "TOTE",
      title: 'Tote bag "été"',
      quantity: 2,
      currentQuantity: 2,
      netRevenueBeforeTax: 2000,
      discountBeforeTax: 150,
      tax: 400,
      unitPriceBeforeTax: 1075,
      unitWeightGrams: 706.5,
      requiresShipping: true,
    },
  ],
  shippingLines: [
    { title: "Colissimo", code: "colissimo", source: "shopify", chargedBeforeTax: 575, tax: 115, refundedBeforeTax: 0 },
    { title: "Express", code: null, source: null, chargedBeforeTax: 200, tax: 40, refundedBeforeTax: 200 },
  ],
  transactions: [
    { gateway: "shopify_payments", kind: "SALE", status: "SUCCESS", amount: 3831, feesActual: 82 },
    { gateway: "paypal", kind: "REFUND", status: "SUCCESS", amount: 200, feesActual: null },
  ],
};

async function insertOldOrder(sql: SqlDb, id: string, parts: typeof A): Promise<void> {
  const at = new Instant("2026-11-10T10:00:00Z");
  await sql.insertMany(
    "Order",
    ["shop", "id", "name", "processedAt", "shopifyUpdatedAt", "currency", "taxesIncluded", "financialStatus", "cancelled", "test", "sourceName",
      "shippingCountryCode", "refundedLinesBeforeTax", "refundedShippingBeforeTax", "lineCount", "items", "netRevenue", "transactionsKnown", "origin", "syncedAt"],
    [[SHOP, id, "#1", at, at, "EUR", false, "PAID", false, false, "web", "FR", 0, 0, parts.lines.length, 2, 2000, true, "bulk", at]],
  );
  // Stored in reverse position order: the migration must order by position, not by insertion.
  const lines = parts.lines.map((l, i) => [SHOP, id, l.id, i, l.productId, l.variantId, l.sku, l.title, l.quantity, l.currentQuantity, l.netRevenueBeforeTax,
    l.discountBeforeTax, l.tax, l.unitPriceBeforeTax, l.unitWeightGrams, l.requiresShipping]);
  await sql.insertMany("OrderLine", ["shop", "orderId", "id", "position", "productId", "variantId", "sku", "title", "quantity", "currentQuantity",
    "netRevenueBeforeTax", "discountBeforeTax", "tax", "unitPriceBeforeTax", "unitWeightGrams", "requiresShipping"], lines.reverse());
  const ships = parts.shippingLines.map((s, i) => [SHOP, id, i, s.title, s.code, s.source, s.chargedBeforeTax, s.tax, s.refundedBeforeTax]);
  await sql.insertMany("OrderShippingLine", ["shop", "orderId", "position", "title", "code", "source", "chargedBeforeTax", "tax", "refundedBeforeTax"], ships.reverse());
  const txs = parts.transactions.map((t, i) => [SHOP, id, i, t.gateway, t.kind, t.status, t.amount, t.feesActual]);
  await sql.insertMany("OrderTransaction", ["shop", "orderId", "position", "gateway", "kind", "status", "amount", "feesActual"], txs.reverse());
}

describeEachProvider(`migration ${MIGRATION}`, (_provider, database) => {
  it("packs the stored orders' child rows into Order.engineInput, in position order", async () => {
    const { url } = database();
    await applyMigrations({ databaseUrl: url, prismaDir: prismaBeforeThis() });
    const before = openSqlDb(url, { thread: "main" });
    try {
      await insertOldOrder(before, "gid://shopify/Order/1", A);
      // An order without shipping lines or transactions gets empty lists.
      await insertOldOrder(before, "gid://shopify/Order/2", { lines: A.lines.slice(1), shippingLines: [], transactions: [] });
    } finally {
      await before.close();
    }

    const applied = await applyMigrations({ databaseUrl: url });
    expect(applied.some((m) => m.endsWith(`_${MIGRATION}`))).toBe(true);

    const after = openSqlDb(url, { thread: "main" });
    try {
      const rows = await after.query<{ id: string; engineInput: string }>(`SELECT "id", "engineInput" FROM "Order" WHERE "shop" = ? ORDER BY "id"`, [SHOP]);
      expect(rows.map((r) => unpackEngineInput(r.id, r.engineInput))).toEqual([A, { lines: A.lines.slice(1), shippingLines: [], transactions: [] }]);
    } finally {
      await after.close();
    }
  });
});
