/**
 * Stock reconciliation's cheap check (issue 18, item 1): the levels of one location
 * changed since a checkpoint, with their four quantities, and the shop's locations.
 *
 * Sources (committed schema app/types/admin-2026-10.schema.json.gz, shopify.dev Admin
 * GraphQL 2026-10):
 * - `QueryRoot.locations(first:, includeInactive:)`: the shop's locations; one that
 *   Shopify no longer lists is gone (deleted), one listed with `isActive: false` was
 *   deactivated. Requires `read_locations`.
 * - `Location.inventoryLevels(first:, after:, query:)`: "A list of the quantities of the
 *   inventory items that can be stocked at this location"; its `query` filters on
 *   `created_at`, `id`, `inventory_group_id`, `inventory_item_id` and `updated_at`
 *   (the argument's table in the schema). `updated_at` is the level's
 *   `InventoryLevel.updatedAt` ("The date and time when the inventory level was
 *   updated"), which every quantity change moves, so a level whose webhook was lost is
 *   listed here with all four quantities (which the webhook does not carry: only
 *   `available`, app/shopify/inventory-level-webhook.ts).
 * - `InventoryLevel.item { id }`, `quantities(names:)`: as in the bulk query
 *   (app/shopify/inventory-levels.ts, whose line parser reads each node here).
 *
 * Cost: 100 levels a page (each with its item and four quantities) keeps a page well
 * under the 1,000-point limit of one query; pages are requested one after the other.
 */
import type { Issue } from "~/domain/validation";
import { parseInventoryLine, type InventoryLevelRecord } from "./inventory-levels";

export const LOCATIONS_QUERY = `query NetMarginLocations($after: String) {
  locations(first: 250, after: $after, includeInactive: true) {
    pageInfo { hasNextPage endCursor }
    nodes { id name isActive }
  }
}`;

export const LOCATION_LEVELS_SINCE_QUERY = `query NetMarginLocationLevelsSince($id: ID!, $query: String!, $after: String) {
  location(id: $id) {
    id
    name
    isActive
    inventoryLevels(first: 100, after: $after, query: $query) {
      pageInfo { hasNextPage endCursor }
      nodes {
        id
        updatedAt
        item { id }
        quantities(names: ["available", "on_hand", "committed", "incoming"]) { name quantity }
      }
    }
  }
}`;

export interface LocationsPage {
  locations: { pageInfo: { hasNextPage: boolean; endCursor: string | null }; nodes: { id: string; name: string; isActive: boolean }[] };
}

export interface LocationLevelsPage {
  location: {
    id: string;
    name: string;
    isActive: boolean;
    inventoryLevels: { pageInfo: { hasNextPage: boolean; endCursor: string | null }; nodes: unknown[] };
  } | null;
}

/** The search that lists levels updated after `since` (Shopify's search syntax, an instant in quotes). */
export function levelsUpdatedSince(since: Date): string {
  return `updated_at:>'${since.toISOString()}'`;
}

/** One node of LOCATION_LEVELS_SINCE_QUERY, read like a bulk line (every problem reported, with its path). */
export function parseLocationLevel(
  location: { id: string; name: string; isActive: boolean },
  node: unknown,
): { ok: true; level: InventoryLevelRecord } | { ok: false; id: string | null; errors: Issue[] } {
  const n = typeof node === "object" && node !== null ? (node as Record<string, unknown>) : {};
  const item = typeof n.item === "object" && n.item !== null ? (n.item as Record<string, unknown>) : null;
  const r = parseInventoryLine({ ...n, __parentId: item?.id ?? null, location });
  if (r.kind === "level") return { ok: true, level: r.level };
  if (r.kind === "rejected") return { ok: false, id: r.id, errors: r.errors.map((e) => (e.path === "__parentId" ? { ...e, path: "item.id" } : e)) };
  return { ok: false, id: null, errors: [{ path: "item.id", message: "expected the inventory item's id (gid://shopify/InventoryItem/…)" }] };
}
