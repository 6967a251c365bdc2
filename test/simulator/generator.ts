/**
 * Deterministic store generator for the Admin API simulator.
 *
 * Same seed + options ⇒ byte-identical catalogue and orders. Nothing reads the clock or
 * Math.random: "now" is an option and randomness comes from prng.ts. Orders are produced
 * one at a time (`orderAt(i)` / `orders()`), each from its own sub-seed, so a
 * 1,000,000-order store can be streamed without ever holding the orders in memory, and
 * any slice of it can be regenerated independently.
 *
 * Realism targets (see /work/shared/docs/domain.md): 50–200 products with variants,
 * prices, unit costs (some missing) and weights; about 1.7 lines per order with a long
 * tail; line, order and code discounts; shipping charged by weight band with free
 * shipping above a threshold; a tax-inclusive EU shop (EUR, 20 % VAT) and a
 * tax-exclusive US shop (USD, state sales tax); Shopify Payments (with fees), PayPal,
 * manual and test payments; partial and full refunds, cancellations, test orders; and a
 * few truly loss-making products (cheap and heavy, or deeply discounted).
 */
import { presetDeliveryProfiles } from "./delivery";
import {
  allocateProportionally,
  computeOrderTotals,
  gid,
  paymentFee,
  refundLineAmounts,
  refundMoney,
  refundShippingTax,
  roundMinor,
  taxForAmount,
  weightInGrams,
  type CatalogModel,
  type DiscountAllocationModel,
  type DiscountApplicationModel,
  type FulfillmentModel,
  type InventoryItemModel,
  type LineItemModel,
  type LocationModel,
  type OrderModel,
  type PaymentTermsModel,
  type ProductModel,
  type ProductStatus,
  type RefundModel,
  type RestockType,
  type ShippingLineModel,
  type ShopModel,
  type StoreData,
  type TransactionModel,
  type VariantModel,
  type WeightUnit,
} from "./model";
import { Rng, WeightedTable, deriveSeed } from "./prng";
import { shapeStock, type StockProfile } from "./stock";

export type ShopPreset = "eu" | "us";

export interface GeneratorOptions {
  seed: number;
  /** Number of orders (50 for unit tests … 1,000,000 for benchmarks). */
  orders: number;
  preset?: ShopPreset;
  /** The fixed "now" (ISO 8601). Orders spread over the `months` before it. */
  now?: string;
  /** Number of products; default 50–200 picked from the seed. */
  products?: number;
  months?: number;
}

export interface ResolvedGeneratorOptions {
  seed: number;
  orders: number;
  preset: ShopPreset;
  now: string;
  products: number;
  months: number;
}

export const DEFAULT_NOW = "2026-10-15T12:00:00Z";

// ---------------------------------------------------------------------------
// Id spaces (deterministic, disjoint, below 2^53)
// ---------------------------------------------------------------------------

export const ID_BASE = {
  shop: 68_420_000_000,
  location: 71_340_000_000,
  product: 8_120_000_000_000,
  variant: 45_210_000_000_000,
  inventoryItem: 47_330_000_000_000,
  inventoryLevel: 120_500_000_000,
  order: 6_100_000_000_000,
  lineItem: 15_200_000_000_000,
  shippingLine: 5_180_000_000_000,
  transaction: 7_450_000_000_000,
  fee: 3_120_000_000_000,
  refund: 1_010_000_000_000,
  refundLineItem: 580_000_000_000,
  refundShippingLine: 91_000_000_000,
  fulfillment: 5_640_000_000_000,
  appInstallation: 550_120_000_000,
  app: 18_760_000_000,
  discount: 1_480_000_000_000,
  metafield: 27_900_000_000_000,
} as const;

/** Slots reserved per order for nested records (ids stay deterministic per order index). */
export const SLOTS = { lines: 32, shipping: 4, transactions: 16, fees: 2, refunds: 8, refundLines: 32, refundShipping: 4, fulfillments: 4 } as const;

export function orderIdFor(index: number): string {
  return gid("Order", ID_BASE.order + index * 4 + 1);
}
export function lineItemIdFor(orderIndex: number, k: number): string {
  return gid("LineItem", ID_BASE.lineItem + orderIndex * SLOTS.lines + k);
}
export function shippingLineIdFor(orderIndex: number, k: number): string {
  return gid("ShippingLine", ID_BASE.shippingLine + orderIndex * SLOTS.shipping + k);
}
export function transactionIdFor(orderIndex: number, k: number): string {
  return gid("OrderTransaction", ID_BASE.transaction + orderIndex * SLOTS.transactions + k);
}
export function feeIdFor(orderIndex: number, txK: number, k: number): string {
  return gid("TransactionFee", ID_BASE.fee + (orderIndex * SLOTS.transactions + txK) * SLOTS.fees + k);
}
export function refundIdFor(orderIndex: number, k: number): string {
  return gid("Refund", ID_BASE.refund + orderIndex * SLOTS.refunds + k);
}
export function refundLineItemIdFor(orderIndex: number, refundK: number, k: number): string {
  return gid("RefundLineItem", ID_BASE.refundLineItem + (orderIndex * SLOTS.refunds + refundK) * SLOTS.refundLines + k);
}
export function refundShippingLineIdFor(orderIndex: number, refundK: number, k: number): string {
  return gid("RefundShippingLine", ID_BASE.refundShippingLine + (orderIndex * SLOTS.refunds + refundK) * SLOTS.refundShipping + k);
}
export function fulfillmentIdFor(orderIndex: number, k: number): string {
  return gid("Fulfillment", ID_BASE.fulfillment + orderIndex * SLOTS.fulfillments + k);
}
/** Order index encoded in an order gid produced by `orderIdFor`. */
export function orderIndexOf(orderId: string): number {
  const n = Number(orderId.slice(orderId.lastIndexOf("/") + 1));
  return (n - 1 - ID_BASE.order) / 4;
}

// ---------------------------------------------------------------------------
// Time helpers (no clock)
// ---------------------------------------------------------------------------

const DAY = 86_400_000;

export function isoSeconds(ms: number): string {
  return `${new Date(ms - (((ms % 1000) + 1000) % 1000)).toISOString().slice(0, 19)}Z`;
}

function parseNow(now: string): number {
  const ms = Date.parse(now);
  if (!Number.isFinite(ms)) throw new Error(`invalid "now": ${now}`);
  return Math.floor(ms / 1000) * 1000;
}

// ---------------------------------------------------------------------------
// Presets
// ---------------------------------------------------------------------------

interface ProductTemplate {
  type: string;
  nouns: string[];
  price: [number, number]; // minor units, shop convention
  weight: [number, number]; // grams
  costRatio: [number, number]; // of the pre-tax price
  variantKind: "single" | "size" | "colour" | "any";
  giftCard?: boolean;
}

interface TaxZone {
  country: string;
  province: string | null;
  weight: number;
  taxes: { title: string; rate: number }[];
  taxShipping: boolean;
}

interface ShippingBand {
  maxGrams: number;
  price: number;
}

interface Preset {
  shop: Omit<ShopModel, "id" | "createdAt" | "updatedAt">;
  vendors: string[];
  adjectives: string[];
  templates: ProductTemplate[];
  lossMakers: { title: string; type: string; price: number; grams: number; cost: number; clearance: boolean }[];
  zones: TaxZone[];
  bands: ShippingBand[];
  standardTitle: string;
  standardCode: string;
  express: { title: string; code: string; surcharge: number };
  carrier: { title: string; code: string; source: string; carrierIdentifier: string; base: number; perKg: number; share: number } | null;
  freeShippingThreshold: number;
  freeShippingTitle: string;
  trackingCompanies: string[];
  presentment: { code: string; rate: number; weight: number }[];
  fees: { rate: number; flat: number; weight: number }[];
  codes: { code: string; value: { type: "percentage"; percentage: number } | { type: "fixed"; amount: number }; weight: number }[];
  saleTitle: string;
  clearanceTitle: string;
  bundleCode: string;
  locations: string[];
}

