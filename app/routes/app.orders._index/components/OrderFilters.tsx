import { Box, Button, InlineStack, Select } from "@shopify/polaris";

import { DateRangeFilter } from "~/components/DateRangeFilter";
import { downloadFile } from "~/components/download";
import { FLAG_LABELS } from "~/components/flags";
import type { SearchChanges } from "~/components/search-params";
import { FLAG_CODES } from "~/domain/margin";
import type { OrdersParams } from "~/services/orders-view.server";

/** Date range, flag, gateway and country (all kept in the URL), and the CSV export of the list as filtered. */
export function OrderFilters(props: {
  params: Pick<OrdersParams, "range" | "from" | "to" | "flag" | "gateway" | "country">;
  /** The dates as typed, when they could not be used. */
  raw: { from: string | null; to: string | null };
  errors: readonly { path: string; message: string }[];
  /** The gateways and countries the shop's orders have, for the selects. */
  gateways: readonly string[];
  countries: readonly string[];
  set: (changes: SearchChanges) => void;
  exportHref: string;
  onExport: (error: string | null) => void;
}) {
  const { params, raw, errors, set } = props;
  const fieldError = (path: string) => errors.find((e) => e.path === path)?.message;
  return (
    <InlineStack gap="300" blockAlign="end" wrap>
      <DateRangeFilter
        range={errors.length > 0 && raw.from !== null ? "custom" : params.range}
        from={params.from ?? raw.from}
        to={params.to ?? raw.to}
        onChange={set}
        errors={{ from: fieldError("from"), to: fieldError("to") }}
      />
      <Box minWidth="170px">
        <Select
          label="Flag"
          options={[{ label: "All orders", value: "" }, ...FLAG_CODES.map((c) => ({ label: FLAG_LABELS[c], value: c }))]}
          value={params.flag ?? ""}
          onChange={(v) => set({ flag: v })}
        />
      </Box>
      <Box minWidth="170px">
        <Select label="Gateway" options={[{ label: "All gateways", value: "" }, ...props.gateways.map((g) => ({ label: g, value: g }))]} value={params.gateway ?? ""} onChange={(v) => set({ gateway: v })} />
      </Box>
      <Box minWidth="140px">
        <Select label="Country" options={[{ label: "All countries", value: "" }, ...props.countries.map((c) => ({ label: c, value: c }))]} value={params.country ?? ""} onChange={(v) => set({ country: v })} />
      </Box>
      <Button
        onClick={() => downloadFile(props.exportHref, "netmargin-orders.csv").then(() => props.onExport(null), (e: Error) => props.onExport(e.message))}
        accessibilityLabel="Export the orders on screen as CSV"
      >
        Export CSV
      </Button>
    </InlineStack>
  );
}
