import { Prisma } from "@prisma/client";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";

import type { Db } from "~/db.server";
import { deleteShopData, deleteShopSessions, SHOP_OWNED_MODELS } from "~/store/shop-data.server";
import { describeEachProvider } from "../db/databases";
import { migratedPrisma } from "../helpers/database";
import { createProduct, createShop, createUnitCost, createVariant } from "../helpers/factories";

const ALPHA = "alpha.myshopify.com";
const BETA = "beta.myshopify.com";
const T = new Date("2026-01-01T00:00:00Z");

/**
 * One fixture per model: inserts rows the shop owns (at least one). Adding a
 * model to prisma/schema.prisma without a fixture here fails to compile (the
 * `satisfies`) and fails the "every model" test below.
 */
const FIXTURES = {
  Session: async (db, shop) => {
    await db.session.createMany({
      data: [
        { id: `offline_${shop}`, shop, state: "", isOnline: false, accessToken: "shpat_x" },
        { id: `${shop}_42`, shop, state: "s", isOnline: true, accessToken: "shpua_x", userId: 42n },
      ],
    });
  },
  Shop: async (db, shop) => {
    await createShop(db, { shop });
  },
  Product: async (db, shop) => {
    await createProduct(db, { shop, title: "Tote" });
  },
  Variant: async (db, shop) => {
    await createVariant(db, { shop, id: "gid://shopify/ProductVariant/1" });
  },
  UnitCostSnapshot: async (db, shop) => {
    await createUnitCost(db, { shop, variantId: "gid://shopify/ProductVariant/1", cost: 450 });
  },
  InventoryLocation: async (db, shop) => {
    await db.inventoryLocation.create({ data: { shop, id: "gid://shopify/Location/1", name: "Warehouse", isActive: true, runId: `run-${shop}`, syncedAt: T } });
  },
  InventoryLevel: async (db, shop) => {
    await db.inventoryLevel.create({
      data: {
        shop, inventoryItemId: "gid://shopify/InventoryItem/1", locationId: "gid://shopify/Location/1", variantId: "gid://shopify/ProductVariant/1",
        available: 7, onHand: 9, committed: 2, incoming: 0, updatedAt: T, runId: `run-${shop}`, syncedAt: T,
      },
    });
  },
  Supplier: async (db, shop) => {
    await db.supplier.create({
      data: { shop, id: "vendor:maison verte", name: "Maison Verte", nameKey: "maison verte", vendorKey: "maison verte", leadTimeDays: 21, minOrderQuantity: 12, paymentTermsDays: 45, currency: "EUR", updatedAt: T },
    });
  },
  ProductSupplier: async (db, shop) => {
    await db.productSupplier.create({ data: { shop, productId: "gid://shopify/Product/1", supplierId: "vendor:maison verte", savedAt: T } });
  },
  PayoutSchedule: async (db, shop) => {
    await db.payoutSchedule.create({ data: { shop, status: "active", accountId: "gid://shopify/ShopifyPaymentsAccount/1", currency: "EUR", interval: "WEEKLY", monthlyAnchor: null, weeklyAnchor: "FRIDAY", checkedAt: T, syncedThrough: T } });
  },
  Payout: async (db, shop) => {
    await db.payout.create({ data: { shop, id: "gid://shopify/ShopifyPaymentsPayout/1", issuedAt: T, status: "PAID", transactionType: "DEPOSIT", currency: "EUR", net: 9700, gross: 10000, fees: 300, syncedAt: T } });
  },
  BalanceTransaction: async (db, shop) => {
    await db.balanceTransaction.create({
      data: {
        shop, id: "gid://shopify/ShopifyPaymentsBalanceTransaction/1", type: "CHARGE", sourceType: "CHARGE", test: false, transactionDate: T, currency: "EUR", amount: 10000, fee: 300, net: 9700,
        orderId: "gid://shopify/Order/1", payoutId: "gid://shopify/ShopifyPaymentsPayout/1", payoutStatus: "PAID", sourceOrderTransactionId: "1", syncedAt: T,
      },
    });
  },
  SupplierInvoice: async (db, shop) => {
    await db.supplierInvoice.create({
      data: {
        shop, id: "inv-1", supplierId: "vendor:maison verte", supplierName: "Maison Verte", supplierKey: "maison verte", kind: "invoice", reference: "F-2026-001", referenceKey: "f-2026-001",
        amount: 125000, currency: "EUR", issueDate: "2026-01-01", dueDate: "2026-01-31", paidDate: null, penalty: 4000, createdAt: T, updatedAt: T,
      },
    });
  },
  GatewaySettlement: async (db, shop) => {
    await db.gatewaySettlement.create({ data: { shop, gateway: "paypal", days: 2, updatedAt: T } });
  },
  CashBalance: async (db, shop) => {
    await db.cashBalance.create({ data: { shop, date: "2026-01-01", amount: 1_250_050n, currency: "EUR", enteredAt: T } });
  },
  SavedView: async (db, shop) => {
    await db.savedView.create({ data: { shop, id: "v1", list: "orders", name: "Big losses", nameKey: "big losses", query: "flag=LOSS&sort=netMargin", createdAt: T, updatedAt: T } });
  },
  StockHealthVariant: async (db, shop) => {
    await db.stockHealthVariant.create({
      data: {
        shop, variantId: "gid://shopify/ProductVariant/1", productId: "gid://shopify/Product/1", productTitle: "Tote", productKey: "tote", variantKey: "", searchText: "tote",
        stockClass: "dead", abc: "C", onHand: 9, lostMargin: 0, detail: "{}",
      },
    });
  },
  StockHealthSummary: async (db, shop) => {
    await db.stockHealthSummary.create({
      data: { shop, asOf: "2026-01-01", refreshedAt: T, currency: "EUR", stockValue: 4050n, excessValue: 4050n, deadValue: 4050n, lostMargin: 0n, variants: 1, detail: "{}" },
    });
  },
  StockSnapshot: async (db, shop) => {
    await db.stockSnapshot.create({
      data: { shop, variantId: "gid://shopify/ProductVariant/1", day: "2026-01-01", onHand: 9, unitCost: 450, valueAtCost: 4050n, currency: "EUR", recordedAt: T },
    });
  },
  Order: async (db, shop) => {
    await db.order.create({
      data: {
        shop, id: "gid://shopify/Order/1", name: "#1001", processedAt: T, shopifyUpdatedAt: T, currency: "EUR", taxesIncluded: true, cancelled: false, test: false,
        refundedLinesBeforeTax: 0, refundedShippingBeforeTax: 0, lineCount: 1, items: 1, netRevenue: 2500, transactionsKnown: true, origin: "bulk", syncedAt: T,
      },
    });
  },
  OrderLine: async (db, shop) => {
    await db.orderLine.create({
      data: {
        shop, orderId: "gid://shopify/Order/1", id: "gid://shopify/LineItem/1", position: 0, title: "Tote", quantity: 1, currentQuantity: 1,
        netRevenueBeforeTax: 2000, discountBeforeTax: 0, tax: 400, unitPriceBeforeTax: 2000, requiresShipping: true,
      },
    });
  },
  OrderShippingLine: async (db, shop) => {
    await db.orderShippingLine.create({ data: { shop, orderId: "gid://shopify/Order/1", position: 0, title: "Colissimo", chargedBeforeTax: 500, tax: 100, refundedBeforeTax: 0 } });
  },
  OrderTransaction: async (db, shop) => {
    await db.orderTransaction.create({ data: { shop, orderId: "gid://shopify/Order/1", position: 0, kind: "SALE", status: "SUCCESS", amount: 3000, feesActual: 90 } });
  },
  Refund: async (db, shop) => {
    await db.refund.create({ data: { shop, orderId: "gid://shopify/Order/1", id: "gid://shopify/Refund/1", processedAt: T, linesBeforeTax: 0, linesTax: 0, shippingBeforeTax: 500, shippingTax: 100 } });
  },
  RefundLine: async (db, shop) => {
    await db.refundLine.create({
      data: { shop, refundId: "gid://shopify/Refund/1", position: 0, orderId: "gid://shopify/Order/1", lineItemId: "gid://shopify/LineItem/1", quantity: 1, subtotalBeforeTax: 2000, tax: 400 },
    });
  },
  SyncState: async (db, shop) => {
    await db.syncState.create({ data: { shop, status: "idle" } });
  },
  SyncRun: async (db, shop) => {
    await db.syncRun.create({ data: { id: `run-${shop}`, shop, kind: "orders", status: "completed", startedAt: T } });
  },
  OrderRefetch: async (db, shop) => {
    await db.orderRefetch.create({ data: { shop, orderId: "gid://shopify/Order/2", reason: "late child", createdAt: T } });
  },
  CostSettingsVersion: async (db, shop) => {
    await db.costSettingsVersion.create({ data: { shop, position: 0, savedAt: T, settings: "{}" } });
  },
  UnitCostOverride: async (db, shop) => {
    await db.unitCostOverride.create({ data: { shop, variantId: "gid://shopify/ProductVariant/1", position: 0, effectiveFrom: null, cost: 500, currency: "EUR", savedAt: T } });
  },
  ShippingCostActual: async (db, shop) => {
    await db.shippingCostActual.create({ data: { shop, orderKey: "name:1001", amount: 655, currency: "EUR", importedAt: T } });
  },
  OrderMargin: async (db, shop) => {
    await db.orderMargin.create({
      data: {
        shop, orderId: "gid://shopify/Order/1", orderName: "#1001", processedAt: T, localDate: "2026-01-01", currency: "EUR", cancelled: false, test: false,
        items: 1, netRevenue: 2500, costOfGoods: 450, shipping: 655, packaging: 80, labour: 120, paymentFees: 90, fixedCosts: 0, provisions: 0,
        totalCosts: 1395, netMargin: 1105, marginBp: 4420, withoutDiscounts: 1105, flags: 0, shippingSource: "import", feesEstimated: false, missingCostLines: 0, computedAt: T,
      },
    });
  },
  // OrderMargin's fixture already gave the shop an entry (its insert trigger): one more, of another order.
  OrderMarginRank: async (db, shop) => {
    await db.orderMarginRank.create({ data: { shop, netMargin: -300, orderId: "gid://shopify/Order/2" } });
  },
  MarginRankPaused: async (db, shop) => {
    await db.marginRankPaused.create({ data: { shop, since: T } });
  },
  ProductDayMargin: async (db, shop) => {
    await db.productDayMargin.create({
      data: {
        shop, day: "2026-01-01", productId: "gid://shopify/Product/1", title: "Tote", currency: "EUR", orders: 1, lines: 1, units: 1, merchandise: 2000, shippingRevenue: 500,
        discounts: 0, costOfGoods: 450, shipping: 655, packaging: 80, labour: 120, paymentFees: 90, fixedCosts: 0, returns: 0, fraud: 0, spoilage: 0, netMargin: 1105,
        withoutDiscounts: 1105, missingLines: 0, missingUnits: 0, missingRevenue: 0, estimatedLines: 0,
      },
    });
  },
  VariantDayMargin: async (db, shop) => {
    await db.variantDayMargin.create({
      data: {
        shop, day: "2026-01-01", productId: "gid://shopify/Product/1", variantId: "gid://shopify/ProductVariant/11", title: "Tote - Natural", currency: "EUR", orders: 1, lines: 1,
        units: 1, merchandise: 2000, shippingRevenue: 500, discounts: 0, costOfGoods: 450, shipping: 655, packaging: 80, labour: 120, paymentFees: 90, fixedCosts: 0, returns: 0,
        fraud: 0, spoilage: 0, netMargin: 1105, withoutDiscounts: 1105, missingLines: 0, missingUnits: 0, missingRevenue: 0, estimatedLines: 0,
      },
    });
  },
  ShopDayMargin: async (db, shop) => {
    await db.shopDayMargin.create({
      data: {
        shop, day: "2026-01-01", gateway: "paypal", currency: "EUR", orders: 1, giftCardOnly: 0, lossOrders: 0, items: 1, netRevenue: 2500, costOfGoods: 450, shipping: 655,
        packaging: 80, labour: 120, paymentFees: 90, fixedCosts: 0, stockCarrying: 0, provisions: 0, netMargin: 1105, shippingLossOrders: 0, shippingLoss: 0, unpaidShipping: 0,
      },
    });
  },
  MarginDirty: async (db, shop) => {
    await db.marginDirty.create({ data: { shop, since: T, reason: "settings", markedAt: T } });
  },
  WebhookEvent: async (db, shop) => {
    await db.webhookEvent.create({ data: { shop, eventId: "evt-1", topic: "orders/create", receivedAt: T } });
  },
} satisfies Record<Prisma.ModelName, (db: Db, shop: string) => Promise<void>>;

