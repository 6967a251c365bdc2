/**
 * Realistic stock for a generated store (issue 18, item 1): the quantities of every
 * inventory level (available, on hand, committed, incoming) shaped by how well the
 * variant sells, so a demo store shows what the stock pages are for:
 *
 * - `stockout`: best-sellers near a stock-out (a few days of cover at most; every
 *   third one sold out: 0 available);
 * - `overstock`: slow lines holding far more than they sell (six months and more);
 * - `dead`: stock and no sales: variants of DRAFT products, which the generator never
 *   sells (StoreGenerator's `sellable` leaves them out), holding stock bought and
 *   never sold;
 * - `received`: a delivery arrived in the last days (level `updatedAt` recent, a
 *   good stock on hand, nothing incoming any more);
 * - `normal`: a month or two of cover, sometimes a delivery on its way (`incoming`).
 * Gift cards are not tracked and hold nothing. A level that is not active stocks
 * nothing (Shopify: an inactive level is one the item is not stocked at).
 *
 * Each level keeps available = on hand − committed (no unavailable states modelled).
 * The first location (the warehouse) holds most of the stock, the second (the shop)
 * a little.
 *
 * Deterministic: one PRNG per variant from the seed (`deriveSeed(seed, 9, n, v)`),
 * and nothing here draws from the catalogue's or the orders' PRNGs, so orders and
 * prices are the same as without it (stock never changes an order).
 */
import type { CatalogModel, InventoryLevelModel, OrderModel, ProductModel, VariantModel } from "./model";
import { deriveSeed, Rng } from "./prng";

export type StockProfile = "stockout" | "overstock" | "dead" | "received" | "normal" | "untracked" | "madeToOrder";

/**
 * From SHAPE_FROM_SALES_FROM up to this many orders, stock follows the orders really generated (`shapeFromSales`); above, the
 * expected rates are dense enough. At 300 orders over 18 months a variant's expected rate is about
 * one unit a year: stock set from it read as overstock or dead stock for nearly every variant.
 */
export const SHAPE_FROM_SALES_UP_TO = 20_000;
/**
 * Below this many orders (the few-dozen-order stores of the sync and stock-move tests) the
 * expected rates are kept: those tests need every variant stocked at every active location,
 * which a store that small, shaped from its sales, would not have (most lines made to order).
 */
export const SHAPE_FROM_SALES_FROM = 200;

const DAY = 86_400_000;
/** Units sold per order on average (lines per order × units per line of the generator's tables). */
const UNITS_PER_ORDER = 1.9;

export interface StockInput {
  catalog: CatalogModel;
  /** Sellable variants with their popularity weight (share of units sold). */
  weights: readonly { product: ProductModel; variant: VariantModel; weight: number }[];
  seed: number;
  orders: number;
  months: number;
  nowMs: number;
  /** The store's generated orders (read once when the store has at most SHAPE_FROM_SALES_UP_TO). */
  generatedOrders?: () => Iterable<OrderModel>;
}

const iso = (ms: number) => new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(".000Z", "Z");

/**
 * Sets the quantities of every level of the catalogue, and returns each variant's
 * profile (by variant id).
 */
