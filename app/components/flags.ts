/** How the pages name and colour the engine's flags (badges). */
import type { FlagCode } from "~/domain/margin";

export const FLAG_LABELS: Record<FlagCode, string> = {
  LOSS: "Loss",
  THIN: "Thin margin",
  MISSING_COST: "Missing cost",
  SHIPPING_HEAVY: "Shipping-heavy",
  DISCOUNT_DRIVEN: "Discount-driven",
};

export const FLAG_TONE: Record<FlagCode, "critical" | "warning" | "attention" | "info"> = {
  LOSS: "critical",
  THIN: "warning",
  MISSING_COST: "attention",
  SHIPPING_HEAVY: "warning",
  DISCOUNT_DRIVEN: "info",
};
