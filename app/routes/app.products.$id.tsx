import type { LoaderFunctionArgs } from "@remix-run/node";
import { useFetcher, useLoaderData, useRevalidator } from "@remix-run/react";
import { Badge, Banner, BlockStack, Button, Card, DataTable, InlineStack, Layout, Page, Text, TextField } from "@shopify/polaris";
import { useEffect, useState } from "react";

import { MarginTrendChart } from "~/components/Charts";
import { FLAG_LABELS, FLAG_TONE } from "~/components/flags";
import { moneyFormatter } from "~/components/format";
import { WaterfallCard } from "~/components/WaterfallCard";
import db from "~/db.server";
import { formatDecimal } from "~/domain/money";
import { productDetail } from "~/services/product-detail.server";
import { parseProductsParams } from "~/services/products-view.server";
import { authenticate } from "~/shopify.server";

/** One product: its margin step by step, per unit and for the range; its trend; its unit costs. */
export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  if (!params.id || !/^\d+$/.test(params.id)) throw new Response("Not found", { status: 404 });
  const url = new URL(request.url);
  const parsed = parseProductsParams(url.searchParams);
  if (!parsed.ok) throw Response.json({ errors: parsed.errors }, { status: 400 });
  const detail = await productDetail(db, session.shop, `gid://shopify/Product/${params.id}`, parsed.params);
  if (!detail.product && detail.variants.length === 0) throw new Response("Not found", { status: 404 });
  return { ...detail, locale: url.searchParams.get("locale") ?? "en" };
};

type OverrideResponse = { errors?: { path: string; message: string }[]; override?: unknown };

function VariantCost({ variant, currency, money }: { variant: { id: string; title: string | null; sku: string | null; shopifyCost: number | null; override: { cost: number; effectiveFrom: string | null } | null }; currency: string; money: (n: number) => string }) {
  const fetcher = useFetcher<OverrideResponse>();
  const revalidator = useRevalidator();
  const [cost, setCost] = useState(variant.override ? formatDecimal(variant.override.cost, currency) : "");
  const [from, setFrom] = useState("");
  const errors = Object.fromEntries((fetcher.data?.errors ?? []).map((e) => [e.path, e.message]));
  useEffect(() => {
    if (fetcher.state === "idle" && fetcher.data?.override) revalidator.revalidate();
    // Reload the page's numbers once an override is saved.
  }, [fetcher.state, fetcher.data]);
  return (
    <BlockStack gap="200">
      <InlineStack gap="200" blockAlign="center">
        <Text as="span" fontWeight="semibold">
          {variant.title ?? variant.id}
        </Text>
        {variant.sku && <Text as="span" tone="subdued">{`SKU ${variant.sku}`}</Text>}
        <Text as="span">Shopify: {variant.shopifyCost === null ? "no cost" : money(variant.shopifyCost)}</Text>
        {variant.override && <Badge tone="info">{`Your cost ${money(variant.override.cost)}${variant.override.effectiveFrom ? ` from ${variant.override.effectiveFrom}` : " for all orders"}`}</Badge>}
      </InlineStack>
      <InlineStack gap="200" blockAlign="end">
        <TextField label={`Your unit cost (${currency})`} value={cost} onChange={setCost} autoComplete="off" error={errors.cost} />
        <TextField label="From (empty = all orders)" type="date" value={from} onChange={setFrom} autoComplete="off" error={errors.effectiveFrom} />
        <Button
          loading={fetcher.state !== "idle"}
          onClick={() =>
            fetcher.submit(JSON.stringify({ intent: "override", variantId: variant.id, cost, effectiveFrom: from || null }), {
              method: "post",
              action: "/app/settings/costs",
              encType: "application/json",
            })
          }
        >
          Save cost
        </Button>
      </InlineStack>
      {fetcher.data?.override ? <Text as="p" tone="success">Saved: the margins of the orders concerned are being recomputed.</Text> : null}
    </BlockStack>
  );
}

