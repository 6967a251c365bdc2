/**
 * Delivery profiles (shipping rates) of the simulated shop: the model, the demo
 * presets' rates and the resolvers of the Admin 2026-10 types
 * deliveryProfiles → profileLocationGroups → locationGroupZones → zone / methodDefinitions
 * → rateProvider (DeliveryRateDefinition) and methodConditions (DeliveryCondition).
 *
 * Many shops give free shipping as a RATE priced 0 with a minimum order price
 * condition (TOTAL_PRICE ≥ X), not as a discount; NetMargin's planner reads both.
 *
 * Shapes, ids and numbers follow Shopify's live answers (Source: live capture,
 * airhorns/shopify-draft-proxy fixtures/conformance/harry-test-heelo.myshopify.com/2026-04/
 * shipping-fulfillments/delivery-profile-writes.json (mutations.nestedCreate, readAfterCreateCatalog)
 * and delivery-profiles-read.json (queries.catalogFirst, detail, missing)):
 * - condition ids carry the operator as a query string:
 *   `gid://shopify/DeliveryCondition/319583486258?operator=greater_than_or_equal_to`;
 * - a weight criterion is `{ "__typename": "Weight", "value": 1, "unit": "KILOGRAMS" }`
 *   (value a JSON number), a rate price a MoneyV2 decimal (`"7.25"`);
 * - a zone's countries (and countriesInAnyZone) come back sorted by code (US, CA sent → CA, US);
 * - profiles are listed by id with Shopify-shaped cursors; an unknown `deliveryProfile(id)` is
 *   `null` without an error; `productVariantsCount` of a large default profile is
 *   `{ count: 500, precision: "AT_LEAST" }` (a capped count);
 * - `activeMethodDefinitionsCount` counts active rates only (1 after an update that made one of
 *   two rates inactive), `originLocationCount` the locations of the profile's groups.
 * Enums (DeliveryConditionField TOTAL_PRICE/TOTAL_WEIGHT, DeliveryConditionOperator
 * GREATER_THAN_OR_EQUAL_TO/LESS_THAN_OR_EQUAL_TO, WeightUnit) are the schema's
 * (app/types/admin-2026-10.schema.json.gz).
 *
 * Simulator decisions (not seen in a capture): a rate with a price (or weight) RANGE is one
 * condition record shown as two conditions sharing the numeric id, one per operator (which
 * is what the `?operator=` suffix suggests); country ids are synthetic; provinces are not
 * modelled (empty list); participant (carrier-calculated) rates are not modelled.
 */
import { paginate, type ConnectionArgs, type Page } from "./connection";
import type { ShopPreset } from "./generator";
import { gid, parseGid, type LocationModel, type ProductModel } from "./model";
import type { MoneyV2Src, ResolverContext } from "./resolvers";

// ---------------------------------------------------------------------------
// Model
// ---------------------------------------------------------------------------

export type WeightUnit = "GRAMS" | "KILOGRAMS" | "OUNCES" | "POUNDS";
export type DeliveryConditionField = "TOTAL_PRICE" | "TOTAL_WEIGHT";
export type DeliveryConditionOperator = "GREATER_THAN_OR_EQUAL_TO" | "LESS_THAN_OR_EQUAL_TO";

export interface DeliveryConditionModel {
  /** Full GraphQL id, operator suffix included. */
  id: string;
  field: DeliveryConditionField;
  operator: DeliveryConditionOperator;
  criteria: { kind: "money"; minor: number; currency: string } | { kind: "weight"; value: number; unit: WeightUnit };
}

export interface DeliveryMethodDefinitionModel {
  id: string;
  name: string;
  active: boolean;
  description: string | null;
  rate: { id: string; price: number; currency: string };
  conditions: DeliveryConditionModel[];
}

export interface DeliveryCountryModel {
  id: string;
  /** ISO code, or null for "Rest of world". */
  code: string | null;
}

export interface DeliveryZoneModel {
  id: string;
  name: string;
  countries: DeliveryCountryModel[];
  methods: DeliveryMethodDefinitionModel[];
}

