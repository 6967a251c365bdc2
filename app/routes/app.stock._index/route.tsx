import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link as RemixLink, useLoaderData, useNavigation } from "@remix-run/react";
import { Banner, BlockStack, Box, Card, EmptyState, InlineStack, Layout, Page, Pagination, Text } from "@shopify/polaris";
import { useState } from "react";

import { formatDate, formatDateTime, moneyFormatter } from "~/components/format";
import { phoneHint, useCsvExport } from "~/components/ListControls";
import { useSearchParamSetter } from "~/components/search-params";
import db from "~/db.server";
import { parseStockParams, stockPage } from "~/services/stock.server";
import { authenticate } from "~/shopify.server";

import { StockFilters } from "./components/StockFilters";
import { StockTable } from "./components/StockTable";
import { StockValueChart } from "./components/StockValueChart";

/** The page's controls as the merchant sees them, for the banner naming one that could not be used. */
const CONTROL_WORDS: Readonly<Record<string, string>> = { class: "Tab", sort: "Sort", direction: "Sort order", location: "Location", page: "Page", q: "Search" };

/**
 * Stock: what sits on the shelves, its class (out of stock, at risk, overstock, dead stock,
 * new, healthy), the cash it ties up and its value over time. Read from the stored stock
 * health (app/services/stock.server.ts; worked out in the background after each sync), one
 * page of rows; a location is worked out on request.
 */
export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const url = new URL(request.url);
  const parsed = parseStockParams(url.searchParams);
  const fallback = parseStockParams(new URLSearchParams());
  const params = parsed.ok ? parsed.params : fallback.ok ? fallback.params : null;
  if (params === null) throw new Error("default stock parameters must parse");
  const view = await stockPage(db, session.shop, params);
  return { view, params, errors: parsed.ok ? [] : parsed.errors, locale: url.searchParams.get("locale") ?? "en", phone: phoneHint(request.headers) };
};

