import { Link as RemixLink } from "@remix-run/react";
import { Banner, BlockStack, Card, DataTable, Text } from "@shopify/polaris";

import { formatBasisPoints, formatDate, formatMoney } from "~/components/format";
import { localDate } from "~/domain/time";
import type { LatestOrders } from "~/services/latest-orders.server";

/**
 * The shop's latest orders as Shopify lists them, each linked to its page in NetMargin with the
 * net margin NetMargin computed for it (issue 17, item 1: what it earned, not its subtotal).
 */
export function LatestOrdersCard({ latest, timeZone, locale }: { latest: LatestOrders; timeZone: string | null; locale: string }) {
  return (
    <Card>
      <BlockStack gap="300" data-testid="latest-orders">
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
              headings={["Order", "Date", "Payment", "Net margin"]}
              rows={latest.orders.map((order) => [
                <RemixLink key={order.id} to={`/app/orders/${order.id.split("/").pop()}`}>
                  {order.name}
                </RemixLink>,
                // The shop's day, written as every page writes dates ("15 Oct 2026").
                formatDate(localDate(order.processedAt, timeZone ?? "UTC"), locale),
                order.financialStatus ? humanize(order.financialStatus) : "—",
                order.netMargin === null || order.marginCurrency === null ? (
                  <Text as="span" tone="subdued" key="m">
                    Being computed
                  </Text>
                ) : (
                  <Text as="span" tone={order.netMargin < 0 ? "critical" : undefined} key="m">
                    {formatMoney(order.netMargin, order.marginCurrency, locale)}
                    {order.marginBp === null ? "" : ` (${formatBasisPoints(order.marginBp, locale)})`}
                  </Text>
                ),
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
