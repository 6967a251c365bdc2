import { useFetcher, useRevalidator } from "@remix-run/react";
import { Banner, BlockStack, Button, Card, InlineStack, Text, TextField } from "@shopify/polaris";
import { useEffect, useState } from "react";

// The settings page's file drop (same rules: one file, its type and size said, a refused file named).
import { FileDrop } from "~/routes/app.settings._index/components/FileDrop";

type ImportResponse = { errors?: { path: string; message: string }[]; added?: number; updated?: number };

/** The largest CSV the server takes (app/store/supplier-invoices.server.ts, MAX_INVOICE_CSV_BYTES). */
const INVOICE_CSV_MAX_BYTES = 1024 * 1024;
const LISTED_ERRORS = 50;

/** Invoices from a CSV (dropped, picked or pasted): every bad row listed with its line, nothing imported until all are right. */
export function InvoiceImport({ currency }: { currency: string }) {
  const fetcher = useFetcher<ImportResponse>();
  const revalidator = useRevalidator();
  const [csv, setCsv] = useState("");
  const [source, setSource] = useState<string | null>(null);
  const submit = (text: string, from: string | null) => {
    setSource(from);
    fetcher.submit(JSON.stringify({ intent: "import", csv: text }), { method: "post", action: "/app/cash/invoices", encType: "application/json" });
  };
  const busy = fetcher.state !== "idle";
  const errors = busy ? [] : (fetcher.data?.errors ?? []);
  const done = !busy && fetcher.data?.added !== undefined ? fetcher.data : null;
  useEffect(() => {
    if (done) revalidator.revalidate();
  }, [done]);
  return (
    <Card>
      <BlockStack gap="400">
        <Text as="p" tone="subdued">
          {`One invoice or purchase order per row, with a header row naming the columns: Supplier, Reference, Type (invoice or purchase order), Amount, Currency (${currency} when blank), Issue date, Due date (blank: from the supplier's payment terms), Paid on, Late-payment penalty. An invoice already here (same supplier and reference) is updated.`}
        </Text>
        <FileDrop label="Invoices CSV file" kind="CSV" extension=".csv" accept=".csv,text/csv" maxBytes={INVOICE_CSV_MAX_BYTES} actionTitle="Add a CSV file" disabled={busy} onFile={(file) => void file.text().then((text) => submit(text, file.name))} />
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
        {done && <Banner tone="success" title={`${done.added} invoice${done.added === 1 ? "" : "s"} added, ${done.updated} updated${source ? ` from ${source}` : ""}`} />}
        <TextField label="Or paste the rows" value={csv} onChange={setCsv} multiline={4} autoComplete="off" placeholder={"Supplier,Reference,Type,Amount,Currency,Issue date,Due date,Paid on,Late-payment penalty\nAtelier Roux,F-2026-014,invoice,1250.00,EUR,2026-11-02,,,"} />
        <InlineStack>
          <Button disabled={csv.trim() === ""} loading={busy && source === null} onClick={() => submit(csv, null)}>
            Import invoices
          </Button>
        </InlineStack>
      </BlockStack>
    </Card>
  );
}
