/**
 * Stock from Shopify (issue 18, item 1): the bulk query of every inventory item's
 * levels, and the parse of one JSONL line of it. What is kept per item and location:
 * the four quantities `available`, `on_hand`, `committed` and `incoming`, the
 * level's `updatedAt`, and its location's id, name and whether it is active. No
 * customer data is involved.
 *
 * The query (inner document of `bulkOperationRunQuery(query:, groupObjects: false)`)
 * keeps every bulk rule NetMargin knows (app/shopify/bulk-queries.ts lists them with
 * their source; issue 14): two connections (`inventoryItems`, `inventoryLevels`),
 * both through `edges { node }`, nested two deep, the parent node (InventoryItem)
 * selects `id` unaliased, no connection inside a list (`quantities` is a list of
 * objects with no connection in it), a `query` operation, no top-level
 * `node`/`nodes`, no `first`. test/shopify/bulk-queries.test.ts runs it through the
 * committed 2026-10 schema and the simulator's bulk rules.
 *
 * Why `inventoryItems` as the root, not `productVariants → inventoryItem →
 * inventoryLevels`: each level is then a node of a connection whose own parent node
 * is the InventoryItem, so its `__parentId` is the item's id, the shape Shopify's
 * live bulk files show for a connection nested in a connection (live capture,
 * airhorns/shopify-draft-proxy
 * fixtures/conformance/harry-test-heelo.myshopify.com/2026-04/bulk-operations/bulk-operation-root-count-and-search-filters.json:
 * each variant line of `products → variants` carries `__parentId` = its product).
 * No capture shows which id a level gets when an object (`inventoryItem`) sits
 * between the two connections, so that shape is avoided. Every level line is then
 * complete on its own (item, location, quantities): nothing is joined across lines,
 * and the order of lines (`groupObjects: false`) does not matter. The variant of an
 * item is the catalog's (`Variant.inventoryItemId`, imported just before).
 *
 * Fields and their sources (shopify.dev, Admin GraphQL 2026-10, and the committed
 * schema app/types/admin-2026-10.schema.json.gz):
 * - `QueryRoot.inventoryItems`: "Returns a list of inventory items" (read_inventory
 *   or read_products).
 * - `InventoryItem.inventoryLevels`: "A list of the inventory item's quantities for
 *   each location that the inventory item can be stocked at"; active levels only
 *   unless `includeInactive` (argument and `InventoryLevel.isActive` since 2026-04,
 *   /work/shared/docs/shopify-admin-api.md §2), which NetMargin leaves out: a level
 *   that is not active stocks nothing.
 * - `InventoryLevel` (https://shopify.dev/docs/api/admin-graphql/latest/objects/inventorylevel,
 *   api_version 2026-10, "Requires `read_inventory` access scope"): `id`,
 *   `updatedAt` (DateTime!, "The date and time when the inventory level was
 *   updated"), `location` (Location!), `quantities(names: [String!]!)`
 *   ([InventoryQuantity!]!, one per name asked, `name` and `quantity: Int!`).
 * - Quantity names: Shopify's inventory states
 *   (https://shopify.dev/docs/apps/build/orders-fulfillment/inventory-management-apps,
 *   "Inventory states"; the names are those of `InventoryQuantityName.name`,
 *   https://shopify.dev/docs/api/admin-graphql/2026-07/objects/InventoryQuantityName):
 *   `available` (can be sold), `on_hand` (physically at the location: available,
 *   committed and the unavailable states together), `committed` (in placed orders not
 *   yet fulfilled), `incoming` (on its way to the location). Live capture
 *   (airhorns/shopify-draft-proxy
 *   fixtures/conformance/harry-test-heelo.myshopify.com/2026-04/products/inventory-quantity-contracts-2026-04.json):
 *   `quantities(names: ["available","on_hand","committed","incoming",…])` answers one
 *   `{ name, quantity }` per name in the order asked, quantities as integers, level
 *   ids like `gid://shopify/InventoryLevel/143273001266?inventory_item_id=53469430055218`;
 *   `InventoryQuantity.updatedAt` was null for every name but `available`, so the
 *   level's own `updatedAt` is read instead. `available` is not `on_hand − committed`
 *   when units are unavailable (damaged, safety stock…): each is stored as Shopify
 *   says, never derived.
 * - `Location` (`id`, `name`, `isActive`): "The location object requires
 *   `read_locations` scope" from API 2024-07
 *   (https://shopify.dev/changelog/the-location-object-requires-read_locations-scope).
 *
 * Scopes: `read_inventory` (InventoryLevel, InventoryQuantity) and `read_locations`
 * (Location), both already in shopify.app.toml; nothing else is read.
 */
