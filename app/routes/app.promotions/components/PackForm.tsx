import { Form, useNavigation } from "@remix-run/react";
import { Box, Button, FormLayout, InlineGrid, Select, TextField } from "@shopify/polaris";
import { useState } from "react";

import { countryName } from "~/components/format";
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
  view: Pick<PromotionsView, "currency" | "choices" | "pack">;
  params: PromotionsParams;
  errors: readonly { path: string; message: string }[];
  raw: Record<string, string | undefined>;
  locale: string;
}) {
  const { view, params, errors, raw, locale } = props;
  const navigation = useNavigation();
  const fieldError = (name: string) => errors.find((e) => e.path === name)?.message;
  const [form, setForm] = useState<PackFields>({
    product: raw.product ?? view.pack?.productId ?? view.choices[0]?.productId ?? "",
    offer: raw.offer ?? params.offer,
    units: raw.units ?? String(params.units),
    pay: raw.pay ?? String(params.pay),
    paid: raw.paid ?? String(params.paid),
    free: raw.free ?? String(params.free),
    percent: raw.percent ?? `${Math.floor(params.percentBp / 100)}.${String(params.percentBp % 100).padStart(2, "0")}`,
    country: raw.country ?? "",
    shipping: raw.shipping ?? formatDecimal(params.shippingCharged, view.currency),
  });
  const set = (k: keyof PackFields) => (v: string) => setForm((f) => ({ ...f, [k]: v }));
  return (
    <Form method="get">
      {/* The limits table's search and page stay as they were. */}
      {params.q !== "" ? <input type="hidden" name="q" value={params.q} /> : null}
      {params.page > 1 ? <input type="hidden" name="page" value={String(params.page)} /> : null}
      <FormLayout>
        <InlineGrid columns={{ xs: 1, md: 3 }} gap="300">
          <Select
            label="Product"
            name="product"
            options={view.choices.map((p) => ({ label: p.title, value: p.productId }))}
            value={form.product}
            onChange={set("product")}
          />
          <Select label="Offer" name="offer" options={OFFER_OPTIONS} value={form.offer} onChange={set("offer")} error={fieldError("offer")} />
          <OfferFields form={form} set={set} fieldError={fieldError} />
        </InlineGrid>
        <InlineGrid columns={{ xs: 1, md: 3 }} gap="300">
          <TextField
            label="Ships to"
            name="country"
            autoComplete="off"
            placeholder={view.pack?.country ? countryName(view.pack.country, locale) : undefined}
            value={form.country}
            onChange={set("country")}
            error={fieldError("country")}
            helpText="A country's name or two-letter code (France or FR); picks the shipping rule. Empty: your most frequent destination."
          />
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
