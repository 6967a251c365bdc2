/**
 * Cost settings of a shop: schema (zod), defaults, versioned history, and the JSON
 * export/import format the CLI reads.
 *
 * Two representations:
 * - the JSON file (`SettingsFile`): amounts are decimal strings in the settings
 *   currency ("6.55", JPY "650"), percentages are numbers (2.9 means 2.9 %);
 * - the domain value (`SettingsHistory` / `CostSettings`): amounts are integer minor
 *   units; percentages stay as the merchant typed them and become exact rationals
 *   (`percentRate`) where they are applied.
 *
 * Validation reports every problem at once, each with its JSON path; nothing is
 * half-accepted. Cross-field rules: amounts must fit the currency's decimals, the
 * settings currency must be the shop's, weight bands of rules for the same zone
 * and service must not overlap, the first version must cover all history.
 */
import { z } from "zod";
import { formatMoney, formatPercent, formatWeight } from "./format";
import { currencyExponent, formatDecimal, isCurrencyCode, parseDecimal, type CurrencyCode } from "./money";
import { isInstant, isLocalDate, isTimeZone, localDate } from "./time";
import { issuesFromZod, type Issue, type Parsed } from "./validation";
import { STORAGE_SPREADS, type CarryingCostSettings, type StorageCost, type StorageSpread } from "./carrying-cost";
import { DEFAULT_STOCK_HEALTH_OPTIONS, type StockHealthOptions } from "./stock-health";

// ---------------------------------------------------------------------------
// Domain types
// ---------------------------------------------------------------------------

export const FIXED_COST_METHODS = ["orders", "items", "revenue"] as const;
/** How a month's fixed costs are spread: by order count (default), item count, or revenue share. */
export type FixedCostMethod = (typeof FIXED_COST_METHODS)[number];

export const MISSING_COST_MODES = ["exclude", "percentOfPrice"] as const;
export type MissingCostMode = (typeof MISSING_COST_MODES)[number];

/**
 * What to do with a line whose unit cost is unknown (never silently 0):
 * - exclude: leave the line out of margin totals and flag MISSING_COST;
 * - percentOfPrice: estimate the cost as `percent` % of the line's list price before
 *   tax, and still flag MISSING_COST ("estimated").
 */
export type MissingCostPolicy = { readonly mode: "exclude" } | { readonly mode: "percentOfPrice"; readonly percent: number };

export interface ShippingRule {
  /** Label shown in the breakdown ("FR Colissimo < 1 kg"). */
  readonly name: string;
  /** Destination countries (ISO 3166-1 alpha-2); null = any destination. */
  readonly countries: readonly string[] | null;
  /** Parcel weight band in grams, [min, max): min inclusive, max exclusive, null = no upper bound. */
  readonly minWeightGrams: number;
  readonly maxWeightGrams: number | null;
  /** Shipping services matched (case-insensitively) against the order's shipping line title or code; null = any. */
  readonly services: readonly string[] | null;
  /** What the carrier charges for such a parcel (minor units). */
  readonly cost: number;
}

export interface GatewayFee {
  /** `OrderTransaction.gateway` matched case-insensitively ("paypal"). */
  readonly gateway: string;
  /** Percentage of the amount paid (tax and shipping included). */
  readonly percent: number;
  /** Fixed amount per successful transaction (minor units). */
  readonly fixed: number;
}

export interface FixedCostItem {
  readonly name: string;
  /** Monthly amount (minor units). */
  readonly monthlyAmount: number;
}

export const CAPITAL_SOURCES = ["loan", "factoring"] as const;
/** What the capital rate is: a loan's APR, or the factoring rate paid because the cash sits in stock (a label; the arithmetic is the same). */
export type CapitalSource = (typeof CAPITAL_SOURCES)[number];

/** Stock carrying cost (carrying-cost.ts): storage and the capital tied up in stock. */
export interface CarryingSettings extends CarryingCostSettings {
  readonly capitalSource: CapitalSource;
}

export interface CostSettings {
  readonly costOfGoods: { readonly missingCost: MissingCostPolicy };
  readonly shipping: {
    /** First matching rule wins. */
    readonly rules: readonly ShippingRule[];
    /** Cost when no rule matches. */
    readonly defaultCost: number;
    /** Added to the lines' weight to find the parcel's weight band. */
    readonly packagingWeightGrams: number;
    /**
     * The country a parcel is priced as going to when Shopify hides the order's
     * destination (ISO 3166-1 alpha-2), or null. Shopify returns `shippingAddress`
     * null to an app not approved for protected customer data (Source:
     * shopify.dev/docs/apps/launch/protected-customer-data (2026-10): apps without
     * access "might need to update your app to handle errors or redacted data").
     * Null: only rules without a country list can match such an order, else the
     * default cost applies (margin.ts `matchShippingRule`). Absent means null.
     */
    readonly unknownDestinationCountry?: string | null;
  };
  readonly packaging: { readonly perParcel: number };
  readonly labour: { readonly perOrder: number; readonly perItem: number };
  readonly paymentFees: {
    readonly gateways: readonly GatewayFee[];
    /** Used for gateways not listed. */
    readonly default: { readonly percent: number; readonly fixed: number };
  };
  readonly fixedCosts: { readonly allocation: FixedCostMethod; readonly items: readonly FixedCostItem[] };
  /** Percentages of net revenue. */
  readonly provisions: { readonly returnsPercent: number; readonly fraudPercent: number; readonly spoilagePercent: number };
  readonly thresholds: {
    /** THIN when 0 ≤ margin % < this. */
    readonly thinMarginPercent: number;
    /** SHIPPING_HEAVY when shipping paid > this % of net revenue. */
    readonly shippingHeavyPercent: number;
  };
  /** Stock carrying cost. Absent means none (`NO_CARRYING`): versions saved before it existed. */
  readonly carrying?: CarryingSettings;
  /** Stock health thresholds (stock-health.ts). Absent means the defaults. */
  readonly stockHealth?: StockHealthOptions;
}

