/**
 * The pieces the products and orders lists share: the banners above the list (filters
 * that could not be used, a failed export), the date range, the list's IndexFilters (flags
 * as tabs, search, sort, filters) and the CSV export, all kept in the URL through `set`.
 */
import { useFetcher, useSearchParams } from "@remix-run/react";
import { Banner, Button, IndexFilters, IndexFiltersMode, Layout, useSetIndexFiltersMode, type IndexFiltersProps } from "@shopify/polaris";
import { useEffect, useRef, useState } from "react";

import { viewQuery, withView, type SavedViewList } from "~/domain/saved-view-query";

import { FLAG_CODES, type FlagCode } from "~/domain/margin";
import { DateRangeFilter } from "./DateRangeFilter";
import { downloadFile } from "./download";
import { showToast } from "./feedback";
import { FLAG_LABELS } from "./flags";
import type { SearchChanges } from "./search-params";

type FieldErrors = readonly { path: string; message: string }[];

/** The lists' URL parameters as the controls label them: a banner names the control, never the parameter. */
const FILTER_WORDS: Readonly<Record<string, string>> = {
  range: "Date range",
  from: "From",
  to: "To",
  sort: "Sort",
  direction: "Sort order",
  flag: "Flag",
  gateway: "Gateway",
  country: "Country",
  product: "Product",
  page: "Page",
  q: "Search",
};

/** "from" → "From" (the date field); an unlisted parameter is called a filter rather than shown as a code. */
export function filterWords(path: string): string {
  return FILTER_WORDS[path] ?? "A filter";
}

export function ListBanners(props: { errors: FieldErrors; exportError: string | null; onDismissExport: () => void }) {
  return (
    <>
      {props.errors.length > 0 && (
        <Layout.Section>
          <Banner tone="critical" title="Some filters could not be used">
            <p>{props.errors.map((e) => `${filterWords(e.path)}: ${e.message}`).join("; ")}. Showing the default view.</p>
          </Banner>
        </Layout.Section>
      )}
      {props.exportError && (
        <Layout.Section>
          <Banner tone="critical" title="The CSV export failed" onDismiss={props.onDismissExport}>
            <p>{props.exportError}. Try again in a moment.</p>
          </Banner>
        </Layout.Section>
      )}
    </>
  );
}

/** The range in force, or the dates as typed (`raw`) when they could not be used. */
export function ListDateRange(props: {
  params: { range: string; from: string | null; to: string | null };
  raw: { from: string | null; to: string | null };
  errors: FieldErrors;
  set: (changes: SearchChanges) => void;
  /** The admin's locale: how the custom dates are shown and read. */
  locale?: string;
}) {
  const { params, raw, errors } = props;
  const fieldError = (path: string) => errors.find((e) => e.path === path)?.message;
  return (
    <DateRangeFilter
      range={errors.length > 0 && raw.from !== null ? "custom" : params.range}
      from={params.from ?? raw.from}
      to={params.to ?? raw.to}
      onChange={props.set}
      errors={{ from: fieldError("from"), to: fieldError("to") }}
      locale={props.locale}
    />
  );
}

/** "Export 1,234 products (CSV)"; "Export all matching orders (CSV)" when the count is only a lower bound. */
export function exportLabel(total: number, capped: boolean, noun: { one: string; other: string }, locale: string): string {
  if (capped) return `Export all matching ${noun.other} (CSV)`;
  return `Export ${total.toLocaleString(locale)} ${total === 1 ? noun.one : noun.other} (CSV)`;
}

/** The list's tabs: all rows, then one per flag (Loss first), as Shopify's admin lists show saved views. */
export const FLAG_TABS: readonly { id: string; content: string; flag: FlagCode | null }[] = [
  { id: "all", content: "All", flag: null },
  ...FLAG_CODES.map((c) => ({ id: c.toLowerCase(), content: FLAG_LABELS[c], flag: c })),
];

/** Typing applies the search once the merchant pauses this long; Enter applies it at once. */
export const SEARCH_DEBOUNCE_MS = 400;

/**
 * Polaris IndexFilters as Shopify's admin lists use it, over the list's URL: the flags as tabs
 * (`flag`), the search (`q`, applied on Enter or after a pause in typing), the sort (`sort` and
 * `direction`, one choice "key direction") and the page's filters.
 */
