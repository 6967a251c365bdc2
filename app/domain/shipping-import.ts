/**
 * Import of actual shipping costs per order (a carrier invoice or 3PL export), which
 * override the shipping rules for those orders.
 *
 * CSV, one row per parcel: `order,amount`, where order is the order name ("#1001"
 * or "1001"), its numeric id, or its GID; amount a decimal in the shop currency.
 * Comma- or semicolon-separated (with ";" a decimal comma "6,55" is accepted); a
 * header row is recognised and skipped; double-quoted fields are supported.
 * Several rows for one order are added up (one row per parcel).
 *
 * The CSV itself is read outside the domain (csv-parse needs Node's Buffer); this
 * module checks the rows and keys them.
 */
import { formatDecimal, parseDecimal, unstorableAmount, type CurrencyCode } from "./money";
import { type NormalisedOrder } from "./types";
import { type Issue, type Parsed } from "./validation";

export interface ShippingCostImport {
  readonly currency: CurrencyCode;
  /** Normalised order key → amount in minor units. */
  readonly byOrder: ReadonlyMap<string, number>;
}

/**
 * One key per CSV reference: "gid://shopify/Order/5001" → "id:5001"; bare digits
 * "1001" → "num:1001" (a name without "#" or a numeric id); anything else, "#1001"
 * included → "name:1001".
 */
function rowKey(ref: string): string {
  const t = ref.trim();
  const gid = /^gid:\/\/shopify\/Order\/(\d+)$/i.exec(t);
  if (gid) return `id:${gid[1]}`;
  if (/^\d+$/.test(t)) return `num:${t}`;
  return `name:${(t.startsWith("#") ? t.slice(1) : t).toLowerCase()}`;
}

/** The keys a CSV row may use for this order. */
export function orderKeys(order: Pick<NormalisedOrder, "id" | "name">): string[] {
  const keys = new Set<string>();
  const gid = /^gid:\/\/shopify\/Order\/(\d+)$/i.exec(order.id);
  if (gid) {
    keys.add(`id:${gid[1]}`);
    keys.add(`num:${gid[1]}`);
  } else keys.add(`name:${order.id.toLowerCase()}`);
  const name = (order.name.startsWith("#") ? order.name.slice(1) : order.name).toLowerCase();
  keys.add(`name:${name}`);
  if (/^\d+$/.test(name)) keys.add(`num:${name}`);
  return [...keys];
}

/**
 * One record of the file as a CSV reader split it (app/store/shipping-csv.server.ts,
 * csv-parse): its cells, trimmed, with the line it starts on; or why it could not
 * be read.
 */
export type ShippingCsvRecord = { readonly line: number; readonly cells: readonly string[] } | { readonly line: number; readonly error: string };

/** The file's delimiter: ";" when its first non-blank line has one, else ",". */
export function shippingCsvDelimiter(text: string): "," | ";" {
  for (let start = 0; start < text.length; ) {
    const nl = text.indexOf("\n", start);
    const line = text.slice(start, nl === -1 ? text.length : nl);
    if (line.trim() !== "") return line.includes(";") ? ";" : ",";
    if (nl === -1) break;
    start = nl + 1;
  }
  return ",";
}

/**
 * Checks and adds up a file's records one at a time (a large file is not held as
 * rows): every bad row is reported ("line 4: …"), in line order, and then nothing
 * is imported.
 */
export function shippingCostReader(delimiter: "," | ";", currency: CurrencyCode): { add(record: ShippingCsvRecord): void; result(): Parsed<ShippingCostImport> } {
  const errors: Issue[] = [];
  const byOrder = new Map<string, number>();
  let seenData = false;
  const add = (record: ShippingCsvRecord): void => {
    const where = `line ${record.line}`;
    if ("error" in record) {
      errors.push({ path: where, message: record.error });
      return;
    }
    const cells = record.cells;
    if (cells.length !== 2) {
      errors.push({ path: where, message: `expected 2 columns (order, amount), got ${cells.length}` });
      return;
    }
    const [ref = "", amountText = ""] = cells;
    const normalisedAmount = delimiter === ";" ? amountText.replace(",", ".") : amountText;
    const amount = parseDecimal(normalisedAmount, currency);
    if (!seenData && !amount.ok && !/\d/.test(amountText)) {
      seenData = true; // header row
      return;
    }
    seenData = true;
    if (ref === "") {
      errors.push({ path: where, message: "missing order name or id" });
      return;
    }
    if (!amount.ok) {
      // A word or an empty cell is the merchant's slip: say what the column wants, not the parser's words.
      const notANumber = !/^\s*[+-]?\d+(\.\d+)?\s*$/.test(normalisedAmount);
      errors.push({ path: where, message: notANumber ? `the amount ${JSON.stringify(amountText.trim())} is not a number; write it like 6.55` : amount.error });
      return;
    }
    if (amount.value < 0) {
      errors.push({ path: where, message: "a shipping cost cannot be negative" });
      return;
    }
    const key = rowKey(ref);
    // Parcels of one order add up into one stored amount: the sum must fit it too.
    const total = (byOrder.get(key) ?? 0) + amount.value;
    const unstorable = unstorableAmount(total, currency, formatDecimal(total, currency));
    if (unstorable) {
      errors.push({ path: where, message: `order ${ref}${total !== amount.value ? " (its rows added up)" : ""}: ${unstorable}` });
      return;
    }
    byOrder.set(key, total);
  };
  return {
    add,
    result: () => (errors.length > 0 ? { ok: false, errors } : { ok: true, value: { currency, byOrder } }),
  };
}

/** The import from all of a file's records (shippingCostReader over them). */
export function shippingCostsFromRecords(records: Iterable<ShippingCsvRecord>, delimiter: "," | ";", currency: CurrencyCode): Parsed<ShippingCostImport> {
  const reader = shippingCostReader(delimiter, currency);
  for (const record of records) reader.add(record);
  return reader.result();
}

/** The imported shipping cost of an order (rows by GID, numeric id or name, added up), or null. */
export function importedShippingCost(imports: ShippingCostImport | null, order: Pick<NormalisedOrder, "id" | "name">): number | null {
  if (imports === null) return null;
  let total: number | null = null;
  for (const k of orderKeys(order)) {
    const v = imports.byOrder.get(k);
    if (v !== undefined) total = (total ?? 0) + v;
  }
  return total;
}
