import { Form } from "@remix-run/react";
import { Button, InlineStack, TextField } from "@shopify/polaris";
import { useState } from "react";

import { ExportCsvButton, FlagSelect, ListDateRange } from "~/components/ListControls";
import type { SearchChanges } from "~/components/search-params";
import type { ProductsParams } from "~/services/products-view.server";

/** Date range, flag and text search (all kept in the URL), and the CSV export of the list as filtered. */
export function ProductFilters(props: {
  params: Pick<ProductsParams, "range" | "from" | "to" | "flag" | "search">;
  /** The dates as typed, when they could not be used. */
  raw: { from: string | null; to: string | null };
  errors: readonly { path: string; message: string }[];
  set: (changes: SearchChanges) => void;
  exportHref: string;
  onExport: (error: string | null) => void;
}) {
  const { params, set } = props;
  const [query, setQuery] = useState(params.search);
  return (
    <InlineStack gap="300" blockAlign="end" wrap>
      <ListDateRange params={params} raw={props.raw} errors={props.errors} set={set} />
      <FlagSelect allLabel="All products" minWidth="180px" value={params.flag} set={set} />
      <Form method="get" onSubmit={(e) => (e.preventDefault(), set({ q: query }))}>
        <InlineStack gap="200" blockAlign="end">
          <TextField label="Search products" value={query} onChange={setQuery} autoComplete="off" clearButton onClearButtonClick={() => (setQuery(""), set({ q: null }))} />
          <Button submit>Search</Button>
        </InlineStack>
      </Form>
      <ExportCsvButton href={props.exportHref} filename="netmargin-products.csv" accessibilityLabel="Export the products on screen as CSV" onExport={props.onExport} />
    </InlineStack>
  );
}