export function shapeStock(input: StockInput): Map<string, StockProfile> {
  if (input.generatedOrders && input.orders >= SHAPE_FROM_SALES_FROM && input.orders <= SHAPE_FROM_SALES_UP_TO) return shapeFromSales(input, input.generatedOrders());
  const { catalog, seed, nowMs } = input;
  const total = input.weights.reduce((s, w) => s + w.weight, 0);
  const ordersPerDay = input.orders / Math.max(1, input.months * 30.4375);
  const dailyUnits = new Map(input.weights.map((w) => [w.variant.id, total > 0 ? (ordersPerDay * UNITS_PER_ORDER * w.weight) / total : 0]));
  // Ranks among tracked, active, sellable variants, most sold first.
  const ranked = input.weights
    .filter((w) => w.product.status === "ACTIVE" && w.variant.inventoryItem.tracked)
    .sort((a, b) => b.weight - a.weight || (a.variant.id < b.variant.id ? -1 : 1));
  const rankOf = new Map(ranked.map((w, i) => [w.variant.id, i]));
  const best = Math.max(1, Math.round(ranked.length * 0.08));
  const slowFrom = Math.floor(ranked.length * 0.55);

  const profiles = new Map<string, StockProfile>();
  catalog.products.forEach((product, n) => {
    product.variants.forEach((variant, v) => {
      const rng = new Rng(deriveSeed(seed, 9, n, v));
      const item = variant.inventoryItem;
      const rank = rankOf.get(variant.id);
      let profile: StockProfile;
      if (!item.tracked) profile = "untracked";
      else if (product.status === "DRAFT") profile = "dead";
      else if (rank !== undefined && rank < best) profile = "stockout";
      else if (rank !== undefined && rank >= slowFrom && rng.chance(0.35)) profile = "overstock";
      else if (rng.chance(0.1)) profile = "received";
      else profile = "normal";
      profiles.set(variant.id, profile);
      const perDay = dailyUnits.get(variant.id) ?? 0;
      // Units on hand over every location, and the level update time.
      let onHand = 0;
      let incoming = 0;
      let updatedMs = Date.parse(item.updatedAt);
      switch (profile) {
        case "untracked":
          break;
        case "stockout":
          // every third one sold out; the others a few days of cover
          onHand = rank! % 3 === 0 ? 0 : Math.max(1, Math.round(perDay * rng.int(1, 5)));
          incoming = rng.chance(0.5) ? Math.max(6, Math.round(perDay * rng.int(20, 40))) : 0;
          updatedMs = nowMs - rng.int(0, 2) * DAY - rng.int(1, 20) * 3600_000;
          break;
        case "overstock":
          onHand = Math.max(60, Math.round(perDay * rng.int(180, 400))) + rng.int(0, 40);
          break;
        case "dead":
          onHand = rng.int(25, 160);
          updatedMs = Math.min(updatedMs, nowMs - rng.int(120, 300) * DAY);
          break;
        case "received":
          onHand = Math.max(20, Math.round(perDay * rng.int(60, 120))) + rng.int(0, 10);
          updatedMs = nowMs - rng.int(1, 5) * DAY - rng.int(1, 12) * 3600_000;
          break;
        case "normal":
          onHand = Math.max(3, Math.round(perDay * rng.int(25, 70))) + rng.int(0, 5);
          incoming = rng.chance(0.15) ? Math.max(10, Math.round(perDay * rng.int(20, 45))) : 0;
          break;
      }
      const active = item.levels.filter((l) => l.isActive);
      const shop = active.length > 1 ? Math.floor(onHand * (0.1 + rng.next() * 0.15)) : 0;
      const created = Date.parse(item.createdAt);
      for (const level of item.levels) {
        const first = level === active[0];
        const units = !level.isActive ? 0 : first ? onHand - shop : level === active[1] ? shop : 0;
        // Units in orders not yet fulfilled: about a day of sales, never more than is there.
        const committed = units === 0 || profile === "dead" ? 0 : Math.min(units, Math.round(perDay * (first ? 1 : 0.2) * rng.next() * 2));
        setLevel(level, {
          onHand: units,
          committed,
          incoming: level.isActive && first ? incoming : 0,
          updatedAt: iso(Math.max(created, Math.min(nowMs - 60_000, updatedMs))),
        });
      }
    });
  });
  return profiles;
}

function setLevel(level: InventoryLevelModel, q: { onHand: number; committed: number; incoming: number; updatedAt: string }): void {
  level.onHand = q.onHand;
  level.committed = q.committed;
  level.available = q.onHand - q.committed;
  level.incoming = q.incoming;
  level.updatedAt = q.updatedAt;
}

/** Units sold per variant since a time, and each variant's last sale. */
interface Sales {
  units28: Map<string, number>;
  units90: Map<string, number>;
  units180: Map<string, number>;
  lastSaleMs: Map<string, number>;
}

function salesOf(orders: Iterable<OrderModel>, nowMs: number): Sales {
  const s: Sales = { units28: new Map(), units90: new Map(), units180: new Map(), lastSaleMs: new Map() };
  const add = (m: Map<string, number>, id: string, n: number) => m.set(id, (m.get(id) ?? 0) + n);
  for (const o of orders) {
    const at = Date.parse(o.processedAt);
    for (const l of o.lineItems) {
      if (!l.variantId) continue;
      s.lastSaleMs.set(l.variantId, Math.max(s.lastSaleMs.get(l.variantId) ?? 0, at));
      if (at >= nowMs - 180 * DAY) add(s.units180, l.variantId, l.quantity);
      if (at >= nowMs - 90 * DAY) add(s.units90, l.variantId, l.quantity);
      if (at >= nowMs - 28 * DAY) add(s.units28, l.variantId, l.quantity);
    }
  }
  return s;
}

/**
 * A small store's stock, from what it really sold over the stock health's windows (28 and 90
 * days), so that its Stock page reads as a real shop's: most lines healthy (a month or two and a
 * half of cover at their pace), the best sellers of the last 90 days near a stock-out, a few
 * overstocked lines, some dead stock (DRAFT products' stock, and a few lines unsold for 90 days
 * holding old stock), a few received in the last days. The other lines unsold for 90 days are made
 * to order: Shopify does not track their quantities (`tracked` false, as a merchant sets "Track
 * quantity" off), so they are counted apart, not listed as dead stock or out of stock.
 */