import { isInstant } from "~/domain/time";
import type { Issue } from "~/domain/validation";

/** The quantity names NetMargin asks for, as Shopify names them, and the record field each fills. */
export const INVENTORY_QUANTITY_NAMES = { available: "available", on_hand: "onHand", committed: "committed", incoming: "incoming" } as const;

export const INVENTORY_BULK_QUERY = `{
  inventoryItems {
    edges {
      node {
        id
        inventoryLevels {
          edges {
            node {
              id
              updatedAt
              location { id name isActive }
              quantities(names: ["available", "on_hand", "committed", "incoming"]) { name quantity }
            }
          }
        }
      }
    }
  }
}`;

/** One level: an inventory item's quantities at one location. */
export interface InventoryLevelRecord {
  /** gid://shopify/InventoryItem/… (the line's `__parentId`). */
  inventoryItemId: string;
  locationId: string;
  locationName: string;
  locationActive: boolean;
  available: number;
  onHand: number;
  committed: number;
  incoming: number;
  /** `InventoryLevel.updatedAt`, UTC ISO. */
  updatedAt: string;
}

export type InventoryLineParse = { kind: "item" } | { kind: "level"; level: InventoryLevelRecord } | { kind: "rejected"; id: string | null; errors: Issue[] };

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * One JSONL line of INVENTORY_BULK_QUERY: an item line (nothing to keep: its levels
 * come as lines of their own) or a level line (`__parentId` = the item). Every problem
 * of a level is reported at once, with its path.
 */
export function parseInventoryLine(line: unknown): InventoryLineParse {
  if (!isObj(line) || typeof line.id !== "string") return { kind: "rejected", id: null, errors: [{ path: "id", message: "expected an inventory item or level with an id" }] };
  if (line.__parentId === undefined) return { kind: "item" };
  const errors: Issue[] = [];
  if (typeof line.__parentId !== "string" || !line.__parentId.startsWith("gid://shopify/InventoryItem/")) {
    errors.push({ path: "__parentId", message: "expected the inventory item's id (gid://shopify/InventoryItem/…)" });
  }
  const location = isObj(line.location) ? line.location : null;
  if (!location || typeof location.id !== "string") errors.push({ path: "location.id", message: "expected the location's id" });
  if (location && typeof location.name !== "string") errors.push({ path: "location.name", message: "expected the location's name" });
  if (location && typeof location.isActive !== "boolean") errors.push({ path: "location.isActive", message: "expected true or false" });
  if (!isInstant(line.updatedAt)) errors.push({ path: "updatedAt", message: "expected an ISO 8601 instant" });
  const quantities: Partial<Record<keyof typeof INVENTORY_QUANTITY_NAMES, number>> = {};
  if (!Array.isArray(line.quantities)) errors.push({ path: "quantities", message: "expected the list of quantities" });
  else {
    line.quantities.forEach((q, i) => {
      if (!isObj(q) || typeof q.name !== "string") return void errors.push({ path: `quantities[${i}].name`, message: "expected a quantity name" });
      if (!(q.name in INVENTORY_QUANTITY_NAMES)) return;
      // Int! in the schema; negative values are real (oversold stock shows available < 0).
      if (typeof q.quantity !== "number" || !Number.isSafeInteger(q.quantity)) return void errors.push({ path: `quantities[${i}].quantity`, message: "expected a whole number" });
      quantities[q.name as keyof typeof INVENTORY_QUANTITY_NAMES] = q.quantity;
    });
    for (const name of Object.keys(INVENTORY_QUANTITY_NAMES) as (keyof typeof INVENTORY_QUANTITY_NAMES)[]) {
      if (quantities[name] === undefined) errors.push({ path: "quantities", message: `expected the quantity named ${name}` });
    }
  }
  if (errors.length > 0) return { kind: "rejected", id: line.id, errors };
  return {
    kind: "level",
    level: {
      inventoryItemId: line.__parentId as string,
      locationId: location!.id as string,
      locationName: location!.name as string,
      locationActive: location!.isActive as boolean,
      available: quantities.available!,
      onHand: quantities.on_hand!,
      committed: quantities.committed!,
      incoming: quantities.incoming!,
      updatedAt: new Date(line.updatedAt as string).toISOString(),
    },
  };
}
