import { Box, InlineStack, Select } from "@shopify/polaris";

import { countryName, gatewayName } from "~/components/format";
import { ExportCsvButton, FlagSelect, ListDateRange } from "~/components/ListControls";
import type { SearchChanges } from "~/components/search-params";
import type { OrdersParams } from "~/services/orders-view.server";

/** Date range, flag, gateway and country (all kept in the URL), and the CSV export of every order matching them. */
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
  exportLabel: string;
  onExport: (error: string | null) => void;
}) {
  const { params, set } = props;
  return (
    <InlineStack gap="300" blockAlign="end" wrap>
      <ListDateRange params={params} raw={props.raw} errors={props.errors} set={set} />
      <FlagSelect allLabel="All orders" minWidth="170px" value={params.flag} set={set} />
      <Box minWidth="170px">
        <Select label="Gateway" options={[{ label: "All gateways", value: "" }, ...props.gateways.map((g) => ({ label: gatewayName(g), value: g }))]} value={params.gateway ?? ""} onChange={(v) => set({ gateway: v })} />
      </Box>
      <Box minWidth="140px">
        <Select label="Country" options={[{ label: "All countries", value: "" }, ...props.countries.map((c) => ({ label: countryName(c), value: c }))]} value={params.country ?? ""} onChange={(v) => set({ country: v })} />
      </Box>
      <ExportCsvButton href={props.exportHref} filename="netmargin-orders.csv" label={props.exportLabel} onExport={props.onExport} />
    </InlineStack>
  );
}
