import { parse, validate } from "graphql";
import { describe, expect, it } from "vitest";

import { levelsUpdatedSince, LOCATION_LEVELS_SINCE_QUERY, LOCATIONS_QUERY, parseLocationLevel } from "~/shopify/inventory-levels-since";
import { loadAdminSchema } from "../simulator/schema";

/**
 * Stock reconciliation's queries (app/shopify/inventory-levels-since.ts): valid against
 * the committed Admin API 2026-10 schema, and each level node read like a bulk line,
 * every problem named with its path.
 */
const location = { id: "gid://shopify/Location/71340000000", name: "Entrepôt Lyon", isActive: true };
const node = {
  id: "gid://shopify/InventoryLevel/120500000004?inventory_item_id=47330000000001",
  updatedAt: "2026-12-02T08:15:00Z",
  item: { id: "gid://shopify/InventoryItem/47330000000001" },
  quantities: [
    { name: "available", quantity: -2 },
    { name: "on_hand", quantity: 7 },
    { name: "committed", quantity: 9 },
    { name: "incoming", quantity: 0 },
  ],
};

describe("stock reconciliation queries", () => {
  it.each([
    ["locations", LOCATIONS_QUERY],
    ["levels of a location updated since", LOCATION_LEVELS_SINCE_QUERY],
  ])("%s validates against the 2026-10 schema", (_name, text) => {
    expect(validate(loadAdminSchema(), parse(text)).map((e) => e.message)).toEqual([]);
  });

  it("searches levels updated after an instant, in quotes", () => {
    expect(levelsUpdatedSince(new Date("2026-12-02T08:10:00Z"))).toBe("updated_at:>'2026-12-02T08:10:00.000Z'");
  });

  it("reads a level with its item, its location and four quantities (available may be negative: oversold)", () => {
    expect(parseLocationLevel(location, node)).toEqual({
      ok: true,
      level: {
        inventoryItemId: "gid://shopify/InventoryItem/47330000000001",
        locationId: location.id,
        locationName: "Entrepôt Lyon",
        locationActive: true,
        available: -2,
        onHand: 7,
        committed: 9,
        incoming: 0,
        updatedAt: "2026-12-02T08:15:00.000Z",
      },
    });
  });

  it("names every problem of a bad node, and never throws", () => {
    const bad = parseLocationLevel(location, { id: node.id, updatedAt: "yesterday", item: null, quantities: [{ name: "available", quantity: 1.5 }] });
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    expect(bad.id).toBe(node.id);
    // available is not a whole number, so all four names are missing ("quantities" four times).
    expect(bad.errors.map((e) => e.path).sort()).toEqual(["item.id", "quantities", "quantities", "quantities", "quantities", "quantities[0].quantity", "updatedAt"]);
    for (const junk of [null, 7, "x", [], { id: 3 }]) expect(parseLocationLevel(location, junk).ok).toBe(false);
  });
});
