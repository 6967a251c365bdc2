import type { LoaderFunctionArgs } from "@remix-run/node";

import db from "~/db.server";
import { supplierInvoicesCsv } from "~/services/supplier-invoices.server";
import { authenticate } from "~/shopify.server";

/** Every supplier invoice and purchase order as CSV, in the columns the import reads (it imports back as is). */
export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const csv = await supplierInvoicesCsv(db, session.shop);
  return new Response(csv, { headers: { "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": 'attachment; filename="supplier-invoices.csv"' } });
};
