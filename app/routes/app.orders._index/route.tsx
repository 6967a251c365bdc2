import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData, useNavigation } from "@remix-run/react";
import { Box, Card, EmptyState, InlineStack, Layout, Page, Pagination, Text } from "@shopify/polaris";
import { useState } from "react";

import { formatDateRange, moneyFormatter } from "~/components/format";
import { exportLabel, ListBanners, ListDateRange, phoneHint, useCsvExport } from "~/components/ListControls";
import { useSearchParamSetter } from "~/components/search-params";
import db from "~/db.server";
import { ordersView, parseOrdersParams, productTitle } from "~/services/orders-view.server";
import { readFormData } from "~/services/body-limit.server";
import { savedViewAction, savedViews } from "~/services/saved-views.server";
import { authenticate } from "~/shopify.server";

import { OrderFilters } from "./components/OrderFilters";
import { OrdersTable } from "./components/OrdersTable";

/** Orders with their stored net margin; filters, sorting and pages on the server. */
export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const url = new URL(request.url);
  const parsed = parseOrdersParams(url.searchParams);
  // A bad filter (say, custom dates in the wrong order) shows the defaults with the field named, not an error page.
  const fallback = parseOrdersParams(new URLSearchParams());
  const params = parsed.ok ? parsed.params : fallback.ok ? fallback.params : null;
  if (params === null) throw new Error("default list parameters must parse");
  const [view, product, views] = await Promise.all([
    ordersView(db, session.shop, params),
    params.product === null ? null : productTitle(db, session.shop, params.product),
    savedViews(db, session.shop, "orders"),
  ]);
  return { view, views, params, productTitle: product, errors: parsed.ok ? [] : parsed.errors, raw: { from: url.searchParams.get("from"), to: url.searchParams.get("to") }, locale: url.searchParams.get("locale") ?? "en", phone: phoneHint(request.headers) };
};

/** The saved views' "Save as", rename and delete (app/services/saved-views.server.ts). */
export const action = async ({ request }: ActionFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const answer = await savedViewAction(db, session.shop, "orders", await readFormData(request));
  if (answer === null) return Response.json({ ok: false, intent: "", errors: [{ path: "intent", message: "nothing to do" }] }, { status: 400 });
  return Response.json(answer, { status: answer.ok ? 200 : 422 });
};

export default function Orders() {
  const { view, views, params, productTitle: product, errors, raw, locale, phone } = useLoaderData<typeof loader>();
  const [search, set] = useSearchParamSetter({ resetPage: true });
  const navigation = useNavigation();
  const [exportError, setExportError] = useState<string | null>(null);
  const money = moneyFormatter(view.currency, locale);
  const pages = Math.max(1, Math.ceil(view.total / view.pageSize));
  const hasNext = view.totalCapped || view.page < pages;
  const loading = navigation.state === "loading";
  // The export is a page action saying what it exports: every order matching the filters, not the page on screen.
  const csv = useCsvExport(`/app/orders/csv?${search.toString()}`, "netmargin-orders.csv", setExportError);
  const filtered = params.flag !== null || params.search !== "" || params.gateway !== null || params.country !== null || params.product !== null;

  return (
    <Page
      fullWidth
      title="Orders"
      subtitle={`Net margin per order, ${params.range === "all" ? "all time" : formatDateRange(view.range.from, view.range.to, locale)}, in ${view.currency}`}
      secondaryActions={[{ content: exportLabel(view.total, view.totalCapped, { one: "order", other: "orders" }, locale), onAction: csv.run, loading: csv.busy, disabled: view.total === 0 }]}
    >
      <Layout>
        <ListBanners errors={errors} exportError={exportError} onDismissExport={() => setExportError(null)} />
        <Layout.Section>
          <Card padding="0">
            <Box padding="300">
              <ListDateRange params={params} raw={raw} errors={errors} set={set} locale={locale} />
            </Box>
            <OrderFilters params={params} views={views} productTitle={product} gateways={view.gateways} countries={view.countries} loading={loading} set={set} />
            {view.total === 0 ? (
              <EmptyState heading="No orders match" image="">
                <p>{filtered ? "Try another search, tab or filter, or a longer date range." : "Pick a longer date range. Margins appear a moment after the first sync."}</p>
              </EmptyState>
            ) : (
              <OrdersTable phone={phone} rows={view.rows} params={params} search={search.toString()} loading={loading} locale={locale} money={money} set={set} />
            )}
            <Box padding="300">
              <InlineStack align="space-between" blockAlign="center" gap="200">
                <Text as="p" tone="subdued">
                  {view.total.toLocaleString(locale)}
                  {view.totalCapped ? "+" : ""} order{view.total === 1 && !view.totalCapped ? "" : "s"} · page {view.page}
                  {view.totalCapped ? "" : ` of ${pages}`}
                </Text>
                <Pagination hasPrevious={view.page > 1} onPrevious={() => set({ page: String(view.page - 1) })} hasNext={hasNext} onNext={() => set({ page: String(view.page + 1) })} />
              </InlineStack>
            </Box>
          </Card>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
