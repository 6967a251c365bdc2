import { Badge, BlockStack, Box, Button, Card, IndexTable, InlineStack, Text, useBreakpoints } from "@shopify/polaris";

import { ADMIN_LINK_TARGET, adminOrderUrl } from "~/components/admin-links";
import { formatDate, gatewayName, type MoneyFormat } from "~/components/format";
import type { OverdueRow } from "~/services/receivables.server";

/** Shopify admin's words for the financial statuses of unpaid orders. */
const STATUS: Record<string, string> = { PENDING: "Payment pending", AUTHORIZED: "Authorized", PARTIALLY_PAID: "Partially paid" };
const statusLabel = (s: string | null) => (s ? (STATUS[s] ?? s.charAt(0) + s.slice(1).toLowerCase().replace(/_/g, " ")) : "Unpaid");
const days = (n: number) => `${n} ${n === 1 ? "day" : "days"}`;

/** The order's page in Shopify's admin, where the merchant sends the payment reminder. */
function OpenInShopify({ row }: { row: OverdueRow }) {
  const url = adminOrderUrl(row.orderId);
  if (!url) return null;
  return (
    <span onClick={(e) => e.stopPropagation()} data-admin-link={url}>
      <Button variant="plain" url={url} target={ADMIN_LINK_TARGET} accessibilityLabel={`Open order ${row.name} in Shopify admin to send a reminder`}>
        Open in Shopify
      </Button>
    </span>
  );
}

/** The due date; without payment terms none (the order is overdue 7 days after it was placed). */
function dueText(row: OverdueRow, locale: string): string {
  return row.dueDate ? formatDate(row.dueDate, locale) : "No payment terms";
}

/** The overdue orders, longest overdue first; a block per order on a phone. */
export function OverdueTable({ rows, total, money, locale, phone }: { rows: OverdueRow[]; total: number; money: MoneyFormat; locale: string; phone: boolean }) {
  const { smDown: condensed } = useBreakpoints({ defaults: { smDown: phone } });
  return (
    <Card padding="0">
      <Box padding="400">
        <BlockStack gap="100">
          <Text as="h2" variant="headingMd">
            Overdue orders
          </Text>
          <Text as="p" tone="subdued">
            {total === 0
              ? "No order is overdue."
              : `${total} ${total === 1 ? "order is" : "orders are"} overdue${total > rows.length ? `; the ${rows.length} longest overdue are listed` : ""}. Open an order in Shopify to send the customer a reminder.`}
          </Text>
        </BlockStack>
      </Box>
      {rows.length > 0 ? (
        <IndexTable
          resourceName={{ singular: "overdue order", plural: "overdue orders" }}
          itemCount={rows.length}
          selectable={false}
          condensed={condensed}
          headings={[
            { title: "Order" },
            { title: "Ordered" },
            { title: "Due" },
            { title: "Overdue by", alignment: "end" },
            { title: "Payment" },
            { title: "Outstanding", alignment: "end" },
            { title: "" },
          ]}
        >
          {rows.map((r, i) =>
            condensed ? (
              <IndexTable.Row id={r.orderId} key={r.orderId} position={i}>
                <Box padding="300" width="100%">
                  <BlockStack gap="100">
                    <InlineStack align="space-between" blockAlign="start" wrap={false} gap="200">
                      <Text as="span" fontWeight="semibold">
                        {r.name}
                      </Text>
                      <Text as="span" numeric fontWeight="semibold">
                        {money(r.outstanding)}
                      </Text>
                    </InlineStack>
                    <Text as="p" variant="bodySm" tone="subdued">
                      Ordered {formatDate(r.orderDate, locale)} · {r.dueDate ? `due ${dueText(r, locale)}` : "no payment terms"} · {days(r.daysOverdue)} overdue
                    </Text>
                    <InlineStack gap="200" blockAlign="center">
                      <Badge tone="attention">{statusLabel(r.financialStatus)}</Badge>
                      <Text as="span" variant="bodySm" tone="subdued">
                        {gatewayName(r.gateway)}
                      </Text>
                    </InlineStack>
                    <InlineStack>
                      <OpenInShopify row={r} />
                    </InlineStack>
                  </BlockStack>
                </Box>
              </IndexTable.Row>
            ) : (
              <IndexTable.Row id={r.orderId} key={r.orderId} position={i}>
                <IndexTable.Cell>
                  <Text as="span" fontWeight="semibold">
                    {r.name}
                  </Text>
                </IndexTable.Cell>
                <IndexTable.Cell>{formatDate(r.orderDate, locale)}</IndexTable.Cell>
                <IndexTable.Cell>
                  <Text as="span" tone={r.withTerms ? undefined : "subdued"}>
                    {dueText(r, locale)}
                  </Text>
                </IndexTable.Cell>
                <IndexTable.Cell>
                  <Text as="span" alignment="end" numeric>
                    {days(r.daysOverdue)}
                  </Text>
                </IndexTable.Cell>
                <IndexTable.Cell>
                  <BlockStack gap="050">
                    <Badge tone="attention">{statusLabel(r.financialStatus)}</Badge>
                    <Text as="span" variant="bodySm" tone="subdued">
                      {gatewayName(r.gateway)}
                    </Text>
                  </BlockStack>
                </IndexTable.Cell>
                <IndexTable.Cell>
                  <Text as="span" alignment="end" numeric fontWeight="semibold">
                    {money(r.outstanding)}
                  </Text>
                </IndexTable.Cell>
                <IndexTable.Cell>
                  <OpenInShopify row={r} />
                </IndexTable.Cell>
              </IndexTable.Row>
            ),
          )}
        </IndexTable>
      ) : null}
    </Card>
  );
}
