import { useFetcher } from "@remix-run/react";
import { Banner, BlockStack, Button, Card, ChoiceList, InlineStack, Text, TextField } from "@shopify/polaris";
import { useState } from "react";

import { fieldWords } from "./field-words";
import { FileDrop } from "~/components/FileDrop";

type ImportResponse = { errors?: { path: string; message: string }[]; rows?: number; matchedOrders?: number; unmatched?: string[] };

/** The largest CSV the server takes (app/store/shipping-costs.server.ts, MAX_CSV_BYTES). */
export const SHIPPING_CSV_MAX_BYTES = 20 * 1024 * 1024;
/** Rows listed when a file has many bad ones (the count says how many there are). */
const LISTED_ERRORS = 50;

/**
 * Upload of actual shipping costs: a CSV dropped on (or picked in) the DropZone is read in
 * the browser and imported at once; rows can also be pasted. The result, or every bad row
 * with its line number, is shown under the DropZone; a file with a bad row imports nothing.
 */
export function ShippingImport({ currency }: { currency: string }) {
  const fetcher = useFetcher<ImportResponse>();
  const [csv, setCsv] = useState("");
  const [mode, setMode] = useState<"merge" | "replace">("merge");
  const [source, setSource] = useState<string | null>(null);
  /** `from`: the file's name; null for pasted rows. */
  const submit = (text: string, from: string | null) => {
    setSource(from);
    fetcher.submit(JSON.stringify({ intent: "import-shipping", csv: text, mode }), { method: "post", action: "/app/settings/costs", encType: "application/json" });
  };
  const busy = fetcher.state !== "idle";
  const errors = busy ? [] : (fetcher.data?.errors ?? []);
  const done = !busy && fetcher.data?.rows !== undefined ? fetcher.data : null;
  return (
    <Card roundedAbove="xs">
      <BlockStack gap="400">
        <ChoiceList
          title="Costs imported before"
          choices={[
            { label: "Keep them; rows for the same orders replace theirs", value: "merge" },
            { label: "Replace them all with this file", value: "replace" },
          ]}
          selected={[mode]}
          onChange={(v) => setMode(v[0] as "merge" | "replace")}
        />
        <FileDrop
          label="Shipping costs CSV file"
          kind="CSV"
          extension=".csv"
          accept=".csv,text/csv"
          maxBytes={SHIPPING_CSV_MAX_BYTES}
          actionTitle="Add a CSV file"
          disabled={busy}
          onFile={(file) => void file.text().then((text) => submit(text, file.name))}
        />
        {busy ? (
          <Text as="p" tone="subdued">
            Importing {source ?? "the rows"}…
          </Text>
        ) : null}
        {errors.length > 0 && (
          <Banner tone="critical" title={`Nothing was imported: ${errors.length} row${errors.length > 1 ? "s" : ""} to fix${source ? ` in ${source}` : ""}`}>
            <ul>
              {errors.slice(0, LISTED_ERRORS).map((e) => (
                <li key={`${e.path}-${e.message}`}>
                  {fieldWords(e.path.replace(/^csv /, ""))}: {e.message}
                </li>
              ))}
            </ul>
            {errors.length > LISTED_ERRORS ? <p>and {errors.length - LISTED_ERRORS} more rows.</p> : null}
          </Banner>
        )}
        {done && (
          <Banner tone="success" title={`${done.rows} order${done.rows === 1 ? "" : "s"} imported${source ? ` from ${source}` : ""}`}>
            <p>
              {done.matchedOrders} matched order{done.matchedOrders === 1 ? "" : "s"} in NetMargin; {done.matchedOrders === 1 ? "its margin is" : "their margins are"} being recomputed.
              {done.unmatched && done.unmatched.length > 0 ? ` Not found yet: ${done.unmatched.map((k) => k.replace(/^\w+:/, "")).join(", ")}.` : ""}
            </p>
          </Banner>
        )}
        <TextField label={`Or paste the rows (order,amount in ${currency})`} value={csv} onChange={setCsv} multiline={4} autoComplete="off" placeholder={"order,amount\n#1001,6.55"} />
        <InlineStack>
          <Button disabled={csv.trim() === ""} loading={busy && source === null} onClick={() => submit(csv, null)}>
            Import shipping costs
          </Button>
        </InlineStack>
      </BlockStack>
    </Card>
  );
}
