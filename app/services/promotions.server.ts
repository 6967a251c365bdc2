/**
 * The promotions page's data: per product, the deepest discount that keeps the
 * net margin ≥ 0 and ≥ the thin-margin target (domain/promotions.ts maxDiscount,
 * fees and provisions shrinking with the price), and the pack simulator ("3 for
 * 2", "2+1 free", "-X % on a pack of N") for one product, with the shipping and
 * packaging of one parcel for the pack.
 *
 * Unit economics come from the product's last 12 months (list price and unit cost
 * per unit sold); weight from its variants; the tax rate from recent orders.
 */
import type { PrismaClient } from "@prisma/client";

import { findCountry } from "~/domain/countries";
import { mulDiv, parseDecimal } from "~/domain/money";
import { unitPrice } from "~/domain/products";
import { maxDiscount, simulatePack, unitAtDiscount, unitEconomicsFromProduct, type MaxDiscount, type PackOffer, type PackResult } from "~/domain/promotions";
import type { CostSettings } from "~/domain/settings";
import { localDate } from "~/domain/time";
import type { Issue } from "~/domain/validation";
import { productMargins } from "~/margins/product-report.server";
import { loadSettingsHistory, settingsToday, shopFacts } from "~/store/cost-settings.server";

import { recentTaxFacts } from "./planner.server";
import { resolveRange } from "~/domain/time";

export const OFFER_KINDS = ["x-for-y", "n-plus-free", "pack-percent"] as const;
export type OfferKind = (typeof OFFER_KINDS)[number];

/** Products per page of the limits table. */
export const PROMOTIONS_PAGE_SIZE = 50;

export interface PromotionsParams {
  /** Words of the product title to look for (the limits table); "" = every product. */
  q: string;
  /** Page of the limits table, from 1. */
  page: number;
  /** Product of the pack simulator (gid); null = none chosen. */
  product: string | null;
  offer: OfferKind;
  /** x-for-y: `units` for the price of `pay`; pack-percent: pack of `units`. */
  units: number;
  pay: number;
  /** n-plus-free: `paid` + `free`. */
  paid: number;
  free: number;
  /** pack-percent: percentage off, as text (up to 2 decimals), parsed to basis points. */
  percentBp: number;
  /** Destination country (ISO 3166 alpha-2) for the shipping rule; null = the shop's most frequent one. */
  country: string | null;
  /** Shipping charged to the customer for the pack, before tax (minor units). */
  shippingCharged: number;
}

const DEFAULTS = { offer: "x-for-y" as OfferKind, units: 3, pay: 2, paid: 2, free: 1, percentBp: 1000, shippingCharged: 0 };

/** Parses the page's query; every bad field is named. Amounts in the shop currency. */
export function parsePromotionsParams(search: URLSearchParams, currency: string, locale = "en"): { ok: true; params: PromotionsParams } | { ok: false; errors: Issue[] } {
  const errors: Issue[] = [];
  const list = listParams(search);
  const int = (name: string, fallback: number, min: number, max: number): number => {
    const text = search.get(name);
    if (text === null || text === "") return fallback;
    const n = Number(text);
    if (!Number.isInteger(n) || n < min || n > max) {
      errors.push({ path: name, message: `enter a whole number from ${min} to ${max}` });
      return fallback;
    }
    return n;
  };
  const offerText = search.get("offer");
  let offer = DEFAULTS.offer;
  if (offerText !== null && offerText !== "") {
    if ((OFFER_KINDS as readonly string[]).includes(offerText)) offer = offerText as OfferKind;
    else errors.push({ path: "offer", message: "choose one of the offers in the list" });
  }
  const units = int("units", DEFAULTS.units, 1, 50);
  const pay = int("pay", DEFAULTS.pay, 0, 50);
  if (offer === "x-for-y" && pay > units) errors.push({ path: "pay", message: "cannot be more than the units in the pack" });
  const paid = int("paid", DEFAULTS.paid, 1, 50);
  const free = int("free", DEFAULTS.free, 1, 50);
  let percentBp = DEFAULTS.percentBp;
  const percentText = search.get("percent");
  if (percentText !== null && percentText !== "") {
    const m = /^(\d{1,3})(?:\.(\d{1,2}))?$/.exec(percentText.trim());
    const bp = m ? Number(m[1]) * 100 + Number((m[2] ?? "").padEnd(2, "0")) : NaN;
    if (!Number.isInteger(bp) || bp < 0 || bp > 10_000) errors.push({ path: "percent", message: "enter a percentage from 0 to 100, e.g. 12.5" });
    else percentBp = bp;
  }
  // A country's name or two-letter code, as Shopify lists them; anything else is named, and nothing is simulated.
  const countryText = (search.get("country") ?? "").trim();
  let country: string | null = null;
  if (countryText !== "") {
    country = findCountry(countryText, locale);
    if (country === null) errors.push({ path: "country", message: `“${countryText.slice(0, 60)}” is not a country we know; type a country’s name or its two-letter code, e.g. France or FR` });
  }
  let shippingCharged = DEFAULTS.shippingCharged;
  const shippingText = search.get("shipping");
  if (shippingText !== null && shippingText.trim() !== "") {
    const p = parseDecimal(shippingText.trim(), currency);
    if (!p.ok) errors.push({ path: "shipping", message: "enter an amount, e.g. 4.90" });
    else if (p.value < 0) errors.push({ path: "shipping", message: "cannot be negative" });
    else shippingCharged = p.value;
  }
  const product = search.get("product") || null;
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, params: { ...list, product, offer, units, pay, paid, free, percentBp, country, shippingCharged } };
}

