/**
 * A CSV export of every row matching a list's filters, not just the page on screen: the
 * rows are read a page at a time, each page's CSV written as the client reads, so at
 * most one page is held in memory. `pageCsv(at)` gives the page starting at `at` (`start`
 * for the first) as CSV text with its header line, and where the next page starts (null
 * after the last). The header is kept from the first page only; it is one line (no quoted
 * line breaks), so it ends at the first CRLF.
 *
 * `at` is the caller's: a keyset cursor (the orders export: each page an index seek after
 * the previous page's last row, so every page costs the same however deep the export) or a
 * page number (the products export, pages of an aggregate).
 */
export function pagedCsvStream<C>(start: C, pageCsv: (at: C) => Promise<{ csv: string; next: C | null }>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let at: C | null = start;
  let first = true;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (at === null) return controller.close();
      const { csv, next } = await pageCsv(at);
      const text = first ? csv : csv.slice(csv.indexOf("\r\n") + 2);
      first = false;
      at = next;
      if (text !== "") controller.enqueue(encoder.encode(text));
      if (at === null) controller.close();
    },
  });
}

/** The page number after `page`, or null when `page` held fewer than `pageSize` rows (a short page is the last). */
export function nextPageNumber(page: number, rows: number, pageSize: number): number | null {
  return rows < pageSize ? null : page + 1;
}

/** Rows read per page of an export: large enough for few queries, small enough to hold. */
export const EXPORT_PAGE_SIZE = 1000;
