import type { LoaderFunctionArgs } from "@remix-run/node";

import db from "~/db.server";
import { ordersCsvStream, ordersView, parseOrdersParams } from "~/services/orders-view.server";
import { authenticate } from "~/shopify.server";

/** CSV of the orders view on screen (same range, filters, sort and page as /app/orders), streamed. */
export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const parsed = parseOrdersParams(new URL(request.url).searchParams);
  if (!parsed.ok) return Response.json({ errors: parsed.errors }, { status: 400 });
  const view = await ordersView(db, session.shop, parsed.params);
  return new Response(ordersCsvStream(view), {
    headers: { "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": `attachment; filename="netmargin-orders-${view.range.from}.csv"` },
  });
};