/**
 * The limits table's search and page alone, never an error (a bad page is the first):
 * kept when a simulator field could not be used, so the table stays as the merchant left it.
 */
export function listParams(search: URLSearchParams): Pick<PromotionsParams, "q" | "page"> {
  const q = (search.get("q") ?? "").trim().slice(0, 200);
  const page = Number(search.get("page") ?? "1");
  return { q, page: Number.isInteger(page) && page >= 1 && page <= 100_000 ? page : 1 };
}

/** Params with every simulator field at its default and no product: the table only. */
export function defaultParams(list: Pick<PromotionsParams, "q" | "page">): PromotionsParams {
  return { ...list, product: null, ...DEFAULTS, country: null };
}

/** Folded for a title search: lower case, accents off ("Théière" matches "theiere"). */
function fold(text: string): string {
  return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
}

/** Every word of `q` is in the title (any order, any case, accents ignored). */
export function titleMatches(title: string, q: string): boolean {
  const words = fold(q).split(/\s+/).filter(Boolean);
  const t = fold(title);
  return words.every((w) => t.includes(w));
}

export function offerOf(p: Pick<PromotionsParams, "offer" | "units" | "pay" | "paid" | "free" | "percentBp">): PackOffer {
  switch (p.offer) {
    case "x-for-y":
      return { kind: "x-for-y", units: p.units, pay: p.pay };
    case "n-plus-free":
      return { kind: "n-plus-free", paid: p.paid, free: p.free };
    case "pack-percent":
      return { kind: "pack-percent", units: p.units, percentBp: p.percentBp };
  }
}

export interface PromotionRow {
  productId: string;
  title: string;
  units: number;
  /** List price before tax and unit cost, per unit, over the period. */
  price: number;
  /** What a unit really sold for: after discounts, before tax (`unitPrice`, as on the product page). */
  unitPrice: number;
  unitCost: number;
  /** Net margin of one unit at list price (variable and per-unit costs of the period). */
  marginPerUnit: number;
  /** The product's average discount over the period: discounts / (merchandise + discounts), basis points (half-even). */
  currentDiscountBp: number;
  /** The average discount is deeper than the break-even limit (or any discount where none keeps the margin). */
  overLimit: boolean;
  zero: MaxDiscount;
  thin: MaxDiscount;
}

export interface PromotionsView {
  currency: string;
  period: { from: string; to: string };
  thinPercent: number;
  taxRateBp: number;
  /** The page's products (best sellers first), and how many match the search in all. */
  products: PromotionRow[];
  total: number;
  page: number;
  pageSize: number;
  /** The pack simulator's product choices: the page's products, and the chosen one when it is elsewhere. */
  choices: { productId: string; title: string }[];
  pack: {
    productId: string;
    title: string;
    country: string | null;
    unitWeightGrams: number | null;
    offer: PackResult;
    /** The same units at list price, same parcel: what the offer is compared with. */
    reference: PackResult;
  } | null;
}