export function ListIndexFilters(props: {
  flag: FlagCode | null;
  /** The search in force (the URL's). */
  query: string;
  queryPlaceholder: string;
  sortOptions: IndexFiltersProps["sortOptions"];
  sort: string;
  direction: "asc" | "desc";
  filters?: IndexFiltersProps["filters"];
  appliedFilters?: IndexFiltersProps["appliedFilters"];
  onClearFilters?: () => void;
  loading: boolean;
  set: (changes: SearchChanges) => void;
  /** The merchant's saved views of this list (tabs after the flags: "Save as", rename, delete), posted to the page's action. */
  views?: { list: SavedViewList; saved: readonly { id: string; name: string; query: string }[] };
}) {
  const { set } = props;
  const views = useSavedViews(props.views);
  // Open on the filter bar when a search or a filter is in force, so the merchant sees what narrows the list.
  const { mode, setMode } = useSetIndexFiltersMode(props.query !== "" || (props.appliedFilters?.length ?? 0) > 0 ? IndexFiltersMode.Filtering : IndexFiltersMode.Default);
  const [query, setQuery, apply] = useListSearch(props.query, set);
  // A saved view is open when the URL's list parameters are exactly its own; else the flag's tab.
  const selectedTab = views.open >= 0 ? FLAG_TABS.length + views.open : Math.max(0, FLAG_TABS.findIndex((t) => t.flag === props.flag));
  return (
    // Enter in the search field applies it now (Polaris's search field has no submit of its own).
    <div onKeyDown={(e) => e.key === "Enter" && e.target instanceof HTMLInputElement && e.target.type !== "checkbox" && e.target.type !== "radio" && apply(e.target.value)}>
      <IndexFilters
        tabs={[...FLAG_TABS.map((t, index) => ({ id: t.id, content: t.content, index, isLocked: true, onAction: () => undefined })), ...views.tabs]}
        selected={selectedTab}
        onSelect={(index) => (index < FLAG_TABS.length ? set({ flag: FLAG_TABS[index]?.flag ?? null }) : views.select(index - FLAG_TABS.length))}
        canCreateNewView={props.views !== undefined}
        onCreateNewView={views.saveAs}
        primaryAction={props.views !== undefined ? { type: "save-as", onAction: views.saveAs, disabled: false, loading: views.busy } : undefined}
        queryValue={query}
        queryPlaceholder={props.queryPlaceholder}
        onQueryChange={setQuery}
        onQueryClear={() => (setQuery(""), apply(""))}
        sortOptions={props.sortOptions}
        sortSelected={[`${props.sort} ${props.direction}`]}
        onSort={(value) => {
          const [sort, direction] = (value[0] ?? "").split(" ");
          if (sort && (direction === "asc" || direction === "desc")) set({ sort, direction });
        }}
        filters={props.filters ?? []}
        appliedFilters={props.appliedFilters ?? []}
        hideFilters={!props.filters || props.filters.length === 0}
        onClearAll={() => props.onClearFilters?.()}
        cancelAction={{ onAction: () => (setQuery(""), apply("")), disabled: false, loading: false }}
        mode={mode}
        setMode={setMode}
        loading={props.loading}
        filteringAccessibilityTooltip="Search"
      />
    </div>
  );
}

/**
 * The saved views' tabs and actions over the URL: a view opens by putting its parameters in place of
 * the list's; "Save as" (the filter bar's, or the tabs' "Create new view") keeps the URL's list
 * parameters under a name; rename and delete are the tab's own menu. Posted to the page's action
 * (savedViewAction); the loader then lists the views again. Refusals come back as a toast.
 */
