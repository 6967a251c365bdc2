import type { LoaderFunctionArgs } from "@remix-run/node";

import db from "~/db.server";
import { ordersCsv, ordersExportPage, parseOrdersParams, type OrderCursor } from "~/services/orders-view.server";
import { EXPORT_PAGE_SIZE, pagedCsvStream } from "~/services/paged-csv.server";
import { authenticate } from "~/shopify.server";

/**
 * CSV of every order matching /app/orders' range, filters and sort (the page parameter
 * is ignored: the export is not the page on screen), streamed EXPORT_PAGE_SIZE orders at
 * a time, each page read after the previous one's last order (keyset paging).
 */
export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const parsed = parseOrdersParams(new URL(request.url).searchParams);
  if (!parsed.ok) return Response.json({ errors: parsed.errors }, { status: 400 });
  const params = parsed.params;
  // The first page now: the range for the file name, and a failure answered as an error rather than a cut file.
  const first = await ordersExportPage(db, session.shop, params, { pageSize: EXPORT_PAGE_SIZE, after: null });
  type At = { after: OrderCursor | null };
  const body = pagedCsvStream<At>({ after: null }, async ({ after }) => {
    const page = after === null ? first : await ordersExportPage(db, session.shop, params, { pageSize: EXPORT_PAGE_SIZE, after });
    return { csv: ordersCsv(page), next: page.next === null ? null : { after: page.next } };
  });
  return new Response(body, {
    headers: { "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": `attachment; filename="netmargin-orders-${first.range.from}.csv"` },
  });
};
