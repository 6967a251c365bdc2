/**
 * The one set of formatters and words shown to merchants (issue 17, item 3), pure so the
 * server (flag reasons, services), the browser (pages) and the CLI format alike:
 * money in the admin's locale and the shop's currency, percentages with one decimal,
 * date ranges ("1–30 Jun 2026", the end shown as the last day included), weights in kg,
 * payment gateways, countries, flags and their thresholds, variant titles.
 * Pages import it through `~/components/format`; the domain imports it here (the lowest
 * layer, so both can).
 */
import { formatDecimal } from "./money";
import type { FlagCode } from "./margin-model";

// ---------------------------------------------------------------------------
// Money
// ---------------------------------------------------------------------------

/** Formats minor units as money (what `moneyFormatter` returns). */
export type MoneyFormat = (minor: number) => string;

/** Intl formats a decimal string digit for digit, so amounts never pass through a float. */
function decimalFormatter(currency: string, locale: string): (decimal: string) => string {
  const format = new Intl.NumberFormat(locale, { style: "currency", currency });
  return (decimal: string) => format.format(decimal as Intl.StringNumericLiteral);
}

/** minor units → "€1,234.50" in `locale`. */
export function moneyFormatter(currency: string, locale: string): MoneyFormat {
  const format = decimalFormatter(currency, locale);
  return (minor: number) => format(formatDecimal(minor, currency));
}

const moneyFormats = new Map<string, MoneyFormat>();

/** One amount: minor units → "€1,234.50" in `locale` (formatters kept per currency and locale: Intl's are slow to build). */
export function formatMoney(minor: number, currency: string, locale = "en"): string {
  const key = `${currency}|${locale}`;
  let f = moneyFormats.get(key);
  if (!f) {
    f = moneyFormatter(currency, locale);
    moneyFormats.set(key, f);
  }
  return f(minor);
}

/** Shopify's decimal string ("12.5") in `currency`, as is; the text itself when the currency is unknown. */
export function formatDecimalMoney(amount: string, currency: string, locale = "en"): string {
  if (!currency) return amount;
  return decimalFormatter(currency, locale)(amount);
}

// ---------------------------------------------------------------------------
// Percentages: always one decimal ("35.9%", "-103.0%"), in the admin's locale
// ---------------------------------------------------------------------------

const percentFormats = new Map<string, Intl.NumberFormat>();
function percentFormat(locale: string): Intl.NumberFormat {
  let f = percentFormats.get(locale);
  if (!f) {
    f = new Intl.NumberFormat(locale, { style: "percent", minimumFractionDigits: 1, maximumFractionDigits: 1 });
    percentFormats.set(locale, f);
  }
  return f;
}

/** 1234 bp → "12.3%" in `locale`. */
export function percentFormatter(locale: string): (basisPoints: number) => string {
  const format = percentFormat(locale);
  return (bp: number) => format.format(bp / 10_000);
}

/** A percentage as a number of percent (35.93 → "35.9%", 27 → "27.0%"). */
export function formatPercent(percent: number, locale = "en"): string {
  return percentFormat(locale).format(percent / 100);
}

/** Basis points (1234 → "12.3%"). */
export function formatBasisPoints(bp: number, locale = "en"): string {
  return percentFormat(locale).format(bp / 10_000);
}

/** num / den as a percentage, "—" when den ≤ 0 (a share of nothing is undefined). */
export function formatShare(num: number, den: number, locale = "en"): string {
  return den > 0 ? percentFormat(locale).format(num / den) : "—";
}

// ---------------------------------------------------------------------------
// Dates
// ---------------------------------------------------------------------------

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function utcDate(iso: string): Date {
  const m = ISO_DATE.exec(iso);
  if (!m) throw new Error(`not a YYYY-MM-DD date: ${iso}`);
  return new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
}

/** The day before `iso` (ranges are stored half-open: the end is the first day not included). */
function dayBefore(iso: string): Date {
  const d = utcDate(iso);
  d.setUTCDate(d.getUTCDate() - 1);
  return d;
}

