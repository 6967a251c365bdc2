import { Link as RemixLink } from "@remix-run/react";
import { Badge, BlockStack, Box, Button, IndexTable, InlineStack, Text, Tooltip } from "@shopify/polaris";
import { useState } from "react";

import { FLAG_LABELS, FLAG_TONE } from "~/components/flags";
import type { MoneyFormat } from "~/components/format";
import type { SearchChanges } from "~/components/search-params";
import type { ProductRow, ProductsParams } from "~/services/products-view.server";

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

/**
 * The page's products, sortable by column; a product's variant rows are shown on
 * demand (the page's products only: products-view.server.ts).
 */
export function ProductsTable(props: {
  rows: readonly ProductRow[];
  params: Pick<ProductsParams, "sort" | "direction">;
  /** The page's query string, carried to a product's page. */
  search: string;
  loading: boolean;
  locale: string;
  money: MoneyFormat;
  set: (changes: SearchChanges) => void;
}) {
  const { params, search, locale, money, set } = props;
  const [expanded, setExpanded] = useState<Set<string>>(() => new Set());
  const sortIndex = COLUMNS.findIndex((c) => c.sort === params.sort);
  const percent = new Intl.NumberFormat(locale, {
    style: "percent",
    minimumFractionDigits: 1,
    maximumFractionDigits: 1,
  });
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
        <Text as="span" alignment="end" numeric tone={r.netMargin < 0 ? "critical" : undefined} fontWeight="semibold">
          {money(r.netMargin)}
        </Text>
      </IndexTable.Cell>
      <IndexTable.Cell>
        <Text as="span" alignment="end" numeric tone={r.marginBp !== null && r.marginBp < 0 ? "critical" : undefined}>
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
  const rows = props.rows.flatMap((r: ProductRow) => {
    const id = r.productId ?? "custom";
    const variants = r.variants ?? [];
    const open = expanded.has(id);
    const main = (
      <IndexTable.Row id={id} key={id} position={position++}>
        <IndexTable.Cell>
          <BlockStack gap="050">
            {r.productId ? (
              <RemixLink to={`/app/products/${r.productId.split("/").pop()}?${search}`}>
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
                <Button variant="plain" onClick={() => toggle(id)} accessibilityLabel={`${open ? "Hide" : "Show"} the ${variants.length} variants of ${r.title}`}>
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
        <IndexTable.Row rowType="child" id={`${id}|${v.variantId ?? ""}`} key={`${id}|${v.variantId ?? ""}`} position={position++}>
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
    <IndexTable
      resourceName={{ singular: "product", plural: "products" }}
      itemCount={props.rows.length}
      selectable={false}
      loading={props.loading}
      headings={
        COLUMNS.map((c, i) => ({
          title: c.title,
          ...(i > 0 && i < 7 ? { alignment: "end" as const } : {}),
        })) as never
      }
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
  );
}
