/**
 * The pages keep their filters in the URL: one setter for its query parameters.
 */
import { useNavigation, useSearchParams } from "@remix-run/react";
import { useRef } from "react";

/** Query parameters to set; null or "" removes one. */
export type SearchChanges = Record<string, string | null>;

/**
 * The page's query parameters and a setter that merges `changes` into them. With
 * `resetPage`, a change to anything but `page` goes back to the first page (the
 * old page may no longer exist under new filters).
 *
 * Changes build on the latest parameters asked for, not on those of the render that
 * made the handler: a navigation still loading (a tab just clicked) or a change made a
 * moment before is kept when the merchant sorts or searches right after, and a handler
 * Polaris kept from an earlier render does not bring back old filters (a CI run of
 * 5f5ee84: a sort chosen after a tab took the list back to the previous tab).
 */
export function useSearchParamSetter(options: { resetPage?: boolean } = {}): [URLSearchParams, (changes: SearchChanges) => void] {
  const [search, setSearch] = useSearchParams();
  const navigation = useNavigation();
  const pending = navigation.location && navigation.location.pathname === currentPath() ? navigation.location.search : null;
  const latest = useRef(search);
  latest.current = pending !== null ? new URLSearchParams(pending) : search;
  const set = (changes: SearchChanges) => {
    const next = new URLSearchParams(latest.current);
    for (const [k, v] of Object.entries(changes)) {
      if (v === null || v === "") next.delete(k);
      else next.set(k, v);
    }
    if (options.resetPage && !("page" in changes)) next.delete("page");
    latest.current = next;
    setSearch(next);
  };
  return [search, set];
}

/** The page's own path (a pending navigation elsewhere is not this list's). */
function currentPath(): string | null {
  return typeof window === "undefined" ? null : window.location.pathname;
}
