import { BlockStack, Box, InlineGrid, Text } from "@shopify/polaris";

import { formatPercent, type MoneyFormat } from "~/components/format";
import type { PeriodTotals } from "~/services/dashboard.server";

import { share } from "./share";

/** " (+12.0% vs previous period)"; nothing when the previous period had none. */
function change(now: number, then: number, locale: string): string {
  return then === 0 ? "" : ` (${now >= then ? "+" : ""}${formatPercent(((now - then) / Math.abs(then)) * 100, locale)} vs previous period)`;
}

/** The period's headline figures, each with its share or its change from the previous period. */
export function MarginKpis({ current: c, before: b, locale, money }: { current: PeriodTotals; before: PeriodTotals; locale: string; money: MoneyFormat }) {
  const kpis = [
    { label: "Net revenue", value: money(c.netRevenue), note: change(c.netRevenue, b.netRevenue, locale) },
    { label: "Gross margin", value: money(c.netRevenue - c.costOfGoods), note: ` ${share(c.netRevenue - c.costOfGoods, c.netRevenue, locale)}` },
    { label: "Net margin", value: money(c.netMargin), note: ` ${share(c.netMargin, c.netRevenue, locale)}${change(c.netMargin, b.netMargin, locale)}` },
    {
      label: "Orders",
      value: c.orders.toLocaleString(locale),
      // Gift-card-only orders have no margin: not counted, but said so.
      note: [
        change(c.orders, b.orders, locale).trim(),
        c.giftCardOnlyOrders > 0 ? `${c.giftCardOnlyOrders.toLocaleString(locale)} gift-card-only order${c.giftCardOnlyOrders === 1 ? "" : "s"} not counted (no margin)` : "",
      ]
        .filter((t) => t !== "")
        .join(" · "),
    },
    { label: "Average basket", value: c.orders > 0 ? money(Math.round(c.netRevenue / c.orders)) : "—", note: c.orders > 0 ? ` ${(c.items / c.orders).toFixed(1)} items per order` : "" },
    { label: "Loss-making orders", value: share(c.lossOrders, c.orders, locale), note: ` ${c.lossOrders.toLocaleString(locale)} orders` },
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
            <Text as="p" variant="bodySm" tone="subdued">
              {k.note.trim() || " "}
            </Text>
          </BlockStack>
        </Box>
      ))}
    </InlineGrid>
  );
}
