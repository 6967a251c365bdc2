import { SkeletonBodyText } from "@shopify/polaris";
import { LineChart, PolarisVizProvider } from "@shopify/polaris-viz";
import { useEffect, useState } from "react";

import { formatDate } from "~/components/format";
import { formatDecimal } from "~/domain/money";

/**
 * Stock value at cost per day, from NetMargin's daily snapshots (as app/components/Charts.tsx
 * draws its charts: polaris-viz measures its container, so the chart is drawn once mounted and
 * the server renders a skeleton of the same height; amounts converted to major units for
 * plotting only).
 */
export function StockValueChart(props: { days: readonly { day: string; valueAtCost: number }[]; currency: string; locale: string; height?: number }) {
  const [mounted, setMounted] = useState(false);
  useEffect(() => setMounted(true), []);
  const height = props.height ?? 220;
  const compact = new Intl.NumberFormat(props.locale, { style: "currency", currency: props.currency, notation: "compact" });
  const full = new Intl.NumberFormat(props.locale, { style: "currency", currency: props.currency });
  const data = [{ name: "Stock value at cost", data: props.days.map((d) => ({ key: formatDate(d.day, props.locale), value: Number(formatDecimal(d.valueAtCost, props.currency)) })) }];
  return (
    <div style={{ height }} data-testid="stock-value-chart" role="figure" aria-label="Stock value at cost over time">
      {mounted ? (
        <PolarisVizProvider>
          <LineChart
            isAnimated={false}
            theme="Light"
            data={data}
            showLegend={false}
            yAxisOptions={{ labelFormatter: (v) => compact.format(Number(v ?? 0)) }}
            tooltipOptions={{ valueFormatter: (v) => full.format(Number(v ?? 0)) }}
          />
        </PolarisVizProvider>
      ) : (
        <SkeletonBodyText lines={Math.round(height / 32)} />
      )}
    </div>
  );
}
