import type { LoaderFunctionArgs } from "@remix-run/node";

import db from "~/db.server";
import { parseProductsParams, productsCsvStream, productsView } from "~/services/products-view.server";
import { authenticate } from "~/shopify.server";

/** CSV of the products view on screen (same range, filters, sort and page as /app/products), streamed. */
export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const parsed = parseProductsParams(new URL(request.url).searchParams);
  if (!parsed.ok) return Response.json({ errors: parsed.errors }, { status: 400 });
  const view = await productsView(db, session.shop, parsed.params);
  const last = new Date(`${view.range.to}T00:00:00Z`);
  last.setUTCDate(last.getUTCDate() - 1);
  return new Response(productsCsvStream(view), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="netmargin-products-${view.range.from}-to-${last.toISOString().slice(0, 10)}.csv"`,
    },
  });
};