const dateOptions = { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" } as const;

/**
 * English shows day first ("1 Jun 2026"), as Shopify's admin does outside the US, so one
 * date reads the same in every English admin; other locales get Intl's own order.
 */
function isEnglish(locale: string): boolean {
  return locale === "en" || locale.startsWith("en-");
}

/** Fixed three-letter English months: ICU's en-GB writes "Sept", its en-US "Sep"; one spelling everywhere. */
const EN_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"] as const;

function englishDate(d: Date, withYear = true): string {
  const s = `${d.getUTCDate()} ${EN_MONTHS[d.getUTCMonth()]}`;
  return withYear ? `${s} ${d.getUTCFullYear()}` : s;
}

/** A shop-local date "2026-06-01" → "1 Jun 2026". */
export function formatDate(iso: string, locale = "en"): string {
  const d = utcDate(iso);
  return isEnglish(locale) ? englishDate(d) : new Intl.DateTimeFormat(locale, dateOptions).format(d);
}

/** A month "2026-06" → "Jun 2026". */
export function formatMonth(month: string, locale = "en"): string {
  const d = utcDate(`${month}-01`);
  return isEnglish(locale) ? `${EN_MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}` : new Intl.DateTimeFormat(locale, { month: "short", year: "numeric", timeZone: "UTC" }).format(d);
}

/**
 * An instant in the shop's time zone → "13 Oct 2026, 03:15" (24-hour in English, as the date
 * is day first); other locales get Intl's medium date and short time.
 */
export function formatDateTime(instant: string, timeZone: string, locale = "en"): string {
  const d = new Date(instant);
  if (!isEnglish(locale)) return d.toLocaleString(locale, { dateStyle: "medium", timeStyle: "short", timeZone });
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-GB", { year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone })
      .formatToParts(d)
      .map((p) => [p.type, p.value]),
  );
  return `${formatDate(`${parts.year}-${parts.month}-${parts.day}`)}, ${parts.hour}:${parts.minute}`;
}

/**
 * A half-open range of shop-local dates [from, to) as the days it covers, both ends included:
 * 2026-06-01..2026-07-01 → "1–30 Jun 2026"; across months "15 May – 14 Jun 2026"; across
 * years "8 Dec 2025 – 7 Dec 2026"; one day "1 Jun 2026".
 */
export function formatDateRange(from: string, toExclusive: string, locale = "en"): string {
  const a = utcDate(from);
  const b = dayBefore(toExclusive);
  if (b.getTime() <= a.getTime()) return formatDate(from, locale);
  if (!isEnglish(locale)) return new Intl.DateTimeFormat(locale, dateOptions).formatRange(a, b);
  if (a.getUTCFullYear() !== b.getUTCFullYear()) return `${englishDate(a)} – ${englishDate(b)}`;
  if (a.getUTCMonth() !== b.getUTCMonth()) return `${englishDate(a, false)} – ${englishDate(b)}`;
  return `${a.getUTCDate()}–${englishDate(b)}`;
}

/** Whole months from one date to another when both fall on the same day of the month (null otherwise). */
function wholeMonths(from: string, to: string): number | null {
  const a = utcDate(from);
  const b = utcDate(to);
  if (a.getUTCDate() !== b.getUTCDate()) return null;
  return (b.getUTCFullYear() - a.getUTCFullYear()) * 12 + (b.getUTCMonth() - a.getUTCMonth());
}

/**
 * A period and the one it is compared with, both half-open [from, to): "8 Dec 2025 – 7 Dec 2026,
 * compared with the 12 months before" (issue 17: never "end excluded"); "the 30 days before" when
 * not whole months; the previous range itself when it does not end where the period starts.
 */
export function formatComparedRange(range: { from: string; to: string }, previous: { from: string; to: string }, locale = "en"): string {
  const current = formatDateRange(range.from, range.to, locale);
  if (previous.to !== range.from) return `${current}, compared with ${formatDateRange(previous.from, previous.to, locale)}`;
  const months = wholeMonths(previous.from, previous.to);
  const days = Math.round((utcDate(previous.to).getTime() - utcDate(previous.from).getTime()) / 86_400_000);
  const length = months !== null && months >= 2 ? `${months} months` : days === 1 ? "day" : `${days} days`;
  return `${current}, compared with the ${length} before`;
}

// ---------------------------------------------------------------------------
// Weights
// ---------------------------------------------------------------------------

