/**
 * Formatting shared by the pages (client and server render alike): money from
 * integer minor units in the shop's currency and the admin's locale, basis points
 * as percentages.
 */
import { formatDecimal } from "~/domain/money";

/** minor units → "€1,234.50" in `locale`; Intl formats the exact decimal string, so no float rounding. */
export function moneyFormatter(currency: string, locale: string): (minor: number) => string {
  const format = new Intl.NumberFormat(locale, { style: "currency", currency });
  return (minor: number) => format.format(formatDecimal(minor, currency) as unknown as number);
}

/** 1234 bp → "12.34 %" in `locale`. */
export function percentFormatter(locale: string): (basisPoints: number) => string {
  const format = new Intl.NumberFormat(locale, { style: "percent", minimumFractionDigits: 0, maximumFractionDigits: 2 });
  return (bp: number) => format.format(bp / 10_000);
}
