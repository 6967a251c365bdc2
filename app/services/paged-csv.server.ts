/**
 * A CSV export of every row matching a list's filters, not just the page on screen: the
 * rows are read a page at a time, each page's CSV written as the client reads, so at
 * most one page is held in memory. `pageCsv(n)` gives page n (from 1) as CSV text with
 * its header line and how many rows it held; the header is kept from the first page
 * only. The header is one line (no quoted line breaks), so it ends at the first CRLF.
 */
export function pagedCsvStream(pageCsv: (page: number) => Promise<{ csv: string; rows: number }>, pageSize: number): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let page = 1;
  let done = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (done) return controller.close();
      const { csv, rows } = await pageCsv(page);
      const text = page === 1 ? csv : csv.slice(csv.indexOf("\r\n") + 2);
      page += 1;
      // A short page is the last one.
      if (rows < pageSize) done = true;
      if (text !== "") controller.enqueue(encoder.encode(text));
      if (done) controller.close();
    },
  });
}

/** Rows read per page of an export: large enough for few queries, small enough to hold. */
export const EXPORT_PAGE_SIZE = 1000;
