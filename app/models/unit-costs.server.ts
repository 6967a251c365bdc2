import type { PrismaClient } from "@prisma/client";
import type { UnitCostHistory, VariantCostHistory, ShopifyCostSnapshot, CostOverride } from "~/domain/unit-costs";
export async function loadUnitCostHistory(db: PrismaClient, shop: string, facts: { currency: string; timeZone: string }): Promise<UnitCostHistory> {
  const [snaps, overrides] = await Promise.all([
    db.unitCostSnapshot.findMany({ where: { shop, currency: facts.currency }, orderBy: { observedAt: "asc" } }),
    db.unitCostOverride.findMany({ where: { shop }, orderBy: [{ variantId: "asc" }, { position: "asc" }] }),
  ]);
  const m = new Map<string, { shopify: ShopifyCostSnapshot[]; overrides: CostOverride[] }>();
  const get = (id: string) => { let v = m.get(id); if (!v) { v = { shopify: [], overrides: [] }; m.set(id, v); } return v; };
  for (const s of snaps) get(s.variantId).shopify.push({ observedAt: s.observedAt.toISOString(), cost: s.cost });
  for (const o of overrides) get(o.variantId).overrides.push({ effectiveFrom: o.effectiveFrom, cost: o.cost });
  return { currency: facts.currency, timeZone: facts.timeZone, variants: m as Map<string, VariantCostHistory> };
}