function useSavedViews(views: { list: SavedViewList; saved: readonly { id: string; name: string; query: string }[] } | undefined) {
  const [search, setSearch] = useSearchParams();
  const fetcher = useFetcher<{ ok: boolean; intent: string; errors?: { message: string }[] }>();
  const saved = views?.saved ?? [];
  const current = views ? viewQuery(views.list, search) : "";
  useEffect(() => {
    const answer = fetcher.data;
    if (fetcher.state !== "idle" || !answer) return;
    if (!answer.ok) showToast(capitalised(answer.errors?.map((e) => e.message).join("; ") ?? "the view was not saved"), { isError: true });
    else showToast(answer.intent === "save-view" ? "View saved" : answer.intent === "rename-view" ? "View renamed" : "View deleted");
  }, [fetcher.state, fetcher.data]);
  const post = (fields: Record<string, string>) => {
    fetcher.submit(fields, { method: "post" });
    return Promise.resolve(true);
  };
  return {
    open: saved.findIndex((v) => v.query === current),
    busy: fetcher.state !== "idle",
    saveAs: (name: string) => post({ intent: "save-view", name, query: current }),
    select: (i: number) => {
      const view = saved[i];
      if (views && view) setSearch(withView(views.list, search, view.query));
    },
    tabs: saved.map((v, i) => ({
      id: `view-${v.id}`,
      content: v.name,
      index: FLAG_TABS.length + i,
      isLocked: false,
      onAction: () => undefined,
      viewNames: saved.map((s) => s.name),
      actions: [
        { type: "rename" as const, onPrimaryAction: (name: string) => post({ intent: "rename-view", id: v.id, name }) },
        { type: "delete" as const, onPrimaryAction: () => post({ intent: "delete-view", id: v.id }) },
      ],
    })),
  };
}

function capitalised(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** A download of `href` as `filename` for a page action: busy while it runs; `onExport` gets null, or the error's message. */
export function useCsvExport(href: string, filename: string, onExport: (error: string | null) => void): { busy: boolean; run: () => void } {
  const [busy, setBusy] = useState(false);
  return {
    busy,
    run: () => {
      setBusy(true);
      downloadFile(href, filename)
        .then(() => onExport(null), (e: Error) => onExport(e.message))
        .finally(() => setBusy(false));
    },
  };
}

/** The Shopify admin page of a product or an order ("gid://shopify/Product/42" → shopify://admin/products/42). */
export function adminUrl(kind: "products" | "orders", gid: string): string {
  return `shopify://admin/${kind}/${gid.split("/").pop()}`;
}

/**
 * Opens `url` (a shopify://admin/… address) in the admin around the app: App Bridge's Navigation
 * API takes `open(url, "_top")` for it, as it takes an <a href target="_top"> (shopify.dev,
 * docs/api/app-home/apis/user-interface-and-interactions/navigation-api: "shopify://admin/products/123").
 * A button rather than a second link in the row, whose one link is the row's NetMargin page.
 */
export function AdminLinkButton(props: { url: string; label: string }) {
  return (
    <span onClick={(e) => e.stopPropagation()}>
      <Button variant="plain" onClick={() => void window.open(props.url, "_top")} accessibilityLabel={props.label}>
        Shopify admin
      </Button>
    </span>
  );
}

/**
 * Whether the request comes from a phone (the Shopify mobile app's WebView, a phone browser): the
 * server then renders the lists condensed, as the phone will show them once hydrated, instead of
 * a wide table that snaps to blocks a moment later. A hint only: the browser's width decides after.
 */
export function phoneHint(headers: Headers): boolean {
  return headers.get("sec-ch-ua-mobile") === "?1" || /Mobi|iPhone|Android.+Mobile/i.test(headers.get("user-agent") ?? "");
}

/**
 * A list's search field: typed text goes to the URL (`q`) after SEARCH_DEBOUNCE_MS or at
 * once through `apply` (Enter); a URL change from elsewhere (back, a tab) replaces the
 * field, not our own echo. Returns the field's value, its setter and `apply`.
 */
export function useListSearch(urlQuery: string, set: (changes: SearchChanges) => void): [string, (value: string) => void, (value: string) => void] {
  const [query, setQuery] = useState(urlQuery);
  // The search last sent to the URL.
  const sent = useRef(urlQuery);
  useEffect(() => {
    if (urlQuery !== sent.current) {
      sent.current = urlQuery;
      setQuery(urlQuery);
    }
  }, [urlQuery]);
  const apply = (value: string) => {
    if (value.trim() === sent.current) return;
    sent.current = value.trim();
    set({ q: value.trim() });
  };
  useEffect(() => {
    if (query.trim() === sent.current) return;
    const timer = setTimeout(() => apply(query), SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [query]);
  return [query, setQuery, apply];
}
