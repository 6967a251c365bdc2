import { Link as RemixLink } from "@remix-run/react";
import { BlockStack, Box, Card, InlineGrid, InlineStack, List, Text } from "@shopify/polaris";

import { MarginTrendChart } from "~/components/Charts";
import { DateRangeFilter } from "~/components/DateRangeFilter";
import { moneyFormatter } from "~/components/format";
import { useSearchParamSetter } from "~/components/search-params";
import { WaterfallCard } from "~/components/WaterfallCard";
import type { Dashboard } from "~/services/dashboard.server";

/** The period's margins against the previous one: figures, the waterfall, the trend and the products losing the most. */
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
  const c = margins.current;
  const b = margins.before;
  const pct = (num: number, den: number) => (den > 0 ? `${((num / den) * 100).toFixed(1)} %` : "—");
  const change = (now: number, then: number) => (then === 0 ? "" : ` (${now >= then ? "+" : ""}${(((now - then) / Math.abs(then)) * 100).toFixed(0)} % vs previous period)`);
  const kpis = [
    { label: "Net revenue", value: money(c.netRevenue), note: change(c.netRevenue, b.netRevenue) },
    { label: "Gross margin", value: money(c.netRevenue - c.costOfGoods), note: ` ${pct(c.netRevenue - c.costOfGoods, c.netRevenue)}` },
    { label: "Net margin", value: money(c.netMargin), note: ` ${pct(c.netMargin, c.netRevenue)}${change(c.netMargin, b.netMargin)}` },
    {
      label: "Orders",
      value: c.orders.toLocaleString(locale),
      // Gift-card-only orders have no margin: not counted, but said so.
      note: [
        change(c.orders, b.orders).trim(),
        c.giftCardOnlyOrders > 0 ? `${c.giftCardOnlyOrders.toLocaleString(locale)} gift-card-only order${c.giftCardOnlyOrders === 1 ? "" : "s"} not counted (no margin)` : "",
      ]
        .filter((t) => t !== "")
        .join(" · "),
    },
    { label: "Average basket", value: c.orders > 0 ? money(Math.round(c.netRevenue / c.orders)) : "—", note: c.orders > 0 ? ` ${(c.items / c.orders).toFixed(1)} items per order` : "" },
    { label: "Loss-making orders", value: pct(c.lossOrders, c.orders), note: ` ${c.lossOrders.toLocaleString(locale)} orders` },
  ];
  const steps: [string, number][] = [
    ["Net revenue", c.netRevenue],
    ["Cost of goods", -c.costOfGoods],
    ["Shipping", -c.shipping],
    ["Packaging and labour", -(c.packaging + c.labour)],
    ["Payment fees", -c.paymentFees],
    ["Fixed costs", -c.fixedCosts],
    ["Provisions", -c.provisions],
    ["Net margin", c.netMargin],
  ];
  const scale = Math.max(1, c.netRevenue);
  return (
    <Card>
      <BlockStack gap="400">
        <InlineStack align="space-between" blockAlign="center">
          <Text as="h2" variant="headingMd">
            Margins, {margins.range.from} to {margins.range.to} (end excluded), against {margins.previous.from} to {margins.previous.to}
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
        {c.orders === 0 ? (
          <Text as="p" tone="subdued">
            No orders with margins in this period yet. Margins appear a moment after the first sync.
          </Text>
        ) : (
          <>
            <InlineGrid columns={{ xs: 2, md: 3 }} gap="300">
              {kpis.map((k) => (
                <Box key={k.label} padding="300" background="bg-surface-secondary" borderRadius="200">
                  <BlockStack gap="100">
                    <Text as="p" tone="subdued">
                      {k.label}
                    </Text>
                    <Text as="p" variant="headingLg">
                      {k.value}
                    </Text>
                    <Text as="p" variant="bodySm" tone="subdued">
                      {k.note.trim() || " "}
                    </Text>
                  </BlockStack>
                </Box>
              ))}
            </InlineGrid>
            <InlineGrid columns={{ xs: 1, lg: 2 }} gap="400">
              <WaterfallCard
                inset
                columns={["Amount", "Share of net revenue"]}
                rows={steps.map(([label, amount]) => [label, money(amount), pct(Math.abs(amount), scale)] as const)}
                chart={{ steps: steps.map(([label, amount]) => ({ label, amount })), currency: margins.currency, locale }}
              />
              <BlockStack gap="150">
                <Text as="h3" variant="headingSm">
                  Net margin over time (per {margins.trend.granularity})
                </Text>
                <MarginTrendChart
                  points={margins.trend.points.map((p) => ({ label: p.start, netRevenue: p.netRevenue, netMargin: p.netMargin }))}
                  currency={margins.currency}
                  locale={locale}
                />
              </BlockStack>
            </InlineGrid>
            {margins.worstProducts.length > 0 && (
              <BlockStack gap="150">
                <Text as="h3" variant="headingSm">
                  Products losing the most
                </Text>
                <List>
                  {margins.worstProducts.map((p) => (
                    <List.Item key={p.productId ?? p.title}>
                      <Text as="span" fontWeight="semibold">
                        {p.title}
                      </Text>{" "}
                      {money(p.netMargin)}: {p.reason}
                    </List.Item>
                  ))}
                </List>
                <RemixLink to="/app/products?flag=LOSS">See every loss-making product</RemixLink>
              </BlockStack>
            )}
          </>
        )}
      </BlockStack>
    </Card>
  );
}
