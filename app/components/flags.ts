/** How the pages name and colour the engine's flags, the stock flags and the stock classes (badges). */
import type { FlagCode } from "~/domain/margin";
import type { StockClass } from "~/domain/stock-health";
import type { StockFlagCode } from "~/domain/stock-flags";

/** The names live with the other formatters (app/domain/format.ts), so server sentences use them too. */
export { FLAG_LABELS, flagLabel, flagTooltip } from "~/domain/format";

export const FLAG_TONE: Record<FlagCode, "critical" | "warning" | "attention" | "info"> = {
  LOSS: "critical",
  THIN: "warning",
  MISSING_COST: "attention",
  SHIPPING_HEAVY: "warning",
  DISCOUNT_DRIVEN: "info",
};

/** Stock flags (app/domain/stock-flags.ts): labels and tooltips live with them. */
export { STOCK_FLAG_LABELS, stockFlagTooltip } from "~/domain/stock-flags";

export const STOCK_FLAG_TONE: Record<StockFlagCode, "critical" | "warning" | "attention"> = {
  DEAD_STOCK: "critical",
  OVERSTOCK: "warning",
  STOCKOUT_RISK: "attention",
};

/** A stock class's badge colour (app/domain/stock-health.ts STOCK_CLASS_LABELS names them). */
export const STOCK_CLASS_TONE: Record<StockClass, "critical" | "warning" | "attention" | "info" | "success"> = {
  "out-of-stock": "critical",
  "at-risk": "attention",
  new: "info",
  dead: "critical",
  overstock: "warning",
  healthy: "success",
};
