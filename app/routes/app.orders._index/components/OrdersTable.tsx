import { Link as RemixLink } from "@remix-run/react";
import { Badge, BlockStack, Box, IndexTable, InlineStack, Text, useBreakpoints } from "@shopify/polaris";

import { FLAG_LABELS, FLAG_TONE } from "~/components/flags";
import { countryName, formatDate, gatewayName, REFUND_LABELS, type MoneyFormat } from "~/components/format";
import { AdminLinkButton, adminUrl } from "~/components/ListControls";
import type { SearchChanges } from "~/components/search-params";
import type { OrderRow, OrdersParams } from "~/services/orders-view.server";

const COLUMNS = [
  { title: "Order", sort: null },
  { title: "Date", sort: "processedAt" },
  { title: "Gateway", sort: null },
  { title: "Country", sort: null },
  { title: "Net revenue", sort: null },
  { title: "Shipping", sort: null },
  { title: "Net margin", sort: "netMargin" },
  { title: "Margin %", sort: null },
  { title: "Flags", sort: null },
] as const;
/** The amount columns, aligned right. */
const NUMERIC = new Set(["Net revenue", "Shipping", "Net margin", "Margin %"]);

type RowProps = { row: OrderRow; position: number; search: string; money: MoneyFormat; percent: Intl.NumberFormat; locale: string };

/**
 * The page's orders, sortable by date or net margin; each links to its breakdown. Below
 * Polaris's small breakpoint the table is condensed: a block per order, its name and net
 * margin on the first line.
 */
export function OrdersTable(props: {
  /** The request came from a phone: condensed from the server's render on (see phoneHint). */
  phone: boolean;
  rows: readonly OrderRow[];
  params: Pick<OrdersParams, "sort" | "direction">;
  /** The page's query string, carried to an order's page. */
  search: string;
  loading: boolean;
  locale: string;
  money: MoneyFormat;
  set: (changes: SearchChanges) => void;
}) {
  const { params, search, money, set } = props;
  const { smDown: condensed } = useBreakpoints({ defaults: { smDown: props.phone } });
  const percent = new Intl.NumberFormat(props.locale, { style: "percent", minimumFractionDigits: 1, maximumFractionDigits: 1 });
  const sortIndex = COLUMNS.findIndex((c) => c.sort === params.sort);
  const Row = condensed ? CondensedOrderRow : OrderTableRow;
  return (
    <IndexTable
      resourceName={{ singular: "order", plural: "orders" }}
      itemCount={props.rows.length}
      selectable={false}
      loading={props.loading}
      condensed={condensed}
      headings={COLUMNS.map((c) => ({ title: c.title, ...(NUMERIC.has(c.title) ? { alignment: "end" as const } : {}) })) as never}
      sortable={COLUMNS.map((c) => c.sort !== null)}
      sortColumnIndex={sortIndex < 0 ? undefined : sortIndex}
      sortDirection={params.direction === "asc" ? "ascending" : "descending"}
      onSort={(index, direction) => {
        const column = COLUMNS[index];
        if (column?.sort) set({ sort: column.sort, direction: direction === "ascending" ? "asc" : "desc" });
      }}
    >
      {props.rows.map((r, i) => (
        <Row key={r.orderId} row={r} position={i} search={search} money={money} percent={percent} locale={props.locale} />
      ))}
    </IndexTable>
  );
}

/** The order's name, a link to its NetMargin page (`data-cell="title"` for tests). */
function OrderName({ row: r, search }: { row: OrderRow; search: string }) {
  return (
    <span data-cell="title">
      <RemixLink to={`/app/orders/${encodeURIComponent(r.orderId.split("/").pop()!)}?${search}`}>
        <Text as="span" fontWeight="semibold">
          {r.orderName}
        </Text>
      </RemixLink>
    </span>
  );
}

function Margin({ row: r, money }: { row: OrderRow; money: MoneyFormat }) {
  return (
    <span data-cell="net-margin">
      <Text as="span" alignment="end" numeric fontWeight="semibold" tone={r.netMargin < 0 ? "critical" : undefined}>
        {r.giftCardOnly ? "—" : money(r.netMargin)}
      </Text>
    </span>
  );
}

