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
import type { CatalogModel, InventoryLevelModel, ProductModel, VariantModel } from "./model";
import { deriveSeed, Rng } from "./prng";

export type StockProfile = "stockout" | "overstock" | "dead" | "received" | "normal" | "untracked";

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
}

const iso = (ms: number) => new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(".000Z", "Z");

/**
 * Sets the quantities of every level of the catalogue, and returns each variant's
 * profile (by variant id).
 */
export function shapeStock(input: StockInput): Map<string, StockProfile> {
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
