/**
 * The margin charts (polaris-viz): the cost waterfall and net margin over time.
 * polaris-viz measures its container, so charts render in the browser once
 * mounted; the server renders a skeleton of the same height. Amounts arrive in
 * minor units and are converted to major units for plotting only (display,
 * never arithmetic). Each chart carries an accessible label; polaris-viz adds
 * visually hidden rows with the values for screen readers.
 */
import { SkeletonBodyText } from "@shopify/polaris";
import { BarChart, LineChart, PolarisVizProvider } from "@shopify/polaris-viz";
import { useEffect, useState, type ReactNode } from "react";

import { formatDecimal } from "~/domain/money";

function useMounted(): boolean {
  const [mounted, setMounted] = useState(false);
  useEffect(() => setMounted(true), []);
  return mounted;
}

/** Straight segments between points: a monthly value is one measure, and a curve between two months suggests days that were not measured. */
const STRAIGHT_LINES = { Light: { line: { hasSpline: false } } };

function ChartFrame(props: { height: number; label: string; testId: string; straight?: boolean; children: () => ReactNode }) {
  const mounted = useMounted();
  return (
    <div style={{ height: props.height }} data-testid={props.testId} role="figure" aria-label={props.label}>
      {mounted ? <PolarisVizProvider themes={props.straight ? STRAIGHT_LINES : undefined}>{props.children()}</PolarisVizProvider> : <SkeletonBodyText lines={Math.round(props.height / 32)} />}
    </div>
  );
}

function axisFormat(currency: string, locale: string) {
  const compact = new Intl.NumberFormat(locale, { style: "currency", currency, notation: "compact" });
  const full = new Intl.NumberFormat(locale, { style: "currency", currency });
  return { axis: (v: unknown) => compact.format(Number(v ?? 0)), value: (v: unknown) => full.format(Number(v ?? 0)) };
}

export interface WaterfallStepProps {
  label: string;
  /** Signed minor units: revenue positive, costs negative, the margin as is. */
  amount: number;
}

/**
 * Revenue → each cost → net margin as a waterfall: every bar floats from the
 * running total before it (an invisible base series under a visible step).
 */
export function WaterfallChart(props: { steps: readonly WaterfallStepProps[]; currency: string; locale: string; height?: number }) {
  const major = (minor: number) => Number(formatDecimal(minor, props.currency));
  const f = axisFormat(props.currency, props.locale);
  type Point = { key: string; value: number };
  const base: Point[] = [];
  const totals: Point[] = [];
  const above: Point[] = [];
  const below: Point[] = [];
  let running = 0;
  props.steps.forEach((s, i) => {
    const key = s.label;
    if (i === 0 || i === props.steps.length - 1) {
      // Net revenue and net margin stand on zero.
      base.push({ key, value: 0 });
      totals.push({ key, value: major(s.amount) });
      above.push({ key, value: 0 });
      below.push({ key, value: 0 });
      running = s.amount;
      return;
    }
    // A step spans [low, high] between the running totals before and after it.
    const next = running + s.amount;
    const low = Math.min(next, running);
    const high = Math.max(next, running);
    totals.push({ key, value: 0 });
    if (low >= 0) {
      base.push({ key, value: major(low) });
      above.push({ key, value: major(high - low) });
      below.push({ key, value: 0 });
    } else if (high <= 0) {
      base.push({ key, value: major(high) });
      above.push({ key, value: 0 });
      below.push({ key, value: major(low - high) });
    } else {
      base.push({ key, value: 0 });
      above.push({ key, value: major(high) });
      below.push({ key, value: major(low) });
    }
    running = next;
  });
  return (
    <ChartFrame height={props.height ?? 300} label="Cost waterfall from net revenue to net margin" testId="waterfall-chart">
      {() => (
        <BarChart
          type="stacked"
          isAnimated={false}
          showLegend={false}
          theme="Light"
          data={[
            { name: "Running total", data: base, color: "rgba(0,0,0,0)" },
            { name: "Revenue and margin", data: totals, color: "#2c6ecb" },
            { name: "Cost", data: above, color: "#e0a03a" },
            { name: "Cost below zero", data: below, color: "#d72c0d" },
          ]}
          yAxisOptions={{ labelFormatter: f.axis }}
          tooltipOptions={{ valueFormatter: f.value }}
        />
      )}
    </ChartFrame>
  );
}

export interface TrendPointProps {
  label: string;
  netRevenue: number;
  netMargin: number;
}

/**
 * Net revenue and net margin per period: bars for months (a month is a total, and
 * a smoothed line between monthly totals suggests days that were not measured),
 * lines for days and weeks.
 */
export function MarginTrendChart(props: { points: readonly TrendPointProps[]; currency: string; locale: string; height?: number; bars?: boolean }) {
  const major = (minor: number) => Number(formatDecimal(minor, props.currency));
  const f = axisFormat(props.currency, props.locale);
  const data = [
    { name: "Net revenue", data: props.points.map((p) => ({ key: p.label, value: major(p.netRevenue) })) },
    { name: "Net margin", data: props.points.map((p) => ({ key: p.label, value: major(p.netMargin) })) },
  ];
  return (
    <ChartFrame height={props.height ?? 260} label="Net revenue and net margin over time" testId="margin-trend-chart">
      {() =>
        props.bars ? (
          <BarChart isAnimated={false} theme="Light" data={data} yAxisOptions={{ labelFormatter: f.axis }} tooltipOptions={{ valueFormatter: f.value }} />
        ) : (
          <LineChart isAnimated={false} theme="Light" data={data} yAxisOptions={{ labelFormatter: f.axis }} tooltipOptions={{ valueFormatter: f.value }} />
        )
      }
    </ChartFrame>
  );
}

export interface DaysPointProps {
  /** The point's label on the axis ("Oct 2026"). */
  label: string;
  /** One value per series, in days; null where it is not known (left as a gap). */
  values: readonly (number | null)[];
}

/**
 * Durations in days per month (the cash conversion cycle and its parts): straight segments
 * between months, every series on the same months (polaris-viz pairs points by position, so a
 * month without a value stays in its series as a gap instead of being dropped).
 */
export function DaysTrendChart(props: { series: readonly string[]; points: readonly DaysPointProps[]; label: string; testId: string; height?: number }) {
  const data = props.series.map((name, i) => ({ name, data: props.points.map((p) => ({ key: p.label, value: p.values[i] ?? null })) })).filter((s) => s.data.some((d) => d.value !== null));
  const days = (v: unknown) => `${Number(v ?? 0).toFixed(0)} d`;
  return (
    <ChartFrame height={props.height ?? 220} label={props.label} testId={props.testId} straight>
      {() => <LineChart isAnimated={false} theme="Light" data={data} showLegend yAxisOptions={{ labelFormatter: days }} tooltipOptions={{ valueFormatter: (v) => (v === null || v === undefined ? "not known" : `${Number(v).toFixed(1)} days`) }} />}
    </ChartFrame>
  );
}
