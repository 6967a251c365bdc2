/**
 * Stock health (issue 18, items 3 and 6), worked out and stored: per
 * variant and per product, the class (out of stock, at risk, new, dead stock,
 * overstock, healthy) with its reason, sales velocity over the short and long windows,
 * days of cover, on hand, value at cost and at price, last sale, the cash tied up (total,
 * excess above the target cover, dead), ABC by net margin, and the headline numbers.
 *
 * The maths is app/domain/stock-health.ts and stock-abc.ts; the reads are
 * app/store/stock-read.server.ts, aggregated in SQL. `refreshStockHealth` computes every
 * location together in one pass and stores it (app/store/stock-health.server.ts), run as the
 * `stock-health` job (jobs.server.ts) after the margin recompute, the stock snapshots and an
 * inventory import or reconciliation; the pages read the stored rows (app/services/stock.server.ts).
 * `computeStockHealth` is the computation itself, also run on request for one location.
 *
 * How the stored facts feed the domain (each exact, README "Stock health"):
 * - Units sold: the window's totals per variant (its product's for a single-variant
 *   product) are given on the last day with a sale of each part of the window (the short
 *   window, and the rest of the long one). The domain counts units per window and days
 *   out of stock; a day with a sale is in stock either way, so placing each part's units
 *   on one of its real sale days gives the same velocities as every day would.
 * - Days out of stock: computed here (`outOfStockDays`) for the few variants whose
 *   snapshots show nothing on hand during the window: days whose latest snapshot is ≤ 0
 *   and with no sale. Days before a variant's first snapshot are unknown, counted in stock.
 * - First stocked: its first snapshot with stock, unless that is the shop's first day of
 *   stock history (the stock was there before install: not "new") or it sold before then
 *   (a restock, not a first stock). A variant never sold that has had stock since
 *   history starts is taken as stocked since then (dead stock once that is long enough).
 * - Last restock after a stock-out: from the snapshots in SQL, given to the domain as the
 *   pair of snapshots it looks for.
 * - On hand: now, Σ over the active locations (or the one location filtered on). Velocity
 *   is the shop's whatever the location: Shopify's orders do not say where a unit left from.
 * - Unit cost: the cost in force now (app/domain/unit-costs.ts). Price: the variant's list
 *   price as Shopify shows it.
 * - Variants Shopify does not track, and variants with no stock level at any active location
 *   (not stocked), are left out and counted; stock of an item no longer in the catalog (a
 *   variant deleted in Shopify) is counted apart.
 */
import type { PrismaClient } from "@prisma/client";
import { stockHealthOf } from "~/domain/settings";
import { abcByNetMargin, type AbcClass, type AbcRow } from "~/domain/stock-abc";
import {
  daysBetween,
  marginLostToStockOuts,
  productStockHealth,
  stockCash,
  variantStockHealth,
  type ProductStockHealth,
  type StockCash,
  type StockClass,
  type StockHealthOptions,
  type StockSnapshot,
  type VariantStockHealth,
} from "~/domain/stock-health";
import { costInForce } from "~/domain/unit-costs";
import { addDays, localDate } from "~/domain/time";
import { loadSettingsHistory, settingsToday, shopFacts } from "~/store/cost-settings.server";
import {
  readLastSalesBefore,
  readNetMarginByProduct,
  readOnHand,
  readSaleDays,
  readSalesWindow,
  readSnapshotFacts,
  readSnapshotsIn,
  readStockCatalog,
  readStockLocations,
  readStockValueByDay,
  readUnknownStockItems,
  type SalesTotals,
  type SalesWindow,
  type SnapshotFacts,
  type StockCatalogVariant,
  type StockLocation,
  type StockValueDay,
} from "~/store/stock-read.server";
import { loadUnitCostHistory } from "~/store/unit-costs.server";
import type { SqlDb } from "~/store/sql.server";
import { readSuppliers } from "~/store/suppliers.server";
import { writeStockHealth, type StoredStockVariant } from "~/store/stock-health.server";

type Db = PrismaClient;

/**
 * The shop's stock health thresholds. The ONE place they are read: the cost settings'
 * "Stock health" section in force today (app/domain/settings.ts `stockHealthOf`), the
 * defaults until the merchant changes them (28/90-day windows, 14 days' lead time + 7 of
 * safety, 90 days' target cover, dead after 90 days without a sale, new for 30 days).
 */
export async function stockHealthOptionsFor(db: Db, shop: string, now: Date = new Date()): Promise<StockHealthOptions> {
  return stockHealthOf(settingsToday(await loadSettingsHistory(db, shop, await shopFacts(db, shop)), now));
}

