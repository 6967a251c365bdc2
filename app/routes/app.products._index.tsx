import type { LoaderFunctionArgs } from "@remix-run/node";
import {
  Form,
  Link as RemixLink,
  useLoaderData,
  useNavigation,
  useSearchParams,
} from "@remix-run/react";
import {
  Badge,
  Banner,
  BlockStack,
  Box,
  Button,
  Card,
  EmptyState,
  IndexTable,
  InlineStack,
  Layout,
  Page,
  Pagination,
  Select,
  Text,
  TextField,
  Tooltip,
} from "@shopify/polaris";
import { useState } from "react";

import { DateRangeFilter } from "~/components/DateRangeFilter";
import { downloadFile } from "~/components/download";
import { FLAG_LABELS, FLAG_TONE } from "~/components/flags";
import { moneyFormatter } from "~/components/format";
import db from "~/db.server";
import { FLAG_CODES } from "~/domain/margin";
import {
  parseProductsParams,
  productsView,
} from "~/services/products-view.server";
import type { ProductRow } from "~/services/products-view.server";
import { authenticate } from "~/shopify.server";

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
  const view = await productsView(db, session.shop, params);
  return {
    view,
    params,
    errors: parsed.ok ? [] : parsed.errors,
    raw: { from: url.searchParams.get("from"), to: url.searchParams.get("to") },
    locale: url.searchParams.get("locale") ?? "en",
  };
};

const COLUMNS = [
  { title: "Product", sort: "title" },
  { title: "Units", sort: "units" },
  { title: "Net revenue", sort: "netRevenue" },
  { title: "Cost of goods", sort: null },
  { title: "Other costs", sort: null },
  { title: "Net margin", sort: "netMargin" },
  { title: "Margin %", sort: "marginPct" },
  { title: "Flags", sort: null },
] as const;