export interface DeliveryLocationGroupModel {
  id: string;
  locationIds: string[];
  zones: DeliveryZoneModel[];
}

export interface DeliveryProfileModel {
  id: string;
  name: string;
  default: boolean;
  version: number;
  locationGroups: DeliveryLocationGroupModel[];
}

// ---------------------------------------------------------------------------
// Demo presets
// ---------------------------------------------------------------------------

export const DELIVERY_ID_BASE = {
  profile: 125_254_990_000,
  locationGroup: 134_733_360_000,
  zone: 586_651_820_000,
  country: 712_400_000_000,
  method: 1_118_068_930_000,
  rate: 1_039_585_410_000,
  condition: 319_583_480_000,
} as const;

const OPERATOR_SUFFIX: Record<DeliveryConditionOperator, string> = {
  GREATER_THAN_OR_EQUAL_TO: "greater_than_or_equal_to",
  LESS_THAN_OR_EQUAL_TO: "less_than_or_equal_to",
};

export function conditionId(n: number, operator: DeliveryConditionOperator): string {
  return `${gid("DeliveryCondition", n)}?operator=${OPERATOR_SUFFIX[operator]}`;
}

/** A weight band of the preset's carrier tariff (grams, exclusive of the previous band). */
export interface DeliveryBand {
  maxGrams: number;
  price: number;
}

export interface DeliveryPresetInput {
  preset: ShopPreset;
  currency: string;
  weightUnit: WeightUnit;
  locations: readonly LocationModel[];
  bands: readonly DeliveryBand[];
  standardTitle: string;
  /** The free rate of the domestic zone: its name and minimum order price (minor units). */
  free: { title: string; minimum: number };
}

interface PresetZone {
  name: string;
  countries: string[];
  /** The domestic zone carries the free rate. */
  domestic: boolean;
}

const PRESET_ZONES: Record<ShopPreset, PresetZone[]> = {
  eu: [
    { name: "France", countries: ["FR"], domestic: true },
    { name: "Union européenne", countries: ["BE", "DE", "ES", "IT", "LU", "NL"], domestic: false },
  ],
  us: [
    { name: "Domestic", countries: ["US"], domestic: true },
    { name: "Canada", countries: ["CA"], domestic: false },
  ],
};

const GRAMS_PER_UNIT: Record<WeightUnit, number> = { GRAMS: 1, KILOGRAMS: 1000, OUNCES: 28.349523125, POUNDS: 453.59237 };

/** Weight in the shop's unit, rounded to 2 decimals (454 g → 1 lb, 500 g → 0.5 kg). */
function weightIn(grams: number, unit: WeightUnit): number {
  return Math.round((grams / GRAMS_PER_UNIT[unit]) * 100) / 100;
}

/**
 * The preset's "General profile": one location group (every location) and two zones;
 * each zone has the carrier's weight-band rates (a TOTAL_WEIGHT range each), and the
 * domestic zone also a free rate (price 0, TOTAL_PRICE ≥ the free minimum), as a merchant
 * sets "free shipping from 60 €" in Settings › Shipping and delivery.
 */
