import { useFetcher } from "@remix-run/react";
import { Badge, Banner, BlockStack, Button, Card, InlineStack, ProgressBar, Text } from "@shopify/polaris";
import { useEffect, useState } from "react";

import { showToast } from "~/components/feedback";
import { formatDateTime } from "~/components/format";

import type { SyncStatus } from "~/store/sync-state.server";

/** What each bulk import brings in, in the merchant's words (the catalog's is "catalog"). */
const IMPORT_WORDS: Record<string, string> = { orders: "orders", inventory: "stock levels" };

const SYNC_BADGE: Record<SyncStatus["status"], { tone: "success" | "info" | "attention" | "critical" | undefined; label: string }> = {
  never: { tone: undefined, label: "Not synced yet" },
  idle: { tone: "success", label: "Up to date" },
  running: { tone: "info", label: "Syncing" },
  needs_attention: { tone: "critical", label: "Needs attention" },
  failed: { tone: "critical", label: "Failed" },
};

function when(iso: string | null, timeZone: string | null): string {
  return iso ? formatDateTime(iso, timeZone ?? "UTC") : "never";
}

/** Where the sync stands, with "Sync now". */
export function SyncCard({ sync: loaded, timeZone }: { sync: SyncStatus; timeZone: string | null }) {
  // "Sync now" posts through a fetcher: the page stays, and the status it answers replaces the loaded one
  // until the page reloads (a plain form would navigate to /app/sync, which answers JSON: a blank page).
  const fetcher = useFetcher<SyncStatus | { error: string }>();
  const answered = fetcher.data && "status" in fetcher.data ? fetcher.data : null;
  const sync = answered ?? loaded;
  const badge = SYNC_BADGE[sync.status];
  // Offline (no App Bridge), the confirmation is a banner on the card.
  const [notice, setNotice] = useState<{ tone: "success" | "critical"; text: string } | null>(null);
  useEffect(() => {
    if (fetcher.state !== "idle" || !fetcher.data) return;
    const failed = !("status" in fetcher.data);
    const text = failed ? "The sync could not be started. Try again in a moment." : "Sync started: your orders and products are being imported again.";
    if (!showToast(text, { isError: failed })) setNotice({ tone: failed ? "critical" : "success", text });
  }, [fetcher.state, fetcher.data]);
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
          <fetcher.Form method="post" action="/app/sync">
            <input type="hidden" name="intent" value="backfill" />
            <Button submit disabled={sync.status === "running"} loading={fetcher.state !== "idle"}>
              Sync now
            </Button>
          </fetcher.Form>
        </InlineStack>
        {notice && (
          <Banner tone={notice.tone} onDismiss={() => setNotice(null)}>
            <p>{notice.text}</p>
          </Banner>
        )}
        {sync.attention && (
          <Banner tone="critical" title="NetMargin cannot sync your store">
            <p>{sync.attention.message}</p>
          </Banner>
        )}
        {sync.message && (
          <Banner tone="warning" title="Sync is retrying">
            <p>{sync.message}</p>
          </Banner>
        )}
        {sync.running.map((run) => (
          <BlockStack gap="100" key={`${run.kind}-${run.startedAt}`}>
            <Text as="p">
              Importing {IMPORT_WORDS[run.kind] ?? "products and costs"}: {run.objectsWritten.toLocaleString("en")} written
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
