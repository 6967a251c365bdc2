import { useFetcher, useRevalidator } from "@remix-run/react";
import { Banner, BlockStack, Button, FormLayout, InlineStack, Text, TextField } from "@shopify/polaris";
import { useEffect, useState } from "react";

import { showToast } from "~/components/feedback";
import type { SupplierRowView } from "~/services/reorder.server";

type SaveResponse = { errors?: { path: string; message: string }[]; supplier?: { name: string } };

/** Adds (supplier null) or edits a supplier; every wrong field named under it, nothing saved until all are right. */
export function SupplierForm({ supplier, currency, onDone }: { supplier: SupplierRowView | null; currency: string; onDone: () => void }) {
  const fetcher = useFetcher<SaveResponse>();
  const revalidator = useRevalidator();
  const [name, setName] = useState(supplier?.name ?? "");
  const [lead, setLead] = useState(String(supplier?.leadTimeDays ?? 14));
  const [moq, setMoq] = useState(String(supplier?.minOrderQuantity ?? 1));
  const [terms, setTerms] = useState(String(supplier?.paymentTermsDays ?? 30));
  const [cur, setCur] = useState(supplier?.currency ?? currency);
  const errors = Object.fromEntries((fetcher.state === "idle" ? (fetcher.data?.errors ?? []) : []).map((e) => [e.path, e.message]));
  useEffect(() => {
    if (fetcher.state === "idle" && fetcher.data?.supplier) {
      showToast(`${fetcher.data.supplier.name} saved`);
      revalidator.revalidate();
      onDone();
    }
    // Once saved: the page's numbers reload and the form closes.
  }, [fetcher.state, fetcher.data]);
  const save = () =>
    fetcher.submit(JSON.stringify({ intent: "save", id: supplier?.id ?? null, name, leadTimeDays: lead, minOrderQuantity: moq, paymentTermsDays: terms, currency: cur }), {
      method: "post",
      action: "/app/suppliers",
      encType: "application/json",
    });
  return (
    <BlockStack gap="300">
      <Text as="h3" variant="headingSm">
        {supplier === null ? "Add a supplier" : `Edit ${supplier.name}`}
      </Text>
      {errors.id ? <Banner tone="critical" title={errors.id} /> : null}
      <FormLayout>
        <TextField label="Supplier name" value={name} onChange={setName} autoComplete="off" error={errors.name} />
        <FormLayout.Group condensed>
          <TextField label="Lead time" suffix="days" type="number" min={0} value={lead} onChange={setLead} autoComplete="off" error={errors.leadTimeDays} helpText="From ordering to receiving." />
          <TextField label="Minimum order" suffix="units" type="number" min={1} value={moq} onChange={setMoq} autoComplete="off" error={errors.minOrderQuantity} helpText="Per product ordered." />
        </FormLayout.Group>
        <FormLayout.Group condensed>
          <TextField label="Payment terms" suffix="days" type="number" min={0} value={terms} onChange={setTerms} autoComplete="off" error={errors.paymentTermsDays} helpText="Days after the order you pay; 0 when paid on ordering." />
          <TextField label="Currency" value={cur} onChange={setCur} autoComplete="off" error={errors.currency} helpText="The currency the supplier invoices in." />
        </FormLayout.Group>
      </FormLayout>
      <InlineStack gap="200">
        <Button variant="primary" loading={fetcher.state !== "idle"} onClick={save}>
          Save supplier
        </Button>
        <Button onClick={onDone}>Cancel</Button>
      </InlineStack>
    </BlockStack>
  );
}
