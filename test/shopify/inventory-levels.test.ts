import { describe, expect, it } from "vitest";

import { INVENTORY_BULK_QUERY, parseInventoryLine } from "~/shopify/inventory-levels";

/**
 * The inventory bulk file's lines (issue 18, item 1). The level line's shape is the one
 * Shopify answers for `inventoryLevels { … quantities(names: [...]) { name quantity } }`
 * (live capture, airhorns/shopify-draft-proxy
 * fixtures/conformance/harry-test-heelo.myshopify.com/2026-04/products/inventory-quantity-contracts-2026-04.json:
 * level id `gid://shopify/InventoryLevel/143273001266?inventory_item_id=53469430055218`,
 * location "Shop location", one `{ name, quantity }` per name asked), plus the bulk
 * file's `__parentId` (the inventory item that owns the connection).
 */

const ITEM = "gid://shopify/InventoryItem/53469430055218";
const LEVEL = {
  id: "gid://shopify/InventoryLevel/143273001266?inventory_item_id=53469430055218",
  updatedAt: "2026-06-25T01:33:56Z",
  location: { id: "gid://shopify/Location/106318430514", name: "Shop location", isActive: true },
  quantities: [
    { name: "available", quantity: 9 },
    { name: "on_hand", quantity: 12 },
    { name: "committed", quantity: 2 },
    { name: "incoming", quantity: 24 },
  ],
  __parentId: ITEM,
};

describe("parseInventoryLine", () => {
  it("reads a level: the item from __parentId, the location, the four quantities as Shopify gives them", () => {
    // on_hand 12 = available 9 + committed 2 + 1 unavailable (damaged, safety stock…): nothing is derived.
    expect(parseInventoryLine(LEVEL)).toEqual({
      kind: "level",
      level: {
        inventoryItemId: ITEM,
        locationId: "gid://shopify/Location/106318430514",
        locationName: "Shop location",
        locationActive: true,
        available: 9,
        onHand: 12,
        committed: 2,
        incoming: 24,
        updatedAt: "2026-06-25T01:33:56.000Z",
      },
    });
  });

  it("takes the quantities by name, in any order, ignoring names it did not ask for", () => {
    const line = { ...LEVEL, quantities: [{ name: "incoming", quantity: 0 }, { name: "reserved", quantity: 3 }, { name: "committed", quantity: 0 }, { name: "on_hand", quantity: 0 }, { name: "available", quantity: -2 }] };
    const r = parseInventoryLine(line);
    expect(r.kind === "level" && r.level).toMatchObject({ available: -2, onHand: 0, committed: 0, incoming: 0 });
  });

  it("an item line carries nothing to keep", () => {
    expect(parseInventoryLine({ id: ITEM })).toEqual({ kind: "item" });
  });

  it("rejects a level with every problem named by its path", () => {
    const line = { id: LEVEL.id, __parentId: "gid://shopify/ProductVariant/1", updatedAt: "yesterday", location: { id: "gid://shopify/Location/1" }, quantities: [{ name: "available", quantity: 1.5 }, { name: "on_hand", quantity: 3 }] };
    const r = parseInventoryLine(line);
    expect(r.kind).toBe("rejected");
    expect(r.kind === "rejected" && r.errors).toEqual([
      { path: "__parentId", message: "expected the inventory item's id (gid://shopify/InventoryItem/…)" },
      { path: "location.name", message: "expected the location's name" },
      { path: "location.isActive", message: "expected true or false" },
      { path: "updatedAt", message: "expected an ISO 8601 instant" },
      { path: "quantities[0].quantity", message: "expected a whole number" },
      { path: "quantities", message: "expected the quantity named available" },
      { path: "quantities", message: "expected the quantity named committed" },
      { path: "quantities", message: "expected the quantity named incoming" },
    ]);
    expect(parseInventoryLine("not an object")).toMatchObject({ kind: "rejected", id: null });
  });

  it("the query asks for exactly the four quantities the parser reads, and each level's location", () => {
    expect(INVENTORY_BULK_QUERY).toContain('quantities(names: ["available", "on_hand", "committed", "incoming"]) { name quantity }');
    expect(INVENTORY_BULK_QUERY).toContain("location { id name isActive }");
    // No customer data anywhere near it, and no `first:` (bulk queries page themselves).
    expect(INVENTORY_BULK_QUERY).not.toMatch(/first:|customer|email|address/i);
  });
});
