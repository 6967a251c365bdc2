import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link as RemixLink, useLoaderData, useNavigation } from "@remix-run/react";
import { Badge, Banner, BlockStack, Box, Button, Card, DataTable, EmptyState, FormLayout, InlineGrid, Layout, Page, Select, Text, TextField } from "@shopify/polaris";
import { useState } from "react";

import { moneyFormatter, percentFormatter } from "~/components/format";
import db from "~/db.server";
import { formatDecimal } from "~/domain/money";
import { shopFacts } from "~/store/cost-settings.server";
import { parsePromotionsParams, promotionsView } from "~/services/promotions.server";
import { authenticate } from "~/shopify.server";

/**
 * Promotion limits: the deepest discount each product can take before it loses
 * money or falls under the thin-margin target, and a pack simulator for one
 * product (app/services/promotions.server.ts).
 */
export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const url = new URL(request.url);
  const facts = await shopFacts(db, session.shop);
  const parsed = parsePromotionsParams(url.searchParams, facts.currency);
  if (!parsed.ok) {
    // The page still renders (with the defaults) and names the fields to fix.
    const fallback = parsePromotionsParams(new URLSearchParams(), facts.currency);
    const params = fallback.ok ? fallback.params : null;
    const view = await promotionsView(db, session.shop, params!);
    return { view, params: params!, errors: parsed.errors, raw: Object.fromEntries(url.searchParams), locale: url.searchParams.get("locale") ?? "en" };
  }
  const view = await promotionsView(db, session.shop, parsed.params);
  return { view, params: parsed.params, errors: [], raw: Object.fromEntries(url.searchParams), locale: url.searchParams.get("locale") ?? "en" };
};

const OFFER_OPTIONS = [
  { label: "N for the price of M (3 for 2)", value: "x-for-y" },
  { label: "Buy N, get M free (2+1)", value: "n-plus-free" },
  { label: "Percentage off a pack of N", value: "pack-percent" },
];

