import { Form } from "@remix-run/react";
import { BlockStack, Button, InlineStack, TextField } from "@shopify/polaris";
import { useState } from "react";

import { ExportCsvButton, FlagSelect, ListDateRange } from "~/components/ListControls";
import type { SearchChanges } from "~/components/search-params";
import type { ProductsParams } from "~/services/products-view.server";

/**
 * Text search on a row of its own, its button joined to the field (Polaris's connectedRight):
 * in the wrapping row of filters it moved when the field lost focus, and a click on its right
 * half missed. Below it the date range, flag (all kept in the URL) and the CSV export of every
 * product matching them.
 */
export function ProductFilters(props: {
  params: Pick<ProductsParams, "range" | "from" | "to" | "flag" | "search">;
  /** The dates as typed, when they could not be used. */
  raw: { from: string | null; to: string | null };
  errors: readonly { path: string; message: string }[];
  set: (changes: SearchChanges) => void;
  exportHref: string;
  exportLabel: string;
  onExport: (error: string | null) => void;
}) {
  const { params, set } = props;
  const [query, setQuery] = useState(params.search);
  return (
    <BlockStack gap="300">
      <Form method="get" role="search" onSubmit={(e) => (e.preventDefault(), set({ q: query }))}>
        <TextField
          label="Search products"
          labelHidden
          placeholder="Search products by title"
          value={query}
          onChange={setQuery}
          autoComplete="off"
          clearButton
          onClearButtonClick={() => (setQuery(""), set({ q: null }))}
          connectedRight={<Button submit>Search</Button>}
        />
      </Form>
      <InlineStack gap="300" blockAlign="end" wrap>
        <ListDateRange params={params} raw={props.raw} errors={props.errors} set={set} />
        <FlagSelect allLabel="All products" minWidth="180px" value={params.flag} set={set} />
        <ExportCsvButton href={props.exportHref} filename="netmargin-products.csv" label={props.exportLabel} onExport={props.onExport} />
      </InlineStack>
    </BlockStack>
  );
}
