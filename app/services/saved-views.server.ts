/**
 * Saved views of the Products and Orders lists (issue 17): the merchant's own tabs beside the
 * flags, as Shopify's admin lists keep them ("Save as", rename, delete). A view is a name and the
 * list's URL parameters (filters, search, sort, date range; never the page), checked by the
 * list's own parser when saved, so a view always opens. One shop's views only.
 */
import { randomBytes } from "node:crypto";

import { Prisma, type PrismaClient } from "@prisma/client";

import type { Issue } from "~/domain/validation";

import { parseOrdersParams } from "./orders-view.server";
import { parseProductsParams } from "./products-view.server";

export const SAVED_VIEW_LISTS = ["products", "orders"] as const;
export type SavedViewList = (typeof SAVED_VIEW_LISTS)[number];

/** Views per list: IndexFilters' tabs scroll beyond a handful, and a list of 20 names is still read at a glance. */
export const MAX_VIEWS = 20;
export const MAX_NAME = 40;

/** The tabs every list has already (All and the flags), which a view may not be called. */
const TAB_NAMES = ["all", "loss", "thin margin", "cost missing", "shipping-heavy", "discount-driven"];

export interface SavedView {
  id: string;
  name: string;
  /** The list's URL parameters, e.g. "flag=LOSS&sort=processedAt". */
  query: string;
}

export type SavedViewResult = { ok: true; view: SavedView } | { ok: false; errors: Issue[] };

/** The parameters a view keeps: the list's own, without the page and the admin's (host, locale, …). */
const KEPT: Record<SavedViewList, readonly string[]> = {
  orders: ["range", "from", "to", "sort", "direction", "flag", "gateway", "country", "q", "product"],
  products: ["range", "from", "to", "sort", "direction", "flag", "q"],
};

export async function savedViews(db: PrismaClient, shop: string, list: SavedViewList): Promise<SavedView[]> {
  return db.savedView.findMany({ where: { shop, list }, orderBy: [{ createdAt: "asc" }, { id: "asc" }], select: { id: true, name: true, query: true } });
}

/** The query a view keeps, or the errors of the list's parser (named as the list's controls name them). */
function viewQuery(list: SavedViewList, query: string): { ok: true; query: string } | { ok: false; errors: Issue[] } {
  const given = new URLSearchParams(query);
  const kept = new URLSearchParams();
  for (const key of KEPT[list]) {
    const value = given.get(key);
    if (value !== null && value !== "") kept.set(key, value);
  }
  const parsed = list === "orders" ? parseOrdersParams(kept) : parseProductsParams(kept);
  return parsed.ok ? { ok: true, query: kept.toString() } : { ok: false, errors: parsed.errors };
}

function checkName(name: string): { ok: true; name: string; key: string } | { ok: false; errors: Issue[] } {
  const trimmed = name.trim().replace(/\s+/g, " ");
  if (trimmed === "") return { ok: false, errors: [{ path: "name", message: "enter a name for the view" }] };
  if (trimmed.length > MAX_NAME) return { ok: false, errors: [{ path: "name", message: `a view's name has at most ${MAX_NAME} characters` }] };
  const key = trimmed.toLowerCase();
  if (TAB_NAMES.includes(key)) return { ok: false, errors: [{ path: "name", message: `"${trimmed}" is already a tab of the list` }] };
  return { ok: true, name: trimmed, key };
}

const taken = (name: string): SavedViewResult => ({ ok: false, errors: [{ path: "name", message: `a view named "${name}" exists already` }] });

function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";
}

/** "Save as": a new view of the list with these parameters. */
export async function saveView(db: PrismaClient, shop: string, list: SavedViewList, name: string, query: string, now = new Date()): Promise<SavedViewResult> {
  const n = checkName(name);
  const q = viewQuery(list, query);
  if (!n.ok || !q.ok) return { ok: false, errors: [...(n.ok ? [] : n.errors), ...(q.ok ? [] : q.errors)] };
  if ((await db.savedView.count({ where: { shop, list } })) >= MAX_VIEWS) {
    return { ok: false, errors: [{ path: "name", message: `a list keeps at most ${MAX_VIEWS} views: delete one first` }] };
  }
  const id = randomBytes(9).toString("base64url");
  try {
    await db.savedView.create({ data: { shop, id, list, name: n.name, nameKey: n.key, query: q.query, createdAt: now, updatedAt: now } });
  } catch (error) {
    // The (shop, list, name) key: two saves of one name at once keep one.
    if (isUniqueViolation(error)) return taken(n.name);
    throw error;
  }
  return { ok: true, view: { id, name: n.name, query: q.query } };
}

/** Renames a view (its parameters unchanged). */
export async function renameView(db: PrismaClient, shop: string, id: string, name: string, now = new Date()): Promise<SavedViewResult> {
  const n = checkName(name);
  if (!n.ok) return n;
  const view = await db.savedView.findUnique({ where: { shop_id: { shop, id } } });
  if (view === null) return { ok: false, errors: [{ path: "view", message: "this view no longer exists" }] };
  try {
    await db.savedView.update({ where: { shop_id: { shop, id } }, data: { name: n.name, nameKey: n.key, updatedAt: now } });
  } catch (error) {
    if (isUniqueViolation(error)) return taken(n.name);
    throw error;
  }
  return { ok: true, view: { id, name: n.name, query: view.query } };
}

/** Deletes a view; false when there was none with this id (deleted already, or another shop's). */
export async function deleteView(db: PrismaClient, shop: string, id: string): Promise<boolean> {
  const { count } = await db.savedView.deleteMany({ where: { shop, id } });
  return count === 1;
}
