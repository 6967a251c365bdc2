import { Link as RemixLink } from "@remix-run/react";
import { BlockStack, Card, DataTable, Text } from "@shopify/polaris";

import { formatBasisPoints, formatDate, type MoneyFormat } from "~/components/format";
import type { ProductDetail } from "~/services/product-detail.server";

/** The latest orders of the range with this product, each linked to its page (issue 17, item 4: links between NetMargin's pages). */
export function ProductOrdersCard({ orders, locale, money }: { orders: ProductDetail["orders"]; locale: string; money: MoneyFormat }) {
  return (
    <Card>
      <BlockStack gap="200" data-testid="product-orders">
        <Text as="h2" variant="headingMd">
          Latest orders with this product
        </Text>
        {orders.length === 0 ? (
          <Text as="p" tone="subdued">
            No order in this range.
          </Text>
        ) : (
          <DataTable
            columnContentTypes={["text", "text", "numeric"]}
            headings={["Order", "Date", "Order's net margin"]}
            rows={orders.map((o) => [
              <RemixLink key={o.orderId} to={`/app/orders/${o.orderId.split("/").pop()}`}>
                {o.orderName}
              </RemixLink>,
              formatDate(o.localDate, locale),
              `${money(o.netMargin)}${o.marginBp === null ? "" : ` (${formatBasisPoints(o.marginBp, locale)})`}`,
            ])}
          />
        )}
      </BlockStack>
    </Card>
  );
}
