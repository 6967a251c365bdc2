/**
 * Unit cost of goods per variant, with history.
 *
 * Two sources per variant:
 * - Shopify snapshots: `InventoryItem.unitCost` as NetMargin observed it at an
 *   instant (Shopify keeps only the current cost, so sync snapshots it on
 *   orders/create and inventory_items/update). A null cost means Shopify had none.
 * - Merchant overrides: a cost that applies from a shop-local date, or to all
 *   history (effectiveFrom null); later saves replace earlier ones from their date.
 * An override in force always wins over Shopify's snapshot.
 */
import { z } from "zod";
import { formatDecimal, isCurrencyCode, parseDecimal, type CurrencyCode } from "./money";
import { type OrderLine } from "./types";
import { isInstant, isLocalDate, localDate } from "./time";
import { forwardIssues, issuesFromZod, type Issue, type Parsed } from "./validation";

export interface ShopifyCostSnapshot {
  /** ISO instant the cost was read from Shopify. */
  readonly observedAt: string;
  /** Minor units, or null when Shopify had no unit cost. */
  readonly cost: number | null;
}

export interface CostOverride {
  /** Shop-local date "YYYY-MM-DD" from which it applies; null = all history. */
  readonly effectiveFrom: string | null;
  /** Minor units. */
  readonly cost: number;
}

export interface VariantCostHistory {
  /** Any order; resolved by `observedAt`. */
  readonly shopify: readonly ShopifyCostSnapshot[];
  /** Save order (oldest first). */
  readonly overrides: readonly CostOverride[];
}

export interface UnitCostHistory {
  readonly currency: CurrencyCode;
  /** Time zone the override dates are read in (the shop's). */
  readonly timeZone: string;
  readonly variants: ReadonlyMap<string, VariantCostHistory>;
}

export const UNIT_COST_SOURCES = ["override", "shopify"] as const;
export type UnitCostSource = (typeof UNIT_COST_SOURCES)[number];

export type UnitCostResolution =
  | {
      readonly kind: "known";
      /** Minor units per unit. */
      readonly unitCost: number;
      readonly source: UnitCostSource;
      /** effectiveFrom of the override, or observedAt of the snapshot (null: override for all history). */
      readonly since: string | null;
      /**
       * True when the order predates every Shopify snapshot and the earliest one was
       * used (typical for orders backfilled at install: Shopify exposes only today's cost).
       */
      readonly beforeFirstSnapshot: boolean;
    }
  | { readonly kind: "missing"; readonly reason: string };

/**
 * The unit cost of `variantId` in force at `processedAt`: the override saved last
 * among those applying on the order's shop-local date; else the latest Shopify
 * snapshot observed at or before `processedAt`; else the earliest snapshot
 * (flagged `beforeFirstSnapshot`). Missing when none applies or Shopify had none.
 */
export function costInForce(history: UnitCostHistory, variantId: string | null, processedAt: string): UnitCostResolution {
  if (variantId === null) return { kind: "missing", reason: "the line has no variant (custom item or deleted product)" };
  const v = history.variants.get(variantId);
  if (!v) return { kind: "missing", reason: "no unit cost known for this variant" };
  if (v.overrides.length > 0) {
    const date = localDate(processedAt, history.timeZone);
    for (let i = v.overrides.length - 1; i >= 0; i--) {
      const o = v.overrides[i]!;
      if (o.effectiveFrom === null || o.effectiveFrom <= date) {
        return { kind: "known", unitCost: o.cost, source: "override", since: o.effectiveFrom, beforeFirstSnapshot: false };
      }
    }
  }
  if (v.shopify.length === 0) return { kind: "missing", reason: "no unit cost known for this variant at that date" };
  const at = Date.parse(processedAt);
  let best: ShopifyCostSnapshot | undefined;
  let bestAt = 0;
  let earliest: ShopifyCostSnapshot | undefined;
  let earliestAt = 0;
  for (const s of v.shopify) {
    const t = observedMs(s);
    if (!earliest || t < earliestAt) {
      earliest = s;
      earliestAt = t;
    }
    if (t <= at && (!best || t >= bestAt)) {
      best = s;
      bestAt = t;
    }
  }
  const chosen = best ?? earliest!;
  if (chosen.cost === null) return { kind: "missing", reason: "Shopify has no unit cost for this variant" };
  return { kind: "known", unitCost: chosen.cost, source: "shopify", since: chosen.observedAt, beforeFirstSnapshot: best === undefined };
}

/** Parsed once per snapshot: a recompute resolves millions of lines against the same few. */
const observedCache = new WeakMap<ShopifyCostSnapshot, number>();
function observedMs(s: ShopifyCostSnapshot): number {
  let t = observedCache.get(s);
  if (t === undefined) {
    t = Date.parse(s.observedAt);
    observedCache.set(s, t);
  }
  return t;
}

/** A resolver for the margin context: (line, processedAt) → unit cost. */
export type UnitCostResolver = (line: OrderLine, processedAt: string) => UnitCostResolution;

export function unitCostResolver(history: UnitCostHistory): UnitCostResolver {
  return (line, processedAt) => costInForce(history, line.variantId, processedAt);
}

