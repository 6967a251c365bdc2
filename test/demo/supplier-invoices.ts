/**
 * A handful of supplier invoices for the offline demo (issue 19, item 4), dated from
 * today so the Supplier payments page always has some paid, one overdue (with a
 * penalty) and upcoming ones, a purchase order making a peak. Imported through the
 * app's own CSV import.
 */
import type { Db } from "../../app/db.server";
import { addDays } from "../../app/domain/time";
import { importSupplierInvoices } from "../../app/store/supplier-invoices.server";

export async function seedDemoSupplierInvoices(db: Db, shop: string, currency: string, now = new Date()): Promise<void> {
  const t = now.toISOString().slice(0, 10);
  const d = (days: number) => addDays(t, days);
  const rows = [
    ["Atelier Roux", "F-2026-101", "invoice", "1840.00", d(-60), d(-30), d(-31), ""],
    ["Verrerie Lumen", "VL-5521", "invoice", "620.00", d(-45), d(-15), d(-14), ""],
    ["Papeterie Nord", "PN-88", "invoice", "415.50", d(-39), d(-9), "", "40.00"],
    ["Atelier Roux", "F-2026-117", "invoice", "2350.00", d(-20), d(10), "", ""],
    ["Verrerie Lumen", "PO-2026-12", "purchase order", "4800.00", d(-5), d(25), "", ""],
    ["Papeterie Nord", "PN-93", "invoice", "380.00", d(-2), d(28), "", ""],
    ["Atelier Roux", "PO-2026-19", "purchase order", "1200.00", d(0), d(45), "", ""],
  ];
  const csv = ["Supplier,Reference,Type,Amount,Currency,Issue date,Due date,Paid on,Late-payment penalty", ...rows.map(([s, r, k, a, i, due, p, pen]) => [s, r, k, a, currency, i, due, p, pen].join(","))].join("\n");
  const result = await importSupplierInvoices(db, shop, csv, { now });
  if (!result.ok) throw new Error(`demo supplier invoices: ${JSON.stringify(result.errors)}`);
}
