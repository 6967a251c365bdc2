import { Link as RemixLink } from "@remix-run/react";
import { Badge, IndexTable, InlineStack, Text } from "@shopify/polaris";

import { FLAG_LABELS, FLAG_TONE } from "~/components/flags";
import { countryName, formatDate, gatewayName, REFUND_LABELS, type MoneyFormat } from "~/components/format";
import type { SearchChanges } from "~/components/search-params";
import type { OrderRow, OrdersParams } from "~/services/orders-view.server";

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

/** The page's orders, sortable by date or net margin; each links to its breakdown. */
export function OrdersTable(props: {
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
  const percent = new Intl.NumberFormat(props.locale, { style: "percent", minimumFractionDigits: 1, maximumFractionDigits: 1 });
  const sortIndex = COLUMNS.findIndex((c) => c.sort === params.sort);
  return (
    <IndexTable
      resourceName={{ singular: "order", plural: "orders" }}
      itemCount={props.rows.length}
      selectable={false}
      loading={props.loading}
      headings={COLUMNS.map((c, i) => ({ title: c.title, ...(i >= 4 && i <= 6 ? { alignment: "end" as const } : {}) })) as never}
      sortable={COLUMNS.map((c) => c.sort !== null)}
      sortColumnIndex={sortIndex < 0 ? undefined : sortIndex}
      sortDirection={params.direction === "asc" ? "ascending" : "descending"}
      onSort={(index, direction) => {
        const column = COLUMNS[index];
        if (column?.sort) set({ sort: column.sort, direction: direction === "ascending" ? "asc" : "desc" });
      }}
    >
      {props.rows.map((r, i) => (
        <OrderTableRow key={r.orderId} row={r} position={i} search={search} money={money} percent={percent} locale={props.locale} />
      ))}
    </IndexTable>
  );
}

function OrderTableRow({ row: r, position, search, money, percent, locale }: { row: OrderRow; position: number; search: string; money: MoneyFormat; percent: Intl.NumberFormat; locale: string }) {
  return (
    <IndexTable.Row id={r.orderId} position={position}>
      <IndexTable.Cell>
        <RemixLink to={`/app/orders/${encodeURIComponent(r.orderId.split("/").pop()!)}?${search}`}>
          <Text as="span" fontWeight="semibold">
            {r.orderName}
          </Text>
        </RemixLink>
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
          {r.refund && <Badge tone={r.refund === "refunded" ? "info" : undefined}>{REFUND_LABELS[r.refund]}</Badge>}
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
  );
}
