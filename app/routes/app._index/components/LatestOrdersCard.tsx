import { Banner, BlockStack, Card, DataTable, Text } from "@shopify/polaris";

import { formatDate, formatDecimalMoney } from "~/components/format";
import { localDate } from "~/domain/time";
import type { LatestOrders } from "~/services/latest-orders.server";

/** The shop's latest orders as Shopify reports them (read live, amounts as Shopify's decimal strings). */
export function LatestOrdersCard({ latest, timeZone }: { latest: LatestOrders; timeZone: string | null }) {
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          Latest orders
        </Text>
        {latest.ok ? (
          latest.orders.length === 0 ? (
            <Text as="p" tone="subdued">
              No orders yet.
            </Text>
          ) : (
            <DataTable
              columnContentTypes={["text", "text", "text", "numeric"]}
              headings={["Order", "Date", "Payment", "Subtotal"]}
              rows={latest.orders.map((order) => [
                order.name,
                // The shop's day, written as every page writes dates ("15 Oct 2026").
                formatDate(localDate(order.processedAt, timeZone ?? "UTC")),
                order.financialStatus ? humanize(order.financialStatus) : "—",
                formatDecimalMoney(order.subtotal, order.currencyCode),
              ])}
            />
          )
        ) : (
          <Banner tone="warning" title="Shopify did not answer">
            <p>{latest.error}</p>
          </Banner>
        )}
      </BlockStack>
    </Card>
  );
}

function humanize(status: string): string {
  const words = status.toLowerCase().replace(/_/g, " ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}