export interface SettingsVersion {
  /** Shop-local date from which this version applies; null = all history. */
  readonly effectiveFrom: string | null;
  /** When the merchant saved it (display only; the array order is the save order). */
  readonly savedAt: string | null;
  readonly note: string | null;
  readonly settings: CostSettings;
}

export interface SettingsHistory {
  readonly currency: CurrencyCode;
  /** IANA time zone of the shop: dates and months are read in it. */
  readonly timeZone: string;
  /** Oldest save first. The first version has effectiveFrom null. */
  readonly versions: readonly SettingsVersion[];
}

// ---------------------------------------------------------------------------
// Defaults
// ---------------------------------------------------------------------------

export const DEFAULT_THIN_MARGIN_PERCENT = 10;
export const DEFAULT_SHIPPING_HEAVY_PERCENT = 25;

/** No storage, no capital rate: carrying cost off (the default of every shop until the merchant sets it). */
export const NO_CARRYING: CarryingSettings = Object.freeze({ storage: { kind: "none" } as const, spread: "units", capitalAnnualPercent: 0, capitalSource: "loan" });

/** The carrying settings of a version (absent: none). */
export function carryingOf(s: CostSettings): CarryingSettings {
  return s.carrying ?? NO_CARRYING;
}

/** The stock health thresholds of a version (absent: the defaults). */
export function stockHealthOf(s: CostSettings): StockHealthOptions {
  return s.stockHealth ?? DEFAULT_STOCK_HEALTH_OPTIONS;
}

/** Whether a version counts any carrying cost. */
export function carryingIsOn(s: CostSettings): boolean {
  const c = carryingOf(s);
  return c.storage.kind !== "none" || c.capitalAnnualPercent > 0;
}

/** Words that name storage in a fixed cost (English and French, as merchants name their invoices). */
const STORAGE_WORDS = /\b(storage|warehous\w*|3pl|logisti\w*|fulfil+ment cent\w*|stockage|entrep[oô]t\w*|self[- ]?storage|depot|dépôt)\b/i;

/**
 * Fixed costs named like storage while storage is set in the carrying cost: both would be
 * counted. The settings page names them and offers to remove them from fixed costs
 * (app/DECISIONS.md, 2026-12-07 storage counted once).
 */
export function storageLikeFixedCosts(s: { readonly fixedCosts: { readonly items: readonly { readonly name: string }[] }; readonly carrying?: { readonly storage: { readonly kind: string } } }): string[] {
  if (!s.carrying || s.carrying.storage.kind === "none") return [];
  return s.fixedCosts.items.filter((i) => STORAGE_WORDS.test(i.name)).map((i) => i.name);
}

/** Settings of a shop that has entered nothing: no costs except what Shopify knows; missing costs excluded. */
export function defaultCostSettings(): CostSettings {
  return {
    costOfGoods: { missingCost: { mode: "exclude" } },
    shipping: { rules: [], defaultCost: 0, packagingWeightGrams: 0, unknownDestinationCountry: null },
    packaging: { perParcel: 0 },
    labour: { perOrder: 0, perItem: 0 },
    paymentFees: { gateways: [], default: { percent: 0, fixed: 0 } },
    fixedCosts: { allocation: "orders", items: [] },
    provisions: { returnsPercent: 0, fraudPercent: 0, spoilagePercent: 0 },
    thresholds: { thinMarginPercent: DEFAULT_THIN_MARGIN_PERCENT, shippingHeavyPercent: DEFAULT_SHIPPING_HEAVY_PERCENT },
    carrying: NO_CARRYING,
    stockHealth: DEFAULT_STOCK_HEALTH_OPTIONS,
  };
}

export function defaultSettingsHistory(currency: CurrencyCode, timeZone = "UTC"): SettingsHistory {
  return { currency, timeZone, versions: [{ effectiveFrom: null, savedAt: null, note: null, settings: defaultCostSettings() }] };
}

// ---------------------------------------------------------------------------
// Bounds
// ---------------------------------------------------------------------------

