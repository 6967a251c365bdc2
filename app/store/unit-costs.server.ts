/**
 * Unit costs in the database: Shopify's as sync observed them (UnitCostSnapshot)
 * and the merchant's overrides (UnitCostOverride), read into the domain's
 * UnitCostHistory (app/domain/unit-costs.ts). A save is validated first and
 * writes nothing on any error; it marks the margins it changes for recompute in
 * the same transaction. Scoped to one shop.
 */
import type { PrismaClient } from "@prisma/client";

import { currencyExponent, formatDecimal, parseDecimal, type CurrencyCode } from "~/domain/money";
import { MAX_AMOUNT_MAJOR } from "~/domain/settings";
import { isLocalDate, startOfLocalDate } from "~/domain/time";
import type { CostOverride, ShopifyCostSnapshot, UnitCostHistory, VariantCostHistory } from "~/domain/unit-costs";
import type { Issue } from "~/domain/validation";
import { ALL_HISTORY } from "./dirty.server";

import { shopFacts, type ShopFacts } from "./cost-settings.server";

/** The shop's whole unit-cost history in two queries (a recompute loads it once). */
export async function loadUnitCostHistory(db: Pick<PrismaClient, "unitCostSnapshot" | "unitCostOverride">, shop: string, facts: ShopFacts): Promise<UnitCostHistory> {
  const [snapshots, overrides] = await Promise.all([
    db.unitCostSnapshot.findMany({ where: { shop, currency: facts.currency }, orderBy: [{ observedAt: "asc" }, { id: "asc" }], select: { variantId: true, observedAt: true, cost: true } }),
    db.unitCostOverride.findMany({ where: { shop, currency: facts.currency }, orderBy: [{ variantId: "asc" }, { position: "asc" }], select: { variantId: true, effectiveFrom: true, cost: true } }),
  ]);
  const variants = new Map<string, { shopify: ShopifyCostSnapshot[]; overrides: CostOverride[] }>();
  const entry = (id: string) => {
    let v = variants.get(id);
    if (!v) {
      v = { shopify: [], overrides: [] };
      variants.set(id, v);
    }
    return v;
  };
  for (const s of snapshots) entry(s.variantId).shopify.push({ observedAt: s.observedAt.toISOString(), cost: s.cost });
  for (const o of overrides) entry(o.variantId).overrides.push({ effectiveFrom: o.effectiveFrom, cost: o.cost });
  return { currency: facts.currency, timeZone: facts.timeZone, variants: variants as Map<string, VariantCostHistory> };
}

export interface SavedOverride {
  variantId: string;
  position: number;
  effectiveFrom: string | null;
  /** Minor units. */
  cost: number;
}

export type OverrideResult = { ok: true; override: SavedOverride } | { ok: false; errors: Issue[] };

const blank = (v: unknown) => v === undefined || v === null || v === "";

/**
 * Saves a merchant's unit cost for a variant: `cost` a decimal string in the shop
 * currency ("12.50"; JPY "1250"), `effectiveFrom` a shop-local date or nothing for
 * all history. Every field error comes back at once.
 */
export async function saveUnitCostOverride(
  db: PrismaClient,
  shop: string,
  input: { variantId: unknown; cost: unknown; effectiveFrom: unknown },
  now: Date = new Date(),
): Promise<OverrideResult> {
  const facts = await shopFacts(db, shop);
  const errors: Issue[] = [];
  const variantId = typeof input.variantId === "string" ? input.variantId : null;
  if (variantId === null || !(await db.variant.findUnique({ where: { shop_id: { shop, id: variantId } }, select: { id: true } }))) {
    errors.push({ path: "variantId", message: "no such variant in this shop" });
  }
  let cost: number | null = null;
  // A string only, as every other amount: a JSON number (12.5, 1e2) is not the decimal the merchant typed.
  if (typeof input.cost !== "string") errors.push({ path: "cost", message: `expected the unit cost as a decimal string in ${facts.currency}, e.g. "${example(facts.currency)}"` });
  else {
    const parsed = parseDecimal(input.cost, facts.currency);
    if (!parsed.ok) errors.push({ path: "cost", message: parsed.error });
    else if (parsed.value < 0) errors.push({ path: "cost", message: "a unit cost cannot be negative" });
    else if (parsed.value > maxMinor(facts.currency)) errors.push({ path: "cost", message: `at most ${formatDecimal(maxMinor(facts.currency), facts.currency)}` });
    else cost = parsed.value;
  }
  const effectiveFrom = blank(input.effectiveFrom) ? null : input.effectiveFrom;
  if (effectiveFrom !== null && !isLocalDate(effectiveFrom)) errors.push({ path: "effectiveFrom", message: "expected a date YYYY-MM-DD, or nothing to apply to all history" });
  if (errors.length > 0 || cost === null || variantId === null) return { ok: false, errors };

  const from = effectiveFrom as string | null;
  const override = await db.$transaction(async (tx) => {
    const last = await tx.unitCostOverride.findFirst({ where: { shop, variantId }, orderBy: { position: "desc" }, select: { position: true } });
    const position = (last?.position ?? -1) + 1;
    await tx.unitCostOverride.create({ data: { shop, variantId, position, effectiveFrom: from, cost, currency: facts.currency, savedAt: now } });
    await tx.marginDirty.create({
      data: { shop, since: from === null ? ALL_HISTORY : new Date(startOfLocalDate(from, facts.timeZone)), until: null, reason: "unit-cost", markedAt: now },
    });
    return { variantId, position, effectiveFrom: from, cost };
  });
  return { ok: true, override };
}

/** "12.50" in the currency's decimals ("1250" for JPY). */
function example(currency: CurrencyCode): string {
  return formatDecimal(1250 * 10 ** Math.max(0, currencyExponent(currency) - 2), currency);
}

function maxMinor(currency: CurrencyCode): number {
  return MAX_AMOUNT_MAJOR * 10 ** currencyExponent(currency);
}

/** Back to Shopify's cost for a variant: removes its overrides. Returns how many went. */
export async function removeUnitCostOverrides(db: PrismaClient, shop: string, variantId: string, now: Date = new Date()): Promise<number> {
  return db.$transaction(async (tx) => {
    const { count } = await tx.unitCostOverride.deleteMany({ where: { shop, variantId } });
    if (count > 0) await tx.marginDirty.create({ data: { shop, since: ALL_HISTORY, until: null, reason: "unit-cost", markedAt: now } });
    return count;
  });
}

/** A variant's costs for its product page: Shopify's snapshots and the overrides, oldest first. */
export async function unitCostHistoryForVariant(
  db: PrismaClient,
  shop: string,
  variantId: string,
): Promise<{ currency: string; shopify: { observedAt: string; cost: number | null }[]; overrides: { effectiveFrom: string | null; cost: number; savedAt: string }[] }> {
  const facts = await shopFacts(db, shop);
  const [snapshots, overrides] = await Promise.all([
    db.unitCostSnapshot.findMany({ where: { shop, variantId, currency: facts.currency }, orderBy: { observedAt: "asc" } }),
    db.unitCostOverride.findMany({ where: { shop, variantId }, orderBy: { position: "asc" } }),
  ]);
  return {
    currency: facts.currency,
    shopify: snapshots.map((s) => ({ observedAt: s.observedAt.toISOString(), cost: s.cost })),
    overrides: overrides.map((o) => ({ effectiveFrom: o.effectiveFrom, cost: o.cost, savedAt: o.savedAt.toISOString() })),
  };
}
