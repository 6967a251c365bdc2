/**
 * Suppliers in the database (issue 18, item 5): `Supplier` (lead time, minimum order,
 * payment terms, currency) and `ProductSupplier` (a product's supplier chosen by the
 * merchant). Scoped to one shop; every save is validated first and writes nothing on
 * any error.
 *
 * A product's supplier: the one the merchant chose (ProductSupplier), else the supplier
 * of its Shopify vendor (`Product.vendor`, matched by `supplierKey`), else none. A vendor
 * without a stored supplier still shows as one, with the default terms
 * (DEFAULT_SUPPLIER_TERMS, the shop's currency) and the id `vendor:<key>`; it is stored
 * the first time the merchant edits it or assigns a product to it.
 */
import { randomUUID } from "node:crypto";

import type { PrismaClient } from "@prisma/client";

import { DEFAULT_SUPPLIER_TERMS, SUPPLIER_FIELD_LABELS, checkSupplier, supplierKey, type CheckedSupplier, type ReorderSupplier, type SupplierField, type SupplierInput } from "~/domain/reorder";
import type { ShippingCsvRecord } from "~/domain/shipping-import";
import { shippingCsvDelimiter } from "~/domain/shipping-import";
import type { Issue } from "~/domain/validation";
import { shopFacts } from "./cost-settings.server";
import { readShippingCsv } from "./shipping-csv.server";

type Db = Pick<PrismaClient, "supplier" | "productSupplier" | "product" | "shop" | "$transaction">;
type Tx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];

const VENDOR_ID_PREFIX = "vendor:";
export const vendorSupplierId = (vendor: string) => `${VENDOR_ID_PREFIX}${supplierKey(vendor)}`;

export interface StoredSupplier extends ReorderSupplier {
  /** The Shopify vendor key it stands for (lower-cased), or null for a supplier the merchant added. */
  readonly vendorKey: string | null;
  /** False: a vendor's supplier with the default terms, not edited yet. */
  readonly saved: boolean;
  /** Products whose supplier it is (chosen, or by vendor). */
  readonly products: number;
}

export interface Suppliers {
  readonly currency: string;
  /** Stored suppliers and unsaved vendors' ones, by name. */
  readonly suppliers: readonly StoredSupplier[];
  /** Product id → supplier id (null: none). Every product of the shop is a key. */
  readonly productSupplier: ReadonlyMap<string, string | null>;
  readonly productsWithoutSupplier: number;
}

interface Snapshot {
  readonly stored: readonly { id: string; name: string; nameKey: string; vendorKey: string | null; leadTimeDays: number; minOrderQuantity: number; paymentTermsDays: number; currency: string }[];
  readonly products: readonly { id: string; vendor: string | null }[];
  readonly chosen: ReadonlyMap<string, string>;
}

async function snapshot(db: Pick<PrismaClient, "supplier" | "productSupplier" | "product">, shop: string): Promise<Snapshot> {
  const [stored, products, chosen] = await Promise.all([
    db.supplier.findMany({ where: { shop }, orderBy: { id: "asc" } }),
    db.product.findMany({ where: { shop }, select: { id: true, vendor: true }, orderBy: { id: "asc" } }),
    db.productSupplier.findMany({ where: { shop }, select: { productId: true, supplierId: true } }),
  ]);
  return { stored, products, chosen: new Map(chosen.map((c) => [c.productId, c.supplierId])) };
}

/** Vendor key → the vendor's name as first spelled (products by id). */
function vendorNames(products: Snapshot["products"]): Map<string, string> {
  const names = new Map<string, string>();
  for (const p of products) {
    if (p.vendor === null) continue;
    const key = supplierKey(p.vendor);
    if (key !== "" && !names.has(key)) names.set(key, p.vendor.trim().replace(/\s+/g, " "));
  }
  return names;
}

/** The stored supplier a vendor's products default to: the one standing for it, else the one of the same name. */
function storedForVendor(s: Snapshot, key: string): Snapshot["stored"][number] | undefined {
  return s.stored.find((r) => r.vendorKey === key) ?? s.stored.find((r) => r.nameKey === key);
}