export function emptyUnitCostHistory(currency: CurrencyCode, timeZone = "UTC"): UnitCostHistory {
  return { currency, timeZone, variants: new Map() };
}

// ---------------------------------------------------------------------------
// JSON file (`--unit-costs`)
// ---------------------------------------------------------------------------

/**
 * Accepted shapes:
 *   { "version": 1, "currency": "EUR", "variants": { "<variant gid>": ENTRY, … } }
 *   { "<variant gid>": ENTRY, … }                       (bare map)
 * ENTRY is "12.50" (an override for all history), null (cost unknown), or
 *   { "shopify": [{ "observedAt": "2026-01-01T00:00:00Z", "cost": "8.00" | null }],
 *     "overrides": [{ "effectiveFrom": "2026-06-01" | null, "cost": "9.00" }] }
 */
export interface UnitCostsFile {
  version: 1;
  currency: CurrencyCode;
  variants: Record<string, { shopify: { observedAt: string; cost: string | null }[]; overrides: { effectiveFrom: string | null; cost: string }[] }>;
}

function costString(currency: CurrencyCode) {
  return z.string({ error: `expected a unit cost as a decimal string in ${currency}` }).transform((text, ctx) => {
    const p = parseDecimal(text, currency);
    if (!p.ok) {
      ctx.addIssue({ code: "custom", message: p.error });
      return z.NEVER;
    }
    if (p.value < 0) {
      ctx.addIssue({ code: "custom", message: "a unit cost cannot be negative" });
      return z.NEVER;
    }
    return p.value;
  });
}

function entrySchema(currency: CurrencyCode) {
  const cost = costString(currency);
  const full = z.strictObject({
    shopify: z
      .array(
        z.strictObject({
          observedAt: z.string().refine(isInstant, { error: "expected an ISO 8601 instant" }),
          cost: cost.nullable(),
        }),
      )
      .default([]),
    overrides: z
      .array(
        z.strictObject({
          effectiveFrom: z.string().refine(isLocalDate, { error: "expected YYYY-MM-DD or null" }).nullable().default(null),
          cost,
        }),
      )
      .default([]),
  });
  // Dispatch on the JSON type by hand (a zod union would report one vague error).
  return z.unknown().transform((value, ctx): VariantCostHistory => {
    if (value === null) return { shopify: [], overrides: [] };
    if (typeof value === "string") {
      const r = cost.safeParse(value);
      if (!r.success) {
        forwardIssues(ctx, r.error);
        return z.NEVER;
      }
      return { shopify: [], overrides: [{ effectiveFrom: null, cost: r.data }] };
    }
    if (typeof value === "object" && !Array.isArray(value)) {
      const r = full.safeParse(value);
      if (!r.success) {
        forwardIssues(ctx, r.error);
        return z.NEVER;
      }
      return r.data;
    }
    ctx.addIssue({ code: "custom", message: 'expected "12.50", null, or { "shopify": [...], "overrides": [...] }' });
    return z.NEVER;
  });
}

export interface UnitCostsParseOptions {
  /** The shop currency (the file's, when it states one, must match). */
  readonly currency: CurrencyCode;
  readonly timeZone?: string;
}

export function parseUnitCostsFile(raw: unknown, options: UnitCostsParseOptions): Parsed<UnitCostHistory> {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    return { ok: false, errors: [{ path: "", message: "expected an object mapping variant ids to unit costs" }] };
  }
  const obj = raw as Record<string, unknown>;
  const wrapped = "variants" in obj;
  const errors: Issue[] = [];
  if (wrapped && obj.currency !== undefined) {
    if (!isCurrencyCode(obj.currency)) errors.push({ path: "currency", message: "expected an ISO 4217 currency code" });
    else if (obj.currency !== options.currency) {
      errors.push({ path: "currency", message: `unit costs are in ${obj.currency} but the shop currency is ${options.currency}` });
    }
  }
  const schema = wrapped
    ? z.strictObject({
        version: z.literal(1, { error: "unsupported unit-costs format version (expected 1)" }).optional(),
        currency: z.string().optional(),
        variants: z.record(z.string().min(1), entrySchema(options.currency)),
      })
    : z.record(z.string().min(1), entrySchema(options.currency)).transform((variants) => ({ variants }));
  const result = schema.safeParse(raw);
  if (!result.success) errors.push(...issuesFromZod(result.error));
  if (errors.length > 0 || !result.success) return { ok: false, errors };
  return {
    ok: true,
    value: { currency: options.currency, timeZone: options.timeZone ?? "UTC", variants: new Map(Object.entries(result.data.variants)) },
  };
}

export function exportUnitCosts(history: UnitCostHistory): UnitCostsFile {
  const d = (n: number) => formatDecimal(n, history.currency);
  const variants: UnitCostsFile["variants"] = {};
  for (const [id, v] of history.variants) {
    variants[id] = {
      shopify: v.shopify.map((s) => ({ observedAt: s.observedAt, cost: s.cost === null ? null : d(s.cost) })),
      overrides: v.overrides.map((o) => ({ effectiveFrom: o.effectiveFrom, cost: d(o.cost) })),
    };
  }
  return { version: 1, currency: history.currency, variants };
}
