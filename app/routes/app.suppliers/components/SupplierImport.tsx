import { CsvImportCard } from "~/components/CsvImportCard";

/** The largest CSV the server takes (app/store/suppliers.server.ts, MAX_SUPPLIER_CSV_BYTES). */
const SUPPLIER_CSV_MAX_BYTES = 1024 * 1024;

/** Suppliers from a CSV: every bad row listed with its line, nothing imported until all are right. */
export function SupplierImport({ currency }: { currency: string }) {
  return (
    <CsvImportCard
      title="Import suppliers"
      action="/app/suppliers"
      noun={{ one: "supplier", many: "suppliers" }}
      help={`One supplier per row: name, lead time (days), minimum order (units), payment terms (days), and the currency when not ${currency}. A supplier already here, or a vendor's, is updated.`}
      fileLabel="Suppliers CSV file"
      maxBytes={SUPPLIER_CSV_MAX_BYTES}
      placeholder={"name,lead time,minimum order,payment terms,currency\nAtelier Roux,21,12,45,EUR"}
    />
  );
}
