/**
 * The `inventory_levels/update` webhook (issue 18, item 1): its payload, read into
 * the one quantity it carries.
 *
 * Source: shopify.dev's webhook topic reference (https://shopify.dev/docs/api/webhooks,
 * API 2026-10; `INVENTORY_LEVELS_UPDATE` in the 2026-10 `WebhookSubscriptionTopic`
 * enum, app/types/admin-2026-10.schema.json.gz, "Requires the `read_inventory`
 * scope"; /work/shared/docs/shopify-admin-api.md §6). Its body is the REST
 * InventoryLevel resource (https://shopify.dev/docs/api/admin-rest/latest/resources/inventorylevel):
 * - `inventory_item_id` and `location_id`: the legacy numeric ids, JSON integers;
 * - `available`: "The available quantity of an inventory item at the inventory level's
 *   associated location. Returns null if the inventory item is not tracked." An integer,
 *   negative when oversold. (The stored copy of that page held only its head; the
 *   sentence is the reference's as community typings of the resource reproduce it:
 *   verify the null on a dev store with an untracked item.)
 * - `updated_at`: when the level last changed, with the shop's UTC offset;
 * - `admin_graphql_api_id`: the level's GID, which carries the item as a query string.
 * Shopify's published example of that resource (the REST reference's examples, as
 * Shopify/shopify-api-ruby's generated test/rest/2023_01/location_test.rb reproduces
 * them): `{"inventory_item_id": 49148385, "location_id": 487838322, "available": 18,
 * "updated_at": "2023-02-02T09:53:49-05:00", "admin_graphql_api_id":
 * "gid://shopify/InventoryLevel/548380009?inventory_item_id=49148385"}`. The live
 * GraphQL id has the same shape (airhorns/shopify-draft-proxy
 * fixtures/conformance/harry-test-heelo.myshopify.com/2026-04/products/inventory-quantity-contracts-2026-04.json:
 * `gid://shopify/InventoryLevel/143273001266?inventory_item_id=53469430055218`). That
 * repository holds no captured delivery of this topic (only its name in the topic
 * enum, 2026-04/webhooks/webhook-subscription-conformance.json).
 *
 * Only `available` travels: on hand, committed and incoming are not in the payload,
 * so they stay as the last bulk import read them (app/sync/README.md).
 *
 * Ids beyond 2^53 arrive exact only when the body was parsed with `parseRestJson`
 * (app/domain/rest-order.ts), which hands them over as digit strings; both forms are
 * accepted here and written as GIDs like the bulk import's.
 */
import { isInstant } from "~/domain/time";
import type { Issue } from "~/domain/validation";

/** `InventoryLevel.available` is stored as an INTEGER (PostgreSQL's, and SQLite read back by Prisma's Int). */
export const MAX_STORED_QUANTITY = 2_147_483_647;

export interface InventoryLevelUpdate {
  /** gid://shopify/InventoryItem/<inventory_item_id> */
  inventoryItemId: string;
  /** gid://shopify/Location/<location_id> */
  locationId: string;
  /** Units available at the location; null when Shopify does not track the item's stock. */
  available: number | null;
  /** `updated_at`, UTC ISO. */
  updatedAt: string;
}

export type InventoryLevelPayloadParse = { ok: true; value: InventoryLevelUpdate } | { ok: false; errors: Issue[] };

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

/** A legacy id: a positive JSON integer, or its digits (parseRestJson's form beyond 2^53). UnsignedInt64 has at most 20 digits. */
function legacyId(v: unknown): string | null {
  if (typeof v === "number") return Number.isSafeInteger(v) && v > 0 ? String(v) : null;
  if (typeof v === "string") return /^[1-9]\d{0,19}$/.test(v) ? v : null;
  return null;
}

/** inventory_levels/update → the level's new available quantity. Every problem is reported at once, with its field. */
export function parseInventoryLevelPayload(payload: unknown): InventoryLevelPayloadParse {
  if (!isObj(payload)) return { ok: false, errors: [{ path: "", message: "expected the inventory level (a JSON object)" }] };
  const errors: Issue[] = [];
  const item = legacyId(payload.inventory_item_id);
  if (item === null) errors.push({ path: "inventory_item_id", message: "expected the inventory item's numeric id" });
  const location = legacyId(payload.location_id);
  if (location === null) errors.push({ path: "location_id", message: "expected the location's numeric id" });

  const available = payload.available;
  if (!("available" in payload)) errors.push({ path: "available", message: "expected the available quantity (a whole number, or null when the item is not tracked)" });
  else if (available !== null && (typeof available !== "number" || !Number.isSafeInteger(available) || Math.abs(available) > MAX_STORED_QUANTITY)) {
    errors.push({ path: "available", message: `expected a whole number of units between -${MAX_STORED_QUANTITY} and ${MAX_STORED_QUANTITY}, or null` });
  }

  if (!isInstant(payload.updated_at)) errors.push({ path: "updated_at", message: "expected an ISO 8601 timestamp with an offset, e.g. 2026-10-01T09:30:00+02:00" });

  const gid = payload.admin_graphql_api_id;
  if (typeof gid !== "string" || !/^gid:\/\/shopify\/InventoryLevel\/\d+([?&][^\s]*)?$/.test(gid)) {
    errors.push({ path: "admin_graphql_api_id", message: "expected the level's id (gid://shopify/InventoryLevel/…)" });
  } else if (item !== null) {
    const named = /[?&]inventory_item_id=([^&]*)/.exec(gid)?.[1];
    if (named !== undefined && named !== item) errors.push({ path: "admin_graphql_api_id", message: `names inventory item ${named}, not inventory_item_id ${item}` });
  }

  if (errors.length > 0) return { ok: false, errors };
  return {
    ok: true,
    value: {
      inventoryItemId: `gid://shopify/InventoryItem/${item}`,
      locationId: `gid://shopify/Location/${location}`,
      available: available as number | null,
      updatedAt: new Date(Date.parse(payload.updated_at as string)).toISOString(),
    },
  };
}
