/**
 * Actual shipping costs per order (a carrier invoice or 3PL export as CSV), which
 * override the shipping rules for those orders. The file is read by csv-parse
 * (./shipping-csv.server.ts), its rows checked and keyed by the domain
 * (app/domain/shipping-import.ts); an import with any bad row writes nothing. The
 * margins of the orders it matches are marked for recompute in the same
 * transaction. Scoped to one shop.
 */
import { Prisma, type PrismaClient } from "@prisma/client";

import type { ShippingCostImport } from "~/domain/shipping-import";
import type { Issue } from "~/domain/validation";

import { shopFacts } from "./cost-settings.server";
import { parseShippingCostCsv } from "./shipping-csv.server";

export type ShippingImportResult =
  | { ok: true; rows: number; matchedOrders: number; unmatched: string[] }
  | { ok: false; errors: Issue[] };

const MAX_CSV_BYTES = 20 * 1024 * 1024;
/** Keys looked up in one query (each binds up to 3 values). */
const LOOKUP_KEYS = 300;
/** Orders read at a time when matching many keys. */
const ORDER_PAGE = 5_000;
/** Keys per DELETE (plus the shop): under the 999 values Prisma binds on SQLite. */
const DELETE_CHUNK = 900;
/**
 * Rows per INSERT: 5,000 values, under SQLite's 32,766 and PostgreSQL's 65,535. Plain
 * SQL rather than createMany, whose cost per row dominates a large file.
 */
const INSERT_CHUNK = 1_000;

/**
 * Prisma's 5 s default would cut a large import short: allow a base plus a share per
 * row, so a file at the 20 MB limit (about a million orders) still fits.
 */
function transactionTimeout(rows: number): number {
  return 30_000 + rows;
}

/** The stored import as the engine reads it; null when the shop has none. */
export async function loadShippingCostImport(
  db: Pick<PrismaClient, "shippingCostActual">,
  shop: string,
  currency: string,
  /** Only the rows these keys name (some orders' keys, domain/shipping-import.ts orderKeys), instead of the whole import. */
  orderKeys?: readonly string[],
): Promise<ShippingCostImport | null> {
  const only = orderKeys ? { orderKey: { in: [...orderKeys] } } : {};
  const rows = await db.shippingCostActual.findMany({ where: { shop, currency, ...only }, select: { orderKey: true, amount: true } });
  if (rows.length === 0) return null;
  return { currency, byOrder: new Map(rows.map((r) => [r.orderKey, r.amount])) };
}

/** Orders a key can name: by GID number (id:, num:) and by name (num:, name:). */
function lookups(keys: readonly string[]): { ids: string[]; names: string[] } {
  const ids = new Set<string>();
  const names = new Set<string>();
  for (const k of keys) {
    const [kind, value = ""] = [k.slice(0, k.indexOf(":")), k.slice(k.indexOf(":") + 1)];
    if (kind === "id" || kind === "num") ids.add(`gid://shopify/Order/${value}`);
    if (kind === "num" || kind === "name") {
      names.add(`#${value}`);
      names.add(value);
    }
  }
  return { ids: [...ids], names: [...names] };
}

function keysOfOrder(o: { id: string; name: string }): string[] {
  const keys: string[] = [];
  const gid = /^gid:\/\/shopify\/Order\/(\d+)$/i.exec(o.id);
  if (gid) keys.push(`id:${gid[1]}`, `num:${gid[1]}`);
  const name = (o.name.startsWith("#") ? o.name.slice(1) : o.name).toLowerCase();
  keys.push(`name:${name}`);
  if (/^\d+$/.test(name)) keys.push(`num:${name}`);
  return keys;
}

type MatchedOrder = { id: string; name: string; processedAt: Date };

/** The keys under which `lookups` finds this order (ids and names compared as stored). */
function lookupKeysOf(o: { id: string; name: string }): string[] {
  const keys: string[] = [];
  const gid = /^gid:\/\/shopify\/Order\/(\d+)$/.exec(o.id);
  if (gid) keys.push(`id:${gid[1]}`, `num:${gid[1]}`);
  for (const value of o.name.startsWith("#") ? [o.name, o.name.slice(1)] : [o.name]) {
    keys.push(`name:${value}`);
    if (/^\d+$/.test(value)) keys.push(`num:${value}`);
  }
  return keys;
}

/**
 * The shop's stored orders that the keys name. A few keys are looked up by id and
 * name in one query (at most 3 values a key, under the 999 Prisma binds on SQLite);
 * for more, the shop's orders are read once, page by page, and matched here as that
 * query would: a name has no index, so each lookup by name reads them all again.
 */
