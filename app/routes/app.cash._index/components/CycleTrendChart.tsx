import { SkeletonBodyText } from "@shopify/polaris";
import { LineChart, PolarisVizProvider } from "@shopify/polaris-viz";
import { useEffect, useState } from "react";

import { formatMonth } from "~/components/format";

/**
 * The cash conversion cycle and its three components per month, in days (as
 * app/components/Charts.tsx draws its charts: polaris-viz measures its container, so the chart
 * is drawn once mounted and the server renders a skeleton of the same height). A month without a
 * value (no stock known, no sales) is left out of its line.
 */
export function CycleTrendChart(props: { months: readonly { month: string; ccc: number | null; dio: number | null; dso: number | null; dpo: number | null }[]; locale: string; height?: number }) {
  const [mounted, setMounted] = useState(false);
  useEffect(() => setMounted(true), []);
  const height = props.height ?? 220;
  const series = (name: string, pick: (m: (typeof props.months)[number]) => number | null) => ({
    name,
    data: props.months.filter((m) => pick(m) !== null).map((m) => ({ key: formatMonth(m.month, props.locale), value: pick(m) })),
  });
  const data = [series("Cash conversion cycle", (m) => m.ccc), series("Days in stock", (m) => m.dio), series("Days to get paid", (m) => m.dso), series("Days to pay suppliers", (m) => m.dpo)].filter(
    (s) => s.data.length > 0,
  );
  const days = (v: unknown) => `${Number(v ?? 0).toFixed(0)} d`;
  return (
    <div style={{ height }} data-testid="cycle-trend-chart" role="figure" aria-label="Cash conversion cycle per month, in days">
      {mounted ? (
        <PolarisVizProvider>
          <LineChart isAnimated={false} theme="Light" data={data} showLegend yAxisOptions={{ labelFormatter: days }} tooltipOptions={{ valueFormatter: (v) => `${Number(v ?? 0).toFixed(1)} days` }} />
        </PolarisVizProvider>
      ) : (
        <SkeletonBodyText lines={Math.round(height / 32)} />
      )}
    </div>
  );
}