const EU_PRESET: Preset = {
  shop: {
    name: "Maison Verte",
    myshopifyDomain: "maison-verte.myshopify.com",
    email: "shop@maison-verte.example",
    currencyCode: "EUR",
    ianaTimezone: "Europe/Paris",
    timezoneAbbreviation: "CEST",
    timezoneOffsetMinutes: 120,
    plan: { publicDisplayName: "Basic", shopifyPlus: false, partnerDevelopment: false },
    taxesIncluded: true,
    taxShipping: true,
    weightUnit: "KILOGRAMS",
    countryCode: "FR",
  },
  vendors: ["Maison Verte", "Atelier Roux", "Céramiques du Lot", "Jardin & Co"],
  adjectives: ["Linen", "Stoneware", "Terracotta", "Rattan", "Oak", "Wool", "Ceramic", "Jute", "Glass", "Copper", "Sage", "Ochre", "Indigo", "Sand"],
  templates: [
    { type: "Candle", nouns: ["Candle", "Tealight set", "Scented candle"], price: [1290, 2990], weight: [200, 650], costRatio: [0.22, 0.4], variantKind: "single" },
    { type: "Tableware", nouns: ["Mug", "Bowl", "Plate set", "Teapot"], price: [1490, 4990], weight: [350, 1800], costRatio: [0.3, 0.5], variantKind: "colour" },
    { type: "Planter", nouns: ["Planter", "Pot", "Window box"], price: [1990, 5990], weight: [800, 5000], costRatio: [0.3, 0.5], variantKind: "size" },
    { type: "Textile", nouns: ["Cushion", "Throw", "Tea towel", "Tablecloth"], price: [890, 8990], weight: [80, 1600], costRatio: [0.25, 0.45], variantKind: "colour" },
    { type: "Decor", nouns: ["Vase", "Mirror", "Basket", "Frame"], price: [2490, 9990], weight: [400, 3500], costRatio: [0.3, 0.5], variantKind: "any" },
    { type: "Garden", nouns: ["Trowel", "Pruner", "Watering can", "Seed kit"], price: [990, 3990], weight: [150, 1500], costRatio: [0.35, 0.55], variantKind: "single" },
    { type: "Lighting", nouns: ["Lamp", "Pendant", "Lantern"], price: [4990, 14990], weight: [900, 4000], costRatio: [0.35, 0.5], variantKind: "colour" },
    { type: "Gift card", nouns: ["Gift card"], price: [2500, 2500], weight: [0, 0], costRatio: [0, 0], variantKind: "single", giftCard: true },
  ],
  lossMakers: [
    { title: "Terracotta Planter XXL", type: "Planter", price: 1490, grams: 7500, cost: 980, clearance: false },
    { title: "Cast Iron Doorstop", type: "Decor", price: 990, grams: 2600, cost: 690, clearance: false },
    { title: "Stoneware Garden Bench Pot", type: "Planter", price: 3990, grams: 9800, cost: 2450, clearance: true },
    { title: "Glass Hurricane Lantern (clearance)", type: "Lighting", price: 5490, grams: 2100, cost: 2600, clearance: true },
  ],
  zones: [
    { country: "FR", province: null, weight: 62, taxes: [{ title: "FR TVA", rate: 0.2 }], taxShipping: true },
    { country: "BE", province: null, weight: 8, taxes: [{ title: "FR TVA", rate: 0.2 }], taxShipping: true },
    { country: "DE", province: null, weight: 10, taxes: [{ title: "FR TVA", rate: 0.2 }], taxShipping: true },
    { country: "ES", province: null, weight: 6, taxes: [{ title: "FR TVA", rate: 0.2 }], taxShipping: true },
    { country: "IT", province: null, weight: 6, taxes: [{ title: "FR TVA", rate: 0.2 }], taxShipping: true },
    { country: "NL", province: null, weight: 5, taxes: [{ title: "FR TVA", rate: 0.2 }], taxShipping: true },
    { country: "LU", province: null, weight: 3, taxes: [{ title: "FR TVA", rate: 0.2 }], taxShipping: true },
  ],
  bands: [
    { maxGrams: 500, price: 490 },
    { maxGrams: 2000, price: 690 },
    { maxGrams: 5000, price: 990 },
    { maxGrams: Number.POSITIVE_INFINITY, price: 1490 },
  ],
  standardTitle: "Colissimo",
  standardCode: "Standard",
  express: { title: "Chronopost Express", code: "Express", surcharge: 800 },
  carrier: null,
  freeShippingThreshold: 6000,
  freeShippingTitle: "Livraison offerte dès 60 €",
  trackingCompanies: ["Colissimo", "Chronopost", "Mondial Relay"],
  presentment: [
    { code: "EUR", rate: 1, weight: 94 },
    { code: "GBP", rate: 0.86, weight: 3 },
    { code: "CHF", rate: 0.94, weight: 2 },
    { code: "JPY", rate: 162, weight: 1 },
  ],
  fees: [
    { rate: 0.015, flat: 25, weight: 80 },
    { rate: 0.029, flat: 25, weight: 20 },
  ],
  codes: [
    { code: "BIENVENUE10", value: { type: "percentage", percentage: 10 }, weight: 55 },
    { code: "MERCI15", value: { type: "percentage", percentage: 15 }, weight: 25 },
    { code: "5EUROS", value: { type: "fixed", amount: 500 }, weight: 20 },
  ],
  saleTitle: "Soldes -20%",
  clearanceTitle: "Déstockage -60%",
  bundleCode: "DUO15",
  locations: ["Entrepôt Lyon", "Boutique Paris"],
};

