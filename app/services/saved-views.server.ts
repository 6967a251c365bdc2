/**
 * Saved views of the Products and Orders lists (issue 17): the merchant's own tabs beside the
 * flags, as Shopify's admin lists keep them ("Save as", rename, delete). A view is a name and the
 * list's URL parameters (filters, search, sort, date range; never the page), checked by the
 * list's own parser when saved, so a view always opens. One shop's views only.
 */
import { randomBytes } from "node:crypto";

import { Prisma, type PrismaClient } from "@prisma/client";

import { viewQuery as keptQuery, type SavedViewList } from "~/domain/saved-view-query";
import type { Issue } from "~/domain/validation";

import { parseOrdersParams } from "./orders-view.server";
import { parseProductsParams } from "./products-view.server";

export { SAVED_VIEW_LISTS, type SavedViewList } from "~/domain/saved-view-query";

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

export async function savedViews(db: PrismaClient, shop: string, list: SavedViewList): Promise<SavedView[]> {
  return db.savedView.findMany({ where: { shop, list }, orderBy: [{ createdAt: "asc" }, { id: "asc" }], select: { id: true, name: true, query: true } });
}

/** The query a view keeps, or the errors of the list's parser (named as the list's controls name them). */
function viewQuery(list: SavedViewList, query: string): { ok: true; query: string } | { ok: false; errors: Issue[] } {
  // The list's own parameters only (domain/saved-view-query.ts), as the page compares them.
  const kept = new URLSearchParams(keptQuery(list, new URLSearchParams(query)));
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

export type SavedViewAnswer = { ok: true; intent: string; view: SavedView | null } | { ok: false; intent: string; errors: Issue[] };

/**
 * The list page's saved-view actions, from its form: intent "save-view" (name, query), "rename-view"
 * (id, name), "delete-view" (id). Null when the form is not about views.
 */
export async function savedViewAction(db: PrismaClient, shop: string, list: SavedViewList, form: FormData): Promise<SavedViewAnswer | null> {
  const intent = String(form.get("intent") ?? "");
  const text = (name: string) => String(form.get(name) ?? "");
  if (intent === "save-view") {
    const r = await saveView(db, shop, list, text("name"), text("query"));
    return r.ok ? { ok: true, intent, view: r.view } : { ok: false, intent, errors: r.errors };
  }
  if (intent === "rename-view") {
    const r = await renameView(db, shop, text("id"), text("name"));
    return r.ok ? { ok: true, intent, view: r.view } : { ok: false, intent, errors: r.errors };
  }
  if (intent === "delete-view") {
    return (await deleteView(db, shop, text("id"))) ? { ok: true, intent, view: null } : { ok: false, intent, errors: [{ path: "view", message: "this view no longer exists" }] };
  }
  return null;
}