/** Grams → kilograms: 76,540 g → "76.5 kg", 1,250 g → "1.25 kg", 700 g → "0.7 kg" (two decimals under 10 kg). */
export function formatWeight(grams: number, locale = "en"): string {
  const kg = grams / 1000;
  const digits = Math.abs(kg) < 10 ? 2 : 1;
  return `${new Intl.NumberFormat(locale, { maximumFractionDigits: digits }).format(kg)} kg`;
}

// ---------------------------------------------------------------------------
// Payment gateways
// ---------------------------------------------------------------------------

/**
 * `OrderTransaction.gateway` codes as Shopify's admin names them. "bogus" is Shopify's test
 * gateway (Bogus Gateway, for test orders: help.shopify.com "Placing test orders").
 */
const GATEWAY_NAMES: Readonly<Record<string, string>> = {
  shopify_payments: "Shopify Payments",
  paypal: "PayPal",
  manual: "Manual",
  gift_card: "Gift card",
  cash: "Cash",
  cash_on_delivery: "Cash on Delivery (COD)",
  bank_deposit: "Bank Deposit",
  money_order: "Money Order",
  shop_cash: "Shop Cash",
  shopify_installments: "Shop Pay Installments",
  stripe: "Stripe",
  amazon_payments: "Amazon Pay",
  klarna: "Klarna",
  bogus: "Test gateway",
};

/** Shopify's test gateway: its orders are tests, not sales, and its name is not shown as a gateway. */
export function isTestGateway(code: string | null | undefined): boolean {
  return code === "bogus";
}

