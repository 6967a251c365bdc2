import { BlockStack, InlineGrid, Text } from "@shopify/polaris";

import { MarginTrendChart } from "~/components/Charts";
import { formatDate, formatMonth, type MoneyFormat } from "~/components/format";
import { WaterfallCard } from "~/components/WaterfallCard";
import type { Dashboard } from "~/services/dashboard.server";

import { share } from "./share";

/** Side by side: the period's cost steps (table and waterfall), and net margin over time. */
export function MarginCharts({ margins, locale, money }: { margins: Pick<Dashboard, "currency" | "current" | "trend">; locale: string; money: MoneyFormat }) {
  const c = margins.current;
  const steps: [string, number][] = [
    ["Net revenue", c.netRevenue],
    ["Cost of goods", -c.costOfGoods],
    ["Shipping", -c.shipping],
    ["Packaging and labour", -(c.packaging + c.labour)],
    ["Payment fees", -c.paymentFees],
    ["Fixed costs", -c.fixedCosts],
    ["Stock carrying", -c.stockCarrying],
    ["Provisions", -c.provisions],
    ["Net margin", c.netMargin],
  ];
  const scale = Math.max(1, c.netRevenue);
  return (
    <InlineGrid columns={{ xs: 1, lg: 2 }} gap="400">
      <WaterfallCard
        inset
        columns={["Amount", "Share of net revenue"]}
        rows={steps.map(([label, amount]) => [label, money(amount), share(Math.abs(amount), scale, locale)] as const)}
        chart={{ steps: steps.map(([label, amount]) => ({ label, amount })), currency: margins.currency, locale }}
      />
      <BlockStack gap="150">
        <Text as="h3" variant="headingSm">
          Net margin over time (per {margins.trend.granularity})
        </Text>
        <MarginTrendChart
          points={margins.trend.points.map((p) => ({ label: margins.trend.granularity === "month" ? formatMonth(p.start.slice(0, 7), locale) : formatDate(p.start, locale), netRevenue: p.netRevenue, netMargin: p.netMargin }))}
          currency={margins.currency}
          locale={locale}
          bars={margins.trend.granularity === "month"}
        />
      </BlockStack>
    </InlineGrid>
  );
}