const MODEL_NAMES = Prisma.dmmf.datamodel.models.map((model) => model.name).sort();

/** A model's delegate (db.session, db.shop, …), with what these tests need of it. */
function table(db: Db, model: Prisma.ModelName) {
  const name = (model.charAt(0).toLowerCase() + model.slice(1)) as Uncapitalize<Prisma.ModelName>;
  return db[name] as unknown as {
    count(args: { where: { shop: string } }): Promise<number>;
    deleteMany(): Promise<unknown>;
  };
}

describe("the registry of shop-owned models", () => {
  it("lists every model of the schema, and nothing else", () => {
    const missing = MODEL_NAMES.filter((name) => !(SHOP_OWNED_MODELS as string[]).includes(name));
    const unknown = SHOP_OWNED_MODELS.filter((name) => !MODEL_NAMES.includes(name));
    expect(
      missing,
      `models missing from SHOP_OWNED in app/store/shop-data.server.ts (shop/redact would leave their rows behind)`,
    ).toEqual([]);
    expect(unknown, "SHOP_OWNED lists models that are not in prisma/schema.prisma").toEqual([]);
  });

  it("has a test fixture for every model", () => {
    const withoutFixture = MODEL_NAMES.filter((name) => !Object.hasOwn(FIXTURES, name));
    expect(withoutFixture, "models without a fixture in FIXTURES (test/store/shop-data.test.ts)").toEqual([]);
  });

  it("covers models that are all owned by a shop through a `shop` String column", () => {
    const unowned = Prisma.dmmf.datamodel.models
      .filter((model) => !model.fields.some((field) => field.name === "shop" && field.type === "String"))
      .map((model) => model.name);
    expect(unowned, "models without a `shop String` column").toEqual([]);
  });
});

