import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Banner, Box, Card, Layout, Page } from "@shopify/polaris";
import { useState } from "react";

import { downloadFile } from "~/components/download";
import { moneyFormatter } from "~/components/format";
import { phoneHint } from "~/components/ListControls";
import { PaymentCalendar } from "~/components/PaymentCalendar";
import db from "~/db.server";
import { readJsonBody } from "~/services/body-limit.server";
import { addSuggestedPurchaseOrders, supplierInvoicesView, type InvoiceView } from "~/services/supplier-invoices.server";
import { authenticate } from "~/shopify.server";
import { deleteSupplierInvoice, importSupplierInvoices, markSupplierInvoicePaid, MAX_INVOICE_CSV_BYTES, saveSupplierInvoice } from "~/store/supplier-invoices.server";

import { InvoiceForm } from "./components/InvoiceForm";
import { InvoiceImport } from "./components/InvoiceImport";
import { SuggestedPurchases } from "./components/SuggestedPurchases";
import { InvoiceTable, INVOICE_TABS, type InvoiceTab } from "./components/InvoiceTable";

/**
 * Supplier payments (issue 19, item 4): the shop's supplier invoices and purchase orders
 * (Upcoming / Overdue / Paid), the payment calendar by week or month with the peaks
 * (app/components/PaymentCalendar.tsx, which the Cash page embeds too), add / edit / mark
 * paid / delete, CSV import and export (app.cash.invoices.csv.tsx). `?tab=overdue` opens a tab.
 *
 * POST JSON, by `intent`:
 * - `save` `{ id (null: a new one), supplier, reference, kind, amount, currency, issueDate, dueDate, paidDate, penalty }`
 * - `paid` `{ id, paidDate ("" or absent: today) }`, `unpaid` `{ id }`, `delete` `{ id }`
 * - `import` `{ csv }`
 * - `suggested`: reorder's suggested purchases for today added as purchase orders (`{ suggested: { added, updated, skipped, amount } }`)
 * 422 with every field's problem named in the merchant's words, nothing written.
 */

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const url = new URL(request.url);
  const tab = url.searchParams.get("tab");
  const view = await supplierInvoicesView(db, session.shop);
  return { view, tab: (INVOICE_TABS as readonly string[]).includes(tab ?? "") ? (tab as InvoiceTab) : "upcoming", phone: phoneHint(request.headers), locale: url.searchParams.get("locale") ?? "en" };
};

const unprocessable = (errors: { path: string; message: string }[]) => Response.json({ errors }, { status: 422 });
const text = (v: unknown): string => (typeof v === "string" ? v : typeof v === "number" && Number.isFinite(v) ? String(v) : "");
const gone = () => unprocessable([{ path: "id", message: "This invoice no longer exists: reload the page." }]);

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  // A CSV of up to 1 MB arrives as a JSON string: escaping at most doubles it, plus room for the rest.
  const read = await readJsonBody(request, 2 * MAX_INVOICE_CSV_BYTES + 64 * 1024);
  if (!read.ok) return read.response;
  const body = (typeof read.body === "object" && read.body !== null && !Array.isArray(read.body) ? read.body : {}) as Record<string, unknown>;
  const locale = new URL(request.url).searchParams.get("locale") ?? "en";
  const id = typeof body.id === "string" && body.id !== "" ? body.id : null;
  switch (body.intent) {
    case "save": {
      if (body.id !== null && body.id !== undefined && body.id !== "" && id === null) return gone();
      const input = {
        supplier: text(body.supplier),
        reference: text(body.reference),
        kind: text(body.kind),
        amount: text(body.amount),
        currency: text(body.currency),
        issueDate: text(body.issueDate),
        dueDate: text(body.dueDate),
        paidDate: text(body.paidDate),
        penalty: text(body.penalty),
      };
      const r = await saveSupplierInvoice(db, session.shop, id, input, { locale });
      return r.ok ? Response.json({ saved: r.invoice.reference }) : unprocessable(r.errors);
    }
    case "paid":
    case "unpaid": {
      if (id === null) return gone();
      const r = await markSupplierInvoicePaid(db, session.shop, id, body.intent === "unpaid" ? false : text(body.paidDate) || null, { locale });
      return r.ok ? Response.json({ paid: r.invoice.paidDate !== null }) : unprocessable(r.errors);
    }
    case "delete": {
      if (id === null || !(await deleteSupplierInvoice(db, session.shop, id))) return gone();
      return Response.json({ deleted: true });
    }
    case "import": {
      const r = await importSupplierInvoices(db, session.shop, body.csv, { locale });
      return r.ok ? Response.json({ added: r.added, updated: r.updated }) : unprocessable(r.errors);
    }
    case "suggested": {
      return Response.json({ suggested: await addSuggestedPurchaseOrders(db, session.shop) });
    }
    default:
      return unprocessable([{ path: "intent", message: "This action is not one the Supplier payments page knows: reload the page." }]);
  }
};

export default function SupplierPayments() {
  const { view, tab, phone, locale } = useLoaderData<typeof loader>();
  const money = moneyFormatter(view.currency, locale);
  const [editing, setEditing] = useState<InvoiceView | "new" | null>(null);
  const overdue = view.calendar.week.overdue;
  const open = (x: InvoiceView | "new") => {
    setEditing(x);
    // The form sits under the table: bring it into view.
    requestAnimationFrame(() => document.getElementById("invoice-form")?.scrollIntoView({ behavior: "smooth", block: "start" }));
  };
  return (
    <Page
      title="Supplier payments"
      subtitle="Supplier invoices and purchase orders: what you owe, when, and the weeks your payments peak"
      backAction={{ content: "Suppliers", url: "/app/suppliers" }}
      primaryAction={{ content: "Add an invoice", onAction: () => open("new") }}
      secondaryActions={[{ content: "Export CSV", onAction: () => void downloadFile("/app/cash/invoices/csv", "supplier-invoices.csv") }]}
    >
      <Layout>
        {overdue.items.length > 0 ? (
          <Layout.Section>
            <Banner tone="critical" title={`${overdue.items.length} supplier payment${overdue.items.length === 1 ? " is" : "s are"} overdue: ${money(overdue.amount)}`}>
              <p>{overdue.penalties > 0 ? `Plus ${money(overdue.penalties)} of late-payment penalties. ` : ""}Pay them first, then mark them paid below.</p>
            </Banner>
          </Layout.Section>
        ) : null}
        <Layout.Section>
          <PaymentCalendar week={view.calendar.week} month={view.calendar.month} locale={locale} />
        </Layout.Section>
        <Layout.Section>
          <InvoiceTable invoices={view.invoices} initialTab={tab} locale={locale} phone={phone} onEdit={open} />
        </Layout.Section>
        {editing !== null ? (
          <Layout.Section>
            <div id="invoice-form">
              <Card>
                <InvoiceForm key={editing === "new" ? "new" : editing.id} invoice={editing === "new" ? null : editing} suppliers={view.suppliers} currency={view.currency} locale={locale} onDone={() => setEditing(null)} />
              </Card>
            </div>
          </Layout.Section>
        ) : null}
        <Layout.Section>
          <SuggestedPurchases currency={view.currency} locale={locale} />
        </Layout.Section>
        <Layout.Section>
          <InvoiceImport currency={view.currency} />
        </Layout.Section>
      </Layout>
      <Box paddingBlockEnd="800" />
    </Page>
  );
}
