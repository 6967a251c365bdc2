import { ListDateRange, ListIndexFilters } from "~/components/ListControls";
import type { SearchChanges } from "~/components/search-params";
import type { ProductsParams } from "~/services/products-view.server";

/** What the products list sorts by, as IndexFilters' sort menu offers it. */
const SORT_OPTIONS = [
  { label: "Net margin", value: "netMargin asc", directionLabel: "Losses first" },
  { label: "Net margin", value: "netMargin desc", directionLabel: "Most profitable first" },
  { label: "Margin %", value: "marginPct asc", directionLabel: "Lowest first" },
  { label: "Margin %", value: "marginPct desc", directionLabel: "Highest first" },
  { label: "Net revenue", value: "netRevenue desc", directionLabel: "Highest first" },
  { label: "Net revenue", value: "netRevenue asc", directionLabel: "Lowest first" },
  { label: "Units", value: "units desc", directionLabel: "Most first" },
  { label: "Units", value: "units asc", directionLabel: "Fewest first" },
  { label: "Product", value: "title asc", directionLabel: "A–Z" },
  { label: "Product", value: "title desc", directionLabel: "Z–A" },
] as const;

/** The date range (kept above the list), then IndexFilters: flags as tabs, the title search and the sort, all in the URL. */
export function ProductDateRange(props: {
  params: Pick<ProductsParams, "range" | "from" | "to">;
  raw: { from: string | null; to: string | null };
  errors: readonly { path: string; message: string }[];
  set: (changes: SearchChanges) => void;
  locale?: string;
}) {
  return <ListDateRange params={props.params} raw={props.raw} errors={props.errors} set={props.set} locale={props.locale} />;
}

export function ProductFilters(props: {
  params: Pick<ProductsParams, "flag" | "search" | "sort" | "direction">;
  loading: boolean;
  set: (changes: SearchChanges) => void;
  /** The merchant's saved views of the list. */
  views: readonly { id: string; name: string; query: string }[];
}) {
  const { params } = props;
  return (
    <ListIndexFilters
      flag={params.flag}
      query={params.search}
      queryPlaceholder="Search products by title"
      sortOptions={[...SORT_OPTIONS]}
      sort={params.sort}
      direction={params.direction}
      loading={props.loading}
      set={props.set}
      views={{ list: "products", saved: props.views }}
    />
  );
}