export function presetDeliveryProfiles(input: DeliveryPresetInput): DeliveryProfileModel[] {
  let method = 0;
  let rate = 0;
  let condition = 0;
  let country = 0;
  const zones: DeliveryZoneModel[] = PRESET_ZONES[input.preset].map((z, zi) => {
    const methods: DeliveryMethodDefinitionModel[] = [];
    let lower = 0;
    for (const band of input.bands) {
      const n = DELIVERY_ID_BASE.condition + ++condition;
      const conditions: DeliveryConditionModel[] = [
        { id: conditionId(n, "GREATER_THAN_OR_EQUAL_TO"), field: "TOTAL_WEIGHT", operator: "GREATER_THAN_OR_EQUAL_TO", criteria: { kind: "weight", value: weightIn(lower, input.weightUnit), unit: input.weightUnit } },
      ];
      if (Number.isFinite(band.maxGrams)) {
        conditions.push({ id: conditionId(n, "LESS_THAN_OR_EQUAL_TO"), field: "TOTAL_WEIGHT", operator: "LESS_THAN_OR_EQUAL_TO", criteria: { kind: "weight", value: weightIn(band.maxGrams, input.weightUnit), unit: input.weightUnit } });
      }
      methods.push({
        id: gid("DeliveryMethodDefinition", DELIVERY_ID_BASE.method + ++method),
        name: input.standardTitle,
        active: true,
        description: null,
        rate: { id: gid("DeliveryRateDefinition", DELIVERY_ID_BASE.rate + ++rate), price: band.price, currency: input.currency },
        conditions,
      });
      lower = band.maxGrams;
    }
    if (z.domestic) {
      const n = DELIVERY_ID_BASE.condition + ++condition;
      methods.push({
        id: gid("DeliveryMethodDefinition", DELIVERY_ID_BASE.method + ++method),
        name: input.free.title,
        active: true,
        description: null,
        rate: { id: gid("DeliveryRateDefinition", DELIVERY_ID_BASE.rate + ++rate), price: 0, currency: input.currency },
        conditions: [{ id: conditionId(n, "GREATER_THAN_OR_EQUAL_TO"), field: "TOTAL_PRICE", operator: "GREATER_THAN_OR_EQUAL_TO", criteria: { kind: "money", minor: input.free.minimum, currency: input.currency } }],
      });
    }
    return {
      id: gid("DeliveryZone", DELIVERY_ID_BASE.zone + zi + 1),
      name: z.name,
      countries: z.countries.map((code) => ({ id: gid("DeliveryCountry", DELIVERY_ID_BASE.country + ++country), code })),
      methods,
    };
  });
  return [
    {
      id: gid("DeliveryProfile", DELIVERY_ID_BASE.profile + 1),
      name: "General profile",
      default: true,
      version: 1,
      locationGroups: [{ id: gid("DeliveryLocationGroup", DELIVERY_ID_BASE.locationGroup + 1), locationIds: input.locations.map((l) => l.id), zones }],
    },
  ];
}

// ---------------------------------------------------------------------------
// Resolvers
// ---------------------------------------------------------------------------

type Args = Record<string, unknown>;
type Resolver = (src: any, args: Args, ctx: ResolverContext) => unknown; // eslint-disable-line @typescript-eslint/no-explicit-any

const COUNTRY_NAMES: Record<string, string> = {
  BE: "Belgium",
  CA: "Canada",
  DE: "Germany",
  ES: "Spain",
  FR: "France",
  GB: "United Kingdom",
  IT: "Italy",
  LU: "Luxembourg",
  NL: "Netherlands",
  US: "United States",
};

/** The capture's capped count: a profile with more variants reports 500, AT_LEAST. */
const VARIANT_COUNT_LIMIT = 500;

function connArgs(args: Args): ConnectionArgs {
  return {
    first: (args.first as number | null | undefined) ?? null,
    last: (args.last as number | null | undefined) ?? null,
    after: (args.after as string | null | undefined) ?? null,
    before: (args.before as string | null | undefined) ?? null,
    reverse: (args.reverse as boolean | null | undefined) ?? false,
  };
}

function nested<T>(items: readonly T[], args: Args, ctx: ResolverContext, id: (t: T) => string): Page<T> {
  return paginate(items, connArgs(args), { id, presorted: true, requireWindow: !ctx.bulk });
}

function mapPage<T, U>(page: Page<T>, f: (t: T) => U): Page<U> {
  const edges = page.edges.map((e) => ({ node: f(e.node), cursor: e.cursor }));
  return { edges, nodes: edges.map((e) => e.node), pageInfo: page.pageInfo };
}

const money = (minor: number, currency: string): MoneyV2Src => ({ __typename: "MoneyV2", minor, currency });
const byCode = (a: DeliveryCountryModel, b: DeliveryCountryModel) => (a.code ?? "~").localeCompare(b.code ?? "~");
const countrySrc = (c: DeliveryCountryModel) => ({ __typename: "DeliveryCountry" as const, c });
const groupSrc = (profile: DeliveryProfileModel, group: DeliveryLocationGroupModel) => ({ __typename: "DeliveryProfileLocationGroup" as const, profile, group });
const zoneLinkSrc = (zone: DeliveryZoneModel) => ({ __typename: "DeliveryLocationGroupZone" as const, zone });

