import { useFetcher, useRevalidator } from "@remix-run/react";
import { Badge, Banner, BlockStack, Button, Card, IndexTable, InlineStack, Modal, Tabs, Text, useBreakpoints } from "@shopify/polaris";
import { useEffect, useState } from "react";

import { showToast } from "~/components/feedback";
import { formatDate, moneyFormatter } from "~/components/format";
import { INVOICE_KIND_LABELS } from "~/domain/payables";
import type { InvoiceView } from "~/services/supplier-invoices.server";

export const INVOICE_TABS = ["upcoming", "overdue", "paid"] as const;
export type InvoiceTab = (typeof INVOICE_TABS)[number];
const TAB_LABELS: Record<InvoiceTab, string> = { upcoming: "Upcoming", overdue: "Overdue", paid: "Paid" };
const EMPTY: Record<InvoiceTab, string> = {
  upcoming: "Nothing to pay ahead. Add an invoice or a purchase order, or import them from a CSV file.",
  overdue: "No overdue supplier payment.",
  paid: "No invoice marked paid yet.",
};

type ActionResponse = { errors?: { path: string; message: string }[]; paid?: boolean; deleted?: boolean };

const inTab = (i: InvoiceView, tab: InvoiceTab) => (tab === "paid" ? i.paidDate !== null : tab === "overdue" ? i.overdue : i.paidDate === null && !i.overdue);
const days = (n: number) => `${n} day${n === 1 ? "" : "s"}`;

