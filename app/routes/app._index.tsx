import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Badge, Banner, BlockStack, Card, DataTable, InlineStack, Layout, List, Page, Text } from "@shopify/polaris";

import { API_VERSION, config } from "~/config.server";
import db from "~/db.server";
import { installationStatus } from "~/services/installation.server";
import { latestOrders } from "~/services/latest-orders.server";
import { authenticate } from "~/shopify.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session, admin } = await authenticate.admin(request);
  const [status, latest] = await Promise.all([
    installationStatus(db, { shop: session.shop, requiredScopes: config().scopes, apiVersion: API_VERSION }),
    latestOrders(admin.graphql),
  ]);
  return { status, latest };
};

export default function Index() {
  const { status, latest } = useLoaderData<typeof loader>();
  return (
    <Page title="NetMargin">
      <Layout>
        <Layout.Section>
          <Card>
            <BlockStack gap="300">
              <InlineStack gap="200" blockAlign="center">
                <Text as="h2" variant="headingMd">
                  {status.shop}
                </Text>
                <Badge tone={status.missingScopes.length === 0 ? "success" : "attention"}>
                  {status.missingScopes.length === 0 ? "Connected" : "Permissions needed"}
                </Badge>
              </InlineStack>
              <Text as="p">
                {status.installedAt
                  ? `Installed on ${new Date(status.installedAt).toLocaleDateString("en", { dateStyle: "long", timeZone: status.ianaTimezone ?? "UTC" })}. Admin API ${status.apiVersion}.`
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
                  Without the read_all_orders permission Shopify shows apps only the last 60 days of orders, so
                  older orders are missing from your margins.
                </Text>
              )}
            </BlockStack>
          </Card>
        </Layout.Section>
        <Layout.Section>
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
                      new Date(order.processedAt).toLocaleDateString("en", {
                        dateStyle: "medium",
                        timeZone: status.ianaTimezone ?? "UTC",
                      }),
                      order.financialStatus ? humanize(order.financialStatus) : "—",
                      formatMoney(order.subtotal, order.currencyCode),
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
        </Layout.Section>
      </Layout>
    </Page>
  );
}

/** Formats Shopify's decimal string as is (Intl formats decimal strings exactly, without floats). */
function formatMoney(amount: string, currencyCode: string): string {
  if (!currencyCode) return amount;
  return new Intl.NumberFormat("en", { style: "currency", currency: currencyCode }).format(
    amount as unknown as number,
  );
}

function humanize(status: string): string {
  const words = status.toLowerCase().replace(/_/g, " ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}