async function matchedOrders(db: PrismaClient, shop: string, keys: readonly string[], byKey: ReadonlyMap<string, unknown>): Promise<MatchedOrder[]> {
  const select = { id: true, name: true, processedAt: true } as const;
  if (keys.length <= LOOKUP_KEYS) {
    const { ids, names } = lookups(keys);
    return db.order.findMany({ where: { shop, OR: [{ id: { in: ids } }, { name: { in: names } }] }, select });
  }
  const matched: MatchedOrder[] = [];
  for (let after: string | null = null; ; ) {
    const page: MatchedOrder[] = await db.order.findMany({ where: { shop, ...(after === null ? {} : { id: { gt: after } }) }, orderBy: { id: "asc" }, take: ORDER_PAGE, select });
    for (const o of page) if (lookupKeysOf(o).some((k) => byKey.has(k))) matched.push(o);
    if (page.length < ORDER_PAGE) return matched;
    after = page[page.length - 1]!.id;
  }
}

/**
 * Imports a CSV of `order,amount` rows. `merge` adds to (and replaces rows of the
 * same order in) what is stored; `replace` drops the shop's previous import first.
 */
export async function importShippingCosts(
  db: PrismaClient,
  shop: string,
  csv: unknown,
  opts: { mode: unknown },
  now: Date = new Date(),
): Promise<ShippingImportResult> {
  const errors: Issue[] = [];
  if (typeof csv !== "string" || csv.trim() === "") errors.push({ path: "csv", message: "the file is empty: it needs one row per parcel, order and amount (order,amount)" });
  else if (Buffer.byteLength(csv) > MAX_CSV_BYTES) errors.push({ path: "csv", message: "the file is larger than 20 MB" });
  if (opts.mode !== "merge" && opts.mode !== "replace") errors.push({ path: "mode", message: "choose whether to keep or replace the costs imported before" });
  if (errors.length > 0) return { ok: false, errors };
  const facts = await shopFacts(db, shop);
  const parsed = parseShippingCostCsv(csv as string, facts.currency);
  if (!parsed.ok) return { ok: false, errors: parsed.errors.map((e) => ({ ...e, path: `csv ${e.path}` })) };
  const keys = [...parsed.value.byOrder.keys()];

  // Which stored orders the rows name, and the processedAt range to recompute.
  const matched = await matchedOrders(db, shop, keys, parsed.value.byOrder);
  const matchedKeys = new Set(matched.flatMap(keysOfOrder));
  const unmatched: string[] = [];
  for (const k of keys) {
    if (unmatched.length === 50) break;
    if (!matchedKeys.has(k)) unmatched.push(k);
  }
  let since: Date | null = null;
  let until: Date | null = null;
  for (const o of matched) {
    if (since === null || o.processedAt < since) since = o.processedAt;
    if (until === null || o.processedAt > until) until = o.processedAt;
  }

  // One transaction, written in chunks: no statement binds more values than the
  // database (or Prisma, 999 on SQLite) takes, and an error in any chunk rolls back
  // every one before it.
  await db.$transaction(
    async (tx) => {
      if (opts.mode === "replace") {
        // The orders of the previous import lose their imported cost too.
        const { count } = await tx.shippingCostActual.deleteMany({ where: { shop } });
        if (count > 0) await tx.marginDirty.create({ data: { shop, since: new Date(0), until: null, reason: "shipping-import", markedAt: now } });
      } else {
        for (let i = 0; i < keys.length; i += DELETE_CHUNK) {
          await tx.shippingCostActual.deleteMany({ where: { shop, orderKey: { in: keys.slice(i, i + DELETE_CHUNK) } } });
        }
      }
      for (let i = 0; i < keys.length; i += INSERT_CHUNK) {
        const values = keys.slice(i, i + INSERT_CHUNK).map((orderKey) => Prisma.sql`(${shop}, ${orderKey}, ${parsed.value.byOrder.get(orderKey)!}, ${facts.currency}, ${now})`);
        await tx.$executeRaw`INSERT INTO "ShippingCostActual" ("shop", "orderKey", "amount", "currency", "importedAt") VALUES ${Prisma.join(values)}`;
      }
      if (since !== null) await tx.marginDirty.create({ data: { shop, since, until, reason: "shipping-import", markedAt: now } });
    },
    { timeout: transactionTimeout(keys.length) },
  );
  return { ok: true, rows: keys.length, matchedOrders: matched.length, unmatched };
}

/** Drops the shop's imported shipping costs (the rules apply again). */
export async function clearShippingCosts(db: PrismaClient, shop: string, now: Date = new Date()): Promise<number> {
  return db.$transaction(async (tx) => {
    const { count } = await tx.shippingCostActual.deleteMany({ where: { shop } });
    if (count > 0) await tx.marginDirty.create({ data: { shop, since: new Date(0), until: null, reason: "shipping-import", markedAt: now } });
    return count;
  });
}
