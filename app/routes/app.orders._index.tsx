import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link as RemixLink, useLoaderData, useNavigation } from "@remix-run/react";
import { Badge, Banner, Box, Button, Card, EmptyState, IndexTable, InlineStack, Layout, Page, Pagination, Select, Text } from "@shopify/polaris";
import { useState } from "react";

import { DateRangeFilter } from "~/components/DateRangeFilter";
import { downloadFile } from "~/components/download";
import { FLAG_LABELS, FLAG_TONE } from "~/components/flags";
import { moneyFormatter } from "~/components/format";
import { useSearchParamSetter } from "~/components/search-params";
import db from "~/db.server";
import { FLAG_CODES } from "~/domain/margin";
import { ordersView, parseOrdersParams } from "~/services/orders-view.server";
import type { OrderRow } from "~/services/orders-view.server";
import { authenticate } from "~/shopify.server";

/** Orders with their stored net margin; filters, sorting and pages on the server. */
export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const url = new URL(request.url);
  const parsed = parseOrdersParams(url.searchParams);
  // A bad filter (say, custom dates in the wrong order) shows the defaults with the field named, not an error page.
  const fallback = parseOrdersParams(new URLSearchParams());
  const params = parsed.ok ? parsed.params : fallback.ok ? fallback.params : null;
  if (params === null) throw new Error("default list parameters must parse");
  const view = await ordersView(db, session.shop, params);
  return { view, params, errors: parsed.ok ? [] : parsed.errors, raw: { from: url.searchParams.get("from"), to: url.searchParams.get("to") }, locale: url.searchParams.get("locale") ?? "en" };
};

const COLUMNS = [
  { title: "Order", sort: null },
  { title: "Date", sort: "processedAt" },
  { title: "Gateway", sort: null },
  { title: "Country", sort: null },
  { title: "Net revenue", sort: null },
  { title: "Net margin", sort: "netMargin" },
  { title: "Margin %", sort: null },
  { title: "Flags", sort: null },
] as const;