/** Largest amount accepted in any cost field, in major units (1 000 000.00 EUR). */
export const MAX_AMOUNT_MAJOR = 1_000_000;
export const MAX_WEIGHT_GRAMS = 1_000_000;
export const MAX_PERCENT_DECIMALS = 4;
const MAX_RULES = 500;
const MAX_GATEWAYS = 100;
const MAX_FIXED_ITEMS = 200;
const MAX_VERSIONS = 1000;
const MAX_NAME = 120;

function decimalsOf(n: number): number {
  const s = String(n);
  if (/e/i.test(s)) return 99;
  const dot = s.indexOf(".");
  return dot < 0 ? 0 : s.length - dot - 1;
}

const percentSchema = z
  .number({ error: "enter a percentage from 0 to 100" })
  .min(0, { error: "a percentage cannot be negative" })
  .max(100, { error: "a percentage cannot exceed 100" })
  .refine((n) => decimalsOf(n) <= MAX_PERCENT_DECIMALS, { error: `at most ${MAX_PERCENT_DECIMALS} decimals` });

const gramsSchema = z
  .number({ error: "enter the weight as a number" })
  .int({ error: "weights are whole grams" })
  .min(0, { error: "a weight cannot be negative" })
  .max(MAX_WEIGHT_GRAMS, { error: `at most ${formatWeight(MAX_WEIGHT_GRAMS)}` });

const nameSchema = z.string({ error: "expected a name" }).trim().min(1, { error: "cannot be empty" }).max(MAX_NAME, { error: `at most ${MAX_NAME} characters` });

/** A non-negative amount in `currency`, given as a decimal string; becomes minor units. */
function amountSchema(currency: CurrencyCode) {
  const maxMinor = MAX_AMOUNT_MAJOR * 10 ** currencyExponent(currency);
  const example = formatDecimal(650 * 10 ** Math.max(0, currencyExponent(currency) - 2), currency);
  return z
    .string({ error: `write the amount as text in quotes, e.g. "${example}"` })
    .transform((text, ctx) => {
      // An emptied or mistyped field is the merchant's slip: say what to type, not the parser's words.
      if (text.trim() === "") {
        ctx.addIssue({ code: "custom", message: `Enter an amount, e.g. ${example}` });
        return z.NEVER;
      }
      const parsed = parseDecimal(text, currency);
      if (!parsed.ok) {
        const notANumber = !/^[+-]?\d+(\.\d+)?$/.test(text.trim());
        ctx.addIssue({ code: "custom", message: notANumber ? `Enter the amount as a number, e.g. ${example}` : parsed.error });
        return z.NEVER;
      }
      if (parsed.value < 0) {
        ctx.addIssue({ code: "custom", message: "a cost cannot be negative" });
        return z.NEVER;
      }
      if (parsed.value > maxMinor) {
        ctx.addIssue({ code: "custom", message: `at most ${formatMoney(maxMinor, currency)}` });
        return z.NEVER;
      }
      return parsed.value;
    });
}

/** Largest storage area accepted, in m². */
export const MAX_SQUARE_METRES = 1_000_000;

/** An area in m² as a decimal ("25.5", or a number), more than 0, at most 2 decimals; kept as text (exact). */
const squareMetresSchema = z
  .union([z.string(), z.number()], { error: "Area: enter square metres as a number, e.g. 25.5" })
  .transform((v, ctx) => {
    const text = typeof v === "number" ? (Number.isFinite(v) ? String(v) : "") : v.trim();
    const m = /^(\d+)(?:\.(\d+))?$/.exec(text);
    if (!m) {
      ctx.addIssue({ code: "custom", message: text === "" ? "Area: enter square metres, e.g. 25.5" : "Area: enter square metres as a number, e.g. 25.5" });
      return z.NEVER;
    }
    if ((m[2] ?? "").length > 2) {
      ctx.addIssue({ code: "custom", message: "Area: at most 2 decimals, e.g. 25.75" });
      return z.NEVER;
    }
    const n = Number(text);
    if (n <= 0) {
      ctx.addIssue({ code: "custom", message: "Area: enter the square metres you pay for, more than 0" });
      return z.NEVER;
    }
    if (n > MAX_SQUARE_METRES) {
      ctx.addIssue({ code: "custom", message: `Area: at most ${MAX_SQUARE_METRES.toLocaleString("en")} m²` });
      return z.NEVER;
    }
    // "25.50" and "25.5" are the same area: keep the shortest exact text.
    const [whole, fraction = ""] = text.split(".");
    const f = fraction.replace(/0+$/, "");
    return `${String(Number(whole))}${f ? `.${f}` : ""}`;
  });

/** Days for a stock health threshold, named by its label on the page: a whole number from `min` to 3650. */
function daysSchema(label: string, example: number, min = 0) {
  const whole = `${label}: enter whole days, e.g. ${example}`;
  return z
    .number({ error: whole })
    .int({ error: whole })
    .min(min, { error: min === 0 ? `${label} cannot be negative` : `${label}: at least ${min} day` })
    .max(3650, { error: `${label}: at most 3,650 days (10 years)` });
}

