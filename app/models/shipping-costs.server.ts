import type { PrismaClient } from "@prisma/client";
import type { ShippingCostImport } from "~/domain/shipping-import";
export async function loadShippingCostImport(db: PrismaClient, shop: string, currency: string): Promise<ShippingCostImport | null> {
  const rows = await db.shippingCostActual.findMany({ where: { shop, currency } });
  if (rows.length === 0) return null;
  return { currency, byOrder: new Map(rows.map((r) => [r.orderKey, r.amount])) };
}
