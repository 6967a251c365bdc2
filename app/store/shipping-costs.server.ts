/**
 * Actual shipping costs per order (a carrier invoice or 3PL export as CSV), which
 * override the shipping rules for those orders. Parsing and keys are the domain's
 * (app/domain/shipping-import.ts); an import with any bad row writes nothing. The
 * margins of the orders it matches are marked for recompute in the same
 * transaction. Scoped to one shop.
 */
import type { PrismaClient } from "@prisma/client";

import { parseShippingCostCsv, type ShippingCostImport } from "~/domain/shipping-import";
import type { Issue } from "~/domain/validation";

import { shopFacts } from "./cost-settings.server";

export type ShippingImportResult =
  | { ok: true; rows: number; matchedOrders: number; unmatched: string[] }
  | { ok: false; errors: Issue[] };

const MAX_CSV_BYTES = 20 * 1024 * 1024;

/** The stored import as the engine reads it; null when the shop has none. */
export async function loadShippingCostImport(db: Pick<PrismaClient, "shippingCostActual">, shop: string, currency: string): Promise<ShippingCostImport | null> {
  const rows = await db.shippingCostActual.findMany({ where: { shop, currency }, select: { orderKey: true, amount: true } });
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
  if (typeof csv !== "string" || csv.trim() === "") errors.push({ path: "csv", message: "expected the CSV text (order,amount per line)" });
  else if (Buffer.byteLength(csv) > MAX_CSV_BYTES) errors.push({ path: "csv", message: "the file is larger than 20 MB" });
  if (opts.mode !== "merge" && opts.mode !== "replace") errors.push({ path: "mode", message: 'expected "merge" or "replace"' });
  if (errors.length > 0) return { ok: false, errors };
  const facts = await shopFacts(db, shop);
  const parsed = parseShippingCostCsv(csv as string, facts.currency);
  if (!parsed.ok) return { ok: false, errors: parsed.errors.map((e) => ({ ...e, path: `csv ${e.path}` })) };
  const keys = [...parsed.value.byOrder.keys()];

  // Which stored orders the rows name, and the processedAt range to recompute.
  const { ids, names } = lookups(keys);
  const matched = new Map<string, { id: string; name: string; processedAt: Date }>();
  for (let i = 0; i < Math.max(ids.length, names.length); i += 500) {
    const found = await db.order.findMany({
      where: { shop, OR: [{ id: { in: ids.slice(i, i + 500) } }, { name: { in: names.slice(i, i + 500) } }] },
      select: { id: true, name: true, processedAt: true },
    });
    for (const o of found) matched.set(o.id, o);
  }
  const matchedKeys = new Set([...matched.values()].flatMap(keysOfOrder));
  const unmatched = keys.filter((k) => !matchedKeys.has(k));
  let since: Date | null = null;
  let until: Date | null = null;
  for (const o of matched.values()) {
    if (since === null || o.processedAt < since) since = o.processedAt;
    if (until === null || o.processedAt > until) until = o.processedAt;
  }

  await db.$transaction(async (tx) => {
    if (opts.mode === "replace") {
      // The orders of the previous import lose their imported cost too.
      const previous = await tx.shippingCostActual.findMany({ where: { shop }, select: { orderKey: true } });
      await tx.shippingCostActual.deleteMany({ where: { shop } });
      if (previous.length > 0) await tx.marginDirty.create({ data: { shop, since: new Date(0), until: null, reason: "shipping-import", markedAt: now } });
    } else {
      await tx.shippingCostActual.deleteMany({ where: { shop, orderKey: { in: keys } } });
    }
    await tx.shippingCostActual.createMany({
      data: keys.map((orderKey) => ({ shop, orderKey, amount: parsed.value.byOrder.get(orderKey)!, currency: facts.currency, importedAt: now })),
    });
    if (since !== null) await tx.marginDirty.create({ data: { shop, since, until, reason: "shipping-import", markedAt: now } });
  });
  return { ok: true, rows: keys.length, matchedOrders: matched.size, unmatched: unmatched.slice(0, 50) };
}

/** Drops the shop's imported shipping costs (the rules apply again). */
export async function clearShippingCosts(db: PrismaClient, shop: string, now: Date = new Date()): Promise<number> {
  return db.$transaction(async (tx) => {
    const { count } = await tx.shippingCostActual.deleteMany({ where: { shop } });
    if (count > 0) await tx.marginDirty.create({ data: { shop, since: new Date(0), until: null, reason: "shipping-import", markedAt: now } });
    return count;
  });
}