const countrySchema = z.string().regex(/^[A-Z]{2}$/, { error: "enter a two-letter country code such as FR" });

/** A second item with the same key is named with the first's number as the page counts them ("same as gateway 1"). */
function uniqueBy<T>(items: readonly T[], key: (t: T) => string, ctx: z.RefinementCtx, field: string, what: string, noun: string): void {
  const seen = new Map<string, number>();
  items.forEach((item, i) => {
    const k = key(item);
    const first = seen.get(k);
    if (first !== undefined) {
      ctx.addIssue({ code: "custom", path: [i, field], message: `duplicate ${what} (same as ${noun} ${first + 1})` });
    } else seen.set(k, i);
  });
}

function sameSet(a: readonly string[] | null, b: readonly string[] | null, norm: (s: string) => string): boolean {
  if (a === null || b === null) return a === b;
  const sa = [...new Set(a.map(norm))].sort();
  const sb = [...new Set(b.map(norm))].sort();
  return sa.length === sb.length && sa.every((x, i) => x === sb[i]);
}

/** A weight band in kg, as merchants weigh parcels ("0–1 kg", "2 kg and more"). */
function bandLabel(min: number, max: number | null): string {
  return max === null ? `${formatWeight(min)} and more` : `${formatWeight(min).replace(/ kg$/, "")}–${formatWeight(max)}`;
}

interface BandLike {
  name: string;
  countries: readonly string[] | null;
  services: readonly string[] | null;
  minWeightGrams: number;
  maxWeightGrams: number | null;
}

/** The rule's zone/service/band when those fields are well-formed (other fields may be invalid). */
function bandOf(value: unknown): BandLike | null {
  if (typeof value !== "object" || value === null) return null;
  const r = value as Record<string, unknown>;
  const list = (x: unknown): readonly string[] | null | undefined =>
    x === null || x === undefined ? null : Array.isArray(x) && x.every((c) => typeof c === "string") ? (x as string[]) : undefined;
  const countries = list(r.countries);
  const services = list(r.services);
  const min = r.minWeightGrams === undefined ? 0 : r.minWeightGrams;
  const max = r.maxWeightGrams === undefined ? null : r.maxWeightGrams;
  if (countries === undefined || services === undefined || typeof min !== "number" || (max !== null && typeof max !== "number")) return null;
  return { name: typeof r.name === "string" ? r.name : "", countries, services, minWeightGrams: min, maxWeightGrams: max as number | null };
}

/**
 * Rules for the same zone and the same services must not have overlapping weight
 * bands: with first-match-wins the later band would be partly dead. Runs even when
 * other rules have invalid fields, so every error comes back at once.
 */
function checkOverlaps(rules: unknown, ctx: z.RefinementCtx): void {
  if (!Array.isArray(rules)) return;
  const bands = rules.map(bandOf);
  bands.forEach((b, j) => {
    if (b === null) return;
    for (let i = 0; i < j; i++) {
      const a = bands[i];
      if (!a) continue;
      if (!sameSet(a.countries, b.countries, (x) => x) || !sameSet(a.services, b.services, (x) => x.trim().toLowerCase())) continue;
      const aMax = a.maxWeightGrams ?? Infinity;
      const bMax = b.maxWeightGrams ?? Infinity;
      if (a.minWeightGrams < bMax && b.minWeightGrams < aMax) {
        ctx.addIssue({
          code: "custom",
          path: ["rules", j, "minWeightGrams"],
          message: `weight band ${bandLabel(b.minWeightGrams, b.maxWeightGrams)} overlaps rule ${i + 1} ("${a.name}", ${bandLabel(a.minWeightGrams, a.maxWeightGrams)}) for the same destinations and services`,
        });
        break;
      }
    }
  });
}

const schemas = new Map<CurrencyCode, ReturnType<typeof buildCostSettingsSchema>>();

/**
 * The zod schema of one settings version in the JSON format, for a given currency:
 * built once per currency. Every page reads the shop's stored versions through it;
 * built on each call, the schema and zod's compiled parser were 11 % of the app's
 * CPU under bench:load (test/bench/README.md).
 */
export function costSettingsSchema(currency: CurrencyCode) {
  let schema = schemas.get(currency);
  if (!schema) {
    schema = buildCostSettingsSchema(currency);
    schemas.set(currency, schema);
  }
  return schema;
}

