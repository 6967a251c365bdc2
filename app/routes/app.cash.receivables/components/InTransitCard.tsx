import { BlockStack, Card, InlineStack, Text } from "@shopify/polaris";

import { formatDate, gatewayName, type MoneyFormat } from "~/components/format";
import type { ReceivablesView } from "~/services/receivables.server";

/** Payments taken but not yet in the bank, per gateway, from the settlement delays below. */
export function InTransitCard({ inTransit, money, locale }: { inTransit: ReceivablesView["inTransit"]; money: MoneyFormat; locale: string }) {
  return (
    <Card>
      <BlockStack gap="300">
        <BlockStack gap="100">
          <Text as="h2" variant="headingMd">
            On its way to your bank: {money(inTransit.amount)}
          </Text>
          <Text as="p" tone="subdued">
            Paid orders whose payment method has not paid you out yet, by the settlement delays below. Shopify Payments payouts are on the Cash page.
          </Text>
        </BlockStack>
        {inTransit.byGateway.length === 0 ? (
          <Text as="p">Nothing in transit: every payment has reached you by these delays.</Text>
        ) : (
          <BlockStack gap="200">
            {inTransit.byGateway.map((g) => (
              <div key={g.gateway} data-transit={g.gateway}>
                <InlineStack align="space-between" gap="200" wrap={false}>
                  <BlockStack gap="050">
                    <Text as="span" fontWeight="semibold">
                      {gatewayName(g.gateway)}
                    </Text>
                    <Text as="span" variant="bodySm" tone="subdued">
                      {g.count} {g.count === 1 ? "payment" : "payments"}, all in by {formatDate(inTransit.settlesBy[g.gateway]!, locale)}
                    </Text>
                  </BlockStack>
                  <Text as="span" numeric fontWeight="semibold">
                    {money(g.amount)}
                  </Text>
                </InlineStack>
              </div>
            ))}
          </BlockStack>
        )}
      </BlockStack>
    </Card>
  );
}
