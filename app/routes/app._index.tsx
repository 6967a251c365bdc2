import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link as RemixLink, useLoaderData, useSearchParams } from "@remix-run/react";
import { Badge, Banner, BlockStack, Box, Button, Card, DataTable, InlineGrid, InlineStack, Layout, List, Page, ProgressBar, Text } from "@shopify/polaris";

import { MarginTrendChart, WaterfallChart } from "~/components/Charts";
import { DateRangeFilter } from "~/components/DateRangeFilter";
import { API_VERSION, config } from "~/config.server";
import db from "~/db.server";
import { formatDecimal } from "~/domain/money";
import { localDate } from "~/domain/time";
import { dashboard } from "~/services/dashboard.server";
import { installationStatus } from "~/services/installation.server";
import { onboardingSteps } from "~/services/onboarding.server";
import type { OnboardingStep } from "~/services/onboarding.server";
import { resolveRange } from "~/domain/time";
import { parseProductsParams } from "~/services/products-view.server";
import { latestOrders } from "~/services/latest-orders.server";
import { authenticate } from "~/shopify.server";
import { getSyncStatus, type SyncStatus } from "~/store/sync-state.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session, admin } = await authenticate.admin(request);
  const url = new URL(request.url);
  // Presets or custom dates (validated as the products page does); "all time" has no previous period to compare with.
  const parsed = parseProductsParams(url.searchParams);
  const rangeErrors = parsed.ok ? [] : parsed.errors.filter((e) => e.path === "range" || e.path === "from" || e.path === "to");
  const chosen = parsed.ok && parsed.params.range !== "all" ? parsed.params : { range: "12m" as const, from: null, to: null };
  const preset = chosen.range;
  const [status, latest, sync] = await Promise.all([
    installationStatus(db, { shop: session.shop, requiredScopes: config().scopes, apiVersion: API_VERSION }),
    latestOrders(admin.graphql),
    getSyncStatus(db, session.shop),
  ]);
  // Margins need the shop's currency and time zone, known once the install finished.
  const margins = status.currencyCode
    ? await dashboard(db, session.shop, resolveRange(chosen, localDate(new Date().toISOString(), status.ianaTimezone ?? "UTC")))
    : null;
  const onboarding = status.currencyCode ? await onboardingSteps(db, session.shop) : [];
  return { status, latest, sync, margins, preset, custom: { from: chosen.from, to: chosen.to }, rangeErrors, onboarding, locale: url.searchParams.get("locale") ?? "en" };
};

function OnboardingCard({ steps }: { steps: OnboardingStep[] }) {
  const done = steps.filter((s) => s.done).length;
  return (
    <Card>
      <BlockStack gap="300">
        <InlineStack align="space-between" blockAlign="center">
          <Text as="h2" variant="headingMd">
            Get to a net margin you can trust
          </Text>
          <Text as="span" tone="subdued">
            {done} of {steps.length} done
          </Text>
        </InlineStack>
        <ProgressBar progress={Math.round((done / steps.length) * 100)} size="small" tone="success" animated={false} />
        <BlockStack gap="200">
          {steps.map((step) => (
            <InlineStack key={step.id} gap="200" blockAlign="start" wrap={false}>
              <Badge tone={step.done ? "success" : "attention"}>{step.done ? "Done" : "To do"}</Badge>
              <BlockStack gap="050">
                <Text as="p" fontWeight="semibold">
                  {step.url && !step.done ? <RemixLink to={step.url}>{step.title}</RemixLink> : step.title}
                </Text>
                <Text as="p" tone="subdued">
                  {step.detail}
                </Text>
              </BlockStack>
            </InlineStack>
          ))}
        </BlockStack>
      </BlockStack>
    </Card>
  );
}

