import { useFetcher, useRevalidator } from "@remix-run/react";
import { Badge, BlockStack, Button, Card, InlineStack, Text, TextField } from "@shopify/polaris";
import { useEffect, useState } from "react";

import { formatDate, variantTitle, type MoneyFormat } from "~/components/format";
import { formatDecimal } from "~/domain/money";
import type { ProductDetail } from "~/services/product-detail.server";

type Variant = ProductDetail["variants"][number];
type OverrideResponse = { errors?: { path: string; message: string }[]; override?: unknown };

/** Every variant's unit cost: Shopify's, the merchant's override, and a form to set one. */
export function UnitCostsCard({ variants, currency, money, locale }: { variants: readonly Variant[]; currency: string; money: MoneyFormat; locale: string }) {
  return (
    <Card>
      <BlockStack gap="400">
        <Text as="h2" variant="headingMd">
          Unit cost per variant
        </Text>
        {variants.map((v) => (
          <VariantCost key={v.id} variant={v} currency={currency} money={money} locale={locale} />
        ))}
      </BlockStack>
    </Card>
  );
}

/** One variant's costs and its override form (saved by app.settings.costs). */
function VariantCost({ variant, currency, money, locale }: { variant: Variant; currency: string; money: MoneyFormat; locale: string }) {
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
          {/* Shopify titles a product's only variant "Default Title". */}
          {variantTitle(variant.title) ?? "The product (no variants)"}
        </Text>
        {variant.sku && <Text as="span" tone="subdued">{`SKU ${variant.sku}`}</Text>}
        <Text as="span">Shopify: {variant.shopifyCost === null ? "no cost" : money(variant.shopifyCost)}</Text>
        {variant.override && <Badge tone="info">{`Your cost ${money(variant.override.cost)}${variant.override.effectiveFrom ? ` from ${formatDate(variant.override.effectiveFrom, locale)}` : " for all orders"}`}</Badge>}
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
