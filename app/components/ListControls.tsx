/**
 * The pieces the products and orders lists share: the banners above the list (filters
 * that could not be used, a failed export), the date range, the flag select and the
 * CSV export button, all kept in the URL through `set`.
 */
import { Banner, Box, Button, Layout, Select } from "@shopify/polaris";
import { useState } from "react";

import { FLAG_CODES } from "~/domain/margin";
import { DateRangeFilter } from "./DateRangeFilter";
import { downloadFile } from "./download";
import { FLAG_LABELS } from "./flags";
import type { SearchChanges } from "./search-params";

type FieldErrors = readonly { path: string; message: string }[];

/** The lists' URL parameters as the controls label them: a banner names the control, never the parameter. */
const FILTER_WORDS: Readonly<Record<string, string>> = {
  range: "Date range",
  from: "From",
  to: "To",
  sort: "Sort",
  direction: "Sort order",
  flag: "Flag",
  gateway: "Gateway",
  country: "Country",
  page: "Page",
  q: "Search",
};

/** "from" → "From" (the date field); an unlisted parameter is called a filter rather than shown as a code. */
export function filterWords(path: string): string {
  return FILTER_WORDS[path] ?? "A filter";
}

export function ListBanners(props: { errors: FieldErrors; exportError: string | null; onDismissExport: () => void }) {
  return (
    <>
      {props.errors.length > 0 && (
        <Layout.Section>
          <Banner tone="critical" title="Some filters could not be used">
            <p>{props.errors.map((e) => `${filterWords(e.path)}: ${e.message}`).join("; ")}. Showing the default view.</p>
          </Banner>
        </Layout.Section>
      )}
      {props.exportError && (
        <Layout.Section>
          <Banner tone="critical" title="The CSV export failed" onDismiss={props.onDismissExport}>
            <p>{props.exportError}. Try again in a moment.</p>
          </Banner>
        </Layout.Section>
      )}
    </>
  );
}

/** The range in force, or the dates as typed (`raw`) when they could not be used. */
export function ListDateRange(props: {
  params: { range: string; from: string | null; to: string | null };
  raw: { from: string | null; to: string | null };
  errors: FieldErrors;
  set: (changes: SearchChanges) => void;
}) {
  const { params, raw, errors } = props;
  const fieldError = (path: string) => errors.find((e) => e.path === path)?.message;
  return (
    <DateRangeFilter
      range={errors.length > 0 && raw.from !== null ? "custom" : params.range}
      from={params.from ?? raw.from}
      to={params.to ?? raw.to}
      onChange={props.set}
      errors={{ from: fieldError("from"), to: fieldError("to") }}
    />
  );
}

export function FlagSelect(props: { allLabel: string; minWidth: string; value: string | null; set: (changes: SearchChanges) => void }) {
  return (
    <Box minWidth={props.minWidth}>
      <Select
        label="Flag"
        options={[{ label: props.allLabel, value: "" }, ...FLAG_CODES.map((c) => ({ label: FLAG_LABELS[c], value: c }))]}
        value={props.value ?? ""}
        onChange={(v) => props.set({ flag: v })}
      />
    </Box>
  );
}

/**
 * Downloads `href` as `filename`; `onExport` gets null, or the error's message. The button says
 * what it exports (`label`, e.g. "Export 1,234 products (CSV)"): every row matching the filters,
 * not the page on screen.
 */
export function ExportCsvButton(props: { href: string; filename: string; label: string; onExport: (error: string | null) => void }) {
  const [busy, setBusy] = useState(false);
  return (
    <Button
      loading={busy}
      onClick={() => {
        setBusy(true);
        downloadFile(props.href, props.filename)
          .then(() => props.onExport(null), (e: Error) => props.onExport(e.message))
          .finally(() => setBusy(false));
      }}
    >
      {props.label}
    </Button>
  );
}

/** "Export 1,234 products (CSV)"; "Export all matching orders (CSV)" when the count is only a lower bound. */
export function exportLabel(total: number, capped: boolean, noun: { one: string; other: string }, locale: string): string {
  if (capped) return `Export all matching ${noun.other} (CSV)`;
  return `Export ${total.toLocaleString(locale)} ${total === 1 ? noun.one : noun.other} (CSV)`;
}
