import { ChoiceList } from "@shopify/polaris";

import { countryName, gatewayName } from "~/components/format";
import { ListIndexFilters } from "~/components/ListControls";
import { ProductPicker } from "./ProductPicker";
import type { SearchChanges } from "~/components/search-params";
import type { OrdersParams } from "~/services/orders-view.server";

/** What the orders list sorts by (the sorts its indexes serve), as IndexFilters' sort menu offers it. */
const SORT_OPTIONS = [
  { label: "Net margin", value: "netMargin asc", directionLabel: "Losses first" },
  { label: "Net margin", value: "netMargin desc", directionLabel: "Most profitable first" },
  { label: "Date", value: "processedAt desc", directionLabel: "Newest first" },
  { label: "Date", value: "processedAt asc", directionLabel: "Oldest first" },
] as const;

/**
 * IndexFilters over the orders: flags as tabs, the order-number search, the sort, and the
 * gateway and country as filters (Shopify's admin lists' "Add filter"), all kept in the URL.
 */
export function OrderFilters(props: {
  params: Pick<OrdersParams, "flag" | "gateway" | "country" | "search" | "sort" | "direction" | "product">;
  /** The merchant's saved views of the list. */
  views: readonly { id: string; name: string; query: string }[];
  /** The filtered product's title; null when none is filtered or the catalog no longer has it. */
  productTitle: string | null;
  /** The gateways and countries the shop's orders have, for the filters. */
  gateways: readonly string[];
  countries: readonly string[];
  loading: boolean;
  set: (changes: SearchChanges) => void;
}) {
  const { params, set } = props;
  const filters = [
    {
      key: "product",
      label: "Product",
      // Pinned: the pill is in the filter bar from the start, not behind "Add filter".
      pinned: true,
      filter: <ProductPicker selected={params.product} selectedTitle={props.productTitle} onSelect={(id) => set({ product: id })} />,
    },
    {
      key: "gateway",
      label: "Gateway",
      shortcut: true,
      filter: (
        <ChoiceList
          title="Gateway"
          titleHidden
          choices={props.gateways.map((g) => ({ label: gatewayName(g), value: g }))}
          selected={params.gateway ? [params.gateway] : []}
          onChange={(v) => set({ gateway: v[0] ?? null })}
        />
      ),
    },
    {
      key: "country",
      label: "Country",
      shortcut: true,
      filter: (
        <ChoiceList
          title="Country"
          titleHidden
          choices={props.countries.map((c) => ({ label: countryName(c), value: c }))}
          selected={params.country ? [params.country] : []}
          onChange={(v) => set({ country: v[0] ?? null })}
        />
      ),
    },
  ];
  const applied = [
    ...(params.product ? [{ key: "product", label: `Product: ${props.productTitle ?? "a product no longer in your store"}`, onRemove: () => set({ product: null }) }] : []),
    ...(params.gateway ? [{ key: "gateway", label: `Gateway: ${gatewayName(params.gateway)}`, onRemove: () => set({ gateway: null }) }] : []),
    ...(params.country ? [{ key: "country", label: `Country: ${countryName(params.country)}`, onRemove: () => set({ country: null }) }] : []),
  ];
  return (
    <ListIndexFilters
      flag={params.flag}
      query={params.search}
      queryPlaceholder="Search orders by number (#1042)"
      sortOptions={[...SORT_OPTIONS]}
      sort={params.sort}
      direction={params.direction}
      filters={filters}
      appliedFilters={applied}
      onClearFilters={() => set({ gateway: null, country: null, product: null })}
      loading={props.loading}
      set={set}
      views={{ list: "orders", saved: props.views }}
    />
  );
}