/** Supplier invoices and purchase orders by tab (Upcoming, Overdue, Paid), each with Mark paid, Edit and Delete (confirmed). */
export function InvoiceTable({ invoices, initialTab, locale, phone, onEdit }: { invoices: readonly InvoiceView[]; initialTab: InvoiceTab; locale: string; phone: boolean; onEdit: (i: InvoiceView) => void }) {
  const [tab, setTab] = useState<InvoiceTab>(initialTab);
  const [deleting, setDeleting] = useState<InvoiceView | null>(null);
  const fetcher = useFetcher<ActionResponse>();
  const revalidator = useRevalidator();
  const { smDown } = useBreakpoints({ defaults: { smDown: phone } });
  const post = (body: Record<string, unknown>) => fetcher.submit(JSON.stringify(body), { method: "post", action: `/app/cash/invoices?locale=${encodeURIComponent(locale)}`, encType: "application/json" });
  const errors = fetcher.state === "idle" ? (fetcher.data?.errors ?? []) : [];
  useEffect(() => {
    if (fetcher.state !== "idle" || !fetcher.data || fetcher.data.errors) return;
    showToast(fetcher.data.deleted ? "Invoice deleted" : fetcher.data.paid ? "Marked paid" : "Marked unpaid");
    revalidator.revalidate();
  }, [fetcher.state, fetcher.data]);
  // Paid: latest payment first; others by due date (the store's order).
  const rows = invoices.filter((i) => inTab(i, tab));
  if (tab === "paid") rows.sort((a, b) => (a.paidDate! < b.paidDate! ? 1 : a.paidDate! > b.paidDate! ? -1 : 0));
  const tabs = INVOICE_TABS.map((t) => ({ id: `invoices-${t}`, content: `${TAB_LABELS[t]} (${invoices.filter((i) => inTab(i, t)).length})` }));
  const money = (i: InvoiceView, amount: number) => moneyFormatter(i.currency, locale)(amount);
  const status = (i: InvoiceView) =>
    i.paidDate !== null ? (
      <Badge tone="success">{`Paid ${formatDate(i.paidDate, locale)}`}</Badge>
    ) : i.overdue ? (
      <Badge tone="critical">{`${days(i.daysLate)} late`}</Badge>
    ) : (
      <Badge>Unpaid</Badge>
    );
  const actions = (i: InvoiceView) => (
    <InlineStack gap="300" wrap={false}>
      {i.paidDate === null ? (
        <Button variant="plain" onClick={() => post({ intent: "paid", id: i.id })} accessibilityLabel={`Mark ${i.reference} paid`}>
          Mark paid
        </Button>
      ) : (
        <Button variant="plain" onClick={() => post({ intent: "unpaid", id: i.id })} accessibilityLabel={`Mark ${i.reference} unpaid`}>
          Mark unpaid
        </Button>
      )}
      <Button variant="plain" onClick={() => onEdit(i)} accessibilityLabel={`Edit ${i.reference}`}>
        Edit
      </Button>
      <Button variant="plain" tone="critical" onClick={() => setDeleting(i)} accessibilityLabel={`Delete ${i.reference}`}>
        Delete
      </Button>
    </InlineStack>
  );
  return (
    <Card padding="0">
      <Tabs tabs={tabs} selected={INVOICE_TABS.indexOf(tab)} onSelect={(n) => setTab(INVOICE_TABS[n]!)} />
      {errors.length > 0 ? (
        <div style={{ padding: "12px 16px" }}>
          <Banner tone="critical" title={errors.map((e) => e.message).join(" ")} />
        </div>
      ) : null}
      {rows.length === 0 ? (
        <div style={{ padding: "16px" }}>
          <Text as="p" tone="subdued">
            {EMPTY[tab]}
          </Text>
        </div>
      ) : (
        <IndexTable
          condensed={smDown}
          resourceName={{ singular: "invoice", plural: "invoices" }}
          itemCount={rows.length}
          selectable={false}
          headings={[{ title: "Supplier" }, { title: "Reference" }, { title: "Issued" }, { title: "Due" }, { title: "Amount", alignment: "end" }, { title: "Status" }, { title: "" }]}
        >
          {rows.map((i, n) =>
            smDown ? (
              <IndexTable.Row id={i.id} key={i.id} position={n}>
                <div style={{ padding: "12px 16px" }}>
                  <BlockStack gap="100">
                    <InlineStack align="space-between" blockAlign="center" gap="200">
                      <Text as="span" fontWeight="semibold">
                        {i.supplierName}
                      </Text>
                      <Text as="span" fontWeight="semibold">
                        {money(i, i.amount)}
                      </Text>
                    </InlineStack>
                    <Text as="p" tone="subdued">
                      {`${INVOICE_KIND_LABELS[i.kind]} ${i.reference} · due ${formatDate(i.dueDate, locale)}${i.penalty !== null ? ` · penalty ${money(i, i.penalty)}` : ""}`}
                    </Text>
                    <InlineStack align="space-between" blockAlign="center" gap="200">
                      {status(i)}
                      {actions(i)}
                    </InlineStack>
                  </BlockStack>
                </div>
              </IndexTable.Row>
            ) : (
              <IndexTable.Row id={i.id} key={i.id} position={n}>
                <IndexTable.Cell>
                  <Text as="span" fontWeight="semibold">
                    {i.supplierName}
                  </Text>
                </IndexTable.Cell>
                <IndexTable.Cell>
                  <BlockStack gap="0">
                    <Text as="span">{i.reference}</Text>
                    <Text as="span" variant="bodySm" tone="subdued">
                      {INVOICE_KIND_LABELS[i.kind]}
                    </Text>
                  </BlockStack>
                </IndexTable.Cell>
                <IndexTable.Cell>{formatDate(i.issueDate, locale)}</IndexTable.Cell>
                <IndexTable.Cell>{formatDate(i.dueDate, locale)}</IndexTable.Cell>
                <IndexTable.Cell>
                  <BlockStack gap="0" inlineAlign="end">
                    <Text as="span" numeric>
                      {money(i, i.amount)}
                    </Text>
                    {i.penalty !== null ? (
                      <Text as="span" variant="bodySm" tone={i.overdue ? "critical" : "subdued"} numeric>
                        {`+ ${money(i, i.penalty)} if late`}
                      </Text>
                    ) : null}
                  </BlockStack>
                </IndexTable.Cell>
                <IndexTable.Cell>{status(i)}</IndexTable.Cell>
                <IndexTable.Cell>{actions(i)}</IndexTable.Cell>
              </IndexTable.Row>
            ),
          )}
        </IndexTable>
      )}
      <Modal
        open={deleting !== null}
        onClose={() => setDeleting(null)}
        title={deleting ? `Delete ${deleting.supplierName}'s ${deleting.reference}?` : "Delete this invoice?"}
        primaryAction={{
          content: "Delete",
          destructive: true,
          onAction: () => {
            if (deleting) post({ intent: "delete", id: deleting.id });
            setDeleting(null);
          },
        }}
        secondaryActions={[{ content: "Cancel", onAction: () => setDeleting(null) }]}
      >
        <Modal.Section>
          <Text as="p">{deleting ? `${money(deleting, deleting.amount)}, due ${formatDate(deleting.dueDate, locale)}. It leaves the calendar and the exports; this cannot be undone.` : ""}</Text>
        </Modal.Section>
      </Modal>
    </Card>
  );
}
