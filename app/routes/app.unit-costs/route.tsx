import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Layout, Page } from "@shopify/polaris";

import db from "~/db.server";
import { enqueueSync } from "~/jobs/runtime.server";
import { readJsonBody, SETTINGS_BODY_LIMIT_BYTES } from "~/services/body-limit.server";
import { missingCosts, saveMissingCosts } from "~/services/missing-costs.server";
import { authenticate } from "~/shopify.server";

import { MissingCostsForm } from "./components/MissingCostsForm";

/**
 * Every variant without a unit cost, one field each, saved at once (issue 17, item 4), reached
 * from Home's setup checklist and "Fix these first". POST JSON `{ "costs": [{ "variantId", "cost" }] }`:
 * 422 with each bad value named by its product, nothing written; else the saved count, and a
 * recompute of the margins queued (as the product page's single save does).
 */
export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const url = new URL(request.url);
  return { ...(await missingCosts(db, session.shop)), locale: url.searchParams.get("locale") ?? "en" };
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const read = await readJsonBody(request, SETTINGS_BODY_LIMIT_BYTES);
  if (!read.ok) return read.response;
  const body = (typeof read.body === "object" && read.body !== null ? read.body : {}) as Record<string, unknown>;
  const r = await saveMissingCosts(db, session.shop, body.costs);
  if (!r.ok) return Response.json({ errors: r.errors }, { status: 422 });
  await enqueueSync("recompute", session.shop);
  return Response.json({ saved: r.saved });
};

export default function UnitCostsToEnter() {
  const d = useLoaderData<typeof loader>();
  return (
    <Page backAction={{ content: "Home", url: "/app" }} title="Unit costs to enter" subtitle="What each variant costs you to buy, before tax: its sales count in your margins once it has one.">
      <Layout>
        <Layout.Section>
          <MissingCostsForm variants={d.variants} total={d.total} currency={d.currency} locale={d.locale} />
        </Layout.Section>
      </Layout>
    </Page>
  );
}