function shapeFromSales(input: StockInput, orders: Iterable<OrderModel>): Map<string, StockProfile> {
  const { catalog, seed, nowMs } = input;
  const sales = salesOf(orders, nowMs);
  // Units a day as the stock health reads them: the short window when it had a sale, else the long one.
  const pace = (id: string) => ((sales.units28.get(id) ?? 0) > 0 ? sales.units28.get(id)! / 28 : (sales.units90.get(id) ?? 0) / 90);
  const tracked = catalog.products.flatMap((p) => p.variants.filter((v) => v.inventoryItem.tracked).map((v) => ({ product: p, variant: v })));
  const selling = tracked
    .filter(({ product, variant }) => product.status !== "DRAFT" && (sales.units90.get(variant.id) ?? 0) > 0)
    .sort((a, b) => pace(b.variant.id) - pace(a.variant.id) || (a.variant.id < b.variant.id ? -1 : 1));
  const rankOf = new Map(selling.map((w, i) => [w.variant.id, i]));
  const best = Math.max(1, Math.round(selling.length * 0.08));
  // Lines unsold for 90 days kept as dead stock: about 3 tracked variants in 100 (at least 3).
  let deadLeft = Math.max(3, Math.round(tracked.length * 0.03));

  const profiles = new Map<string, StockProfile>();
  catalog.products.forEach((product, n) => {
    product.variants.forEach((variant, v) => {
      const rng = new Rng(deriveSeed(seed, 9, n, v));
      const item = variant.inventoryItem;
      const rank = rankOf.get(variant.id);
      const perDay = pace(variant.id);
      let profile: StockProfile;
      if (!item.tracked) profile = "untracked";
      else if (product.status === "DRAFT") profile = "dead";
      else if (rank === undefined) {
        profile = deadLeft > 0 && rng.chance(0.3) ? "dead" : "madeToOrder";
        if (profile === "dead") deadLeft--;
      } else if (rank < best) profile = "stockout";
      else {
        const draw = rng.next();
        profile = draw < 0.12 ? "overstock" : draw < 0.22 ? "received" : "normal";
      }
      profiles.set(variant.id, profile);
      let onHand = 0;
      let incoming = 0;
      let updatedMs = Date.parse(item.updatedAt);
      switch (profile) {
        case "untracked":
          break;
        case "madeToOrder":
          item.tracked = false;
          break;
        case "stockout":
          // every third one sold out; the others under two weeks of cover
          onHand = rank! % 3 === 0 ? 0 : Math.max(1, Math.floor(perDay * rng.int(3, 12)));
          incoming = rng.chance(0.5) ? Math.max(6, Math.round(perDay * rng.int(30, 60))) : 0;
          updatedMs = nowMs - rng.int(0, 2) * DAY - rng.int(1, 20) * 3600_000;
          break;
        case "overstock":
          // more than a year at its pace, and more than it sold in six months
          onHand = Math.max(24, Math.ceil(perDay * rng.int(400, 700)), 2 * (sales.units180.get(variant.id) ?? 0)) + rng.int(0, 12);
          break;
        case "dead":
          onHand = rng.int(6, 40);
          updatedMs = Math.min(updatedMs, nowMs - rng.int(120, 300) * DAY);
          break;
        case "received":
          // a delivery of five to ten weeks of sales, in the last days
          onHand = Math.max(2, Math.round(perDay * rng.int(35, 70)));
          updatedMs = nowMs - rng.int(1, 5) * DAY - rng.int(1, 12) * 3600_000;
          break;
        case "normal":
          // a month to two and a half of cover at its pace
          onHand = Math.max(1, Math.round(perDay * rng.int(30, 75)));
          incoming = rng.chance(0.1) ? Math.max(2, Math.round(perDay * rng.int(20, 45))) : 0;
          break;
      }
      const active = item.levels.filter((l) => l.isActive);
      const shop = active.length > 1 && onHand >= 4 ? Math.floor(onHand * (0.1 + rng.next() * 0.15)) : 0;
      const created = Date.parse(item.createdAt);
      for (const level of item.levels) {
        const first = level === active[0];
        const units = !level.isActive ? 0 : first ? onHand - shop : level === active[1] ? shop : 0;
        // Units in orders not yet fulfilled: at most a day or two of sales, never more than is there.
        const committed = units === 0 || profile === "dead" || profile === "overstock" ? 0 : Math.min(units - 1, Math.floor(perDay * (first ? 2 : 0.5) * rng.next()));
        setLevel(level, {
          onHand: units,
          committed: Math.max(0, committed),
          incoming: level.isActive && first ? incoming : 0,
          updatedAt: iso(Math.max(created, Math.min(nowMs - 60_000, updatedMs))),
        });
      }
    });
  });
  return profiles;
}
