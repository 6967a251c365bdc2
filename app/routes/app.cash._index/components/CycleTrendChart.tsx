import { DaysTrendChart } from "~/components/Charts";
import { formatMonth } from "~/components/format";

type CycleMonth = { month: string; ccc: number | null; dio: number | null; dso: number | null; dpo: number | null };

/** The cash conversion cycle and its three components per month, in days; a month without a value (no stock known, no sales) is a gap in its line. */
export function CycleTrendChart(props: { months: readonly CycleMonth[]; locale: string; height?: number }) {
  return (
    <DaysTrendChart
      series={["Cash conversion cycle", "Days in stock", "Days to get paid", "Days to pay suppliers"]}
      points={props.months.map((m) => ({ label: formatMonth(m.month, props.locale), values: [m.ccc, m.dio, m.dso, m.dpo] }))}
      label="Cash conversion cycle per month, in days"
      testId="cycle-trend-chart"
      height={props.height}
    />
  );
}
