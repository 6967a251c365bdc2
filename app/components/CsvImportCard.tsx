import { useFetcher, useRevalidator } from "@remix-run/react";
import { Banner, BlockStack, Box, Button, Card, InlineStack, Text, TextField } from "@shopify/polaris";
import { useEffect, useState } from "react";

import { FileDrop } from "./FileDrop";

type ImportResponse = { errors?: { path: string; message: string }[]; added?: number; updated?: number };

const LISTED_ERRORS = 50;

export type CsvImportCardProps = {
  /** Section title above the card ("Import suppliers"); also the paste button's label. */
  title: string;
  /** The route whose action takes `{ intent: "import", csv }` as JSON. */
  action: string;
  /** What one row is, in the merchant's words: "supplier" / "suppliers". */
  noun: { one: string; many: string };
  /** The columns a file holds, said above the drop zone. */
  help: string;
  /** The drop zone's label ("Suppliers CSV file"). */
  fileLabel: string;
  /** The largest file the server takes (the store's limit, in bytes). */
  maxBytes: number;
  /** An example shown in the empty paste field. */
  placeholder: string;
};

/**
 * A CSV import as the lists take them (suppliers, supplier invoices): a file dropped, picked or
 * pasted; every bad row listed with its line, nothing imported until all are right; the list
 * reloaded once rows land.
 */
export function CsvImportCard({ title, action, noun, help, fileLabel, maxBytes, placeholder }: CsvImportCardProps) {
  const fetcher = useFetcher<ImportResponse>();
  const revalidator = useRevalidator();
  const [csv, setCsv] = useState("");
  const [source, setSource] = useState<string | null>(null);
  const submit = (text: string, from: string | null) => {
    setSource(from);
    fetcher.submit(JSON.stringify({ intent: "import", csv: text }), { method: "post", action, encType: "application/json" });
  };
  const busy = fetcher.state !== "idle";
  const errors = busy ? [] : (fetcher.data?.errors ?? []);
  const done = !busy && fetcher.data?.added !== undefined ? fetcher.data : null;
  useEffect(() => {
    if (done) revalidator.revalidate();
  }, [done]);
  return (
    <BlockStack gap="200">
      {/* Section titles outside a card: the phone's edge would touch them. */}
      <Box paddingInline={{ xs: "400", sm: "0" }}>
        <Text as="h2" variant="headingMd">
          {title}
        </Text>
      </Box>
      <Card>
        <BlockStack gap="400">
          <Text as="p" tone="subdued">
            {help}
          </Text>
          <FileDrop label={fileLabel} kind="CSV" extension=".csv" accept=".csv,text/csv" maxBytes={maxBytes} actionTitle="Add a CSV file" disabled={busy} onFile={(file) => void file.text().then((text) => submit(text, file.name))} />
          {errors.length > 0 && (
            <Banner tone="critical" title={`Nothing was imported: ${errors.length} problem${errors.length > 1 ? "s" : ""} to fix${source ? ` in ${source}` : ""}`}>
              <ul>
                {errors.slice(0, LISTED_ERRORS).map((e, i) => (
                  <li key={`${i}-${e.message}`}>{e.message}</li>
                ))}
              </ul>
              {errors.length > LISTED_ERRORS ? <p>and {errors.length - LISTED_ERRORS} more.</p> : null}
            </Banner>
          )}
          {done && <Banner tone="success" title={`${done.added} ${done.added === 1 ? noun.one : noun.many} added, ${done.updated} updated${source ? ` from ${source}` : ""}`} />}
          <TextField label="Or paste the rows" value={csv} onChange={setCsv} multiline={4} autoComplete="off" placeholder={placeholder} />
          <InlineStack>
            <Button disabled={csv.trim() === ""} loading={busy && source === null} onClick={() => submit(csv, null)}>
              {title}
            </Button>
          </InlineStack>
        </BlockStack>
      </Card>
    </BlockStack>
  );
}