const US_PRESET: Preset = {
  shop: {
    name: "Trailhead Supply Co.",
    myshopifyDomain: "trailhead-supply.myshopify.com",
    email: "hello@trailhead-supply.example",
    currencyCode: "USD",
    ianaTimezone: "America/New_York",
    timezoneAbbreviation: "EDT",
    timezoneOffsetMinutes: -240,
    plan: { publicDisplayName: "Grow", shopifyPlus: false, partnerDevelopment: false },
    taxesIncluded: false,
    taxShipping: false,
    weightUnit: "POUNDS",
    countryCode: "US",
  },
  vendors: ["Trailhead", "Ridgeline Gear", "Northfork", "Summit Basics"],
  adjectives: ["Alpine", "Ultralight", "Canyon", "Ridge", "Cedar", "Glacier", "Desert", "Timber", "Granite", "River", "Olive", "Slate"],
  templates: [
    { type: "Tents", nouns: ["Tent", "Tarp", "Bivy"], price: [14900, 39900], weight: [1200, 5000], costRatio: [0.4, 0.55], variantKind: "size" },
    { type: "Sleep", nouns: ["Sleeping bag", "Sleeping pad", "Camp pillow"], price: [2900, 19900], weight: [300, 2200], costRatio: [0.35, 0.5], variantKind: "size" },
    { type: "Packs", nouns: ["Backpack", "Daypack", "Hip pack"], price: [3900, 18900], weight: [300, 1800], costRatio: [0.35, 0.5], variantKind: "colour" },
    { type: "Hydration", nouns: ["Water bottle", "Filter", "Bladder"], price: [1990, 4990], weight: [150, 500], costRatio: [0.25, 0.4], variantKind: "colour" },
    { type: "Lighting", nouns: ["Headlamp", "Lantern", "Flashlight"], price: [2490, 7990], weight: [90, 600], costRatio: [0.3, 0.45], variantKind: "single" },
    { type: "Cooking", nouns: ["Camp stove", "Cook set", "Skillet", "Kettle"], price: [2490, 12900], weight: [300, 3500], costRatio: [0.35, 0.5], variantKind: "single" },
    { type: "Apparel", nouns: ["Socks", "Beanie", "Rain jacket", "Fleece"], price: [1490, 17900], weight: [60, 700], costRatio: [0.25, 0.45], variantKind: "size" },
    { type: "Gift card", nouns: ["Gift card"], price: [5000, 5000], weight: [0, 0], costRatio: [0, 0], variantKind: "single", giftCard: true },
  ],
  lossMakers: [
    { title: "Cast Iron Dutch Oven 7qt", type: "Cooking", price: 2990, grams: 6800, cost: 2150, clearance: false },
    { title: "Firewood Bundle", type: "Cooking", price: 1290, grams: 9000, cost: 700, clearance: false },
    { title: "Granite Camp Table (clearance)", type: "Cooking", price: 8990, grams: 7200, cost: 4100, clearance: true },
    { title: "Timber Folding Chair (clearance)", type: "Sleep", price: 5990, grams: 4300, cost: 2700, clearance: true },
  ],
  zones: [
    { country: "US", province: "CA", weight: 18, taxes: [{ title: "CA State Tax", rate: 0.0725 }], taxShipping: false },
    { country: "US", province: "NY", weight: 12, taxes: [{ title: "NY State Tax", rate: 0.04 }, { title: "New York City Tax", rate: 0.045 }], taxShipping: true },
    { country: "US", province: "TX", weight: 10, taxes: [{ title: "TX State Tax", rate: 0.0625 }, { title: "Austin Municipal Tax", rate: 0.01 }], taxShipping: true },
    { country: "US", province: "WA", weight: 6, taxes: [{ title: "WA State Tax", rate: 0.065 }], taxShipping: true },
    { country: "US", province: "FL", weight: 8, taxes: [{ title: "FL State Tax", rate: 0.06 }], taxShipping: false },
    { country: "US", province: "IL", weight: 6, taxes: [{ title: "IL State Tax", rate: 0.0625 }], taxShipping: false },
    { country: "US", province: "CO", weight: 9, taxes: [{ title: "CO State Tax", rate: 0.029 }], taxShipping: false },
    { country: "US", province: "OR", weight: 7, taxes: [], taxShipping: false },
    { country: "US", province: "MT", weight: 3, taxes: [], taxShipping: false },
    { country: "US", province: "NJ", weight: 6, taxes: [{ title: "NJ State Tax", rate: 0.06625 }], taxShipping: true },
    { country: "US", province: "PA", weight: 6, taxes: [{ title: "PA State Tax", rate: 0.06 }], taxShipping: true },
    { country: "CA", province: "BC", weight: 4, taxes: [], taxShipping: false },
  ],
  bands: [
    { maxGrams: 454, price: 599 },
    { maxGrams: 2268, price: 899 },
    { maxGrams: 9072, price: 1499 },
    { maxGrams: Number.POSITIVE_INFINITY, price: 2499 },
  ],
  standardTitle: "Standard Shipping",
  standardCode: "Standard",
  express: { title: "Express Shipping", code: "Express", surcharge: 1200 },
  carrier: { title: "UPS® Ground", code: "03", source: "ups_shipping", carrierIdentifier: "650f1a14fa979ec5c74d063e968411d4", base: 1090, perKg: 260, share: 0.3 },
  freeShippingThreshold: 9900,
  freeShippingTitle: "Free shipping over $99",
  trackingCompanies: ["UPS", "USPS", "FedEx"],
  presentment: [
    { code: "USD", rate: 1, weight: 95 },
    { code: "CAD", rate: 1.37, weight: 4 },
    { code: "JPY", rate: 150, weight: 1 },
  ],
  fees: [{ rate: 0.029, flat: 30, weight: 100 }],
  codes: [
    { code: "WELCOME10", value: { type: "percentage", percentage: 10 }, weight: 55 },
    { code: "TRAIL15", value: { type: "percentage", percentage: 15 }, weight: 25 },
    { code: "SAVE10", value: { type: "fixed", amount: 1000 }, weight: 20 },
  ],
  saleTitle: "Summer Sale 20% off",
  clearanceTitle: "Clearance 60% off",
  bundleCode: "PAIR15",
  locations: ["Denver Warehouse", "Boulder Store"],
};

export const PRESETS: Record<ShopPreset, Preset> = { eu: EU_PRESET, us: US_PRESET };

// ---------------------------------------------------------------------------
// Generator
// ---------------------------------------------------------------------------

interface SellableVariant {
  product: ProductModel;
  variant: VariantModel;
  sale: boolean;
  clearance: boolean;
  giftCard: boolean;
}

function slug(s: string): string {
  return s
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
}

/** Sale periods: January and July sales, Black Friday week (month is 0-based). */
function inSalePeriod(ms: number): boolean {
  const d = new Date(ms);
  const m = d.getUTCMonth();
  const day = d.getUTCDate();
  return (m === 0 && day >= 8 && day <= 31) || (m === 6 && day <= 28) || (m === 10 && day >= 22 && day <= 30);
}

function resolveOptions(opts: GeneratorOptions): ResolvedGeneratorOptions {
  if (!Number.isInteger(opts.orders) || opts.orders < 0) throw new Error("orders must be a non-negative integer");
  const seed = opts.seed >>> 0;
  const products = opts.products ?? 50 + (deriveSeed(seed, 0xabc) % 151);
  if (products < 8 || products > 5000) throw new Error("products must be between 8 and 5000");
  return { seed, orders: opts.orders, preset: opts.preset ?? "eu", now: isoSeconds(parseNow(opts.now ?? DEFAULT_NOW)), products, months: opts.months ?? 18 };
}

export class StoreGenerator {
  readonly options: ResolvedGeneratorOptions;
  readonly catalog: CatalogModel;
  private readonly preset: Preset;
  private readonly nowMs: number;
  private readonly startMs: number;
  private readonly dayCumulative: number[];
  private readonly sellable: SellableVariant[];
  private readonly popularity: WeightedTable<SellableVariant>;
  private readonly zoneTable: WeightedTable<TaxZone>;
  /** Each variant's stock profile (stock.ts): near a stock-out, overstocked, dead stock, received recently… */
  readonly stockProfiles: Map<string, StockProfile>;

