/**
 * The catalog rows sync stores (variants with their product, price, weight and
 * current unit cost), from each source:
 * - a line of the variants bulk query (`VARIANTS_BULK_QUERY`, GraphQL shape);
 * - a products/update webhook (REST Product: its `vendor`; variants carry price, sku and the
 *   inventory item id; no weight, cost, requires_shipping or tracked since 2024-04,
 *   so those stay unknown: `PRODUCT_PAYLOAD_ABSENT` lists them);
 * - an inventory_items/update webhook (REST InventoryItem: `cost`, `tracked`,
 *   `requires_shipping`).
 * Where two sources carry a field they give the same value (test/domain/catalog.test.ts).
 * Money is minor units of the shop currency (given by the caller); timestamps UTC.
 * No customer data is involved.
 */
import { parseDecimal, unstorableAmount, type CurrencyCode } from "./money";
import { isInstant } from "./time";
import type { Issue } from "./validation";

/**
 * Bulk query: every variant with its product and inventory item (one connection, no
 * nesting: one JSONL line per variant). Stock levels (`inventoryLevels`) are left
 * out: margins do not depend on them. `product.vendor` (Admin GraphQL 2026-10
 * `Product.vendor: String!`, "The name of the product's vendor", in
 * app/types/admin-2026-10.schema.json.gz) is the product's default supplier (issue 18).
 */
export const VARIANTS_BULK_QUERY = `{
  productVariants {
    edges {
      node {
        id title sku price updatedAt
        product { id title status vendor }
        inventoryItem {
          id tracked requiresShipping updatedAt
          unitCost { amount currencyCode }
          measurement { weight { value unit } }
        }
      }
    }
  }
}`;

export interface VariantRecord {
  id: string;
  productId: string;
  productTitle: string | null;
  productStatus: string | null;
  /** The product's vendor as Shopify spells it ("" when it has none); null: the source did not carry it (keep the stored one). */
  productVendor: string | null;
  title: string | null;
  sku: string | null;
  /** Minor units; null when the source did not carry it. */
  price: number | null;
  currency: CurrencyCode;
  inventoryItemId: string | null;
  /** Undefined: the source does not carry the cost (keep the stored one); null: Shopify has none. */
  unitCost: number | null | undefined;
  unitCostCurrency: string | null;
  weightGrams: number | null | undefined;
  requiresShipping: boolean | null;
  tracked: boolean | null;
  /** `ProductVariant.updatedAt`, UTC. */
  updatedAt: string;
  /** `InventoryItem.updatedAt` (when the cost last changed at the latest), UTC; null when the source carries no cost. */
  costUpdatedAt: string | null;
}

export interface InventoryItemCost {
  inventoryItemId: string;
  /** Minor units of `currency`; null: the item has no cost in Shopify. */
  unitCost: number | null;
  /** The shop currency: REST costs are in it. */
  currency: CurrencyCode;
  tracked: boolean | null;
  requiresShipping: boolean | null;
  /** `InventoryItem.updated_at`, UTC. */
  updatedAt: string;
}

/** A parse; `absent` names the VariantRecord fields the source does not carry (left unknown). */
export type CatalogParse<T> = { ok: true; value: T; absent?: readonly (keyof VariantRecord)[] } | { ok: false; errors: Issue[] };

/** What a products/update payload does not carry (API 2024-04 and later); the stored values are kept. */
export const PRODUCT_PAYLOAD_ABSENT = ["unitCost", "unitCostCurrency", "weightGrams", "requiresShipping", "tracked", "costUpdatedAt"] as const satisfies readonly (keyof VariantRecord)[];

const GRAMS_PER: Record<string, number> = { GRAMS: 1, KILOGRAMS: 1000, OUNCES: 28.349523125, POUNDS: 453.59237 };

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
const utc = (s: string) => new Date(s).toISOString();

function money(text: unknown, currency: CurrencyCode, path: string, errors: Issue[]): number | null {
  if (text === null || text === undefined) return null;
  const p = parseDecimal(String(text), currency);
  if (!p.ok) {
    errors.push({ path, message: p.error });
    return null;
  }
  const unstorable = unstorableAmount(p.value, currency, String(text));
  if (unstorable) errors.push({ path, message: unstorable });
  return unstorable ? null : p.value;
}

