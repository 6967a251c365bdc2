import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { Badge, Banner, BlockStack, Button, Card, DataTable, InlineStack, Layout, List, Page, ProgressBar, Text } from "@shopify/polaris";

import { API_VERSION, config } from "~/config.server";
import db from "~/db.server";
import { installationStatus } from "~/services/installation.server";
import { latestOrders } from "~/services/latest-orders.server";
import { authenticate } from "~/shopify.server";
import { getSyncStatus, type SyncStatus } from "~/sync/sync-state.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session, admin } = await authenticate.admin(request);
  const [status, latest, sync] = await Promise.all([
    installationStatus(db, { shop: session.shop, requiredScopes: config().scopes, apiVersion: API_VERSION }),
    latestOrders(admin.graphql),
    getSyncStatus(db, session.shop),
  ]);
  return { status, latest, sync };
};

const SYNC_BADGE: Record<SyncStatus["status"], { tone: "success" | "info" | "attention" | "critical" | undefined; label: string }> = {
  never: { tone: undefined, label: "Not synced yet" },
  idle: { tone: "success", label: "Up to date" },
  running: { tone: "info", label: "Syncing" },
  needs_attention: { tone: "critical", label: "Needs attention" },
  failed: { tone: "critical", label: "Failed" },
};

function when(iso: string | null, timeZone: string | null): string {
  return iso ? new Date(iso).toLocaleString("en", { dateStyle: "medium", timeStyle: "short", timeZone: timeZone ?? "UTC" }) : "never";
}

function SyncCard({ sync, timeZone }: { sync: SyncStatus; timeZone: string | null }) {
  const badge = SYNC_BADGE[sync.status];
  return (
    <Card>
      <BlockStack gap="300">
        <InlineStack gap="200" blockAlign="center" align="space-between">
          <InlineStack gap="200" blockAlign="center">
            <Text as="h2" variant="headingMd">
              Data sync
            </Text>
            <Badge tone={badge.tone}>{badge.label}</Badge>
          </InlineStack>
          <Form method="post" action="/app/sync">
            <input type="hidden" name="intent" value="backfill" />
            <Button submit disabled={sync.status === "running"}>
              Sync now
            </Button>
          </Form>
        </InlineStack>
        {sync.attention && (
          <Banner tone="critical" title="NetMargin cannot sync your store">
            <p>{sync.attention.message}</p>
          </Banner>
        )}
        {sync.running.map((run) => (
          <BlockStack gap="100" key={`${run.kind}-${run.startedAt}`}>
            <Text as="p">
              Importing {run.kind === "orders" ? "orders" : "products and costs"}: {run.objectsWritten.toLocaleString("en")} written
              {run.percent !== null ? ` (${run.percent}%)` : ""}
            </Text>
            {run.percent !== null && <ProgressBar progress={run.percent} size="small" />}
          </BlockStack>
        ))}
        <Text as="p">
          {sync.counts.orders.toLocaleString("en")} orders and {sync.counts.variants.toLocaleString("en")} variants synced. Last full sync:{" "}
          {when(sync.lastBackfillAt, timeZone)}; last check for missed changes: {when(sync.lastReconcileAt, timeZone)}; last live update:{" "}
          {when(sync.lastWebhookAt, timeZone)}.
        </Text>
        {sync.ordersWindowReason && (
          <Text as="p" tone="subdued">
            {sync.ordersWindowReason}
          </Text>
        )}
      </BlockStack>
    </Card>
  );
}

export default function Index() {
  const { status, latest, sync } = useLoaderData<typeof loader>();
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
          <SyncCard sync={sync} timeZone={status.ianaTimezone} />
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