  constructor(opts: GeneratorOptions) {
    this.options = resolveOptions(opts);
    this.preset = PRESETS[this.options.preset];
    this.nowMs = parseNow(this.options.now);
    this.startMs = this.nowMs - Math.round(this.options.months * 30.4375) * DAY;
    this.catalog = this.buildCatalog();
    this.sellable = [];
    for (const product of this.catalog.products) {
      if (product.status === "DRAFT") continue;
      for (const variant of product.variants) {
        this.sellable.push({
          product,
          variant,
          sale: product.tags.includes("sale"),
          clearance: product.tags.includes("clearance"),
          giftCard: product.productType === "Gift card",
        });
      }
    }
    // Zipf-like popularity over products (shuffled by the seed), shared by a product's variants.
    const rng = new Rng(deriveSeed(this.options.seed, 3));
    const ranks = this.catalog.products.map((_, i) => i);
    for (let i = ranks.length - 1; i > 0; i--) {
      const j = rng.int(0, i);
      [ranks[i], ranks[j]] = [ranks[j]!, ranks[i]!];
    }
    const rankOf = new Map(this.catalog.products.map((p, i) => [p.id, ranks[i]!]));
    const weights = this.sellable.map((s) => {
      const base = 1 / Math.pow(1 + rankOf.get(s.product.id)!, 0.85) / s.product.variants.length;
      // loss-makers sell well (that is what makes them dangerous); archived ones sold earlier
      return s.product.tags.includes("loss-maker") ? base * 3 + 0.05 : s.product.status === "ARCHIVED" ? base * 0.3 : base;
    });
    this.popularity = new WeightedTable(this.sellable, weights);
    this.zoneTable = new WeightedTable(this.preset.zones, this.preset.zones.map((z) => z.weight));
    this.dayCumulative = this.buildSeasonality();
    // Stock shaped by how well each variant sells (stock.ts); it draws from PRNGs of its own only, last: it may read the orders.
    this.stockProfiles = shapeStock({
      catalog: this.catalog,
      weights: this.sellable.map((s, i) => ({ product: s.product, variant: s.variant, weight: weights[i]! })),
      seed: this.options.seed,
      orders: this.options.orders,
      months: this.options.months,
      nowMs: this.nowMs,
      // A small store's stock follows the orders it really generated (stock never changes an order).
      generatedOrders: () => this.orders(),
    });
  }

  get size(): number {
    return this.options.orders;
  }

  // ------------------------------------------------------------------ catalogue

  private buildCatalog(): CatalogModel {
    const { seed } = this.options;
    const p = this.preset;
    const rng = new Rng(deriveSeed(seed, 1));
    const shopCreated = this.startMs - 400 * DAY;
    const shop: ShopModel = {
      ...p.shop,
      plan: { ...p.shop.plan },
      id: gid("Shop", ID_BASE.shop + (seed % 100000)),
      createdAt: isoSeconds(shopCreated),
      updatedAt: isoSeconds(this.nowMs - 20 * DAY),
    };
    const locations: LocationModel[] = p.locations.map((name, k) => ({
      id: gid("Location", ID_BASE.location + k),
      name,
      isActive: true,
      countryCode: p.shop.countryCode,
      createdAt: isoSeconds(shopCreated + k * 90 * DAY),
      updatedAt: isoSeconds(shopCreated + k * 90 * DAY),
    }));

    const products: ProductModel[] = [];
    const usedTitles = new Set<string>();
    const count = this.options.products;
    const lossMakers = p.lossMakers;
    for (let n = 0; n < count; n++) {
      const prng = new Rng(deriveSeed(seed, 2, n));
      const isLoss = n < lossMakers.length;
      const loss = isLoss ? lossMakers[n]! : null;
      const template = loss
        ? p.templates.find((t) => t.type === loss.type)!
        : n === lossMakers.length
          ? p.templates.find((t) => t.giftCard)!
          : prng.pick(p.templates.filter((t) => !t.giftCard));
      let title = loss ? loss.title : template.giftCard ? `${p.shop.name} Gift Card` : `${prng.pick(p.adjectives)} ${prng.pick(template.nouns)}`;
      for (let k = 2; usedTitles.has(title); k++) title = `${title.replace(/ \d+$/, "")} ${k}`;
      usedTitles.add(title);
      const productNo = ID_BASE.product + n;
      const createdMs = shopCreated + prng.int(0, 380) * DAY + prng.int(0, DAY / 1000 - 1) * 1000;
      const status: ProductStatus = isLoss || template.giftCard ? "ACTIVE" : prng.weighted<ProductStatus>([["ACTIVE", 88], ["ARCHIVED", 7], ["DRAFT", 5]]);
      const tags: string[] = [];
      if (loss) tags.push("loss-maker");
      if (loss?.clearance) tags.push("clearance");
      if (!loss && !template.giftCard && prng.chance(0.25)) tags.push("sale");
      const productId = gid("Product", productNo);
      const basePrice = loss ? loss.price : roundTo(prng.int(template.price[0], template.price[1]), p.shop.currencyCode === "EUR" ? 10 : 100, -10);
      const baseGrams = loss ? loss.grams : prng.int(template.weight[0], template.weight[1]);
      const variantSpecs = variantNames(template.variantKind, prng);
      const variants: VariantModel[] = variantSpecs.map((vt, v) => {
        const vrng = new Rng(deriveSeed(seed, 4, n, v));
        const sizeStep = template.variantKind === "size" ? v : 0;
        const price = template.giftCard ? basePrice : basePrice + sizeStep * roundTo(Math.round(basePrice * 0.1), 100, 0);
        const grams = Math.max(0, Math.round(baseGrams * (1 + sizeStep * 0.15)));
        const netPrice = p.shop.taxesIncluded ? price / 1.2 : price;
        let unitCost: number | null;
        if (template.giftCard) unitCost = null;
        else if (loss) unitCost = loss.cost + sizeStep * 100;
        else unitCost = vrng.chance(0.08) ? null : roundMinor(netPrice * (template.costRatio[0] + vrng.next() * (template.costRatio[1] - template.costRatio[0])));
        const variantNo = ID_BASE.variant + n * 8 + v;
        const itemNo = ID_BASE.inventoryItem + n * 8 + v;
        const sku = vrng.chance(0.02) ? null : `${p.shop.myshopifyDomain.slice(0, 2).toUpperCase()}-${String(n + 1).padStart(4, "0")}${variantSpecs.length > 1 ? `-${slug(vt).toUpperCase()}` : ""}`;
        const vCreated = createdMs + v * 3600_000;
        const vUpdated = Math.min(this.nowMs - DAY, vCreated + vrng.int(0, 500) * DAY);
        const item: InventoryItemModel = {
          id: gid("InventoryItem", itemNo),
          sku,
          unitCost,
          tracked: !template.giftCard,
          requiresShipping: !template.giftCard,
          weight: weightIn(grams, p.shop.weightUnit),
          countryCodeOfOrigin: template.giftCard ? null : vrng.pick([p.shop.countryCode, p.shop.countryCode, "CN", "PT", "IN", "VN"]),
          harmonizedSystemCode: template.giftCard ? null : vrng.pick(["691200", "940550", "630231", "732393", "961900"]),
          levels: locations.map((loc, k) => {
            const onHand = template.giftCard ? 0 : vrng.int(0, k === 0 ? 240 : 30);
            const committed = Math.min(onHand, vrng.int(0, 6));
            return {
              id: `gid://shopify/InventoryLevel/${ID_BASE.inventoryLevel + (n * 8 + v) * 4 + k}?inventory_item_id=${itemNo}`,
              locationId: loc.id,
              isActive: !(k > 0 && vrng.chance(0.2)),
              onHand,
              committed,
              available: onHand - committed,
              incoming: vrng.chance(0.15) ? vrng.int(10, 120) : 0,
              createdAt: isoSeconds(vCreated),
              updatedAt: isoSeconds(vUpdated),
            };
          }),
          createdAt: isoSeconds(vCreated),
          updatedAt: isoSeconds(vUpdated),
        };
        return {
          id: gid("ProductVariant", variantNo),
          productId,
          title: vt,
          sku,
          price,
          compareAtPrice: vrng.chance(0.15) ? roundTo(Math.round(price * 1.25), 100, -10) : null,
          taxable: !template.giftCard,
          position: v + 1,
          inventoryItem: item,
          createdAt: isoSeconds(vCreated),
          updatedAt: isoSeconds(vUpdated),
        };
      });
      const updatedMs = Math.max(...variants.map((v) => Date.parse(v.updatedAt)), createdMs);
      products.push({
        id: productId,
        title,
        handle: slug(title),
        status,
        vendor: prng.pick(p.vendors),
        productType: template.type,
        tags,
        variants,
        createdAt: isoSeconds(createdMs),
        updatedAt: isoSeconds(updatedMs),
      });
    }
    rng.next();
    return {
      shop,
      locations,
      products,
      freeShippingDiscounts: [
        {
          id: gid("DiscountAutomaticNode", ID_BASE.discount + 1),
          title: p.freeShippingTitle,
          startsAt: isoSeconds(this.startMs - 30 * DAY),
          endsAt: null,
          minimumSubtotal: p.freeShippingThreshold,
          minimumQuantity: null,
          destination: { all: true },
          maximumShippingPrice: null,
          combinesWith: { productDiscounts: true, orderDiscounts: true, shippingDiscounts: false },
          appliesOnOneTimePurchase: true,
          appliesOnSubscription: false,
          recurringCycleLimit: 0,
          tags: [],
          createdAt: isoSeconds(this.startMs - 30 * DAY),
          updatedAt: isoSeconds(this.startMs - 30 * DAY),
        },
      ],
      // Shipping rates: weight bands per zone, and the domestic zone's free rate (delivery.ts).
      deliveryProfiles: presetDeliveryProfiles({
        preset: this.options.preset,
        currency: p.shop.currencyCode,
        weightUnit: p.shop.weightUnit,
        locations,
        bands: p.bands,
        standardTitle: p.standardTitle,
        free: { title: p.freeShippingTitle, minimum: p.freeShippingThreshold },
      }),
      appInstallation: {
        id: gid("AppInstallation", ID_BASE.appInstallation + (seed % 1000)),
        appId: gid("App", ID_BASE.app),
        appTitle: "NetMargin",
        apiKey: "netmargin-simulator-api-key",
        accessScopes: [
          "read_orders",
          "read_all_orders",
          "read_products",
          "read_inventory",
          "read_locations",
          "read_shipping",
          "write_discounts",
          "read_shopify_payments_payouts",
          "read_shopify_payments_accounts",
          "read_payment_terms",
        ],
        metafields: [],
      },
    };
  }