/** A gateway code → its display name; an unlisted code in words ("adyen_cse" → "Adyen cse"); none → "No payment". */
export function gatewayName(code: string | null | undefined): string {
  if (code === null || code === undefined || code.trim() === "") return "No payment";
  const known = GATEWAY_NAMES[code.toLowerCase()];
  if (known) return known;
  const words = code.replace(/[_-]+/g, " ").trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/**
 * The gateways a merchant can pick for a fee (settings): Shopify's known codes by display
 * name, sorted, then any other code in use (`inUse`), Shopify's test gateway never.
 */
export function gatewayChoices(inUse: readonly string[] = []): { value: string; label: string }[] {
  const known = Object.keys(GATEWAY_NAMES).filter((code) => !isTestGateway(code));
  const others = inUse.filter((code) => code.trim() !== "" && !isTestGateway(code.toLowerCase()) && !(code.toLowerCase() in GATEWAY_NAMES));
  return [...new Set([...known, ...others])].map((value) => ({ value, label: gatewayName(value) })).sort((a, b) => a.label.localeCompare(b.label, "en"));
}

// ---------------------------------------------------------------------------
// Countries
// ---------------------------------------------------------------------------

export const UNKNOWN_COUNTRY = "Unknown country";

/** "DE" → "Germany" (Intl.DisplayNames in `locale`); missing or "unknown" → "Unknown country"; an unlisted code stays as is. */
export function countryName(code: string | null | undefined, locale = "en"): string {
  if (code === null || code === undefined) return UNKNOWN_COUNTRY;
  const c = code.trim().toUpperCase();
  if (c === "" || c === "UNKNOWN") return UNKNOWN_COUNTRY;
  if (!/^[A-Z]{2}$/.test(c)) return code;
  try {
    return new Intl.DisplayNames([locale], { type: "region", fallback: "code" }).of(c) ?? c;
  } catch {
    return c;
  }
}

/** A planner zone ("DE,AT" or "unknown") → "Germany, Austria" / "Unknown country". */
export function zoneName(zone: string | null | undefined, locale = "en"): string {
  if (zone === null || zone === undefined || zone.trim() === "" || zone.trim().toLowerCase() === "unknown") return UNKNOWN_COUNTRY;
  return zone
    .split(",")
    .map((c) => countryName(c, locale))
    .join(", ");
}

// ---------------------------------------------------------------------------
// Flags
// ---------------------------------------------------------------------------

export const FLAG_LABELS: Readonly<Record<FlagCode, string>> = {
  LOSS: "Loss",
  THIN: "Thin margin",
  MISSING_COST: "Cost missing",
  SHIPPING_HEAVY: "Shipping-heavy",
  DISCOUNT_DRIVEN: "Discount-driven",
};

/** "Thin margin" for THIN; what a merchant reads in place of a flag code. */
export function flagLabel(code: FlagCode): string {
  return FLAG_LABELS[code];
}

/** The settings' thresholds a flag's tooltip quotes (`CostSettings["thresholds"]`). */
export interface FlagThresholds {
  readonly thinMarginPercent: number;
  readonly shippingHeavyPercent: number;
}

/** What a flag means, with the shop's threshold (a badge's tooltip). */
export function flagTooltip(code: FlagCode, thresholds: FlagThresholds, locale = "en"): string {
  switch (code) {
    case "LOSS":
      return "Costs exceed net revenue: net margin below zero.";
    case "THIN":
      return `Net margin between 0 and ${formatPercent(thresholds.thinMarginPercent, locale)} of net revenue (your threshold).`;
    case "MISSING_COST":
      return "A unit cost is unknown: enter it to complete the margin.";
    case "SHIPPING_HEAVY":
      return `Shipping costs more than ${formatPercent(thresholds.shippingHeavyPercent, locale)} of net revenue (your threshold).`;
    case "DISCOUNT_DRIVEN":
      return "Loses money only because of its discounts: without them it would earn.";
  }
}

/** Flags in a sentence: ["THIN", "SHIPPING_HEAVY"] → "Thin margin and Shipping-heavy flags". */
export function flagList(codes: readonly FlagCode[]): string {
  const names = codes.map((c) => FLAG_LABELS[c]);
  const words = names.length <= 1 ? (names[0] ?? "") : `${names.slice(0, -1).join(", ")} and ${names[names.length - 1]}`;
  return `${words} flag${codes.length === 1 ? "" : "s"}`;
}

// ---------------------------------------------------------------------------
// Variants
// ---------------------------------------------------------------------------

/** Shopify names the only variant of a product "Default Title"; a merchant knows it as the product. */
export function variantName(productTitle: string, variantTitle: string | null | undefined): string {
  if (variantTitle === null || variantTitle === undefined || variantTitle === "" || variantTitle === "Default Title") return productTitle;
  return `${productTitle} – ${variantTitle}`;
}

/** The variant's own title, or null when Shopify's placeholder "Default Title" stands for "no variants". */
export function variantTitle(title: string | null | undefined): string | null {
  return title === null || title === undefined || title === "" || title === "Default Title" ? null : title;
}

// ---------------------------------------------------------------------------
// Rows that explain themselves: refunds, missing costs
// ---------------------------------------------------------------------------

/** An order whose revenue was given back, in whole or in part. */
export type RefundState = "refunded" | "partly-refunded";

export const REFUND_LABELS: Readonly<Record<RefundState, string>> = {
  refunded: "Refunded",
  "partly-refunded": "Partly refunded",
};

/**
 * Shopify's own word first: `Order.displayFinancialStatus` REFUNDED / PARTIALLY_REFUNDED
 * (shopify.dev/docs/api/admin-graphql/latest/enums/OrderDisplayFinancialStatus; the REST
 * `financial_status` is the same value in lower case, app/domain/rest-order.ts). When the
 * status is unknown, the refunded amounts decide: nothing left of the revenue is "refunded".
 * Amounts in minor units, before tax.
 */
export function refundState(financialStatus: string | null, refundedBeforeTax: number, netRevenue: number): RefundState | null {
  if (financialStatus === "REFUNDED") return "refunded";
  if (financialStatus === "PARTIALLY_REFUNDED") return "partly-refunded";
  if (financialStatus === null && refundedBeforeTax > 0) return netRevenue <= 0 ? "refunded" : "partly-refunded";
  return null;
}

/** The badge of a product none of whose sold units has a known unit cost (its margin would be shipping alone). */
export const COST_MISSING_LABEL = "Cost missing";

/** The "Cost missing" badge's tooltip: what to do, counted in variants. */
export function costMissingTooltip(variants: number): string {
  const which = variants <= 0 ? "its variants" : variants === 1 ? "1 variant" : `${variants} variants`;
  return `Enter the unit cost of ${which} to see this product's margin.`;
}
