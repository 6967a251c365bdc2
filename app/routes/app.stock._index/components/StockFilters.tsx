import { ChoiceList, IndexFilters, IndexFiltersMode, useSetIndexFiltersMode } from "@shopify/polaris";

import { useListSearch } from "~/components/ListControls";
import type { SearchChanges } from "~/components/search-params";
import { STOCK_CLASS_LABELS, type StockClass } from "~/domain/stock-health";
import type { StockPage, StockParams } from "~/services/stock.server";

type StockLocation = StockPage["locations"][number];

/** The class tabs, in the order a merchant acts on them: what is gone, what runs out, what sits. */
export const CLASS_TABS: readonly { id: string; content: string; stockClass: StockClass | null }[] = [
  { id: "all", content: "All", stockClass: null },
  ...(["out-of-stock", "at-risk", "overstock", "dead", "new", "healthy"] as const).map((c) => ({ id: c, content: STOCK_CLASS_LABELS[c], stockClass: c })),
];

const SORT_OPTIONS = [
  { label: "Cash above target", value: "cash desc", directionLabel: "Most first" },
  { label: "Cash above target", value: "cash asc", directionLabel: "Least first" },
  { label: "Value at cost", value: "value desc", directionLabel: "Highest first" },
  { label: "Value at cost", value: "value asc", directionLabel: "Lowest first" },
  { label: "Days of cover", value: "cover asc", directionLabel: "Fewest first" },
  { label: "Days of cover", value: "cover desc", directionLabel: "Most first" },
  { label: "On hand", value: "onHand desc", directionLabel: "Most first" },
  { label: "On hand", value: "onHand asc", directionLabel: "Fewest first" },
  { label: "Last sale", value: "lastSale asc", directionLabel: "Oldest first" },
  { label: "Last sale", value: "lastSale desc", directionLabel: "Newest first" },
  { label: "Product", value: "title asc", directionLabel: "A–Z" },
  { label: "Product", value: "title desc", directionLabel: "Z–A" },
] as const;

/**
 * IndexFilters over the stock list, as Shopify's admin lists use it: the classes as tabs
 * (with their counts), the product search (applied on Enter or after a pause), the sort, and
 * the location as a filter; all kept in the URL through `set`.
 */
export function StockFilters(props: {
  params: Pick<StockParams, "stockClass" | "search" | "sort" | "direction" | "location">;
  counts: Readonly<Record<StockClass, number>>;
  locations: readonly StockLocation[];
  loading: boolean;
  set: (changes: SearchChanges) => void;
}) {
  const { params, set } = props;
  const { mode, setMode } = useSetIndexFiltersMode(params.search !== "" ? IndexFiltersMode.Filtering : IndexFiltersMode.Default);
  const [query, setQuery, apply] = useListSearch(params.search, set);
  const total = Object.values(props.counts).reduce((a, b) => a + b, 0);
  const selected = Math.max(0, CLASS_TABS.findIndex((t) => t.stockClass === params.stockClass));
  const active = props.locations.filter((l) => l.isActive);
  const location = props.locations.find((l) => l.id === params.location);
  return (
    <div onKeyDown={(e) => e.key === "Enter" && e.target instanceof HTMLInputElement && e.target.type !== "checkbox" && e.target.type !== "radio" && apply(e.target.value)}>
      <IndexFilters
        tabs={CLASS_TABS.map((t, index) => ({
          id: t.id,
          content: `${t.content} (${(t.stockClass === null ? total : props.counts[t.stockClass]).toLocaleString("en")})`,
          index,
          isLocked: true,
          onAction: () => undefined,
        }))}
        selected={selected}
        onSelect={(index) => set({ class: CLASS_TABS[index]?.stockClass ?? null })}
        canCreateNewView={false}
        queryValue={query}
        queryPlaceholder="Search by product, variant or SKU"
        onQueryChange={setQuery}
        onQueryClear={() => (setQuery(""), apply(""))}
        sortOptions={[...SORT_OPTIONS]}
        sortSelected={[`${params.sort} ${params.direction}`]}
        onSort={(value) => {
          const [sort, direction] = (value[0] ?? "").split(" ");
          if (sort && (direction === "asc" || direction === "desc")) set({ sort, direction });
        }}
        filters={[
          {
            key: "location",
            label: "Location",
            shortcut: true,
            filter: (
              <ChoiceList
                title="Location"
                titleHidden
                choices={active.map((l) => ({ label: l.name, value: l.id }))}
                selected={params.location ? [params.location] : []}
                onChange={(v) => set({ location: v[0] ?? null })}
              />
            ),
          },
        ]}
        appliedFilters={params.location ? [{ key: "location", label: `Location: ${location?.name ?? "a location no longer in your store"}`, onRemove: () => set({ location: null }) }] : []}
        onClearAll={() => set({ location: null })}
        cancelAction={{ onAction: () => (setQuery(""), apply("")), disabled: false, loading: false }}
        mode={mode}
        setMode={setMode}
        loading={props.loading}
        filteringAccessibilityTooltip="Search"
      />
    </div>
  );
}
