import { useFetcher } from "@remix-run/react";
import { Banner, BlockStack, Button, Card, ChoiceList, InlineStack, TextField } from "@shopify/polaris";
import { useState } from "react";

import { fieldWords } from "./field-words";

type ImportResponse = { errors?: { path: string; message: string }[]; rows?: number; matchedOrders?: number; unmatched?: string[] };

/** Upload of actual shipping costs: the file is read in the browser and posted as text. */
export function ShippingImport({ currency }: { currency: string }) {
  const fetcher = useFetcher<ImportResponse>();
  const [csv, setCsv] = useState("");
  const [mode, setMode] = useState<"merge" | "replace">("merge");
  const errors = fetcher.data?.errors ?? [];
  return (
    <Card>
      <BlockStack gap="300">
        <input
          type="file"
          accept=".csv,text/csv"
          aria-label="Shipping costs CSV file"
          onChange={(e) => {
            const file = e.currentTarget.files?.[0];
            if (file) void file.text().then(setCsv);
          }}
        />
        <TextField label={`Or paste the rows (order,amount in ${currency})`} value={csv} onChange={setCsv} multiline={4} autoComplete="off" placeholder={"order,amount\n#1001,6.55"} />
        <ChoiceList
          title="Existing imported costs"
          choices={[
            { label: "Keep them; rows for the same orders replace theirs", value: "merge" },
            { label: "Replace them all with this file", value: "replace" },
          ]}
          selected={[mode]}
          onChange={(v) => setMode(v[0] as "merge" | "replace")}
        />
        <InlineStack>
          <Button
            disabled={csv.trim() === ""}
            loading={fetcher.state !== "idle"}
            onClick={() => fetcher.submit(JSON.stringify({ intent: "import-shipping", csv, mode }), { method: "post", action: "/app/settings/costs", encType: "application/json" })}
          >
            Import shipping costs
          </Button>
        </InlineStack>
        {errors.length > 0 && (
          <Banner tone="critical" title={`Nothing was imported: ${errors.length} row${errors.length > 1 ? "s" : ""} to fix`}>
            <ul>
              {errors.slice(0, 50).map((e) => (
                <li key={`${e.path}-${e.message}`}>
                  {fieldWords(e.path.replace(/^csv /, ""))}: {e.message}
                </li>
              ))}
            </ul>
          </Banner>
        )}
        {fetcher.data?.rows !== undefined && (
          <Banner tone="success" title={`${fetcher.data.rows} order${fetcher.data.rows === 1 ? "" : "s"} imported`}>
            <p>
              {fetcher.data.matchedOrders} matched orders in NetMargin; their margins are being recomputed.
              {fetcher.data.unmatched && fetcher.data.unmatched.length > 0 ? ` Not found yet: ${fetcher.data.unmatched.map((k) => k.replace(/^\w+:/, "")).join(", ")}.` : ""}
            </p>
          </Banner>
        )}
      </BlockStack>
    </Card>
  );
}
