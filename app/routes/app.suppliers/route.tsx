import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Banner, Box, Layout, Page } from "@shopify/polaris";

import { formatDate, moneyFormatter } from "~/components/format";
import { phoneHint } from "~/components/ListControls";
import db from "~/db.server";
import { readJsonBody } from "~/services/body-limit.server";
import { lastCompleteDay, suppliersView } from "~/services/reorder.server";
import { authenticate } from "~/shopify.server";
import { shopFacts } from "~/store/cost-settings.server";
import { MAX_SUPPLIER_CSV_BYTES, assignProducts, findProducts, importSuppliers, saveSupplier } from "~/store/suppliers.server";

import { AssignProductsCard } from "./components/AssignProductsCard";
import { PurchaseList } from "./components/PurchaseList";
import { SupplierImport } from "./components/SupplierImport";
import { SuppliersCard } from "./components/SuppliersCard";

/**
 * Suppliers and what to reorder from them (issue 18, item 5): each supplier's lead time,
 * minimum order and payment terms, the products it supplies, and the suggested purchase
 * list (app/services/reorder.server.ts) with a CSV per supplier (app.suppliers.csv.tsx).
 *
 * POST JSON, by `intent`:
 * - `save` `{ id (null: a new supplier), name, leadTimeDays, minOrderQuantity, paymentTermsDays, currency }`
 * - `assign` `{ productIds, supplierId (null: back to the vendor's) }`
 * - `import` `{ csv }`
 * 422 with every field's problem named in the merchant's words, nothing written.
 */

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const url = new URL(request.url);
  const facts = await shopFacts(db, session.shop);
  const q = url.searchParams.get("q") ?? "";
  const [view, products] = await Promise.all([suppliersView(db, session.shop, lastCompleteDay(facts.timeZone)), findProducts(db, session.shop, q, PRODUCTS_SHOWN + 1)]);
  return { view, products: products.slice(0, PRODUCTS_SHOWN), moreProducts: products.length > PRODUCTS_SHOWN, q, phone: phoneHint(request.headers), locale: url.searchParams.get("locale") ?? "en" };
};

/** Products listed in the assignment card (one more is read to know there are more). */
const PRODUCTS_SHOWN = 20;

const unprocessable = (errors: { path: string; message: string }[]) => Response.json({ errors }, { status: 422 });
const text = (v: unknown): string | null => (typeof v === "string" ? v : typeof v === "number" && Number.isFinite(v) ? String(v) : null);

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  // A supplier CSV of up to 1 MB arrives as a JSON string: escaping at most doubles it, plus room for the rest.
  const read = await readJsonBody(request, 2 * MAX_SUPPLIER_CSV_BYTES + 64 * 1024);
  if (!read.ok) return read.response;
  const body = (typeof read.body === "object" && read.body !== null && !Array.isArray(read.body) ? read.body : {}) as Record<string, unknown>;
  switch (body.intent) {
    case "save": {
      const id = body.id === null || body.id === undefined || body.id === "" ? null : typeof body.id === "string" ? body.id : undefined;
      if (id === undefined) return unprocessable([{ path: "id", message: "This supplier no longer exists: reload the page." }]);
      const fields = { name: text(body.name) ?? "", leadTimeDays: text(body.leadTimeDays) ?? "", minOrderQuantity: text(body.minOrderQuantity) ?? "", paymentTermsDays: text(body.paymentTermsDays) ?? "", currency: text(body.currency) ?? "" };
      const r = await saveSupplier(db, session.shop, id, fields);
      return r.ok ? Response.json({ supplier: r.supplier }) : unprocessable(r.errors);
    }
    case "assign": {
      const ids = body.productIds;
      if (!Array.isArray(ids) || !ids.every((x): x is string => typeof x === "string")) return unprocessable([{ path: "productIds", message: "Products: choose at least one product." }]);
      const supplierId = body.supplierId === null || body.supplierId === "" ? null : typeof body.supplierId === "string" ? body.supplierId : undefined;
      if (supplierId === undefined) return unprocessable([{ path: "supplierId", message: "Supplier: choose a supplier." }]);
      const r = await assignProducts(db, session.shop, ids, supplierId);
      return r.ok ? Response.json({ assigned: r.assigned }) : unprocessable(r.errors);
    }
    case "import": {
      const r = await importSuppliers(db, session.shop, body.csv);
      return r.ok ? Response.json({ added: r.added, updated: r.updated }) : unprocessable(r.errors);
    }
    default:
      return unprocessable([{ path: "intent", message: "This action is not one the Suppliers page knows: reload the page." }]);
  }
};

export default function Suppliers() {
  const { view, products, moreProducts, q, phone, locale } = useLoaderData<typeof loader>();
  const money = moneyFormatter(view.currency, locale);
  return (
    <Page
      title="Suppliers"
      subtitle={`Lead times, minimum orders and payment terms, and what to reorder on ${formatDate(view.orderOn, locale)}`}
      backAction={{ content: "Settings", url: "/app/settings" }}
      secondaryActions={[{ content: "Supplier payments", url: "/app/cash/invoices" }]}
    >
      <Layout>
        {view.stockHistoryStarts === null ? (
          <Layout.Section>
            <Banner tone="info" title="No stock history yet">
              <p>Shopify keeps no inventory history: NetMargin records it from the first stock import on. Until then every day counts as in stock.</p>
            </Banner>
          </Layout.Section>
        ) : null}
        <Layout.Section>
          <SuppliersCard view={view} money={money} phone={phone} />
        </Layout.Section>
        <Layout.Section>
          <PurchaseList view={view} money={money} locale={locale} />
        </Layout.Section>
        <Layout.Section>
          <AssignProductsCard suppliers={view.suppliers} products={products} more={moreProducts} q={q} />
        </Layout.Section>
        <Layout.Section>
          <SupplierImport currency={view.currency} />
        </Layout.Section>
      </Layout>
      <Box paddingBlockEnd="800" />
    </Page>
  );
}
