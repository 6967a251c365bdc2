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
export async function loadUnitCostHistory(
  db: Pick<PrismaClient, "unitCostSnapshot" | "unitCostOverride">,
  shop: string,
  facts: ShopFacts,
  /** Only these variants' histories (one order's), instead of the whole catalog's. */
  variantIds?: readonly string[],
): Promise<UnitCostHistory> {
  const only = variantIds ? { variantId: { in: [...variantIds] } } : {};
  const [snapshots, overrides] = await Promise.all([
    db.unitCostSnapshot.findMany({ where: { shop, currency: facts.currency, ...only }, orderBy: [{ observedAt: "asc" }, { id: "asc" }], select: { variantId: true, observedAt: true, cost: true } }),
    db.unitCostOverride.findMany({ where: { shop, currency: facts.currency, ...only }, orderBy: [{ variantId: "asc" }, { position: "asc" }], select: { variantId: true, effectiveFrom: true, cost: true } }),
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
  const checked = checkCost(input.cost, facts.currency);
  const cost = "cost" in checked ? checked.cost : null;
  if ("message" in checked) errors.push({ path: "cost", message: checked.message });
  const effectiveFrom = blank(input.effectiveFrom) ? null : input.effectiveFrom;
  if (effectiveFrom !== null && !isLocalDate(effectiveFrom)) errors.push({ path: "effectiveFrom", message: "expected a date YYYY-MM-DD, or nothing to apply to all history" });
  if (errors.length > 0 || cost === null || variantId === null) return { ok: false, errors };

  const from = effectiveFrom as string | null;
  const override = await db.$transaction(async (tx) => {
    const saved = await insertOverride(tx, shop, facts.currency, { variantId, effectiveFrom: from, cost }, now);
    await tx.marginDirty.create({
      data: { shop, since: from === null ? ALL_HISTORY : new Date(startOfLocalDate(from, facts.timeZone)), until: null, reason: "unit-cost", markedAt: now },
    });
    return saved;
  });
  return { ok: true, override };
}

/** A unit cost as the merchant typed it ("12.50"), in minor units of `currency`, or why not. */
export function checkCost(input: unknown, currency: CurrencyCode): { cost: number } | { message: string } {
  // A string only, as every other amount: a JSON number (12.5, 1e2) is not the decimal the merchant typed.
  if (typeof input !== "string") return { message: `expected the unit cost as a decimal string in ${currency}, e.g. "${example(currency)}"` };
  const parsed = parseDecimal(input, currency);
  if (!parsed.ok) return { message: parsed.error };
  if (parsed.value < 0) return { message: "a unit cost cannot be negative" };
  if (parsed.value > maxMinor(currency)) return { message: `at most ${formatDecimal(maxMinor(currency), currency)}` };
  return { cost: parsed.value };
}

type Tx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];

/** The override as the variant's latest (the one in force from its date on). */
async function insertOverride(tx: Tx, shop: string, currency: CurrencyCode, o: { variantId: string; effectiveFrom: string | null; cost: number }, now: Date): Promise<SavedOverride> {
  const last = await tx.unitCostOverride.findFirst({ where: { shop, variantId: o.variantId }, orderBy: { position: "desc" }, select: { position: true } });
  const position = (last?.position ?? -1) + 1;
  await tx.unitCostOverride.create({ data: { shop, variantId: o.variantId, position, effectiveFrom: o.effectiveFrom, cost: o.cost, currency, savedAt: now } });
  return { variantId: o.variantId, position, effectiveFrom: o.effectiveFrom, cost: o.cost };
}

/**
 * Several variants' unit costs for all history at once (the bulk unit-cost editor, issue 17,
 * item 4), through the same write as `saveUnitCostOverride`: every entry is checked first and
 * nothing is written unless all are valid; then all are saved in one transaction with one
 * recompute mark. Errors carry the entry's index (`path` "costs.<i>.cost" / ".variantId").
 */
export async function saveUnitCostOverrides(
  db: PrismaClient,
  shop: string,
  entries: readonly { variantId: unknown; cost: unknown }[],
  now: Date = new Date(),
): Promise<{ ok: true; saved: SavedOverride[] } | { ok: false; errors: (Issue & { index: number })[] }> {
  const facts = await shopFacts(db, shop);
  const errors: (Issue & { index: number })[] = [];
  const ids = entries.map((e) => (typeof e.variantId === "string" ? e.variantId : null));
  const known = new Set<string>();
  const wanted = [...new Set(ids.filter((id): id is string => id !== null))];
  for (let i = 0; i < wanted.length; i += 500) {
    const found = await db.variant.findMany({ where: { shop, id: { in: wanted.slice(i, i + 500) } }, select: { id: true } });
    for (const v of found) known.add(v.id);
  }
  const valid: { variantId: string; effectiveFrom: null; cost: number }[] = [];
  entries.forEach((e, index) => {
    const id = ids[index] ?? null;
    if (id === null || !known.has(id)) errors.push({ index, path: `costs.${index}.variantId`, message: "no such variant in this shop" });
    const checked = checkCost(e.cost, facts.currency);
    if ("message" in checked) errors.push({ index, path: `costs.${index}.cost`, message: checked.message });
    else if (id !== null) valid.push({ variantId: id, effectiveFrom: null, cost: checked.cost });
  });
  if (errors.length > 0) return { ok: false, errors };
  if (valid.length === 0) return { ok: true, saved: [] };
  const saved = await db.$transaction(async (tx) => {
    const out: SavedOverride[] = [];
    for (const o of valid) out.push(await insertOverride(tx, shop, facts.currency, o, now));
    await tx.marginDirty.create({ data: { shop, since: ALL_HISTORY, until: null, reason: "unit-cost", markedAt: now } });
    return out;
  });
  return { ok: true, saved };
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