function buildCostSettingsSchema(currency: CurrencyCode) {
  const amount = amountSchema(currency);
  const rule = z
    .strictObject({
      name: nameSchema,
      countries: z.array(countrySchema).min(1, { error: "list at least one country, or use null for any destination" }).nullable().default(null),
      minWeightGrams: gramsSchema.default(0),
      maxWeightGrams: gramsSchema.nullable().default(null),
      services: z
        .array(z.string().trim().min(1, { error: "cannot be empty" }).max(MAX_NAME))
        .min(1, { error: "list at least one service, or use null for any service" })
        .nullable()
        .default(null),
      cost: amount,
    })
    .check(
      z.superRefine(
        (value, ctx) => {
          // Runs even when other fields of the rule are invalid (every error at once).
          if (typeof value !== "object" || value === null) return;
          const r = value as { minWeightGrams?: unknown; maxWeightGrams?: unknown };
          const min = typeof r.minWeightGrams === "number" ? r.minWeightGrams : 0;
          if (typeof r.maxWeightGrams === "number" && r.maxWeightGrams <= min) {
            ctx.addIssue({ code: "custom", path: ["maxWeightGrams"], message: `must be more than the from weight (${formatWeight(min)})` });
          }
        },
        { when: () => true },
      ),
    );

  const shipping = z
    .strictObject({
      rules: z.array(rule).max(MAX_RULES, { error: `at most ${MAX_RULES} rules` }).default([]),
      defaultCost: amount.default(0),
      packagingWeightGrams: gramsSchema.default(0),
      unknownDestinationCountry: z
        .string({ error: "enter a two-letter country code such as FR, or leave it empty" })
        .trim()
        .regex(/^[A-Za-z]{2}$/, { error: "enter a two-letter country code such as FR, or leave it empty" })
        .transform((c) => c.toUpperCase())
        .nullable()
        .default(null),
    })
    .check(
      z.superRefine(
        (value, ctx) => checkOverlaps(typeof value === "object" && value !== null ? (value as { rules?: unknown }).rules : undefined, ctx),
        { when: () => true },
      ),
    );

  const gateway = z.strictObject({
    gateway: nameSchema,
    percent: percentSchema,
    fixed: amount.default(0),
  });

  return z.strictObject({
    costOfGoods: z
      .strictObject({
        missingCost: z
          .discriminatedUnion("mode", [
            z.strictObject({ mode: z.literal("exclude") }),
            z.strictObject({ mode: z.literal("percentOfPrice"), percent: percentSchema }),
          ], { error: 'expected { "mode": "exclude" } or { "mode": "percentOfPrice", "percent": 40 }' })
          .prefault({ mode: "exclude" }),
      })
      .prefault({}),
    shipping: shipping.prefault({}),
    packaging: z.strictObject({ perParcel: amount.default(0) }).prefault({}),
    labour: z.strictObject({ perOrder: amount.default(0), perItem: amount.default(0) }).prefault({}),
    paymentFees: z
      .strictObject({
        gateways: z
          .array(gateway)
          .max(MAX_GATEWAYS)
          .default([])
          .superRefine((gs, ctx) => uniqueBy(gs, (g) => g.gateway.toLowerCase(), ctx, "gateway", "gateway", "gateway")),
        default: z.strictObject({ percent: percentSchema.default(0), fixed: amount.default(0) }).prefault({}),
      })
      .prefault({}),
    fixedCosts: z
      .strictObject({
        allocation: z.enum(FIXED_COST_METHODS, { error: "choose order count, item count or share of revenue" }).default("orders"),
        items: z
          .array(z.strictObject({ name: nameSchema, monthlyAmount: amount }))
          .max(MAX_FIXED_ITEMS)
          .default([])
          .superRefine((items, ctx) => uniqueBy(items, (x) => x.name.toLowerCase(), ctx, "name", "fixed-cost name", "fixed cost")),
      })
      .prefault({}),
    provisions: z
      .strictObject({
        returnsPercent: percentSchema.default(0),
        fraudPercent: percentSchema.default(0),
        spoilagePercent: percentSchema.default(0),
      })
      .prefault({})
      .superRefine((p, ctx) => {
        const parts = [p.returnsPercent, p.fraudPercent, p.spoilagePercent];
        // Only a sum of valid percentages is worth a second message: one field above 100 already says it all.
        if (parts.every((x) => x >= 0 && x <= 100) && parts.reduce((a, b) => a + b, 0) > 100) {
          ctx.addIssue({ code: "custom", path: ["returnsPercent"], message: `provisions together cannot exceed ${formatPercent(100)} of revenue` });
        }
      }),
    thresholds: z
      .strictObject({
        thinMarginPercent: percentSchema.default(DEFAULT_THIN_MARGIN_PERCENT),
        shippingHeavyPercent: percentSchema.default(DEFAULT_SHIPPING_HEAVY_PERCENT),
      })
      .prefault({}),
    carrying: carryingSchema(amount).prefault({}),
    stockHealth: stockHealthSchema().prefault({}),
  });
}