// ---------------------------------------------------------------------------
// Types

export interface StockVariantRow {
  variantId: string;
  productId: string;
  /** The product's title (its id's number when the product row is missing). */
  productTitle: string;
  /** Null for a product's only variant, or Shopify's "Default Title". */
  variantTitle: string | null;
  sku: string | null;
  onHand: number;
  /** Minor units of the shop currency; null when unknown. */
  unitCost: number | null;
  valueAtCost: number | null;
  valueAtPrice: number | null;
  /** Units a day over the short and long windows (days out of stock left out); null without a day in stock. */
  unitsPerDayShort: number | null;
  unitsPerDayLong: number | null;
  daysOfCover: number | null;
  lastSaleOn: string | null;
  daysWithoutSale: number | null;
  stockClass: StockClass;
  reason: string;
  /** Cash tied up: all its stock at cost, the part above the target cover (all of it when dead), the dead part. */
  cash: { total: number | null; excess: number | null; dead: number | null };
  /** Net margin lost while out of stock over the long window (minor units), and why. */
  lostMargin: number;
  lostMarginReason: string;
  /** Its product's ABC class by net margin. */
  abc: AbcClass;
  health: VariantStockHealth;
}

export interface StockProductRow {
  productId: string;
  title: string;
  abc: AbcRow;
  health: ProductStockHealth;
  /** Σ on hand ÷ Σ units a day of its variants, rounded down; null without sales. */
  daysOfCover: number | null;
  deadValue: number;
  lostMargin: number;
  variants: StockVariantRow[];
}

export interface StockOverviewOptions {
  /** The last day counted (shop-local); default yesterday, the last complete day. */
  asOf?: string;
  /** Only the stock at this location (`gid://shopify/Location/…`); velocity stays the shop's. */
  location?: string | null;
  /** "Now", for the default `asOf` and the unit cost in force. */
  now?: Date;
}

// ---------------------------------------------------------------------------
// The computation

export interface Context {
  currency: string;
  timeZone: string;
  asOf: string;
  now: Date;
  options: StockHealthOptions;
  window: SalesWindow;
}

async function context(db: Db, shop: string, opts: StockOverviewOptions): Promise<Context> {
  const facts = await shopFacts(db, shop);
  const now = opts.now ?? new Date();
  const asOf = opts.asOf ?? addDays(localDate(now.toISOString(), facts.timeZone), -1);
  const options = await stockHealthOptionsFor(db, shop, now);
  const inner = Math.min(options.shortWindowDays, options.longWindowDays);
  const outer = Math.max(options.shortWindowDays, options.longWindowDays);
  return { currency: facts.currency, timeZone: facts.timeZone, asOf, now, options, window: { from: addDays(asOf, 1 - outer), innerFrom: addDays(asOf, 1 - inner), to: asOf } };
}

function numericId(gid: string): string {
  return gid.split("/").pop() ?? gid;
}

/** A variant's title as shown: none for Shopify's "Default Title" of a product without options. */
function shownVariantTitle(v: StockCatalogVariant, variantsOfProduct: number): string | null {
  if (v.variantTitle === null || v.variantTitle === "" || v.variantTitle === "Default Title") return variantsOfProduct > 1 ? (v.sku ?? numericId(v.variantId)) : null;
  return v.variantTitle;
}

/** Out-of-stock days of the window's `days` (in order): the latest snapshot on or before the day is ≤ 0 and nothing sold that day. */
function outOfStockDays(snapshots: readonly { date: string; onHand: number }[], sales: ReadonlySet<string> | undefined, days: readonly string[]): Set<string> {
  const out = new Set<string>();
  let k = -1;
  for (const day of days) {
    while (k + 1 < snapshots.length && snapshots[k + 1]!.date <= day) k++;
    if (k >= 0 && snapshots[k]!.onHand <= 0 && !sales?.has(day)) out.add(day);
  }
  return out;
}

const NO_DAYS: ReadonlySet<string> = new Set();

/** Net margin per product from the window's product totals, custom items (no product) left out: readNetMarginByProduct's rows. */
function netMarginByProduct(products: ReadonlyMap<string, SalesTotals>): Map<string, number> {
  const out = new Map<string, number>();
  for (const [productId, t] of products) if (productId !== "") out.set(productId, t.netMargin);
  return out;
}

/** Whether a variant's snapshots show it with nothing on hand on some day of the window. */
function outDuringWindow(f: SnapshotFacts | undefined, from: string): boolean {
  if (!f || f.lastOut === null) return false;
  if (f.lastOut >= from) return true;
  // Out before the window: still out when it came back only inside it, or never.
  return f.restocked === null || f.restocked < f.lastOut || f.restocked > from;
}