  // ------------------------------------------------------------------ time

  /** Cumulative order density per day: growth trend plus Q4 / sales peaks. */
  private buildSeasonality(): number[] {
    const days = Math.max(1, Math.round((this.nowMs - this.startMs) / DAY));
    const out: number[] = [];
    let acc = 0;
    for (let d = 0; d < days; d++) {
      const ms = this.startMs + d * DAY;
      const dt = new Date(ms);
      const m = dt.getUTCMonth();
      const day = dt.getUTCDate();
      let w = 0.6 + (0.8 * d) / days; // the shop grows
      if (m === 10 && day >= 22) w *= 2.2; // Black Friday / Cyber Monday
      else if (m === 11 && day <= 20) w *= 1.7; // Christmas
      else if (m === 0 && day >= 8) w *= 1.3; // January sales
      else if (m === 6) w *= 1.2; // summer sales
      const dow = dt.getUTCDay();
      if (dow === 0) w *= 1.15;
      acc += w;
      out.push(acc);
    }
    return out;
  }

  /** processedAt of order `i`: strictly increasing with i (index order = time order). */
  private processedAtMs(i: number, u: number): number {
    const n = Math.max(1, this.options.orders);
    const total = this.dayCumulative[this.dayCumulative.length - 1]!;
    // place order i in the middle part of its own slot so consecutive orders never collide
    const target = ((i + 0.05 + 0.9 * u) / n) * total;
    let lo = 0;
    let hi = this.dayCumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.dayCumulative[mid]! > target) hi = mid;
      else lo = mid + 1;
    }
    const before = lo === 0 ? 0 : this.dayCumulative[lo - 1]!;
    const frac = (target - before) / (this.dayCumulative[lo]! - before);
    const ms = this.startMs + lo * DAY + frac * DAY;
    return Math.min(this.nowMs - 60_000, Math.floor(ms / 1000) * 1000);
  }

  // ------------------------------------------------------------------ orders

  *orders(from = 0, to = this.options.orders): IterableIterator<OrderModel> {
    for (let i = from; i < Math.min(to, this.options.orders); i++) yield this.orderAt(i);
  }

  orderAt(i: number): OrderModel {
    if (!Number.isInteger(i) || i < 0 || i >= this.options.orders) throw new Error(`order index out of range: ${i}`);
    return buildOrder(this, i);
  }

  /** Internal accessors used by buildOrder. */
  get internals(): {
    preset: Preset;
    nowMs: number;
    rngFor: (i: number) => Rng;
    processedAtMs: (i: number, u: number) => number;
    sample: (rng: Rng) => SellableVariant;
    zone: (rng: Rng) => TaxZone;
  } {
    return {
      preset: this.preset,
      nowMs: this.nowMs,
      rngFor: (i) => new Rng(deriveSeed(this.options.seed, 7, i)),
      processedAtMs: (i, u) => this.processedAtMs(i, u),
      sample: (rng) => this.popularity.sample(rng),
      zone: (rng) => this.zoneTable.sample(rng),
    };
  }
}

function roundTo(value: number, step: number, offset: number): number {
  return Math.max(step + offset, Math.round(value / step) * step + offset);
}

function weightIn(grams: number, unit: WeightUnit): { value: number; unit: WeightUnit } {
  switch (unit) {
    case "KILOGRAMS":
      return { value: Math.round(grams) / 1000, unit };
    case "POUNDS":
      return { value: Math.round((grams / 453.59237) * 100) / 100, unit };
    case "OUNCES":
      return { value: Math.round((grams / 28.349523125) * 10) / 10, unit };
    case "GRAMS":
      return { value: Math.round(grams), unit };
  }
}

function variantNames(kind: ProductTemplate["variantKind"], rng: Rng): string[] {
  const k = kind === "any" ? rng.pick(["single", "size", "colour"] as const) : kind;
  if (k === "single" || rng.chance(0.35)) return ["Default Title"];
  if (k === "size") return ["S", "M", "L", "XL"].slice(0, rng.int(2, 4));
  const colours = ["Natural", "Charcoal", "Sage", "Terracotta", "Navy", "Sand"];
  const start = rng.int(0, colours.length - 1);
  return Array.from({ length: rng.int(2, 4) }, (_, j) => colours[(start + j) % colours.length]!);
}

function lineCount(rng: Rng): number {
  const r = rng.next();
  if (r < 0.56) return 1;
  if (r < 0.84) return 2;
  if (r < 0.94) return 3;
  if (r < 0.975) return 4;
  // long tail: 5..16, geometric
  let n = 5;
  while (n < 16 && rng.chance(0.6)) n++;
  return n;
}

function quantity(rng: Rng): number {
  const r = rng.next();
  if (r < 0.9) return 1;
  if (r < 0.97) return 2;
  if (r < 0.995) return rng.int(3, 5);
  return rng.int(6, 12);
}

/**
 * Builds order `i` of a generator. Everything derived is computed with model.ts
 * (the tax on each line/shipping line with `taxForAmount`, the refund amounts with
 * `refundLineAmounts`/`refundShippingTax`, transaction amounts from `computeOrderTotals`).
 */