/** Stock carrying cost in the JSON format: storage one of four kinds, how it is spread, the capital rate. */
function carryingSchema(amount: ReturnType<typeof amountSchema>) {
  const storage = z
    .discriminatedUnion(
      "kind",
      [
        z.strictObject({ kind: z.literal("none") }),
        z.strictObject({ kind: z.literal("monthly"), amount }),
        z.strictObject({ kind: z.literal("perArea"), perSquareMetre: amount, squareMetres: squareMetresSchema }),
        z.strictObject({ kind: z.literal("perUnit"), perUnitPerMonth: amount }),
      ],
      { error: "choose how storage is charged: not counted here, an amount a month, a price per m², or a price per unit" },
    )
    .prefault({ kind: "none" });
  return z.strictObject({
    storage,
    spread: z.enum(STORAGE_SPREADS, { error: "choose units, volume or value at cost" }).default("units"),
    capitalAnnualPercent: z
      .number({ error: "Yearly rate: enter a percentage, e.g. 6.5" })
      .min(0, { error: "Yearly rate cannot be negative" })
      .max(100, { error: "Yearly rate: at most 100 %" })
      .refine((n) => decimalsOf(n) <= MAX_PERCENT_DECIMALS, { error: `Yearly rate: at most ${MAX_PERCENT_DECIMALS} decimals` })
      .default(0),
    capitalSource: z.enum(CAPITAL_SOURCES, { error: "choose a loan or factoring" }).default("loan"),
  });
}

/** Stock health thresholds (stock-health.ts StockHealthOptions), in whole days, with the windows in order. */
function stockHealthSchema() {
  const d = DEFAULT_STOCK_HEALTH_OPTIONS;
  return z
    .strictObject({
      shortWindowDays: daysSchema("Short sales window", 28, 1).default(d.shortWindowDays),
      longWindowDays: daysSchema("Long sales window", 90, 1).default(d.longWindowDays),
      minInStockDays: daysSchema("Days in stock the short window needs", 7).default(d.minInStockDays),
      leadTimeDays: daysSchema("Supplier lead time", 14).default(d.leadTimeDays),
      safetyDays: daysSchema("Safety days", 7).default(d.safetyDays),
      targetCoverDays: daysSchema("Target cover", 90, 1).default(d.targetCoverDays),
      deadAfterDays: daysSchema("Dead stock after", 90, 1).default(d.deadAfterDays),
      newForDays: daysSchema("New for", 30).default(d.newForDays),
    })
    .check(
      z.superRefine(
        (value, ctx) => {
          // Runs even when another threshold is invalid (every error at once); each rule only on valid numbers.
          if (typeof value !== "object" || value === null) return;
          const o = value as Record<string, unknown>;
          const days = (k: keyof StockHealthOptions) => (typeof o[k] === "number" && Number.isSafeInteger(o[k]) ? (o[k] as number) : k in o ? null : d[k]);
          const short = days("shortWindowDays");
          const long = days("longWindowDays");
          const minIn = days("minInStockDays");
          if (short !== null && long !== null && short >= 1 && long >= 1 && long < short) {
            ctx.addIssue({ code: "custom", path: ["longWindowDays"], message: `Long sales window: at least the short one (${short} days)` });
          }
          if (short !== null && minIn !== null && short >= 1 && minIn > short) {
            ctx.addIssue({ code: "custom", path: ["minInStockDays"], message: `Days in stock the short window needs: at most the short window (${short} days)` });
          }
        },
        { when: () => true },
      ),
    )
    .prefault({});
}

function sameStartMessage(index: number, first: number, from: string | null): string {
  const when = from === null ? "applies to all history" : `starts on ${from}`;
  return `version ${index + 1} ${when} as version ${first + 1} does: only one of them could ever apply. Give each version its own start date, or remove one`;
}

export const SETTINGS_FORMAT = "netmargin.cost-settings";
export const SETTINGS_FORMAT_VERSION = 1;

function settingsFileSchema(currency: CurrencyCode) {
  const version = z.strictObject({
    effectiveFrom: z
      .string()
      .refine(isLocalDate, { error: "expected a date such as 2026-06-01, or none for all history" })
      .nullable()
      .default(null),
    savedAt: z.string().refine(isInstant, { error: "expected a date and time such as 2026-11-22T10:00:00Z" }).nullable().default(null),
    note: z.string().max(500).nullable().default(null),
    settings: costSettingsSchema(currency),
  });
  return z.strictObject({
    format: z.literal(SETTINGS_FORMAT, { error: `expected "${SETTINGS_FORMAT}"` }).optional(),
    version: z.literal(SETTINGS_FORMAT_VERSION, { error: `unsupported settings format version (this NetMargin reads version ${SETTINGS_FORMAT_VERSION})` }),
    currency: z.string().refine(isCurrencyCode, { error: "expected a three-letter currency code such as EUR" }),
    timeZone: z.string().refine(isTimeZone, { error: "expected a time zone such as Europe/Paris" }).default("UTC"),
    versions: z
      .array(version)
      .min(1, { error: "at least one version is needed" })
      .max(MAX_VERSIONS)
      .superRefine((vs, ctx) => {
        if (vs[0] && vs[0].effectiveFrom !== null) {
          ctx.addIssue({ code: "custom", path: [0, "effectiveFrom"], message: "the first version must apply to all history (no start date)" });
        }
        // Two versions from the same date: only the later one would ever apply, silently.
        const firstFrom = new Map<string | null, number>();
        vs.forEach((v, i) => {
          const first = firstFrom.get(v.effectiveFrom);
          if (first === undefined) firstFrom.set(v.effectiveFrom, i);
          else ctx.addIssue({ code: "custom", path: [i, "effectiveFrom"], message: sameStartMessage(i, first, v.effectiveFrom) });
        });
      }),
  });
}

