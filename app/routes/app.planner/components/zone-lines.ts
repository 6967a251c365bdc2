/** The planner's sentences about shipping zones: free shipping today and where a rate overlaps the discount. */
import type { MoneyFormat } from "~/components/format";
import type { RateOverlap, ZoneToday } from "~/domain/free-shipping";

/** "France" or "Heavy items: France" for a zone outside the default shipping profile. */
export function zoneLabel(z: { zone: string; profile: string; defaultProfile: boolean }): string {
  return z.defaultProfile ? z.zone : `${z.profile}: ${z.zone}`;
}

export function sourceNote(source: ZoneToday["source"]): string {
  if (source === null) return "";
  return source.kind === "rate" ? " (shipping rate)" : source.netMargin ? " (NetMargin's discount)" : " (discount)";
}

function paidText(paid: ZoneToday["paid"], money: MoneyFormat): string {
  if (paid === null) return "—";
  if (paid.min === paid.max) return money(paid.min);
  return `${money(paid.min)} to ${money(paid.max)}${paid.byWeight ? " by weight" : ""}`;
}

/** One zone's free shipping today, in a sentence. */
export function zoneTodayLine(z: ZoneToday, money: MoneyFormat): string {
  const pay = z.paid === null ? "" : ` Below it, customers pay ${paidText(z.paid, money)}.`;
  if (z.threshold === null || z.source === null) return `${zoneLabel(z)}: no free shipping.${pay}`;
  const how = z.source.kind === "rate" ? `shipping rate “${z.source.name}”` : `${z.source.netMargin ? "NetMargin's discount" : "discount"} “${z.source.title}”`;
  return `${zoneLabel(z)}: free from ${money(z.threshold)} (${how}).${pay}`;
}

/** What a discount from `o.threshold` does where a free rate already exists. */
export function overlapLine(o: RateOverlap, money: MoneyFormat): string {
  if (o.kind === "discount-first") {
    return `${zoneLabel(o)}: customers between ${money(o.threshold)} and ${money(o.rateFrom)} get free shipping through the discount; from ${money(o.rateFrom)} your shipping rate “${o.rate}” already makes it free.`;
  }
  return `${zoneLabel(o)}: your shipping rate “${o.rate}” already ships free from ${money(o.rateFrom)}, so a discount from ${money(o.threshold)} changes nothing there.`;
}
