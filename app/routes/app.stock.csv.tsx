import type { LoaderFunctionArgs } from "@remix-run/node";

import db from "~/db.server";
import { parseStockParams, stockCsvRows, stockCsvStream } from "~/services/stock.server";
import { authenticate } from "~/shopify.server";

/**
 * CSV of every variant matching /app/stock's tab, search, location and sort, from the stored
 * stock health (a location's computed on request; app/services/stock.server.ts) (the page
 * parameter is ignored: the export is not the page on screen), written by the CSV writer
 * (formulas escaped) as the client reads.
 */
export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const parsed = parseStockParams(new URL(request.url).searchParams);
  if (!parsed.ok) return Response.json({ errors: parsed.errors }, { status: 400 });
  const found = await stockCsvRows(db, session.shop, parsed.params);
  // Before the first refresh there is nothing to export yet: said so, not an empty file.
  if (found.pending) return Response.json({ errors: [{ path: "stock", message: "NetMargin is still working out your stock health; try again in a minute" }] }, { status: 409 });
  return new Response(stockCsvStream(found.currency, found.rows), {
    headers: { "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": `attachment; filename="netmargin-stock-${found.asOf}.csv"` },
  });
};