function groupLocations(group: DeliveryLocationGroupModel, ctx: ResolverContext): LocationModel[] {
  return ctx.store.locations.filter((l) => group.locationIds.includes(l.id));
}

const hasActiveRate = (z: DeliveryZoneModel) => z.methods.some((m) => m.active);

function profileVariants(p: DeliveryProfileModel, ctx: ResolverContext): { product: ProductModel; variant: ProductModel["variants"][number] }[] {
  return p.default ? ctx.store.variants() : [];
}

export function findDeliveryProfile(ctx: ResolverContext, id: string): DeliveryProfileModel | null {
  return ctx.store.deliveryProfiles.find((p) => p.id === id) ?? null;
}

export const DELIVERY_QUERY_FIELDS: Record<string, Resolver> = {
  // merchantOwnedOnly: every simulated profile is the merchant's.
  // Cursor like the capture's {"last_id":125254992178,"last_value":"125254992178"}: sorted by id, the id as the value.
  deliveryProfiles: (_s, a, ctx) => paginate(ctx.store.deliveryProfiles, connArgs(a), { id: (p) => p.id, sortValue: (p) => parseGid(p.id)!.id, requireWindow: !ctx.bulk }),
  deliveryProfile: (_s, a, ctx) => (parseGid(String(a.id)) ? findDeliveryProfile(ctx, String(a.id)) : null),
};

