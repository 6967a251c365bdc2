/**
 * The block's data logic, free of Preact and of the extension runtime so it is
 * unit-tested (test/extensions/product-margin-block.test.ts): checks the app
 * endpoint's answer and turns it into what the block shows.
 */

export type FlagCode = "LOSS" | "THIN" | "MISSING_COST" | "SHIPPING_HEAVY" | "DISCOUNT_DRIVEN";
const FLAG_CODES: readonly FlagCode[] = ["LOSS", "THIN", "MISSING_COST", "SHIPPING_HEAVY", "DISCOUNT_DRIVEN"];

/** What /api/product-margin answers (app/services/product-block.server.ts). */
export interface ProductMarginResponse {
  productId: string;
  currency: string;
  range: { from: string; to: string };
  sold: boolean;
  title: string | null;
  units: number;
  netRevenue: number;
  netMargin: number;
  marginBp: number | null;
  flags: { code: FlagCode; reason: string }[];
  appPath: string;
}

const isInt = (v: unknown): v is number => typeof v === "number" && Number.isSafeInteger(v);
const isStr = (v: unknown): v is string => typeof v === "string";

/** The answer, checked field by field; a message naming the first bad field otherwise. */
export function parseResponse(body: unknown): { ok: true; data: ProductMarginResponse } | { ok: false; error: string } {
  if (typeof body !== "object" || body === null) return { ok: false, error: "the app answered something that is not an object" };
  const b = body as Record<string, unknown>;
  const range = b.range as Record<string, unknown> | undefined;
  const checks: [string, boolean][] = [
    ["productId", isStr(b.productId)],
    ["currency", isStr(b.currency) && /^[A-Z]{3}$/.test(b.currency)],
    ["range", typeof range === "object" && range !== null && isStr(range.from) && isStr(range.to)],
    ["sold", typeof b.sold === "boolean"],
    ["title", b.title === null || isStr(b.title)],
    ["units", isInt(b.units)],
    ["netRevenue", isInt(b.netRevenue)],
    ["netMargin", isInt(b.netMargin)],
    ["marginBp", b.marginBp === null || isInt(b.marginBp)],
    [
      "flags",
      Array.isArray(b.flags) &&
        b.flags.every((f: unknown) => typeof f === "object" && f !== null && FLAG_CODES.includes((f as { code: FlagCode }).code) && isStr((f as { reason: unknown }).reason)),
    ],
    ["appPath", isStr(b.appPath)],
  ];
  const bad = checks.find(([, ok]) => !ok);
  if (bad) return { ok: false, error: `the app's answer has an invalid "${bad[0]}"` };
  return { ok: true, data: body as ProductMarginResponse };
}

export type BadgeTone = "critical" | "warning" | "caution" | "info" | "success" | "neutral";

export interface BlockView {
  kind: "margin" | "no-sales" | "error";
  /** One-line summary (also the collapsed summary). */
  summary: string;
  rows: { label: string; value: string }[];
  badges: { label: string; tone: BadgeTone; reason: string }[];
  /** In-app link (app: protocol) to the product's page in NetMargin. */
  href: string | null;
}

const FLAG_BADGE: Record<FlagCode, { label: string; tone: BadgeTone }> = {
  LOSS: { label: "Loss", tone: "critical" },
  THIN: { label: "Thin margin", tone: "warning" },
  MISSING_COST: { label: "Cost missing", tone: "caution" },
  SHIPPING_HEAVY: { label: "Shipping-heavy", tone: "warning" },
  DISCOUNT_DRIVEN: { label: "Discount-driven", tone: "info" },
};

function exponent(currency: string): number {
  return new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ?? 2;
}

/** Minor units → "€1,234.50" in `locale`, from the exact decimal string (no float arithmetic on the amount). */
export function formatMinor(minor: number, currency: string, locale: string): string {
  const e = exponent(currency);
  const negative = minor < 0;
  const digits = String(Math.abs(minor)).padStart(e + 1, "0");
  const text = e === 0 ? digits : `${digits.slice(0, -e)}.${digits.slice(-e)}`;
  return new Intl.NumberFormat(locale, { style: "currency", currency }).format(`${negative ? "-" : ""}${text}` as unknown as number);
}

/** 1234 bp → "12.34 %" style in `locale`. */
export function formatBp(bp: number, locale: string): string {
  return new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 2 }).format(bp / 10_000);
}

export function blockView(result: { ok: true; data: ProductMarginResponse } | { ok: false; error: string }, locale = "en"): BlockView {
  if (!result.ok) return { kind: "error", summary: `NetMargin could not load this product: ${result.error}.`, rows: [], badges: [], href: null };
  const d = result.data;
  const href = `app:${d.appPath}`;
  if (!d.sold) {
    return { kind: "no-sales", summary: "No sales in the last 90 days, so no margin yet.", rows: [], badges: [], href };
  }
  const money = (m: number) => formatMinor(m, d.currency, locale);
  const pct = d.marginBp === null ? "—" : formatBp(d.marginBp, locale);
  return {
    kind: "margin",
    summary: `Net margin ${money(d.netMargin)} (${pct}) over the last 90 days`,
    rows: [
      { label: "Net margin", value: money(d.netMargin) },
      { label: "Margin %", value: pct },
      { label: "Net revenue", value: money(d.netRevenue) },
      { label: "Units sold", value: d.units.toLocaleString(locale) },
    ],
    badges: d.flags.map((f) => ({ ...FLAG_BADGE[f.code], reason: f.reason })),
    href,
  };
}

/** The endpoint's URL for a product (relative: the admin resolves it against the app's URL and adds the session token). */
export function endpointFor(productId: string): string {
  return `/api/product-margin?id=${encodeURIComponent(productId)}`;
}
