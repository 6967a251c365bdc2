import type { LoaderFunctionArgs } from "@remix-run/node";

import db from "~/db.server";
import { EXPORT_PAGE_SIZE, nextPageNumber, pagedCsvStream } from "~/services/paged-csv.server";
import { parseProductsParams, productsCsv, productsView } from "~/services/products-view.server";
import { authenticate } from "~/shopify.server";

/**
 * CSV of every product matching /app/products' range, filters and sort (the page
 * parameter is ignored: the export is not the page on screen), streamed a page of
 * EXPORT_PAGE_SIZE products at a time.
 */
export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const parsed = parseProductsParams(new URL(request.url).searchParams);
  if (!parsed.ok) return Response.json({ errors: parsed.errors }, { status: 400 });
  const params = parsed.params;
  // The first page now: the range for the file name, and a failure answered as an error rather than a cut file.
  const first = await productsView(db, session.shop, { ...params, page: 1 }, { pageSize: EXPORT_PAGE_SIZE });
  const body = pagedCsvStream(1, async (page) => {
    const view = page === 1 ? first : await productsView(db, session.shop, { ...params, page }, { pageSize: EXPORT_PAGE_SIZE });
    return { csv: productsCsv(view), next: nextPageNumber(page, view.rows.length, EXPORT_PAGE_SIZE) };
  });
  const last = new Date(`${first.range.to}T00:00:00Z`);
  last.setUTCDate(last.getUTCDate() - 1);
  return new Response(body, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="netmargin-products-${first.range.from}-to-${last.toISOString().slice(0, 10)}.csv"`,
    },
  });
};