function buildOrder(gen: StoreGenerator, i: number): OrderModel {
  const { preset: p, nowMs, rngFor, processedAtMs, sample, zone: sampleZone } = gen.internals;
  const shop = gen.catalog.shop;
  const rng = rngFor(i);
  const processedMs = processedAtMs(i, rng.next());
  const test = rng.chance(0.006);
  const sourceName = rng.weighted<string>([["web", 84], ["pos", 5], ["shopify_draft_order", 5], ["iphone", 3], ["android", 2], ["1520611", 1]]);
  const createdMs = sourceName === "1520611" ? Math.min(nowMs - 1000, processedMs + rng.int(2, 120) * 3600_000) : processedMs;
  const presentment = rng.weighted(p.presentment.map((c) => [c, c.weight] as const));
  const zone = sourceName === "pos" ? p.zones[0]! : sampleZone(rng);
  const taxesIncluded = shop.taxesIncluded;
  const saleOn = inSalePeriod(processedMs);

  // ---- lines
  const wanted = lineCount(rng);
  const picked: SellableVariant[] = [];
  const seen = new Set<string>();
  for (let tries = 0; picked.length < wanted && tries < wanted * 6; tries++) {
    const s = sample(rng);
    if (seen.has(s.variant.id)) continue;
    seen.add(s.variant.id);
    picked.push(s);
  }
  const apps: DiscountApplicationModel[] = [];
  const appIndex = (a: Omit<DiscountApplicationModel, "index">): number => {
    const found = apps.find((x) => x.title === a.title && x.code === a.code && x.targetType === a.targetType);
    if (found) return found.index;
    apps.push({ ...a, index: apps.length });
    return apps.length - 1;
  };
  const discountCodes: string[] = [];
  const lines: LineItemModel[] = picked.map((s, k) => {
    const qty = s.giftCard ? 1 : quantity(rng);
    const allocations: DiscountAllocationModel[] = [];
    const originalTotal = s.variant.price * qty;
    if (s.clearance) {
      allocations.push({
        applicationIndex: appIndex({ kind: "AUTOMATIC", title: p.clearanceTitle, code: null, targetType: "LINE_ITEM", allocationMethod: "ACROSS", targetSelection: "ENTITLED", value: { type: "percentage", percentage: 60 } }),
        amount: roundMinor(originalTotal * 0.6),
      });
    } else if (s.sale && saleOn) {
      allocations.push({
        applicationIndex: appIndex({ kind: "AUTOMATIC", title: p.saleTitle, code: null, targetType: "LINE_ITEM", allocationMethod: "ACROSS", targetSelection: "ENTITLED", value: { type: "percentage", percentage: 20 } }),
        amount: roundMinor(originalTotal * 0.2),
      });
    }
    return {
      id: lineItemIdFor(i, k),
      title: s.product.title,
      variantTitle: s.variant.title === "Default Title" ? null : s.variant.title,
      name: s.variant.title === "Default Title" ? s.product.title : `${s.product.title} - ${s.variant.title}`,
      vendor: s.product.vendor,
      sku: s.variant.sku,
      quantity: qty,
      productId: s.product.id,
      variantId: s.variant.id,
      originalUnitPrice: s.variant.price,
      requiresShipping: s.variant.inventoryItem.requiresShipping,
      taxable: s.variant.taxable,
      isGiftCard: s.giftCard,
      weight: s.giftCard ? { value: 0, unit: "GRAMS" } : { ...s.variant.inventoryItem.weight },
      discountAllocations: allocations,
      taxLines: [],
    };
  });
  // line-level code discount on a line bought twice or more ("buy 2, save 15 %")
  if (!test && rng.chance(0.04)) {
    const target = lines.find((l) => l.quantity >= 2 && !l.isGiftCard && l.discountAllocations.length === 0);
    if (target) {
      discountCodes.push(p.bundleCode);
      target.discountAllocations.push({
        applicationIndex: appIndex({ kind: "DISCOUNT_CODE", title: p.bundleCode, code: p.bundleCode, targetType: "LINE_ITEM", allocationMethod: "ACROSS", targetSelection: "ENTITLED", value: { type: "percentage", percentage: 15 } }),
        amount: roundMinor(target.originalUnitPrice * target.quantity * 0.15),
      });
    }
  }
  // order-level discount: a code (web) or a manual discount (draft orders)
  const discountable = lines.filter((l) => !l.isGiftCard);
  const remaining = (l: LineItemModel) => l.originalUnitPrice * l.quantity - l.discountAllocations.reduce((a, d) => a + d.amount, 0);
  const orderDiscount =
    sourceName === "shopify_draft_order" && rng.chance(0.3)
      ? { kind: "MANUAL" as const, code: null, title: "Staff discount", value: { type: "percentage" as const, percentage: 10 } }
      : discountCodes.length === 0 && rng.chance(0.13)
        ? (() => {
            const c = rng.weighted(p.codes.map((x) => [x, x.weight] as const));
            return { kind: "DISCOUNT_CODE" as const, code: c.code, title: c.code, value: c.value };
          })()
        : null;
  if (orderDiscount && discountable.length > 0) {
    const base = discountable.reduce((a, l) => a + remaining(l), 0);
    const total = orderDiscount.value.type === "percentage" ? roundMinor((base * orderDiscount.value.percentage) / 100) : Math.min(base, orderDiscount.value.amount);
    if (total > 0) {
      if (orderDiscount.code) discountCodes.push(orderDiscount.code);
      const idx = appIndex({ kind: orderDiscount.kind, title: orderDiscount.title, code: orderDiscount.code, targetType: "LINE_ITEM", allocationMethod: "ACROSS", targetSelection: "ALL", value: orderDiscount.value });
      const parts = allocateProportionally(total, discountable.map(remaining));
      discountable.forEach((l, k) => {
        if (parts[k]! > 0) l.discountAllocations.push({ applicationIndex: idx, amount: parts[k]! });
      });
    }
  }
  // taxes on the amount after all discounts
  for (const l of lines) {
    if (!l.taxable) continue;
    const net = remaining(l);
    l.taxLines = zone.taxes.map((t) => ({ title: t.title, rate: t.rate, amount: taxForAmount(net, t.rate, taxesIncluded), channelLiable: false, source: "Shopify" }));
  }

  // ---- shipping
  const shippingLines: ShippingLineModel[] = [];
  const needsShipping = lines.some((l) => l.requiresShipping) && sourceName !== "pos";
  if (needsShipping) {
    const grams = lines.reduce((a, l) => a + weightInGrams(l.weight) * l.quantity, 0);
    const express = rng.chance(0.08);
    const carrier = !express && p.carrier && rng.chance(p.carrier.share) ? p.carrier : null;
    let price: number;
    let title: string;
    let code: string;
    let source: string;
    let carrierIdentifier: string | null = null;
    if (carrier) {
      price = roundTo(carrier.base + (carrier.perKg * grams) / 1000, 1, 0);
      title = carrier.title;
      code = carrier.code;
      source = carrier.source;
      carrierIdentifier = carrier.carrierIdentifier;
    } else {
      price = p.bands.find((b) => grams <= b.maxGrams)!.price + (express ? p.express.surcharge : 0);
      title = express ? p.express.title : p.standardTitle;
      code = express ? p.express.code : p.standardCode;
      source = "shopify";
    }
    const subtotal = lines.reduce((a, l) => a + remaining(l), 0);
    const allocations: DiscountAllocationModel[] = [];
    if (!express && subtotal >= p.freeShippingThreshold) {
      allocations.push({
        applicationIndex: appIndex({ kind: "AUTOMATIC", title: p.freeShippingTitle, code: null, targetType: "SHIPPING_LINE", allocationMethod: "EACH", targetSelection: "ALL", value: { type: "percentage", percentage: 100 } }),
        amount: price,
      });
    }
    const discounted = price - allocations.reduce((a, d) => a + d.amount, 0);
    shippingLines.push({
      id: shippingLineIdFor(i, 0),
      title,
      code,
      source,
      carrierIdentifier,
      originalPrice: price,
      discountAllocations: allocations,
      taxLines: zone.taxShipping ? zone.taxes.map((t) => ({ title: t.title, rate: t.rate, amount: taxForAmount(discounted, t.rate, taxesIncluded), channelLiable: false, source: "Shopify" })) : [],
      isRemoved: false,
    });
  }

  const order: OrderModel = {
    id: orderIdFor(i),
    number: 1001 + i,
    name: `#${1001 + i}`,
    createdAt: isoSeconds(createdMs),
    processedAt: isoSeconds(processedMs),
    updatedAt: isoSeconds(createdMs),
    cancelledAt: null,
    cancelReason: null,
    closedAt: null,
    test,
    sourceName,
    currencyCode: shop.currencyCode,
    presentmentCurrencyCode: presentment.code,
    presentmentRate: presentment.rate,
    taxesIncluded,
    shippingCountryCode: sourceName === "pos" ? null : zone.country,
    shippingProvinceCode: sourceName === "pos" ? null : zone.province,
    tags: [],
    discountCodes,
    discountApplications: apps,
    lineItems: lines,
    shippingLines,
    transactions: [],
    refunds: [],
    fulfillments: [],
  };

  // ---- payment
  const totalPrice = computeOrderTotals(order).totalPrice;
  let events = createdMs;
  const touch = (ms: number) => {
    events = Math.max(events, ms);
  };
  let txK = 0;
  const addTx = (t: Omit<TransactionModel, "id" | "fees" | "createdAt"> & { fees?: { rate: number; flat: number } | null; createdAt?: string }): TransactionModel => {
    const k = txK++;
    const tx: TransactionModel = {
      ...t,
      id: transactionIdFor(i, k),
      createdAt: t.createdAt ?? t.processedAt,
      fees: t.fees
        ? [
            {
              id: feeIdFor(i, k, 0),
              type: "payment_fee",
              rate: String(t.fees.rate),
              rateName: "Card rate",
              flatFee: t.fees.flat,
              flatFeeName: "Card flat fee",
              amount: paymentFee(t.amount, t.fees.rate, t.fees.flat),
              taxAmount: 0,
            },
          ]
        : [],
    };
    order.transactions.push(tx);
    touch(Date.parse(tx.processedAt));
    return tx;
  };
  const gateway = test ? "bogus" : sourceName === "pos" ? rng.weighted<string>([["shopify_payments", 80], ["cash", 20]]) : rng.weighted<string>([["shopify_payments", 62], ["paypal", 26], ["manual", 12]]);
  const feeRule = gateway === "shopify_payments" ? rng.weighted(p.fees.map((f) => [f, f.weight] as const)) : null;
  const at = (ms: number) => isoSeconds(Math.min(ms, nowMs - 1000));
  let paidBy: TransactionModel | null = null;
  let authorization: TransactionModel | null = null;
  let pending = false;
  if (totalPrice > 0) {
    const base = { gateway, test, parentId: null, refundId: null, manualPaymentGateway: gateway === "manual" || gateway === "cash" };
    if (gateway === "shopify_payments" && rng.chance(0.03)) {
      addTx({ ...base, kind: "SALE", status: "FAILURE", amount: totalPrice, processedAt: at(processedMs - 120_000) });
    }
    if (gateway === "shopify_payments" && sourceName !== "pos" && rng.chance(0.3)) {
      authorization = addTx({ ...base, kind: "AUTHORIZATION", status: "SUCCESS", amount: totalPrice, processedAt: at(processedMs) });
      const captureMs = processedMs + rng.int(2, 96) * 3600_000;
      if (captureMs < nowMs) {
        paidBy = addTx({ ...base, kind: "CAPTURE", status: "SUCCESS", amount: totalPrice, parentId: authorization.id, processedAt: at(captureMs), fees: feeRule });
      }
    } else if (gateway === "manual") {
      const paidMs = processedMs + rng.int(1, 240) * 3600_000;
      if (rng.chance(0.8) && paidMs < nowMs) {
        paidBy = addTx({ ...base, kind: "SALE", status: "SUCCESS", amount: totalPrice, processedAt: at(paidMs) });
      } else if (unpaidKind(i) === "partlyPaid") {
        // A deposit taken, the rest still owed: PARTIALLY_PAID (issue 19, receivables).
        addTx({ ...base, kind: "SALE", status: "SUCCESS", amount: Math.round(totalPrice * 0.4), processedAt: at(processedMs + 3600_000) });
        pending = true;
      } else {
        addTx({ ...base, kind: "SALE", status: "PENDING", amount: totalPrice, processedAt: at(processedMs) });
        pending = true;
      }
    } else {
      paidBy = addTx({ ...base, kind: "SALE", status: "SUCCESS", amount: totalPrice, processedAt: at(processedMs), fees: feeRule });
    }
  }

  // ---- cancellations, refunds, fulfilment
  const scenario = test || pending ? "none" : rng.weighted<string>([["none", 89.7], ["cancel", 1.6], ["full", 2.4], ["partial", 5.6], ["shipping", 0.7]]);
  let refundK = 0;
  const addRefund = (ms: number, items: { line: LineItemModel; qty: number; restock: RestockType }[], shippingShare: number, note: string | null): RefundModel | null => {
    if (ms >= nowMs) return null;
    const k = refundK++;
    const totals = computeOrderTotals(order);
    const refund: RefundModel = {
      id: refundIdFor(i, k),
      note,
      createdAt: isoSeconds(ms),
      processedAt: isoSeconds(rng.chance(0.05) ? ms - rng.int(1, 3) * DAY : ms),
      updatedAt: isoSeconds(ms),
      refundLineItems: items
        .filter((x) => x.qty > 0)
        .map((x, j) => {
          const lt = totals.lineById.get(x.line.id)!;
          const amounts = refundLineAmounts(x.line, lt.discountedTotal, lt.refundedQuantity, x.qty);
          return {
            id: refundLineItemIdFor(i, k, j),
            lineItemId: x.line.id,
            quantity: x.qty,
            restockType: x.restock,
            locationId: x.restock === "RETURN" || x.restock === "CANCEL" ? gen.catalog.locations[0]!.id : null,
            subtotal: amounts.subtotal,
            totalTax: amounts.totalTax,
          };
        }),
      refundShippingLines: [],
      transactionIds: [],
    };
    if (shippingShare > 0) {
      totals.shipping.forEach((s, j) => {
        const left = s.currentDiscountedPrice;
        const amount = shippingShare >= 1 ? left : Math.min(left, roundMinor(left * shippingShare));
        if (amount <= 0) return;
        refund.refundShippingLines.push({ id: refundShippingLineIdFor(i, k, j), shippingLineId: s.line.id, subtotal: amount, tax: refundShippingTax(s, amount) });
      });
    }
    const money = refundMoney(order, refund);
    if (paidBy && money > 0) {
      const tx = addTx({ kind: "REFUND", status: "SUCCESS", gateway: paidBy.gateway, amount: money, parentId: paidBy.id, refundId: refund.id, test, manualPaymentGateway: paidBy.manualPaymentGateway, processedAt: isoSeconds(ms) });
      refund.transactionIds.push(tx.id);
    }
    order.refunds.push(refund);
    touch(ms);
    return refund;
  };

  const fulfilMs = processedMs + rng.int(6, 72) * 3600_000;
  const shipsSomething = lines.some((l) => l.requiresShipping);
  if (scenario === "cancel") {
    const cancelMs = processedMs + rng.int(1, 40) * 3600_000;
    if (cancelMs < nowMs) {
      if (authorization && paidBy === null) {
        // authorised but not captured: void the authorisation, restock everything
        paidBy = null;
        addTx({ kind: "VOID", status: "SUCCESS", gateway, amount: 0, parentId: authorization.id, refundId: null, test, manualPaymentGateway: false, processedAt: isoSeconds(cancelMs) });
      } else if (authorization && paidBy && Date.parse(paidBy.processedAt) > cancelMs) {
        // capture would come after the cancellation: drop it and void instead
        order.transactions = order.transactions.filter((t) => t !== paidBy);
        paidBy = null;
        addTx({ kind: "VOID", status: "SUCCESS", gateway, amount: 0, parentId: authorization.id, refundId: null, test, manualPaymentGateway: false, processedAt: isoSeconds(cancelMs) });
      }
      addRefund(cancelMs, lines.map((l) => ({ line: l, qty: l.quantity, restock: "CANCEL" as const })), 1, "Order canceled");
      order.cancelledAt = isoSeconds(cancelMs);
      order.cancelReason = rng.weighted<NonNullable<OrderModel["cancelReason"]>>([["CUSTOMER", 55], ["INVENTORY", 20], ["FRAUD", 10], ["DECLINED", 10], ["OTHER", 5]]);
      order.closedAt = order.cancelledAt;
      touch(cancelMs);
    }
  } else if (shipsSomething && fulfilMs < nowMs && (paidBy || authorization)) {
    const f: FulfillmentModel = {
      id: fulfillmentIdFor(i, 0),
      status: "SUCCESS",
      createdAt: isoSeconds(sourceName === "pos" ? processedMs : fulfilMs),
      updatedAt: isoSeconds(sourceName === "pos" ? processedMs : fulfilMs + rng.int(1, 4) * DAY),
      locationId: gen.catalog.locations[sourceName === "pos" ? 1 : 0]!.id,
      trackingCompany: sourceName === "pos" ? null : rng.pick(p.trackingCompanies),
      trackingNumber: sourceName === "pos" ? null : `${rng.hex(2).toUpperCase()}${rng.int(100000000, 999999999)}${p.shop.countryCode}`,
    };
    if (Date.parse(f.updatedAt) >= nowMs) f.updatedAt = f.createdAt;
    order.fulfillments.push(f);
    touch(Date.parse(f.updatedAt));
    const refundMs = fulfilMs + rng.int(3, 35) * DAY + rng.int(0, 86_399) * 1000;
    if (scenario === "full") {
      addRefund(refundMs, lines.map((l) => ({ line: l, qty: l.quantity, restock: l.requiresShipping ? ("RETURN" as const) : ("NO_RESTOCK" as const) })), rng.chance(0.5) ? 1 : 0, "Return");
    } else if (scenario === "partial") {
      const candidates = lines.filter((l) => !l.isGiftCard);
      if (candidates.length > 0) {
        const line = rng.pick(candidates);
        const qty = line.quantity > 1 && rng.chance(0.3) ? rng.int(1, line.quantity - 1) : 1;
        const restock = rng.weighted<RestockType>([["RETURN", 60], ["NO_RESTOCK", 40]]);
        addRefund(refundMs, [{ line, qty: Math.min(qty, line.quantity), restock }], 0, restock === "RETURN" ? "Return" : "Damaged in transit");
        // a second, later refund on some orders (another unit, or a goodwill shipping refund)
        if (rng.chance(0.2)) {
          const t = computeOrderTotals(order);
          const other = candidates.find((l) => (t.lineById.get(l.id)?.currentQuantity ?? 0) > 0);
          const laterMs = refundMs + rng.int(1, 20) * DAY;
          if (other && rng.chance(0.5)) addRefund(laterMs, [{ line: other, qty: 1, restock: "NO_RESTOCK" }], 0, "Goodwill");
          else addRefund(laterMs, [], 1, "Shipping refund");
        }
      }
    } else if (scenario === "shipping") {
      addRefund(refundMs, [], rng.chance(0.5) ? 1 : 0.5, "Late delivery");
    }
  }

  // A gift card redeemed for half of some web orders: a SALE through the "gift_card"
  // gateway, which has no processor fee (docs/shopify-admin-api.md §1,
  // OrderTransaction.gateway "gift_card"); the card pays the rest. Chosen from the
  // order's index rather than drawn, so every other order is generated as before;
  // only orders paid by one SALE and never refunded (a refund would be split
  // between the two payments).
  if (scenario === "none" && !test && sourceName !== "pos" && paidBy !== null && paidBy.kind === "SALE" && paidBy.status === "SUCCESS" && i % 37 === 11 && paidBy.amount >= 2) {
    const redeemed = Math.floor(paidBy.amount / 2);
    paidBy.amount -= redeemed;
    if (feeRule && paidBy.fees[0]) paidBy.fees[0].amount = paymentFee(paidBy.amount, feeRule.rate, feeRule.flat);
    addTx({ kind: "SALE", status: "SUCCESS", gateway: "gift_card", amount: redeemed, parentId: null, refundId: null, test, manualPaymentGateway: false, processedAt: paidBy.processedAt });
  }

  // a later edit of tags/notes on some orders bumps updatedAt
  if (rng.chance(0.1)) touch(Math.min(nowMs - 1000, events + rng.int(1, 60) * DAY));
  if (rng.chance(0.05)) order.tags = ["vip"];
  order.updatedAt = isoSeconds(Math.max(events, createdMs));
  const terms = unpaidKind(i);
  if (pending && (terms === "net30" || terms === "net60")) order.paymentTerms = netTerms(order, terms === "net30" ? 30 : 60, nowMs);
  return order;
}

