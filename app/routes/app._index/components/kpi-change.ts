import { formatPercent } from "~/components/format";

/** A KPI's change against the previous period, and whether it is good news. */
export interface KpiChange {
  text: string;
  tone: "success" | "critical" | "subdued";
}

/**
 * The relative change of `now` from `then` ("+12.3% vs previous period"), coloured by whether a rise
 * is good (`higherIsBetter`); null when the previous period had nothing to compare with.
 */
export function relativeChange(now: number, then: number, locale: string, higherIsBetter = true): KpiChange | null {
  if (then === 0) return null;
  const pct = ((now - then) / Math.abs(then)) * 100;
  return { text: `${pct >= 0 ? "+" : "−"}${formatPercent(Math.abs(pct), locale)} vs previous period`, tone: tone(now - then, higherIsBetter) };
}

/**
 * The change of a share (loss-making orders out of all) in percentage points ("+1.5 pts"): a relative
 * change of a percentage reads as nonsense ("+50%" for 2% → 3%). Null when either period had no orders.
 */
export function pointsChange(numNow: number, denNow: number, numThen: number, denThen: number, locale: string, higherIsBetter: boolean): KpiChange | null {
  if (denNow <= 0 || denThen <= 0) return null;
  const pts = (numNow / denNow - numThen / denThen) * 100;
  const shown = formatPercent(Math.abs(pts), locale).replace(/\s?%$/, "");
  return { text: `${pts >= 0 ? "+" : "−"}${shown} pts vs previous period`, tone: tone(pts, higherIsBetter) };
}

function tone(delta: number, higherIsBetter: boolean): KpiChange["tone"] {
  if (delta === 0) return "subdued";
  return delta > 0 === higherIsBetter ? "success" : "critical";
}