function Badges({ row: r }: { row: OrderRow }) {
  if (!r.refund && r.flags.length === 0 && !r.feesEstimated && !r.giftCardOnly) return null;
  return (
    <InlineStack gap="100" wrap>
      {r.refund && <Badge tone={r.refund === "refunded" ? "info" : undefined}>{REFUND_LABELS[r.refund]}</Badge>}
      {r.flags.map((f) => (
        <Badge key={f} tone={FLAG_TONE[f]}>
          {FLAG_LABELS[f]}
        </Badge>
      ))}
      {r.feesEstimated && <Badge>Fees estimated</Badge>}
      {r.giftCardOnly && <Badge tone="info">Gift cards only, not in margin totals</Badge>}
    </InlineStack>
  );
}

function AdminLink({ row: r }: { row: OrderRow }) {
  return <AdminLinkButton url={adminUrl("orders", r.orderId)} label={`Open order ${r.orderName} in Shopify admin`} />;
}

function OrderTableRow({ row: r, position, search, money, percent, locale }: RowProps) {
  const shippingHeavy = r.flags.includes("SHIPPING_HEAVY");
  return (
    <IndexTable.Row id={r.orderId} position={position}>
      <IndexTable.Cell>
        <BlockStack gap="050">
          <OrderName row={r} search={search} />
          <AdminLink row={r} />
        </BlockStack>
      </IndexTable.Cell>
      <IndexTable.Cell>{formatDate(r.localDate, locale)}</IndexTable.Cell>
      <IndexTable.Cell>{gatewayName(r.gateway)}</IndexTable.Cell>
      <IndexTable.Cell>{countryName(r.countryCode, locale)}</IndexTable.Cell>
      <IndexTable.Cell>
        <Text as="span" alignment="end" numeric>
          {money(r.netRevenue)}
        </Text>
      </IndexTable.Cell>
      <IndexTable.Cell>
        {/* The parcel's carrier cost, in the flag's colour where it makes the order Shipping-heavy. */}
        <span data-cell="shipping">
          <Text as="span" alignment="end" numeric tone={shippingHeavy ? "caution" : undefined} fontWeight={shippingHeavy ? "semibold" : undefined}>
            {money(r.shipping)}
          </Text>
        </span>
      </IndexTable.Cell>
      <IndexTable.Cell>
        <Margin row={r} money={money} />
      </IndexTable.Cell>
      <IndexTable.Cell>
        <Text as="span" alignment="end" numeric>
          {r.marginBp === null ? "—" : percent.format(r.marginBp / 10_000)}
        </Text>
      </IndexTable.Cell>
      <IndexTable.Cell>
        <Badges row={r} />
      </IndexTable.Cell>
    </IndexTable.Row>
  );
}

/** An order on a small screen: name and net margin first, then date and place, revenue and shipping, badges. */
function CondensedOrderRow({ row: r, position, search, money, percent, locale }: RowProps) {
  return (
    <IndexTable.Row id={r.orderId} position={position}>
      <Box padding="300" width="100%">
        <BlockStack gap="100">
          <InlineStack align="space-between" blockAlign="start" wrap={false} gap="200">
            <OrderName row={r} search={search} />
            <Margin row={r} money={money} />
          </InlineStack>
          <Text as="p" variant="bodySm" tone="subdued">
            {formatDate(r.localDate, locale)} · {gatewayName(r.gateway)} · {countryName(r.countryCode, locale)}
          </Text>
          <Text as="p" variant="bodySm" tone="subdued">
            Net revenue {money(r.netRevenue)} · shipping {money(r.shipping)}
            {r.marginBp === null ? "" : ` · ${percent.format(r.marginBp / 10_000)}`}
          </Text>
          <Badges row={r} />
          <InlineStack>
            <AdminLink row={r} />
          </InlineStack>
        </BlockStack>
      </Box>
    </IndexTable.Row>
  );
}