export default function Orders() {
  const { view, params, errors, raw, locale } = useLoaderData<typeof loader>();
  const fieldError = (path: string) => errors.find((e) => e.path === path)?.message;
  const [search, set] = useSearchParamSetter({ resetPage: true });
  const navigation = useNavigation();
  const [exportError, setExportError] = useState<string | null>(null);
  const money = moneyFormatter(view.currency, locale);
  const percent = new Intl.NumberFormat(locale, { style: "percent", minimumFractionDigits: 1, maximumFractionDigits: 1 });
  const pages = Math.max(1, Math.ceil(view.total / view.pageSize));
  const hasNext = view.totalCapped || view.page < pages;
  const sortIndex = COLUMNS.findIndex((c) => c.sort === params.sort);

  const rows = view.rows.map((r: OrderRow, i: number) => (
    <IndexTable.Row id={r.orderId} key={r.orderId} position={i}>
      <IndexTable.Cell>
        <RemixLink to={`/app/orders/${encodeURIComponent(r.orderId.split("/").pop()!)}?${search.toString()}`}>
          <Text as="span" fontWeight="semibold">
            {r.orderName}
          </Text>
        </RemixLink>
      </IndexTable.Cell>
      <IndexTable.Cell>{r.localDate}</IndexTable.Cell>
      <IndexTable.Cell>{r.gateway ?? "—"}</IndexTable.Cell>
      <IndexTable.Cell>{r.countryCode ?? "—"}</IndexTable.Cell>
      <IndexTable.Cell>
        <Text as="span" alignment="end" numeric>
          {money(r.netRevenue)}
        </Text>
      </IndexTable.Cell>
      <IndexTable.Cell>
        <Text as="span" alignment="end" numeric fontWeight="semibold" tone={r.netMargin < 0 ? "critical" : undefined}>
          {r.giftCardOnly ? "—" : money(r.netMargin)}
        </Text>
      </IndexTable.Cell>
      <IndexTable.Cell>
        <Text as="span" alignment="end" numeric>
          {r.marginBp === null ? "—" : percent.format(r.marginBp / 10_000)}
        </Text>
      </IndexTable.Cell>
      <IndexTable.Cell>
        <InlineStack gap="100" wrap>
          {r.flags.map((f) => (
            <Badge key={f} tone={FLAG_TONE[f]}>
              {FLAG_LABELS[f]}
            </Badge>
          ))}
          {r.feesEstimated && <Badge>Fees estimated</Badge>}
          {r.giftCardOnly && <Badge tone="info">Gift cards only, not in margin totals</Badge>}
        </InlineStack>
      </IndexTable.Cell>
    </IndexTable.Row>
  ));

  return (
    <Page fullWidth title="Orders" subtitle={`Net margin per order, ${view.range.from} to ${view.range.to} (end excluded), in ${view.currency}`}>
      <Layout>
        {errors.length > 0 && (
          <Layout.Section>
            <Banner tone="critical" title="Some filters could not be used">
              <p>{errors.map((e) => `${e.path}: ${e.message}`).join("; ")}. Showing the default view.</p>
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
          <Card padding="0">
            <Box padding="300">
              <InlineStack gap="300" blockAlign="end" wrap>
                <DateRangeFilter
                  range={errors.length > 0 && raw.from !== null ? "custom" : params.range}
                  from={params.from ?? raw.from}
                  to={params.to ?? raw.to}
                  onChange={set}
                  errors={{ from: fieldError("from"), to: fieldError("to") }}
                />
                <Box minWidth="170px">
                  <Select
                    label="Flag"
                    options={[{ label: "All orders", value: "" }, ...FLAG_CODES.map((c) => ({ label: FLAG_LABELS[c], value: c }))]}
                    value={params.flag ?? ""}
                    onChange={(v) => set({ flag: v })}
                  />
                </Box>
                <Box minWidth="170px">
                  <Select label="Gateway" options={[{ label: "All gateways", value: "" }, ...view.gateways.map((g) => ({ label: g, value: g }))]} value={params.gateway ?? ""} onChange={(v) => set({ gateway: v })} />
                </Box>
                <Box minWidth="140px">
                  <Select label="Country" options={[{ label: "All countries", value: "" }, ...view.countries.map((c) => ({ label: c, value: c }))]} value={params.country ?? ""} onChange={(v) => set({ country: v })} />
                </Box>
                <Button
                  onClick={() => downloadFile(`/app/orders/csv?${search.toString()}`, "netmargin-orders.csv").then(() => setExportError(null), (e: Error) => setExportError(e.message))}
                  accessibilityLabel="Export the orders on screen as CSV"
                >
                  Export CSV
                </Button>
              </InlineStack>
            </Box>
            {view.total === 0 ? (
              <EmptyState heading="No orders match" image="">
                <p>Pick a longer date range or clear the filters. Margins appear a moment after the first sync.</p>
              </EmptyState>
            ) : (
              <IndexTable
                resourceName={{ singular: "order", plural: "orders" }}
                itemCount={view.rows.length}
                selectable={false}
                loading={navigation.state === "loading"}
                headings={COLUMNS.map((c, i) => ({ title: c.title, ...(i >= 4 && i <= 6 ? { alignment: "end" as const } : {}) })) as never}
                sortable={COLUMNS.map((c) => c.sort !== null)}
                sortColumnIndex={sortIndex < 0 ? undefined : sortIndex}
                sortDirection={params.direction === "asc" ? "ascending" : "descending"}
                onSort={(index, direction) => {
                  const column = COLUMNS[index];
                  if (column?.sort) set({ sort: column.sort, direction: direction === "ascending" ? "asc" : "desc" });
                }}
              >
                {rows}
              </IndexTable>
            )}
            <Box padding="300">
              <InlineStack align="space-between" blockAlign="center">
                <Text as="p" tone="subdued">
                  {view.total.toLocaleString(locale)}
                  {view.totalCapped ? "+" : ""} orders · page {view.page}
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
