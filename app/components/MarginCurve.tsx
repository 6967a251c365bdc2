/**
 * The planner's curve: net margin change (y) against the free-shipping threshold
 * (x), without and with the uplift assumption, with the threshold on the store and
 * the recommended one marked (polaris-viz annotations). polaris-viz measures its
 * container, so the chart renders in the browser; the server renders a skeleton
 * of the same height.
 */
import { LineChart, PolarisVizProvider } from "@shopify/polaris-viz";
import { SkeletonBodyText } from "@shopify/polaris";
import { useEffect, useState } from "react";

import { formatDecimal } from "~/domain/money";

import { moneyFormatter } from "./format";

export interface CurvePointProps {
  threshold: number;
  netMarginChange: number;
  netMarginChangeWithUplift: number;
}

export function MarginCurve(props: { points: readonly CurvePointProps[]; currency: string; locale: string; current: number | null; recommended: number | null }) {
  const [mounted, setMounted] = useState(false);
  useEffect(() => setMounted(true), []);
  const money = moneyFormatter(props.currency, props.locale);
  const key = (minor: number) => money(minor);
  // Plotting only: the chart takes numbers in major units (display, never arithmetic).
  const major = (minor: number) => Number(formatDecimal(minor, props.currency));
  const annotations = [
    ...(props.recommended !== null ? [{ axis: "x" as const, startKey: key(props.recommended), label: `Recommended ${money(props.recommended)}` }] : []),
    ...(props.current !== null && props.current !== props.recommended ? [{ axis: "x" as const, startKey: key(props.current), label: `On your store ${money(props.current)}` }] : []),
  ];
  const data = [
    { name: "Without uplift", data: props.points.map((p) => ({ key: key(p.threshold), value: major(p.netMarginChange) })) },
    { name: "With uplift", data: props.points.map((p) => ({ key: key(p.threshold), value: major(p.netMarginChangeWithUplift) })) },
  ];
  const axisMoney = new Intl.NumberFormat(props.locale, { style: "currency", currency: props.currency, notation: "compact" });
  return (
    <div style={{ height: 320 }} data-testid="margin-curve" aria-label="Net margin change by free-shipping threshold">
      {mounted ? (
        <PolarisVizProvider>
          <LineChart
            data={data}
            annotations={annotations}
            theme="Light"
            isAnimated={false}
            xAxisOptions={{ labelFormatter: (v) => String(v ?? "") }}
            yAxisOptions={{ labelFormatter: (v) => axisMoney.format(Number(v ?? 0)) }}
            tooltipOptions={{ valueFormatter: (v) => axisMoney.format(Number(v ?? 0)) }}
          />
        </PolarisVizProvider>
      ) : (
        <SkeletonBodyText lines={10} />
      )}
    </div>
  );
}
