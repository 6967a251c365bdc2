import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Badge, BlockStack, Card, DataTable, InlineStack, Layout, Page, Text } from "@shopify/polaris";

import { FLAG_LABELS } from "~/components/flags";
import { moneyFormatter } from "~/components/format";
import { WaterfallCard } from "~/components/WaterfallCard";
import db from "~/db.server";
import { waterfall } from "~/domain/margin";
import { orderBreakdown } from "~/services/orders-view.server";
import { authenticate } from "~/shopify.server";

/** One order: every cost step, where each came from, and the result per line. */
export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  if (!params.id || !/^\d+$/.test(params.id)) throw new Response("Not found", { status: 404 });
  const found = await orderBreakdown(db, session.shop, `gid://shopify/Order/${params.id}`);
  if (!found) throw new Response("Not found", { status: 404 });
  return { ...found, steps: waterfall(found.margin), locale: new URL(request.url).searchParams.get("locale") ?? "en" };
};

const STEP_LABELS: Record<string, string> = {
  netRevenue: "Net revenue",
  costOfGoods: "Cost of goods",
  shipping: "Shipping paid to carriers",
  packaging: "Packaging",
  labour: "Pick-and-pack labour",
  paymentFees: "Payment fees",
  fixedCosts: "Fixed costs (share of the month)",
  provisions: "Provisions (returns, fraud, spoilage)",
  netMargin: "Net margin",
};

export default function OrderDetail() {
  const { margin: m, notes, steps, locale, storedAt, timeZone, parcelWeightNote } = useLoaderData<typeof loader>();
  // Dates as the merchant counts them: in the shop's time zone.
  const when = (iso: string) => new Date(iso).toLocaleString(locale, { dateStyle: "medium", timeStyle: "short", timeZone });
  const money = moneyFormatter(m.currency, locale);
  const pct = m.marginPct.kind === "percent" ? `${m.marginPct.value.toFixed(2)} %` : "—";
  const shippingSource =
    m.steps.shipping.source === "import"
      ? "actual cost from your shipping-cost import"
      : m.steps.shipping.source === "rule"
        ? `shipping rule "${m.steps.shipping.rule}"`
        : m.steps.shipping.source === "default"
          ? "default shipping cost (no rule matched)"
          : m.steps.shipping.source === "not-shipped"
            ? "none (nothing was shipped)"
            : "no parcel (nothing to ship)";
  const stepRows = steps.map((s) => [STEP_LABELS[s.step] ?? s.step, money(s.amount), money(s.running)] as const);
  const lineRows = m.lines.map((l) =>
    l.costOfGoodsStatus.status === "gift-card"
      ? [`${l.title} (gift card, kept apart)`, String(l.units), money(l.netRevenue), "—", "—", "—", "—"]
      : [
          l.title,
          String(l.units),
          money(l.netRevenue),
          l.costOfGoodsStatus.status === "missing" ? "missing" : money(l.costs.costOfGoods),
          money(l.totalCosts - l.costs.costOfGoods),
          money(l.netMargin),
          l.marginPct.kind === "percent" ? `${l.marginPct.value.toFixed(2)} %` : "—",
        ],
  );
  return (
    <Page backAction={{ content: "Orders", url: "/app/orders" }} title={`Order ${m.orderName}`} subtitle={`${when(m.processedAt)} (${timeZone}) · ${m.currency}`}>
      <Layout>
        <Layout.Section>
          <Card>
            <BlockStack gap="300">
              <InlineStack gap="300" blockAlign="center">
                <Text as="h2" variant="headingLg" tone={m.netMargin < 0 ? "critical" : undefined}>
                  {money(m.netMargin)}
                </Text>
                <Text as="span" tone="subdued">
                  net margin, {pct} of net revenue
                </Text>
                {m.flags.map((f) => (
                  <Badge key={f.code} tone={f.code === "LOSS" ? "critical" : f.code === "DISCOUNT_DRIVEN" ? "info" : "warning"}>
                    {FLAG_LABELS[f.code]}
                  </Badge>
                ))}
              </InlineStack>
              {m.flags.map((f) => (
                <Text as="p" key={f.code}>
                  {f.reason}
                </Text>
              ))}
              {notes.map((note) => (
                <Text as="p" tone="subdued" key={note}>
                  {note}
                </Text>
              ))}
            </BlockStack>
          </Card>
        </Layout.Section>
        <Layout.Section>
          <WaterfallCard columns={["Amount", "Running total"]} rows={stepRows}>
            <Text as="p" tone="subdued">
              Shipping: {shippingSource}
              {m.steps.shipping.parcelWeightGrams !== null && m.steps.shipping.source !== "not-shipped"
                ? `, parcel ${m.steps.shipping.parcelWeightGrams} g${m.steps.shipping.weight?.source === "estimated" ? " (estimated)" : ""}`
                : ""}. Payment fees: {money(m.steps.paymentFees.actual)}{" "}
              actual (Shopify Payments), {money(m.steps.paymentFees.estimated)} estimated from your gateway settings.
              {m.steps.fixedCosts.allocated ? "" : " No fixed costs allocated to this order."}
            </Text>
            {parcelWeightNote ? (
              // An estimate is information; an unknown weight is worth fixing in Shopify.
              <Text as="p" tone={m.steps.shipping.weight?.source === "estimated" ? "subdued" : "caution"}>
                {parcelWeightNote}
              </Text>
            ) : null}
          </WaterfallCard>
        </Layout.Section>
        <Layout.Section>
          <Card>
            <BlockStack gap="200">
              <Text as="h2" variant="headingMd">
                Per line
              </Text>
              <DataTable
                columnContentTypes={["text", "numeric", "numeric", "numeric", "numeric", "numeric", "numeric"]}
                headings={["Line", "Units kept", "Net revenue", "Cost of goods", "Other costs", "Net margin", "Margin %"]}
                rows={lineRows}
                totals={["", "", money(m.netRevenue), money(m.costs.costOfGoods), money(m.totalCosts - m.costs.costOfGoods), money(m.netMargin), pct]}
                showTotalsInFooter
              />
              <Text as="p" tone="subdued">
                Line margins add up exactly to the order&apos;s.{storedAt ? ` Stored margin computed ${when(storedAt)}.` : ""}
              </Text>
            </BlockStack>
          </Card>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