function MarginsCard({
  margins,
  preset,
  custom,
  rangeErrors,
  locale,
}: {
  margins: NonNullable<Awaited<ReturnType<typeof loader>>["margins"]>;
  preset: string;
  custom: { from: string | null; to: string | null };
  rangeErrors: { path: string; message: string }[];
  locale: string;
}) {
  const [search, setSearch] = useSearchParams();
  const format = new Intl.NumberFormat(locale, { style: "currency", currency: margins.currency });
  const money = (minor: number) => format.format(formatDecimal(minor, margins.currency) as unknown as number);
  const c = margins.current;
  const b = margins.before;
  const pct = (num: number, den: number) => (den > 0 ? `${((num / den) * 100).toFixed(1)} %` : "—");
  const change = (now: number, then: number) => (then === 0 ? "" : ` (${now >= then ? "+" : ""}${(((now - then) / Math.abs(then)) * 100).toFixed(0)} % vs previous period)`);
  const kpis = [
    { label: "Net revenue", value: money(c.netRevenue), note: change(c.netRevenue, b.netRevenue) },
    { label: "Gross margin", value: money(c.netRevenue - c.costOfGoods), note: ` ${pct(c.netRevenue - c.costOfGoods, c.netRevenue)}` },
    { label: "Net margin", value: money(c.netMargin), note: ` ${pct(c.netMargin, c.netRevenue)}${change(c.netMargin, b.netMargin)}` },
    {
      label: "Orders",
      value: c.orders.toLocaleString(locale),
      // Gift-card-only orders have no margin: not counted, but said so.
      note: [
        change(c.orders, b.orders).trim(),
        c.giftCardOnlyOrders > 0 ? `${c.giftCardOnlyOrders.toLocaleString(locale)} gift-card-only order${c.giftCardOnlyOrders === 1 ? "" : "s"} not counted (no margin)` : "",
      ]
        .filter((t) => t !== "")
        .join(" · "),
    },
    { label: "Average basket", value: c.orders > 0 ? money(Math.round(c.netRevenue / c.orders)) : "—", note: c.orders > 0 ? ` ${(c.items / c.orders).toFixed(1)} items per order` : "" },
    { label: "Loss-making orders", value: pct(c.lossOrders, c.orders), note: ` ${c.lossOrders.toLocaleString(locale)} orders` },
  ];
  const steps: [string, number][] = [
    ["Net revenue", c.netRevenue],
    ["Cost of goods", -c.costOfGoods],
    ["Shipping", -c.shipping],
    ["Packaging and labour", -(c.packaging + c.labour)],
    ["Payment fees", -c.paymentFees],
    ["Fixed costs", -c.fixedCosts],
    ["Provisions", -c.provisions],
    ["Net margin", c.netMargin],
  ];
  const scale = Math.max(1, c.netRevenue);
  return (
    <Card>
      <BlockStack gap="400">
        <InlineStack align="space-between" blockAlign="center">
          <Text as="h2" variant="headingMd">
            Margins, {margins.range.from} to {margins.range.to} (end excluded), against {margins.previous.from} to {margins.previous.to}
          </Text>
          <DateRangeFilter
            range={preset}
            from={custom.from}
            to={custom.to}
            presets={["30d", "90d", "12m", "custom"]}
            errors={{ from: rangeErrors.find((e) => e.path === "from")?.message, to: rangeErrors.find((e) => e.path === "to")?.message }}
            onChange={(changes) => {
              const next = new URLSearchParams(search);
              for (const [k, v] of Object.entries(changes)) {
                if (v === null || v === "") next.delete(k);
                else next.set(k, v);
              }
              setSearch(next);
            }}
          />
        </InlineStack>
        {c.orders === 0 ? (
          <Text as="p" tone="subdued">
            No orders with margins in this period yet. Margins appear a moment after the first sync.
          </Text>
        ) : (
          <>
            <InlineGrid columns={{ xs: 2, md: 3 }} gap="300">
              {kpis.map((k) => (
                <Box key={k.label} padding="300" background="bg-surface-secondary" borderRadius="200">
                  <BlockStack gap="100">
                    <Text as="p" tone="subdued">
                      {k.label}
                    </Text>
                    <Text as="p" variant="headingLg">
                      {k.value}
                    </Text>
                    <Text as="p" variant="bodySm" tone="subdued">
                      {k.note.trim() || " "}
                    </Text>
                  </BlockStack>
                </Box>
              ))}
            </InlineGrid>
            <InlineGrid columns={{ xs: 1, lg: 2 }} gap="400">
              <BlockStack gap="150">
                <Text as="h3" variant="headingSm">
                  From revenue to net margin
                </Text>
                <WaterfallChart steps={steps.map(([label, amount]) => ({ label, amount }))} currency={margins.currency} locale={locale} />
                <DataTable
                  columnContentTypes={["text", "numeric", "numeric"]}
                  headings={["Step", "Amount", "Share of net revenue"]}
                  rows={steps.map(([label, amount]) => [label, money(amount), pct(Math.abs(amount), scale)])}
                />
              </BlockStack>
              <BlockStack gap="150">
                <Text as="h3" variant="headingSm">
                  Net margin over time (per {margins.trend.granularity})
                </Text>
                <MarginTrendChart
                  points={margins.trend.points.map((p) => ({ label: p.start, netRevenue: p.netRevenue, netMargin: p.netMargin }))}
                  currency={margins.currency}
                  locale={locale}
                />
              </BlockStack>
            </InlineGrid>
            {margins.worstProducts.length > 0 && (
              <BlockStack gap="150">
                <Text as="h3" variant="headingSm">
                  Products losing the most
                </Text>
                <List>
                  {margins.worstProducts.map((p) => (
                    <List.Item key={p.productId ?? p.title}>
                      <Text as="span" fontWeight="semibold">
                        {p.title}
                      </Text>{" "}
                      {money(p.netMargin)}: {p.reason}
                    </List.Item>
                  ))}
                </List>
                <RemixLink to="/app/products?flag=LOSS">See every loss-making product</RemixLink>
              </BlockStack>
            )}
          </>
        )}
      </BlockStack>
    </Card>
  );
}

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
  const { status, latest, sync, margins, preset, custom, rangeErrors, onboarding, locale } = useLoaderData<typeof loader>();
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
        {onboarding.some((s) => !s.done) && (
          <Layout.Section>
            <OnboardingCard steps={onboarding} />
          </Layout.Section>
        )}
        {margins && (
          <Layout.Section>
            <MarginsCard margins={margins} preset={preset} custom={custom} rangeErrors={rangeErrors} locale={locale} />
          </Layout.Section>
        )}
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