export interface Computed {
  ctx: Context;
  historyStarts: string | null;
  variants: StockVariantRow[];
  products: StockProductRow[];
  untracked: number;
}

/** Reads and computes the health of the shop's stocked variants (or one product's). */
export async function computeStockHealth(db: Db, shop: string, opts: StockOverviewOptions & { productId?: string }): Promise<Computed> {
  const ctx = await context(db, shop, opts);
  const { window: w, options: o, asOf } = ctx;
  const catalog = await readStockCatalog(db, shop, opts.productId);
  const ids = opts.productId === undefined ? undefined : catalog.map((v) => v.variantId);
  const [onHand, sales, snaps, costs, marginsRead, suppliers] = await Promise.all([
    readOnHand(db, shop, { location: opts.location ?? null, ...(ids ? { variantIds: ids } : {}) }),
    readSalesWindow(db, shop, w, opts.productId),
    readSnapshotFacts(db, shop, ids),
    loadUnitCostHistory(db, shop, { currency: ctx.currency, timeZone: ctx.timeZone }, ids),
    // ABC ranks every product: for the whole shop the sales window's product totals carry each
    // product's net margin already (one scan of ProductDayMargin instead of two); for one
    // product the window is that product's alone, so the shop's margins are read apart.
    opts.productId === undefined ? null : readNetMarginByProduct(db, shop, w.from, w.to),
    readSuppliers(db, shop),
  ]);
  const margins = marginsRead ?? netMarginByProduct(sales.products);
  // A product's lead time is its supplier's once the merchant has saved that supplier's terms;
  // a vendor's supplier still on default terms follows the stock settings' lead time.
  const savedLead = new Map(suppliers.suppliers.filter((x) => x.saved).map((x) => [x.id, x.leadTimeDays]));
  const leadTimeOf = (productId: string): number | null => {
    const supplierId = suppliers.productSupplier.get(productId);
    return supplierId ? (savedLead.get(supplierId) ?? null) : null;
  };

  const perProduct = new Map<string, number>();
  for (const v of catalog) perProduct.set(v.productId, (perProduct.get(v.productId) ?? 0) + 1);
  const single = (v: StockCatalogVariant) => perProduct.get(v.productId) === 1;
  let untracked = 0;
  const stocked: StockCatalogVariant[] = [];
  for (const v of catalog) {
    if (v.tracked === false) untracked++;
    else if (onHand.has(v.variantId)) stocked.push(v);
  }
  const salesOf = (v: StockCatalogVariant): SalesTotals | undefined => (single(v) ? sales.products.get(v.productId) : sales.variants.get(v.variantId));

  // The last sale before the window, for the variants with none in it.
  const quiet = stocked.filter((v) => {
    const s = salesOf(v);
    return !s || (s.innerLastSale === null && s.outerLastSale === null);
  });
  const before = await readLastSalesBefore(
    db,
    shop,
    w.from,
    quiet.filter(single).map((v) => v.productId),
    quiet.filter((v) => !single(v)).map((v) => ({ variantId: v.variantId, productId: v.productId })),
  );

  // Days out of stock, for the variants out at some point of the window.
  const wasOut = stocked.filter((v) => outDuringWindow(snaps.variants.get(v.variantId), w.from));
  const wasOutIds = new Set(wasOut.map((v) => v.variantId));
  const [windowSnapshots, saleDays] = await Promise.all([
    readSnapshotsIn(db, shop, wasOut.map((v) => v.variantId), w.from, w.to),
    readSaleDays(db, shop, w.from, w.to, wasOut.filter(single).map((v) => v.productId), wasOut.filter((v) => !single(v)).map((v) => v.variantId)),
  ]);

  // The window's days, listed once for every variant out of stock in it (not an addDays walk each).
  const windowDays: string[] = [];
  if (wasOut.length > 0) for (let day = w.from; day <= w.to; day = addDays(day, 1)) windowDays.push(day);

  const abcRows = abcByNetMargin(
    [...new Set([...margins.keys(), ...catalog.map((v) => v.productId)])].map((productId) => ({ productId, netMargin: margins.get(productId) ?? 0 })),
    ctx.currency,
  );
  const abc = new Map(abcRows.map((r) => [r.productId, r]));
  const nowIso = ctx.now.toISOString();
  const historyStarts = snaps.historyStarts;

  const variants: StockVariantRow[] = [];
  for (const v of stocked) {
    const s = salesOf(v);
    const f = snaps.variants.get(v.variantId);
    const lastSaleOn = s?.innerLastSale ?? s?.outerLastSale ?? (single(v) ? before.products.get(v.productId) : before.variants.get(v.variantId)) ?? null;
    const unitsSoldByDay = new Map<string, number>();
    if (s && s.innerLastSale !== null && s.innerUnits > 0) unitsSoldByDay.set(s.innerLastSale, s.innerUnits);
    if (s && s.outerLastSale !== null && s.outerUnits > 0) unitsSoldByDay.set(s.outerLastSale, s.outerUnits);
    const out = wasOutIds.has(v.variantId) ? outOfStockDays(windowSnapshots.get(v.variantId) ?? [], single(v) ? saleDays.products.get(v.productId) : saleDays.variants.get(v.variantId), windowDays) : NO_DAYS;
    let firstStockedOn: string | null = null;
    if (f?.firstStocked && f.firstStocked !== historyStarts && !(lastSaleOn !== null && lastSaleOn < f.firstStocked)) firstStockedOn = f.firstStocked;
    else if (lastSaleOn === null && f?.firstStocked && historyStarts !== null && daysBetween(historyStarts, asOf) >= o.newForDays) firstStockedOn = historyStarts;
    // The pair of snapshots lastRestockDate looks for (nothing on hand, then stock back on `restocked`).
    const snapshots: StockSnapshot[] = f?.restocked ? [{ date: addDays(f.restocked, -1), onHand: 0 }, { date: f.restocked, onHand: 1 }] : [];
    const cost = costInForce(costs, v.variantId, nowIso);
    const health = variantStockHealth(
      {
        variantId: v.variantId,
        currency: ctx.currency,
        onHand: onHand.get(v.variantId) ?? 0,
        unitCost: cost.kind === "known" ? cost.unitCost : null,
        unitPrice: v.currency === ctx.currency ? v.price : null,
        lastSaleOn,
        unitsSoldByDay,
        snapshots,
        outOfStockDays: out,
        firstStockedOn,
        leadTimeDays: leadTimeOf(v.productId),
      },
      asOf,
      o,
    );
    const lost = marginLostToStockOuts(health.velocity.long, { netMargin: s?.netMargin ?? 0, units: s?.costedUnits ?? 0, currency: ctx.currency });
    variants.push({
      variantId: v.variantId,
      productId: v.productId,
      productTitle: v.productTitle ?? `Product ${numericId(v.productId)}`,
      variantTitle: shownVariantTitle(v, perProduct.get(v.productId) ?? 1),
      sku: v.sku,
      onHand: health.onHand,
      unitCost: cost.kind === "known" ? cost.unitCost : null,
      valueAtCost: health.valueAtCost,
      valueAtPrice: health.valueAtPrice,
      unitsPerDayShort: health.velocity.short.unitsPerDay,
      unitsPerDayLong: health.velocity.long.unitsPerDay,
      daysOfCover: health.daysOfCover,
      lastSaleOn: health.lastSaleOn,
      daysWithoutSale: health.daysWithoutSale,
      stockClass: health.stockClass,
      reason: health.reason,
      cash: { total: health.valueAtCost, excess: health.excessValue, dead: health.stockClass === "dead" ? health.valueAtCost : health.valueAtCost === null ? null : 0 },
      lostMargin: lost.lostMargin,
      lostMarginReason: lost.reason,
      abc: abc.get(v.productId)?.abcClass ?? "C",
      health,
    });
  }
  variants.sort(byCashThenTitle);

  const products = groupProducts(variants, abc, ctx.currency);
  return { ctx, historyStarts, variants, products, untracked };
}

