import { Form, useNavigation } from "@remix-run/react";
import { Box, Button, FormLayout, InlineGrid, Select, TextField } from "@shopify/polaris";
import { useState } from "react";

import { formatDecimal } from "~/domain/money";
import type { PromotionsParams, PromotionsView } from "~/services/promotions.server";

const OFFER_OPTIONS = [
  { label: "N for the price of M (3 for 2)", value: "x-for-y" },
  { label: "Buy N, get M free (2+1)", value: "n-plus-free" },
  { label: "Percentage off a pack of N", value: "pack-percent" },
];

/** The simulator's fields as the form labels them (for messages that name a field). */
export const PACK_FIELD_LABELS: Readonly<Record<string, string>> = {
  product: "Product",
  offer: "Offer",
  units: "Units in the pack",
  pay: "Units paid",
  paid: "Units bought",
  free: "Units free",
  percent: "Discount",
  country: "Ships to",
  shipping: "Shipping charged to the customer",
};

type PackFields = Record<"product" | "offer" | "units" | "pay" | "paid" | "free" | "percent" | "country" | "shipping", string>;
type FieldProps = { set: (k: keyof PackFields) => (v: string) => void; fieldError: (name: string) => string | undefined };

/** The simulator's fields, submitted as the page's query (GET): the server simulates the pack. */
export function PackForm(props: {
  view: Pick<PromotionsView, "currency" | "products" | "pack">;
  params: PromotionsParams;
  errors: readonly { path: string; message: string }[];
  raw: Record<string, string | undefined>;
}) {
  const { view, params, errors, raw } = props;
  const navigation = useNavigation();
  const fieldError = (name: string) => errors.find((e) => e.path === name)?.message;
  const [form, setForm] = useState<PackFields>({
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
  const set = (k: keyof PackFields) => (v: string) => setForm((f) => ({ ...f, [k]: v }));
  return (
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
          <OfferFields form={form} set={set} fieldError={fieldError} />
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
  );
}

/** The two numbers that make the chosen offer. */
function OfferFields({ form, set, fieldError }: { form: PackFields } & FieldProps) {
  if (form.offer === "n-plus-free")
    return (
      <InlineGrid columns={2} gap="200">
        <TextField label="Units bought" name="paid" type="number" autoComplete="off" value={form.paid} onChange={set("paid")} error={fieldError("paid")} />
        <TextField label="Units free" name="free" type="number" autoComplete="off" value={form.free} onChange={set("free")} error={fieldError("free")} />
      </InlineGrid>
    );
  if (form.offer === "pack-percent")
    return (
      <InlineGrid columns={2} gap="200">
        <TextField label="Units in the pack" name="units" type="number" autoComplete="off" value={form.units} onChange={set("units")} error={fieldError("units")} />
        <TextField label="Discount" name="percent" suffix="%" autoComplete="off" value={form.percent} onChange={set("percent")} error={fieldError("percent")} />
      </InlineGrid>
    );
  return (
    <InlineGrid columns={2} gap="200">
      <TextField label="Units in the pack" name="units" type="number" autoComplete="off" value={form.units} onChange={set("units")} error={fieldError("units")} />
      <TextField label="Units paid" name="pay" type="number" autoComplete="off" value={form.pay} onChange={set("pay")} error={fieldError("pay")} />
    </InlineGrid>
  );
}
