import { CsvImportCard } from "~/components/CsvImportCard";

/** The largest CSV the server takes (app/store/supplier-invoices.server.ts, MAX_INVOICE_CSV_BYTES). */
const INVOICE_CSV_MAX_BYTES = 1024 * 1024;

/** Invoices from a CSV: every bad row listed with its line, nothing imported until all are right. */
export function InvoiceImport({ currency }: { currency: string }) {
  return (
    <CsvImportCard
      title="Import invoices"
      action="/app/cash/invoices"
      noun={{ one: "invoice", many: "invoices" }}
      help={`One invoice or purchase order per row, with a header row naming the columns: Supplier, Reference, Type (invoice or purchase order), Amount, Currency (${currency} when blank), Issue date, Due date (blank: from the supplier's payment terms), Paid on, Late-payment penalty. An invoice already here (same supplier and reference) is updated.`}
      fileLabel="Invoices CSV file"
      maxBytes={INVOICE_CSV_MAX_BYTES}
      placeholder={"Supplier,Reference,Type,Amount,Currency,Issue date,Due date,Paid on,Late-payment penalty\nAtelier Roux,F-2026-014,invoice,1250.00,EUR,2026-11-02,,,"}
    />
  );
}