/** The variants (most cash above target first) rolled up per product, most cash above target first. */
export function groupProducts(variants: readonly StockVariantRow[], abc: ReadonlyMap<string, AbcRow>, currency: string): StockProductRow[] {
  const grouped = new Map<string, StockVariantRow[]>();
  for (const r of variants) {
    const list = grouped.get(r.productId) ?? [];
    list.push(r);
    grouped.set(r.productId, list);
  }
  const products: StockProductRow[] = [];
  for (const [productId, rows] of grouped) {
    const health = productStockHealth(productId, rows.map((r) => r.health), currency);
    products.push({
      productId,
      title: rows[0]!.productTitle,
      abc: abc.get(productId)!,
      health,
      daysOfCover: health.onHand <= 0 ? 0 : health.unitsPerDay > 0 ? Math.floor(health.onHand / health.unitsPerDay) : null,
      deadValue: rows.reduce((n, r) => n + (r.cash.dead ?? 0), 0),
      lostMargin: rows.reduce((n, r) => n + r.lostMargin, 0),
      variants: rows,
    });
  }
  products.sort((a, b) => b.health.excessValue - a.health.excessValue || (a.title < b.title ? -1 : a.title > b.title ? 1 : a.productId < b.productId ? -1 : 1));
  return products;
}

