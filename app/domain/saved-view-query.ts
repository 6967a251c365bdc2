/**
 * What a saved view of the Products or Orders list keeps of the list's URL: the list's own
 * parameters (filters, search, sort, date range), in one order, never the page nor the admin's
 * (host, locale, …). The server stores this text; the page compares the URL's with it to show
 * which view is open, and opens a view by putting it in place of the list's parameters.
 */
export const SAVED_VIEW_LISTS = ["products", "orders"] as const;
export type SavedViewList = (typeof SAVED_VIEW_LISTS)[number];

const KEPT: Record<SavedViewList, readonly string[]> = {
  orders: ["range", "from", "to", "sort", "direction", "flag", "gateway", "country", "q", "product"],
  products: ["range", "from", "to", "sort", "direction", "flag", "q"],
};

/** The view's text of these parameters: "sort=processedAt&flag=LOSS". */
export function viewQuery(list: SavedViewList, params: URLSearchParams): string {
  const kept = new URLSearchParams();
  for (const key of KEPT[list]) {
    const value = params.get(key);
    if (value !== null && value !== "") kept.set(key, value);
  }
  return kept.toString();
}

/** The URL's parameters with the view's in place of the list's own (the page goes, the admin's stay). */
export function withView(list: SavedViewList, current: URLSearchParams, query: string): URLSearchParams {
  const next = new URLSearchParams(current);
  for (const key of [...KEPT[list], "page"]) next.delete(key);
  for (const [key, value] of new URLSearchParams(query)) next.set(key, value);
  return next;
}