export default function ProductPage() {
  const d = useLoaderData<typeof loader>();
  const money = moneyFormatter(d.currency, d.locale);
  const p = d.product;
  const perUnit = (n: number) => (p && p.units > 0 ? money(Math.round(n / p.units)) : "—");
  const steps: [string, number][] = p
    ? [
        ["Net revenue", p.netRevenue],
        ["Cost of goods", -p.costs.costOfGoods],
        ["Shipping", -p.costs.shipping],
        ["Packaging", -p.costs.packaging],
        ["Labour", -p.costs.labour],
        ["Payment fees", -p.costs.paymentFees],
        ["Fixed costs", -p.costs.fixedCosts],
        ["Provisions", -(p.costs.provisions.returns + p.costs.provisions.fraud + p.costs.provisions.spoilage)],
        ["Net margin", p.netMargin],
      ]
    : [];
  return (
    <Page backAction={{ content: "Products", url: "/app/products" }} title={p?.title ?? "Product"} subtitle={`${d.range.from} to ${d.range.to} (end excluded), ${d.currency}`}>
      <Layout>
        {!p ? (
          <Layout.Section>
            <Banner title="No sales in this range">
              <p>This product sold nothing in the range; its unit costs are below.</p>
            </Banner>
          </Layout.Section>
        ) : (
          <>
            <Layout.Section>
              <Card>
                <BlockStack gap="200">
                  <InlineStack gap="300" blockAlign="center">
                    <Text as="h2" variant="headingLg" tone={p.netMargin < 0 ? "critical" : undefined}>
                      {money(p.netMargin)}
                    </Text>
                    <Text as="span" tone="subdued">
                      net margin on {p.units} units in {p.orders} orders{p.marginPct.kind === "percent" ? `, ${p.marginPct.value.toFixed(2)} % of net revenue` : ""}
                    </Text>
                  </InlineStack>
                  {p.flags.map((f) => (
                    <Text as="p" key={f.code}>
                      <Badge tone={FLAG_TONE[f.code]}>{FLAG_LABELS[f.code]}</Badge> {f.reason}
                    </Text>
                  ))}
                </BlockStack>
              </Card>
            </Layout.Section>
            <Layout.Section>
              <WaterfallCard columns={["Per unit", "In the range"]} rows={steps.map(([label, amount]) => [label, perUnit(amount), money(amount)] as const)} />
            </Layout.Section>
            {d.targets?.breakEven && d.targets.thin && (
              <Layout.Section>
                <Card>
                  <BlockStack gap="200">
                    <Text as="h2" variant="headingMd">
                      What would make it profitable
                    </Text>
                    <Text as="p">
                      Price: {d.targets.breakEven.priceIncreasePerUnit === 0 ? "already at or above break-even" : `${money(d.targets.breakEven.priceIncreasePerUnit)} more per unit breaks even`};{" "}
                      {d.targets.thin.priceIncreasePerUnit === 0 ? `already at the ${d.targets.thinPercent} % target` : `${money(d.targets.thin.priceIncreasePerUnit)} more reaches ${d.targets.thinPercent} %`} (today{" "}
                      {money(d.targets.breakEven.currentPricePerUnit)} per unit, after discounts and before tax).
                    </Text>
                    <Text as="p">
                      Unit cost: {d.targets.breakEven.unitCostDecrease === 0 ? "no cut needed to break even" : `${money(d.targets.breakEven.unitCostDecrease)} less per unit breaks even`};{" "}
                      {d.targets.thin.unitCostDecrease === 0 ? `already at the ${d.targets.thinPercent} % target` : `${money(d.targets.thin.unitCostDecrease)} less reaches ${d.targets.thinPercent} %`} (today {money(d.targets.breakEven.currentCostPerUnit)}).
                    </Text>
                    <Text as="p" tone="subdued">
                      A price rise keeps {100 - d.targets.variablePercent} % of itself: payment fees and provisions take {d.targets.variablePercent} % of revenue. Same sales assumed.
                    </Text>
                  </BlockStack>
                </Card>
              </Layout.Section>
            )}
            <Layout.Section>
              <Card>
                <BlockStack gap="200">
                  <Text as="h2" variant="headingMd">
                    Net margin per month
                  </Text>
                  {d.months.length > 1 ? (
                    <MarginTrendChart points={d.months.map((m) => ({ label: m.month, netRevenue: m.netRevenue, netMargin: m.netMargin }))} currency={d.currency} locale={d.locale} height={220} />
                  ) : null}
                  <DataTable
                    columnContentTypes={["text", "numeric", "numeric", "numeric"]}
                    headings={["Month", "Units", "Net revenue", "Net margin"]}
                    rows={d.months.map((m) => [m.month, String(m.units), money(m.netRevenue), money(m.netMargin)])}
                  />
                </BlockStack>
              </Card>
            </Layout.Section>
          </>
        )}
        <Layout.Section>
          <Card>
            <BlockStack gap="400">
              <Text as="h2" variant="headingMd">
                Unit cost per variant
              </Text>
              {d.variants.map((v) => (
                <VariantCost key={v.id} variant={v} currency={d.currency} money={money} />
              ))}
            </BlockStack>
          </Card>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