export default function Promotions() {
  const { view, params, errors, raw, locale } = useLoaderData<typeof loader>();
  const navigation = useNavigation();
  const money = moneyFormatter(view.currency, locale);
  const pct = percentFormatter(locale);
  const fieldError = (name: string) => errors.find((e) => e.path === name)?.message;
  const [form, setForm] = useState({
    product: raw.product ?? view.pack?.productId ?? view.products[0]?.productId ?? "",
    offer: raw.offer ?? params.offer,
    units: raw.units ?? String(params.units),
    pay: raw.pay ?? String(params.pay),
    paid: raw.paid ?? String(params.paid),
    free: raw.free ?? String(params.free),
    percent: raw.percent ?? `${Math.floor(params.percentBp / 100)}.${String(params.percentBp % 100).padStart(2, "0")}`,
    country: raw.country ?? view.pack?.country ?? "",
    shipping: raw.shipping ?? formatDecimal(params.shippingCharged, view.currency),
  });
  const set = (k: keyof typeof form) => (v: string) => setForm((f) => ({ ...f, [k]: v }));
  const limit = (m: (typeof view.products)[number]["zero"]) => (m.kind === "max" ? pct(m.basisPoints) : "None");
  const pack = view.pack;
  const stepRows = pack
    ? ([
        ["Net revenue (merchandise + shipping charged)", pack.reference.netRevenue, pack.offer.netRevenue],
        ["Cost of goods", -pack.reference.costs.costOfGoods, -pack.offer.costs.costOfGoods],
        ["Shipping paid", -pack.reference.costs.shipping, -pack.offer.costs.shipping],
        ["Packaging", -pack.reference.costs.packaging, -pack.offer.costs.packaging],
        ["Labour", -pack.reference.costs.labour, -pack.offer.costs.labour],
        ["Payment fees", -pack.reference.costs.paymentFees, -pack.offer.costs.paymentFees],
        ["Provisions", -pack.reference.costs.provisions, -pack.offer.costs.provisions],
        ["Net margin", pack.reference.netMargin, pack.offer.netMargin],
        ["Net margin per unit", pack.reference.netMarginPerUnit, pack.offer.netMarginPerUnit],
      ] as const)
    : [];

  return (
    <Page title="Promotion limits" subtitle="How deep each product can be discounted, and what a pack offer really earns" backAction={{ content: "Home", url: "/app" }}>
      <Layout>
        {errors.length > 0 ? (
          <Layout.Section>
            <Banner tone="critical" title="Some simulator fields need fixing">
              <p>{errors.map((e) => `${e.path}: ${e.message}`).join("; ")}</p>
            </Banner>
          </Layout.Section>
        ) : null}
        {view.products.length === 0 ? (
          <Layout.Section>
            <Card>
              <EmptyState heading="No product sold in the last 12 months" image="">
                <p>Limits appear once your synced orders have margins. Check the sync on the home page.</p>
              </EmptyState>
            </Card>
          </Layout.Section>
        ) : (
          <>
            <Layout.Section>
              <Card>
                <BlockStack gap="300">
                  <Text as="h2" variant="headingMd">
                    Pack simulator
                  </Text>
                  <Form method="get">
                    <FormLayout>
                      <InlineGrid columns={{ xs: 1, md: 3 }} gap="300">
                        <Select
                          label="Product"
                          name="product"
                          options={view.products.map((p) => ({ label: p.title, value: p.productId }))}
                          value={form.product}
                          onChange={set("product")}
                        />
                        <Select label="Offer" name="offer" options={OFFER_OPTIONS} value={form.offer} onChange={set("offer")} error={fieldError("offer")} />
                        {form.offer === "n-plus-free" ? (
                          <InlineGrid columns={2} gap="200">
                            <TextField label="Units bought" name="paid" type="number" autoComplete="off" value={form.paid} onChange={set("paid")} error={fieldError("paid")} />
                            <TextField label="Units free" name="free" type="number" autoComplete="off" value={form.free} onChange={set("free")} error={fieldError("free")} />
                          </InlineGrid>
                        ) : form.offer === "pack-percent" ? (
                          <InlineGrid columns={2} gap="200">
                            <TextField label="Units in the pack" name="units" type="number" autoComplete="off" value={form.units} onChange={set("units")} error={fieldError("units")} />
                            <TextField label="Discount" name="percent" suffix="%" autoComplete="off" value={form.percent} onChange={set("percent")} error={fieldError("percent")} />
                          </InlineGrid>
                        ) : (
                          <InlineGrid columns={2} gap="200">
                            <TextField label="Units in the pack" name="units" type="number" autoComplete="off" value={form.units} onChange={set("units")} error={fieldError("units")} />
                            <TextField label="Units paid" name="pay" type="number" autoComplete="off" value={form.pay} onChange={set("pay")} error={fieldError("pay")} />
                          </InlineGrid>
                        )}
                      </InlineGrid>
                      <InlineGrid columns={{ xs: 1, md: 3 }} gap="300">
                        <TextField label="Ships to (country code)" name="country" autoComplete="off" value={form.country} onChange={set("country")} error={fieldError("country")} helpText="Picks the shipping rule; empty = your most frequent destination." />
                        <TextField label="Shipping charged to the customer" name="shipping" prefix={view.currency} autoComplete="off" value={form.shipping} onChange={set("shipping")} error={fieldError("shipping")} helpText="Before tax; 0 when the pack ships free." />
                        <Box paddingBlockStart="600">
                          <Button submit variant="primary" loading={navigation.state === "loading"}>
                            Simulate
                          </Button>
                        </Box>
                      </InlineGrid>
                    </FormLayout>
                  </Form>
                  {pack ? (
                    <BlockStack gap="200">
                      <Text as="p">
                        <strong>{pack.title}</strong>, {pack.offer.label}: net margin <strong>{money(pack.offer.netMargin)}</strong> for the pack (
                        {pack.offer.marginPct.kind === "percent" ? pct(pack.offer.marginPct.basisPoints) : "no margin %"}), against {money(pack.reference.netMargin)} for{" "}
                        {pack.reference.units} at list price. One parcel to {pack.country ?? "an unknown country"}
                        {pack.offer.parcelWeightGrams !== null ? ` of ${(pack.offer.parcelWeightGrams / 1000).toLocaleString(locale)} kg` : " (weight unknown)"}, shipping rule:{" "}
                        {pack.offer.shippingRule ?? "default cost"}.
                      </Text>
                      {pack.offer.netMargin < 0 ? <Badge tone="critical">This offer loses money</Badge> : null}
                      <DataTable
                        columnContentTypes={["text", "numeric", "numeric"]}
                        headings={["", `${pack.reference.units} at list price`, pack.offer.label]}
                        rows={stepRows.map(([label, a, b]) => [label, money(a), money(b)])}
                      />
                    </BlockStack>
                  ) : null}
                </BlockStack>
              </Card>
            </Layout.Section>
            <Layout.Section>
              <Card padding="0">
                <Box padding="400">
                  <BlockStack gap="100">
                    <Text as="h2" variant="headingMd">
                      Deepest discount per product
                    </Text>
                    <Text as="p" tone="subdued">
                      From each product&apos;s last 12 months (list price and cost per unit sold, its shipping, packaging and labour per unit). Payment fees and provisions shrink with
                      the price. Best sellers first.
                    </Text>
                  </BlockStack>
                </Box>
                <DataTable
                  columnContentTypes={["text", "numeric", "numeric", "numeric", "numeric", "numeric", "numeric"]}
                  headings={["Product", "Units", "List price", "Unit cost", "Margin per unit", "Max discount (break-even)", `Max discount (${view.thinPercent} % margin)`]}
                  rows={view.products.map((p) => [
                    <RemixLink key={p.productId} to={`/app/products/${p.productId.split("/").pop()}`}>
                      {p.title}
                    </RemixLink>,
                    p.units.toLocaleString(locale),
                    money(p.price),
                    money(p.unitCost),
                    money(p.marginPerUnit),
                    limit(p.zero),
                    limit(p.thin),
                  ])}
                />
              </Card>
            </Layout.Section>
          </>
        )}
      </Layout>
      <Box paddingBlockEnd="800" />
    </Page>
  );
}
