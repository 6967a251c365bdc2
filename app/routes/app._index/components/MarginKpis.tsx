import { BlockStack, Box, InlineGrid, Text } from "@shopify/polaris";

import type { MoneyFormat } from "~/components/format";
import type { PeriodTotals } from "~/services/dashboard.server";

import { pointsChange, relativeChange, type KpiChange } from "./kpi-change";
import { share } from "./share";

/** The period's six headline figures, each with its change against the previous period (green when good news, red when not). */
export function MarginKpis({ current: c, before: b, locale, money }: { current: PeriodTotals; before: PeriodTotals; locale: string; money: MoneyFormat }) {
  const basket = (t: PeriodTotals) => (t.orders > 0 ? Math.round(t.netRevenue / t.orders) : 0);
  const kpis: { label: string; value: string; note: string; change: KpiChange | null }[] = [
    { label: "Net revenue", value: money(c.netRevenue), note: "", change: relativeChange(c.netRevenue, b.netRevenue, locale) },
    {
      label: "Gross margin",
      value: money(c.netRevenue - c.costOfGoods),
      note: share(c.netRevenue - c.costOfGoods, c.netRevenue, locale),
      change: relativeChange(c.netRevenue - c.costOfGoods, b.netRevenue - b.costOfGoods, locale),
    },
    { label: "Net margin", value: money(c.netMargin), note: share(c.netMargin, c.netRevenue, locale), change: relativeChange(c.netMargin, b.netMargin, locale) },
    {
      label: "Orders",
      value: c.orders.toLocaleString(locale),
      // Gift-card-only orders have no margin: not counted, but said so.
      note: c.giftCardOnlyOrders > 0 ? `${c.giftCardOnlyOrders.toLocaleString(locale)} gift-card-only order${c.giftCardOnlyOrders === 1 ? "" : "s"} not counted (no margin)` : "",
      change: relativeChange(c.orders, b.orders, locale),
    },
    {
      label: "Average basket",
      value: c.orders > 0 ? money(basket(c)) : "—",
      note: c.orders > 0 ? `${(c.items / c.orders).toFixed(1)} items per order` : "",
      change: c.orders > 0 && b.orders > 0 ? relativeChange(basket(c), basket(b), locale) : null,
    },
    {
      label: "Loss-making orders",
      value: share(c.lossOrders, c.orders, locale),
      note: `${c.lossOrders.toLocaleString(locale)} orders`,
      change: pointsChange(c.lossOrders, c.orders, b.lossOrders, b.orders, locale, false),
    },
  ];
  return (
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
            <Text as="p" variant="bodySm" tone={k.change?.tone ?? "subdued"}>
              {k.change?.text ?? "No previous period to compare"}
            </Text>
            <Text as="p" variant="bodySm" tone="subdued">
              {k.note || " "}
            </Text>
          </BlockStack>
        </Box>
      ))}
    </InlineGrid>
  );
}
