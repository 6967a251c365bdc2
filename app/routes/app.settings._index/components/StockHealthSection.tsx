import { Card, InlineGrid, Layout, TextField } from "@shopify/polaris";

import type { DayDrafts } from "./use-settings-draft";

const FIELDS: readonly { key: keyof DayDrafts; label: string; help: string }[] = [
  { key: "shortWindowDays", label: "Short sales window", help: "Recent sales that set the pace." },
  { key: "longWindowDays", label: "Long sales window", help: "Used when the short one has too few sales." },
  { key: "minInStockDays", label: "Days in stock the short window needs", help: "Fewer, and the long window is used." },
  { key: "leadTimeDays", label: "Supplier lead time", help: "When a supplier has none of its own." },
  { key: "safetyDays", label: "Safety days", help: "At risk: cover below lead time + these." },
  { key: "targetCoverDays", label: "Target cover", help: "Overstock: more days of stock than this." },
  { key: "deadAfterDays", label: "Dead stock after", help: "In stock with no sale for this long." },
  { key: "newForDays", label: "New for", help: "Since first in stock: not judged yet." },
];

/** Stock health thresholds (whole days): what counts as at risk, overstock, dead stock and new. */
export function StockHealthSection({ days, setDay, err }: { days: DayDrafts; setDay: (key: keyof DayDrafts, value: string) => void; err: (path: string) => string | undefined }) {
  return (
    <Layout.AnnotatedSection title="Stock health" description="When an item counts as at risk, overstocked, dead or new on the Stock page. In whole days.">
      <Card roundedAbove="xs">
        <InlineGrid columns={{ xs: 1, sm: 2, md: 3 }} gap="300">
          {FIELDS.map((f) => (
            <TextField key={f.key} label={f.label} suffix="days" value={days[f.key]} onChange={(v) => setDay(f.key, v)} autoComplete="off" inputMode="numeric" helpText={f.help} error={err(`stockHealth.${f.key}`)} />
          ))}
        </InlineGrid>
      </Card>
    </Layout.AnnotatedSection>
  );
}
