/**
 * Formatting shared by the pages (client and server render alike): money from
 * integer minor units in the shop's currency and the admin's locale, basis points
 * as percentages.
 */
import { formatDecimal } from "~/domain/money";

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

/** One amount: minor units → "€1,234.50" in `locale`. */
export function formatMoney(minor: number, currency: string, locale = "en"): string {
  return moneyFormatter(currency, locale)(minor);
}

/** Shopify's decimal string ("12.5") in `currency`, as is; the text itself when the currency is unknown. */
export function formatDecimalMoney(amount: string, currency: string, locale = "en"): string {
  if (!currency) return amount;
  return decimalFormatter(currency, locale)(amount);
}

/** 1234 bp → "12.34 %" in `locale`. */
export function percentFormatter(locale: string): (basisPoints: number) => string {
  const format = new Intl.NumberFormat(locale, { style: "percent", minimumFractionDigits: 0, maximumFractionDigits: 2 });
  return (bp: number) => format.format(bp / 10_000);
}