// ---------------------------------------------------------------------------
// Import / export
// ---------------------------------------------------------------------------

/** One settings version in the JSON format (amounts as decimal strings). */
export interface CostSettingsJson {
  costOfGoods: { missingCost: { mode: "exclude" } | { mode: "percentOfPrice"; percent: number } };
  shipping: {
    rules: {
      name: string;
      countries: string[] | null;
      minWeightGrams: number;
      maxWeightGrams: number | null;
      services: string[] | null;
      cost: string;
    }[];
    defaultCost: string;
    packagingWeightGrams: number;
    unknownDestinationCountry: string | null;
  };
  packaging: { perParcel: string };
  labour: { perOrder: string; perItem: string };
  paymentFees: { gateways: { gateway: string; percent: number; fixed: string }[]; default: { percent: number; fixed: string } };
  fixedCosts: { allocation: FixedCostMethod; items: { name: string; monthlyAmount: string }[] };
  provisions: { returnsPercent: number; fraudPercent: number; spoilagePercent: number };
  thresholds: { thinMarginPercent: number; shippingHeavyPercent: number };
  carrying: {
    storage:
      | { kind: "none" }
      | { kind: "monthly"; amount: string }
      | { kind: "perArea"; perSquareMetre: string; squareMetres: string }
      | { kind: "perUnit"; perUnitPerMonth: string };
    spread: StorageSpread;
    capitalAnnualPercent: number;
    capitalSource: CapitalSource;
  };
  stockHealth: StockHealthOptions;
}

/** The settings export/import file (what `--settings` reads). */
export interface SettingsFile {
  format: typeof SETTINGS_FORMAT;
  version: typeof SETTINGS_FORMAT_VERSION;
  currency: CurrencyCode;
  timeZone: string;
  versions: { effectiveFrom: string | null; savedAt: string | null; note: string | null; settings: CostSettingsJson }[];
}

export interface SettingsParseOptions {
  /** The shop currency: the file must be in it. */
  readonly shopCurrency?: CurrencyCode;
}

function rawCurrency(raw: unknown): unknown {
  return typeof raw === "object" && raw !== null ? (raw as Record<string, unknown>).currency : undefined;
}

/**
 * Validates and imports a settings file (parsed JSON). Returns every problem with
 * its path, or the history with amounts in minor units.
 */
export function parseSettingsFile(raw: unknown, options: SettingsParseOptions = {}): Parsed<SettingsHistory> {
  const declared = rawCurrency(raw);
  const currency = isCurrencyCode(declared) ? declared : (options.shopCurrency ?? "XXX");
  const result = settingsFileSchema(currency).safeParse(raw);
  const errors: Issue[] = result.success ? [] : issuesFromZod(result.error);
  if (options.shopCurrency !== undefined && isCurrencyCode(declared) && declared !== options.shopCurrency) {
    errors.unshift({ path: "currency", message: `settings are in ${declared} but the shop currency is ${options.shopCurrency}` });
  }
  if (errors.length > 0 || !result.success) return { ok: false, errors };
  const v = result.data;
  return {
    ok: true,
    value: {
      currency: v.currency,
      timeZone: v.timeZone,
      versions: v.versions.map((x) => ({ effectiveFrom: x.effectiveFrom, savedAt: x.savedAt, note: x.note, settings: x.settings })),
    },
  };
}

/**
 * Validates one settings version as the UI submits it (JSON format, amounts as
 * decimal strings in `currency`). Every error at once; on success the domain value.
 */
export function parseCostSettings(raw: unknown, currency: CurrencyCode): Parsed<CostSettings> {
  const result = costSettingsSchema(currency).safeParse(raw);
  if (!result.success) return { ok: false, errors: issuesFromZod(result.error) };
  return { ok: true, value: result.data };
}

/** One version back to the JSON format. */
export function costSettingsToJson(s: CostSettings, currency: CurrencyCode): CostSettingsJson {
  const d = (n: number) => formatDecimal(n, currency);
  return {
    costOfGoods: {
      missingCost: s.costOfGoods.missingCost.mode === "exclude" ? { mode: "exclude" } : { mode: "percentOfPrice", percent: s.costOfGoods.missingCost.percent },
    },
    shipping: {
      rules: s.shipping.rules.map((r) => ({
        name: r.name,
        countries: r.countries === null ? null : [...r.countries],
        minWeightGrams: r.minWeightGrams,
        maxWeightGrams: r.maxWeightGrams,
        services: r.services === null ? null : [...r.services],
        cost: d(r.cost),
      })),
      defaultCost: d(s.shipping.defaultCost),
      packagingWeightGrams: s.shipping.packagingWeightGrams,
      unknownDestinationCountry: s.shipping.unknownDestinationCountry ?? null,
    },
    packaging: { perParcel: d(s.packaging.perParcel) },
    labour: { perOrder: d(s.labour.perOrder), perItem: d(s.labour.perItem) },
    paymentFees: {
      gateways: s.paymentFees.gateways.map((g) => ({ gateway: g.gateway, percent: g.percent, fixed: d(g.fixed) })),
      default: { percent: s.paymentFees.default.percent, fixed: d(s.paymentFees.default.fixed) },
    },
    fixedCosts: { allocation: s.fixedCosts.allocation, items: s.fixedCosts.items.map((i) => ({ name: i.name, monthlyAmount: d(i.monthlyAmount) })) },
    provisions: { ...s.provisions },
    thresholds: { ...s.thresholds },
    carrying: carryingToJson(carryingOf(s), currency),
    stockHealth: { ...stockHealthOf(s) },
  };
}

