import { parse, validate } from "graphql";
import { describe, expect, it } from "vitest";

import {
  PRODUCT_PAYLOAD_ABSENT,
  VARIANTS_BULK_QUERY,
  parseBulkVariant,
  parseInventoryItemPayload,
  parseProductPayload,
  type VariantRecord,
} from "~/domain/catalog";
import { prepareBulkQuery, runBulkQuery } from "../simulator/bulk";
import { weightInGrams, type ProductModel, type VariantModel } from "../simulator/model";
import { inventoryItemPayload, productPayload, type ShopContext } from "../simulator/rest-payloads";
import { loadAdminSchema } from "../simulator/schema";
import { Store } from "../simulator/store";

/** The JSONL lines of VARIANTS_BULK_QUERY over the store, as the simulator's bulk operation writes them. */
async function bulkLines(store: Store): Promise<Record<string, unknown>[]> {
  const prepared = prepareBulkQuery(loadAdminSchema(), VARIANTS_BULK_QUERY);
  if (!prepared.ok) throw new Error(prepared.errors.map((e) => e.message).join("; "));
  let text = "";
  await runBulkQuery(prepared.prepared, { store, nowMs: Date.parse(store.now()), bulk: true, searchWarnings: [] }, (chunk) => {
    text += chunk;
  });
  return text
    .split("\n")
    .filter((l) => l !== "")
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

function ok<T>(r: { ok: true; value: T } | { ok: false; errors: unknown }): T {
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.value;
}

/** The fields a products/update payload carries. */
const CARRIED_BY_PRODUCT_PAYLOAD = ["id", "productId", "productTitle", "productStatus", "productVendor", "title", "sku", "price", "currency", "inventoryItemId", "updatedAt"] as const;

describe("VARIANTS_BULK_QUERY", () => {
  it("validates against the 2026-10 schema and passes Shopify's bulk rules, without stock levels", () => {
    expect(validate(loadAdminSchema(), parse(VARIANTS_BULK_QUERY)).map((e) => e.message)).toEqual([]);
    expect(prepareBulkQuery(loadAdminSchema(), VARIANTS_BULK_QUERY).ok).toBe(true);
    expect(VARIANTS_BULK_QUERY).not.toContain("inventoryLevels");
    for (const field of ["unitCost", "measurement", "weight", "tracked", "requiresShipping", "sku", "price", "updatedAt", "status", "vendor"]) {
      expect(VARIANTS_BULK_QUERY).toContain(field);
    }
  });
});

describe.each(["eu", "us"] as const)("catalog rows from the simulator (%s preset)", (preset) => {
  it("bulk lines give the store's values, and REST products/update and inventory_items/update agree where they carry a field", async () => {
    const store = Store.generate({ seed: preset === "eu" ? 41 : 42, orders: 1, preset, products: 30 });
    const currency = store.shop.currencyCode;
    // A non-UTC offset, so REST timestamps must be converted.
    const shop: ShopContext = { currencyCode: currency, timezoneOffsetMinutes: preset === "eu" ? 120 : -300 };
    // Make sure both a missing cost and a cost are present.
    const all = store.variants();
    store.setUnitCost(all[0]!.variant.id, null);
    store.setUnitCost(all[1]!.variant.id, 1234);
    store.updateProduct(all[2]!.product.id, { status: "DRAFT", vendor: "Maison Nouvelle", variants: [{ id: all[2]!.variant.id, price: 4321, sku: null }] });

    const lines = await bulkLines(store);
    expect(lines.length).toBe(store.variants().length);
    const byId = new Map<string, VariantRecord>();
    for (const line of lines) {
      const v = ok(parseBulkVariant(line, currency));
      byId.set(v.id, v);
    }

    for (const { product, variant } of store.variants()) {
      const bulk = byId.get(variant.id)!;
      const item = variant.inventoryItem;
      // The store's own values (integers of minor units, UTC instants).
      expect(bulk).toEqual({
        id: variant.id,
        productId: product.id,
        productTitle: product.title,
        productStatus: product.status,
        productVendor: product.vendor,
        title: variant.title,
        sku: variant.sku === "" ? null : variant.sku,
        price: variant.price,
        currency,
        inventoryItemId: item.id,
        unitCost: item.unitCost,
        unitCostCurrency: item.unitCost === null ? null : currency,
        weightGrams: Math.round(weightInGrams(item.weight)),
        requiresShipping: item.requiresShipping,
        tracked: item.tracked,
        updatedAt: new Date(variant.updatedAt).toISOString(),
        costUpdatedAt: new Date(item.updatedAt).toISOString(),
      });

      const cost = ok(parseInventoryItemPayload(inventoryItemPayload(item, shop), currency));
      expect(cost).toEqual({
        inventoryItemId: bulk.inventoryItemId,
        unitCost: bulk.unitCost,
        currency,
        tracked: bulk.tracked,
        requiresShipping: bulk.requiresShipping,
        updatedAt: bulk.costUpdatedAt,
      });
    }

    for (const product of store.products as ProductModel[]) {
      const parsed = parseProductPayload(productPayload(product, shop), currency);
      expect(parsed.ok).toBe(true);
      if (!parsed.ok) continue;
      expect(parsed.absent).toEqual(PRODUCT_PAYLOAD_ABSENT);
      expect(parsed.value.map((v) => v.id)).toEqual([...product.variants].sort((a, b) => a.position - b.position).map((v: VariantModel) => v.id));
      for (const rest of parsed.value) {
        const bulk = byId.get(rest.id)!;
        for (const field of CARRIED_BY_PRODUCT_PAYLOAD) expect(rest[field], `${rest.id} ${field}`).toEqual(bulk[field]);
        // What the REST product does not carry is unknown, not zero.
        expect(rest.unitCost).toBeUndefined();
        expect(rest.weightGrams).toBeUndefined();
        expect(rest.requiresShipping).toBeNull();
        expect(rest.tracked).toBeNull();
        expect(rest.costUpdatedAt).toBeNull();
      }
    }
    // The edits above came through both sources.
    expect(byId.get(all[1]!.variant.id)!.unitCost).toBe(1234);
    expect(byId.get(all[0]!.variant.id)!.unitCost).toBeNull();
    expect(byId.get(all[2]!.variant.id)).toMatchObject({ price: 4321, sku: null, productStatus: "DRAFT", productVendor: "Maison Nouvelle" });
  });
});

describe("catalog mappings, worked by hand", () => {
  const variantLine = {
    id: "gid://shopify/ProductVariant/11",
    title: "250 g",
    sku: "TEA-250",
    price: "12.90",
    updatedAt: "2026-10-01T08:00:00Z",
    product: { id: "gid://shopify/Product/1", title: "Green tea", status: "ACTIVE", vendor: "Jardin & Co" },
    inventoryItem: {
      id: "gid://shopify/InventoryItem/21",
      tracked: true,
      requiresShipping: true,
      updatedAt: "2026-10-02T08:00:00Z",
      unitCost: { amount: "4.1", currencyCode: "EUR" },
      measurement: { weight: { value: 0.25, unit: "KILOGRAMS" } },
    },
  };

  it("reads a bulk line: 12.90 → 1290, cost 4.1 → 410, 0.25 kg → 250 g", () => {
    expect(ok(parseBulkVariant(variantLine, "EUR"))).toEqual({
      id: "gid://shopify/ProductVariant/11",
      productId: "gid://shopify/Product/1",
      productTitle: "Green tea",
      productStatus: "ACTIVE",
      productVendor: "Jardin & Co",
      title: "250 g",
      sku: "TEA-250",
      price: 1290,
      currency: "EUR",
      inventoryItemId: "gid://shopify/InventoryItem/21",
      unitCost: 410,
      unitCostCurrency: "EUR",
      weightGrams: 250,
      requiresShipping: true,
      tracked: true,
      updatedAt: "2026-10-01T08:00:00.000Z",
      costUpdatedAt: "2026-10-02T08:00:00.000Z",
    });
  });

  it("rounds ounces to whole grams (16 oz = 453.59 g → 454) and keeps a missing cost as null", () => {
    const line = { ...variantLine, inventoryItem: { ...variantLine.inventoryItem, unitCost: null, measurement: { weight: { value: 16, unit: "OUNCES" } } } };
    expect(ok(parseBulkVariant(line, "EUR"))).toMatchObject({ weightGrams: 454, unitCost: null, unitCostCurrency: null });
  });

  it("reports bad amounts, a foreign cost currency and a bad weight with their paths", () => {
    const line = {
      ...variantLine,
      price: "12,90",
      inventoryItem: { ...variantLine.inventoryItem, unitCost: { amount: "4.1", currencyCode: "USD" }, measurement: { weight: { value: 1, unit: "STONE" } } },
    };
    const r = parseBulkVariant(line, "EUR");
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.map((e) => e.path).sort()).toEqual(["inventoryItem.measurement.weight", "inventoryItem.unitCost.currencyCode", "price"]);
  });

  it("reads inventory_items/update: cost \"25.50\" → 2550, null → null, JPY \"1250\" → 1250; a missing cost is an error, not null", () => {
    const payload = { id: 21, admin_graphql_api_id: "gid://shopify/InventoryItem/21", cost: "25.50", tracked: false, requires_shipping: true, updated_at: "2026-10-02T10:00:00+02:00" };
    expect(ok(parseInventoryItemPayload(payload, "EUR"))).toEqual({
      inventoryItemId: "gid://shopify/InventoryItem/21",
      unitCost: 2550,
      currency: "EUR",
      tracked: false,
      requiresShipping: true,
      updatedAt: "2026-10-02T08:00:00.000Z",
    });
    expect(ok(parseInventoryItemPayload({ ...payload, cost: null }, "EUR")).unitCost).toBeNull();
    expect(ok(parseInventoryItemPayload({ ...payload, cost: "1250" }, "JPY")).unitCost).toBe(1250);
    const { cost: _cost, ...noCost } = payload;
    expect(parseInventoryItemPayload(noCost, "EUR")).toMatchObject({ ok: false, errors: [{ path: "cost" }] });
    expect(parseInventoryItemPayload({ ...payload, cost: "25.505" }, "EUR")).toMatchObject({ ok: false, errors: [{ path: "cost" }] });
  });

  it("reads products/update: the variants' price, sku and inventory item, and says what is absent", () => {
    const payload = {
      id: 1,
      admin_graphql_api_id: "gid://shopify/Product/1",
      title: "Green tea",
      vendor: "Jardin & Co",
      status: "active",
      updated_at: "2026-10-01T10:00:00+02:00",
      variants: [{ id: 11, admin_graphql_api_id: "gid://shopify/ProductVariant/11", title: "250 g", price: "12.90", sku: "", inventory_item_id: 21, updated_at: "2026-10-01T09:00:00+02:00" }],
    };
    const r = parseProductPayload(payload, "EUR");
    expect(r).toMatchObject({ ok: true, absent: ["unitCost", "unitCostCurrency", "weightGrams", "requiresShipping", "tracked", "costUpdatedAt"] });
    expect(ok(r)[0]).toMatchObject({
      id: "gid://shopify/ProductVariant/11",
      productStatus: "ACTIVE",
      productVendor: "Jardin & Co",
      sku: null,
      price: 1290,
      inventoryItemId: "gid://shopify/InventoryItem/21",
      updatedAt: "2026-10-01T07:00:00.000Z",
    });
    // A payload without `vendor` does not clear the stored one (null: not carried); "" is Shopify's "no vendor".
    const { vendor: _vendor, ...noVendor } = payload;
    expect(ok(parseProductPayload(noVendor, "EUR"))[0]!.productVendor).toBeNull();
    expect(ok(parseProductPayload({ ...payload, vendor: "" }, "EUR"))[0]!.productVendor).toBe("");
    expect(parseProductPayload({ ...payload, variants: [{ ...payload.variants[0], price: "abc" }] }, "EUR")).toMatchObject({ ok: false, errors: [{ path: "variants[0].price" }] });
  });
});
