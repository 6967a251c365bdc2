import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Badge, Layout, Page } from "@shopify/polaris";

import { adminOrderUrl, openInAdmin } from "~/components/admin-links";
import { formatDateTime, formatPercent, moneyFormatter, REFUND_LABELS } from "~/components/format";
import db from "~/db.server";
import { waterfall } from "~/domain/margin";
import { orderBreakdown } from "~/services/orders-view.server";
import { authenticate } from "~/shopify.server";

import { OrderLinesCard } from "./components/OrderLinesCard";
import { OrderSummaryCard } from "./components/OrderSummaryCard";
import { OrderWaterfall } from "./components/OrderWaterfall";

/** One order: every cost step, where each came from, and the result per line. */
export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  if (!params.id || !/^\d+$/.test(params.id)) throw new Response("Not found", { status: 404 });
  const found = await orderBreakdown(db, session.shop, `gid://shopify/Order/${params.id}`);
  if (!found) throw new Response("Not found", { status: 404 });
  return { ...found, steps: waterfall(found.margin), locale: new URL(request.url).searchParams.get("locale") ?? "en" };
};

export default function OrderDetail() {
  const { margin: m, refund, notes, steps, locale, storedAt, timeZone, parcelWeightNote, thresholds } = useLoaderData<typeof loader>();
  // Dates as the merchant counts them: in the shop's time zone.
  const when = (iso: string) => formatDateTime(iso, timeZone, locale);
  const money = moneyFormatter(m.currency, locale);
  const pct = m.marginPct.kind === "percent" ? formatPercent(m.marginPct.value, locale) : "—";
  // Said beside the title: a refunded order's €0.00 revenue is not a mystery.
  const admin = adminOrderUrl(m.orderId);
  const refundBadge = refund ? <Badge tone={refund === "refunded" ? "info" : undefined}>{REFUND_LABELS[refund]}</Badge> : undefined;
  return (
    <Page backAction={{ content: "Orders", url: "/app/orders" }} title={`Order ${m.orderName}`} titleMetadata={refundBadge} subtitle={`${when(m.processedAt)} (${timeZone}) · ${m.currency}`}
      // The same order in Shopify's admin (refunds, fulfilment and payment are handled there).
      secondaryActions={admin ? [{ content: "Open in Shopify", onAction: () => openInAdmin(admin) }] : []}
    >
      <Layout>
        <Layout.Section>
          <OrderSummaryCard margin={m} notes={notes} pct={pct} money={money} thresholds={thresholds} locale={locale} />
        </Layout.Section>
        <Layout.Section>
          <OrderWaterfall margin={m} steps={steps} parcelWeightNote={parcelWeightNote} money={money} locale={locale} />
        </Layout.Section>
        <Layout.Section>
          <OrderLinesCard margin={m} pct={pct} storedAt={storedAt ? when(storedAt) : null} money={money} locale={locale} />
        </Layout.Section>
      </Layout>
    </Page>
  );
}
