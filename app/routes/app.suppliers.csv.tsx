import type { LoaderFunctionArgs } from "@remix-run/node";

import db from "~/db.server";
import { lastCompleteDay, reorderCsv, reorderSuggestions } from "~/services/reorder.server";
import { authenticate } from "~/shopify.server";
import { shopFacts } from "~/store/cost-settings.server";

/**
 * The suggested purchase list as CSV (app/services/reorder.server.ts, reorderCsv):
 * `?supplier=<id>` for one supplier's, `?supplier=none` for products without one, no
 * parameter for every supplier's. 404 for a supplier that does not exist.
 */
export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const supplier = new URL(request.url).searchParams.get("supplier") ?? undefined;
  const facts = await shopFacts(db, session.shop);
  const { plan } = await reorderSuggestions(db, session.shop, lastCompleteDay(facts.timeZone));
  const file = reorderCsv(plan, supplier === "" ? undefined : supplier);
  if (file === null) return Response.json({ errors: [{ path: "supplier", message: "This supplier no longer exists: reload the page." }] }, { status: 404 });
  return new Response(file.csv, { headers: { "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": `attachment; filename="${file.name}"` } });
};
