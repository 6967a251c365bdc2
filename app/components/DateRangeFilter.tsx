/**
 * The date-range filter of the list pages and the dashboard: presets, or custom
 * dates (shop-local, both days included). The page owns the URL: `onChange`
 * receives the query parameters to set (null removes one). The server validates
 * the dates and names a bad one.
 */
import { Box, Button, InlineStack, Select, TextField } from "@shopify/polaris";
import { useEffect, useState } from "react";

export const RANGE_OPTIONS = [
  { label: "Last 30 days", value: "30d" },
  { label: "Last 90 days", value: "90d" },
  { label: "Last 12 months", value: "12m" },
  { label: "All time", value: "all" },
  { label: "Custom dates", value: "custom" },
];

export function DateRangeFilter(props: {
  range: string;
  from: string | null;
  to: string | null;
  onChange: (changes: Record<string, string | null>) => void;
  /** Presets offered (default all). */
  presets?: readonly string[];
  errors?: { from?: string; to?: string };
}) {
  const [mode, setMode] = useState(props.range);
  const [from, setFrom] = useState(props.from ?? "");
  const [to, setTo] = useState(props.to ?? "");
  useEffect(() => {
    setMode(props.range);
    setFrom(props.from ?? "");
    setTo(props.to ?? "");
  }, [props.range, props.from, props.to]);
  const apply = () => {
    if (from !== "" && to !== "") props.onChange({ range: "custom", from, to });
  };
  const options = RANGE_OPTIONS.filter((o) => !props.presets || props.presets.includes(o.value));
  return (
    <InlineStack gap="200" blockAlign="end" wrap>
      <Box minWidth="170px">
        <Select
          label="Date range"
          options={options}
          value={mode}
          onChange={(v) => {
            setMode(v);
            if (v !== "custom") props.onChange({ range: v, from: null, to: null });
          }}
        />
      </Box>
      {mode === "custom" ? (
        // Enter in either date applies the range, as it would submit a form (Polaris's TextField takes no onKeyDown).
        <div onKeyDown={(e) => e.key === "Enter" && e.target instanceof HTMLInputElement && (e.preventDefault(), apply())}>
          <InlineStack gap="200" blockAlign="end" wrap>
            <TextField label="From" type="date" autoComplete="off" value={from} onChange={setFrom} error={props.errors?.from} />
            <TextField label="To (included)" type="date" autoComplete="off" value={to} onChange={setTo} error={props.errors?.to} />
            <Button onClick={apply} disabled={from === "" || to === ""}>
              Apply dates
            </Button>
          </InlineStack>
        </div>
      ) : null}
    </InlineStack>
  );
}