export function byCashThenTitle(a: StockVariantRow, b: StockVariantRow): number {
  return (b.cash.excess ?? 0) - (a.cash.excess ?? 0) || compareTitles(a, b);
}

export function compareTitles(a: StockVariantRow, b: StockVariantRow): number {
  const ta = `${a.productTitle.toLowerCase()}\u0000${(a.variantTitle ?? "").toLowerCase()}`;
  const tb = `${b.productTitle.toLowerCase()}\u0000${(b.variantTitle ?? "").toLowerCase()}`;
  return ta < tb ? -1 : ta > tb ? 1 : a.variantId < b.variantId ? -1 : a.variantId > b.variantId ? 1 : 0;
}


// ---------------------------------------------------------------------------
// The stored summary

/** What a stored variant row keeps beside its columns: the row as computed and its product's ABC row. */
export interface StockHealthDetail {
  row: StockVariantRow;
  abc: AbcRow;
}

/** What the stored summary keeps beside its columns. */
export interface StockSummaryDetail {
  timeZone: string;
  options: StockHealthOptions;
  historyStarts: string | null;
  cash: StockCash;
  untracked: number;
  deletedItems: { items: number; onHand: number };
  /** The locations with their totals, and the stock value at cost per day over the 90 days to asOf (the page's chart), as of the refresh. */
  locations: StockLocation[];
  valueOverTime: StockValueDay[];
}

/**
 * Works out the health of every stocked, tracked variant of the shop (every active location
 * together) as of `asOf` (default: yesterday in the shop's time zone, from `now`) and
 * replaces the stored rows and summary with it in one transaction: a variant no longer
 * stocked or deleted in Shopify disappears, nothing is ever half-written.
 */
export async function refreshStockHealth(db: Db, shop: string, opts: { asOf?: string; now?: Date; sql?: SqlDb } = {}): Promise<{ asOf: string; variants: number }> {
  const now = opts.now ?? new Date();
  const [computed, deletedItems, locations] = await Promise.all([
    computeStockHealth(db, shop, { now, ...(opts.asOf ? { asOf: opts.asOf } : {}) }),
    readUnknownStockItems(db, shop),
    readStockLocations(db, shop),
  ]);
  const { ctx, variants, products } = computed;
  const valueOverTime = await readStockValueByDay(db, shop, addDays(ctx.asOf, -89), ctx.asOf);
  const abcOf = new Map(products.map((p) => [p.productId, p.abc]));
  const cash = stockCash(variants.map((r) => r.health), ctx.currency);
  const rows: StoredStockVariant[] = variants.map((r) => ({
    variantId: r.variantId,
    productId: r.productId,
    productTitle: r.productTitle,
    variantTitle: r.variantTitle,
    sku: r.sku,
    stockClass: r.stockClass,
    abc: r.abc,
    onHand: r.onHand,
    unitCost: r.unitCost,
    valueAtCost: r.valueAtCost,
    valueAtPrice: r.valueAtPrice,
    unitsPerDayShort: r.unitsPerDayShort,
    unitsPerDayLong: r.unitsPerDayLong,
    daysOfCover: r.daysOfCover,
    lastSaleOn: r.lastSaleOn,
    daysWithoutSale: r.daysWithoutSale,
    cashExcess: r.cash.excess,
    cashDead: r.cash.dead,
    lostMargin: r.lostMargin,
    detail: JSON.stringify({ row: r, abc: abcOf.get(r.productId)! } satisfies StockHealthDetail),
  }));
  const detail: StockSummaryDetail = { timeZone: ctx.timeZone, options: ctx.options, historyStarts: computed.historyStarts, cash, untracked: computed.untracked, deletedItems, locations, valueOverTime };
  await writeStockHealth(
    db,
    shop,
    {
      asOf: ctx.asOf,
      refreshedAt: now,
      currency: ctx.currency,
      stockValue: cash.stockValue,
      excessValue: cash.excessValue,
      deadValue: cash.deadValue,
      lostMargin: variants.reduce((n, r) => n + r.lostMargin, 0),
      variants: variants.length,
      detail: JSON.stringify(detail),
    },
    rows,
    opts.sql,
  );
  return { asOf: ctx.asOf, variants: variants.length };
}