/**
 * What an unpaid manual order is (issue 19, receivables), from its index alone so that no
 * random draw of the other orders moves: a B2B order on NET 30 or NET 60 terms, a partly
 * paid one, or plain pending. Of each 10 unpaid manual orders: 2 NET 30, 1 NET 60, 2 partly paid.
 */
function unpaidKind(i: number): "net30" | "net60" | "partlyPaid" | "pending" {
  const k = Math.imul(i + 1, 2654435761) >>> 0;
  const d = k % 10;
  return d < 2 ? "net30" : d < 3 ? "net60" : d < 5 ? "partlyPaid" : "pending";
}

function netTerms(order: OrderModel, days: number, nowMs: number): PaymentTermsModel {
  const issuedMs = Date.parse(order.processedAt);
  const dueMs = issuedMs + days * DAY;
  return {
    id: gid("PaymentTerms", order.number),
    paymentTermsType: "NET",
    paymentTermsName: `Net ${days}`,
    translatedName: `Net ${days}`,
    dueInDays: days,
    overdue: dueMs < nowMs,
    due: dueMs <= nowMs,
    issuedAt: order.processedAt,
    dueAt: isoSeconds(dueMs),
  };
}

/** Generates the catalogue and all orders into memory (small and medium stores only). */
export function generateStore(opts: GeneratorOptions): StoreData {
  const gen = new StoreGenerator(opts);
  return { ...gen.catalog, orders: [...gen.orders()] };
}

export function createGenerator(opts: GeneratorOptions): StoreGenerator {
  return new StoreGenerator(opts);
}
