/**
 * The pages keep their filters in the URL: one setter for its query parameters.
 */
import { useSearchParams } from "@remix-run/react";

/** Query parameters to set; null or "" removes one. */
export type SearchChanges = Record<string, string | null>;

/**
 * The page's query parameters and a setter that merges `changes` into them. With
 * `resetPage`, a change to anything but `page` goes back to the first page (the
 * old page may no longer exist under new filters).
 */
export function useSearchParamSetter(options: { resetPage?: boolean } = {}): [URLSearchParams, (changes: SearchChanges) => void] {
  const [search, setSearch] = useSearchParams();
  const set = (changes: SearchChanges) => {
    const next = new URLSearchParams(search);
    for (const [k, v] of Object.entries(changes)) {
      if (v === null || v === "") next.delete(k);
      else next.set(k, v);
    }
    if (options.resetPage && !("page" in changes)) next.delete("page");
    setSearch(next);
  };
  return [search, set];
}