export default function Stock() {
  const { view, params, errors, locale, phone } = useLoaderData<typeof loader>();
  const [search, set] = useSearchParamSetter({ resetPage: true });
  const navigation = useNavigation();
  const money = moneyFormatter(view.currency, locale);
  const [exportError, setExportError] = useState<string | null>(null);
  const csv = useCsvExport(`/app/stock/csv?${search.toString()}`, "netmargin-stock.csv", setExportError);
  const pages = Math.max(1, Math.ceil(view.total / view.pageSize));
  const loading = navigation.state === "loading";
  const where = view.location ? ` at ${view.location.name}` : "";
  const variantsListed = Object.values(view.classCounts).reduce((a, b) => a + b, 0);

  if (!view.inventorySynced) {
    return (
      <Page title="Stock">
        <Card>
          <EmptyState heading="No stock imported yet" image="">
            <p>NetMargin imports your stock levels from Shopify with the first sync. Once it has finished, this page shows what sits in stock, what runs out and the cash it ties up.</p>
          </EmptyState>
        </Card>
      </Page>
    );
  }

  if (view.pending) {
    return (
      <Page title="Stock">
        <Card>
          <EmptyState heading="Working out your stock health" image="">
            <p>
              NetMargin is working out what sits in stock, what runs out and the cash it ties up from the stock it imported. This takes a minute or so after a sync; reload the page
              shortly.
            </p>
          </EmptyState>
        </Card>
      </Page>
    );
  }

  return (
    <Page
      fullWidth
      title="Stock"
      subtitle={`On hand ${view.refreshedAt ? `at ${formatDateTime(view.refreshedAt, view.timeZone, locale)}` : "now"}${where}; sales up to ${formatDate(view.asOf, locale)}; amounts at cost in ${view.currency}`}
      secondaryActions={[{ content: `Export ${view.total.toLocaleString(locale)} variant${view.total === 1 ? "" : "s"} (CSV)`, onAction: csv.run, loading: csv.busy, disabled: view.total === 0 }]}
    >
      <Layout>
        {errors.length > 0 && (
          <Layout.Section>
            <Banner tone="critical" title="Some filters could not be used">
              <p>{errors.map((e) => `${CONTROL_WORDS[e.path] ?? "A filter"}: ${e.message}`).join("; ")}. Showing the default view.</p>
            </Banner>
          </Layout.Section>
        )}
        {exportError && (
          <Layout.Section>
            <Banner tone="critical" title="The CSV export failed" onDismiss={() => setExportError(null)}>
              <p>{exportError}. Try again in a moment.</p>
            </Banner>
          </Layout.Section>
        )}
        <Layout.Section>
          <Card>
            <BlockStack gap="200">
              <Text as="h2" variant="headingLg" id="stock-headline">
                {money(view.headline.amount)} of cash sits in stock you will not sell within {view.headline.days} days{where}
              </Text>
              <Text as="p" tone="subdued">
                Stock value at cost {money(view.cash.stockValue)} · dead stock {money(view.cash.deadValue)} · net margin lost to stock-outs in the last {view.options.longWindowDays} days{" "}
                {money(view.lostMargin)}
              </Text>
              <Text as="p" tone="subdued">
                At the pace of the last {view.options.shortWindowDays} days ({view.options.longWindowDays} when too few sales), counting only days in stock. Dead stock: no sale for {view.options.deadAfterDays} days;
                at risk: less cover than the supplier&apos;s {view.options.leadTimeDays} days plus {view.options.safetyDays} days of safety; overstock: more than {view.options.targetCoverDays} days of cover.
              </Text>
              {view.cash.variantsWithoutCost > 0 && (
                <Text as="p" tone="caution">
                  {view.cash.variantsWithoutCost.toLocaleString(locale)} variant{view.cash.variantsWithoutCost === 1 ? " has" : "s have"} stock but no unit cost: left out of these amounts.{" "}
                  <RemixLink to="/app/unit-costs">Enter the missing costs</RemixLink>
                </Text>
              )}
              {(view.untracked > 0 || view.deletedItems.items > 0) && (
                <Text as="p" tone="subdued">
                  {[
                    view.untracked > 0 ? `${view.untracked.toLocaleString(locale)} variant${view.untracked === 1 ? " is" : "s are"} not tracked by Shopify (no quantities to read): not listed.` : null,
                    view.deletedItems.items > 0
                      ? `${view.deletedItems.onHand.toLocaleString(locale)} unit${view.deletedItems.onHand === 1 ? "" : "s"} of ${view.deletedItems.items.toLocaleString(locale)} item${view.deletedItems.items === 1 ? "" : "s"} no longer in your catalog (deleted in Shopify): not listed.`
                      : null,
                  ]
                    .filter((x) => x !== null)
                    .join(" ")}
                </Text>
              )}
            </BlockStack>
          </Card>
        </Layout.Section>
        <Layout.Section>
          <Card padding="0">
            <StockFilters params={params} counts={view.classCounts} locations={view.locations} loading={loading} set={set} />
            {view.total === 0 ? (
              <EmptyState heading={variantsListed === 0 ? "No stock on hand" : "No variants match"} image="">
                <p>
                  {variantsListed === 0
                    ? `None of your tracked variants has a stock level${where ? where : " at an active location"}.`
                    : "Try another tab or search."}
                </p>
              </EmptyState>
            ) : (
              <StockTable phone={phone} rows={view.rows} params={params} loading={loading} locale={locale} money={money} set={set} />
            )}
            <Box padding="300">
              <InlineStack align="space-between" blockAlign="center" gap="200">
                <Text as="p" tone="subdued">
                  {view.total.toLocaleString(locale)} variant{view.total === 1 ? "" : "s"} · page {view.page} of {pages}
                </Text>
                <Pagination hasPrevious={view.page > 1} onPrevious={() => set({ page: String(view.page - 1) })} hasNext={view.page < pages} onNext={() => set({ page: String(view.page + 1) })} />
              </InlineStack>
            </Box>
          </Card>
        </Layout.Section>
        <Layout.Section>
          <Card>
            <BlockStack gap="200">
              <Text as="h2" variant="headingMd">
                Stock value at cost
              </Text>
              <Text as="p" tone="subdued" id="stock-history-note">
                Shopify keeps no stock history, so NetMargin records it itself
                {view.historyStarts ? `, from ${formatDate(view.historyStarts, locale)} (when it was installed) on` : " from the first stock import on"}; nothing before
                that is shown. All locations.
              </Text>
              {view.valueOverTime.length >= 2 ? (
                <StockValueChart days={view.valueOverTime} currency={view.currency} locale={locale} />
              ) : (
                <Text as="p">The chart appears once there are two days of history.</Text>
              )}
            </BlockStack>
          </Card>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