/** One JSONL line of VARIANTS_BULK_QUERY. */
export function parseBulkVariant(line: unknown, currency: CurrencyCode): CatalogParse<VariantRecord> {
  const errors: Issue[] = [];
  if (!isObj(line) || typeof line.id !== "string") return { ok: false, errors: [{ path: "id", message: "expected a variant with an id" }] };
  const product = isObj(line.product) ? line.product : null;
  if (!product || typeof product.id !== "string") errors.push({ path: "product.id", message: "expected the product id" });
  const item = isObj(line.inventoryItem) ? line.inventoryItem : null;
  const cost = item && isObj(item.unitCost) ? item.unitCost : null;
  if (cost && typeof cost.currencyCode === "string" && cost.currencyCode !== currency) {
    errors.push({ path: "inventoryItem.unitCost.currencyCode", message: `expected the shop currency ${currency}, got ${cost.currencyCode}` });
  }
  const weight = item && isObj(item.measurement) && isObj(item.measurement.weight) ? item.measurement.weight : null;
  let weightGrams: number | null = null;
  if (weight && typeof weight.value === "number" && weight.value >= 0 && typeof weight.unit === "string" && GRAMS_PER[weight.unit]) {
    // Whole grams, as order lines carry them.
    weightGrams = Math.round(weight.value * GRAMS_PER[weight.unit]!);
  } else if (weight) {
    errors.push({ path: "inventoryItem.measurement.weight", message: "expected { value ≥ 0, unit: GRAMS | KILOGRAMS | OUNCES | POUNDS }" });
  }
  if (!isInstant(line.updatedAt)) errors.push({ path: "updatedAt", message: "expected an ISO 8601 instant" });
  const itemUpdated = item && isInstant(item.updatedAt) ? utc(item.updatedAt) : null;
  const price = money(line.price, currency, "price", errors);
  const unitCost = cost ? money(cost.amount, currency, "inventoryItem.unitCost.amount", errors) : null;
  if (errors.length > 0) return { ok: false, errors };
  return {
    ok: true,
    value: {
      id: line.id,
      productId: product!.id as string,
      productTitle: typeof product!.title === "string" ? product!.title : null,
      productStatus: typeof product!.status === "string" ? product!.status : null,
      productVendor: typeof product!.vendor === "string" ? product!.vendor : null,
      title: typeof line.title === "string" ? line.title : null,
      sku: typeof line.sku === "string" && line.sku !== "" ? line.sku : null,
      price,
      currency,
      inventoryItemId: item && typeof item.id === "string" ? item.id : null,
      unitCost,
      unitCostCurrency: cost ? currency : null,
      weightGrams,
      requiresShipping: item && typeof item.requiresShipping === "boolean" ? item.requiresShipping : null,
      tracked: item && typeof item.tracked === "boolean" ? item.tracked : null,
      updatedAt: utc(line.updatedAt as string),
      costUpdatedAt: itemUpdated ?? utc(line.updatedAt as string),
    },
  };
}

/** products/update → its variants (no cost or weight: REST no longer carries them). */
export function parseProductPayload(payload: unknown, currency: CurrencyCode): CatalogParse<VariantRecord[]> {
  const errors: Issue[] = [];
  if (!isObj(payload) || typeof payload.admin_graphql_api_id !== "string") {
    return { ok: false, errors: [{ path: "admin_graphql_api_id", message: "expected the product's admin_graphql_api_id" }] };
  }
  const variants = Array.isArray(payload.variants) ? payload.variants : [];
  const out: VariantRecord[] = [];
  variants.forEach((v, i) => {
    if (!isObj(v) || typeof v.admin_graphql_api_id !== "string") {
      errors.push({ path: `variants[${i}].admin_graphql_api_id`, message: "expected the variant's admin_graphql_api_id" });
      return;
    }
    const updated = isInstant(v.updated_at) ? v.updated_at : isInstant(payload.updated_at) ? payload.updated_at : null;
    if (updated === null) errors.push({ path: `variants[${i}].updated_at`, message: "expected an ISO 8601 timestamp" });
    const price = money(v.price, currency, `variants[${i}].price`, errors);
    out.push({
      id: v.admin_graphql_api_id,
      productId: payload.admin_graphql_api_id as string,
      productTitle: typeof payload.title === "string" ? payload.title : null,
      productStatus: typeof payload.status === "string" ? payload.status.toUpperCase() : null,
      // REST Product `vendor` (a string; Shopify's sample products/update payload: "Acme").
      productVendor: typeof payload.vendor === "string" ? payload.vendor : null,
      title: typeof v.title === "string" ? v.title : null,
      sku: typeof v.sku === "string" && v.sku !== "" ? v.sku : null,
      price,
      currency,
      // A number, or the digit string parseRestJson keeps for ids beyond 2^53.
      inventoryItemId:
        (typeof v.inventory_item_id === "number" && Number.isSafeInteger(v.inventory_item_id)) || (typeof v.inventory_item_id === "string" && /^\d+$/.test(v.inventory_item_id))
          ? `gid://shopify/InventoryItem/${v.inventory_item_id}`
          : null,
      unitCost: undefined,
      unitCostCurrency: null,
      weightGrams: undefined,
      requiresShipping: null,
      tracked: null,
      updatedAt: updated ? utc(updated) : "",
      costUpdatedAt: null,
    });
  });
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, value: out, absent: PRODUCT_PAYLOAD_ABSENT };
}

/** inventory_items/update → the item's current unit cost. */
export function parseInventoryItemPayload(payload: unknown, currency: CurrencyCode): CatalogParse<InventoryItemCost> {
  const errors: Issue[] = [];
  if (!isObj(payload) || typeof payload.admin_graphql_api_id !== "string") {
    return { ok: false, errors: [{ path: "admin_graphql_api_id", message: "expected the inventory item's admin_graphql_api_id" }] };
  }
  if (!isInstant(payload.updated_at)) errors.push({ path: "updated_at", message: "expected an ISO 8601 timestamp" });
  // A missing `cost` is not "no cost": clearing the stored cost on it would be wrong.
  if (!("cost" in payload)) errors.push({ path: "cost", message: "expected the unit cost (a decimal string, or null when there is none)" });
  const unitCost = money(payload.cost, currency, "cost", errors);
  if (errors.length > 0) return { ok: false, errors };
  return {
    ok: true,
    value: {
      inventoryItemId: payload.admin_graphql_api_id,
      unitCost,
      currency,
      tracked: typeof payload.tracked === "boolean" ? payload.tracked : null,
      requiresShipping: typeof payload.requires_shipping === "boolean" ? payload.requires_shipping : null,
      updatedAt: utc(payload.updated_at as string),
    },
  };
}
