import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";

import db from "~/db.server";
import { clearShippingCosts, importShippingCosts } from "~/store/shipping-costs.server";
import { removeUnitCostOverrides, saveUnitCostOverride, unitCostHistoryForVariant } from "~/store/unit-costs.server";
import { readJsonBody, SETTINGS_BODY_LIMIT_BYTES } from "~/services/body-limit.server";
import { authenticate } from "~/shopify.server";
import { enqueueSync } from "~/jobs/runtime.server";

/**
 * Costs entered beside the settings (the settings and product pages post here):
 * GET `?variantId=` → the variant's unit-cost history (Shopify's snapshots, overrides).
 * POST JSON:
 *   `{ "intent": "override", "variantId", "cost": "12.50", "effectiveFrom": "YYYY-MM-DD" | null }`
 *   `{ "intent": "clear-override", "variantId" }`
 *   `{ "intent": "import-shipping", "csv": "order,amount\n#1001,6.55", "mode": "merge" | "replace" }`
 *   `{ "intent": "clear-shipping" }`
 * Bad input gets 422 with every field error and nothing is written; a body that is
 * not JSON gets 400. Each change queues a recompute of the margins it touches.
 */
export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const variantId = new URL(request.url).searchParams.get("variantId");
  if (!variantId) return Response.json({ errors: [{ path: "variantId", message: "Choose a variant to see its unit costs." }] }, { status: 422 });
  return Response.json(await unitCostHistoryForVariant(db, session.shop, variantId));
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const shop = session.shop;
  // Read within its cap (413 past it, 400 when not JSON), never whole before that.
  const read = await readJsonBody(request, SETTINGS_BODY_LIMIT_BYTES);
  if (!read.ok) return read.response;
  const input = (typeof read.body === "object" && read.body !== null ? read.body : {}) as Record<string, unknown>;
  switch (input.intent) {
    case "override": {
      const r = await saveUnitCostOverride(db, shop, { variantId: input.variantId, cost: input.cost, effectiveFrom: input.effectiveFrom });
      return r.ok ? done(shop, { override: r.override }) : Response.json({ errors: r.errors }, { status: 422 });
    }
    case "clear-override": {
      if (typeof input.variantId !== "string") return Response.json({ errors: [{ path: "variantId", message: "Choose the variant whose unit cost to clear." }] }, { status: 422 });
      return done(shop, { removed: await removeUnitCostOverrides(db, shop, input.variantId) });
    }
    case "import-shipping": {
      const r = await importShippingCosts(db, shop, input.csv, { mode: input.mode ?? "merge" });
      return r.ok ? done(shop, { rows: r.rows, matchedOrders: r.matchedOrders, unmatched: r.unmatched }) : Response.json({ errors: r.errors }, { status: 422 });
    }
    case "clear-shipping":
      return done(shop, { removed: await clearShippingCosts(db, shop) });
    default:
      return Response.json({ errors: [{ path: "intent", message: "This change is not one the settings page makes: reload the page and try again." }] }, { status: 422 });
  }
};

async function done(shop: string, result: Record<string, unknown>): Promise<Response> {
  await enqueueSync("recompute", shop);
  return Response.json(result);
}
