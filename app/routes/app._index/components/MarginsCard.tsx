import { BlockStack, Card, InlineStack, Text } from "@shopify/polaris";

import { DateRangeFilter } from "~/components/DateRangeFilter";
import { formatComparedRange, moneyFormatter } from "~/components/format";
import { useSearchParamSetter } from "~/components/search-params";
import type { Dashboard } from "~/services/dashboard.server";

import { MarginCharts } from "./MarginCharts";
import { MarginKpis } from "./MarginKpis";
import { FixFirst } from "./FixFirst";

/** The period's margins against the previous one: what to fix first, the figures, the waterfall and the trend. */
export function MarginsCard({
  margins,
  preset,
  custom,
  rangeErrors,
  locale,
}: {
  margins: Dashboard;
  preset: string;
  custom: { from: string | null; to: string | null };
  rangeErrors: { path: string; message: string }[];
  locale: string;
}) {
  const [, set] = useSearchParamSetter();
  const money = moneyFormatter(margins.currency, locale);
  return (
    <Card>
      <BlockStack gap="400">
        <InlineStack align="space-between" blockAlign="center">
          <Text as="h2" variant="headingMd">
            {formatComparedRange(margins.range, margins.previous, locale)}
          </Text>
          <DateRangeFilter
            range={preset}
            from={custom.from}
            to={custom.to}
            presets={["30d", "90d", "12m", "custom"]}
            errors={{ from: rangeErrors.find((e) => e.path === "from")?.message, to: rangeErrors.find((e) => e.path === "to")?.message }}
            onChange={set}
            locale={locale}
          />
        </InlineStack>
        {margins.current.orders === 0 ? (
          <Text as="p" tone="subdued">
            No orders with margins in this period yet. Margins appear a moment after the first sync.
          </Text>
        ) : (
          <>
            {/* What loses money first, then the figures, then the charts (issue 17, item 1). */}
            {margins.fixes.length > 0 && <FixFirst fixes={margins.fixes} money={money} rangeQuery={rangeQuery(preset, custom)} />}
            <MarginKpis current={margins.current} before={margins.before} locale={locale} money={money} />
            <MarginCharts margins={margins} locale={locale} money={money} />
          </>
        )}
      </BlockStack>
    </Card>
  );
}

/** The range as the other pages read it from their URL (nothing for their default, the last 12 months). */
function rangeQuery(preset: string, custom: { from: string | null; to: string | null }): string {
  if (preset === "12m") return "";
  if (preset === "custom" && custom.from && custom.to) return `range=custom&from=${custom.from}&to=${custom.to}`;
  return `range=${preset}`;
}
