import { BlockStack, Card, InlineStack, Text } from "@shopify/polaris";

import { DateRangeFilter } from "~/components/DateRangeFilter";
import { formatDateRange, moneyFormatter } from "~/components/format";
import { useSearchParamSetter } from "~/components/search-params";
import type { Dashboard } from "~/services/dashboard.server";

import { MarginCharts } from "./MarginCharts";
import { MarginKpis } from "./MarginKpis";
import { WorstProducts } from "./WorstProducts";

/** The period's margins against the previous one: the products losing the most, the figures, the waterfall and the trend. */
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
            Margins, {formatDateRange(margins.range.from, margins.range.to, locale)}, against {formatDateRange(margins.previous.from, margins.previous.to, locale)}
          </Text>
          <DateRangeFilter
            range={preset}
            from={custom.from}
            to={custom.to}
            presets={["30d", "90d", "12m", "custom"]}
            errors={{ from: rangeErrors.find((e) => e.path === "from")?.message, to: rangeErrors.find((e) => e.path === "to")?.message }}
            onChange={set}
          />
        </InlineStack>
        {margins.current.orders === 0 ? (
          <Text as="p" tone="subdued">
            No orders with margins in this period yet. Margins appear a moment after the first sync.
          </Text>
        ) : (
          <>
            {/* What loses money first, then the figures, then the charts (issue 17, item 1). */}
            {margins.worstProducts.length > 0 && <WorstProducts products={margins.worstProducts} money={money} />}
            <MarginKpis current={margins.current} before={margins.before} locale={locale} money={money} />
            <MarginCharts margins={margins} locale={locale} money={money} />
          </>
        )}
      </BlockStack>
    </Card>
  );
}
