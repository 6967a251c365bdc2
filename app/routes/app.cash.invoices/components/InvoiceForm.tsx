import { useFetcher, useRevalidator } from "@remix-run/react";
import { Banner, BlockStack, Button, FormLayout, InlineStack, Select, Text, TextField } from "@shopify/polaris";
import { useEffect, useState } from "react";

import { showToast } from "~/components/feedback";
import { formatDate } from "~/components/format";
import { formatDecimal } from "~/domain/money";
import { DEFAULT_SUPPLIER_TERMS } from "~/domain/reorder";
import { typedDateExample } from "~/domain/typed-date";
import type { InvoiceView, SupplierInvoicesView } from "~/services/supplier-invoices.server";

type SaveResponse = { errors?: { path: string; message: string }[]; saved?: string };

const OTHER = "__other__";

/** Adds (invoice null) or edits an invoice or purchase order; every wrong field named under it, nothing saved until all are right. */
export function InvoiceForm({ invoice, suppliers, currency, locale, onDone }: { invoice: InvoiceView | null; suppliers: SupplierInvoicesView["suppliers"]; currency: string; locale: string; onDone: () => void }) {
  const fetcher = useFetcher<SaveResponse>();
  const revalidator = useRevalidator();
  const known = invoice === null ? suppliers[0] : suppliers.find((s) => s.id === invoice.supplierId || s.name === invoice.supplierName);
  const [choice, setChoice] = useState(known?.id ?? OTHER);
  const [name, setName] = useState(invoice?.supplierName ?? "");
  const [kind, setKind] = useState<string>(invoice?.kind ?? "invoice");
  const [reference, setReference] = useState(invoice?.reference ?? "");
  const [amount, setAmount] = useState(invoice ? formatDecimal(invoice.amount, invoice.currency) : "");
  const [cur, setCur] = useState(invoice?.currency ?? "");
  const [issued, setIssued] = useState(invoice ? formatDate(invoice.issueDate, locale) : "");
  const [due, setDue] = useState(invoice ? formatDate(invoice.dueDate, locale) : "");
  const [paid, setPaid] = useState(invoice?.paidDate ? formatDate(invoice.paidDate, locale) : "");
  const [penalty, setPenalty] = useState(invoice?.penalty != null ? formatDecimal(invoice.penalty, invoice.currency) : "");
  const supplier = suppliers.find((s) => s.id === choice) ?? null;
  const errors = Object.fromEntries((fetcher.state === "idle" ? (fetcher.data?.errors ?? []) : []).map((e) => [e.path, e.message]));
  useEffect(() => {
    if (fetcher.state === "idle" && fetcher.data?.saved !== undefined) {
      showToast(`${fetcher.data.saved} saved`);
      revalidator.revalidate();
      onDone();
    }
    // Once saved: the page reloads its numbers and the form closes.
  }, [fetcher.state, fetcher.data]);
  const save = () =>
    fetcher.submit(
      JSON.stringify({ intent: "save", id: invoice?.id ?? null, supplier: supplier?.name ?? name, kind, reference, amount, currency: cur, issueDate: issued, dueDate: due, paidDate: paid, penalty }),
      { method: "post", action: `/app/cash/invoices?locale=${encodeURIComponent(locale)}`, encType: "application/json" },
    );
  const terms = supplier?.paymentTermsDays ?? DEFAULT_SUPPLIER_TERMS.paymentTermsDays;
  const example = typedDateExample(locale);
  return (
    <BlockStack gap="300">
      <Text as="h3" variant="headingSm">
        {invoice === null ? "Add an invoice or purchase order" : `Edit ${invoice.supplierName}'s ${invoice.reference}`}
      </Text>
      {errors.id ? <Banner tone="critical" title={errors.id} /> : null}
      <FormLayout>
        <FormLayout.Group condensed>
          <Select
            label="Supplier"
            options={[...suppliers.map((s) => ({ label: s.name, value: s.id })), { label: "Another supplier…", value: OTHER }]}
            value={choice}
            onChange={setChoice}
            error={choice !== OTHER ? errors.supplier : undefined}
          />
          <Select
            label="Type"
            options={[
              { label: "Invoice", value: "invoice" },
              { label: "Purchase order", value: "purchase order" },
            ]}
            value={kind === "purchase_order" ? "purchase order" : kind}
            onChange={setKind}
            error={errors.kind}
          />
        </FormLayout.Group>
        {choice === OTHER ? <TextField label="Supplier name" value={name} onChange={setName} autoComplete="off" error={errors.supplier} /> : null}
        {/* Not condensed: three fields side by side would squeeze their messages on a phone. */}
        <FormLayout.Group>
          <TextField label="Reference" value={reference} onChange={setReference} autoComplete="off" error={errors.reference} helpText="The invoice or order number." />
          <TextField label="Amount" value={amount} onChange={setAmount} autoComplete="off" inputMode="decimal" error={errors.amount} placeholder="1250.00" />
          <TextField label="Currency" value={cur} onChange={setCur} autoComplete="off" error={errors.currency} placeholder={supplier?.currency ?? currency} helpText="Blank: the supplier's." />
        </FormLayout.Group>
        <FormLayout.Group condensed>
          <TextField label="Issue date" value={issued} onChange={setIssued} autoComplete="off" error={errors.issueDate} placeholder={example} />
          <TextField label="Due date" value={due} onChange={setDue} autoComplete="off" error={errors.dueDate} placeholder={example} helpText={`Blank: ${terms} days after the issue date${supplier ? ` (${supplier.name}'s terms)` : ""}.`} />
        </FormLayout.Group>
        <FormLayout.Group condensed>
          <TextField label="Paid on" value={paid} onChange={setPaid} autoComplete="off" error={errors.paidDate} placeholder={example} helpText="Blank while unpaid." />
          <TextField label="Late-payment penalty" value={penalty} onChange={setPenalty} autoComplete="off" inputMode="decimal" error={errors.penalty} helpText="What the supplier charges if paid late, if any." />
        </FormLayout.Group>
      </FormLayout>
      <InlineStack gap="200">
        <Button variant="primary" loading={fetcher.state !== "idle"} onClick={save}>
          {invoice === null ? "Add" : "Save"}
        </Button>
        <Button onClick={onDone}>Cancel</Button>
      </InlineStack>
    </BlockStack>
  );
}
