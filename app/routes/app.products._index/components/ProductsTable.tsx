import { IndexTable, useBreakpoints } from "@shopify/polaris";
import { useState } from "react";

import type { MoneyFormat } from "~/components/format";
import type { SearchChanges } from "~/components/search-params";
import type { ProductRow, ProductsParams } from "~/services/products-view.server";

import { CondensedProductRow, ProductTableRow, VariantTableRow } from "./ProductRows";

const COLUMNS = [
  { title: "Product", sort: "title" },
  { title: "Units", sort: "units" },
  { title: "Net revenue", sort: "netRevenue" },
  { title: "Cost of goods", sort: null },
  { title: "Shipping", sort: null },
  { title: "Other costs", sort: null },
  { title: "Net margin", sort: "netMargin" },
  { title: "Margin %", sort: "marginPct" },
  { title: "Flags", sort: null },
] as const;

/**
 * The page's products, sortable by column; a product's variant rows are shown on
 * demand (the page's products only: products-view.server.ts). Below Polaris's small
 * breakpoint the table is condensed (a block per product, title and net margin first).
 */
export function ProductsTable(props: {
  /** The request came from a phone: condensed from the server's render on (see phoneHint). */
  phone: boolean;
  rows: readonly ProductRow[];
  params: Pick<ProductsParams, "sort" | "direction">;
  /** The page's query string, carried to a product's page. */
  search: string;
  loading: boolean;
  locale: string;
  money: MoneyFormat;
  set: (changes: SearchChanges) => void;
}) {
  const { params, set } = props;
  const { smDown: condensed } = useBreakpoints({ defaults: { smDown: props.phone } });
  const [expanded, setExpanded] = useState<Set<string>>(() => new Set());
  const sortIndex = COLUMNS.findIndex((c) => c.sort === params.sort);
  const format = { locale: props.locale, money: props.money, percent: new Intl.NumberFormat(props.locale, { style: "percent", minimumFractionDigits: 1, maximumFractionDigits: 1 }) };
  const toggle = (id: string) =>
    setExpanded((prev) => {
      const next = new Set(prev);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  // Positions count the variant rows shown, so they run on across products.
  let position = 0;
  const rows = props.rows.flatMap((r: ProductRow) => {
    const id = r.productId ?? "custom";
    const open = expanded.has(id);
    const Row = condensed ? CondensedProductRow : ProductTableRow;
    const main = <Row key={id} id={id} position={position++} row={r} search={props.search} open={open} onToggle={() => toggle(id)} format={format} />;
    if (!open) return [main];
    return [
      main,
      ...(r.variants ?? []).map((v) => (
        <VariantTableRow key={`${id}|${v.variantId ?? ""}`} id={`${id}|${v.variantId ?? ""}`} position={position++} row={v} format={format} condensed={condensed} />
      )),
    ];
  });
  return (
    <IndexTable
      resourceName={{ singular: "product", plural: "products" }}
      itemCount={props.rows.length}
      selectable={false}
      loading={props.loading}
      condensed={condensed}
      headings={
        COLUMNS.map((c, i) => ({
          title: c.title,
          ...(i > 0 && i < COLUMNS.length - 1 ? { alignment: "end" as const } : {}),
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
