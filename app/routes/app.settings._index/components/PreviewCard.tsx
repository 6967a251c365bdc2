import { Banner, BlockStack, DataTable, Layout, Text } from "@shopify/polaris";

import { formatDateRange, formatShare, moneyFormatter } from "~/components/format";
import type { SettingsPreview } from "~/margins/preview.server";

/** What the drafted change does to the last 30 days (before saving). */
export function PreviewCard({ preview, locale }: { preview: SettingsPreview; locale: string }) {
  const money = moneyFormatter(preview.currency, locale);
  const signed = (minor: number) => `${minor > 0 ? "+" : ""}${money(minor)}`;
  // One decimal in the admin's locale, "—" for a share of no revenue.
  const pctOf = (m: number, r: number) => formatShare(m, r, locale);
  const { current: a, draft: b } = preview;
  const steps: [string, number, number][] = [
    ["Cost of goods", a.costs.costOfGoods, b.costs.costOfGoods],
    ["Shipping", a.costs.shipping, b.costs.shipping],
    ["Packaging", a.costs.packaging, b.costs.packaging],
    ["Labour", a.costs.labour, b.costs.labour],
    ["Payment fees", a.costs.paymentFees, b.costs.paymentFees],
    ["Fixed costs", a.costs.fixedCosts, b.costs.fixedCosts],
    ["Stock carrying (share of orders)", a.costs.stockCarrying, b.costs.stockCarrying],
    ["Provisions", a.costs.provisions, b.costs.provisions],
  ];
  const delta = b.netMargin - a.netMargin;
  return (
    <Layout.Section>
      <Banner tone={delta < 0 ? "warning" : "info"} title={`Last 30 days' net margin: ${money(a.netMargin)} now, ${money(b.netMargin)} with these settings (${signed(delta)})`}>
        <BlockStack gap="200">
          <Text as="p">
            {a.orders.toLocaleString(locale)} orders, {formatDateRange(preview.window.from, preview.window.to, locale)}. Margin {pctOf(a.netMargin, a.netRevenue)} → {pctOf(b.netMargin, b.netRevenue)}; loss-making
            orders {a.lossOrders.toLocaleString(locale)} → {b.lossOrders.toLocaleString(locale)}. Nothing is saved yet.
          </Text>
          <DataTable
            columnContentTypes={["text", "numeric", "numeric", "numeric"]}
            headings={["Cost", "Now", "With these settings", "Change"]}
            rows={steps.filter(([, x, y]) => x !== 0 || y !== 0).map(([label, x, y]) => [label, money(x), money(y), signed(y - x)])}
          />
        </BlockStack>
      </Banner>
    </Layout.Section>
  );
}
