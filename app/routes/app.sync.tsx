import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";

import db from "~/db.server";
import { authenticate } from "~/shopify.server";
import { enqueueSync } from "~/jobs/runtime.server";
import { readFormData } from "~/services/body-limit.server";
import { clearAttention, getSyncStatus } from "~/store/sync-state.server";

/**
 * Sync status for the merchant (GET: last sync times, a running backfill's
 * progress, errors needing action) and "sync now" (POST): a full backfill in the
 * background; never two at once for one shop.
 */
export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  return getSyncStatus(db, session.shop);
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const form = await readFormData(request);
  const intent = form.get("intent");
  if (intent !== "backfill") {
    return Response.json({ error: `intent: expected "backfill", got ${JSON.stringify(intent)}` }, { status: 400 });
  }
  await clearAttention(db, session.shop);
  await enqueueSync("backfill", session.shop);
  return getSyncStatus(db, session.shop);
};