function carryingToJson(c: CarryingSettings, currency: CurrencyCode): CostSettingsJson["carrying"] {
  const d = (n: number) => formatDecimal(n, currency);
  const st: StorageCost = c.storage;
  const storage: CostSettingsJson["carrying"]["storage"] =
    st.kind === "none"
      ? { kind: "none" }
      : st.kind === "monthly"
        ? { kind: "monthly", amount: d(st.amount) }
        : st.kind === "perArea"
          ? { kind: "perArea", perSquareMetre: d(st.perSquareMetre), squareMetres: String(st.squareMetres) }
          : { kind: "perUnit", perUnitPerMonth: d(st.perUnitPerMonth) };
  return { storage, spread: c.spread, capitalAnnualPercent: c.capitalAnnualPercent, capitalSource: c.capitalSource };
}

/**
 * The history as the export file. Versions a later save replaced everywhere (a later
 * version from the same or an earlier date, or for all history) never apply and are
 * left out, since an import refuses two versions from one date; so
 * `parseSettingsFile(exportSettings(h))` gives `h` back when no version was replaced,
 * and otherwise a history with the same version in force on every date.
 */
export function exportSettings(history: SettingsHistory): SettingsFile {
  return {
    format: SETTINGS_FORMAT,
    version: SETTINGS_FORMAT_VERSION,
    currency: history.currency,
    timeZone: history.timeZone,
    versions: liveVersions(history.versions).map((v) => ({
      effectiveFrom: v.effectiveFrom,
      savedAt: v.savedAt,
      note: v.note,
      settings: costSettingsToJson(v.settings, history.currency),
    })),
  };
}

/** The versions still in force on some date: those no later version starts on or before (null first). */
function liveVersions(versions: readonly SettingsVersion[]): SettingsVersion[] {
  const live: SettingsVersion[] = [];
  // Walking back from the last save: a version lives when it starts before every later one.
  let earliestLater: string | null | undefined;
  for (let i = versions.length - 1; i >= 0; i--) {
    const v = versions[i]!;
    const replaced = earliestLater !== undefined && (earliestLater === null || (v.effectiveFrom !== null && earliestLater <= v.effectiveFrom));
    if (!replaced) live.push(v);
    if (earliestLater === undefined || v.effectiveFrom === null || (earliestLater !== null && v.effectiveFrom < earliestLater)) earliestLater = v.effectiveFrom;
  }
  return live.reverse();
}

// ---------------------------------------------------------------------------
// Versions in force
// ---------------------------------------------------------------------------

/**
 * The version in force on a shop-local date: among the versions that apply to that
 * date (effectiveFrom null or ≤ date), the one saved last. So a version saved "for
 * all history" replaces every earlier one, and a version saved "from D" replaces
 * earlier ones from D on. The first version covers all history, so there is always
 * one.
 */
export function versionInForceOn(history: SettingsHistory, date: string): { index: number; version: SettingsVersion } {
  for (let i = history.versions.length - 1; i >= 0; i--) {
    const v = history.versions[i]!;
    if (v.effectiveFrom === null || v.effectiveFrom <= date) return { index: i, version: v };
  }
  throw new RangeError("settings history has no version covering all history");
}

/** The settings that apply to an order processed at `processedAt` (date read in the shop's time zone). */
export function settingsInForce(history: SettingsHistory, processedAt: string): CostSettings {
  return versionInForceOn(history, localDate(processedAt, history.timeZone)).version.settings;
}

/** A new history with `version` saved last (the caller validated its settings). */
export function appendVersion(history: SettingsHistory, version: SettingsVersion): SettingsHistory {
  if (version.effectiveFrom !== null && !isLocalDate(version.effectiveFrom)) {
    throw new RangeError(`effectiveFrom must be YYYY-MM-DD or null, got ${version.effectiveFrom}`);
  }
  return { ...history, versions: [...history.versions, version] };
}

/**
 * Which stored margins a newly saved version makes stale: all of them, or those of
 * orders from a shop-local date on (fixed costs: whole months from that date's
 * month, see fixed-costs.ts). Recompute jobs select orders by this.
 */
export type RecomputeScope = { readonly kind: "all" } | { readonly kind: "from"; readonly localDate: string };

export function recomputeScope(version: SettingsVersion): RecomputeScope {
  return version.effectiveFrom === null ? { kind: "all" } : { kind: "from", localDate: version.effectiveFrom };
}
