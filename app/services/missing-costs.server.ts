/**
 * The bulk unit-cost editor (issue 17, item 4): every variant of the catalog without a unit
 * cost (none in Shopify, none entered in NetMargin; gift cards left out), and saving many costs at once through the
 * store's unit-cost write (store/unit-costs.server.ts saveUnitCostOverrides: the overrides the
 * product page's "Your unit cost" saves, for all history). A bad value is named by its product
 * and variant in the merchant's words, and nothing is written unless every value is valid.
 */
import type { PrismaClient } from "@prisma/client";

import { formatMoney, variantName, variantTitle } from "~/domain/format";
import { currencyExponent, formatDecimal, parseDecimal } from "~/domain/money";
import { MAX_AMOUNT_MAJOR } from "~/domain/settings";
import { shopFacts } from "~/store/cost-settings.server";
import { saveUnitCostOverrides } from "~/store/unit-costs.server";

export interface MissingCostVariant {
  id: string;
  productId: string;
  productTitle: string;
  /** The variant's own title; null for a product's only variant (Shopify's "Default Title"). */
  title: string | null;
  sku: string | null;
  /** Shopify's price (minor units), null when not known. */
  price: number | null;
}

export interface MissingCosts {
  currency: string;
  /** Variants without a cost, counted in full. */
  total: number;
  /** The first `limit` of them, by product title then variant title. */
  variants: MissingCostVariant[];
}

/** Variants to show on one page at most; the rest come once these are saved. */
export const MISSING_COSTS_LIMIT = 250;

async function inChunks<T>(ids: readonly string[], read: (chunk: string[]) => Promise<T[]>): Promise<T[]> {
  const out: T[] = [];
  // SQLite binds at most 999 parameters a statement.
  for (let i = 0; i < ids.length; i += 500) out.push(...(await read(ids.slice(i, i + 500))));
  return out;
}

export async function missingCosts(db: PrismaClient, shop: string, limit = MISSING_COSTS_LIMIT): Promise<MissingCosts> {
  const facts = await shopFacts(db, shop);
  const candidates = await db.variant.findMany({ where: { shop, unitCost: null }, select: { id: true, productId: true, title: true, sku: true, price: true } });
  const overridden = new Set(
    (await inChunks(candidates.map((v) => v.id), (chunk) => db.unitCostOverride.findMany({ where: { shop, variantId: { in: chunk } }, select: { variantId: true }, distinct: ["variantId"] }))).map(
      (o) => o.variantId,
    ),
  );
  // A gift card sold (LineItem.isGiftCard) is not merchandise: it needs no unit cost (its lines are kept out of margins).
  const giftCards = new Set(
    (
      await inChunks(
        candidates.filter((v) => !overridden.has(v.id)).map((v) => v.id),
        (chunk) => db.orderLine.findMany({ where: { shop, variantId: { in: chunk }, isGiftCard: true }, select: { variantId: true }, distinct: ["variantId"] }),
      )
    ).map((l) => l.variantId),
  );
  const variants = candidates.filter((v) => !overridden.has(v.id) && !giftCards.has(v.id));
  // A count only (Home's checklist): no titles to read.
  if (limit <= 0) return { currency: facts.currency, total: variants.length, variants: [] };
  const products = await inChunks([...new Set(variants.map((v) => v.productId))], (chunk) => db.product.findMany({ where: { shop, id: { in: chunk } }, select: { id: true, title: true } }));
  const titles = new Map(products.map((p) => [p.id, p.title]));
  const rows: MissingCostVariant[] = variants.map((v) => ({
    id: v.id,
    productId: v.productId,
    productTitle: titles.get(v.productId) ?? "Product no longer in Shopify",
    title: variantTitle(v.title),
    sku: v.sku,
    price: v.price,
  }));
  const key = (r: MissingCostVariant) => `${r.productTitle.toLowerCase()}\u0000${(r.title ?? "").toLowerCase()}\u0000${r.id}`;
  rows.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  return { currency: facts.currency, total: rows.length, variants: rows.slice(0, limit) };
}

export type SaveMissingCosts =
  | { ok: true; saved: number }
  /** `message` names the variant (the banner's list); `problem` does not (under its own field). */
  | { ok: false; errors: { variantId: string | null; message: string; problem?: string }[] };

/**
 * Saves the costs filled in (blank fields are skipped: those variants stay without a cost).
 * `entries` as posted: `[{ variantId, cost }]` with `cost` the text typed.
 */
export async function saveMissingCosts(db: PrismaClient, shop: string, entries: unknown, now: Date = new Date()): Promise<SaveMissingCosts> {
  if (!Array.isArray(entries)) return { ok: false, errors: [{ variantId: null, message: "Nothing to save: reload the page and try again." }] };
  const facts = await shopFacts(db, shop);
  const currency = facts.currency;
  const filled = entries
    .map((e) => (typeof e === "object" && e !== null ? (e as Record<string, unknown>) : {}))
    .map((e) => ({ variantId: typeof e.variantId === "string" ? e.variantId : null, cost: typeof e.cost === "string" ? e.cost.trim() : "" }))
    .filter((e) => e.cost !== "");
  if (filled.length === 0) return { ok: false, errors: [{ variantId: null, message: "Enter at least one unit cost to save." }] };

  // The names the merchant knows: "Mug – Large", or the product alone for its only variant.
  const ids = filled.map((e) => e.variantId).filter((id): id is string => id !== null);
  const variants = await inChunks(ids, (chunk) => db.variant.findMany({ where: { shop, id: { in: chunk } }, select: { id: true, productId: true, title: true } }));
  const products = await inChunks([...new Set(variants.map((v) => v.productId))], (chunk) => db.product.findMany({ where: { shop, id: { in: chunk } }, select: { id: true, title: true } }));
  const productTitle = new Map(products.map((p) => [p.id, p.title]));
  const names = new Map(variants.map((v) => [v.id, variantName(productTitle.get(v.productId) ?? "A product no longer in Shopify", v.title)]));

  const example = formatDecimal(1250 * 10 ** Math.max(0, currencyExponent(currency) - 2), currency);
  const max = MAX_AMOUNT_MAJOR * 10 ** currencyExponent(currency);
  const errors: { variantId: string | null; message: string; problem?: string }[] = [];
  const bad = (variantId: string, name: string, problem: string) => errors.push({ variantId, message: `${name}: ${problem}`, problem });
  for (const e of filled) {
    const name = e.variantId ? names.get(e.variantId) : undefined;
    if (!e.variantId || !name) {
      errors.push({ variantId: e.variantId, message: "A variant is no longer in your store: reload the page." });
      continue;
    }
    const parsed = parseDecimal(e.cost, currency);
    if (!parsed.ok) bad(e.variantId, name, `enter the cost as an amount, e.g. ${example}`);
    else if (parsed.value < 0) bad(e.variantId, name, "a unit cost cannot be negative");
    else if (parsed.value > max) bad(e.variantId, name, `at most ${formatMoney(max, currency)}`);
  }
  if (errors.length > 0) return { ok: false, errors };
  const r = await saveUnitCostOverrides(db, shop, filled, now);
  // The store checks again; whatever it refuses (a variant deleted meanwhile) is said the same way.
  if (!r.ok) return { ok: false, errors: r.errors.map((x) => ({ variantId: ids[x.index] ?? null, message: `${names.get(ids[x.index] ?? "") ?? "A variant"}: could not be saved; reload the page.` })) };
  return { ok: true, saved: r.saved.length };
}
