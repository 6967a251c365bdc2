import { Link as RemixLink } from "@remix-run/react";
import { Badge, BlockStack, Box, IndexTable, InlineStack, Text, Tooltip, useBreakpoints, type BadgeProps } from "@shopify/polaris";

import { formatDate, type MoneyFormat } from "~/components/format";
import type { SearchChanges } from "~/components/search-params";
import { STOCK_CLASS_LABELS, type StockClass } from "~/domain/stock-health";
import type { StockListRow, StockParams } from "~/services/stock.server";

export const CLASS_TONE: Readonly<Record<StockClass, BadgeProps["tone"]>> = {
  "out-of-stock": "critical",
  "at-risk": "warning",
  new: "info",
  dead: "critical",
  overstock: "attention",
  healthy: "success",
};

const COLUMNS = [
  { title: "Product", sort: "title" },
  { title: "On hand", sort: "onHand" },
  { title: "Value at cost", sort: "value" },
  { title: "Days of cover", sort: "cover" },
  { title: "Class", sort: null },
  { title: "Cash tied up", sort: "cash" },
  { title: "Last sale", sort: "lastSale" },
] as const;

type Format = { locale: string; money: MoneyFormat };

/** The class badge, its reason on hover. `data-cell="class"` for tests. */
export function ClassBadge({ row }: { row: Pick<StockListRow, "stockClass" | "reason"> }) {
  return (
    <span data-cell="class">
      <Tooltip content={row.reason}>
        <Badge tone={CLASS_TONE[row.stockClass]}>{STOCK_CLASS_LABELS[row.stockClass]}</Badge>
      </Tooltip>
    </span>
  );
}

/** The product (a link to its NetMargin page) and, under it, the variant and SKU. */
function Title({ row: r }: { row: StockListRow }) {
  const sub = [r.variantTitle, r.sku].filter((x) => x !== null && x !== "").join(" · ");
  return (
    <BlockStack gap="050">
      <span data-cell="title">
        <RemixLink to={`/app/products/${r.productId.split("/").pop()}`}>
          <Text as="span" fontWeight="semibold">
            {r.productTitle}
          </Text>
        </RemixLink>
      </span>
      {sub ? (
        <Text as="span" variant="bodySm" tone="subdued">
          {sub}
        </Text>
      ) : null}
    </BlockStack>
  );
}

const cover = (r: StockListRow, locale: string) => (r.daysOfCover === null ? "No recent sales" : `${r.daysOfCover.toLocaleString(locale)} day${r.daysOfCover === 1 ? "" : "s"}`);
const lastSale = (r: StockListRow, locale: string) => (r.lastSaleOn === null ? "Never" : formatDate(r.lastSaleOn, locale));
const money = (n: number | null, f: MoneyFormat) => (n === null ? "Cost missing" : f(n));

/** Cash tied up: the part above the target cover (all of dead stock), the total on hover. */
function Cash({ row: r, format }: { row: StockListRow; format: Format }) {
  const excess = r.cash.excess;
  return (
    <span data-cell="cash">
      <Text as="span" alignment="end" numeric fontWeight={excess ? "semibold" : undefined} tone={excess ? "critical" : r.cash.excess === null ? "subdued" : undefined}>
        {money(excess, format.money)}
      </Text>
    </span>
  );
}

function Row({ row: r, position, format }: { row: StockListRow; position: number; format: Format }) {
  return (
    <IndexTable.Row id={r.variantId} position={position}>
      <IndexTable.Cell>
        <Title row={r} />
      </IndexTable.Cell>
      <IndexTable.Cell>
        <Text as="span" alignment="end" numeric>
          {r.onHand.toLocaleString(format.locale)}
        </Text>
      </IndexTable.Cell>
      <IndexTable.Cell>
        <Text as="span" alignment="end" numeric tone={r.valueAtCost === null ? "subdued" : undefined}>
          {money(r.valueAtCost, format.money)}
        </Text>
      </IndexTable.Cell>
      <IndexTable.Cell>
        <span data-cell="cover">
          <Text as="span" alignment="end" numeric>
            {cover(r, format.locale)}
          </Text>
        </span>
      </IndexTable.Cell>
      <IndexTable.Cell>
        <ClassBadge row={r} />
      </IndexTable.Cell>
      <IndexTable.Cell>
        <Cash row={r} format={format} />
      </IndexTable.Cell>
      <IndexTable.Cell>
        <Text as="span" alignment="end" numeric>
          {lastSale(r, format.locale)}
        </Text>
      </IndexTable.Cell>
    </IndexTable.Row>
  );
}

/** A phone's row: the title and the cash tied up first, then the class and the figures. */
function CondensedRow({ row: r, position, format }: { row: StockListRow; position: number; format: Format }) {
  return (
    <IndexTable.Row id={r.variantId} position={position}>
      <Box padding="300" width="100%">
        <BlockStack gap="100">
          <InlineStack align="space-between" blockAlign="start" wrap={false} gap="200">
            <Title row={r} />
            <Cash row={r} format={format} />
          </InlineStack>
          <InlineStack gap="200" blockAlign="center" wrap>
            <ClassBadge row={r} />
            <Text as="span" variant="bodySm" tone="subdued">
              {r.onHand.toLocaleString(format.locale)} on hand · {r.valueAtCost === null ? "no unit cost" : `${format.money(r.valueAtCost)} at cost`}
            </Text>
          </InlineStack>
          <Text as="p" variant="bodySm" tone="subdued">
            Cover: {cover(r, format.locale)} · last sale: {lastSale(r, format.locale)}
          </Text>
        </BlockStack>
      </Box>
    </IndexTable.Row>
  );
}

/** The page's variants, sortable by column; condensed below Polaris's small breakpoint (a block per variant). */
export function StockTable(props: {
  phone: boolean;
  rows: readonly StockListRow[];
  params: Pick<StockParams, "sort" | "direction">;
  loading: boolean;
  locale: string;
  money: MoneyFormat;
  set: (changes: SearchChanges) => void;
}) {
  const { params, set } = props;
  const { smDown: condensed } = useBreakpoints({ defaults: { smDown: props.phone } });
  const format = { locale: props.locale, money: props.money };
  const sortIndex = COLUMNS.findIndex((c) => c.sort === params.sort);
  const RowOf = condensed ? CondensedRow : Row;
  return (
    <IndexTable
      resourceName={{ singular: "variant", plural: "variants" }}
      itemCount={props.rows.length}
      selectable={false}
      loading={props.loading}
      condensed={condensed}
      headings={COLUMNS.map((c, i) => ({ title: c.title, ...(i > 0 && i !== 4 ? { alignment: "end" as const } : {}) })) as never}
      sortable={COLUMNS.map((c) => c.sort !== null)}
      sortColumnIndex={sortIndex < 0 ? undefined : sortIndex}
      sortDirection={params.direction === "asc" ? "ascending" : "descending"}
      onSort={(index, direction) => {
        const column = COLUMNS[index];
        if (column?.sort) set({ sort: column.sort, direction: direction === "ascending" ? "asc" : "desc" });
      }}
    >
      {props.rows.map((r, i) => (
        <RowOf key={r.variantId} row={r} position={i} format={format} />
      ))}
    </IndexTable>
  );
}
