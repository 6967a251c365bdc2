import type { Prisma, PrismaClient } from "@prisma/client";

/**
 * Everything a shop owns, by model: how to delete the shop's rows of each
 * table. Every model of prisma/schema.prisma must be here: the `satisfies`
 * below fails to compile when one is missing, and test/store/shop-data.test.ts
 * fails when a model has no entry or no test fixture.
 *
 * Deletion runs in this order: list a table before the tables it references
 * (Shop, which others may reference, comes last).
 */
const SHOP_OWNED = {
  CostSettingsVersion: (db, shop) => db.costSettingsVersion.deleteMany({ where: { shop } }),
  SavedView: (db, shop) => db.savedView.deleteMany({ where: { shop } }),
  BalanceTransaction: (db, shop) => db.balanceTransaction.deleteMany({ where: { shop } }),
  Payout: (db, shop) => db.payout.deleteMany({ where: { shop } }),
  PayoutSchedule: (db, shop) => db.payoutSchedule.deleteMany({ where: { shop } }),
  WebhookEvent: (db, shop) => db.webhookEvent.deleteMany({ where: { shop } }),
  MarginDirty: (db, shop) => db.marginDirty.deleteMany({ where: { shop } }),
  ProductDayMargin: (db, shop) => db.productDayMargin.deleteMany({ where: { shop } }),
  VariantDayMargin: (db, shop) => db.variantDayMargin.deleteMany({ where: { shop } }),
  ShopDayMargin: (db, shop) => db.shopDayMargin.deleteMany({ where: { shop } }),
  // Before OrderMargin, whose delete trigger would otherwise remove the entries uncounted.
  OrderMarginRank: (db, shop) => db.orderMarginRank.deleteMany({ where: { shop } }),
  MarginRankPaused: (db, shop) => db.marginRankPaused.deleteMany({ where: { shop } }),
  OrderMargin: (db, shop) => db.orderMargin.deleteMany({ where: { shop } }),
  ShippingCostActual: (db, shop) => db.shippingCostActual.deleteMany({ where: { shop } }),
  UnitCostOverride: (db, shop) => db.unitCostOverride.deleteMany({ where: { shop } }),
  OrderRefetch: (db, shop) => db.orderRefetch.deleteMany({ where: { shop } }),
  SyncRun: (db, shop) => db.syncRun.deleteMany({ where: { shop } }),
  SyncState: (db, shop) => db.syncState.deleteMany({ where: { shop } }),
  RefundLine: (db, shop) => db.refundLine.deleteMany({ where: { shop } }),
  Refund: (db, shop) => db.refund.deleteMany({ where: { shop } }),
  OrderTransaction: (db, shop) => db.orderTransaction.deleteMany({ where: { shop } }),
  OrderShippingLine: (db, shop) => db.orderShippingLine.deleteMany({ where: { shop } }),
  OrderLine: (db, shop) => db.orderLine.deleteMany({ where: { shop } }),
  Order: (db, shop) => db.order.deleteMany({ where: { shop } }),
  CashBalance: (db, shop) => db.cashBalance.deleteMany({ where: { shop } }),
  GatewaySettlement: (db, shop) => db.gatewaySettlement.deleteMany({ where: { shop } }),
  SupplierInvoice: (db, shop) => db.supplierInvoice.deleteMany({ where: { shop } }),
  ProductSupplier: (db, shop) => db.productSupplier.deleteMany({ where: { shop } }),
  Supplier: (db, shop) => db.supplier.deleteMany({ where: { shop } }),
  StockHealthVariant: (db, shop) => db.stockHealthVariant.deleteMany({ where: { shop } }),
  StockHealthSummary: (db, shop) => db.stockHealthSummary.deleteMany({ where: { shop } }),
  StockSnapshot: (db, shop) => db.stockSnapshot.deleteMany({ where: { shop } }),
  InventoryLevel: (db, shop) => db.inventoryLevel.deleteMany({ where: { shop } }),
  InventoryLocation: (db, shop) => db.inventoryLocation.deleteMany({ where: { shop } }),
  UnitCostSnapshot: (db, shop) => db.unitCostSnapshot.deleteMany({ where: { shop } }),
  Variant: (db, shop) => db.variant.deleteMany({ where: { shop } }),
  Product: (db, shop) => db.product.deleteMany({ where: { shop } }),
  Session: (db, shop) => db.session.deleteMany({ where: { shop } }),
  Shop: (db, shop) => db.shop.deleteMany({ where: { shop } }),
} satisfies Record<Prisma.ModelName, (db: PrismaClient, shop: string) => Prisma.PrismaPromise<Prisma.BatchPayload>>;

export type ShopOwnedModel = keyof typeof SHOP_OWNED;

/** The models deleteShopData erases, in deletion order. */
export const SHOP_OWNED_MODELS = Object.keys(SHOP_OWNED) as ShopOwnedModel[];

/**
 * shop/redact: deletes every row the shop owns, in every table, in one
 * transaction, and says how many rows went from each table. Other shops' rows
 * are untouched. Idempotent: a second call deletes nothing.
 */
export async function deleteShopData(db: PrismaClient, shop: string): Promise<Record<ShopOwnedModel, number>> {
  const results = await db.$transaction(SHOP_OWNED_MODELS.map((model) => SHOP_OWNED[model](db, shop)));
  return Object.fromEntries(SHOP_OWNED_MODELS.map((model, i) => [model, results[i]!.count])) as Record<
    ShopOwnedModel,
    number
  >;
}

/** app/uninstalled: the shop's access tokens are void, so its sessions go. Returns how many. */
export async function deleteShopSessions(db: Pick<PrismaClient, "session">, shop: string): Promise<number> {
  const { count } = await db.session.deleteMany({ where: { shop } });
  return count;
}
