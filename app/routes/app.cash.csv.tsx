import type { LoaderFunctionArgs } from "@remix-run/node";

import db from "~/db.server";
import { cashView } from "~/services/cash.server";
import { cashCsv } from "~/services/cash-csv.server";
import { cashSources } from "~/services/cash-sources.server";
import { authenticate } from "~/shopify.server";

/** The Cash page's monthly KPIs and cash conversion cycle, the last twelve months, as CSV (app/services/cash-csv.server.ts). */
export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const view = await cashView(db, session.shop, { sources: cashSources(db) });
  return new Response(cashCsv(view), { headers: { "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": `attachment; filename="netmargin-cash-${view.today}.csv"` } });
};