function resolve(s: Snapshot, currency: string): Suppliers {
  const byVendor = new Map<string, string>();
  const ids = new Set(s.stored.map((r) => r.id));
  const unsaved = new Map<string, string>();
  for (const [key, name] of vendorNames(s.products)) {
    const stored = storedForVendor(s, key);
    if (stored) byVendor.set(key, stored.id);
    else unsaved.set(`${VENDOR_ID_PREFIX}${key}`, name);
  }
  const productSupplier = new Map<string, string | null>();
  const counts = new Map<string, number>();
  let without = 0;
  for (const p of s.products) {
    const chosen = s.chosen.get(p.id);
    let id: string | null = null;
    if (chosen !== undefined && ids.has(chosen)) id = chosen;
    else if (p.vendor !== null && supplierKey(p.vendor) !== "") {
      const key = supplierKey(p.vendor);
      id = byVendor.get(key) ?? `${VENDOR_ID_PREFIX}${key}`;
    }
    productSupplier.set(p.id, id);
    if (id === null) without++;
    else counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  const suppliers: StoredSupplier[] = [
    ...s.stored.map((r) => ({
      id: r.id,
      name: r.name,
      vendorKey: r.vendorKey,
      leadTimeDays: r.leadTimeDays,
      minOrderQuantity: r.minOrderQuantity,
      paymentTermsDays: r.paymentTermsDays,
      currency: r.currency,
      saved: true,
      products: counts.get(r.id) ?? 0,
    })),
    ...[...unsaved].map(([id, name]) => ({ id, name, vendorKey: id.slice(VENDOR_ID_PREFIX.length), ...DEFAULT_SUPPLIER_TERMS, currency, saved: false, products: counts.get(id) ?? 0 })),
  ];
  suppliers.sort((a, b) => a.name.localeCompare(b.name, "en") || (a.id < b.id ? -1 : 1));
  return { currency, suppliers, productSupplier, productsWithoutSupplier: without };
}

/** The shop's suppliers (stored and vendors' unsaved ones) and every product's supplier. */
export async function readSuppliers(db: Db, shop: string): Promise<Suppliers> {
  const facts = await shopFacts(db, shop);
  return resolve(await snapshot(db, shop), facts.currency);
}

// ---------------------------------------------------------------------------
// Saving a supplier
// ---------------------------------------------------------------------------

export type SupplierSave = { ok: true; supplier: StoredSupplier } | { ok: false; errors: Issue[] };

const fieldIssues = (errors: Partial<Record<SupplierField, string>>): Issue[] => Object.entries(errors).map(([path, message]) => ({ path, message: message! }));

/** Writes a checked supplier under `id` (its key decided), after the name's uniqueness check; the caller's transaction. */
async function write(tx: Tx, shop: string, id: string, vendorKey: string | null, value: CheckedSupplier, now: Date): Promise<void> {
  const data = {
    name: value.name,
    nameKey: supplierKey(value.name),
    leadTimeDays: value.leadTimeDays,
    minOrderQuantity: value.minOrderQuantity,
    paymentTermsDays: value.paymentTermsDays,
    currency: value.currency,
    updatedAt: now,
  };
  await tx.supplier.upsert({ where: { shop_id: { shop, id } }, create: { shop, id, vendorKey, ...data }, update: data });
}

/**
 * Where a save lands: `id` null adds a supplier (or, when its name is an unsaved
 * vendor's, stores that vendor's); a `vendor:` id stores or updates that vendor's; any
 * other id must be a stored supplier. Null when the id is unknown.
 */
function target(s: Snapshot, id: string | null, name: string): { id: string; vendorKey: string | null } | null {
  const vendors = vendorNames(s.products);
  const stored = (x: string) => s.stored.find((r) => r.id === x);
  if (id === null) {
    const key = supplierKey(name);
    if (vendors.has(key) && !storedForVendor(s, key)) return { id: `${VENDOR_ID_PREFIX}${key}`, vendorKey: key };
    return { id: randomUUID(), vendorKey: null };
  }
  const row = stored(id);
  if (row) return { id, vendorKey: row.vendorKey };
  const key = id.slice(VENDOR_ID_PREFIX.length);
  if (id.startsWith(VENDOR_ID_PREFIX) && vendors.has(key) && !storedForVendor(s, key)) return { id, vendorKey: id.slice(VENDOR_ID_PREFIX.length) };
  return null;
}

function nameTaken(s: Snapshot, id: string, name: string): string | null {
  const key = supplierKey(name);
  const other = s.stored.find((r) => r.nameKey === key && r.id !== id);
  if (other) return `Supplier name: another supplier is already called “${other.name}”.`;
  // An unsaved vendor's supplier keeps its name: another supplier may not take it.
  const vendors = vendorNames(s.products);
  const vendorId = `${VENDOR_ID_PREFIX}${key}`;
  if (vendors.has(key) && vendorId !== id && !storedForVendor(s, key)) return `Supplier name: “${vendors.get(key)}” is a vendor of your products, with a supplier of its own: edit that one instead.`;
  return null;
}

/** Adds (id null) or edits a supplier; every wrong field named, nothing written on any error. */
export async function saveSupplier(db: Db, shop: string, id: string | null, input: SupplierInput, now: Date = new Date()): Promise<SupplierSave> {
  const checked = checkSupplier(input);
  if (!checked.ok) return { ok: false, errors: fieldIssues(checked.errors) };
  const facts = await shopFacts(db, shop);
  const result = await db.$transaction(async (tx) => {
    const s = await snapshot(tx, shop);
    const to = target(s, id, checked.value.name);
    if (to === null) return { ok: false as const, errors: [{ path: "id", message: "This supplier no longer exists: reload the page." }] };
    const taken = nameTaken(s, to.id, checked.value.name);
    if (taken !== null) return { ok: false as const, errors: [{ path: "name", message: taken }] };
    await write(tx, shop, to.id, to.vendorKey, checked.value, now);
    return { ok: true as const, id: to.id, after: await snapshot(tx, shop) };
  });
  if (!result.ok) return result;
  return { ok: true, supplier: resolve(result.after, facts.currency).suppliers.find((x) => x.id === result.id)! };
}

// ---------------------------------------------------------------------------
// Assigning products
// ---------------------------------------------------------------------------

export const MAX_ASSIGNED_PRODUCTS = 1_000;

/**
 * Makes `supplierId` the supplier of these products (an unsaved vendor's supplier is
 * stored with its default terms); null gives them back their vendor's. Unknown
 * products or supplier: nothing written, each named.
 */
export async function assignProducts(
  db: Db,
  shop: string,
  productIds: readonly string[],
  supplierId: string | null,
  now: Date = new Date(),
): Promise<{ ok: true; assigned: number } | { ok: false; errors: Issue[] }> {
  const ids = [...new Set(productIds)];
  if (ids.length === 0) return { ok: false, errors: [{ path: "productIds", message: "Products: choose at least one product." }] };
  if (ids.length > MAX_ASSIGNED_PRODUCTS) return { ok: false, errors: [{ path: "productIds", message: `Products: choose at most ${MAX_ASSIGNED_PRODUCTS.toLocaleString("en")} at a time.` }] };
  const facts = await shopFacts(db, shop);
  return db.$transaction(async (tx) => {
    const s = await snapshot(tx, shop);
    const known = new Set(s.products.map((p) => p.id));
    const unknown = ids.filter((id) => !known.has(id));
    const errors: Issue[] = [];
    if (unknown.length > 0) errors.push({ path: "productIds", message: `Products: ${unknown.length} of the chosen products are no longer in your catalog: reload the page.` });
    let to: { id: string; vendorKey: string | null } | null = null;
    if (supplierId !== null) {
      to = target(s, supplierId, "");
      if (to === null) errors.push({ path: "supplierId", message: "Supplier: this supplier no longer exists: reload the page." });
    }
    if (errors.length > 0) return { ok: false as const, errors };
    if (to !== null && !s.stored.some((r) => r.id === to!.id)) {
      const name = vendorNames(s.products).get(to.vendorKey!)!;
      await write(tx, shop, to.id, to.vendorKey, { name, ...DEFAULT_SUPPLIER_TERMS, currency: facts.currency }, now);
    }
    if (to === null) await tx.productSupplier.deleteMany({ where: { shop, productId: { in: ids } } });
    else {
      const supplier = to.id;
      for (const productId of ids) {
        await tx.productSupplier.upsert({ where: { shop_productId: { shop, productId } }, create: { shop, productId, supplierId: supplier, savedAt: now }, update: { supplierId: supplier, savedAt: now } });
      }
    }
    return { ok: true as const, assigned: ids.length };
  });
}

// ---------------------------------------------------------------------------
// CSV import
// ---------------------------------------------------------------------------

/** A supplier list is short: 1 MB is thousands of rows. */
export const MAX_SUPPLIER_CSV_BYTES = 1024 * 1024;
export const MAX_SUPPLIER_CSV_ROWS = 10_000;

const COLUMNS: readonly SupplierField[] = ["name", "leadTimeDays", "minOrderQuantity", "paymentTermsDays", "currency"];
const HEADER_WORDS = new Set(["name", "supplier", "supplier name"]);

export const SUPPLIER_CSV_FORMAT = "name, lead time (days), minimum order (units), payment terms (days), currency (optional: the shop's)";

/**
 * Imports suppliers from a CSV (`name,lead time days,minimum order,payment terms days[,currency]`,
 * "," or ";", an optional header row): a row whose name is a stored supplier's (or a
 * vendor's) updates it, else adds one. Every bad row is reported with its line number
 * ("line 4: Lead time: …"), and then nothing is written.
 */
export async function importSuppliers(db: Db, shop: string, csv: unknown, now: Date = new Date()): Promise<{ ok: true; added: number; updated: number } | { ok: false; errors: Issue[] }> {
  if (typeof csv !== "string" || csv.trim() === "") return { ok: false, errors: [{ path: "csv", message: "Choose a CSV file with one supplier per row." }] };
  if (Buffer.byteLength(csv) > MAX_SUPPLIER_CSV_BYTES) return { ok: false, errors: [{ path: "csv", message: "The file is larger than 1 MB." }] };
  const facts = await shopFacts(db, shop);
  const errors: Issue[] = [];
  const rows: { line: number; value: CheckedSupplier }[] = [];
  const firstLine = new Map<string, number>();
  let seenData = false;
  readShippingCsv(csv, shippingCsvDelimiter(csv), (record: ShippingCsvRecord) => {
    const where = `csv line ${record.line}`;
    if ("error" in record) {
      errors.push({ path: where, message: `line ${record.line}: ${record.error}` });
      return;
    }
    const cells = record.cells;
    if (!seenData) {
      seenData = true;
      if (HEADER_WORDS.has(supplierKey(cells[0] ?? ""))) return;
    }
    if (rows.length + errors.length >= MAX_SUPPLIER_CSV_ROWS) {
      if (rows.length + errors.length === MAX_SUPPLIER_CSV_ROWS) errors.push({ path: where, message: `line ${record.line}: a file holds at most ${MAX_SUPPLIER_CSV_ROWS.toLocaleString("en")} suppliers.` });
      return;
    }
    if (cells.length < 4 || cells.length > 5) {
      errors.push({ path: where, message: `line ${record.line}: expected 4 or 5 columns (${SUPPLIER_CSV_FORMAT}), found ${cells.length}.` });
      return;
    }
    const [name, leadTimeDays, minOrderQuantity, paymentTermsDays, currency] = cells as [string, string, string, string, string | undefined];
    const checked = checkSupplier({ name, leadTimeDays, minOrderQuantity, paymentTermsDays, currency: currency === undefined || currency === "" ? facts.currency : currency });
    if (!checked.ok) {
      for (const field of COLUMNS) {
        const message = checked.errors[field];
        if (message) errors.push({ path: where, message: `line ${record.line}: ${message}` });
      }
      return;
    }
    const key = supplierKey(checked.value.name);
    const before = firstLine.get(key);
    if (before !== undefined) {
      errors.push({ path: where, message: `line ${record.line}: ${SUPPLIER_FIELD_LABELS.name} “${checked.value.name}” is already on line ${before}.` });
      return;
    }
    firstLine.set(key, record.line);
    rows.push({ line: record.line, value: checked.value });
  });
  if (errors.length === 0 && rows.length === 0) errors.push({ path: "csv", message: "The file has no supplier rows." });
  if (errors.length > 0) return { ok: false, errors };
  return db.$transaction(async (tx) => {
    const s = await snapshot(tx, shop);
    const byName = new Map(s.stored.map((r) => [r.nameKey, r]));
    const vendors = vendorNames(s.products);
    let added = 0;
    let updated = 0;
    for (const row of rows) {
      const key = supplierKey(row.value.name);
      const existing = byName.get(key) ?? storedForVendor(s, key);
      if (existing) {
        updated++;
        await write(tx, shop, existing.id, existing.vendorKey, row.value, now);
      } else {
        added++;
        const vendor = vendors.has(key);
        await write(tx, shop, vendor ? `${VENDOR_ID_PREFIX}${key}` : randomUUID(), vendor ? key : null, row.value, now);
      }
    }
    return { ok: true as const, added, updated };
  });
}

// ---------------------------------------------------------------------------
// Products for the assignment form
// ---------------------------------------------------------------------------

export interface ProductChoice {
  readonly id: string;
  readonly title: string;
  readonly vendor: string | null;
  readonly supplierId: string | null;
  /** True when the merchant chose the supplier (not the vendor's). */
  readonly chosen: boolean;
}

/** Up to `limit` products whose title or vendor contains `query` (case-insensitive on both databases), by title. */
export async function findProducts(db: Db, shop: string, query: string, limit = 50): Promise<ProductChoice[]> {
  const q = query.trim().toLowerCase();
  const [suppliers, products] = await Promise.all([readSuppliers(db, shop), db.product.findMany({ where: { shop }, select: { id: true, title: true, vendor: true }, orderBy: [{ title: "asc" }, { id: "asc" }] })]);
  const chosen = new Map((await db.productSupplier.findMany({ where: { shop }, select: { productId: true, supplierId: true } })).map((c) => [c.productId, c.supplierId]));
  const out: ProductChoice[] = [];
  for (const p of products) {
    if (q !== "" && !p.title.toLowerCase().includes(q) && !(p.vendor ?? "").toLowerCase().includes(q)) continue;
    const supplierId = suppliers.productSupplier.get(p.id) ?? null;
    out.push({ id: p.id, title: p.title, vendor: p.vendor, supplierId, chosen: supplierId !== null && chosen.get(p.id) === supplierId });
    if (out.length >= limit) break;
  }
  return out;
}
