import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Box, Layout, Page } from "@shopify/polaris";

import { moneyFormatter } from "~/components/format";
import { phoneHint } from "~/components/ListControls";
import db from "~/db.server";
import { readJsonBody } from "~/services/body-limit.server";
import { receivablesView } from "~/services/receivables.server";
import { authenticate } from "~/shopify.server";
import { saveGatewayDelays } from "~/store/gateway-settlement.server";

import { AgeingCard } from "./components/AgeingCard";
import { InTransitCard } from "./components/InTransitCard";
import { OverdueTable } from "./components/OverdueTable";
import { SettlementDelaysForm } from "./components/SettlementDelaysForm";

/**
 * Receivables (issue 19, items 2-3): what customers still owe, aged (not yet due, 0–30,
 * 31–60, over 60 days), money on its way from the gateways, the overdue orders with a link
 * to each in Shopify's admin (where the merchant sends the reminder), and the settlement
 * delay of each gateway other than Shopify Payments. Rules: app/domain/receivables.ts.
 *
 * POST JSON `{ intent: "delays", delays: { <gateway code>: "<days>" } }`: every delay checked
 * (whole days 0–120), then all saved, or 422 `{ errors: [{ path: <gateway code>, message }] }`
 * naming the gateway, nothing written.
 */

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const url = new URL(request.url);
  const view = await receivablesView(db, session.shop, new Date());
  return { view, phone: phoneHint(request.headers), locale: url.searchParams.get("locale") ?? "en" };
};

const unprocessable = (errors: { path: string; message: string }[]) => Response.json({ errors }, { status: 422 });

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const read = await readJsonBody(request, 64 * 1024);
  if (!read.ok) return read.response;
  const body = (typeof read.body === "object" && read.body !== null && !Array.isArray(read.body) ? read.body : {}) as Record<string, unknown>;
  if (body.intent !== "delays") return unprocessable([{ path: "intent", message: "This action is not one the Receivables page knows: reload the page." }]);
  const delays = typeof body.delays === "object" && body.delays !== null && !Array.isArray(body.delays) ? (body.delays as Record<string, unknown>) : null;
  if (delays === null) return unprocessable([{ path: "delays", message: "Settlement delays: enter a number of days for each payment method." }]);
  const r = await saveGatewayDelays(session.shop, delays);
  return r.ok ? Response.json({ saved: r.saved }) : unprocessable(Object.entries(r.errors).map(([path, message]) => ({ path, message })));
};

export default function Receivables() {
  const { view, phone, locale } = useLoaderData<typeof loader>();
  const money = moneyFormatter(view.currency, locale);
  return (
    <Page title="Receivables" subtitle="Money customers still owe you, and payments on their way to your bank" backAction={{ content: "Cash", url: "/app/cash" }}>
      <Layout>
        <Layout.Section>
          <AgeingCard summary={view.summary} money={money} />
        </Layout.Section>
        <Layout.Section>
          <OverdueTable rows={view.overdue} total={view.summary.overdue.count} money={money} locale={locale} phone={phone} />
        </Layout.Section>
        <Layout.Section>
          <InTransitCard inTransit={view.inTransit} money={money} locale={locale} />
        </Layout.Section>
        <Layout.Section>
          <SettlementDelaysForm rows={view.delays} locale={locale} />
        </Layout.Section>
      </Layout>
      <Box paddingBlockEnd="800" />
    </Page>
  );
}
