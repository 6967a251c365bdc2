/** How the pages name and colour the engine's flags (badges). */
import type { FlagCode } from "~/domain/margin";

/** The names live with the other formatters (app/domain/format.ts), so server sentences use them too. */
export { FLAG_LABELS, flagLabel, flagTooltip } from "~/domain/format";

export const FLAG_TONE: Record<FlagCode, "critical" | "warning" | "attention" | "info"> = {
  LOSS: "critical",
  THIN: "warning",
  MISSING_COST: "attention",
  SHIPPING_HEAVY: "warning",
  DISCOUNT_DRIVEN: "info",
};