export const DELIVERY_RESOLVERS: Record<string, Record<string, Resolver>> = {
  DeliveryProfile: {
    activeMethodDefinitionsCount: (p: DeliveryProfileModel) => p.locationGroups.reduce((s, g) => s + g.zones.reduce((t, z) => t + z.methods.filter((m) => m.active).length, 0), 0),
    coversAllItems: (p: DeliveryProfileModel) => p.default,
    originLocationCount: (p: DeliveryProfileModel, _a, ctx) => new Set(p.locationGroups.flatMap((g) => groupLocations(g, ctx).map((l) => l.id))).size,
    locationsWithoutRatesCount: (p: DeliveryProfileModel, _a, ctx) => {
      const served = new Set(p.locationGroups.filter((g) => g.zones.some(hasActiveRate)).flatMap((g) => g.locationIds));
      return ctx.store.locations.filter((l) => l.isActive && !served.has(l.id)).length;
    },
    zoneCountryCount: (p: DeliveryProfileModel) => new Set(p.locationGroups.flatMap((g) => g.zones.filter(hasActiveRate).flatMap((z) => z.countries.map((c) => c.code ?? "*")))).size,
    productVariantsCount: (p: DeliveryProfileModel, _a, ctx) => {
      const n = profileVariants(p, ctx).length;
      return n > VARIANT_COUNT_LIMIT ? { count: VARIANT_COUNT_LIMIT, precision: "AT_LEAST" } : { count: n, precision: "EXACT" };
    },
    profileItems: (p: DeliveryProfileModel, a, ctx) => {
      const products = p.default ? ctx.store.products : [];
      return mapPage(nested(products, a, ctx, (x) => x.id), (product) => ({
        __typename: "DeliveryProfileItem",
        // Source: delivery-profile-default-update.json (setup hydrate): "gid://shopify/DeliveryProfileItem/<product>?profile_id=<profile>"
        id: `${gid("DeliveryProfileItem", parseGid(product.id)!.id)}?profile_id=${parseGid(p.id)!.id}`,
        product,
      }));
    },
    profileLocationGroups: (p: DeliveryProfileModel, a) => p.locationGroups.filter((g) => a.locationGroupId == null || g.id === a.locationGroupId).map((g) => groupSrc(p, g)),
    sellingPlanGroups: (_p, a, ctx) => nested([], a, ctx, () => ""),
    unassignedLocations: (p: DeliveryProfileModel, _a, ctx) => ctx.store.locations.filter((l) => !p.locationGroups.some((g) => g.locationIds.includes(l.id))),
    unassignedLocationsPaginated: (p: DeliveryProfileModel, a, ctx) =>
      nested(
        ctx.store.locations.filter((l) => !p.locationGroups.some((g) => g.locationIds.includes(l.id))),
        a,
        ctx,
        (l) => l.id,
      ),
  },

  DeliveryProfileItem: {
    variants: (s: { product: ProductModel }, a, ctx) =>
      mapPage(
        nested(s.product.variants, a, ctx, (v) => v.id),
        (variant) => ({ __typename: "ProductVariant", product: s.product, variant }),
      ),
  },

  DeliveryProfileLocationGroup: {
    countriesInAnyZone: (s: ReturnType<typeof groupSrc>) =>
      s.group.zones.flatMap((z) => [...z.countries].sort(byCode).map((c) => ({ zone: z.name, country: countrySrc(c) }))),
    locationGroup: (s: ReturnType<typeof groupSrc>) => ({ __typename: "DeliveryLocationGroup", group: s.group }),
    locationGroupZones: (s: ReturnType<typeof groupSrc>, a, ctx) => mapPage(nested(s.group.zones, a, ctx, (z) => z.id), zoneLinkSrc),
  },

  DeliveryLocationGroup: {
    id: (s: { group: DeliveryLocationGroupModel }) => s.group.id,
    locations: (s: { group: DeliveryLocationGroupModel }, a, ctx) => nested(groupLocations(s.group, ctx), a, ctx, (l) => l.id),
    locationsCount: (s: { group: DeliveryLocationGroupModel }, _a, ctx) => ({ count: groupLocations(s.group, ctx).length, precision: "EXACT" }),
  },

  DeliveryLocationGroupZone: {
    zone: (s: ReturnType<typeof zoneLinkSrc>) => s.zone,
    methodDefinitionCounts: (s: ReturnType<typeof zoneLinkSrc>) => ({ participantDefinitionsCount: 0, rateDefinitionsCount: s.zone.methods.length }),
    methodDefinitions: (s: ReturnType<typeof zoneLinkSrc>, a, ctx) => {
      // Every simulated rate is a merchant-defined DeliveryRateDefinition (type MERCHANT).
      const list = a.type === "PARTICIPANT" ? [] : s.zone.methods;
      return nested(list, a, ctx, (m) => m.id);
    },
  },

  DeliveryZone: {
    countries: (z: DeliveryZoneModel) => [...z.countries].sort(byCode).map(countrySrc),
  },

  DeliveryCountry: {
    id: (s: ReturnType<typeof countrySrc>) => s.c.id,
    name: (s: ReturnType<typeof countrySrc>) => (s.c.code === null ? "Rest of World" : (COUNTRY_NAMES[s.c.code] ?? s.c.code)),
    translatedName: (s: ReturnType<typeof countrySrc>) => (s.c.code === null ? "Rest of World" : (COUNTRY_NAMES[s.c.code] ?? s.c.code)),
    code: (s: ReturnType<typeof countrySrc>) => ({ countryCode: s.c.code, restOfWorld: s.c.code === null }),
    provinces: () => [],
  },

  DeliveryMethodDefinition: {
    rateProvider: (m: DeliveryMethodDefinitionModel) => ({ __typename: "DeliveryRateDefinition", id: m.rate.id, price: money(m.rate.price, m.rate.currency) }),
    methodConditions: (m: DeliveryMethodDefinitionModel) => m.conditions.map((c) => ({ __typename: "DeliveryCondition", c })),
  },

  DeliveryCondition: {
    id: (s: { c: DeliveryConditionModel }) => s.c.id,
    field: (s: { c: DeliveryConditionModel }) => s.c.field,
    operator: (s: { c: DeliveryConditionModel }) => s.c.operator,
    conditionCriteria: (s: { c: DeliveryConditionModel }) =>
      s.c.criteria.kind === "money" ? money(s.c.criteria.minor, s.c.criteria.currency) : { __typename: "Weight", value: s.c.criteria.value, unit: s.c.criteria.unit },
  },
};
