import { BlockStack, Card, DataTable, Text } from "@shopify/polaris";

import { MarginTrendChart } from "~/components/Charts";
import { formatMonth, type MoneyFormat } from "~/components/format";
import type { ProductDetail } from "~/services/product-detail.server";

/** Net margin per month: the chart once there are two months, and the table. */
export function MonthsCard({ months, currency, locale, money }: { months: ProductDetail["months"]; currency: string; locale: string; money: MoneyFormat }) {
  return (
    <Card>
      <BlockStack gap="200">
        <Text as="h2" variant="headingMd">
          Net margin per month
        </Text>
        {months.length > 1 ? (
          <MarginTrendChart points={months.map((m) => ({ label: formatMonth(m.month, locale), netRevenue: m.netRevenue, netMargin: m.netMargin }))} currency={currency} locale={locale} height={220} bars />
        ) : null}
        <DataTable
          columnContentTypes={["text", "numeric", "numeric", "numeric"]}
          headings={["Month", "Units", "Net revenue", "Net margin"]}
          rows={months.map((m) => [formatMonth(m.month, locale), String(m.units), money(m.netRevenue), money(m.netMargin)])}
        />
      </BlockStack>
    </Card>
  );
}
