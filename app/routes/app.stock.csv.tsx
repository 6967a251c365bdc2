import type { LoaderFunctionArgs } from "@remix-run/node";

import db from "~/db.server";
import { filterStockRows, parseStockParams, stockCsvStream, stockOverview } from "~/services/stock.server";
import { authenticate } from "~/shopify.server";

/**
 * CSV of every variant matching /app/stock's tab, search, location and sort (the page
 * parameter is ignored: the export is not the page on screen), written by the CSV writer
 * (formulas escaped) as the client reads.
 */
export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const parsed = parseStockParams(new URL(request.url).searchParams);
  if (!parsed.ok) return Response.json({ errors: parsed.errors }, { status: 400 });
  const overview = await stockOverview(db, session.shop, { location: parsed.params.location });
  const rows = filterStockRows(overview.variants, parsed.params);
  return new Response(stockCsvStream(overview.currency, rows), {
    headers: { "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": `attachment; filename="netmargin-stock-${overview.asOf}.csv"` },
  });
};