/** The inclusive last day of a range whose `to` is exclusive. */
function lastDay(to: string): string {
  const d = new Date(`${to}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

export default function Products() {
  const { view, params, errors, raw, locale } = useLoaderData<typeof loader>();
  const fieldError = (path: string) =>
    errors.find((e) => e.path === path)?.message;
  const [search, setSearch] = useSearchParams();
  const navigation = useNavigation();
  const money = moneyFormatter(view.currency, locale);
  const [query, setQuery] = useState(params.search);
  const [exportError, setExportError] = useState<string | null>(null);
  const [expanded, setExpanded] = useState<Set<string>>(() => new Set());
  const loading = navigation.state === "loading";
  const set = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(search);
    for (const [k, v] of Object.entries(changes)) {
      if (v === null || v === "") next.delete(k);
      else next.set(k, v);
    }
    if (!("page" in changes)) next.delete("page");
    setSearch(next);
  };
  const pages = Math.max(1, Math.ceil(view.total / view.pageSize));
  const sortIndex = COLUMNS.findIndex((c) => c.sort === params.sort);
  const exportHref = `/app/products/csv?${search.toString()}`;
  const percent = new Intl.NumberFormat(locale, {
    style: "percent",
    minimumFractionDigits: 1,
    maximumFractionDigits: 1,
  });

  // Variant rows of a product, shown on demand (the page's products only: products-view.server.ts).
  const toggle = (id: string) =>
    setExpanded((prev) => {
      const next = new Set(prev);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  const valueCells = (r: ProductRow) => (
    <>
      <IndexTable.Cell>
        <Text as="span" alignment="end" numeric>
          {r.units.toLocaleString(locale)}
        </Text>
      </IndexTable.Cell>
      <IndexTable.Cell>
        <Text as="span" alignment="end" numeric>
          {money(r.netRevenue)}
        </Text>
      </IndexTable.Cell>
      <IndexTable.Cell>
        <Text as="span" alignment="end" numeric>
          {money(r.costOfGoods)}
        </Text>
      </IndexTable.Cell>
      <IndexTable.Cell>
        <Text as="span" alignment="end" numeric>
          {money(r.otherCosts)}
        </Text>
      </IndexTable.Cell>
      <IndexTable.Cell>
        <Text
          as="span"
          alignment="end"
          numeric
          tone={r.netMargin < 0 ? "critical" : undefined}
          fontWeight="semibold"
        >
          {money(r.netMargin)}
        </Text>
      </IndexTable.Cell>
      <IndexTable.Cell>
        <Text
          as="span"
          alignment="end"
          numeric
          tone={r.marginBp !== null && r.marginBp < 0 ? "critical" : undefined}
        >
          {r.marginBp === null ? "—" : percent.format(r.marginBp / 10_000)}
        </Text>
      </IndexTable.Cell>
      <IndexTable.Cell>
        <InlineStack gap="100" wrap>
          {r.flags.map((f) => (
            <Tooltip key={f.code} content={f.reason}>
              <Badge tone={FLAG_TONE[f.code]}>{FLAG_LABELS[f.code]}</Badge>
            </Tooltip>
          ))}
        </InlineStack>
      </IndexTable.Cell>
    </>
  );
  let position = 0;
  const rows = view.rows.flatMap((r: ProductRow) => {
    const id = r.productId ?? "custom";
    const variants = r.variants ?? [];
    const open = expanded.has(id);
    const main = (
      <IndexTable.Row id={id} key={id} position={position++}>
        <IndexTable.Cell>
          <BlockStack gap="050">
            {r.productId ? (
              <RemixLink
                to={`/app/products/${r.productId
                  .split("/")
                  .pop()}?${search.toString()}`}
              >
                <Text as="span" fontWeight="semibold">
                  {r.title}
                </Text>
              </RemixLink>
            ) : (
              <Text as="span" fontWeight="semibold">
                {r.title}
              </Text>
            )}
            {variants.length > 1 ? (
              <span onClick={(e) => e.stopPropagation()}>
                <Button
                  variant="plain"
                  onClick={() => toggle(id)}
                  accessibilityLabel={`${open ? "Hide" : "Show"} the ${
                    variants.length
                  } variants of ${r.title}`}
                >
                  {open ? "Hide variants" : `${variants.length} variants`}
                </Button>
              </span>
            ) : null}
          </BlockStack>
        </IndexTable.Cell>
        {valueCells(r)}
      </IndexTable.Row>
    );
    if (!open) return [main];
    return [
      main,
      ...variants.map((v) => (
        <IndexTable.Row
          rowType="child"
          id={`${id}|${v.variantId ?? ""}`}
          key={`${id}|${v.variantId ?? ""}`}
          position={position++}
        >
          <IndexTable.Cell>
            <Box paddingInlineStart="400">
              <Text as="span" tone="subdued">
                {v.title}
              </Text>
            </Box>
          </IndexTable.Cell>
          {valueCells(v)}
        </IndexTable.Row>
      )),
    ];
  });

  return (
    <Page
      fullWidth
      title="Products"
      subtitle={`Net margin per product from ${view.range.from} to ${lastDay(
        view.range.to
      )}, in ${view.currency}`}
    >
      <Layout>
        {errors.length > 0 && (
          <Layout.Section>
            <Banner tone="critical" title="Some filters could not be used">
              <p>
                {errors.map((e) => `${e.path}: ${e.message}`).join("; ")}.
                Showing the default view.
              </p>
            </Banner>
          </Layout.Section>
        )}
        {exportError && (
          <Layout.Section>
            <Banner
              tone="critical"
              title="The CSV export failed"
              onDismiss={() => setExportError(null)}
            >
              <p>{exportError}. Try again in a moment.</p>
            </Banner>
          </Layout.Section>
        )}
        <Layout.Section>
          <Card padding="0">
            <Box padding="300">
              <InlineStack gap="300" blockAlign="end" wrap>
                <DateRangeFilter
                  range={
                    errors.length > 0 && raw.from !== null
                      ? "custom"
                      : params.range
                  }
                  from={params.from ?? raw.from}
                  to={params.to ?? raw.to}
                  onChange={set}
                  errors={{ from: fieldError("from"), to: fieldError("to") }}
                />
                <Box minWidth="180px">
                  <Select
                    label="Flag"
                    options={[
                      { label: "All products", value: "" },
                      ...FLAG_CODES.map((c) => ({
                        label: FLAG_LABELS[c],
                        value: c,
                      })),
                    ]}
                    value={params.flag ?? ""}
                    onChange={(v) => set({ flag: v })}
                  />
                </Box>
                <Form
                  method="get"
                  onSubmit={(e) => (e.preventDefault(), set({ q: query }))}
                >
                  <InlineStack gap="200" blockAlign="end">
                    <TextField
                      label="Search products"
                      value={query}
                      onChange={setQuery}
                      autoComplete="off"
                      clearButton
                      onClearButtonClick={() => (
                        setQuery(""), set({ q: null })
                      )}
                    />
                    <Button submit>Search</Button>
                  </InlineStack>
                </Form>
                <Button
                  onClick={() =>
                    downloadFile(exportHref, "netmargin-products.csv").then(
                      () => setExportError(null),
                      (e: Error) => setExportError(e.message)
                    )
                  }
                  accessibilityLabel="Export the products on screen as CSV"
                >
                  Export CSV
                </Button>
              </InlineStack>
            </Box>
            {view.total === 0 ? (
              <EmptyState heading="No products sold in this range" image="">
                <p>
                  Pick a longer date range, clear the filters, or wait for the
                  first sync to finish.
                </p>
              </EmptyState>
            ) : (
              <IndexTable
                resourceName={{ singular: "product", plural: "products" }}
                itemCount={view.rows.length}
                selectable={false}
                loading={loading}
                headings={
                  COLUMNS.map((c, i) => ({
                    title: c.title,
                    ...(i > 0 && i < 7 ? { alignment: "end" as const } : {}),
                  })) as never
                }
                sortable={COLUMNS.map((c) => c.sort !== null)}
                sortColumnIndex={sortIndex < 0 ? undefined : sortIndex}
                sortDirection={
                  params.direction === "asc" ? "ascending" : "descending"
                }
                onSort={(index, direction) => {
                  const column = COLUMNS[index];
                  if (column?.sort)
                    set({
                      sort: column.sort,
                      direction: direction === "ascending" ? "asc" : "desc",
                    });
                }}
              >
                {rows}
              </IndexTable>
            )}
            <Box padding="300">
              <InlineStack align="space-between" blockAlign="center">
                <Text as="p" tone="subdued">
                  {view.total.toLocaleString(locale)} products · page{" "}
                  {view.page} of {pages} · all products: net revenue{" "}
                  {money(view.totals.netRevenue)}, net margin{" "}
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
              Net margin = net revenue (after discounts and refunds, before tax)
              − cost of goods − shipping, packaging, labour, payment fees, fixed
              costs and provisions. Cancelled and test orders are left out.
            </Text>
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
