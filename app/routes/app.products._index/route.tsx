import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData, useNavigation } from "@remix-run/react";
import { BlockStack, Box, Card, EmptyState, InlineStack, Layout, Page, Pagination, Text } from "@shopify/polaris";
import { useState } from "react";

import { formatDateRange, moneyFormatter } from "~/components/format";
import { exportLabel, ListBanners, phoneHint, useCsvExport } from "~/components/ListControls";
import { useSearchParamSetter } from "~/components/search-params";
import db from "~/db.server";
import { parseProductsParams, productsView } from "~/services/products-view.server";
import { readFormData } from "~/services/body-limit.server";
import { savedViewAction, savedViews } from "~/services/saved-views.server";
import { authenticate } from "~/shopify.server";

import { ProductDateRange, ProductFilters } from "./components/ProductFilters";
import { ProductsTable } from "./components/ProductsTable";

/**
 * Products: every product sold in the range with its net margin, loss-makers
 * first. Aggregation, sorting, filters and pages are done on the server
 * (app/margins/product-report.server.ts over the stored day totals).
 */
export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const url = new URL(request.url);
  const parsed = parseProductsParams(url.searchParams);
  // A bad filter (say, custom dates in the wrong order) shows the defaults with the field named, not an error page.
  const fallback = parseProductsParams(new URLSearchParams());
  const params = parsed.ok
    ? parsed.params
    : fallback.ok
    ? fallback.params
    : null;
  if (params === null) throw new Error("default list parameters must parse");
  const [view, views] = await Promise.all([productsView(db, session.shop, params), savedViews(db, session.shop, "products")]);
  return {
    view,
    views,
    params,
    errors: parsed.ok ? [] : parsed.errors,
    raw: { from: url.searchParams.get("from"), to: url.searchParams.get("to") },
    locale: url.searchParams.get("locale") ?? "en",
    phone: phoneHint(request.headers),
  };
};

/** The saved views' "Save as", rename and delete (app/services/saved-views.server.ts). */
export const action = async ({ request }: ActionFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const answer = await savedViewAction(db, session.shop, "products", await readFormData(request));
  if (answer === null) return Response.json({ ok: false, intent: "", errors: [{ path: "intent", message: "nothing to do" }] }, { status: 400 });
  return Response.json(answer, { status: answer.ok ? 200 : 422 });
};

export default function Products() {
  const { view, views, params, errors, raw, locale, phone } = useLoaderData<typeof loader>();
  const [search, set] = useSearchParamSetter({ resetPage: true });
  const navigation = useNavigation();
  const money = moneyFormatter(view.currency, locale);
  const [exportError, setExportError] = useState<string | null>(null);
  const pages = Math.max(1, Math.ceil(view.total / view.pageSize));
  const loading = navigation.state === "loading";
  // The export is a page action saying what it exports: every product matching the filters, not the page on screen.
  const csv = useCsvExport(`/app/products/csv?${search.toString()}`, "netmargin-products.csv", setExportError);

  return (
    <Page
      fullWidth
      title="Products"
      subtitle={`Net margin per product, ${params.range === "all" ? "all time" : formatDateRange(view.range.from, view.range.to, locale)}, in ${view.currency}`}
      secondaryActions={[{ content: exportLabel(view.total, false, { one: "product", other: "products" }, locale), onAction: csv.run, loading: csv.busy, disabled: view.total === 0 }]}
    >
      <Layout>
        <ListBanners errors={errors} exportError={exportError} onDismissExport={() => setExportError(null)} />
        <Layout.Section>
          <Card padding="0">
            <Box padding="300">
              <ProductDateRange params={params} raw={raw} errors={errors} set={set} locale={locale} />
            </Box>
            <ProductFilters params={params} loading={loading} set={set} views={views} />
            {view.total === 0 ? (
              <EmptyState heading={params.search || params.flag ? "No products match" : "No products sold in this range"} image="">
                <p>{params.search || params.flag ? "Try another search or tab, or a longer date range." : "Pick a longer date range, or wait for the first sync to finish."}</p>
              </EmptyState>
            ) : (
              <ProductsTable phone={phone} rows={view.rows} params={params} search={search.toString()} loading={loading} locale={locale} money={money} set={set} />
            )}
            <Box padding="300">
              <InlineStack align="space-between" blockAlign="center" gap="200">
                <Text as="p" tone="subdued">
                  {view.total.toLocaleString(locale)} product{view.total === 1 ? "" : "s"} · page {view.page} of {pages} · all products: net revenue {money(view.totals.netRevenue)}, net margin{" "}
                  {money(view.totals.netMargin)}
                </Text>
                <Pagination
                  hasPrevious={view.page > 1}
                  onPrevious={() => set({ page: String(view.page - 1) })}
                  hasNext={view.page < pages}
                  onNext={() => set({ page: String(view.page + 1) })}
                />
              </InlineStack>
            </Box>
          </Card>
        </Layout.Section>
        <Layout.Section>
          <BlockStack gap="200">
            <Text as="p" tone="subdued">
              Net margin = net revenue (after discounts and refunds, before tax) − cost of goods − shipping − other costs (packaging, labour, payment fees, fixed costs and
              provisions). Cancelled and test orders are left out.
            </Text>
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
