import { Badge, BlockStack, Card, InlineStack, List, Text } from "@shopify/polaris";

import { formatDate } from "~/components/format";
import { localDate } from "~/domain/time";
import type { InstallationStatus } from "~/services/installation.server";

/** The shop, its installation, the currency and time zone margins use, and any missing permission. */
export function ShopCard({ status }: { status: InstallationStatus }) {
  return (
    <Card>
      <BlockStack gap="300">
        <InlineStack gap="200" blockAlign="center">
          <Text as="h2" variant="headingMd">
            {status.shop}
          </Text>
          <Badge tone={status.missingScopes.length === 0 ? "success" : "attention"}>{status.missingScopes.length === 0 ? "Connected" : "Permissions needed"}</Badge>
        </InlineStack>
        <Text as="p">
          {status.installedAt
            ? `Installed on ${formatDate(localDate(new Date(status.installedAt).toISOString(), status.ianaTimezone ?? "UTC"))}. Admin API ${status.apiVersion}.`
            : `Admin API ${status.apiVersion}.`}
        </Text>
        {status.currencyCode && (
          <Text as="p">
            Margins are computed in {status.currencyCode}
            {status.ianaTimezone ? `, with days counted in ${status.ianaTimezone}` : ""}.
          </Text>
        )}
        {status.missingScopes.length > 0 && (
          <BlockStack gap="100">
            <Text as="p">NetMargin is missing these permissions:</Text>
            <List>
              {status.missingScopes.map((scope) => (
                <List.Item key={scope}>{scope}</List.Item>
              ))}
            </List>
          </BlockStack>
        )}
        {status.orderHistoryLimitedTo60Days && (
          <Text as="p" tone="subdued">
            Without the read_all_orders permission Shopify shows apps only the last 60 days of orders, so older orders are missing from your margins.
          </Text>
        )}
      </BlockStack>
    </Card>
  );
}