/** The shop's most frequent destination country among its stored margins. */
async function topCountry(db: PrismaClient, shop: string): Promise<string | null> {
  const rows = await db.orderMargin.groupBy({ by: ["countryCode"], where: { shop, countryCode: { not: null } }, _count: { _all: true }, orderBy: { _count: { countryCode: "desc" } }, take: 1 });
  return rows[0]?.countryCode ?? null;
}

export async function promotionsView(db: PrismaClient, shop: string, params: PromotionsParams, opts: { now?: Date; limit?: number } = {}): Promise<PromotionsView> {
  const now = opts.now ?? new Date();
  const facts = await shopFacts(db, shop);
  const settings: CostSettings = settingsToday(await loadSettingsHistory(db, shop, facts), now);
  const today = localDate(now.toISOString(), facts.timeZone);
  const period = resolveRange({ range: "12m", from: null, to: null }, today);
  const [products, tax] = await Promise.all([productMargins(db, shop, period, settings, facts.currency), recentTaxFacts(db, shop, now)]);
  const taxRate = { num: tax.rateBp, den: 10_000 };
  const thinPercent = settings.thresholds.thinMarginPercent;
  // Sorted and searched first; the limits (a scan per product) only for the page shown and the pack's product.
  const sold = products
    .filter((p): p is typeof p & { productId: string } => p.productId !== null && p.units > 0)
    .sort((a, b) => b.units - a.units || (a.title < b.title ? -1 : a.title > b.title ? 1 : 0));
  const matching = params.q === "" ? sold : sold.filter((p) => titleMatches(p.title, params.q));
  const pageSize = opts.limit ?? PROMOTIONS_PAGE_SIZE;
  const pages = Math.max(1, Math.ceil(matching.length / pageSize));
  const page = Math.min(params.page, pages);
  const row = (p: (typeof sold)[number]): PromotionRow | null => {
    const u = unitEconomicsFromProduct(p, settings, taxRate);
    if (u === null) return null;
    const m = maxDiscount(u, thinPercent);
    const listValue = p.revenue.merchandise + p.discounts;
    const currentDiscountBp = listValue > 0 && p.discounts > 0 ? mulDiv(p.discounts, 10_000, listValue) : 0;
    return {
      productId: p.productId,
      title: p.title,
      units: p.units,
      price: u.price,
      unitPrice: unitPrice({ merchandise: p.revenue.merchandise, units: p.units }) ?? 0,
      unitCost: u.unitCost,
      marginPerUnit: unitAtDiscount(u, 0).netMargin,
      currentDiscountBp,
      overLimit: currentDiscountBp > 0 && (m.zero.kind === "none" || currentDiscountBp > m.zero.basisPoints),
      zero: m.zero,
      thin: m.thin,
    };
  };
  const rows = matching
    .slice((page - 1) * pageSize, page * pageSize)
    .map(row)
    .filter((r): r is PromotionRow => r !== null);

  let pack: PromotionsView["pack"] = null;
  const chosenProduct = params.product ? sold.find((p) => p.productId === params.product) : undefined;
  const chosen = chosenProduct ? (rows.find((r) => r.productId === chosenProduct.productId) ?? row(chosenProduct) ?? undefined) : undefined;
  if (chosen) {
    const variants = await db.variant.findMany({ where: { shop, productId: chosen.productId }, select: { weightGrams: true } });
    const weights = variants.map((v) => v.weightGrams).filter((w): w is number => w !== null && w > 0);
    const unitWeightGrams = weights.length === 0 ? null : Math.round(weights.reduce((a, b) => a + b, 0) / weights.length);
    const country = params.country ?? (await topCountry(db, shop));
    const base = {
      unit: { title: chosen.title, price: chosen.price, unitCost: chosen.unitCost, unitWeightGrams },
      settings,
      destination: { countryCode: country, service: null },
      shippingCharged: params.shippingCharged,
      taxRate,
    };
    const offer = simulatePack({ ...base, offer: offerOf(params) });
    const reference = simulatePack({ ...base, offer: { kind: "none", units: offer.units } });
    pack = { productId: chosen.productId, title: chosen.title, country, unitWeightGrams, offer, reference };
  }
  const choices = rows.map((r) => ({ productId: r.productId, title: r.title }));
  if (chosen && !choices.some((c) => c.productId === chosen.productId)) choices.unshift({ productId: chosen.productId, title: chosen.title });
  return { currency: facts.currency, period, thinPercent, taxRateBp: tax.rateBp, products: rows, total: matching.length, page, pageSize, choices, pack };
}
