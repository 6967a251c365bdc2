/**
 * Import of actual shipping costs per order (a carrier invoice or 3PL export), which
 * override the shipping rules for those orders.
 *
 * CSV, one row per parcel: `order,amount`, where order is the order name ("#1001"
 * or "1001"), its numeric id, or its GID; amount a decimal in the shop currency.
 * Comma- or semicolon-separated (with ";" a decimal comma "6,55" is accepted); a
 * header row is recognised and skipped; double-quoted fields are supported.
 * Several rows for one order are added up (one row per parcel).
 */
import { parseDecimal, type CurrencyCode } from "./money";
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
function orderKeys(order: Pick<NormalisedOrder, "id" | "name">): string[] {
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

function splitCsvLine(line: string, delimiter: string): string[] | null {
  const out: string[] = [];
  let cur = "";
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quoted) {
      if (ch === '"') {
        if (line[i + 1] === '"') {
          cur += '"';
          i++;
        } else quoted = false;
      } else cur += ch;
    } else if (ch === '"' && cur.trim() === "") {
      quoted = true;
      cur = "";
    } else if (ch === delimiter) {
      out.push(cur.trim());
      cur = "";
    } else cur += ch;
  }
  if (quoted) return null;
  out.push(cur.trim());
  return out;
}

/** Parses the CSV text; every bad row is reported ("line 4: …"), nothing is half-imported. */
export function parseShippingCostCsv(text: string, currency: CurrencyCode): Parsed<ShippingCostImport> {
  const rows = text.replace(/^\uFEFF/, "").split(/\r?\n/);
  const firstData = rows.find((r) => r.trim() !== "") ?? "";
  const delimiter = firstData.includes(";") ? ";" : ",";
  const errors: Issue[] = [];
  const byOrder = new Map<string, number>();
  let seenData = false;
  rows.forEach((raw, i) => {
    const line = raw.trim();
    if (line === "") return;
    const where = `line ${i + 1}`;
    const cells = splitCsvLine(line, delimiter);
    if (cells === null) {
      errors.push({ path: where, message: "unterminated quoted field" });
      return;
    }
    if (cells.length < 2 || cells.length > 2) {
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
      errors.push({ path: where, message: amount.error });
      return;
    }
    if (amount.value < 0) {
      errors.push({ path: where, message: "a shipping cost cannot be negative" });
      return;
    }
    const key = rowKey(ref);
    byOrder.set(key, (byOrder.get(key) ?? 0) + amount.value);
  });
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, value: { currency, byOrder } };
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
