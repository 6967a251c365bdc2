import { Form } from "@remix-run/react";
import { Box, Button, InlineStack, Select, TextField } from "@shopify/polaris";
import { useState } from "react";

import { DateRangeFilter } from "~/components/DateRangeFilter";
import { downloadFile } from "~/components/download";
import { FLAG_LABELS } from "~/components/flags";
import type { SearchChanges } from "~/components/search-params";
import { FLAG_CODES } from "~/domain/margin";
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
  const { params, raw, errors, set } = props;
  const fieldError = (path: string) => errors.find((e) => e.path === path)?.message;
  const [query, setQuery] = useState(params.search);
  return (
    <InlineStack gap="300" blockAlign="end" wrap>
      <DateRangeFilter
        range={errors.length > 0 && raw.from !== null ? "custom" : params.range}
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
      <Form method="get" onSubmit={(e) => (e.preventDefault(), set({ q: query }))}>
        <InlineStack gap="200" blockAlign="end">
          <TextField label="Search products" value={query} onChange={setQuery} autoComplete="off" clearButton onClearButtonClick={() => (setQuery(""), set({ q: null }))} />
          <Button submit>Search</Button>
        </InlineStack>
      </Form>
      <Button
        onClick={() =>
          downloadFile(props.exportHref, "netmargin-products.csv").then(
            () => props.onExport(null),
            (e: Error) => props.onExport(e.message),
          )
        }
        accessibilityLabel="Export the products on screen as CSV"
      >
        Export CSV
      </Button>
    </InlineStack>
  );
}