describeEachProvider("deleteShopData", (_provider, database) => {
  let db: Db;

  beforeAll(async () => {
    db = await migratedPrisma(database().url);
  });
  afterAll(async () => {
    await db.$disconnect();
  });

  beforeEach(async () => {
    // Empty every table (in the registry's order, which respects references), then fill it for both shops.
    for (const model of SHOP_OWNED_MODELS) await table(db, model).deleteMany();
    for (const shop of [ALPHA, BETA]) {
      for (const model of [...SHOP_OWNED_MODELS].reverse()) await FIXTURES[model](db, shop);
    }
  });

  /** Rows of the shop in every table. Every model has a `shop` column (checked above). */
  async function rowCounts(shop: string): Promise<Record<string, number>> {
    const counts: Record<string, number> = {};
    for (const model of MODEL_NAMES as Prisma.ModelName[])
      counts[model] = await table(db, model).count({ where: { shop } });
    return counts;
  }

  it("starts from fixtures that put rows in every table for both shops", async () => {
    for (const shop of [ALPHA, BETA]) {
      const empty = Object.entries(await rowCounts(shop)).filter(([, count]) => count === 0);
      expect(empty, `tables without rows of ${shop}`).toEqual([]);
    }
  });

  it("deletes every row of the shop in every table and reports the counts", async () => {
    const before = await rowCounts(ALPHA);
    const betaBefore = await rowCounts(BETA);

    const deleted = await deleteShopData(db, ALPHA);

    expect(deleted).toEqual(before);
    expect(Object.values(await rowCounts(ALPHA)).every((count) => count === 0)).toBe(true);
    expect(await rowCounts(BETA), "the other shop's rows are untouched").toEqual(betaBefore);
  });

  it("deletes nothing the second time", async () => {
    await deleteShopData(db, ALPHA);
    const again = await deleteShopData(db, ALPHA);
    expect(Object.values(again).every((count) => count === 0)).toBe(true);
    expect(Object.keys(again).sort()).toEqual(MODEL_NAMES);
  });

  it("deletes all of it or nothing: one transaction", async () => {
    const before = await rowCounts(ALPHA);
    // The same client, except that deleting the Shop row (the last step) fails in the database.
    const failingLastStep = new Proxy(db, {
      get(target, property) {
        if (property === "shop") return { deleteMany: () => target.$executeRawUnsafe(`DELETE FROM "NoSuchTable"`) };
        const value: unknown = Reflect.get(target, property, target);
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
    await expect(deleteShopData(failingLastStep, ALPHA)).rejects.toThrow(/NoSuchTable/);
    expect(await rowCounts(ALPHA), "the Session rows deleted before the failure are back").toEqual(before);
  });

  it("deleteShopSessions removes only the shop's sessions", async () => {
    const before = await rowCounts(ALPHA);
    const betaBefore = await rowCounts(BETA);
    expect(await deleteShopSessions(db, ALPHA)).toBe(before.Session);
    expect(await rowCounts(ALPHA)).toEqual({ ...before, Session: 0 });
    expect(await rowCounts(BETA)).toEqual(betaBefore);
  });
});
